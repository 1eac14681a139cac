//! Themes: what comments are about, each mention with its own kind (complaint, ask, praise),
//! counted by score band, segment and quarter.
//!
//! The pipeline, in the order of its modules: [`candidates`] (which words and phrases can name a
//! topic), [`corpus`] (the responses read), [`discover`] (distinctive candidates grouped into
//! themes and facets, labelled), [`set`] (discovered once over the whole index and cached), then
//! this module: assignment of every response in scope through the index's postings, and the
//! counts, kinds, quarters, segments and quotes ([`quotes`]) of each theme. Filters only choose
//! which responses are counted; `--discover-in scope` re-discovers inside the scope.
//! Everything is sorted with explicit tie-breaks, so the same index and flags give the same
//! themes in the same order.

pub mod background;
pub mod candidates;
pub mod codebook;
pub mod corpus;
pub mod discover;
pub mod explore;
pub mod question;
pub mod quotes;
pub mod set;
pub mod print;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query};

use crate::analysis::sentiment::Sentiment;
use crate::error::{Error, Result};
use crate::index::meta::Question;
use crate::index::schema::{self, segment_path};
use crate::index::Store;
use crate::score::{Band, BandCounts, Metric, Scale};
use crate::search::{band_label, Scope};
use corpus::{Corpus, Doc, GroupKey};
use set::ThemeDef;

/// What a mention of a theme is: the kind of the clause it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Complaint,
    Ask,
    Praise,
    /// Mentioned without praise, complaint or ask ("we flew to Boston").
    Neutral,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Ask => "ask",
            Kind::Praise => "praise",
            Kind::Neutral => "neutral",
        }
    }
}

/// How to group responses (`--by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeGroupBy {
    None,
    Band,
    Quarter,
    Column(String),
    /// Groups computed by the caller (usage quadrants, churned or retained), under a name.
    Custom(
        String,
        std::sync::Arc<std::collections::HashMap<tantivy::DocAddress, String>>,
    ),
}

impl std::str::FromStr for ThemeGroupBy {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s.trim().to_lowercase().as_str() {
            "none" | "all" => ThemeGroupBy::None,
            "band" => ThemeGroupBy::Band,
            "quarter" => ThemeGroupBy::Quarter,
            _ => ThemeGroupBy::Column(s.trim().to_string()),
        })
    }
}

#[derive(Debug, Clone)]
pub struct ThemeOptions {
    pub by: ThemeGroupBy,
    /// Themes per group.
    pub top: usize,
    /// Fewest responses a term must appear in to be discovered; default: 0.2% of the responses
    /// with comments, at least 5.
    pub min_mentions: Option<u32>,
    /// Restrict to responses matching this search query.
    pub query: Option<String>,
    pub kinds: Vec<Kind>,
    pub quotes: usize,
    pub redact: bool,
    /// Also list the themes whose share rose from the previous quarter to the latest.
    pub emerging: bool,
    /// Count every theme per value of this segment column too.
    pub segments: Option<String>,
    /// Named themes, ignored words, renames and merges.
    pub codebook: Option<codebook::Codebook>,
    /// Most responses whose words are read to discover themes (counts always cover all).
    pub sample: usize,
    /// Discover themes inside the scope instead of over the whole index.
    pub discover_in_scope: bool,
    /// The open question counted (0-based), where the index has several; None reads every
    /// answer as one comment.
    pub question: Option<u32>,
    /// Quotes give the whole comment (of the question) instead of the sentence about the theme.
    pub full_quotes: bool,
    /// Never write to the index folder, not even the theme set's cache (`verbatim serve`).
    pub read_only: bool,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        ThemeOptions {
            by: ThemeGroupBy::Band,
            top: 10,
            min_mentions: None,
            query: None,
            kinds: Vec::new(),
            quotes: 3,
            redact: true,
            emerging: false,
            segments: None,
            codebook: None,
            sample: corpus::SAMPLE_DOCS,
            discover_in_scope: false,
            question: None,
            full_quotes: false,
            read_only: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindCounts {
    pub complaint: u64,
    pub ask: u64,
    pub praise: u64,
}

impl KindCounts {
    /// Counts one mention from its BIT_* flags.
    fn add(&mut self, flags: u8) {
        self.complaint += (flags & BIT_COMPLAINT != 0) as u64;
        self.praise += (flags & BIT_PRAISE != 0) as u64;
        self.ask += (flags & BIT_ASK != 0) as u64;
    }

    /// The theme's kind: ask when asks are a good part of it, else the larger of complaint and
    /// praise, else neutral.
    fn dominant(&self, mentions: u64) -> Kind {
        if self.ask > 0 && self.ask * 10 >= mentions * 3 {
            Kind::Ask
        } else if self.complaint == 0 && self.praise == 0 {
            Kind::Neutral
        } else if self.complaint >= self.praise {
            Kind::Complaint
        } else {
            Kind::Praise
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub id: String,
    pub text: String,
    pub score: Option<f64>,
    pub band: String,
    pub date: Option<String>,
    pub segments: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterCount {
    pub quarter: String,
    pub mentions: u64,
    /// Responses with comments in that quarter.
    pub responses: u64,
    /// Share of that quarter's responses with comments, 0-100.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub label: String,
    /// The label's stems: a theme's stable key across runs and quarters.
    pub key: String,
    /// Member words and phrases, as written.
    pub terms: Vec<String>,
    pub kind: Kind,
    /// Responses mentioning the theme in the group.
    pub mentions: u64,
    /// Share of the group's responses with comments, 0-100.
    pub share: f64,
    /// Share of the other groups' responses with comments (None without other groups).
    pub rest_share: Option<f64>,
    /// Share in the group over share in the rest of the scope (None without other groups).
    pub lift: Option<f64>,
    /// G2 of the group against the rest (or of the theme's words against general language).
    pub significance: f64,
    /// More frequent in the group than in the rest, significant at 5% after Benjamini-Hochberg
    /// correction over every theme and group of the run (never under 5 mentions).
    pub over_represented: bool,
    pub metric: Option<Metric>,
    /// Metric of the mentioning responses minus the scope's.
    pub impact: Option<f64>,
    pub bands: BandCounts,
    pub kinds: KindCounts,
    pub quarters: Vec<QuarterCount>,
    /// Mentions per value of the `--segments` column.
    pub by_segment: Vec<SegmentCount>,
    pub quotes: Vec<Quote>,
    /// Sub-themes, each with its own mentions (a subset of the theme's), kinds and quotes.
    pub facets: Vec<Facet>,
}

/// A sub-theme.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub label: String,
    pub key: String,
    pub terms: Vec<String>,
    pub kind: Kind,
    pub mentions: u64,
    /// Share of the group's responses with comments, 0-100.
    pub share: f64,
    pub kinds: KindCounts,
    pub quotes: Vec<Quote>,
}

/// A theme in one segment value.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentCount {
    pub value: String,
    pub mentions: u64,
    pub responses: u64,
    /// 0-100.
    pub share: f64,
    /// Share here over share in the other values.
    pub lift: Option<f64>,
    /// Significantly more frequent here than elsewhere (Benjamini-Hochberg at 5% over every
    /// theme and value; never under 5 mentions).
    pub over_represented: bool,
}

/// A theme whose share changed between the last two quarters in scope.
#[derive(Debug, Clone, Serialize)]
pub struct Emerging {
    pub label: String,
    pub key: String,
    pub previous_quarter: String,
    pub quarter: String,
    pub previous_mentions: u64,
    pub mentions: u64,
    pub previous_share: f64,
    pub share: f64,
    /// Change in share, percentage points.
    pub change: f64,
    /// Two-proportion z statistic.
    pub z: f64,
    /// z >= 1.96 (p < 0.05, one rising quarter).
    pub significant: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupThemes {
    pub group: String,
    /// Responses with comments in the group.
    pub responses: u64,
    pub metric: Option<Metric>,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeReport {
    pub scope: String,
    pub by: String,
    pub metric_name: Option<&'static str>,
    /// Responses in scope, and how many of them have words to mine.
    pub responses: u64,
    pub mined: u64,
    /// Responses with a comment that carry none of the themes listed.
    pub without_theme: u64,
    /// Fewest responses a term needed to be discovered.
    pub min_mentions: u32,
    /// Where the themes were discovered: "index" (all responses) or "scope".
    pub discovered_in: &'static str,
    pub metric: Option<Metric>,
    pub quarters: Vec<String>,
    pub groups: Vec<GroupThemes>,
    /// The segment column counted per theme (`--segments`).
    pub segment_column: Option<String>,
    /// Themes rising from the previous quarter to the latest (`--emerging`), most first.
    pub emerging: Vec<Emerging>,
    /// The open question counted, where the index has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
    /// The codebook's entries that matched no theme or facet of this run (for a warning).
    #[serde(skip)]
    pub codebook_unmatched: Vec<String>,
}

/// The default minimum support: 0.2% of the mined responses, at least 5.
pub fn default_min_mentions(mined: usize) -> u32 {
    ((mined as f64 * 0.002).ceil() as u32).max(5)
}

/// The scope as a query, narrowed by a search query when given.
pub fn scope_query(store: &Store, scope: &Scope, query: Option<&str>) -> Result<Box<dyn Query>> {
    Ok(match query {
        Some(q) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, crate::search::parse_query(store, q)?),
            (Occur::Must, scope.query(store)),
        ])),
        None => scope.query(store),
    })
}

fn group_key(store: &Store, by: &ThemeGroupBy) -> Result<(GroupKey, String)> {
    Ok(match by {
        ThemeGroupBy::None => (GroupKey::None, "none".into()),
        ThemeGroupBy::Band if store.meta.scale.is_none() => (GroupKey::None, "none".into()),
        ThemeGroupBy::Band => (GroupKey::Band, "band".into()),
        ThemeGroupBy::Quarter => (GroupKey::Quarter, "quarter".into()),
        ThemeGroupBy::Custom(name, map) => (GroupKey::Custom(map.clone()), name.clone()),
        ThemeGroupBy::Column(name) => {
            let seg = store.meta.find_segment(name).ok_or_else(|| {
                let names = store.meta.segment_names();
                Error::Usage(format!(
                    "no segment column '{name}'; group by band, quarter, none or one of: {}",
                    names
                ))
            })?;
            let _ = segment_path(&seg.key);
            (GroupKey::Segment(seg.key.clone()), seg.name.clone())
        }
    })
}

/// What [`Run::mark`] sets.
#[derive(Clone, Copy)]
enum Marks {
    /// The mention bit and the kinds of the clauses holding the words.
    Mentions,
    /// Only the kinds (the mentions come from elsewhere: a search, a phrase).
    KindsOnly,
}

/// Per segment: the comment postings, the clause spans, and the scope's documents in doc id
/// order with their corpus index.
struct Postings<'a> {
    comment: &'a [std::sync::Arc<tantivy::InvertedIndexReader>],
    spans: &'a [Option<tantivy::columnar::Column<u64>>],
    in_scope: &'a InScope,
}

