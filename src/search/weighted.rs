//! The default match of a query without operators: a response is a hit when it holds at least
//! [`SHARE`] of the query's weight. A word weighs by how much rarer it is in general language than
//! a generic word (the bundled frequencies of `analysis::frequency`, never the index, so a count
//! does not change because other responses were ingested): `weight = GENERIC_ZIPF - zipf`, at
//! least [`MIN_WEIGHT`]. A word as common as "make", "way" or "work" names no subject of its own
//! and weighs almost nothing; of two specific words either makes a hit alone unless the other is
//! more than twice its weight. A quoted phrase is one unit (the weight of its words); `+word` is
//! required and `-word` excluded. A word also matches its inflections (the index holds stems) and
//! its synonyms from the bundled table (`synonyms/en.tsv`, from WordNet; it also holds derived
//! forms, a noun and the verb whose act it names: notification, notify): either fully satisfies
//! the word's weight in the cut, and a synonym ranks at [`ADDED_RANK`]. The constants were chosen
//! on two judged sets (docs/QUALITY.md, bench/search_quality.py), where they sit on a plateau.

use std::collections::HashMap;
use std::sync::OnceLock;

use tantivy::query::{EnableScoring, Explanation, PhraseQuery, Query, Scorer, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::analysis::{frequency, Analyzer, Language};

/// The share of a query's weight a response must hold to be a hit.
pub const SHARE: f32 = 1.0 / 3.0;
/// A synonym's part of a response's rank, against the word as typed.
pub const ADDED_RANK: f32 = 0.8;
/// The Zipf frequency given to a word the general-language list does not hold (rarer than
/// every listed word).
const UNLISTED_ZIPF: f64 = 1.5;
/// Zipf values are log10 of a word's frequency per billion words. A word this common (about
/// the 100 most common English words: "make", "way", "work", "need", "day") is generic: it names
/// no subject of its own. A word's weight is how many powers of ten rarer it is.
pub const GENERIC_ZIPF: f64 = 6.0;
/// The weight of a generic word: it counts beside others, never alone beside a specific word.
pub const MIN_WEIGHT: f32 = 0.1;

/// One way a unit of the query can match: the word or phrase as typed, or a synonym.
#[derive(Debug, Clone)]
pub struct Form {
    /// As shown to the user ("luggage").
    pub shown: String,
    /// Index terms with their positions relative to the first (a phrase when more than one).
    terms: Vec<(usize, Term)>,
    /// A synonym the user did not type.
    pub added: bool,
}

impl Form {
    pub fn query(&self) -> Box<dyn Query> {
        if self.terms.len() == 1 {
            Box::new(TermQuery::new(
                self.terms[0].1.clone(),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new_with_offset(self.terms.clone()))
        }
    }
}

/// A word or a quoted phrase of the query.
#[derive(Debug, Clone)]
pub struct Unit {
    /// As typed (without its + or -).
    pub typed: String,
    pub weight: f32,
    pub required: bool,
    pub excluded: bool,
    /// The typed form first, then the synonyms.
    pub forms: Vec<Form>,
}

/// A weighted query: the units and the weight a hit must hold.
#[derive(Debug, Clone)]
pub struct WeightedQuery {
    pub units: Vec<Unit>,
    /// Whether a hit's score adds its [`WeightedQuery::proximity`] (ranking, not matching).
    pub near: bool,
}

impl WeightedQuery {
    /// The weight a hit must hold: [`SHARE`] of the weight of the units not excluded.
    pub fn need(&self) -> f32 {
        SHARE * self.total()
    }

    /// The weight of the units not excluded.
    pub fn total(&self) -> f32 {
        self.units
            .iter()
            .filter(|u| !u.excluded)
            .map(|u| u.weight)
            .sum()
    }

    /// Whether the units matched (by index) make a hit.
    pub fn passes(&self, matched: &[bool]) -> bool {
        let mut held = 0.0;
        for (unit, &m) in self.units.iter().zip(matched) {
            if unit.excluded && m || unit.required && !m {
                return false;
            }
            if m && !unit.excluded {
                held += unit.weight;
            }
        }
        held >= self.need() - 1e-4
    }

    /// Which units' postings can bring a hit (the others are only looked up at a candidate): a
    /// required unit when there is one (every hit holds it), else all but the lightest units
    /// whose weights together stay under the cut, since a response holding those alone cannot
    /// pass (the MaxScore idea: "make" and "set" never lead the walk).
    pub fn drivers(&self) -> Vec<bool> {
        if let Some(first) = self.units.iter().position(|u| u.required && !u.excluded) {
            return (0..self.units.len()).map(|i| i == first).collect();
        }
        let mut order: Vec<usize> = (0..self.units.len())
            .filter(|&i| !self.units[i].excluded)
            .collect();
        order.sort_by(|&a, &b| self.units[a].weight.total_cmp(&self.units[b].weight));
        let mut drivers: Vec<bool> = self.units.iter().map(|u| !u.excluded).collect();
        let mut light = 0.0;
        for i in order {
            light += self.units[i].weight;
            if light >= self.need() - 1e-4 {
                break;
            }
            drivers[i] = false;
        }
        drivers
    }

    /// The synonyms added to the query, as shown.
    pub fn added(&self) -> Vec<String> {
        self.units
            .iter()
            .flat_map(|u| u.forms.iter().filter(|f| f.added))
            .map(|f| f.shown.clone())
            .collect()
    }
}

/// Words of two units within this many positions of each other rank first: about a sentence.
const NEAR: u32 = 8;

impl WeightedQuery {
    /// The units whose typed form is one word, which [`WeightedQuery::near_pairs`] pairs.
    fn near_words(&self) -> Vec<bool> {
        self.units
            .iter()
            .map(|u| !u.excluded && u.forms.first().is_some_and(|f| f.terms.len() == 1))
            .collect()
    }

    /// Whether the query has a proximity: two units whose typed form is one word.
    pub fn ranks_near(&self) -> bool {
        self.near_words()
            .into_iter()
            .filter(|&paired| paired)
            .count()
            >= 2
    }

    /// The proximity: for each two units' typed words, the phrases that match them near each
    /// other (within [`NEAR`] positions, about one sentence), in either order, with the units'
    /// indexes. Added to the hits' BM25 they rank the words said together first. Empty for a
    /// query of fewer than two words.
    pub fn near_pairs(&self) -> Vec<((usize, usize), PhraseQuery)> {
        let words: Vec<(usize, &Term)> = self
            .units
            .iter()
            .zip(self.near_words())
            .enumerate()
            .filter(|(_, (_, paired))| *paired)
            .map(|(i, (u, _))| (i, &u.forms[0].terms[0].1))
            .collect();
        let mut pairs = Vec::new();
        for (k, (i, a)) in words.iter().enumerate() {
            for (j, b) in &words[k + 1..] {
                for (first, second) in [(a, b), (b, a)] {
                    let mut near = PhraseQuery::new(vec![(*first).clone(), (*second).clone()]);
                    near.set_slop(NEAR);
                    pairs.push(((*i, *j), near));
                }
            }
        }
        pairs
    }
}

/// Whether the query uses the strict language (AND, OR, NOT, parentheses, a field filter, a
/// boost or a wildcard), which keeps its exact meaning.
pub fn has_operators(text: &str) -> bool {
    let mut quoted = false;
    let mut word = String::new();
    let operator = |w: &str| matches!(w, "AND" | "OR" | "NOT" | "&&" | "||");
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        if matches!(c, '(' | ')' | ':' | '^' | '*' | '~' | '[' | ']' | '{' | '}') {
            return true;
        }
        if c.is_whitespace() {
            if operator(&word) {
                return true;
            }
            word.clear();
        } else {
            word.push(c);
        }
    }
    operator(&word)
}

/// The general-language Zipf frequency of a word as the bundled list spells it, if listed.
fn zipf_of(lang: Language, word: &str) -> Option<f64> {
    static TABLES: OnceLock<std::sync::Mutex<HashMap<Language, &'static HashMap<String, f64>>>> =
        OnceLock::new();
    let tables = TABLES.get_or_init(Default::default);
    let table = {
        let mut known = tables.lock().unwrap_or_else(|e| e.into_inner());
        *known.entry(lang).or_insert_with(|| {
            let mut map = HashMap::new();
            for (w, zipf) in frequency::frequencies(lang) {
                map.entry(w.to_lowercase()).or_insert(zipf);
            }
            Box::leak(Box::new(map))
        })
    };
    table.get(&word.to_lowercase()).copied()
}

/// The general-language weight of a word as typed: how many powers of ten rarer it is than a
/// generic word ([`GENERIC_ZIPF`]), at least [`MIN_WEIGHT`].
pub fn word_weight(lang: Language, word: &str) -> f32 {
    let zipf = zipf_of(lang, word).unwrap_or(UNLISTED_ZIPF);
    ((GENERIC_ZIPF - zipf) as f32).max(MIN_WEIGHT)
}

/// A part of a closed compound is at least this common (Zipf): a word of its own, not a stray
/// syllable.
const COMPOUND_PART_ZIPF: f64 = 3.5;

/// A closed compound written as two words ("wifi" -> "wi-fi", "audiobooks" -> "audio books",
/// "playlist" -> "play list"): the split of `word` into two listed words, each at least
/// [`COMPOUND_PART_ZIPF`] and more common than the compound, the most common such pair; None
/// when no split reads as two words. The two words must be said next to each other, so a split
/// that is no compound ("carpet" -> "car pet") matches nothing. English only.
fn compound_split(lang: Language, word: &str) -> Option<String> {
    if lang != Language::English || !word.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    let whole = zipf_of(lang, word).unwrap_or(UNLISTED_ZIPF);
    let mut best: Option<(f64, String)> = None;
    for (k, _) in word.char_indices().skip(2) {
        let (a, b) = word.split_at(k);
        if b.chars().count() < 2 {
            break;
        }
        let (Some(za), Some(zb)) = (zipf_of(lang, a), zipf_of(lang, b)) else {
            continue;
        };
        let least = za.min(zb);
        if least >= COMPOUND_PART_ZIPF
            && least > whole
            && best.as_ref().is_none_or(|(z, _)| least > *z)
        {
            best = Some((least, format!("{a}-{b}")));
        }
    }
    best.map(|(_, split)| split.to_lowercase())
}

/// The bundled synonyms of a language, by the stem of the headword.
fn synonyms(analyzer: &Analyzer) -> &'static HashMap<String, Vec<String>> {
    static EN: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    static NONE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    if analyzer.language() != Language::English {
        return NONE.get_or_init(HashMap::new);
    }
    EN.get_or_init(|| {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for line in include_str!("synonyms/en.tsv").lines() {
            let Some((word, list)) = line.split_once('\t').filter(|_| !line.starts_with('#'))
            else {
                continue;
            };
            let key = analyzer.index_terms(word).join(" ");
            let entry = map.entry(key).or_default();
            for s in list.split(',') {
                if !entry.iter().any(|e| e == s) {
                    entry.push(s.to_string());
                }
            }
        }
        map
    })
}

