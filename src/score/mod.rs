//! Scores: scales and their direction, bands, reading score cells, and the NPS/CSAT/FFT
//! arithmetic with margins of error.

pub mod answer_sets;
mod cell;
mod impact;
mod metric;
mod reader;
mod scale;
mod sniffer;

pub use cell::{is_dont_know, is_score_non_answer, parse_number, read_score_cell, ScoreCell};
pub use impact::{
    benjamini_hochberg, erfc, two_sided_p, without as bands_without, ChangeParts, Impact,
    MIN_TESTED,
};
pub use metric::{BandCounts, Benchmark, Metric, Share, SMALL_GROUP, TOO_FEW};
pub use reader::{LabelNumbers, ScoreRead, ScoreReader};
pub use scale::{Band, Scale, ScaleChoice, ScoreError, UnknownBand, FFT_DONT_KNOW};
pub use sniffer::{LabelEvidence, ScoreSniffer, CONVENTIONAL_MISSING};
