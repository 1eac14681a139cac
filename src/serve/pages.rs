//! The page, written with maud (every label, quote and segment value is escaped) around the
//! report's chart partials. It works as plain links and forms; `app.js` only swaps the main
//! part in place and keeps the address bar in step, so every view has a shareable link.

use maud::{html, Markup, DOCTYPE};

use super::params::ViewParams;
use super::view::{View, MAX_LISTED_VALUES, PER_PAGE};
use crate::report::templates::charts::{heat_map, line_chart, responsive, ASK, HIGH, LOW};
use crate::report::templates::format::{count, num1, pct, signed1};
use crate::report::HeatRow;
use crate::score::{Band, Metric};
use crate::search::Hit;
use crate::themes::{Kind, KindCounts, Theme};

/// Facets listed under each theme in the table (the open theme lists them all).
const FACETS_LISTED: usize = 4;

/// The whole page for a view.
pub fn page(view: &View) -> Markup {
    let store = view.explorer.store();
    let title = format!("verbatim — {}", store.dir.display());
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/style.css";
                script src="/app.js" defer {}
            }
            body {
                div id="newer" class="newer" hidden[!view.newer] role="status" {
                    "A newer index is available (an ingest has committed since this page loaded). "
                    form method="post" action="/reload" class="inline" {
                        button type="submit" { "Reload it" }
                    }
                }
                main id="app" class="page explore" data-view=(view.params.query_string()) {
                    (header(view, &title))
                    (scope_bar(view))
                    (headline(view))
                    @if view.search.is_some() { (search_results(view)) }
                    @if view.open.is_some() { (open_theme(view)) }
                    (themes(view))
                    (names(view))
                    (priority(view))
                    (heat(view))
                    (trend(view))
                    (exports(view))
                }
            }
        }
    }
}

/// A page for an error: what was wrong and a way back.
pub fn error_page(status: u16, message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "verbatim — " (status) }
                link rel="stylesheet" href="/style.css";
            }
            body {
                main id="app" class="page explore" {
                    h1 { "This view cannot be shown" }
                    p class="warning" id="error" { (message) }
                    p { a href="/" { "Start again from all responses" } }
                }
            }
        }
    }
}

fn header(view: &View, title: &str) -> Markup {
    html! {
        header class="top" {
            h1 { "Comments explorer" }
            p class="scope" {
                span id="scope-text" { (view.scope_text) }
                @if let Some(q) = &view.params.q { ", matching “" (q) "”" }
                " · " (count(view.explorer.responses() as u64)) " responses in the index"
                span class="sr-only" { (title) }
            }
        }
    }
}

fn scope_bar(view: &View) -> Markup {
    let p = &view.params;
    let quarters = view.explorer.quarters();
    let store = view.explorer.store();
    let scale = store.meta.scale;
    html! {
        form id="scope" class="scope-bar" method="get" action="/" {
            @if view.questions.len() > 1 {
                label { "Question "
                    select name="question" {
                        @for (i, q) in view.questions.iter().enumerate() {
                            option value=(i + 1) selected[p.question.unwrap_or(1) == i as u32 + 1] { (i + 1) ". " (q.label) }
                        }
                    }
                }
            }
            label { "Quarter "
                select name="quarter" {
                    option value="" { "All quarters" }
                    @for q in quarters.iter().rev() {
                        option value=(q) selected[p.quarter.as_ref() == Some(q)] { (q) }
                    }
                }
            }
            label { "Compare with "
                select name="compare" {
                    option value="" { "Previous quarter" }
                    @for q in quarters.iter().rev() {
                        option value=(q) selected[p.compare.as_ref() == Some(q)] { (q) }
                    }
                }
            }
            @if let Some(scale) = scale {
                fieldset class="bands" {
                    legend { "Bands" }
                    @for band in Band::ALL {
                        @let name = scale.band_name(band);
                        label class="check" {
                            input type="checkbox" name="band" value=(name) checked[p.bands.iter().any(|b| b.eq_ignore_ascii_case(name))];
                            " " (name)
                        }
                    }
                }
            }
            @for column in &view.explorer.columns {
                @if column.values.len() <= MAX_LISTED_VALUES && column.values.len() > 1 {
                    @let chosen = p.wheres.iter().find_map(|w| {
                        let (c, v) = w.split_once('=')?;
                        c.trim().eq_ignore_ascii_case(&column.name).then(|| v.trim().to_string())
                    });
                    label { (column.name) " "
                        select name="where" {
                            option value="" { "All" }
                            @for value in &column.values {
                                @let pair = format!("{}={}", column.name, value);
                                option value=(pair) selected[chosen.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(value))] { (value) }
                            }
                        }
                    }
                }
            }
            label { "From " input type="date" name="from" value=[p.from.as_deref()]; }
            label { "To " input type="date" name="to" value=[p.to.as_deref()]; }
            label class="grow" { "Search "
                input type="search" name="q" id="q" value=[p.q.as_deref()] placeholder="words, \"a phrase\", billing -refund";
            }
            @if let Some(theme) = &p.theme { input type="hidden" name="theme" value=(theme); }
            @if let Some(facet) = &p.facet { input type="hidden" name="facet" value=(facet); }
            @if let Some(heat) = &p.heat { input type="hidden" name="heat" value=(heat); }
            button type="submit" { "Apply" }
            a class="reset" href="/" { "Clear" }
        }
    }
}