/// The index terms of `text` with positions relative to the first.
fn terms_of(analyzer: &Analyzer, field: Field, text: &str) -> Vec<(usize, Term)> {
    let words: Vec<_> = analyzer
        .analyze(text)
        .into_iter()
        .filter(|w| w.class.is_indexed())
        .collect();
    let first = words.first().map_or(0, |w| w.position);
    words
        .into_iter()
        .map(|w| (w.position - first, Term::from_field_text(field, &w.term)))
        .collect()
}

/// The units of a query without operators; `expand` adds synonyms, except those in `dropped`.
pub fn units(
    analyzer: &Analyzer,
    field: Field,
    text: &str,
    expand: bool,
    dropped: &[String],
) -> Vec<Unit> {
    let mut pieces: Vec<(String, bool, bool, bool)> = Vec::new(); // text, phrase, +, -
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let (sign, body) = match rest.chars().next() {
            Some(c @ ('+' | '-')) => (Some(c), &rest[1..]),
            _ => (None, rest),
        };
        let (piece, phrase, after) = if let Some(inner) = body.strip_prefix('"') {
            let end = inner.find('"').unwrap_or(inner.len());
            (&inner[..end], true, &inner[(end + 1).min(inner.len())..])
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            (&body[..end], false, &body[end..])
        };
        pieces.push((
            piece.to_string(),
            phrase,
            sign == Some('+'),
            sign == Some('-'),
        ));
        rest = after;
    }
    // "set up" typed as two words is one unit, which also matches the word joined ("setup").
    let mut joined: Vec<Option<String>> = vec![None; pieces.len()];
    for i in (1..pieces.len()).rev() {
        let ((verb, false, false, false), (particle, false, false, false)) =
            (&pieces[i - 1], &pieces[i])
        else {
            continue;
        };
        if let Some(word) = analyzer.phrasal_joined(verb, particle) {
            joined[i - 1] = Some(word.to_string());
            pieces[i - 1].0 = format!("{verb} {particle}");
            pieces.remove(i);
            joined.remove(i);
        }
    }
    let table = synonyms(analyzer);
    let mut out: Vec<Unit> = Vec::new();
    for ((piece, phrase, required, excluded), joined) in pieces.into_iter().zip(joined) {
        let terms = terms_of(analyzer, field, &piece);
        if terms.is_empty() {
            continue; // a stopword: check_query names it
        }
        let weight: f32 = analyzer
            .analyze(&piece)
            .iter()
            .filter(|w| w.class.is_indexed())
            .map(|w| word_weight(analyzer.language(), &piece[w.start..w.end]))
            .sum();
        let key = analyzer.index_terms(&piece).join(" ");
        let mut forms = vec![Form {
            shown: piece.clone(),
            terms,
            added: false,
        }];
        if expand && !excluded && !phrase {
            let split = compound_split(analyzer.language(), &piece);
            let also = table.get(&key).into_iter().flatten();
            for synonym in also.chain(split.as_ref()).chain(joined.as_ref()) {
                let terms = terms_of(analyzer, field, synonym);
                let dropped = dropped.iter().any(|d| d.eq_ignore_ascii_case(synonym));
                // A stopword of a synonym is not indexed: "call off" would match every "call".
                let whole = terms.len() == analyzer.analyze(synonym).len();
                if terms.is_empty() || !whole || dropped || forms.iter().any(|f| f.terms == terms) {
                    continue;
                }
                forms.push(Form {
                    shown: synonym.clone(),
                    terms,
                    added: true,
                });
            }
        }
        out.push(Unit {
            typed: piece,
            weight,
            required,
            excluded,
            forms,
        });
    }
    out
}

