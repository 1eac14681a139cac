//! Opening and creating the on-disk index: tantivy's files in `DIR/tantivy/`, metadata in
//! `DIR/verbatim.json`, rejected rows in `DIR/rejects.csv`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyError};

use super::merges::CappedMerges;
use super::meta::IndexMeta;
use super::schema::{self, Fields};
use crate::analysis::{Analyzer, Language, VerbatimTokenizer, TOKENIZER_NAME};
use crate::error::{Error, Refusal, Result};

/// Default index folder, relative to the current directory.
pub const DEFAULT_DIR: &str = ".verbatim";
const TANTIVY_DIR: &str = "tantivy";
pub const REJECTS_FILE: &str = "rejects.csv";

/// Most indexing threads of one writer (tantivy's own limit).
pub const MAX_INDEXING_THREADS: usize = 8;
/// Indexing memory per thread up to [`INDEXING_MEMORY`] in all.
const MEMORY_PER_THREAD: usize = 100_000_000;
/// The most indexing memory one ingest uses, whatever its threads.
pub const INDEXING_MEMORY: usize = 400_000_000;

/// The indexing memory shared by `threads` indexing threads: 100 MB each, at most 400 MB in all
/// (50 MB each at eight threads, well above tantivy's 15 MB floor).
pub fn indexing_memory(threads: usize) -> usize {
    (MEMORY_PER_THREAD * threads.max(1)).min(INDEXING_MEMORY)
}

/// An open index with its metadata and analyzer.
pub struct Store {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
    pub meta: IndexMeta,
    pub analyzer: Analyzer,
    /// Documents that other folders hold in a later submission (several `--index` folders).
    pub shadowed: super::union::Shadowed,
    /// The commit every read of this run sees, taken at the first read: a command that reads
    /// the index several times (themes, then their counts and quotes) must not see an ingest's
    /// commit land between two reads.
    snapshot: OnceLock<Searcher>,
}

impl Store {
    /// Opens an existing index.
    pub fn open(dir: &Path) -> Result<Store> {
        let meta = IndexMeta::load(dir)?;
        let tantivy_dir = dir.join(TANTIVY_DIR);
        if !tantivy_dir.join("meta.json").exists() {
            // A first ingest stopped before its index was created: nothing to read yet.
            return Err(Error::NoIndex {
                dir: dir.to_path_buf(),
            });
        }
        let index = open_tantivy(dir, &tantivy_dir)?;
        Self::assemble(dir, index, meta)
    }

    /// The settings of the index in `dir`, checked against `lang` and `fiscal_year_start` (which
    /// must agree with what it was built with), or those a new index would get. Reads, never
    /// writes: `ingest --dry-run` plans with it.
    pub fn settings(
        dir: &Path,
        lang: Option<Language>,
        fiscal_year_start: Option<u32>,
    ) -> Result<IndexMeta> {
        match IndexMeta::load(dir) {
            Ok(meta) => {
                if let Some(lang) = lang.filter(|&l| l != meta.language) {
                    return Err(Refusal::LanguageMismatch {
                        dir: dir.to_path_buf(),
                        built: meta.language.to_string(),
                        asked: lang.to_string(),
                    }
                    .into());
                }
                if let Some(fy) = fiscal_year_start.filter(|&m| m != meta.fiscal_year_start) {
                    return Err(Refusal::FiscalYearMismatch {
                        dir: dir.to_path_buf(),
                        built: meta.fiscal_year_start.to_string(),
                        asked: fy.to_string(),
                    }
                    .into());
                }
                Ok(meta)
            }
            Err(Error::NoIndex { .. }) => Ok(IndexMeta::new(
                lang.unwrap_or(Language::English),
                fiscal_year_start.unwrap_or(1),
            )),
            Err(e) => Err(e),
        }
    }

