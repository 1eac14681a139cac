//! Domain errors. Each message says what went wrong and what to do next.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("no verbatim index in {dir}; run `verbatim ingest FILE` first, or point --index (or VERBATIM_INDEX) at an index")]
    NoIndex { dir: PathBuf },

    #[error("index in use: another verbatim ingest or delete is writing to {dir}; wait for it to finish and try again")]
    IndexInUse { dir: PathBuf },

    #[error("the index in {dir} {problem}; delete that folder and run `verbatim ingest` again to rebuild it")]
    IncompatibleIndex { dir: PathBuf, problem: String },

    #[error("cannot use {path}{}", io_hint(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A whole input file cannot be read (not a bad row: those are rejected one by one).
    #[error("{file}: {message}")]
    Input { file: PathBuf, message: String },

    /// The user asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),

    #[error("writing or reading the index failed; check free disk space and permissions, then run the command again (the index keeps its last commit)")]
    Tantivy(#[from] tantivy::TantivyError),

    /// Writing the index failed part way (the index keeps its last commit).
    #[error("writing the index in {dir} failed: {reason}; then run the ingest again (the index keeps its last commit)")]
    IndexWrite {
        dir: PathBuf,
        reason: String,
        #[source]
        source: tantivy::TantivyError,
    },
}

/// What to do about an I/O failure, in plain words.
fn io_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            " (run as a user allowed to use it, or choose another --index or --out)"
        }
        std::io::ErrorKind::StorageFull => {
            " (the disk is full: free some space and run the command again)"
        }
        std::io::ErrorKind::NotFound => " (not found)",
        _ => "",
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn input(file: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Input {
            file: file.into(),
            message: message.into(),
        }
    }
}