fn metric_text(name: &str, m: &Metric) -> String {
    match m.shown_margin() {
        Some(margin) => format!("{name} {} ± {}", num1(m.value), num1(margin)),
        None => format!("{name} {}", num1(m.value)),
    }
}

fn headline(view: &View) -> Markup {
    let store = view.explorer.store();
    let scale = store.meta.scale;
    let bands = &view.selection.bands;
    let metric = view.metric();
    let before = view
        .compare
        .as_ref()
        .and_then(|(label, s)| Some((label, view.explorer.metric(s)?)));
    html! {
        section id="headline" {
            div class="hero" {
                @match (scale, metric) {
                    (Some(scale), Some(m)) => p class="big" id="metric" { (metric_text(scale.metric_name(), &m)) },
                    (Some(scale), None) => p class="big" id="metric" { (scale.metric_name()) " —" },
                    (None, _) => p class="big" id="metric" { "No scores" },
                }
                p class="counts" {
                    strong id="scope-responses" { (count(view.selection.responses)) } " responses, "
                    (count(view.selection.comments)) " with a comment"
                    @if let Some(m) = metric { @if m.small { " " strong class="flag" { "few responses: read with care" } } }
                }
                @if let (Some(scale), Some(m)) = (scale, metric) {
                    @if let Some((label, then)) = before {
                        p class="change" { "Against " (label) ": " strong { (signed1(m.value - then.value)) } " (" (scale.metric_name()) " " (num1(then.value)) ")" }
                    }
                }
            }
            @if let Some(scale) = scale {
                ul class="bands" id="band-counts" {
                    @for (band, class) in Band::ALL.iter().zip(["low", "middle", "high"]) {
                        li { span class={ "chip " (class) } {} span class="band-name" { (scale.band_name(*band)) } " "
                            strong { (count(bands.get(*band))) } " (" (pct(bands.percent(*band))) ")" }
                    }
                    @if bands.unscored > 0 { li { "unscored " strong { (count(bands.unscored)) } } }
                }
            }
        }
    }
}

/// Complaint, ask and praise of a theme as one small stacked bar, with the counts in words.
fn sentiment_split(kinds: &KindCounts, mentions: u64) -> Markup {
    let parts = [
        (kinds.complaint, LOW, "complaint"),
        (kinds.ask, ASK, "ask"),
        (kinds.praise, HIGH, "praise"),
    ];
    let total = parts.iter().map(|p| p.0).sum::<u64>().max(mentions).max(1) as f64;
    let mut x = 0.0;
    let words = format!(
        "{} complaint, {} ask, {} praise of {} mentions",
        kinds.complaint, kinds.ask, kinds.praise, mentions
    );
    html! {
        svg class="split" viewBox="0 0 100 10" role="img" aria-label=(words) preserveAspectRatio="none" {
            title { (words) }
            rect x="0" y="0" width="100" height="10" fill="#e3e6ea" {}
            @for (n, color, _) in parts {
                @let w = 100.0 * n as f64 / total;
                rect x=(format!("{x:.2}")) y="0" width=(format!("{w:.2}")) height="10" fill=(color) {}
                ({ x += w; "" })
            }
        }
    }
}

