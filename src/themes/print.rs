//! The themes report for people and spreadsheets: aligned tables, Markdown and CSV, kept beside
//! the report types so that every command and front end prints a theme the same way.

use std::io::{self, Write};

use super::{GroupThemes, Quote, ThemeReport};
use crate::output::markdown_safe as md_cell;
use crate::output::{pct, spreadsheet_safe, terminal_safe, thousands, Table};

/// Every question's report as JSON: the report itself, or `{"questions": [...]}` where there
/// are several.
pub fn write_json(reports: &[ThemeReport], out: &mut dyn Write) -> io::Result<()> {
    if reports.len() > 1 {
        crate::output::write_json(out, &serde_json::json!({ "questions": reports }))
    } else {
        crate::output::write_json(out, &reports[0])
    }
}

/// Every question's report as plain text tables, each under a heading where there are several.
pub fn write_tables(
    reports: &[ThemeReport],
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_sections(reports, quarters, false, out)
}

/// Every question's report as Markdown, each under a heading where there are several.
pub fn write_markdown(
    reports: &[ThemeReport],
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_sections(reports, quarters, true, out)
}

fn write_sections(
    reports: &[ThemeReport],
    quarters: Option<usize>,
    markdown: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let several = reports.len() > 1;
    for (k, report) in reports.iter().enumerate() {
        if let Some(q) = report.question.as_ref().filter(|_| several) {
            let heading = format!("question {} of {}: {}", q.index + 1, reports.len(), q.label);
            if markdown {
                writeln!(
                    out,
                    "{}## {}\n",
                    if k > 0 { "\n" } else { "" },
                    md_cell(&heading)
                )?
            } else {
                writeln!(
                    out,
                    "{}=== {}",
                    if k > 0 { "\n" } else { "" },
                    terminal_safe(&heading)
                )?
            }
        }
        let explained = report
            .groups
            .iter()
            .any(|g| g.themes.iter().any(|t| !t.words.is_empty()));
        let slant = report.question.as_ref().and_then(|q| q.slant.describe());
        if let (true, Some(slant), false) = (explained, slant, markdown) {
            writeln!(out, "(the question {slant})")?;
        }
        if markdown {
            write_md(report, quarters, out)?
        } else {
            write_table(report, quarters, out)?
        }
    }
    Ok(())
}

/// Keeps the values of these segment columns only, in every quote of the report.
pub fn keep_quote_segments(report: &mut ThemeReport, columns: &[String]) {
    for theme in report.groups.iter_mut().flat_map(|g| &mut g.themes) {
        let facet_quotes = theme.facets.iter_mut().flat_map(|f| &mut f.quotes);
        for quote in theme.quotes.iter_mut().chain(facet_quotes) {
            quote.segments.retain(|column, _| columns.contains(column));
        }
    }
}
/// "5, detractor, R000102, 2025-01-01, plan: Pro": who said a quote.
fn quote_source(q: &Quote) -> String {
    let mut parts: Vec<String> = q.score.iter().map(|s| s.to_string()).collect();
    parts.push(q.band.clone());
    parts.push(q.id.clone());
    parts.extend(q.date.clone());
    parts.extend(q.segments.iter().map(|(k, v)| format!("{k}: {v}")));
    parts.join(", ")
}

fn metric_cell(m: Option<&crate::score::Metric>) -> String {
    m.map_or("-".into(), |m| format!("{:.1}", m.value))
}

fn signed(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:+.1}"))
}

/// An impact in points, starred where significant after Benjamini-Hochberg.
pub fn impact_cell(i: Option<&crate::score::Impact>) -> String {
    i.map_or("-".into(), |i| {
        format!("{:+.1}{}", i.value, if i.significant { "*" } else { "" })
    })
}

/// The metric and impact columns' headers: grouped by band, both are the whole scope's (within
/// a band every score is alike), and say so.
fn metric_headers(report: &ThemeReport, metric: &str) -> (String, String) {
    if report.by == "band" {
        (format!("{metric} (all bands)"), "impact (all bands)".into())
    } else {
        (metric.to_string(), "impact".into())
    }
}

fn write_emerging(report: &ThemeReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(first) = report.emerging.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "\n== emerging: {} against {}",
        first.quarter, first.previous_quarter
    )?;
    let mut t = Table::new(["theme", "before", "now", "change", "z", "significant"]);
    for e in &report.emerging {
        t.row(vec![
            e.label.clone(),
            format!(
                "{} ({}%)",
                thousands(e.previous_mentions),
                pct(e.previous_share)
            ),
            format!("{} ({}%)", thousands(e.mentions), pct(e.share)),
            format!("{:+.1} pts", e.change),
            format!("{:.1}", e.z),
            if e.significant {
                "yes".into()
            } else {
                "no (noise)".into()
            },
        ]);
    }
    t.write(out)?;
    Ok(())
}

