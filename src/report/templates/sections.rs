//! The page's sections as partials. Section ids, headings and the text around the numbers are
//! the report's structure: tests and readers' bookmarks rely on them.

use maud::{html, Markup};

use super::charts::{
    bar_chart, heat_map, line_chart, responsive, sparkline, stacked_bars, Bar, TimeAxis, ASK, HIGH,
    LOW, MIDDLE,
};
use super::format::{
    band_count, band_names, class_word, count, num1, num1_abs, num2, pct, score_text, signed1,
};
use crate::report::{QuestionThemes, Report, ReportTheme, SegmentSection, ThemeChange, Trend};
use crate::score::{Band, Metric};
use crate::themes::{Kind, Quote};

/// How many quarters the theme table shows as columns before it folds the rest away.
pub const RECENT_QUARTERS: usize = 8;

/// Element ids of one open question's sections: later questions take a "qN-" prefix so that
/// every id stays unique on the page.
#[derive(Clone, Copy)]
pub(super) struct Ids<'a>(pub(super) &'a str);

impl Ids<'_> {
    pub(super) fn of(&self, name: &str) -> String {
        format!("{}{name}", self.0)
    }
}

pub fn page_header(report: &Report, title: &str) -> Markup {
    const LINKS: [(&str, &str); 8] = [
        ("headline", "Headline"),
        ("changes", "What changed"),
        ("complaints", "Complaints"),
        ("asks", "Asks"),
        ("praise", "Praise"),
        ("segments", "Segments"),
        ("trend", "Trend"),
        ("method", "Method"),
    ];
    html! {
        header class="top" {
            h1 { (title) }
            p class="scope" {
                "Scope: " (report.scope)
                @if let Some(compare) = &report.compare { " · compared with " (compare) }
            }
            nav aria-label="Sections" {
                ul { @for (id, name) in LINKS { li { a href={ "#" (id) } { (name) } } } }
            }
        }
    }
}

pub fn headline(report: &Report) -> Markup {
    let h = &report.headline;
    let cur = &h.current;
    let names = band_names(report);
    html! {
        section id="headline" {
            h2 { "Headline" }
            div class="hero" {
                @match (&report.metric_name, &cur.metric) {
                    (Some(name), Some(m)) => p class="big" {
                        span class="metric" { (name) " " (num1(m.value)) } " "
                        span class="margin" {
                            @match m.shown_margin() {
                                Some(x) => { "±" (num1_abs(x)) " (95%)" },
                                None => (crate::score::TOO_FEW),
                            }
                        }
                    },
                    (Some(name), None) => p class="big" {
                        span class="metric" { (name) " —" } " "
                        span class="margin" { "no scored responses" }
                    },
                    (None, _) => p class="big" { span class="metric" { "no scores" } },
                }
                p class="counts" {
                    (count(cur.responses)) " responses · " (count(cur.comments))
                    " with comments (" (pct(cur.comment_rate)) ")"
                    @if let Some(m) = &cur.metric {
                        " · " (count(m.n)) " scored"
                        @if m.small { " " strong class="flag" { "few responses: read with care" } }
                    }
                }
                @if cur.bands.scored() > 0 {
                    ul class="bands" {
                        @for (i, color) in [LOW, MIDDLE, HIGH].iter().enumerate() {
                            li {
                                span class="chip" style={ "background:" (color) } {}
                                span class="band-name" { (names[i]) } " "
                                strong { (count(band_count(&cur.bands, i))) }
                                " (" (pct(cur.band_percent[i])) ")"
                            }
                        }
                    }
                    @if cur.bands.unscored > 0 {
                        p class="muted" { (count(cur.bands.unscored)) " responses without a score." }
                    }
                }
            }
            (change_line(report))
            @if let Some(b) = &h.benchmark {
                p { "Conventional reading: " strong class={ "bench bench-" (class_word(b)) } { (b) } }
            }
            @if let Some(warning) = &report.incomplete {
                p class="warning" role="note" { strong { "Incomplete quarter:" } " " (warning) }
            }
            p class="caveat" { (h.caveat) }
        }
    }
}