/// What one run counts: the scope's responses and the theme set, codebook applied.
struct Run<'a> {
    corpus: Corpus,
    defs: Vec<ThemeDef>,
    membership: Membership,
    describe_min: u32,
    min_mentions: u32,
    discovered_in: &'static str,
    searcher: tantivy::Searcher,
    query: Box<dyn Query>,
    store: &'a Store,
    /// The open question counted (see [`question::asked`]) and its text columns.
    question: Option<u32>,
    columns: Option<Vec<usize>>,
    /// The codebook's entries that matched no theme or facet of the set.
    unmatched: Vec<String>,
}

/// Loads the scope and the theme set. Words of the scope are read only when they are needed:
/// to discover inside the scope, or for `tag`'s strength of each theme.
fn prepare<'a>(
    store: &'a Store,
    scope: &Scope,
    options: &ThemeOptions,
    load_key: &GroupKey,
    view: Option<&str>,
    read_words: bool,
) -> Result<Run<'a>> {
    let query = scope_query(store, scope, options.query.as_deref())?;
    let min = options.min_mentions;
    let read_words = read_words || options.discover_in_scope;
    let asked = question::asked(store, options.question);
    let ignored = options
        .codebook
        .as_ref()
        .map(|b| b.ignored_stems(store))
        .unwrap_or_default();
    let load = |sample: usize| -> Result<Corpus> {
        let mut corpus = corpus::load(store, &*query, load_key, view, sample, asked, |mined| {
            min.unwrap_or_else(|| default_min_mentions(mined))
        })?;
        corpus.ignore(&ignored);
        Ok(corpus)
    };
    // The whole index's theme set is found (or read) before the scope is loaded: discovery holds
    // its own responses, and two corpora of ten million would be held at once.
    let (corpus, theme_set, discovered_in) = if options.discover_in_scope {
        let corpus = load(options.sample)?;
        let set = set::discover_in(store, &store.searcher()?, &corpus, min, asked);
        (corpus, set, "scope")
    } else {
        let mut ignored: Vec<String> = ignored.iter().cloned().collect();
        ignored.sort();
        let settings = set::Settings {
            min_mentions: min,
            sample: corpus::SAMPLE_DOCS,
            ignored,
            question: asked,
        };
        let set = set::whole_index(store, &settings, options.read_only)?;
        let corpus = load(if read_words { options.sample } else { 0 })?;
        (corpus, set, "index")
    };
    let searcher = store.searcher()?;
    let mut run = Run {
        corpus,
        defs: Vec::new(),
        membership: Membership::default(),
        // In a scope of any size, a theme is listed once it is mentioned at all; an explicit
        // --min-mentions also holds each group to it.
        describe_min: min.unwrap_or(1),
        min_mentions: theme_set.min_mentions,
        discovered_in,
        searcher,
        query,
        store,
        question: asked,
        columns: asked.and_then(|q| Some(question::question_of(store, q)?.columns)),
        unmatched: Vec::new(),
    };
    let discovered: Vec<ThemeDef> = theme_set
        .themes
        .into_iter()
        .map(ThemeDef::discovered)
        .collect();
    match &options.codebook {
        Some(book) => {
            let applied = book.apply(store, &*run.query, discovered)?;
            run.defs = applied.defs;
            run.unmatched = applied.unmatched;
        }
        None => run.defs = discovered,
    }
    run.defs.truncate(MAX_THEMES);
    run.membership = run.membership(&run.defs)?;
    Ok(run)
}

/// Runs themes over `scope`.
pub fn themes(store: &Store, scope: &Scope, options: &ThemeOptions) -> Result<ThemeReport> {
    let (key, by_name) = group_key(store, &options.by)?;
    // Quarters are counted per theme in every view; grouped by quarter, one table shows them.
    let load_key = if key == GroupKey::Quarter {
        GroupKey::None
    } else {
        key.clone()
    };
    let view =
        match &options.segments {
            Some(name) => Some(store.meta.find_segment(name).ok_or_else(|| {
                Error::Usage(format!("no segment column '{name}' for --segments"))
            })?),
            None => None,
        };
    let run = prepare(
        store,
        scope,
        options,
        &load_key,
        view.map(|v| v.key.as_str()),
        false,
    )?;
    let corpus = &run.corpus;
    let mined = corpus.mined();
    let scale = store.meta.scale;
    let all_bands = band_counts(corpus.docs.iter().filter(|d| d.mined()));
    let scope_metric = scale.and_then(|s| Metric::compute(s, &all_bands));
    let describe = Describe {
        run: &run,
        scale,
        scope_metric,
        options,
        by_band: key == GroupKey::Band,
        selection: None,
    };

    let mut groups = Vec::new();
    // Bits of the themes shown in any group, for the share of comments with none of them.
    let mut listed = 0u64;
    let single = corpus.groups.len() <= 1 || load_key == GroupKey::None;
    for (g, name) in corpus.groups.iter().enumerate() {
        let g = g as u32;
        let group = (!single).then_some(g);
        let group_docs = || {
            corpus
                .docs
                .iter()
                .filter(move |d| d.mined() && (single || d.group == g))
        };
        let mut counted: Vec<(usize, Theme)> = describe
            .themes_in(group)
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.mentions >= run.describe_min as u64)
            .filter(|(_, t)| options.kinds.is_empty() || options.kinds.contains(&t.kind))
            .collect();
        // A codebook's named themes first, then the most mentioned; the set's order breaks ties.
        counted.sort_by_key(|(i, t)| {
            (
                run.defs[*i].members.is_none(),
                std::cmp::Reverse(t.mentions),
            )
        });
        counted.truncate(options.top);
        for (i, _) in &counted {
            listed |= 1u64 << i;
        }
        // Quotes and facets of each theme shown, on the pool.
        describe.finish_all(&mut counted, group);
        let themes: Vec<Theme> = counted.into_iter().map(|(_, t)| t).collect();
        let group_name = match key {
            GroupKey::Band => match schema::band_of_value(name) {
                Some(b) => scale.map_or(name.clone(), |s| s.band_name(b).to_string()),
                None => "unscored".to_string(),
            },
            GroupKey::None | GroupKey::Quarter => "all".to_string(),
            _ => name.clone(),
        };
        groups.push(GroupThemes {
            group: group_name,
            responses: group_docs().count() as u64,
            metric: scale.and_then(|s| Metric::compute(s, &band_counts(group_docs()))),
            themes,
        });
    }
    if key == GroupKey::Band {
        // Worst band first: what detractors say leads; unscored last.
        groups.sort_by_key(|g| {
            scale.map_or(0, |s| {
                Band::ALL
                    .iter()
                    .position(|&b| s.band_name(b) == g.group)
                    .unwrap_or(3)
            })
        });
    }
    if !single {
        flag_over_represented(&mut groups);
    }
    let without_theme = corpus
        .docs
        .iter()
        .zip(&run.membership.mention)
        .filter(|(d, m)| d.mined() && **m & listed == 0)
        .count() as u64;
    Ok(ThemeReport {
        scope: scope.describe(store)
            + &options
                .query
                .as_ref()
                .map_or(String::new(), |q| format!(", matching \"{q}\"")),
        by: by_name,
        metric_name: scale.map(Scale::metric_name),
        responses: corpus.docs.len() as u64,
        mined: mined as u64,
        without_theme,
        min_mentions: run.min_mentions,
        discovered_in: run.discovered_in,
        metric: scope_metric,
        quarters: corpus.quarters.clone(),
        emerging: if options.emerging {
            emerging(&describe, options.top)
        } else {
            Vec::new()
        },
        groups,
        question: run.question.and_then(|q| question::question_of(store, q)),
        segment_column: view.map(|v| v.name.clone()),
        codebook_unmatched: run.unmatched.clone(),
    })
}

