//! The slice of the index a command works on: `--band`, `--where COLUMN=VALUE`, `--quarter`,
//! `--from`, `--to`. Shared by search, stats, delete (and themes), so every command reads a
//! filter the same way.

use std::collections::BTreeSet;
use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::error::{ColumnUse, Error, NeedsScores, Refusal, Result};
use crate::index::calendar::{day_number, normalize_quarter};
use crate::index::schema::{self, segment_path};
use crate::index::Store;
use crate::score::Band;

/// Filters as the user typed them.
#[derive(Debug, Clone, Default)]
pub struct ScopeArgs {
    pub bands: Vec<String>,
    /// "COLUMN=VALUE" pairs; the same column twice means either value.
    pub wheres: Vec<String>,
    pub quarter: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Filters resolved against an index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    pub bands: Vec<Band>,
    /// (segment key, exact stored value) pairs.
    pub wheres: Vec<(String, String)>,
    pub quarter: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ScopeArgs {
    /// Checks the filters against the index (the command's snapshot) and builds the scope.
    pub fn resolve(&self, store: &Store) -> Result<Scope> {
        let bands = if self.bands.is_empty() {
            Vec::new()
        } else {
            let scale = store.meta.scale.ok_or(Refusal::NoScores {
                wanted: NeedsScores::BandFilter,
            })?;
            self.bands
                .iter()
                .map(|b| {
                    scale.parse_band(b).map_err(|unknown| {
                        Refusal::UnknownBand {
                            band: unknown.band,
                            scale: scale.to_string(),
                            choices: unknown.choices,
                        }
                        .into()
                    })
                })
                .collect::<Result<_>>()?
        };
        let mut wheres = Vec::new();
        for pair in &self.wheres {
            let (column, value) = pair
                .split_once('=')
                .ok_or_else(|| Refusal::BadFilter { pair: pair.clone() })?;
            let segment = store.meta.segment(column.trim(), ColumnUse::Filter)?;
            let values = distinct_values(&store.searcher()?, &segment_path(&segment.key))?;
            let value = value.trim();
            let exact = values
                .iter()
                .find(|v| *v == value)
                .or_else(|| {
                    values
                        .iter()
                        .find(|v| v.to_lowercase() == value.to_lowercase())
                })
                .ok_or_else(|| Refusal::UnknownValue {
                    column: segment.name.clone(),
                    value: value.to_string(),
                    known: values.iter().take(20).cloned().collect(),
                    more: if values.len() > 20 { ", ..." } else { "" }.to_string(),
                })?;
            wheres.push((segment.key.clone(), exact.clone()));
        }
        let quarter = match &self.quarter {
            Some(q) => Some(normalize_quarter(q).ok_or_else(|| Refusal::BadQuarter {
                text: q.clone(),
                fiscal: true,
            })?),
            None => None,
        };
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Refusal::DatesReversed {
                    from: from.to_string(),
                    to: to.to_string(),
                }
                .into());
            }
        }
        Ok(Scope {
            bands,
            wheres,
            quarter,
            from: self.from,
            to: self.to,
        })
    }
}

impl Scope {
    pub fn is_everything(&self) -> bool {
        *self == Scope::default()
    }

    /// The filter as a tantivy query (all documents when nothing is filtered).
    pub fn query(&self, store: &Store) -> Box<dyn Query> {
        let f = &store.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term_query = |term: Term| -> Box<dyn Query> {
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        let any_of = |queries: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                queries.into_iter().map(|q| (Occur::Should, q)).collect(),
            ))
        };
        if !self.bands.is_empty() {
            let bands = self
                .bands
                .iter()
                .map(|&b| {
                    term_query(Term::from_field_text(
                        f.band,
                        crate::index::schema::band_value(Some(b)),
                    ))
                })
                .collect();
            must.push((Occur::Must, any_of(bands)));
        }
        let mut keys: Vec<&String> = self.wheres.iter().map(|(k, _)| k).collect();
        keys.dedup();
        for key in keys {
            let values = self
                .wheres
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| {
                    let mut term = Term::from_field_json_path(f.segments, key, false);
                    term.append_type_and_str(v);
                    term_query(term)
                })
                .collect();
            must.push((Occur::Must, any_of(values)));
        }
        if let Some(q) = &self.quarter {
            must.push((Occur::Must, term_query(Term::from_field_text(f.quarter, q))));
        }
        if self.from.is_some() || self.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.day, day_number(d))),
                None => Bound::Unbounded,
            };
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(self.from), bound(self.to))),
            ));
        }
        // Copies of a response another folder holds in a later submission never count.
        if !store.shadowed.is_empty() {
            if must.is_empty() {
                must.push((Occur::Must, Box::new(AllQuery)));
            }
            must.push((Occur::MustNot, Box::new(store.shadowed.clone())));
        }
        if must.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(must))
        }
    }

    /// Plain words for headers: "detractors, plan = Pro, 2026Q3".
    pub fn describe(&self, store: &Store) -> String {
        let mut parts = Vec::new();
        if let Some(scale) = store.meta.scale {
            parts.extend(
                self.bands
                    .iter()
                    .map(|&b| format!("{}s", scale.band_name(b))),
            );
        }
        for (key, value) in &self.wheres {
            let name = store
                .meta
                .segments
                .iter()
                .find(|s| &s.key == key)
                .map_or(key.as_str(), |s| s.name.as_str());
            parts.push(format!("{name} = {value}"));
        }
        parts.extend(self.quarter.clone());
        match (self.from, self.to) {
            (Some(a), Some(b)) => parts.push(format!("{a} to {b}")),
            (Some(a), None) => parts.push(format!("from {a}")),
            (None, Some(b)) => parts.push(format!("up to {b}")),
            _ => {}
        }
        if parts.is_empty() {
            "all responses".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Every distinct value of a string fast field (a column like "quarter" or "seg.plan").
pub fn distinct_values(searcher: &Searcher, path: &str) -> Result<BTreeSet<String>> {
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        if let Some(column) = segment.fast_fields().str(path)? {
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(|e| Error::io(path, e))?;
            while stream.advance() {
                values.insert(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
    }
    Ok(values)
}

/// Name of the stored band value for user-facing output.
pub fn band_label(store: &Store, stored: &str) -> String {
    let band = match stored {
        schema::BAND_LOW => Band::Low,
        schema::BAND_MIDDLE => Band::Middle,
        schema::BAND_HIGH => Band::High,
        _ => return "unscored".to_string(),
    };
    store
        .meta
        .scale
        .map_or("unscored".to_string(), |s| s.band_name(band).to_string())
}