fn write_segments(report: &ThemeReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(column) = &report.segment_column else {
        return Ok(());
    };
    for g in &report.groups {
        let Some(first) = g.themes.first() else {
            continue;
        };
        writeln!(
            out,
            "\n== {} by {column} (share of responses; * over-represented)",
            g.group
        )?;
        let mut headers = vec!["theme".to_string()];
        headers.extend(first.by_segment.iter().map(|s| s.value.clone()));
        let mut t = Table::new(headers);
        for th in &g.themes {
            let mut row = vec![th.label.clone()];
            row.extend(th.by_segment.iter().map(|s| {
                format!(
                    "{}{}",
                    pct(s.share),
                    if s.over_represented { "*" } else { "" }
                )
            }));
            t.row(row);
        }
        t.write(out)?;
    }
    Ok(())
}

/// The latest `n` quarters of the report (all when None), as indexes into `report.quarters`.
fn shown_quarters(report: &ThemeReport, n: Option<usize>) -> std::ops::Range<usize> {
    let len = report.quarters.len();
    len - n.unwrap_or(len).min(len)..len
}

/// `--by quarter`: one row per theme, a column per quarter (share of that quarter's responses).
fn write_quarter_table(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = shown_quarters(report, quarters);
    if shown.len() < report.quarters.len() {
        writeln!(
            out,
            "\n== themes by quarter (share of each quarter's responses with comments; latest {} of {} quarters, --quarters all for every one)",
            shown.len(),
            report.quarters.len()
        )?;
    } else {
        writeln!(
            out,
            "\n== themes by quarter (share of each quarter's responses with comments)"
        )?;
    }
    let mut headers = vec!["theme".to_string()];
    headers.extend(report.quarters[shown.clone()].iter().cloned());
    let mut t = Table::new(headers);
    let first = report.groups.first().and_then(|g| g.themes.first());
    if let Some(first) = first {
        let mut row = vec!["responses".to_string()];
        row.extend(
            first.quarters[shown.clone()]
                .iter()
                .map(|q| thousands(q.responses)),
        );
        t.row(row);
    }
    for th in report.groups.iter().flat_map(|g| &g.themes) {
        let mut row = vec![th.label.clone()];
        row.extend(
            th.quarters[shown.clone()]
                .iter()
                .map(|q| format!("{}% ({})", pct(q.share), thousands(q.mentions))),
        );
        t.row(row);
    }
    t.write(out)?;
    Ok(())
}

