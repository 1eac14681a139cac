//! The pivot of a long-format export (one row per answer) into one response per respondent: the
//! respondent-id column, the rule that a respondent's rows differ only in the question, the
//! answer and columns unique per row (an answer id), and the index pass that folds a
//! respondent's rows into one response with one answer per question.
//!
//! Memory: the check pass keeps a hash per checked column and respondent; the index pass first
//! gathers only the answers' text per respondent (and the line of its last row), then reads the
//! file again and writes each respondent's response at its last row, whose cells give the score,
//! date and segments.

use std::collections::{HashMap, HashSet};

use tantivy::{Searcher, Term};
use xxhash_rust::xxh3::xxh3_64;

use super::columns::profile::Profile;
use super::columns::Roles;
use super::rejects::Reject;
use super::response::{RowContext, RowOutcome};
use super::source::{Record, Source};
use crate::analysis::header::words;
use crate::error::Result;
use crate::index::{Fields, LongFormat};

/// Header words that name a respondent, in the eight languages.
const RESPONDENT_WORDS: &[&str] = &[
    "respondent",
    "respondentid",
    "respondents",
    "participant",
    "participantid",
    "teilnehmer",
    "teilnehmerin",
    "teilnehmerid",
    "befragte",
    "befragter",
    "répondant",
    "repondant",
    "répondante",
    "encuestado",
    "encuestada",
    "participante",
    "deelnemer",
    "respondente",
    "entrevistado",
    "rispondente",
    "partecipante",
    "intervistato",
    "deltagare",
    "svarande",
];

/// Most questions one response can hold (one bit each in the `answered` field).
const MAX_QUESTIONS: usize = 64;

/// The columns a pivot reads: who answers, which question, and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Columns {
    pub respondent: usize,
    pub question: usize,
    pub comment: usize,
}

/// How the rows of a long-format file become responses.
pub(super) struct Pivot {
    pub columns: Columns,
    /// The column with an id per answer (the file's id column, when it is not the respondent).
    pub answer_id: Option<usize>,
    /// Columns unique per row, which a respondent's rows may differ in.
    pub per_row: Vec<usize>,
    /// Every question in order: the index's, then this file's new ones as first seen.
    pub questions: Vec<String>,
    /// The file's headers and one column per question (the cells of a pivoted row).
    pub headers: Vec<String>,
    /// The roles of a pivoted row: the respondent is the id, the questions are the text.
    pub roles: Roles,
    /// Respondents with an id, and rows without one (each its own response).
    pub respondents: u64,
    pub without_respondent: u64,
}

impl Pivot {
    pub(super) fn stored(&self) -> LongFormat {
        LongFormat {
            respondent: self.headers[self.columns.respondent].clone(),
            question: self.headers[self.columns.question].clone(),
            comment: self.headers[self.columns.comment].clone(),
            questions: self.questions.clone(),
            answer_id: self.answer_id.map(|c| self.headers[c].clone()),
            per_row: self
                .per_row
                .iter()
                .map(|&c| self.headers[c].clone())
                .collect(),
            columns: self.headers[..self.headers.len() - self.questions.len()].to_vec(),
        }
    }

    fn question_of(&self, cell: &str) -> u32 {
        let cell = question_label(cell);
        self.questions
            .iter()
            .position(|q| *q == cell)
            .expect("every question is listed by the check pass") as u32
    }
}

fn question_label(cell: &str) -> String {
    match cell.trim() {
        "" => "(no question named)".to_string(),
        q => q.to_string(),
    }
}

/// The column whose header names a respondent (or participant), beside the question column.
pub(super) fn respondent_column(
    profile: &Profile,
    roles: &Roles,
    question: usize,
) -> Option<usize> {
    (0..profile.headers.len())
        .filter(|&i| i != question && !roles.text.contains(&i) && Some(i) != roles.score)
        .filter(|&i| Some(i) != roles.date && !roles.excluded.contains(&i))
        .find(|&i| {
            words(&profile.headers[i])
                .iter()
                .any(|w| RESPONDENT_WORDS.contains(&w.to_lowercase().as_str()))
        })
}

