//! Significance: which over-representations survive correction for the many cells tested, so
//! that a flag means the same whether a run tests ten cells or a thousand.

use super::GroupThemes;

/// Upper tail p-value of a chi-square with one degree of freedom (G2 is one).
pub(super) fn chi2_p(g2: f64) -> f64 {
    erfc((g2.max(0.0) / 2.0).sqrt())
}

/// Complementary error function (Numerical Recipes' erfcc, relative error under 1.2e-7).
fn erfc(x: f64) -> f64 {
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

/// Benjamini-Hochberg at `FDR`: which of `p` are discoveries.
pub(super) fn benjamini_hochberg(p: &[f64]) -> Vec<bool> {
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
