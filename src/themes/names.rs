//! Names found from the corpus itself: a word (or a run of two or three words) that respondents
//! capitalise mid-sentence in most of its uses ("Heathrow", "Club World", "Toshiba"). No name
//! list is bundled. Names are listed apart ("names mentioned", with their own mentions, kinds and
//! quotes); one may be a facet, never the label of a theme that a common noun can carry.
//!
//! The evidence is the stored text of an even sample of the responses (the first in id-hash
//! order): each word not at the start of a sentence (after `.`, `!`, `?`, `:`, `;`, a line break
//! or a quote mark), in a sentence that is not a title or shouting (half or more of its content
//! words capitalised; for a word in capitals, of its other words after the first: "THANK YOU SO
//! MUCH"), counts once; it is capitalised when its first letter is upper case. A word written in
//! capitals amid lower-case
//! words is a code or an acronym: a name ("JFK", listed as written) only where it is said as a
//! place, right after a word that says where ("to JFK", "at LHR"), in a third of its uses or
//! more; an acronym of a common noun ("the IFE", "an API", "DM me") or the company itself ("BA
//! staff") is not. A run of words holding one in capitals says nothing. Languages that
//! capitalise every noun (German) find no names.

use std::collections::{HashMap, HashSet};

use crate::analysis::{Analyzer, Language, Word, WordClass};
use crate::index::Store;

use super::candidates::TopicWords;
use super::corpus::Corpus;

/// Responses whose text is read for capitalisation.
const NAME_DOCS: usize = 2000;
/// Fewest mid-sentence uses in the texts read for a word to be judged.
const MIN_USES: u32 = 3;
/// Share of its mid-sentence uses a name is capitalised in: most of them.
const NAME_SHARE: f64 = 0.5;
/// Share of a sentence's content words capitalised from which it is a title or shouting.
const TITLE_SHARE: f64 = 0.5;
/// Share of a word's responses covered by name phrases holding it from which the word is listed
/// through those phrases only ("club" in "Club World" and "Club Europe").
const COVERED: f64 = 0.8;
/// Most names kept in a theme set.
pub const MAX_NAMES: usize = 40;

/// Share of a word's uses right after a number from which it is a unit ("10 hour flight", "2
/// hours", "5 inches"): a phrase it starts measures its head.
const UNIT_SHARE: f64 = 1.0 / 3.0;

/// What the texts as written say about terms: which are names, which are units.
#[derive(Debug, Default)]
pub struct AsWritten {
    pub names: HashSet<u32>,
    /// The names written in capitals in most of their capitalised uses ("JFK", "IFE").
    pub capitals: HashSet<u32>,
    pub units: HashSet<u32>,
}

/// Mid-sentence uses of a term, how many were capitalised, and how many of those in capitals.
#[derive(Debug, Default, Clone, Copy)]
struct Uses {
    total: u32,
    capitalised: u32,
    capitals: u32,
    /// Uses in capitals right after a word that says where ("to JFK").
    placed: u32,
}

/// Share of its uses from which a word is said as a place: after a word that says where ("at",
/// "to", "from"), as a place or a store is and a common noun is not (it takes an article: "at
/// the gate"); names 0.43-0.66 of their uses (JFK, LHR, SFO, Heathrow, the clothing reviews'
/// "retailer"), common nouns at most 0.29 ("in economy").
pub(super) const PLACE_SHARE: f64 = 1.0 / 3.0;

