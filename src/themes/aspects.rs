//! Aspects from evaluative words (English): "it is so slow" is about speed though no noun names
//! it. The bundled table (`analysis::lexicon::aspect_rows`, from WordNet, checked by reading)
//! maps evaluative adjectives and adverbs to the aspect they judge.
//!
//! - Discovery ([`find`]): an aspect forms a theme when its words are said, in sentences naming
//!   no other theme, in at least the fewest mentions a word needs and more often than general
//!   language would have them (G2 against the background, as for words). A discovered theme that a
//!   noun naming the aspect labels ("price", "speed", "staff") takes the aspect's words instead;
//!   otherwise the theme is labelled with the aspect ("speed"), never an adjective, and its facets
//!   are the nouns its words qualify ("slow boot time": "boot time"), never evaluative words.
//! - Counting ([`free_mentions`]): an evaluative word is a mention of its aspect's theme only
//!   where it qualifies no word of another theme: none within [`QUALIFY_WINDOW`] positions in
//!   the same clause ("cheap fabric", "the fabric is cheap" are about the fabric).
//!
//! A table word counts through its term, so a term is used only when the table's words are most
//! of its use in general English (wordfreq). The analyzer gives an evaluative word that Snowball
//! joins to a commoner word of another use its own term ("friendly" apart from "friend",
//! "helpful" from "help", "caring" from "care", "attentive" from "attention": the stem-splits
//! table, made from this table by `lexicon/stem_splits.py`), so those count; the words the table
//! marks ambiguous ("kind" of "kind of") never do. Other languages have no table and keep their
//! themes as they were.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use tantivy::postings::SegmentPostings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, TERMINATED};

use super::background::Background;
use super::candidates::{TopicWords, WordRole};
use super::corpus::Corpus;
use super::discover::{g2_binomial, Found, SIGNIFICANT};
use super::question;
use crate::analysis::lexicon::{aspect_rows, AspectRole};
use crate::analysis::{Analyzer, Language, WordClass};
use crate::error::{Error, Result};
use crate::index::schema;

/// Positions either side of an evaluative word within which another theme's word is what it
/// qualifies: "cheap fabric" (1), "the fabric is cheap" (2), "fabric is really cheap" (3).
pub const QUALIFY_WINDOW: u32 = 3;
/// Share of a stem's use in general English that the table's words must make for the stem to
/// count: "comfort" (comfortable, comfortably, comfort) does; "friend" would not, so "friendly" has
/// its own term (`lexicon/stem_splits.py` applies the same share).
const OWN_STEM: f64 = 0.5;
/// Share of the responses above which a noun is the corpus's subject, never an aspect's facet.
const SUBJECT_FACET: f64 = 0.3;
/// Most facets of an aspect theme.
const MAX_FACETS: usize = 6;

/// The table as stems, for one analyzer (English only).
pub struct Table {
    /// Aspect names, in table order.
    pub names: Vec<&'static str>,
    /// Stem of each counted evaluative word -> its aspect.
    evaluative: HashMap<String, usize>,
    /// Stems of the nouns that name each aspect, in the table's order of preference.
    naming: Vec<Vec<String>>,
    /// The counted table words of each aspect, in table order, with their stems.
    words: Vec<Vec<(&'static str, String)>>,
}

impl Table {
    /// The aspect an evaluative stem counts for.
    pub fn aspect_of(&self, stem: &str) -> Option<usize> {
        self.evaluative.get(stem).copied()
    }

    /// The counted table words of an aspect whose stems are among `stems`, in table order: how
    /// the theme's words are written (and what a saved codebook searches for).
    pub fn words_of(&self, aspect: usize, stems: &[String]) -> Vec<String> {
        self.words[aspect]
            .iter()
            .filter(|(_, s)| stems.contains(s))
            .map(|(w, _)| w.to_string())
            .collect()
    }

