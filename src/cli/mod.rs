//! The command-line layer: argument definitions, one handler per subcommand, exit codes.
//! Handlers resolve what the user typed, call the library, and hand results to `output`.

mod delete;
mod info;
mod ingest;
mod report;
mod search;
mod stats;
mod tag;
mod themes;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args as ClapArgs, Parser, Subcommand};

use crate::index::{Store, DEFAULT_DIR};
use crate::search::ScopeArgs;

/// Exit codes scripts can rely on.
pub mod exit {
    /// Success, with results.
    pub const OK: u8 = 0;
    /// The command ran, but found nothing (a search without hits).
    pub const NO_RESULTS: u8 = 1;
    /// An error: bad arguments, unreadable input, an unusable index.
    pub const ERROR: u8 = 2;
    /// `ingest --strict` finished, but rejected rows.
    pub const REJECTED_ROWS: u8 = 3;
}

/// verbatim turns free-text survey comments into answers: it indexes NPS/CSAT survey exports,
/// searches the comments, and scores them by band, segment and quarter.
#[derive(Debug, Parser)]
#[command(name = "verbatim", version, about, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 success, 1 nothing found, 2 error, 3 rows rejected under --strict."
)]
pub struct Args {
    /// Index folder [default: .verbatim in the current directory]
    #[arg(long, global = true, env = "VERBATIM_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// No progress bar or notes on stderr (errors are still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read survey exports (CSV or .xlsx) into the index; re-ingesting an id updates it
    Ingest(ingest::IngestArgs),
    /// NPS/CSAT, band counts and comment rate, overall or by quarter or segment
    Stats(stats::StatsArgs),
    /// Search comments: words, "phrases", AND/OR/-, with filters and highlighted snippets
    Search(search::SearchArgs),
    /// Recurring themes (complaints, asks, praise) per band, segment or quarter, with quotes
    Themes(themes::ThemesArgs),
    /// Every response with the themes it carries, as CSV or JSON lines
    Tag(tag::TagArgs),
    /// The quarterly theme report, as Markdown, a self-contained HTML page, or JSON
    Report(report::ReportArgs),
    /// What the index holds: scale, language, responses, dates, column mapping
    Info(info::InfoArgs),
    /// Remove responses by id or segment value (for example a customer's right to be forgotten)
    Delete(delete::DeleteArgs),
}

/// Filters shared by the commands that read a slice of the index.
#[derive(Debug, Clone, ClapArgs)]
pub struct ScopeFlags {
    /// Only responses in this band (detractor, passive, promoter; dissatisfied, neutral, satisfied); repeatable
    #[arg(long = "band", value_name = "BAND")]
    pub bands: Vec<String>,
    /// Only responses whose segment COLUMN equals VALUE (case-insensitive); repeatable
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub wheres: Vec<String>,
    /// Only this quarter, e.g. 2026Q3 (or FY2027Q1 with a fiscal year)
    #[arg(long, value_name = "QUARTER")]
    pub quarter: Option<String>,
    /// Only responses on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,
    /// Only responses on or before this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
}

impl ScopeFlags {
    pub fn args(&self) -> ScopeArgs {
        ScopeArgs {
            bands: self.bands.clone(),
            wheres: self.wheres.clone(),
            quarter: self.quarter.clone(),
            from: self.from,
            to: self.to,
        }
    }
}

/// Settings every handler gets.
pub struct Context {
    pub index_dir: PathBuf,
    pub quiet: bool,
}

impl Context {
    pub fn open(&self) -> crate::error::Result<Store> {
        Store::open(&self.index_dir)
    }
}

/// Runs a parsed command line and returns its exit code, printing errors to stderr.
pub fn main(args: Args) -> ExitCode {
    let ctx = Context {
        index_dir: args
            .index
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR)),
        quiet: args.quiet,
    };
    let mut out = std::io::stdout().lock();
    let result = match &args.command {
        Command::Ingest(a) => ingest::run(&ctx, a, &mut out),
        Command::Stats(a) => stats::run(&ctx, a, &mut out),
        Command::Search(a) => search::run(&ctx, a, &mut out),
        Command::Themes(a) => themes::run(&ctx, a, &mut out),
        Command::Tag(a) => tag::run(&ctx, a, &mut out),
        Command::Report(a) => report::run(&ctx, a, &mut out),
        Command::Info(a) => info::run(&ctx, a, &mut out),
        Command::Delete(a) => delete::run(&ctx, a, &mut out),
    };
    let result = result.and_then(|code| out.flush().map(|_| code).map_err(anyhow::Error::from));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!(
                "verbatim: error: {}",
                crate::output::terminal_safe(&format!("{e:#}"))
            );
            ExitCode::from(exit::ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}

/// Serialises `value` as pretty JSON followed by a newline.
fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// "12.3" with one decimal; "-" for none.
fn pct(v: f64) -> String {
    format!("{v:.1}")
}
