//! Bundled word lists about single words (see `lexicon/README.md` for sources and licences):
//! sentiment valence (VADER and the pattern/TextBlob lexicon, and their French, German, Dutch,
//! Portuguese and Swedish counterparts) and part-of-speech weights (WordNet 3.0, English only).
//! Spanish and Italian have no permissively licensed lexicon bundled: their clauses are scored
//! by negation, excess words and ask cues alone. Without parts of speech, topic words are
//! judged by frequency and VADER alone.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Language;

// English evaluative words and the aspect each judges (`lexicon/en_aspects.tsv`).
mod aspects;
pub use aspects::{aspect_of, aspect_rows, AspectRole, AspectRow};

/// Part-of-speech weights of one surface word: WordNet tagged-sense counts plus synsets.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PartsOfSpeech {
    pub noun: f32,
    pub verb: f32,
    pub adjective: f32,
    pub adverb: f32,
    /// A past participle of a verb ("cancelled", "lost", "broken").
    pub participle: bool,
}

impl PartsOfSpeech {
    pub fn total(&self) -> f32 {
        self.noun + self.verb + self.adjective + self.adverb
    }

    /// Share of the word's weight that is a noun, 0-1.
    pub fn noun_share(&self) -> f32 {
        self.noun / self.total().max(f32::MIN_POSITIVE)
    }
}

/// One word's entries.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// VADER mean valence, -4..4.
    vader: Option<f32>,
    /// pattern/TextBlob polarity, -1..1.
    polarity: Option<f32>,
    /// pattern/TextBlob subjectivity, 0..1.
    subjectivity: Option<f32>,
    pos: Option<PartsOfSpeech>,
}

/// The word lists of one language.
#[derive(Default)]
pub struct Lexicon {
    words: HashMap<String, Entry>,
    /// WordNet noun senses of a surface word: synset ids from the root down, most frequent
    /// sense first.
    hypernyms: HashMap<String, Vec<Vec<u32>>>,
}

impl Lexicon {
    /// Whether the language has no sentiment scores at all (Spanish, Italian).
    pub fn scores_nothing(&self) -> bool {
        self.words
            .values()
            .all(|e| e.vader.is_none() && e.polarity.is_none())
    }

    /// Valence of a lower-cased surface word, about -2..2: VADER's valence over 4 plus the
    /// pattern polarity (summed, the two disagree least where both are sure); None when neither
    /// lexicon scores it.
    pub fn valence(&self, word: &str) -> Option<f32> {
        let e = self.words.get(word)?;
        match (e.vader, e.polarity) {
            (None, None) => None,
            (v, p) => Some(v.map_or(0.0, |v| v / 4.0) + p.unwrap_or(0.0)),
        }
    }