    /// The counted stems of an aspect, sorted.
    pub fn stems_of(&self, aspect: usize) -> Vec<String> {
        let mut stems: Vec<String> = self
            .evaluative
            .iter()
            .filter(|(_, &a)| a == aspect)
            .map(|(s, _)| s.clone())
            .collect();
        stems.sort();
        stems
    }
}

/// The table of `analyzer`'s language, built once per process; None outside English.
pub fn table(analyzer: &Analyzer) -> Option<&'static Table> {
    static CACHE: OnceLock<Table> = OnceLock::new();
    (analyzer.language() == Language::English).then(|| CACHE.get_or_init(|| build(analyzer)))
}

fn build(analyzer: &Analyzer) -> Table {
    let stem = |w: &str| match analyzer.plain_word(w) {
        Some((WordClass::Content, s)) => Some(s),
        _ => None,
    };
    let mut names: Vec<&'static str> = Vec::new();
    let mut aspect_index = |a: &'static str| match names.iter().position(|&n| n == a) {
        Some(i) => i,
        None => {
            names.push(a);
            names.len() - 1
        }
    };
    let mut aspects_of: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut ambiguous: HashSet<String> = HashSet::new();
    let mut table_words: HashSet<&'static str> = HashSet::new();
    let mut listed: Vec<(&'static str, String)> = Vec::new();
    let mut naming: Vec<Vec<String>> = Vec::new();
    for row in aspect_rows() {
        let a = aspect_index(row.aspect);
        naming.resize(naming.len().max(a + 1), Vec::new());
        let Some(s) = stem(row.word) else { continue };
        match row.role {
            AspectRole::Name => naming[a].push(s),
            AspectRole::Ambiguous => {
                ambiguous.insert(s);
            }
            AspectRole::Evaluative => {
                table_words.insert(row.word);
                listed.push((row.word, s.clone()));
                aspects_of.entry(s).or_default().insert(a);
            }
        }
    }
    // How much of each stem's use in general English the table's words make.
    let (mut own, mut total): (HashMap<String, f64>, HashMap<String, f64>) = Default::default();
    for (word, zipf) in crate::analysis::frequency::frequencies(Language::English) {
        let Some(s) = stem(word).filter(|s| aspects_of.contains_key(s)) else {
            continue;
        };
        let weight = 10f64.powf(zipf);
        *total.entry(s.clone()).or_default() += weight;
        if table_words.contains(word) {
            *own.entry(s).or_default() += weight;
        }
    }
    let evaluative: HashMap<String, usize> = aspects_of
        .into_iter()
        .filter(|(s, aspects)| {
            let share = own.get(s).copied().unwrap_or(0.0) / total.get(s).copied().unwrap_or(1.0);
            aspects.len() == 1 && !ambiguous.contains(s) && share >= OWN_STEM
        })
        .map(|(s, aspects)| (s, *aspects.iter().next().expect("one aspect")))
        .collect();
    let mut words = vec![Vec::new(); names.len()];
    for (word, s) in listed {
        if let Some(&a) = evaluative.get(&s) {
            words[a].push((word, s));
        }
    }
    Table {
        names,
        evaluative,
        naming,
        words,
    }
}

/// An aspect found in a corpus: a theme of its own, or the evaluative words of a discovered one.
#[derive(Debug, Clone)]
pub struct AspectFound {
    pub aspect: &'static str,
    /// Stems of its counted evaluative words, sorted.
    pub stems: Vec<String>,
    /// Those words as the table writes them.
    pub words: Vec<String>,
    /// The discovered theme (index into the themes given) that a noun naming the aspect labels.
    pub joins: Option<usize>,
    /// Salience: G2 of the responses saying its words, against general language.
    pub score: f64,
    /// A theme of its own: the nouns its words qualify (term ids: a word, or a phrase).
    pub facets: Vec<u32>,
}

