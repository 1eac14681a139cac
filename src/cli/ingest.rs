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
use crate::ingest::{ingest, FileReport, IngestOptions, Observer, Preview, Reject, Warning};
use crate::output::{terminal_safe, thousands, Table};
use crate::score::{Scale, ScaleChoice};

#[derive(Debug, Args)]
#[command(
    after_help = "Columns are chosen by what they hold first, names second: open questions are the columns of \
long, varied, typed answers; the score is the column of numbers on a scale (a header asking how likely people \
are to recommend wins); the id is a column whose header names a response id and whose values are distinct; \
the date is the column of dates; choices, \
labels and short repeated names are segments. The mapping is printed, stored with the index and reused next \
time; --id-col, --date-col, --score-col and --text-col override it. A row the index already holds as it \
would write it is counted unchanged. Rows that cannot be read are written with their reason to rejects.csv \
in the index folder."
)]
pub struct IngestArgs {
    /// CSV, TSV or .xlsx survey exports
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Score scale, worst value first: nps (0-10), csat (1-5), csat:5-1 (1 best), fft (the NHS
    /// Friends and Family Test: 1 very good ... 5 very poor, 6 don't know), rating:WORST-BEST
    /// (rating:1-7, or rating:5-1 when 1 is best), or auto (decided from the whole column: its
    /// labels, its header, its numbers, and for CSAT and ratings the comments' sentiment)
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<ScaleChoice>())]
    pub scale: ScaleChoice,
    /// Labels of the score column from worst to best, comma-separated, for answers written as
    /// words that no bundled answer set holds ("Awful,Bad,OK,Good,Great")
    #[arg(long, value_name = "WORST,...,BEST", value_delimiter = ',')]
    pub score_labels: Option<Vec<String>>,
    /// Score values that mean no score, comma-separated (6,7 or 99): kept unscored and counted
    /// per code, never rejected. 99, 999, -1 and -99 beside a scale, codes labelled "Don't know"
    /// and the FFT's 6 and above are read so without it
    #[arg(
        long,
        value_name = "CODES",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub unscored_values: Vec<i64>,
    /// Language of the comments for a new index: en, de, fr, es, nl, pt, it, sv [default: en]
    #[arg(long, value_parser = |s: &str| s.parse::<Language>())]
    pub lang: Option<Language>,
    /// Order of slash dates valid either way (us = month first, eu = day first; a date valid in
    /// one order only is read in that order), or a pattern like %d.%m.%Y
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
    /// Long format (one row per answer): the column naming the respondent, whose rows are pivoted
    /// into one response (found by header: respondent, participant, respondent id)
    #[arg(long, value_name = "COLUMN")]
    pub respondent_col: Option<String>,
    /// Long format: the column naming the question each row answers (found by its values:
    /// 2-12 questions such as "What was good?")
    #[arg(long, value_name = "COLUMN")]
    pub question_col: Option<String>,
    /// Keep each row of a long-format file as a response (no pivot to one per respondent)
    #[arg(long, conflicts_with_all = ["respondent_col", "question_col"])]
    pub no_pivot: bool,
    /// Text encoding: auto, utf-8 or windows-1252
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<EncodingChoice>())]
    pub encoding: EncodingChoice,
    /// Field delimiter (sniffed when not given): ',', ';', 'tab', '|'
    #[arg(long, value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Worksheet of an .xlsx file [default: the first]
    #[arg(long)]
    pub sheet: Option<String>,
    /// Exit with code 3 when any row is rejected or indexed with a warning
    #[arg(long)]
    pub strict: bool,
    /// Show how the files would be read (column mapping, scale, dates, sample values, rows that
    /// would be rejected) and write nothing
    #[arg(long)]
    pub dry_run: bool,
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

/// Prints notes, rejects and warnings to stderr (or keeps them, for a dry run) and draws a
/// progress bar when stderr is a terminal. A closed stderr never stops the work.
struct Printer {
    quiet: bool,
    bar: Option<ProgressBar>,
    rejects_shown: u64,
    rejects_hidden: u64,
    /// Lines kept instead of printed.
    kept: Option<Vec<String>>,
}

const REJECTS_SHOWN: u64 = 20;

impl Printer {
    fn new(quiet: bool, keep: bool) -> Printer {
        Printer {
            quiet,
            bar: None,
            rejects_shown: 0,
            rejects_hidden: 0,
            kept: keep.then(Vec::new),
        }
    }

    fn say(&mut self, line: &str) {
        match (&mut self.kept, &self.bar) {
            (Some(kept), _) => kept.push(line.to_string()),
            (None, Some(bar)) => bar.println(line),
            (None, None) => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
        }
    }