    /// Valence of a word, or of its base when the lexicons list only that: English regular
    /// inflections ("crashes", "freezes", "cancelled" as "crash", "freeze", "cancel"). Stems
    /// would go too far ("using" is not "useful").
    pub fn valence_inflected(&self, word: &str) -> Option<f32> {
        if let Some(v) = self.valence(word) {
            return Some(v);
        }
        if !word.is_ascii() {
            return None;
        }
        for suffix in ["es", "s", "ed", "d", "ing"] {
            let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() >= 3) else {
                continue;
            };
            let undoubled = base
                .len()
                .checked_sub(2)
                .filter(|&i| base.as_bytes()[i] == base.as_bytes()[i + 1])
                .map(|i| &base[..i + 1]);
            let with_e = format!("{base}e");
            for candidate in [Some(base), Some(with_e.as_str()), undoubled]
                .into_iter()
                .flatten()
            {
                if let Some(v) = self.valence(candidate) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// VADER's own valence (-4..4) of a lower-cased word.
    pub fn vader(&self, word: &str) -> Option<f32> {
        self.words.get(word).and_then(|e| e.vader)
    }

    /// The pattern/TextBlob polarity (-1..1) of a lower-cased word.
    pub fn polarity(&self, word: &str) -> Option<f32> {
        self.words.get(word).and_then(|e| e.polarity)
    }

    /// The pattern/TextBlob subjectivity (0..1) of a lower-cased word.
    pub fn subjectivity(&self, word: &str) -> Option<f32> {
        self.words.get(word).and_then(|e| e.subjectivity)
    }

    pub fn parts_of_speech(&self, word: &str) -> Option<PartsOfSpeech> {
        self.words.get(word).and_then(|e| e.pos)
    }

    /// Noun senses of a lower-cased word as hypernym paths (root first), most frequent first.
    pub fn hypernyms(&self, word: &str) -> Option<&[Vec<u32>]> {
        self.hypernyms.get(word).map(Vec::as_slice)
    }

    /// Every word with noun senses.
    pub fn words_with_hypernyms(&self) -> impl Iterator<Item = &str> {
        self.hypernyms.keys().map(String::as_str)
    }

    /// Every word with parts of speech, for building per-stem tables.
    pub fn words_with_pos(&self) -> impl Iterator<Item = (&str, PartsOfSpeech)> {
        self.words
            .iter()
            .filter_map(|(w, e)| e.pos.map(|p| (w.as_str(), p)))
    }

    fn parse(sentiment: &str, pos: &str, hypernyms: &str) -> Lexicon {
        let mut words: HashMap<String, Entry> = HashMap::new();
        let num = |s: Option<&str>| s.and_then(|s| s.trim().parse::<f32>().ok());
        for line in sentiment.lines().filter(|l| !l.starts_with('#')) {
            let mut cells = line.split('\t');
            let Some(word) = cells.next().filter(|w| !w.is_empty()) else {
                continue;
            };
            let entry = words.entry(word.to_string()).or_default();
            entry.vader = num(cells.next());
            entry.polarity = num(cells.next());
            entry.subjectivity = num(cells.next());
        }
        for line in pos.lines().filter(|l| !l.starts_with('#')) {
            let cells: Vec<&str> = line.split('\t').collect();
            let [word, n, v, a, r, participle, ..] = cells[..] else {
                continue;
            };
            let weight = |s: &str| s.trim().parse::<f32>().unwrap_or(0.0);
            words.entry(word.to_string()).or_default().pos = Some(PartsOfSpeech {
                noun: weight(n),
                verb: weight(v),
                adjective: weight(a),
                adverb: weight(r),
                participle: participle.trim() == "1",
            });
        }
        let hypernyms = hypernyms
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| {
                let mut cells = line.split('\t');
                let word = cells.next()?.to_string();
                let paths = cells
                    .map(|path| {
                        path.split(',')
                            .filter_map(|id| u32::from_str_radix(id, 36).ok())
                            .collect()
                    })
                    .collect();
                Some((word, paths))
            })
            .collect();
        Lexicon { words, hypernyms }
    }
}

/// The lexicon of `lang`, parsed once per process.
pub fn lexicon(lang: Language) -> &'static Lexicon {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<Language, &'static Lexicon>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .expect("lexicon cache lock");
    cache.entry(lang).or_insert_with(|| {
        let (sentiment, pos, hypernyms) = match lang {
            Language::English => (
                include_str!("lexicon/en_sentiment.tsv"),
                include_str!("lexicon/en_pos.tsv"),
                include_str!("lexicon/en_hypernyms.tsv"),
            ),
            Language::French => (include_str!("lexicon/fr_sentiment.tsv"), "", ""),
            Language::German => (include_str!("lexicon/de_sentiment.tsv"), "", ""),
            Language::Dutch => (include_str!("lexicon/nl_sentiment.tsv"), "", ""),
            Language::Portuguese => (include_str!("lexicon/pt_sentiment.tsv"), "", ""),
            Language::Swedish => (include_str!("lexicon/sv_sentiment.tsv"), "", ""),
            Language::Spanish | Language::Italian => ("", "", ""),
        };
        Box::leak(Box::new(Lexicon::parse(sentiment, pos, hypernyms)))
    })
}

/// The term of an English surface word whose Snowball stem would join it to unrelated words
/// ("customer" and "custom", "ironic" and "iron"): its own term, from `lexicon/en_stem_splits.tsv`
/// (WordNet relations, generated by `lexicon/stem_splits.py`). None for every other word, which
/// keeps its stem. A possessive ("customer's") is looked up without its ending.
pub fn split_stem(word: &str) -> Option<&'static str> {
    static SPLITS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let splits = SPLITS.get_or_init(|| {
        stem_split_rows()
            .map(|(word, _stem, term)| (word, term))
            .collect()
    });
    let bare = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word);
    splits.get(bare).copied()
}

/// Rows of `lexicon/en_stem_splits.tsv`: word, the Snowball stem it would get, its own term.
pub fn stem_split_rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    include_str!("lexicon/en_stem_splits.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut cells = l.split('\t');
            Some((cells.next()?, cells.next()?, cells.next()?))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_scores_sentiment_words_and_not_topics() {
        let en = lexicon(Language::English);
        assert!(en.valence("great").unwrap() > 0.5);
        assert!(en.valence("terrible").unwrap() < -0.5);
        assert!(en.valence("seat").is_none_or(|v| v.abs() < 0.3));
        let seat = en.parts_of_speech("seat").unwrap();
        assert!(seat.noun_share() > 0.5);
        let told = en.parts_of_speech("told").unwrap();
        assert!(told.verb > told.noun);
        assert!(en.parts_of_speech("cancelled").unwrap().participle);
        assert_eq!(en.valence_inflected("crashes"), en.valence("crash"));
        assert_eq!(en.valence_inflected("using"), None);
    }
}
