//! One view of the page, computed from the explorer: the scope's headline, its themes with their
//! change against the comparison quarter, the heat map, the trend, and what is open (a theme's
//! quotes and responses, or search hits).

use std::collections::BTreeMap;

use super::params::{BadRequest, ViewParams};
use super::Loaded;
use crate::index::meta::Question;
use crate::score::{BandCounts, Metric};
use crate::search::{Hit, Scope, SearchOptions, SearchResults, SortOrder};
use crate::themes::explore::{Explorer, Heat, Pick, Selection};
use crate::themes::Theme;

/// Themes listed in the page.
pub const THEMES_SHOWN: usize = 20;
/// Responses (or search hits) per page of a list.
pub const PER_PAGE: usize = 20;
/// Quotes shown for an open theme.
const QUOTES: usize = 3;
/// A segment column with more values than this is not offered as a filter list or heat map.
pub const MAX_LISTED_VALUES: usize = 60;

/// Everything the page shows for one URL.
pub struct View<'v> {
    pub params: ViewParams,
    pub explorer: &'v Explorer<'v>,
    pub questions: &'v [Question],
    pub scope_text: String,
    pub selection: Selection,
    /// The comparison quarter and its responses (same filters), where there is one.
    pub compare: Option<(String, Selection)>,
    pub themes: Vec<Theme>,
    /// Share of the comparison quarter's comments mentioning each listed theme, by key.
    pub before: BTreeMap<String, f64>,
    pub heat: Option<Heat>,
    /// Each quarter's responses (same filters, every quarter).
    pub trend: Vec<(String, BandCounts)>,
    pub open: Option<Open>,
    pub search: Option<SearchResults>,
    /// The scope's themes ranked by impact, for the priority chart (None without scores).
    pub drivers: Option<crate::themes::drivers::DriverReport>,
    /// The index on disk is newer than the one shown.
    pub newer: bool,
    pub codebook_editable: bool,
}

/// An open theme or facet: its description with quotes, and a page of its responses.
pub struct Open {
    pub pick: Pick,
    pub theme: Theme,
    /// Responses of the theme (or facet, and kind) in scope.
    pub total: usize,
    pub responses: Vec<Hit>,
}

