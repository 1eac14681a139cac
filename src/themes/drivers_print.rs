//! Printers of `verbatim drivers`: a table, CSV, Markdown and JSON.

use std::io::{self, Write};

use super::drivers::{Driver, DriverReport, ScoreChange};
use crate::output::markdown_safe as md_cell;
use crate::output::{pct, spreadsheet_safe, terminal_safe, thousands, Table};
use crate::score::Impact;

fn cell(i: Option<&Impact>) -> String {
    i.map_or("-".into(), |i| {
        format!("{:+.1}{}", i.value, if i.significant { "*" } else { "" })
    })
}

fn margin(i: Option<&Impact>) -> String {
    i.map_or("-".into(), |i| format!("±{:.1}", i.margin))
}

fn name(d: &Driver) -> String {
    match &d.facet_of {
        Some(theme) => format!("{theme} > {}", d.label),
        None => d.label.clone(),
    }
}

/// What the figures mean, said under every form of the table.
pub fn legend(report: &DriverReport) -> Vec<String> {
    let metric = report.metric_name.unwrap_or("score");
    vec![
        format!(
            "Ranked by {}, most negative first. impact: the {metric} of every scored response in scope minus the {metric} \
without the responses mentioning the theme, in points (\"responses complaining about X pull the {metric} down 4.1 points\": \
an association, not a cause); ± its 95% margin (delta method); * significant at 5% after Benjamini-Hochberg over every impact shown.",
            report.ranked_by
        ),
        "complaint / ask / praise / neutral: the same over the responses mentioning it that way (each counted under the one kind \
`verbatim tag` gives it); the parts need not add up to the whole."
            .to_string(),
        format!(
            "quadrant: fix first = share at or above the median ({}%) and impact below 0; watch = share below the median and impact \
below 0; strength = share at or above the median and impact at or above 0; minor = the rest. Share is of the responses with comments.",
            pct(report.median_share)
        ),
    ]
}

fn headline(report: &DriverReport) -> String {
    let metric = report.metric_name.unwrap_or("score");
    let m = report
        .metric
        .map_or(String::new(), |m| format!(", {metric} {}", m.with_margin()));
    format!(
        "Drivers of the {metric} in {} ({} responses, {} with comments{m})",
        report.scope,
        thousands(report.responses),
        thousands(report.mined)
    )
}

/// Several questions' drivers as tables, one after the other.
pub fn write_tables(reports: &[DriverReport], out: &mut dyn Write) -> io::Result<()> {
    for (k, report) in reports.iter().enumerate() {
        if k > 0 {
            writeln!(out)?;
        }
        if let Some(q) = &report.question {
            writeln!(out, "=== {}", terminal_safe(&q.label))?;
        }
        write_table(report, out)?;
    }
    Ok(())
}

pub fn write_table(report: &DriverReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", terminal_safe(&headline(report)))?;
    if report.metric_name.is_none() {
        writeln!(
            out,
            "the index has no score column: impact needs one (ingest with --score-col)"
        )?;
    }
    let mut t = Table::new([
        "rank",
        "theme",
        "mentions",
        "share%",
        "impact",
        "margin",
        "complaint",
        "ask",
        "praise",
        "neutral",
        "quadrant",
    ]);
    for (k, d) in report.drivers.iter().enumerate() {
        let mut row = vec![
            (k + 1).to_string(),
            name(d),
            thousands(d.mentions),
            pct(d.share),
            cell(d.impact.as_ref()),
            margin(d.impact.as_ref()),
        ];
        row.extend(d.kinds.iter().map(|k| cell(k.impact.as_ref())));
        row.push(d.quadrant.map_or("-", |q| q.as_str()).into());
        t.row(row);
    }
    t.write(out)?;
    for line in legend(report) {
        writeln!(out, "{line}")?;
    }
    write_segments_table(report, out)?;
    if let Some(change) = &report.change {
        write_change_table(report, change, out)?;
    }
    Ok(())
}

