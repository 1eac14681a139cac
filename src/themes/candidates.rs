//! Candidate theme terms: which stems can name what a comment is about, and the words and
//! phrases of a stored comment that are candidates.
//!
//! A theme names a topic: a noun ("seat", "refund"), a domain event ("cancelled", "lost"), or a
//! word rare in general language ("rebook", "itchy"). It never names a mood ("great",
//! "disappointed", "rude") or filler ("told", "tried", "now", "like"). Each stem is judged by its
//! surface forms in general language (wordfreq), weighted by how common each form is:
//! - a form among the most frequent words of the language is filler;
//! - a mostly-noun form is a topic unless it is a strong emotion ("love", "disappointment");
//! - an adjective, adverb or verb that a sentiment lexicon scores is a mood, except a past
//!   participle with a mild score, which reports an event ("cancelled", "delayed", "lost");
//! - any other adjective, adverb or verb is a topic only when rare in general language;
//! - a word the lexicons do not know (names, codes, jargon) is a topic.
//!
//! Candidate terms are stemmed words and phrases of two or three words inside one phrase run (no
//! punctuation or sentence boundary inside). A phrase starts with a content word, a negation or a
//! degree word ("not working", "too expensive") and ends with a content word; function words may
//! sit inside ("waited on hold"). Phrases are judged whole: their words need not be topics.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::analysis::lexicon::lexicon;
pub use crate::analysis::roles::WordRole;
use crate::analysis::roles::{is_evaluative, word_role};
use crate::analysis::{Analyzer, Language, WordClass};
use crate::index::terms;

/// Share of a stem's forms (by frequency) that are moods from which the stem is a mood:
/// "wonder" is mostly written "wonderful" in comments.
const MOOD_FORMS: f64 = 0.25;
/// Most hypernym steps from a word's sense up to a category that groups it as a facet: a longer
/// chain crosses from one notion to another (a manual is a handbook, a book, a publication, a
/// work and so a "product", six steps). The categories grouping facets on the labelled sets are
/// one to four steps up (drinks under food: one; champagne under drinks: four).
const KIND_STEPS: usize = 4;

/// The stems of one language that can never be a theme word, and the meanings of the others.
pub struct TopicWords {
    roles: HashMap<String, WordRole>,
    /// Stems mostly written as an evaluative adjective or adverb, however common ("great",
    /// "good", "well"): a phrase holding one says how, not what.
    evaluative: HashSet<String>,
    /// WordNet noun senses of each stem (those of its most frequent surface form).
    senses: HashMap<String, &'static [Vec<u32>]>,
    /// The WordNet synset of physical things ("physical entity"), under which categories
    /// group their kinds.
    physical: Option<u32>,
    /// Function words (articles, pronouns, prepositions) of the language.
    function: HashSet<String>,
    /// WordNet's amounts said without a unit ("indefinite quantity": a bit, a lot, much), as
    /// synsets.
    amount: HashSet<u32>,
    lex: &'static crate::analysis::lexicon::Lexicon,
    /// Whether a compound's head is its last word ("leg room"), not its first ("servicio
    /// cliente" in the Romance languages).
    head_last: bool,
}

impl TopicWords {
    /// Whether `stem` can be a theme word.
    pub fn is_topic(&self, stem: &str) -> bool {
        matches!(self.role(stem), WordRole::Topic | WordRole::Attribute)
    }

    /// Whether `stem` can name a theme (head a label).
    pub fn can_name(&self, stem: &str) -> bool {
        self.role(stem) == WordRole::Topic
    }

