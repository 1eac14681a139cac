//! Significance: which over-representations survive correction for the many cells tested, so
//! that a flag means the same whether a run tests ten cells or a thousand.

use super::GroupThemes;

/// Upper tail p-value of a chi-square with one degree of freedom (G2 is one).
pub(super) fn chi2_p(g2: f64) -> f64 {
    erfc((g2.max(0.0) / 2.0).sqrt())
}

pub(super) use crate::score::benjamini_hochberg;
use crate::score::erfc;

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
