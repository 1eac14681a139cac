//! Themes: recurring complaints, asks and praise, by score band, segment and quarter.
//!
//! A run loads the responses in scope ([`corpus`]), discovers themes ([`discover`]): distinctive
//! terms grouped into concerns, then counts and describes each theme: mentions, share, lift,
//! NPS/CSAT of the responses that mention it, kinds, quarters, and quotes ([`quotes`]).
//! Everything is sorted with explicit tie-breaks, so the same index and flags give the same
//! themes in the same order.

pub mod background;
pub mod codebook;
pub mod corpus;
pub mod discover;
pub mod quotes;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query};

use crate::error::{Error, Result};
use crate::index::schema::segment_path;
use crate::index::Store;
use crate::score::{Band, BandCounts, Metric, Scale};
use crate::search::{band_label, Scope};
use corpus::{Corpus, Doc, GroupKey};
use discover::{Contrast, ThemeDef};

/// What a mention of a theme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Complaint,
    Ask,
    Praise,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Ask => "ask",
            Kind::Praise => "praise",
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
    /// Fewest responses a term must appear in; default: 0.2% of the responses, at least 5.
    pub min_mentions: Option<u32>,
    /// Restrict to responses matching this search query.
    pub query: Option<String>,
    pub kinds: Vec<Kind>,
    pub quotes: usize,
    pub redact: bool,
    /// Also list the themes whose share rose most from the previous quarter to the latest.
    pub emerging: bool,
    /// Count every theme per value of this segment column too.
    pub segments: Option<String>,
    /// Named themes, ignored words, renames and merges.
    pub codebook: Option<codebook::Codebook>,
    /// Most responses whose words are read to discover themes (counts always cover all).
    pub sample: usize,
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
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindCounts {
    pub complaint: u64,
    pub ask: u64,
    pub praise: u64,
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
    /// Share in the group over share in the rest of the scope (None without other groups).
    pub lift: Option<f64>,
    /// G2 significance of the theme's terms.
    pub significance: f64,
    pub metric: Option<Metric>,
    /// Metric of the mentioning responses minus the scope's.
    pub impact: Option<f64>,
    pub bands: BandCounts,
    pub kinds: KindCounts,
    pub quarters: Vec<QuarterCount>,
    /// Mentions per value of the `--segments` column.
    pub by_segment: Vec<SegmentCount>,
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
    /// Significantly more frequent here than elsewhere (G2, p < 0.001).
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
    pub min_mentions: u32,
    pub metric: Option<Metric>,
    pub quarters: Vec<String>,
    pub groups: Vec<GroupThemes>,
    /// The segment column counted per theme (`--segments`).
    pub segment_column: Option<String>,
    /// Themes rising from the previous quarter to the latest (`--emerging`), most first.
    pub emerging: Vec<Emerging>,
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

fn doc_kind(doc: &Doc) -> Kind {
    if doc.ask {
        return Kind::Ask;
    }
    match doc.band {
        Some(Band::High) => Kind::Praise,
        Some(Band::Low) => Kind::Complaint,
        _ if doc.negative => Kind::Complaint,
        _ => Kind::Praise,
    }
}

/// Runs themes over `scope`.
pub fn themes(store: &Store, scope: &Scope, options: &ThemeOptions) -> Result<ThemeReport> {
    let (key, by_name) = group_key(store, &options.by)?;
    // Quarters are compared on themes discovered once over all of them (a theme stays the same
    // theme in every quarter), so that grouping loads without groups.
    let load_key = if key == GroupKey::Quarter {
        GroupKey::None
    } else {
        key.clone()
    };
    let query = scope_query(store, scope, options.query.as_deref())?;
    let min = options.min_mentions;
    let view =
        match &options.segments {
            Some(name) => Some(store.meta.find_segment(name).ok_or_else(|| {
                Error::Usage(format!("no segment column '{name}' for --segments"))
            })?),
            None => None,
        };
    let mut corpus = corpus::load(
        store,
        &*query,
        &load_key,
        view.map(|v| v.key.as_str()),
        options.sample,
        |mined| min.unwrap_or_else(|| default_min_mentions(mined)),
    )?;
    if let Some(book) = &options.codebook {
        corpus.ignore(&book.ignored_stems(store));
    }
    let mined = corpus.mined();
    let min_mentions = min.unwrap_or_else(|| default_min_mentions(mined));
    let scale = store.meta.scale;
    let all_bands = band_counts(corpus.docs.iter().filter(|d| d.mined));
    let scope_metric = scale.and_then(|s| Metric::compute(s, &all_bands));
    let bg = background::background(&store.analyzer);
    let searcher = store.searcher()?;
    let describe = Describe {
        store,
        searcher: &searcher,
        corpus: &corpus,
        scale,
        scope_metric,
        options,
        scope: &*query,
        by_band: key == GroupKey::Band,
    };

    let mut groups = Vec::new();
    let single = corpus.groups.len() <= 1 || load_key == GroupKey::None;
    for (g, name) in corpus.groups.iter().enumerate() {
        let g = g as u32;
        let contrast = if single {
            Contrast::Background(bg)
        } else {
            Contrast::Group(g)
        };
        let (defs, sal) = discover::discover(
            &corpus,
            &contrast,
            min_mentions,
            (options.top * 2).min(MAX_THEMES),
        );
        let defs = describe.apply_codebook(defs)?;
        let in_group = |d: &&Doc| single || d.group == g;
        let group_docs: Vec<&Doc> = corpus
            .docs
            .iter()
            .filter(|d| d.mined)
            .filter(in_group)
            .collect();
        let masks = describe.membership(&defs)?;
        let mut themes: Vec<Theme> = defs
            .iter()
            .enumerate()
            .map(|(i, def)| {
                describe.theme(def, &masks, i, &sal, if single { None } else { Some(g) })
            })
            .filter(|t| t.mentions >= min_mentions as u64)
            .filter(|t| options.kinds.is_empty() || options.kinds.contains(&t.kind))
            .collect();
        themes.truncate(options.top);
        let group_name = match key {
            GroupKey::Band => scale.map_or(name.clone(), |s| {
                s.band_name(band_of_value(name)).to_string()
            }),
            GroupKey::None | GroupKey::Quarter => "all".to_string(),
            _ => name.clone(),
        };
        groups.push(GroupThemes {
            group: group_name,
            responses: group_docs.len() as u64,
            metric: scale
                .and_then(|s| Metric::compute(s, &band_counts(group_docs.iter().copied()))),
            themes,
        });
    }
    if key == GroupKey::Band {
        // Worst band first: what detractors say leads.
        groups.sort_by_key(|g| {
            scale.map_or(0, |s| {
                Band::ALL
                    .iter()
                    .position(|&b| s.band_name(b) == g.group)
                    .unwrap_or(3)
            })
        });
    }
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
        min_mentions,
        metric: scope_metric,
        quarters: corpus.quarters.clone(),
        emerging: if options.emerging {
            emerging(&describe, &corpus, bg, min_mentions, options.top)
        } else {
            Vec::new()
        },
        groups,
        segment_column: view.map(|v| v.name.clone()),
    })
}

