//! Score scales, their direction, and the bands they split into.
//!
//! One index holds one scale. NPS and CSAT follow their conventions; the NHS Friends and Family
//! Test (FFT) codes 1 very good ... 5 very poor, 6 don't know; any other rating scale is cut into
//! bottom, middle and top thirds. CSAT and ratings may be coded the other way round (1 best), as
//! many tools export Likert answers; NPS never is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The scale a score column is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Scale {
    /// Net Promoter Score, 0-10.
    Nps,
    /// Customer satisfaction, 1-5; `reversed` when 1 is the best answer.
    Csat {
        #[serde(default, skip_serializing_if = "is_false")]
        reversed: bool,
    },
    /// Any other integer rating scale, such as 1-10 or 1-7 (`min` < `max`); `reversed` when
    /// `min` is the best answer.
    Rating {
        min: i32,
        max: i32,
        #[serde(default, skip_serializing_if = "is_false")]
        reversed: bool,
    },
    /// The NHS Friends and Family Test: 1 very good, 2 good, 3 neither good nor poor, 4 poor,
    /// 5 very poor; 6 don't know, counted on its own.
    Fft,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The FFT's code for "don't know".
pub const FFT_DONT_KNOW: i32 = 6;

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
    OutOfRange {
        min: i32,
        max: i32,
    },
    /// A label the column's answer set does not hold.
    UnknownLabel,
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoreError::NotANumber => f.write_str("score is not a number"),
            ScoreError::NotAWholeNumber => f.write_str("score is not a whole number"),
            ScoreError::OutOfRange { min, max } => write!(f, "score is outside {min}-{max}"),
            ScoreError::UnknownLabel => {
                f.write_str("score is a label the column's other answers do not include")
            }
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
    /// CSAT 1-5 with 5 best.
    pub const CSAT: Scale = Scale::Csat { reversed: false };

    /// A rating scale from `min` to `max`, `max` best.
    pub fn rating(min: i32, max: i32) -> Scale {
        Scale::Rating {
            min,
            max,
            reversed: false,
        }
    }

    /// Lowest and highest scored value (the FFT's scored codes are 1-5).
    pub fn range(self) -> (i32, i32) {
        match self {
            Scale::Nps => (0, 10),
            Scale::Csat { .. } | Scale::Fft => (1, 5),
            Scale::Rating { min, max, .. } => (min, max),
        }
    }

    /// Whether the lowest number is the best answer.
    pub fn reversed(self) -> bool {
        match self {
            Scale::Nps => false,
            Scale::Fft => true,
            Scale::Csat { reversed } | Scale::Rating { reversed, .. } => reversed,
        }
    }

    /// The same scale read the other way round (NPS and the FFT have one direction).
    pub fn flipped(self) -> Scale {
        match self {
            Scale::Csat { reversed } => Scale::Csat {
                reversed: !reversed,
            },
            Scale::Rating { min, max, reversed } => Scale::Rating {
                min,
                max,
                reversed: !reversed,
            },
            other => other,
        }
    }

    /// The worst and the best value, in that order.
    pub fn worst_best(self) -> (i32, i32) {
        let (lo, hi) = self.range();
        if self.reversed() {
            (hi, lo)
        } else {
            (lo, hi)
        }
    }

    /// Name of the headline metric.
    pub fn metric_name(self) -> &'static str {
        match self {
            Scale::Nps => "NPS",
            Scale::Csat { .. } => "CSAT",
            Scale::Rating { .. } => "net rating",
            Scale::Fft => "% positive",
        }
    }

    /// Band of a score already known to be in range.
    pub fn band(self, score: i32) -> Band {
        let (lo, hi) = self.range();
        // Where the score stands counted from the worst end, on the usual lo-worst numbering.
        let score = if self.reversed() {
            lo + hi - score
        } else {
            score
        };
        match self {
            Scale::Nps => match score {
                ..=6 => Band::Low,
                7 | 8 => Band::Middle,
                _ => Band::High,
            },
            // The FFT's bands are CSAT's once its codes are turned round: very good and good
            // positive, poor and very poor negative.
            Scale::Csat { .. } | Scale::Fft => match score {
                ..=2 => Band::Low,
                3 => Band::Middle,
                _ => Band::High,
            },
            Scale::Rating { min, max, .. } => {
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
            (Scale::Csat { .. }, Band::Low) => "dissatisfied",
            (Scale::Csat { .. } | Scale::Fft, Band::Middle) => "neutral",
            (Scale::Csat { .. }, Band::High) => "satisfied",
            (Scale::Fft, Band::Low) => "negative",
            (Scale::Fft, Band::High) => "positive",
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

    /// Parses one score cell as a number on this scale: a number, or a choice label with its
    /// number ("10 - Extremely likely", "Very satisfied (5)"). Non-answers, labels without a
    /// number and codes that mean no score are [`crate::score::ScoreReader`]'s work.
    pub fn parse_score(self, cell: &str) -> Result<i32, ScoreError> {
        let Some(value) = super::read_score_cell(cell).number() else {
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

    /// How `--scale` writes this scale.
    pub fn flag(self) -> String {
        let (worst, best) = self.worst_best();
        match self {
            Scale::Nps => "nps".into(),
            Scale::Fft => "fft".into(),
            Scale::Csat { reversed: false } => "csat".into(),
            Scale::Csat { reversed: true } => "csat:5-1".into(),
            Scale::Rating { .. } => format!("rating:{worst}-{best}"),
        }
    }

    /// Which value is best and which worst, in words: "1 is best, 5 worst".
    pub fn direction(self) -> String {
        let (worst, best) = self.worst_best();
        format!("{best} is best, {worst} worst")
    }
}

fn generic_band_name(band: Band) -> &'static str {
    match band {
        Band::Low => "low",
        Band::Middle => "middle",
        Band::High => "high",
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Scale::Nps => f.write_str("NPS 0-10"),
            Scale::Csat { reversed: false } => f.write_str("CSAT 1-5"),
            Scale::Csat { reversed: true } => f.write_str("CSAT 5-1 (reversed: 1 is best)"),
            Scale::Rating {
                min,
                max,
                reversed: false,
            } => write!(f, "rating {min}-{max}"),
            Scale::Rating {
                min,
                max,
                reversed: true,
            } => write!(f, "rating {max}-{min} (reversed: {min} is best)"),
            Scale::Fft => f.write_str(
                "the Friends and Family Test (1 very good ... 5 very poor, 6 don't know)",
            ),
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
            "csat" => ScaleChoice::Fixed(Scale::CSAT),
            "fft" => ScaleChoice::Fixed(Scale::Fft),
            _ => {
                let (kind, range) = s.split_once(':').ok_or_else(|| {
                    format!("unknown scale '{s}'; use nps, csat, csat:5-1, fft, rating:WORST-BEST (e.g. rating:1-10, or rating:5-1 when 1 is best) or auto")
                })?;
                let (worst, best) = worst_best(range)?;
                match kind {
                    "nps" => return Err(format!("NPS runs from 0 (worst) to 10 (best) and is never reversed; write --scale nps, or rating:{worst}-{best} if the question is not the recommend question")),
                    "csat" if (worst.min(best), worst.max(best)) == (1, 5) => ScaleChoice::Fixed(Scale::Csat { reversed: worst > best }),
                    "csat" => return Err(format!("CSAT runs from 1 to 5 (csat:1-5, or csat:5-1 when 1 is best); for {worst}-{best} write rating:{worst}-{best}")),
                    "rating" => ScaleChoice::Fixed(Scale::Rating { min: worst.min(best), max: worst.max(best), reversed: worst > best }),
                    _ => return Err(format!("unknown scale '{s}'; use nps, csat, csat:5-1, fft, rating:WORST-BEST (e.g. rating:1-10) or auto")),
                }
            }
        })
    }
}

/// "1-7" or "5-1" (worst first) or "-3-3": the two ends of a scale, at least 3 points apart.
fn worst_best(range: &str) -> Result<(i32, i32), String> {
    // The dash between the ends is the first after the first character, so that negative ends
    // read: rating:-3-3.
    let (worst, best) = range
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '-')
        .map(|(i, _)| (&range[..i], &range[i + 1..]))
        .and_then(|(a, b)| Some((a.trim().parse::<i32>().ok()?, b.trim().parse::<i32>().ok()?)))
        .ok_or_else(|| format!("bad scale range '{range}'; write it as WORST-BEST, e.g. rating:1-7 (7 best) or rating:5-1 (1 best)"))?;
    if (best - worst).abs() < 2 {
        return Err(format!("bad scale range '{range}': a scale needs at least 3 points with different ends, e.g. rating:1-7 (7 best) or rating:5-1 (1 best)"));
    }
    Ok((worst, best))
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
        assert_eq!(Scale::CSAT.band(2), Band::Low);
        assert_eq!(Scale::CSAT.band(3), Band::Middle);
        assert_eq!(Scale::CSAT.band(4), Band::High);
        let r = Scale::rating(1, 10);
        let bands: Vec<_> = (1..=10).map(|s| r.band(s)).collect();
        assert_eq!(bands.iter().filter(|&&b| b == Band::Low).count(), 3);
        assert_eq!(bands.iter().filter(|&&b| b == Band::High).count(), 3);
        let r7 = Scale::rating(1, 7);
        assert_eq!(
            (r7.band(2), r7.band(3), r7.band(5), r7.band(6)),
            (Band::Low, Band::Middle, Band::Middle, Band::High)
        );
    }

    #[test]
    fn reversed_scales_mirror_their_bands() {
        for scale in [Scale::CSAT, Scale::rating(1, 7), Scale::rating(0, 10)] {
            let (lo, hi) = scale.range();
            for s in lo..=hi {
                assert_eq!(
                    scale.flipped().band(lo + hi - s),
                    scale.band(s),
                    "{scale} {s}"
                );
            }
            assert_eq!(scale.flipped().flipped(), scale);
        }
        assert_eq!(Scale::Nps.flipped(), Scale::Nps);
        let fft: Vec<_> = (1..=5).map(|s| Scale::Fft.band(s)).collect();
        assert_eq!(
            fft,
            [Band::High, Band::High, Band::Middle, Band::Low, Band::Low]
        );
        assert_eq!(Scale::Fft.band_name(Band::High), "positive");
        assert_eq!(Scale::Fft.parse_band("negatives"), Ok(Band::Low));
    }

    #[test]
    fn band_names_parse() {
        assert_eq!(Scale::Nps.parse_band("Detractors"), Ok(Band::Low));
        assert_eq!(Scale::CSAT.parse_band("satisfied"), Ok(Band::High));
        assert_eq!(Scale::Nps.parse_band("low"), Ok(Band::Low));
        assert!(Scale::Nps
            .parse_band("happy")
            .unwrap_err()
            .choices
            .join(", ")
            .contains("detractor, passive, promoter"));
    }

    #[test]
    fn scale_choice_parses_either_direction() {
        assert_eq!("nps".parse(), Ok(ScaleChoice::Fixed(Scale::Nps)));
        assert_eq!("fft".parse(), Ok(ScaleChoice::Fixed(Scale::Fft)));
        assert_eq!(
            "rating:1-7".parse(),
            Ok(ScaleChoice::Fixed(Scale::rating(1, 7)))
        );
        assert_eq!(
            "rating:5-1".parse(),
            Ok(ScaleChoice::Fixed(Scale::rating(1, 5).flipped()))
        );
        assert_eq!(
            "csat:5-1".parse(),
            Ok(ScaleChoice::Fixed(Scale::Csat { reversed: true }))
        );
        assert_eq!("csat:1-5".parse(), Ok(ScaleChoice::Fixed(Scale::CSAT)));
        assert!("rating:5".parse::<ScaleChoice>().is_err());
        assert!("rating:5-5".parse::<ScaleChoice>().is_err());
        assert!("csat:1-7".parse::<ScaleChoice>().is_err());
        assert!("nps:10-0"
            .parse::<ScaleChoice>()
            .unwrap_err()
            .contains("never reversed"));
        assert_eq!(
            "rating:-3-3".parse(),
            Ok(ScaleChoice::Fixed(Scale::rating(-3, 3)))
        );
        assert!("stars".parse::<ScaleChoice>().is_err());
        // Every scale's flag reads back as the scale.
        for scale in [
            Scale::Nps,
            Scale::Fft,
            Scale::CSAT,
            Scale::CSAT.flipped(),
            Scale::rating(1, 10),
            Scale::rating(1, 10).flipped(),
        ] {
            assert_eq!(scale.flag().parse(), Ok(ScaleChoice::Fixed(scale)));
        }
    }

    #[test]
    fn stored_scales_read_as_before() {
        let old: Scale = serde_json::from_str(r#"{"kind":"csat"}"#).unwrap();
        assert_eq!(old, Scale::CSAT);
        let old: Scale = serde_json::from_str(r#"{"kind":"rating","min":1,"max":10}"#).unwrap();
        assert_eq!(old, Scale::rating(1, 10));
        assert_eq!(
            serde_json::to_string(&Scale::CSAT).unwrap(),
            r#"{"kind":"csat"}"#
        );
        assert_eq!(
            serde_json::to_string(&Scale::CSAT.flipped()).unwrap(),
            r#"{"kind":"csat","reversed":true}"#
        );
    }
}
