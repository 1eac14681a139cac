//! A true time axis of quarters: each quarter between the first and the last has its place,
//! so quarters without responses show as gaps instead of pulling their neighbours together,
//! and axis labels are thinned to a stride that fits.

use super::text_width;

/// The quarters of a chart placed in time.
pub struct TimeAxis {
    labels: Vec<String>,
    /// Each point's quarters after the first, strictly increasing from 0.
    offsets: Vec<i64>,
    /// The labels' prefix ("" or "FY") and the first quarter's ordinal (year × 4 + quarter − 1),
    /// when every label is a quarter; otherwise the points are evenly spaced.
    calendar: Option<(String, i64)>,
}

/// "2026Q3" -> ("", 2026 × 4 + 2); "FY2027Q1" -> ("FY", 2027 × 4).
fn parse_quarter(label: &str) -> Option<(&str, i64)> {
    let (prefix, rest) = match label.strip_prefix("FY") {
        Some(rest) => ("FY", rest),
        None => ("", label),
    };
    let (year, q) = rest.split_once('Q')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let q: i64 = match q {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        _ => return None,
    };
    Some((prefix, year.parse::<i64>().ok()? * 4 + q - 1))
}

impl TimeAxis {
    pub fn new<S: AsRef<str>>(labels: &[S]) -> TimeAxis {
        let labels: Vec<String> = labels.iter().map(|s| s.as_ref().to_string()).collect();
        let parsed: Option<Vec<(&str, i64)>> = labels.iter().map(|l| parse_quarter(l)).collect();
        let calendar = parsed.filter(|p| {
            !p.is_empty()
                && p.iter().all(|(prefix, _)| *prefix == p[0].0)
                && p.windows(2).all(|w| w[0].1 < w[1].1)
        });
        match calendar {
            Some(p) => TimeAxis {
                offsets: p.iter().map(|(_, ord)| ord - p[0].1).collect(),
                calendar: Some((p[0].0.to_string(), p[0].1)),
                labels,
            },
            None => TimeAxis {
                offsets: (0..labels.len() as i64).collect(),
                calendar: None,
                labels,
            },
        }
    }

    /// Quarters from the first to the last, both included (0 when there are none).
    pub fn span(&self) -> i64 {
        self.offsets.last().map_or(0, |last| last + 1)
    }

    /// How many quarters have a point.
    pub fn quarters(&self) -> usize {
        self.offsets.len()
    }

    /// Quarters after the first of point `i`.
    pub fn offset(&self, i: usize) -> i64 {
        self.offsets[i]
    }

    /// The label of the quarter `offset` quarters after the first.
    pub fn label_at(&self, offset: i64) -> String {
        match &self.calendar {
            Some((prefix, first)) => {
                let ord = first + offset;
                format!("{prefix}{}Q{}", ord.div_euclid(4), ord.rem_euclid(4) + 1)
            }
            None => self.labels[offset as usize].clone(),
        }
    }

    /// "2012Q4" or "2012Q4–2014Q1".
    pub fn span_label(&self, start: i64, end: i64) -> String {
        if start == end {
            self.label_at(start)
        } else {
            format!("{}–{}", self.label_at(start), self.label_at(end))
        }
    }

    /// The spans of quarters without a point between the first and the last (inclusive offsets).
    pub fn gaps(&self) -> Vec<(i64, i64)> {
        self.offsets
            .windows(2)
            .filter(|w| w[1] > w[0] + 1)
            .map(|w| (w[0] + 1, w[1] - 1))
            .collect()
    }

    /// Runs of points next to each other in time for which `keep` holds (point indices).
    pub fn runs(&self, keep: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for i in 0..self.offsets.len() {
            if !keep(i) {
                out.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
                continue;
            }
            if let Some(&prev) = current.last() {
                if self.offsets[i] != self.offsets[prev] + 1 {
                    out.push(std::mem::take(&mut current));
                }
            }
            current.push(i);
        }
        out.extend((!current.is_empty()).then_some(current));
        out
    }

    /// The quarters (offsets) to label when one quarter takes `per_quarter` units and labels
    /// are drawn at `font_size`: every quarter when they fit, else every 2nd, then the first
    /// quarter of every 1, 2, 3, 5, 10... years; the first and last quarters too where they fit.
    pub fn ticks(&self, per_quarter: f64, font_size: f64) -> Vec<i64> {
        let span = self.span();
        if span <= 1 {
            return (0..span).collect();
        }
        let widest = (0..span)
            .map(|o| text_width(&self.label_at(o), font_size, false))
            .fold(0.0, f64::max);
        let room = widest + 8.0;
        let min_step = (room / per_quarter.max(1e-9)).ceil().max(1.0) as i64;
        let (stride, anchor) = match &self.calendar {
            Some((_, first)) => {
                let stride = [1, 2, 4, 8, 12, 20, 40, 80, 200, 400]
                    .into_iter()
                    .find(|&s| s >= min_step)
                    .unwrap_or(min_step);
                (stride, *first)
            }
            None => (min_step, 0),
        };
        let mut ticks: Vec<i64> = (0..span)
            .filter(|o| (anchor + o).rem_euclid(stride) == 0)
            .collect();
        let fits = |a: i64, b: i64| (b - a) as f64 * per_quarter >= room;
        match ticks.first() {
            Some(&first) if first > 0 && fits(0, first) => ticks.insert(0, 0),
            None => ticks.push(0),
            _ => {}
        }
        let last = span - 1;
        if ticks.last().is_some_and(|&t| t != last && fits(t, last)) {
            ticks.push(last);
        }
        ticks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_placed_in_time() {
        let axis = TimeAxis::new(&["2012Q2", "2012Q3", "2014Q2", "2014Q3"]);
        assert_eq!(axis.span(), 10);
        assert_eq!(
            (0..4).map(|i| axis.offset(i)).collect::<Vec<_>>(),
            [0, 1, 8, 9]
        );
        assert_eq!(axis.gaps(), [(2, 7)]);
        assert_eq!(axis.span_label(2, 7), "2012Q4–2014Q1");
        assert_eq!(axis.runs(|_| true), [vec![0, 1], vec![2, 3]]);
        assert_eq!(axis.runs(|i| i != 1), [vec![0], vec![2, 3]]);
        let fiscal = TimeAxis::new(&["FY2026Q4", "FY2027Q2"]);
        assert_eq!(fiscal.gaps(), [(1, 1)]);
        assert_eq!(fiscal.label_at(1), "FY2027Q1");
        // Not quarters: evenly spaced, no gaps.
        let other = TimeAxis::new(&["b", "a"]);
        assert_eq!((other.span(), other.gaps()), (2, vec![]));
    }

    #[test]
    fn ticks_thin_to_years() {
        let labels: Vec<String> = (0..100)
            .map(|i| format!("{}Q{}", 2001 + i / 4, i % 4 + 1))
            .collect();
        let axis = TimeAxis::new(&labels);
        assert_eq!(axis.ticks(100.0, 12.0), (0..100).collect::<Vec<_>>());
        let ticks = axis.ticks(8.0, 12.0);
        assert!(ticks.len() > 5 && ticks.len() < 20, "{ticks:?}");
        // Every label but the last is a first quarter, a whole number of years apart.
        assert!(ticks[..ticks.len() - 1]
            .iter()
            .all(|t| axis.label_at(*t).ends_with("Q1")));
        assert_eq!(*ticks.last().unwrap(), 99);
    }
}