/// The corpus terms (words and phrases) that are names, and the words that are units, judged
/// from `texts`.
pub fn as_written(analyzer: &Analyzer, corpus: &Corpus, texts: &[String]) -> AsWritten {
    let id_of: HashMap<&str, u32> = corpus
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i as u32))
        .collect();
    let mut uses: HashMap<u32, Uses> = HashMap::new();
    // Uses of each word, and after a number.
    let mut numbered: HashMap<u32, Uses> = HashMap::new();
    let german = analyzer.language() == Language::German;
    let mut words = Vec::new();
    let mut key = String::new();
    for text in texts {
        words.clear();
        analyzer.analyze_into(text, &mut words);
        // An address (@united) is no word of the sentence: the word after it starts one, and a
        // hashtag's word is a tag, not a use (the gap before it holds '#').
        words.retain(|w| w.class != WordClass::Mention);
        for (i, w) in words.iter().enumerate() {
            let Some(&id) = id_of.get(w.term.as_str()) else {
                continue;
            };
            let u = numbered.entry(id).or_default();
            u.total += 1;
            u.capitalised += (i > 0
                && !w.boundary_before
                && words[i - 1].term.bytes().all(|b| b.is_ascii_digit()))
                as u32;
        }
        // Languages that capitalise every noun tell nothing of names this way.
        if german {
            continue;
        }
        for sentence in sentences(text, &words) {
            let content: Vec<&Word> = sentence
                .iter()
                .filter(|w| w.class == WordClass::Content)
                .collect();
            let caps = content
                .iter()
                .filter(|w| !matches!(case(text, w), Case::Lower))
                .count();
            let title = caps as f64 >= TITLE_SHARE * content.len() as f64;
            // For a word in capitals: the content words after the first (capitalised as the
            // first, whatever it is), and how many are capitalised.
            let (later, later_caps) = match sentence.first() {
                Some(w) if w.class == WordClass::Content => (
                    content.len() - 1,
                    caps - (case(text, w) != Case::Lower) as usize,
                ),
                _ => (content.len(), caps),
            };
            // Mid-sentence words and runs of two or three words, without a break inside.
            for start in 1..sentence.len() {
                for len in 1..=3 {
                    let Some(run) = sentence.get(start..start + len) else {
                        break;
                    };
                    if run.iter().skip(1).any(|w| w.boundary_before)
                        || run[0].class != WordClass::Content
                        || run[len - 1].class != WordClass::Content
                    {
                        continue;
                    }
                    key.clear();
                    for (k, w) in run.iter().enumerate() {
                        if k > 0 {
                            key.push(' ');
                        }
                        key.push_str(&w.term);
                    }
                    let Some(&id) = id_of.get(key.as_str()) else {
                        continue;
                    };
                    let cases: Vec<Case> = run
                        .iter()
                        .filter(|w| w.class == WordClass::Content)
                        .map(|w| case(text, w))
                        .collect();
                    // A title or shouting tells nothing: half the sentence's content words
                    // capitalised or more, or, for a word in capitals, half its other words after
                    // the first ("flight to JFK" is no title, "THANK YOU SO MUCH" is shouting).
                    let capitalised = cases.iter().all(|c| *c != Case::Lower);
                    let upper = cases.contains(&Case::Upper);
                    let shouting = || {
                        let others = later - 1;
                        others == 0 || (later_caps - 1) as f64 >= TITLE_SHARE * others as f64
                    };
                    if (upper && (len > 1 || shouting())) || (!upper && title) {
                        continue;
                    }
                    let u = uses.entry(id).or_default();
                    u.total += 1;
                    u.capitalised += capitalised as u32;
                    u.capitals += upper as u32;
                    u.placed +=
                        (upper && super::quotes::after_place_word(text, sentence, start)) as u32;
                }
            }
        }
    }
    // A word written in capitals is a name only where it is said as a place ("to JFK", "at
    // LHR") in a third of its uses or more: an acronym of a common noun is written so too ("the
    // IFE", "an API", "internal HR", "DM me").
    let capitals: HashSet<u32> = uses
        .iter()
        .filter(|(_, u)| 2 * u.capitals > u.capitalised)
        .map(|(&id, _)| id)
        .collect();
    uses.retain(|id, u| !capitals.contains(id) || PLACE_SHARE * u.total as f64 <= u.placed as f64);
    let kept = |uses: HashMap<u32, Uses>, share: f64, strict: bool| -> HashSet<u32> {
        uses.into_iter()
            .filter(|(_, u)| {
                let at = share * u.total as f64;
                u.total >= MIN_USES
                    && if strict {
                        u.capitalised as f64 > at
                    } else {
                        u.capitalised as f64 >= at
                    }
            })
            .map(|(id, _)| id)
            .collect()
    };
    let names = kept(uses, NAME_SHARE, true);
    AsWritten {
        capitals: capitals.intersection(&names).copied().collect(),
        names,
        units: kept(numbered, UNIT_SHARE, false),
    }
}

