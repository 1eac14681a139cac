//! NPS / CSAT arithmetic: the headline value, its 95% margin of error and the conventional band.
//!
//! Only the delighted and the furious tend to answer, so every figure travels with its counts.

use serde::Serialize;

use super::{Band, Scale};

/// Groups smaller than this are flagged: their margin of error is too wide to read much into.
pub const SMALL_GROUP: u64 = 30;

/// Responses per band, plus those without a score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    pub low: u64,
    pub middle: u64,
    pub high: u64,
    pub unscored: u64,
    /// "Don't know" on the FFT: not a band, yet part of the FFT's denominator (absent elsewhere).
    #[serde(skip_serializing_if = "is_zero")]
    pub dont_know: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl BandCounts {
    pub fn add(&mut self, band: Option<Band>) {
        match band {
            Some(Band::Low) => self.low += 1,
            Some(Band::Middle) => self.middle += 1,
            Some(Band::High) => self.high += 1,
            None => self.unscored += 1,
        }
    }

    /// A "don't know" on the FFT: unscored for bands, counted on its own.
    pub fn add_dont_know(&mut self) {
        self.dont_know += 1;
    }

    pub fn get(&self, band: Band) -> u64 {
        match band {
            Band::Low => self.low,
            Band::Middle => self.middle,
            Band::High => self.high,
        }
    }

    pub fn scored(&self) -> u64 {
        self.low + self.middle + self.high
    }

    pub fn total(&self) -> u64 {
        self.scored() + self.unscored + self.dont_know
    }

    /// Adds another group's counts.
    pub fn merge(&mut self, other: &BandCounts) {
        self.low += other.low;
        self.middle += other.middle;
        self.high += other.high;
        self.unscored += other.unscored;
        self.dont_know += other.dont_know;
    }

    /// Share of scored responses in `band`, 0-100 (on the FFT, of the responses coded 1-6, "don't
    /// know" included, as its headline counts them).
    pub fn percent(&self, band: Band) -> f64 {
        match self.scored() + self.dont_know {
            0 => 0.0,
            n => 100.0 * self.get(band) as f64 / n as f64,
        }
    }
}

/// Conventional reading of a score: strong NPS >= 40 / CSAT >= 90%, typical NPS >= 20 / CSAT >= 80%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Benchmark {
    Strong,
    Typical,
    Slipping,
}

impl Benchmark {
    pub fn as_str(self) -> &'static str {
        match self {
            Benchmark::Strong => "strong",
            Benchmark::Typical => "typical",
            Benchmark::Slipping => "slipping",
        }
    }
}

/// A share of responses with its 95% margin, 0-100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub value: f64,
    pub margin: f64,
}

/// The headline metric of a group of responses.
///
/// Serialised with `margin: null` for a small group (fewer than [`SMALL_GROUP`] scored
/// responses): the normal-approximation margin means nothing there (one response gives ±0.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    /// NPS (-100..100), CSAT (0..100 %) or net rating (-100..100); unrounded.
    pub value: f64,
    /// Half-width of the 95% confidence interval by the formula, in the same units; shown only
    /// through [`Metric::shown_margin`] (a small group has none).
    pub margin: f64,
    /// Scored responses behind the value.
    pub n: u64,
    pub benchmark: Option<Benchmark>,
    /// Fewer than [`SMALL_GROUP`] scored responses.
    pub small: bool,
    /// The FFT's % negative (poor and very poor), beside its % positive; None elsewhere.
    pub negative: Option<Share>,
}

impl Metric {
    /// None when no response is scored.
    ///
    /// The FFT's figure is NHS England's: % positive = (very good + good) / responses coded 1-6,
    /// "don't know" included in the denominator; % negative alike.
    pub fn compute(scale: Scale, counts: &BandCounts) -> Option<Metric> {
        let n = counts.scored()
            + if scale == Scale::Fft {
                counts.dont_know
            } else {
                0
            };
        if n == 0 {
            return None;
        }
        let nf = n as f64;
        let high = counts.high as f64 / nf;
        let low = counts.low as f64 / nf;
        let proportion_margin = |p: f64| 100.0 * 1.96 * (p * (1.0 - p) / nf).sqrt();
        let (value, variance) = match scale {
            Scale::Csat { .. } | Scale::Fft => (high, high * (1.0 - high)),
            Scale::Nps | Scale::Rating { .. } => (high - low, high + low - (high - low).powi(2)),
        };
        let value = 100.0 * value;
        let benchmark = match scale {
            Scale::Nps if value >= 40.0 => Some(Benchmark::Strong),
            Scale::Nps if value >= 20.0 => Some(Benchmark::Typical),
            Scale::Nps => Some(Benchmark::Slipping),
            Scale::Csat { .. } if value >= 90.0 => Some(Benchmark::Strong),
            Scale::Csat { .. } if value >= 80.0 => Some(Benchmark::Typical),
            Scale::Csat { .. } => Some(Benchmark::Slipping),
            // The FFT has no published benchmark of the NPS kind.
            Scale::Rating { .. } | Scale::Fft => None,
        };
        Some(Metric {
            value,
            margin: 100.0 * 1.96 * (variance.max(0.0) / nf).sqrt(),
            n,
            benchmark,
            small: n < SMALL_GROUP,
            negative: (scale == Scale::Fft).then(|| Share {
                value: 100.0 * low,
                margin: proportion_margin(low),
            }),
        })
    }

