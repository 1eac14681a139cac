//! `verbatim info`

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::Context;
use crate::index::calendar::from_day_number;
use crate::index::meta::FORMAT_VERSION;
use crate::index::{ColumnMapping, SegmentColumn};
use crate::output::write_json;
use crate::output::{terminal_safe, thousands};
use crate::score::Scale;
use crate::search::Scope;

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Output format: table (plain lines) or json (with the stored column mapping)
    #[arg(long, value_enum, default_value = "table")]
    pub format: InfoFormat,
    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InfoFormat {
    Table,
    Json,
}

/// The column mapping stored with the index, as `info --format json` gives it.
#[derive(Serialize)]
struct StoredMapping {
    id: Option<String>,
    date: Option<String>,
    score: Option<String>,
    /// The scale of the score column, when scores were ingested.
    scale: Option<ScaleInfo>,
    text: Vec<String>,
    /// The open questions: each one's text columns, in order.
    questions: Vec<Vec<String>>,
    excluded: Vec<String>,
    /// Segment columns, by the names the exports gave them.
    segments: Vec<String>,
}

#[derive(Serialize)]
struct ScaleInfo {
    name: String,
    kind: &'static str,
    min: i32,
    max: i32,
    /// Whether the lowest number is the best answer (absent when it is not).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    reversed: bool,
    /// How the direction was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<String>,
}

impl ScaleInfo {
    fn of(scale: Scale, direction: Option<&String>) -> ScaleInfo {
        let (min, max) = scale.range();
        ScaleInfo {
            name: scale.to_string(),
            kind: match scale {
                Scale::Nps => "nps",
                Scale::Csat { .. } => "csat",
                Scale::Rating { .. } => "rating",
                Scale::Fft => "fft",
            },
            min,
            max,
            reversed: scale.reversed(),
            direction: direction.filter(|_| scale != Scale::Nps).cloned(),
        }
    }
}

#[derive(Serialize)]
struct Info {
    index: String,
    format_version: u32,
    analyzer_version: u32,
    language: String,
    scale: Option<String>,
    fiscal_year_start: u32,
    responses: u64,
    with_comment: u64,
    unscored: u64,
    first_date: Option<String>,
    last_date: Option<String>,
    mapping: Option<StoredMapping>,
    segments: Vec<SegmentColumn>,
    sources: Vec<String>,
}

pub fn run(ctx: &Context, args: &InfoArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let counts = crate::stats::count(&store, &Scope::default(), None)?;
    let all = counts.values().next().copied().unwrap_or_default();
    let day = |d: Option<i64>| d.and_then(from_day_number).map(|d| d.to_string());
    let m = &store.meta;
    let info = Info {
        index: ctx
            .index_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        format_version: FORMAT_VERSION,
        analyzer_version: m.analyzer_version,
        language: m.language.to_string(),
        scale: m.scale.map(|s| s.to_string()),
        fiscal_year_start: m.fiscal_year_start,
        responses: all.bands.total(),
        with_comment: all.comments,
        unscored: all.bands.unscored,
        first_date: day(all.first_day),
        last_date: day(all.last_day),
        mapping: m.mapping.as_ref().map(|map: &ColumnMapping| StoredMapping {
            id: map.id.clone(),
            date: map.date.clone(),
            score: map.score.clone(),
            scale: m
                .scale
                .map(|s| ScaleInfo::of(s, m.scale_direction.as_ref())),
            text: map.text.clone(),
            questions: map
                .question_list()
                .into_iter()
                .map(|q| q.columns.iter().map(|&k| map.text[k].clone()).collect())
                .collect(),
            excluded: map.excluded.clone(),
            segments: m.segments.iter().map(|s| s.name.clone()).collect(),
        }),
        segments: m.segments.clone(),
        sources: m.sources.clone(),
    };
    if args.json || args.format == InfoFormat::Json {
        write_json(out, &info)?;
        return Ok(super::exit::OK);
    }
    let mut lines = vec![
        format!(
            "index:      {} (format {}, analyzer {})",
            info.index, info.format_version, info.analyzer_version
        ),
        format!("language:   {}", info.language),
        format!(
            "scale:      {}",
            info.scale.as_deref().unwrap_or("none (no scores ingested)")
        ),
        match (m.scale, &m.scale_direction) {
            (Some(scale), Some(direction)) if scale != Scale::Nps => {
                format!("direction:  {direction}")
            }
            _ => String::new(),
        },
        format!(
            "quarters:   {}",
            if m.fiscal_year_start == 1 {
                "calendar".to_string()
            } else {
                format!("fiscal, year starting in month {}", m.fiscal_year_start)
            }
        ),
        format!(
            "responses:  {} ({} with a comment, {} without a score)",
            thousands(info.responses),
            thousands(info.with_comment),
            thousands(info.unscored)
        ),
        format!(
            "dates:      {}",
            match (&info.first_date, &info.last_date) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => "none".into(),
            }
        ),
    ];
    if let Some(map) = &info.mapping {
        let name = |c: &Option<String>| c.clone().unwrap_or_else(|| "(none)".into());
        let described = m
            .mapping
            .as_ref()
            .map_or_else(String::new, |m| m.describe_text(false));
        lines.push(format!(
            "columns:    id {}, date {}, score {}, comment {}",
            name(&map.id),
            name(&map.date),
            name(&map.score),
            described
        ));
        if !map.excluded.is_empty() {
            lines.push(format!("excluded:   {}", map.excluded.join(", ")));
        }
    }
    let segs: Vec<_> = info.segments.iter().map(|s| s.name.as_str()).collect();
    lines.push(format!(
        "segments:   {}",
        if segs.is_empty() {
            "none".into()
        } else {
            segs.join(", ")
        }
    ));
    lines.push(format!("sources:    {}", info.sources.join(", ")));
    for line in lines.iter().filter(|l| !l.is_empty()) {
        writeln!(out, "{}", terminal_safe(line))?;
    }
    Ok(super::exit::OK)
}
