//! Score scales and the bands they split into.
//!
//! One index holds one scale. NPS and CSAT follow their conventions; any other rating scale is cut
//! into bottom, middle and top thirds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The scale a score column is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Scale {
    /// Net Promoter Score, 0-10.
    Nps,
    /// Customer satisfaction, 1-5.
    Csat,
    /// Any other integer rating scale, such as 1-10 or 1-7.
    Rating { min: i32, max: i32 },
}

/// Where a score falls on its scale, from worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Low,
    Middle,
    High,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Low, Band::Middle, Band::High];
}

/// Why a score cell is a bad row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    NotANumber,
    NotAWholeNumber,
    OutOfRange { min: i32, max: i32 },
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoreError::NotANumber => f.write_str("score is not a number"),
            ScoreError::NotAWholeNumber => f.write_str("score is not a whole number"),
            ScoreError::OutOfRange { min, max } => write!(f, "score is outside {min}-{max}"),
        }
    }
}

/// A band name the scale does not know (as read: trimmed, lowercased, plural dropped), with the
/// names it does know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownBand {
    pub band: String,
    pub choices: Vec<String>,
}

impl Scale {
    pub fn range(self) -> (i32, i32) {
        match self {
            Scale::Nps => (0, 10),
            Scale::Csat => (1, 5),
            Scale::Rating { min, max } => (min, max),
        }
    }

    /// Name of the headline metric.
    pub fn metric_name(self) -> &'static str {
        match self {
            Scale::Nps => "NPS",
            Scale::Csat => "CSAT",
            Scale::Rating { .. } => "net rating",
        }
    }

    /// Band of a score already known to be in range.
    pub fn band(self, score: i32) -> Band {
        match self {
            Scale::Nps => match score {
                ..=6 => Band::Low,
                7 | 8 => Band::Middle,
                _ => Band::High,
            },
            Scale::Csat => match score {
                ..=2 => Band::Low,
                3 => Band::Middle,
                _ => Band::High,
            },
            Scale::Rating { min, max } => {
                let third = (max - min + 1) / 3;
                if score < min + third {
                    Band::Low
                } else if score > max - third {
                    Band::High
                } else {
                    Band::Middle
                }
            }
        }
    }

    /// Name of a band on this scale, as users type it after `--band`.
    pub fn band_name(self, band: Band) -> &'static str {
        match (self, band) {
            (Scale::Nps, Band::Low) => "detractor",
            (Scale::Nps, Band::Middle) => "passive",
            (Scale::Nps, Band::High) => "promoter",
            (Scale::Csat, Band::Low) => "dissatisfied",
            (Scale::Csat, Band::Middle) => "neutral",
            (Scale::Csat, Band::High) => "satisfied",
            (Scale::Rating { .. }, Band::Low) => "low",
            (Scale::Rating { .. }, Band::Middle) => "middle",
            (Scale::Rating { .. }, Band::High) => "high",
        }
    }

    /// Band from a user-typed name: the scale's own names, plural forms, or low/middle/high.
    pub fn parse_band(self, name: &str) -> Result<Band, UnknownBand> {
        let name = name.trim().to_lowercase();
        let name = name
            .strip_suffix('s')
            .filter(|_| name != "low")
            .unwrap_or(&name);
        Band::ALL
            .into_iter()
            .find(|&b| self.band_name(b) == name || generic_band_name(b) == name)
            .ok_or_else(|| UnknownBand {
                band: name.to_string(),
                choices: Band::ALL
                    .iter()
                    .map(|&b| self.band_name(b).to_string())
                    .collect(),
            })
    }

    /// Parses one score cell: a number, or a choice label with its number ("10 - Extremely
    /// likely", "Very satisfied (5)"). Blank cells and non-answers are handled by the caller, or
    /// by [`Scale::read_score`].
    pub fn parse_score(self, cell: &str) -> Result<i32, ScoreError> {
        let ScoreCell::Number(value) = read_score_cell(cell) else {
            return Err(ScoreError::NotANumber);
        };
        if value.fract() != 0.0 {
            return Err(ScoreError::NotAWholeNumber);
        }
        let (min, max) = self.range();
        if value < min as f64 || value > max as f64 {
            return Err(ScoreError::OutOfRange { min, max });
        }
        Ok(value as i32)
    }
}

