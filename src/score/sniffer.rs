//! What a column's score cells show about its scale: the numbers and how often each occurs, the
//! labels written beside them or alone, and the codes that mean no score (99, "6 - Don't know").

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::answer_sets::{self, normalise_label, ANSWER_SETS, FFT_MIDDLE};
use super::cell::{is_dont_know, is_score_non_answer, read_score_cell, ScoreCell};
use super::Scale;

/// Codes SPSS-style exports use for a missing answer, unscored when outside the values of a scale
/// that holds every other value.
pub const CONVENTIONAL_MISSING: [i64; 4] = [99, 999, -1, -99];

/// Distinct labels kept per column: a score column has a handful; a comment column has many, and
/// stops being recorded.
const MAX_LABELS: usize = 64;
/// Distinct numbers counted per column.
const MAX_NUMBERS: usize = 1000;

/// Counts of the score cells seen while scanning a column, to choose a scale.
#[derive(Debug, Default, Clone)]
pub struct ScoreSniffer {
    whole: u64,
    /// How often each whole number occurs (bounded: scores take few values).
    counts: BTreeMap<i64, u64>,
    /// Cells that are neither numbers nor non-answers (labels alone included).
    other: u64,
    /// Non-answers ("N/A", "Don't know"): unscored responses, not evidence about the scale.
    non_answers: u64,
    /// Of them, "Don't know" and its kin, which the FFT counts on its own.
    dont_knows: u64,
    min: Option<i64>,
    max: Option<i64>,
    /// Labels written alone ("Very good"), as written, with their count.
    labels: HashMap<String, u64>,
    /// Label cells, recorded or not.
    label_cells: u64,
    /// The first label written beside each number ("1 - Very good").
    number_labels: BTreeMap<i64, String>,
}

/// What the labels of a score column say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelEvidence {
    /// No labels to go by.
    None,
    /// Numbers written with labels of one answer set: which end is best, with the number and
    /// label of each end, and whether the labels are the FFT's.
    Numbers {
        reversed: bool,
        worst: (i64, String),
        best: (i64, String),
        fft: bool,
    },
    /// Labels alone, all of one answer set (by index in [`ANSWER_SETS`]); the FFT's when its
    /// middle label or a "Don't know" stands beside the good/poor set.
    Labels { set: usize, fft: bool },
    /// Labels alone that no bundled answer set holds, most common first.
    Unknown(Vec<String>),
}

impl ScoreSniffer {
    /// Counts one cell; returns whether it holds a number (alone or with its label).
    pub fn observe(&mut self, cell: &str) -> bool {
        let read = read_score_cell(cell);
        let number = read.number().is_some();
        match read {
            ScoreCell::NonAnswer => {
                self.non_answers += 1;
                self.dont_knows += is_dont_know(cell) as u64;
            }
            ScoreCell::Number(v) | ScoreCell::Labelled(v, _)
                if v.fract() == 0.0 && v.abs() < 1e9 =>
            {
                let v = v as i64;
                self.whole += 1;
                if self.counts.len() < MAX_NUMBERS || self.counts.contains_key(&v) {
                    *self.counts.entry(v).or_default() += 1;
                }
                self.min = Some(self.min.map_or(v, |m| m.min(v)));
                self.max = Some(self.max.map_or(v, |m| m.max(v)));
                if let ScoreCell::Labelled(_, label) = read {
                    if self.number_labels.len() < MAX_LABELS && !self.number_labels.contains_key(&v)
                    {
                        self.number_labels.insert(v, label.to_string());
                    }
                }
            }
            ScoreCell::Label(label) => {
                self.other += 1;
                self.label_cells += 1;
                if let Some(n) = self.labels.get_mut(label) {
                    *n += 1;
                } else if self.labels.len() < MAX_LABELS {
                    self.labels.insert(label.to_string(), 1);
                }
            }
            _ => self.other += 1,
        }
        number
    }

    /// Codes that mean no score: those whose label says so ("6 - Don't know"), and the
    /// conventional missing codes (99, 999, -1, -99) outside the range of every other value.
    pub fn missing_codes(&self) -> BTreeSet<i64> {
        let mut codes: BTreeSet<i64> = self
            .number_labels
            .iter()
            .filter(|(_, label)| is_score_non_answer(label))
            .map(|(&n, _)| n)
            .collect();
        let others = self
            .counts
            .keys()
            .filter(|v| !CONVENTIONAL_MISSING.contains(v) && !codes.contains(v));
        if let (Some(&lo), Some(&hi)) = (others.clone().min(), others.max()) {
            codes.extend(
                CONVENTIONAL_MISSING
                    .iter()
                    .filter(|&&c| self.counts.contains_key(&c) && !(lo..=hi).contains(&c)),
            );
        }
        codes
    }

