//! General-language word frequencies (`analysis::frequency`), stemmed with the index's analyzer,
//! so that single-group theme runs can tell "time" (common everywhere) from "refund".

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::frequency::frequencies;
use crate::analysis::{Analyzer, Language, WordClass};

/// Probability of each stem per running word of general text.
pub struct Background {
    probability: HashMap<String, f64>,
    /// Probability assumed for a stem missing from the list (rarer than its rarest word).
    pub floor: f64,
}

impl Background {
    pub fn probability(&self, stem: &str) -> f64 {
        self.probability.get(stem).copied().unwrap_or(self.floor)
    }
}

/// The background of `analyzer`'s language, built once per process.
pub fn background(analyzer: &Analyzer) -> &'static Background {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<Language, &'static Background>>> =
        OnceLock::new();
    let lang = analyzer.language();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .expect("background cache lock");
    cache
        .entry(lang)
        .or_insert_with(|| Box::leak(Box::new(build(analyzer, lang))))
}

fn build(analyzer: &Analyzer, lang: Language) -> Background {
    let mut probability: HashMap<String, f64> = HashMap::new();
    let mut min_zipf = f64::MAX;
    for (word, zipf) in frequencies(lang) {
        min_zipf = min_zipf.min(zipf);
        let p = 10f64.powf(zipf - 9.0);
        // Most list entries are plain words; segmenting each one cost a tenth of a small run.
        match analyzer.plain_word(word) {
            Some((WordClass::Content, term)) => *probability.entry(term).or_default() += p,
            Some(_) => {}
            None => {
                for w in analyzer.analyze(word) {
                    if w.class == WordClass::Content {
                        *probability.entry(w.term).or_default() += p;
                    }
                }
            }
        }
    }
    Background {
        probability,
        floor: 10f64.powf(min_zipf.min(3.0) - 0.5 - 9.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_analysed_as_the_full_pipeline_does() {
        for lang in Language::ALL {
            let analyzer = Analyzer::new(lang);
            let mut plain = 0;
            for (word, _) in frequencies(lang) {
                if let Some((class, term)) = analyzer.plain_word(word) {
                    plain += 1;
                    let full = analyzer.analyze(word);
                    assert_eq!(full.len(), 1, "{lang}: {word:?} -> {full:?}");
                    assert_eq!(
                        (full[0].class, &full[0].term),
                        (class, &term),
                        "{lang}: {word:?}"
                    );
                }
            }
            assert!(plain > 1000, "{lang}: only {plain} plain words");
        }
    }

    #[test]
    fn common_words_are_likelier_than_rare_ones() {
        let b = background(&Analyzer::new(Language::English));
        assert!(b.probability("time") > 100.0 * b.probability("refund"));
        assert!(b.probability("refund") > b.probability("zxqvy"));
        assert_eq!(b.probability("zxqvy"), b.floor);
    }
}
