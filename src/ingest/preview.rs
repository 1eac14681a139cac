//! `ingest --dry-run`: how a file would be read (mapping, scale, dates, samples, rejects),
//! with nothing written: the same checks as an ingest, run on every row, without an index.

use std::path::{Path, PathBuf};

use super::plan::{plan, record_plan};
use super::response::is_non_answer;
use super::{FileReport, IngestOptions, Observer};
use crate::analysis::slant::{self, Slant};
use crate::analysis::Analyzer;
use crate::error::Result;
use crate::index::IndexMeta;
use crate::score::Scale;

/// Distinct values shown per column, and characters shown per value.
const SAMPLES: usize = 3;
const SAMPLE_CHARS: usize = 40;

/// One column as a dry run shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnPreview {
    pub name: String,
    /// id, date, score, comment, segment or excluded.
    pub role: &'static str,
    /// For a comment column, the question it answers: the survey tool's question row (Qualtrics)
    /// when the export has one, else the column name.
    pub question: Option<String>,
    /// For a comment column, what its question asks answers to say.
    pub slant: Option<Slant>,
    /// The first few distinct values, shortened.
    pub samples: Vec<String>,
}

/// What ingesting one file would do.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Preview {
    pub path: PathBuf,
    pub columns: Vec<ColumnPreview>,
    pub scale: Option<Scale>,
    /// How the scale's direction was decided, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Score values read as no score (missing-value codes, `--unscored-values`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unscored_codes: Vec<i64>,
    /// How dates would be read ("ISO 8601", "day/month/year").
    pub dates: Option<String>,
    /// Counted as an ingest counts: `added` holds the rows that would be indexed (new or
    /// updating), `rejected` those that would not.
    pub report: FileReport,
}

/// Reads `path` as `ingest` would after the files before it, whose mapping and scale `meta` holds
/// (and gains, for the next file), and tells `observer` the notes, rejects and warnings an ingest
/// would give. Writes nothing.
pub fn preview(
    meta: &mut IndexMeta,
    path: &Path,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<Preview> {
    let mut preview = Preview {
        path: path.to_path_buf(),
        columns: Vec::new(),
        scale: meta.scale,
        direction: None,
        unscored_codes: Vec::new(),
        dates: None,
        report: FileReport {
            path: path.to_path_buf(),
            ..Default::default()
        },
    };
    let Some(plan) = plan(meta, path, options, observer)? else {
        return Ok(preview);
    };
    let segment_keys = record_plan(meta, &plan, options);
    let fields = crate::index::schema::build().1;
    let analyzer = Analyzer::new(meta.language);
    let ctx = plan.row_context(&segment_keys, meta, &fields, &analyzer);
    let headers = &plan.scan.headers;
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); headers.len()];
    let report = &mut preview.report;
    let mut index = 0usize;
    plan.source.for_each(&mut |record, _| {
        index += 1;
        if index <= plan.scan.skip {
            return Ok(());
        }
        report.rows += 1;
        let mut row_line = 0;
        let checked = plan.cells(record).and_then(|(line, mut cells)| {
            add_samples(&mut samples, &cells);
            row_line = line;
            // A pivoted row has a column per question: the checks read the row's own cells.
            if plan.pivot.is_some() {
                cells.resize(plan.row_headers().len(), String::new());
            }
            ctx.check(line, cells)
        });
        match checked {
            Ok(row) => {
                report.added += 1;
                if let Some(read) = row.date_read {
                    report.date_orders.count(read, row_line);
                }
                report.padded += row.padded as u64;
                report.count_score(row.score_read);
                let comment = plan
                    .roles
                    .text
                    .iter()
                    .any(|&c| !is_non_answer(row.cells[c].trim()));
                report.without_comment += !comment as u64;
                report.lost_characters += ctx.lost_characters(&row.cells) as u64;
                report.count_placeholders(plan.roles.text.iter().map(|&c| row.cells[c].as_str()));
                report.count_written_placeholders(ctx.template_cells(&row.cells));
                if let Some(w) = &row.warning {
                    report.warnings += 1;
                    observer.warning(w);
                }
            }
            Err(reject) => {
                *report.rejected.entry(reject.kind).or_default() += 1;
                observer.reject(&reject);
            }
        }
        Ok(())
    })?;
    if let Some(pivot) = &plan.pivot {
        // Responses, not rows: one per respondent.
        let responses = pivot.respondents + pivot.without_respondent;
        report.folded = report.added.saturating_sub(responses);
        report.added = responses;
    }
    let roles = &plan.roles;
    preview.columns = headers
        .iter()
        .zip(samples)
        .enumerate()
        .map(|(i, (name, samples))| {
            let role = if roles.id == Some(i) {
                "id"
            } else if roles.date == Some(i) {
                "date"
            } else if roles.score == Some(i) {
                "score"
            } else if roles.text.contains(&i) {
                "comment"
            } else if roles.excluded.contains(&i) {
                "excluded"
            } else {
                "segment"
            };
            let question = (role == "comment").then(|| plan.question_text(i));
            ColumnPreview {
                name: name.clone(),
                role,
                slant: question.as_deref().map(slant::of_question),
                question,
                samples,
            }
        })
        .collect();
    preview.scale = plan.scale();
    preview.direction = plan.direction.clone();
    preview.unscored_codes = plan
        .score
        .as_ref()
        .map_or(Vec::new(), |r| r.unscored.iter().copied().collect());
    if let (Some(col), Some(parser)) = (plan.roles.date, &plan.dates) {
        if let Some(note) = preview.report.date_orders.note(&headers[col], parser) {
            observer.note(path, &note);
        }
    }
    preview.dates = plan.dates.as_ref().map(|d| d.describe());
    Ok(preview)
}

/// Keeps the first few distinct non-blank values of each column, shortened.
fn add_samples(samples: &mut [Vec<String>], cells: &[String]) {
    for (kept, cell) in samples.iter_mut().zip(cells) {
        let cell = cell.trim();
        if kept.len() >= SAMPLES || cell.is_empty() {
            continue;
        }
        let short = match cell.char_indices().nth(SAMPLE_CHARS) {
            Some((at, _)) => format!("{}...", &cell[..at]),
            None => cell.to_string(),
        };
        if !kept.contains(&short) {
            kept.push(short);
        }
    }
}