/// One report as plain text: a table per group with its quotes, then the quarter, segment and
/// emerging tables it holds.
pub fn write_table(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    let without = if report.mined > 0 {
        format!(
            "; {} without a theme listed",
            pct(100.0 * report.without_theme as f64 / report.mined as f64) + "%"
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "Themes in {} ({} responses with comments{without}; themes discovered over the {}, terms in at least {} responses)",
        report.scope,
        thousands(report.mined),
        if report.discovered_in == "scope" { "scope" } else { "whole index" },
        report.min_mentions
    )?;
    let headers = metric_headers(report, metric);
    for g in &report.groups {
        write_group(g, &headers, out)?;
    }
    if report.groups.iter().any(|g| !g.themes.is_empty()) {
        writeln!(out, "\n{}", impact_note(metric, report.by == "band"))?;
    }
    write_names(report, out)?;
    write_narration(report, out)?;
    if report.by == "quarter" {
        write_quarter_table(report, quarters, out)?;
    }
    write_segments(report, out)?;
    write_emerging(report, out)?;
    Ok(())
}

/// One group of a report as plain text: its headline, the table of its themes, their quotes.
fn write_group(
    g: &GroupThemes,
    (metric_header, impact_header): &(String, String),
    out: &mut dyn Write,
) -> io::Result<()> {
    let metric = metric_header.split(' ').next().unwrap_or("score");
    writeln!(out)?;
    let m = g
        .metric
        .as_ref()
        .map_or(String::new(), |m| format!(", {metric} {:.1}", m.value));
    writeln!(
        out,
        "== {} ({} responses{m})",
        g.group,
        thousands(g.responses)
    )?;
    if g.themes.is_empty() {
        writeln!(
            out,
            "   no theme is mentioned here; try a wider scope or --discover-in scope"
        )?;
        return Ok(());
    }
    let grouped = g.themes.iter().any(|t| t.rest_share.is_some());
    let mut headers = vec!["theme", "kind", "mentions", "share%"];
    if grouped {
        headers.push("rest%");
    }
    headers.extend([
        "lift",
        metric_header.as_str(),
        "gap",
        impact_header.as_str(),
        "complaint/ask/praise",
        "facets",
    ]);
    let mut t = Table::new(headers);
    for th in &g.themes {
        let mut row = vec![
            th.label.clone(),
            th.kind.as_str().into(),
            thousands(th.mentions),
            format!(
                "{}{}",
                pct(th.share),
                if th.over_represented { "*" } else { "" }
            ),
        ];
        if grouped {
            row.push(th.rest_share.map_or(String::new(), pct));
        }
        row.extend([
            th.lift.map_or("-".into(), |l| format!("{l:.1}")),
            metric_cell(th.metric.as_ref()),
            signed(th.gap),
            impact_cell(th.impact.as_ref()),
            format!(
                "{}/{}/{}",
                th.kinds.complaint, th.kinds.ask, th.kinds.praise
            ),
            if th.facets.is_empty() {
                th.shown
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                th.facets
                    .iter()
                    .take(4)
                    .map(|f| format!("{} ({})", f.label, thousands(f.mentions)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ]);
        t.row(row);
    }
    t.write(out)?;
    for th in &g.themes {
        write_quotes(&th.label, &th.quotes, out)?;
    }
    write_explained(g, out)
}

/// `--explain`: under each theme, every word and phrase with the measures that placed it.
fn write_explained(g: &GroupThemes, out: &mut dyn Write) -> io::Result<()> {
    for th in g.themes.iter().filter(|t| !t.words.is_empty()) {
        writeln!(
            out,
            "  {}, why each word is there:",
            terminal_safe(&th.label)
        )?;
        let rows = th.words.iter().map(|w| (w.word.as_str(), w.why.describe()));
        write_reasons("    ", rows.collect(), out)?;
    }
    Ok(())
}

/// `--explain`: the words left out of every theme as narration of the respondent's situation.
fn write_narration(report: &ThemeReport, out: &mut dyn Write) -> io::Result<()> {
    if report.narration.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n== narration (said mostly in phrases without an opinion, alike in every band; no theme word)"
    )?;
    let rows = report
        .narration
        .iter()
        .map(|n| (n.word.as_str(), n.describe()));
    write_reasons("  ", rows.collect(), out)
}

/// One line per word with its reason, the reasons aligned.
fn write_reasons(indent: &str, rows: Vec<(&str, String)>, out: &mut dyn Write) -> io::Result<()> {
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (word, why) in rows {
        writeln!(
            out,
            "{indent}{:width$}  {}",
            terminal_safe(word),
            terminal_safe(&why)
        )?;
    }
    Ok(())
}

/// The names the comments mention, apart from the themes, with their quotes.
fn write_names(report: &ThemeReport, out: &mut dyn Write) -> io::Result<()> {
    if report.names.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n== names mentioned (capitalised mid-sentence in most uses; not themes)"
    )?;
    let mut t = Table::new(["name", "kind", "mentions", "share%", "complaint/ask/praise"]);
    for n in &report.names {
        t.row(vec![
            n.name.clone(),
            n.kind.as_str().into(),
            thousands(n.mentions),
            pct(n.share),
            format!("{}/{}/{}", n.kinds.complaint, n.kinds.ask, n.kinds.praise),
        ]);
    }
    t.write(out)?;
    for n in &report.names {
        write_quotes(&n.name, &n.quotes, out)?;
    }
    Ok(())
}

/// A theme's or name's quotes under its label, each with where it comes from (nothing without
/// quotes).
fn write_quotes(label: &str, quotes: &[Quote], out: &mut dyn Write) -> io::Result<()> {
    if quotes.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {}:", terminal_safe(label))?;
    for q in quotes {
        writeln!(
            out,
            "    \"{}\" ({})",
            terminal_safe(&q.text),
            terminal_safe(&quote_source(q))
        )?;
    }
    Ok(())
}

/// One table for every question's report; a `question` column leads where there are several.
pub fn write_csv(reports: &[ThemeReport], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let several = reports.len() > 1;
    let mut header = vec![
        "group",
        "theme",
        "key",
        "kind",
        "mentions",
        "share",
        "lift",
        "significance",
        "metric",
        "gap",
        "impact",
        "impact_margin",
        "impact_significant",
        "complaints",
        "asks",
        "praise",
        "terms",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    if several {
        header.insert(0, "question".into());
    }
    // Every report of one run has the same quarters (the scope's).
    header.extend(reports[0].quarters.iter().map(|q| format!("mentions_{q}")));
    w.write_record(&header)?;
    for report in reports {
        let question = report
            .question
            .as_ref()
            .filter(|_| several)
            .map(|q| spreadsheet_safe(&q.label).into_owned());
        for g in &report.groups {
            for th in &g.themes {
                let mut row: Vec<String> = question.iter().cloned().collect();
                row.extend([
                    spreadsheet_safe(&g.group).into_owned(),
                    spreadsheet_safe(&th.label).into_owned(),
                    th.key.clone(),
                    th.kind.as_str().into(),
                    th.mentions.to_string(),
                    format!("{:.2}", th.share),
                    th.lift.map_or(String::new(), |l| format!("{l:.3}")),
                    format!("{:.1}", th.significance),
                    th.metric
                        .map_or(String::new(), |m| format!("{:.2}", m.value)),
                    th.gap.map_or(String::new(), |v| format!("{v:.2}")),
                    th.impact
                        .map_or(String::new(), |i| format!("{:.2}", i.value)),
                    th.impact
                        .map_or(String::new(), |i| format!("{:.2}", i.margin)),
                    th.impact
                        .map_or(String::new(), |i| i.significant.to_string()),
                    th.kinds.complaint.to_string(),
                    th.kinds.ask.to_string(),
                    th.kinds.praise.to_string(),
                    spreadsheet_safe(&th.terms.join("; ")).into_owned(),
                ]);
                row.extend(th.quarters.iter().map(|q| q.mentions.to_string()));
                w.write_record(&row)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// One report as Markdown: a table per group, its quotes, and the quarter table of `--by quarter`.
pub fn write_md(
    report: &ThemeReport,
    quarters: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    let (metric_header, impact_header) = metric_headers(report, metric);
    writeln!(out, "# Themes: {}\n", md_cell(&report.scope))?;
    writeln!(
        out,
        "{}\n",
        md_cell(&impact_note(metric, report.by == "band"))
    )?;
    for g in &report.groups {
        writeln!(
            out,
            "## {} ({} responses)\n",
            md_cell(&g.group),
            thousands(g.responses)
        )?;
        writeln!(
            out,
            "| theme | kind | mentions | share | lift | {metric_header} | gap | {impact_header} | facets |"
        )?;
        writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---|")?;
        for th in &g.themes {
            let facets: Vec<String> = th
                .facets
                .iter()
                .take(4)
                .map(|f| format!("{} ({})", md_cell(&f.label), thousands(f.mentions)))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {}%{} | {} | {} | {} | {} | {} |",
                md_cell(&th.label),
                th.kind.as_str(),
                thousands(th.mentions),
                pct(th.share),
                if th.over_represented { "*" } else { "" },
                th.lift.map_or("-".into(), |l| format!("{l:.1}")),
                metric_cell(th.metric.as_ref()),
                signed(th.gap),
                impact_cell(th.impact.as_ref()),
                facets.join(", ")
            )?;
        }
        writeln!(out)?;
        for th in &g.themes {
            for q in &th.quotes {
                writeln!(
                    out,
                    "> {} ({})\n",
                    md_cell(&q.text),
                    md_cell(&quote_source(q))
                )?;
            }
        }
    }
    if !report.names.is_empty() {
        writeln!(out, "## Names mentioned\n")?;
        writeln!(out, "| name | kind | mentions | share |")?;
        writeln!(out, "|---|---|---:|---:|")?;
        for n in &report.names {
            writeln!(
                out,
                "| {} | {} | {} | {}% |",
                md_cell(&n.name),
                n.kind.as_str(),
                thousands(n.mentions),
                pct(n.share)
            )?;
        }
        writeln!(out)?;
    }
    if report.by == "quarter" && !report.quarters.is_empty() {
        let shown = shown_quarters(report, quarters);
        write!(out, "## Themes by quarter\n\n| theme |")?;
        for q in &report.quarters[shown.clone()] {
            write!(out, " {} |", md_cell(q))?;
        }
        write!(out, "\n|---|")?;
        for _ in shown.clone() {
            write!(out, "---:|")?;
        }
        writeln!(out)?;
        for th in report.groups.iter().flat_map(|g| &g.themes) {
            write!(out, "| {} |", md_cell(&th.label))?;
            for q in &th.quarters[shown.clone()] {
                write!(out, " {}% ({}) |", pct(q.share), thousands(q.mentions))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// What gap and impact mean, under a themes table.
pub fn impact_note(metric: &str, by_band: bool) -> String {
    format!(
        "gap: {metric} of the responses mentioning a theme minus the group's (responses with comments); \
impact: the {metric} of every scored response{} minus the {metric} without those mentioning it, in points \
(* significant at 5% after Benjamini-Hochberg over every theme shown)",
        if by_band { " in scope (all bands)" } else { " of the group" }
    )
}
