//! The responses a theme run reads: each one's candidate terms (from the stored analysed words),
//! band, quarter, group and kind cues, loaded once per run from the slice of the index in scope.
//!
//! Candidate terms are those of [`super::candidates::candidates`].

use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, SegmentOrdinal, TantivyDocument};
use xxhash_rust::xxh3::xxh3_64;

use super::candidates::candidates;
use crate::analysis::sentiment::Sentiment;
use crate::error::Result;
use crate::index::readers::{pieces, Matching, Names, StrValues};
use crate::index::{terms, Store};
use crate::score::Band;

/// One response in scope. Ten million of them are held at once, so the record is kept at 32
/// bytes: absent values are sentinels, the yes/no facts one byte of bits, and the words of the
/// few responses read behind one optional box.
#[derive(Debug, Clone)]
pub struct Doc {
    pub address: DocAddress,
    read: Option<Box<ReadTerms>>,
    /// Index into [`Corpus::groups`].
    pub group: u32,
    /// Index into [`Corpus::view_values`], or [`NO_VALUE`].
    view: u32,
    /// Index into [`Corpus::quarters`], or [`NO_QUARTER`].
    quarter: u16,
    pub band: Option<Band>,
    /// Its overall sentiment, from its clauses at ingest.
    pub sentiment: Sentiment,
    /// [`ASKS`], [`HAS_KINDS`] and [`MINED`].
    facts: u8,
}

const _: () = assert!(std::mem::size_of::<Doc>() == 32);

/// No value (view, group) in a [`Doc`].
const NO_VALUE: u32 = u32::MAX;
const NO_QUARTER: u16 = u16::MAX;
const ASKS: u8 = 1;
const HAS_KINDS: u8 = 2;
const MINED: u8 = 4;
/// Outside a custom grouping: not kept (while loading only).
const LEFT_OUT: u8 = 8;
/// Answered "don't know" on the FFT: no band, counted on its own.
const DONT_KNOW: u8 = 16;

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
    /// How many documents [`Corpus::sampled`] holds, counted once when first asked (after
    /// loading: the documents do not change then).
    pub(super) sampled_count: std::sync::OnceLock<usize>,
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
    /// Words in the response (all classes), for expected frequencies.
    pub words: u32,
}

impl Doc {
    /// Index into [`Corpus::quarters`].
    pub fn quarter(&self) -> Option<u16> {
        (self.quarter != NO_QUARTER).then_some(self.quarter)
    }

    /// Index into [`Corpus::view_values`] (the value of the segment-view column, `--segments`).
    pub fn view(&self) -> Option<u32> {
        (self.view != NO_VALUE).then_some(self.view)
    }

    /// The response asks for something ("I wish", "please add").
    pub fn ask(&self) -> bool {
        self.facts & ASKS != 0
    }

    /// A clause of it complains, praises or asks (it has clause spans).
    pub fn has_kinds(&self) -> bool {
        self.facts & HAS_KINDS != 0
    }

    /// Counts the response's band (or its "don't know") in `bands`.
    pub fn count_in(&self, bands: &mut crate::score::BandCounts) {
        if self.facts & DONT_KNOW != 0 {
            bands.add_dont_know();
        } else {
            bands.add(self.band);
        }
    }

    /// The response has a real comment (not blank, not "n/a"): it counts in theme shares.
    pub fn mined(&self) -> bool {
        self.facts & MINED != 0
    }

