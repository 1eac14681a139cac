//! Impact as the field computes it: how much a group of responses (those mentioning a theme)
//! moves the scope's score. impact = metric(all) - metric(all without the group).
//!
//! Every headline metric is a mean of a value per response: NPS +100 for a promoter, -100 for a
//! detractor, 0 for a passive (the net rating alike); CSAT and the FFT's % positive 100 for the
//! top band, 0 otherwise. With p = n_T / N the group's part of the N scored responses, mu_T and
//! mu_R the means of the group and of the rest, the impact is p (mu_T - mu_R), which for NPS is
//! n_T (NPS_T - NPS_all) / (N - n_T).
//!
//! Its margin is the delta method over the responses drawn at random (the group's size random
//! too): Var = [p s_T^2 + p^2 s_R^2 / (1 - p) + p (1 - p) (mu_T - mu_R)^2] / N, s^2 the variance
//! of the values within the group and within the rest (the influence function of
//! mean(all) - mean(rest) is x - mu for a member and -(p / (1 - p)) (x - mu_R) - impact for the
//! rest).

use serde::Serialize;

use super::{BandCounts, Scale};

/// Fewest members (and fewest others) for an impact to be tested for significance.
pub const MIN_TESTED: u64 = 5;

/// A group's impact on the scope's metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Impact {
    /// Points of the metric: metric(all) - metric(all without the group).
    pub value: f64,
    /// Half-width of its 95% confidence interval (delta method).
    pub margin: f64,
    /// Scored responses in the group.
    pub mentions: u64,
    /// Scored responses in the scope (the metric's denominator).
    pub n: u64,
    /// The group's share of the scored responses, 0-1.
    #[serde(skip)]
    pub part: f64,
    /// The group's metric minus the rest's, in points.
    #[serde(skip)]
    pub difference: f64,
    /// Two-sided p-value of impact = 0 (1 where too few responses to test).
    pub p: f64,
    /// Significant at 5% after Benjamini-Hochberg over every impact shown beside it (set by the
    /// caller, who knows what is shown).
    pub significant: bool,
}

/// Mean and variance of the per-response values of a group of band counts.
struct Moments {
    n: f64,
    mean: f64,
    variance: f64,
}

/// The value each band gives a response: (low, middle, high), in metric points.
fn values(scale: Scale) -> (f64, f64, f64) {
    match scale {
        Scale::Nps | Scale::Rating { .. } => (-100.0, 0.0, 100.0),
        Scale::Csat { .. } | Scale::Fft => (0.0, 0.0, 100.0),
    }
}

/// The responses a metric counts: the scored ones (on the FFT, "don't know" too, worth 0).
pub fn denominator(scale: Scale, c: &BandCounts) -> u64 {
    c.scored() + if scale == Scale::Fft { c.dont_know } else { 0 }
}

fn moments(scale: Scale, c: &BandCounts) -> Moments {
    let n = denominator(scale, c) as f64;
    let (lo, mid, hi) = values(scale);
    let cells = [(c.low, lo), (c.middle, mid), (c.high, hi)];
    let sum: f64 = cells.iter().map(|&(k, x)| k as f64 * x).sum();
    let sum2: f64 = cells.iter().map(|&(k, x)| k as f64 * x * x).sum();
    let mean = if n > 0.0 { sum / n } else { 0.0 };
    let variance = if n > 0.0 {
        (sum2 / n - mean * mean).max(0.0)
    } else {
        0.0
    };
    Moments { n, mean, variance }
}

/// `all` less `part` (which it holds), band by band.
pub fn without(all: &BandCounts, part: &BandCounts) -> BandCounts {
    BandCounts {
        low: all.low.saturating_sub(part.low),
        middle: all.middle.saturating_sub(part.middle),
        high: all.high.saturating_sub(part.high),
        unscored: all.unscored.saturating_sub(part.unscored),
        dont_know: all.dont_know.saturating_sub(part.dont_know),
    }
}

impl Impact {
    /// The impact of `part` (a subset of `all`) on `all`'s metric; None when `all` has no scored
    /// response or `part` holds all of them (there is no "without").
    pub fn compute(scale: Scale, all: &BandCounts, part: &BandCounts) -> Option<Impact> {
        let rest = without(all, part);
        let t = moments(scale, part);
        let r = moments(scale, &rest);
        let n = t.n + r.n;
        if r.n == 0.0 || n == 0.0 {
            return None;
        }
        let p = t.n / n;
        let difference = if t.n > 0.0 { t.mean - r.mean } else { 0.0 };
        let value = p * difference;
        let variance = (p * t.variance
            + p * p * r.variance / (1.0 - p)
            + p * (1.0 - p) * difference * difference)
            / n;
        let se = variance.sqrt();
        let tested = t.n >= MIN_TESTED as f64 && r.n >= MIN_TESTED as f64;
        let p_value = if tested && se > 0.0 {
            two_sided_p(value / se)
        } else if tested && value != 0.0 {
            0.0
        } else {
            1.0
        };
        Some(Impact {
            value,
            margin: 1.96 * se,
            mentions: t.n as u64,
            n: n as u64,
            part: p,
            difference,
            p: p_value,
            significant: false,
        })
    }

