//! Ingest: survey exports in, responses in the index out.
//!
//! Each file is read twice. The scan pass profiles every column (to find the id, date, score and
//! comment columns, the score scale and the day/month order of dates); the index pass turns each
//! row into a response, or into a reject with its reason. Responses are keyed by id, so ingesting
//! a row again replaces it. Commits happen every [`IngestOptions::commit_every`] rows and at the
//! end of each file: a crash leaves the index as of the last commit, and running again finishes
//! the job without duplicates.

pub mod columns;
pub mod dates;
pub mod dialect;
mod preview;
pub use preview::{preview, ColumnPreview, Preview};
pub mod rejects;
mod response;
pub use response::is_non_answer;
pub mod source;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::{Searcher, Term};

use crate::analysis::header::Meta;
use crate::analysis::Language;
use crate::error::{Error, Result};
use crate::index::{IndexMeta, Store};
use crate::score::{Scale, ScaleChoice};
use columns::profile::Profile;
use columns::{Overrides, Roles};
use dates::{DateFormat, DateParser};
use rejects::RejectsFile;
pub use rejects::{Reject, RejectKind, Warning};
use response::{RowContext, RowOutcome};
use source::{Record, Source, SourceOptions};

/// Everything `verbatim ingest` can be told.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub source: SourceOptions,
    pub overrides: Overrides,
    pub scale: ScaleChoice,
    pub date_format: DateFormat,
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
            date_format: DateFormat::Auto,
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
    /// Ids seen more than once in this file (the last row wins).
    pub duplicate_ids: u64,
    pub unscored: u64,
    /// Unscored because the score cell declined to score ("N/A", "Don't know").
    pub score_non_answers: u64,
    pub without_comment: u64,
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

impl FileReport {
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
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

/// Rows handed to a conversion thread at a time.
const BATCH: usize = 256;

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

/// The header, the dialect and the column profile of a file (the scan pass).
struct Scan {
    /// What the survey tool and its extra header rows were, for the notes.
    dialect_note: Option<String>,
    /// Repeated column names that were numbered.
    header_notes: Vec<String>,
    headers: Vec<String>,
    /// Records to skip before the data: header plus tool rows.
    skip: usize,
    profile: Profile,
}

/// Rows read before deciding what the rows under the header are.
const HEAD_ROWS: usize = 5;

fn scan(source: &Source) -> Result<Scan> {
    let path = &source.path;
    let mut head: Vec<Vec<String>> = Vec::new();
    let mut state: Option<Scan> = None;
    let mut bad_header = None;
    source.for_each(&mut |record, _| {
        let cells = match record {
            Record::Row { cells, .. } => cells,
            Record::Bad {
                line, raw, reason, ..
            } if head.is_empty() => {
                bad_header = Some((line, reason));
                raw
            }
            Record::Bad { .. } => return Ok(()),
        };
        match &mut state {
            Some(scan) => scan.profile.observe(&cells),
            None => {
                head.push(cells);
                if head.len() == HEAD_ROWS {
                    state = Some(start_scan(&head));
                }
            }
        }
        Ok(())
    })?;
    if let Some((line, reason)) = bad_header {
        return Err(Error::input(
            path,
            format!("line {line}: the header row cannot be read: {reason}"),
        ));
    }
    let mut scan = match state {
        Some(scan) => scan,
        None if head.is_empty() => {
            return Err(Error::input(
                path,
                "holds no rows; export the survey again with its header row",
            ))
        }
        None => start_scan(&head),
    };
    if scan.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::input(
            path,
            "line 1: the header row is blank; the first row must name the columns",
        ));
    }
    scan.profile.forget_seen_ids();
    Ok(scan)
}