/// Whether any live response matches `query`: the first match ends the walk (a count would
/// walk every posting of a common synonym).
pub fn said_anywhere(searcher: &tantivy::Searcher, query: &dyn Query) -> tantivy::Result<bool> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    for reader in searcher.segment_readers() {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if reader.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
                return Ok(true);
            }
            doc = scorer.advance();
        }
    }
    Ok(false)
}

/// The BM25 inverse document frequency of a form's terms (their sum, as a phrase scores), from
/// the search's statistics; None when the search does not score.
fn idf(scoring: &EnableScoring<'_>, form: &Form) -> tantivy::Result<Option<f32>> {
    let EnableScoring::Enabled {
        statistics_provider,
        ..
    } = scoring
    else {
        return Ok(None);
    };
    let docs = statistics_provider.total_num_docs()? as f32;
    let mut sum = 0.0;
    for (_, term) in &form.terms {
        let with = statistics_provider.doc_freq(term)? as f32;
        sum += (1.0 + (docs - with + 0.5) / (with + 0.5)).ln();
    }
    Ok(Some(sum))
}

impl Query for WeightedQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut units = Vec::with_capacity(self.units.len());
        for unit in &self.units {
            let mut forms = Vec::with_capacity(unit.forms.len());
            let typed = if unit.forms.iter().any(|f| f.added) {
                idf(&scoring, &unit.forms[0])?
            } else {
                None
            };
            for form in &unit.forms {
                // A synonym ranks at ADDED_RANK of the typed word said as often: its own BM25
                // rescaled from its rarity to the typed word's ("sluggish" is rarer than "slow").
                let factor = if !form.added {
                    1.0
                } else {
                    match (typed, idf(&scoring, form)?) {
                        (Some(typed), Some(own)) if own > 0.0 => ADDED_RANK * typed / own,
                        _ => ADDED_RANK,
                    }
                };
                forms.push((form.query().weight(scoring)?, factor));
            }
            units.push(forms);
        }
        let mut near = Vec::new();
        if self.near && scoring.is_scoring_enabled() {
            for (units, phrase) in self.near_pairs() {
                near.push((units, phrase.weight(scoring)?));
            }
        }
        Ok(Box::new(WeightedWeight {
            query: self.clone(),
            units,
            near,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for unit in self.units.iter().filter(|u| !u.excluded) {
            for form in &unit.forms {
                for (_, term) in &form.terms {
                    visitor(term, form.terms.len() > 1);
                }
            }
        }
    }
}

struct WeightedWeight {
    query: WeightedQuery,
    units: Vec<Vec<(Box<dyn Weight>, f32)>>,
    /// The proximity's phrases by the units they pair, when hits are ranked with it.
    near: Vec<((usize, usize), Box<dyn Weight>)>,
    /// Whether hits are ranked; counting alone skips the BM25 of every form.
    scoring: bool,
}

impl Weight for WeightedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut units = Vec::with_capacity(self.units.len());
        for forms in &self.units {
            let mut scorers = Vec::with_capacity(forms.len());
            for (weight, factor) in forms {
                scorers.push((weight.scorer(reader, boost)?, *factor));
            }
            units.push(scorers);
        }
        let mut near = Vec::with_capacity(self.near.len());
        for (units, weight) in &self.near {
            near.push((*units, weight.scorer(reader, boost)?));
        }
        let mut scorer = WeightedScorer {
            drivers: self.query.drivers(),
            query: self.query.clone(),
            units,
            near,
            doc: 0,
            score: 0.0,
            matched: vec![false; self.units.len()],
            scoring: self.scoring,
        };
        scorer.next_from_current();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("weighted words", scorer.score()))
    }
}

