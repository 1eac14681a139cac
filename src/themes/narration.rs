//! Narration: a word said mostly in phrases that carry no opinion tells the respondent's
//! situation ("Been a customer since 2021", "We handle 2,500 tickets a week", "We switched from
//! Zendesk"), not a subject they judge. Such a word leads no theme and joins none; its phrases may
//! still be facets of a theme whose own words they hold.

use rayon::prelude::*;

use super::corpus::Corpus;

/// Share of a word's responses that its phrases without an opinion must hold for the word to be
/// narration. From 0.4 to 0.6 the top themes of the bundled sample, BA, clothing and NPS
/// verbatims are the same (at 0.6 the sample keeps four minor words: devs, last, small, want);
/// at 0.4 Alexa's "advertised" becomes narration and two of its themes swap places.
pub const NARRATED_SHARE: f64 = 0.5;
/// Most distance (half the L1 distance of the band distributions) between the bands of the
/// responses saying a word in such phrases and those of all: narration is said alike in every
/// band ("Been a customer since 2021", 0.09 on the bundled sample), while a complaint the
/// sentiment lexicon misses is not ("price is steep", 0.36; "app freezes", 0.68). From 0.10 to
/// 0.20 the top themes of the sample, BA, Alexa and NPS verbatims are the same (the sample's
/// narrated words: 22, 27, 33). Without scores nothing is narration.
pub const NEUTRAL_BANDS: f64 = 0.15;
/// Least share of a word's responses a phrase must hold to be weighed at all.
const PHRASE_SHARE: f64 = 0.1;

/// A word found to be narration: the phrases without an opinion it is said in, and the share of
/// its responses they hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Narrated {
    pub word: u32,
    pub phrases: Vec<(u32, f64)>,
    pub share: f64,
    /// The band distance of those responses ([`NEUTRAL_BANDS`]).
    pub bands: f64,
}

/// What decides narration, besides the corpus.
pub struct Reading<'a> {
    /// A word's opinion share over some responses (indexes into the corpus's documents: a
    /// phrase's), those saying the word in a clause that complains, praises or asks.
    pub in_phrase: &'a (dyn Fn(&str, &[usize]) -> f64 + Sync),
    /// Whether a phrase (by key) holds an evaluative word: it judges, whatever the sentiment
    /// lexicon says ("intuitive interface").
    pub judges: &'a (dyn Fn(&str) -> bool + Sync),
    /// Opinion share of a word from which it is never narration.
    pub word_below: f64,
    /// Opinion share of a phrase from which it is no narration.
    pub phrase_below: f64,
}

/// The words of `said` (term id, opinion share) said with an opinion in under
/// `reading.word_below` of their responses, of which at least [`NARRATED_SHARE`] hold one of
/// their phrases said with an opinion in under `reading.phrase_below`, with bands like all
/// responses' ([`NEUTRAL_BANDS`]).
pub fn narrated(corpus: &Corpus, said: &[(usize, f64)], reading: &Reading) -> Vec<Narrated> {
    let quiet: Vec<u32> = said
        .iter()
        .filter(|&&(_, share)| share < reading.word_below)
        .map(|&(t, _)| t as u32)
        .collect();
    let mut is_quiet = vec![false; corpus.terms.len()];
    for &w in &quiet {
        is_quiet[w as usize] = true;
    }
    // (word, phrase) pairs to weigh: phrases holding a tenth of a quiet word's responses.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for (p, term) in corpus.terms.iter().enumerate() {
        if term.len == 1 || term.ignored || (reading.judges)(&term.key) {
            continue;
        }
        for &w in term.parts.iter().filter(|&&w| is_quiet[w as usize]) {
            if term.df as f64 >= PHRASE_SHARE * corpus.terms[w as usize].df as f64 {
                pairs.push((w, p as u32));
            }
        }
    }
    // The responses read holding each phrase weighed, and the bands of all, in one pass.
    let mut docs_of: rustc_hash::FxHashMap<u32, Vec<usize>> =
        pairs.iter().map(|&(_, p)| (p, Vec::new())).collect();
    let mut all_bands = [0u32; 3];
    for (i, doc) in corpus.docs.iter().enumerate() {
        if doc.terms().is_empty() {
            continue;
        }
        if let Some(b) = doc.band {
            all_bands[b as usize] += 1;
        }
        for t in doc.terms() {
            if let Some(docs) = docs_of.get_mut(t) {
                docs.push(i);
            }
        }
    }
    let opinions: Vec<f64> = pairs
        .par_iter()
        .map(|&(w, p)| (reading.in_phrase)(&corpus.terms[w as usize].key, &docs_of[&p]))
        .collect();
    let mut phrases_of: Vec<Vec<(u32, f64)>> = vec![Vec::new(); corpus.terms.len()];
    for (&(w, p), &opinion) in pairs.iter().zip(&opinions) {
        if opinion < reading.phrase_below {
            phrases_of[w as usize].push((p, opinion));
        }
    }
    quiet
        .into_iter()
        .filter_map(|w| {
            let phrases = std::mem::take(&mut phrases_of[w as usize]);
            // Responses of the word holding one of its narrating phrases, counted once.
            let mut held: Vec<usize> = phrases
                .iter()
                .flat_map(|(p, _)| docs_of[p].iter().copied())
                .collect();
            held.sort_unstable();
            held.dedup();
            let mut bands = [0u32; 3];
            for b in held.iter().filter_map(|&i| corpus.docs[i].band) {
                bands[b as usize] += 1;
            }
            let share = held.len() as f64 / corpus.terms[w as usize].df.max(1) as f64;
            let bands = band_distance(&bands, &all_bands)?;
            (share >= NARRATED_SHARE && bands < NEUTRAL_BANDS).then_some(Narrated {
                word: w,
                phrases,
                share,
                bands,
            })
        })
        .collect()
}