    /// Opens the index in `dir`, creating it if there is none. `lang` and `fiscal_year_start`
    /// apply to a new index; for an existing one they must agree with what it was built with.
    pub fn open_or_create(
        dir: &Path,
        lang: Option<Language>,
        fiscal_year_start: Option<u32>,
    ) -> Result<Store> {
        let meta = Self::settings(dir, lang, fiscal_year_start)?;
        if !IndexMeta::path(dir).exists() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            meta.save(dir)?;
        }
        let tantivy_dir = dir.join(TANTIVY_DIR);
        let index = if tantivy_dir.join("meta.json").exists() {
            open_tantivy(dir, &tantivy_dir)?
        } else {
            std::fs::create_dir_all(&tantivy_dir).map_err(|e| Error::io(&tantivy_dir, e))?;
            // Themes and quotes read scattered documents; each read decompresses a whole block,
            // so blocks are a quarter of tantivy's default size.
            let settings = tantivy::IndexSettings {
                docstore_blocksize: 4096,
                ..Default::default()
            };
            Index::builder()
                .schema(schema::build().0)
                .settings(settings)
                .create_in_dir(&tantivy_dir)?
        };
        Self::assemble(dir, index, meta)
    }

    fn assemble(dir: &Path, index: Index, meta: IndexMeta) -> Result<Store> {
        let fields =
            Fields::from_schema(&index.schema()).map_err(|e| Error::IncompatibleIndex {
                dir: dir.to_path_buf(),
                problem: format!("has an unexpected schema ({e})"),
            })?;
        let analyzer = Analyzer::new(meta.language);
        index
            .tokenizers()
            .register(TOKENIZER_NAME, VerbatimTokenizer::new(analyzer.clone()));
        Ok(Store {
            dir: dir.to_path_buf(),
            index,
            fields,
            meta,
            analyzer,
            shadowed: Default::default(),
            snapshot: OnceLock::new(),
        })
    }

    /// Opens several indexes as one, read-only (see `index::union`). They must share language,
    /// scale, fiscal year, open questions and segment columns' keys; an id held in several is
    /// counted once, from its latest submission (the later folder on a tie).
    pub fn open_many(dirs: &[PathBuf]) -> Result<Store> {
        let [first, rest @ ..] = dirs else {
            return Err(Refusal::NoIndexFolder.into());
        };
        if rest.is_empty() {
            return Self::open(first);
        }
        let mut meta = IndexMeta::load(first)?;
        for dir in rest {
            let other = IndexMeta::load(dir)?;
            merge_meta(&mut meta, &other).map_err(|difference| Refusal::IndexesDiffer {
                first: first.clone(),
                other: dir.clone(),
                difference,
            })?;
        }
        for dir in dirs {
            if !dir.join(TANTIVY_DIR).join("meta.json").exists() {
                return Err(Error::NoIndex { dir: dir.clone() });
            }
        }
        let tantivy_dirs: Vec<PathBuf> = dirs.iter().map(|d| d.join(TANTIVY_DIR)).collect();
        let damaged = |e: String| Error::IncompatibleIndex {
            dir: first.clone(),
            problem: format!("cannot be read with the others ({e})"),
        };
        let directory = super::union::UnionDirectory::open(&tantivy_dirs).map_err(damaged)?;
        let owners = directory.owners();
        let index = Index::open(directory).map_err(|e| damaged(e.to_string()))?;
        let mut store = Self::assemble(first, index, meta)?;
        store.shadowed = shadowed_copies(&store, &owners)?;
        Ok(store)
    }

    /// The single writer, indexing on up to `threads` threads (tantivy takes at most
    /// [`MAX_INDEXING_THREADS`]) that share one memory budget ([`indexing_memory`]). A second
    /// concurrent writer gets [`Error::IndexInUse`] at once.
    pub fn writer<D: tantivy::schema::document::Document>(
        &self,
        threads: usize,
    ) -> Result<IndexWriter<D>> {
        // A read-only folder would otherwise look like a lock held by someone else.
        let probe = self.dir.join(".verbatim-write-probe");
        std::fs::write(&probe, b"").map_err(|e| Error::io(&self.dir, e))?;
        let _ = std::fs::remove_file(&probe);
        // Large per-thread budgets keep segments large; one merge at a time, each capped (see
        // merges.rs), keeps the rest of memory from growing with the file.
        let threads = threads.clamp(1, MAX_INDEXING_THREADS);
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(indexing_memory(threads) / threads)
            .num_merge_threads(1)
            .build();
        self.index
            .writer_with_options(options)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexInUse {
                    dir: self.dir.clone(),
                },
                e => e.into(),
            })
            .and_then(|writer| {
                // A run killed inside a commit leaves files the last commit does not list; the
                // next run would trip over their names. Sweep them before writing.
                writer.garbage_collect_files().wait()?;
                writer.set_merge_policy(Box::new(CappedMerges::default()));
                Ok(writer)
            })
    }

    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| match e {
                TantivyError::DataCorruption(_)
                | TantivyError::IoError(_)
                | TantivyError::OpenReadError(_) => Error::IncompatibleIndex {
                    dir: self.dir.clone(),
                    problem: format!("cannot be read ({e})"),
                },
                e => e.into(),
            })
    }

    /// The run's snapshot of the index (see [`Store::refresh`] after writing).
    pub fn searcher(&self) -> Result<Searcher> {
        if let Some(searcher) = self.snapshot.get() {
            return Ok(searcher.clone());
        }
        let searcher = self.reader()?.searcher();
        Ok(self.snapshot.get_or_init(|| searcher).clone())
    }

    /// Drops the snapshot, so the next read sees the latest commit.
    pub fn refresh(&mut self) {
        self.snapshot = OnceLock::new();
    }

    pub fn save_meta(&self) -> Result<()> {
        self.meta.save(&self.dir)
    }

    pub fn rejects_path(&self) -> PathBuf {
        self.dir.join(REJECTS_FILE)
    }
}

