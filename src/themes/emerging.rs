//! Emerging themes (`--emerging`): the set's themes compared between the last two quarters in
//! scope, kept apart because they are counted over the whole scope, not per group.

use rayon::prelude::*;

use super::count::Describe;
use super::{discover, Emerging};

/// The themes of the set compared between the last two quarters in scope: the rising ones,
/// largest change first, each with a two-proportion z test.
pub(super) fn emerging(describe: &Describe, top: usize) -> Vec<Emerging> {
    let corpus = &describe.run.corpus;
    if corpus.quarters.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<Emerging> = describe
        .run
        .defs
        .par_iter()
        .enumerate()
        .filter_map(|(i, def)| {
            let mut theme = describe.theme(def, i, None);
            let [.., before, last] = theme.quarters.as_slice() else {
                return None;
            };
            if before.responses == 0 || last.responses == 0 || last.mentions == 0 {
                return None;
            }
            let (before, last) = (before.clone(), last.clone());
            let z = discover::two_proportion_z(
                before.mentions,
                before.responses,
                last.mentions,
                last.responses,
            );
            if last.share <= before.share {
                return None;
            }
            theme.label = describe.label_of(def);
            Some(Emerging {
                label: theme.label.clone(),
                key: theme.key.clone(),
                previous_quarter: before.quarter.clone(),
                quarter: last.quarter.clone(),
                previous_mentions: before.mentions,
                mentions: last.mentions,
                previous_share: before.share,
                share: last.share,
                change: last.share - before.share,
                z,
                significant: z >= 1.96,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.significant
            .cmp(&a.significant)
            .then(b.change.total_cmp(&a.change))
            .then(a.key.cmp(&b.key))
    });
    out.truncate(top);
    out
}
