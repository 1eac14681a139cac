//! Agent coaching for transactional CSAT: per agent, responses, score and median resolution
//! time, and the tickets resolved fast that still scored low (tone, not speed, was the problem).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use super::median;
use crate::analysis::header::words;
use crate::error::{ColumnRole, NeedsNumbers, Refusal, Result};
use crate::index::facts::facts;
use crate::index::Store;
use crate::output::{thousands, Table};
use crate::score::{parse_number, Band, BandCounts, Metric};
use crate::search::Scope;
use crate::themes::{themes, ThemeGroupBy, ThemeOptions};

#[derive(Debug, Clone)]
pub struct AgentOptions {
    pub agent_column: Option<String>,
    pub time_column: Option<String>,
    /// Agents with fewer responses are flagged as too few to judge.
    pub min_responses: u64,
    /// "Fast" means below this time; None: the scope's median.
    pub fast_below: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    pub agent: String,
    pub responses: u64,
    pub bands: BandCounts,
    pub metric: Option<Metric>,
    pub median_time: Option<f64>,
    /// Responses resolved faster than the line that still scored in the low band.
    pub fast_low: u64,
    pub too_few: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentsReport {
    pub agent_column: String,
    pub time_column: String,
    pub metric_name: Option<&'static str>,
    pub scope_median_time: Option<f64>,
    pub fast_below: f64,
    pub min_responses: u64,
    pub agents: Vec<AgentRow>,
    pub fast_low_total: u64,
    /// Themes of the fast-but-low comments (labels with mentions).
    pub fast_low_themes: Vec<(String, u64)>,
}

/// A segment column whose name has one of `wanted` as a word.
fn detect(store: &Store, wanted: &[&str]) -> Option<String> {
    store
        .meta
        .segments
        .iter()
        .find(|s| words(&s.name).iter().any(|w| wanted.contains(&w.as_str())))
        .map(|s| s.name.clone())
}

pub fn agents(store: &Store, scope: &Scope, options: &AgentOptions) -> Result<AgentsReport> {
    let agent_column = options
        .agent_column
        .clone()
        .or_else(|| {
            detect(
                store,
                &[
                    "agent",
                    "rep",
                    "representative",
                    "advisor",
                    "assignee",
                    "handler",
                    "csr",
                ],
            )
        })
        .ok_or_else(|| Refusal::NoColumnFor {
            role: ColumnRole::Agent,
            known: store.meta.segment_names(),
        })?;
    let time_column = options
        .time_column
        .clone()
        .or_else(|| {
            detect(
                store,
                &[
                    "minutes",
                    "mins",
                    "time",
                    "duration",
                    "resolution",
                    "hours",
                    "seconds",
                    "handle",
                ],
            )
        })
        .ok_or_else(|| Refusal::NoColumnFor {
            role: ColumnRole::ResolutionTime,
            known: store.meta.segment_names(),
        })?;
    let facts = facts(
        store,
        &*scope.query(store),
        &[agent_column.clone(), time_column.clone()],
    )?;
    let time = |f: &crate::index::facts::Fact| f.values[1].as_deref().and_then(parse_number);
    let mut all_times: Vec<f64> = facts.iter().filter_map(time).collect();
    let scope_median = median(&mut all_times);
    let fast_below = options
        .fast_below
        .or(scope_median)
        .ok_or_else(|| Refusal::NoNumbers {
            column: time_column.clone(),
            wanted: NeedsNumbers::ResolutionTime,
        })?;
    let mut per_agent: BTreeMap<String, (BandCounts, Vec<f64>, u64)> = BTreeMap::new();
    let mut fast_low = HashMap::new();
    for f in &facts {
        let agent = f.values[0].clone().unwrap_or_else(|| "(none)".into());
        let entry = per_agent.entry(agent).or_default();
        entry.0.add(f.band);
        if let Some(t) = time(f) {
            entry.1.push(t);
            if t < fast_below && f.band == Some(Band::Low) {
                entry.2 += 1;
                fast_low.insert(f.address, "fast but low".to_string());
            }
        }
    }
    let scale = store.meta.scale;
    let mut agents: Vec<AgentRow> = per_agent
        .into_iter()
        .map(|(agent, (bands, mut times, fast))| AgentRow {
            agent,
            responses: bands.total(),
            metric: scale.and_then(|s| Metric::compute(s, &bands)),
            bands,
            median_time: median(&mut times),
            fast_low: fast,
            too_few: bands.total() < options.min_responses,
        })
        .collect();
    agents.sort_by(|a, b| {
        a.too_few
            .cmp(&b.too_few)
            .then(b.fast_low.cmp(&a.fast_low))
            .then(a.agent.cmp(&b.agent))
    });
    let fast_low_total = fast_low.len() as u64;
    let fast_low_themes = if fast_low.is_empty() {
        Vec::new()
    } else {
        let options = ThemeOptions {
            by: ThemeGroupBy::Custom("fast but low".into(), Arc::new(fast_low)),
            top: 5,
            quotes: 0,
            min_mentions: Some(2),
            ..ThemeOptions::default()
        };
        themes(store, scope, &options)?
            .groups
            .into_iter()
            .flat_map(|g| g.themes)
            .map(|t| (t.label, t.mentions))
            .collect()
    };
    Ok(AgentsReport {
        agent_column,
        time_column,
        metric_name: scale.map(|s| s.metric_name()),
        scope_median_time: scope_median,
        fast_below,
        min_responses: options.min_responses,
        agents,
        fast_low_total,
        fast_low_themes,
    })
}

/// The agents as an aligned table, then the fast tickets that scored low and their themes.
pub fn write_table(r: &AgentsReport, out: &mut dyn Write) -> std::io::Result<()> {
    let metric = r.metric_name.unwrap_or("score");
    writeln!(
        out,
        "Agents by '{}', resolution time '{}' (median {}; fast = below {})",
        r.agent_column,
        r.time_column,
        r.scope_median_time.map_or("-".into(), |m| m.to_string()),
        r.fast_below
    )?;
    let mut t = Table::new([
        "agent",
        "responses",
        metric,
        "±95%",
        "median time",
        "fast but low",
        "note",
    ]);
    for a in &r.agents {
        t.row(vec![
            a.agent.clone(),
            thousands(a.responses),
            a.metric.map_or("-".into(), |m| format!("{:.1}", m.value)),
            a.metric.map_or("-".into(), |m| {
                m.shown_margin()
                    .map_or(crate::score::TOO_FEW.into(), |m| format!("{m:.1}"))
            }),
            a.median_time.map_or("-".into(), |m| m.to_string()),
            thousands(a.fast_low),
            if a.too_few {
                format!("too few to judge (< {})", r.min_responses)
            } else {
                String::new()
            },
        ]);
    }
    t.write(out)?;
    writeln!(
        out,
        "{} tickets were resolved fast and still scored low.",
        thousands(r.fast_low_total)
    )?;
    if !r.fast_low_themes.is_empty() {
        let themes: Vec<String> = r
            .fast_low_themes
            .iter()
            .map(|(l, n)| format!("{l} ({n})"))
            .collect();
        writeln!(
            out,
            "What those comments say: {}",
            crate::output::terminal_safe(&themes.join("; "))
        )?;
    }
    Ok(())
}

/// The agents as CSV, one row each.
pub fn write_csv(report: &AgentsReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "agent",
        "responses",
        "metric",
        "margin",
        "median_time",
        "fast_low",
        "too_few",
    ])?;
    for a in &report.agents {
        w.write_record([
            crate::output::spreadsheet_safe(&a.agent).into_owned(),
            a.responses.to_string(),
            a.metric
                .map_or(String::new(), |m| format!("{:.2}", m.value)),
            a.metric
                .and_then(|m| m.shown_margin())
                .map_or(String::new(), |m| format!("{m:.2}")),
            a.median_time.map_or(String::new(), |t| t.to_string()),
            a.fast_low.to_string(),
            a.too_few.to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