impl Scale {
    /// A score cell as a response: `Ok(None)` when it is blank or a non-answer ("N/A", "Don't
    /// know"): the response is unscored, not a bad row.
    pub fn read_score(self, cell: &str) -> Result<Option<i32>, ScoreError> {
        match read_score_cell(cell) {
            ScoreCell::NonAnswer => Ok(None),
            _ => self.parse_score(cell).map(Some),
        }
    }
}

/// What a score cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreCell {
    /// A number, written alone or inside its choice label.
    Number(f64),
    /// Blank, or an answer that declines to score: "N/A", "Don't know", "Prefer not to say", "-".
    NonAnswer,
    /// Anything else: a bad score.
    NotANumber,
}

/// Reads a score cell: a number ("7", "8,0"), a choice label with its number ("10 - Extremely
/// likely", "5 = Very satisfied", "Very satisfied (5)", "Extremely likely - 10"), or a non-answer.
pub fn read_score_cell(cell: &str) -> ScoreCell {
    let cell = cell.trim();
    if let Some(v) = parse_number(cell).or_else(|| labelled_number(cell)) {
        return ScoreCell::Number(v);
    }
    if is_score_non_answer(cell) {
        ScoreCell::NonAnswer
    } else {
        ScoreCell::NotANumber
    }
}

/// Bytes of the longest listed non-answer with room for brackets and dots around it.
const LONGEST_NON_ANSWER: usize = 64;

/// Answers that decline to give a score (compared lower-case, without final dots or
/// surrounding brackets, with straight apostrophes).
const SCORE_NON_ANSWERS: &[&str] = &[
    "n/a",
    "na",
    "n.a",
    "#n/a",
    "not applicable",
    "none",
    "null",
    "nil",
    "don't know",
    "dont know",
    "do not know",
    "i don't know",
    "i dont know",
    "dk",
    "not sure",
    "unsure",
    "no idea",
    "can't say",
    "cannot say",
    "can't rate",
    "prefer not to say",
    "prefer not to answer",
    "rather not say",
    "would rather not say",
    "declined",
    "declined to answer",
    "refused",
    "no answer",
    "not answered",
    "no response",
    "no opinion",
    "no rating",
    "no score",
    "skip",
    "skipped",
    "unknown",
];

/// Whether a score cell declines to score: blank, only punctuation ("-", "?", "--"), or one of
/// the usual phrases.
pub fn is_score_non_answer(cell: &str) -> bool {
    let cell = cell.trim();
    // Every listed phrase is short; a comment in a score column is not one of them.
    if cell.len() > LONGEST_NON_ANSWER {
        return !cell.chars().any(char::is_alphanumeric);
    }
    let t = cell
        .trim_matches(['(', ')', '[', ']'])
        .trim_end_matches('.')
        .trim()
        .to_lowercase()
        .replace(['\u{2019}', '`'], "'");
    t.chars().all(|c| !c.is_alphanumeric())
        || SCORE_NON_ANSWERS.contains(&t.as_str())
        || SCORE_NON_ANSWERS.contains(&t.replace('_', " ").as_str())
}

/// The number of a choice label: "10 - Extremely likely", "0 = Not at all likely",
/// "5: Very satisfied", "Very satisfied (5)", "Extremely likely - 10". The label is a few words
/// of letters; a sentence with a number in it ("3 - slow, then fine") is not a label.
fn labelled_number(cell: &str) -> Option<f64> {
    const SEPARATORS: [char; 6] = ['-', '\u{2013}', '\u{2014}', '=', ':', ')'];
    // The number first.
    let digits_end = cell
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-') || c == '.'))
        .map_or(cell.len(), |(i, _)| i);
    if digits_end > 0 {
        let (number, rest) = cell.split_at(digits_end);
        let rest = rest.trim_start();
        if let Some(label) = rest.strip_prefix(SEPARATORS) {
            if is_label(label.trim()) {
                return parse_number(number.trim_end_matches('.'));
            }
        }
    }
    // The number last: "Very satisfied (5)", "Extremely likely - 10".
    if let Some(inner) = cell.strip_suffix(')') {
        let (label, number) = inner.rsplit_once('(')?;
        return is_label(label.trim())
            .then(|| parse_number(number))
            .flatten();
    }
    let start = cell.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| {
        i + cell[i..].chars().next().map_or(1, char::len_utf8)
    });
    let (label, number) = cell.split_at(start);
    let label = label.trim_end().strip_suffix(SEPARATORS)?;
    (!number.is_empty() && is_label(label.trim()))
        .then(|| parse_number(number))
        .flatten()
}