/// The aspects said in `corpus` beside the discovered `themes` (see the module's notes).
pub fn find(
    corpus: &Corpus,
    table: &Table,
    bg: &Background,
    topics: &TopicWords,
    themes: &[Found],
    min_in_sample: u32,
) -> Vec<AspectFound> {
    let k = table.names.len();
    // The aspect of each evaluative term of the corpus, and each theme word's themes.
    // A codebook's ignored words are no aspect's either.
    let mut aspect_term: HashMap<u32, usize> = HashMap::new();
    let mut ignored: HashSet<&str> = HashSet::new();
    for (t, term) in corpus.terms.iter().enumerate().filter(|(_, t)| t.len == 1) {
        match table.aspect_of(&term.key) {
            Some(_) if term.ignored => {
                ignored.insert(term.key.as_str());
            }
            Some(a) => {
                aspect_term.insert(t as u32, a);
            }
            None => {}
        }
    }
    let owner = theme_words(themes);
    let joins: Vec<Option<usize>> = (0..k).map(|a| joined(corpus, table, themes, a)).collect();
    let joins = first_claims(joins);
    // Phrases where an aspect's word qualifies another theme's word ("cheap fabric", "fabric is
    // cheap"): the candidate phrases are 2-3 words said in a row, the window counting uses.
    let mut qualifying: HashMap<u32, u64> = HashMap::new();
    for (t, term) in corpus.terms.iter().enumerate().filter(|(_, t)| t.len > 1) {
        let others = term
            .parts
            .iter()
            .filter_map(|p| owner.get(p))
            .fold(0u64, |m, b| m | b);
        for a in term.parts.iter().filter_map(|p| aspect_term.get(p)) {
            let own = joins[*a].map_or(0, |j| 1u64 << j);
            if others & !own != 0 {
                *qualifying.entry(t as u32).or_default() |= 1 << a;
            }
        }
    }
    // Responses that say an aspect's words at all, and without qualifying another theme's word.
    let (mut said, mut free) = (vec![0u32; k], vec![0u32; k]);
    let mut sampled = 0usize;
    let mut words = 0f64;
    for d in corpus.sampled() {
        sampled += 1;
        words += d.words() as f64;
        let (mut has, mut qualifies) = (0u64, 0u64);
        for t in d.terms() {
            if let Some(a) = aspect_term.get(t) {
                has |= 1 << a;
            }
            qualifies |= qualifying.get(t).copied().unwrap_or(0);
        }
        for a in 0..k {
            said[a] += (has >> a & 1) as u32;
            free[a] += ((has & !qualifies) >> a & 1) as u32;
        }
    }
    let n = sampled.max(1) as f64;
    let words_per_doc = words / n;
    let facets = facet_phrases(corpus, table, topics, &owner, min_in_sample, sampled);
    (0..k)
        .filter_map(|a| {
            let mut stems = table.stems_of(a);
            stems.retain(|s| !ignored.contains(s.as_str()));
            let p: f64 = stems.iter().map(|s| bg.probability(s)).sum();
            let p_doc = 1.0 - (-p * words_per_doc).exp();
            let score = g2_binomial(said[a] as f64, n, p_doc.min(0.999));
            (free[a] >= min_in_sample && score >= SIGNIFICANT && !stems.is_empty()).then(|| {
                AspectFound {
                    aspect: table.names[a],
                    words: table.words_of(a, &stems),
                    stems,
                    joins: joins[a],
                    score,
                    facets: if joins[a].is_some() {
                        Vec::new()
                    } else {
                        facets.get(&a).cloned().unwrap_or_default()
                    },
                }
            })
        })
        .collect()
}

/// Each theme word's themes, as bits (words of a theme and of its facets).
fn theme_words(themes: &[Found]) -> HashMap<u32, u64> {
    let mut owner: HashMap<u32, u64> = HashMap::new();
    for (i, theme) in themes.iter().enumerate().take(64) {
        let facet_words = theme.facets.iter().flat_map(|f| f.words.iter());
        for &w in theme.words.iter().chain(facet_words) {
            *owner.entry(w).or_default() |= 1 << i;
        }
    }
    owner
}