/// The texts of the first responses read (in id-hash order, so whatever the index layout).
pub fn sample_texts(
    store: &Store,
    searcher: &tantivy::Searcher,
    corpus: &Corpus,
    columns: Option<&[usize]>,
) -> Vec<String> {
    corpus
        .sampled()
        .take(NAME_DOCS)
        .map(|d| super::quotes::text_of_columns(store, searcher, d.address, columns))
        .collect()
}

/// The names worth listing, most used first: in at least `min_df` sampled responses, a word
/// distinctive against general language too (`sal`, G2 before any opinion weight); a word mostly said inside
/// listed name phrases is left to them ("club" to "Club World").
pub fn listed(corpus: &Corpus, sal: &[f64], names: &HashSet<u32>, min_df: u32) -> Vec<u32> {
    let mut out: Vec<u32> = names
        .iter()
        .copied()
        .filter(|&t| {
            let term = &corpus.terms[t as usize];
            // A run of capitalised words is specific enough ("Club World", whose "world" is
            // common); a word alone must be distinctive against general language.
            !term.ignored
                && term.df >= min_df
                && (term.len > 1 || sal[t as usize] >= super::discover::SIGNIFICANT)
        })
        .collect();
    let phrases: Vec<u32> = out
        .iter()
        .copied()
        .filter(|&t| corpus.terms[t as usize].len > 1)
        .collect();
    out.retain(|&t| {
        let term = &corpus.terms[t as usize];
        if term.len > 1 {
            // A phrase of a longer listed name ("british airways" in "british airways club").
            return true;
        }
        let covered: u32 = phrases
            .iter()
            .filter(|&&p| corpus.terms[p as usize].parts.contains(&t))
            .map(|&p| corpus.terms[p as usize].df)
            .sum();
        (covered as f64) < COVERED * term.df as f64
    });
    super::discover::by_frequency(corpus, &mut out);
    out.truncate(MAX_NAMES);
    out
}

/// A name as written mid-sentence: each word's first letter upper case ("club world" -> "Club
/// World").
pub fn capitalised(form: &str) -> String {
    form.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What discovery knows of terms as written: which are names, and how a term is written.
pub struct Surface<'a> {
    pub names: &'a HashSet<u32>,
    /// Words said after a number in a third of their uses or more ("hour", "inch").
    pub units: &'a HashSet<u32>,
    pub written: &'a dyn Fn(u32) -> String,
}

impl Surface<'_> {
    pub(super) fn is_name(&self, term: u32) -> bool {
        self.names.contains(&term)
    }
}

/// Whether a phrase ends in the first word of a label of content words without holding the
/// label's head: "return leg" under "leg room", "ba customer" under "customer service". A
/// modifier used as a head is mostly another sense (a journey's leg), as quotes read it.
/// ("wait on hold", with a function word inside, has no modifier first.)
pub(super) fn heads_with_modifier(corpus: &Corpus, label: u32, phrase: u32) -> bool {
    let term = &corpus.terms[label as usize];
    let label: Vec<&str> = term.key.split(' ').collect();
    let words: Vec<&str> = corpus.terms[phrase as usize].key.split(' ').collect();
    // a key split at spaces has a first and a last word
    let (modifier, head) = (label[0], label[label.len() - 1]);
    term.parts.len() == term.len as usize
        && label.len() > 1
        && words.last() == Some(&modifier)
        && !words.contains(&head)
}

/// Whether a phrase says what the respondent did or how much, not what: narration ("bought
/// this dress", see [`TopicWords::narrates`]), a unit first ("hour flight": a duration), an
/// amount last ("little bit"). Never a label or a facet.
pub(super) fn narrates_or_measures(
    corpus: &Corpus,
    topics: &TopicWords,
    surface: &Surface,
    p: u32,
) -> bool {
    let term = &corpus.terms[p as usize];
    let last = term.key.rsplit(' ').next().unwrap_or("");
    let unit_first = term
        .key
        .split(' ')
        .next()
        .and_then(|first| {
            term.parts
                .iter()
                .find(|&&w| corpus.terms[w as usize].key == first)
        })
        .is_some_and(|w| surface.units.contains(w));
    unit_first || topics.is_amount(last) || topics.narrates(&(surface.written)(p))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    /// First letter upper case, not all of them.
    Title,
    /// All capitals (two letters or more): an acronym or shouting.
    Upper,
}