    /// Standard error in metric units (margin / 1.96), for comparing two groups.
    pub fn standard_error(&self) -> f64 {
        self.margin / 1.96
    }

    /// The 95% margin to show: None for a group too small for one.
    pub fn shown_margin(&self) -> Option<f64> {
        (!self.small).then_some(self.margin)
    }

    /// "6.0 ±8.1", or "100.0 (too few for a margin)" for a small group.
    pub fn with_margin(&self) -> String {
        match self.shown_margin() {
            Some(m) => format!("{:.1} ±{m:.1}", self.value),
            None => format!("{:.1} ({TOO_FEW})", self.value),
        }
    }
}

/// What a small group shows instead of a margin.
pub const TOO_FEW: &str = "too few for a margin";

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Metric", 6)?;
        m.serialize_field("value", &self.value)?;
        m.serialize_field("margin", &self.shown_margin())?;
        m.serialize_field("n", &self.n)?;
        m.serialize_field("benchmark", &self.benchmark)?;
        m.serialize_field("small", &self.small)?;
        #[derive(Serialize)]
        struct Shown {
            value: f64,
            margin: Option<f64>,
        }
        match self.negative {
            Some(negative) => m.serialize_field(
                "negative",
                &Shown {
                    value: negative.value,
                    margin: (!self.small).then_some(negative.margin),
                },
            )?,
            None => m.skip_field("negative")?,
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(low: u64, middle: u64, high: u64) -> BandCounts {
        BandCounts {
            low,
            middle,
            high,
            ..Default::default()
        }
    }

    #[test]
    fn nps_by_hand() {
        // 50 promoters, 30 passives, 20 detractors: NPS 30; variance 0.5 + 0.2 - 0.09 = 0.61.
        let m = Metric::compute(Scale::Nps, &counts(20, 30, 50)).unwrap();
        assert!((m.value - 30.0).abs() < 1e-9);
        assert!((m.margin - 100.0 * 1.96 * (0.61f64 / 100.0).sqrt()).abs() < 1e-9);
        assert_eq!(m.benchmark, Some(Benchmark::Typical));
        assert!(!m.small);
    }

    #[test]
    fn fft_by_hand() {
        // 60 positive, 10 neutral, 20 negative, 10 don't know: 60% positive of the 100 coded 1-6.
        let c = BandCounts {
            dont_know: 10,
            unscored: 7,
            ..counts(20, 10, 60)
        };
        let m = Metric::compute(Scale::Fft, &c).unwrap();
        assert_eq!(m.n, 100);
        assert!((m.value - 60.0).abs() < 1e-9);
        assert!((m.margin - 100.0 * 1.96 * (0.6f64 * 0.4 / 100.0).sqrt()).abs() < 1e-9);
        let negative = m.negative.unwrap();
        assert!((negative.value - 20.0).abs() < 1e-9);
        assert!((negative.margin - 100.0 * 1.96 * (0.2f64 * 0.8 / 100.0).sqrt()).abs() < 1e-9);
        assert_eq!(m.benchmark, None);
        // Elsewhere "don't know" is not part of the denominator, and no negative share is shown.
        let csat = Metric::compute(Scale::CSAT, &c).unwrap();
        assert_eq!((csat.n, csat.negative), (90, None));
        assert!(serde_json::to_value(csat)
            .unwrap()
            .get("negative")
            .is_none());
    }

    #[test]
    fn csat_by_hand() {
        let m = Metric::compute(Scale::CSAT, &counts(2, 3, 15)).unwrap();
        assert!((m.value - 75.0).abs() < 1e-9);
        assert!((m.margin - 100.0 * 1.96 * (0.75f64 * 0.25 / 20.0).sqrt()).abs() < 1e-9);
        assert_eq!(m.benchmark, Some(Benchmark::Slipping));
        assert!(m.small);
    }

    #[test]
    fn benchmarks_use_unrounded_values() {
        // 39.96 rounds to 40 but is not strong.
        let m = Metric::compute(Scale::Nps, &counts(0, 1501, 999)).unwrap();
        assert!(m.value < 40.0 && format!("{:.0}", m.value) == "40");
        assert_eq!(m.benchmark, Some(Benchmark::Typical));
        assert_eq!(
            Metric::compute(Scale::Nps, &counts(0, 3, 2))
                .unwrap()
                .benchmark,
            Some(Benchmark::Strong)
        );
    }

    #[test]
    fn small_groups_have_no_margin_to_show() {
        // One promoter: the formula gives ±0.0, which would read as certainty.
        let one = Metric::compute(Scale::Nps, &counts(0, 0, 1)).unwrap();
        assert_eq!(one.margin, 0.0);
        assert_eq!(one.shown_margin(), None);
        assert_eq!(one.with_margin(), "100.0 (too few for a margin)");
        let json = serde_json::to_value(one).unwrap();
        assert!(json["margin"].is_null(), "{json}");
        assert_eq!(json["small"], true);
        let m = Metric::compute(Scale::Nps, &counts(20, 30, 50)).unwrap();
        assert_eq!(m.with_margin(), format!("30.0 ±{:.1}", m.margin));
        assert_eq!(serde_json::to_value(m).unwrap()["margin"], m.margin);
    }

    #[test]
    fn empty_groups_have_no_metric() {
        let c = BandCounts {
            unscored: 4,
            ..Default::default()
        };
        assert_eq!(Metric::compute(Scale::Nps, &c), None);
        assert_eq!(c.percent(Band::High), 0.0);
    }
}