/// The band of a stored band value ("low", "middle", "high").
fn band_of_value(value: &str) -> Band {
    match value {
        crate::index::schema::BAND_LOW => Band::Low,
        crate::index::schema::BAND_MIDDLE => Band::Middle,
        _ => Band::High,
    }
}

fn band_counts<'a>(docs: impl Iterator<Item = &'a Doc>) -> BandCounts {
    let mut c = BandCounts::default();
    for d in docs {
        c.add(d.band);
    }
    c
}

struct Describe<'a> {
    store: &'a Store,
    searcher: &'a tantivy::Searcher,
    corpus: &'a Corpus,
    scale: Option<Scale>,
    scope_metric: Option<Metric>,
    options: &'a ThemeOptions,
    /// The responses in scope, as a query (theme counts are intersected with it).
    scope: &'a dyn Query,
    /// Groups are bands.
    by_band: bool,
}

impl Describe<'_> {
    /// Counts and describes theme `index` of the set whose `membership` masks are given.
    fn theme(
        &self,
        def: &ThemeDef,
        masks: &[u64],
        index: usize,
        sal: &[f64],
        group: Option<u32>,
    ) -> Theme {
        let corpus = self.corpus;
        let bit = 1u64 << index;
        let in_group = |d: &Doc| group.is_none_or(|g| d.group == g);
        let (mut n_group, mut n_rest, mut a, mut b) = (0u64, 0u64, 0u64, 0u64);
        let mut bands = BandCounts::default();
        let mut everywhere = BandCounts::default();
        let mut kinds = KindCounts::default();
        let mut members: Vec<&Doc> = Vec::new();
        let mut per_quarter = vec![(0u64, 0u64); corpus.quarters.len()];
        let mut per_value = vec![(0u64, 0u64); corpus.view_values.len()];
        for (d, mask) in corpus.docs.iter().zip(masks).filter(|(d, _)| d.mined) {
            let hit = mask & bit != 0;
            if in_group(d) {
                if let Some(q) = d.quarter {
                    per_quarter[q as usize].1 += 1;
                    per_quarter[q as usize].0 += hit as u64;
                }
                if let Some(v) = d.view {
                    per_value[v as usize].1 += 1;
                    per_value[v as usize].0 += hit as u64;
                }
                n_group += 1;
                if hit {
                    a += 1;
                    bands.add(d.band);
                    match doc_kind(d) {
                        Kind::Complaint => kinds.complaint += 1,
                        Kind::Ask => kinds.ask += 1,
                        Kind::Praise => kinds.praise += 1,
                    }
                    members.push(d);
                }
            } else {
                n_rest += 1;
                b += hit as u64;
            }
            if hit {
                everywhere.add(d.band);
            }
        }
        let share = 100.0 * a as f64 / n_group.max(1) as f64;
        let lift = (group.is_some() && n_rest > 0 && b > 0)
            .then(|| (a as f64 / n_group as f64) / (b as f64 / n_rest as f64));
        let significance = if group.is_some() && n_rest > 0 {
            discover::g2(a as f64, n_group as f64, b as f64, n_rest as f64)
        } else {
            def.words
                .iter()
                .map(|&w| sal[w as usize])
                .fold(0.0, f64::max)
        };
        // Grouped by band, every group's metric would be its band's (-100 or 100): the score of a
        // theme is then that of all responses in scope that mention it.
        let metric = self
            .scale
            .and_then(|s| Metric::compute(s, if self.by_band { &everywhere } else { &bands }));
        let impact = metric
            .zip(self.scope_metric)
            .map(|(m, s)| m.value - s.value);
        let kind = if kinds.ask * 10 >= a * 3 {
            Kind::Ask
        } else if kinds.complaint >= kinds.praise {
            Kind::Complaint
        } else {
            Kind::Praise
        };
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
        let (view_mentions, view_total) = per_value
            .iter()
            .fold((0, 0), |(m, n), &(a, b)| (m + a, n + b));
        let by_segment = corpus
            .view_values
            .iter()
            .zip(&per_value)
            .map(|(value, &(m, n))| {
                let (rest_m, rest_n) = ((view_mentions - m) as f64, (view_total - n) as f64);
                let share = m as f64 / n.max(1) as f64;
                let rest_share = if rest_n > 0.0 { rest_m / rest_n } else { 0.0 };
                let over = share > rest_share
                    && discover::g2(m as f64, n as f64, rest_m, rest_n) >= discover::SIGNIFICANT;
                SegmentCount {
                    value: value.clone(),
                    mentions: m,
                    responses: n,
                    share: 100.0 * share,
                    lift: (rest_share > 0.0).then(|| share / rest_share),
                    over_represented: over,
                }
            })
            .collect();

        // Words: surface forms read from a few of the responses that use each term.
        let analyzer = &self.store.analyzer;
        let key_of = |t: u32| corpus.terms[t as usize].key.as_str();
        let mut texts: HashMap<tantivy::DocAddress, String> = HashMap::new();
        let mut form_of = |t: u32| {
            let using: Vec<&Doc> = members
                .iter()
                .copied()
                .filter(|d| d.terms.binary_search(&t).is_ok())
                .take(8)
                .collect();
            for d in &using {
                texts
                    .entry(d.address)
                    .or_insert_with(|| quotes::text_of(self.store, self.searcher, d.address));
            }
            let sample: Vec<&str> = using.iter().map(|d| texts[&d.address].as_str()).collect();
            quotes::surface_form(analyzer, &sample, key_of(t))
        };
        let (label, key) = match &def.name {
            Some(name) => (name.clone(), codebook::Codebook::key(self.store, name)),
            None => (form_of(def.label), key_of(def.label).to_string()),
        };
        let label = self.renamed(label, &key);
        let mut terms: Vec<String> = Vec::new();
        for &t in def.words.iter().chain(&def.phrases) {
            let form = form_of(t);
            if !terms.contains(&form) {
                terms.push(form);
            }
        }
        let quotes = self.quotes(def, &members, kind);
        Theme {
            label,
            key,
            terms,
            kind,
            mentions: a,
            share,
            lift,
            significance,
            metric,
            impact,
            bands,
            kinds,
            quarters,
            by_segment,
            quotes,
        }
    }

    fn quotes(&self, def: &ThemeDef, members: &[&Doc], kind: Kind) -> Vec<Quote> {
        if self.options.quotes == 0 {
            return Vec::new();
        }
        let corpus = self.corpus;
        let mut keys: Vec<&str> = def
            .words
            .iter()
            .chain(&def.phrases)
            .map(|&t| corpus.terms[t as usize].key.as_str())
            .collect();
        keys.extend(def.keys.iter().map(String::as_str));
        let label = match def.name {
            Some(_) => keys.first().copied().unwrap_or(""),
            None => corpus.terms[def.label as usize].key.as_str(),
        };
        let mut candidates: Vec<(f64, usize, String)> = Vec::new();
        let pool = spread(members, 30);
        for (i, d) in pool.iter().enumerate() {
            let text = quotes::text_of(self.store, self.searcher, d.address);
            let kind_bonus = if doc_kind(d) == kind { 1.2 } else { 1.0 };
            if let Some((score, sentence)) =
                quotes::quote_candidates(&self.store.analyzer, &text, &keys, label)
                    .into_iter()
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            {
                candidates.push((score * kind_bonus, i, sentence));
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<Quote> = Vec::new();
        for (_, i, sentence) in candidates {
            if out.len() >= self.options.quotes || out.iter().any(|q| q.text == sentence) {
                continue;
            }
            let hit = crate::search::hit_of(self.store, self.searcher, pool[i].address);
            let text = if self.options.redact {
                quotes::redact(&sentence)
            } else {
                sentence
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

/// Up to `n` items spread evenly over `items` (deterministic).
fn spread<'a>(items: &[&'a Doc], n: usize) -> Vec<&'a Doc> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n]).collect()
}

/// Band label as stored, for output.
pub fn band_name(store: &Store, band: Option<Band>) -> String {
    band_label(store, crate::ingest::band_value(band))
}

/// Every response in scope with the themes it carries, strongest first.
pub struct Tagging {
    pub themes: Vec<Theme>,
    /// For each response, theme indexes into `themes`, strongest first (possibly none).
    pub responses: Vec<(tantivy::DocAddress, Vec<usize>)>,
}

/// One global theme set over `scope` (`options.by` is ignored), then each response tagged with
/// the themes whose words it uses; a theme is stronger the rarer the words it matched.
pub fn tag(store: &Store, scope: &Scope, options: &ThemeOptions) -> Result<Tagging> {
    let query = scope_query(store, scope, options.query.as_deref())?;
    let min = options.min_mentions;
    let mut corpus = corpus::load(
        store,
        &*query,
        &GroupKey::None,
        None,
        options.sample,
        |mined| min.unwrap_or_else(|| default_min_mentions(mined)),
    )?;
    if let Some(book) = &options.codebook {
        corpus.ignore(&book.ignored_stems(store));
    }
    let mined = corpus.mined();
    let min_mentions = min.unwrap_or_else(|| default_min_mentions(mined));
    let scale = store.meta.scale;
    let scope_metric = scale
        .and_then(|s| Metric::compute(s, &band_counts(corpus.docs.iter().filter(|d| d.mined))));
    let searcher = store.searcher()?;
    let describe = Describe {
        store,
        searcher: &searcher,
        corpus: &corpus,
        scale,
        scope_metric,
        options,
        scope: &*query,
        by_band: false,
    };
    let bg = background::background(&store.analyzer);
    let (defs, sal) = discover::discover(
        &corpus,
        &Contrast::Background(bg),
        min_mentions,
        (options.top * 2).min(MAX_THEMES),
    );
    let defs = describe.apply_codebook(defs)?;
    let mut kept = Vec::new();
    let mut themes = Vec::new();
    let masks = describe.membership(&defs)?;
    for (i, def) in defs.iter().enumerate() {
        let theme = describe.theme(def, &masks, i, &sal, None);
        if theme.mentions >= min_mentions as u64
            && (options.kinds.is_empty() || options.kinds.contains(&theme.kind))
        {
            kept.push((i, def));
            themes.push(theme);
        }
        if themes.len() == options.top {
            break;
        }
    }
    // A theme is stronger the rarer the words a response matched; for responses outside the
    // discovery sample (whose words were not read), the rarer the theme.
    let sampled = corpus
        .docs
        .iter()
        .filter(|d| !d.terms.is_empty())
        .count()
        .max(1) as f64;
    let weight = |t: &u32| (sampled / corpus.terms[*t as usize].df as f64).ln();
    let theme_weight: Vec<f64> = themes
        .iter()
        .map(|t| (mined.max(1) as f64 / t.mentions.max(1) as f64).ln())
        .collect();
    let responses = corpus
        .docs
        .iter()
        .zip(&masks)
        .map(|(d, mask)| {
            let mut carried: Vec<(f64, usize)> = kept
                .iter()
                .enumerate()
                .filter(|(_, (bit, _))| mask & (1 << bit) != 0)
                .map(|(k, (_, def))| {
                    let matched: f64 = def
                        .words
                        .iter()
                        .chain(&def.phrases)
                        .filter(|t| d.terms.binary_search(t).is_ok())
                        .map(weight)
                        .sum();
                    (
                        if matched > 0.0 {
                            matched
                        } else {
                            theme_weight[k]
                        },
                        k,
                    )
                })
                .collect();
            carried.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            (d.address, carried.into_iter().map(|(_, k)| k).collect())
        })
        .collect();
    Ok(Tagging { themes, responses })
}

/// Themes discovered once over all quarters in scope, compared between the last two quarters:
/// the rising ones, largest change first, each with a two-proportion z test.
fn emerging(
    describe: &Describe,
    corpus: &Corpus,
    bg: &background::Background,
    min_mentions: u32,
    top: usize,
) -> Vec<Emerging> {
    if corpus.quarters.len() < 2 {
        return Vec::new();
    }
    let (defs, sal) = discover::discover(
        corpus,
        &Contrast::Background(bg),
        min_mentions,
        (top * 3).min(MAX_THEMES),
    );
    let Ok(defs) = describe.apply_codebook(defs) else {
        return Vec::new();
    };
    let Ok(masks) = describe.membership(&defs) else {
        return Vec::new();
    };
    let mut out: Vec<Emerging> = defs
        .iter()
        .enumerate()
        .filter_map(|(i, def)| {
            let theme = describe.theme(def, &masks, i, &sal, None);
            let [.., before, last] = theme.quarters.as_slice() else {
                return None;
            };
            if before.responses == 0 || last.responses == 0 {
                return None;
            }
            let z = discover::two_proportion_z(
                before.mentions,
                before.responses,
                last.mentions,
                last.responses,
            );
            (last.share > before.share).then(|| Emerging {
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
                    || codebook::Codebook::key(self.store, from) == key
            })
            .map_or(label, |(_, to)| to.clone())
    }

    /// Applies a codebook to discovered themes: merges, then the named themes first, with the
    /// discovered themes that overlap them folded in (dropped).
    fn apply_codebook(&self, mut defs: Vec<ThemeDef>) -> Result<Vec<ThemeDef>> {
        let Some(book) = &self.options.codebook else {
            return Ok(defs);
        };
        let corpus = self.corpus;
        let key_of = |text: &String| codebook::Codebook::key(self.store, text);
        for merge in &book.merges {
            let keys: std::collections::HashSet<String> = merge.themes.iter().map(key_of).collect();
            let matching: Vec<usize> = (0..defs.len())
                .filter(|&i| keys.contains(&corpus.terms[defs[i].label as usize].key))
                .collect();
            let Some((&first, rest)) = matching.split_first() else {
                continue;
            };
            for &i in rest.iter().rev() {
                let other = defs.remove(i);
                let target = &mut defs[first];
                for w in other.words {
                    if !target.words.contains(&w) {
                        target.words.push(w);
                    }
                }
                for p in other.phrases {
                    if !target.phrases.contains(&p) {
                        target.phrases.push(p);
                    }
                }
                target.score += other.score;
            }
            defs[first].name = Some(merge.into.clone());
        }
        let members = book.members(self.store, self.scope)?;
        let index: HashMap<&str, u32> = corpus
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key.as_str(), i as u32))
            .collect();
        let mut named_stems = std::collections::HashSet::new();
        let mut named = Vec::new();
        for (theme, docs) in book.themes.iter().zip(members) {
            let keys: Vec<String> = theme
                .terms
                .iter()
                .map(key_of)
                .filter(|k| !k.is_empty())
                .collect();
            named_stems.extend(keys.iter().flat_map(|k| k.split(' ').map(str::to_string)));
            let words: Vec<u32> = keys
                .iter()
                .filter_map(|k| index.get(k.as_str()).copied())
                .collect();
            named.push(ThemeDef {
                label: words.first().copied().unwrap_or(0),
                words,
                phrases: Vec::new(),
                score: f64::MAX,
                name: Some(theme.name.clone()),
                members: Some(std::sync::Arc::new(docs)),
                keys,
            });
        }
        defs.retain(|d| {
            let label = &corpus.terms[d.label as usize].key;
            let main = &corpus.terms[d.words[0] as usize].key;
            d.name.is_some()
                || !(label.split(' ').all(|w| named_stems.contains(w))
                    || named_stems.contains(main))
        });
        named.extend(defs);
        Ok(named)
    }

    /// For each response, a bit per theme of `defs` (at most 64) that it mentions: the responses
    /// whose comment holds any of the theme's words, read from the search index's postings, so
    /// every response in scope is counted, sampled for discovery or not.
    fn membership(&self, defs: &[ThemeDef]) -> Result<Vec<u64>> {
        use tantivy::schema::IndexRecordOption;
        use tantivy::{DocSet, TERMINATED};
        let segments = self.searcher.segment_readers();
        let mut masks: Vec<Vec<u64>> = segments
            .iter()
            .map(|r| vec![0u64; r.max_doc() as usize])
            .collect();
        // The scope's documents per segment, in doc id order: every response of the corpus.
        let mut in_scope: Vec<Vec<u32>> = vec![Vec::new(); segments.len()];
        for d in &self.corpus.docs {
            in_scope[d.address.segment_ord as usize].push(d.address.doc_id);
        }
        for docs in &mut in_scope {
            docs.sort_unstable();
        }
        let inverted = segments
            .iter()
            .map(|r| r.inverted_index(self.store.fields.comment))
            .collect::<tantivy::Result<Vec<_>>>()?;
        for (i, def) in defs.iter().take(MAX_THEMES).enumerate() {
            if let Some(members) = &def.members {
                for a in members.iter() {
                    masks[a.segment_ord as usize][a.doc_id as usize] |= 1 << i;
                }
                continue;
            }
            for (segment, inverted) in inverted.iter().enumerate() {
                let scope = &in_scope[segment];
                if scope.is_empty() {
                    continue;
                }
                let mask = &mut masks[segment];
                for &w in &def.words {
                    let term = tantivy::Term::from_field_text(
                        self.store.fields.comment,
                        &self.corpus.terms[w as usize].key,
                    );
                    let Some(mut postings) = inverted
                        .read_postings(&term, IndexRecordOption::Basic)
                        .map_err(|e| Error::io(self.store.dir.join("tantivy"), e))?
                    else {
                        continue;
                    };
                    // Walk whichever is shorter: a small scope seeks through a long posting
                    // list; otherwise every posting is marked (only the scope's masks are read).
                    if scope.len() < postings.doc_freq() as usize {
                        for &doc in scope {
                            let at = if postings.doc() < doc {
                                postings.seek(doc)
                            } else {
                                postings.doc()
                            };
                            if at == TERMINATED {
                                break;
                            }
                            if at == doc {
                                mask[doc as usize] |= 1 << i;
                            }
                        }
                    } else {
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            mask[doc as usize] |= 1 << i;
                            doc = postings.advance();
                        }
                    }
                }
            }
        }
        Ok(self
            .corpus
            .docs
            .iter()
            .map(|d| masks[d.address.segment_ord as usize][d.address.doc_id as usize])
            .collect())
    }
}