fn start_scan(head: &[Vec<String>]) -> Scan {
    let next: Vec<&[String]> = head[1..].iter().map(Vec::as_slice).collect();
    let d = dialect::detect(&head[0], &next);
    let mut headers = d.headers.clone();
    let header_notes = dialect::unique_headers(&mut headers);
    let mut profile = Profile::for_tool(headers.clone(), d.labels.clone(), d.tool);
    let skip = 1 + d.skip;
    for row in head.iter().skip(skip) {
        profile.observe(row);
    }
    Scan {
        dialect_note: d.note(),
        header_notes,
        headers,
        skip,
        profile,
    }
}

/// Reads the file again for the rows whose id repeats, and checks that they share their date
/// and comment (the same response exported twice). Returns why not, with an example.
fn check_repeated_ids(source: &Source, scan: &Scan, roles: &Roles) -> Result<Option<String>> {
    let Some(id) = roles.id else { return Ok(None) };
    let Some(ids) = &scan.profile.stats[id].ids else {
        return Ok(None);
    };
    let width = scan.headers.len();
    let cell = |cells: &[String], i: usize| cells.get(i).map_or("", |c| c.trim()).to_string();
    let mut first: HashMap<u64, (u64, u64)> = HashMap::new();
    let mut differing = 0u64;
    let mut example = None;
    let mut index = 0usize;
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { line, cells } = record else {
            return Ok(());
        };
        if index <= scan.skip || cells.len() > width {
            return Ok(());
        }
        let value = cell(&cells, id);
        let h = xxhash_rust::xxh3::xxh3_64(value.as_bytes());
        if value.is_empty() || !ids.repeated.contains(&h) {
            return Ok(());
        }
        let mut content: Vec<String> = roles.text.iter().map(|&t| cell(&cells, t)).collect();
        content.extend(roles.date.map(|d| cell(&cells, d)));
        let key = xxhash_rust::xxh3::xxh3_64(content.join("\u{1f}").as_bytes());
        match first.get(&h) {
            None => {
                first.insert(h, (key, line));
            }
            Some(&(k, _)) if k == key => {}
            Some(&(_, first_line)) => {
                differing += 1;
                if example.is_none() {
                    example = Some(format!("'{value}' on lines {first_line} and {line}"));
                }
            }
        }
        Ok(())
    })?;
    Ok(example.map(|e| {
        format!(
            "{differing} row(s) repeat a value with a different date or comment, e.g. {e}, so they are different responses"
        )
    }))
}

/// The day of the response stored under `term` in `searcher`, if it is there and has one.
fn stored_day(searcher: &Searcher, fields: &crate::index::Fields, term: &Term) -> Option<i64> {
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, TERMINATED};
    searcher.segment_readers().iter().find_map(|segment| {
        let inverted = segment.inverted_index(fields.id).ok()?;
        let mut postings = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .ok()??;
        let mut doc = postings.doc();
        while doc != TERMINATED && segment.is_deleted(doc) {
            doc = postings.advance();
        }
        if doc == TERMINATED {
            return None;
        }
        segment
            .fast_fields()
            .i64(crate::index::schema::DAY)
            .ok()?
            .first(doc)
    })
}

/// Status values that mark previews, tests and spam (Qualtrics writes the words, or with
/// "numeric values" the codes 1 preview, 2 test, 8 spam, 9 and 17 preview spam/offline, 12
/// imported spam), and how many unfinished responses the file holds.
fn response_status(profile: &Profile) -> (Option<(usize, HashSet<String>)>, u64) {
    let column = |meta| profile.meta.iter().position(|m| *m == Some(meta));
    let left_out = column(Meta::Status).and_then(|i| {
        let counts = profile.stats[i].value_counts()?;
        let numeric_codes =
            profile.tool == Some("Qualtrics") && counts.keys().all(|v| v.parse::<u32>().is_ok());
        let values: HashSet<String> = counts
            .keys()
            .filter(|v| {
                let l = v.to_lowercase();
                l.contains("preview")
                    || l.contains("test")
                    || l.contains("spam")
                    || (numeric_codes && matches!(l.as_str(), "1" | "2" | "8" | "9" | "12" | "17"))
            })
            .cloned()
            .collect();
        (!values.is_empty()).then_some((i, values))
    });
    let count_of = |i: usize, unfinished: &dyn Fn(&str) -> bool| {
        profile.stats[i].value_counts().map_or(0, |c| {
            c.iter()
                .filter(|(v, _)| unfinished(&v.to_lowercase()))
                .map(|(_, n)| n)
                .sum()
        })
    };
    let unfinished = match (column(Meta::Finished), column(Meta::Status)) {
        (Some(i), _) => count_of(i, &|v| matches!(v, "false" | "0" | "no")),
        (None, Some(i)) => count_of(i, &|v| v == "partial" || v == "incomplete"),
        _ => 0,
    };
    (left_out, unfinished)
}

