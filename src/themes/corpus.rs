//! The responses a theme run reads: each one's candidate terms (from the stored analysed words),
//! band, quarter, group and kind cues, loaded once per run from the slice of the index in scope.
//!
//! Candidate terms are those of [`super::candidates::candidates`].

use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};
use xxhash_rust::xxh3::xxh3_64;

use super::candidates::candidates;
use crate::analysis::sentiment::Sentiment;
use crate::error::Result;
use crate::index::{terms, Store};
use crate::score::Band;

/// One response in scope.
#[derive(Debug, Clone)]
pub struct Doc {
    pub address: DocAddress,
    pub band: Option<Band>,
    /// Index into [`Corpus::quarters`] (u16: a response record stays small).
    pub quarter: Option<u16>,
    /// Index into [`Corpus::groups`].
    pub group: u32,
    /// Index into [`Corpus::view_values`].
    pub view: Option<u32>,
    /// The response asks for something ("I wish", "please add").
    pub ask: bool,
    /// Its overall sentiment, from its clauses at ingest.
    pub sentiment: Sentiment,
    /// A clause of it complains, praises or asks (it has clause spans).
    pub has_kinds: bool,
    /// The response has a real comment (not blank, not "n/a"): it counts in theme shares.
    pub mined: bool,
    /// The candidate terms of a response whose words were read (discovery's sample; None for the
    /// others, so a response record stays small).
    pub read: Option<Box<ReadTerms>>,
    /// Words in the response (all classes), for expected frequencies.
    pub words: u32,
}

/// A candidate term.
#[derive(Debug, Clone)]
pub struct Term {
    /// Stems joined by spaces: "cancel flight".
    pub key: String,
    /// Number of words (1-3).
    pub len: u8,
    /// Responses containing it.
    pub df: u32,
    /// Sentences containing it (of the responses whose words were read).
    pub unit_df: u32,
    /// Ids of its content words (for phrases), when they are candidates themselves.
    pub parts: Vec<u32>,
    /// Never a theme word (a codebook's `ignore`).
    pub ignored: bool,
}

#[derive(Debug, Default)]
pub struct Corpus {
    pub docs: Vec<Doc>,
    pub terms: Vec<Term>,
    pub groups: Vec<String>,
    pub quarters: Vec<String>,
    /// Values of the segment-view column (`--segments`), if any.
    pub view_values: Vec<String>,
    /// Responses in scope without any candidate term (blank or non-answers): counted, not mined.
    pub empty: u64,
    /// Responses with a real comment whose words were read (all of them unless sampled).
    pub read: usize,
    /// Sentences with candidate terms in the responses read.
    pub units: usize,
}

/// Ends a sentence in [`Doc::units`].
pub const UNIT_END: u32 = u32::MAX;
/// The sentence mark of the stored words, with its spaces.
const SENTENCE_MARK: &str = " / ";

/// The candidate terms of a response whose words were read.
#[derive(Debug, Clone, Default)]
pub struct ReadTerms {
    /// Candidate term ids present, sorted, unique.
    pub terms: Box<[u32]>,
    /// The same per sentence, each sentence's ids sorted and ended by [`UNIT_END`]; empty when
    /// the response is one sentence (its unit is `terms`).
    pub units: Box<[u32]>,
}

impl Doc {
    /// Candidate term ids present, sorted, unique (none where the words were not read).
    pub fn terms(&self) -> &[u32] {
        self.read.as_ref().map_or(&[], |r| &r.terms)
    }

    fn units(&self) -> &[u32] {
        self.read.as_ref().map_or(&[], |r| &r.units)
    }

    /// The candidate terms of each sentence: where words co-occur meaningfully in long comments.
    pub fn sentences(&self) -> impl Iterator<Item = &[u32]> {
        let whole = self.units().is_empty().then_some(self.terms());
        whole.into_iter().chain(
            self.units()
                .split(|&t| t == UNIT_END)
                .filter(|u| !u.is_empty()),
        )
    }
}

/// Whose value groups the responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKey {
    None,
    Band,
    Quarter,
    /// Segment key in the index.
    Segment(String),
    /// A group per response, computed elsewhere (usage quadrants, churned or retained);
    /// responses without one are left out.
    Custom(std::sync::Arc<std::collections::HashMap<DocAddress, String>>),
}

