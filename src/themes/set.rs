//! The theme set: discovered once over every response of the index, whatever the command's
//! filters, so that a quarter of forty responses, a small segment or one band is counted against
//! the same themes as everything else, and quarters compare like with like.
//!
//! The set depends only on the index's commit and the discovery settings, so it is cached in
//! `themes-cache/` in the index folder under a key of both: never used when stale, safe to
//! delete.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::DocAddress;
use xxhash_rust::xxh3::xxh3_64;

use super::candidates::topic_words;
use super::corpus::{self, Corpus, GroupKey};
use super::discover::{self, Contrast};
use super::explain::Why;
use super::names;
use super::{background, default_min_mentions};
use crate::error::Result;
use crate::index::Store;

/// Bump when discovery would find other themes for the same index.
const DISCOVERY_VERSION: u32 = 9;
/// Most themes discovered; commands show their `--top`.
pub const MAX_DISCOVERED: usize = 40;
/// Cached sets kept in the index folder.
const CACHE_KEEP: usize = 8;
const CACHE_DIR: &str = "themes-cache";

/// A theme as discovered: stems, so it can be counted in any scope through the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FoundTheme {
    /// The label's stems: "cancel flight".
    pub label: String,
    /// Member words (stems), most salient first.
    pub words: Vec<String>,
    /// Member phrases (stems joined by spaces), most frequent first.
    pub phrases: Vec<String>,
    pub score: f64,
    /// Share of the discovery sample's responses holding each word, in `words` order (for how
    /// strongly a response carries the theme: rarer words matched weigh more).
    pub word_share: Vec<f64>,
    /// Sub-themes, found by the same grouping one level down.
    #[serde(default)]
    pub facets: Vec<FoundTheme>,
    /// How the label is written in the comments ("customer service" for "customer servic").
    pub label_text: String,
    /// How each word, then each phrase, is written.
    pub terms_text: Vec<String>,
    /// The aspect its evaluative words judge ("speed"), where it has one (`themes::aspects`).
    #[serde(default)]
    pub aspect: Option<String>,
    /// Stems of the evaluative words that mention it where they qualify no other theme's word.
    #[serde(default)]
    pub evaluative: Vec<String>,
    /// Why each word and phrase (by key) is in the theme (`--explain`).
    #[serde(default)]
    pub why: std::collections::BTreeMap<String, Why>,
    /// The terms shown beside a discovered theme that has no facets, as written: its words and
    /// phrases other than the label, the label's words and amounts ("bit" beside "sleeves").
    /// None for a codebook theme (its terms are shown).
    #[serde(default)]
    pub shown: Option<Vec<String>>,
}

/// Every theme of one discovery.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ThemeSet {
    pub themes: Vec<FoundTheme>,
    /// Responses with comments the set was discovered over.
    pub mined: usize,
    /// Fewest responses a term needed.
    pub min_mentions: u32,
    /// Names the comments mention (capitalised mid-sentence in most uses), most used first: a
    /// word in `words` or a phrase in `phrases`, `label_text` as capitalised.
    #[serde(default)]
    pub names: Vec<FoundTheme>,
    /// Words left out of every theme as narration, with why (`--explain`).
    #[serde(default)]
    pub narration: Vec<super::explain::NarratedWord>,
}

/// A theme ready to count: a discovered one, or a codebook's named one (matched by search). Its
/// facets are the same one level down: discovered, merged or pinned by a codebook.
#[derive(Debug, Clone)]
pub struct ThemeDef {
    /// The words and phrases matched (its `facets` are moved to [`ThemeDef::facets`]).
    pub found: FoundTheme,
    /// A codebook's name (a named theme or facet, or a merge's `into`), shown instead of the
    /// label's surface form.
    pub name: Option<String>,
    /// A codebook theme's or facet's responses (found by search); discovered ones match by words.
    pub members: Option<Arc<HashSet<DocAddress>>>,
    /// Sub-themes, counted within this theme's mentions.
    pub facets: Vec<ThemeDef>,
}

