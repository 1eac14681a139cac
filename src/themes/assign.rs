//! Assignment: which responses in scope mention each theme and facet, and in which kinds of
//! clause, read from the index's postings rather than from the words of each response, so
//! that every response is counted whether its words were read (sampled) or not.

use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::query::{BooleanQuery, Occur, Query};

use super::corpus::{self, Corpus, GroupKey};
use super::in_scope::{Clauses, InScope, SegmentScope, HAS_KINDS, OUTSIDE};
use super::set::{self, named_terms, theme_words, ThemeDef};
use super::{default_min_mentions, question, ThemeOptions};
use crate::error::{Error, Result};
use crate::index::schema;
use crate::index::Store;
use crate::search::Scope;

/// The scope as a query, narrowed by a search query when given.
pub fn scope_query(store: &Store, scope: &Scope, query: Option<&str>) -> Result<Box<dyn Query>> {
    scope_query_as(store, scope, query, &crate::search::QueryMode::default())
}

/// [`scope_query`] with the words matched in `mode` (the synonyms a user dropped, say).
pub fn scope_query_as(
    store: &Store,
    scope: &Scope,
    query: Option<&str>,
    mode: &crate::search::QueryMode,
) -> Result<Box<dyn Query>> {
    Ok(match query {
        Some(q) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, crate::search::parse_query_as(store, q, mode)?),
            (Occur::Must, scope.query(store)),
        ])),
        None => scope.query(store),
    })
}

/// What one run counts: the scope's responses and the theme set, codebook applied.
pub(super) struct Run<'a> {
    pub(super) corpus: Corpus,
    pub(super) defs: Vec<ThemeDef>,
    pub(super) membership: Membership,
    pub(super) describe_min: u32,
    pub(super) min_mentions: u32,
    pub(super) discovered_in: &'static str,
    pub(super) searcher: tantivy::Searcher,
    pub(super) query: Box<dyn Query>,
    pub(super) store: &'a Store,
    /// The open question counted (see [`question::asked`]) and its text columns.
    pub(super) question: Option<u32>,
    pub(super) columns: Option<Vec<usize>>,
    /// The codebook's entries that matched no theme or facet of the set.
    pub(super) unmatched: Vec<String>,
    /// The words of every discovered theme and facet ([`set::named_terms`]): no clause's polarity
    /// counts them.
    pub(super) named: schema::NameKeys,
    /// Each discovered theme's evaluative words and its words (its facets' too): the other
    /// themes whose words an evaluative word may qualify, whatever a codebook names, merges or
    /// renames.
    pub(super) discovered: Vec<(Vec<String>, Vec<String>)>,
    /// The words the set left out as narration (`--explain`).
    pub(super) narration: Vec<super::explain::NarratedWord>,
    /// The names the set found, each ready to count like a theme, and their membership (read
    /// by those who list names: [`Run::mark_names`]).
    pub(super) names: Vec<ThemeDef>,
    pub(super) names_membership: Membership,
    /// The scope's clause spans, read once for the themes and again not for the names.
    clauses: std::sync::OnceLock<Clauses>,
}

/// Loads the scope and the theme set. Words of the scope are read only when they are needed:
/// to discover inside the scope, or for `tag`'s strength of each theme.
pub(super) fn prepare<'a>(
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
        named: schema::NameKeys::new(std::iter::empty()),
        discovered: Vec::new(),
        names: theme_set
            .names
            .into_iter()
            .map(ThemeDef::discovered)
            .collect(),
        names_membership: Membership::default(),
        clauses: std::sync::OnceLock::new(),
        narration: theme_set.narration,
    };
    let discovered: Vec<ThemeDef> = theme_set
        .themes
        .into_iter()
        .map(ThemeDef::discovered)
        .collect();
    // The themes a run counts at most, as the counted list is cut: blocking words beyond them
    // would cost every count a read of their postings.
    run.discovered = discovered
        .iter()
        .take(MAX_THEMES)
        .map(|d| (d.found.evaluative.clone(), theme_words(d)))
        .collect();
    // The discovered set's words, whatever a codebook names, merges or renames: a theme's kinds
    // do not change with the codebook's other entries.
    run.named = named_terms(&discovered).with_slants(
        store
            .meta
            .mapping
            .as_ref()
            .map_or(Vec::new(), |m| m.slants.clone()),
    );
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

