//! The one text-analysis pipeline: UAX #29 words, lowercasing, contractions, stopwords, stemming.
//!
//! The tantivy index, the query parser, the snippet highlighter and the theme extractor all call
//! [`Analyzer::analyze`], so search and themes always agree on what a word is. Tokens keep byte
//! offsets into the original text, so highlights and quotes point at the words as written.
//!
//! Bump [`ANALYZER_VERSION`] whenever a change here would give a different stem for any input:
//! an index built by another version is refused rather than misread.

pub mod frequency;
pub mod header;
pub mod learned;
pub mod lexicon;
mod phrasal;
pub mod placeholder;
pub mod roles;
pub mod sentiment;
pub mod slant;
mod stopwords;
pub use stopwords::degree_words;
mod tokenizer;
mod words;

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

pub use tokenizer::{to_tokens, VerbatimTokenizer, TOKENIZER_NAME};
pub use words::{quote_sentences, sentences};

/// Version of the analysis rules; stored with each index.
pub const ANALYZER_VERSION: u32 = 8;

/// Languages with a stopword list and a Snowball stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    English,
    German,
    French,
    Spanish,
    Dutch,
    Portuguese,
    Italian,
    Swedish,
}

impl Language {
    pub const ALL: [Language; 8] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
        Language::Dutch,
        Language::Portuguese,
        Language::Italian,
        Language::Swedish,
    ];

    /// Whether a compound's head is its first word ("servicio cliente" in the Romance
    /// languages), not its last ("customer service", "leg room").
    pub fn head_first(self) -> bool {
        matches!(
            self,
            Language::French | Language::Spanish | Language::Italian | Language::Portuguese
        )
    }

    /// ISO 639-1 code, as typed after `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::Dutch => "nl",
            Language::Portuguese => "pt",
            Language::Italian => "it",
            Language::Swedish => "sv",
        }
    }

    fn algorithm(self) -> rust_stemmers::Algorithm {
        use rust_stemmers::Algorithm as A;
        match self {
            Language::English => A::English,
            Language::German => A::German,
            Language::French => A::French,
            Language::Spanish => A::Spanish,
            Language::Dutch => A::Dutch,
            Language::Portuguese => A::Portuguese,
            Language::Italian => A::Italian,
            Language::Swedish => A::Swedish,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_lowercase();
        Language::ALL
            .into_iter()
            .find(|l| l.code() == s || format!("{l:?}").to_lowercase() == s)
            .ok_or_else(|| {
                let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
                format!("unknown language '{s}'; choose one of {}", codes.join(", "))
            })
    }
}

/// What part a word plays, which decides whether it is indexed and where it may sit in a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// Carries meaning: indexed, may start or end a theme phrase.
    Content,
    /// Article, pronoun, preposition, auxiliary: not indexed, never starts or ends a phrase.
    Function,
    /// "too", "very": not indexed, may open a phrase ("too expensive").
    Degree,
    /// "not", "no", "never": indexed, may open a phrase ("not working").
    Negation,
    /// The particle of a phrasal verb people also write as one word ("up" in "set up"):
    /// indexed, so the index finds "set up" for "setup", but a function word to themes.
    Particle,
    /// "@united", or a redaction mark ("XXXX", "[name]"): searchable, but an address or a
    /// stand-in, not something said, so never part of a theme.
    Mention,
}

impl WordClass {
    /// Whether the search index holds words of this class.
    pub fn is_indexed(self) -> bool {
        matches!(
            self,
            WordClass::Content | WordClass::Negation | WordClass::Mention | WordClass::Particle
        )
    }
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Byte range of the word as written in the analysed text.
    pub start: usize,
    pub end: usize,
    /// The normalised, stemmed term: what the index stores and themes count.
    pub term: String,
    /// Word position, counting every word (stopwords too), so phrases never skip a gap.
    pub position: usize,
    pub class: WordClass,
    /// Punctuation, a line break or a sentence end separates this word from the previous one.
    pub boundary_before: bool,
    /// Sentiment of the word as written ([`lexicon::Lexicon::valence`]), for content words.
    pub valence: Option<f32>,
}

