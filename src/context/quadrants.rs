//! Usage quadrants: satisfaction by usage, so happy under-users and unhappy power users show up.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tantivy::DocAddress;

use super::median;
use crate::error::{NeedsNumbers, NeedsScores, Refusal, Result};
use crate::index::facts::facts;
use crate::index::Store;
use crate::score::{parse_number, Band, Scale};
use crate::search::Scope;

pub const POWER_USERS: &str = "power users";
pub const HAPPY_UNDER_USERS: &str = "happy under-users";
pub const CRY_FOR_HELP: &str = "cry for help";
pub const VERY_AT_RISK: &str = "very at risk";
pub const NO_USAGE: &str = "no usage value";
/// The quadrants in the order tables show them.
pub const ORDER: [&str; 5] = [
    POWER_USERS,
    HAPPY_UNDER_USERS,
    CRY_FOR_HELP,
    VERY_AT_RISK,
    NO_USAGE,
];

/// Where the lines between quadrants are drawn (`--usage-split`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// High usage is at or above this value; None: the median of the scope.
    pub usage: Option<f64>,
    /// Lowest band that counts as high satisfaction; None: passive for NPS, satisfied otherwise.
    pub satisfied_from: Option<Band>,
}

impl std::str::FromStr for Split {
    type Err = String;
    /// "median", "12", "usage=12,satisfaction=promoter".
    fn from_str(s: &str) -> std::result::Result<Split, String> {
        let mut split = Split {
            usage: None,
            satisfied_from: None,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or(("usage", part));
            match key.trim() {
                "usage" if value.trim() == "median" => split.usage = None,
                "usage" => split.usage = Some(parse_number(value).ok_or_else(|| format!("'{value}' is not a number"))?),
                "satisfaction" => {
                    split.satisfied_from = Some(match value.trim().to_lowercase().as_str() {
                        "promoter" | "satisfied" | "high" => Band::High,
                        "passive" | "neutral" | "middle" => Band::Middle,
                        other => return Err(format!("satisfaction split '{other}': use promoter, passive, satisfied or neutral")),
                    })
                }
                other => return Err(format!("unknown split '{other}'; write e.g. usage=12,satisfaction=promoter")),
            }
        }
        Ok(split)
    }
}

/// The quadrant of every response in scope, and where the lines were drawn.
#[derive(Debug, Clone, Serialize)]
pub struct Quadrants {
    pub usage_column: String,
    /// High usage from this value up.
    pub usage_split: f64,
    pub usage_split_is_median: bool,
    /// Name of the lowest band counted as high satisfaction.
    pub satisfied_from: String,
    #[serde(skip)]
    pub of: Arc<HashMap<DocAddress, String>>,
}

pub fn quadrants(
    store: &Store,
    scope: &Scope,
    usage_column: &str,
    split: Split,
) -> Result<Quadrants> {
    let scale = store.meta.scale.ok_or(Refusal::NoScores {
        wanted: NeedsScores::Quadrants,
    })?;
    let facts = facts(store, &*scope.query(store), &[usage_column.to_string()])?;
    let usage: Vec<Option<f64>> = facts
        .iter()
        .map(|f| f.values[0].as_deref().and_then(parse_number))
        .collect();
    let mut known: Vec<f64> = usage.iter().flatten().copied().collect();
    let (threshold, is_median) = match split.usage {
        Some(v) => (v, false),
        None => (
            median(&mut known).ok_or_else(|| Refusal::NoNumbers {
                column: usage_column.to_string(),
                wanted: NeedsNumbers::Usage,
            })?,
            true,
        ),
    };
    let satisfied_from = split.satisfied_from.unwrap_or(if scale == Scale::Nps {
        Band::Middle
    } else {
        Band::High
    });
    let mut of = HashMap::new();
    for (fact, usage) in facts.iter().zip(&usage) {
        let Some(band) = fact.band else { continue };
        let quadrant = match (band >= satisfied_from, usage.map(|u| u >= threshold)) {
            (_, None) => NO_USAGE,
            (true, Some(true)) => POWER_USERS,
            (true, Some(false)) => HAPPY_UNDER_USERS,
            (false, Some(true)) => CRY_FOR_HELP,
            (false, Some(false)) => VERY_AT_RISK,
        };
        of.insert(fact.address, quadrant.to_string());
    }
    Ok(Quadrants {
        usage_column: usage_column.to_string(),
        usage_split: threshold,
        usage_split_is_median: is_median,
        satisfied_from: scale.band_name(satisfied_from).to_string(),
        of: Arc::new(of),
    })
}

/// One line saying where the quadrant lines were drawn.
pub fn quadrant_line(q: &Quadrants) -> String {
    format!(
        "Quadrants: high usage is {} >= {}{}; high satisfaction is {} or better.",
        q.usage_column,
        q.usage_split,
        if q.usage_split_is_median {
            " (the median)"
        } else {
            ""
        },
        q.satisfied_from
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parse() {
        assert_eq!("median".parse::<Split>().unwrap().usage, None);
        assert_eq!("12".parse::<Split>().unwrap().usage, Some(12.0));
        let s: Split = "usage=3.5,satisfaction=promoter".parse().unwrap();
        assert_eq!((s.usage, s.satisfied_from), (Some(3.5), Some(Band::High)));
        assert!("colour=red".parse::<Split>().is_err());
    }
}
