//! Which segment columns are worth showing: the report's segment sections, and the segment values
//! printed beside search hits and quotes.
//!
//! A column qualifies with 2-12 values, each with at least [`SMALL_GROUP`] scored responses in
//! the scope, when it is not a survey tool's own column (progress, duration, status...), its
//! values are not dates and it is not constant. Qualifying columns are ranked by the largest
//! score difference between two of their values that is significant at 95%, then (where the caller
//! counts themes) by a theme over-represented in one value after Benjamini-Hochberg correction;
//! a column with neither is not shown. At most [`MAX_SHOWN`] are kept.

use crate::analysis::header;
use crate::error::{ColumnUse, Result};
use crate::index::calendar::looks_like_date;
use crate::index::Store;
use crate::score::SMALL_GROUP;
use crate::search::Scope;

use super::{stats, GroupBy, GroupStats};

/// Most segment columns shown.
pub const MAX_SHOWN: usize = 3;
/// Most values a shown column may have.
pub const MAX_VALUES: usize = 12;

/// The largest significant score difference between two values of a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreGap {
    pub high: String,
    pub high_value: f64,
    pub low: String,
    pub low_value: f64,
    /// 95% margin of the difference: 1.96 * sqrt(SE1^2 + SE2^2).
    pub margin: f64,
}

impl ScoreGap {
    pub fn difference(&self) -> f64 {
        self.high_value - self.low_value
    }
}

/// A theme over-represented in one value of a column (Benjamini-Hochberg at 5%).
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeStandout {
    pub theme: String,
    pub value: String,
    pub lift: Option<f64>,
}

/// A column that qualifies, with its figures in the scope.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub column: String,
    /// Every value's figures (missing values as "(none)"), largest first.
    pub rows: Vec<GroupStats>,
    pub gap: Option<ScoreGap>,
}

/// A column chosen to be shown, and why, in plain words.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub candidate: Candidate,
    pub reason: String,
}

/// The columns that qualify in `scope`, in file order.
pub fn candidates(store: &Store, scope: &Scope) -> Result<Vec<Candidate>> {
    let scored = store.meta.scale.is_some();
    let mut out = Vec::new();
    for segment in &store.meta.segments {
        if header::metadata(&segment.name, None).is_some() {
            continue;
        }
        let per_value = stats(store, scope, &GroupBy::Column(segment.name.clone()))?;
        let values: Vec<&GroupStats> = per_value
            .groups
            .iter()
            .filter(|g| g.group != "(none)")
            .collect();
        let n = |g: &GroupStats| {
            if scored {
                g.bands.scored()
            } else {
                g.responses
            }
        };
        if !(2..=MAX_VALUES).contains(&values.len())
            || values.iter().any(|g| n(g) < SMALL_GROUP)
            || values.iter().filter(|g| looks_like_date(&g.group)).count() * 2 > values.len()
        {
            continue;
        }
        let gap = largest_gap(&values);
        out.push(Candidate {
            column: segment.name.clone(),
            rows: per_value.groups.clone(),
            gap,
        });
    }
    Ok(out)
}

/// The largest difference between two values' scores that exceeds its 95% margin.
fn largest_gap(values: &[&GroupStats]) -> Option<ScoreGap> {
    let mut best: Option<ScoreGap> = None;
    for (i, a) in values.iter().enumerate() {
        for b in &values[i + 1..] {
            let (Some(ma), Some(mb)) = (a.metric, b.metric) else {
                continue;
            };
            let margin = 1.96 * (ma.standard_error().powi(2) + mb.standard_error().powi(2)).sqrt();
            if (ma.value - mb.value).abs() <= margin {
                continue;
            }
            let ((high, hv), (low, lv)) = if ma.value >= mb.value {
                ((a, ma.value), (b, mb.value))
            } else {
                ((b, mb.value), (a, ma.value))
            };
            let gap = ScoreGap {
                high: high.group.clone(),
                high_value: hv,
                low: low.group.clone(),
                low_value: lv,
                margin,
            };
            if best
                .as_ref()
                .is_none_or(|g| gap.difference() > g.difference())
            {
                best = Some(gap);
            }
        }
    }
    best
}

