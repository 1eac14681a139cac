//! `verbatim agents`: coaching view for transactional CSAT.

use std::io::Write;

use clap::Args;

use super::{Context, Format, ScopeFlags};
use crate::context::agents::{agents, write_csv, write_table, AgentOptions};
use crate::output::write_json;

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
        Format::Csv => write_csv(&report, out)?,
        Format::Table => write_table(&report, out)?,
    }
    Ok(super::exit::OK)
}
