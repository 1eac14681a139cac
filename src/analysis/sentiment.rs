//! What each clause of a comment says: its polarity from its own words and whether it asks for
//! something. A theme mention takes the kind of the clause it sits in, so "the food was great
//! but the seat was broken" praises the food and complains about the seat, whatever the score.
//!
//! Polarity is the sum of the clause's scored words ([`super::lexicon`]), each flipped and damped
//! by a negation among the three words before it ("not good"), scaled by a degree word just before
//! it ("very good"), and turned negative by an excess word ("too small"). A negation before
//! unscored words ("never arrived", "did not fit") is a mild complaint. Sentences split into
//! clauses at contrast words ("but", "however"); the response's overall sentiment weighs the
//! clause after a contrast above the one before it, as readers do.

use std::ops::Range;

use super::{Analyzer, Language, Word, WordClass};

/// Polarity at which a clause counts as praise or complaint.
pub const CLEAR: f32 = 0.3;
/// Polarity at which a sentence is clearly positive or negative (for "mixed").
const STRONG: f32 = 0.5;
/// VADER's damping of a negated word.
const NEGATED: f32 = -0.74;
/// A negation before words no lexicon scores ("never arrived").
const NEGATED_EVENT: f32 = -0.35;
/// An excess word before an unscored or positive word ("too small", "too sweet").
const EXCESS: f32 = -0.5;

/// One clause of a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Byte range in the analysed text.
    pub span: Range<usize>,
    /// Indexes into the analysed words.
    pub words: Range<usize>,
    /// Which sentence of the text it belongs to (0-based).
    pub sentence: usize,
    pub polarity: f32,
    /// The part of `polarity` that negated events gave ("never arrived", "no ads"): words no
    /// lexicon scores, after a negation.
    pub negated_events: f32,
    /// The sentence it belongs to asks for something ("please add", "I wish").
    pub ask: bool,
    /// The words of its polarity that may be a subject's name rather than an opinion ("help" in
    /// "help desk", "support" in "support team"): positive, not negated, and not mostly an
    /// adjective or adverb as written ("helpful" judges). Each with its index into the analysed
    /// words and its share of `polarity`; themes read a clause without those that name a theme.
    pub names: Vec<(usize, f32)>,
}

impl Clause {
    pub fn negative(&self) -> bool {
        self.polarity <= -CLEAR
    }
    pub fn positive(&self) -> bool {
        self.polarity >= CLEAR
    }
}

/// A response's overall sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Neutral,
    Positive,
    Negative,
    /// At least one clearly positive and one clearly negative sentence.
    Mixed,
}

impl Sentiment {
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Neutral => "neutral",
            Sentiment::Positive => "positive",
            Sentiment::Negative => "negative",
            Sentiment::Mixed => "mixed",
        }
    }
    /// A small number for storage (see `index::schema::CUES`).
    pub fn code(self) -> u64 {
        match self {
            Sentiment::Neutral => 0,
            Sentiment::Positive => 1,
            Sentiment::Negative => 2,
            Sentiment::Mixed => 3,
        }
    }
    pub fn from_code(code: u64) -> Sentiment {
        match code & 3 {
            1 => Sentiment::Positive,
            2 => Sentiment::Negative,
            3 => Sentiment::Mixed,
            _ => Sentiment::Neutral,
        }
    }
}

/// The clauses of `text`, whose analysed words are `words` (from [`Analyzer::analyze`]).
pub fn clauses(analyzer: &Analyzer, text: &str, words: &[Word]) -> Vec<Clause> {
    let lang = analyzer.language();
    let mut out = Vec::new();
    let mut next = 0;
    for (sentence, range) in super::sentences(text).into_iter().enumerate() {
        let first = next;
        while next < words.len() && words[next].start < range.end {
            next += 1;
        }
        if first == next {
            continue;
        }
        let ask = has_ask_cue(lang, &text[range.clone()]);
        let mut start = first;
        for i in first + 1..=next {
            if i == next || is_contrast(lang, &words[i]) {
                let mut names = Vec::new();
                let (polarity, negated_events) = polarity(lang, text, &words[start..i], &mut names);
                names.iter_mut().for_each(|(k, _)| *k += start);
                out.push(Clause {
                    span: words[start].start..words[i - 1].end,
                    words: start..i,
                    sentence,
                    polarity,
                    negated_events,
                    ask,
                    names,
                });
                start = i;
            }
        }
    }
    out
}