/// Clusters (indexes into `seeds`) without the narrated words. Narration is clustered like any
/// word, so that the other words cluster as they would, and leaves before any word moves to a
/// cluster by its core.
pub fn leave(clusters: Vec<Vec<usize>>, seeds: &[u32], narrated: &[Narrated]) -> Vec<Vec<usize>> {
    clusters
        .into_iter()
        .map(|mut c| {
            c.retain(|&i| !narrated.iter().any(|n| n.word == seeds[i]));
            c
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// How far the bands of some responses are from those of all: half the L1 distance of the two
/// band distributions (0 alike, 1 apart); None where either has no score.
fn band_distance(some: &[u32; 3], all: &[u32; 3]) -> Option<f64> {
    let (ns, na) = (
        some.iter().sum::<u32>() as f64,
        all.iter().sum::<u32>() as f64,
    );
    if ns == 0.0 || na == 0.0 {
        return None;
    }
    let gaps = some
        .iter()
        .zip(all)
        .map(|(&s, &a)| (s as f64 / ns - a as f64 / na).abs());
    Some(gaps.sum::<f64>() / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Band;
    use crate::themes::corpus::{Doc, Term};

    fn term(key: &str, df: u32, parts: &[u32]) -> Term {
        Term {
            key: key.to_string(),
            len: key.split(' ').count() as u8,
            df,
            unit_df: df,
            parts: parts.to_vec(),
            ignored: false,
        }
    }

    /// "customer" said mostly as "customer since", in every band alike, is narration; "slow",
    /// said as "slow replies" by detractors only, is a complaint the lexicon missed; neither
    /// is narration where no response has a score.
    #[test]
    fn narration_is_said_without_opinion_in_every_band_alike() {
        let bands = [Band::Low, Band::Middle, Band::High];
        let mut docs = Vec::new();
        for i in 0..30u32 {
            let band = Some(bands[i as usize % 3]);
            let sentence: &[u32] = if i < 20 { &[0, 1] } else { &[0] };
            docs.push(Doc::read_for_test(i, band, &[sentence]));
        }
        for i in 30..50u32 {
            let sentence: &[u32] = if i < 45 { &[2, 3] } else { &[2] };
            docs.push(Doc::read_for_test(i, Some(Band::Low), &[sentence]));
        }
        // Other responses, so that all bands are about as common.
        for i in 50..80u32 {
            docs.push(Doc::read_for_test(
                i,
                Some(bands[1 + i as usize % 2]),
                &[&[4]],
            ));
        }
        let mut corpus = Corpus {
            terms: vec![
                term("customer", 30, &[]),
                term("customer sinc", 20, &[0]),
                term("slow", 20, &[]),
                term("slow repli", 15, &[2]),
                term("other", 30, &[]),
            ],
            docs,
            ..Default::default()
        };
        let said = [(0, 0.1), (2, 0.1)];
        let reading = Reading {
            in_phrase: &|_, _| 0.0,
            judges: &|_| false,
            word_below: 0.5,
            phrase_below: 0.25,
        };
        let found = narrated(&corpus, &said, &reading);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].word, found[0].phrases.clone()),
            (0, vec![(1, 0.0)])
        );
        assert!((found[0].share - 20.0 / 30.0).abs() < 1e-9);
        // It leaves its cluster; a cluster of narration only goes.
        let seeds = [0, 2, 4];
        assert_eq!(
            leave(vec![vec![0, 1], vec![0], vec![2]], &seeds, &found),
            vec![vec![1], vec![2]]
        );
        // Said with an opinion, or judged by an evaluative word, it is no narration.
        let opinionated = Reading {
            in_phrase: &|_, _| 0.5,
            ..reading
        };
        assert!(narrated(&corpus, &said, &opinionated).is_empty());
        let judged = Reading {
            judges: &|key| key.contains("sinc"),
            ..reading
        };
        assert!(narrated(&corpus, &said, &judged).is_empty());
        for doc in &mut corpus.docs {
            doc.band = None;
        }
        assert!(narrated(&corpus, &said, &reading).is_empty());
    }
}