/// Why a file is not pivoted: a column other than the question, the answer and per-row columns
/// differs between rows of one respondent.
pub(super) struct Differs {
    pub column: String,
    pub respondent: String,
    pub lines: (u64, u64),
}

impl Differs {
    /// Why the rows do not pivot.
    pub(super) fn why(&self, respondent_header: &str) -> String {
        format!(
            "no pivot to one response per respondent: the rows of '{}' '{}' (lines {} and {}) differ in '{}', and only the question, the answer and columns unique per row may differ",
            respondent_header, self.respondent, self.lines.0, self.lines.1, self.column,
        )
    }

    pub(super) fn note(&self, respondent_header: &str) -> String {
        format!(
            "{}; each row is indexed as a response, so a score repeated on a respondent's rows counts once per answer (if '{}' holds one value per respondent, correct the file; --respondent-col names another column, --no-pivot keeps rows as they are)",
            self.why(respondent_header),
            respondent_header,
        )
    }
}

/// Whether column `i` is unique per row: as the index recorded it from its first file (a small
/// later file cannot show it), else from its values.
fn per_row(profile: &Profile, stored: Option<&LongFormat>, i: usize) -> bool {
    let header = &profile.headers[i];
    match stored {
        Some(long) if long.known(header) => long.per_row.contains(header),
        _ => profile.stats[i].unique_per_row(),
    }
}

/// Reads the file (the check pass) and tells whether its rows pivot: every respondent's rows
/// agree outside the question, the answer and the columns unique per row. `stored` holds the
/// questions the index already numbers.
pub(super) fn check(
    source: &Source,
    skip: usize,
    profile: &Profile,
    roles: &Roles,
    columns: Columns,
    stored: Option<&LongFormat>,
) -> Result<std::result::Result<Pivot, Differs>> {
    let Columns {
        respondent,
        question,
        comment,
    } = columns;
    let answer_id = match stored.and_then(|l| l.answer_id.as_ref()) {
        Some(name) => profile.headers.iter().position(|h| h == name),
        None => roles.id.filter(|&i| i != respondent),
    };
    let checked: Vec<usize> = (0..profile.headers.len())
        .filter(|&i| ![respondent, question, comment].contains(&i) && Some(i) != answer_id)
        .filter(|&i| !roles.excluded.contains(&i) && !per_row(profile, stored, i))
        .collect();
    let mut first: HashMap<u64, (u64, Box<[u32]>)> = HashMap::new();
    let mut questions: Vec<String> = stored.map_or(Vec::new(), |l| l.questions.clone());
    let (mut index, mut without, mut differs) = (0usize, 0u64, None);
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { line, cells } = record else {
            return Ok(());
        };
        if index <= skip || differs.is_some() {
            return Ok(());
        }
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        let label = question_label(cell(question));
        if !questions.contains(&label) {
            questions.push(label);
        }
        let id = cell(respondent);
        if id.is_empty() {
            without += 1;
            return Ok(());
        }
        let hashes: Box<[u32]> = checked
            .iter()
            .map(|&i| xxh3_64(cell(i).as_bytes()) as u32)
            .collect();
        match first.entry(xxh3_64(id.as_bytes())) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((line, hashes));
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let (first_line, seen) = o.get();
                if let Some(k) = (0..checked.len()).find(|&k| seen[k] != hashes[k]) {
                    differs = Some(Differs {
                        column: profile.headers[checked[k]].clone(),
                        respondent: id.to_string(),
                        lines: (*first_line, line),
                    });
                }
            }
        }
        Ok(())
    })?;
    if let Some(d) = differs {
        return Ok(Err(d));
    }
    if questions.len() > MAX_QUESTIONS {
        return Ok(Err(Differs {
            column: profile.headers[question].clone(),
            respondent: format!("(more than {MAX_QUESTIONS} questions)"),
            lines: (0, 0),
        }));
    }
    let width = profile.headers.len();
    let mut headers = profile.headers.clone();
    headers.extend(questions.iter().cloned());
    let mut pivoted = roles.clone();
    pivoted.id = Some(respondent);
    pivoted.id_repeats = false;
    pivoted.text = (width..width + questions.len()).collect();
    pivoted.questions = (0..questions.len() as u32).collect();
    let per_row: Vec<usize> = (0..width)
        .filter(|i| !checked.contains(i) && ![respondent, question, comment].contains(i))
        .collect();
    pivoted
        .segments
        .retain(|i| ![respondent, question, comment].contains(i) && !per_row.contains(i));
    pivoted.refused_ids.retain(|(i, _)| *i != respondent);
    if let Some(i) = answer_id.filter(|i| !pivoted.excluded.contains(i)) {
        // The answer id: kept with each answer, not the response's id nor a segment.
        pivoted.excluded.push(i);
        pivoted.excluded.sort_unstable();
    }
    Ok(Ok(Pivot {
        columns,
        answer_id,
        per_row,
        questions,
        headers,
        roles: pivoted,
        respondents: first.len() as u64,
        without_respondent: without,
    }))
}