/// How a file's rows will be read: its source, scan, column roles, scale and date parser.
struct Plan {
    source: Source,
    scan: Scan,
    roles: Roles,
    scale: Option<Scale>,
    dates: Option<DateParser>,
    /// The status column and its values that mark previews, tests and spam, left out.
    left_out: Option<(usize, HashSet<String>)>,
    /// Word polarity learned from the scores, where the language has no sentiment lexicon.
    learned: Option<crate::analysis::learned::LearnedPolarity>,
}

impl Plan {
    /// A record's line and cells, or the reject of a record that cannot be read as cells.
    fn cells(&self, record: Record) -> std::result::Result<(u64, Vec<String>), Reject> {
        match record {
            Record::Row { line, cells } => Ok((line, cells)),
            Record::Bad {
                line,
                column,
                kind,
                reason,
                raw,
            } => Err(Reject {
                file: self.source.path.clone(),
                line,
                column: column.and_then(|c| self.scan.headers.get(c).cloned()),
                kind,
                detail: reason,
                cells: raw,
            }),
        }
    }

    fn row_context<'a>(
        &'a self,
        segment_keys: &'a [(usize, String)],
        meta: &IndexMeta,
        fields: &'a crate::index::schema::Fields,
        analyzer: &'a crate::analysis::Analyzer,
    ) -> RowContext<'a> {
        RowContext {
            path: &self.source.path,
            headers: &self.scan.headers,
            roles: &self.roles,
            scale: self.scale,
            dates: self.dates.as_ref(),
            fiscal_year_start: meta.fiscal_year_start,
            segment_keys,
            fields,
            analyzer,
            delimiter: self.source.delimiter(),
            learned: self.learned.as_ref(),
        }
    }
}

