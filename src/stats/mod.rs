//! `verbatim stats`: responses, comment rate, band counts and NPS/CSAT per group, with margins
//! of error, small-group flags and the conventional benchmark band.

pub mod print;
pub mod segments;

use serde::Serialize;

pub use crate::index::{GroupCollector, GroupCounts};

use crate::error::{ColumnUse, Result};
use crate::index::schema::{segment_path, QUARTER};
use crate::index::Store;
use crate::score::{BandCounts, Metric, Scale};
use crate::search::Scope;

/// How to group responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    None,
    Quarter,
    /// A segment column, by name as the user typed it.
    Column(String),
}

impl std::str::FromStr for GroupBy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.trim().to_lowercase().as_str() {
            "" | "none" | "all" => GroupBy::None,
            "quarter" => GroupBy::Quarter,
            _ => GroupBy::Column(s.trim().to_string()),
        })
    }
}

/// Figures of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    /// Group value ("2026Q3", "Pro"); "all" when not grouped, "(none)" for missing values.
    pub group: String,
    pub responses: u64,
    pub comments: u64,
    /// Share of responses with a real comment, 0-100.
    pub comment_rate: f64,
    pub bands: BandCounts,
    pub metric: Option<Metric>,
}

/// The answer to `verbatim stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    pub scale: Option<Scale>,
    pub metric_name: Option<&'static str>,
    /// Names of the low, middle and high bands on this scale.
    pub band_names: Option<[&'static str; 3]>,
    pub scope: String,
    pub by: String,
    pub overall: GroupStats,
    pub groups: Vec<GroupStats>,
}

pub fn group_stats(group: String, counts: &GroupCounts, scale: Option<Scale>) -> GroupStats {
    let responses = counts.bands.total();
    GroupStats {
        group,
        responses,
        comments: counts.comments,
        comment_rate: if responses == 0 {
            0.0
        } else {
            100.0 * counts.comments as f64 / responses as f64
        },
        bands: counts.bands,
        metric: scale.and_then(|s| Metric::compute(s, &counts.bands)),
    }
}

/// Counts the responses in `scope`, grouped by the fast-field path `by`.
pub fn count(
    store: &Store,
    scope: &Scope,
    by: Option<String>,
) -> Result<std::collections::HashMap<String, GroupCounts>> {
    let searcher = store.searcher()?;
    Ok(searcher.search(&*scope.query(store), &GroupCollector { by })?)
}

pub fn stats(store: &Store, scope: &Scope, by: &GroupBy) -> Result<StatsReport> {
    let scale = store.meta.scale;
    let (path, by_name) = match by {
        GroupBy::None => (None, "all".to_string()),
        GroupBy::Quarter => (Some(QUARTER.to_string()), "quarter".to_string()),
        GroupBy::Column(name) => {
            let seg = store.meta.segment(name, ColumnUse::StatsGroup)?;
            (Some(segment_path(&seg.key)), seg.name.clone())
        }
    };
    let groups = count(store, scope, path.clone())?;
    let mut total = GroupCounts::default();
    for c in groups.values() {
        total.bands.merge(&c.bands);
        total.comments += c.comments;
    }
    let mut rows: Vec<GroupStats> = if path.is_some() {
        groups
            .iter()
            .map(|(g, c)| {
                group_stats(
                    if g.is_empty() {
                        "(none)".into()
                    } else {
                        g.clone()
                    },
                    c,
                    scale,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    // Quarters read in time order; segments largest first, then by name.
    match by {
        GroupBy::Quarter => rows.sort_by(|a, b| {
            (a.group == "(none)")
                .cmp(&(b.group == "(none)"))
                .then(a.group.cmp(&b.group))
        }),
        _ => rows.sort_by(|a, b| b.responses.cmp(&a.responses).then(a.group.cmp(&b.group))),
    }
    Ok(StatsReport {
        scale,
        metric_name: scale.map(Scale::metric_name),
        band_names: scale.map(|s| crate::score::Band::ALL.map(|b| s.band_name(b))),
        scope: scope.describe(store),
        by: by_name,
        overall: group_stats("all".into(), &total, scale),
        groups: rows,
    })
}

/// Stats grouped by a group per response computed elsewhere (usage quadrants); responses without a
/// group are left out.
pub fn stats_by_groups(
    store: &Store,
    scope: &Scope,
    groups: &std::collections::HashMap<tantivy::DocAddress, String>,
    by_name: &str,
    order: &[&str],
) -> Result<StatsReport> {
    let scale = store.meta.scale;
    let facts = crate::index::facts::facts(store, &*scope.query(store), &[])?;
    let mut counts: std::collections::HashMap<&str, GroupCounts> = std::collections::HashMap::new();
    let mut total = GroupCounts::default();
    for f in &facts {
        let Some(group) = groups.get(&f.address) else {
            continue;
        };
        for c in [counts.entry(group.as_str()).or_default(), &mut total] {
            match f.dont_know {
                true => c.bands.add_dont_know(),
                false => c.bands.add(f.band),
            }
            c.comments += f.comment as u64;
        }
    }
    let position = |g: &str| order.iter().position(|o| *o == g).unwrap_or(order.len());
    let mut rows: Vec<GroupStats> = counts
        .iter()
        .map(|(g, c)| group_stats(g.to_string(), c, scale))
        .collect();
    rows.sort_by(|a, b| {
        position(&a.group)
            .cmp(&position(&b.group))
            .then(a.group.cmp(&b.group))
    });
    Ok(StatsReport {
        scale,
        metric_name: scale.map(Scale::metric_name),
        band_names: scale.map(|s| crate::score::Band::ALL.map(|b| s.band_name(b))),
        scope: scope.describe(store),
        by: by_name.to_string(),
        overall: group_stats("all".into(), &total, scale),
        groups: rows,
    })
}
