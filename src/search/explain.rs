//! Why one response is a hit, or not: the words of the query that matched it (as typed or a
//! synonym), their weights, and the cut.

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::weighted::WeightedQuery;
use crate::error::{Refusal, Result};
use crate::index::Store;

/// How one response meets the query.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub id: String,
    /// Whether the query finds it.
    pub hit: bool,
    /// Each word or phrase of the query (weighted matching only).
    pub units: Vec<UnitMatch>,
    /// The weight it holds, the weight a hit needs and the query's total (weighted only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<f32>,
    /// In words: why it passed the cut, or why not.
    pub why: String,
}

/// One word or phrase of the query against one response.
#[derive(Debug, Clone, Serialize)]
pub struct UnitMatch {
    pub word: String,
    pub weight: f32,
    pub required: bool,
    pub excluded: bool,
    /// The form that matched: the word as typed (or an inflection), or a synonym.
    pub matched_by: Option<String>,
    /// Whether that form is a synonym.
    pub synonym: bool,
}

/// Explains response `id` against the query (`weighted` when the query is weighted, `query` the
/// whole query with its scope).
pub fn explain(
    store: &Store,
    searcher: &Searcher,
    id: &str,
    weighted: Option<&WeightedQuery>,
    query: &dyn Query,
) -> Result<Explanation> {
    let id_query: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(store.fields.id, id.trim()),
        IndexRecordOption::Basic,
    ));
    let finds = |q: Box<dyn Query>| -> Result<bool> {
        let both = BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, id_query.box_clone())]);
        Ok(!searcher.search(&both, &DocSetCollector)?.is_empty())
    };
    if !finds(Box::new(tantivy::query::AllQuery))? {
        return Err(Refusal::UnknownId { id: id.to_string() }.into());
    }
    let hit = finds(query.box_clone())?;
    let Some(weighted) = weighted else {
        let why = if hit {
            "it holds the query's words as the query asks (strict matching)"
        } else {
            "it does not hold the query's words as the query asks (strict matching), or is outside the scope"
        };
        return Ok(Explanation {
            id: id.to_string(),
            hit,
            units: Vec::new(),
            held: None,
            need: None,
            total: None,
            why: why.to_string(),
        });
    };
    let mut units = Vec::new();
    let mut matched = Vec::new();
    for unit in &weighted.units {
        let mut by = None;
        for form in &unit.forms {
            if finds(form.query())? {
                by = Some(form);
                break;
            }
        }
        matched.push(by.is_some());
        units.push(UnitMatch {
            word: unit.typed.clone(),
            weight: unit.weight,
            required: unit.required,
            excluded: unit.excluded,
            matched_by: by.map(|f| f.shown.clone()),
            synonym: by.is_some_and(|f| f.added),
        });
    }
    let held: f32 = units
        .iter()
        .filter(|u| u.matched_by.is_some() && !u.excluded)
        .fold(0.0, |held, u| held + u.weight);
    let (need, total) = (weighted.need(), weighted.total());
    let why = if let Some(u) = units.iter().find(|u| u.excluded && u.matched_by.is_some()) {
        format!("it holds -{}, which the query excludes", u.word)
    } else if let Some(u) = units.iter().find(|u| u.required && u.matched_by.is_none()) {
        format!("it lacks +{}, which the query requires", u.word)
    } else if weighted.passes(&matched) {
        format!("it holds {held:.1} of the query's weight {total:.1}, at least the {need:.1} a hit needs")
    } else {
        format!("it holds {held:.1} of the query's weight {total:.1}, less than the {need:.1} a hit needs")
    };
    let why = if weighted.passes(&matched) && !hit {
        format!("{why}, but it is outside the scope")
    } else {
        why
    };
    Ok(Explanation {
        id: id.to_string(),
        hit,
        units,
        held: Some(held),
        need: Some(need),
        total: Some(total),
        why,
    })
}
