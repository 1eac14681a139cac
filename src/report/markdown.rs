//! The report as GitHub-flavoured Markdown: tables, no raw HTML, every comment escaped.

use std::fmt::Write;

use super::model::*;
use crate::output::{markdown_safe as md, thousands};
use crate::score::{Metric, SMALL_GROUP};
use crate::themes::drivers::ScoreChange;
use crate::themes::drivers_print::change_note;
use crate::themes::print::impact_cell;
use crate::themes::Kind;

fn metric(m: Option<&Metric>) -> String {
    m.map_or("-".into(), Metric::with_margin)
}

fn signed(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:+.1}"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}%"))
}

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let name = r.metric_name.as_deref().unwrap_or("Score");
    let bands = r
        .band_names
        .clone()
        .unwrap_or_else(|| ["low".into(), "middle".into(), "high".into()]);
    title(&mut s, r);
    headline(&mut s, r, name, &bands);
    questions(&mut s, r);
    segments(&mut s, r, name, &bands);
    trend(&mut s, r, name);
    context(&mut s, r, name);
    method(&mut s, r);
    s
}

/// The title, the scope and the warning about an incomplete quarter.
fn title(s: &mut String, r: &Report) {
    let _ = writeln!(s, "# Voice of the customer: {}\n", md(&r.quarter));
    let _ = writeln!(
        s,
        "Scope: {}{}.\n",
        md(&r.scope),
        r.compare
            .as_ref()
            .map_or(String::new(), |c| format!("; compared with {}", md(c)))
    );
    if let Some(warning) = &r.incomplete {
        let _ = writeln!(s, "> **Note:** {}\n", md(warning));
    }
}