pub(crate) struct Matching;
impl Collector for Matching {
    type Fruit = Vec<(SegmentOrdinal, Vec<DocId>)>;
    type Child = SegmentDocs;
    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        Ok(SegmentDocs(ord, Vec::new()))
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<DocId>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut f = fruits;
        f.sort_by_key(|(o, _)| *o);
        Ok(f)
    }
}
pub(crate) struct SegmentDocs(SegmentOrdinal, Vec<DocId>);
impl SegmentCollector for SegmentDocs {
    type Fruit = (SegmentOrdinal, Vec<DocId>);
    fn collect(&mut self, doc: DocId, _: Score) {
        self.1.push(doc);
    }
    fn harvest(self) -> Self::Fruit {
        (self.0, self.1)
    }
}

/// Most responses whose words are read to discover themes. Larger scopes are sampled evenly (by
/// id hash, so the sample does not depend on how the index is laid out); counts still cover every
/// response, through the search index.
pub const SAMPLE_DOCS: usize = 100_000;

/// One response in scope while loading: values interned, words read later for the sample only,
/// so ten million responses take tens of bytes each.
#[derive(Clone, Copy)]
struct Raw {
    id_hash: u64,
    address: DocAddress,
    band: Option<Band>,
    quarter: Option<u32>,
    group: Option<u32>,
    view: Option<u32>,
    cues: u8,
    mined: bool,
}

/// The responses of one piece of a segment, loaded together; group, quarter and view numbers
/// are the piece's own until joined.
#[derive(Default)]
struct Piece {
    raws: Vec<Raw>,
    groups: Names,
    quarters: Names,
    views: Names,
}

/// Most responses in one piece of the load.
const PIECE: usize = 1 << 16;
/// Sampled responses read from the document store in one run.
const READ_RUN: usize = 2048;

/// The matching documents cut into pieces of at most [`PIECE`] documents of one segment.
pub(crate) fn pieces(matching: &[(SegmentOrdinal, Vec<DocId>)]) -> Vec<(SegmentOrdinal, &[DocId])> {
    matching
        .iter()
        .flat_map(|(ord, docs)| docs.chunks(PIECE).map(move |c| (*ord, c)))
        .collect()
}

/// Distinct strings numbered in first-seen order ([`Corpus::canonicalize`] sorts them later).
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        self.ids
            .insert(name.to_string(), self.names.len() as u32 - 1);
        self.names.len() as u32 - 1
    }
}

/// String values of one fast column, decoded once per distinct value.
pub(crate) struct StrValues {
    column: Option<tantivy::columnar::StrColumn>,
    decoded: HashMap<u64, String>,
    ids: HashMap<u64, u32>,
}

impl StrValues {
    pub(crate) fn new(reader: &SegmentReader, path: &str) -> Result<StrValues> {
        Ok(StrValues {
            column: reader.fast_fields().str(path)?,
            decoded: HashMap::new(),
            ids: HashMap::new(),
        })
    }

    /// The document's value as a number in `names`.
    fn id(&mut self, doc: DocId, names: &mut Names) -> Option<u32> {
        let column = self.column.as_ref()?;
        let ord = column.ords().first(doc)?;
        if let Some(id) = self.ids.get(&ord) {
            return Some(*id);
        }
        let mut s = String::new();
        let _ = column.ord_to_str(ord, &mut s);
        let id = names.id(&s);
        self.ids.insert(ord, id);
        Some(id)
    }

    pub(crate) fn get(&mut self, doc: DocId) -> Option<&str> {
        let column = self.column.as_ref()?;
        let ord = column.ords().first(doc)?;
        Some(self.decoded.entry(ord).or_insert_with(|| {
            let mut s = String::new();
            let _ = column.ord_to_str(ord, &mut s);
            s
        }))
    }
}