/// Ranks the candidates: significant score differences first (largest first), then, while fewer
/// than [`MAX_SHOWN`] are chosen, columns where `standout` finds an over-represented theme
/// (largest lift first). `standout` is asked about the remaining columns only, in file order.
pub fn rank(
    candidates: Vec<Candidate>,
    metric_name: &str,
    mut standout: impl FnMut(&Candidate) -> Result<Option<ThemeStandout>>,
) -> Result<Vec<Chosen>> {
    let (mut gaps, rest): (Vec<Candidate>, Vec<Candidate>) =
        candidates.into_iter().partition(|c| c.gap.is_some());
    let difference = |c: &Candidate| c.gap.as_ref().map_or(0.0, ScoreGap::difference);
    gaps.sort_by(|a, b| {
        difference(b)
            .total_cmp(&difference(a))
            .then(a.column.cmp(&b.column))
    });
    let mut chosen: Vec<Chosen> = gaps
        .into_iter()
        .take(MAX_SHOWN)
        .map(|c| {
            let g = c.gap.as_ref().expect("partitioned on the gap");
            let reason = format!(
                "{}: {metric_name} {:.1} for {} against {:.1} for {}, a difference of {:.1} points, larger than its 95% margin (±{:.1})",
                c.column,
                g.high_value,
                g.high,
                g.low_value,
                g.low,
                g.difference(),
                g.margin
            );
            Chosen {
                candidate: c,
                reason,
            }
        })
        .collect();
    let mut themed: Vec<(Candidate, ThemeStandout)> = Vec::new();
    for c in rest {
        if chosen.len() + themed.len() >= MAX_SHOWN {
            break;
        }
        if let Some(s) = standout(&c)? {
            themed.push((c, s));
        }
    }
    themed.sort_by(|a, b| {
        b.1.lift
            .unwrap_or(0.0)
            .total_cmp(&a.1.lift.unwrap_or(0.0))
            .then(a.0.column.cmp(&b.0.column))
    });
    chosen.extend(themed.into_iter().map(|(c, s)| Chosen {
        reason: format!(
            "{}: the theme '{}' is over-represented among {} = {}{} (Benjamini-Hochberg at 5%)",
            c.column,
            s.theme,
            c.column,
            s.value,
            s.lift
                .map_or(String::new(), |l| format!(", {l:.1}x the other values"))
        ),
        candidate: c,
    }));
    Ok(chosen)
}

/// The columns named by hand (`--segments` or `--show`): each must exist.
pub fn named(store: &Store, names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|name| {
            Ok(store
                .meta
                .segment(name.trim(), ColumnUse::Filter)?
                .name
                .clone())
        })
        .collect()
}

/// The segment columns to print beside search hits and quotes: those named by `--show`
/// (`none` for none), else the columns that differ in score across the scope as the report
/// chooses them (bands set aside: a difference within one band says nothing).
pub fn shown_columns(store: &Store, scope: &Scope, show: Option<&[String]>) -> Result<Vec<String>> {
    match show {
        Some([one]) if one.trim().eq_ignore_ascii_case("none") => Ok(Vec::new()),
        Some(names) => named(store, names),
        None => {
            let mut all_bands = scope.clone();
            all_bands.bands.clear();
            let name = store.meta.scale.map_or("score", |s| s.metric_name());
            Ok(rank(candidates(store, &all_bands)?, name, |_| Ok(None))?
                .into_iter()
                .map(|c| c.candidate.column)
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{BandCounts, Metric, Scale};

    fn group(name: &str, low: u64, middle: u64, high: u64) -> GroupStats {
        let bands = BandCounts {
            low,
            middle,
            high,
            ..Default::default()
        };
        GroupStats {
            group: name.into(),
            responses: bands.total(),
            comments: 0,
            comment_rate: 0.0,
            bands,
            metric: Metric::compute(Scale::Nps, &bands),
        }
    }

    fn candidate(column: &str, rows: Vec<GroupStats>) -> Candidate {
        let gap = largest_gap(&rows.iter().collect::<Vec<_>>());
        Candidate {
            column: column.into(),
            rows,
            gap,
        }
    }

    #[test]
    fn only_significant_differences_count_and_the_largest_ranks_first() {
        // NPS 60 against -60 on 50 each: far beyond the margin.
        let wide = candidate(
            "plan",
            vec![group("Pro", 5, 10, 35), group("Free", 35, 10, 5)],
        );
        assert_eq!(wide.gap.as_ref().unwrap().high, "Pro");
        // NPS 10 against 0 on 40 each: within the margin.
        let noise = candidate(
            "region",
            vec![group("EU", 12, 12, 16), group("US", 14, 12, 14)],
        );
        assert_eq!(noise.gap, None);
        // NPS 40 against 0 on 100 each: significant, smaller.
        let mid = candidate(
            "channel",
            vec![group("web", 10, 40, 50), group("app", 30, 40, 30)],
        );
        assert!(mid.gap.is_some());
        let chosen = rank(vec![noise, mid, wide], "NPS", |c| {
            Ok((c.column == "region").then(|| ThemeStandout {
                theme: "invoice".into(),
                value: "EU".into(),
                lift: Some(2.5),
            }))
        })
        .unwrap();
        let columns: Vec<&str> = chosen.iter().map(|c| c.candidate.column.as_str()).collect();
        assert_eq!(columns, ["plan", "channel", "region"]);
        assert!(
            chosen[0]
                .reason
                .contains("NPS 60.0 for Pro against -60.0 for Free"),
            "{}",
            chosen[0].reason
        );
        assert!(chosen[2]
            .reason
            .contains("'invoice' is over-represented among region = EU"));
        // Without a standout the column of noise is not shown.
        let noise = candidate(
            "region",
            vec![group("EU", 12, 12, 16), group("US", 14, 12, 14)],
        );
        assert!(rank(vec![noise], "NPS", |_| Ok(None)).unwrap().is_empty());
    }
}
