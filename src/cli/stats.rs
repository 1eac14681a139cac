//! `verbatim stats`

use std::io::Write;

use clap::Args;

use super::{Context, Format, ScopeFlags};
use crate::output::{pct, spreadsheet_safe, thousands, write_json, Table};
use crate::score::{Band, SMALL_GROUP, TOO_FEW};
use crate::stats::{stats, GroupBy, GroupStats, StatsReport};

#[derive(Debug, Args)]
#[command(
    after_help = "NPS = % promoters - % detractors; CSAT = % satisfied. The margin is the 95% margin of error. \
Groups under 30 scored responses are marked with *. Benchmark: strong NPS >= 40 / CSAT >= 90%, typical NPS >= 20 / \
CSAT >= 80%, else slipping."
)]
pub struct StatsArgs {
    /// Group by quarter or by a segment column (plan, region...)
    #[arg(long, default_value = "none", value_parser = |s: &str| s.parse::<GroupBy>())]
    pub by: GroupBy,
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub context: super::ContextFlags,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(serde::Serialize)]
struct StatsOutput<'a> {
    #[serde(flatten)]
    report: &'a StatsReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    quadrants: Option<&'a crate::context::quadrants::Quadrants>,
    #[serde(skip_serializing_if = "Option::is_none")]
    churn: Option<&'a crate::context::accounts::ChurnReport>,
}

impl StatsArgs {
    /// `--by quadrant`: grouped by usage quadrant, from `--usage-col` (the library's `stats`
    /// takes `--by` itself, and the context flags their own options).
    fn by_quadrant(&self) -> bool {
        self.by == GroupBy::Column("quadrant".into())
    }
}

pub fn run(ctx: &Context, args: &StatsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    use crate::context::quadrants::*;
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let quadrants = args
        .context
        .usage
        .quadrants(&store, &scope, args.by_quadrant())?;
    let report = match &quadrants {
        Some(q) if args.by_quadrant() => {
            crate::stats::stats_by_groups(&store, &scope, &q.of, "quadrant", &ORDER)?
        }
        _ => stats(&store, &scope, &args.by)?,
    };
    if report.overall.responses == 0 {
        // Nothing to count: like search and themes, say so and exit 1. JSON and CSV still give
        // their (empty) figures to a script, with the message on stderr.
        let message = format!(
            "no responses in {}; widen the filters (`verbatim info` shows what the index holds)",
            report.scope
        );
        if args.format == Format::Table {
            writeln!(out, "{message}")?;
            return Ok(super::exit::NO_RESULTS);
        }
        let _ = writeln!(std::io::stderr().lock(), "{message}");
    }
    let churn = args.context.churn.churn(&store, &scope)?;
    match args.format {
        Format::Json => write_json(
            out,
            &StatsOutput {
                report: &report,
                quadrants: quadrants.as_ref(),
                churn: churn.as_ref(),
            },
        )?,
        Format::Csv => write_csv(&report, out)?,
        Format::Table => {
            write_table(&report, out)?;
            if let Some(q) = &quadrants {
                writeln!(out, "{}", crate::context::quadrants::quadrant_line(q))?;
            }
            if let Some(c) = &churn {
                crate::context::accounts::write_churn(
                    c,
                    report.metric_name.unwrap_or("score"),
                    out,
                )?;
            }
        }
    }
    Ok(if report.overall.responses == 0 {
        super::exit::NO_RESULTS
    } else {
        super::exit::OK
    })
}

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

fn write_table(report: &StatsReport, out: &mut dyn Write) -> anyhow::Result<()> {
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
    if let Some(names) = report.band_names {
        headers.extend(names.iter().map(|n| format!("{n}s")));
        headers.extend([
            "unscored".to_string(),
            metric.to_string(),
            "±95%".into(),
            "benchmark".into(),
        ]);
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
            row.push(thousands(g.bands.unscored));
            match &g.metric {
                Some(m) => {
                    small |= m.small;
                    row.push(format!("{:.1}{}", m.value, if m.small { "*" } else { "" }));
                    row.push(
                        m.shown_margin()
                            .map_or("too few*".to_string(), |x| format!("{x:.1}")),
                    );
                    row.push(m.benchmark.map_or("-", |b| b.as_str()).to_string());
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

fn write_csv(report: &StatsReport, out: &mut dyn Write) -> anyhow::Result<()> {
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
    header.extend([
        "unscored".into(),
        "metric".into(),
        "value".into(),
        "margin".into(),
        "benchmark".into(),
        "small".into(),
    ]);
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
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