/// Upper tail p-value of a chi-square with one degree of freedom (G2 is one).
fn chi2_p(g2: f64) -> f64 {
    erfc((g2.max(0.0) / 2.0).sqrt())
}

/// Complementary error function (Numerical Recipes' erfcc, relative error under 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Benjamini-Hochberg at `FDR`: which of `p` are discoveries.
fn benjamini_hochberg(p: &[f64]) -> Vec<bool> {
    const FDR: f64 = 0.05;
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = p.len() as f64;
    let cutoff = order
        .iter()
        .enumerate()
        .filter(|(rank, &i)| p[i] <= FDR * (*rank as f64 + 1.0) / m)
        .map(|(rank, _)| rank)
        .last();
    let mut out = vec![false; p.len()];
    if let Some(cut) = cutoff {
        for &i in &order[..=cut] {
            out[i] = true;
        }
    }
    out
}

/// Quotes per facet (a theme has its own, up to `--quotes`).
const FACET_QUOTES: usize = 1;

/// Fewest mentions for a cell to be tested for over-representation.
const MIN_FLAGGED: u64 = 5;

/// Marks the themes over-represented in their group, corrected for every cell tested.
fn flag_over_represented(groups: &mut [GroupThemes]) {
    let mut cells = Vec::new();
    let mut p = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for (t, theme) in group.themes.iter().enumerate() {
            if theme.mentions >= MIN_FLAGGED
                && theme.rest_share.is_some_and(|rest| theme.share > rest)
            {
                cells.push((g, t));
                p.push(chi2_p(theme.significance));
            }
        }
    }
    for ((g, t), flagged) in cells.into_iter().zip(benjamini_hochberg(&p)) {
        groups[g].themes[t].over_represented = flagged;
    }
}

fn band_counts<'a>(docs: impl Iterator<Item = &'a Doc>) -> BandCounts {
    let mut c = BandCounts::default();
    for d in docs {
        c.add(d.band);
    }
    c
}

/// For each response in scope (in corpus order), a bit per theme (at most 64) that it mentions,
/// and the kinds of the clauses it mentions each one in. Ten million responses are held at once,
/// so the kinds are packed: a response keeps, in one u64, up to seven entries of nine bits (the
/// theme's number, then its complaint, praise and ask bits) for the themes it mentions in a
/// complaining, praising or asking clause; one with more keeps its kinds in `wide`. Entries are
/// looked up by theme, so the order themes are marked in changes nothing.
#[derive(Default)]
struct Membership {
    mention: Vec<u64>,
    kinds: Vec<u64>,
    /// Complaint, praise and ask bits per theme, of the responses whose `kinds` is [`WIDE`].
    wide: HashMap<u32, [u64; 3]>,
    /// For each theme's facets, keyed by (theme, facet): BIT_* flags per response in scope.
    facets: HashMap<(usize, usize), Flags>,
}

/// Entries in a response's packed kinds.
const ENTRIES: usize = 7;
/// A response's kinds are in [`Membership::wide`].
const WIDE: u64 = 1 << 63;

impl Membership {
    /// The BIT_* flags of response `i` for theme `t`.
    fn flags(&self, i: usize, t: usize) -> u8 {
        if self.mention[i] >> t & 1 == 0 {
            return 0;
        }
        let packed = self.kinds[i];
        let kinds = if packed == WIDE {
            let wide = &self.wide[&(i as u32)];
            (0..3).fold(0, |k, kind| k | ((wide[kind] >> t & 1) as u8) << kind)
        } else {
            (0..ENTRIES)
                .map(|e| (packed >> (9 * e) & 0x1ff) as usize)
                .take_while(|entry| entry & 7 != 0)
                .find(|entry| entry >> 3 == t)
                .map_or(0, |entry| (entry & 7) as u8)
        };
        BIT_MENTION | kinds << 1
    }

    /// Adds the kinds of response `i` for theme `t` (BIT_* flags without the mention bit,
    /// shifted down: complaint 1, praise 2, ask 4).
    fn add_kinds(&mut self, i: usize, t: usize, kinds: u8) {
        if kinds == 0 {
            return;
        }
        let packed = self.kinds[i];
        if packed != WIDE {
            if let Some(e) = (0..ENTRIES).find(|e| packed >> (9 * e) & 7 == 0) {
                self.kinds[i] |= ((t as u64) << 3 | kinds as u64) << (9 * e);
                return;
            }
            // Full: the response's kinds so far move to `wide`.
            let mut wide = [0u64; 3];
            for e in 0..ENTRIES {
                let entry = packed >> (9 * e) & 0x1ff;
                for (kind, w) in wide.iter_mut().enumerate() {
                    *w |= (entry >> kind & 1) << (entry >> 3);
                }
            }
            self.wide.insert(i as u32, wide);
            self.kinds[i] = WIDE;
        }
        let wide = self.wide.get_mut(&(i as u32)).expect("moved above");
        for (kind, w) in wide.iter_mut().enumerate() {
            *w |= ((kinds >> kind & 1) as u64) << t;
        }
    }
}

/// The scope's documents in address order (segment, then doc id): the order a theme's postings
/// are read in. A theme is marked in this order (its flags written one after another, not
/// scattered over the corpus order, which follows id hashes), then moved to corpus order once.
struct InScope {
    segments: Vec<SegmentScope>,
    /// The corpus index of each position.
    corpus_of: Vec<u32>,
}

/// The scope's documents in one segment, each with its position in address order and, in the
/// top bit ([`HAS_KINDS`]), whether it has clause spans.
enum SegmentScope {
    /// Entries by doc id ([`OUTSIDE`] for documents out of scope): where the scope holds half
    /// the segment or more, this is the smaller, and a posting is looked up at once.
    Dense(Vec<u32>),
    /// (doc id, entry), sorted by doc id: a small slice of the segment.
    Sparse(Vec<(u32, u32)>),
}

const OUTSIDE: u32 = u32::MAX;
const HAS_KINDS: u32 = 1 << 31;

impl InScope {
    fn new(docs: &[Doc], segments: &[tantivy::SegmentReader]) -> InScope {
        assert!(
            docs.len() < HAS_KINDS as usize,
            "too many responses in one scope"
        );
        let mut sizes = vec![0usize; segments.len()];
        for d in docs {
            sizes[d.address.segment_ord as usize] += 1;
        }
        // First the corpus index of each document, then (walking each segment in doc id order)
        // its position.
        let mut scopes: Vec<SegmentScope> = sizes
            .iter()
            .zip(segments)
            .map(|(&size, reader)| {
                let max_doc = reader.max_doc() as usize;
                if size * 2 >= max_doc {
                    SegmentScope::Dense(vec![OUTSIDE; max_doc])
                } else {
                    SegmentScope::Sparse(Vec::with_capacity(size))
                }
            })
            .collect();
        for (i, d) in docs.iter().enumerate() {
            match &mut scopes[d.address.segment_ord as usize] {
                SegmentScope::Dense(index) => index[d.address.doc_id as usize] = i as u32,
                SegmentScope::Sparse(list) => list.push((d.address.doc_id, i as u32)),
            }
        }
        let mut corpus_of = Vec::with_capacity(docs.len());
        let mut position = |entry: &mut u32| {
            let i = *entry as usize;
            *entry = corpus_of.len() as u32 | if docs[i].has_kinds() { HAS_KINDS } else { 0 };
            corpus_of.push(i as u32);
        };
        for scope in &mut scopes {
            match scope {
                SegmentScope::Dense(index) => {
                    index
                        .iter_mut()
                        .filter(|e| **e != OUTSIDE)
                        .for_each(&mut position);
                }
                SegmentScope::Sparse(list) => {
                    list.sort_unstable();
                    list.iter_mut().for_each(|(_, e)| position(e));
                }
            }
        }
        InScope {
            segments: scopes,
            corpus_of,
        }
    }