impl ThemeDef {
    /// A discovered theme, its facets one level down.
    pub fn discovered(mut found: FoundTheme) -> ThemeDef {
        let facets = std::mem::take(&mut found.facets)
            .into_iter()
            .map(ThemeDef::discovered)
            .collect();
        ThemeDef {
            found,
            name: None,
            members: None,
            facets,
        }
    }

    /// Every word and phrase key of the theme, then its evaluative words' stems.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.found
            .words
            .iter()
            .chain(&self.found.phrases)
            .chain(&self.found.evaluative)
            .map(String::as_str)
    }

    /// The words shown beside the theme where it has no facets.
    pub(super) fn words_shown(&self) -> Vec<String> {
        match &self.found.shown {
            Some(shown) => shown.clone(),
            None => self.terms_written(),
        }
    }

    /// The terms of the theme or facet as written (each once), else its keys.
    pub(super) fn terms_written(&self) -> Vec<String> {
        if self.found.terms_text.is_empty() {
            return self.keys().map(str::to_string).collect();
        }
        let mut terms: Vec<String> = Vec::new();
        for form in &self.found.terms_text {
            if !terms.contains(form) {
                terms.push(form.clone());
            }
        }
        terms
    }

    /// The key quotes prefer a sentence holding: a codebook theme's or merge's first term (its
    /// name need not be in the comments), else the discovered label.
    pub(super) fn quote_label(&self) -> &str {
        if self.name.is_some() {
            self.keys().next().unwrap_or("")
        } else {
            &self.found.label
        }
    }
}

/// A theme's words and its facets' words.
pub(super) fn theme_words(def: &ThemeDef) -> Vec<String> {
    let facets = def.facets.iter().flat_map(|f| &f.found.words);
    def.found.words.iter().chain(facets).cloned().collect()
}

pub(super) fn named_terms(defs: &[ThemeDef]) -> crate::index::schema::NameKeys {
    fn all(def: &ThemeDef) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(
            def.keys()
                .flat_map(|k| k.split(' '))
                .chain(def.facets.iter().flat_map(all)),
        )
    }
    crate::index::schema::NameKeys::new(defs.iter().flat_map(all))
}

/// Settings that change what discovery finds.
#[derive(Debug, Clone, Hash)]
pub struct Settings {
    pub min_mentions: Option<u32>,
    pub sample: usize,
    /// A codebook's ignored stems, sorted.
    pub ignored: Vec<String>,
    /// The open question discovered, where the index has several.
    pub question: Option<u32>,
}

/// The theme set of the whole index: from the cache when the commit and settings match, else
/// discovered (and cached, unless `read_only`: a reader that promises never to write the index).
pub fn whole_index(store: &Store, settings: &Settings, read_only: bool) -> Result<ThemeSet> {
    let searcher = store.searcher()?;
    let mut commit: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|r| {
            format!(
                "{}:{}:{}",
                r.segment_id().uuid_string(),
                r.max_doc(),
                r.num_docs()
            )
        })
        .collect();
    commit.sort();
    // The build itself is part of the key, so that a new verbatim never reads a set an older one
    // discovered (DISCOVERY_VERSION alone relies on being bumped).
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{}:{:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    let key = format!(
        "{}|{}|{}|{}|{:?}|{}",
        build,
        DISCOVERY_VERSION,
        crate::index::meta::FORMAT_VERSION,
        crate::analysis::ANALYZER_VERSION,
        settings,
        commit.join(",")
    );
    let path = cache_dir(&store.dir).join(format!("{:016x}.json", xxh3_64(key.as_bytes())));
    if let Some(set) = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice::<ThemeSet>(&b).ok())
    {
        return Ok(set);
    }
    let everything = crate::search::Scope::default().query(store);
    let mut corpus = corpus::load(
        store,
        &*everything,
        &GroupKey::None,
        None,
        settings.sample,
        settings.question,
        |mined| {
            settings
                .min_mentions
                .unwrap_or_else(|| default_min_mentions(mined))
        },
    )?;
    corpus.ignore(&settings.ignored.iter().cloned().collect());
    let set = discover_in(
        store,
        &searcher,
        &corpus,
        settings.min_mentions,
        settings.question,
    );
    if !read_only {
        save(&path, &set);
    }
    Ok(set)
}