/// The overall sentiment of a response from its clauses.
pub fn overall(clauses: &[Clause]) -> Sentiment {
    let (mut total, mut strong_pos, mut strong_neg) = (0.0f32, false, false);
    let mut i = 0;
    while i < clauses.len() {
        let sentence = clauses[i].sentence;
        let end = clauses[i..]
            .iter()
            .position(|c| c.sentence != sentence)
            .map_or(clauses.len(), |p| i + p);
        let parts = &clauses[i..end];
        // Before a contrast counts half, after it half again: "good food but slow service".
        let sum: f32 = parts
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let weight = match (parts.len(), k) {
                    (1, _) => 1.0,
                    (_, 0) => 0.5,
                    _ => 1.5,
                };
                weight * c.polarity
            })
            .sum();
        strong_pos |= sum >= STRONG;
        strong_neg |= sum <= -STRONG;
        total += sum;
        i = end;
    }
    if strong_pos && strong_neg {
        Sentiment::Mixed
    } else if total >= 0.05 {
        Sentiment::Positive
    } else if total <= -0.05 {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    }
}

/// The polarity of a clause's words and the part of it that negated events gave; the words
/// that may be a name ([`Clause::names`]) go to `names` (indexes into `words`) with their share.
fn polarity(
    lang: Language,
    text: &str,
    words: &[Word],
    names: &mut Vec<(usize, f32)>,
) -> (f32, f32) {
    let (mut total, mut events) = (0.0, 0.0);
    let mut negation_spent = usize::MAX;
    for (i, w) in words.iter().enumerate() {
        if w.class != WordClass::Content {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).map(|j| &words[j]);
        let negation = (1..=3)
            .filter_map(before)
            .position(|p| p.class == WordClass::Negation)
            .map(|k| i - 1 - k);
        let degree = before(1).filter(|p| p.class == WordClass::Degree);
        let excess = degree.is_some_and(|d| excess_words(lang).contains(&d.term.as_str()));
        match w.valence {
            Some(mut v) => {
                if excess && v > -0.1 {
                    v = EXCESS;
                } else if let Some(d) = degree {
                    v *= intensity(&d.term);
                }
                if negation.is_some() {
                    v *= NEGATED;
                } else if v > 0.0 && !excess && may_name(lang, &text[w.start..w.end]) {
                    names.push((i, v));
                }
                total += v;
            }
            None if excess => total += EXCESS,
            None => {
                // A negation whose window holds no scored word negates an event: "never arrived".
                if let Some(at) = negation {
                    let window = &words[at + 1..(at + 4).min(words.len())];
                    if negation_spent != at && window.iter().all(|x| x.valence.is_none()) {
                        // A need denied is no event that failed: "nobody needed a manual".
                        if !needs(lang).contains(&w.term.as_str()) {
                            total += NEGATED_EVENT;
                            events += NEGATED_EVENT;
                        }
                        negation_spent = at;
                    }
                }
            }
        }
    }
    (total, events)
}

/// Whether a positive word as written may name a subject ("help", "support", "like", "value"):
/// where parts of speech are known, it is not mostly an adjective or adverb ("helpful",
/// "comfortable" judge whatever they qualify).
fn may_name(lang: Language, written: &str) -> bool {
    let lowered = written.to_lowercase();
    super::lexicon::lexicon(lang)
        .parts_of_speech(&lowered)
        .is_none_or(|p| p.adjective + p.adverb <= p.noun + p.verb)
}

/// How much a degree word strengthens the word after it.
fn intensity(term: &str) -> f32 {
    match term {
        "extremely" | "incredibly" | "absolutely" | "totally" | "completely" | "sehr" | "très"
        | "muy" | "zeer" | "heel" | "muito" | "molto" | "mycket" => 1.4,
        "slightly" | "somewhat" | "rather" | "quite" | "fairly" => 0.8,
        _ => 1.3,
    }
}