    /// Whether `specific` is a kind of `general` in WordNet (pizza of food, suitcase of luggage),
    /// through a sense of `general` that is a physical thing at least `min_depth` below the root
    /// (so that "object" groups nothing) and at most [`KIND_STEPS`] hypernym steps above a sense
    /// of `specific`: the depth of that sense, or None. Abstract notions stay apart (a charge is
    /// a kind of price, yet billing errors and prices are different concerns).
    ///
    /// `specific` is read in its most frequent sense, or in another where the other words of its
    /// cluster (`context`) are nearer that sense: "jeans" beside pants and chinos are trousers (its
    /// first sense), not the denim fabric; "drinks" beside wine and beer are beverages, not
    /// servings.
    pub fn kind_of(
        &self,
        specific: &str,
        context: &[&str],
        general: &str,
        min_depth: usize,
    ) -> Option<usize> {
        if specific == general {
            return None;
        }
        let (ps, pg) = (self.senses.get(specific)?, self.senses.get(general)?);
        let under = |p: &[u32]| {
            pg.iter()
                .filter(|g| g.len() >= min_depth && g.get(1).copied() == self.physical)
                .filter(|g| {
                    let sense = g.last().expect("paths are never empty");
                    p.len() > g.len() && p.len() - g.len() <= KIND_STEPS && p[g.len() - 1] == *sense
                })
                .map(Vec::len)
                .max()
        };
        let first = ps.first().and_then(|p| under(p));
        first.or_else(|| under(&ps[self.sense_in(ps, context).unwrap_or(0)]))
    }

    /// Which of `senses` its context words are nearest: the Wu-Palmer similarity summed over the
    /// context words with noun senses (each at its nearest sense), the more frequent sense on a
    /// tie; None without such words.
    fn sense_in(&self, senses: &[Vec<u32>], context: &[&str]) -> Option<usize> {
        let nouns: Vec<&[Vec<u32>]> = (context.iter())
            .filter_map(|w| self.senses.get(*w).copied())
            .collect();
        if nouns.is_empty() {
            return None;
        }
        // Wu-Palmer similarity of two senses (their hypernym paths from the root)
        let wup = |x: &[u32], y: &[u32]| {
            let common = x.iter().zip(y).take_while(|(p, q)| p == q).count();
            2.0 * common as f64 / (x.len() + y.len()).max(1) as f64
        };
        let near = |s: &[u32]| -> f64 {
            (nouns.iter())
                .map(|paths| paths.iter().map(|p| wup(s, p)).fold(0.0, f64::max))
                .sum()
        };
        let scores: Vec<f64> = senses.iter().map(|s| near(s)).collect();
        (0..senses.len()).reduce(|best, i| if scores[i] > scores[best] { i } else { best })
    }

    /// Whether `stem` has a WordNet noun sense (a common noun can carry a theme's label).
    pub fn is_noun(&self, stem: &str) -> bool {
        self.senses.contains_key(stem)
    }

    /// Whether `stem` is an evaluative adjective or adverb ("great", "good", "perfectly").
    pub fn is_evaluative(&self, stem: &str) -> bool {
        self.evaluative.contains(stem)
    }

    /// Whether the most frequent noun sense of `stem` is an amount said without a unit ("bit",
    /// "lot", "tad"): a phrase ending in one says how much, not what.
    pub fn is_amount(&self, stem: &str) -> bool {
        self.first_sense_under(stem, &self.amount)
    }

    fn first_sense_under(&self, stem: &str, synsets: &HashSet<u32>) -> bool {
        self.senses
            .get(stem)
            .and_then(|paths| paths.first())
            .is_some_and(|path| path.iter().any(|s| synsets.contains(s)))
    }

    /// Whether a phrase as written narrates what the respondent did with the subject instead of
    /// naming a part or an aspect of it: a verb without sentiment, then only function words,
    /// then the noun ("bought this dress", "saw this dress", "booked a flight").
    pub fn narrates(&self, written: &str) -> bool {
        let words: Vec<&str> = written.split(' ').collect();
        if words.len() < 3 {
            return false;
        }
        let first = words[0];
        let plain_verb = self.lex.parts_of_speech(first).is_some_and(|pos| {
            pos.verb > pos.noun + pos.adjective + pos.adverb
                && self.lex.vader(first).unwrap_or(0.0).abs() < 0.5
        });
        plain_verb
            && words[1..words.len() - 1]
                .iter()
                .all(|w| self.function.contains(*w))
    }