/// Most themes considered in one run (they are tracked as bits of a u64 per response).
const MAX_THEMES: usize = 64;

impl Run<'_> {
    /// Reads which responses mention each name, and in which kinds of clause.
    pub(super) fn mark_names(&mut self) -> Result<()> {
        if !self.names.is_empty() {
            self.names_membership = self.membership(&self.names)?;
        }
        Ok(())
    }

    /// Which themes (and facets) each response in scope mentions, and in which kinds of clause,
    /// read from the index: the `comment` postings for mentions, and the `clauses` spans holding
    /// their positions for kinds. Every response in scope is counted, whether its words were read
    /// or not.
    pub(super) fn membership(&self, defs: &[ThemeDef]) -> Result<Membership> {
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
        let clauses = self.clauses.get_or_init(|| {
            let names = question::name_columns(segments);
            Clauses::read(
                &in_scope,
                &question::clause_columns(segments),
                &names,
                &self.named,
            )
        });
        let ctx = Postings {
            comment: &comment,
            clauses,
            in_scope: &in_scope,
        };
        let index_of = &in_scope;
        let free = self.free_mentions(defs, &ctx, n)?;
        // Themes are marked on the pool, each as one task (a large theme takes longer than a
        // small one, and no batch waits for it); each joins its bits as it ends. Bits are ORed
        // in and kinds looked up by theme, so the result is the same in any order of ending.
        let defs = &defs[..defs.len().min(MAX_THEMES)];
        let out = std::sync::Mutex::new(out);
        defs.par_iter()
            .enumerate()
            .try_for_each(|(t, def)| -> Result<()> {
                let (hits, facets) = self.theme_hits(def, &ctx, index_of, n, free.get(&t))?;
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

    /// The free mentions of each theme's evaluative words (by position, [`InScope`]): where they
    /// qualify no word of another discovered theme ([`super::aspects::free_mentions`]).
    fn free_mentions(
        &self,
        defs: &[ThemeDef],
        ctx: &Postings,
        n: usize,
    ) -> Result<HashMap<usize, Vec<u8>>> {
        // Evaluative words by discovered theme, and the theme of `defs` each stands for.
        let mut evaluative = vec![Vec::new(); self.discovered.len()];
        let mut shown_as = HashMap::new();
        for (t, d) in defs.iter().enumerate() {
            if d.members.is_some() || d.found.evaluative.is_empty() {
                continue;
            }
            // An aspect's evaluative words are its own: they name the discovered theme it came from.
            let origin = self
                .discovered
                .iter()
                .position(|(e, _)| *e == d.found.evaluative);
            if let Some(k) = origin {
                evaluative[k] = d.found.evaluative.clone();
                shown_as.insert(k, t);
            }
        }
        let words: Vec<Vec<String>> = self.discovered.iter().map(|(_, w)| w.clone()).collect();
        let in_scope = |a: tantivy::DocAddress| ctx.in_scope.get(&a);
        let spans = |i: usize| ctx.clauses.spans(i);
        let reading = super::aspects::Reading {
            comment: ctx.comment,
            spans: &spans,
            field: self.store.fields.comment,
            question: self.question,
            in_scope: &in_scope,
            n,
            dir: &self.store.dir,
        };
        let free = super::aspects::free_mentions(&reading, &evaluative, &words)?;
        Ok(free
            .into_iter()
            .filter_map(|(k, hits)| shown_as.get(&k).map(|&t| (t, hits)))
            .collect())
    }

    /// The BIT_* flags of one theme per response in scope (by position, [`InScope`]), and of
    /// each of its facets (a facet's responses are among the theme's); `free` the free mentions
    /// of its evaluative words.
    fn theme_hits(
        &self,
        def: &ThemeDef,
        ctx: &Postings,
        index_of: &InScope,
        n: usize,
        free: Option<&Vec<u8>>,
    ) -> Result<(Vec<u8>, Vec<Flags>)> {
        // A named theme's kinds come from the clauses of its terms' keys: its single words.
        let mut hits = self.hits_of(def, &def.found.words, ctx, index_of, n)?;
        for (h, f) in hits.iter_mut().zip(free.into_iter().flatten()) {
            *h |= *f;
        }
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
        let mut set = |postings: &mut tantivy::postings::SegmentPostings, entry: u32| {
            let i = (entry & !HAS_KINDS) as usize;
            // Positions matter only to tell questions apart or to find the clauses that give a
            // kind not yet marked (none where the response has no clause spans).
            let all = ctx.clauses.all_kinds(i);
            if self.question.is_none() && hits[i] & all << 1 == all << 1 {
                hits[i] |= mention;
                return;
            }
            question::positions_in(postings, self.question, &mut positions);
            if positions.is_empty() {
                return;
            }
            let kinds = match all {
                0 => 0,
                _ => ctx.clauses.kinds_without_names(i, &positions),
            };
            hits[i] |= mention | kinds << 1;
        };
        for (segment, inverted) in ctx.comment.iter().enumerate() {
            if ctx.in_scope.is_empty_in(segment) {
                continue;
            }
            let scope = &ctx.in_scope.segments[segment];
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
                                set(&mut postings, entry);
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
                                Some(true) => set(&mut postings, i),
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
                                set(&mut postings, list[k].1);
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
    /// The clause spans and name words of each response in scope.
    clauses: &'a Clauses,
    in_scope: &'a InScope,
}

/// The words of every theme and facet of a set, each phrase's words too: a clause holding one of
/// them reads without its polarity, for every theme ("help" of "help desk" and "support" of
/// "support staff" are subjects, not praise).
pub(super) const BIT_MENTION: u8 = 1;
pub(super) const BIT_COMPLAINT: u8 = 2;
pub(super) const BIT_PRAISE: u8 = 4;
pub(super) const BIT_ASK: u8 = 8;

/// The BIT_* flags of the responses that mention a facet, by corpus index (sorted): a facet is
/// mentioned by few of the responses, and a byte for every response in scope would make memory
/// grow with the index times the facets.
#[derive(Default)]
pub(super) struct Flags(pub(super) Vec<(u32, u8)>);

impl Flags {
    /// The flags of corpus response `i` (0 where it does not mention the facet).
    pub(super) fn get(&self, i: usize) -> u8 {
        self.0
            .binary_search_by_key(&(i as u32), |e| e.0)
            .map_or(0, |k| self.0[k].1)
    }
}

/// For each response in scope (in corpus order), a bit per theme (at most 64) that it mentions,
/// and the kinds of the clauses it mentions each one in. Ten million responses are held at once,
/// so the kinds are packed: a response keeps, in one u64, up to seven entries of nine bits (the
/// theme's number, then its complaint, praise and ask bits) for the themes it mentions in a
/// complaining, praising or asking clause; one with more keeps its kinds in `wide`. Entries are
/// looked up by theme, so the order themes are marked in changes nothing.
#[derive(Default)]
pub(super) struct Membership {
    pub(super) mention: Vec<u64>,
    kinds: Vec<u64>,
    /// Complaint, praise and ask bits per theme, of the responses whose `kinds` is [`WIDE`].
    wide: HashMap<u32, [u64; 3]>,
    /// For each theme's facets, keyed by (theme, facet): BIT_* flags per response in scope.
    pub(super) facets: HashMap<(usize, usize), Flags>,
}

/// Entries in a response's packed kinds.
const ENTRIES: usize = 7;
/// A response's kinds are in [`Membership::wide`].
const WIDE: u64 = 1 << 63;

impl Membership {
    /// The BIT_* flags of response `i` for theme `t`.
    pub(super) fn flags(&self, i: usize, t: usize) -> u8 {
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

/// Clears the flags of responses without the mention bit (kinds found where it is not
/// mentioned).
fn keep_mentioned(flags: &mut [u8]) {
    for f in flags {
        if *f & BIT_MENTION == 0 {
            *f = 0;
        }
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
}
