//! `verbatim search QUERY`

use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};

use super::{exit, Context, Format, ScopeFlags, ShowFlags};
use crate::output::write_json;
use crate::search::{print, search, SearchOptions, SortOrder};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Sort {
    Relevance,
    Date,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Query syntax: words (all must match), \"exact phrases\", OR, -excluded, parentheses. Words are \
stemmed, so billing also finds billed and bills. Exit code 1 when nothing matches."
)]
pub struct SearchArgs {
    /// The query, e.g. '"customer service" OR support'
    pub query: String,
    #[command(flatten)]
    pub scope: ScopeFlags,
    /// Hits to show
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: Sort,
    #[command(flatten)]
    pub show: ShowFlags,
    /// Write raw CSV cells (no defusing of formula-like text)
    #[arg(long)]
    pub raw: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl SearchArgs {
    /// The library's options for this command line.
    pub fn to_options(&self) -> SearchOptions {
        SearchOptions {
            limit: self.limit,
            sort: match self.sort {
                Sort::Relevance => SortOrder::Relevance,
                Sort::Date => SortOrder::Date,
            },
        }
    }
}

pub fn run(ctx: &Context, args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut results = search(&store, &args.query, &scope, &args.to_options())?;
    // Tables print the segment columns that matter; JSON and CSV keep every one, for joining.
    if matches!(args.format, Format::Table) && !results.hits.is_empty() {
        let shown = args.show.columns(&store, &scope)?;
        for hit in &mut results.hits {
            hit.keep_segments(&shown);
        }
    }
    match args.format {
        Format::Json => write_json(out, &results)?,
        Format::Csv => print::write_csv(&results, args.raw, out)?,
        Format::Table => {
            let bold = std::io::stdout().is_terminal();
            print::write_table(&results, &store.analyzer, bold, args.show.full, out)?
        }
    }
    Ok(if results.total == 0 {
        exit::NO_RESULTS
    } else {
        exit::OK
    })
}
