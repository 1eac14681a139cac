//! `verbatim tag`: every response with the themes it carries, for joining back into BI tools.

use std::collections::BTreeMap;
use std::io::Write;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use super::{Context, QuestionFlag, ScopeFlags};
use crate::output::sorted::SortedLines;
use crate::output::spreadsheet_safe;
use crate::search::hit_of;
use crate::themes::{tag, ThemeGroupBy, ThemeOptions};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TagFormat {
    Csv,
    Jsonl,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The theme set is discovered once over the whole index (the --top strongest themes, default 20); \
the scope flags only choose which responses are written. Each response lists the themes whose words it uses, \
strongest (rarest words matched) first; `facets` the sub-themes it carries; `theme_kinds` how it speaks of each theme \
(ask if a sentence about it asks, else complaint if one is negative, else praise if one is positive, else neutral); \
`sentiment` the response overall (positive, negative, neutral, or mixed: a clearly positive and a clearly negative \
sentence). Where the index has several open questions, each gets its own columns (q1_themes, q1_facets...), \
counted on its answer alone; --question N|HEADER writes one question's columns only."
)]
pub struct TagArgs {
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Themes in the global set
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// Codebook of named themes and pinned facets, ignored words, renames and merges (TOML)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TagFormat,
    /// Write CSV cells raw (no defusing of formula-like text)
    #[arg(long)]
    pub raw: bool,
}

/// Finished lines held in memory before sorted batches go to temporary files.
const SORT_BUDGET: usize = 64 << 20;
/// Responses whose lines are made together (and held before going to the sorter).
const LINE_BLOCK: usize = 1 << 14;
/// Neighbouring responses made into lines by one task.
const LINE_RUN: usize = 256;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    date: Option<&'a str>,
    quarter: Option<&'a str>,
    score: Option<f64>,
    band: &'a str,
    segments: &'a BTreeMap<String, String>,
    #[serde(flatten)]
    themes: Option<QuestionThemes<'a>>,
    /// One per open question, where the index has several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    questions: Vec<QuestionThemes<'a>>,
    sentiment: &'static str,
}

/// A response's themes under one question (or the whole comment).
#[derive(Serialize)]
struct QuestionThemes<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
    themes: Vec<&'a str>,
    facets: Vec<String>,
    theme_kinds: BTreeMap<&'a str, &'static str>,
    /// The same in the response's order of strength, for CSV.
    #[serde(skip)]
    kinds_in_order: Vec<(&'a str, &'static str)>,
}