    /// Whether segment `ord` has no document in scope.
    fn is_empty_in(&self, ord: usize) -> bool {
        match self.segments.get(ord) {
            None => true,
            Some(SegmentScope::Sparse(list)) => list.is_empty(),
            Some(SegmentScope::Dense(_)) => false,
        }
    }

    /// The position of a document in scope.
    fn get(&self, address: &tantivy::DocAddress) -> Option<usize> {
        let entry = match self.segments.get(address.segment_ord as usize)? {
            SegmentScope::Dense(index) => *index.get(address.doc_id as usize)?,
            SegmentScope::Sparse(list) => {
                let k = list.binary_search_by_key(&address.doc_id, |e| e.0).ok()?;
                list[k].1
            }
        };
        (entry != OUTSIDE).then_some((entry & !HAS_KINDS) as usize)
    }

    /// The (corpus index, BIT_* flags) of the responses mentioning a theme or facet, from its
    /// flags by position, in corpus order.
    fn to_corpus(&self, flags: &[u8]) -> Vec<(u32, u8)> {
        let mut out: Vec<(u32, u8)> = flags
            .iter()
            .zip(&self.corpus_of)
            .filter(|(&b, _)| b & BIT_MENTION != 0)
            .map(|(&b, &i)| (i, b))
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

/// The BIT_* flags of the responses that mention a facet, by corpus index (sorted): a facet is
/// mentioned by few of the responses, and a byte for every response in scope would make memory
/// grow with the index times the facets.
#[derive(Default)]
struct Flags(Vec<(u32, u8)>);

impl Flags {
    /// The flags of corpus response `i` (0 where it does not mention the facet).
    fn get(&self, i: usize) -> u8 {
        self.0
            .binary_search_by_key(&(i as u32), |e| e.0)
            .map_or(0, |k| self.0[k].1)
    }
}

const BIT_MENTION: u8 = 1;
const BIT_COMPLAINT: u8 = 2;
const BIT_PRAISE: u8 = 4;
const BIT_ASK: u8 = 8;

/// The counts a theme's description is made from, in one group.
#[derive(Clone)]
struct ThemeCounts {
    /// Responses counted in the group and in the rest of the scope.
    n_group: u64,
    n_rest: u64,
    /// Those that mention the theme, in the group and in the rest.
    a: u64,
    b: u64,
    /// Bands of the mentioning responses in the group, and in the whole scope.
    bands: BandCounts,
    everywhere: BandCounts,
    kinds: KindCounts,
    /// (mentions, responses) per quarter and per value of the segment view, in the group.
    per_quarter: Vec<(u64, u64)>,
    per_value: Vec<(u64, u64)>,
}

impl ThemeCounts {
    fn new(corpus: &Corpus) -> ThemeCounts {
        ThemeCounts {
            n_group: 0,
            n_rest: 0,
            a: 0,
            b: 0,
            bands: BandCounts::default(),
            everywhere: BandCounts::default(),
            kinds: KindCounts::default(),
            per_quarter: vec![(0, 0); corpus.quarters.len()],
            per_value: vec![(0, 0); corpus.view_values.len()],
        }
    }

    fn add(&mut self, other: &ThemeCounts) {
        self.n_group += other.n_group;
        self.n_rest += other.n_rest;
        self.a += other.a;
        self.b += other.b;
        for (mine, theirs) in [
            (&mut self.bands, &other.bands),
            (&mut self.everywhere, &other.everywhere),
        ] {
            mine.low += theirs.low;
            mine.middle += theirs.middle;
            mine.high += theirs.high;
            mine.unscored += theirs.unscored;
        }
        self.kinds.complaint += other.kinds.complaint;
        self.kinds.praise += other.kinds.praise;
        self.kinds.ask += other.kinds.ask;
        for (a, b) in self.per_quarter.iter_mut().zip(&other.per_quarter) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (a, b) in self.per_value.iter_mut().zip(&other.per_value) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
}

/// Clears the flags of responses without the mention bit (kinds found where it is not
/// mentioned).
fn keep_mentioned(flags: &mut [u8]) {
    for f in flags {
        if *f & BIT_MENTION == 0 {
            *f = 0;
        }
    }
}

struct Describe<'a> {
    run: &'a Run<'a>,
    scale: Option<Scale>,
    scope_metric: Option<Metric>,
    options: &'a ThemeOptions,
    /// Groups are bands.
    by_band: bool,
    /// The responses counted, in corpus order, where only some of the run's are (an
    /// [`explore::Explorer`]'s scope); None counts them all.
    selection: Option<&'a [bool]>,
}

impl Describe<'_> {
    /// Whether corpus response `i` counts: it has a real comment and is selected.
    fn counts(&self, i: usize, d: &Doc) -> bool {
        d.mined() && self.selection.is_none_or(|s| s[i])
    }

    fn key_of(&self, def: &ThemeDef) -> String {
        codebook::key_of(self.run.store, def)
    }

    /// The label a theme or facet is shown under: its codebook name or its label's surface
    /// form, then any `[rename]`.
    fn label_of(&self, def: &ThemeDef) -> String {
        self.renamed(codebook::shown_label(def).to_string(), &self.key_of(def))
    }

    /// Counts theme `index` in `group` (None: the whole scope). Labels, terms, quotes and facets
    /// are added by [`Describe::finish`], only for the themes shown.
    fn theme(&self, def: &ThemeDef, index: usize, group: Option<u32>) -> Theme {
        self.theme_of_counts(def, self.count(index, group), group)
    }

    /// Every theme of the run counted in `group` (None: the whole scope), in the run's order.
    fn themes_in(&self, group: Option<u32>) -> Vec<Theme> {
        self.run
            .defs
            .iter()
            .zip(self.count_all(group))
            .map(|(def, c)| self.theme_of_counts(def, c, group))
            .collect()
    }

    /// What [`Describe::theme`] reads of theme `index` in `group`: one pass over the responses.
    fn count(&self, index: usize, group: Option<u32>) -> ThemeCounts {
        let corpus = &self.run.corpus;
        let m = &self.run.membership;
        let bit = 1u64 << index;
        let in_group = |d: &Doc| group.is_none_or(|g| d.group == g);
        let mut c = ThemeCounts::new(corpus);
        for (i, d) in corpus
            .docs
            .iter()
            .enumerate()
            .filter(|&(i, d)| self.counts(i, d))
        {
            let hit = m.mention[i] & bit != 0;
            if in_group(d) {
                if let Some(q) = d.quarter() {
                    c.per_quarter[q as usize].1 += 1;
                    c.per_quarter[q as usize].0 += hit as u64;
                }
                if let Some(v) = d.view() {
                    c.per_value[v as usize].1 += 1;
                    c.per_value[v as usize].0 += hit as u64;
                }
                c.n_group += 1;
                if hit {
                    c.a += 1;
                    c.bands.add(d.band);
                    c.kinds.add(m.flags(i, index));
                }
            } else {
                c.n_rest += 1;
                c.b += hit as u64;
            }
            if hit {
                c.everywhere.add(d.band);
            }
        }
        c
    }

    /// [`Describe::count`] of every theme in `group` in one pass over the responses, on the
    /// pool: a response adds to the themes it mentions only. The same counts, in a fraction of
    /// the time, where many themes are counted.
    fn count_all(&self, group: Option<u32>) -> Vec<ThemeCounts> {
        let corpus = &self.run.corpus;
        let m = &self.run.membership;
        let themes = self.run.defs.len();
        const RUN: usize = 1 << 16;
        let partial = |start: usize| -> (ThemeCounts, Vec<ThemeCounts>) {
            let mut shared = ThemeCounts::new(corpus);
            let mut per = vec![ThemeCounts::new(corpus); themes];
            let end = (start + RUN).min(corpus.docs.len());
            for i in start..end {
                let d = &corpus.docs[i];
                if !self.counts(i, d) {
                    continue;
                }
                let in_group = group.is_none_or(|g| d.group == g);
                if in_group {
                    shared.n_group += 1;
                    if let Some(q) = d.quarter() {
                        shared.per_quarter[q as usize].1 += 1;
                    }
                    if let Some(v) = d.view() {
                        shared.per_value[v as usize].1 += 1;
                    }
                } else {
                    shared.n_rest += 1;
                }
                let mut bits = m.mention[i];
                while bits != 0 {
                    let t = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if t >= themes {
                        continue;
                    }
                    let c = &mut per[t];
                    c.everywhere.add(d.band);
                    if !in_group {
                        c.b += 1;
                        continue;
                    }
                    c.a += 1;
                    c.bands.add(d.band);
                    c.kinds.add(m.flags(i, t));
                    if let Some(q) = d.quarter() {
                        c.per_quarter[q as usize].0 += 1;
                    }
                    if let Some(v) = d.view() {
                        c.per_value[v as usize].0 += 1;
                    }
                }
            }
            (shared, per)
        };
        let starts: Vec<usize> = (0..corpus.docs.len()).step_by(RUN).collect();
        let (shared, mut per) = starts.into_par_iter().map(partial).reduce(
            || {
                (
                    ThemeCounts::new(corpus),
                    vec![ThemeCounts::new(corpus); themes],
                )
            },
            |(mut s1, mut p1), (s2, p2)| {
                s1.add(&s2);
                for (a, b) in p1.iter_mut().zip(&p2) {
                    a.add(b);
                }
                (s1, p1)
            },
        );
        for c in &mut per {
            c.n_group = shared.n_group;
            c.n_rest = shared.n_rest;
            for (mine, all) in c.per_quarter.iter_mut().zip(&shared.per_quarter) {
                mine.1 = all.1;
            }
            for (mine, all) in c.per_value.iter_mut().zip(&shared.per_value) {
                mine.1 = all.1;
            }
        }
        per
    }

    /// A theme described from its counts.
    fn theme_of_counts(&self, def: &ThemeDef, c: ThemeCounts, group: Option<u32>) -> Theme {
        let corpus = &self.run.corpus;
        let ThemeCounts {
            n_group,
            n_rest,
            a,
            b,
            bands,
            everywhere,
            kinds,
            per_quarter,
            per_value,
        } = c;
        let share = 100.0 * a as f64 / n_group.max(1) as f64;
        let rest_share = (group.is_some() && n_rest > 0).then(|| 100.0 * b as f64 / n_rest as f64);
        let lift = (group.is_some() && n_rest > 0 && b > 0)
            .then(|| (a as f64 / n_group as f64) / (b as f64 / n_rest as f64));
        let significance = if group.is_some() && n_rest > 0 {
            discover::g2(a as f64, n_group as f64, b as f64, n_rest as f64)
        } else {
            def.found.score
        };
        // Grouped by band, every group's metric would be its band's (-100 or 100): the score of a
        // theme is then that of all responses in scope that mention it.
        let metric = self
            .scale
            .and_then(|s| Metric::compute(s, if self.by_band { &everywhere } else { &bands }));
        let impact = metric
            .zip(self.scope_metric)
            .map(|(m, s)| m.value - s.value);
        let quarters = corpus
            .quarters
            .iter()
            .zip(&per_quarter)
            .map(|(q, &(m, n))| QuarterCount {
                quarter: q.clone(),
                mentions: m,
                responses: n,
                share: 100.0 * m as f64 / n.max(1) as f64,
            })
            .collect();
        let by_segment = segment_counts(&corpus.view_values, &per_value);
        Theme {
            label: String::new(),
            key: self.key_of(def),
            terms: Vec::new(),
            kind: kinds.dominant(a),
            mentions: a,
            share,
            rest_share,
            lift,
            significance,
            over_represented: false,
            metric,
            impact,
            bands,
            kinds,
            quarters,
            by_segment,
            quotes: Vec::new(),
            facets: Vec::new(),
        }
    }

    /// Label, terms, quotes and facets of a theme counted by [`Describe::theme`].
    fn finish(&self, def: &ThemeDef, index: usize, group: Option<u32>, theme: &mut Theme) {
        let (mut pools, n_group) = self.quote_pools(&[index], group);
        let pool = pools.pop().unwrap_or_default();
        self.finish_with(def, index, theme, &pool, group, n_group);
    }

    /// Label, terms, quotes and facets of several themes (indexes into the run's), reading the
    /// responses once for all of them.
    fn finish_all(&self, themes: &mut [(usize, Theme)], group: Option<u32>) {
        let indexes: Vec<usize> = themes.iter().map(|(i, _)| *i).collect();
        let (pools, n_group) = self.quote_pools(&indexes, group);
        themes.par_iter_mut().zip(pools).for_each(|((i, t), pool)| {
            self.finish_with(&self.run.defs[*i], *i, t, &pool, group, n_group)
        });
    }

    /// For each theme of `indexes`, the responses its quotes are chosen from: [`QUOTE_POOL`]
    /// quotes' worth spread evenly over the responses counted in `group` that mention it (corpus
    /// indexes, in corpus order); and how many responses are counted in `group`. The members are
    /// counted first and only the pool is kept: the shown themes' members together are most of
    /// the scope.
    fn quote_pools(&self, indexes: &[usize], group: Option<u32>) -> (Vec<Vec<u32>>, u64) {
        let corpus = &self.run.corpus;
        let m = &self.run.membership;
        let wanted = indexes.iter().fold(0u64, |bits, &i| bits | 1u64 << i);
        let mut slot = [usize::MAX; 64];
        for (k, &i) in indexes.iter().enumerate() {
            slot[i] = k;
        }
        // Runs of responses on the pool; each run is walked twice: to count the members it
        // holds, then (knowing where its members rank among all) to pick the pool's.
        const RUN: usize = 1 << 16;
        let starts: Vec<usize> = (0..corpus.docs.len()).step_by(RUN).collect();
        let walk = |start: usize, on: &mut dyn FnMut(usize, usize)| -> u64 {
            let mut n_group = 0u64;
            for i in start..(start + RUN).min(corpus.docs.len()) {
                let d = &corpus.docs[i];
                if !self.counts(i, d) || group.is_some_and(|g| d.group != g) {
                    continue;
                }
                n_group += 1;
                let mut bits = m.mention[i] & wanted;
                while bits != 0 {
                    let t = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    on(slot[t], i);
                }
            }
            n_group
        };
        let counted: Vec<(Vec<u64>, u64)> = starts
            .par_iter()
            .map(|&start| {
                let mut members = vec![0u64; indexes.len()];
                let n_group = walk(start, &mut |k, _| members[k] += 1);
                (members, n_group)
            })
            .collect();
        let n_group = counted.iter().map(|(_, n)| n).sum();
        let size = (QUOTE_POOL * self.options.quotes) as u64;
        // Where each run's members start among each theme's, and each theme's total.
        let mut total = vec![0u64; indexes.len()];
        let firsts: Vec<Vec<u64>> = counted
            .iter()
            .map(|(members, _)| {
                let first = total.clone();
                for (t, n) in total.iter_mut().zip(members) {
                    *t += n;
                }
                first
            })
            .collect();
        let runs: Vec<Vec<Vec<u32>>> = starts
            .par_iter()
            .zip(firsts)
            .map(|(&start, mut rank)| {
                let mut pools = vec![Vec::new(); indexes.len()];
                if size > 0 {
                    walk(start, &mut |k, i| {
                        if in_pool(rank[k], total[k], size) {
                            pools[k].push(i as u32);
                        }
                        rank[k] += 1;
                    });
                }
                pools
            })
            .collect();
        let mut pools = vec![Vec::new(); indexes.len()];
        for run in runs {
            for (all, part) in pools.iter_mut().zip(run) {
                all.extend(part);
            }
        }
        (pools, n_group)
    }

    /// [`Describe::finish`] given the theme's quote pool and the responses counted in its group.
    fn finish_with(
        &self,
        def: &ThemeDef,
        index: usize,
        theme: &mut Theme,
        pool: &[u32],
        group: Option<u32>,
        n_group: u64,
    ) {
        let m = &self.run.membership;
        theme.label = self.label_of(def);
        theme.terms = terms_of(def);
        let keys: Vec<&str> = def.keys().collect();
        theme.quotes = self.quotes(pool, &keys, quote_label(def), theme.kind, usize::MAX);
        // Facets: counted in the same group, described the same way.
        let n_group = n_group.max(1) as f64;
        for (f, facet) in def.facets.iter().enumerate() {
            let Some(flags) = m.facets.get(&(index, f)) else {
                continue;
            };
            theme
                .facets
                .extend(self.facet(facet, flags, group, n_group));
        }
        theme
            .facets
            .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    }

    /// A facet among the responses counted in `group` (`n_group` of them), from its BIT_*
    /// `flags` per response (a facet's responses all mention its theme); None when it is
    /// mentioned too little to be listed.
    fn facet(
        &self,
        def: &ThemeDef,
        flags: &Flags,
        group: Option<u32>,
        n_group: f64,
    ) -> Option<Facet> {
        let mut kinds = KindCounts::default();
        let mut facet_members = Vec::new();
        let docs = &self.run.corpus.docs;
        for &(i, bits) in &flags.0 {
            let d = &docs[i as usize];
            if self.counts(i as usize, d) && group.is_none_or(|g| d.group == g) {
                facet_members.push(i);
                kinds.add(bits);
            }
        }
        let mentions = facet_members.len() as u64;
        if mentions < self.run.describe_min as u64 || mentions == 0 {
            return None;
        }
        let kind = kinds.dominant(mentions);
        let keys: Vec<&str> = def.keys().collect();
        Some(Facet {
            label: self.label_of(def),
            key: self.key_of(def),
            terms: terms_of(def),
            kind,
            mentions,
            share: 100.0 * mentions as f64 / n_group,
            kinds,
            quotes: self.quotes(&facet_members, &keys, quote_label(def), kind, FACET_QUOTES),
        })
    }

    /// Comment texts of some responses (corpus indexes).
    fn texts(&self, docs: &[u32]) -> Vec<(usize, String)> {
        docs.iter()
            .map(|&i| {
                let i = i as usize;
                let address = self.run.corpus.docs[i].address;
                (
                    i,
                    quotes::text_of_columns(
                        self.run.store,
                        &self.run.searcher,
                        address,
                        self.run.columns.as_deref(),
                    ),
                )
            })
            .collect()
    }

    /// Quotes for a theme: a sentence each from different responses, preferring sentences of
    /// the theme's kind (a complaint is shown with a complaint sentence).
    fn quotes(
        &self,
        members: &[u32],
        keys: &[&str],
        label: &str,
        kind: Kind,
        most: usize,
    ) -> Vec<Quote> {
        let most = self.options.quotes.min(most);
        if most == 0 {
            return Vec::new();
        }
        let mut candidates: Vec<(f64, usize, String, String)> = Vec::new();
        let pool = spread(members, QUOTE_POOL * most);
        for (i, text) in self.texts(&pool) {
            if let Some((score, sentence)) =
                quotes::quote_candidates(&self.run.store.analyzer, &text, keys, label, kind)
                    .into_iter()
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            {
                candidates.push((score, i, sentence, text));
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<Quote> = Vec::new();
        let mut sentences: Vec<String> = Vec::new();
        for (_, i, sentence, whole) in candidates {
            if out.len() >= most || sentences.contains(&sentence) {
                continue;
            }
            let address = self.run.corpus.docs[i].address;
            let hit = crate::search::hit_of(self.run.store, &self.run.searcher, address);
            let quoted = if self.options.full_quotes {
                whole.trim().to_string()
            } else {
                sentence.clone()
            };
            sentences.push(sentence);
            let text = if self.options.redact {
                quotes::redact(&quoted)
            } else {
                quoted
            };
            out.push(Quote {
                id: hit.id,
                text,
                score: hit.score,
                band: hit.band,
                date: hit.date,
                segments: hit.segments,
            });
        }
        out
    }
}

/// Counts per value of the `--segments` column, with over-representation (Benjamini-Hochberg
/// over the values).
fn segment_counts(values: &[String], per_value: &[(u64, u64)]) -> Vec<SegmentCount> {
    let (view_mentions, view_total) = per_value
        .iter()
        .fold((0, 0), |(m, n), &(a, b)| (m + a, n + b));
    let mut out: Vec<SegmentCount> = values
        .iter()
        .zip(per_value)
        .map(|(value, &(m, n))| {
            let (rest_m, rest_n) = ((view_mentions - m) as f64, (view_total - n) as f64);
            let share = m as f64 / n.max(1) as f64;
            let rest_share = if rest_n > 0.0 { rest_m / rest_n } else { 0.0 };
            SegmentCount {
                value: value.clone(),
                mentions: m,
                responses: n,
                share: 100.0 * share,
                lift: (rest_share > 0.0).then(|| share / rest_share),
                over_represented: false,
            }
        })
        .collect();
    let tested: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].mentions >= MIN_FLAGGED && out[i].lift.is_none_or(|l| l > 1.0))
        .collect();
    let p: Vec<f64> = tested
        .iter()
        .map(|&i| {
            let (m, n) = per_value[i];
            let (rest_m, rest_n) = ((view_mentions - m) as f64, (view_total - n) as f64);
            chi2_p(discover::g2(m as f64, n as f64, rest_m, rest_n))
        })
        .collect();
    for (&i, flagged) in tested.iter().zip(benjamini_hochberg(&p)) {
        out[i].over_represented = flagged;
    }
    out
}

/// Quotes' worth of responses a quote is chosen from: enough to find a clear sentence of the
/// kind wanted.
const QUOTE_POOL: usize = 10;

/// Whether the item ranked `rank` of `total` is among the `size` that [`spread`] picks: all of
/// them when they are few, else those ranked floor(j * total / size) for j below `size`.
fn in_pool(rank: u64, total: u64, size: u64) -> bool {
    total <= size || {
        let j = (rank * size).div_ceil(total);
        j < size && j * total / size == rank
    }
}

/// Up to `n` items spread evenly over `items` (deterministic).
fn spread<T: Copy>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n]).collect()
}