/// Adds `other`'s segment columns and sources to `meta`; the difference that keeps them apart.
fn merge_meta(meta: &mut IndexMeta, other: &IndexMeta) -> std::result::Result<(), String> {
    if meta.language != other.language {
        return Err(format!(
            "their languages differ ({} and {})",
            meta.language, other.language
        ));
    }
    if meta.fiscal_year_start != other.fiscal_year_start {
        return Err(format!(
            "their fiscal years start in different months ({} and {})",
            meta.fiscal_year_start, other.fiscal_year_start
        ));
    }
    match (meta.scale, other.scale) {
        (Some(a), Some(b)) if a != b => {
            return Err(format!(
                "their scores are on different scales ({a} and {b})"
            ))
        }
        (None, b) => meta.scale = b,
        _ => {}
    }
    let questions = |m: &IndexMeta| m.mapping.as_ref().map_or(1, |m| m.question_count());
    if questions(meta) != questions(other) {
        return Err(format!(
            "they hold different numbers of open questions ({} and {})",
            questions(meta),
            questions(other)
        ));
    }
    for column in &other.segments {
        match meta
            .segments
            .iter()
            .find(|s| s.name == column.name || s.key == column.key)
        {
            Some(s) if s == column => {}
            Some(s) => {
                return Err(format!(
                    "the segment column '{}' is stored as '{}' in one and '{}' in the other",
                    column.name, s.key, column.key
                ))
            }
            None => meta.segments.push(column.clone()),
        }
    }
    for source in &other.sources {
        if !meta.sources.contains(source) {
            meta.sources.push(source.clone());
        }
    }
    Ok(())
}

/// The documents whose id another folder also holds in a later submission (the later folder
/// wins a tie, as a later ingest would).
fn shadowed_copies(
    store: &Store,
    folder_of: &std::collections::HashMap<String, usize>,
) -> Result<super::union::Shadowed> {
    use std::collections::HashMap;
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, TERMINATED};
    let searcher = store.searcher()?;
    // Per id: the copy that counts (day, folder, segment, doc).
    type Copy = (i64, usize, tantivy::index::SegmentId, tantivy::DocId);
    // Keyed by a 128-bit hash of the id: a few bytes per response, whatever the ids' length.
    let mut kept: HashMap<u128, Copy> = HashMap::new();
    let mut dropped: HashMap<tantivy::index::SegmentId, Vec<tantivy::DocId>> = HashMap::new();
    for reader in searcher.segment_readers() {
        let folder = folder_of
            .get(&reader.segment_id().uuid_string())
            .copied()
            .unwrap_or(0);
        let days = reader.fast_fields().i64(schema::DAY).ok();
        let inverted = reader.inverted_index(store.fields.id)?;
        let mut terms = inverted
            .terms()
            .stream()
            .map_err(|e| Error::io(&store.dir, e))?;
        while terms.advance() {
            let Some(mut postings) = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                .ok()
            else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED && reader.is_deleted(doc) {
                doc = postings.advance();
            }
            if doc == TERMINATED {
                continue;
            }
            let day = days.as_ref().and_then(|d| d.first(doc)).unwrap_or(i64::MIN);
            let copy = (day, folder, reader.segment_id(), doc);
            let key = xxhash_rust::xxh3::xxh3_128(terms.key());
            match kept.get_mut(&key) {
                None => {
                    kept.insert(key, copy);
                }
                Some(held) => {
                    let loser = if (copy.0, copy.1) >= (held.0, held.1) {
                        std::mem::replace(held, copy)
                    } else {
                        copy
                    };
                    dropped.entry(loser.2).or_default().push(loser.3);
                }
            }
        }
    }
    Ok(super::union::Shadowed {
        docs: std::sync::Arc::new(dropped),
    })
}

/// Opens tantivy's files; a damaged index is reported as such, with what to do.
fn open_tantivy(dir: &Path, tantivy_dir: &Path) -> Result<Index> {
    let damaged = |e: String| Error::IncompatibleIndex {
        dir: dir.to_path_buf(),
        problem: format!("cannot be opened ({e})"),
    };
    let directory =
        super::directory::IndexDirectory::open(tantivy_dir).map_err(|e| damaged(e.to_string()))?;
    Index::open(directory).map_err(|e| damaged(e.to_string()))
}