/// What the pivot tells: the columns, the questions and the counts.
pub(super) fn note(pivot: &Pivot, rows: u64) -> String {
    let h = &pivot.headers;
    let questions: Vec<String> = pivot
        .questions
        .iter()
        .enumerate()
        .map(|(k, q)| format!("{} '{q}'", k + 1))
        .collect();
    let without = match pivot.without_respondent {
        0 => String::new(),
        n => format!(
            "; {} row(s) without a respondent id are each a response",
            crate::output::thousands(n)
        ),
    };
    format!(
        "one row per answer: the {} rows are pivoted into {} responses, one per '{}' (the response id), with one answer per '{}' from '{}' ({} questions: {}); the score, date and segments are read once per respondent, from the respondent's last row{without}",
        crate::output::thousands(rows),
        crate::output::thousands(pivot.respondents + pivot.without_respondent),
        h[pivot.columns.respondent],
        h[pivot.columns.question],
        h[pivot.columns.comment],
        pivot.questions.len(),
        questions.join(", "),
    )
}

/// One answer of a respondent: its question, text, answer id and line.
struct Answer {
    question: u32,
    text: Box<str>,
    id: Box<str>,
    line: u64,
}

/// The answers of one respondent in a file, and the line of the respondent's last valid row.
pub(super) struct Answers {
    last_line: u64,
    texts: Vec<Answer>,
}

/// The row checks of a long-format file (field count, score, date, rows left out), on a row's
/// own cells: a row that fails them is rejected, and only valid rows give answers.
pub(super) type RowCheck<'a> = dyn Fn(u64, &[String]) -> Option<Reject> + Sync + 'a;

/// Each respondent's answers in a file, and the lines of the rows that failed the checks.
pub(super) struct Gathered {
    answers: HashMap<u64, Answers>,
    failed: HashSet<u64>,
}

/// The first read of the index pass: each respondent's answers (a later answer to a question
/// replaces an earlier one) and last valid row; rows that fail `check` give nothing (the index
/// pass rejects them).
pub(super) fn gather(
    source: &Source,
    skip: usize,
    pivot: &Pivot,
    check: &RowCheck,
) -> Result<Gathered> {
    let Columns {
        respondent,
        question,
        comment,
    } = pivot.columns;
    let mut answers: HashMap<u64, Answers> = HashMap::new();
    let mut failed = HashSet::new();
    let mut index = 0usize;
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { line, cells } = record else {
            return Ok(());
        };
        let cell = |i: usize| cells.get(i).map_or("", |c| c.as_str());
        let id = cell(respondent).trim();
        if index <= skip || id.is_empty() {
            return Ok(());
        }
        if check(line, &cells).is_some() {
            failed.insert(line);
            return Ok(());
        }
        let answer = Answer {
            question: pivot.question_of(cell(question)),
            text: cell(comment).into(),
            id: pivot.answer_id.map_or("", |c| cell(c).trim()).into(),
            line,
        };
        let entry = answers.entry(xxh3_64(id.as_bytes())).or_insert(Answers {
            last_line: line,
            texts: Vec::new(),
        });
        entry.last_line = line;
        match entry
            .texts
            .iter_mut()
            .find(|a| a.question == answer.question)
        {
            Some(slot) => *slot = answer,
            None => entry.texts.push(answer),
        }
        Ok(())
    })?;
    Ok(Gathered { answers, failed })
}