/// Walks the union of the forms of the driving units ([`WeightedQuery::drivers`]), looking the
/// other units up at each candidate, and keeps the documents that pass.
struct WeightedScorer {
    query: WeightedQuery,
    units: Vec<Vec<(Box<dyn Scorer>, f32)>>,
    /// The proximity's phrases by the units whose typed words they pair: a phrase can only
    /// match a document holding both, so it is sought only there (most hits of an expanded
    /// query hold one typed word).
    near: Vec<((usize, usize), Box<dyn Scorer>)>,
    drivers: Vec<bool>,
    doc: DocId,
    score: Score,
    matched: Vec<bool>,
    scoring: bool,
}

impl WeightedScorer {
    /// The first passing document at or after the driving forms' current documents.
    fn next_from_current(&mut self) {
        loop {
            let candidate = self
                .units
                .iter()
                .zip(&self.drivers)
                .filter(|(_, &drives)| drives)
                .flat_map(|(forms, _)| forms.iter().map(|(s, _)| s.doc()))
                .min()
                .unwrap_or(TERMINATED);
            if candidate == TERMINATED {
                self.doc = TERMINATED;
                return;
            }
            for (i, forms) in self.units.iter_mut().enumerate() {
                let mut any = false;
                for (scorer, _) in forms.iter_mut() {
                    if !self.drivers[i] && scorer.doc() < candidate {
                        scorer.seek(candidate);
                    }
                    any |= scorer.doc() == candidate;
                }
                self.matched[i] = any;
            }
            let passes = self.query.passes(&self.matched);
            // The BM25 of a passing document only: the best form of each unit held.
            let mut score = 0.0;
            if passes && self.scoring {
                for ((forms, unit), &m) in self
                    .units
                    .iter_mut()
                    .zip(&self.query.units)
                    .zip(&self.matched)
                {
                    if !m || unit.excluded {
                        continue;
                    }
                    let best = forms
                        .iter_mut()
                        .filter(|(s, _)| s.doc() == candidate)
                        .map(|(s, factor)| s.score() * *factor)
                        .fold(f32::MIN, f32::max);
                    score += best;
                }
                score += self.near_score(candidate);
            }
            // Step every driving form past the candidate.
            for (forms, _) in self.units.iter_mut().zip(&self.drivers).filter(|(_, &d)| d) {
                for (scorer, _) in forms.iter_mut() {
                    if scorer.doc() == candidate {
                        scorer.advance();
                    }
                }
            }
            if passes {
                self.doc = candidate;
                self.score = score;
                return;
            }
        }
    }
}

