//! Which segments tantivy merges while an ingest runs. A merge holds memory in proportion to the
//! documents it merges, and tantivy's log merge policy merges whole levels: at ten million rows
//! it starts merging eight segments of a million documents each. Capping every merge at
//! [`MERGE_DOCS_UP_TO`] keeps an ingest's memory flat however large the file.

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most documents one merge may produce.
pub const MERGE_DOCS_UP_TO: u64 = 1_000_000;

#[derive(Debug)]
pub struct CappedMerges {
    levels: LogMergePolicy,
    max_docs: u64,
}

impl Default for CappedMerges {
    fn default() -> Self {
        let mut levels = LogMergePolicy::default();
        levels.set_max_docs_before_merge(MERGE_DOCS_UP_TO as usize);
        CappedMerges {
            levels,
            max_docs: MERGE_DOCS_UP_TO,
        }
    }
}

impl MergePolicy for CappedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs = |id: &SegmentId| {
            segments
                .iter()
                .find(|s| s.id() == *id)
                .map_or(0, |s| s.num_docs() as u64)
        };
        self.levels
            .compute_merge_candidates(segments)
            .into_iter()
            .flat_map(|MergeCandidate(ids)| {
                let sized: Vec<(SegmentId, u64)> = ids.iter().map(|id| (*id, docs(id))).collect();
                split(sized, self.max_docs)
            })
            .map(MergeCandidate)
            .collect()
    }
}

/// Splits one merge into merges of at most `max_docs` documents, smallest segments first;
/// a group left with a single segment is no merge at all.
fn split<T: Copy>(mut segments: Vec<(T, u64)>, max_docs: u64) -> Vec<Vec<T>> {
    segments.sort_by_key(|&(_, docs)| docs);
    let mut merges = Vec::new();
    let (mut group, mut total) = (Vec::new(), 0u64);
    for (id, docs) in segments {
        if total + docs > max_docs && !group.is_empty() {
            merges.push(std::mem::take(&mut group));
            total = 0;
        }
        group.push(id);
        total += docs;
    }
    merges.push(group);
    merges.retain(|g| g.len() > 1);
    merges
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn merges_never_exceed_the_cap() {
        // Eight segments of a million: tantivy would merge them into one of eight million.
        let big: Vec<(usize, u64)> = (0..8).map(|i| (i, 1_000_000)).collect();
        assert!(split(big, 1_000_000).is_empty());

        let small: Vec<(usize, u64)> = (0..8).map(|i| (i, 125_000 + i as u64)).collect();
        let merges = split(small, 1_000_000);
        assert_eq!(merges, vec![vec![0, 1, 2, 3, 4, 5, 6]]);

        let mixed = vec![
            ("a", 600_000),
            ("b", 300_000),
            ("c", 300_000),
            ("d", 900_000),
            ("e", 50_000),
        ];
        let merges = split(mixed.clone(), 1_000_000);
        assert_eq!(merges, vec![vec!["e", "b", "c"]]);
        for m in &merges {
            let docs: u64 = m
                .iter()
                .map(|id| mixed.iter().find(|s| s.0 == *id).unwrap().1)
                .sum();
            assert!(docs <= 1_000_000);
        }
    }
}