/// Degree words meaning "more than wanted".
/// Stems of needing: denied, they say something was not necessary ("no need to call", "nobody
/// needed a manual"), not that something failed to happen.
fn needs(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &["need", "requir"],
        _ => &[],
    }
}

fn excess_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &["too"],
        Language::German => &["zu"],
        Language::French => &["trop"],
        Language::Spanish => &["demasiado"],
        Language::Dutch => &["te"],
        Language::Portuguese => &["demais"],
        Language::Italian => &["troppo"],
        Language::Swedish => &["för"],
    }
}

fn is_contrast(lang: Language, w: &Word) -> bool {
    let words: &[&str] = match lang {
        Language::English => &[
            "but",
            "however",
            "although",
            "though",
            "yet",
            "except",
            "whereas",
            "unfortunately",
        ],
        Language::German => &["aber", "jedoch", "doch", "leider", "obwohl"],
        Language::French => &["mais", "cependant", "pourtant", "malheureusement"],
        Language::Spanish => &["pero", "sino", "aunque", "desafortunadamente"],
        Language::Dutch => &["maar", "echter", "helaas", "hoewel"],
        Language::Portuguese => &["mas", "porém", "contudo", "infelizmente"],
        Language::Italian => &["ma", "però", "tuttavia", "purtroppo"],
        Language::Swedish => &["men", "dock", "tyvärr", "fast"],
    };
    words.contains(&w.term.as_str())
}

/// Request cues per language, matched on the lower-cased text (not on stems: "missing" must
/// not match "miss").
fn ask_cues(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::English => &[
            "i wish",
            "wish it",
            "wish you",
            "wish there",
            "would love",
            "would like",
            "i'd love",
            "i'd like",
            "please",
            "it would be nice",
            "would be nice",
            "would be great",
            "would be good",
            "would be helpful",
            "it'd be nice",
            "should have",
            "should be able",
            "need a ",
            "needs a ",
            "need an ",
            "need more",
            "need better",
            "add an option",
            "add a feature",
            "feature request",
            "suggestion",
            "i suggest",
            "hope you",
            "could you",
            "can you",
            "why not add",
            "allow us",
            "let us ",
        ],
        Language::German => &[
            "bitte",
            "wäre schön",
            "wäre gut",
            "wäre toll",
            "ich wünsche",
            "wünschenswert",
            "sollte",
            "könnten sie",
        ],
        Language::French => &[
            "s'il vous plaît",
            "svp",
            "serait bien",
            "j'aimerais",
            "il faudrait",
            "pourriez",
            "je souhaite",
        ],
        Language::Spanish => &[
            "por favor",
            "sería bueno",
            "me gustaría",
            "deberían",
            "podrían",
            "ojalá",
        ],
        Language::Dutch => &[
            "graag",
            "zou fijn",
            "zou mooi",
            "alstublieft",
            "alsjeblieft",
            "zou handig",
        ],
        Language::Portuguese => &["por favor", "seria bom", "gostaria", "deveriam", "poderiam"],
        Language::Italian => &[
            "per favore",
            "sarebbe bello",
            "vorrei",
            "dovreste",
            "potreste",
        ],
        Language::Swedish => &["snälla", "vore bra", "önskar", "borde", "skulle vilja"],
    }
}