/// Discovers the themes of `corpus` alone (`--discover-in scope`, or the whole index).
pub fn discover_in(
    store: &Store,
    searcher: &tantivy::Searcher,
    corpus: &Corpus,
    min_mentions: Option<u32>,
    question: Option<u32>,
) -> ThemeSet {
    let mined = corpus.mined();
    let min_mentions = min_mentions.unwrap_or_else(|| default_min_mentions(mined));
    let bg = background::background(&store.analyzer);
    let topics = topic_words(&store.analyzer);
    // How often each word is said with an opinion, over the responses whose words were read.
    let sample = super::question::Sample::of(searcher, corpus.sampled().map(|d| d.address));
    // Shared by the pool: discovery asks for many words' shares at once.
    let shares = std::sync::Mutex::new(std::collections::HashMap::new());
    let opinion = |key: &str| {
        let known = shares
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .copied();
        known.unwrap_or_else(|| {
            let term = tantivy::Term::from_field_text(store.fields.comment, key);
            let share = super::question::opinion_share(searcher, &term, question, &sample);
            let mut shares = shares.lock().unwrap_or_else(|e| e.into_inner());
            shares.insert(key.to_string(), share);
            share
        })
    };
    // The same share over a phrase's responses (few words need it: see `narration`).
    let in_phrase = |key: &str, docs: &[usize]| {
        let term = tantivy::Term::from_field_text(store.fields.comment, key);
        let among = docs.iter().map(|&i| corpus.docs[i].address);
        super::question::opinion_among(searcher, &term, question, among)
    };
    let columns = question.and_then(|q| Some(super::question::question_of(store, q)?.columns));
    let texts = names::sample_texts(store, searcher, corpus, columns.as_deref());
    let mut written_terms = names::as_written(&store.analyzer, corpus, &texts);
    // A mood is never a name, however written ("Excellent" in a title-like answer).
    written_terms.names.retain(|&t| {
        corpus.terms[t as usize].key.split(' ').all(|w| {
            topics.role(w) != super::candidates::WordRole::Mood && !topics.is_evaluative(w)
        })
    });
    let written = std::cell::RefCell::new(Written::new(store, searcher, corpus, columns));
    let form = |t: u32| written.borrow_mut().form(t);
    let discovered = discover::discover(
        corpus,
        &Contrast::Background(bg),
        topics,
        &discover::Opinion {
            of_word: &opinion,
            in_phrase: &in_phrase,
        },
        &names::Surface {
            names: &written_terms.names,
            units: &written_terms.units,
            written: &form,
        },
        min_mentions,
        MAX_DISCOVERED,
    );
    let in_sample = corpus.read as f64 / mined.max(1) as f64;
    let min_in_sample = ((min_mentions as f64 * in_sample.min(1.0)).ceil() as u32).max(2);
    let aspects = super::aspects::table(&store.analyzer).map_or_else(Vec::new, |table| {
        super::aspects::find(corpus, table, bg, topics, &discovered.themes, min_in_sample)
    });
    let sampled = corpus.sampled_count().max(1) as f64;
    let mut written = written.into_inner();
    let mut found = |d: &discover::Found| -> FoundTheme {
        let key = |t: &u32| corpus.terms[*t as usize].key.clone();
        let terms: Vec<u32> = d.words.iter().chain(&d.phrases).copied().collect();
        let why = terms
            .iter()
            .filter_map(|t| Some((key(t), discovered.why.get(t)?)))
            .map(|(k, w)| (k, w.map(|&t| written.form(t))))
            .collect();
        FoundTheme {
            shown: Some(
                beside_label(corpus, topics, d.label, &terms)
                    .map(|t| written.form(t))
                    .collect(),
            ),
            label_text: written.label_form(d.label),
            terms_text: terms.iter().map(|&t| written.form(t)).collect(),
            why,
            label: key(&d.label),
            words: d.words.iter().map(key).collect(),
            phrases: d.phrases.iter().map(key).collect(),
            score: d.score,
            word_share: d
                .words
                .iter()
                .map(|&t| corpus.terms[t as usize].df as f64 / sampled)
                .collect(),
            facets: Vec::new(),
            aspect: None,
            evaluative: Vec::new(),
        }
    };
    let mut themes: Vec<FoundTheme> = discovered
        .themes
        .iter()
        .map(|d| {
            let mut theme = found(d);
            theme.facets = d.facets.iter().map(&mut found).collect();
            theme
        })
        .collect();
    add_aspects(&mut themes, aspects, corpus, &mut found);
    let names = discovered
        .names
        .iter()
        .map(|&t| {
            let term = &corpus.terms[t as usize];
            let one = term.len == 1;
            let name = discover::Found {
                words: if one { vec![t] } else { Vec::new() },
                phrases: if one { Vec::new() } else { vec![t] },
                label: t,
                score: term.df as f64,
                facets: Vec::new(),
            };
            let mut found = found(&name);
            found.label_text = if written_terms.capitals.contains(&t) {
                found.label_text.to_uppercase()
            } else {
                names::capitalised(&found.label_text)
            };
            found
        })
        .collect();
    let narration = narration_as_written(&discovered.narrated, &mut written);
    ThemeSet {
        themes,
        mined,
        min_mentions,
        names,
        narration,
    }
}