/// The analysis pipeline for one language. Cheap to clone.
#[derive(Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

struct Inner {
    lang: Language,
    stemmer: rust_stemmers::Stemmer,
    function: HashSet<&'static str>,
    degree: HashSet<&'static str>,
    negation: HashSet<&'static str>,
    /// English phrasal verbs whose particle is indexed ([`phrasal`]).
    phrasal: phrasal::Phrasal,
}

impl fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Analyzer({})", self.inner.lang)
    }
}

impl Analyzer {
    pub fn new(lang: Language) -> Analyzer {
        let negation: HashSet<_> = stopwords::negations(lang).iter().copied().collect();
        let function = stopwords::stopwords(lang)
            .filter(|w| !negation.contains(w))
            .collect();
        let mut analyzer = Analyzer {
            inner: Arc::new(Inner {
                lang,
                stemmer: rust_stemmers::Stemmer::create(lang.algorithm()),
                function,
                degree: stopwords::degree_words(lang).iter().copied().collect(),
                negation,
                phrasal: Default::default(),
            }),
        };
        if lang == Language::English {
            let table = phrasal::Phrasal::english(|word| analyzer.classify(word).1);
            if let Some(inner) = Arc::get_mut(&mut analyzer.inner) {
                inner.phrasal = table;
            }
        }
        analyzer
    }

    pub fn language(&self) -> Language {
        self.inner.lang
    }

    /// Every word of `text`, stopwords included (see [`Word::class`]).
    pub fn analyze(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        self.analyze_into(text, &mut out);
        out
    }

    /// Like [`Analyzer::analyze`], appending to `out` to reuse its allocation.
    pub fn analyze_into(&self, text: &str, out: &mut Vec<Word>) {
        let first = out.len();
        let marks = placeholder::redaction_spans(text);
        words::split(
            text,
            self.inner.lang,
            &mut |start, end, lowered, boundary| {
                let position = out.len() - first;
                let mut word = self.word(start, end, lowered, position, boundary);
                if start > 0 && text.as_bytes()[start - 1] == b'@' {
                    word.class = WordClass::Mention;
                    word.term = lowered.to_string();
                } else if placeholder::is_x_word(lowered)
                    || marks.iter().any(|&(s, e)| s < start && end < e)
                {
                    // A redaction mark ("XXXX", "[name]") stands in for what was said.
                    word.class = WordClass::Mention;
                }
                out.push(word);
            },
        );
        if !self.inner.phrasal.is_empty() {
            self.inner.phrasal.mark(text, &mut out[first..]);
        }
    }

    /// The joined word of a phrasal verb written apart ("setting", "up" -> "setup"), if listed.
    pub fn phrasal_joined(&self, verb: &str, particle: &str) -> Option<&str> {
        let (_, term) = self.classify(&verb.to_lowercase());
        self.inner.phrasal.joined(&term, particle)
    }

    /// Terms of `text` as the index holds them: stems of content words and negations.
    pub fn index_terms(&self, text: &str) -> Vec<String> {
        self.analyze(text)
            .into_iter()
            .filter(|w| w.class.is_indexed())
            .map(|w| w.term)
            .collect()
    }

    fn word(
        &self,
        start: usize,
        end: usize,
        lowered: &str,
        position: usize,
        boundary_before: bool,
    ) -> Word {
        let (class, term, valence) = STEMS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != Some(self.inner.lang) || cache.1.len() > STEM_CACHE_SIZE {
                *cache = (Some(self.inner.lang), Default::default());
            }
            if let Some((class, term, valence)) = cache.1.get(lowered) {
                return (*class, term.clone(), *valence);
            }
            let (class, term) = self.classify(lowered);
            let valence = match class {
                WordClass::Content => lexicon::lexicon(self.inner.lang).valence_inflected(lowered),
                _ => None,
            };
            cache
                .1
                .insert(lowered.to_string(), (class, term.clone(), valence));
            (class, term, valence)
        });
        Word {
            start,
            end,
            term,
            position,
            class,
            boundary_before,
            valence,
        }
    }
}

