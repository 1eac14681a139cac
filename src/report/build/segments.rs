//! The segment sections: which columns the report shows (chosen by hand or ranked by how much
//! their values differ) and each one's scores, heat map and standouts. Choosing them is the
//! report's most involved rule, so it has a file of its own.

use std::collections::HashMap;

use super::Basis;
use crate::error::{Refusal, Result};
use crate::report::model::*;
use crate::stats::{segments, stats, GroupBy, GroupStats};
use crate::themes::{themes, ThemeGroupBy, ThemeReport};

/// The segment sections of the report quarter, with the note that says how their columns were
/// chosen (for the method section).
pub(super) fn sections(basis: &Basis) -> Result<(Vec<SegmentSection>, String)> {
    // Themes per value of a column, kept from the ranking so that no column is counted twice.
    let mut views: HashMap<String, ThemeReport> = HashMap::new();
    let (chosen, segment_note) = match &basis.options.segments {
        Some(names) => chosen_by_hand(basis, names)?,
        None => ranked(basis, &mut views)?,
    };
    let mut segment_sections = Vec::new();
    for (column, groups) in chosen {
        let view = match views.remove(&column) {
            Some(view) => view,
            None => segment_view(basis, &column)?,
        };
        segment_sections.push(section(column, &groups, &view));
    }
    Ok((segment_sections, segment_note))
}

/// The primary question's themes in the report quarter, counted per value of `column`.
fn segment_view(basis: &Basis, column: &str) -> Result<ThemeReport> {
    let mut options = basis.primary_options(ThemeGroupBy::None, 8, 0);
    options.segments = Some(column.to_string());
    themes(basis.store, &basis.quarter_scope, &options)
}

/// The columns of `--segments`, each with its values' figures.
fn chosen_by_hand(
    basis: &Basis,
    names: &[String],
) -> Result<(Vec<(String, Vec<GroupStats>)>, String)> {
    let (store, quarter) = (basis.store, &basis.quarter);
    let names = segments::named(store, names)?;
    let mut chosen = Vec::new();
    for column in &names {
        let per_value = stats(
            store,
            &basis.quarter_scope,
            &GroupBy::Column(column.clone()),
        )?;
        if per_value.groups.len() > segments::MAX_VALUES {
            return Err(Refusal::TooManyValues {
                column: column.clone(),
                values: per_value.groups.len(),
                quarter: quarter.to_string(),
                max: segments::MAX_VALUES,
            }
            .into());
        }
        chosen.push((column.clone(), per_value.groups));
    }
    let note = format!("Segments: chosen with --segments ({}).", names.join(", "));
    Ok((chosen, note))
}

/// The columns whose values differ, ranked by score gap and then by a standout theme; each
/// candidate's themes per value go into `views`.
fn ranked(
    basis: &Basis,
    views: &mut HashMap<String, ThemeReport>,
) -> Result<(Vec<(String, Vec<GroupStats>)>, String)> {
    let quarter = &basis.quarter;
    let metric_label = basis.scale.map_or("score", |s| s.metric_name());
    let candidates = segments::candidates(basis.store, &basis.quarter_scope)?;
    let ranked = segments::rank(candidates, metric_label, |c| {
        let view = segment_view(basis, &c.column)?;
        let standout = view
            .groups
            .iter()
            .flat_map(|g| &g.themes)
            .flat_map(|t| {
                t.by_segment
                    .iter()
                    .filter(|s| s.over_represented)
                    .map(move |s| segments::ThemeStandout {
                        theme: t.label.clone(),
                        value: s.value.clone(),
                        lift: s.lift,
                    })
            })
            .max_by(|a, b| {
                a.lift
                    .unwrap_or(0.0)
                    .total_cmp(&b.lift.unwrap_or(0.0))
                    .then(b.value.cmp(&a.value))
            });
        views.insert(c.column.clone(), view);
        Ok(standout)
    })?;
    let rule = format!(
        "Segments: columns of 2-{} values, each with at least {} scored responses in {quarter} (never survey-tool columns, dates or constant columns), ranked by the largest difference in {metric_label} between two values that exceeds its 95% margin, then by a theme over-represented in one value (Benjamini-Hochberg at 5%); at most {}",
        segments::MAX_VALUES,
        crate::score::SMALL_GROUP,
        segments::MAX_SHOWN
    );
    let note = if ranked.is_empty() {
        format!("{rule}. No column qualifies, so the report has no segment section; --segments COLUMN,... chooses them by hand.")
    } else {
        let reasons: Vec<&str> = ranked.iter().map(|c| c.reason.as_str()).collect();
        format!("{rule}. Shown: {}.", reasons.join("; "))
    };
    let chosen = ranked
        .into_iter()
        .map(|c| (c.candidate.column, c.candidate.rows))
        .collect();
    Ok((chosen, note))
}

/// One column's section: score per value, each theme's share per value, and the themes that
/// stand out in a value.
fn section(column: String, groups: &[GroupStats], view: &ThemeReport) -> SegmentSection {
    let rows: Vec<SegmentRow> = groups
        .iter()
        .map(|g| SegmentRow {
            value: g.group.clone(),
            responses: g.responses,
            bands: g.bands,
            metric: g.metric,
        })
        .collect();
    let mut heatmap = Vec::new();
    let mut standouts = Vec::new();
    for t in view.groups.iter().flat_map(|g| &g.themes) {
        let cell = |value: &str| t.by_segment.iter().find(|s| s.value == value);
        heatmap.push(HeatRow {
            theme: t.label.clone(),
            shares: rows
                .iter()
                .map(|r| cell(&r.value).map_or(0.0, |s| s.share))
                .collect(),
            over_represented: rows
                .iter()
                .map(|r| cell(&r.value).is_some_and(|s| s.over_represented))
                .collect(),
        });
        standouts.extend(
            t.by_segment
                .iter()
                .filter(|s| s.over_represented)
                .map(|s| Standout {
                    value: s.value.clone(),
                    theme: t.label.clone(),
                    mentions: s.mentions,
                    share: s.share,
                    lift: s.lift,
                }),
        );
    }
    standouts.sort_by(|a, b| {
        b.lift
            .unwrap_or(0.0)
            .total_cmp(&a.lift.unwrap_or(0.0))
            .then(a.value.cmp(&b.value))
    });
    SegmentSection {
        column,
        rows,
        standouts,
        heatmap,
    }
}

/// The columns quotes carry: the report's segment columns (or those of `--show`).
pub(super) fn shown_columns(basis: &Basis, sections: &[SegmentSection]) -> Result<Vec<String>> {
    match &basis.options.show {
        Some(names) => segments::shown_columns(basis.store, &basis.quarter_scope, Some(names)),
        None => Ok(sections.iter().map(|s| s.column.clone()).collect()),
    }
}

/// Drops from every quote of `lists` the segment columns not in `shown`.
pub(super) fn keep_shown<'a>(
    lists: impl Iterator<Item = &'a mut Vec<ReportTheme>>,
    shown: &[String],
) {
    for list in lists {
        for quote in list.iter_mut().flat_map(|t| &mut t.quotes) {
            quote.segments.retain(|column, _| shown.contains(column));
        }
    }
}
