//! The command-line layer: argument definitions, one handler per subcommand, exit codes.
//! Handlers resolve what the user typed, call the library, and hand results to `output`.

mod agents;
mod delete;
mod drivers;
mod errors;
mod info;
mod ingest;
mod report;
mod search;
mod serve;
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
    /// The command ran, but found nothing (a search without hits, stats of an empty scope).
    pub const NO_RESULTS: u8 = 1;
    /// An error: bad arguments, unreadable input, an unusable index.
    pub const ERROR: u8 = 2;
    /// `ingest --strict` finished, but rejected rows or kept some with a warning.
    pub const REJECTED_ROWS: u8 = 3;
}

/// verbatim turns free-text survey comments into answers: it indexes NPS/CSAT survey exports,
/// searches the comments, and scores them by band, segment and quarter.
#[derive(Debug, Parser)]
#[command(name = "verbatim", version, about, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 success, 1 nothing found, 2 error, 3 rows rejected (or kept with a warning) under --strict."
)]
pub struct Args {
    /// Index folder [default: .verbatim in the current directory]; stats, search, themes, tag, report, agents and info read several given together (one per year or region) as one index
    #[arg(long, global = true, env = "VERBATIM_INDEX", value_name = "DIR")]
    pub index: Vec<PathBuf>,

    /// No progress bar or notes on stderr (errors are still printed)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Threads to work with (ingest's analysis and indexing, themes, tag, report, agents); the
    /// output is the same whatever the number [default: every core available]
    #[arg(long, global = true, env = "VERBATIM_THREADS", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

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
    /// What moves the score: themes ranked by impact, per kind and segment, and why it changed
    Drivers(drivers::DriversArgs),
    /// The quarterly theme report, as Markdown, a self-contained HTML page, or JSON
    Report(report::ReportArgs),
    /// Per-agent CSAT, resolution time and the fast tickets that still scored low
    Agents(agents::AgentsArgs),
    /// What the index holds: scale, language, responses, dates, column mapping
    Info(info::InfoArgs),
    /// Explore the comments in a browser: scope, themes, quotes, search (a local web page)
    Serve(serve::ServeArgs),
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
    /// Only responses on or after this date: 2023-01-31, 2023/01/31, a month (2023-01, from its first day), a quarter (2023Q1) or a year
    #[arg(long, value_name = "DATE", value_parser = date_span)]
    pub from: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Only responses on or before this date: 2023-01-31, 2023/01/31, a month (2023-01, to its last day), a quarter (2023Q1) or a year
    #[arg(long, value_name = "DATE", value_parser = date_span)]
    pub to: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

/// `--from`/`--to`: the first and last day a typed date covers.
fn date_span(s: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), String> {
    crate::index::calendar::date_span(s).ok_or_else(|| {
        format!(
            "'{s}' is not a date this can read; write a day as 2023-01-31 or 2023/01/31 (or 31 January 2023), \
a month as 2023-01, a quarter as 2023Q1, or a year as 2023 (for a fiscal quarter use --quarter FY2027Q1)"
        )
    })
}

impl ScopeFlags {
    pub fn args(&self) -> ScopeArgs {
        ScopeArgs {
            bands: self.bands.clone(),
            wheres: self.wheres.clone(),
            quarter: self.quarter.clone(),
            from: self.from.map(|(first, _)| first),
            to: self.to.map(|(_, last)| last),
        }
    }
}

/// `--show` and `--full`: what search hits and quotes print.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ShowFlags {
    /// Segment columns to print beside each hit or quote, or none [default: at most three whose values differ in score]
    #[arg(long, value_name = "COL,...|none", value_delimiter = ',')]
    pub show: Option<Vec<String>>,
    /// Print the whole comment instead of the sentences around the match (JSON always has it)
    #[arg(long)]
    pub full: bool,
}

impl ShowFlags {
    /// The segment columns to print, checked against the index.
    pub fn columns(
        &self,
        store: &Store,
        scope: &crate::search::Scope,
    ) -> crate::error::Result<Vec<String>> {
        crate::stats::segments::shown_columns(store, scope, self.show.as_deref())
    }
}