impl Analyzer {
    /// Class and term of one plain word of lower-case ASCII letters, without segmenting: what
    /// [`Analyzer::analyze`] gives for it. None for anything else, which needs the full analysis.
    pub fn plain_word(&self, word: &str) -> Option<(WordClass, String)> {
        let glued = self.inner.lang == Language::English && words::glued_negation(word).is_some();
        (!word.is_empty() && !glued && word.bytes().all(|b| b.is_ascii_lowercase())).then(|| {
            let (class, term) = self.classify(word);
            match placeholder::is_x_word(word) {
                true => (WordClass::Mention, term),
                false => (class, term),
            }
        })
    }

    /// Class and term of a lower-cased word (uncached).
    fn classify(&self, lowered: &str) -> (WordClass, String) {
        let inner = &*self.inner;
        let class = if inner.negation.contains(lowered) {
            WordClass::Negation
        } else if inner.degree.contains(lowered) {
            WordClass::Degree
        } else if inner.function.contains(lowered) {
            WordClass::Function
        } else {
            WordClass::Content
        };
        let split = (class == WordClass::Content && inner.lang == Language::English)
            .then(|| lexicon::split_stem(lowered))
            .flatten();
        let term = if let Some(term) = split {
            term.to_string()
        } else if class == WordClass::Content && lowered.chars().any(char::is_alphabetic) {
            let stem = inner.stemmer.stem(lowered);
            if inner.lang == Language::English {
                fold_accents(&stem)
            } else {
                stem.into_owned()
            }
        } else {
            lowered.to_string()
        };
        (class, term)
    }
}

/// Words seen per thread with their class and stem: word frequencies are Zipfian, so most words
/// of a large file are looked up rather than stemmed again. Cleared when it grows past its size
/// or the language changes.
type StemCache = (
    Option<Language>,
    rustc_hash::FxHashMap<String, (WordClass, String, Option<f32>)>,
);
const STEM_CACHE_SIZE: usize = 200_000;
thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new((None, Default::default()));
}

