//! `verbatim agents`: coaching view for transactional CSAT.

use std::io::Write;

use clap::Args;

use super::{Context, Format, ScopeFlags};
use crate::context::agents::{agents, AgentOptions, AgentsReport};
use crate::output::{thousands, write_json, Table};

#[derive(Debug, Args)]
#[command(
    after_help = "Fast means resolved in less time than the scope's median (or --fast-below). A fast ticket \
that still scored low suggests tone, not speed, was the problem; their themes are listed."
)]
pub struct AgentsArgs {
    /// Column naming the agent [default: detected, e.g. Agent]
    #[arg(long, value_name = "COLUMN")]
    pub agent_col: Option<String>,
    /// Column with the resolution time [default: detected, e.g. Resolution Minutes]
    #[arg(long, value_name = "COLUMN")]
    pub time_col: Option<String>,
    /// Agents with fewer responses are flagged as too few to judge
    #[arg(long, default_value_t = 10)]
    pub min_responses: u64,
    /// Fast means below this time [default: the scope's median]
    #[arg(long, value_name = "TIME")]
    pub fast_below: Option<f64>,
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl AgentsArgs {
    /// The library's options for this command line.
    pub fn to_options(&self) -> AgentOptions {
        AgentOptions {
            agent_column: self.agent_col.clone(),
            time_column: self.time_col.clone(),
            min_responses: self.min_responses,
            fast_below: self.fast_below,
        }
    }
}

pub fn run(ctx: &Context, args: &AgentsArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let report = agents(&store, &scope, &args.to_options())?;
    match args.format {
        Format::Json => write_json(out, &report)?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "agent",
                "responses",
                "metric",
                "margin",
                "median_time",
                "fast_low",
                "too_few",
            ])?;
            for a in &report.agents {
                w.write_record([
                    crate::output::spreadsheet_safe(&a.agent).into_owned(),
                    a.responses.to_string(),
                    a.metric
                        .map_or(String::new(), |m| format!("{:.2}", m.value)),
                    a.metric
                        .and_then(|m| m.shown_margin())
                        .map_or(String::new(), |m| format!("{m:.2}")),
                    a.median_time.map_or(String::new(), |t| t.to_string()),
                    a.fast_low.to_string(),
                    a.too_few.to_string(),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => write_table(&report, out)?,
    }
    Ok(super::exit::OK)
}

pub fn write_table(r: &AgentsReport, out: &mut dyn Write) -> anyhow::Result<()> {
    let metric = r.metric_name.unwrap_or("score");
    writeln!(
        out,
        "Agents by '{}', resolution time '{}' (median {}; fast = below {})",
        r.agent_column,
        r.time_column,
        r.scope_median_time.map_or("-".into(), |m| m.to_string()),
        r.fast_below
    )?;
    let mut t = Table::new([
        "agent",
        "responses",
        metric,
        "±95%",
        "median time",
        "fast but low",
        "note",
    ]);
    for a in &r.agents {
        t.row(vec![
            a.agent.clone(),
            thousands(a.responses),
            a.metric.map_or("-".into(), |m| format!("{:.1}", m.value)),
            a.metric.map_or("-".into(), |m| {
                m.shown_margin()
                    .map_or(crate::score::TOO_FEW.into(), |m| format!("{m:.1}"))
            }),
            a.median_time.map_or("-".into(), |m| m.to_string()),
            thousands(a.fast_low),
            if a.too_few {
                format!("too few to judge (< {})", r.min_responses)
            } else {
                String::new()
            },
        ]);
    }
    t.write(out)?;
    writeln!(
        out,
        "{} tickets were resolved fast and still scored low.",
        thousands(r.fast_low_total)
    )?;
    if !r.fast_low_themes.is_empty() {
        let themes: Vec<String> = r
            .fast_low_themes
            .iter()
            .map(|(l, n)| format!("{l} ({n})"))
            .collect();
        writeln!(
            out,
            "What those comments say: {}",
            crate::output::terminal_safe(&themes.join("; "))
        )?;
    }
    Ok(())
}