fn write_segments_table(report: &DriverReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(column) = &report.segment_column else {
        return Ok(());
    };
    let shown: Vec<_> = report.segments.iter().filter(|s| s.significant).collect();
    writeln!(
        out,
        "\n== {}: themes whose impact in a value differs from the rest of the scope (Benjamini-Hochberg at 5% over {} theme and value pairs)",
        terminal_safe(column),
        report.segments.len()
    )?;
    if shown.is_empty() {
        writeln!(out, "   none differs beyond chance")?;
        return Ok(());
    }
    let mut t = Table::new([
        "value",
        "theme",
        "mentions",
        "impact here",
        "impact in the rest",
        "p",
    ]);
    for s in shown {
        t.row(vec![
            s.value.clone(),
            s.label.clone(),
            thousands(s.mentions),
            format!("{:+.1} ±{:.1}", s.impact.value, s.impact.margin),
            format!("{:+.1} ±{:.1}", s.rest_impact.value, s.rest_impact.margin),
            format!("{:.4}", s.p),
        ]);
    }
    t.write(out)
}

fn write_change_table(
    report: &DriverReport,
    c: &ScoreChange,
    out: &mut dyn Write,
) -> io::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    writeln!(
        out,
        "\n== Why the {metric} moved: {} {} -> {} {} ({:+.1} points)",
        c.previous_quarter,
        c.previous.map_or("-".into(), |m| format!("{:.1}", m.value)),
        c.quarter,
        c.current.map_or("-".into(), |m| format!("{:.1}", m.value)),
        c.change
    )?;
    let mut t = Table::new([
        "theme",
        "impact then",
        "impact now",
        "change",
        "mix",
        "rate",
    ]);
    for s in &c.themes {
        t.row(vec![
            s.label.clone(),
            s.previous_impact.map_or("-".into(), |v| format!("{v:+.1}")),
            s.impact.map_or("-".into(), |v| format!("{v:+.1}")),
            format!("{:+.2}", s.parts.change),
            format!("{:+.2}", s.parts.mix),
            format!("{:+.2}", s.parts.rate),
        ]);
    }
    t.row(vec![
        "(no theme: remainder)".into(),
        String::new(),
        String::new(),
        format!("{:+.2}", c.remainder),
        String::new(),
        String::new(),
    ]);
    t.write(out)?;
    writeln!(out, "{}", change_note())
}

/// The mix/rate formula, said under the change table.
pub fn change_note() -> &'static str {
    "A theme's impact is p x d (p: its share of the scored responses, d: its mentioners' score minus the rest's); its change \
splits symmetrically (the average of both orders): mix = (p1 - p0)(d0 + d1)/2 (more or fewer mentioning it), rate = \
(d1 - d0)(p0 + p1)/2 (its mentioners scoring differently). Themes overlap, so the remainder (change minus the themes' \
changes) is what no theme explains, and can be of either sign."
}

