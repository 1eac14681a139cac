//! Reading the score cells of one file once its scale is chosen: numbers on the scale, labels
//! alone turned into numbers, and the cells that leave a response unscored (blanks, "N/A", and
//! codes that mean no score such as 99 or the FFT's 7), which are never bad rows.

use std::collections::BTreeSet;

use super::answer_sets::{normalise_label, rank_in, set_points};
use super::cell::{is_dont_know, is_score_non_answer, read_score_cell, ScoreCell};
use super::{Scale, ScoreError, FFT_DONT_KNOW};

/// What one score cell gives a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreRead {
    /// A score on the scale.
    Score(i32),
    /// "Don't know" on the FFT, which counts it on its own.
    DontKnow,
    /// A number that means no score (99, "6 - Don't know" off the FFT, `--unscored-values`).
    Code(i64),
    /// A written non-answer: "N/A", "Prefer not to say", "-".
    NonAnswer,
    Blank,
}

/// How labels written alone ("Very good") become numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelNumbers {
    /// Their rank in a bundled answer set (1 = worst).
    Set(usize),
    /// The FFT's codes from the labels of a bundled set: its best label 1, its worst 5.
    Fft(usize),
    /// The labels the user gave with `--score-labels`, worst first: 1, 2, ...
    Given(Vec<String>),
}

/// Reads a file's score cells on its scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreReader {
    pub scale: Scale,
    pub labels: Option<LabelNumbers>,
    /// Numbers that mean no score.
    pub unscored: BTreeSet<i64>,
}

impl ScoreReader {
    pub fn new(scale: Scale) -> ScoreReader {
        ScoreReader {
            scale,
            labels: None,
            unscored: BTreeSet::new(),
        }
    }

    pub fn read(&self, cell: &str) -> Result<ScoreRead, ScoreError> {
        let cell = cell.trim();
        match read_score_cell(cell) {
            ScoreCell::NonAnswer if cell.is_empty() => Ok(ScoreRead::Blank),
            ScoreCell::NonAnswer if self.scale == Scale::Fft && is_dont_know(cell) => {
                Ok(ScoreRead::DontKnow)
            }
            ScoreCell::NonAnswer => Ok(ScoreRead::NonAnswer),
            ScoreCell::Labelled(v, label) if is_score_non_answer(label) && v.fract() == 0.0 => {
                self.code(v as i64)
            }
            ScoreCell::Number(v) | ScoreCell::Labelled(v, _) => self.number(v),
            ScoreCell::Label(label) => match self.label_number(label) {
                Some(v) => self.number(v as f64),
                None if self.labels.is_some() => Err(ScoreError::UnknownLabel),
                None => Err(ScoreError::NotANumber),
            },
            ScoreCell::NotANumber => Err(ScoreError::NotANumber),
        }
    }

    fn number(&self, v: f64) -> Result<ScoreRead, ScoreError> {
        if v.fract() != 0.0 {
            return Err(ScoreError::NotAWholeNumber);
        }
        let code = v as i64;
        if self.unscored.contains(&code) || (self.scale == Scale::Fft && code >= 6) {
            return self.code(code);
        }
        let (min, max) = self.scale.range();
        if code < min as i64 || code > max as i64 {
            return Err(ScoreError::OutOfRange { min, max });
        }
        Ok(ScoreRead::Score(code as i32))
    }

    fn code(&self, code: i64) -> Result<ScoreRead, ScoreError> {
        Ok(
            if self.scale == Scale::Fft && code == FFT_DONT_KNOW as i64 {
                ScoreRead::DontKnow
            } else {
                ScoreRead::Code(code)
            },
        )
    }

    fn label_number(&self, label: &str) -> Option<i64> {
        let label = normalise_label(label);
        match self.labels.as_ref()? {
            LabelNumbers::Set(set) => rank_in(*set, &label).map(|r| r as i64),
            LabelNumbers::Fft(set) => {
                rank_in(*set, &label).map(|r| (set_points(*set) + 1 - r) as i64)
            }
            LabelNumbers::Given(labels) => labels
                .iter()
                .position(|l| normalise_label(l) == label)
                .map(|i| i as i64 + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::answer_sets::set_holding;

    #[test]
    fn fft_codes_and_labels() {
        let fft = ScoreReader::new(Scale::Fft);
        assert_eq!(fft.read("1"), Ok(ScoreRead::Score(1)));
        assert_eq!(fft.read("6"), Ok(ScoreRead::DontKnow));
        assert_eq!(fft.read("7"), Ok(ScoreRead::Code(7)));
        assert_eq!(fft.read("Don't know"), Ok(ScoreRead::DontKnow));
        assert_eq!(fft.read("6 - Don't know"), Ok(ScoreRead::DontKnow));
        assert_eq!(fft.read(""), Ok(ScoreRead::Blank));
        assert_eq!(
            fft.read("0"),
            Err(ScoreError::OutOfRange { min: 1, max: 5 })
        );
        let set = set_holding(["very good", "poor"]).unwrap();
        let labelled = ScoreReader {
            labels: Some(LabelNumbers::Fft(set)),
            ..fft
        };
        assert_eq!(labelled.read("Very good"), Ok(ScoreRead::Score(1)));
        assert_eq!(labelled.read("very poor"), Ok(ScoreRead::Score(5)));
        assert_eq!(
            labelled.read("Neither good nor poor"),
            Ok(ScoreRead::Score(3))
        );
        assert_eq!(labelled.read("Smashing"), Err(ScoreError::UnknownLabel));
    }

    #[test]
    fn missing_codes_are_unscored_not_rejected() {
        let reader = ScoreReader {
            unscored: BTreeSet::from([99, -1]),
            ..ScoreReader::new(Scale::CSAT)
        };
        assert_eq!(reader.read("99"), Ok(ScoreRead::Code(99)));
        assert_eq!(reader.read("-1"), Ok(ScoreRead::Code(-1)));
        assert_eq!(
            reader.read("6"),
            Err(ScoreError::OutOfRange { min: 1, max: 5 })
        );
        assert_eq!(reader.read("N/A"), Ok(ScoreRead::NonAnswer));
        assert_eq!(reader.read("7 - Not applicable"), Ok(ScoreRead::Code(7)));
        assert_eq!(reader.read("4"), Ok(ScoreRead::Score(4)));
        assert_eq!(reader.read("maybe"), Err(ScoreError::NotANumber));
    }

    #[test]
    fn labels_alone_take_their_rank_or_the_given_order() {
        let set = set_holding(["strongly agree", "disagree"]).unwrap();
        let likert = ScoreReader {
            labels: Some(LabelNumbers::Set(set)),
            ..ScoreReader::new(Scale::CSAT)
        };
        assert_eq!(likert.read("Strongly agree"), Ok(ScoreRead::Score(5)));
        assert_eq!(likert.read("Strongly disagree"), Ok(ScoreRead::Score(1)));
        let given = ScoreReader {
            labels: Some(LabelNumbers::Given(vec![
                "Awful".into(),
                "Meh".into(),
                "Fab".into(),
            ])),
            ..ScoreReader::new(Scale::rating(1, 3))
        };
        assert_eq!(given.read("fab"), Ok(ScoreRead::Score(3)));
    }
}