fn case(text: &str, w: &Word) -> Case {
    let form = &text[w.start..w.end];
    let mut letters = form.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Case::Lower;
    };
    if !first.is_uppercase() {
        return Case::Lower;
    }
    let mut rest: Vec<char> = letters.collect();
    // "FAs", "TVs": an acronym's plural.
    if rest.len() > 1 && rest.last() == Some(&'s') {
        rest.pop();
    }
    if !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
        Case::Upper
    } else {
        Case::Title
    }
}

/// The words of `text` cut into sentences: a new one starts where the gap before a word holds a
/// sentence end, a colon or semicolon, a line break, a quote mark, a bullet, an address or a
/// hashtag.
fn sentences<'w>(text: &str, words: &'w [Word]) -> Vec<&'w [Word]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..words.len() {
        let gap = text.get(words[i - 1].end..words[i].start).unwrap_or("");
        if gap.chars().any(|c| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | ':'
                    | ';'
                    | '\n'
                    | '\r'
                    | '"'
                    | '“'
                    | '”'
                    | '('
                    | '-'
                    | '•'
                    | '*'
                    | '@'
                    | '#'
            )
        }) {
            out.push(&words[start..i]);
            start = i;
        }
    }
    if start < words.len() {
        out.push(&words[start..]);
    }
    out
}

impl super::count::Describe<'_> {
    /// The names of the selection, most mentioned first, at most `top`, each with its quotes
    /// (a describer of names, after [`Run::mark_names`]).
    pub(super) fn names_in(&self, top: usize) -> Vec<super::NameMention> {
        if self.run.names.is_empty() {
            return Vec::new();
        }
        let mut counted: Vec<(usize, super::model::Theme)> = self
            .themes_in(None)
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.mentions >= self.run.describe_min.max(1) as u64)
            .collect();
        counted.sort_by_key(|(i, t)| (std::cmp::Reverse(t.mentions), *i));
        counted.truncate(top);
        self.finish_all(&mut counted, None);
        counted
            .into_iter()
            .map(|(_, t)| super::NameMention {
                name: t.label,
                key: t.key,
                kind: t.kind,
                mentions: t.mentions,
                share: t.share,
                kinds: t.kinds,
                quotes: t.quotes,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_capitalised_mid_sentence_are_names() {
        let analyzer = Analyzer::new(Language::English);
        let texts: Vec<String> = [
            "My old Toshiba broke after a year.",
            "The Toshiba screen and the keyboard were fine.",
            "I flew via Heathrow and the screen was broken.",
            "We love the Toshiba keyboard, the screen is great.",
            "Toshiba support was slow. The screen flickers.",
            "GREAT KEYBOARD AND SCREEN, TOSHIBA ROCKS",
            "The flight to JFK was late, the screen dark.",
            "Landed at JFK on time.",
            "Our JFK terminal was fine.",
            "the keyboard was BROKEN and the screen too.",
            "Sadly the IFE screen was dead.",
            "The old IFE was poor, the keyboard too.",
            "I liked the IFE and the screen.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut corpus = Corpus::default();
        for key in ["toshiba", "screen", "keyboard", "jfk", "broken", "ife"] {
            corpus.terms.push(super::super::corpus::Term {
                key: key.into(),
                len: 1,
                df: 5,
                unit_df: 5,
                parts: Vec::new(),
                ignored: false,
            });
        }
        let written = as_written(&analyzer, &corpus, &texts);
        // "Toshiba" mid-sentence three times, capitalised each time; at the start of a sentence
        // and in shouting it says nothing. "screen" is never capitalised. "JFK" is written in
        // capitals amid lower-case words three times, twice as a place (after "to", "at"): a
        // name, written in capitals; "IFE" too, but never as a place: an acronym of a common
        // noun. "BROKEN" once in capitals is emphasis, not enough uses to judge.
        assert_eq!(written.names, HashSet::from([0, 3]));
        assert_eq!(written.capitals, HashSet::from([3]));
    }
}