/// Opens and scans `path` and decides how to read it, given what the index holds (`meta`), telling
/// `observer` what it chose. None for a file with a header and no rows.
fn plan(
    meta: &IndexMeta,
    path: &Path,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<Option<Plan>> {
    let source = Source::open(path, &options.source)?;
    observer.note(path, &format!("reading {}", source.description));
    let scan = scan(&source)?;
    for note in scan.dialect_note.iter().chain(&scan.header_notes) {
        observer.note(path, note);
    }
    let profile = &scan.profile;
    if profile.rows == 0 {
        observer.note(path, "the file has a header but no rows: nothing to index");
        return Ok(None);
    }
    let mut roles = columns::choose(profile, &options.overrides, meta.mapping.as_ref())
        .map_err(|m| Error::input(path, m))?;
    if roles.id_repeats {
        if let Some(reason) = check_repeated_ids(&source, &scan, &roles)? {
            roles.refuse_id(reason);
        }
    }
    if roles.text.is_empty() {
        let advice = without_text(profile, &roles);
        if roles.score.is_none() {
            return Err(Error::input(path, advice));
        }
        observer.note(path, &advice);
    }
    describe_roles(path, profile, &roles, observer);
    let (left_out, unfinished) = response_status(profile);
    if let Some((col, values)) = &left_out {
        let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
        values.sort_unstable();
        observer.note(
            path,
            &format!(
                "rows whose '{}' is {} are survey previews, tests or spam: they are left out and kept in rejects.csv with the reason",
                profile.headers[*col],
                values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(" or ")
            ),
        );
    }
    if unfinished > 0 {
        observer.note(
            path,
            &format!(
                "{} unfinished response(s) (the respondent left before the end) are kept with the answers they gave",
                crate::output::thousands(unfinished)
            ),
        );
    }
    let scale = choose_scale(meta.scale, path, profile, &roles, options.scale, observer)?;
    let dates = match roles.date {
        Some(i) => {
            let parser = match &profile.stats[i].dates {
                Some(sniffer) => sniffer.finish(&options.date_format),
                None => DateParser::new(&options.date_format, None),
            }
            .map_err(|e| Error::input(path, format!("column '{}': {e}", profile.headers[i])))?;
            observer.note(
                path,
                &format!(
                    "dates in '{}' read as {}",
                    profile.headers[i],
                    parser.describe()
                ),
            );
            Some(parser)
        }
        None => None,
    };
    let learned = match scale {
        Some(scale) if !roles.text.is_empty() && roles.score.is_some() => {
            learn_polarity(&source, &scan, &roles, scale, meta.language, path, observer)?
        }
        _ => None,
    };
    Ok(Some(Plan {
        source,
        scan,
        roles,
        scale,
        dates,
        left_out,
        learned,
    }))
}

/// For a language without a sentiment lexicon, reads the file once more and learns which words
/// the high band and the low band use differently (`analysis::learned`); None otherwise.
fn learn_polarity(
    source: &Source,
    scan: &Scan,
    roles: &Roles,
    scale: Scale,
    language: crate::analysis::Language,
    path: &Path,
    observer: &mut dyn Observer,
) -> Result<Option<crate::analysis::learned::LearnedPolarity>> {
    use crate::analysis::{learned::PolarityCounts, lexicon::lexicon, Analyzer};
    use crate::score::Band;
    let Some(score) = roles.score.filter(|_| lexicon(language).scores_nothing()) else {
        return Ok(None);
    };
    let analyzer = Analyzer::new(language);
    let mut counts = PolarityCounts::default();
    let (mut index, mut words) = (0usize, Vec::new());
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { cells, .. } = record else {
            return Ok(());
        };
        let band = cells
            .get(score)
            .and_then(|c| scale.parse_score(c.trim()).ok())
            .map(|s| scale.band(s));
        if index <= scan.skip || !matches!(band, Some(Band::Low | Band::High)) {
            return Ok(());
        }
        let texts: Vec<&str> = roles
            .text
            .iter()
            .map(|&col| cells.get(col).map_or("", |c| c.as_str()))
            .collect();
        let text = texts.join("\n\n");
        words.clear();
        analyzer.analyze_into(&text, &mut words);
        counts.add(&text, &words, band == Some(Band::High));
        Ok(())
    })?;
    let learned = counts.learn();
    let (good, bad) = learned.strongest(3);
    observer.note(
        path,
        &format!(
            "{language} has no sentiment lexicon: the polarity of {} word(s) was learned from the scores (said mostly by the high band: {}; by the low band: {})",
            learned.len(),
            if good.is_empty() { "none".to_string() } else { good.join(", ") },
            if bad.is_empty() { "none".to_string() } else { bad.join(", ") },
        ),
    );
    Ok(Some(learned))
}