/// Whether the sentence `text` asks for something. "Missing" asks only to open it ("Missing a
/// Jira sync"); "my bag went missing" is a complaint.
pub fn has_ask_cue(lang: Language, text: &str) -> bool {
    // One pass over the sentence for every cue of the language (this runs for every sentence
    // ingested); ASCII text needs no lower-cased copy.
    type Matchers = std::collections::HashMap<Language, &'static aho_corasick::AhoCorasick>;
    static CUES: std::sync::OnceLock<std::sync::Mutex<Matchers>> = std::sync::OnceLock::new();
    let cues = *CUES
        .get_or_init(Default::default)
        .lock()
        .expect("ask cue lock")
        .entry(lang)
        .or_insert_with(|| {
            Box::leak(Box::new(
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(ask_cues(lang))
                    .expect("ask cues build"),
            ))
        });
    let lowered;
    let text = if text.is_ascii() {
        text
    } else {
        lowered = super::words::repaired(lang, text)
            .to_lowercase()
            .replace('\u{2019}', "'");
        &lowered
    };
    cues.is_match(text)
        || lang == Language::English
            && text
                .trim_start()
                .get(..8)
                .is_some_and(|start| start.eq_ignore_ascii_case("missing "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses_of(text: &str) -> Vec<(String, f32, bool)> {
        let a = Analyzer::new(Language::English);
        let words = a.analyze(text);
        clauses(&a, text, &words)
            .into_iter()
            .map(|c| (text[c.span.clone()].to_string(), c.polarity, c.ask))
            .collect()
    }

    fn sentiment(text: &str) -> Sentiment {
        let a = Analyzer::new(Language::English);
        let words = a.analyze(text);
        overall(&clauses(&a, text, &words))
    }

    #[test]
    fn contrast_splits_praise_from_complaint() {
        let c = clauses_of("The food was great but the seat was broken.");
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[0].1 >= CLEAR, "{c:?}");
        assert!(c[1].1 <= -CLEAR, "{c:?}");
    }

    #[test]
    fn negation_flips_and_events_complain() {
        assert_eq!(
            sentiment("The staff were not friendly"),
            Sentiment::Negative
        );
        assert_eq!(
            sentiment("No problems at all, good service"),
            Sentiment::Positive
        );
        assert_eq!(sentiment("My bag never arrived"), Sentiment::Negative);
        assert_eq!(sentiment("Nobody needed a manual"), Sentiment::Neutral);
        assert_eq!(sentiment("No need to call them"), Sentiment::Neutral);
        assert_eq!(sentiment("The dress runs too small"), Sentiment::Negative);
        assert_eq!(
            sentiment("We flew to Boston on Tuesday"),
            Sentiment::Neutral
        );
    }

    #[test]
    fn mixed_needs_a_clear_sentence_each_way() {
        assert_eq!(
            sentiment("The crew were wonderful. The food was awful."),
            Sentiment::Mixed
        );
        assert_eq!(sentiment("Great food, great staff."), Sentiment::Positive);
    }

    /// The positive words that may name a subject are noted with their share: nouns and verbs as
    /// written ("help", "support"), not adjectives ("helpful") or negated words.
    #[test]
    fn names_are_positive_words_not_written_as_adjectives() {
        let a = Analyzer::new(Language::English);
        let names = |text: &str| -> Vec<String> {
            let words = a.analyze(text);
            clauses(&a, text, &words)
                .iter()
                .flat_map(|c| c.names.iter().map(|&(k, _)| words[k].term.clone()))
                .collect()
        };
        assert_eq!(
            names("Support at the help desk was helpful"),
            ["support", "help"]
        );
        assert!(names("There was no help at all").is_empty());
        let text = "Support takes 72+ hours to respond, which is ironic for a help desk product";
        let words = a.analyze(text);
        let c = clauses(&a, text, &words);
        let shares: f32 = c[0].names.iter().map(|n| n.1).sum();
        assert!(c[0].positive() && c[0].polarity - shares < CLEAR, "{c:?}");
    }

    #[test]
    fn ask_cues_belong_to_their_sentence() {
        let c = clauses_of("Support is slow. Please add dark mode.");
        assert!(!c[0].2 && c[1].2, "{c:?}");
        let en = Language::English;
        assert!(has_ask_cue(en, "I WISH it integrated with Salesforce"));
        assert!(has_ask_cue(en, "Missing a Jira sync"));
        assert!(!has_ask_cue(en, "I miss the old version"));
        assert!(!has_ask_cue(en, "My bag went missing"));
        assert!(has_ask_cue(Language::German, "Bitte eine App für Android"));
    }
}