/// The terms of a theme or facet as written (each once), else its keys.
fn terms_of(def: &ThemeDef) -> Vec<String> {
    if def.found.terms_text.is_empty() {
        return def.keys().map(str::to_string).collect();
    }
    let mut terms: Vec<String> = Vec::new();
    for form in &def.found.terms_text {
        if !terms.contains(form) {
            terms.push(form.clone());
        }
    }
    terms
}

/// The key quotes prefer a sentence holding: a codebook theme's or merge's first term (its name
/// need not be in the comments), else the discovered label.
fn quote_label(def: &ThemeDef) -> &str {
    if def.name.is_some() {
        def.keys().next().unwrap_or("")
    } else {
        &def.found.label
    }
}

/// Band label as stored, for output.
pub fn band_name(store: &Store, band: Option<Band>) -> String {
    band_label(store, schema::band_value(band))
}

/// Every response in scope with the themes it carries, strongest first.
pub struct Tagging<'a> {
    pub themes: Vec<Theme>,
    /// Each theme's facet labels, as the themes list shows them (indexed by [`Tagged::themes`]).
    pub facet_labels: Vec<Vec<String>>,
    /// The codebook's entries that matched no theme or facet of the set (for a warning).
    pub codebook_unmatched: Vec<String>,
    /// The scope's responses and their theme bits: each response's themes are made from them
    /// when asked ([`Tagging::tagged`]).
    run: Run<'a>,
    /// The run's theme indexes of [`Tagging::themes`].
    kept: Vec<usize>,
    /// Per kept theme, its words' corpus ids and weights (rarer words weigh more).
    word_weights: Vec<Vec<(Option<u32>, f64)>>,
    theme_weight: Vec<f64>,
}

