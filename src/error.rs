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

    /// The user asked for something the index cannot give as asked: what and which value.
    #[error(transparent)]
    Refused(#[from] Refusal),

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

impl From<QueryProblem> for Error {
    fn from(problem: QueryProblem) -> Error {
        Error::Refused(Refusal::Query(problem))
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

/// What a request asked that cannot be done, with the values involved. The words name no
/// command-line flag, so that every front end (the CLI, `serve`) can say it its own way; the CLI
/// names its flags (`cli::errors`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    #[error("{wanted} needs scores, and this index holds none")]
    NoScores { wanted: NeedsScores },

    #[error("unknown band '{band}' for {scale}; choose one of {}", choices.join(", "))]
    UnknownBand {
        band: String,
        scale: String,
        choices: Vec<String>,
    },

    #[error("a segment filter needs COLUMN=VALUE, e.g. plan=Pro (got '{pair}')")]
    BadFilter { pair: String },

    #[error("{}", unknown_column(column, known, *wanted))]
    UnknownColumn {
        column: String,
        /// The index's segment columns, as a list to show.
        known: String,
        wanted: ColumnUse,
    },

    #[error("no response has {column} = '{value}'; its values are: {}{more}", known.join(", "))]
    UnknownValue {
        column: String,
        value: String,
        known: Vec<String>,
        /// What follows the values shown (", ... (N in all)"), or nothing.
        more: String,
    },

    #[error("no response in this index has the id '{id}'; search prints each hit's id first")]
    UnknownId { id: String },

    #[error("'{text}' is not a quarter; write it like 2026Q3{}", if *fiscal { " (or FY2027Q1 for fiscal quarters)" } else { "" })]
    BadQuarter { text: String, fiscal: bool },

    #[error("the start date {from} is after the end date {to}")]
    DatesReversed { from: String, to: String },

    #[error(transparent)]
    Query(#[from] QueryProblem),

    #[error("{what}: {detail}")]
    Codebook { what: String, detail: String },

    #[error("the index in {} was built for language {built}, not {asked}; use another index for {asked} comments", dir.display())]
    LanguageMismatch {
        dir: PathBuf,
        built: String,
        asked: String,
    },

    #[error("the index in {} uses fiscal year start {built}, not {asked}; re-ingest into a new index to change it", dir.display())]
    FiscalYearMismatch {
        dir: PathBuf,
        built: String,
        asked: String,
    },

    #[error("no index folder given")]
    NoIndexFolder,

    #[error("{} and {} cannot be read together: {difference}; read them one at a time", first.display(), other.display())]
    IndexesDiffer {
        first: PathBuf,
        other: PathBuf,
        difference: String,
    },

    #[error("column '{column}' holds no numbers in scope, {}", match wanted {
        NeedsNumbers::Usage => "so it cannot split usage",
        NeedsNumbers::ResolutionTime => "so it cannot tell fast answers; give a threshold in minutes or another time column",
    })]
    NoNumbers {
        column: String,
        wanted: NeedsNumbers,
    },

    #[error("no {role} column found; name the column that holds it (columns: {known})")]
    NoColumnFor { role: ColumnRole, known: String },

    #[error("the responses in scope have no dates, so there is no quarter to report on; ingest a file with a date column")]
    NoDates,

    #[error("no responses in {which} quarter {quarter}; the quarters in scope are {}", known.join(", "))]
    QuarterNotInScope {
        /// "the" or "the comparison".
        which: String,
        quarter: String,
        known: Vec<String>,
    },

    #[error("{column} has {values} values in {quarter}; the report shows columns of at most {max} values, so choose another or narrow the scope to one segment value")]
    TooManyValues {
        column: String,
        values: usize,
        quarter: String,
        max: usize,
    },

    #[error("cannot listen on {address}: {detail}; choose another port (or leave it out for a free one)")]
    CannotListen { address: String, detail: String },

    #[error("the server has no IP address")]
    NoServerAddress,

    #[error("no open question '{wanted}'; give a question's number or header: {}", questions.join(", "))]
    UnknownQuestion {
        wanted: String,
        /// Each question as "N 'label'".
        questions: Vec<String>,
    },

    #[error("usage quadrants need a numeric usage column")]
    NoUsageColumn,
}

/// What needed scores the index does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedsScores {
    BandFilter,
    Quadrants,
}

impl std::fmt::Display for NeedsScores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NeedsScores::BandFilter => "filtering by band",
            NeedsScores::Quadrants => "usage quadrants",
        })
    }
}

/// What a segment column was named for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUse {
    /// A filter (COLUMN=VALUE) or a column to show beside hits.
    Filter,
    /// Stats grouped by a column.
    StatsGroup,
    /// Themes grouped by a column.
    ThemesGroup,
    /// Themes counted per value of a column.
    ThemeSegments,
    /// Values read per response (usage, agents, customers).
    Values,
}

fn unknown_column(column: &str, known: &str, wanted: ColumnUse) -> String {
    match wanted {
        ColumnUse::Filter => {
            format!("no segment column '{column}'; the segment columns are: {known}")
        }
        ColumnUse::StatsGroup => {
            format!("no segment column '{column}'; group by quarter or one of: {known}")
        }
        ColumnUse::ThemesGroup => {
            format!("no segment column '{column}'; group by band, quarter, none or one of: {known}")
        }
        ColumnUse::ThemeSegments => format!("no segment column '{column}' to count themes by"),
        ColumnUse::Values => {
            format!("no column '{column}' in the index; the segment columns are: {known}")
        }
    }
}

/// What a column holding no numbers was needed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedsNumbers {
    Usage,
    ResolutionTime,
}

/// A column found by its header when not named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    Agent,
    ResolutionTime,
    CustomerId,
}

impl std::fmt::Display for ColumnRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ColumnRole::Agent => "agent",
            ColumnRole::ResolutionTime => "resolution time",
            ColumnRole::CustomerId => "customer id",
        })
    }
}

/// Why a search query cannot be run, at which character where that helps.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryProblem {
    #[error("the query is empty; give the words to look for, e.g. verbatim search 'billing'")]
    Empty,
    #[error("the closing parenthesis at character {at} of the query closes nothing; remove it or add the '(' it closes")]
    StrayClose { at: usize },
    #[error("the quote at character {at} of the query opens a phrase that is never closed; end the phrase with another \" or remove it")]
    OpenQuote { at: usize },
    #[error("the parenthesis opened at character {at} of the query is never closed; add a ')' or remove it")]
    OpenParenthesis { at: usize },
    #[error("the query has nothing to search for: {words} {} too common to be indexed (stopwords, {why}); add a word that says what you are looking for", if *several { "are" } else { "is" })]
    OnlyStopwords {
        /// The words, as shown.
        words: String,
        several: bool,
        why: String,
    },
    #[error("the query only excludes words ({}); add a word to look for, e.g. 'billing {}'", words.join(" "), words[0])]
    OnlyExclusions { words: Vec<String> },
    #[error("the query nests parentheses {depth} deep; at most {max} levels are accepted, so simplify it")]
    TooDeep { depth: usize, max: usize },
    #[error("cannot read the query '{text}'{}. {hint}", detail.as_ref().map_or(String::new(), |d| format!(": {d}")))]
    Unreadable {
        text: String,
        detail: Option<String>,
        hint: String,
    },
    #[error("cannot run the query '{text}': {detail}")]
    Unrunnable { text: String, detail: String },
}
