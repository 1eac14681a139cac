//! `verbatim ingest FILE...`

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::{exit, Context};
use crate::analysis::Language;
use crate::index::Store;
use crate::ingest::columns::Overrides;
use crate::ingest::dates::DateFormat;
use crate::ingest::source::{EncodingChoice, SourceOptions};
use crate::ingest::{ingest, IngestOptions, Observer, Reject};
use crate::output::{terminal_safe, thousands};
use crate::score::ScaleChoice;

#[derive(Debug, Args)]
#[command(
    after_help = "Columns are found by name (id, date, score/nps/rating/csat, comment/feedback/text...) and the \
mapping is printed, stored with the index and reused next time. Rows that cannot be read are written with \
their reason to rejects.csv in the index folder."
)]
pub struct IngestArgs {
    /// CSV, TSV or .xlsx survey exports
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Score scale: nps (0-10), csat (1-5), rating:MIN-MAX, or auto (decided from the whole column)
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<ScaleChoice>())]
    pub scale: ScaleChoice,
    /// Language of the comments for a new index: en, de, fr, es, nl, pt, it, sv [default: en]
    #[arg(long, value_parser = |s: &str| s.parse::<Language>())]
    pub lang: Option<Language>,
    /// Date order for slash dates (us = month first, eu = day first), or a pattern like %d.%m.%Y
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<DateFormat>())]
    pub date_format: DateFormat,
    /// First month (1-12) of the fiscal year: quarters become FY2027Q1... [default: 1, calendar quarters]
    #[arg(long, value_name = "MONTH", value_parser = clap::value_parser!(u32).range(1..=12))]
    pub fiscal_year_start: Option<u32>,
    /// Column holding the response id
    #[arg(long, value_name = "COLUMN")]
    pub id_col: Option<String>,
    /// Column holding the response date
    #[arg(long, value_name = "COLUMN")]
    pub date_col: Option<String>,
    /// Column holding the score
    #[arg(long, value_name = "COLUMN")]
    pub score_col: Option<String>,
    /// Free-text column; repeat for surveys with several (title and body, "why" and "what to improve")
    #[arg(long, value_name = "COLUMN")]
    pub text_col: Vec<String>,
    /// Column to drop at the door; repeatable
    #[arg(long, value_name = "COLUMN")]
    pub exclude_col: Vec<String>,
    /// Personal-data column (email, name, IP address) to keep as a segment instead of leaving it
    /// out, such as an email an --accounts file joins on; repeatable
    #[arg(long, value_name = "COLUMN")]
    pub keep_col: Vec<String>,
    /// Text encoding: auto, utf-8 or windows-1252
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<EncodingChoice>())]
    pub encoding: EncodingChoice,
    /// Field delimiter (sniffed when not given): ',', ';', 'tab', '|'
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Worksheet of an .xlsx file [default: the first]
    #[arg(long)]
    pub sheet: Option<String>,
    /// Exit with code 3 when any row is rejected
    #[arg(long)]
    pub strict: bool,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "'{s}' is not a one-character delimiter; use ',', ';', 'tab' or '|'"
        )),
    }
}

/// Prints notes and rejects to stderr and draws a progress bar when stderr is a terminal.
struct Printer {
    quiet: bool,
    bar: Option<ProgressBar>,
    rejects_shown: u64,
    rejects_hidden: u64,
}

const REJECTS_SHOWN: u64 = 20;

impl Printer {
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl Observer for Printer {
    fn note(&mut self, file: &Path, message: &str) {
        if !self.quiet {
            self.say(&terminal_safe(&format!("{}: {message}", file.display())));
        }
    }

    fn reject(&mut self, reject: &Reject) {
        if self.rejects_shown < REJECTS_SHOWN {
            self.rejects_shown += 1;
            self.say(&terminal_safe(&format!("rejected {reject}")));
        } else {
            self.rejects_hidden += 1;
        }
    }

    fn progress(&mut self, file: &Path, done: u64, total: u64) {
        if self.quiet || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            bar
        });
        bar.set_length(total);
        bar.set_message(file.display().to_string());
        bar.set_position(done);
    }
}

pub fn run(ctx: &Context, args: &IngestArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut store = Store::open_or_create(&ctx.index_dir, args.lang, args.fiscal_year_start)?;
    let options = IngestOptions {
        source: SourceOptions {
            encoding: args.encoding,
            delimiter: args.delimiter,
            sheet: args.sheet.clone(),
        },
        overrides: Overrides {
            id: args.id_col.clone(),
            date: args.date_col.clone(),
            score: args.score_col.clone(),
            text: args.text_col.clone(),
            exclude: args.exclude_col.clone(),
            keep: args.keep_col.clone(),
        },
        scale: args.scale,
        date_format: args.date_format.clone(),
        language: args.lang,
        fiscal_year_start: args.fiscal_year_start,
        ..IngestOptions::default()
    };
    let mut printer = Printer {
        quiet: ctx.quiet,
        bar: None,
        rejects_shown: 0,
        rejects_hidden: 0,
    };
    let result = ingest(&mut store, &args.files, &options, &mut printer);
    if let Some(bar) = printer.bar.take() {
        bar.finish_and_clear();
    }
    let report = result?;
    if printer.rejects_hidden > 0 {
        eprintln!("... and {} more rejected rows", printer.rejects_hidden);
    }
    for file in &report.files {
        let mut line = format!(
            "{}: {} rows: {} added, {} updated, {} rejected",
            file.path.display(),
            thousands(file.rows),
            thousands(file.added),
            thousands(file.updated),
            thousands(file.rejected_total())
        );
        if file.rejected_total() > 0 {
            let reasons: Vec<_> = file
                .rejected
                .iter()
                .map(|(k, n)| format!("{} {}", k.as_str(), thousands(*n)))
                .collect();
            line.push_str(&format!(" ({})", reasons.join(", ")));
        }
        let mut extras = Vec::new();
        if file.left_out > 0 {
            extras.push(format!(
                "{} left out (survey previews, tests, spam)",
                thousands(file.left_out)
            ));
        }
        if file.kept_later > 0 {
            extras.push(format!(
                "{} older than the response held under their id, not applied",
                thousands(file.kept_later)
            ));
        }
        if file.unscored > 0 {
            extras.push(format!("{} without a score", thousands(file.unscored)));
        }
        if file.without_comment > 0 {
            extras.push(format!(
                "{} without a comment",
                thousands(file.without_comment)
            ));
        }
        if file.padded > 0 {
            extras.push(format!("{} short rows padded", thousands(file.padded)));
        }
        if !extras.is_empty() {
            line.push_str(&format!("; {}", extras.join(", ")));
        }
        writeln!(out, "{}", terminal_safe(&line))?;
    }
    if let Some(path) = &report.rejects_file {
        writeln!(
            out,
            "Rejected rows, with their reasons, were added to {}",
            path.display()
        )?;
    }
    let searcher = store.searcher()?;
    writeln!(
        out,
        "The index in {} now holds {} responses.",
        ctx.index_dir.display(),
        thousands(searcher.num_docs())
    )?;
    Ok(if args.strict && report.rejected_total() > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::OK
    })
}
