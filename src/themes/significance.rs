//! Significance: which over-representations survive correction for the many cells tested, so
//! that a flag means the same whether a run tests ten cells or a thousand.

use super::GroupThemes;

/// Upper tail p-value of a chi-square with one degree of freedom (G2 is one).
pub(super) fn chi2_p(g2: f64) -> f64 {
    erfc((g2.max(0.0) / 2.0).sqrt())
}

pub(super) use crate::score::benjamini_hochberg;
use crate::score::erfc;

/// G2 value for p < 0.001 with one degree of freedom.
pub const SIGNIFICANT: f64 = 10.83;

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        x * x.ln()
    }
}

/// G2 of a 2x2 table: `a` of `n1` in the target, `b` of `n2` in the reference.
pub fn g2(a: f64, n1: f64, b: f64, n2: f64) -> f64 {
    let n = n1 + n2;
    let k = a + b;
    let g = xlogx(a) + xlogx(n1 - a) + xlogx(b) + xlogx(n2 - b) + xlogx(n)
        - xlogx(k)
        - xlogx(n - k)
        - xlogx(n1)
        - xlogx(n2);
    (2.0 * g).max(0.0)
}

/// Two-proportion z statistic of `a2` of `n2` against `a1` of `n1` (positive when the share rose);
/// 0 when either group is empty or the pooled share is 0 or 1.
pub fn two_proportion_z(a1: u64, n1: u64, a2: u64, n2: u64) -> f64 {
    if n1 == 0 || n2 == 0 {
        return 0.0;
    }
    let (a1, n1, a2, n2) = (a1 as f64, n1 as f64, a2 as f64, n2 as f64);
    let pooled = (a1 + a2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se > 0.0 {
        (a2 / n2 - a1 / n1) / se
    } else {
        0.0
    }
}

/// G2 of `a` successes in `n` trials against an expected rate `p`.
pub(super) fn g2_binomial(a: f64, n: f64, p: f64) -> f64 {
    let e = n * p;
    if a <= e || e <= 0.0 {
        return 0.0;
    }
    2.0 * (xlogx(a) - a * e.ln() + xlogx(n - a) - (n - a) * (n - e).max(1e-9).ln())
}

/// Fewest mentions for a cell to be tested for over-representation.
pub(super) const MIN_FLAGGED: u64 = 5;

/// Marks the themes over-represented in their group, corrected for every cell tested.
pub(super) fn flag_over_represented(groups: &mut [GroupThemes]) {
    let mut cells = Vec::new();
    let mut p = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for (t, theme) in group.themes.iter().enumerate() {
            if theme.mentions >= MIN_FLAGGED
                && theme.rest_share.is_some_and(|rest| theme.share > rest)
            {
                cells.push((g, t));
                p.push(chi2_p(theme.significance));
            }
        }
    }
    for ((g, t), flagged) in cells.into_iter().zip(benjamini_hochberg(&p)) {
        groups[g].themes[t].over_represented = flagged;
    }
}

/// Marks the impacts that stay significant after Benjamini-Hochberg over every theme shown.
pub(super) fn flag_impacts(groups: &mut [GroupThemes]) {
    let p: Vec<f64> = groups
        .iter()
        .flat_map(|g| &g.themes)
        .map(|t| t.impact.map_or(1.0, |i| i.p))
        .collect();
    let flags = benjamini_hochberg(&p);
    for (t, flagged) in groups.iter_mut().flat_map(|g| &mut g.themes).zip(flags) {
        if let Some(i) = &mut t.impact {
            i.significant = flagged;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_by_hand() {
        // 31 of 372 against 77 of 380: pooled 108/752.
        let p: f64 = 108.0 / 752.0;
        let expected =
            (77.0 / 380.0 - 31.0 / 372.0) / (p * (1.0 - p) * (1.0 / 372.0 + 1.0 / 380.0)).sqrt();
        assert!((two_proportion_z(31, 372, 77, 380) - expected).abs() < 1e-12);
        assert_eq!(two_proportion_z(0, 0, 5, 10), 0.0);
    }
}