/// One response's themes.
pub struct Tagged {
    pub address: tantivy::DocAddress,
    /// Theme indexes into [`Tagging::themes`] with the kind of the response's mention, and the
    /// facets it carries within each (indexes into [`Tagging::facet_labels`] of the theme: a
    /// label per facet, not per response).
    pub themes: Vec<(usize, Kind, Vec<usize>)>,
    pub sentiment: Sentiment,
}

/// One theme set (`options.by` is ignored), then each response tagged with the themes whose
/// words it uses; a theme is stronger the rarer the words it matched. A response's kind for a
/// theme is ask if one of its clauses about the theme asks, else complaint if one is negative,
/// else praise if one is positive, else neutral.
pub fn tag<'a>(store: &'a Store, scope: &Scope, options: &ThemeOptions) -> Result<Tagging<'a>> {
    let run = prepare(store, scope, options, &GroupKey::None, None, true)?;
    let corpus = &run.corpus;
    let scale = store.meta.scale;
    let scope_metric = scale
        .and_then(|s| Metric::compute(s, &band_counts(corpus.docs.iter().filter(|d| d.mined()))));
    let describe = Describe {
        run: &run,
        scale,
        scope_metric,
        options,
        by_band: false,
        selection: None,
    };
    let mut kept = Vec::new();
    let mut themes = Vec::new();
    let counted: Vec<Theme> = describe.themes_in(None);
    for (i, theme) in counted.into_iter().enumerate() {
        if themes.len() == options.top {
            break;
        }
        if theme.mentions >= run.describe_min.max(1) as u64
            && (options.kinds.is_empty() || options.kinds.contains(&theme.kind))
        {
            kept.push(i);
            themes.push(theme);
        }
    }
    themes
        .par_iter_mut()
        .zip(&kept)
        .for_each(|(theme, &i)| describe.finish(&run.defs[i], i, None, theme));
    // A theme is stronger the rarer the words a response matched; for responses outside the
    // words read (a sample), the rarer the theme.
    let term_index: HashMap<&str, u32> = corpus
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i as u32))
        .collect();
    let word_weights: Vec<Vec<(Option<u32>, f64)>> = kept
        .iter()
        .map(|&i| {
            let found = &run.defs[i].found;
            found
                .words
                .iter()
                .zip(&found.word_share)
                .map(|(w, share)| (term_index.get(w.as_str()).copied(), -(share.max(1e-9)).ln()))
                .collect()
        })
        .collect();
    let mined = corpus.mined().max(1) as f64;
    let theme_weight: Vec<f64> = themes
        .iter()
        .map(|t| (mined / t.mentions.max(1) as f64).ln())
        .collect();
    // Each kept theme's facet labels, as the themes list shows them.
    let facet_labels: Vec<Vec<String>> = kept
        .iter()
        .map(|&i| {
            run.defs[i]
                .facets
                .iter()
                .map(|f| describe.label_of(f))
                .collect()
        })
        .collect();
    let codebook_unmatched = run.unmatched.clone();
    Ok(Tagging {
        themes,
        facet_labels,
        codebook_unmatched,
        run,
        kept,
        word_weights,
        theme_weight,
    })
}

