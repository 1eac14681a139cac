//! Ingest: survey exports in, responses in the index out.
//!
//! Each file is read twice. The scan pass profiles every column (to find the id, date, score and
//! comment columns, the score scale and the day/month order of dates); the index pass turns each
//! row into a response, or into a reject with its reason. Responses are keyed by id, so ingesting
//! a row again replaces it. Commits happen every [`IngestOptions::commit_every`] rows and at the
//! end of each file: a crash leaves the index as of the last commit, and running again finishes
//! the job without duplicates.
//!
//! The scan pass is `scan`, and what is decided from it, `plan` (with `scale`); the index pass
//! is `file`, which converts the rows on `workers` and writes them in file order with
//! `row_writer`. `preview` (the dry run) plans alike and writes nothing.

pub mod columns;
pub mod dates;
pub mod dialect;
pub mod direction;
mod file;
mod long;
pub use long::PivotOptions;
mod pivot;
mod plan;
mod preview;
pub use preview::{preview, ColumnPreview, Preview};
pub mod rejects;
mod response;
pub use response::is_non_answer;
mod row_writer;
mod scale;
mod scan;
pub mod source;
mod workers;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::analysis::Language;
use crate::error::{Error, Result};
use crate::index::Store;
use crate::score::{ScaleChoice, ScoreRead};
use columns::Overrides;
use dates::DateFormat;
use file::ingest_file;
use rejects::RejectsFile;
pub use rejects::{Reject, RejectKind, Warning};
use source::SourceOptions;

/// Everything `verbatim ingest` can be told.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub source: SourceOptions,
    pub overrides: Overrides,
    pub scale: ScaleChoice,
    /// Labels of the score column from worst to best (`--score-labels`), for labels no bundled
    /// answer set holds.
    pub score_labels: Option<Vec<String>>,
    /// Score values that mean no score (`--unscored-values`), beside the codes found by rule.
    pub unscored_values: Vec<i64>,
    pub date_format: DateFormat,
    /// The respondent and question columns of a long-format file, or no pivot.
    pub pivot: PivotOptions,
    /// Language of a new index (an existing index keeps its own).
    pub language: Option<Language>,
    pub fiscal_year_start: Option<u32>,
    pub commit_every: u64,
    /// Threads converting rows (analysis), and tantivy indexing threads (at most
    /// [`crate::index::MAX_INDEXING_THREADS`], sharing one memory budget). Ids, updates
    /// and duplicates are resolved in file order on one thread, so the index holds the same
    /// responses whatever the number.
    pub threads: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            source: SourceOptions::default(),
            overrides: Overrides::default(),
            scale: ScaleChoice::Auto,
            score_labels: None,
            unscored_values: Vec::new(),
            date_format: DateFormat::Auto,
            pivot: PivotOptions::default(),
            language: None,
            fiscal_year_start: None,
            // Tests of crash safety set a small interval to have commits to lose.
            commit_every: std::env::var("VERBATIM_COMMIT_EVERY")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(250_000),
            threads: crate::threads::count(),
        }
    }
}

/// Receives what happens during an ingest; the CLI prints it, tests collect it.
pub trait Observer {
    /// Something the user should know (the column mapping chosen, the scale, skipped rows).
    fn note(&mut self, file: &Path, message: &str);
    fn reject(&mut self, reject: &Reject);
    /// A row indexed as the file has it that the user should check (see [`Warning`]).
    fn warning(&mut self, warning: &Warning);
    fn progress(&mut self, file: &Path, bytes_done: u64, bytes_total: u64);
}

/// An observer that keeps notes, rejects and warnings in memory.
#[derive(Debug, Default)]
pub struct Collect {
    pub notes: Vec<String>,
    pub rejects: Vec<Reject>,
    pub warnings: Vec<Warning>,
}

impl Observer for Collect {
    fn note(&mut self, _: &Path, message: &str) {
        self.notes.push(message.to_string());
    }
    fn reject(&mut self, reject: &Reject) {
        self.rejects.push(reject.clone());
    }
    fn warning(&mut self, warning: &Warning) {
        self.warnings.push(warning.clone());
    }
    fn progress(&mut self, _: &Path, _: u64, _: u64) {}
}