fn themes(view: &View) -> Markup {
    let p = &view.params;
    let compare = view.compare.as_ref().map(|(l, _)| l.as_str());
    html! {
        section id="themes" {
            h2 { "Themes" }
            @if view.themes.is_empty() {
                p class="muted" { "No theme is mentioned in this scope." }
            } @else {
                p class="muted" {
                    "Share of the " (count(view.selection.comments)) " responses with a comment in scope that mention each theme. "
                    "Themes are found once over the whole index; the scope only chooses what is counted. Click one for its quotes and responses."
                }
                // Roles are explicit: on a phone the rows are laid out as a grid (serve.css),
                // and browsers then drop the table's own roles for screen readers.
                div class="table-wrap" {
                    table class="themes" role="table" {
                        thead role="rowgroup" { tr role="row" {
                            th scope="col" role="columnheader" { "Theme" }
                            th scope="col" role="columnheader" class="num" { "Mentions" }
                            th scope="col" role="columnheader" class="num" { "Share" }
                            th scope="col" role="columnheader" { "Complaint · ask · praise" }
                            th scope="col" role="columnheader" class="num" { @if let Some(c) = compare { "Change vs " (c) } @else { "Change" } }
                        } }
                        tbody role="rowgroup" {
                            @for t in &view.themes {
                                (theme_row(view, t))
                                @for f in t.facets.iter().take(FACETS_LISTED) {
                                    tr class="facet-row" role="row" data-theme=(t.key) data-key=(f.key) {
                                        th scope="row" role="rowheader" class="facet" {
                                            a class="facet-link" href=(p.link(|v| { v.theme = Some(t.label.clone()); v.facet = Some(f.key.clone()); v.kind = None; })) { (f.label) }
                                        }
                                        td role="cell" class="num mentions" { (count(f.mentions)) }
                                        td role="cell" class="num" { (pct(f.share)) }
                                        td role="cell" { (sentiment_split(&f.kinds, f.mentions)) }
                                        td role="cell" {}
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Names listed on the page.
const NAMES_SHOWN: usize = 10;

/// The names the scope's comments mention (brands, rivals, places), apart from the themes, with
/// a quote each.
fn names(view: &View) -> Markup {
    let names = view.explorer.names(&view.selection, NAMES_SHOWN, 1);
    html! {
        @if !names.is_empty() {
            section id="names" {
                h2 { "Names mentioned" }
                p class="muted" { "Words the comments capitalise mid-sentence in most of their uses, counted apart from the themes." }
                div class="table-wrap" {
                    table class="names" {
                        thead { tr {
                            th scope="col" { "Name" }
                            th scope="col" class="num" { "Mentions" }
                            th scope="col" class="num" { "Share" }
                            th scope="col" { "Complaint · ask · praise" }
                            th scope="col" { "Quote" }
                        } }
                        tbody {
                            @for n in &names {
                                tr {
                                    th scope="row" { (n.name) }
                                    td class="num" { (count(n.mentions)) }
                                    td class="num" { (pct(n.share)) }
                                    td { (sentiment_split(&n.kinds, n.mentions)) }
                                    td { @if let Some(q) = n.quotes.first() { (q.text) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn theme_row(view: &View, t: &Theme) -> Markup {
    let p = &view.params;
    let open = p
        .theme
        .as_deref()
        .is_some_and(|n| n == t.key || n.eq_ignore_ascii_case(&t.label))
        && p.facet.is_none();
    let change = view.change(t);
    html! {
        tr class={ "theme-row" @if open { " open" } } role="row" data-key=(t.key) {
            th scope="row" role="rowheader" {
                a class="theme-link" href=(p.link(|v| { v.theme = Some(t.label.clone()); v.facet = None; v.kind = None; })) { (t.label) }
                " " span class={ "kind kind-" (t.kind.as_str()) } { (t.kind.as_str()) }
            }
            td role="cell" class="num mentions" { (count(t.mentions)) }
            td role="cell" class="num share" { (pct(t.share)) }
            td role="cell" { (sentiment_split(&t.kinds, t.mentions)) }
            @match change {
                Some(c) if c > 0.05 => td role="cell" class="num up" { (signed1(c)) " pts" },
                Some(c) if c < -0.05 => td role="cell" class="num down" { (signed1(c)) " pts" },
                Some(_) => td role="cell" class="num" { "±0.0 pts" },
                None => td role="cell" class="num muted" { "—" },
            }
        }
    }
}

fn open_theme(view: &View) -> Markup {
    let Some(open) = &view.open else {
        return html! {};
    };
    let p = &view.params;
    let t = &open.theme;
    let facet = open
        .pick
        .facet
        .as_ref()
        .and_then(|key| t.facets.iter().find(|f| &f.key == key));
    let (label, mentions, kinds, quotes) = match facet {
        Some(f) => (
            format!("{} › {}", t.label, f.label),
            f.mentions,
            &f.kinds,
            &f.quotes,
        ),
        None => (t.label.clone(), t.mentions, &t.kinds, &t.quotes),
    };
    let pages = open.total.div_ceil(PER_PAGE).max(1);
    html! {
        section id="open" data-key=(t.key) data-facet=[open.pick.facet.as_deref()] {
            h2 { (label) }
            p class="facts" {
                span { strong id="open-mentions" { (count(mentions)) } " mentions" }
                span { (count(kinds.complaint)) " complaint" }
                span { (count(kinds.ask)) " ask" }
                span { (count(kinds.praise)) " praise" }
                @if !t.terms.is_empty() { span class="muted" { "words: " (t.terms.join(", ")) } }
            }
            @if facet.is_none() && !t.facets.is_empty() {
                h3 { "Facets" }
                ul class="facets" {
                    @for f in &t.facets {
                        li { a class="facet-link" href=(p.link(|v| { v.facet = Some(f.key.clone()); v.kind = None; })) { (f.label) } " " span class="muted" { (count(f.mentions)) } }
                    }
                }
            }
            @if !quotes.is_empty() {
                h3 { "Quotes" }
                @for q in quotes.iter() {
                    blockquote class="quote" {
                        p { (q.text) }
                        footer { (q.id) " · " (q.band) @if let Some(d) = &q.date { " · " (d) } }
                    }
                }
            }
            h3 id="responses-title" { "Responses (" (count(open.total as u64)) ")" }
            nav class="kinds" aria-label="Filter by kind" {
                a href=(p.link(|v| v.kind = None)) class={ @if p.kind.is_none() { "on" } } { "All" }
                @for kind in [Kind::Complaint, Kind::Ask, Kind::Praise, Kind::Neutral] {
                    " " a href=(p.link(|v| v.kind = Some(kind))) class={ @if p.kind == Some(kind) { "on" } } { (kind.as_str()) }
                }
                " " a href=(p.link(|v| { v.theme = None; v.facet = None; v.kind = None; })) { "Close" }
            }
            ol id="responses" class="responses" start=((p.page - 1) * PER_PAGE + 1) {
                @for hit in &open.responses { li { (response(hit, &[])) } }
            }
            (pager(p, pages))
            @if view.codebook_editable && facet.is_none() { (codebook_forms(view, t)) }
        }
    }
}

fn response(hit: &Hit, highlights: &[(usize, usize)]) -> Markup {
    html! {
        article class="response" {
            p class="meta" {
                strong { (hit.id) } " · " (hit.band)
                @if let Some(s) = hit.score { " · score " (s) }
                @if let Some(d) = &hit.date { " · " (d) }
                @for (k, v) in &hit.segments { " · " (k) ": " (v) }
            }
            p class="text" { (highlighted(&hit.text, highlights)) }
        }
    }
}

/// `text` with the byte ranges marked (each range must fall on character boundaries).
fn highlighted(text: &str, ranges: &[(usize, usize)]) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    let mut sorted = ranges.to_vec();
    sorted.sort();
    for (start, end) in sorted {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        pieces.push((&text[at..start], false));
        pieces.push((&text[start..end], true));
        at = end;
    }
    pieces.push((&text[at..], false));
    html! {
        @for (piece, marked) in pieces {
            @if marked { mark { (piece) } } @else { (piece) }
        }
    }
}

fn pager(p: &ViewParams, pages: usize) -> Markup {
    let pages = pages.min(super::params::MAX_PAGE);
    html! {
        @if pages > 1 {
            nav class="pager" aria-label="Pages" {
                @if p.page > 1 {
                    @let prev = p.page - 1;
                    a rel="prev" href=(p.link(|v| v.page = prev)) { "← Previous" } " "
                }
                span { "Page " (p.page) " of " (pages) }
                @if p.page < pages {
                    @let next = p.page + 1;
                    " " a rel="next" href=(p.link(|v| v.page = next)) { "Next →" }
                }
            }
        }
    }
}

fn search_results(view: &View) -> Markup {
    let Some(results) = &view.search else {
        return html! {};
    };
    let p = &view.params;
    let start = (p.page - 1) * PER_PAGE;
    let pages = (results.total as usize).div_ceil(PER_PAGE).max(1);
    html! {
        section id="search" {
            h2 { "Search: “" (results.query) "”" }
            p class="counts" {
                strong id="search-total" { (count(results.total)) } " matching responses"
                @if let Some(names) = results.band_names {
                    @for (i, band) in Band::ALL.iter().enumerate() {
                        " · " (names[i]) " " strong class="band-count" { (count(results.by_band.get(*band))) }
                    }
                }
                @if results.by_band.unscored > 0 { " · unscored " (count(results.by_band.unscored)) }
            }
            @if !results.ignored.is_empty() {
                p class="muted" { "Left out (too common to search): " (results.ignored.join(", ")) }
            }
            @if !results.added.is_empty() || !p.dropped.is_empty() {
                p id="added" class="muted" {
                    @if !results.added.is_empty() {
                        "Also matched (synonyms): "
                        @for (i, word) in results.added.iter().enumerate() {
                            @if i > 0 { ", " }
                            span class="added" { (word) }
                            " "
                            a class="drop" title={ "search without " (word) } href=(p.link(|v| v.dropped.push(word.clone()))) { "×" }
                        }
                        ". "
                    }
                    @if !p.dropped.is_empty() {
                        "Left out: " (p.dropped.join(", ")) " "
                        a id="undrop" href=(p.link(|v| v.dropped.clear())) { "add them back" }
                    }
                }
            }
            @if view.open.is_none() {
                ol id="hits" class="responses" start=(start + 1) {
                    @for hit in results.hits.iter().skip(start) {
                        li { (response(hit, &hit.text_highlights)) }
                    }
                }
                (pager(p, pages))
            } @else {
                p class="muted" { "The open theme below lists the matching responses that mention it." }
            }
        }
    }
}

/// The priority chart: the scope's themes at their share of comments (across) and their impact
/// on the score (up), as `verbatim drivers` ranks them.
fn priority(view: &View) -> Markup {
    use crate::report::templates::charts::{priority_chart, responsive};
    let Some(report) = &view.drivers else {
        return html! {};
    };
    let metric = report.metric_name.unwrap_or("score");
    let points = crate::report::templates::priority_points(&report.drivers);
    if points.is_empty() {
        return html! {};
    }
    let title = format!("Each theme's share of comments and impact on the {metric}");
    html! {
        section id="priority" {
            h2 { "What to fix first" }
            p class="muted" {
                "Impact: the " (metric) " of every scored response in scope minus the " (metric)
                " without the responses mentioning the theme (an association, not a cause). Fix first: share at or above the median ("
                (format!("{:.1}%", report.median_share)) ") and impact below 0; watch: below the median and below 0; strengths: at or above the median and at or above 0; minor: the rest. Full dots stay significant after Benjamini-Hochberg. "
                code { "verbatim drivers" } " gives the same ranking as a table."
            }
            figure class="fig" {
                (responsive(|w| priority_chart("priority-chart", &title, &points, report.median_share, metric, w)))
            }
        }
    }
}

fn heat(view: &View) -> Markup {
    let Some(heat) = &view.heat else {
        return html! {};
    };
    let p = &view.params;
    let rows: Vec<HeatRow> = heat
        .rows
        .iter()
        .map(|(theme, shares, over)| HeatRow {
            theme: theme.clone(),
            shares: shares.clone(),
            over_represented: over.clone(),
        })
        .collect();
    let title = format!("Share of comments mentioning each theme by {}", heat.column);
    html! {
        section id="heat" {
            h2 { "Themes by " (heat.column) }
            nav class="columns" aria-label="Heat map column" {
                @for column in &view.explorer.columns {
                    @if column.values.len() <= MAX_LISTED_VALUES && column.values.len() > 1 {
                        a href=(p.link(|v| v.heat = Some(column.name.clone()))) class={ @if column.name == heat.column { "on" } } { (column.name) } " "
                    }
                }
            }
            @if rows.is_empty() {
                p class="muted" { "No theme to map in this scope." }
            } @else {
                figure class="fig" {
                    (heat_map("heat-map", &title, &heat.values, &rows))
                    figcaption { "▲ marks a share significantly above the other values (Benjamini-Hochberg at 5%, at least 5 mentions)." }
                }
            }
        }
    }
}

fn trend(view: &View) -> Markup {
    let Some(scale) = view.explorer.store().meta.scale else {
        return html! {};
    };
    let name = scale.metric_name();
    let points: Vec<(String, Option<Metric>)> = view
        .trend
        .iter()
        .map(|(q, bands)| (q.clone(), Metric::compute(scale, bands)))
        .collect();
    html! {
        section id="trend" {
            h2 { (name) " per quarter" }
            @if points.len() < 2 {
                p class="muted" { "One quarter only: no trend to draw." }
            } @else {
                figure class="fig" {
                    (responsive(|w| line_chart("trend-chart", &format!("{name} per quarter with its 95% margin"), name, &points, w)))
                    figcaption { "Same filters as the page, every quarter." }
                }
            }
        }
    }
}

fn exports(view: &View) -> Markup {
    let q = view.params.query_string();
    let with = |path: &str| {
        if q.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{q}")
        }
    };
    html! {
        section id="exports" {
            h2 { "Export" }
            p {
                a id="export-csv" href=(with("/export.csv")) download { "Responses of this view (CSV)" }
                " · " a id="export-report" href=(with("/report.html")) download { "Report for this scope (HTML)" }
                " · " a href=(with("/report.md")) download { "(Markdown)" }
            }
            p class="muted" { "The CSV holds the open theme's responses, else the search matches, else every response in scope. Cells that a spreadsheet would run as formulas are defused." }
        }
    }
}

fn codebook_forms(view: &View, t: &Theme) -> Markup {
    let back = view.params.link(|v| {
        v.theme = None;
        v.facet = None;
    });
    html! {
        div id="codebook" class="codebook" {
            h3 { "Codebook" }
            form method="post" action="/codebook" class="inline" {
                input type="hidden" name="action" value="rename";
                input type="hidden" name="theme" value=(t.key);
                input type="hidden" name="back" value=(back);
                label { "Rename to " input type="text" name="to" required; }
                " " button type="submit" { "Rename" }
            }
            form method="post" action="/codebook" class="inline" {
                input type="hidden" name="action" value="merge";
                input type="hidden" name="theme" value=(t.key);
                input type="hidden" name="back" value=(back);
                label { "Merge with "
                    select name="with" required {
                        @for other in view.themes.iter().filter(|o| o.key != t.key) {
                            option value=(other.key) { (other.label) }
                        }
                    }
                }
                " " button type="submit" { "Merge" }
            }
            form method="post" action="/codebook" class="inline" {
                input type="hidden" name="action" value="ignore";
                input type="hidden" name="theme" value=(t.key);
                input type="hidden" name="back" value=(back);
                button type="submit" { "Ignore this theme" }
            }
            p class="muted" { "Changes are written to the codebook file (never the index) and applied at once." }
        }
    }
}