impl Tagging<'_> {
    /// Responses in scope.
    pub fn len(&self) -> usize {
        self.run.corpus.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The address of response `k`.
    pub fn address(&self, k: usize) -> tantivy::DocAddress {
        self.run.corpus.docs[k].address
    }

    /// Response `k` with its themes, strongest first, made when asked: no list of every
    /// response's themes is held (a few hundred bytes a response at millions of responses).
    pub fn tagged(&self, k: usize) -> Tagged {
        let d = &self.run.corpus.docs[k];
        let m = &self.run.membership;
        let kept = &self.kept;
        let mut carried: Vec<(f64, usize)> = kept
            .iter()
            .enumerate()
            .filter(|(_, &bit)| m.mention[k] & (1 << bit) != 0)
            .map(|(t, _)| {
                let matched: f64 = self.word_weights[t]
                    .iter()
                    .filter(|(id, _)| id.is_some_and(|id| d.terms().binary_search(&id).is_ok()))
                    .map(|(_, w)| w)
                    .sum();
                (
                    if matched > 0.0 {
                        matched
                    } else {
                        self.theme_weight[t]
                    },
                    t,
                )
            })
            .collect();
        carried.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let themes = carried
            .into_iter()
            .map(|(_, t)| {
                let flags = m.flags(k, kept[t]);
                let kind = if flags & BIT_ASK != 0 {
                    Kind::Ask
                } else if flags & BIT_COMPLAINT != 0 {
                    Kind::Complaint
                } else if flags & BIT_PRAISE != 0 {
                    Kind::Praise
                } else {
                    Kind::Neutral
                };
                let facets = (0..self.facet_labels[t].len())
                    .filter(|f| {
                        m.facets
                            .get(&(kept[t], *f))
                            .is_some_and(|fm| fm.get(k) & BIT_MENTION != 0)
                    })
                    .collect();
                (t, kind, facets)
            })
            .collect();
        Tagged {
            address: d.address,
            themes,
            sentiment: d.sentiment,
        }
    }
}

