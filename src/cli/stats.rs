//! `verbatim stats`

use std::io::Write;

use clap::Args;

use super::{Context, Format, ScopeFlags};
use crate::output::write_json;
use crate::stats::{print, stats, GroupBy, StatsReport};

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
        Format::Csv => print::write_csv(&report, out)?,
        Format::Table => {
            print::write_table(&report, out)?;
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