    /// Rejects and warnings: the first few in full, the rest counted.
    fn row_problem(&mut self, line: String) {
        if self.rejects_shown < REJECTS_SHOWN {
            self.rejects_shown += 1;
            self.say(&terminal_safe(&line));
        } else {
            self.rejects_hidden += 1;
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
        let verb = if self.kept.is_some() {
            "would reject"
        } else {
            "rejected"
        };
        self.row_problem(format!("{verb} {reject}"));
    }

    fn warning(&mut self, warning: &Warning) {
        self.row_problem(format!("warning {warning}"));
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

impl IngestArgs {
    /// The library's options for this command line.
    pub fn to_options(&self) -> IngestOptions {
        IngestOptions {
            source: SourceOptions {
                encoding: self.encoding,
                delimiter: self.delimiter,
                sheet: self.sheet.clone(),
            },
            overrides: Overrides {
                id: self.id_col.clone(),
                date: self.date_col.clone(),
                score: self.score_col.clone(),
                text: self.text_col.clone(),
                exclude: self.exclude_col.clone(),
                keep: self.keep_col.clone(),
            },
            scale: self.scale,
            score_labels: self.score_labels.clone().map(|labels| {
                labels
                    .into_iter()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            }),
            unscored_values: self.unscored_values.clone(),
            date_format: self.date_format.clone(),
            pivot: pivot_options(self),
            language: self.lang,
            fiscal_year_start: self.fiscal_year_start,
            ..IngestOptions::default()
        }
    }
}

fn pivot_options(args: &IngestArgs) -> crate::ingest::PivotOptions {
    crate::ingest::PivotOptions {
        respondent: args.respondent_col.clone(),
        question: args.question_col.clone(),
        off: args.no_pivot,
    }
}

pub fn run(ctx: &Context, args: &IngestArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let options = args.to_options();
    if args.dry_run {
        return dry_run(ctx, args, &options, out);
    }
    let dir = ctx.writable_dir("ingest")?;
    let mut store = Store::open_or_create(dir, args.lang, args.fiscal_year_start)?;
    let mut printer = Printer::new(ctx.quiet, false);
    let result = ingest(&mut store, &args.files, &options, &mut printer);
    if let Some(bar) = printer.bar.take() {
        bar.finish_and_clear();
    }
    let report = result?;
    if printer.rejects_hidden > 0 {
        let hidden = printer.rejects_hidden;
        printer.say(&format!("... and {hidden} more rejected or flagged rows"));
    }
    let mut text = String::new();
    for file in &report.files {
        text.push_str(&terminal_safe(&summary(file, false)));
        text.push('\n');
    }
    if let Some(path) = &report.rejects_file {
        text.push_str(&format!(
            "Rejected rows, with their reasons, were added to {}\n",
            path.display()
        ));
    }
    let searcher = store.searcher()?;
    text.push_str(&format!(
        "The index in {} now holds {} responses.\n",
        ctx.index_dir.display(),
        thousands(searcher.num_docs())
    ));
    // The work is done: a reader that went away (`| head`) changes nothing.
    write_all(out, &text)?;
    Ok(strict_code(
        args.strict,
        report.rejected_total() + report.warnings_total(),
    ))
}

fn strict_code(strict: bool, problems: u64) -> u8 {
    if strict && problems > 0 {
        exit::REJECTED_ROWS
    } else {
        exit::OK
    }
}

/// Writes `text`, ignoring a closed pipe.
fn write_all(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// The line that sums up one file: "N rows: A added, U updated, R rejected (...); extras".
fn summary(file: &FileReport, dry_run: bool) -> String {
    let mut line = if dry_run {
        format!(
            "{}: {} rows: {} would be indexed, {} rejected",
            file.path.display(),
            thousands(file.rows),
            thousands(file.added),
            thousands(file.rejected_total())
        )
    } else {
        let unchanged = match file.unchanged {
            0 => String::new(),
            n => format!(", {} unchanged", thousands(n)),
        };
        format!(
            "{}: {} rows: {} added, {} updated{unchanged}, {} rejected",
            file.path.display(),
            thousands(file.rows),
            thousands(file.added),
            thousands(file.updated),
            thousands(file.rejected_total())
        )
    };
    if file.folded > 0 {
        line.push_str(&format!(
            " ({} folded into their respondent's response)",
            thousands(file.folded)
        ));
    }
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
    if file.warnings > 0 {
        extras.push(format!(
            "{} with a warning (see above)",
            thousands(file.warnings)
        ));
    }
    if file.unscored > 0 {
        extras.push(unscored_summary(file));
    }
    if file.without_comment > 0 {
        let mut without = format!("{} without a comment", thousands(file.without_comment));
        if !file.placeholders.is_empty() {
            without.push_str(&format!(" ({})", placeholder_counts(file)));
        }
        extras.push(without);
    } else if !file.placeholders.is_empty() {
        // Cells that say nothing beside another answer that does: a template title, say.
        extras.push(format!("{} beside a comment", placeholder_counts(file)));
    }
    if file.lost_characters > 0 {
        extras.push(format!(
            "{} with '\u{FFFD}' in the comment (characters lost before the file was exported; \
             between two letters read as an apostrophe)",
            thousands(file.lost_characters)
        ));
    }
    if file.padded > 0 {
        extras.push(format!("{} short rows padded", thousands(file.padded)));
    }
    if !extras.is_empty() {
        line.push_str(&format!("; {}", extras.join(", ")));
    }
    line
}

/// "120 without a score (30 of them answered like 'N/A'; 12 'don't know', counted on its own;
/// code 7: 5, code 99: 2)".
fn unscored_summary(file: &FileReport) -> String {
    let mut parts = Vec::new();
    if file.score_non_answers > 0 {
        parts.push(format!(
            "{} of them answered like 'N/A' or 'Don't know'",
            thousands(file.score_non_answers)
        ));
    }
    if file.dont_know > 0 {
        parts.push(format!(
            "{} 'don't know', counted on its own",
            thousands(file.dont_know)
        ));
    }
    let codes: Vec<String> = file
        .unscored_codes
        .iter()
        .map(|(code, n)| format!("code {code}: {}", thousands(*n)))
        .collect();
    if !codes.is_empty() {
        parts.push(codes.join(", "));
    }
    let mut text = format!("{} without a score", thousands(file.unscored));
    if !parts.is_empty() {
        text.push_str(&format!(" ({})", parts.join("; ")));
    }
    text
}

/// The placeholders of a file's text cells, most frequent first: "1,229 placeholders: 1,189
/// 'Did not answer', 40 'N/A'".
fn placeholder_counts(file: &FileReport) -> String {
    const SHOWN: usize = 4;
    let mut kinds: Vec<_> = file.placeholders.iter().collect();
    kinds.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let mut shown: Vec<String> = kinds
        .iter()
        .take(SHOWN)
        .map(|(_, p)| format!("{} '{}'", thousands(p.count), p.written))
        .collect();
    if kinds.len() > SHOWN {
        let rest: u64 = kinds[SHOWN..].iter().map(|(_, p)| p.count).sum();
        shown.push(format!("{} other", thousands(rest)));
    }
    let total: u64 = kinds.iter().map(|(_, p)| p.count).sum();
    format!("{} placeholders: {}", thousands(total), shown.join(", "))
}

/// `ingest --dry-run`: every file read and checked as an ingest would, nothing written (the
/// index, if there is one, is only read for its mapping and scale).
fn dry_run(
    ctx: &Context,
    args: &IngestArgs,
    options: &IngestOptions,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut meta = Store::settings(
        ctx.writable_dir("ingest")?,
        args.lang,
        args.fiscal_year_start,
    )?;
    let mut printer = Printer::new(ctx.quiet, true);
    let mut problems = 0;
    for path in &args.files {
        let preview = crate::ingest::preview(&mut meta, path, options, &mut printer)?;
        let mut text = String::new();
        for line in printer.kept.iter_mut().flat_map(std::mem::take) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str(&describe_preview(&preview));
        write_all(out, &text)?;
        problems += preview.report.rejected_total() + preview.report.warnings;
    }
    let mut text = String::new();
    if printer.rejects_hidden > 0 {
        text.push_str(&format!(
            "... and {} more rejected or flagged rows\n",
            printer.rejects_hidden
        ));
    }
    text.push_str(&format!(
        "Dry run: nothing was written to {}; run the same command without --dry-run to ingest.\n",
        ctx.index_dir.display()
    ));
    write_all(out, &text)?;
    Ok(strict_code(args.strict, problems))
}

/// The column table, the questions of the comment columns and the summary of one dry-run file.
fn describe_preview(p: &Preview) -> String {
    let mut text = String::new();
    if p.columns.is_empty() {
        return text;
    }
    let mut table = Table::new(["column", "role", "sample values"]);
    for c in &p.columns {
        let samples: Vec<String> = c.samples.iter().map(|s| format!("'{s}'")).collect();
        table.row(vec![
            terminal_safe(&c.name),
            c.role.to_string(),
            terminal_safe(&samples.join(", ")),
        ]);
    }
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = table.write(&mut buf);
    text.push_str(&String::from_utf8_lossy(&buf));
    for c in &p.columns {
        if let Some(q) = &c.question {
            let slant = c
                .slant
                .and_then(|s| s.describe())
                .map_or(String::new(), |d| format!(" ({d})"));
            text.push_str(&terminal_safe(&format!(
                "comment column '{}' answers: {q}{slant}",
                c.name
            )));
            text.push('\n');
        }
    }
    let scale = p
        .scale
        .map_or("none (no score column)".to_string(), |s| s.to_string());
    let dates = p.dates.as_deref().unwrap_or("none (no date column)");
    text.push_str(&format!("scale: {scale}; dates: {dates}\n"));
    if let (Some(direction), Some(Scale::Csat { .. } | Scale::Rating { .. } | Scale::Fft)) =
        (&p.direction, p.scale)
    {
        text.push_str(&terminal_safe(&format!("direction: {direction}\n")));
    }
    if !p.unscored_codes.is_empty() {
        let codes: Vec<String> = p.unscored_codes.iter().map(i64::to_string).collect();
        text.push_str(&format!("read as no score: {}\n", codes.join(", ")));
    }
    text.push_str(&terminal_safe(&summary(&p.report, true)));
    text.push('\n');
    text
}