/// "café" -> "cafe": English text borrows accented words, and searchers type them without.
/// Other languages keep their accents, which their stemmers rely on.
fn fold_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    // A "word" of combining marks alone folds to nothing: keep it as it is.
    if s.chars()
        .all(unicode_normalization::char::is_combining_mark)
    {
        return s.to_string();
    }
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    s.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new(Language::English).index_terms(text)
    }

    #[test]
    fn stems_inflections_to_one_term() {
        assert_eq!(terms("billing billed bills"), ["bill", "bill", "bill"]);
        assert_eq!(terms("Cancelled flights"), ["cancel", "flight"]);
    }

    #[test]
    fn negations_survive_and_contractions_split() {
        assert_eq!(terms("It's not working"), ["not", "work"]);
        assert_eq!(terms("I don't like it"), ["not", "like"]);
        assert_eq!(terms("I can't log in"), ["not", "log", "in"]);
        assert_eq!(
            terms("won't load, didnt help"),
            ["not", "load", "not", "help"]
        );
        assert_eq!(
            terms("No response from support"),
            ["no", "response", "support"]
        );
        assert_eq!(
            terms("never again, without warning"),
            ["never", "without", "warn"]
        );
    }

    #[test]
    fn curly_apostrophes_and_possessives() {
        assert_eq!(terms("don’t"), ["not"]);
        assert_eq!(terms("the customer's account"), ["customer", "account"]);
        assert_eq!(terms("customers’ accounts"), ["customer", "account"]);
    }

    #[test]
    fn a_replacement_character_between_letters_is_a_lost_apostrophe() {
        // Real exports decoded with the wrong encoding upstream hold "don\u{FFFD}t".
        assert_eq!(
            terms("I still don\u{FFFD}t have it"),
            terms("I still don’t have it")
        );
        assert_eq!(terms("It\u{FFFD}s slow"), ["slow"]);
        let a = Analyzer::new(Language::English);
        let text = "we don\u{FFFD}t care";
        let words = a.analyze(text);
        assert_eq!(&text[words[2].start..words[2].end], "n\u{FFFD}t");
        assert_eq!(words[2].term, "not");
        // The placeholders and the ask cues read it the same way.
        assert_eq!(
            placeholder::placeholder("I don\u{FFFD}t know").as_deref(),
            Some("i don't know")
        );
        assert!(sentiment::has_ask_cue(
            Language::English,
            "I\u{FFFD}d like a refund"
        ));
        // Elsewhere it is no apostrophe: a lost currency sign, or a lost letter in French.
        assert_eq!(terms("paid \u{FFFD}50 twice"), ["paid", "50", "twice"]);
        let fr = Analyzer::new(Language::French);
        assert_ne!(fr.analyze("caf\u{FFFD} froid").len(), 0);
    }

    #[test]
    fn hyphenated_words_become_adjacent_terms() {
        let a = Analyzer::new(Language::English);
        let words = a.analyze("easy check-in");
        let terms: Vec<_> = words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["easi", "check", "in"]);
        assert_eq!(words[2].position, words[1].position + 1);
        assert!(
            !words[2].boundary_before,
            "a hyphen does not split a phrase"
        );
    }

    #[test]
    fn numbers_emoji_and_accents() {
        assert_eq!(
            terms("waited 3.5 hours, 24/7 support"),
            ["wait", "3.5", "hour", "24", "7", "support"]
        );
        assert_eq!(terms("love it 😍👍"), ["love", "😍", "👍"]);
        assert_eq!(terms("Café NAÏVE"), ["cafe", "naiv"]);
        assert_eq!(terms("cafe naive"), ["cafe", "naiv"]);
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "Billing was WRONG, again!";
        let words = Analyzer::new(Language::English).analyze(text);
        let surfaces: Vec<_> = words.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(surfaces, ["Billing", "was", "WRONG", "again"]);
        assert_eq!(words[1].class, WordClass::Function);
        assert!(words[3].boundary_before, "the comma is a boundary");
        assert!(!words[2].boundary_before);
    }

    #[test]
    fn degree_words_are_not_indexed_but_classified() {
        let words = Analyzer::new(Language::English).analyze("too expensive");
        assert_eq!(words[0].class, WordClass::Degree);
        assert_eq!(terms("too expensive"), ["expens"]);
    }

    #[test]
    fn other_languages_stem_and_keep_negations() {
        let de = Analyzer::new(Language::German);
        assert_eq!(
            de.index_terms("Die Rechnung ist nicht korrekt"),
            ["rechnung", "nicht", "korrekt"]
        );
        let fr = Analyzer::new(Language::French);
        assert_eq!(
            fr.index_terms("L'application ne marche pas"),
            ["appliqu", "ne", "march", "pas"]
        );
        let es = Analyzer::new(Language::Spanish);
        assert_eq!(
            es.index_terms("No funciona la aplicación"),
            ["no", "funcion", "aplic"]
        );
    }

    #[test]
    fn urls_are_skipped_and_mentions_marked() {
        let a = Analyzer::new(Language::English);
        let words = a.analyze("@united lost my bag http://t.co/x1Y2 see www.example.com/a?b=c now");
        let classes: Vec<_> = words.iter().map(|w| (w.term.as_str(), w.class)).collect();
        assert_eq!(classes[0], ("united", WordClass::Mention));
        let terms: Vec<_> = words.iter().map(|w| w.term.as_str()).collect();
        assert_eq!(terms, ["united", "lost", "my", "bag", "see", "now"]);
        assert!(words[4].boundary_before && words[5].boundary_before);
    }

    #[test]
    fn redaction_marks_are_searchable_and_never_theme_words() {
        let a = Analyzer::new(Language::English);
        let words = a.analyze("XXXX at [store name] called me, <email> too");
        let marked: Vec<_> = words
            .iter()
            .filter(|w| w.class == WordClass::Mention)
            .map(|w| w.term.as_str())
            .collect();
        assert_eq!(marked, ["xxxx", "store", "name", "email"]);
        assert_eq!(a.index_terms("[name]"), ["name"]);
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(terms("").is_empty());
        assert!(terms("... !!! ---").is_empty());
        assert_eq!(terms("'quoted'"), ["quot"]);
    }

    /// Snowball joins these words; WordNet does not relate them, so each keeps its own term.
    /// Checked by reading: different meanings, one stem.
    const KEPT_APART: [(&str, &str); 8] = [
        ("customer", "custom"),
        ("customers", "customized"),
        ("experiment", "experience"),
        ("authority", "author"),
        ("ironic", "iron"),
        ("busy", "business"),
        ("important", "import"),
        ("university", "universe"),
    ];
    /// Snowball joins these and WordNet relates them: one term, as before.
    const KEPT_TOGETHER: [(&str, &str); 12] = [
        ("customer", "customers"),
        ("ironic", "ironically"),
        ("help", "helped"),
        ("helpful", "helpfulness"),
        ("attentive", "attentively"),
        ("cancelled", "cancellation"),
        ("experience", "experiences"),
        ("author", "authors"),
        ("texture", "textured"),
        ("delay", "delayed"),
        ("comfort", "comfortable"),
        ("connect", "connection"),
    ];

    /// Evaluative words of the aspect table that Snowball joins to a commoner word of another
    /// use (an act, a person, a thing): the evaluative word has its own term, so themes can count
    /// it for the aspect it judges (`lexicon/stem_splits.py`, from `en_aspects.tsv`).
    const EVALUATIVE_APART: [(&str, &str); 8] = [
        ("helpful", "help"),
        ("friendly", "friend"),
        ("caring", "care"),
        ("attentive", "attention"),
        ("welcoming", "welcome"),
        ("respectful", "respect"),
        ("thoughtful", "thought"),
        ("responsive", "response"),
    ];

    #[test]
    fn stems_that_join_different_words_are_kept_apart() {
        for (a, b) in EVALUATIVE_APART {
            assert_ne!(terms(a), terms(b), "{a} / {b} should be apart");
        }
        for (a, b) in KEPT_APART {
            assert_ne!(terms(a), terms(b), "{a} / {b} should be apart");
        }
        for (a, b) in KEPT_TOGETHER {
            assert_eq!(terms(a), terms(b), "{a} / {b} should share a term");
        }
        // Other languages keep their stems.
        let fr = Analyzer::new(Language::French);
        assert_eq!(fr.index_terms("customer"), ["custom"]);
    }

    #[test]
    fn the_split_table_holds_the_stems_this_stemmer_gives() {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let rows: Vec<_> = lexicon::stem_split_rows().collect();
        assert!(rows.len() > 100);
        let differ: Vec<_> = rows
            .iter()
            .filter(|(word, stem, _)| stemmer.stem(word) != *stem)
            .collect();
        assert!(
            differ.is_empty(),
            "regenerate en_stem_splits.tsv: {differ:?}"
        );
        for (word, stem, term) in rows {
            assert_ne!(term, stem, "{word}");
        }
    }

    #[test]
    fn language_parses_from_code_or_name() {
        assert_eq!("de".parse::<Language>().unwrap(), Language::German);
        assert_eq!("Swedish".parse::<Language>().unwrap(), Language::Swedish);
        assert!("xx".parse::<Language>().unwrap_err().contains("en, de"));
    }
}