/// One table for every question: a `question` column leads where there are several.
pub fn write_csv(reports: &[DriverReport], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let several = reports.len() > 1;
    let mut header: Vec<String> = [
        "rank",
        "theme",
        "key",
        "facet_of",
        "mentions",
        "share",
        "impact",
        "impact_margin",
        "impact_significant",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for k in super::drivers::KINDS {
        header.push(format!("{}_mentions", k.as_str()));
        header.push(format!("{}_impact", k.as_str()));
        header.push(format!("{}_significant", k.as_str()));
    }
    header.push("quadrant".into());
    if several {
        header.insert(0, "question".into());
    }
    w.write_record(&header)?;
    let num = |i: Option<&Impact>, f: fn(&Impact) -> String| i.map_or(String::new(), f);
    for report in reports {
        let question = report
            .question
            .as_ref()
            .filter(|_| several)
            .map(|q| spreadsheet_safe(&q.label).into_owned());
        for (k, d) in report.drivers.iter().enumerate() {
            let mut row: Vec<String> = question.iter().cloned().collect();
            row.extend([
                (k + 1).to_string(),
                spreadsheet_safe(&d.label).into_owned(),
                d.key.clone(),
                d.facet_of
                    .as_deref()
                    .map_or(String::new(), |t| spreadsheet_safe(t).into_owned()),
                d.mentions.to_string(),
                format!("{:.2}", d.share),
                num(d.impact.as_ref(), |i| format!("{:.3}", i.value)),
                num(d.impact.as_ref(), |i| format!("{:.3}", i.margin)),
                num(d.impact.as_ref(), |i| i.significant.to_string()),
            ]);
            for kind in &d.kinds {
                row.push(kind.mentions.to_string());
                row.push(num(kind.impact.as_ref(), |i| format!("{:.3}", i.value)));
                row.push(num(kind.impact.as_ref(), |i| i.significant.to_string()));
            }
            row.push(d.quadrant.map_or("", |q| q.as_str()).into());
            w.write_record(&row)?;
        }
    }
    w.flush()
}

pub fn write_markdown(reports: &[DriverReport], out: &mut dyn Write) -> io::Result<()> {
    for report in reports {
        write_md(report, out)?;
    }
    Ok(())
}

fn write_md(report: &DriverReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}\n", md_cell(&headline(report)))?;
    if let Some(q) = &report.question {
        writeln!(out, "Question: {}\n", md_cell(&q.label))?;
    }
    writeln!(
        out,
        "| rank | theme | mentions | share | impact | complaint | ask | praise | neutral | quadrant |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
    )?;
    for (k, d) in report.drivers.iter().enumerate() {
        let kinds: Vec<String> = d.kinds.iter().map(|k| cell(k.impact.as_ref())).collect();
        writeln!(
            out,
            "| {} | {} | {} | {}% | {} {} | {} | {} |",
            k + 1,
            md_cell(&name(d)),
            thousands(d.mentions),
            pct(d.share),
            md_cell(&cell(d.impact.as_ref())),
            margin(d.impact.as_ref()),
            kinds
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | "),
            d.quadrant.map_or("-", |q| q.as_str())
        )?;
    }
    writeln!(out)?;
    for line in legend(report) {
        writeln!(out, "{}\n", md_cell(&line))?;
    }
    write_md_segments(report, out)?;
    if let Some(c) = &report.change {
        writeln!(
            out,
            "## Why the score moved: {} to {} ({:+.1} points)\n\n| theme | change | mix | rate |\n|---|---:|---:|---:|",
            md_cell(&c.previous_quarter),
            md_cell(&c.quarter),
            c.change
        )?;
        for s in &c.themes {
            writeln!(
                out,
                "| {} | {:+.2} | {:+.2} | {:+.2} |",
                md_cell(&s.label),
                s.parts.change,
                s.parts.mix,
                s.parts.rate
            )?;
        }
        writeln!(out, "| no theme (remainder) | {:+.2} | | |\n", c.remainder)?;
        writeln!(out, "{}\n", md_cell(change_note()))?;
    }
    Ok(())
}

/// The segment values where a theme's impact differs (`--segments`), as a Markdown table.
fn write_md_segments(report: &DriverReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(column) = &report.segment_column else {
        return Ok(());
    };
    writeln!(
        out,
        "## {}: themes whose impact in a value differs from the rest of the scope\n\nBenjamini-Hochberg at 5% over {} theme and value pairs.\n",
        md_cell(column),
        report.segments.len()
    )?;
    let shown: Vec<_> = report.segments.iter().filter(|s| s.significant).collect();
    if shown.is_empty() {
        return writeln!(out, "None differs beyond chance.\n");
    }
    writeln!(out, "| value | theme | mentions | impact here | impact in the rest | p |\n|---|---|---:|---:|---:|---:|")?;
    for s in shown {
        writeln!(
            out,
            "| {} | {} | {} | {:+.1} ±{:.1} | {:+.1} ±{:.1} | {:.4} |",
            md_cell(&s.value),
            md_cell(&s.label),
            thousands(s.mentions),
            s.impact.value,
            s.impact.margin,
            s.rest_impact.value,
            s.rest_impact.margin,
            s.p
        )?;
    }
    writeln!(out)
}

/// Every question's drivers as JSON: the report itself, or `{"questions": [...]}` where there
/// are several (as `themes` writes them).
pub fn write_json(reports: &[DriverReport], out: &mut dyn Write) -> io::Result<()> {
    if reports.len() > 1 {
        crate::output::write_json(out, &serde_json::json!({ "questions": reports }))
    } else {
        crate::output::write_json(out, &reports[0])
    }
}
