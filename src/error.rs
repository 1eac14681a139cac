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

    #[error("{path}: {source}")]
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

    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
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