/// A choice label: one to six words of letters (apostrophes, hyphens and slashes inside).
fn is_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '\u{2019}' | '-' | '/'))
}

fn generic_band_name(band: Band) -> &'static str {
    match band {
        Band::Low => "low",
        Band::Middle => "middle",
        Band::High => "high",
    }
}

/// A number as survey tools write it: "7", "7.0", " 9 ", "8,0" (decimal comma).
pub fn parse_number(cell: &str) -> Option<f64> {
    let cell = cell.trim();
    let value: f64 = cell
        .parse()
        .ok()
        .or_else(|| cell.replace(',', ".").parse().ok())?;
    value.is_finite().then_some(value)
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scale::Nps => f.write_str("NPS 0-10"),
            Scale::Csat => f.write_str("CSAT 1-5"),
            Scale::Rating { min, max } => write!(f, "rating {min}-{max}"),
        }
    }
}

/// What the user asked for with `--scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleChoice {
    Auto,
    Fixed(Scale),
}

impl FromStr for ScaleChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_lowercase();
        Ok(match s.as_str() {
            "auto" => ScaleChoice::Auto,
            "nps" => ScaleChoice::Fixed(Scale::Nps),
            "csat" => ScaleChoice::Fixed(Scale::Csat),
            _ => {
                let range = s.strip_prefix("rating:").ok_or_else(|| {
                    format!("unknown scale '{s}'; use nps, csat, rating:MIN-MAX (e.g. rating:1-10) or auto")
                })?;
                // The dash between the bounds is the first after the first character, so that
                // negative bounds read: rating:-3-3.
                let (min, max) = range
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| c == '-')
                    .map(|(i, _)| (&range[..i], &range[i + 1..]))
                    .and_then(|(a, b)| Some((a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?)))
                    .filter(|(a, b)| b - a >= 2)
                    .ok_or_else(|| format!("bad rating range '{range}'; write it as MIN-MAX with at least 3 points, e.g. rating:1-7"))?;
                ScaleChoice::Fixed(Scale::Rating { min, max })
            }
        })
    }
}

/// Counts of whole-number scores seen while scanning a column, to choose a scale.
#[derive(Debug, Default, Clone)]
pub struct ScoreSniffer {
    whole: u64,
    /// Whole numbers within 0-10 and within 1-5.
    in_nps: u64,
    in_csat: u64,
    /// How often each whole number occurs (bounded: scores take few values).
    counts: std::collections::BTreeMap<i64, u64>,
    other: u64,
    /// Non-answers ("N/A", "Don't know"): unscored responses, not evidence about the scale.
    non_answers: u64,
    min: Option<i64>,
    max: Option<i64>,
}

impl ScoreSniffer {
    pub fn observe(&mut self, cell: &str) {
        match read_score_cell(cell) {
            ScoreCell::NonAnswer => self.non_answers += 1,
            ScoreCell::Number(v) if v.fract() == 0.0 && v.abs() < 1e9 => {
                let v = v as i64;
                self.whole += 1;
                self.in_nps += (0..=10).contains(&v) as u64;
                self.in_csat += (1..=5).contains(&v) as u64;
                if self.counts.len() < 1000 || self.counts.contains_key(&v) {
                    *self.counts.entry(v).or_default() += 1;
                }
                self.min = Some(self.min.map_or(v, |m| m.min(v)));
                self.max = Some(self.max.map_or(v, |m| m.max(v)));
            }
            _ => self.other += 1,
        }
    }

    /// `auto`: values within 0-10 mean NPS; a column entirely within 1-5 means CSAT. Choice labels
    /// count as their number ("10 - Extremely likely") and non-answers ("N/A") not at all. Stray
    /// values (up to a fifth: "11", "7.5", "soon") are left to be rejected as bad rows; anything
    /// else asks for `--scale`.
    pub fn detect(&self) -> Result<Scale, String> {
        let (Some(min), Some(max)) = (self.min, self.max) else {
            return Err("the score column holds no numbers".into());
        };
        if self.other * 4 > self.whole {
            return Err(format!(
                "{} of {} scores are not whole numbers; pass --scale nps, csat or rating:MIN-MAX",
                self.other,
                self.other + self.whole
            ));
        }
        match (min, max) {
            (1.., ..=5) => Ok(Scale::Csat),
            _ if self.in_nps * 5 >= self.whole * 4 && self.in_csat < self.whole => Ok(Scale::Nps),
            // A rating scale has at least 3 points (`rating:MIN-MAX` refuses fewer).
            _ if max - min >= 2 => Err(format!(
                "scores run from {min} to {max}, which is neither NPS (0-10) nor CSAT (1-5); pass --scale rating:{min}-{max}"
            )),
            _ => Err(format!(
                "scores run from {min} to {max}, which is neither NPS (0-10) nor CSAT (1-5); pass --scale rating:MIN-MAX with the question's whole range (at least 3 points, such as rating:{min}-{})",
                min + 2
            )),
        }
    }