/// What a row of a pivoted file becomes: a reject (it fails the row checks), nothing (a
/// respondent's earlier row), or at the respondent's last valid row the response with every
/// answer: those held in the index before this file, replaced by this file's, each with its
/// answer id and line.
#[allow(clippy::too_many_arguments)]
pub(super) fn convert(
    pivot: &Pivot,
    gathered: &Gathered,
    check: &RowCheck,
    before: &Searcher,
    fields: &Fields,
    ctx: &RowContext,
    line: u64,
    mut cells: Vec<String>,
) -> RowOutcome {
    let n = pivot.questions.len();
    let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
    let id = cell(pivot.columns.respondent).to_string();
    let mut texts = vec![String::new(); n];
    let mut sources = serde_json::Map::new();
    if id.is_empty() {
        let q = pivot.question_of(cell(pivot.columns.question)) as usize;
        texts[q] = cell(pivot.columns.comment).to_string();
    } else {
        let own = gathered.answers.get(&xxh3_64(id.as_bytes()));
        let Some(own) = own.filter(|own| own.last_line == line) else {
            let failed = gathered.failed.contains(&line);
            return match failed.then(|| check(line, &cells)).flatten() {
                Some(reject) => RowOutcome::Rejected(reject),
                None => RowOutcome::Folded,
            };
        };
        let (stored, stored_sources) = stored_answers(before, fields, &id);
        for (k, text) in stored.into_iter().enumerate().take(n) {
            texts[k] = text;
        }
        sources = stored_sources;
        for answer in &own.texts {
            texts[answer.question as usize] = answer.text.to_string();
            let source = format!("{}:{}", ctx.path.display(), answer.line);
            let mut entry = serde_json::Map::new();
            if !answer.id.is_empty() {
                entry.insert("id".into(), answer.id.to_string().into());
            }
            entry.insert("source".into(), source.into());
            sources.insert((answer.question + 1).to_string(), entry.into());
        }
    }
    cells.resize(pivot.headers.len() - n, String::new());
    cells.extend(texts);
    let mut outcome = ctx.convert(line, cells);
    if let RowOutcome::Response(response) = &mut outcome {
        if !sources.is_empty() {
            let value = serde_json::Value::Object(sources);
            if let Ok(tantivy::schema::OwnedValue::Object(object)) =
                serde_json::from_value::<tantivy::schema::OwnedValue>(value)
            {
                response
                    .document
                    .fields
                    .add_object(fields.answers, object.into_iter().collect());
            }
        }
    }
    outcome
}

/// The texts (one per question) and the answers' ids and sources of the response the index
/// holds under `id`, if any.
fn stored_answers(
    searcher: &Searcher,
    fields: &Fields,
    id: &str,
) -> (Vec<String>, serde_json::Map<String, serde_json::Value>) {
    use tantivy::schema::{IndexRecordOption, Value};
    use tantivy::{DocAddress, DocSet, TantivyDocument, TERMINATED};
    let term = Term::from_field_text(fields.id, id);
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Ok(inverted) = segment.inverted_index(fields.id) else {
            continue;
        };
        let Ok(Some(mut postings)) = inverted.read_postings(&term, IndexRecordOption::Basic) else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED && segment.is_deleted(doc) {
            doc = postings.advance();
        }
        if doc == TERMINATED {
            continue;
        }
        let Ok(stored) = searcher.doc::<TantivyDocument>(DocAddress::new(ord as u32, doc)) else {
            continue;
        };
        let texts = stored
            .get_all(fields.text)
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect();
        return (texts, crate::index::schema::stored_answers(&stored, fields));
    }
    (Vec::new(), serde_json::Map::new())
}