/// `--question`: which open question a command reads, where the index has several.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct QuestionFlag {
    /// The open question to read, by number (1 for the first) or header [default: a section per question]
    #[arg(long, value_name = "N|HEADER")]
    pub question: Option<String>,
}

impl QuestionFlag {
    /// The questions that get a section each: the one named, else every question of the index;
    /// `[None]` where the index has one question (its answer is the whole comment).
    pub fn sections(
        &self,
        store: &Store,
    ) -> crate::error::Result<Vec<Option<crate::index::meta::Question>>> {
        let Some(mapping) = store.meta.mapping.as_ref() else {
            return Ok(vec![None]);
        };
        let chosen = match &self.question {
            Some(wanted) => vec![mapping.find_question(wanted)?],
            None => mapping.question_list(),
        };
        Ok(if mapping.question_count() > 1 {
            chosen.into_iter().map(Some).collect()
        } else {
            vec![None]
        })
    }
}

/// `--format` of commands that print results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Context from outside the survey: usage quadrants and churn from an accounts file.
#[derive(Debug, Clone, ClapArgs)]
pub struct ContextFlags {
    #[command(flatten)]
    pub usage: UsageFlags,
    #[command(flatten)]
    pub churn: ChurnFlags,
}

/// `--usage-col` and `--usage-split`: usage quadrants.
#[derive(Debug, Clone, ClapArgs)]
pub struct UsageFlags {
    /// Numeric usage column (logins, seats used) for usage quadrants (`--by quadrant`)
    #[arg(long, value_name = "COLUMN")]
    pub usage_col: Option<String>,
    /// Quadrant lines: usage=N|median, satisfaction=promoter|passive|satisfied|neutral [default: median, passive (NPS) / satisfied]
    #[arg(long, value_name = "SPLIT", default_value = "median", value_parser = |s: &str| s.parse::<crate::context::quadrants::Split>())]
    pub usage_split: crate::context::quadrants::Split,
}

impl UsageFlags {
    /// Usage quadrants, when `--usage-col` is given (required when `needed`).
    pub fn quadrants(
        &self,
        store: &Store,
        scope: &crate::search::Scope,
        needed: bool,
    ) -> crate::error::Result<Option<crate::context::quadrants::Quadrants>> {
        match &self.usage_col {
            Some(col) => Ok(Some(crate::context::quadrants::quadrants(
                store,
                scope,
                col,
                self.usage_split,
            )?)),
            None if needed => Err(crate::error::Refusal::NoUsageColumn.into()),
            None => Ok(None),
        }
    }
}

/// `--accounts`, `--customer-col` and `--churn-window`: churn from an accounts file.
#[derive(Debug, Clone, ClapArgs)]
pub struct ChurnFlags {
    /// Accounts file (CSV/XLSX) with a customer id and a churn date or churned status (optionally MRR)
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Response column holding the customer id [default: detected by name]
    #[arg(long, value_name = "COLUMN")]
    pub customer_col: Option<String>,
    /// "Left smiling": promoters who churned within this long of answering
    #[arg(long, value_name = "WINDOW", default_value = "90d", value_parser = crate::context::accounts::parse_window)]
    pub churn_window: i64,
}

impl ChurnFlags {
    /// Churn figures, when `--accounts` is given.
    pub fn churn(
        &self,
        store: &Store,
        scope: &crate::search::Scope,
    ) -> crate::error::Result<Option<crate::context::accounts::ChurnReport>> {
        match self.to_options() {
            Some(options) => Ok(Some(crate::context::accounts::churn(
                store, scope, &options,
            )?)),
            None => Ok(None),
        }
    }

    /// What `--accounts`, `--customer-col` and `--churn-window` ask for.
    pub fn to_options(&self) -> Option<crate::context::accounts::ChurnOptions> {
        self.accounts
            .clone()
            .map(|accounts| crate::context::accounts::ChurnOptions {
                accounts,
                customer_column: self.customer_col.clone(),
                window_days: self.churn_window,
            })
    }
}

