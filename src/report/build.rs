//! Assembling the report from the stats and themes engines.

use chrono::NaiveDate;

use super::model::*;
use crate::error::{Error, Result};
use crate::index::calendar::{from_day_number, normalize_quarter};
use crate::index::meta::Question;
use crate::index::Store;
use crate::score::{Band, Scale};
use crate::search::Scope;
use crate::stats::{count, segments, stats, GroupBy, GroupStats};
use crate::themes::codebook::Codebook;
use crate::themes::{themes, Kind, Theme, ThemeGroupBy, ThemeOptions};

/// What `verbatim report` was asked for.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Report quarter; default: the latest quarter in scope.
    pub quarter: Option<String>,
    /// Comparison quarter; default: the quarter before the report quarter.
    pub compare: Option<String>,
    pub codebook: Option<Codebook>,
    /// Themes per list.
    pub top: usize,
    /// The command line, for the method section.
    pub command: String,
    /// Churn from an accounts file (`--accounts`).
    pub churn: Option<crate::context::accounts::ChurnOptions>,
    /// Usage quadrants (`--usage-col`, `--usage-split`).
    pub usage: Option<(String, crate::context::quadrants::Split)>,
    /// The open questions that get their own theme sections, where the index has several (the
    /// first also feeds the heat maps, trend and quadrants); empty reads the whole comment.
    pub questions: Vec<Question>,
    /// Segment columns chosen by hand (`--segments`); None chooses them
    /// ([`crate::stats::segments`]).
    pub segments: Option<Vec<String>>,
    /// Segment columns printed beside quotes (`--show`); None: the report's segment columns.
    pub show: Option<Vec<String>>,
    /// Quotes give the whole comment instead of its sentence (`--full`).
    pub full_quotes: bool,
    /// Never write to the index folder, not even the theme set's cache (`verbatim serve`).
    pub read_only: bool,
}

/// One open question's themes, every theme over all quarters, the fewest mentions a theme
/// needed, and the codebook's entries that matched nothing.
type Section = (QuestionThemes, Vec<Theme>, u32, Vec<String>);

/// Facets shown under each complaint, ask and praise theme.
const REPORT_FACETS: usize = 4;

fn snapshot(quarter: &str, g: &GroupStats) -> Snapshot {
    Snapshot {
        quarter: quarter.to_string(),
        responses: g.responses,
        comments: g.comments,
        comment_rate: g.comment_rate,
        bands: g.bands,
        band_percent: Band::ALL.map(|b| g.bands.percent(b)),
        metric: g.metric,
    }
}

/// The last day of a calendar quarter label ("2026Q3"); None for fiscal labels.
fn quarter_end(label: &str) -> Option<NaiveDate> {
    let (year, q) = label.split_once('Q')?;
    let (year, q): (i32, u32) = (year.parse().ok()?, q.parse().ok()?);
    let first_of_next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, 3 * q + 1, 1)?
    };
    first_of_next.pred_opt()
}