    /// Whether a phrase as written reports what a thing or someone did: a noun first, an
    /// inflected verb without sentiment last ("reviewer mentioned", "dress fits", "flight was
    /// delayed", "flight landed"): an event told, not a part or an aspect of the subject.
    /// `stems` is the phrase's key; a last word written as its stem ("boarding pass") is no
    /// inflected verb.
    pub fn reports_action(&self, written: &str, stems: &str) -> bool {
        let words: Vec<&str> = written.split(' ').collect();
        let Some(last) = words.last() else {
            return false;
        };
        let last_stem = stems.rsplit(' ').next().unwrap_or("");
        // The noun may follow words that qualify it ("least technical colleague manages").
        let noun_first = words[..words.len() - 1].iter().any(|w| {
            self.lex
                .parts_of_speech(w)
                .is_some_and(|pos| pos.noun > pos.verb + pos.adjective + pos.adverb)
        });
        let verb_last = self.lex.parts_of_speech(last).is_some_and(|pos| {
            pos.verb > pos.noun + pos.adjective + pos.adverb
                && self.lex.vader(last).unwrap_or(0.0).abs() < 0.5
        });
        words.len() >= 2 && *last != last_stem && noun_first && verb_last
    }

    /// Whether a word as written can be a noun (or is unknown to the part-of-speech lexicon):
    /// "manages" cannot, "ground" can.
    pub fn written_as_noun(&self, written: &str) -> bool {
        self.lex
            .parts_of_speech(&written.to_lowercase())
            .is_none_or(|pos| pos.noun > 0.0)
    }

    /// Whether a compound's head is its last word (English, German...), not its first.
    pub fn head_last(&self) -> bool {
        self.head_last
    }

    /// What `stem` is (a topic when the lexicons do not know it).
    pub fn role(&self, stem: &str) -> WordRole {
        self.roles.get(stem).copied().unwrap_or(WordRole::Topic)
    }
}

/// The topic words of `analyzer`'s language, built once per process.
pub fn topic_words(analyzer: &Analyzer) -> &'static TopicWords {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<Language, &'static TopicWords>>> =
        OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .expect("topic word cache lock");
    cache
        .entry(analyzer.language())
        .or_insert_with(|| Box::leak(Box::new(build(analyzer))))
}

fn build(analyzer: &Analyzer) -> TopicWords {
    let lex = lexicon(analyzer.language());
    // Per stem: total weight of its forms, the weight of each role, and of evaluative forms.
    let mut weights: HashMap<String, [f64; 6]> = HashMap::new();
    let mut listed = HashSet::new();
    let mut add = |stem: String, role: WordRole, w: f64, evaluative: bool| {
        let entry = weights.entry(stem).or_default();
        entry[0] += w;
        entry[1 + role as usize] += w;
        entry[5] += evaluative as u8 as f64 * w;
    };
    for (rank, (word, zipf)) in
        crate::analysis::frequency::frequencies(analyzer.language()).enumerate()
    {
        listed.insert(word);
        let Some((WordClass::Content, stem)) = analyzer.plain_word(word) else {
            continue;
        };
        add(
            stem,
            word_role(lex, word, Some((zipf, rank))),
            10f64.powf(zipf),
            is_evaluative(lex, word),
        );
    }
    // Lexicon words rarer than the frequency list weigh as the rarest listed words.
    let mut unlisted: Vec<(&str, _)> = lex
        .words_with_pos()
        .filter(|(w, _)| !listed.contains(w))
        .collect();
    unlisted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (word, _) in unlisted {
        if let Some((WordClass::Content, stem)) = analyzer.plain_word(word) {
            add(
                stem,
                word_role(lex, word, None),
                10f64.powf(2.0),
                is_evaluative(lex, word),
            );
        }
    }
    let evaluative = weights
        .iter()
        .filter(|(_, w)| w[5] >= MOOD_FORMS * w[0])
        .map(|(stem, _)| stem.clone())
        .collect();
    let roles = weights
        .into_iter()
        .filter_map(|(stem, [total, topic, attribute, mood, filler, _])| {
            let role = if mood >= MOOD_FORMS * total {
                WordRole::Mood
            } else if filler > total / 2.0 {
                WordRole::Filler
            } else if attribute > topic {
                WordRole::Attribute
            } else {
                return None;
            };
            Some((stem, role))
        })
        .collect();
    // A stem means what its most frequent form means.
    let mut senses: HashMap<String, &'static [Vec<u32>]> = HashMap::new();
    let mut unlisted: Vec<&str> = lex.words_with_hypernyms().collect();
    unlisted.sort_unstable();
    let forms = crate::analysis::frequency::frequencies(analyzer.language())
        .map(|(w, _)| w)
        .chain(unlisted);
    for word in forms {
        if let (Some(paths), Some((WordClass::Content, stem))) =
            (lex.hypernyms(word), analyzer.plain_word(word))
        {
            senses.entry(stem).or_insert(paths);
        }
    }
    let function: HashSet<String> = crate::analysis::frequency::frequencies(analyzer.language())
        .filter_map(|(w, _)| match analyzer.plain_word(w) {
            Some((WordClass::Function, _)) => Some(w.to_string()),
            _ => None,
        })
        .collect();
    let amount = amounts_of(analyzer, lex);
    let physical = lex
        .hypernyms("object")
        .and_then(|paths| paths.first())
        .and_then(|path| path.get(1))
        .copied();
    TopicWords {
        roles,
        evaluative,
        senses,
        physical,
        function,
        amount,
        lex,
        head_last: !analyzer.language().head_first(),
    }
}