    pub fn standard_error(&self) -> f64 {
        self.margin / 1.96
    }

    /// Two-sided p-value of this impact differing from `other`'s, both estimated on disjoint
    /// responses (a segment value and the rest of the scope).
    pub fn differs_p(&self, other: &Impact) -> f64 {
        let se = (self.standard_error().powi(2) + other.standard_error().powi(2)).sqrt();
        let tested = self.mentions >= MIN_TESTED && other.mentions >= MIN_TESTED;
        if !tested || se == 0.0 {
            return 1.0;
        }
        two_sided_p((self.value - other.value) / se)
    }
}

/// A change of impact between two periods, split in two: impact = p d (p the part mentioning,
/// d the mentioners' metric minus the rest's), so with Shapley's symmetric split (the average of
/// both orders of changing p and d), mix = (p1 - p0) (d0 + d1) / 2 and rate = (d1 - d0)
/// (p0 + p1) / 2, and mix + rate = impact1 - impact0 exactly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ChangeParts {
    /// impact now minus impact before, in points.
    pub change: f64,
    /// From more (or fewer) responses mentioning it.
    pub mix: f64,
    /// From those mentioning it scoring differently against the rest.
    pub rate: f64,
}

impl ChangeParts {
    /// A period without the theme's impact counts as p = 0, d = 0.
    pub fn between(before: Option<&Impact>, now: Option<&Impact>) -> ChangeParts {
        let pd = |i: Option<&Impact>| i.map_or((0.0, 0.0), |i| (i.part, i.difference));
        let (p0, d0) = pd(before);
        let (p1, d1) = pd(now);
        let mix = (p1 - p0) * (d0 + d1) / 2.0;
        let rate = (d1 - d0) * (p0 + p1) / 2.0;
        ChangeParts {
            change: mix + rate,
            mix,
            rate,
        }
    }
}

/// Two-sided p-value of a standard normal z.
pub fn two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' erfcc, relative error under 1.2e-7).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Benjamini-Hochberg at 5%: which of `p` are discoveries.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<bool> {
    const FDR: f64 = 0.05;
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let m = p.len() as f64;
    let cutoff = order
        .iter()
        .enumerate()
        .filter(|(rank, &i)| p[i] <= FDR * (*rank as f64 + 1.0) / m)
        .map(|(rank, _)| rank)
        .last();
    let mut out = vec![false; p.len()];
    if let Some(cut) = cutoff {
        for &i in &order[..=cut] {
            out[i] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(low: u64, middle: u64, high: u64) -> BandCounts {
        BandCounts {
            low,
            middle,
            high,
            ..Default::default()
        }
    }

    #[test]
    fn nps_impact_is_the_fields_formula() {
        // 1000 responses, NPS 20 (400 promoters, 200 detractors); 100 mention T, NPS_T = -50.
        let all = counts(200, 400, 400);
        let part = counts(60, 30, 10);
        let i = Impact::compute(Scale::Nps, &all, &part).unwrap();
        let nps_t = -50.0;
        let expected = 100.0 * (nps_t - 20.0) / 900.0;
        assert!(
            (i.value - expected).abs() < 1e-9,
            "{} vs {expected}",
            i.value
        );
        // Also metric(all) - metric(rest): rest has 140 detractors, 390 promoters of 900.
        let rest = 100.0 * (390.0 - 140.0) / 900.0;
        assert!((i.value - (20.0 - rest)).abs() < 1e-9);
        assert!(!i.significant && i.p < 0.001);
    }

    #[test]
    fn csat_counts_the_top_band() {
        let all = counts(10, 10, 80);
        let part = counts(10, 0, 0);
        let i = Impact::compute(Scale::Csat { reversed: false }, &all, &part).unwrap();
        assert!((i.value - (80.0 - 80.0 / 90.0 * 100.0)).abs() < 1e-9);
    }

    #[test]
    fn change_parts_add_up() {
        let a = Impact::compute(Scale::Nps, &counts(200, 400, 400), &counts(60, 30, 10)).unwrap();
        let b = Impact::compute(Scale::Nps, &counts(300, 300, 400), &counts(90, 50, 10)).unwrap();
        let c = ChangeParts::between(Some(&a), Some(&b));
        assert!((c.change - (b.value - a.value)).abs() < 1e-9);
        assert!((c.mix + c.rate - c.change).abs() < 1e-12);
        let from_nothing = ChangeParts::between(None, Some(&b));
        assert!((from_nothing.change - b.value).abs() < 1e-9);
    }

    #[test]
    fn no_rest_no_impact() {
        assert!(Impact::compute(Scale::Nps, &counts(1, 1, 1), &counts(1, 1, 1)).is_none());
    }
}