impl WeightedScorer {
    /// The proximity's score of a passing `candidate`: the sum of its phrases that match there
    /// (in the order of [`WeightedQuery::near_pairs`], as a union of them would sum them).
    fn near_score(&mut self, candidate: DocId) -> Score {
        let held = |forms: &Vec<(Box<dyn Scorer>, f32)>| forms[0].0.doc() == candidate;
        let mut score = 0.0;
        for ((i, j), phrase) in &mut self.near {
            if !(held(&self.units[*i]) && held(&self.units[*j])) {
                continue;
            }
            if phrase.doc() < candidate {
                phrase.seek(candidate);
            }
            if phrase.doc() == candidate {
                score += phrase.score();
            }
        }
        score
    }
}

impl DocSet for WeightedScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.next_from_current();
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.units
            .iter()
            .flatten()
            .map(|(s, _)| s.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WeightedScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field() -> Field {
        Field::from_field_id(0)
    }

    fn query(text: &str) -> WeightedQuery {
        let analyzer = Analyzer::new(Language::English);
        WeightedQuery {
            units: units(&analyzer, field(), text, true, &[]),
            near: false,
        }
    }

    #[test]
    fn rarer_words_weigh_more() {
        let w = |word| word_weight(Language::English, word);
        assert!(w("luggage") > w("lost"), "{} {}", w("luggage"), w("lost"));
        assert!(w("delayed") > w("flight"));
        // a word the list does not hold weighs most
        assert!(w("zzqxv") > w("luggage"));
        // a generic word (as common as "make" or "way") weighs the least there is
        assert_eq!(w("the"), MIN_WEIGHT);
        assert_eq!(w("make"), MIN_WEIGHT);
        assert!(w("timers") > 2.0 * w("set"));
    }

    #[test]
    fn either_of_two_specific_words_makes_a_hit_unless_the_other_weighs_twice_as_much() {
        // weather and forecast both name the subject: either alone is a hit
        let q = query("weather forecast");
        assert!(q.passes(&[true, false]) && q.passes(&[false, true]));
        // "set" is generic beside "timers": only the timers count alone
        let q = query("set timers");
        assert!(!q.passes(&[true, false]));
        assert!(q.passes(&[false, true]));
        // three words: the rarest alone is enough, the generic one is not
        let q = query("make video calls");
        assert!(!q.passes(&[true, false, false]));
        assert!(q.passes(&[false, false, true]));
        assert!(q.passes(&[true, true, false]));
    }

    #[test]
    fn the_cut_keeps_the_rarer_word_and_drops_the_common_one() {
        let q = query("lost luggage");
        assert_eq!(q.units.len(), 2);
        // luggage alone holds more than half the weight; lost alone does not
        assert!(q.passes(&[false, true]));
        assert!(!q.passes(&[true, false]));
        assert!(q.passes(&[true, true]));
    }

    #[test]
    fn required_and_excluded_words_decide_alone() {
        let q = query("+lost luggage -delay");
        assert!(q.units[0].required && q.units[2].excluded);
        assert!(!q.passes(&[false, true, false]), "lost is required");
        assert!(q.passes(&[true, true, false]));
        assert!(!q.passes(&[true, true, true]), "delay is excluded");
        // the excluded word's weight is not part of the total
        assert!((q.total() - q.units[0].weight - q.units[1].weight).abs() < 1e-4);
    }

    #[test]
    fn a_quoted_phrase_is_one_unit_without_synonyms() {
        let q = query("\"lost bag\" refund");
        assert_eq!(q.units.len(), 2);
        assert_eq!(q.units[0].forms.len(), 1);
        assert_eq!(q.units[0].forms[0].terms.len(), 2);
        let w = |word| word_weight(Language::English, word);
        assert!((q.units[0].weight - w("lost") - w("bag")).abs() < 1e-4);
    }

    #[test]
    fn synonyms_are_added_for_inflections_too_and_can_be_dropped() {
        let q = query("bags");
        let shown: Vec<_> = q.units[0].forms.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(shown, ["bags", "luggage", "baggage", "suitcase"]);
        assert_eq!(q.added(), ["luggage", "baggage", "suitcase"]);
        let analyzer = Analyzer::new(Language::English);
        let u = units(&analyzer, field(), "bag", true, &["suitcase".into()]);
        assert_eq!(u[0].forms.len(), 3);
        let exact = units(&analyzer, field(), "bag", false, &[]);
        assert_eq!(exact[0].forms.len(), 1);
    }

    #[test]
    fn a_noun_also_matches_the_verb_whose_act_it_names_and_back() {
        // derived forms the stemmer does not join (tools/derivations.py, each pair read)
        for (typed, derived) in [
            ("notification", "notify"),
            ("notifications", "notify"),
            ("notified", "notification"),
            ("departure", "depart"),
            ("departed", "departure"),
            ("recognition", "recognize"),
            ("recognized", "recognition"),
            ("failure", "fail"),
            ("subscribe", "subscription"),
            ("response", "respond"),
            ("delivery", "deliver"),
            ("complaint", "complain"),
            ("sync", "synchronization"),
        ] {
            let q = query(typed);
            assert_eq!(q.units.len(), 1, "{typed}");
            assert!(
                q.added().contains(&derived.to_string()),
                "{typed}: {:?}",
                q.added()
            );
        }
        // an agent or instrument noun, or a noun that names a thing in comments, adds no verb
        for (typed, verb) in [
            ("player", "play"),
            ("reader", "read"),
            ("controller", "control"),
            ("caller", "call"),
            ("application", "apply"),
            ("service", "serve"),
            ("resolution", "resolve"),
            ("death", "die"),
            // read in comments: "pay extra" is the price, not a payment
            ("payment", "pay"),
        ] {
            let added = query(typed).added();
            assert!(!added.contains(&verb.to_string()), "{typed}: {added:?}");
        }
        // --exact adds none
        let analyzer = Analyzer::new(Language::English);
        assert_eq!(
            units(&analyzer, field(), "notification", false, &[])[0]
                .forms
                .len(),
            1
        );
    }

    #[test]
    fn a_word_also_matches_its_irregular_forms_and_back() {
        // WordNet's exception lists, each pair read (tools/irregular.py)
        for (typed, form) in [
            ("pay", "paid"),
            ("paid", "pay"),
            ("sending", "sent"),
            ("broke", "broken"),
            ("child", "children"),
            ("feet", "foot"),
        ] {
            let added = query(typed).added();
            assert!(added.contains(&form.to_string()), "{typed}: {added:?}");
        }
        // a form that is mostly another word in comments adds nothing
        for (typed, base) in [("left", "leave"), ("ground", "grind"), ("stick", "stuck")] {
            let added = query(typed).added();
            assert!(!added.contains(&base.to_string()), "{typed}: {added:?}");
        }
    }

    #[test]
    fn a_closed_compound_also_matches_its_two_words() {
        let split = |w| compound_split(Language::English, w);
        assert_eq!(split("wifi").as_deref(), Some("wi-fi"));
        assert_eq!(split("audiobooks").as_deref(), Some("audio-books"));
        assert_eq!(split("playlist").as_deref(), Some("play-list"));
        // a word more common than its would-be parts is no compound of them
        assert_eq!(split("season"), None);
        assert_eq!(split("fabric"), None);
        // a particle is indexed after its verb: "setup" matches the phrase "set up", never
        // "set" alone; typed apart, "set up" is one unit that also matches "setup"
        let q = query("setup");
        assert_eq!(q.added(), ["set-up"]);
        let q = query("set up quickly");
        assert_eq!(q.units.len(), 2);
        assert_eq!(q.added(), ["setup"]);
        let q = query("wifi");
        assert!(q.added().contains(&"wi-fi".to_string()), "{:?}", q.added());
    }

    #[test]
    fn only_units_that_can_make_a_hit_lead_the_walk() {
        // "set" alone never passes beside "timers": only the timers lead
        assert_eq!(query("set timers").drivers(), [false, true]);
        // either of two specific words passes alone: both lead
        assert_eq!(query("weather forecast").drivers(), [true, true]);
        // a required word leads alone; an excluded one never does
        assert_eq!(
            query("+lost luggage -delay").drivers(),
            [true, false, false]
        );
        // a response holding only non-leading units fails the cut, whatever they are
        for text in ["make video calls", "website not working", "long hold time"] {
            let q = query(text);
            let d = q.drivers();
            let lone: Vec<bool> = d.iter().map(|&x| !x).collect();
            assert!(!q.passes(&lone), "{text}: {d:?}");
        }
    }

    #[test]
    fn operators_keep_the_strict_language() {
        for q in [
            "a AND b",
            "a OR b",
            "NOT a",
            "(a b)",
            "airline:united",
            "bag*",
        ] {
            assert!(has_operators(q), "{q}");
        }
        for q in [
            "lost luggage",
            "\"lost (luggage)\" refund",
            "+bag -fee",
            "and or",
        ] {
            assert!(!has_operators(q), "{q}");
        }
    }
}
