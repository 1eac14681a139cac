//! A tantivy collector that counts responses per group and band from fast fields, so stats over
//! a million responses never load a stored document.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema;
use crate::score::{Band, BandCounts};

/// Counts of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub bands: BandCounts,
    /// Responses with a real comment.
    pub comments: u64,
    /// Earliest and latest date (yyyymmdd).
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
}

impl GroupCounts {
    fn merge(&mut self, other: &GroupCounts) {
        self.bands.merge(&other.bands);
        self.comments += other.comments;
        self.first_day = min_opt(self.first_day, other.first_day);
        self.last_day = max_opt(self.last_day, other.last_day);
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// A stored band value: a band, unscored (None), or the FFT's "don't know".
#[derive(Debug, Clone, Copy)]
enum StoredBand {
    Band(Option<Band>),
    DontKnow,
}

/// Counts per value of a string fast field (`quarter`, `seg.plan`), or one group when `by` is None.
/// Responses without a value fall in the group "" (shown as "(none)").
pub struct GroupCollector {
    pub by: Option<String>,
}

pub struct GroupSegmentCollector {
    band: Option<StrColumn>,
    group: Option<StrColumn>,
    has_comment: Option<Column<u64>>,
    day: Option<Column<i64>>,
    band_of_ord: Vec<StoredBand>,
    counts: HashMap<u64, GroupCounts>,
}

impl Collector for GroupCollector {
    type Fruit = HashMap<String, GroupCounts>;
    type Child = GroupSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<GroupSegmentCollector> {
        let ff = segment.fast_fields();
        let band = ff.str(schema::BAND)?;
        let mut band_of_ord = Vec::new();
        if let Some(col) = &band {
            let mut s = String::new();
            for ord in 0..col.num_terms() as u64 {
                col.ord_to_str(ord, &mut s)?;
                band_of_ord.push(match s.as_str() {
                    schema::BAND_DONT_KNOW => StoredBand::DontKnow,
                    value => StoredBand::Band(schema::band_of_value(value)),
                });
            }
        }
        Ok(GroupSegmentCollector {
            band,
            group: match &self.by {
                Some(path) => ff.str(path)?,
                None => None,
            },
            has_comment: ff.column_opt(schema::HAS_COMMENT)?,
            day: ff.column_opt(schema::DAY)?,
            band_of_ord,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(String, GroupCounts)>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut merged: HashMap<String, GroupCounts> = HashMap::new();
        for (key, counts) in fruits.into_iter().flatten() {
            merged.entry(key).or_default().merge(&counts);
        }
        Ok(merged)
    }
}

impl SegmentCollector for GroupSegmentCollector {
    type Fruit = Vec<(String, GroupCounts)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let group = self
            .group
            .as_ref()
            .and_then(|g| g.ords().first(doc))
            .map_or(u64::MAX, |o| o);
        let band = self
            .band
            .as_ref()
            .and_then(|b| b.ords().first(doc))
            .map_or(StoredBand::Band(None), |o| self.band_of_ord[o as usize]);
        let c = self.counts.entry(group).or_default();
        match band {
            StoredBand::Band(band) => c.bands.add(band),
            StoredBand::DontKnow => c.bands.add_dont_know(),
        }
        if self.has_comment.as_ref().and_then(|h| h.first(doc)) == Some(1) {
            c.comments += 1;
        }
        if let Some(day) = self.day.as_ref().and_then(|d| d.first(doc)) {
            c.first_day = min_opt(c.first_day, Some(day));
            c.last_day = max_opt(c.last_day, Some(day));
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut name = String::new();
        self.counts
            .into_iter()
            .map(|(ord, counts)| {
                name.clear();
                if ord != u64::MAX {
                    if let Some(g) = &self.group {
                        let _ = g.ord_to_str(ord, &mut name);
                    }
                }
                (name.clone(), counts)
            })
            .collect()
    }
}
