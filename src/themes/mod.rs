//! Themes: what comments are about, each mention with its own kind (complaint, ask, praise),
//! counted by score band, segment and quarter.
//!
//! The modules below read in the order of the pipeline: the shared types, which terms can name a
//! topic, the responses read, discovery of the theme set, assignment of every response in scope
//! through the index's postings, the counts of each theme, their significance, the labels and
//! quotes shown; then the other ways to read the same run: tagging each response, exploring in
//! memory, and codebooks. [`themes`] below runs them in that order. Filters only choose which
//! responses are counted; `--discover-in scope` re-discovers inside the scope.
//! Everything is sorted with explicit tie-breaks, so the same index and flags give the same
//! themes in the same order.

// The types every stage and every printer shares: options, report, themes, facets, quotes.
mod model;
// Candidates: which words and phrases can name a topic.
pub mod candidates;
// How common words are in general language, to tell a theme from everyday words.
pub mod background;
// The responses in scope, with their candidates, read once per run.
pub mod corpus;
// Grouping: distinctive candidates clustered into themes and facets, labelled.
pub mod discover;
// How alike the seed words are, and their clustering by it.
mod similarity;

// One subject per theme: words moved to the cluster whose core their sentences hold.
mod subject;
// Words that narrate the respondent's situation rather than name a subject.
mod narration;

// One subject per theme, between themes: themes said together far more than chance merged.
mod merge;
// Aspects judged with evaluative words ("slow": speed), English only.
pub mod aspects;
// Why each word of a theme is there (`--explain`).
pub mod explain;
// Names found from capitalisation mid-sentence, listed apart.
mod names;
// The theme set, discovered once over the whole index and cached.
pub mod set;
// Where a question's words sit, and the kinds of the clauses holding them.
pub mod question;
// Assignment: which responses mention each theme, and in which kinds of clause.
mod assign;
mod in_scope;
// Counting: each theme's mentions, shares, quarters, segments, quotes and facets in a group.
mod count;
// Significance: over-representation, corrected for every cell tested.
mod significance;
// Themes rising from the previous quarter to the latest (`--emerging`).
mod emerging;
// Labels: readable surface forms, quotes and their redaction.
pub mod quotes;
// Each response with the themes it carries (`verbatim tag`).
mod tag;
// Themes ranked by their impact on the score, per kind, segment and quarter (`verbatim drivers`).
pub mod drivers;
// The drivers as a table, CSV and Markdown.
pub mod drivers_print;
// Each response's tag line, as CSV or JSON lines.
pub mod tag_lines;
// Themes held in memory, counted for any scope (`verbatim serve`).
pub mod explore;
// Named themes, ignored words, renames and merges, applied to the discovered set.
pub mod codebook;
// Printers: the themes as a table, CSV and Markdown.
pub mod print;

use crate::error::{ColumnUse, Result};
use crate::index::schema::{self, segment_path};
use crate::index::Store;
use crate::score::{Band, Metric, Scale};
use crate::search::Scope;
use assign::prepare;
use corpus::GroupKey;
use count::{band_counts, Describe};
use emerging::emerging;
use significance::{flag_impacts, flag_over_represented};

/// The version of `themes`' JSON: 2 since `impact` is the field's and the old figure `gap`.
pub const THEMES_SCHEMA_VERSION: u32 = 2;

pub use assign::{scope_query, scope_query_as};
pub use model::{
    band_name, default_min_mentions, Emerging, Facet, GroupThemes, Kind, KindCounts, NameMention,
    QuarterCount, Quote, SegmentCount, Theme, ThemeGroupBy, ThemeOptions, ThemeReport,
};
pub use tag::{tag, Tagged, Tagging};

fn group_key(store: &Store, by: &ThemeGroupBy) -> Result<(GroupKey, String)> {
    Ok(match by {
        ThemeGroupBy::None => (GroupKey::None, "none".into()),
        ThemeGroupBy::Band if store.meta.scale.is_none() => (GroupKey::None, "none".into()),
        ThemeGroupBy::Band => (GroupKey::Band, "band".into()),
        ThemeGroupBy::Quarter => (GroupKey::Quarter, "quarter".into()),
        ThemeGroupBy::Custom(name, map) => (GroupKey::Custom(map.clone()), name.clone()),
        ThemeGroupBy::Column(name) => {
            let seg = store.meta.segment(name, ColumnUse::ThemesGroup)?;
            let _ = segment_path(&seg.key);
            (GroupKey::Segment(seg.key.clone()), seg.name.clone())
        }
    })
}