/// "−9.4 points vs 2026Q2, ±11.4 (95%): larger than its margin".
fn change_line(report: &Report) -> Markup {
    let h = &report.headline;
    let against = report
        .compare
        .clone()
        .or_else(|| h.previous.as_ref().map(|p| p.quarter.clone()));
    let Some(against) = against else {
        return html! { p class="change muted" { "No earlier quarter to compare with." } };
    };
    let Some(change) = h.change else {
        return html! { p class="change muted" { "No change can be computed against " (against) "." } };
    };
    let class = match h.significant {
        Some(true) if change < 0.0 => "change down",
        Some(true) => "change up",
        _ => "change",
    };
    let previous = h
        .previous
        .as_ref()
        .and_then(|p| Some((p, report.metric_name.as_ref()?, p.metric.as_ref()?)));
    html! {
        p class=(class) {
            strong { (signed1(change)) " points" } " vs " (against)
            @if let Some(margin) = h.change_margin { ", ±" (num1_abs(margin)) " (95%)" }
            @match h.significant {
                Some(true) => ": larger than its margin",
                Some(false) => ": within its margin",
                None => {},
            }
            @if let Some((prev, name, m)) = previous {
                " " span class="muted" {
                    "(" (prev.quarter) ": " (name) " " (num1(m.value)) " from "
                    (count(prev.responses)) " responses)"
                }
            }
        }
    }
}

/// What changed, complaints, asks and praise: once, or per open question where there are several
/// (later questions' element ids take a "qN-" prefix, so each stays unique on the page).
pub fn questions(report: &Report) -> Markup {
    if report.questions.len() < 2 {
        return theme_lists(report, Ids(""), &report.primary_lists());
    }
    let n = report.questions.len();
    html! {
        @for (k, q) in report.questions.iter().enumerate() {
            @let prefix = if k == 0 { String::new() } else { format!("q{}-", k + 1) };
            h2 class="question" id={ "question-" (k + 1) } {
                "Question " (k + 1) " of " (n) ": "
                (q.question.as_ref().map_or("", |q| q.label.as_str()))
            }
            (theme_lists(report, Ids(&prefix), q))
        }
    }
}

/// The changes, complaints, asks and praise of one question.
fn theme_lists(report: &Report, ids: Ids, q: &QuestionThemes) -> Markup {
    html! {
        (changes_section(report, ids, &q.changes))
        @if let Some(change) = &q.score_change {
            (super::drivers::score_change(report, ids, change))
        }
        (super::drivers::priority(report, ids, &q.drivers, q.median_share))
        (theme_section(report, ids, ThemeSection::Complaints, &q.complaints))
        (theme_section(report, ids, ThemeSection::Asks, &q.asks))
        (theme_section(report, ids, ThemeSection::Praise, &q.praise))
        (names_section(ids, &q.names))
    }
}

/// The names the comments mention (brands, rivals, places, products), counted apart from the
/// themes, with a quote each: as the Markdown report's "Names mentioned".
fn names_section(ids: Ids, names: &[crate::themes::NameMention]) -> Markup {
    html! {
        @if !names.is_empty() {
            section id=(ids.of("names")) {
                h2 { "Names mentioned" }
                p class="muted" { "Words the comments capitalise mid-sentence in most of their uses (brands, rivals, places, products), counted apart from the themes." }
                div class="table-wrap" {
                    table {
                        thead { tr {
                            th scope="col" { "Name" }
                            th scope="col" class="num" { "Mentions" }
                            th scope="col" class="num" { "Share of all comments" }
                            th scope="col" class="num" { "Complaint / ask / praise" }
                        } }
                        tbody { @for n in names {
                            tr {
                                th scope="row" { (n.name) }
                                td class="num" { (count(n.mentions)) }
                                td class="num" { (pct(n.share)) }
                                td class="num" { (count(n.kinds.complaint)) " / " (count(n.kinds.ask)) " / " (count(n.kinds.praise)) }
                            }
                        } }
                    }
                }
                @for n in names {
                    @if let Some(q) = n.quotes.first() {
                        article class="theme" { h3 { (n.name) } (quote(q)) }
                    }
                }
            }
        }
    }
}