/// Loads the responses matching `query`: everything but their words from fast fields, and the
/// words of (a sample of) those with a real comment from the document store. Terms occurring in
/// fewer than `min_df` sampled responses are dropped.
pub fn load(
    store: &Store,
    query: &dyn Query,
    group_by: &GroupKey,
    view: Option<&str>,
    sample: usize,
    question: Option<u32>,
    min_df: impl Fn(usize) -> u32,
) -> Result<Corpus> {
    use crate::index::schema::{
        answered_bit, segment_path, ANSWERED, BAND, CUES, HAS_COMMENT, ID_HASH, QUARTER,
    };
    let searcher = store.searcher()?;
    let matching = searcher.search(query, &Matching)?;
    // Pieces of one segment each are loaded on the pool, each with its own interned names,
    // then joined in piece order: the same pieces whatever the number of threads.
    let loaded = pieces(&matching)
        .into_par_iter()
        .map(|(segment_ord, docs)| -> Result<Piece> {
            let reader = searcher.segment_reader(segment_ord);
            let ff = reader.fast_fields();
            let mut piece = Piece::default();
            let (groups, quarters, views) =
                (&mut piece.groups, &mut piece.quarters, &mut piece.views);
            let mut band = StrValues::new(reader, BAND)?;
            let mut quarter = StrValues::new(reader, QUARTER)?;
            let mut group = match group_by {
                GroupKey::Segment(key) => Some(StrValues::new(reader, &segment_path(key))?),
                _ => None,
            };
            let mut view = match view {
                Some(key) => Some(StrValues::new(reader, &segment_path(key))?),
                None => None,
            };
            let u64_column = |name| ff.column_opt::<u64>(name);
            let (cues, has_comment, id_hash, answered) = (
                u64_column(CUES)?,
                u64_column(HAS_COMMENT)?,
                u64_column(ID_HASH)?,
                u64_column(ANSWERED)?,
            );
            let first = |c: &Option<tantivy::columnar::Column<u64>>, doc| {
                c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0)
            };
            // Under one of several questions, a response counts where it answered that question.
            let mined = |doc| match question {
                Some(q) => first(&answered, doc) & answered_bit(q) != 0,
                None => first(&has_comment, doc) == 1,
            };
            for &doc in docs {
                let band = match band.get(doc) {
                    Some("low") => Some(Band::Low),
                    Some("middle") => Some(Band::Middle),
                    Some("high") => Some(Band::High),
                    _ => None,
                };
                // Responses outside a custom grouping are left out before anything of theirs
                // counts.
                let custom = match group_by {
                    GroupKey::Custom(map) => match map.get(&DocAddress::new(segment_ord, doc)) {
                        Some(g) => Some(g),
                        None => continue,
                    },
                    _ => None,
                };
                let quarter = quarter.id(doc, quarters);
                let group = match group_by {
                    GroupKey::None => None,
                    GroupKey::Band => Some(groups.id(crate::index::schema::band_value(band))),
                    GroupKey::Quarter => quarter.map(|q| groups.id(&quarters.names[q as usize])),
                    GroupKey::Segment(_) => group.as_mut().and_then(|g| g.id(doc, groups)),
                    GroupKey::Custom(_) => custom.map(|g| groups.id(g)),
                };
                piece.raws.push(Raw {
                    id_hash: first(&id_hash, doc),
                    address: DocAddress::new(segment_ord, doc),
                    band,
                    quarter,
                    group,
                    view: view.as_mut().and_then(|v| v.id(doc, views)),
                    cues: first(&cues, doc) as u8,
                    mined: mined(doc),
                });
            }
            Ok(piece)
        })
        .collect::<Result<Vec<Piece>>>()?;
    let (mut groups, mut quarters, mut views) =
        (Names::default(), Names::default(), Names::default());
    let mut raws = Vec::with_capacity(loaded.iter().map(|p| p.raws.len()).sum());
    for piece in loaded {
        let global = |local: Names, names: &mut Names| -> Vec<u32> {
            local.names.iter().map(|n| names.id(n)).collect()
        };
        let (g, q, v) = (
            global(piece.groups, &mut groups),
            global(piece.quarters, &mut quarters),
            global(piece.views, &mut views),
        );
        raws.extend(piece.raws.into_iter().map(|r| Raw {
            group: r.group.map(|i| g[i as usize]),
            quarter: r.quarter.map(|i| q[i as usize]),
            view: r.view.map(|i| v[i as usize]),
            ..r
        }));
    }
    // Index order depends on how ingest threads split the work; response order must not.
    raws.par_sort_unstable_by_key(|r| (r.id_hash, r.address));
    let mined = raws.iter().filter(|r| r.mined).count();
    let every = mined.div_ceil(sample.max(1)).max(1) as u64;
    let mut wanted: Vec<usize> = (0..raws.len())
        .filter(|&i| sample > 0 && raws[i].mined && raws[i].id_hash % every == 0)
        .collect();
    wanted.sort_by_key(|&i| raws[i].address);
    let read = wanted.len();
    // The sample's stored words, read in address order on the pool: each run of responses
    // opens its own store reader per segment (store blocks are decompressed once per run).
    let words: HashMap<usize, String> = wanted
        .par_chunks(READ_RUN)
        .map(|run| -> Result<Vec<(usize, String)>> {
            let mut out = Vec::with_capacity(run.len());
            let mut current: Option<(u32, tantivy::store::StoreReader)> = None;
            for &i in run {
                let address = raws[i].address;
                if current
                    .as_ref()
                    .is_none_or(|(ord, _)| *ord != address.segment_ord)
                {
                    let reader = searcher
                        .segment_reader(address.segment_ord)
                        .get_store_reader(64)
                        .map_err(|e| crate::error::Error::io(store.dir.join("tantivy"), e))?;
                    current = Some((address.segment_ord, reader));
                }
                let (_, reader) = current.as_ref().expect("reader opened above");
                let doc: TantivyDocument = reader.get(address.doc_id)?;
                if let Some(text) = doc.get_first(store.fields.terms).and_then(|v| v.as_str()) {
                    let text = terms::question_part(text, question.unwrap_or(0));
                    if !text.is_empty() {
                        out.push((i, text.to_string()));
                    }
                }
            }
            Ok(out)
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let names = Interned {
        groups: groups.names,
        quarters: quarters.names,
        views: views.names,
    };
    let mut corpus = build(raws, words, names, group_by, min_df)?;
    corpus.read = read;
    Ok(corpus)
}

/// Responses whose candidates are extracted together.
const EXTRACT_RUN: usize = 4096;

/// One response's kept candidates, per sentence (hashes, in the order met), with the key and
/// length of those not numbered yet.
#[derive(Default)]
struct Extracted {
    sentences: Vec<Vec<u64>>,
    new: HashMap<u64, (String, u8)>,
    has_text: bool,
    words: u32,
}

fn extract(
    text: &str,
    df: &HashMap<u64, u32>,
    ids: &HashMap<u64, u32>,
    buf: &mut String,
) -> Extracted {
    let mut x = Extracted {
        has_text: !text.is_empty(),
        ..Extracted::default()
    };
    if text.is_empty() {
        return x;
    }
    for sentence in text.split(SENTENCE_MARK) {
        let mut kept = Vec::new();
        candidates(sentence, buf, &mut |key, len| {
            let h = xxh3_64(key.as_bytes());
            if df.contains_key(&h) {
                if !ids.contains_key(&h) {
                    x.new.entry(h).or_insert_with(|| (key.to_string(), len));
                }
                kept.push(h);
            }
        });
        x.sentences.push(kept);
    }
    x.words = text
        .split(' ')
        .filter(|t| !t.is_empty() && *t != terms::BOUNDARY && *t != terms::SENTENCE)
        .count() as u32;
    x
}

/// Adds the counts of `from` to `into`.
fn merge_counts(
    mut into: HashMap<u64, u32>,
    from: HashMap<u64, u32>,
    sampled: usize,
) -> (HashMap<u64, u32>, usize) {
    for (h, n) in from {
        *into.entry(h).or_default() += n;
    }
    (into, sampled)
}

/// The strings behind the numbers in [`Raw`].
struct Interned {
    groups: Vec<String>,
    quarters: Vec<String>,
    views: Vec<String>,
}

fn build(
    raws: Vec<Raw>,
    words: HashMap<usize, String>,
    names: Interned,
    group_by: &GroupKey,
    min_df: impl Fn(usize) -> u32,
) -> Result<Corpus> {
    // Pass 1: document frequency of every candidate, by hash (no strings kept), counted on the
    // pool (sums of counts: the same whatever the split).
    let mut sampled_order: Vec<&usize> = words.keys().collect();
    sampled_order.sort_unstable();
    let (mut df, sampled) = sampled_order
        .par_iter()
        .fold(
            || {
                (
                    HashMap::<u64, u32>::new(),
                    0usize,
                    String::new(),
                    Vec::new(),
                )
            },
            |(mut df, mut sampled, mut buf, mut seen), i| {
                seen.clear();
                candidates(&words[*i], &mut buf, &mut |key, _| {
                    seen.push(xxh3_64(key.as_bytes()))
                });
                seen.sort_unstable();
                seen.dedup();
                sampled += !seen.is_empty() as usize;
                for h in &seen {
                    *df.entry(*h).or_default() += 1;
                }
                (df, sampled, buf, seen)
            },
        )
        .map(|(df, sampled, _, _)| (df, sampled))
        .reduce(
            || (HashMap::new(), 0),
            |(a, n), (b, m)| {
                if a.len() < b.len() {
                    return merge_counts(b, a, n + m);
                }
                merge_counts(a, b, n + m)
            },
        );
    let threshold = min_df(sampled).max(2);
    df.retain(|_, n| *n >= threshold);

    // Pass 2: ids for kept candidates, assigned in first-seen order of a sorted key list later.
    let mut corpus = Corpus {
        quarters: names.quarters,
        view_values: names.views,
        ..Corpus::default()
    };
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut groups = names.groups;
    // Responses without a value form the group "(none)", when there are any.
    let none_group = match group_by {
        GroupKey::None => None,
        _ if raws.iter().all(|r| r.group.is_some()) => None,
        _ => Some(
            groups
                .iter()
                .position(|g| g == "(none)")
                .unwrap_or_else(|| {
                    groups.push("(none)".to_string());
                    groups.len() - 1
                }) as u32,
        ),
    };
    corpus.docs.reserve_exact(raws.len());
    let doc_of = |raw: &Raw, terms: Vec<u32>, units: Vec<u32>, words: u32| {
        let cues = raw.cues as u64;
        Doc {
            address: raw.address,
            band: raw.band,
            quarter: raw.quarter.map(|q| q as u16),
            group: raw.group.or(none_group).unwrap_or(0),
            view: raw.view,
            ask: cues & crate::index::schema::CUE_ASK != 0,
            sentiment: Sentiment::from_code(cues >> crate::index::schema::CUE_SENTIMENT_SHIFT),
            has_kinds: cues & crate::index::schema::CUE_KINDS != 0,
            mined: raw.mined,
            read: (!terms.is_empty() || !units.is_empty()).then(|| {
                Box::new(ReadTerms {
                    terms: terms.into_boxed_slice(),
                    units: units.into_boxed_slice(),
                })
            }),
            words,
        }
    };
    if words.is_empty() {
        // No words read (counting a known theme set): every response is its fast fields, made
        // on the pool.
        corpus.empty = raws.len() as u64;
        raws.par_iter()
            .map(|raw| doc_of(raw, Vec::new(), Vec::new(), 0))
            .collect_into_vec(&mut corpus.docs);
    }
    // Candidates are extracted on the pool a run of responses at a time; ids are then given
    // here, in response order, exactly as one thread would.
    let runs = if words.is_empty() {
        &raws[..0]
    } else {
        &raws[..]
    };
    for (run, chunk) in runs.chunks(EXTRACT_RUN).enumerate() {
        let first = run * EXTRACT_RUN;
        let extracted: Vec<Extracted> = (first..first + chunk.len())
            .into_par_iter()
            .map_init(String::new, |buf, i| {
                extract(words.get(&i).map_or("", String::as_str), &df, &ids, buf)
            })
            .collect();
        for (raw, x) in chunk.iter().zip(extracted) {
            let mut units: Vec<u32> = Vec::new();
            for sentence in &x.sentences {
                let start = units.len();
                for &h in sentence {
                    let id = *ids.entry(h).or_insert_with(|| {
                        let (key, len) = &x.new[&h];
                        corpus.terms.push(Term {
                            key: key.clone(),
                            len: *len,
                            df: df[&h],
                            unit_df: 0,
                            parts: Vec::new(),
                            ignored: false,
                        });
                        corpus.terms.len() as u32 - 1
                    });
                    units.push(id);
                }
                units[start..].sort_unstable();
                let mut unit: Vec<u32> = units.drain(start..).collect();
                unit.dedup();
                if !unit.is_empty() {
                    corpus.units += 1;
                    for &t in &unit {
                        corpus.terms[t as usize].unit_df += 1;
                    }
                    units.extend(unit);
                    units.push(UNIT_END);
                }
            }
            let mut doc_terms: Vec<u32> =
                units.iter().copied().filter(|&t| t != UNIT_END).collect();
            doc_terms.sort_unstable();
            doc_terms.dedup();
            doc_terms.shrink_to_fit();
            // A one-sentence response is its own unit: no need to keep it twice.
            if units.iter().filter(|&&t| t == UNIT_END).count() <= 1 {
                units = Vec::new();
            }
            units.shrink_to_fit();
            if doc_terms.is_empty() && !x.has_text {
                corpus.empty += 1;
            }
            corpus.docs.push(doc_of(raw, doc_terms, units, x.words));
        }
    }
    corpus.groups = groups;
    if corpus.groups.is_empty() {
        corpus.groups.push("all".to_string());
    }
    corpus.canonicalize();
    Ok(corpus)
}

impl Corpus {
    /// Renumbers terms, groups and quarters in sorted order, so that every later step (and its
    /// tie-breaking) is independent of the order documents were read in.
    fn canonicalize(&mut self) {
        let remap = |names: &mut Vec<String>| -> Vec<u32> {
            let mut order: Vec<u32> = (0..names.len() as u32).collect();
            order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            let mut new_of_old = vec![0u32; names.len()];
            for (new, &old) in order.iter().enumerate() {
                new_of_old[old as usize] = new as u32;
            }
            let sorted: Vec<String> = order.iter().map(|&o| names[o as usize].clone()).collect();
            *names = sorted;
            new_of_old
        };
        let groups = remap(&mut self.groups);
        let quarters = remap(&mut self.quarters);
        let views = remap(&mut self.view_values);
        let mut keys: Vec<String> = self.terms.iter().map(|t| t.key.clone()).collect();
        let term_map = remap(&mut keys);
        let mut terms = vec![None; self.terms.len()];
        for (old, t) in self.terms.drain(..).enumerate() {
            terms[term_map[old] as usize] = Some(t);
        }
        self.terms = terms
            .into_iter()
            .map(|t| t.expect("every slot filled"))
            .collect();
        for d in &mut self.docs {
            if !self.groups.is_empty() && !groups.is_empty() {
                d.group = groups[d.group as usize];
            }
            d.quarter = d.quarter.map(|q| quarters[q as usize] as u16);
            d.view = d.view.map(|v| views[v as usize]);
            if let Some(read) = &mut d.read {
                for t in read.terms.iter_mut() {
                    *t = term_map[*t as usize];
                }
                read.terms.sort_unstable();
                for t in read.units.iter_mut().filter(|t| **t != UNIT_END) {
                    *t = term_map[*t as usize];
                }
            }
        }
        let index: HashMap<&str, u32> = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.key.as_str(), i as u32))
            .collect();
        let parts: Vec<Vec<u32>> = self
            .terms
            .iter()
            .map(|t| {
                if t.len == 1 {
                    Vec::new()
                } else {
                    t.key
                        .split(' ')
                        .filter_map(|w| index.get(w).copied())
                        .collect()
                }
            })
            .collect();
        for (t, p) in self.terms.iter_mut().zip(parts) {
            t.parts = p;
        }
    }

    /// Marks every term holding one of `stems` as ignored.
    pub fn ignore(&mut self, stems: &std::collections::HashSet<String>) {
        for term in &mut self.terms {
            term.ignored = term.key.split(' ').any(|w| stems.contains(w));
        }
    }

    /// Documents with at least one candidate term.
    pub fn mined(&self) -> usize {
        self.docs.iter().filter(|d| d.mined).count()
    }
}