/// The themes of the set compared between the last two quarters in scope: the rising ones,
/// largest change first, each with a two-proportion z test.
fn emerging(describe: &Describe, top: usize) -> Vec<Emerging> {
    let corpus = &describe.run.corpus;
    if corpus.quarters.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<Emerging> = describe
        .run
        .defs
        .par_iter()
        .enumerate()
        .filter_map(|(i, def)| {
            let mut theme = describe.theme(def, i, None);
            let [.., before, last] = theme.quarters.as_slice() else {
                return None;
            };
            if before.responses == 0 || last.responses == 0 || last.mentions == 0 {
                return None;
            }
            let (before, last) = (before.clone(), last.clone());
            let z = discover::two_proportion_z(
                before.mentions,
                before.responses,
                last.mentions,
                last.responses,
            );
            if last.share <= before.share {
                return None;
            }
            theme.label = describe.label_of(def);
            Some(Emerging {
                label: theme.label.clone(),
                key: theme.key.clone(),
                previous_quarter: before.quarter.clone(),
                quarter: last.quarter.clone(),
                previous_mentions: before.mentions,
                mentions: last.mentions,
                previous_share: before.share,
                share: last.share,
                change: last.share - before.share,
                z,
                significant: z >= 1.96,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.significant
            .cmp(&a.significant)
            .then(b.change.total_cmp(&a.change))
            .then(a.key.cmp(&b.key))
    });
    out.truncate(top);
    out
}

/// Most themes considered in one run (they are tracked as bits of a u64 per response).
const MAX_THEMES: usize = 64;

impl Describe<'_> {
    /// A codebook's `[rename]` of a label (matched by label or by stems).
    fn renamed(&self, label: String, key: &str) -> String {
        let Some(book) = &self.options.codebook else {
            return label;
        };
        book.rename
            .iter()
            .find(|(from, _)| {
                from.eq_ignore_ascii_case(&label)
                    || codebook::Codebook::key(self.run.store, from) == key
            })
            .map_or(label, |(_, to)| to.clone())
    }
}

impl Run<'_> {
    /// Which themes (and facets) each response in scope mentions, and in which kinds of clause,
    /// read from the index: the `comment` postings for mentions, and the `clauses` spans holding
    /// their positions for kinds. Every response in scope is counted, whether its words were read
    /// or not.
    fn membership(&self, defs: &[ThemeDef]) -> Result<Membership> {
        let segments = self.searcher.segment_readers();
        let in_scope = InScope::new(&self.corpus.docs, segments);
        let n = self.corpus.docs.len();
        let out = Membership {
            mention: vec![0; n],
            kinds: vec![0; n],
            wide: HashMap::new(),
            facets: HashMap::new(),
        };
        let comment = segments
            .iter()
            .map(|r| r.inverted_index(self.store.fields.comment))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let ctx = Postings {
            comment: &comment,
            spans: &question::clause_columns(segments),
            in_scope: &in_scope,
        };
        let index_of = &in_scope;
        // Themes are marked on the pool, each as one task (a large theme takes longer than a
        // small one, and no batch waits for it); each joins its bits as it ends. Bits are ORed
        // in and kinds looked up by theme, so the result is the same in any order of ending.
        let defs = &defs[..defs.len().min(MAX_THEMES)];
        let out = std::sync::Mutex::new(out);
        defs.par_iter()
            .enumerate()
            .try_for_each(|(t, def)| -> Result<()> {
                let (hits, facets) = self.theme_hits(def, &ctx, index_of, n)?;
                let hits = index_of.to_corpus(&hits);
                let bit = 1u64 << t;
                let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
                for (i, h) in hits {
                    out.mention[i as usize] |= bit;
                    out.add_kinds(i as usize, t, h >> 1);
                }
                for (f, flags) in facets.into_iter().enumerate() {
                    out.facets.insert((t, f), flags);
                }
                Ok(())
            })?;
        Ok(out.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    /// The BIT_* flags of one theme per response in scope (by position, [`InScope`]), and of
    /// each of its facets (a facet's responses are among the theme's).
    fn theme_hits(
        &self,
        def: &ThemeDef,
        ctx: &Postings,
        index_of: &InScope,
        n: usize,
    ) -> Result<(Vec<u8>, Vec<Flags>)> {
        // A named theme's kinds come from the clauses of its terms' keys: its single words.
        let hits = self.hits_of(def, &def.found.words, ctx, index_of, n)?;
        let mut facets = Vec::with_capacity(def.facets.len());
        for facet in &def.facets {
            // A pinned facet's kinds come from the clauses of every indexed word of its terms,
            // as a phrase facet's do ("runs small" complains where "run" or "small" does).
            let kind_words = self.indexed_words(facet.keys());
            let mut bits = self.hits_of(facet, &kind_words, ctx, index_of, n)?;
            for (b, h) in bits.iter_mut().zip(&hits) {
                if h & BIT_MENTION == 0 {
                    *b = 0;
                }
            }
            facets.push(Flags(index_of.to_corpus(&bits)));
        }
        Ok((hits, facets))
    }

    /// The BIT_* flags of a theme or facet on its own. A codebook's are its search's responses,
    /// with the kinds of the clauses holding `kind_words`; a discovered one's, the responses
    /// holding its words, or one of its phrases that none of its words covers (a phrase facet,
    /// or one merged with word facets), with the kinds of the clauses holding them.
    fn hits_of(
        &self,
        def: &ThemeDef,
        kind_words: &[String],
        ctx: &Postings,
        index_of: &InScope,
        n: usize,
    ) -> Result<Vec<u8>> {
        let mut hits = vec![0u8; n];
        if let Some(members) = &def.members {
            for a in members.iter() {
                if let Some(i) = index_of.get(a) {
                    hits[i] |= BIT_MENTION;
                }
            }
            self.mark(kind_words, ctx, &mut hits, Marks::KindsOnly)?;
            keep_mentioned(&mut hits);
            return Ok(hits);
        }
        self.mark(&def.found.words, ctx, &mut hits, Marks::Mentions)?;
        let words = &def.found.words;
        let uncovered: Vec<String> = def
            .found
            .phrases
            .iter()
            .filter(|p| !p.split(' ').any(|w| words.iter().any(|x| x == w)))
            .cloned()
            .collect();
        // One phrase at a time: a response's kinds are those of the phrases it holds, not of
        // another phrase's words said elsewhere in it.
        for phrase in uncovered {
            let bits = self.phrase_bits(phrase, ctx, index_of, n)?;
            for (h, b) in hits.iter_mut().zip(bits) {
                *h |= b;
            }
        }
        Ok(hits)
    }

    /// The BIT_* flags of the responses holding `phrase`; their kinds come from the clauses of
    /// the phrase's words.
    fn phrase_bits(
        &self,
        phrase: String,
        ctx: &Postings,
        index_of: &InScope,
        n: usize,
    ) -> Result<Vec<u8>> {
        let mut bits = vec![0u8; n];
        let words = self.phrase_hits(&[phrase], index_of, &mut bits)?;
        if self.question.is_some() {
            // The phrase's words must be in the question's answer too.
            for word in &words {
                let mut has = vec![0u8; n];
                self.mark(std::slice::from_ref(word), ctx, &mut has, Marks::Mentions)?;
                for (b, h) in bits.iter_mut().zip(&has) {
                    *b &= *h | !BIT_MENTION;
                }
            }
        }
        self.mark(&words, ctx, &mut bits, Marks::KindsOnly)?;
        keep_mentioned(&mut bits);
        Ok(bits)
    }

    /// The indexed words (not function words) of some keys, sorted, each once.
    fn indexed_words<'k>(&self, keys: impl Iterator<Item = &'k str>) -> Vec<String> {
        let mut words: Vec<String> = keys
            .flat_map(|k| k.split(' '))
            .filter(|w| !w.is_empty() && self.is_indexed(w))
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// Whether a stem has postings of its own in `comment` (function words inside phrases have
    /// none).
    fn is_indexed(&self, stem: &str) -> bool {
        self.store
            .analyzer
            .plain_word(stem)
            .is_none_or(|(class, _)| class.is_indexed())
    }

    /// Sets the mention bit for every response in scope holding one of `phrases` (stems with
    /// their function words, matched at their positions); returns the phrases' indexed words.
    fn phrase_hits(
        &self,
        phrases: &[String],
        index_of: &InScope,
        hits: &mut [u8],
    ) -> Result<Vec<String>> {
        let mut words = Vec::new();
        for phrase in phrases {
            let terms: Vec<(usize, tantivy::Term)> = phrase
                .split(' ')
                .enumerate()
                .filter(|(_, w)| self.is_indexed(w))
                .map(|(at, w)| {
                    words.push(w.to_string());
                    (
                        at,
                        tantivy::Term::from_field_text(self.store.fields.comment, w),
                    )
                })
                .collect();
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(tantivy::query::TermQuery::new(
                    terms[0].1.clone(),
                    tantivy::schema::IndexRecordOption::Basic,
                )),
                _ => Box::new(tantivy::query::PhraseQuery::new_with_offset(terms)),
            };
            // Only the scope's responses: a small slice seeks through the phrase's postings.
            let scoped = tantivy::query::BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, self.query.box_clone()),
            ]);
            // Matches are marked as they are found, segment by segment: a common phrase matches
            // millions of responses, too many to gather in a set first.
            let weight = scoped.weight(tantivy::query::EnableScoring::disabled_from_searcher(
                &self.searcher,
            ))?;
            for (ord, reader) in self.searcher.segment_readers().iter().enumerate() {
                if index_of.is_empty_in(ord) {
                    continue;
                }
                weight.for_each_no_score(reader, &mut |docs| {
                    for &doc in docs {
                        let address = tantivy::DocAddress::new(ord as u32, doc);
                        if let Some(i) = index_of.get(&address) {
                            hits[i] |= BIT_MENTION;
                        }
                    }
                })?;
            }
        }
        words.sort();
        words.dedup();
        Ok(words)
    }

    /// Sets bits in `hits` (by position, [`InScope`]) for every response in scope whose comment holds one
    /// of `words` (inside the question's answer, where there are several): the mention bit
    /// (`Marks::Mentions`) and the kind bits of the clauses holding those words.
    fn mark(&self, words: &[String], ctx: &Postings, hits: &mut [u8], marks: Marks) -> Result<()> {
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocSet, TERMINATED};
        let mention = match marks {
            Marks::Mentions => BIT_MENTION,
            Marks::KindsOnly => 0,
        };
        let mut positions = Vec::new();
        let mut set = |postings: &mut tantivy::postings::SegmentPostings,
                       spans: Option<&tantivy::columnar::Column<u64>>,
                       doc: u32,
                       entry: u32| {
            let i = (entry & !HAS_KINDS) as usize;
            // Positions matter only to tell questions apart or to find the clauses of a response
            // that has any.
            let clauses = spans.filter(|_| entry & HAS_KINDS != 0);
            if clauses.is_none() && self.question.is_none() {
                hits[i] |= mention;
                return;
            }
            question::positions_in(postings, self.question, &mut positions);
            if positions.is_empty() {
                return;
            }
            let kinds = clauses.map_or(0, |c| schema::kinds_at(c.values_for_doc(doc), &positions));
            hits[i] |= mention | kinds << 1;
        };
        for (segment, inverted) in ctx.comment.iter().enumerate() {
            if ctx.in_scope.is_empty_in(segment) {
                continue;
            }
            let scope = &ctx.in_scope.segments[segment];
            let spans = ctx.spans[segment].as_ref();
            for w in words {
                let term = tantivy::Term::from_field_text(self.store.fields.comment, w);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                    .map_err(|e| Error::io(self.store.dir.join("tantivy"), e))?
                else {
                    continue;
                };
                match scope {
                    SegmentScope::Dense(index) => {
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            let entry = index[doc as usize];
                            if entry != OUTSIDE {
                                set(&mut postings, spans, doc, entry);
                            }
                            doc = postings.advance();
                        }
                    }
                    // A small scope seeks through a long posting list; otherwise every posting
                    // is merged with the scope.
                    SegmentScope::Sparse(list) if list.len() < postings.doc_freq() as usize => {
                        for &(doc, i) in list {
                            match question::seek(&mut postings, doc) {
                                None => break,
                                Some(true) => set(&mut postings, spans, doc, i),
                                Some(false) => {}
                            }
                        }
                    }
                    SegmentScope::Sparse(list) => {
                        let mut k = 0;
                        let mut doc = postings.doc();
                        while doc != TERMINATED && k < list.len() {
                            while k < list.len() && list[k].0 < doc {
                                k += 1;
                            }
                            if k < list.len() && list[k].0 == doc {
                                set(&mut postings, spans, doc, list[k].1);
                            }
                            doc = postings.advance();
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One response's kinds, packed whatever the order themes end in, read back exactly; past
    /// seven kinded themes they move to `wide` unchanged.
    #[test]
    fn packed_kinds_read_back_in_any_order() {
        for kinded in [0usize, 1, 3, 7, 8, 12, 40] {
            // Theme t is mentioned; every third has no kind, the others kinds 1..=7 in turn.
            let themes: Vec<(usize, u8)> = (0..kinded + kinded / 2)
                .map(|k| (k * 64 / (kinded + kinded / 2 + 1), k))
                .map(|(t, k)| (t, if k % 3 == 2 { 0 } else { (k % 7 + 1) as u8 }))
                .collect();
            for seed in 0..5u64 {
                let mut order = themes.clone();
                // A fixed shuffle per seed.
                for i in (1..order.len()).rev() {
                    let j = ((i as u64 * 2654435761 + seed * 40503) % (i as u64 + 1)) as usize;
                    order.swap(i, j);
                }
                let mut m = Membership {
                    mention: vec![0; 2],
                    kinds: vec![0; 2],
                    ..Membership::default()
                };
                for &(t, _) in &order {
                    m.mention[1] |= 1 << t;
                }
                for &(t, k) in &order {
                    m.add_kinds(1, t, k);
                }
                for t in 0..64 {
                    let want = match themes.iter().find(|(u, _)| *u == t) {
                        Some((_, k)) => BIT_MENTION | k << 1,
                        None => 0,
                    };
                    assert_eq!(
                        m.flags(1, t),
                        want,
                        "theme {t}, {kinded} kinded, seed {seed}"
                    );
                    assert_eq!(m.flags(0, t), 0);
                }
            }
        }
    }

    /// The quote pool picked by rank is the one `spread` picks from the whole member list.
    #[test]
    fn quote_pool_by_rank_is_the_spread_of_the_members() {
        for total in 0..300u64 {
            for size in [1u64, 2, 7, 10, 30, 299] {
                let members: Vec<u64> = (0..total).collect();
                let by_rank: Vec<u64> = members
                    .iter()
                    .copied()
                    .filter(|&r| in_pool(r, total, size))
                    .collect();
                assert_eq!(
                    by_rank,
                    spread(&members, size as usize),
                    "{total} of {size}"
                );
            }
        }
    }
}