fn changes_section(report: &Report, ids: Ids, changes: &[ThemeChange]) -> Markup {
    let before = report.compare.as_deref().unwrap_or("before");
    html! {
        section id=(ids.of("changes")) {
            h2 { "What changed" }
            @if changes.is_empty() {
                p class="muted" { "No theme rose or fell against the comparison quarter." }
            } @else {
                p class="muted" { "Share of responses with comments that mention each theme." }
                div class="table-wrap" {
                    table {
                        thead { tr {
                            th scope="col" { "Theme" }
                            th scope="col" class="num" { (before) }
                            th scope="col" class="num" { (report.quarter) }
                            th scope="col" class="num" { "Change" }
                            th scope="col" { "Significant" }
                        } }
                        tbody { @for c in changes { (change_row(c)) } }
                    }
                }
            }
        }
    }
}

fn change_row(c: &ThemeChange) -> Markup {
    let dir = if c.change < 0.0 { "down" } else { "up" };
    html! {
        tr {
            th scope="row" { (c.label) }
            td class="num" { (count(c.previous_mentions)) " (" (pct(c.previous_share)) ")" }
            td class="num" { (count(c.mentions)) " (" (pct(c.share)) ")" }
            td class={ "num " (dir) } { (signed1(c.change)) " pts" }
            td {
                @if c.significant { strong { "yes" } } @else { "no" }
                " " span class="muted" { "(z " (num2(c.z)) ")" }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum ThemeSection {
    Complaints,
    Asks,
    Praise,
}

fn theme_section(report: &Report, ids: Ids, which: ThemeSection, themes: &[ReportTheme]) -> Markup {
    let names = band_names(report);
    let kind = match which {
        ThemeSection::Complaints => Kind::Complaint,
        ThemeSection::Asks => Kind::Ask,
        ThemeSection::Praise => Kind::Praise,
    };
    let (id, heading, chart_id, color, base) = match which {
        ThemeSection::Complaints => (
            "complaints",
            "Top complaints",
            "complaint-bars",
            LOW,
            format!("{}s with comments", names[0]),
        ),
        ThemeSection::Asks => (
            "asks",
            "Top asks",
            "ask-bars",
            ASK,
            "responses with comments".to_string(),
        ),
        ThemeSection::Praise => (
            "praise",
            "Top praise",
            "praise-bars",
            HIGH,
            format!("{}s with comments", names[2]),
        ),
    };
    let rows: Vec<Bar> = themes
        .iter()
        .map(|t| Bar {
            label: t.label.clone(),
            share: t.share,
            mentions: t.mentions,
        })
        .collect();
    let title = format!("{heading}: share of {base}");
    html! {
        section id=(ids.of(id)) {
            h2 { (heading) }
            @if themes.is_empty() {
                p class="muted" { "No " (id.trim_end_matches('s')) " themes this quarter." }
            } @else {
                p class="muted" { "Share of " (base) " mentioning each theme. "
                    (crate::report::model::list_rule(kind, report.metric_name.as_deref().unwrap_or("score"))) }
                figure class="fig" {
                    (responsive(|w| bar_chart(&ids.of(chart_id), &title, &rows, color, w)))
                }
                @for t in themes { (theme_card(report, t, &base)) }
            }
        }
    }
}

fn theme_card(report: &Report, t: &ReportTheme, base: &str) -> Markup {
    html! {
        article class="theme" {
            h3 { (t.label) }
            p class="facts" {
                span { strong { (count(t.mentions)) } (if t.mentions == 1 { " mention" } else { " mentions" }) }
                span { strong { (pct(t.share)) } " of " (base) }
                @if let Some(impact) = t.impact {
                    span {
                        "impact on " (report.metric_name.as_deref().unwrap_or("score")) ": "
                        strong { (signed1(impact.value)) @if impact.significant { "*" } } " pts ±" (num1(impact.margin))
                    }
                }
                @if let Some(gap) = t.gap {
                    span { "gap: " (signed1(gap)) " pts" }
                }
                @match (t.previous_share, t.current_share) {
                    (Some(prev), Some(cur)) => span { "share of all comments: " (pct(prev)) " → " (pct(cur)) },
                    (None, Some(cur)) => span { "share of all comments: " (pct(cur)) },
                    _ => {},
                }
            }
            @if !t.facets.is_empty() {
                p class="facts" {
                    @for f in &t.facets { span { (f.label) " (" (count(f.mentions)) ")" } }
                }
            }
            @for q in &t.quotes { (quote(q)) }
        }
    }
}

fn quote(q: &Quote) -> Markup {
    let mut parts: Vec<String> = Vec::new();
    if let Some(score) = q.score {
        parts.push(format!("score {}", score_text(score)));
    }
    if !q.band.is_empty() {
        parts.push(q.band.clone());
    }
    for (name, value) in &q.segments {
        parts.push(format!("{name}: {value}"));
    }
    parts.extend(q.date.clone());
    html! {
        blockquote { p { (q.text) } footer { (parts.join(" · ")) } }
    }
}

pub fn segments(report: &Report) -> Markup {
    html! {
        section id="segments" {
            h2 { "Segments" }
            @if report.segments.is_empty() {
                p class="muted" { "No segment column in this report." }
            }
            @for (n, section) in report.segments.iter().enumerate() {
                (segment_block(report, n, section))
            }
        }
    }
}

fn segment_block(report: &Report, n: usize, s: &SegmentSection) -> Markup {
    let names = band_names(report);
    let metric = report.metric_name.as_deref();
    let values: Vec<String> = s.rows.iter().map(|r| r.value.clone()).collect();
    let title = format!("Theme share by {} (% of responses with comments)", s.column);
    html! {
        div class="segment" {
            h3 { "By " (s.column) }
            div class="table-wrap" {
                table {
                    thead { tr {
                        th scope="col" { (s.column) }
                        th scope="col" class="num" { "Responses" }
                        @for name in &names { th scope="col" class="num band-name" { (name) } }
                        @if let Some(metric) = metric { th scope="col" class="num" { (metric) } }
                    } }
                    tbody {
                        @for row in &s.rows {
                            tr {
                                th scope="row" { (row.value) }
                                td class="num" { (count(row.responses)) }
                                @for (i, band) in [Band::Low, Band::Middle, Band::High].into_iter().enumerate() {
                                    td class="num" {
                                        (count(band_count(&row.bands, i))) " (" (pct(row.bands.percent(band))) ")"
                                    }
                                }
                                @if metric.is_some() { td class="num" { (metric_cell(row.metric.as_ref())) } }
                            }
                        }
                    }
                }
            }
            @if !s.heatmap.is_empty() && !s.rows.is_empty() {
                figure class="fig" {
                    (heat_map(&format!("heat-{n}"), &title, &values, &s.heatmap))
                    figcaption {
                        "Darker cells: larger share of the value’s responses with comments. Outlined cells marked ▲: the theme is over-represented in that value."
                    }
                }
            }
            @if !s.standouts.is_empty() {
                h4 { "Standouts" }
                ul class="standouts" {
                    @for st in &s.standouts {
                        li {
                            strong { (st.theme) } " in " strong { (st.value) } ": "
                            (count(st.mentions)) " mentions (" (pct(st.share)) ")"
                            @if let Some(lift) = st.lift { ", " (num1_abs(lift)) "× the other values" }
                        }
                    }
                }
            }
        }
    }
}

fn metric_cell(metric: Option<&Metric>) -> Markup {
    html! {
        @if let Some(m) = metric {
            (num1(m.value)) " " span class="muted" {
                @match m.shown_margin() {
                    Some(x) => { "±" (num1_abs(x)) },
                    None => (crate::score::TOO_FEW),
                }
            }
            @if m.small { " " span class="flag" title="fewer than 30 scored responses" { "few" } }
        } @else {
            "—"
        }
    }
}

pub fn trend(report: &Report) -> Markup {
    let trend: &Trend = &report.trend;
    let labels: Vec<&str> = trend.quarters.iter().map(|q| q.quarter.as_str()).collect();
    let axis = TimeAxis::new(&labels);
    let points: Vec<(String, Option<Metric>)> = trend
        .quarters
        .iter()
        .map(|q| (q.quarter.clone(), q.metric))
        .collect();
    let names = band_names(report);
    let gaps = if axis.gaps().is_empty() {
        ""
    } else {
        " Grey spans: quarters without responses."
    };
    html! {
        section id="trend" {
            h2 { "Trend" }
            @if trend.quarters.is_empty() {
                p class="muted" { "No quarters in scope." }
            } @else {
                @if let Some(name) = report.metric_name.as_ref().filter(|_| points.iter().any(|p| p.1.is_some())) {
                    h3 { (name) " per quarter" }
                    figure class="fig" {
                        (responsive(|w| line_chart("nps-trend", &format!("{name} per quarter with its 95% margin"), name, &points, w)))
                        figcaption {
                            "Line: value per quarter. Shaded band: 95% margin of error. Quarters without scores are skipped." (gaps)
                        }
                    }
                }
                @if trend.quarters.iter().any(|q| q.bands.scored() > 0) {
                    h3 { "Band split per quarter" }
                    figure class="fig" {
                        (responsive(|w| stacked_bars("band-split", "Band split per quarter (% of scored responses)", &names, &trend.quarters, w)))
                        figcaption class="legend" {
                            @for (i, color) in [LOW, MIDDLE, HIGH].iter().enumerate() {
                                span { span class="chip" style={ "background:" (color) } {} (names[i]) }
                            }
                            @if !gaps.is_empty() {
                                span class="plain" { span class="chip gap" {} "quarters without responses" }
                            }
                        }
                    }
                }
                @if !trend.themes.is_empty() { (theme_trend_table(trend, &axis)) }
            }
        }
    }
}

/// The main themes' share per quarter: themes as rows, the latest [`RECENT_QUARTERS`] quarters
/// as columns and a sparkline over all of them; with more quarters, every quarter (and the gaps
/// between them) in a folded table with quarters as rows, which stays narrow at any count.
fn theme_trend_table(trend: &Trend, axis: &TimeAxis) -> Markup {
    let n = trend.quarters.len();
    let folded = n > RECENT_QUARTERS;
    let shown = n.saturating_sub(RECENT_QUARTERS)..n;
    let share = |shares: &[f64], k: usize| shares.get(k).map_or("—".to_string(), |s| num1(*s));
    let gap_before = |k: usize| {
        (k > 0 && axis.offset(k) > axis.offset(k - 1) + 1)
            .then(|| axis.span_label(axis.offset(k - 1) + 1, axis.offset(k) - 1))
    };
    html! {
        h3 { "Main themes per quarter" }
        p class="muted" {
            "Share of responses with comments, %."
            @if folded { " The latest " (RECENT_QUARTERS) " of " (n) " quarters; every quarter is in the table below it." }
        }
        div class="table-wrap" {
            table class="compact" {
                thead { tr {
                    th scope="col" { "Theme" }
                    @for k in shown.clone() { th scope="col" class="num" { (trend.quarters[k].quarter) } }
                    th scope="col" { "Trend" }
                } }
                tbody {
                    @for (i, t) in trend.themes.iter().enumerate() {
                        tr {
                            th scope="row" { (t.label) }
                            @for k in shown.clone() { td class="num" { (share(&t.shares, k)) } }
                            td { (sparkline(&format!("theme-trend-{i}"), &t.label, axis, &t.shares)) }
                        }
                    }
                }
            }
        }
        @if folded {
            details class="all-quarters" {
                summary { "All " (n) " quarters" }
                div class="table-wrap tall" {
                    table class="compact" id="theme-quarters" {
                        thead { tr {
                            th scope="col" { "Quarter" }
                            @for t in &trend.themes { th scope="col" class="num" { (t.label) } }
                        } }
                        tbody {
                            @for (k, q) in trend.quarters.iter().enumerate() {
                                @if let Some(gap) = gap_before(k) {
                                    tr class="gap" {
                                        th scope="row" { (gap) }
                                        td colspan=(trend.themes.len()) { "no responses" }
                                    }
                                }
                                tr {
                                    th scope="row" { (q.quarter) }
                                    @for t in &trend.themes { td class="num" { (share(&t.shares, k)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Churn, usage quadrants and agents, as plain tables, when the report has them.
pub fn context(report: &Report) -> Markup {
    let name = report.metric_name.as_deref().unwrap_or("Score");
    let metric = |m: Option<&Metric>| {
        m.map_or("–".to_string(), |m| match m.shown_margin() {
            Some(x) => format!("{} ±{}", num1(m.value), num1_abs(x)),
            None => format!("{} ({})", num1(m.value), crate::score::TOO_FEW),
        })
    };
    html! {
        @if let Some(c) = &report.churn {
            section id="churn" {
                h2 { "Churn" }
                p class="note" {
                    "Accounts from " (c.accounts_file) ", joined on " (c.customer_column)
                    "; each customer's latest response speaks for them. " (count(c.unmatched))
                    " customers with responses have no account; " (count(c.accounts_without_responses))
                    " accounts have no response."
                }
                table {
                    thead { tr {
                        th {} th class="num" { "customers" } th class="num" { (name) }
                        th class="num" { "revenue-weighted" }
                    } }
                    tbody {
                        @for (label, cohort) in [("churned", &c.churned), ("retained", &c.retained)] {
                            tr {
                                td { (label) } td class="num" { (count(cohort.customers)) }
                                td class="num" { (metric(cohort.metric.as_ref())) }
                                td class="num" { (cohort.revenue_weighted.map_or("–".into(), num1)) }
                            }
                        }
                    }
                }
                h3 {
                    "Left smiling: " (count(c.left_smiling.len() as u64)) " churned "
                    @if c.status_only { "at any time" } @else { "within " (c.window_days) " days of answering" }
                }
                @for l in &c.left_smiling {
                    blockquote {
                        p { (l.comment) }
                        footer {
                            (l.customer) " · " (l.score_band) " · answered " (l.date.as_deref().unwrap_or("–"))
                            " · churned " (l.churn_date.as_deref().unwrap_or("–"))
                        }
                    }
                }
                @if !c.churn_themes.is_empty() {
                    p {
                        "Themes over-represented among churned customers: "
                        (c.churn_themes.iter().map(|(t, n, _)| format!("{t} ({})", count(*n))).collect::<Vec<_>>().join(", "))
                    }
                }
            }
        }
        @if let Some(q) = &report.quadrants {
            section id="quadrants" {
                h2 { "Usage quadrants" }
                p class="note" {
                    "High usage: " (q.split.usage_column) " ≥ " (num2(q.split.usage_split))
                    @if q.split.usage_split_is_median { " (median)" }
                    "; high satisfaction: " (q.split.satisfied_from) " or better."
                }
                table {
                    thead { tr {
                        th { "quadrant" } th class="num" { "responses" } th class="num" { (name) }
                        th { "themes" }
                    } }
                    tbody {
                        @for row in &q.rows {
                            tr {
                                td { (row.group) } td class="num" { (count(row.responses)) }
                                td class="num" { (metric(row.metric.as_ref())) }
                                td { (q.themes_of(&row.group).join(", ")) }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(a) = &report.agents {
            section id="agents" {
                h2 { "Agents" }
                p class="note" {
                    "By " (a.agent_column) "; fast means under " (num2(a.fast_below)) " in "
                    (a.time_column) ". Fewer than " (a.min_responses) " responses: too few to judge."
                }
                table {
                    thead { tr {
                        th { "agent" } th class="num" { "responses" } th class="num" { (name) }
                        th class="num" { "median time" } th class="num" { "fast but low" }
                    } }
                    tbody {
                        @for row in &a.agents {
                            tr {
                                td { (row.agent) @if row.too_few { " " small { "(too few)" } } }
                                td class="num" { (count(row.responses)) }
                                td class="num" { (metric(row.metric.as_ref())) }
                                td class="num" { (row.median_time.map_or("–".into(), num2)) }
                                td class="num" { (count(row.fast_low)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn method(report: &Report) -> Markup {
    let m = &report.method;
    html! {
        section id="method" {
            h2 { "Method" }
            ul class="notes" {
                @for note in &m.notes { li { (note) } }
                li { "A theme’s terms appear in at least " (count(m.min_mentions as u64)) " responses." }
            }
            p { "Made with:" }
            pre { code { (m.command) } }
        }
    }
}
