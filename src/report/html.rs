//! The report as one self-contained HTML5 page: inline CSS and inline SVG charts, no scripts,
//! no external fonts, images or links, so it reads offline, prints, and works on a phone.
//!
//! Every piece of text that comes from the data (labels, quotes, segment values, scope, the
//! command) goes through [`esc`], in element content, attributes and SVG `<text>` alike.

use std::fmt::Write;

use super::{Headline, HeatRow, Report, ReportTheme, SegmentSection, Snapshot, ThemeChange, Trend};
use crate::score::{Band, BandCounts, Metric};
use crate::themes::Quote;

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {
        let _ = write!($out, $($arg)*);
    };
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Band colours: low (detractor) red, middle (passive) amber, high (promoter) green. Each has
/// at least 4.5:1 contrast against white text or, for amber, against the dark text drawn on it.
const LOW: &str = "#c62828";
const MIDDLE: &str = "#f2b233";
const HIGH: &str = "#2e7d32";
const ASK: &str = "#1f5fa8";
const INK: &str = "#1b1f24";
const MUTED: &str = "#5b6470";
const GRID: &str = "#dde1e6";

/// Width of every chart's viewBox (they scale to the container).
const CHART_W: f64 = 860.0;

/// Renders the report as one self-contained HTML5 page.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("Voice of the customer — {}", report.quarter);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w!(
        out,
        "<title>{}</title>\n<style>{}</style>\n",
        esc(&title),
        CSS
    );
    out.push_str("</head>\n<body>\n<main class=\"page\">\n");
    page_header(&mut out, report, &title);
    headline_section(&mut out, report);
    question_sections(&mut out, report);
    segments_section(&mut out, report);
    trend_section(&mut out, report);
    context_sections(&mut out, report);
    method_section(&mut out, report);
    w!(
        out,
        "<footer class=\"foot\">{} · schema {}</footer>\n",
        esc(&report.method.generated_by),
        report.schema_version
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Page sections
// ---------------------------------------------------------------------------------------------

fn page_header(out: &mut String, report: &Report, title: &str) {
    w!(out, "<header class=\"top\">\n<h1>{}</h1>\n", esc(title));
    w!(out, "<p class=\"scope\">Scope: {}", esc(&report.scope));
    if let Some(compare) = &report.compare {
        w!(out, " · compared with {}", esc(compare));
    }
    out.push_str("</p>\n<nav aria-label=\"Sections\"><ul>");
    let links = [
        ("headline", "Headline"),
        ("changes", "What changed"),
        ("complaints", "Complaints"),
        ("asks", "Asks"),
        ("praise", "Praise"),
        ("segments", "Segments"),
        ("trend", "Trend"),
        ("method", "Method"),
    ];
    for (id, name) in links {
        w!(out, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    out.push_str("</ul></nav>\n</header>\n");
}

fn headline_section(out: &mut String, report: &Report) {
    let h: &Headline = &report.headline;
    let cur = &h.current;
    out.push_str("<section id=\"headline\">\n<h2>Headline</h2>\n<div class=\"hero\">\n");
    match (&report.metric_name, &cur.metric) {
        (Some(name), Some(m)) => {
            w!(
                out,
                "<p class=\"big\"><span class=\"metric\">{} {}</span> <span class=\"margin\">{}</span></p>\n",
                esc(name),
                num1(m.value),
                m.shown_margin().map_or(crate::score::TOO_FEW.into(), |x| format!("±{} (95%)", num1_abs(x)))
            );
        }
        (Some(name), None) => {
            w!(out, "<p class=\"big\"><span class=\"metric\">{} —</span> <span class=\"margin\">no scored responses</span></p>\n", esc(name));
        }
        (None, _) => out.push_str("<p class=\"big\"><span class=\"metric\">no scores</span></p>\n"),
    }
    w!(
        out,
        "<p class=\"counts\">{} responses · {} with comments ({})",
        count(cur.responses),
        count(cur.comments),
        pct(cur.comment_rate)
    );
    if let Some(m) = &cur.metric {
        w!(out, " · {} scored", count(m.n));
        if m.small {
            out.push_str(" <strong class=\"flag\">few responses: read with care</strong>");
        }
    }
    out.push_str("</p>\n");
    if cur.bands.scored() > 0 {
        let names = band_names(report);
        out.push_str("<ul class=\"bands\">");
        for (i, color) in [LOW, MIDDLE, HIGH].iter().enumerate() {
            w!(
                out,
                "<li><span class=\"chip\" style=\"background:{color}\"></span><span class=\"band-name\">{}</span> <strong>{}</strong> ({})</li>",
                esc(&names[i]),
                count(band_count(&cur.bands, i)),
                pct(cur.band_percent[i])
            );
        }
        out.push_str("</ul>\n");
        if cur.bands.unscored > 0 {
            w!(
                out,
                "<p class=\"muted\">{} responses without a score.</p>\n",
                count(cur.bands.unscored)
            );
        }
    }
    out.push_str("</div>\n");
    change_line(out, report);
    if let Some(b) = &h.benchmark {
        w!(
            out,
            "<p>Conventional reading: <strong class=\"bench bench-{}\">{}</strong></p>\n",
            esc(&class_word(b)),
            esc(b)
        );
    }
    if let Some(warning) = &report.incomplete {
        w!(
            out,
            "<p class=\"warning\" role=\"note\"><strong>Incomplete quarter:</strong> {}</p>\n",
            esc(warning)
        );
    }
    w!(out, "<p class=\"caveat\">{}</p>\n", esc(&h.caveat));
    out.push_str("</section>\n");
}

/// "−9.4 points vs 2026Q2, ±11.4 (95%): larger than its margin".
fn change_line(out: &mut String, report: &Report) {
    let h = &report.headline;
    let against = report
        .compare
        .clone()
        .or_else(|| h.previous.as_ref().map(|p| p.quarter.clone()));
    let Some(against) = against else {
        out.push_str("<p class=\"change muted\">No earlier quarter to compare with.</p>\n");
        return;
    };
    let Some(change) = h.change else {
        w!(
            out,
            "<p class=\"change muted\">No change can be computed against {}.</p>\n",
            esc(&against)
        );
        return;
    };
    let class = match h.significant {
        Some(true) if change < 0.0 => "change down",
        Some(true) => "change up",
        _ => "change",
    };
    w!(
        out,
        "<p class=\"{class}\"><strong>{} points</strong> vs {}",
        signed1(change),
        esc(&against)
    );
    if let Some(margin) = h.change_margin {
        w!(out, ", ±{} (95%)", num1_abs(margin));
    }
    match h.significant {
        Some(true) => out.push_str(": larger than its margin"),
        Some(false) => out.push_str(": within its margin"),
        None => {}
    }
    if let Some(prev) = &h.previous {
        if let (Some(name), Some(m)) = (&report.metric_name, &prev.metric) {
            w!(
                out,
                " <span class=\"muted\">({}: {} {} from {} responses)</span>",
                esc(&prev.quarter),
                esc(name),
                num1(m.value),
                count(prev.responses)
            );
        }
    }
    out.push_str("</p>\n");
}

/// What changed, complaints, asks and praise: once, or per open question where there are several
/// (later questions' element ids take a "qN-" prefix, so each stays unique on the page).
fn question_sections(out: &mut String, report: &Report) {
    let lists = |out: &mut String, view: &Report| {
        changes_section(out, view);
        theme_section(out, view, ThemeSection::Complaints);
        theme_section(out, view, ThemeSection::Asks);
        theme_section(out, view, ThemeSection::Praise);
    };
    if report.questions.len() < 2 {
        return lists(out, report);
    }
    for (k, q) in report.questions.iter().enumerate() {
        let label = q.question.as_ref().map_or("", |q| q.label.as_str());
        let mut view = report.clone();
        view.changes = q.changes.clone();
        view.complaints = q.complaints.clone();
        view.asks = q.asks.clone();
        view.praise = q.praise.clone();
        let mut part = String::new();
        w!(
            part,
            "<h2 class=\"question\" id=\"question-{}\">Question {} of {}: {}</h2>\n",
            k + 1,
            k + 1,
            report.questions.len(),
            esc(label)
        );
        lists(&mut part, &view);
        if k > 0 {
            let prefix = format!("q{}-", k + 1);
            part = part
                .replace(" id=\"", &format!(" id=\"{prefix}"))
                .replace(
                    " aria-labelledby=\"",
                    &format!(" aria-labelledby=\"{prefix}"),
                )
                .replace(&format!(" id=\"{prefix}question-"), " id=\"question-");
        }
        out.push_str(&part);
    }
}

fn changes_section(out: &mut String, report: &Report) {
    out.push_str("<section id=\"changes\">\n<h2>What changed</h2>\n");
    if report.changes.is_empty() {
        out.push_str("<p class=\"muted\">No theme rose or fell against the comparison quarter.</p>\n</section>\n");
        return;
    }
    let before = report.compare.as_deref().unwrap_or("before");
    out.push_str(
        "<p class=\"muted\">Share of responses with comments that mention each theme.</p>\n",
    );
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Theme</th>");
    w!(
        out,
        "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th>",
        esc(before),
        esc(&report.quarter)
    );
    out.push_str("<th scope=\"col\" class=\"num\">Change</th><th scope=\"col\">Significant</th></tr></thead>\n<tbody>\n");
    for c in &report.changes {
        change_row(out, c);
    }
    out.push_str("</tbody></table></div>\n</section>\n");
}

fn change_row(out: &mut String, c: &ThemeChange) {
    let dir = if c.change < 0.0 { "down" } else { "up" };
    w!(
        out,
        "<tr><th scope=\"row\">{}</th><td class=\"num\">{} ({})</td><td class=\"num\">{} ({})</td>",
        esc(&c.label),
        count(c.previous_mentions),
        pct(c.previous_share),
        count(c.mentions),
        pct(c.share)
    );
    w!(
        out,
        "<td class=\"num {dir}\">{} pts</td>",
        signed1(c.change)
    );
    if c.significant {
        w!(
            out,
            "<td><strong>yes</strong> <span class=\"muted\">(z {})</span></td></tr>\n",
            num2(c.z)
        );
    } else {
        w!(
            out,
            "<td>no <span class=\"muted\">(z {})</span></td></tr>\n",
            num2(c.z)
        );
    }
}

#[derive(Clone, Copy)]
enum ThemeSection {
    Complaints,
    Asks,
    Praise,
}

fn theme_section(out: &mut String, report: &Report, which: ThemeSection) {
    let names = band_names(report);
    let (id, heading, chart_id, color, themes, base) = match which {
        ThemeSection::Complaints => (
            "complaints",
            "Top complaints",
            "complaint-bars",
            LOW,
            &report.complaints,
            format!("{}s with comments", names[0]),
        ),
        ThemeSection::Asks => (
            "asks",
            "Top asks",
            "ask-bars",
            ASK,
            &report.asks,
            "responses with comments".to_string(),
        ),
        ThemeSection::Praise => (
            "praise",
            "Top praise",
            "praise-bars",
            HIGH,
            &report.praise,
            format!("{}s with comments", names[2]),
        ),
    };
    w!(out, "<section id=\"{id}\">\n<h2>{heading}</h2>\n");
    if themes.is_empty() {
        w!(
            out,
            "<p class=\"muted\">No {} themes this quarter.</p>\n</section>\n",
            id.trim_end_matches('s')
        );
        return;
    }
    w!(
        out,
        "<p class=\"muted\">Share of {} mentioning each theme.</p>\n",
        esc(&base)
    );
    let rows: Vec<Bar> = themes
        .iter()
        .map(|t| Bar {
            label: t.label.clone(),
            share: t.share,
            mentions: t.mentions,
        })
        .collect();
    out.push_str("<figure class=\"fig\">");
    out.push_str(&bar_chart(
        chart_id,
        &format!("{heading}: share of {base}"),
        &rows,
        color,
    ));
    out.push_str("</figure>\n");
    for t in themes {
        theme_card(out, report, t, &base);
    }
    out.push_str("</section>\n");
}

fn theme_card(out: &mut String, report: &Report, t: &ReportTheme, base: &str) {
    w!(
        out,
        "<article class=\"theme\">\n<h3>{}</h3>\n<p class=\"facts\">",
        esc(&t.label)
    );
    w!(
        out,
        "<span><strong>{}</strong> mentions</span><span><strong>{}</strong> of {}</span>",
        count(t.mentions),
        pct(t.share),
        esc(base)
    );
    if let Some(impact) = t.impact {
        let metric = report.metric_name.as_deref().unwrap_or("score");
        w!(
            out,
            "<span>impact on {}: <strong>{}</strong> pts</span>",
            esc(metric),
            signed1(impact)
        );
    }
    match (t.previous_share, t.current_share) {
        (Some(prev), Some(cur)) => {
            w!(
                out,
                "<span>share of all comments: {} → {}</span>",
                pct(prev),
                pct(cur)
            );
        }
        (None, Some(cur)) => {
            w!(out, "<span>share of all comments: {}</span>", pct(cur));
        }
        _ => {}
    }
    out.push_str("</p>\n");
    if !t.facets.is_empty() {
        out.push_str("<p class=\"facts\">");
        for f in &t.facets {
            w!(
                out,
                "<span>{} ({})</span>",
                esc(&f.label),
                count(f.mentions)
            );
        }
        out.push_str("</p>\n");
    }
    for q in &t.quotes {
        quote(out, q);
    }
    out.push_str("</article>\n");
}

fn quote(out: &mut String, q: &Quote) {
    w!(out, "<blockquote><p>{}</p><footer>", esc(&q.text));
    let mut parts: Vec<String> = Vec::new();
    if let Some(score) = q.score {
        parts.push(format!("score {}", score_text(score)));
    }
    if !q.band.is_empty() {
        parts.push(esc(&q.band));
    }
    for (name, value) in &q.segments {
        parts.push(format!("{}: {}", esc(name), esc(value)));
    }
    if let Some(date) = &q.date {
        parts.push(esc(date));
    }
    out.push_str(&parts.join(" · "));
    out.push_str("</footer></blockquote>\n");
}

fn segments_section(out: &mut String, report: &Report) {
    out.push_str("<section id=\"segments\">\n<h2>Segments</h2>\n");
    if report.segments.is_empty() {
        out.push_str("<p class=\"muted\">No segment column in this report.</p>\n");
    }
    for (n, section) in report.segments.iter().enumerate() {
        segment_block(out, report, n, section);
    }
    out.push_str("</section>\n");
}

fn segment_block(out: &mut String, report: &Report, n: usize, s: &SegmentSection) {
    let names = band_names(report);
    let metric = report.metric_name.as_deref();
    w!(
        out,
        "<div class=\"segment\">\n<h3>By {}</h3>\n",
        esc(&s.column)
    );
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    w!(
        out,
        "<th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">Responses</th>",
        esc(&s.column)
    );
    for name in names.iter() {
        w!(
            out,
            "<th scope=\"col\" class=\"num band-name\">{}</th>",
            esc(name)
        );
    }
    if let Some(metric) = metric {
        w!(out, "<th scope=\"col\" class=\"num\">{}</th>", esc(metric));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &s.rows {
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
            esc(&row.value),
            count(row.responses)
        );
        for (i, band) in [Band::Low, Band::Middle, Band::High]
            .into_iter()
            .enumerate()
        {
            w!(
                out,
                "<td class=\"num\">{} ({})</td>",
                count(band_count(&row.bands, i)),
                pct(row.bands.percent(band))
            );
        }
        if metric.is_some() {
            out.push_str("<td class=\"num\">");
            metric_cell(out, row.metric.as_ref());
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if !s.heatmap.is_empty() && !s.rows.is_empty() {
        let values: Vec<String> = s.rows.iter().map(|r| r.value.clone()).collect();
        let title = format!("Theme share by {} (% of responses with comments)", s.column);
        out.push_str("<figure class=\"fig\">");
        out.push_str(&heat_map(&format!("heat-{n}"), &title, &values, &s.heatmap));
        out.push_str("<figcaption>Darker cells: larger share of the value’s responses with comments. Outlined cells marked ▲: the theme is over-represented in that value.</figcaption></figure>\n");
    }
    if !s.standouts.is_empty() {
        out.push_str("<h4>Standouts</h4>\n<ul class=\"standouts\">\n");
        for st in &s.standouts {
            w!(
                out,
                "<li><strong>{}</strong> in <strong>{}</strong>: {} mentions ({})",
                esc(&st.theme),
                esc(&st.value),
                count(st.mentions),
                pct(st.share)
            );
            if let Some(lift) = st.lift {
                w!(out, ", {}× the other values", num1_abs(lift));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

fn metric_cell(out: &mut String, metric: Option<&Metric>) {
    match metric {
        Some(m) => {
            w!(
                out,
                "{} <span class=\"muted\">{}</span>",
                num1(m.value),
                m.shown_margin()
                    .map_or(crate::score::TOO_FEW.into(), |x| format!(
                        "±{}",
                        num1_abs(x)
                    ))
            );
            if m.small {
                out.push_str(
                    " <span class=\"flag\" title=\"fewer than 30 scored responses\">few</span>",
                );
            }
        }
        None => out.push('—'),
    }
}

fn trend_section(out: &mut String, report: &Report) {
    let trend: &Trend = &report.trend;
    out.push_str("<section id=\"trend\">\n<h2>Trend</h2>\n");
    if trend.quarters.is_empty() {
        out.push_str("<p class=\"muted\">No quarters in scope.</p>\n</section>\n");
        return;
    }
    if let Some(name) = &report.metric_name {
        let points: Vec<(String, Option<Metric>)> = trend
            .quarters
            .iter()
            .map(|q| (q.quarter.clone(), q.metric))
            .collect();
        if points.iter().any(|p| p.1.is_some()) {
            w!(out, "<h3>{} per quarter</h3>\n", esc(name));
            out.push_str("<figure class=\"fig\">");
            out.push_str(&line_chart(
                "nps-trend",
                &format!("{name} per quarter with its 95% margin"),
                name,
                &points,
            ));
            out.push_str("<figcaption>Line: value per quarter. Shaded band: 95% margin of error. Quarters without scores are skipped.</figcaption></figure>\n");
        }
    }
    if trend.quarters.iter().any(|q| q.bands.scored() > 0) {
        let names = band_names(report);
        out.push_str("<h3>Band split per quarter</h3>\n<figure class=\"fig\">");
        out.push_str(&stacked_bars(
            "band-split",
            "Band split per quarter (% of scored responses)",
            &names,
            &trend.quarters,
        ));
        out.push_str("<figcaption class=\"legend\">");
        for (i, color) in [LOW, MIDDLE, HIGH].iter().enumerate() {
            w!(
                out,
                "<span><span class=\"chip\" style=\"background:{color}\"></span>{}</span>",
                esc(&names[i])
            );
        }
        out.push_str("</figcaption></figure>\n");
    }
    if !trend.themes.is_empty() {
        theme_trend_table(out, trend);
    }
    out.push_str("</section>\n");
}

fn theme_trend_table(out: &mut String, trend: &Trend) {
    out.push_str("<h3>Main themes per quarter</h3>\n<p class=\"muted\">Share of responses with comments, %.</p>\n");
    out.push_str("<div class=\"table-wrap\"><table class=\"compact\">\n<thead><tr><th scope=\"col\">Theme</th>");
    for q in &trend.quarters {
        w!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            esc(&q.quarter)
        );
    }
    out.push_str("<th scope=\"col\">Trend</th></tr></thead>\n<tbody>\n");
    for (i, t) in trend.themes.iter().enumerate() {
        w!(out, "<tr><th scope=\"row\">{}</th>", esc(&t.label));
        for k in 0..trend.quarters.len() {
            match t.shares.get(k) {
                Some(s) => {
                    w!(out, "<td class=\"num\">{}</td>", num1(*s));
                }
                None => out.push_str("<td class=\"num\">—</td>"),
            }
        }
        w!(
            out,
            "<td>{}</td></tr>\n",
            sparkline(&format!("theme-trend-{i}"), &t.label, &t.shares)
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// Churn, usage quadrants and agents, as plain tables, when the report has them.
fn context_sections(out: &mut String, report: &Report) {
    let name = report.metric_name.clone().unwrap_or_else(|| "Score".into());
    let metric = |m: Option<&Metric>| {
        m.map_or("–".to_string(), |m| {
            format!("{} ±{}", num1(m.value), num1_abs(m.margin))
        })
    };
    if let Some(c) = &report.churn {
        out.push_str("<section id=\"churn\">\n<h2>Churn</h2>\n");
        w!(out, "<p class=\"note\">Accounts from {}, joined on {}; each customer's latest response speaks for them. {} customers with responses have no account; {} accounts have no response.</p>\n", esc(&c.accounts_file), esc(&c.customer_column), count(c.unmatched), count(c.accounts_without_responses));
        w!(out, "<table><thead><tr><th></th><th class=\"num\">customers</th><th class=\"num\">{}</th><th class=\"num\">revenue-weighted</th></tr></thead><tbody>\n", esc(&name));
        for (label, cohort) in [("churned", &c.churned), ("retained", &c.retained)] {
            w!(out, "<tr><td>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n", count(cohort.customers), metric(cohort.metric.as_ref()), cohort.revenue_weighted.map_or("–".into(), num1));
        }
        out.push_str("</tbody></table>\n");
        let window = if c.status_only {
            "at any time".to_string()
        } else {
            format!("within {} days of answering", c.window_days)
        };
        w!(
            out,
            "<h3>Left smiling: {} churned {window}</h3>\n",
            count(c.left_smiling.len() as u64)
        );
        for l in &c.left_smiling {
            w!(out, "<blockquote><p>{}</p><footer>{} · {} · answered {} · churned {}</footer></blockquote>\n", esc(&l.comment), esc(&l.customer), esc(&l.score_band), esc(l.date.as_deref().unwrap_or("–")), esc(l.churn_date.as_deref().unwrap_or("–")));
        }
        if !c.churn_themes.is_empty() {
            let themes: Vec<String> = c
                .churn_themes
                .iter()
                .map(|(t, n, _)| format!("{} ({})", esc(t), count(*n)))
                .collect();
            w!(
                out,
                "<p>Themes over-represented among churned customers: {}</p>\n",
                themes.join(", ")
            );
        }
        out.push_str("</section>\n");
    }
    if let Some(q) = &report.quadrants {
        out.push_str("<section id=\"quadrants\">\n<h2>Usage quadrants</h2>\n");
        w!(
            out,
            "<p class=\"note\">High usage: {} ≥ {}{}; high satisfaction: {} or better.</p>\n",
            esc(&q.split.usage_column),
            num2(q.split.usage_split),
            if q.split.usage_split_is_median {
                " (median)"
            } else {
                ""
            },
            esc(&q.split.satisfied_from)
        );
        w!(out, "<table><thead><tr><th>quadrant</th><th class=\"num\">responses</th><th class=\"num\">{}</th><th>themes</th></tr></thead><tbody>\n", esc(&name));
        for row in &q.rows {
            let themes = q
                .themes_of(&row.group)
                .iter()
                .map(|x| esc(x))
                .collect::<Vec<_>>()
                .join(", ");
            w!(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{themes}</td></tr>\n", esc(&row.group), count(row.responses), metric(row.metric.as_ref()));
        }
        out.push_str("</tbody></table>\n</section>\n");
    }
    if let Some(a) = &report.agents {
        out.push_str("<section id=\"agents\">\n<h2>Agents</h2>\n");
        w!(out, "<p class=\"note\">By {}; fast means under {} in {}. Fewer than {} responses: too few to judge.</p>\n", esc(&a.agent_column), num2(a.fast_below), esc(&a.time_column), a.min_responses);
        w!(out, "<table><thead><tr><th>agent</th><th class=\"num\">responses</th><th class=\"num\">{}</th><th class=\"num\">median time</th><th class=\"num\">fast but low</th></tr></thead><tbody>\n", esc(&name));
        for row in &a.agents {
            w!(out, "<tr><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n", esc(&row.agent), if row.too_few { " <small>(too few)</small>" } else { "" }, count(row.responses), metric(row.metric.as_ref()), row.median_time.map_or("–".into(), num2), count(row.fast_low));
        }
        out.push_str("</tbody></table>\n</section>\n");
    }
}

fn method_section(out: &mut String, report: &Report) {
    let m = &report.method;
    out.push_str("<section id=\"method\">\n<h2>Method</h2>\n<ul class=\"notes\">\n");
    for note in &m.notes {
        w!(out, "<li>{}</li>\n", esc(note));
    }
    w!(
        out,
        "<li>A theme’s terms appear in at least {} responses.</li>\n",
        count(m.min_mentions as u64)
    );
    out.push_str("</ul>\n<p>Made with:</p>\n");
    w!(out, "<pre><code>{}</code></pre>\n", esc(&m.command));
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

/// One row of a horizontal bar chart.
struct Bar {
    label: String,
    /// 0-100.
    share: f64,
    mentions: u64,
}

/// Opens an `<svg class="chart">` with a viewBox, `role="img"` and a `<title>`.
fn svg_open(out: &mut String, id: &str, width: f64, height: f64, title: &str, extra_class: &str) {
    w!(
        out,
        "<svg xmlns=\"{SVG_NS}\" id=\"{id}\" class=\"chart{extra_class}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">",
        fmt_coord(width),
        fmt_coord(height)
    );
    w!(out, "<title id=\"{id}-title\">{}</title>", esc(title));
}

/// An SVG `<text>` element; `attrs` are extra attributes written as is (no data in them).
fn svg_text(out: &mut String, x: f64, y: f64, attrs: &str, content: &str) {
    w!(
        out,
        "<text x=\"{}\" y=\"{}\" {attrs}>{}</text>",
        fmt_coord(x),
        fmt_coord(y),
        esc(content)
    );
}

fn svg_rect(out: &mut String, x: f64, y: f64, w: f64, h: f64, attrs: &str) {
    w!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {attrs}/>",
        fmt_coord(x),
        fmt_coord(y),
        fmt_coord(w.max(0.0)),
        fmt_coord(h.max(0.0))
    );
}

fn svg_line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
    w!(
        out,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {attrs}/>",
        fmt_coord(x1),
        fmt_coord(y1),
        fmt_coord(x2),
        fmt_coord(y2)
    );
}

/// Horizontal bars of share (0-100), one row per theme: label, bar, "share · mentions".
fn bar_chart(id: &str, title: &str, rows: &[Bar], color: &str) -> String {
    const LABEL_W: f64 = 230.0;
    const VALUE_W: f64 = 150.0;
    const ROW_H: f64 = 30.0;
    const TOP: f64 = 8.0;
    let bar_max = CHART_W - LABEL_W - VALUE_W;
    let height = TOP * 2.0 + ROW_H * rows.len() as f64;
    let max = rows.iter().map(|r| finite(r.share)).fold(0.0, f64::max);
    let scale_max = nice_ceiling(max.max(1.0));
    let mut out = String::new();
    svg_open(&mut out, id, CHART_W, height, title, " bars");
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW_H * i as f64;
        let share = finite(row.share).clamp(0.0, 100.0);
        let len = bar_max * share / scale_max;
        w!(
            out,
            "<g><title>{}: {} · {} mentions</title>",
            esc(&row.label),
            pct(share),
            count(row.mentions)
        );
        svg_text(
            &mut out,
            LABEL_W - 10.0,
            y + ROW_H / 2.0 + 5.0,
            &format!("text-anchor=\"end\" font-size=\"14\" fill=\"{INK}\""),
            &clip(&row.label, 28),
        );
        svg_rect(
            &mut out,
            LABEL_W,
            y + 5.0,
            bar_max,
            ROW_H - 10.0,
            "fill=\"#f1f3f5\"",
        );
        svg_rect(
            &mut out,
            LABEL_W,
            y + 5.0,
            len.max(1.0),
            ROW_H - 10.0,
            &format!("fill=\"{color}\" rx=\"2\""),
        );
        let label = format!("{} · {}", pct(share), count(row.mentions));
        svg_text(
            &mut out,
            LABEL_W + bar_max + 8.0,
            y + ROW_H / 2.0 + 5.0,
            &format!("font-size=\"13\" fill=\"{INK}\""),
            &label,
        );
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// The metric per quarter: a line through the quarters with a value, a shaded band for the 95%
/// margin, and a dot with its value at each point. Quarters without a metric leave a gap.
fn line_chart(
    id: &str,
    title: &str,
    metric_name: &str,
    points: &[(String, Option<Metric>)],
) -> String {
    const H: f64 = 300.0;
    const LEFT: f64 = 52.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 26.0;
    const BOTTOM: f64 = 44.0;
    let plot_w = CHART_W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let known: Vec<&Metric> = points.iter().filter_map(|p| p.1.as_ref()).collect();
    let lo = known
        .iter()
        .map(|m| finite(m.value) - finite(m.margin))
        .fold(f64::INFINITY, f64::min);
    let hi = known
        .iter()
        .map(|m| finite(m.value) + finite(m.margin))
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi, step) = nice_range(lo.max(-100.0), hi.min(100.0));
    let x = |i: usize| {
        if points.len() <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + 20.0 + (plot_w - 40.0) * i as f64 / (points.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - (finite(v).clamp(lo, hi) - lo) / (hi - lo));
    let mut out = String::new();
    svg_open(&mut out, id, CHART_W, H, title, " wide");
    // Grid and y axis.
    let mut tick = lo;
    while tick <= hi + step / 2.0 {
        let stroke = if tick.abs() < 1e-9 { MUTED } else { GRID };
        svg_line(
            &mut out,
            LEFT,
            y(tick),
            CHART_W - RIGHT,
            y(tick),
            &format!("stroke=\"{stroke}\" stroke-width=\"1\""),
        );
        svg_text(
            &mut out,
            LEFT - 8.0,
            y(tick) + 4.0,
            &format!("text-anchor=\"end\" font-size=\"12\" fill=\"{MUTED}\""),
            &num_tick(tick),
        );
        tick += step;
    }
    svg_text(
        &mut out,
        4.0,
        14.0,
        &format!("font-size=\"12\" fill=\"{MUTED}\""),
        metric_name,
    );
    // X labels (thinned when crowded).
    let every = label_stride(points.len(), plot_w, 64.0);
    for (i, (quarter, _)) in points.iter().enumerate() {
        if i % every == 0 || i + 1 == points.len() {
            svg_text(
                &mut out,
                x(i),
                H - BOTTOM + 22.0,
                &format!("text-anchor=\"middle\" font-size=\"12\" fill=\"{INK}\""),
                quarter,
            );
        }
    }
    // Runs of consecutive quarters with a metric: margin band, then line.
    for run in runs(points) {
        let mut band = String::new();
        for &i in &run {
            let m = points[i].1.as_ref().expect("runs hold metrics");
            w!(
                band,
                "{},{} ",
                fmt_coord(x(i)),
                fmt_coord(y(m.value + m.margin))
            );
        }
        for &i in run.iter().rev() {
            let m = points[i].1.as_ref().expect("runs hold metrics");
            w!(
                band,
                "{},{} ",
                fmt_coord(x(i)),
                fmt_coord(y(m.value - m.margin))
            );
        }
        if run.len() == 1 {
            let i = run[0];
            let m = points[i].1.as_ref().expect("runs hold metrics");
            svg_rect(
                &mut out,
                x(i) - 8.0,
                y(m.value + m.margin),
                16.0,
                y(m.value - m.margin) - y(m.value + m.margin),
                &format!("fill=\"{ASK}\" fill-opacity=\"0.18\""),
            );
        } else {
            w!(
                out,
                "<polygon points=\"{}\" fill=\"{ASK}\" fill-opacity=\"0.15\"/>",
                band.trim_end()
            );
            let line: Vec<String> = run
                .iter()
                .map(|&i| {
                    let m = points[i].1.as_ref().expect("runs hold metrics");
                    format!("{},{}", fmt_coord(x(i)), fmt_coord(y(m.value)))
                })
                .collect();
            w!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{ASK}\" stroke-width=\"2.5\"/>",
                line.join(" ")
            );
        }
    }
    for (i, (quarter, m)) in points.iter().enumerate() {
        let Some(m) = m else { continue };
        w!(
            out,
            "<g><title>{}: {} {} ±{} (95%), {} scored</title>",
            esc(quarter),
            esc(metric_name),
            num1(m.value),
            num1_abs(m.margin),
            count(m.n)
        );
        w!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{ASK}\" stroke=\"#fff\" stroke-width=\"1.5\"/>", fmt_coord(x(i)), fmt_coord(y(m.value)));
        // The value sits above the point, or below it when the point is near the top.
        let above = y(m.value) - 10.0;
        let ty = if above < TOP + 4.0 {
            y(m.value) + 20.0
        } else {
            above
        };
        svg_text(&mut out, x(i), ty, &format!("text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\" fill=\"{INK}\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\""), &num1(m.value));
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Vertical 100% bars of the low/middle/high split per quarter, with the percent inside each
/// segment when it is tall enough to hold it.
fn stacked_bars(id: &str, title: &str, names: &[String; 3], quarters: &[Snapshot]) -> String {
    const H: f64 = 280.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 40.0;
    let plot_w = CHART_W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / quarters.len().max(1) as f64;
    let bar_w = (slot * 0.62).min(72.0);
    let mut out = String::new();
    svg_open(&mut out, id, CHART_W, H, title, " wide");
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = TOP + plot_h * (1.0 - p / 100.0);
        svg_line(
            &mut out,
            LEFT,
            y,
            CHART_W - RIGHT,
            y,
            &format!("stroke=\"{GRID}\""),
        );
        svg_text(
            &mut out,
            LEFT - 6.0,
            y + 4.0,
            &format!("text-anchor=\"end\" font-size=\"12\" fill=\"{MUTED}\""),
            &format!("{p:.0}%"),
        );
    }
    let every = label_stride(quarters.len(), plot_w, 64.0);
    let colors = [LOW, MIDDLE, HIGH];
    let text_colors = ["#fff", INK, "#fff"];
    for (i, q) in quarters.iter().enumerate() {
        let cx = LEFT + slot * (i as f64 + 0.5);
        let x0 = cx - bar_w / 2.0;
        if i % every == 0 || i + 1 == quarters.len() {
            svg_text(
                &mut out,
                cx,
                H - BOTTOM + 20.0,
                &format!("text-anchor=\"middle\" font-size=\"12\" fill=\"{INK}\""),
                &q.quarter,
            );
        }
        if q.bands.scored() == 0 {
            svg_rect(
                &mut out,
                x0,
                TOP,
                bar_w,
                plot_h,
                &format!("fill=\"none\" stroke=\"{GRID}\" stroke-dasharray=\"4 3\""),
            );
            svg_text(
                &mut out,
                cx,
                TOP + plot_h / 2.0,
                &format!("text-anchor=\"middle\" font-size=\"11\" fill=\"{MUTED}\""),
                "no scores",
            );
            continue;
        }
        // Stack from the bottom: high (green) at the base, then middle, then low on top, so the
        // low share reads from the top edge.
        let mut bottom = TOP + plot_h;
        for band in [2usize, 1, 0] {
            let share = finite(q.band_percent[band]).clamp(0.0, 100.0);
            let h = plot_h * share / 100.0;
            let top = bottom - h;
            w!(
                out,
                "<g><title>{}: {} {} ({})</title>",
                esc(&q.quarter),
                esc(&names[band]),
                count(band_count(&q.bands, band)),
                pct(share)
            );
            svg_rect(
                &mut out,
                x0,
                top,
                bar_w,
                h,
                &format!("fill=\"{}\"", colors[band]),
            );
            if h >= 16.0 && bar_w >= 30.0 {
                svg_text(
                    &mut out,
                    cx,
                    top + h / 2.0 + 4.0,
                    &format!(
                        "text-anchor=\"middle\" font-size=\"11\" fill=\"{}\"",
                        text_colors[band]
                    ),
                    &format!("{share:.0}%"),
                );
            }
            out.push_str("</g>");
            bottom = top;
        }
    }
    out.push_str("</svg>");
    out
}

/// Themes (rows) by segment values (columns); colour intensity by share, over-represented
/// cells outlined and marked with ▲; each cell shows its share with one decimal.
fn heat_map(id: &str, title: &str, values: &[String], rows: &[HeatRow]) -> String {
    const LABEL_W: f64 = 210.0;
    const HEAD_H: f64 = 34.0;
    const ROW_H: f64 = 32.0;
    let cols = values.len().max(1);
    let cell_w = ((CHART_W - LABEL_W - 8.0) / cols as f64).max(64.0);
    let width = LABEL_W + cell_w * cols as f64 + 8.0;
    let height = HEAD_H + ROW_H * rows.len() as f64 + 6.0;
    let max = rows
        .iter()
        .flat_map(|r| r.shares.iter().copied())
        .map(finite)
        .fold(0.0, f64::max)
        .max(1e-9);
    let head_chars = ((cell_w - 8.0) / 7.5).floor().max(4.0) as usize;
    let mut out = String::new();
    svg_open(&mut out, id, width, height, title, " wide");
    for (j, value) in values.iter().enumerate() {
        let cx = LABEL_W + cell_w * (j as f64 + 0.5);
        w!(out, "<g><title>{}</title>", esc(value));
        svg_text(
            &mut out,
            cx,
            HEAD_H - 12.0,
            &format!("text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"{INK}\""),
            &clip(value, head_chars),
        );
        out.push_str("</g>");
    }
    for (i, row) in rows.iter().enumerate() {
        let y = HEAD_H + ROW_H * i as f64;
        svg_text(
            &mut out,
            LABEL_W - 10.0,
            y + ROW_H / 2.0 + 5.0,
            &format!("text-anchor=\"end\" font-size=\"13\" fill=\"{INK}\""),
            &clip(&row.theme, 26),
        );
        for (j, value) in values.iter().enumerate() {
            let share = finite(row.shares.get(j).copied().unwrap_or(0.0)).max(0.0);
            let over = row.over_represented.get(j).copied().unwrap_or(false);
            let t = (share / max).clamp(0.0, 1.0);
            let x = LABEL_W + cell_w * j as f64;
            w!(
                out,
                "<g><title>{} in {}: {}{}</title>",
                esc(&row.theme),
                esc(value),
                pct(share),
                if over { ", over-represented" } else { "" }
            );
            svg_rect(
                &mut out,
                x + 1.0,
                y + 1.0,
                cell_w - 2.0,
                ROW_H - 2.0,
                &format!("fill=\"{}\"", heat_color(t)),
            );
            if over {
                svg_rect(
                    &mut out,
                    x + 2.5,
                    y + 2.5,
                    cell_w - 5.0,
                    ROW_H - 5.0,
                    &format!("fill=\"none\" stroke=\"{INK}\" stroke-width=\"3\""),
                );
                let ink = if t > 0.5 { "#fff" } else { INK };
                w!(
                    out,
                    "<polygon points=\"{},{} {},{} {},{}\" fill=\"{ink}\"/>",
                    fmt_coord(x + 7.0),
                    fmt_coord(y + 14.0),
                    fmt_coord(x + 11.0),
                    fmt_coord(y + 7.0),
                    fmt_coord(x + 15.0),
                    fmt_coord(y + 14.0)
                );
            }
            let (fill, weight) = (
                if t > 0.5 { "#fff" } else { INK },
                if over { "bold" } else { "normal" },
            );
            svg_text(&mut out, x + cell_w / 2.0, y + ROW_H / 2.0 + 5.0, &format!("text-anchor=\"middle\" font-size=\"13\" font-weight=\"{weight}\" fill=\"{fill}\""), &num1(share));
            out.push_str("</g>");
        }
    }
    out.push_str("</svg>");
    out
}

/// A small line of one theme's share per quarter, for the trend table.
fn sparkline(id: &str, label: &str, shares: &[f64]) -> String {
    const W: f64 = 120.0;
    const H: f64 = 28.0;
    let mut out = String::new();
    svg_open(
        &mut out,
        id,
        W,
        H,
        &format!("{label}: share per quarter"),
        " spark",
    );
    let max = shares
        .iter()
        .copied()
        .map(finite)
        .fold(0.0, f64::max)
        .max(1e-9);
    let n = shares.len();
    let pts: Vec<(f64, f64)> = shares
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = if n <= 1 {
                W / 2.0
            } else {
                4.0 + (W - 8.0) * i as f64 / (n - 1) as f64
            };
            (x, H - 4.0 - (H - 8.0) * finite(*s).max(0.0) / max)
        })
        .collect();
    let line: Vec<String> = pts
        .iter()
        .map(|(x, y)| format!("{},{}", fmt_coord(*x), fmt_coord(*y)))
        .collect();
    w!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{ASK}\" stroke-width=\"2\"/>",
        line.join(" ")
    );
    if let Some((x, y)) = pts.last() {
        w!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{ASK}\"/>",
            fmt_coord(*x),
            fmt_coord(*y)
        );
    }
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Escapes text for HTML element content and attribute values (and SVG text).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A count with thousands separators: 1234567 -> "1,234,567".
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// One decimal with a typographic minus: -9.43 -> "−9.4".
fn num1(x: f64) -> String {
    let s = format!("{:.1}", finite(x));
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c != '0' && c != '.') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn num1_abs(x: f64) -> String {
    num1(finite(x).abs())
}

fn num2(x: f64) -> String {
    let s = format!("{:.2}", finite(x));
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// One decimal with an explicit sign: "+3.2", "−9.4", "0.0".
fn signed1(x: f64) -> String {
    let s = num1(x);
    if s.starts_with('−') || s == "0.0" {
        s
    } else {
        format!("+{s}")
    }
}

fn pct(x: f64) -> String {
    format!("{}%", num1(x))
}

fn num_tick(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        let s = format!("{:.0}", x);
        match s.strip_prefix('-') {
            Some(rest) if rest != "0" => format!("−{rest}"),
            Some(rest) => rest.to_string(),
            None => s,
        }
    } else {
        num1(x)
    }
}

fn score_text(score: f64) -> String {
    if (score - score.round()).abs() < 1e-9 {
        format!("{:.0}", score)
    } else {
        format!("{:.1}", score)
    }
}

/// SVG coordinate: at most one decimal, no trailing ".0".
fn fmt_coord(x: f64) -> String {
    let x = finite(x);
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out = out.trim_end().to_string();
        out.push('…');
        out
    }
}

fn band_names(report: &Report) -> [String; 3] {
    report
        .band_names
        .clone()
        .unwrap_or_else(|| ["low".into(), "middle".into(), "high".into()])
}

fn band_count(bands: &BandCounts, i: usize) -> u64 {
    match i {
        0 => bands.low,
        1 => bands.middle,
        _ => bands.high,
    }
}

/// A word safe to use in a class name.
fn class_word(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at or above `x` (for bar-chart scales).
fn nice_ceiling(x: f64) -> f64 {
    let x = finite(x).max(1e-9);
    let base = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if base * m >= x - 1e-9 {
            return base * m;
        }
    }
    base * 10.0
}

/// Axis bounds and tick step covering `lo..hi` in about five steps.
fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 10.0)
    };
    if hi - lo < 4.0 {
        let mid = (lo + hi) / 2.0;
        lo = mid - 2.0;
        hi = mid + 2.0;
    }
    let step = nice_ceiling((hi - lo) / 5.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Show every n-th axis label so labels at least `min_gap` apart fit in `width`.
fn label_stride(n: usize, width: f64, min_gap: f64) -> usize {
    if n == 0 {
        return 1;
    }
    let gap = width / n as f64;
    ((min_gap / gap).ceil() as usize).max(1)
}

/// Index runs of consecutive points that have a metric.
fn runs(points: &[(String, Option<Metric>)]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if p.1.is_some() {
            current.push(i);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Interpolates from a near-white to a deep blue; `t` in 0..=1.
fn heat_color(t: f64) -> String {
    let from = [0xf3, 0xf6, 0xfa];
    let to = [0x0d, 0x3b, 0x73];
    let t = t.clamp(0.0, 1.0);
    let c: Vec<u8> = from
        .iter()
        .zip(to)
        .map(|(a, b)| (*a as f64 + (b as f64 - *a as f64) * t).round() as u8)
        .collect();
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

const CSS: &str = r#"
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f6f7f9;color:#1b1f24;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:1040px;margin:0 auto;padding:24px 20px 40px;background:#fff;min-height:100vh}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 .25rem}
h2{font-size:1.4rem;margin:0 0 .75rem;padding-bottom:.3rem;border-bottom:2px solid #e3e6ea}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .4rem}
section{margin:2rem 0}
.scope{color:#5b6470;margin:0 0 .75rem}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.35rem .9rem;padding:0;margin:0}
nav a{color:#1f5fa8;text-decoration:none;font-size:.95rem}
nav a:hover{text-decoration:underline}
.hero{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.5rem}
.big{font-size:2.6rem;font-weight:700;margin:0;line-height:1.1}
.big .margin{font-size:1.1rem;font-weight:400;color:#5b6470}
.counts{margin:0;color:#3b424b}
.bands{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1.25rem;flex-basis:100%}
.chip{display:inline-block;width:.85em;height:.85em;border-radius:2px;margin-right:.35em;vertical-align:-.05em}
.band-name{text-transform:capitalize}
.change{font-size:1.1rem}
.change.down strong{color:#b71c1c}
.change.up strong{color:#1b5e20}
.bench{text-transform:capitalize}
.bench-slipping{color:#b71c1c}.bench-typical{color:#8a5a00}.bench-strong{color:#1b5e20}
.warning{background:#fff4e5;border-left:4px solid #e08600;padding:.5rem .75rem}
.caveat{color:#5b6470;font-size:.92rem;font-style:italic}
.muted{color:#5b6470}
.flag{color:#8a5a00;font-size:.85em}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{padding:.4rem .6rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:middle;white-space:nowrap}
thead th{background:#f1f3f5;font-weight:600}
tbody th{font-weight:500;white-space:normal;min-width:9rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.up{color:#1b5e20}td.down{color:#b71c1c}
table.compact td,table.compact th{padding:.3rem .5rem}
.fig{margin:.75rem 0 1rem;overflow-x:auto}
.fig figcaption{color:#5b6470;font-size:.88rem;margin-top:.3rem}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
.legend>span{text-transform:capitalize}
svg.chart{display:block;width:100%;height:auto;max-width:100%;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg.spark{width:120px;height:28px;display:inline-block;vertical-align:middle}
.theme{border-top:1px solid #e3e6ea;padding:.5rem 0 .25rem}
.theme h3{margin:.5rem 0 .25rem}
.facts{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.25rem 0 .5rem;color:#3b424b}
blockquote{margin:.5rem 0;padding:.5rem .9rem;border-left:4px solid #c9ced6;background:#f8f9fa;overflow-wrap:anywhere}
blockquote p{margin:0 0 .25rem}
blockquote footer{color:#5b6470;font-size:.85rem}
#complaints blockquote{border-left-color:#c62828}
#praise blockquote{border-left-color:#2e7d32}
#asks blockquote{border-left-color:#1f5fa8}
.standouts li{margin:.2rem 0}
pre{background:#f1f3f5;padding:.75rem;border-radius:4px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
.foot{color:#5b6470;font-size:.85rem;border-top:1px solid #e3e6ea;padding-top:.75rem}
@media (max-width:640px){
 body{font-size:15px}
 .page{padding:16px 12px 32px}
 h1{font-size:1.5rem}
 .big{font-size:2rem}
 svg.chart:not(.spark){min-width:600px}
}
@media print{
 body{background:#fff;font-size:11pt}
 .page{max-width:none;padding:0;min-height:0}
 nav{display:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2,h3{break-after:avoid}
 figure,blockquote,tr,.theme h3{break-inside:avoid}
 .table-wrap,.fig{overflow:visible}
 th,td{white-space:normal}
 svg.chart:not(.spark){min-width:0}
 a{color:inherit;text-decoration:none}
}
"#;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::report::ReportFacet;
    use crate::report::{Method, SegmentRow, Standout, ThemeTrend, SCHEMA_VERSION};
    use crate::score::Benchmark;
    use crate::themes::Kind;

    fn metric(value: f64, margin: f64, n: u64) -> Metric {
        Metric {
            value,
            margin,
            n,
            benchmark: Some(Benchmark::Slipping),
            small: n < 30,
        }
    }

    fn bands(low: u64, middle: u64, high: u64) -> BandCounts {
        BandCounts {
            low,
            middle,
            high,
            unscored: 0,
        }
    }

    fn snapshot(quarter: &str, b: BandCounts, value: Option<f64>) -> Snapshot {
        let n = b.scored();
        Snapshot {
            quarter: quarter.into(),
            responses: n,
            comments: n / 2,
            comment_rate: 50.0,
            bands: b,
            band_percent: [
                b.percent(Band::Low),
                b.percent(Band::Middle),
                b.percent(Band::High),
            ],
            metric: value.map(|v| metric(v, 4.2, n)),
        }
    }

    fn quote(text: &str) -> Quote {
        let mut segments = BTreeMap::new();
        segments.insert("plan".to_string(), "Pro & <Team>".to_string());
        Quote {
            id: "r1".into(),
            text: text.into(),
            score: Some(3.0),
            band: "detractor".into(),
            date: Some("2026-08-02".into()),
            segments,
        }
    }

    fn theme(label: &str, kind: Kind, quotes: Vec<Quote>) -> ReportTheme {
        ReportTheme {
            label: label.into(),
            key: label.to_lowercase(),
            kind,
            mentions: 1234,
            share: 23.4,
            impact: Some(-12.5),
            previous_share: Some(4.1),
            current_share: Some(6.3),
            quotes,
            facets: vec![ReportFacet {
                label: "<b>legroom</b>".into(),
                mentions: 12,
            }],
        }
    }

    fn sample() -> Report {
        let current = snapshot("2026Q3", bands(412, 321, 500), Some(7.1));
        let previous = snapshot("2026Q2", bands(300, 300, 500), Some(18.2));
        Report {
            schema_version: SCHEMA_VERSION,
            quarter: "2026Q3".into(),
            compare: Some("2026Q2".into()),
            scope: "plan = \"Pro\" & <all>".into(),
            incomplete: Some("latest response 2026-08-20, 41 days before the quarter's end".into()),
            metric_name: Some("NPS".into()),
            band_names: Some(["detractor".into(), "passive".into(), "promoter".into()]),
            headline: Headline {
                current: current.clone(),
                previous: Some(previous.clone()),
                change: Some(-9.4),
                change_margin: Some(11.4),
                significant: Some(false),
                benchmark: Some("slipping".into()),
                caveat: "Only 50% of responses have comments; the vocal few may differ.".into(),
            },
            changes: vec![ThemeChange {
                label: "Label \"&<>".into(),
                key: "label".into(),
                previous_mentions: 10,
                previous_share: 1.5,
                mentions: 1500,
                share: 9.26,
                change: 7.75,
                z: 3.1,
                significant: true,
            }],
            complaints: vec![theme(
                "Label \"&<>",
                Kind::Complaint,
                vec![
                    quote("It broke <script>alert(1)</script> again"),
                    quote("slow & buggy"),
                ],
            )],
            asks: vec![theme(
                "dark mode",
                Kind::Ask,
                vec![quote("please add dark mode")],
            )],
            praise: vec![theme("support", Kind::Praise, vec![quote("great support")])],
            questions: Vec::new(),
            segments: vec![SegmentSection {
                column: "plan".into(),
                rows: vec![
                    SegmentRow {
                        value: "Free".into(),
                        responses: 800,
                        bands: bands(300, 200, 300),
                        metric: Some(metric(0.0, 6.0, 800)),
                    },
                    SegmentRow {
                        value: "Pro <b>".into(),
                        responses: 433,
                        bands: bands(112, 121, 200),
                        metric: Some(metric(20.3, 8.0, 433)),
                    },
                ],
                standouts: vec![Standout {
                    value: "Free".into(),
                    theme: "pricing".into(),
                    mentions: 40,
                    share: 12.0,
                    lift: Some(2.5),
                }],
                heatmap: vec![HeatRow {
                    theme: "pricing".into(),
                    shares: vec![12.0, 3.0],
                    over_represented: vec![true, false],
                }],
            }],
            churn: None,
            quadrants: None,
            agents: None,
            trend: Trend {
                quarters: vec![snapshot("2026Q1", bands(0, 0, 0), None), previous, current],
                themes: vec![ThemeTrend {
                    label: "pricing".into(),
                    key: "price".into(),
                    shares: vec![2.0, 3.0, 5.5],
                }],
            },
            method: Method {
                command: "verbatim report --quarter 2026Q3 --where 'plan=Pro'".into(),
                generated_by: "verbatim 0.1.0".into(),
                min_mentions: 5,
                notes: vec!["Themes are <distinctive> terms.".into()],
            },
        }
    }

    #[test]
    fn every_section_in_order() {
        let html = render(&sample());
        let ids = [
            "headline",
            "changes",
            "complaints",
            "asks",
            "praise",
            "segments",
            "trend",
            "method",
        ];
        let mut last = 0;
        for id in ids {
            let at = html
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("no section {id}"));
            assert!(at > last, "section {id} out of order");
            last = at;
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Voice of the customer — 2026Q3</title>"));
    }

    #[test]
    fn charts_present_with_title_and_role() {
        let html = render(&sample());
        for id in [
            "nps-trend",
            "band-split",
            "complaint-bars",
            "ask-bars",
            "praise-bars",
            "heat-0",
        ] {
            let start = html
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("no chart {id}"));
            let tag_start = html[..start].rfind('<').unwrap();
            let tag = &html[tag_start..start + html[start..].find('>').unwrap()];
            assert!(tag.starts_with("<svg"), "{id} is not an svg: {tag}");
            assert!(
                tag.contains("role=\"img\"")
                    && tag.contains("class=\"chart")
                    && tag.contains("viewBox"),
                "{tag}"
            );
            assert!(
                html[start..]
                    .split("</svg>")
                    .next()
                    .unwrap()
                    .contains("<title"),
                "{id} has no title"
            );
        }
        assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    }

    #[test]
    fn data_is_escaped() {
        let html = render(&sample());
        assert!(!html.contains("<script"), "raw script tag in output");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Label &quot;&amp;&lt;&gt;"));
        assert!(!html.contains("Label \"&<>"));
        assert!(html.contains("Pro &amp; &lt;Team&gt;"));
        assert!(html.contains("Pro &lt;b&gt;"));
        assert!(
            html.contains("&lt;b&gt;legroom&lt;/b&gt; (12)"),
            "facets escaped"
        );
        assert!(html.contains("plan = &quot;Pro&quot; &amp; &lt;all&gt;"));
        assert!(html.contains("--where &#39;plan=Pro&#39;"));
        assert!(html.contains("quarter&#39;s end"));
        // The label inside the SVG bar chart is escaped too.
        let bars = html
            .split("id=\"complaint-bars\"")
            .nth(1)
            .unwrap()
            .split("</svg>")
            .next()
            .unwrap();
        assert!(bars.contains("Label &quot;&amp;&lt;&gt;"));
    }

    #[test]
    fn counts_beside_percentages() {
        let html = render(&sample());
        assert!(html.contains("NPS 7.1"));
        assert!(
            html.contains("<strong>412</strong> (33.4%)"),
            "band count beside percent"
        );
        assert!(html.contains("1,233 responses"));
        assert!(
            html.contains("10 (1.5%)") && html.contains("1,500 (9.3%)"),
            "changes table"
        );
        assert!(html.contains("300 (37.5%)"), "segment table");
        assert!(html.contains("−9.4 points</strong> vs 2026Q2, ±11.4 (95%): within its margin"));
        assert!(html.contains("Incomplete quarter"));
    }

    #[test]
    fn no_external_urls_or_scripts() {
        let html = render(&sample());
        let stripped = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!stripped.contains("http://") && !stripped.contains("https://"));
        assert!(!html.to_lowercase().contains("<script"));
        assert!(!html.contains("<link") && !html.contains("<img") && !html.contains("@import"));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn no_scores_report() {
        let mut r = sample();
        r.metric_name = None;
        r.headline.current.metric = None;
        for q in &mut r.trend.quarters {
            q.metric = None;
        }
        let html = render(&r);
        assert!(html.contains("no scores"));
        assert!(!html.contains("id=\"nps-trend\""));
    }

    #[test]
    fn formatting() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(num1(-0.04), "0.0");
        assert_eq!(signed1(-9.43), "−9.4");
        assert_eq!(signed1(3.25), "+3.2");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(nice_range(-3.0, 25.0).2, 10.0);
    }
}
