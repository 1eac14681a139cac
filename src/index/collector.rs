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
    band: BandReader,
    group: Option<StrColumn>,
    has_comment: Option<Column<u64>>,
    day: Option<Column<i64>>,
    counts: HashMap<u64, GroupCounts>,
}

/// A segment's band of each document, from the `band` fast field.
struct BandReader {
    column: Option<StrColumn>,
    of_ord: Vec<StoredBand>,
}

impl BandReader {
    fn new(segment: &SegmentReader) -> tantivy::Result<BandReader> {
        let column = segment.fast_fields().str(schema::BAND)?;
        let mut of_ord = Vec::new();
        if let Some(col) = &column {
            let mut s = String::new();
            for ord in 0..col.num_terms() as u64 {
                col.ord_to_str(ord, &mut s)?;
                of_ord.push(match s.as_str() {
                    schema::BAND_DONT_KNOW => StoredBand::DontKnow,
                    value => StoredBand::Band(schema::band_of_value(value)),
                });
            }
        }
        Ok(BandReader { column, of_ord })
    }

    /// Counts `doc` in `counts` by its band.
    fn count(&self, doc: DocId, counts: &mut BandCounts) {
        let band = self
            .column
            .as_ref()
            .and_then(|b| b.ords().first(doc))
            .map_or(StoredBand::Band(None), |o| self.of_ord[o as usize]);
        match band {
            StoredBand::Band(band) => counts.add(band),
            StoredBand::DontKnow => counts.add_dont_know(),
        }
    }
}

/// Counts per band alone: what a search reports beside its hits (a [`GroupCollector`] also
/// reads each hit's comment flag and date).
pub struct BandCollector;

pub struct BandSegmentCollector {
    band: BandReader,
    counts: BandCounts,
}

impl Collector for BandCollector {
    type Fruit = BandCounts;
    type Child = BandSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<BandSegmentCollector> {
        Ok(BandSegmentCollector {
            band: BandReader::new(segment)?,
            counts: BandCounts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BandCounts>) -> tantivy::Result<BandCounts> {
        let mut all = BandCounts::default();
        for counts in &fruits {
            all.merge(counts);
        }
        Ok(all)
    }
}

impl SegmentCollector for BandSegmentCollector {
    type Fruit = BandCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.band.count(doc, &mut self.counts);
    }

    fn harvest(self) -> BandCounts {
        self.counts
    }
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
        Ok(GroupSegmentCollector {
            band: BandReader::new(segment)?,
            group: match &self.by {
                Some(path) => ff.str(path)?,
                None => None,
            },
            has_comment: ff.column_opt(schema::HAS_COMMENT)?,
            day: ff.column_opt(schema::DAY)?,
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
        let c = self.counts.entry(group).or_default();
        self.band.count(doc, &mut c.bands);
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