/// Builds the view `params` asks for.
pub fn build<'v>(loaded: &'v Loaded<'v>, params: ViewParams) -> Result<View<'v>, BadRequest> {
    let usage = |e: crate::error::Error| BadRequest(e.to_string());
    let questions = &loaded.questions;
    let q = match params.question {
        Some(n) if (n as usize) > loaded.explorers.len() => {
            return Err(BadRequest(format!(
                "question {n} does not exist; this index has {} open question{}",
                loaded.explorers.len(),
                if loaded.explorers.len() == 1 { "" } else { "s" }
            )))
        }
        Some(n) => n as usize - 1,
        None => 0,
    };
    let explorer = &loaded.explorers[q];
    let store = explorer.store();
    for (name, quarter) in [("quarter", &params.quarter), ("compare", &params.compare)] {
        if let Some(label) = quarter {
            if !explorer.quarters().contains(label) {
                return Err(BadRequest(format!(
                    "{name} '{label}' holds no responses; the index's quarters are {}",
                    explorer.quarters().join(", ")
                )));
            }
        }
    }
    let scope = params.scope_args()?.resolve(store).map_err(usage)?;
    let every_quarter = Scope {
        quarter: None,
        ..scope.clone()
    };
    let query = params.q.as_deref();
    if let Some(text) = query {
        crate::search::check_query(&store.analyzer, text).map_err(usage)?;
    }
    let mode = params.query_mode();
    let all_quarters = explorer
        .select(&every_quarter, query, &mode)
        .map_err(usage)?;
    let selection = match &scope.quarter {
        Some(quarter) => explorer.in_quarter(&all_quarters, quarter),
        None => all_quarters.clone(),
    };
    let compare_label = params.compare.clone().or_else(|| {
        let quarter = scope.quarter.as_ref()?;
        let at = explorer.quarters().iter().position(|l| l == quarter)?;
        at.checked_sub(1).map(|i| explorer.quarters()[i].clone())
    });
    let compare = compare_label.map(|label| {
        let s = explorer.in_quarter(&all_quarters, &label);
        (label, s)
    });
    let themes = explorer.themes(&selection, THEMES_SHOWN, 0);
    let before = match &compare {
        Some((_, then)) if then.comments > 0 => explorer
            .mentions(then)
            .into_iter()
            .map(|(key, n)| (key, 100.0 * n as f64 / then.comments as f64))
            .collect(),
        _ => BTreeMap::new(),
    };
    let heat_column = match &params.heat {
        Some(name) => Some(
            explorer
                .columns
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    BadRequest(format!(
                        "no segment column '{name}'; the segment columns are: {}",
                        store.meta.segment_names()
                    ))
                })?,
        ),
        None => explorer
            .columns
            .iter()
            .position(|c| (2..=12).contains(&c.values.len())),
    };
    let heat = heat_column
        .filter(|&c| explorer.columns[c].values.len() <= MAX_LISTED_VALUES)
        .map(|c| explorer.heat(&selection, c, &themes[..themes.len().min(12)]));
    // Links carry the theme's label (`?theme=help+desk`); a key (its stems) is read too.
    let open = match &params.theme {
        Some(named) => Some(open_theme(
            explorer,
            &selection,
            &params,
            &theme_key(&themes, named),
        )?),
        None => None,
    };
    let search = match query {
        Some(text) => Some(
            crate::search::search(
                store,
                text,
                &scope,
                &SearchOptions {
                    limit: params.page * PER_PAGE,
                    sort: SortOrder::Relevance,
                    mode: mode.clone(),
                    ..SearchOptions::default()
                },
            )
            .map_err(usage)?,
        ),
        None => None,
    };
    let drivers = match store.meta.scale {
        Some(_) => Some(
            crate::themes::drivers::drivers(
                store,
                &scope,
                &crate::themes::drivers::DriverOptions {
                    themes: crate::themes::ThemeOptions {
                        query: query.map(str::to_string),
                        read_only: true,
                        // The set `verbatim drivers` ranks by default.
                        top: THEMES_SHOWN,
                        ..explorer.options().clone()
                    },
                    rank_by: None,
                    facets: false,
                    segments: None,
                    change: None,
                },
            )
            .map_err(usage)?,
        ),
        None => None,
    };
    Ok(View {
        drivers,
        scope_text: scope.describe(store),
        trend: explorer.bands_by_quarter(&all_quarters),
        newer: loaded.newer(),
        codebook_editable: loaded.codebook_path.is_some(),
        params,
        explorer,
        questions,
        selection,
        compare,
        themes,
        before,
        heat,
        open,
        search,
    })
}

/// The key of the theme a link names: by its label among `themes`, else the name is a key.
pub(super) fn theme_key(themes: &[Theme], named: &str) -> String {
    themes
        .iter()
        .find(|t| t.label.eq_ignore_ascii_case(named))
        .map_or(named, |t| t.key.as_str())
        .to_string()
}

fn open_theme(
    explorer: &Explorer,
    selection: &Selection,
    params: &ViewParams,
    key: &str,
) -> Result<Open, BadRequest> {
    let theme = explorer.theme(selection, key, QUOTES).ok_or_else(|| {
        BadRequest(format!(
            "no theme '{key}' in this index's theme set; open one from the list"
        ))
    })?;
    if let Some(facet) = &params.facet {
        if !theme.facets.iter().any(|f| &f.key == facet) {
            return Err(BadRequest(format!(
                "theme '{}' has no facet '{facet}' in this scope",
                theme.label
            )));
        }
    }
    let pick = Pick {
        theme: key.to_string(),
        facet: params.facet.clone(),
    };
    let members = explorer.members(selection, &pick, params.kind);
    let store = explorer.store();
    let searcher = store.searcher().map_err(|e| BadRequest(e.to_string()))?;
    let start = (params.page - 1) * PER_PAGE;
    let responses = members
        .iter()
        .skip(start)
        .take(PER_PAGE)
        .map(|&address| crate::search::hit_of(store, &searcher, address))
        .collect();
    Ok(Open {
        pick,
        theme,
        total: members.len(),
        responses,
    })
}

impl View<'_> {
    pub fn metric(&self) -> Option<Metric> {
        self.explorer.metric(&self.selection)
    }

    /// Change of a theme's share against the comparison quarter, in points.
    pub fn change(&self, theme: &Theme) -> Option<f64> {
        self.before.get(&theme.key).map(|then| theme.share - then)
    }
}