    /// Whether every number but `unscored` lies on `scale`: only then do the conventional missing
    /// codes beside it mean no score (a column with other strays keeps rejecting them).
    pub fn others_on(&self, scale: Scale, unscored: &BTreeSet<i64>) -> bool {
        let (lo, hi) = scale.range();
        let hi = if scale == Scale::Fft { 9 } else { hi as i64 };
        self.counts.len() < MAX_NUMBERS
            && self
                .counts
                .keys()
                .filter(|v| !unscored.contains(v))
                .all(|v| (lo as i64..=hi).contains(v))
    }

    /// `auto` on the numbers, leaving out `unscored` codes: values within 0-10 mean NPS, unless
    /// none exceeds 7 (a 1-7 column is a rating, never NPS); a column entirely within 1-5 means
    /// CSAT. Choice labels count as their number ("10 - Extremely likely") and non-answers
    /// ("N/A") not at all. Stray values (up to a fifth: "11", "7.5", "soon") are left to be
    /// rejected as bad rows; anything else asks for `--scale`.
    pub fn detect(&self, unscored: &BTreeSet<i64>) -> Result<Scale, String> {
        let scored = |v: &&i64| !unscored.contains(v);
        let exact = self.counts.len() < MAX_NUMBERS;
        let whole = self.whole
            - self
                .counts
                .iter()
                .filter(|(v, _)| unscored.contains(v))
                .map(|(_, n)| n)
                .sum::<u64>();
        let (min, max) = if exact {
            let mut values = self.counts.keys().filter(scored);
            (values.clone().min().copied(), values.next_back().copied())
        } else {
            (self.min, self.max)
        };
        let (Some(min), Some(max)) = (min, max) else {
            return Err("the score column holds no numbers".into());
        };
        if self.other * 4 > whole {
            return Err(format!(
                "{} of {} scores are not whole numbers; pass --scale nps, csat or rating:MIN-MAX (e.g. rating:1-7, or rating:7-1 when 1 is best)",
                self.other,
                self.other + whole
            ));
        }
        let within = |lo: i64, hi: i64| -> u64 {
            self.counts
                .range(lo..=hi)
                .filter(|(v, _)| !unscored.contains(v))
                .map(|(_, n)| n)
                .sum()
        };
        match (min, max) {
            (1.., ..=5) => Ok(Scale::CSAT),
            (0..=1, 7) => Ok(Scale::rating(min as i32, 7)),
            _ if max > 7 && within(0, 10) * 5 >= whole * 4 && within(1, 5) < whole => {
                Ok(Scale::Nps)
            }
            // A rating scale has at least 3 points (`rating:WORST-BEST` refuses fewer).
            _ if max - min >= 2 => Err(format!(
                "scores run from {min} to {max}, which is neither NPS (0-10) nor CSAT (1-5); pass --scale rating:{min}-{max} (or rating:{max}-{min} when {min} is best)"
            )),
            _ => Err(format!(
                "scores run from {min} to {max}, which is neither NPS (0-10) nor CSAT (1-5); pass --scale rating:MIN-MAX with the question's whole range (at least 3 points, such as rating:{min}-{})",
                min + 2
            )),
        }
    }

    /// Whether the column belongs on `scale`, an index's existing scale: what `detect` would
    /// choose (direction aside), or for other scales, at least four in five whole numbers within
    /// its range (the rest are rejected row by row, as on a new index).
    pub fn fits(&self, scale: Scale, unscored: &BTreeSet<i64>) -> bool {
        let same_kind = |a: Scale, b: Scale| {
            std::mem::discriminant(&a) == std::mem::discriminant(&b) && a.range() == b.range()
        };
        match (scale, self.detect(unscored)) {
            (Scale::Nps | Scale::Csat { .. }, Ok(detected)) => same_kind(detected, scale),
            _ => {
                let (lo, hi) = scale.range();
                let inside: u64 = self
                    .counts
                    .range(lo as i64..=hi as i64)
                    .map(|(_, n)| n)
                    .sum();
                let whole: u64 = self
                    .counts
                    .iter()
                    .filter(|(v, _)| !unscored.contains(v))
                    .map(|(_, n)| n)
                    .sum();
                whole > 0 && inside * 5 >= whole * 4
            }
        }
    }

    /// Whether the numbers are FFT codes: every one within 1-9, and at least four in five
    /// within its answers 1-6.
    pub fn holds_fft_codes(&self) -> bool {
        let (Some(min), Some(max)) = (self.min, self.max) else {
            return false;
        };
        let answers: u64 = self.counts.range(1..=6).map(|(_, n)| n).sum();
        min >= 1 && max <= 9 && self.other * 4 <= self.whole && answers * 5 >= self.whole * 4
    }

