//! Word polarity learned from the scores, for a language without a permissively licensed
//! sentiment lexicon (Spanish, Italian): a word used far more often in the high band's comments
//! than in the low band's, or the reverse, says something good or bad in this survey. It gives a
//! clause its kind through its words, as a lexicon's scores would; a kind still never follows
//! the response's own band.

use std::collections::{HashMap, HashSet};

use super::{Word, WordClass};

/// Fewest responses a word must be in, in the two bands together, to be scored.
const MIN_RESPONSES: u64 = 20;
/// How much more often (in one band than the other, as a ratio of rates) a word must be used.
const MIN_RATIO: f64 = 2.0;
/// Two-proportion z from which the difference counts.
const MIN_Z: f64 = 3.0;
/// Valence per unit of log ratio; a lexicon's clear words score about 1.
const SCALE: f64 = 0.5;

/// Counts words per band while a file is read once, then scores them.
#[derive(Debug, Default)]
pub struct PolarityCounts {
    /// Per stem: responses of the low band and of the high band using it.
    words: HashMap<String, (u64, u64)>,
    /// Per stem: the first way it was written, for messages.
    written: HashMap<String, String>,
    low: u64,
    high: u64,
}

impl PolarityCounts {
    /// One response's words (analysed from `text`), from the low band (`high` false) or the
    /// high band.
    pub fn add(&mut self, text: &str, words: &[Word], high: bool) {
        let mut stems: HashSet<&str> = HashSet::new();
        for w in words.iter().filter(|w| w.class == WordClass::Content) {
            stems.insert(w.term.as_str());
            if !self.written.contains_key(&w.term) {
                let form = text.get(w.start..w.end).unwrap_or(&w.term).to_lowercase();
                self.written.insert(w.term.clone(), form);
            }
        }
        for stem in stems {
            let entry = self.words.entry(stem.to_string()).or_default();
            if high {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        }
        if high {
            self.high += 1;
        } else {
            self.low += 1;
        }
    }

    /// The words whose use differs clearly between the bands, with a valence.
    pub fn learn(self) -> LearnedPolarity {
        let (n_low, n_high) = (self.low as f64, self.high as f64);
        let mut valences = HashMap::new();
        if n_low < 1.0 || n_high < 1.0 {
            return LearnedPolarity {
                valences,
                written: self.written,
            };
        }
        for (stem, (low, high)) in self.words {
            if low + high < MIN_RESPONSES {
                continue;
            }
            let (p_low, p_high) = (low as f64 / n_low, high as f64 / n_high);
            let pooled = (low + high) as f64 / (n_low + n_high);
            let se = (pooled * (1.0 - pooled) * (1.0 / n_low + 1.0 / n_high)).sqrt();
            let z = if se > 0.0 { (p_high - p_low) / se } else { 0.0 };
            let ratio =
                ((high as f64 + 0.5) / (n_high + 1.0)) / ((low as f64 + 0.5) / (n_low + 1.0));
            if z.abs() >= MIN_Z && (ratio >= MIN_RATIO || ratio <= 1.0 / MIN_RATIO) {
                valences.insert(stem, (SCALE * ratio.ln().clamp(-2.0, 2.0)) as f32);
            }
        }
        LearnedPolarity {
            valences,
            written: self.written,
        }
    }
}

/// Valences of stems learned from one file's scores.
#[derive(Debug, Default, Clone)]
pub struct LearnedPolarity {
    valences: HashMap<String, f32>,
    written: HashMap<String, String>,
}

impl LearnedPolarity {
    pub fn len(&self) -> usize {
        self.valences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.valences.is_empty()
    }

    /// The `n` most positive and most negative learned words as first written, for messages.
    pub fn strongest<'a>(&'a self, n: usize) -> (Vec<&'a str>, Vec<&'a str>) {
        let form =
            |stem: &'a str| -> &'a str { self.written.get(stem).map_or(stem, String::as_str) };
        let mut all: Vec<(&str, f32)> = self
            .valences
            .iter()
            .map(|(s, v)| (s.as_str(), *v))
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let good = all
            .iter()
            .filter(|w| w.1 > 0.0)
            .take(n)
            .map(|w| form(w.0))
            .collect();
        let bad = all
            .iter()
            .rev()
            .filter(|w| w.1 < 0.0)
            .take(n)
            .map(|w| form(w.0))
            .collect();
        (good, bad)
    }

    /// Gives the content words no lexicon scores their learned valence.
    pub fn apply(&self, words: &mut [Word]) {
        for w in words.iter_mut() {
            if w.class == WordClass::Content && w.valence.is_none() {
                w.valence = self.valences.get(&w.term).copied();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, Language};

    #[test]
    fn words_of_one_band_get_its_polarity_and_common_words_none() {
        let a = Analyzer::new(Language::Spanish);
        let mut counts = PolarityCounts::default();
        let good = "La entrega fue rápida y el producto llegó";
        let bad = "El producto llegó roto y tarde";
        for _ in 0..40 {
            counts.add(good, &a.analyze(good), true);
            counts.add(bad, &a.analyze(bad), false);
        }
        let learned = counts.learn();
        assert!(
            learned.strongest(3).1.contains(&"roto"),
            "{:?}",
            learned.strongest(3)
        );
        let mut words = a.analyze("producto roto, entrega rápida");
        learned.apply(&mut words);
        let valence = |term: &str| {
            words
                .iter()
                .find(|w| w.term == a.analyze(term)[0].term)
                .and_then(|w| w.valence)
        };
        assert!(valence("roto").is_some_and(|v| v < 0.0), "{words:?}");
        assert!(valence("rápida").is_some_and(|v| v > 0.0), "{words:?}");
        // Said as often by both bands: no polarity.
        assert_eq!(valence("producto"), None);
    }
}