/// The discovered theme a noun naming aspect `a` labels: its label (or the label's last word),
/// else its main word, the table's first naming noun first.
fn joined(corpus: &Corpus, table: &Table, themes: &[Found], a: usize) -> Option<usize> {
    let key = |t: u32| corpus.terms[t as usize].key.as_str();
    let naming = &table.naming[a];
    let rank = |theme: &Found| -> Option<(usize, usize)> {
        let label = key(theme.label);
        let head = label.rsplit(' ').next().unwrap_or(label);
        let main = theme.words.first().map_or("", |&w| key(w));
        naming.iter().enumerate().find_map(|(order, noun)| {
            if label == noun {
                Some((0, order))
            } else if head == noun {
                Some((1, order))
            } else if main == noun {
                Some((2, order))
            } else {
                None
            }
        })
    };
    themes
        .iter()
        .enumerate()
        .take(64)
        .filter_map(|(i, theme)| rank(theme).map(|r| (r, i)))
        .min()
        .map(|(_, i)| i)
}

/// One aspect per theme: a theme two aspects would join goes to the first.
fn first_claims(mut joins: Vec<Option<usize>>) -> Vec<Option<usize>> {
    let mut taken = HashSet::new();
    for j in joins.iter_mut() {
        if let Some(t) = *j {
            if !taken.insert(t) {
                *j = None;
            }
        }
    }
    joins
}

/// For each aspect, the nouns its words qualify that no theme holds, most said first: the rest of
/// a phrase that opens with one of its words ("slow boot time": "boot time"), when that rest is a
/// candidate term ending in a word that can name a topic, with no mood or evaluative word, and in
/// at most [`SUBJECT_FACET`] of the responses.
fn facet_phrases(
    corpus: &Corpus,
    table: &Table,
    topics: &TopicWords,
    owner: &HashMap<u32, u64>,
    min_in_sample: u32,
    sampled: usize,
) -> HashMap<usize, Vec<u32>> {
    let mut wanted: HashMap<&str, Vec<(usize, u32)>> = HashMap::new();
    for term in corpus.terms.iter().filter(|t| t.len > 1) {
        let Some((first, rest)) = term.key.split_once(' ') else {
            continue;
        };
        let Some(a) = table.aspect_of(first) else {
            continue;
        };
        let says_how = rest.split(' ').any(|w| {
            topics.role(w) == WordRole::Mood
                || topics.is_evaluative(w)
                || table.aspect_of(w).is_some()
        });
        let names = rest.rsplit(' ').next().is_some_and(|w| topics.can_name(w));
        if names && !says_how {
            wanted.entry(rest).or_default().push((a, term.df));
        }
    }
    let mut counts: HashMap<usize, HashMap<u32, u32>> = HashMap::new();
    for (t, term) in corpus.terms.iter().enumerate() {
        let Some(uses) = wanted.get(term.key.as_str()) else {
            continue;
        };
        let held =
            owner.contains_key(&(t as u32)) || term.parts.iter().any(|p| owner.contains_key(p));
        // The corpus's subject ("flight" in airline reviews) is no facet.
        let subject = term.df as f64 > SUBJECT_FACET * sampled as f64;
        if held || subject || term.ignored {
            continue;
        }
        for &(a, df) in uses {
            *counts.entry(a).or_default().entry(t as u32).or_default() += df;
        }
    }
    counts
        .into_iter()
        .map(|(a, by_term)| {
            let mut facets: Vec<(u32, u32)> = by_term
                .into_iter()
                .filter(|&(_, n)| n >= min_in_sample)
                .collect();
            facets.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            facets.truncate(MAX_FACETS);
            (a, facets.into_iter().map(|(t, _)| t).collect())
        })
        .collect()
}