    /// What the labels say: the direction shown by labelled numbers, the answer set of labels
    /// written alone (when they are most of the cells), or labels no set holds.
    pub fn label_evidence(&self) -> LabelEvidence {
        let ranked: Vec<(i64, String, usize)> = {
            let labels: Vec<(i64, String)> = self
                .number_labels
                .iter()
                .filter(|(_, l)| !is_score_non_answer(l))
                .map(|(&n, l)| (n, normalise_label(l)))
                .collect();
            match answer_sets::set_holding(labels.iter().map(|(_, l)| l.as_str())) {
                Some(set) if labels.len() >= 2 => labels
                    .into_iter()
                    .filter_map(|(n, l)| Some((n, l.clone(), answer_sets::rank_in(set, &l)?)))
                    .collect(),
                _ => Vec::new(),
            }
        };
        if ranked.len() >= 2 {
            // Numbers and ranks rising together, or one rising as the other falls.
            let mut agreement = 0i64;
            for (i, a) in ranked.iter().enumerate() {
                for b in &ranked[i + 1..] {
                    agreement += ((a.0 - b.0).signum() * (a.2 as i64 - b.2 as i64).signum()) as i64;
                }
            }
            if agreement != 0 {
                let worst = ranked.iter().min_by_key(|r| (r.2, r.0)).unwrap();
                let best = ranked.iter().max_by_key(|r| (r.2, -r.0)).unwrap();
                let written = |n: i64| self.number_labels[&n].clone();
                let fft = agreement < 0
                    && ranked.iter().any(|r| r.1 == "very good")
                    && (ranked.iter().any(|r| FFT_MIDDLE.contains(&r.1.as_str()))
                        || self
                            .number_labels
                            .iter()
                            .any(|(&n, l)| n == 6 && is_dont_know(l)));
                return LabelEvidence::Numbers {
                    reversed: agreement < 0,
                    worst: (worst.0, written(worst.0)),
                    best: (best.0, written(best.0)),
                    fft,
                };
            }
        }
        if self.label_cells == 0 || self.label_cells * 2 < self.label_cells + self.whole {
            return LabelEvidence::None;
        }
        let normalised: Vec<String> = self.labels.keys().map(|l| normalise_label(l)).collect();
        match answer_sets::set_holding(normalised.iter().map(String::as_str)) {
            Some(set) if self.labels.len() < MAX_LABELS => {
                let fft = ANSWER_SETS[set].name == "good/poor"
                    && (normalised.iter().any(|l| FFT_MIDDLE.contains(&l.as_str()))
                        || self.dont_knows > 0);
                LabelEvidence::Labels { set, fft }
            }
            _ => {
                let mut unknown: Vec<(&String, &u64)> = self
                    .labels
                    .iter()
                    .filter(|(l, _)| answer_sets::ranks_of(&normalise_label(l)).next().is_none())
                    .collect();
                unknown.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                LabelEvidence::Unknown(
                    unknown
                        .into_iter()
                        .take(8)
                        .map(|(l, _)| l.clone())
                        .collect(),
                )
            }
        }
    }

    /// Share of the non-blank cells that are labels written alone.
    pub fn label_share(&self) -> f64 {
        let cells = self.whole + self.other + self.non_answers;
        if cells == 0 {
            0.0
        } else {
            self.label_cells as f64 / cells as f64
        }
    }

    pub fn observed_range(&self) -> Option<(i64, i64)> {
        Some((self.min?, self.max?))
    }

    /// How often each whole number occurs.
    pub fn counts(&self) -> &BTreeMap<i64, u64> {
        &self.counts
    }

    /// Cells that declined to score ("N/A", "Don't know", "-").
    pub fn non_answers(&self) -> u64 {
        self.non_answers
    }

