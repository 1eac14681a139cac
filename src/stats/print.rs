//! The scores for people and spreadsheets: a table and CSV of a [`StatsReport`], beside the
//! figures they print so that every front end shows a group's score the same way.

use std::io::{self, Write};

use super::{GroupStats, StatsReport};
use crate::output::{pct, spreadsheet_safe, thousands, Table};
use crate::score::{Band, Scale, SMALL_GROUP, TOO_FEW};

fn band_cells(report: &StatsReport, g: &GroupStats) -> Vec<String> {
    match report.band_names {
        Some(_) => Band::ALL
            .iter()
            .map(|&b| {
                format!(
                    "{} ({}%)",
                    thousands(g.bands.get(b)),
                    pct(g.bands.percent(b))
                )
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The figures as an aligned table, the whole scope last, with a note on small groups.
pub fn write_table(report: &StatsReport, out: &mut dyn Write) -> io::Result<()> {
    let metric = report.metric_name.unwrap_or("score");
    writeln!(out, "{} of {}", metric, report.scope)?;
    if report.scale.is_none() {
        writeln!(out, "(This index holds no scores, so there is no NPS or CSAT; counts and comment rates only.)")?;
    }
    let mut headers = vec![
        if report.by == "all" {
            "group".to_string()
        } else {
            report.by.clone()
        },
        "responses".into(),
        "comments".into(),
    ];
    let fft = report.scale == Some(Scale::Fft);
    if let Some(names) = report.band_names {
        headers.extend(names.iter().map(|n| format!("{n}s")));
        if fft {
            headers.push("don't know".into());
        }
        headers.extend(["unscored".to_string(), metric.to_string(), "±95%".into()]);
        headers.push(if fft { "% negative" } else { "benchmark" }.into());
    }
    let mut table = Table::new(headers);
    let mut small = false;
    for g in report.groups.iter().chain(std::iter::once(&report.overall)) {
        let mut row = vec![
            g.group.clone(),
            thousands(g.responses),
            format!("{} ({}%)", thousands(g.comments), pct(g.comment_rate)),
        ];
        row.extend(band_cells(report, g));
        if report.band_names.is_some() {
            if fft {
                row.push(thousands(g.bands.dont_know));
            }
            row.push(thousands(g.bands.unscored));
            match &g.metric {
                Some(m) => {
                    small |= m.small;
                    row.push(format!("{:.1}{}", m.value, if m.small { "*" } else { "" }));
                    row.push(
                        m.shown_margin()
                            .map_or("too few*".to_string(), |x| format!("{x:.1}")),
                    );
                    row.push(match m.negative {
                        Some(n) => format!("{:.1}", n.value),
                        None => m.benchmark.map_or("-", |b| b.as_str()).to_string(),
                    });
                }
                None => row.extend(["-".to_string(), "-".into(), "-".into()]),
            }
        }
        table.row(row);
    }
    table.write(out)?;
    if small {
        writeln!(
            out,
            "* fewer than {SMALL_GROUP} scored responses: {TOO_FEW} of error, read with care"
        )?;
    }
    Ok(())
}

/// The figures as CSV, a row per group and the whole scope last.
pub fn write_csv(report: &StatsReport, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let names = report.band_names.unwrap_or(["low", "middle", "high"]);
    let mut header = vec![
        "group".to_string(),
        "responses".into(),
        "comments".into(),
        "comment_rate".into(),
    ];
    for n in names {
        header.push(format!("{n}s"));
        header.push(format!("{n}_pct"));
    }
    let fft = report.scale == Some(Scale::Fft);
    if fft {
        header.push("dont_know".into());
    }
    header.extend([
        "unscored".into(),
        "metric".into(),
        "value".into(),
        "margin".into(),
        "benchmark".into(),
        "small".into(),
    ]);
    if fft {
        header.extend(["negative_pct".into(), "negative_margin".into()]);
    }
    w.write_record(&header)?;
    for g in report.groups.iter().chain(std::iter::once(&report.overall)) {
        let mut row = vec![
            spreadsheet_safe(&g.group).into_owned(),
            g.responses.to_string(),
            g.comments.to_string(),
            format!("{:.2}", g.comment_rate),
        ];
        for b in Band::ALL {
            row.push(g.bands.get(b).to_string());
            row.push(format!("{:.2}", g.bands.percent(b)));
        }
        if fft {
            row.push(g.bands.dont_know.to_string());
        }
        row.push(g.bands.unscored.to_string());
        row.push(report.metric_name.unwrap_or("").to_string());
        match &g.metric {
            Some(m) => row.extend([
                format!("{:.2}", m.value),
                m.shown_margin()
                    .map_or(String::new(), |x| format!("{x:.2}")),
                m.benchmark.map_or("", |b| b.as_str()).to_string(),
                m.small.to_string(),
            ]),
            None => row.extend([String::new(), String::new(), String::new(), String::new()]),
        }
        if fft {
            let negative = g.metric.and_then(|m| m.negative.map(|n| (n, m.small)));
            row.extend([
                negative.map_or(String::new(), |(n, _)| format!("{:.2}", n.value)),
                negative
                    .filter(|(_, small)| !small)
                    .map_or(String::new(), |(n, _)| format!("{:.2}", n.margin)),
            ]);
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