/// What to say of a file without a free-text column: scores only (with the flag that names a
/// comment column), or, without scores either, why it is refused and which flags would work.
fn without_text(profile: &Profile, roles: &Roles) -> String {
    let h = &profile.headers;
    // Any column can be named as text; suggest the one with the longest words in it.
    let text_like = roles
        .segments
        .iter()
        .copied()
        .filter(|&i| profile.stats[i].numeric_ratio() < 0.5 && profile.stats[i].non_blank > 0)
        .max_by(|&a, &b| {
            let (sa, sb) = (&profile.stats[a], &profile.stats[b]);
            sa.mean_chars().total_cmp(&sb.mean_chars()).then(b.cmp(&a))
        });
    let text_flag = text_like.map(|i| format!("--text-col '{}'", h[i]));
    if roles.score.is_some() {
        return match text_flag {
            Some(flag) => format!(
                "no free-text column found: the scores are indexed without comments (stats work; search and themes need text); if a column holds the comments, ingest again with {flag} (or another column's name)"
            ),
            None => "no free-text column found: the scores are indexed without comments (stats work; search and themes need text); name a comment column with --text-col COLUMN if the export has one".to_string(),
        };
    }
    // A column whose numbers make a scale auto-detection accepts.
    let score_flag = roles
        .segments
        .iter()
        .copied()
        .find(|&i| {
            profile.stats[i].numeric_ratio() >= 0.5 && profile.stats[i].scores.detect().is_ok()
        })
        .map(|i| format!("--score-col '{}'", h[i]));
    let flags: Vec<String> = text_flag.into_iter().chain(score_flag).collect();
    let columns = h.join(", ");
    if flags.is_empty() {
        format!("holds neither a score nor a free-text column (columns: {columns}), so there is nothing to index; export the survey again with its score or comment column")
    } else {
        format!(
            "holds neither a score nor a free-text column that verbatim recognises (columns: {columns}); name one with {}",
            flags.join(" or ")
        )
    }
}

/// Records in `meta` what a file contributes (scale, mapping, segments, source); returns the
/// index key of each segment column.
fn record_plan(meta: &mut IndexMeta, plan: &Plan, options: &IngestOptions) -> Vec<(usize, String)> {
    let headers = &plan.scan.headers;
    meta.scale = meta.scale.or(plan.scale);
    let mapping = plan.roles.mapping(headers);
    if meta.mapping.is_none()
        || options.overrides.text.len() + options.overrides.exclude.len() > 0
        || meta.mapping.as_ref() != Some(&mapping)
    {
        meta.mapping = Some(mapping);
    }
    let segment_keys = plan
        .roles
        .segments
        .iter()
        .map(|&i| (i, meta.segment_key(&headers[i])))
        .collect();
    let display = plan.source.path.display().to_string();
    if !meta.sources.contains(&display) {
        meta.sources.push(display);
    }
    segment_keys
}