pub fn build(store: &Store, scope: &Scope, options: &ReportOptions) -> Result<Report> {
    let scale = store.meta.scale;
    let mut all_quarters = scope.clone();
    all_quarters.quarter = None;
    let by_quarter = stats(store, &all_quarters, &GroupBy::Quarter)?;
    let quarters: Vec<&GroupStats> = by_quarter
        .groups
        .iter()
        .filter(|g| g.group != "(none)")
        .collect();
    if quarters.is_empty() {
        return Err(Error::Usage("the responses in scope have no dates, so there is no quarter to report on; ingest a file with a date column".into()));
    }
    let pick = |asked: &Option<String>, what: &str| -> Result<Option<String>> {
        match asked {
            None => Ok(None),
            Some(q) => {
                let q = normalize_quarter(q).ok_or_else(|| {
                    Error::Usage(format!("'{q}' is not a quarter; write it like 2026Q3"))
                })?;
                if quarters.iter().any(|g| g.group == q) {
                    Ok(Some(q))
                } else {
                    let known: Vec<_> = quarters.iter().map(|g| g.group.as_str()).collect();
                    Err(Error::Usage(format!(
                        "no responses in {what} quarter {q}; the quarters in scope are {}",
                        known.join(", ")
                    )))
                }
            }
        }
    };
    let quarter = pick(
        &options.quarter.clone().or(scope.quarter.clone()),
        "the report",
    )?
    .unwrap_or_else(|| quarters.last().expect("checked non-empty").group.clone());
    let position = quarters
        .iter()
        .position(|g| g.group == quarter)
        .expect("quarter is in the list");
    let compare = match pick(&options.compare, "the comparison")? {
        Some(q) => Some(q),
        None => position.checked_sub(1).map(|i| quarters[i].group.clone()),
    };
    let current = snapshot(&quarter, quarters[position]);
    let previous = compare
        .as_ref()
        .and_then(|c| quarters.iter().find(|g| &g.group == c))
        .map(|g| snapshot(&g.group, g));

    // Headline.
    let (change, change_margin, significant) =
        match (current.metric, previous.as_ref().and_then(|p| p.metric)) {
            // A change needs a margin on both sides: none for a small group.
            (Some(now), Some(before)) if !now.small && !before.small => {
                let change = now.value - before.value;
                let margin =
                    1.96 * (now.standard_error().powi(2) + before.standard_error().powi(2)).sqrt();
                (Some(change), Some(margin), Some(change.abs() > margin))
            }
            _ => (None, None, None),
        };
    let mut quarter_scope = all_quarters.clone();
    quarter_scope.quarter = Some(quarter.clone());
    let last_day = count(store, &quarter_scope, None)?
        .values()
        .filter_map(|c| c.last_day)
        .max()
        .and_then(from_day_number);
    let incomplete = match (quarter_end(&quarter), last_day) {
        (Some(end), Some(last)) if (end - last).num_days() > 14 => Some(format!(
            "{quarter} looks incomplete: its latest response is from {last}, {} days before the quarter ends",
            (end - last).num_days()
        )),
        _ => None,
    };
    let caveat = format!(
        "Only some customers answer surveys, and mostly the delighted and the unhappy: read these figures as what respondents said. {:.1}% of the {} responses in {quarter} left a comment.",
        current.comment_rate, current.responses
    );
    let headline = Headline {
        benchmark: current
            .metric
            .and_then(|m| m.benchmark)
            .map(|b| b.as_str().to_string()),
        current: current.clone(),
        previous: previous.clone(),
        change,
        change_margin,
        significant,
        caveat,
    };

    let share_in = |t: &Theme, q: &Option<String>| {
        q.as_ref()
            .and_then(|q| t.quarters.iter().find(|c| &c.quarter == q))
            .map(|c| (c.mentions, c.responses, c.share))
    };
    let theme_options = |question: Option<&Question>, by, top, quotes| ThemeOptions {
        by,
        top,
        quotes,
        codebook: options.codebook.clone(),
        question: question.map(|q| q.index),
        full_quotes: options.full_quotes,
        read_only: options.read_only,
        ..ThemeOptions::default()
    };
    // What changed and the top complaints, asks and praise of one open question (with the
    // codebook's entries that matched nothing in it, for a warning).
    let section = |question: Option<&Question>| -> Result<Section> {
        // Themes over every quarter, counted per quarter: what changed, and the trend.
        let global = themes(
            store,
            &all_quarters,
            &theme_options(question, ThemeGroupBy::Quarter, options.top.max(8) * 2, 0),
        )?;
        let global_themes: Vec<&Theme> = global.groups.iter().flat_map(|g| &g.themes).collect();
        let mut changes: Vec<ThemeChange> = global_themes
            .iter()
            .filter_map(|t| {
                let (a1, n1, s1) = share_in(t, &compare)?;
                let (a2, n2, s2) = share_in(t, &Some(quarter.clone()))?;
                let z = crate::themes::discover::two_proportion_z(a1, n1, a2, n2);
                (z.abs() >= 1.96).then(|| ThemeChange {
                    label: t.label.clone(),
                    key: t.key.clone(),
                    previous_mentions: a1,
                    previous_share: s1,
                    mentions: a2,
                    share: s2,
                    change: s2 - s1,
                    z,
                    significant: true,
                })
            })
            .collect();
        changes.sort_by(|a, b| {
            b.change
                .abs()
                .total_cmp(&a.change.abs())
                .then(a.key.cmp(&b.key))
        });

        // Top complaints, asks and praise of the report quarter, by band.
        let by_band = themes(
            store,
            &quarter_scope,
            &theme_options(question, ThemeGroupBy::Band, options.top.max(1) * 2, 3),
        )?;
        let to_report = |t: &Theme| ReportTheme {
            label: t.label.clone(),
            key: t.key.clone(),
            kind: t.kind,
            mentions: t.mentions,
            share: t.share,
            impact: t.impact,
            previous_share: global_themes
                .iter()
                .find(|g| g.key == t.key)
                .and_then(|g| share_in(g, &compare))
                .map(|s| s.2),
            current_share: global_themes
                .iter()
                .find(|g| g.key == t.key)
                .and_then(|g| share_in(g, &Some(quarter.clone())))
                .map(|s| s.2),
            quotes: t.quotes.clone(),
            facets: t
                .facets
                .iter()
                .take(REPORT_FACETS)
                .map(|f| ReportFacet {
                    label: f.label.clone(),
                    mentions: f.mentions,
                })
                .collect(),
        };
        let band_group = |band: Band| -> Vec<&Theme> {
            let name = scale.map(|s| s.band_name(band));
            by_band
                .groups
                .iter()
                .filter(|g| name.is_none_or(|n| g.group == n))
                .flat_map(|g| &g.themes)
                .collect()
        };
        // Each mention has its own kind: a band's complaints are its themes ranked by the responses
        // that complain about them (a detractor's praise of the crew is not a complaint).
        let count_of = |t: &Theme, kind: Kind| match kind {
            Kind::Complaint => t.kinds.complaint,
            Kind::Praise => t.kinds.praise,
            Kind::Ask => t.kinds.ask,
            Kind::Neutral => 0,
        };
        let pick_kind = |themes: Vec<&Theme>, kind: Kind| -> Vec<ReportTheme> {
            let mut themes: Vec<&Theme> = themes
                .into_iter()
                .filter(|t| count_of(t, kind) > 0)
                .collect();
            themes.sort_by(|a, b| {
                count_of(b, kind)
                    .cmp(&count_of(a, kind))
                    .then(a.key.cmp(&b.key))
            });
            themes
                .into_iter()
                .take(options.top)
                .map(|t| ReportTheme {
                    kind,
                    ..to_report(t)
                })
                .collect()
        };
        let complaints = pick_kind(band_group(Band::Low), Kind::Complaint);
        let praise = pick_kind(band_group(Band::High), Kind::Praise);
        let mut asks: Vec<&Theme> = Vec::new();
        for t in by_band
            .groups
            .iter()
            .flat_map(|g| &g.themes)
            .filter(|t| t.kinds.ask > 0)
        {
            match asks.iter().position(|a| a.key == t.key) {
                Some(i) if asks[i].kinds.ask < t.kinds.ask => asks[i] = t,
                Some(_) => {}
                None => asks.push(t),
            }
        }
        asks.sort_by(|a, b| b.kinds.ask.cmp(&a.kinds.ask).then(a.key.cmp(&b.key)));
        let asks = asks
            .into_iter()
            .take(options.top)
            .map(|t| ReportTheme {
                kind: Kind::Ask,
                ..to_report(t)
            })
            .collect();
        Ok((
            QuestionThemes {
                question: None,
                changes,
                complaints,
                asks,
                praise,
            },
            global_themes.into_iter().cloned().collect::<Vec<Theme>>(),
            by_band.min_mentions,
            global.codebook_unmatched.clone(),
        ))
    };
    let primary = options.questions.first();
    let (first, global_themes, min_mentions, unmatched) = section(primary)?;
    let mut codebook_unmatched = vec![unmatched];
    let mut question_sections = Vec::new();
    if options.questions.len() > 1 {
        for question in &options.questions {
            let mut themes = if Some(question) == primary {
                first.clone()
            } else {
                let (themes, _, _, unmatched) = section(Some(question))?;
                codebook_unmatched.push(unmatched);
                themes
            };
            themes.question = Some(question.clone());
            question_sections.push(themes);
        }
    }
    let QuestionThemes {
        changes,
        complaints,
        asks,
        praise,
        ..
    } = first;
    let theme_options = |by, top, quotes| theme_options(primary, by, top, quotes);

    // Segments: the columns whose values differ, score per value, and which themes stand out
    // where.
    let metric_label = scale.map_or("score", |s| s.metric_name());
    let segment_view = |column: &str| -> Result<crate::themes::ThemeReport> {
        let mut options = theme_options(ThemeGroupBy::None, 8, 0);
        options.segments = Some(column.to_string());
        themes(store, &quarter_scope, &options)
    };
    let mut views: std::collections::HashMap<String, crate::themes::ThemeReport> =
        std::collections::HashMap::new();
    let (chosen, segment_note) = match &options.segments {
        Some(names) => {
            let names = segments::named(store, names)?;
            let mut chosen = Vec::new();
            for column in &names {
                let per_value = stats(store, &quarter_scope, &GroupBy::Column(column.clone()))?;
                if per_value.groups.len() > segments::MAX_VALUES {
                    return Err(Error::Usage(format!(
                        "{column} has {} values in {quarter}; the report shows columns of at most {} values, so choose another or narrow the scope with --where",
                        per_value.groups.len(),
                        segments::MAX_VALUES
                    )));
                }
                chosen.push((column.clone(), per_value.groups));
            }
            let note = format!("Segments: chosen with --segments ({}).", names.join(", "));
            (chosen, note)
        }
        None => {
            let candidates = segments::candidates(store, &quarter_scope)?;
            let ranked = segments::rank(candidates, metric_label, |c| {
                let view = segment_view(&c.column)?;
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
            (chosen, note)
        }
    };
    let mut segment_sections = Vec::new();
    for (column, groups) in chosen {
        let rows: Vec<SegmentRow> = groups
            .iter()
            .map(|g| SegmentRow {
                value: g.group.clone(),
                responses: g.responses,
                bands: g.bands,
                metric: g.metric,
            })
            .collect();
        let view = match views.remove(&column) {
            Some(view) => view,
            None => segment_view(&column)?,
        };
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
            standouts.extend(t.by_segment.iter().filter(|s| s.over_represented).map(|s| {
                Standout {
                    value: s.value.clone(),
                    theme: t.label.clone(),
                    mentions: s.mentions,
                    share: s.share,
                    lift: s.lift,
                }
            }));
        }
        standouts.sort_by(|a, b| {
            b.lift
                .unwrap_or(0.0)
                .total_cmp(&a.lift.unwrap_or(0.0))
                .then(a.value.cmp(&b.value))
        });
        segment_sections.push(SegmentSection {
            column,
            rows,
            standouts,
            heatmap,
        });
    }
    let segments = segment_sections;
    // Quotes carry the report's segment columns (or those of --show).
    let shown: Vec<String> = match &options.show {
        Some(names) => crate::stats::segments::shown_columns(store, &quarter_scope, Some(names))?,
        None => segments.iter().map(|s| s.column.clone()).collect(),
    };

    // Trend: every quarter's score, and the main themes' share.
    let trend = Trend {
        quarters: quarters.iter().map(|g| snapshot(&g.group, g)).collect(),
        themes: global_themes
            .iter()
            .take(5)
            .map(|t| ThemeTrend {
                label: t.label.clone(),
                key: t.key.clone(),
                shares: quarters
                    .iter()
                    .map(|q| share_in(t, &Some(q.group.clone())).map_or(0.0, |s| s.2))
                    .collect(),
            })
            .collect(),
    };

    let metric_note = match scale {
        Some(Scale::Nps) => "NPS = % promoters (9-10) - % detractors (0-6) of scored responses; 95% margin of error 1.96 * sqrt((p + d - (p - d)^2) / n).",
        Some(Scale::Csat) => "CSAT = % satisfied (4-5) of scored responses; 95% margin of error 1.96 * sqrt(s(1 - s) / n).",
        Some(Scale::Rating { .. }) => "Net rating = % in the top third - % in the bottom third of scored responses, with the NPS margin formula.",
        None => "The responses have no scores: no NPS or CSAT.",
    };
    let method = Method {
        command: options.command.clone(),
        generated_by: format!("verbatim {}", env!("CARGO_PKG_VERSION")),
        min_mentions,
        notes: vec![
            format!("Scope: {}; report quarter {quarter}{}.", scope.describe(store), compare.as_ref().map_or(String::new(), |c| format!(", compared with {c}"))),
            metric_note.to_string(),
            "The change's margin is 1.96 * sqrt(SE1^2 + SE2^2); a change is called larger than its margin only when it exceeds it.".to_string(),
            "Benchmarks on the unrounded value: strong NPS >= 40 / CSAT >= 90%, typical NPS >= 20 / CSAT >= 80%, else slipping.".to_string(),
            format!(
                "Themes: topics (nouns, noun phrases and events, never moods or filler) distinctive against general language (log-likelihood G2, p < 0.001), in at least {} responses, grouped by sentence co-occurrence and WordNet categories; discovered once over every response of the index and counted in each band and quarter; shares are of responses with a comment.",
                min_mentions
            ),
            "What changed: the same themes counted per quarter, listed when a two-proportion z test gives |z| >= 1.96.".to_string(),
            "Each mention takes the kind of the sentence (clause) it is in: complaint when its words are negative (sentiment lexicons with negation, intensifiers and contrast), praise when positive, ask when it carries a request cue (\"I wish\", \"please add\"). Complaints are the low band's themes ranked by the responses complaining about them, praise the high band's by praising responses, asks any band's by asking responses.".to_string(),
            if options.full_quotes {
                "Quotes are whole comments from different respondents; emails, phone and card numbers are masked.".to_string()
            } else {
                "Quotes are whole sentences from different respondents; emails, phone and card numbers are masked.".to_string()
            },
            segment_note,
        ],
    };
    // Scores in context: churn, usage quadrants, agents (when the columns exist).
    let churn = match &options.churn {
        // Churn takes time to show: every quarter in scope, each customer's latest response.
        Some(c) => Some(crate::context::accounts::churn(store, &all_quarters, c)?),
        None => None,
    };
    let quadrants = match &options.usage {
        Some((column, split)) => {
            use crate::context::quadrants::*;
            let q = quadrants(store, &quarter_scope, column, *split)?;
            let rows =
                crate::stats::stats_by_groups(store, &quarter_scope, &q.of, "quadrant", &ORDER)?
                    .groups;
            let by = ThemeGroupBy::Custom("quadrant".into(), q.of.clone());
            let themes = themes(store, &quarter_scope, &theme_options(by, 3, 0))?
                .groups
                .into_iter()
                .map(|g| (g.group, g.themes.into_iter().map(|t| t.label).collect()))
                .collect();
            Some(QuadrantSection {
                split: q,
                rows,
                themes,
            })
        }
        None => None,
    };
    let agent_options = crate::context::agents::AgentOptions {
        agent_column: None,
        time_column: None,
        min_responses: 10,
        fast_below: None,
    };
    let agents = match crate::context::agents::agents(store, &quarter_scope, &agent_options) {
        Ok(a) => Some(a),
        Err(Error::Usage(_)) => None,
        Err(e) => return Err(e),
    };
    let mut complaints = complaints;
    let mut asks = asks;
    let mut praise = praise;
    let mut question_sections = question_sections;
    let lists = [&mut complaints, &mut asks, &mut praise].into_iter().chain(
        question_sections
            .iter_mut()
            .flat_map(|q| [&mut q.complaints, &mut q.asks, &mut q.praise]),
    );
    for list in lists {
        for quote in list.iter_mut().flat_map(|t| &mut t.quotes) {
            quote.segments.retain(|column, _| shown.contains(column));
        }
    }
    Ok(Report {
        churn,
        quadrants,
        agents,
        schema_version: SCHEMA_VERSION,
        quarter,
        compare,
        scope: scope.describe(store),
        incomplete,
        metric_name: scale.map(|s| s.metric_name().to_string()),
        band_names: scale.map(|s| Band::ALL.map(|b| s.band_name(b).to_string())),
        headline,
        changes,
        complaints,
        asks,
        praise,
        questions: question_sections,
        segments,
        trend,
        method,
        codebook_unmatched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_ends() {
        assert_eq!(quarter_end("2026Q3"), NaiveDate::from_ymd_opt(2026, 9, 30));
        assert_eq!(quarter_end("2026Q4"), NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(quarter_end("FY2027Q1"), None);
    }
}