/// Adds the aspects found from evaluative words: to the theme whose noun names the aspect, or as
/// a theme of their own labelled with the aspect, whose facets are the nouns they qualify.
fn add_aspects(
    themes: &mut Vec<FoundTheme>,
    aspects: Vec<super::aspects::AspectFound>,
    corpus: &Corpus,
    found: &mut dyn FnMut(&discover::Found) -> FoundTheme,
) {
    for a in aspects {
        match a.joins {
            Some(i) => {
                themes[i].aspect = Some(a.aspect.to_string());
                themes[i].evaluative = a.stems;
                themes[i].score += a.score;
            }
            None => themes.push(FoundTheme {
                shown: Some(Vec::new()),
                label: a.aspect.to_string(),
                words: Vec::new(),
                phrases: Vec::new(),
                score: a.score,
                word_share: Vec::new(),
                facets: a
                    .facets
                    .iter()
                    .map(|&t| {
                        let term = &corpus.terms[t as usize];
                        let facet = discover::Found {
                            words: if term.len == 1 { vec![t] } else { Vec::new() },
                            phrases: if term.len == 1 { Vec::new() } else { vec![t] },
                            label: t,
                            score: 0.0,
                            facets: Vec::new(),
                        };
                        found(&facet)
                    })
                    .collect(),
                label_text: a.aspect.to_string(),
                // What it matches: its evaluative words (a saved codebook searches for them).
                terms_text: a.words,
                aspect: Some(a.aspect.to_string()),
                evaluative: a.stems,
                why: Default::default(),
            }),
        }
    }
}

/// The narrated words and their phrases as written ([`super::explain::NarratedWord`]).
fn narration_as_written(
    narrated: &[super::narration::Narrated],
    written: &mut Written,
) -> Vec<super::explain::NarratedWord> {
    narrated
        .iter()
        .map(|n| super::explain::NarratedWord {
            word: written.form(n.word),
            phrases: n
                .phrases
                .iter()
                .map(|&(p, o)| (written.form(p), o))
                .collect(),
            share: n.share,
            bands: n.bands,
        })
        .collect()
}