/// What [`free_mentions`] reads: the segments' comment postings, the question counted, the
/// position in scope of a document (None when out of scope) and the clause spans at a position.
pub struct Reading<'a> {
    pub comment: &'a [std::sync::Arc<tantivy::InvertedIndexReader>],
    pub spans: &'a (dyn Fn(usize) -> &'a [u64] + Sync),
    pub field: tantivy::schema::Field,
    pub question: Option<u32>,
    pub in_scope: &'a (dyn Fn(DocAddress) -> Option<usize> + Sync),
    pub n: usize,
    /// The index folder, for errors.
    pub dir: &'a std::path::Path,
}

/// For each theme with evaluative words (`evaluative[t]`, stems), the BIT_* flags per response
/// in scope (by position) of its free mentions: its evaluative words where no word of another
/// theme (`words[u]`: the stems of theme u and its facets) sits within [`QUALIFY_WINDOW`]
/// positions in the same clause. Kinds are those of the clauses holding the free words.
pub fn free_mentions(
    reading: &Reading,
    evaluative: &[Vec<String>],
    words: &[Vec<String>],
) -> Result<HashMap<usize, Vec<u8>>> {
    let mut out: HashMap<usize, Vec<u8>> = HashMap::new();
    if evaluative.iter().all(Vec::is_empty) {
        return Ok(out);
    }
    // Each stem's themes, as bits.
    let mut owner: HashMap<&str, u64> = HashMap::new();
    for (t, stems) in words.iter().enumerate().take(64) {
        for s in stems {
            *owner.entry(s.as_str()).or_default() |= 1 << t;
        }
    }
    let owner: Vec<(&str, u64)> = owner.into_iter().collect();
    let mut positions = Vec::new();
    for (segment, inverted) in reading.comment.iter().enumerate() {
        // Each evaluative word said in scope, sorted by document.
        let mut found: Vec<Evaluated> = Vec::new();
        for (t, stems) in evaluative.iter().enumerate().take(64) {
            for s in stems {
                let Some(mut postings) = read(reading, inverted, s)? else {
                    continue;
                };
                while postings.doc() != TERMINATED {
                    let doc = postings.doc();
                    if let Some(i) = (reading.in_scope)(DocAddress::new(segment as u32, doc)) {
                        question::positions_in(&mut postings, reading.question, &mut positions);
                        found.extend(positions.iter().map(|&at| Evaluated {
                            doc,
                            i,
                            at,
                            theme: t,
                            near: 0,
                        }));
                    }
                    postings.advance();
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        found.sort_unstable_by_key(|e| (e.doc, e.at, e.theme));
        // The themes of the words near each evaluative word, by slices of documents on the
        // pool (a document cut in two is read by both slices; the bits are ORed, so the result
        // is the same however it is cut).
        let slice = found
            .len()
            .div_ceil(rayon::current_num_threads() * 4)
            .max(4096);
        let every = found.len();
        found
            .par_chunks_mut(slice)
            .try_for_each(|part| qualifiers(reading, inverted, &owner, part, every))?;
        let mut by_theme: HashMap<(usize, usize), Vec<u32>> = HashMap::new();
        for e in found {
            if e.near & !(1u64 << e.theme) == 0 {
                by_theme.entry((e.i, e.theme)).or_default().push(e.at);
            }
        }
        for ((i, t), free) in by_theme {
            let kinds = schema::kinds_at((reading.spans)(i).iter().copied(), &free);
            let hits = out.entry(t).or_insert_with(|| vec![0u8; reading.n]);
            hits[i] |= super::assign::BIT_MENTION | kinds << 1;
        }
    }
    Ok(out)
}

/// An evaluative word said in a document in scope: its doc id and position in scope, its
/// comment position, the theme it judges, and the themes of the words that qualify it.
struct Evaluated {
    doc: u32,
    i: usize,
    at: u32,
    theme: usize,
    near: u64,
}

/// Sets, for each evaluative word of `part` (sorted by document), the themes of `owner`'s stems
/// said within [`QUALIFY_WINDOW`] positions of it in its clause. `every`: how many evaluative
/// words the segment has, to choose how a stem's postings are met with them.
fn qualifiers(
    reading: &Reading,
    inverted: &tantivy::InvertedIndexReader,
    owner: &[(&str, u64)],
    part: &mut [Evaluated],
    every: usize,
) -> Result<()> {
    let mut positions = Vec::new();
    let docs: Vec<u32> = part.iter().map(|w| w.doc).collect();
    for &(stem, themes) in owner {
        let Some(mut postings) = read(reading, inverted, stem)? else {
            continue;
        };
        // Each run of one document's words, with the stem's positions there.
        let mut mark = |postings: &mut SegmentPostings, words: &mut [Evaluated]| {
            question::positions_in(postings, reading.question, &mut positions);
            let spans = (reading.spans)(words[0].i);
            for word in words.iter_mut() {
                let p = word.at;
                let within = spans.iter().find_map(|&span| {
                    let (start, end) = schema::span_positions(span);
                    (p >= start && p <= end).then_some((start, end))
                });
                let qualifies = positions.iter().any(|&q| {
                    q != p
                        && q.abs_diff(p) <= QUALIFY_WINDOW
                        && within.is_none_or(|(s, e)| q >= s && q <= e)
                });
                if qualifies {
                    word.near |= themes;
                }
            }
        };
        // A rare stem's postings are walked, a common one's seeked to each document.
        let walk = (postings.doc_freq() as usize) < every;
        question::meet(&mut postings, &docs, walk, |postings, run| {
            mark(postings, &mut part[run])
        });
    }
    Ok(())
}

fn read(
    reading: &Reading,
    inverted: &tantivy::InvertedIndexReader,
    stem: &str,
) -> Result<Option<SegmentPostings>> {
    let term = tantivy::Term::from_field_text(reading.field, stem);
    inverted
        .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
        .map_err(|e| Error::io(reading.dir.join("tantivy"), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The staff's manner is said with these words in BA's reviews and the airline tweets
    /// ("friendly" 554 and 33 times, "helpful" 243 and 102, "rude" 149 and 132): each counts for
    /// the aspect through the term the analyzer gives it, and the commoner words Snowball would
    /// join them to ("friend", "help", "care", "attention") count for nothing.
    #[test]
    fn staff_manner_words_count_through_their_own_terms() {
        let analyzer = Analyzer::new(Language::English);
        let table = table(&analyzer).expect("an English table");
        let term = |w: &str| match analyzer.plain_word(w) {
            Some((WordClass::Content, s)) => s,
            other => panic!("{w}: {other:?}"),
        };
        let aspect = |w: &str| table.aspect_of(&term(w)).map(|a| table.names[a]);
        for w in [
            "friendly",
            "helpful",
            "caring",
            "polite",
            "rude",
            "attentive",
            "courteous",
            "welcoming",
            "unhelpful",
            "unfriendly",
            "respectful",
            "helpfully",
            "attentively",
        ] {
            assert_eq!(aspect(w), Some("staff manner"), "{w} ({})", term(w));
        }
        for w in [
            "friend",
            "help",
            "helped",
            "care",
            "attention",
            "welcome",
            "kind",
        ] {
            assert_eq!(aspect(w), None, "{w} ({})", term(w));
        }
        // Other aspects' words that Snowball joined to commoner words count too.
        assert_eq!(aspect("affordable"), Some("price"));
        assert_eq!(aspect("costly"), Some("price"));
        assert_eq!(aspect("cost"), None);
        assert_eq!(aspect("responsive"), Some("speed"));
        assert_eq!(aspect("response"), None);
    }
}