    /// Words in the response (all classes), where its words were read (0 for the others).
    pub fn words(&self) -> u32 {
        self.read.as_ref().map_or(0, |r| r.words)
    }

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

#[cfg(test)]
impl Doc {
    /// A response whose words were read, for tests: its band and its sentences' term ids.
    pub fn read_for_test(doc: u32, band: Option<Band>, sentences: &[&[u32]]) -> Doc {
        let mut terms: Vec<u32> = sentences.iter().flat_map(|s| s.iter().copied()).collect();
        terms.sort_unstable();
        terms.dedup();
        let mut units = Vec::new();
        if sentences.len() > 1 {
            for s in sentences {
                let mut s = s.to_vec();
                s.sort_unstable();
                units.extend(s);
                units.push(UNIT_END);
            }
        }
        Doc {
            address: DocAddress::new(0, doc),
            read: Some(Box::new(ReadTerms {
                terms: terms.into(),
                units: units.into(),
                words: 10,
            })),
            group: NO_VALUE,
            view: NO_VALUE,
            quarter: NO_QUARTER,
            band,
            sentiment: Sentiment::Neutral,
            facts: MINED,
        }
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

/// Most responses whose words are read to discover themes. Larger scopes are sampled evenly (by
/// id hash, so the sample does not depend on how the index is laid out); counts still cover every
/// response, through the search index.
pub const SAMPLE_DOCS: usize = 100_000;

/// The names met in one piece of a segment, loaded together: its responses' group, quarter and
/// view numbers are the piece's own until renumbered.
#[derive(Default)]
struct Piece {
    groups: Names,
    quarters: Names,
    views: Names,
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
    let searcher = store.searcher()?;
    let matching = searcher.search(query, &Matching)?;
    // Pieces of one segment each are loaded on the pool straight into their place in one vector
    // (no interim records beside the final ones), each with its own interned names, then
    // renumbered in piece order: the same whatever the number of threads.
    let pieces = pieces(&matching);
    let n: usize = pieces.iter().map(|(_, docs)| docs.len()).sum();
    let placeholder = Doc {
        address: DocAddress::new(0, 0),
        read: None,
        group: NO_VALUE,
        view: NO_VALUE,
        quarter: NO_QUARTER,
        band: None,
        sentiment: Sentiment::Neutral,
        facts: LEFT_OUT,
    };
    // Each response with its id hash, the order responses are kept in.
    let mut loaded: Vec<(u64, Doc)> = vec![(0, placeholder); n];
    let names = pieces
        .par_iter()
        .zip(places_of(&mut loaded, &pieces))
        .map(|(&(segment_ord, docs), place)| {
            load_piece(
                &searcher,
                segment_ord,
                docs,
                place,
                group_by,
                view,
                question,
            )
        })
        .collect::<Result<Vec<Piece>>>()?;
    let names = renumber(&mut loaded, &pieces, &names);
    // Responses outside a custom grouping were left out.
    if matches!(group_by, GroupKey::Custom(_)) {
        loaded.retain(|(_, d)| d.facts & LEFT_OUT == 0);
    }
    // Index order depends on how ingest threads split the work; response order must not.
    loaded.par_sort_unstable_by_key(|(id_hash, d)| (*id_hash, d.address));
    let mined = loaded.iter().filter(|(_, d)| d.mined()).count();
    let every = mined.div_ceil(sample.max(1)).max(1) as u64;
    let mut wanted: Vec<usize> = (0..loaded.len())
        .filter(|&i| sample > 0 && loaded[i].1.mined() && loaded[i].0.is_multiple_of(every))
        .collect();
    // The records are copied out once, without their id hashes, into a vector of their exact
    // size: shrinking the loaded vector in place would keep its whole allocation (the allocator
    // does not move a block to shrink it by less than half).
    let docs: Vec<Doc> = loaded.par_iter().map(|(_, d)| d.clone()).collect();
    drop(loaded);
    wanted.sort_by_key(|&i| docs[i].address);
    let read = wanted.len();
    let words = read_words(store, &searcher, &docs, &wanted, question)?;
    let mut corpus = build(docs, words, names, group_by, min_df)?;
    corpus.read = read;
    Ok(corpus)
}

/// Loads one piece of a segment into its `place`: every response's band, quarter, group, view
/// and cues from fast fields, with the names it meets numbered in the piece's own [`Piece`].
fn load_piece(
    searcher: &tantivy::Searcher,
    segment_ord: SegmentOrdinal,
    docs: &[DocId],
    place: &mut [(u64, Doc)],
    group_by: &GroupKey,
    view: Option<&str>,
    question: Option<u32>,
) -> Result<Piece> {
    use crate::index::schema::{
        answered_bit, segment_path, ANSWERED, BAND, CUES, CUE_ASK, CUE_KINDS, CUE_SENTIMENT_SHIFT,
        HAS_COMMENT, ID_HASH, QUARTER,
    };
    let reader = searcher.segment_reader(segment_ord);
    let ff = reader.fast_fields();
    let mut piece = Piece::default();
    let (groups, quarters, views) = (&mut piece.groups, &mut piece.quarters, &mut piece.views);
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
    for (&doc, slot) in docs.iter().zip(place.iter_mut()) {
        let stored_band = band.get(doc);
        let dont_know = stored_band == Some(crate::index::schema::BAND_DONT_KNOW);
        let band = stored_band.and_then(crate::index::schema::band_of_value);
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
        let cue_bits = first(&cues, doc);
        let facts = if cue_bits & CUE_ASK != 0 { ASKS } else { 0 }
            | if cue_bits & CUE_KINDS != 0 {
                HAS_KINDS
            } else {
                0
            }
            | if mined(doc) { MINED } else { 0 }
            | if dont_know { DONT_KNOW } else { 0 };
        *slot = (
            first(&id_hash, doc),
            Doc {
                address: DocAddress::new(segment_ord, doc),
                read: None,
                group: group.unwrap_or(NO_VALUE),
                view: view
                    .as_mut()
                    .and_then(|v| v.id(doc, views))
                    .unwrap_or(NO_VALUE),
                quarter: quarter.map_or(NO_QUARTER, |q| {
                    debug_assert!(q < u32::from(NO_QUARTER), "too many quarters");
                    q as u16
                }),
                band,
                sentiment: Sentiment::from_code(cue_bits >> CUE_SENTIMENT_SHIFT),
                facts,
            },
        );
    }
    Ok(piece)
}

/// Renumbers each piece's names (groups, quarters, views) into the names of the whole load, in
/// piece order, so the numbers do not depend on how the pieces were spread over threads.
fn renumber(
    loaded: &mut [(u64, Doc)],
    pieces: &[(SegmentOrdinal, &[DocId])],
    names: &[Piece],
) -> Interned {
    let (mut groups, mut quarters, mut views) =
        (Names::default(), Names::default(), Names::default());
    let places = places_of(loaded, pieces);
    let global = |local: &Names, names: &mut Names| -> Vec<u32> {
        local.names.iter().map(|n| names.id(n)).collect()
    };
    let renumbered: Vec<[Vec<u32>; 3]> = names
        .iter()
        .map(|piece| {
            [
                global(&piece.groups, &mut groups),
                global(&piece.quarters, &mut quarters),
                global(&piece.views, &mut views),
            ]
        })
        .collect();
    places
        .into_par_iter()
        .zip(&renumbered)
        .for_each(|(place, [g, q, v])| {
            let to_global = |local: u32, global: &[u32]| match local {
                NO_VALUE => NO_VALUE,
                i => global[i as usize],
            };
            for (_, d) in place.iter_mut() {
                d.group = to_global(d.group, g);
                d.view = to_global(d.view, v);
                if let Some(i) = d.quarter() {
                    d.quarter = q[i as usize] as u16;
                }
            }
        });
    Interned {
        groups: groups.names,
        quarters: quarters.names,
        views: views.names,
    }
}

/// Sampled responses read from the document store in one run.
const READ_RUN: usize = 2048;

/// The stored words of the `wanted` responses (indexes into `docs`, in address order), read on
/// the pool: each run of responses opens its own store reader per segment (store blocks are
/// decompressed once per run).
fn read_words(
    store: &Store,
    searcher: &tantivy::Searcher,
    docs: &[Doc],
    wanted: &[usize],
    question: Option<u32>,
) -> Result<HashMap<usize, String>> {
    Ok(wanted
        .par_chunks(READ_RUN)
        .map(|run| -> Result<Vec<(usize, String)>> {
            let mut out = Vec::with_capacity(run.len());
            let mut current: Option<(u32, tantivy::store::StoreReader)> = None;
            for &i in run {
                let address = docs[i].address;
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
        .collect())
}

/// Responses whose candidates are extracted together.
const EXTRACT_RUN: usize = 4096;

/// One response's kept candidates, per sentence (hashes, in the order met), with the key and
/// length of those not numbered yet.
#[derive(Default)]
struct Extracted {
    sentences: Vec<Vec<u64>>,
    new: HashMap<u64, (String, u8)>,
    words: u32,
}

fn extract(
    text: &str,
    df: &HashMap<u64, u32>,
    ids: &HashMap<u64, u32>,
    buf: &mut String,
) -> Extracted {
    let mut x = Extracted::default();
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

/// `loaded` cut into the places of `pieces`, in order.
fn places_of<'a>(
    loaded: &'a mut [(u64, Doc)],
    pieces: &[(SegmentOrdinal, &[DocId])],
) -> Vec<&'a mut [(u64, Doc)]> {
    let mut rest = loaded;
    pieces
        .iter()
        .map(|(_, docs)| {
            let (place, after) = std::mem::take(&mut rest).split_at_mut(docs.len());
            rest = after;
            place
        })
        .collect()
}

/// The strings behind the numbers in the loaded [`Doc`]s.
struct Interned {
    groups: Vec<String>,
    quarters: Vec<String>,
    views: Vec<String>,
}

fn build(
    mut docs: Vec<Doc>,
    words: HashMap<usize, String>,
    names: Interned,
    group_by: &GroupKey,
    min_df: impl Fn(usize) -> u32,
) -> Result<Corpus> {
    // The responses whose words were read, in response order.
    let mut sampled_order: Vec<usize> = words.keys().copied().collect();
    sampled_order.sort_unstable();
    // Pass 1: document frequency of every candidate, by hash (no strings kept), counted on the
    // pool (sums of counts: the same whatever the split).
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
                candidates(&words[i], &mut buf, &mut |key, _| {
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
        // Responses whose words were not read have no candidates: counted, not mined.
        empty: (docs.len() - words.len()) as u64,
        ..Corpus::default()
    };
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut groups = names.groups;
    // Responses without a value form the group "(none)", when there are any.
    if !matches!(group_by, GroupKey::None) && docs.iter().any(|d| d.group == NO_VALUE) {
        let none = groups
            .iter()
            .position(|g| g == "(none)")
            .unwrap_or_else(|| {
                groups.push("(none)".to_string());
                groups.len() - 1
            }) as u32;
        docs.par_iter_mut()
            .filter(|d| d.group == NO_VALUE)
            .for_each(|d| d.group = none);
    } else if matches!(group_by, GroupKey::None) {
        docs.par_iter_mut().for_each(|d| d.group = 0);
    }
    // Candidates are extracted on the pool a run of responses at a time; ids are then given
    // here, in response order, exactly as one thread would.
    for run in sampled_order.chunks(EXTRACT_RUN) {
        let extracted: Vec<Extracted> = run
            .par_iter()
            .map_init(String::new, |buf, i| extract(&words[i], &df, &ids, buf))
            .collect();
        for (&i, x) in run.iter().zip(extracted) {
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
            // A one-sentence response is its own unit: no need to keep it twice.
            if units.iter().filter(|&&t| t == UNIT_END).count() <= 1 {
                units = Vec::new();
            }
            if !doc_terms.is_empty() || !units.is_empty() {
                docs[i].read = Some(Box::new(ReadTerms {
                    terms: doc_terms.into_boxed_slice(),
                    units: units.into_boxed_slice(),
                    words: x.words,
                }));
            }
        }
    }
    corpus.docs = docs;
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
            if let Some(q) = d.quarter() {
                d.quarter = quarters[q as usize] as u16;
            }
            if let Some(v) = d.view() {
                d.view = views[v as usize];
            }
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
        self.docs.iter().filter(|d| d.mined()).count()
    }

    /// The documents whose words were read and hold a candidate term (the discovery sample).
    pub fn sampled(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| !d.terms().is_empty())
    }

    /// How many documents [`Corpus::sampled`] holds.
    pub fn sampled_count(&self) -> usize {
        *self.sampled_count.get_or_init(|| self.sampled().count())
    }
}