/// WordNet's amounts: within the most frequent sense of "quantity", the categories the
/// language's degree words are in ("much": indefinite quantity, with "bit", "lot", "tad"), as
/// synsets. Other languages have no WordNet: none.
fn amounts_of(analyzer: &Analyzer, lex: &crate::analysis::lexicon::Lexicon) -> HashSet<u32> {
    let mut amount = HashSet::new();
    let Some(&quantity) = lex
        .hypernyms("quantity")
        .and_then(|p| p.first())
        .and_then(|p| p.last())
    else {
        return amount;
    };
    for word in crate::analysis::degree_words(analyzer.language()) {
        if let Some(path) = lex.hypernyms(word).and_then(|p| p.first()) {
            if let Some(at) = path.iter().position(|&s| s == quantity) {
                amount.extend(path.get(at + 1));
            }
        }
    }
    amount
}

/// Candidate keys of one stored word string, each once, via `emit(key, len)`.
pub fn candidates(stored: &str, buf: &mut String, emit: &mut dyn FnMut(&str, u8)) {
    let mut run: Vec<(WordClass, &str)> = Vec::with_capacity(32);
    let mut flush = |run: &mut Vec<(WordClass, &str)>, buf: &mut String| {
        for i in 0..run.len() {
            let (c0, w0) = run[i];
            if c0 == WordClass::Content && is_term_word(w0) {
                emit(w0, 1);
            }
            if !matches!(
                c0,
                WordClass::Content | WordClass::Negation | WordClass::Degree
            ) {
                continue;
            }
            for len in 2..=3 {
                let Some(&(cl, wl)) = run.get(i + len - 1) else {
                    break;
                };
                if cl != WordClass::Content || !is_term_word(wl) || wl == w0 {
                    continue;
                }
                buf.clear();
                for (k, (_, w)) in run[i..i + len].iter().enumerate() {
                    if k > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(w);
                }
                emit(buf, len as u8);
            }
        }
        run.clear();
    };
    for token in terms::decode(stored) {
        match token {
            Some(t) => run.push(t),
            None => flush(&mut run, buf),
        }
    }
    flush(&mut run, buf);
}

