//! One file's index pass, step by step: plan the file (`plan`), convert its rows on the worker
//! threads (`workers`), write them into the index in file order (`row_writer`), commit, and say
//! what happened beyond the counts.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::{IndexWriter, Searcher};

use super::pivot::{convert, gather};
use super::plan::{plan, record_plan, Plan};
use super::rejects::{Reject, RejectKind, RejectsFile};
use super::response::RowOutcome;
use super::row_writer::RowWriter;
use super::workers::convert_in_order;
use super::{FileReport, IngestOptions, Observer};
use crate::error::Result;
use crate::index::{ResponseDocument, Store};

/// Ingests one file into `store` through `writer`; `before` is the index as it was before this
/// file, `seen` the ids met so far in this ingest.
#[allow(clippy::too_many_arguments)]
pub(super) fn ingest_file(
    store: &mut Store,
    writer: &mut IndexWriter<ResponseDocument>,
    before: &Searcher,
    path: &Path,
    options: &IngestOptions,
    observer: &mut dyn Observer,
    rejects: &mut RejectsFile,
    seen: &mut HashSet<u64>,
) -> Result<FileReport> {
    let Some(plan) = plan(&store.meta, path, options, observer)? else {
        return Ok(FileReport {
            path: path.to_path_buf(),
            ..Default::default()
        });
    };
    let (source, scan) = (&plan.source, &plan.scan);
    // Sized once from the scan: growing the set doubles it, and both copies live for a moment.
    seen.reserve(scan.profile.rows as usize);
    // Record what this file contributes before any document lands.
    let segment_keys = record_plan(&mut store.meta, &plan, options);
    store.save_meta()?;
    let ctx = plan.row_context(&segment_keys, &store.meta, &store.fields, &store.analyzer);
    // A long-format file: each respondent's answers first, then the rows again.
    let answer_check = |line: u64, cells: &[String]| {
        left_out(&plan, path, line, cells).or_else(|| {
            let questions = plan.pivot.as_ref().map_or(0, |p| p.questions.len());
            ctx.check_answer_row(line, cells, questions)
        })
    };
    let answers = match &plan.pivot {
        Some(pivot) => Some(gather(source, scan.skip, pivot, &answer_check)?),
        None => None,
    };
    let pivoted = plan.pivot.as_ref().zip(answers.as_ref());
    let mut report = FileReport {
        path: path.to_path_buf(),
        ..Default::default()
    };
    let mut rows = RowWriter {
        writer,
        before,
        fields: &store.fields,
        plan: &plan,
        commit_every: options.commit_every,
        rejects,
        seen,
        since_commit: 0,
        days: HashMap::new(),
        duplicate_examples: Vec::new(),
        kept_examples: Vec::new(),
    };
    // Rows are converted (analysed) on worker threads in batches; ids, deletes and adds happen
    // here, in file order, so duplicates and updates resolve exactly as in a sequential run.
    convert_in_order(
        source,
        scan.skip,
        options.threads,
        path,
        &|record| match plan.cells(record) {
            Ok((line, cells)) => match (left_out(&plan, path, line, &cells), pivoted) {
                (Some(reject), _) => RowOutcome::Rejected(reject),
                (None, Some((pivot, answers))) => convert(
                    pivot,
                    answers,
                    &answer_check,
                    before,
                    &store.fields,
                    &ctx,
                    line,
                    cells,
                ),
                (None, None) => ctx.convert(line, cells),
            },
            Err(reject) => RowOutcome::Rejected(reject),
        },
        &mut report,
        observer,
        &mut |outcome, report, observer| rows.write(outcome, report, observer),
    )?;
    let RowWriter {
        writer,
        kept_examples,
        duplicate_examples,
        ..
    } = rows;
    writer.commit()?;
    observer.progress(path, source.len, source.len);
    if let (Some(col), Some(parser)) = (plan.roles.date, &plan.dates) {
        if let Some(note) = report.date_orders.note(&scan.headers[col], parser) {
            observer.note(path, &note);
        }
    }
    note_outcome(path, &report, &kept_examples, &duplicate_examples, observer);
    Ok(report)
}

/// The reject of a row that a survey tool marks as a preview, test or spam (left out).
fn left_out(plan: &Plan, path: &Path, line: u64, cells: &[String]) -> Option<Reject> {
    let (col, values) = plan.left_out.as_ref()?;
    let value = cells.get(*col)?.trim();
    if !values.contains(value) {
        return None;
    }
    let detail = format!(
        "'{}' is '{value}': survey previews, tests and spam are not responses",
        plan.scan.headers[*col],
    );
    Some(Reject {
        file: path.to_path_buf(),
        line,
        column: Some(plan.scan.headers[*col].clone()),
        kind: RejectKind::NotAResponse,
        detail,
        cells: cells.to_vec(),
    })
}

/// Tells what the pass did that the counts alone do not say: rows kept out by a later response
/// under their id, previews and tests left out, ids repeated within the file.
fn note_outcome(
    path: &Path,
    report: &FileReport,
    kept_examples: &[String],
    duplicate_examples: &[String],
    observer: &mut dyn Observer,
) {
    if !kept_examples.is_empty() {
        observer.note(
            path,
            &format!(
                "{} row(s) were older than the response already held under their id and did not replace it, e.g. {}",
                report.kept_later,
                kept_examples.join(", ")
            ),
        );
    }
    if report.left_out > 0 {
        observer.note(
            path,
            &format!(
                "{} survey preview, test or spam row(s) left out; they are in rejects.csv",
                report.left_out
            ),
        );
    }
    if !duplicate_examples.is_empty() {
        observer.note(
            path,
            &format!(
                "{} row(s) repeat an id seen earlier in the file, e.g. {}; the last row wins",
                report.duplicate_ids,
                duplicate_examples.join(", ")
            ),
        );
    }
}
