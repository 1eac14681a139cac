//! Scores: scales, bands, and the NPS/CSAT arithmetic with margins of error.

mod metric;
mod scale;

pub use metric::{BandCounts, Benchmark, Metric, SMALL_GROUP, TOO_FEW};
pub use scale::{
    is_score_non_answer, parse_number, read_score_cell, Band, Scale, ScaleChoice, ScoreCell,
    ScoreError, ScoreSniffer,
};