/// The score, its change against the comparison quarter, both quarters' counts and the caveat.
fn headline(s: &mut String, r: &Report, name: &str, bands: &[String; 3]) {
    let h = &r.headline;
    let _ = writeln!(s, "## Headline\n");
    match &h.current.metric {
        Some(m) => {
            let margin = m.shown_margin().map_or(
                format!("{}: fewer than {SMALL_GROUP}", crate::score::TOO_FEW),
                |x| format!("±{x:.1} at 95%"),
            );
            let _ = write!(s, "**{name} {:.1}** ({margin})", m.value);
            if let Some(negative) = m.negative {
                let _ = match m.shown_margin() {
                    Some(_) => write!(
                        s,
                        ", % negative {:.1} (±{:.1})",
                        negative.value, negative.margin
                    ),
                    None => write!(s, ", % negative {:.1}", negative.value),
                };
            }
            let _ = write!(s, " from {} scored responses", thousands(m.n));
            if let Some(b) = &h.benchmark {
                let _ = write!(s, ": {b}");
            }
            let _ = writeln!(s, ".\n");
        }
        None => {
            let _ = writeln!(s, "No scores in scope: counts and comments only.\n");
        }
    }
    if let (Some(change), Some(margin), Some(prev)) = (h.change, h.change_margin, &h.previous) {
        let verdict = if h.significant == Some(true) {
            "larger than its margin"
        } else {
            "within its margin: not a clear change"
        };
        let _ = writeln!(
            s,
            "Change against {}: **{change:+.1} points** (±{margin:.1} at 95%), {verdict}.\n",
            md(&prev.quarter)
        );
    } else if let (Some(now), Some(before), Some(prev)) = (
        &h.current.metric,
        h.previous.as_ref().and_then(|p| p.metric.as_ref()),
        &h.previous,
    ) {
        let _ = writeln!(
            s,
            "Change against {}: {:+.1} points, but {} of them has fewer than {SMALL_GROUP} scored responses: too few to tell a change from noise.\n",
            md(&prev.quarter),
            now.value - before.value,
            if now.small && before.small { "each" } else { "one" }
        );
    }
    let _ = writeln!(
        s,
        "| | responses | comments | {} | {} | {} | {name} |",
        md(&bands[0]),
        md(&bands[1]),
        md(&bands[2])
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|");
    for snap in std::iter::once(&h.current).chain(h.previous.as_ref()) {
        let b = &snap.bands;
        let _ = writeln!(
            s,
            "| {} | {} | {} ({:.1}%) | {} ({:.1}%) | {} ({:.1}%) | {} ({:.1}%) | {} |",
            md(&snap.quarter),
            thousands(snap.responses),
            thousands(snap.comments),
            snap.comment_rate,
            thousands(b.low),
            snap.band_percent[0],
            thousands(b.middle),
            snap.band_percent[1],
            thousands(b.high),
            snap.band_percent[2],
            metric(snap.metric.as_ref())
        );
    }
    let _ = writeln!(s, "\n_{}_\n", md(&h.caveat));
}

/// The theme lists: once for the index, or once per open question where it has several.
fn questions(s: &mut String, r: &Report) {
    if r.questions.len() > 1 {
        for (k, q) in r.questions.iter().enumerate() {
            if let Some(question) = &q.question {
                let _ = writeln!(
                    s,
                    "## Question {} of {}: {}\n",
                    k + 1,
                    r.questions.len(),
                    md(&question.label)
                );
            }
            theme_lists(s, r, q);
        }
    } else {
        theme_lists(s, r, &r.primary_lists());
    }
}

/// Each segment column's scores per value and the themes that stand out in a value.
fn segments(s: &mut String, r: &Report, name: &str, bands: &[String; 3]) {
    let _ = writeln!(s, "## Segments\n");
    if r.segments.is_empty() {
        let _ = writeln!(s, "No segment column has values that differ enough in {} to show (see the method below); `--segments COLUMN,...` chooses columns by hand.\n", md(&r.quarter));
    }
    for section in &r.segments {
        let _ = writeln!(s, "### {}\n", md(&section.column));
        let _ = writeln!(
            s,
            "| {} | responses | {} | {} | {} | {name} |\n|---|---:|---:|---:|---:|---:|",
            md(&section.column),
            md(&bands[0]),
            md(&bands[1]),
            md(&bands[2])
        );
        for row in &section.rows {
            let b = &row.bands;
            let _ = writeln!(
                s,
                "| {} | {} | {} ({:.1}%) | {} ({:.1}%) | {} ({:.1}%) | {} |",
                md(&row.value),
                thousands(row.responses),
                thousands(b.low),
                b.percent(crate::score::Band::Low),
                thousands(b.middle),
                b.percent(crate::score::Band::Middle),
                thousands(b.high),
                b.percent(crate::score::Band::High),
                metric(row.metric.as_ref())
            );
        }
        if !section.standouts.is_empty() {
            let _ = writeln!(s, "\nStands out:");
            for o in section.standouts.iter().take(6) {
                let _ = writeln!(
                    s,
                    "- {} in {} = {}: {} mentions, {:.1}%{}",
                    md(&o.theme),
                    md(&section.column),
                    md(&o.value),
                    thousands(o.mentions),
                    o.share,
                    o.lift
                        .map_or(String::new(), |l| format!(", {l:.1}x the other values"))
                );
            }
        }
        let _ = writeln!(s);
    }
}

/// Every quarter's score and the main themes' share, one row per quarter.
fn trend(s: &mut String, r: &Report, name: &str) {
    let _ = writeln!(s, "## Trend\n");
    let mut head = format!("| quarter | responses | {name} |");
    let mut rule = "|---|---:|---:|".to_string();
    for t in &r.trend.themes {
        head.push_str(&format!(" {} |", md(&t.label)));
        rule.push_str("---:|");
    }
    let _ = writeln!(s, "{head}\n{rule}");
    for (i, q) in r.trend.quarters.iter().enumerate() {
        let mut line = format!(
            "| {} | {} | {} |",
            md(&q.quarter),
            thousands(q.responses),
            metric(q.metric.as_ref())
        );
        for t in &r.trend.themes {
            line.push_str(&format!(
                " {:.1}% |",
                t.shares.get(i).copied().unwrap_or(0.0)
            ));
        }
        let _ = writeln!(s, "{line}");
    }
}

/// The method notes and the command that made the report.
fn method(s: &mut String, r: &Report) {
    let _ = writeln!(s, "\n## Method\n");
    for note in &r.method.notes {
        let _ = writeln!(s, "- {}", md(note));
    }
    let _ = writeln!(
        s,
        "\nMade by {} with:\n\n```\n{}\n```",
        md(&r.method.generated_by),
        r.method.command.replace("```", "'''")
    );
}

/// Churn, usage quadrants and agents, when the report has them.
fn context(s: &mut String, r: &Report, name: &str) {
    if let Some(c) = &r.churn {
        let _ = writeln!(s, "\n## Churn\n");
        let _ = writeln!(s, "Accounts from {}, joined on {}; each customer's latest response in scope (all quarters) speaks for them.\n", md(&c.accounts_file), md(&c.customer_column));
        let _ = writeln!(
            s,
            "| | customers | {name} | revenue-weighted {name} |\n|---|---:|---:|---:|"
        );
        for (label, cohort) in [("churned", &c.churned), ("retained", &c.retained)] {
            let _ = writeln!(
                s,
                "| {label} | {} | {} | {} |",
                thousands(cohort.customers),
                metric(cohort.metric.as_ref()),
                cohort
                    .revenue_weighted
                    .map_or("-".into(), |v| format!("{v:.1}"))
            );
        }
        let _ = writeln!(s, "\n{} customers with responses have no account in the file; {} accounts have no response in scope.\n", thousands(c.unmatched), thousands(c.accounts_without_responses));
        let window = if c.status_only {
            "at any time (the accounts file has no churn dates)".to_string()
        } else {
            format!("within {} days of answering", c.window_days)
        };
        let _ = writeln!(
            s,
            "**Left smiling** (churned {window}): {}\n",
            c.left_smiling.len()
        );
        for l in &c.left_smiling {
            let _ = writeln!(
                s,
                "> {}  \n> — {}, {}, answered {}, churned {}\n",
                md(&l.comment),
                md(&l.customer),
                md(&l.score_band),
                l.date.as_deref().unwrap_or("-"),
                l.churn_date.as_deref().unwrap_or("-")
            );
        }
        if !c.churn_themes.is_empty() {
            let _ = writeln!(
                s,
                "Themes over-represented among churned customers: {}\n",
                c.churn_themes
                    .iter()
                    .map(|(t, n, _)| format!("{} ({n})", md(t)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if let Some(q) = &r.quadrants {
        let _ = writeln!(s, "\n## Usage quadrants\n");
        let _ = writeln!(
            s,
            "High usage: {} >= {}{}; high satisfaction: {} or better.\n",
            md(&q.split.usage_column),
            q.split.usage_split,
            if q.split.usage_split_is_median {
                " (median)"
            } else {
                ""
            },
            md(&q.split.satisfied_from)
        );
        let _ = writeln!(
            s,
            "| quadrant | responses | {name} | themes |\n|---|---:|---:|---|"
        );
        for row in &q.rows {
            let themes = q
                .themes_of(&row.group)
                .iter()
                .map(|x| md(x))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                s,
                "| {} | {} | {} | {themes} |",
                md(&row.group),
                thousands(row.responses),
                metric(row.metric.as_ref())
            );
        }
    }
    if let Some(a) = &r.agents {
        let _ = writeln!(s, "\n## Agents\n");
        let _ = writeln!(s, "By {}; fast means under {} in {} (the median unless set). Agents with fewer than {} responses are too few to judge.\n", md(&a.agent_column), a.fast_below, md(&a.time_column), a.min_responses);
        let _ = writeln!(s, "| agent | responses | {name} | median time | fast but low |\n|---|---:|---:|---:|---:|");
        for row in &a.agents {
            let _ = writeln!(
                s,
                "| {}{} | {} | {} | {} | {} |",
                md(&row.agent),
                if row.too_few { " (too few)" } else { "" },
                thousands(row.responses),
                metric(row.metric.as_ref()),
                row.median_time.map_or("-".into(), |t| t.to_string()),
                thousands(row.fast_low)
            );
        }
        if !a.fast_low_themes.is_empty() {
            let _ = writeln!(
                s,
                "\nWhat the fast-but-low comments say: {}",
                a.fast_low_themes
                    .iter()
                    .map(|(t, n)| format!("{} ({n})", md(t)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}

/// What changed and the top complaints, asks and praise of one question.
fn theme_lists(s: &mut String, r: &Report, q: &QuestionThemes) {
    let name = r.metric_name.as_deref().unwrap_or("Score");
    let bands = r
        .band_names
        .clone()
        .unwrap_or_else(|| ["low".into(), "middle".into(), "high".into()]);
    let _ = writeln!(s, "## What changed\n");
    if q.changes.is_empty() {
        let _ = writeln!(
            s,
            "No theme's share changed significantly against the comparison quarter.\n"
        );
    } else {
        let _ = writeln!(s, "| theme | before | now | change |\n|---|---:|---:|---:|");
        for c in &q.changes {
            let _ = writeln!(
                s,
                "| {} | {} ({:.1}%) | {} ({:.1}%) | {:+.1} pts (z {:.1}) |",
                md(&c.label),
                thousands(c.previous_mentions),
                c.previous_share,
                thousands(c.mentions),
                c.share,
                c.change,
                c.z
            );
        }
        let _ = writeln!(s);
    }

    if let Some(c) = &q.score_change {
        score_change(s, name, c);
    }
    priority(s, name, q);
    for (title, list, kind, base) in [
        (
            format!("Top complaints ({}s)", bands[0]),
            &q.complaints,
            Kind::Complaint,
            format!("share of {}s' comments", bands[0]),
        ),
        (
            "Top asks".to_string(),
            &q.asks,
            Kind::Ask,
            "share of all comments".to_string(),
        ),
        (
            format!("Top praise ({}s)", bands[2]),
            &q.praise,
            Kind::Praise,
            format!("share of {}s' comments", bands[2]),
        ),
    ] {
        let _ = writeln!(s, "## {}\n", md(&title));
        if list.is_empty() {
            let _ = writeln!(s, "No theme reaches the minimum support.\n");
            continue;
        }
        let _ = writeln!(s, "| theme | mentions | {} | impact on {name} | gap | share of all comments before → now | facets |\n|---|---:|---:|---:|---:|---|---|", md(&base));
        for t in list.iter() {
            let facets: Vec<String> = t
                .facets
                .iter()
                .map(|f| format!("{} ({})", md(&f.label), thousands(f.mentions)))
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {:.1}% | {} | {} | {} → {} | {} |",
                md(&t.label),
                thousands(t.mentions),
                t.share,
                md(&impact_cell(t.impact.as_ref())),
                signed(t.gap),
                pct(t.previous_share),
                pct(t.current_share),
                facets.join(", ")
            );
        }
        let _ = writeln!(s, "\n{}", md(&list_rule(kind, name)));
        let _ = writeln!(s);
        for t in list.iter() {
            for q in &t.quotes {
                let segs: Vec<String> = q
                    .segments
                    .iter()
                    .map(|(k, v)| format!("{}: {}", md(k), md(v)))
                    .collect();
                let score = q.score.map_or(String::new(), |v| format!("{v}, "));
                let _ = writeln!(
                    s,
                    "> {}  \n> — {}{}{}{}, {} ({})\n",
                    md(&q.text),
                    score,
                    md(&q.band),
                    q.date
                        .as_ref()
                        .map_or(String::new(), |d| format!(", {}", md(d))),
                    if segs.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", segs.join(", "))
                    },
                    md(&q.id),
                    md(&t.label)
                );
            }
        }
    }
    names(s, q);
}

/// The names the quarter's comments mention, apart from the themes, with a quote each.
fn names(s: &mut String, q: &QuestionThemes) {
    if q.names.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "## Names mentioned\n\nWords the comments capitalise mid-sentence in most of their uses (brands, rivals, places, products), counted apart from the themes.\n"
    );
    let _ = writeln!(
        s,
        "| name | mentions | share of all comments | complaint/ask/praise |\n|---|---:|---:|---|"
    );
    for n in &q.names {
        let _ = writeln!(
            s,
            "| {} | {} | {:.1}% | {}/{}/{} |",
            md(&n.name),
            thousands(n.mentions),
            n.share,
            n.kinds.complaint,
            n.kinds.ask,
            n.kinds.praise
        );
    }
    let _ = writeln!(s);
    for n in &q.names {
        if let Some(quote) = n.quotes.first() {
            let _ = writeln!(
                s,
                "> {}  \n> — {} ({})\n",
                md(&quote.text),
                md(&quote.id),
                md(&n.name)
            );
        }
    }
}

/// Why the score moved: each theme's change in impact, split into mix and rate.
fn score_change(s: &mut String, name: &str, c: &ScoreChange) {
    let _ = writeln!(
        s,
        "## Why the {name} moved\n\n{} {} → {} {}: {:+.1} points.\n\n| theme | impact before | impact now | change | mix | rate |\n|---|---:|---:|---:|---:|---:|",
        md(&c.previous_quarter),
        c.previous.map_or("-".into(), |m| format!("{:.1}", m.value)),
        md(&c.quarter),
        c.current.map_or("-".into(), |m| format!("{:.1}", m.value)),
        c.change
    );
    for t in c.themes.iter().take(10) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:+.2} | {:+.2} | {:+.2} |",
            md(&t.label),
            signed(t.previous_impact),
            signed(t.impact),
            t.parts.change,
            t.parts.mix,
            t.parts.rate
        );
    }
    let others: f64 = c.themes.iter().skip(10).map(|t| t.parts.change).sum();
    if c.themes.len() > 10 {
        let _ = writeln!(
            s,
            "| other themes ({}) | | | {others:+.2} | | |",
            c.themes.len() - 10
        );
    }
    let _ = writeln!(
        s,
        "| no theme (remainder) | | | {:+.2} | | |\n\n{}\n",
        c.remainder,
        md(change_note())
    );
}

/// The priority table: the quarter's themes by impact, with their quadrant.
fn priority(s: &mut String, name: &str, q: &QuestionThemes) {
    if q.drivers.iter().all(|d| d.impact.is_none()) {
        return;
    }
    let _ = writeln!(
        s,
        "## What to fix first\n\n| theme | share of all comments | impact on {name} | quadrant |\n|---|---:|---:|---|"
    );
    for d in &q.drivers {
        let _ = writeln!(
            s,
            "| {} | {:.1}% | {} | {} |",
            md(&d.label),
            d.share,
            md(&impact_cell(d.impact.as_ref())),
            d.quadrant.map_or("-", |q| q.as_str())
        );
    }
    let _ = writeln!(
        s,
        "\nRanked by impact, most negative first. Fix first: share at or above the median ({:.1}%) and impact below 0; watch: share below the median and impact below 0; strength: share at or above the median and impact at or above 0; minor: the rest.\n",
        q.median_share
    );
}