/// What happened to one file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    /// Data rows read (header and tool rows excluded).
    pub rows: u64,
    /// Responses new to the index.
    pub added: u64,
    /// Responses that replaced one with the same id (from an earlier ingest or earlier in the file).
    pub updated: u64,
    /// Responses already held exactly as the row would write them (a file ingested again).
    pub unchanged: u64,
    /// Rows of a long-format file folded into their respondent's response (written at the
    /// respondent's last row, which counts as added, updated or unchanged).
    #[serde(skip_serializing_if = "is_zero")]
    pub folded: u64,
    /// Ids seen more than once in this file (the last row wins).
    pub duplicate_ids: u64,
    pub unscored: u64,
    /// Unscored because the score cell declined to score ("N/A", "Don't know").
    pub score_non_answers: u64,
    /// "Don't know" on the FFT (among the unscored), counted on its own.
    #[serde(skip_serializing_if = "is_zero")]
    pub dont_know: u64,
    /// Unscored because the score is a code that means no score (99, `--unscored-values`), per
    /// code.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unscored_codes: BTreeMap<i64, u64>,
    pub without_comment: u64,
    /// Responses whose comment holds the replacement character (U+FFFD): characters lost before
    /// the file reached verbatim (an export decoded with the wrong encoding).
    #[serde(skip_serializing_if = "is_zero")]
    pub lost_characters: u64,
    /// Text cells that hold a placeholder instead of a comment ("Did not answer", "N/A",
    /// "[redacted]"), per kind: how many, and the first as written.
    pub placeholders: BTreeMap<String, Placeholders>,
    /// How the numeric dates were read: in one order only, or either way.
    pub date_orders: dates::DateOrders,
    /// Rows with fewer cells than the header, padded with blanks.
    pub padded: u64,
    /// Rows not indexed because the response held under their id is dated later.
    pub kept_later: u64,
    /// Survey previews, tests and spam, left out (and kept in rejects.csv).
    pub left_out: u64,
    pub rejected: BTreeMap<RejectKind, u64>,
    /// Rows indexed as read with a [`Warning`].
    pub warnings: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The cells of one kind of placeholder.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Placeholders {
    pub count: u64,
    /// The first cell of the kind, as written ("Did not answer").
    pub written: String,
}

impl FileReport {
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    /// Counts what a response's score cell gave.
    fn count_score(&mut self, read: ScoreRead) {
        match read {
            ScoreRead::Score(_) => return,
            ScoreRead::DontKnow => self.dont_know += 1,
            ScoreRead::Code(code) => *self.unscored_codes.entry(code).or_default() += 1,
            ScoreRead::NonAnswer => self.score_non_answers += 1,
            ScoreRead::Blank => {}
        }
        self.unscored += 1;
    }

    /// Counts the text cells of one row that hold a placeholder.
    fn count_placeholders<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for cell in cells {
            if let Some(kind) = crate::analysis::placeholder::placeholder(cell) {
                self.count_placeholder(kind, cell);
            }
        }
    }

    /// Counts the placeholder cells of a written response: a listed kind, or the file's
    /// template answer as itself.
    fn count_written_placeholders<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        for cell in cells {
            let kind = crate::analysis::placeholder::placeholder(cell)
                .unwrap_or_else(|| cell.trim().to_lowercase());
            self.count_placeholder(kind, cell);
        }
    }

    fn count_placeholder(&mut self, kind: String, cell: &str) {
        let entry = self.placeholders.entry(kind).or_default();
        if entry.count == 0 {
            entry.written = cell.trim().to_string();
        }
        entry.count += 1;
    }
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    pub files: Vec<FileReport>,
    /// Where rejected rows were written, when any were.
    pub rejects_file: Option<PathBuf>,
}

impl IngestReport {
    pub fn rejected_total(&self) -> u64 {
        self.files.iter().map(FileReport::rejected_total).sum()
    }

    pub fn warnings_total(&self) -> u64 {
        self.files.iter().map(|f| f.warnings).sum()
    }
}

/// Ingests `files` into `store`, in order, under the index's writer lock.
pub fn ingest(
    store: &mut Store,
    files: &[PathBuf],
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<IngestReport> {
    let dir = store.dir.clone();
    ingest_files(store, files, options, observer).map_err(|e| match e {
        Error::Tantivy(source) => Error::IndexWrite {
            reason: write_failure(&dir),
            dir,
            source,
        },
        e => e,
    })
}

/// Why writing into `dir` fails, found by trying: a full disk and a read-only folder are the
/// usual causes, and tantivy's own error often no longer says which.
fn write_failure(dir: &Path) -> String {
    let probe = dir.join(".verbatim-space-probe");
    let result = std::fs::write(&probe, vec![0u8; 1 << 20]);
    let _ = std::fs::remove_file(&probe);
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {
            "the disk is full (No space left on device); free some space".into()
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            "the folder is not writable; fix its permissions".into()
        }
        Err(e) => format!("{e}"),
        Ok(()) => "check free disk space and permissions".into(),
    }
}

fn ingest_files(
    store: &mut Store,
    files: &[PathBuf],
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<IngestReport> {
    let mut writer = store.writer(options.threads)?;
    let mut rejects = RejectsFile::new(&store.rejects_path());
    let mut report = IngestReport::default();
    let mut seen = HashSet::new();
    for path in files {
        store.refresh();
        let before = store.searcher()?;
        let file_report = ingest_file(
            store,
            &mut writer,
            &before,
            path,
            options,
            observer,
            &mut rejects,
            &mut seen,
        )?;
        report.files.push(file_report);
    }
    store.refresh();
    rejects.flush()?;
    if report.rejected_total() > 0 {
        report.rejects_file = Some(rejects.path().to_path_buf());
    }
    Ok(report)
}
