//! Tagging (`verbatim tag`): every response in scope with the themes it carries, ranked by the
//! rarity of the words it matched, made one response at a time so no list of every response's
//! themes is held.

use std::collections::HashMap;

use rayon::prelude::*;

use super::assign::{prepare, Run, BIT_ASK, BIT_COMPLAINT, BIT_MENTION, BIT_PRAISE};
use super::corpus::GroupKey;
use super::count::{band_counts, Describe};
use super::{Kind, Theme, ThemeOptions};
use crate::analysis::sentiment::Sentiment;
use crate::error::Result;
use crate::index::Store;
use crate::score::Metric;
use crate::search::Scope;

/// Every response in scope with the themes it carries, strongest first.
pub struct Tagging<'a> {
    pub themes: Vec<Theme>,
    /// Each theme's facet labels, as the themes list shows them (indexed by [`Tagged::themes`]).
    pub facet_labels: Vec<Vec<String>>,
    /// The codebook's entries that matched no theme or facet of the set (for a warning).
    pub codebook_unmatched: Vec<String>,
    /// The scope's responses and their theme bits: each response's themes are made from them
    /// when asked ([`Tagging::tagged`]).
    run: Run<'a>,
    /// The run's theme indexes of [`Tagging::themes`].
    kept: Vec<usize>,
    /// Per kept theme, its words' corpus ids and weights (rarer words weigh more).
    word_weights: Vec<Vec<(Option<u32>, f64)>>,
    theme_weight: Vec<f64>,
}

/// One response's themes.
pub struct Tagged {
    pub address: tantivy::DocAddress,
    /// Theme indexes into [`Tagging::themes`] with the kind of the response's mention, and the
    /// facets it carries within each (indexes into [`Tagging::facet_labels`] of the theme: a
    /// label per facet, not per response).
    pub themes: Vec<(usize, Kind, Vec<usize>)>,
    pub sentiment: Sentiment,
}

/// One theme set (`options.by` is ignored), then each response tagged with the themes whose
/// words it uses; a theme is stronger the rarer the words it matched. A response's kind for a
/// theme is ask if one of its clauses about the theme asks, else complaint if one is negative,
/// else praise if one is positive, else neutral.
pub fn tag<'a>(store: &'a Store, scope: &Scope, options: &ThemeOptions) -> Result<Tagging<'a>> {
    let run = prepare(store, scope, options, &GroupKey::None, None, true)?;
    let corpus = &run.corpus;
    let scale = store.meta.scale;
    let scope_metric = scale
        .and_then(|s| Metric::compute(s, &band_counts(corpus.docs.iter().filter(|d| d.mined()))));
    let describe = Describe::whole(&run, scale, scope_metric, options);
    let (kept, themes) = tagged_themes(&describe, options);
    // A theme is stronger the rarer the words a response matched; for responses outside the
    // words read (a sample), the rarer the theme.
    let term_index: HashMap<&str, u32> = corpus
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key.as_str(), i as u32))
        .collect();
    let word_weights: Vec<Vec<(Option<u32>, f64)>> = kept
        .iter()
        .map(|&i| {
            let found = &run.defs[i].found;
            found
                .words
                .iter()
                .zip(&found.word_share)
                .map(|(w, share)| (term_index.get(w.as_str()).copied(), -(share.max(1e-9)).ln()))
                .collect()
        })
        .collect();
    let mined = corpus.mined().max(1) as f64;
    let theme_weight: Vec<f64> = themes
        .iter()
        .map(|t| (mined / t.mentions.max(1) as f64).ln())
        .collect();
    // Each kept theme's facet labels, as the themes list shows them.
    let facet_labels: Vec<Vec<String>> = kept
        .iter()
        .map(|&i| {
            run.defs[i]
                .facets
                .iter()
                .map(|f| describe.label_of(f))
                .collect()
        })
        .collect();
    let codebook_unmatched = run.unmatched.clone();
    Ok(Tagging {
        themes,
        facet_labels,
        codebook_unmatched,
        run,
        kept,
        word_weights,
        theme_weight,
    })
}

/// The themes `tag` carries: the run's first `options.top` themes (in the set's order) with
/// enough mentions in scope (and of `options.kinds`, if given), described; with their indexes
/// into the run's. `drivers` ranks the same set.
pub(super) fn tagged_themes(
    describe: &Describe,
    options: &ThemeOptions,
) -> (Vec<usize>, Vec<Theme>) {
    let run = describe.run;
    let mut kept = Vec::new();
    let mut themes = Vec::new();
    let counted: Vec<Theme> = describe.themes_in(None);
    for (i, theme) in counted.into_iter().enumerate() {
        if themes.len() == options.top {
            break;
        }
        if theme.mentions >= run.describe_min.max(1) as u64
            && (options.kinds.is_empty() || options.kinds.contains(&theme.kind))
        {
            kept.push(i);
            themes.push(theme);
        }
    }
    themes
        .par_iter_mut()
        .zip(&kept)
        .for_each(|(theme, &i)| describe.finish(&run.defs[i], i, None, theme));
    (kept, themes)
}

/// A response's one kind for a theme (or facet), from its BIT_* flags: ask if a clause about
/// it asks, else complaint if one is negative, else praise if one is positive, else neutral.
pub(super) fn kind_of_flags(flags: u8) -> Kind {
    if flags & BIT_ASK != 0 {
        Kind::Ask
    } else if flags & BIT_COMPLAINT != 0 {
        Kind::Complaint
    } else if flags & BIT_PRAISE != 0 {
        Kind::Praise
    } else {
        Kind::Neutral
    }
}

impl Tagging<'_> {
    /// Responses in scope.
    pub fn len(&self) -> usize {
        self.run.corpus.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The address of response `k`.
    pub fn address(&self, k: usize) -> tantivy::DocAddress {
        self.run.corpus.docs[k].address
    }

    /// Response `k` with its themes, strongest first, made when asked: no list of every
    /// response's themes is held (a few hundred bytes a response at millions of responses).
    pub fn tagged(&self, k: usize) -> Tagged {
        let d = &self.run.corpus.docs[k];
        let m = &self.run.membership;
        let kept = &self.kept;
        let mut carried: Vec<(f64, usize)> = kept
            .iter()
            .enumerate()
            .filter(|(_, &bit)| m.mention[k] & (1 << bit) != 0)
            .map(|(t, _)| {
                let matched: f64 = self.word_weights[t]
                    .iter()
                    .filter(|(id, _)| id.is_some_and(|id| d.terms().binary_search(&id).is_ok()))
                    .map(|(_, w)| w)
                    .sum();
                (
                    if matched > 0.0 {
                        matched
                    } else {
                        self.theme_weight[t]
                    },
                    t,
                )
            })
            .collect();
        carried.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let themes = carried
            .into_iter()
            .map(|(_, t)| {
                let kind = kind_of_flags(m.flags(k, kept[t]));
                let facets = (0..self.facet_labels[t].len())
                    .filter(|f| {
                        m.facets
                            .get(&(kept[t], *f))
                            .is_some_and(|fm| fm.get(k) & BIT_MENTION != 0)
                    })
                    .collect();
                (t, kind, facets)
            })
            .collect();
        Tagged {
            address: d.address,
            themes,
            sentiment: d.sentiment,
        }
    }
}