/// Runs themes over `scope`.
pub fn themes(store: &Store, scope: &Scope, options: &ThemeOptions) -> Result<ThemeReport> {
    let (key, by_name) = group_key(store, &options.by)?;
    // Quarters are counted per theme in every view; grouped by quarter, one table shows them.
    let load_key = if key == GroupKey::Quarter {
        GroupKey::None
    } else {
        key.clone()
    };
    let view = match &options.segments {
        Some(name) => Some(store.meta.segment(name, ColumnUse::ThemeSegments)?),
        None => None,
    };
    let mut run = prepare(
        store,
        scope,
        options,
        &load_key,
        view.map(|v| v.key.as_str()),
        false,
    )?;
    let corpus = &run.corpus;
    let mined = corpus.mined();
    let scale = store.meta.scale;
    let all_bands = band_counts(corpus.docs.iter().filter(|d| d.mined()));
    let scope_metric = scale.and_then(|s| Metric::compute(s, &all_bands));
    let describe = Describe {
        by_band: key == GroupKey::Band,
        ..Describe::whole(&run, scale, scope_metric, options)
    };

    let mut groups = Vec::new();
    // Bits of the themes shown in any group, for the share of comments with none of them.
    let mut listed = 0u64;
    let single = corpus.groups.len() <= 1 || load_key == GroupKey::None;
    for (g, name) in corpus.groups.iter().enumerate() {
        let g = g as u32;
        let group = (!single).then_some(g);
        let group_docs = || {
            corpus
                .docs
                .iter()
                .filter(move |d| d.mined() && (single || d.group == g))
        };
        let mut counted: Vec<(usize, Theme)> = describe
            .themes_in(group)
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.mentions >= run.describe_min as u64)
            .filter(|(_, t)| options.kinds.is_empty() || options.kinds.contains(&t.kind))
            .collect();
        // A codebook's named themes first, then the most mentioned; the set's order breaks ties.
        counted.sort_by_key(|(i, t)| {
            (
                run.defs[*i].members.is_none(),
                std::cmp::Reverse(t.mentions),
            )
        });
        counted.truncate(options.top);
        for (i, _) in &counted {
            listed |= 1u64 << i;
        }
        // Quotes and facets of each theme shown, on the pool.
        describe.finish_all(&mut counted, group);
        let themes: Vec<Theme> = counted.into_iter().map(|(_, t)| t).collect();
        let group_name = match key {
            GroupKey::Band => match schema::band_of_value(name) {
                Some(b) => scale.map_or(name.clone(), |s| s.band_name(b).to_string()),
                None => "unscored".to_string(),
            },
            GroupKey::None | GroupKey::Quarter => "all".to_string(),
            _ => name.clone(),
        };
        groups.push(GroupThemes {
            group: group_name,
            responses: group_docs().count() as u64,
            metric: scale.and_then(|s| Metric::compute(s, &band_counts(group_docs()))),
            themes,
        });
    }
    if key == GroupKey::Band {
        // Worst band first: what detractors say leads; unscored last.
        groups.sort_by_key(|g| {
            scale.map_or(0, |s| {
                Band::ALL
                    .iter()
                    .position(|&b| s.band_name(b) == g.group)
                    .unwrap_or(3)
            })
        });
    }
    if !single {
        flag_over_represented(&mut groups);
    }
    flag_impacts(&mut groups);
    let without_theme = corpus
        .docs
        .iter()
        .zip(&run.membership.mention)
        .filter(|(d, m)| d.mined() && **m & listed == 0)
        .count() as u64;
    let emerging = if options.emerging {
        emerging(&describe, options.top)
    } else {
        Vec::new()
    };
    let (responses, quarters) = (corpus.docs.len() as u64, corpus.quarters.clone());
    let names = names_mentioned(&mut run, scale, scope_metric, options)?;
    Ok(ThemeReport {
        schema_version: THEMES_SCHEMA_VERSION,
        scope: scope.describe(store)
            + &options
                .query
                .as_ref()
                .map_or(String::new(), |q| format!(", matching \"{q}\"")),
        by: by_name,
        metric_name: scale.map(Scale::metric_name),
        responses,
        mined: mined as u64,
        without_theme,
        min_mentions: run.min_mentions,
        discovered_in: run.discovered_in,
        metric: scope_metric,
        quarters,
        emerging,
        groups,
        names,
        question: run.question.and_then(|q| question::question_of(store, q)),
        segment_column: view.map(|v| v.name.clone()),
        codebook_unmatched: run.unmatched.clone(),
        narration: if options.explain {
            run.narration.clone()
        } else {
            Vec::new()
        },
    })
}

/// The names the theme set found, counted in the scope like themes (mentions, kinds, quotes),
/// most mentioned first, at most `--top`.
fn names_mentioned(
    run: &mut assign::Run,
    scale: Option<Scale>,
    scope_metric: Option<Metric>,
    options: &ThemeOptions,
) -> Result<Vec<NameMention>> {
    if run.names.is_empty() {
        return Ok(Vec::new());
    }
    run.mark_names()?;
    let describe = Describe {
        names: true,
        ..Describe::whole(run, scale, scope_metric, options)
    };
    Ok(describe.names_in(options.top))
}