#[allow(clippy::too_many_arguments)]
fn ingest_file(
    store: &mut Store,
    writer: &mut tantivy::IndexWriter<crate::index::ResponseDocument>,
    before: &Searcher,
    path: &Path,
    options: &IngestOptions,
    observer: &mut dyn Observer,
    rejects: &mut RejectsFile,
    seen: &mut HashSet<u64>,
) -> Result<FileReport> {
    let Some(plan) = plan(&store.meta, path, options, observer)? else {
        return Ok(FileReport {
            path: path.to_path_buf(),
            ..Default::default()
        });
    };
    let (source, scan) = (&plan.source, &plan.scan);
    // Sized once from the scan: growing the set doubles it, and both copies live for a moment.
    seen.reserve(scan.profile.rows as usize);
    // Record what this file contributes before any document lands.
    let segment_keys = record_plan(&mut store.meta, &plan, options);
    store.save_meta()?;
    let ctx = plan.row_context(&segment_keys, &store.meta, &store.fields, &store.analyzer);
    let mut report = FileReport {
        path: path.to_path_buf(),
        ..Default::default()
    };
    let mut index = 0usize;
    let mut since_commit = 0u64;
    let mut duplicate_examples = Vec::new();
    let mut kept_examples = Vec::new();
    // Day of each id met in this file (only files with an id and a date column).
    let mut days: HashMap<u64, Option<i64>> = HashMap::new();

    // Rows are converted (analysed) on worker threads in batches; ids, deletes and adds happen
    // here, in file order, so duplicates and updates resolve exactly as in a sequential run.
    let mut handle =
        |outcome: RowOutcome, report: &mut FileReport, observer: &mut dyn Observer| -> Result<()> {
            match outcome {
                RowOutcome::Rejected(reject) if reject.kind == RejectKind::NotAResponse => {
                    report.left_out += 1;
                    rejects.write(&reject)?;
                }
                RowOutcome::Rejected(reject) => {
                    *report.rejected.entry(reject.kind).or_default() += 1;
                    rejects.write(&reject)?;
                    observer.reject(&reject);
                }
                RowOutcome::Response(mut r) => {
                    r.assign_id(&store.fields, seen);
                    let id_term = Term::from_field_text(store.fields.id, &r.id);
                    let key = xxhash_rust::xxh3::xxh3_64(r.id.as_bytes());
                    // Days are kept only for ids that come again later in the file.
                    let comes_again = plan.roles.id.is_none_or(|col| {
                        plan.scan.profile.stats[col]
                            .ids
                            .as_ref()
                            .is_none_or(|ids| ids.repeated.contains(&key))
                    });
                    let in_index = before.doc_freq(&id_term)? > 0;
                    // A row replaces the stored response unless that one is dated later.
                    if plan.roles.id.is_some() && (in_index || r.seen_before) {
                        let day = r
                            .document
                            .fields
                            .get_first(store.fields.day)
                            .and_then(|v| tantivy::schema::Value::as_i64(&v));
                        let stored = match days.get(&key) {
                            Some(d) => *d,
                            None => stored_day(before, &store.fields, &id_term),
                        };
                        if day.zip(stored).is_some_and(|(new, old)| old > new) {
                            report.kept_later += 1;
                            if kept_examples.len() < 3 {
                                kept_examples.push(format!("'{}' (line {})", r.id, r.line));
                            }
                            return Ok(());
                        }
                        if comes_again {
                            days.insert(key, day);
                        }
                    } else if plan.roles.id.is_some() && plan.roles.date.is_some() && comes_again {
                        let day = r
                            .document
                            .fields
                            .get_first(store.fields.day)
                            .and_then(|v| tantivy::schema::Value::as_i64(&v));
                        days.insert(key, day);
                    }
                    if r.seen_before {
                        report.duplicate_ids += 1;
                        if duplicate_examples.len() < 3 {
                            duplicate_examples.push(format!("'{}' (line {})", r.id, r.line));
                        }
                    }
                    if in_index || r.seen_before {
                        writer.delete_term(id_term);
                        report.updated += 1;
                    } else {
                        report.added += 1;
                    }
                    report.padded += r.padded as u64;
                    report.unscored += r.unscored as u64;
                    report.score_non_answers += r.score_non_answer as u64;
                    if let Some(w) = &r.warning {
                        report.warnings += 1;
                        observer.warning(w);
                    }
                    report.without_comment += !r.has_comment as u64;
                    writer.add_document(r.document)?;
                    since_commit += 1;
                    if since_commit >= options.commit_every {
                        writer.commit()?;
                        since_commit = 0;
                    }
                }
            }
            Ok(())
        };
    let to_outcome = |record: Record| match plan.cells(record) {
        Ok((line, cells)) => match &plan.left_out {
            Some((col, values)) if cells.get(*col).is_some_and(|c| values.contains(c.trim())) => {
                let detail = format!(
                    "'{}' is '{}': survey previews, tests and spam are not responses",
                    scan.headers[*col],
                    cells[*col].trim()
                );
                RowOutcome::Rejected(Reject {
                    file: path.to_path_buf(),
                    line,
                    column: Some(scan.headers[*col].clone()),
                    kind: RejectKind::NotAResponse,
                    detail,
                    cells,
                })
            }
            _ => ctx.convert(line, cells),
        },
        Err(reject) => RowOutcome::Rejected(reject),
    };
    let workers = options.threads.max(1);
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(u64, Vec<Record>)>(workers * 2);
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Vec<RowOutcome>)>();
    std::thread::scope(|threads| -> Result<()> {
        for _ in 0..workers {
            let (work_rx, done_tx, to_outcome) = (&work_rx, done_tx.clone(), &to_outcome);
            threads.spawn(move || loop {
                let next = work_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((n, batch))) = next else { return };
                let outcomes = batch.into_iter().map(to_outcome).collect();
                if done_tx.send((n, outcomes)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<u64, Vec<RowOutcome>> = BTreeMap::new();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut drain = |pending: &mut BTreeMap<u64, Vec<RowOutcome>>,
                         next: &mut u64,
                         report: &mut FileReport,
                         observer: &mut dyn Observer|
         -> Result<()> {
            while let Some(batch) = pending.remove(next) {
                for outcome in batch {
                    handle(outcome, report, observer)?;
                }
                *next += 1;
            }
            Ok(())
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut last_progress = 0u64;
        source.for_each(&mut |record, bytes| {
            index += 1;
            if index <= scan.skip {
                return Ok(());
            }
            report.rows += 1;
            batch.push(record);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                work_tx
                    .send((sent, full))
                    .map_err(|_| Error::input(path, "a conversion thread stopped"))?;
                sent += 1;
                while let Ok((n, outcomes)) = done_rx.try_recv() {
                    pending.insert(n, outcomes);
                }
                drain(&mut pending, &mut next, &mut report, observer)?;
            }
            if report.rows - last_progress >= 2000 {
                last_progress = report.rows;
                observer.progress(path, bytes, source.len);
            }
            Ok(())
        })?;
        if !batch.is_empty() {
            work_tx
                .send((sent, batch))
                .map_err(|_| Error::input(path, "a conversion thread stopped"))?;
        }
        drop(work_tx);
        for (n, outcomes) in done_rx {
            pending.insert(n, outcomes);
            drain(&mut pending, &mut next, &mut report, observer)?;
        }
        Ok(())
    })?;
    writer.commit()?;
    observer.progress(path, source.len, source.len);
    if !kept_examples.is_empty() {
        observer.note(
            path,
            &format!(
                "{} row(s) were older than the response already held under their id and did not replace it, e.g. {}",
                report.kept_later,
                kept_examples.join(", ")
            ),
        );
    }
    if report.left_out > 0 {
        observer.note(
            path,
            &format!(
                "{} survey preview, test or spam row(s) left out; they are in rejects.csv",
                report.left_out
            ),
        );
    }
    if !duplicate_examples.is_empty() {
        observer.note(
            path,
            &format!(
                "{} row(s) repeat an id seen earlier in the file, e.g. {}; the last row wins",
                report.duplicate_ids,
                duplicate_examples.join(", ")
            ),
        );
    }
    Ok(report)
}

fn describe_roles(path: &Path, profile: &Profile, roles: &Roles, observer: &mut dyn Observer) {
    let name = |i: Option<usize>| {
        i.map_or("(none)".to_string(), |i| {
            format!("'{}'", profile.headers[i])
        })
    };
    let texts = roles.mapping(&profile.headers).describe_text(true);
    observer.note(
        path,
        &format!(
            "columns: id {}, date {}, score {}, comment {}; {} segment column(s){}",
            name(roles.id),
            name(roles.date),
            name(roles.score),
            texts,
            roles.segments.len(),
            if roles.id.is_none() {
                " (no id column: ids are derived from each row's content)"
            } else {
                ""
            }
        ),
    );
    for (i, reason) in &roles.refused_ids {
        let column = &profile.headers[*i];
        observer.note(
            path,
            &format!(
                "'{column}' is not used as the response id: {reason}; ids are derived from each row's content (pass --id-col '{column}' if it does identify each response)"
            ),
        );
    }
    if !roles.personal.is_empty() {
        let names: Vec<String> = roles
            .personal
            .iter()
            .map(|&i| format!("'{}'", profile.headers[i]))
            .collect();
        let flags: Vec<String> = roles
            .personal
            .iter()
            .map(|&i| format!("--keep-col '{}'", profile.headers[i]))
            .collect();
        observer.note(
            path,
            &format!(
                "personal data left out: {}; to keep a column (an email an --accounts file joins on, say) pass {}",
                names.join(", "),
                flags.join(" ")
            ),
        );
    }
}

fn choose_scale(
    held: Option<Scale>,
    path: &Path,
    profile: &Profile,
    roles: &Roles,
    choice: ScaleChoice,
    observer: &mut dyn Observer,
) -> Result<Option<Scale>> {
    let Some(col) = roles.score else {
        observer.note(
            path,
            "no score column: responses are indexed without scores, and NPS/CSAT views will say so",
        );
        return Ok(held);
    };
    let sniffer = &profile.stats[col].scores;
    let column = &profile.headers[col];
    let scale = match (choice, held) {
        (ScaleChoice::Fixed(asked), Some(held)) if asked != held => {
            return Err(Error::input(path, format!("--scale {asked} differs from this index's scale ({held}); one index holds one scale, so ingest into another --index")));
        }
        (ScaleChoice::Fixed(asked), _) => asked,
        (ScaleChoice::Auto, Some(held)) => {
            if !sniffer.fits(held) {
                let (lo, hi) = sniffer.observed_range().unwrap_or((0, 0));
                let reads_as = sniffer
                    .detect()
                    .map_or(String::new(), |s| format!(" and read as {s}"));
                return Err(Error::input(path, format!("scores in '{column}' run from {lo} to {hi}{reads_as}, which is not this index's scale ({held}); one index holds one scale, so ingest into another --index, or pass --scale {} if these really are {held} scores", scale_flag(held))));
            }
            held
        }
        (ScaleChoice::Auto, None) => sniffer
            .detect()
            .map_err(|m| Error::input(path, format!("column '{column}': {m}")))?,
    };
    let range = sniffer.observed_range().filter(|&(lo, _)| lo >= 1);
    if let (true, Scale::Nps, Some((lo, hi))) = (roles.score_recommends, scale, range) {
        observer.note(
            path,
            &format!(
                "'{column}' asks how likely respondents are to recommend, answered {lo} to {hi} with no 0 (a 1-10 scale): read as NPS (promoters 9-10, passives 7-8, detractors {lo}-6)"
            ),
        );
    } else if roles.score_recommends {
        observer.note(
            path,
            &format!("'{column}' asks how likely respondents are to recommend: it is the score"),
        );
    }
    observer.note(
        path,
        &format!(
            "scores in '{column}' read as {scale} ({})",
            band_summary(scale)
        ),
    );
    Ok(Some(scale))
}

fn scale_flag(scale: Scale) -> String {
    match scale {
        Scale::Nps => "nps".into(),
        Scale::Csat => "csat".into(),
        Scale::Rating { min, max } => format!("rating:{min}-{max}"),
    }
}

fn band_summary(scale: Scale) -> String {
    use crate::score::Band;
    let (lo, hi) = scale.range();
    let range = |band: Band| {
        let scores: Vec<i32> = (lo..=hi).filter(|&s| scale.band(s) == band).collect();
        match (scores.first(), scores.last()) {
            (Some(a), Some(b)) if a == b => format!("{} {a}", scale.band_name(band)),
            (Some(a), Some(b)) => format!("{} {a}-{b}", scale.band_name(band)),
            _ => String::new(),
        }
    };
    format!(
        "{}, {}, {}",
        range(Band::Low),
        range(Band::Middle),
        range(Band::High)
    )
}