/// How terms are written: the most common form in the first responses (in id-hash order, so
/// whatever the index layout) that use them.
struct Written<'a> {
    store: &'a Store,
    searcher: &'a tantivy::Searcher,
    corpus: &'a Corpus,
    /// The first responses using each term, found in one pass.
    using: Vec<Vec<DocAddress>>,
    texts: std::collections::HashMap<DocAddress, String>,
    /// The text columns read (one question's), or all.
    columns: Option<Vec<usize>>,
}

impl<'a> Written<'a> {
    /// Responses read per term.
    const READ: usize = 8;
    const LABEL_READ: usize = 64;

    fn new(
        store: &'a Store,
        searcher: &'a tantivy::Searcher,
        corpus: &'a Corpus,
        columns: Option<Vec<usize>>,
    ) -> Self {
        let mut using = vec![Vec::new(); corpus.terms.len()];
        for d in &corpus.docs {
            for &t in d.terms() {
                let list = &mut using[t as usize];
                if list.len() < Self::READ {
                    list.push(d.address);
                }
            }
        }
        Written {
            store,
            searcher,
            corpus,
            using,
            texts: Default::default(),
            columns,
        }
    }

    fn form(&mut self, term: u32) -> String {
        self.load(term);
        let key = &self.corpus.terms[term as usize].key;
        super::quotes::surface_form(&self.store.analyzer, &self.texts_of(term), key)
    }

    /// How the theme labelled `term` is named (see [`super::quotes::label_form`]), from the
    /// first [`Self::LABEL_READ`] texts that use it: how often each form is written decides.
    fn label_form(&mut self, term: u32) -> String {
        let written = self.form(term);
        if !super::quotes::may_rename(&self.store.analyzer, &written) {
            return written;
        }
        let using: Vec<DocAddress> = (self.corpus.docs.iter())
            .filter(|d| d.terms().binary_search(&term).is_ok())
            .take(Self::LABEL_READ)
            .map(|d| d.address)
            .collect();
        self.read(&using);
        let texts: Vec<&str> = using.iter().map(|a| self.texts[a].as_str()).collect();
        let key = &self.corpus.terms[term as usize].key;
        super::quotes::label_form(&self.store.analyzer, &texts, key).unwrap_or(written)
    }

    /// Reads the texts that use `term` (the first [`Self::READ`]) not read yet.
    fn load(&mut self, term: u32) {
        let using = std::mem::take(&mut self.using[term as usize]);
        self.read(&using);
        self.using[term as usize] = using;
    }

    fn read(&mut self, using: &[DocAddress]) {
        for &a in using {
            if !self.texts.contains_key(&a) {
                let text = super::quotes::text_of_columns(
                    self.store,
                    self.searcher,
                    a,
                    self.columns.as_deref(),
                );
                self.texts.insert(a, text);
            }
        }
    }

    fn texts_of(&self, term: u32) -> Vec<&str> {
        self.using[term as usize]
            .iter()
            .map(|a| self.texts[a].as_str())
            .collect()
    }
}

fn cache_dir(index: &Path) -> PathBuf {
    index.join(CACHE_DIR)
}

/// Writes the set atomically and keeps the newest few; a read-only index just goes uncached.
fn save(path: &Path, set: &ThemeSet) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let Ok(json) = serde_json::to_vec(set) else {
        return;
    };
    if std::fs::write(&tmp, json).is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(CACHE_KEEP);
    for (_, old) in files.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
}

/// The terms shown beside a theme without facets: its words and phrases other than the label,
/// the label's own words, and amounts ("bit" beside "sleeves").
fn beside_label<'a>(
    corpus: &'a Corpus,
    topics: &'a super::candidates::TopicWords,
    label: u32,
    terms: &'a [u32],
) -> impl Iterator<Item = u32> + 'a {
    let label_words: Vec<&str> = corpus.terms[label as usize].key.split(' ').collect();
    terms.iter().copied().filter(move |&t| {
        let k = &corpus.terms[t as usize].key;
        t != label && !label_words.contains(&k.as_str()) && !topics.is_amount(k)
    })
}
