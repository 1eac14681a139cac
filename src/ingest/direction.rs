//! Which end of a CSAT or rating scale is best, when neither a flag nor the answers' labels say:
//! the comments tell. Happy respondents write happy sentences, so on a scale read the right way
//! round the sentence sentiment of a response rises with its score. The file is read once more,
//! and the scale is read reversed only on strong evidence: over at least [`MIN_COMMENTS`] scored
//! comments, Spearman's rho between sentiment and score at or below [`REVERSED_RHO`], and the
//! low end's mean sentiment above the high end's.

use super::columns::Roles;
use super::scan::Scan;
use super::source::{Record, Source};
use crate::analysis::{lexicon::lexicon, sentiment, Analyzer, Language};
use crate::error::Result;
use crate::output::thousands;
use crate::score::{Band, Scale, ScoreRead, ScoreReader};

/// Fewest scored comments the check needs.
pub const MIN_COMMENTS: usize = 300;
/// Rho at or below which the numbers run against the comments.
pub const REVERSED_RHO: f64 = -0.2;
/// Comments read at most: the direction is plain long before, and a large file is not analysed
/// twice.
const MAX_COMMENTS: usize = 5_000;

/// What the comments say about a scale's direction.
#[derive(Debug, Clone, PartialEq)]
pub enum DirectionCheck {
    /// The language's sentiment is learned from the scores themselves, so it cannot judge them.
    Unchecked(Language),
    /// Too few scored comments to judge.
    TooFew(usize),
    Measured {
        comments: usize,
        rho: f64,
        /// Mean sentence sentiment of the responses in the scale's bottom and top bands, read
        /// the usual way (the highest number best).
        low_mean: f64,
        high_mean: f64,
    },
}

impl DirectionCheck {
    /// Whether the comments show the numbers run against them (read the usual way round).
    pub fn says_reversed(&self) -> bool {
        matches!(*self, DirectionCheck::Measured { rho, low_mean, high_mean, .. }
            if rho <= REVERSED_RHO && low_mean > high_mean)
    }

    /// Whether the comments show the numbers run with them, as strongly.
    pub fn says_usual(&self) -> bool {
        matches!(*self, DirectionCheck::Measured { rho, low_mean, high_mean, .. }
            if rho >= -REVERSED_RHO && high_mean > low_mean)
    }

    /// The numbers, in words.
    pub fn describe(&self) -> String {
        match self {
            DirectionCheck::Unchecked(language) => format!("the direction could not be checked: {language} word polarity is learned from the scores themselves"),
            DirectionCheck::TooFew(n) => format!("the direction could not be checked: {} scored comment(s), fewer than the {MIN_COMMENTS} the check needs", thousands(*n as u64)),
            DirectionCheck::Measured { comments, rho, low_mean, high_mean } => format!(
                "over {} scored comments, Spearman's rho between sentence sentiment and score is {rho:.2}; mean sentiment {low_mean:.2} at the low end, {high_mean:.2} at the high end",
                thousands(*comments as u64)
            ),
        }
    }
}

/// Reads the file once more and measures how the comments' sentiment follows the scores of the
/// score column, read on `scale` the usual way round.
pub(super) fn check_direction(
    source: &Source,
    scan: &Scan,
    roles: &Roles,
    reader: &ScoreReader,
    language: Language,
) -> Result<DirectionCheck> {
    if lexicon(language).scores_nothing() {
        return Ok(DirectionCheck::Unchecked(language));
    }
    let Some(col) = roles.score.filter(|_| !roles.text.is_empty()) else {
        return Ok(DirectionCheck::TooFew(0));
    };
    let usual = ScoreReader {
        scale: usual_direction(reader.scale),
        ..reader.clone()
    };
    let analyzer = Analyzer::new(language);
    let (mut pairs, mut index, mut words) = (Vec::new(), 0usize, Vec::new());
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { cells, .. } = record else {
            return Ok(());
        };
        if index <= scan.skip || pairs.len() >= MAX_COMMENTS {
            return Ok(());
        }
        let Some(Ok(ScoreRead::Score(score))) = cells.get(col).map(|c| usual.read(c)) else {
            return Ok(());
        };
        let text: Vec<&str> = roles
            .text
            .iter()
            .filter_map(|&t| cells.get(t).map(String::as_str))
            .filter(|t| !super::is_non_answer(t.trim()))
            .collect();
        let text = text.join("\n\n");
        words.clear();
        analyzer.analyze_into(&text, &mut words);
        let clauses = sentiment::clauses(&analyzer, &text, &words);
        if clauses.is_empty() {
            return Ok(());
        }
        let mean = clauses.iter().map(|c| c.polarity as f64).sum::<f64>() / clauses.len() as f64;
        pairs.push((score, mean));
        Ok(())
    })?;
    Ok(measure(&pairs, usual.scale))
}

/// The scale read with its highest number best.
fn usual_direction(scale: Scale) -> Scale {
    if scale.reversed() {
        scale.flipped()
    } else {
        scale
    }
}

/// Rho and the two ends' mean sentiment of (score, sentiment) pairs on `scale`.
fn measure(pairs: &[(i32, f64)], scale: Scale) -> DirectionCheck {
    if pairs.len() < MIN_COMMENTS {
        return DirectionCheck::TooFew(pairs.len());
    }
    let scores: Vec<f64> = pairs.iter().map(|p| p.0 as f64).collect();
    let sentiments: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let rho = pearson(&ranks(&scores), &ranks(&sentiments));
    let mean_of = |band: Band| {
        let values: Vec<f64> = pairs
            .iter()
            .filter(|p| scale.band(p.0) == band)
            .map(|p| p.1)
            .collect();
        values.iter().sum::<f64>() / values.len().max(1) as f64
    };
    DirectionCheck::Measured {
        comments: pairs.len(),
        rho,
        low_mean: mean_of(Band::Low),
        high_mean: mean_of(Band::High),
    }
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = mean_rank;
        }
        i = j + 1;
    }
    ranks
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_by_hand() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), [2.0, 3.5, 3.5, 1.0]);
        let up = pearson(&ranks(&[1.0, 2.0, 3.0, 4.0]), &ranks(&[0.1, 0.5, 0.4, 0.9]));
        assert!((up - 0.8).abs() < 1e-9, "{up}");
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    }

    #[test]
    fn reversal_needs_strong_evidence() {
        let pairs = |sign: f64, n: usize| -> Vec<(i32, f64)> {
            (0..n)
                .map(|i| {
                    let score = 1 + (i % 5) as i32;
                    let noise = ((i * 7919) % 13) as f64 / 13.0 - 0.5;
                    (score, sign * (score as f64 - 3.0) / 2.0 + noise)
                })
                .collect()
        };
        let reversed = measure(&pairs(-1.0, 400), Scale::CSAT);
        assert!(
            reversed.says_reversed() && !reversed.says_usual(),
            "{reversed:?}"
        );
        let usual = measure(&pairs(1.0, 400), Scale::CSAT);
        assert!(usual.says_usual() && !usual.says_reversed(), "{usual:?}");
        assert_eq!(
            measure(&pairs(-1.0, 299), Scale::CSAT),
            DirectionCheck::TooFew(299)
        );
        // Noise alone says nothing.
        let noise: Vec<(i32, f64)> = (0..400)
            .map(|i| (1 + (i % 5) as i32, ((i * 7919) % 13) as f64))
            .collect();
        let check = measure(&noise, Scale::CSAT);
        assert!(!check.says_reversed() && !check.says_usual(), "{check:?}");
    }
}