    /// Whether the column belongs on `scale`, an index's existing scale: what `detect` would choose,
    /// or for other rating scales, at least four in five whole numbers within its range (the rest
    /// are rejected row by row, as on a new index).
    pub fn fits(&self, scale: Scale) -> bool {
        match (scale, self.detect()) {
            (Scale::Nps | Scale::Csat, Ok(detected)) => detected == scale,
            _ => {
                let (lo, hi) = scale.range();
                let inside: u64 = self
                    .counts
                    .range(lo as i64..=hi as i64)
                    .map(|(_, n)| n)
                    .sum();
                self.whole > 0 && inside * 5 >= self.whole * 4
            }
        }
    }

    pub fn observed_range(&self) -> Option<(i64, i64)> {
        Some((self.min?, self.max?))
    }

    /// Cells that declined to score ("N/A", "Don't know", "-").
    pub fn non_answers(&self) -> u64 {
        self.non_answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_bands() {
        let b: Vec<_> = (0..=10).map(|s| Scale::Nps.band(s)).collect();
        assert_eq!(&b[..7], &[Band::Low; 7]);
        assert_eq!(&b[7..9], &[Band::Middle; 2]);
        assert_eq!(&b[9..], &[Band::High; 2]);
    }

    #[test]
    fn csat_and_rating_bands() {
        assert_eq!(Scale::Csat.band(2), Band::Low);
        assert_eq!(Scale::Csat.band(3), Band::Middle);
        assert_eq!(Scale::Csat.band(4), Band::High);
        let r = Scale::Rating { min: 1, max: 10 };
        let bands: Vec<_> = (1..=10).map(|s| r.band(s)).collect();
        assert_eq!(bands.iter().filter(|&&b| b == Band::Low).count(), 3);
        assert_eq!(bands.iter().filter(|&&b| b == Band::High).count(), 3);
        let r7 = Scale::Rating { min: 1, max: 7 };
        assert_eq!(
            (r7.band(2), r7.band(3), r7.band(5), r7.band(6)),
            (Band::Low, Band::Middle, Band::Middle, Band::High)
        );
    }

    #[test]
    fn score_cells() {
        assert_eq!(Scale::Nps.parse_score(" 9 "), Ok(9));
        assert_eq!(Scale::Nps.parse_score("10.0"), Ok(10));
        assert_eq!(
            Scale::Nps.parse_score("11"),
            Err(ScoreError::OutOfRange { min: 0, max: 10 })
        );
        assert_eq!(
            Scale::Nps.parse_score("-1"),
            Err(ScoreError::OutOfRange { min: 0, max: 10 })
        );
        assert_eq!(
            Scale::Nps.parse_score("7.5"),
            Err(ScoreError::NotAWholeNumber)
        );
        assert_eq!(Scale::Nps.parse_score("N/A"), Err(ScoreError::NotANumber));
        assert_eq!(Scale::Nps.parse_score("８"), Err(ScoreError::NotANumber));
        assert_eq!(
            Scale::Csat.parse_score("0"),
            Err(ScoreError::OutOfRange { min: 1, max: 5 })
        );
    }

    #[test]
    fn choice_labels_read_as_their_number() {
        for (cell, n) in [
            ("10 - Extremely likely", 10),
            ("0 - Not at all likely", 0),
            ("5 = Very satisfied", 5),
            ("Very satisfied (5)", 5),
            ("Extremely likely - 10", 10),
            ("4: Satisfied", 4),
            ("3 \u{2013} Neither satisfied nor dissatisfied", 3),
            (" 9 ", 9),
        ] {
            assert_eq!(Scale::Nps.parse_score(cell), Ok(n), "{cell}");
            assert_eq!(read_score_cell(cell), ScoreCell::Number(n as f64), "{cell}");
        }
        // A sentence with a number in it is not a label; a label out of the scale is out of range.
        for cell in ["3 - slow, then fine", "10 out of 10!", "5 stars", "soon"] {
            assert_eq!(read_score_cell(cell), ScoreCell::NotANumber, "{cell}");
        }
        assert_eq!(
            Scale::Csat.parse_score("7 - Delighted"),
            Err(ScoreError::OutOfRange { min: 1, max: 5 })
        );
    }

    #[test]
    fn non_answers_leave_the_response_unscored() {
        for cell in [
            "",
            "N/A",
            "n/a.",
            "Don't know",
            "Don\u{2019}t know",
            "Prefer not to say",
            "-",
            "--",
            "(skipped)",
            "Not applicable",
        ] {
            assert_eq!(read_score_cell(cell), ScoreCell::NonAnswer, "{cell}");
            assert_eq!(Scale::Nps.read_score(cell), Ok(None), "{cell}");
        }
        assert_eq!(
            Scale::Nps.read_score("11"),
            Err(ScoreError::OutOfRange { min: 0, max: 10 })
        );
        assert_eq!(Scale::Nps.read_score("maybe"), Err(ScoreError::NotANumber));
        assert_eq!(Scale::Nps.read_score("7"), Ok(Some(7)));
    }

    #[test]
    fn band_names_parse() {
        assert_eq!(Scale::Nps.parse_band("Detractors"), Ok(Band::Low));
        assert_eq!(Scale::Csat.parse_band("satisfied"), Ok(Band::High));
        assert_eq!(Scale::Nps.parse_band("low"), Ok(Band::Low));
        assert!(Scale::Nps
            .parse_band("happy")
            .unwrap_err()
            .choices
            .join(", ")
            .contains("detractor, passive, promoter"));
    }

    #[test]
    fn scale_choice_parses() {
        assert_eq!("nps".parse(), Ok(ScaleChoice::Fixed(Scale::Nps)));
        assert_eq!(
            "rating:1-7".parse(),
            Ok(ScaleChoice::Fixed(Scale::Rating { min: 1, max: 7 }))
        );
        assert!("rating:5".parse::<ScaleChoice>().is_err());
        assert_eq!(
            "rating:-3-3".parse(),
            Ok(ScaleChoice::Fixed(Scale::Rating { min: -3, max: 3 }))
        );
        assert!("stars".parse::<ScaleChoice>().is_err());
    }

    #[test]
    fn auto_detection() {
        let sniff = |cells: &[&str]| {
            let mut s = ScoreSniffer::default();
            cells.iter().for_each(|c| s.observe(c));
            s.detect()
        };
        assert_eq!(sniff(&["0", "7", "10"]), Ok(Scale::Nps));
        assert_eq!(sniff(&["1", "3", "5"]), Ok(Scale::Csat));
        assert_eq!(sniff(&["1", "9", "10"]), Ok(Scale::Nps));
        assert!(sniff(&["1", "50", "100"])
            .unwrap_err()
            .contains("rating:1-100"));
        assert!(sniff(&["x", "y", "1"]).is_err());
        let strays = [
            "0", "3", "7", "8", "9", "10", "10", "9", "6", "11", "N/A", "7.5",
        ];
        assert_eq!(sniff(&strays), Ok(Scale::Nps));
        assert!(sniff(&[]).is_err());
        // Labels count as their number and non-answers not at all, however many there are.
        let labelled = [
            "10 - Extremely likely",
            "0 - Not at all likely",
            "7",
            "N/A",
            "Don't know",
            "N/A",
            "N/A",
        ];
        assert_eq!(sniff(&labelled), Ok(Scale::Nps));
        let csat = [
            "Very satisfied (5)",
            "Satisfied (4)",
            "Dissatisfied (2)",
            "-",
        ];
        assert_eq!(sniff(&csat), Ok(Scale::Csat));
        // Every flag suggested is one `--scale` accepts.
        for cells in [
            &["20", "21", "20"][..],
            &["-3", "3", "0", "-3"],
            &["1", "50", "100"],
        ] {
            let message = sniff(cells).unwrap_err();
            let flag = message
                .split("--scale ")
                .nth(1)
                .and_then(|rest| rest.split([' ', ')']).next())
                .unwrap_or_else(|| panic!("{message}"));
            let flag = if flag == "rating:MIN-MAX" {
                message
                    .rsplit("such as ")
                    .next()
                    .unwrap()
                    .trim_end_matches(')')
            } else {
                flag
            };
            assert!(flag.parse::<ScaleChoice>().is_ok(), "{flag} from {message}");
        }
    }
}
