//! Rows that could not be indexed, kept with their reason in `rejects.csv` beside the index, so
//! nothing a customer wrote is lost: fix the cause and ingest the rows again.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Why a row was not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectKind {
    BadScore,
    BadDate,
    WrongFieldCount,
    InvalidEncoding,
    UnclosedQuote,
    /// A survey preview, test or spam row: left out, not counted as rejected.
    NotAResponse,
}

impl RejectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectKind::BadScore => "bad score",
            RejectKind::BadDate => "bad date",
            RejectKind::WrongFieldCount => "wrong field count",
            RejectKind::InvalidEncoding => "invalid text encoding",
            RejectKind::UnclosedQuote => "unclosed quote",
            RejectKind::NotAResponse => "not a response",
        }
    }
}

/// One rejected row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reject {
    pub file: PathBuf,
    pub line: u64,
    /// The column at fault, by header name, when one is.
    pub column: Option<String>,
    pub kind: RejectKind,
    pub detail: String,
    /// The row's cells as read.
    #[serde(skip)]
    pub cells: Vec<String>,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Place(&self.file, self.line, self.column.as_deref(), &self.detail).fmt(f)
    }
}

/// A row indexed as the file has it, about which the user should know (a cell whose lines read
/// like rows of the file); `--strict` counts it like a reject.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    pub file: PathBuf,
    pub line: u64,
    pub column: Option<String>,
    pub detail: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Place(&self.file, self.line, self.column.as_deref(), &self.detail).fmt(f)
    }
}

/// "file:line, column 'name': detail".
struct Place<'a>(&'a Path, u64, Option<&'a str>, &'a str);

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Place(file, line, column, detail) = self;
        write!(f, "{}:{line}", file.display())?;
        if let Some(c) = column {
            write!(f, ", column '{c}'")?;
        }
        write!(f, ": {detail}")
    }
}

/// Appends rejects to a CSV file, creating it (with a header) on the first reject.
pub struct RejectsFile {
    path: PathBuf,
    writer: Option<csv::Writer<File>>,
}

impl RejectsFile {
    pub fn new(path: &Path) -> RejectsFile {
        RejectsFile {
            path: path.to_path_buf(),
            writer: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn write(&mut self, reject: &Reject) -> Result<()> {
        let io = |e: csv::Error| Error::io(&self.path, e.into());
        if self.writer.is_none() {
            let fresh = !self.path.exists();
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(|e| Error::io(&self.path, e))?;
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
            if fresh {
                w.write_record(["file", "line", "column", "reason", "detail", "row..."])
                    .map_err(io)?;
            }
            self.writer = Some(w);
        }
        let w = self.writer.as_mut().expect("writer was just created");
        let line = reject.line.to_string();
        let file = reject.file.display().to_string();
        let head = [
            file.as_str(),
            &line,
            reject.column.as_deref().unwrap_or(""),
            reject.kind.as_str(),
            &reject.detail,
        ];
        w.write_record(
            head.iter()
                .copied()
                .chain(reject.cells.iter().map(String::as_str)),
        )
        .map_err(|e| Error::io(&self.path, e.into()))
    }

    pub fn flush(&mut self) -> Result<()> {
        match &mut self.writer {
            Some(w) => w.flush().map_err(|e| Error::io(&self.path, e)),
            None => Ok(()),
        }
    }
}