/// Words that can carry a theme: not bare numbers, not single letters.
fn is_term_word(w: &str) -> bool {
    w.chars().count() > 1
        && !w
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        || w.chars().any(|c| c as u32 >= 0x2600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_and_amounts_are_told_from_the_words() {
        let topics = topic_words(&Analyzer::new(Language::English));
        // A verb without sentiment, function words, the noun: what the respondent did.
        for phrase in ["bought this dress", "ordered this dress", "saw this dress"] {
            assert!(topics.narrates(phrase), "{phrase}");
        }
        // A part or an event of the subject.
        for phrase in [
            "checked bag",
            "cancelled my flight",
            "selection of food",
            "runs small",
        ] {
            assert!(!topics.narrates(phrase), "{phrase}");
        }
        // An amount says how much ("little bit"), a unit or a thing does not.
        assert!(topics.is_amount("bit") && topics.is_amount("lot"));
        assert!(!topics.is_amount("hour") && !topics.is_amount("sleev"));
    }

    fn keys(text: &str) -> Vec<String> {
        let mut stored = String::new();
        terms::encode(&Analyzer::new(Language::English).analyze(text), &mut stored);
        let mut out = Vec::new();
        candidates(&stored, &mut String::new(), &mut |k, _| {
            out.push(k.to_string())
        });
        out
    }

    #[test]
    fn phrases_respect_boundaries_and_function_words() {
        let k = keys("The flight was cancelled, lost bag");
        assert!(k.contains(&"flight".to_string()) && k.contains(&"lost bag".to_string()));
        assert!(
            !k.iter().any(|x| x == "the flight" || x == "cancel lost"),
            "{k:?}"
        );
        assert!(k.contains(&"flight was cancel".to_string()), "{k:?}");
    }

    #[test]
    fn negations_and_degree_words_open_phrases() {
        let k = keys("Too expensive and not working");
        assert!(
            k.contains(&"too expens".to_string()) && k.contains(&"not work".to_string()),
            "{k:?}"
        );
        assert!(!k.contains(&"too".to_string()) && !k.contains(&"not".to_string()));
    }

    /// A category groups facets a few hypernym steps up; six steps cross to another notion.
    #[test]
    fn categories_are_a_few_steps_up() {
        let topics = topic_words(&Analyzer::new(Language::English));
        assert!(topics
            .kind_of("drink", &["wine", "beer"], "food", 5)
            .is_some());
        assert!(topics.kind_of("suitcas", &[], "luggag", 5).is_some());
        assert_eq!(topics.kind_of("manual", &[], "product", 5), None);
    }

    /// A word is read in its most frequent sense, or in the one its cluster's words are nearest:
    /// jeans beside pants and chinos are trousers, not denim cloth; drinks beside wine are
    /// beverages, not servings (the first sense of both).
    #[test]
    fn categories_read_a_word_in_its_clusters_sense() {
        let topics = topic_words(&Analyzer::new(Language::English));
        let fabric = |context: &[&str]| topics.kind_of("jean", context, "fabric", 5);
        assert_eq!(fabric(&["pant", "chino", "pair"]), None);
        assert_eq!(fabric(&[]), None, "the first sense of jeans is trousers");
        assert!(fabric(&["cotton", "linen", "textur"]).is_some());
        assert_eq!(topics.kind_of("drink", &[], "food", 5), None);
        assert!(topics
            .kind_of("drink", &["wine", "beer"], "food", 5)
            .is_some());
        // the first sense decides where it is a kind: chicken is food whatever is beside it
        assert!(topics
            .kind_of("chicken", &["fish", "crab"], "food", 5)
            .is_some());
    }

    /// A label written as a verb only is read again; one that can be a noun stays.
    #[test]
    fn labels_written_as_verbs_are_told() {
        let topics = topic_words(&Analyzer::new(Language::English));
        assert!(!topics.written_as_noun("manages"));
        assert!(topics.written_as_noun("ground") && topics.written_as_noun("support staff"));
    }

    #[test]
    fn topics_not_moods_or_filler() {
        let a = Analyzer::new(Language::English);
        let topics = topic_words(&a);
        let stem = |w: &str| a.index_terms(w).pop().unwrap();
        for w in [
            "seat",
            "refund",
            "luggage",
            "cancelled",
            "delayed",
            "lost",
            "fabric",
            "battery",
            "legroom",
            "sizing",
            "fit",
        ] {
            assert!(topics.can_name(&stem(w)), "{w} should be a topic");
        }
        assert!(topics.is_topic(&stem("tasty")) && !topics.can_name(&stem("tasty")));
        for w in [
            "great",
            "worst",
            "rude",
            "disappointed",
            "told",
            "asked",
            "tried",
            "happened",
            "amazing",
            "terrible",
            "wonderful",
            "bland",
            "although",
        ] {
            assert!(!topics.is_topic(&stem(w)), "{w} should not be a topic");
        }
    }
}