    /// Whether any cell answered "Don't know" (or its kin).
    pub fn has_dont_know(&self) -> bool {
        self.dont_knows > 0 || self.number_labels.values().any(|l| is_dont_know(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(cells: &[&str]) -> ScoreSniffer {
        let mut s = ScoreSniffer::default();
        cells.iter().for_each(|c| {
            s.observe(c);
        });
        s
    }

    fn detect(cells: &[&str]) -> Result<Scale, String> {
        let s = sniff(cells);
        s.detect(&s.missing_codes())
    }

    #[test]
    fn auto_detection() {
        assert_eq!(detect(&["0", "7", "10"]), Ok(Scale::Nps));
        assert_eq!(detect(&["1", "3", "5"]), Ok(Scale::CSAT));
        assert_eq!(detect(&["1", "9", "10"]), Ok(Scale::Nps));
        assert!(detect(&["1", "50", "100"])
            .unwrap_err()
            .contains("rating:1-100"));
        assert!(detect(&["x", "y", "1"]).is_err());
        let strays = [
            "0", "3", "7", "8", "9", "10", "10", "9", "6", "11", "N/A", "7.5",
        ];
        assert_eq!(detect(&strays), Ok(Scale::Nps));
        assert!(detect(&[]).is_err());
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
        assert_eq!(detect(&labelled), Ok(Scale::Nps));
        let csat = [
            "Very satisfied (5)",
            "Satisfied (4)",
            "Dissatisfied (2)",
            "-",
        ];
        assert_eq!(detect(&csat), Ok(Scale::CSAT));
        // Every flag suggested is one `--scale` accepts.
        for cells in [
            &["20", "21", "20"][..],
            &["-3", "3", "0", "-3"],
            &["1", "50", "100"],
        ] {
            let message = detect(cells).unwrap_err();
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
            assert!(
                flag.parse::<crate::score::ScaleChoice>().is_ok(),
                "{flag} from {message}"
            );
        }
    }

    #[test]
    fn a_column_up_to_seven_is_never_nps() {
        let cells: Vec<String> = (0..70).map(|i| (1 + i % 7).to_string()).collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        assert_eq!(detect(&cells), Ok(Scale::rating(1, 7)));
        assert!(detect(&["1", "2", "6", "6"]).is_err());
        // 0-10 and 1-10 columns read as before.
        assert_eq!(detect(&["1", "4", "8", "10"]), Ok(Scale::Nps));
    }

    #[test]
    fn missing_codes_are_left_out() {
        let s = sniff(&["1", "2", "3", "4", "5", "99", "99", "-1"]);
        assert_eq!(s.missing_codes(), BTreeSet::from([-1, 99]));
        assert_eq!(s.detect(&s.missing_codes()), Ok(Scale::CSAT));
        // Inside the range of the other values, 99 is a score.
        let s = sniff(&["1", "50", "99", "100"]);
        assert!(s.missing_codes().is_empty());
        let s = sniff(&[
            "1 - Very good",
            "2 - Good",
            "5 - Very poor",
            "6 - Don't know",
        ]);
        assert_eq!(s.missing_codes(), BTreeSet::from([6]));
    }

    #[test]
    fn labels_show_the_direction() {
        let s = sniff(&[
            "1 - Very good",
            "2 - Good",
            "4 - Poor",
            "5 - Very poor",
            "3",
        ]);
        let LabelEvidence::Numbers {
            reversed,
            worst,
            best,
            fft,
        } = s.label_evidence()
        else {
            panic!("{:?}", s.label_evidence())
        };
        assert!(reversed && !fft);
        assert_eq!((worst.0, best.0), (5, 1));
        let s = sniff(&["Strongly agree (5)", "Disagree (2)", "4"]);
        assert!(matches!(
            s.label_evidence(),
            LabelEvidence::Numbers {
                reversed: false,
                ..
            }
        ));
        let s = sniff(&[
            "1 - Very good",
            "3 - Neither good nor poor",
            "5 - Very poor",
            "6 - Don't know",
        ]);
        assert!(matches!(
            s.label_evidence(),
            LabelEvidence::Numbers { fft: true, .. }
        ));
        let s = sniff(&["Very good", "Good", "Poor", "Don't know", "Very good"]);
        let LabelEvidence::Labels { set, fft } = s.label_evidence() else {
            panic!()
        };
        assert_eq!((ANSWER_SETS[set].name, fft), ("good/poor", true));
        let s = sniff(&["Sehr zufrieden", "Zufrieden", "Unzufrieden"]);
        assert!(matches!(
            s.label_evidence(),
            LabelEvidence::Labels { fft: false, .. }
        ));
        let s = sniff(&["Awesome", "Meh", "Awesome", "Bad"]);
        assert_eq!(
            s.label_evidence(),
            LabelEvidence::Unknown(vec!["Awesome".into(), "Meh".into()])
        );
        assert_eq!(
            sniff(&["1", "5", "3"]).label_evidence(),
            LabelEvidence::None
        );
    }

    #[test]
    fn fft_codes() {
        assert!(sniff(&["1", "2", "5", "6", "7", "1"]).holds_fft_codes());
        assert!(!sniff(&["0", "2", "5"]).holds_fft_codes());
        assert!(!sniff(&["1", "2", "10"]).holds_fft_codes());
    }
}
