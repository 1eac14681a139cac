//! Scores: scales, bands, and the NPS/CSAT arithmetic with margins of error.

mod metric;
mod scale;

pub use metric::{BandCounts, Benchmark, Metric, SMALL_GROUP};
pub use scale::{parse_number, Band, Scale, ScaleChoice, ScoreError, ScoreSniffer};