/// Settings every handler gets.
pub struct Context {
    /// The first (or only) index folder.
    pub index_dir: PathBuf,
    /// Every `--index` folder given: read commands read them as one index.
    pub index_dirs: Vec<PathBuf>,
    pub quiet: bool,
}

impl Context {
    /// The index to read: every folder given, as one.
    pub fn open(&self) -> crate::error::Result<Store> {
        Store::open_many(&self.index_dirs)
    }

    /// The one folder a command that writes works on.
    pub fn writable_dir(&self, command: &str) -> anyhow::Result<&std::path::Path> {
        if self.index_dirs.len() > 1 {
            anyhow::bail!(
                "{command} writes to one index; give a single --index (several are read together only by stats, search, themes, tag, report, agents and info)"
            );
        }
        Ok(&self.index_dir)
    }
}

/// Parses the process's command line and runs it (clap's own errors and help exit from here).
pub fn run() -> ExitCode {
    main(Args::parse())
}

/// Runs a parsed command line and returns its exit code, printing errors to stderr.
pub fn main(args: Args) -> ExitCode {
    let index_dirs = if args.index.is_empty() {
        vec![PathBuf::from(DEFAULT_DIR)]
    } else {
        args.index.clone()
    };
    let ctx = Context {
        index_dir: index_dirs[0].clone(),
        index_dirs,
        quiet: args.quiet,
    };
    crate::threads::init(args.threads.map(usize::from));
    let mut out = std::io::stdout().lock();
    // A panic (a bug, or a damaged index deep inside tantivy) becomes a plain error and exit 2.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned());
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!(
            "{} at {}",
            message.unwrap_or_else(|| "unknown failure".into()),
            info.location().map_or(String::new(), |l| l.to_string())
        ));
    }));
    let run = std::panic::AssertUnwindSafe(|| match &args.command {
        Command::Ingest(a) => ingest::run(&ctx, a, &mut out),
        Command::Stats(a) => stats::run(&ctx, a, &mut out),
        Command::Search(a) => search::run(&ctx, a, &mut out),
        Command::Themes(a) => themes::run(&ctx, a, &mut out),
        Command::Tag(a) => tag::run(&ctx, a, &mut out),
        Command::Drivers(a) => drivers::run(&ctx, a, &mut out),
        Command::Report(a) => report::run(&ctx, a, &mut out),
        Command::Agents(a) => agents::run(&ctx, a, &mut out),
        Command::Info(a) => info::run(&ctx, a, &mut out),
        Command::Delete(a) => delete::run(&ctx, a, &mut out),
        Command::Serve(a) => serve::run(&ctx, a, &mut out),
    });
    let result = std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let what = PANIC.lock().ok().and_then(|p| p.clone()).unwrap_or_default();
        Err(anyhow::anyhow!(
            "internal failure ({what}); if the index in {} was damaged, delete that folder and run `verbatim ingest` again, otherwise please report this",
            ctx.index_dir.display()
        ))
    });
    // A reader that went away (`| head`) keeps the command's own exit code.
    let result = result.and_then(|code| match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        r => r.map(|_| code).map_err(anyhow::Error::from),
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(exit::OK),
        Err(e) => {
            // A closed stderr must not turn an error into a panic.
            let _ = writeln!(
                std::io::stderr().lock(),
                "verbatim: error: {}",
                crate::output::terminal_safe(&errors::words(&e))
            );
            ExitCode::from(exit::ERROR)
        }
    }
}

static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

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

/// Warns on stderr (whatever `--quiet`: the output lacks what the codebook asked for) of the
/// codebook entries that matched nothing, in every section of the run: with several open
/// questions, a theme of one question may rightly be missing from another.
fn warn_unmatched(codebook: &std::path::Path, sections: &[&[String]]) {
    let Some((first, others)) = sections.split_first() else {
        return;
    };
    for entry in first.iter() {
        if others.iter().all(|s| s.contains(entry)) {
            eprintln!(
                "warning: {}: {}",
                codebook.display(),
                crate::output::terminal_safe(entry)
            );
        }
    }
}