impl<'a> QuestionThemes<'a> {
    fn of(
        tagging: &'a crate::themes::Tagging<'_>,
        tagged: Option<&crate::themes::Tagged>,
        question: Option<&'a str>,
    ) -> Self {
        let carried = tagged.map_or(&[][..], |t| t.themes.as_slice());
        let label = |i: &usize| tagging.themes[*i].label.as_str();
        let kinds_in_order: Vec<(&str, &'static str)> = carried
            .iter()
            .map(|(i, kind, _)| (label(i), kind.as_str()))
            .collect();
        QuestionThemes {
            question,
            themes: carried.iter().map(|(i, _, _)| label(i)).collect(),
            facets: carried
                .iter()
                .flat_map(|(i, _, facets)| {
                    facets
                        .iter()
                        .map(move |&f| format!("{} > {}", label(i), tagging.facet_labels[*i][f]))
                })
                .collect(),
            theme_kinds: kinds_in_order.iter().copied().collect(),
            kinds_in_order,
        }
    }

    /// The CSV cells: themes, first_theme, facets, theme_kinds.
    fn cells(&self, cell: &dyn Fn(&str) -> String) -> [String; 4] {
        let kinds: Vec<String> = self
            .kinds_in_order
            .iter()
            .map(|(t, k)| format!("{t}: {k}"))
            .collect();
        [
            cell(&self.themes.join("; ")),
            cell(self.themes.first().copied().unwrap_or("")),
            cell(&self.facets.join("; ")),
            cell(&kinds.join("; ")),
        ]
    }
}

const THEME_COLUMNS: [&str; 4] = ["themes", "first_theme", "facets", "theme_kinds"];

impl TagArgs {
    /// The library's options for this command line: one global theme set, no quotes.
    pub fn to_options(&self) -> crate::error::Result<ThemeOptions> {
        Ok(ThemeOptions {
            by: ThemeGroupBy::None,
            top: self.top.max(1),
            min_mentions: self.min_mentions,
            quotes: 0,
            codebook: self
                .codebook
                .as_deref()
                .map(crate::themes::codebook::Codebook::load)
                .transpose()?,
            ..Default::default()
        })
    }
}

pub fn run(ctx: &Context, args: &TagArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let searcher = store.searcher()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut options = args.to_options()?;
    // One tagging per open question; the first lists every response in scope, in the same
    // order as the others.
    let mut taggings = Vec::new();
    for question in args.question.sections(&store)? {
        options.question = question.as_ref().map(|q| q.index);
        let tagging = tag(&store, &scope, &options)?;
        taggings.push((question, tagging));
    }
    // Response k of every tagging is the same response (no map from address to position).
    let first = &taggings[0].1;
    if taggings[1..].iter().any(|(_, t)| {
        t.len() != first.len() || (0..first.len()).any(|k| t.address(k) != first.address(k))
    }) {
        anyhow::bail!("the open questions' taggings list different responses; please report this");
    }
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = taggings
            .iter()
            .map(|(_, t)| t.codebook_unmatched.as_slice())
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    let several = taggings.len() > 1;
    let mut file;
    let out: &mut dyn Write = match &args.out {
        Some(path) => {
            file = std::io::BufWriter::new(
                std::fs::File::create(path).map_err(|e| crate::error::Error::io(path, e))?,
            );
            &mut file
        }
        None => out,
    };
    let seg_names: Vec<String> = store.meta.segments.iter().map(|s| s.name.clone()).collect();
    if matches!(args.format, TagFormat::Csv) {
        let mut header: Vec<String> = ["id", "date", "quarter", "score", "band"]
            .map(String::from)
            .to_vec();
        header.extend(seg_names.iter().cloned());
        for (question, _) in &taggings {
            let prefix = match question.as_ref().filter(|_| several) {
                Some(q) => format!("q{}_", q.index + 1),
                None => String::new(),
            };
            header.extend(THEME_COLUMNS.map(|c| format!("{prefix}{c}")));
        }
        header.push("sentiment".into());
        out.write_all(&csv_line(&header))?;
    }
    let cell = |s: &str| {
        if args.raw {
            s.to_string()
        } else {
            spreadsheet_safe(s).into_owned()
        }
    };
    // Documents are read in index order (each store block once), then rows are written in a
    // stable, readable order: by date, then id, sorted within a memory budget.
    let mut in_index_order: Vec<usize> = (0..first.len()).collect();
    in_index_order.sort_by_key(|&k| first.address(k));
    let mut lines = SortedLines::new(SORT_BUDGET);
    let spill_failed = |e| crate::error::Error::io(std::env::temp_dir(), e);
    // Each response's line is made on the pool (a run of neighbouring responses per task, so
    // store blocks are read once), then pushed in index order.
    type Keyed = ((Option<String>, String), Vec<u8>);
    let line_of = |k: usize| -> anyhow::Result<Keyed> {
        let per_question: Vec<crate::themes::Tagged> =
            taggings.iter().map(|(_, t)| t.tagged(k)).collect();
        let tagged = &per_question[0];
        let hit = hit_of(&store, &searcher, tagged.address);
        let sections: Vec<QuestionThemes> = taggings
            .iter()
            .zip(&per_question)
            .map(|((question, tagging), tagged)| {
                QuestionThemes::of(
                    tagging,
                    Some(tagged),
                    question
                        .as_ref()
                        .filter(|_| several)
                        .map(|q| q.label.as_str()),
                )
            })
            .collect();
        let sentiment = tagged.sentiment.as_str();
        let line = match args.format {
            TagFormat::Csv => {
                let mut row = vec![
                    cell(&hit.id),
                    hit.date.clone().unwrap_or_default(),
                    hit.quarter.clone().unwrap_or_default(),
                    hit.score.map(|s| s.to_string()).unwrap_or_default(),
                    hit.band.clone(),
                ];
                row.extend(
                    seg_names
                        .iter()
                        .map(|n| cell(hit.segments.get(n).map_or("", String::as_str))),
                );
                for section in &sections {
                    row.extend(section.cells(&cell));
                }
                row.push(sentiment.to_string());
                csv_line(&row)
            }
            TagFormat::Jsonl => {
                let row = Row {
                    id: &hit.id,
                    date: hit.date.as_deref(),
                    quarter: hit.quarter.as_deref(),
                    score: hit.score,
                    band: &hit.band,
                    segments: &hit.segments,
                    themes: None,
                    questions: Vec::new(),
                    sentiment,
                };
                let mut row = row;
                if several {
                    row.questions = sections;
                } else {
                    row.themes = sections.into_iter().next();
                }
                let mut line = serde_json::to_vec(&row)?;
                line.push(b'\n');
                line
            }
        };
        Ok(((hit.date, hit.id), line))
    };
    for block in in_index_order.chunks(LINE_BLOCK) {
        let made = block
            .par_chunks(LINE_RUN)
            .map(|run| {
                run.iter()
                    .map(|&k| line_of(k))
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        for (key, line) in made.into_iter().flatten() {
            lines.push(key, line).map_err(spill_failed)?;
        }
    }
    let written = lines.write_to(out).and_then(|_| out.flush());
    match (written, &args.out) {
        (Err(e), Some(path)) => return Err(crate::error::Error::io(path, e).into()),
        (result, _) => result?,
    }
    Ok(super::exit::OK)
}

/// One CSV record, quoted where needed, with a newline.
fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&c.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(c);
        }
    }
    line.push('\n');
    line.into_bytes()
}
