//! `verbatim tag`'s lines: every response in scope with the themes it carries under each open
//! question, as CSV or JSON lines, in a stable order (by date, then id) whatever the index's
//! layout, within a memory budget.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::Tagging;
use crate::error::{Error, Result};
use crate::index::meta::Question;
use crate::index::Store;
use crate::output::sorted::SortedLines;
use crate::output::spreadsheet_safe;
use crate::search::hit_of;

/// How the lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagFormat {
    Csv,
    Jsonl,
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
        tagging: &'a Tagging<'_>,
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

/// The taggings of one scope (one per open question, each listing the same responses in the
/// same order) made into lines.
pub struct TagLines<'a> {
    pub store: &'a Store,
    pub taggings: &'a [(Option<Question>, Tagging<'a>)],
    pub format: TagFormat,
    /// CSV cells as written, without defusing formula-like text.
    pub raw: bool,
}

impl TagLines<'_> {
    fn several(&self) -> bool {
        self.taggings.len() > 1
    }

    fn segment_names(&self) -> Vec<String> {
        self.store
            .meta
            .segments
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }

    fn cell(&self, s: &str) -> String {
        if self.raw {
            s.to_string()
        } else {
            spreadsheet_safe(s).into_owned()
        }
    }

    /// The CSV header line; JSON lines have none.
    pub fn header(&self) -> Option<Vec<u8>> {
        if self.format != TagFormat::Csv {
            return None;
        }
        let mut header: Vec<String> = ["id", "date", "quarter", "score", "band"]
            .map(String::from)
            .to_vec();
        header.extend(self.segment_names());
        for (question, _) in self.taggings {
            let prefix = match question.as_ref().filter(|_| self.several()) {
                Some(q) => format!("q{}_", q.index + 1),
                None => String::new(),
            };
            header.extend(THEME_COLUMNS.map(|c| format!("{prefix}{c}")));
        }
        header.push("sentiment".into());
        Some(csv_line(&header))
    }

    /// Every response's line, sorted by date then id (batches past the budget spill to
    /// temporary files).
    pub fn sorted(&self) -> Result<SortedLines> {
        let first = &self.taggings[0].1;
        let searcher = self.store.searcher()?;
        let segment_names = self.segment_names();
        // Documents are read in index order (each store block once); each response's line is
        // made on the pool (a run of neighbouring responses per task), then pushed in index order.
        let mut in_index_order: Vec<usize> = (0..first.len()).collect();
        in_index_order.sort_by_key(|&k| first.address(k));
        let mut lines = SortedLines::new(SORT_BUDGET);
        for block in in_index_order.chunks(LINE_BLOCK) {
            let made: Vec<Vec<Keyed>> = block
                .par_chunks(LINE_RUN)
                .map(|run| {
                    run.iter()
                        .map(|&k| self.line(&searcher, &segment_names, k))
                        .collect()
                })
                .collect();
            for (key, line) in made.into_iter().flatten() {
                lines
                    .push(key, line)
                    .map_err(|e| Error::io(std::env::temp_dir(), e))?;
            }
        }
        Ok(lines)
    }

    /// Response k's line, keyed by its date and id.
    fn line(&self, searcher: &tantivy::Searcher, segment_names: &[String], k: usize) -> Keyed {
        let per_question: Vec<super::Tagged> =
            self.taggings.iter().map(|(_, t)| t.tagged(k)).collect();
        let tagged = &per_question[0];
        let hit = hit_of(self.store, searcher, tagged.address);
        let sections: Vec<QuestionThemes> = self
            .taggings
            .iter()
            .zip(&per_question)
            .map(|((question, tagging), tagged)| {
                QuestionThemes::of(
                    tagging,
                    Some(tagged),
                    question
                        .as_ref()
                        .filter(|_| self.several())
                        .map(|q| q.label.as_str()),
                )
            })
            .collect();
        let sentiment = tagged.sentiment.as_str();
        let line = match self.format {
            TagFormat::Csv => {
                let mut row = vec![
                    self.cell(&hit.id),
                    hit.date.clone().unwrap_or_default(),
                    hit.quarter.clone().unwrap_or_default(),
                    hit.score.map(|s| s.to_string()).unwrap_or_default(),
                    hit.band.clone(),
                ];
                row.extend(
                    segment_names
                        .iter()
                        .map(|n| self.cell(hit.segments.get(n).map_or("", String::as_str))),
                );
                for section in &sections {
                    row.extend(section.cells(&|s| self.cell(s)));
                }
                row.push(sentiment.to_string());
                csv_line(&row)
            }
            TagFormat::Jsonl => {
                let mut row = Row {
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
                if self.several() {
                    row.questions = sections;
                } else {
                    row.themes = sections.into_iter().next();
                }
                // serde_json fails only on a failing writer or a map with non-string keys; a
                // Vec and these fields have neither.
                let mut line = serde_json::to_vec(&row).expect("a tag row serialises");
                line.push(b'\n');
                line
            }
        };
        ((hit.date, hit.id), line)
    }
}

/// A line with its sort key: the response's date and id.
type Keyed = ((Option<String>, String), Vec<u8>);

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
