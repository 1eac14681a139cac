//! One row in, one response document (or one reject) out.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use tantivy::schema::OwnedValue;
use tantivy::tokenizer::PreTokenizedString;
use tantivy::TantivyDocument;

use crate::index::ResponseDocument;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::columns::Roles;
use super::dates::{DateParser, DateRead};
use super::rejects::{Reject, RejectKind, Warning};
use crate::analysis::sentiment::{self, Clause};
use crate::analysis::slant::Slant;
use crate::analysis::{to_tokens, Analyzer, Word};
use crate::index::calendar;
use crate::index::schema::{self, Fields};
use crate::index::terms;
use crate::score::{ScoreRead, ScoreReader};

/// Everything needed to convert the rows of one file.
pub(super) struct RowContext<'a> {
    pub path: &'a Path,
    pub headers: &'a [String],
    pub roles: &'a Roles,
    /// Reads the score column on the file's scale (None without scores).
    pub score: Option<&'a ScoreReader>,
    pub dates: Option<&'a DateParser>,
    pub fiscal_year_start: u32,
    pub segment_keys: &'a [(usize, String)],
    pub fields: &'a Fields,
    pub analyzer: &'a Analyzer,
    /// The CSV delimiter (None for a workbook, whose cells hold no quotes to misread).
    pub delimiter: Option<u8>,
    /// Word polarity learned from this file's scores, for a language without a lexicon.
    pub learned: Option<&'a crate::analysis::learned::LearnedPolarity>,
    /// A hash of how this file's rows are read (the file, roles, scale, dates, segment keys):
    /// with a row's cells, it tells a re-ingest that would write the same response.
    pub reading: u64,
    /// The slant of each text column's question (parallel to `roles.text`): what a clause that
    /// says nothing clear by itself answers.
    pub slants: Vec<Slant>,
    /// Each text column's template answers, lower-cased (parallel to `roles.text`): placeholders
    /// of this file ([`super::plan::Plan::templates`]).
    pub templates: Vec<Vec<String>>,
}

pub(super) enum RowOutcome {
    Response(Response),
    Rejected(Reject),
    /// A respondent's row folded into the response written at the respondent's last row.
    Folded,
}

/// Where a response's id comes from: its id cell, or (no id column, or a blank cell) its content.
pub(super) enum IdSource {
    Cell(String),
    Content(u64),
}

pub(super) struct Response {
    /// Set by [`Response::assign_id`], in file order.
    pub id: String,
    pub id_source: IdSource,
    pub line: u64,
    pub document: ResponseDocument,
    /// The id occurred earlier in this ingest.
    pub seen_before: bool,
    pub padded: bool,
    /// What the score cell gave.
    pub score_read: ScoreRead,
    pub has_comment: bool,
    /// A comment holds the replacement character: characters lost before the file was exported.
    pub lost_characters: bool,
    /// How its numeric date was read.
    pub date_read: Option<DateRead>,
    /// The placeholders of its text cells ("did not answer", "[redacted]"), as written.
    pub placeholders: Vec<String>,
    /// A cell holds lines that read like rows of the file.
    pub warning: Option<Warning>,
}

/// A row that passed the checks: cells as many as the header's, score and date read.
pub(super) struct Checked {
    pub cells: Vec<String>,
    pub padded: bool,
    pub score: Option<i32>,
    /// What the score cell gave (blank without a score column).
    pub score_read: ScoreRead,
    pub date: Option<chrono::NaiveDate>,
    /// How a numeric date was read (in one order only, or either way).
    pub date_read: Option<DateRead>,
    pub warning: Option<Warning>,
}

/// The lines of a cell, whatever their line ends.
fn cell_lines(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .flat_map(|l| l.split('\r'))
}

/// Whether two ids are written alike: the same length, digits where digits are and letters where
/// letters are ("R000102" and "R000317").
fn same_shape(a: &str, b: &str) -> bool {
    let class = |c: char| match c {
        '0'..='9' => '9',
        c if c.is_alphabetic() => 'a',
        c => c,
    };
    a.chars().count() == b.chars().count() && a.chars().map(class).eq(b.chars().map(class))
}

/// Answers that say nothing (blank, "N/A", "Did not answer", "[redacted]", in the eight
/// languages): the response counts in NPS/CSAT but has no comment.
pub fn is_non_answer(text: &str) -> bool {
    text.trim().is_empty() || crate::analysis::placeholder::placeholder(text).is_some()
}

impl RowContext<'_> {
    /// Converts one row; safe to run on several threads (ids are assigned afterwards, in order).
    pub fn convert(&self, line: u64, cells: Vec<String>) -> RowOutcome {
        match self.check(line, cells) {
            Ok(checked) => RowOutcome::Response(self.build(line, checked)),
            Err(reject) => RowOutcome::Rejected(reject),
        }
    }

    /// The band value stored for what the score cell gave: the FFT's "don't know" is kept apart
    /// from the unscored.
    fn stored_band(&self, read: ScoreRead) -> &'static str {
        match (read, self.score) {
            (ScoreRead::DontKnow, _) => schema::BAND_DONT_KNOW,
            (ScoreRead::Score(s), Some(reader)) => schema::band_value(Some(reader.scale.band(s))),
            _ => schema::band_value(None),
        }
    }

    /// The checks of a row without building its document: field count, score and date (what
    /// `ingest --dry-run` runs on every row).
    pub fn check(&self, line: u64, cells: Vec<String>) -> Result<Checked, Reject> {
        self.check_as(line, cells, self.headers.len(), true)
    }

    /// The checks of one row of a long-format file, on its own cells (`questions`: the question
    /// columns a pivoted row adds after them); a reject keeps the row's own cells.
    pub fn check_answer_row(
        &self,
        line: u64,
        cells: &[String],
        questions: usize,
    ) -> Option<Reject> {
        let width = self.headers.len() - questions;
        self.check_as(line, cells.to_vec(), width, false)
            .err()
            .map(|mut reject| {
                if reject.kind != RejectKind::WrongFieldCount {
                    reject.cells.truncate(width);
                }
                reject
            })
    }

    /// The checks, for a row whose own cells are the first `width` (any after them empty);
    /// `warn`: also look for cells that hold rows of the file (a warning, never a reject).
    fn check_as(
        &self,
        line: u64,
        mut cells: Vec<String>,
        width: usize,
        warn: bool,
    ) -> Result<Checked, Reject> {
        let reject = |kind, column: Option<usize>, detail: String, cells: Vec<String>| {
            Err(Reject {
                file: self.path.to_path_buf(),
                line,
                column: column.and_then(|c| self.headers.get(c).cloned()),
                kind,
                detail,
                cells,
            })
        };
        if cells.len() > width {
            if cells[width..].iter().all(|c| c.trim().is_empty()) {
                cells.truncate(width);
            } else {
                let detail = format!("the row has {} fields and the header {width}; a comma or quote inside a comment may be unquoted", cells.len());
                return reject(RejectKind::WrongFieldCount, None, detail, cells);
            }
        }
        let padded = cells.len() < width;
        cells.resize(self.headers.len(), String::new());

        let mut score_read = ScoreRead::Blank;
        if let (Some(col), Some(reader)) = (self.roles.score, self.score) {
            let cell = cells[col].trim();
            match reader.read(cell) {
                Ok(read) => score_read = read,
                Err(e) => {
                    let detail = format!("{e}: '{cell}' ({}); correct it and ingest the row again (a non-answer such as 'N/A' or a blank leaves the response unscored)", reader.scale);
                    return reject(RejectKind::BadScore, Some(col), detail, cells);
                }
            }
        }
        let score = match score_read {
            ScoreRead::Score(s) => Some(s),
            _ => None,
        };
        let (mut date, mut date_read) = (None, None);
        if let (Some(col), Some(parser)) = (self.roles.date, self.dates) {
            let cell = cells[col].trim();
            if !cell.is_empty() {
                match parser.read(cell) {
                    Some((d, read)) => (date, date_read) = (Some(d), read),
                    None => {
                        let detail =
                            format!("'{cell}' is not a valid date read as {}", parser.describe());
                        return reject(RejectKind::BadDate, Some(col), detail, cells);
                    }
                }
            }
        }
        let warning = warn.then(|| self.rows_inside(line, &cells)).flatten();
        Ok(Checked {
            cells,
            padded,
            score,
            score_read,
            date,
            date_read,
            warning,
        })
    }

    /// A warning when a cell spans lines that read as rows of this file: as many fields as the
    /// header, and in the id, date and score columns values valid there (at least one, and none
    /// invalid). How many separators a line holds is never enough: prose has commas.
    fn rows_inside(&self, line: u64, cells: &[String]) -> Option<Warning> {
        let delimiter = self.delimiter?;
        let mut first_line = line;
        for (col, cell) in cells.iter().enumerate() {
            let lines: Vec<&str> = cell_lines(cell).collect();
            let found: Vec<u64> = lines
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, l)| self.reads_as_row(l, cells, delimiter))
                .map(|(k, _)| first_line + k as u64)
                .collect();
            if let Some(&at) = found.first() {
                let shown: Vec<String> = found.iter().take(5).map(u64::to_string).collect();
                let detail = format!(
                    "this cell runs from line {first_line} over {} lines, and line(s) {}{} inside it read like rows of the file (as many fields, and an id, date or score valid there); it was indexed as one cell, as the file is written. If a quote opened by mistake on line {first_line}, close it there and ingest the file again",
                    lines.len(),
                    shown.join(", "),
                    if found.len() > 5 { ", ..." } else { "" }
                );
                return Some(Warning {
                    file: self.path.to_path_buf(),
                    line: at,
                    column: self.headers.get(col).cloned(),
                    detail,
                });
            }
            first_line += lines.len() as u64 - 1;
        }
        None
    }

    fn reads_as_row(&self, text: &str, row: &[String], delimiter: u8) -> bool {
        // A row of N fields has at least N - 1 delimiters: most lines of a comment are ruled out
        // without a parser.
        let delimiters = text.bytes().filter(|&b| b == delimiter).count();
        if delimiters + 1 < row.len() {
            return false;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut fields = csv::StringRecord::new();
        if !matches!(reader.read_record(&mut fields), Ok(true)) || fields.len() != row.len() {
            return false;
        }
        let cell = |col: usize| fields[col].trim();
        // Per role column: None when blank (no evidence), else whether the value is valid there.
        let evidence = [
            self.roles
                .score
                .zip(self.score)
                .map(|(col, reader)| (cell(col), reader.read(cell(col)).is_ok())),
            self.roles
                .date
                .zip(self.dates)
                .map(|(col, dates)| (cell(col), dates.parse(cell(col)).is_some())),
            self.roles.id.map(|col| {
                let own = row[col].trim();
                let id = cell(col);
                (id, !own.is_empty() && id != own && same_shape(id, own))
            }),
        ];
        let filled: Vec<bool> = evidence
            .iter()
            .flatten()
            .filter(|(value, _)| !value.is_empty())
            .map(|&(_, valid)| valid)
            .collect();
        !filled.is_empty() && filled.iter().all(|&valid| valid)
    }

    /// The text cells of a row that [`RowContext::template_beside_comment`] makes placeholders.
    /// Whether a comment of the row (not a placeholder, not the file's template answer) holds
    /// the replacement character: characters lost before the file was exported.
    pub(super) fn lost_characters(&self, cells: &[String]) -> bool {
        (0..self.roles.text.len()).any(|k| {
            let text = cells[self.roles.text[k]].trim();
            text.contains('\u{FFFD}')
                && !is_non_answer(text)
                && !self.template_beside_comment(cells, k)
        })
    }

    pub(super) fn template_cells<'c>(&self, cells: &'c [String]) -> Vec<&'c str> {
        (0..self.roles.text.len())
            .filter(|&k| self.template_beside_comment(cells, k))
            .map(|k| cells[self.roles.text[k]].as_str())
            .collect()
    }

    /// Whether text column `k` of a row holds its file's template answer while another of its
    /// text columns holds a comment: a title the source wrote above the respondent's review. A
    /// repeated answer that is a row's only text stays its comment.
    fn template_beside_comment(&self, cells: &[String], k: usize) -> bool {
        let is_template = |j: usize, text: &str| {
            self.templates
                .get(j)
                .is_some_and(|list| !list.is_empty() && list.contains(&text.to_lowercase()))
        };
        let text = |j: usize| cells[self.roles.text[j]].trim();
        is_template(k, text(k))
            && (0..self.roles.text.len()).any(|j| {
                let t = text(j);
                j != k && !t.is_empty() && !is_non_answer(t) && !is_template(j, t)
            })
    }

    /// The document of a checked row.
    fn build(&self, line: u64, checked: Checked) -> Response {
        let cells = &checked.cells;
        let f = self.fields;
        let mut doc = TantivyDocument::new();
        let mut tokens = Vec::new();
        let mut stored_terms = String::new();
        let mut words = Vec::new();
        let mut has_comment = false;
        let mut answered = 0u64;
        let mut placeholders = Vec::new();
        let mut clauses = Vec::new();
        // Whether any clause span was written (the `cues` bit that themes read positions by).
        let mut spans = false;
        let several = self.roles.questions.iter().any(|&q| q > 0);
        // Next free position of the current question, and that question.
        let (mut next_position, mut current) = (0u32, 0u32);
        for (k, &col) in self.roles.text.iter().enumerate() {
            let question = self.roles.questions.get(k).copied().unwrap_or(0);
            let text = cells[col].trim();
            // A placeholder is searchable, but no comment: no theme words, kinds or sentiment.
            let placeholder =
                !text.is_empty() && (is_non_answer(text) || self.template_beside_comment(cells, k));
            if placeholder {
                placeholders.push(text.to_string());
            } else if !text.is_empty() {
                has_comment = true;
                answered |= schema::answered_bit(question);
            }
            if question != current || k == 0 {
                current = question;
                next_position = question.saturating_mul(schema::QUESTION_STRIDE);
                if several && question > 0 {
                    if !stored_terms.is_empty() {
                        stored_terms.push(' ');
                    }
                    stored_terms.push_str(&terms::question_mark(question));
                }
            }
            words.clear();
            self.analyzer.analyze_into(text, &mut words);
            if let Some(learned) = self.learned {
                learned.apply(&mut words);
            }
            let sentences_before = clauses.last().map_or(0, |c: &Clause| c.sentence + 1);
            let mut sentence_starts = Vec::new();
            // One comment value for all columns: positions place each question in its range,
            // with a gap between columns so that no phrase spans two answers.
            let last = question
                .saturating_add(1)
                .saturating_mul(schema::QUESTION_STRIDE)
                .saturating_sub(1);
            let position_of = |w: &Word| next_position.saturating_add(w.position as u32).min(last);
            let slant = self.slants.get(k).copied().unwrap_or(Slant::Open);
            let clauses_of = match placeholder {
                true => Vec::new(),
                false => sentiment::clauses(self.analyzer, text, &words),
            };
            for mut clause in clauses_of {
                let (complaint, praise, ask) = slant.kinds(&clause);
                let kinds = complaint as u8 * schema::KIND_COMPLAINT
                    | praise as u8 * schema::KIND_PRAISE
                    | ask as u8 * schema::KIND_ASK;
                if let (true, Some(first), Some(end)) = (
                    kinds != 0 || !clause.names.is_empty(),
                    words.get(clause.words.start),
                    clause.words.end.checked_sub(1).and_then(|i| words.get(i)),
                ) {
                    let start = position_of(first);
                    let len = position_of(end) - start;
                    doc.add_u64(
                        f.clauses,
                        schema::clause_span(start, len, clause.polarity, kinds),
                    );
                    for &(k, share) in &clause.names {
                        let w = &words[k];
                        doc.add_u64(f.names, schema::name_value(position_of(w), &w.term, share));
                    }
                    spans = true;
                }
                if sentence_starts.is_empty()
                    || clauses
                        .last()
                        .is_none_or(|c: &Clause| c.sentence != clause.sentence + sentences_before)
                {
                    sentence_starts.push(clause.words.start);
                }
                clause.sentence += sentences_before;
                clauses.push(clause);
            }
            sentence_starts.dedup();
            if !placeholder {
                terms::encode_sentences(&words, &sentence_starts, &mut stored_terms);
            }
            let first = tokens.len();
            to_tokens(words.drain(..), &mut tokens);
            let mut end = next_position;
            for token in &mut tokens[first..] {
                let at = next_position
                    .saturating_add(token.position as u32)
                    .min(last);
                token.position = at as usize;
                end = at + 1;
            }
            next_position = end.saturating_add(1).min(last);
            doc.add_text(f.text, text);
        }
        let comment_tokens = vec![(
            f.comment,
            PreTokenizedString {
                text: String::new(),
                tokens,
            },
        )];
        let asks = clauses.iter().any(|c| c.ask);
        let overall = sentiment::overall(&clauses);
        doc.add_u64(
            f.cues,
            (asks as u64 * schema::CUE_ASK)
                | (overall.code() << schema::CUE_SENTIMENT_SHIFT)
                | (spans as u64 * schema::CUE_KINDS),
        );
        doc.add_text(f.terms, &stored_terms);
        doc.add_u64(f.has_comment, has_comment as u64);
        doc.add_u64(f.answered, answered);
        let id_source = self.add_row_facts(&mut doc, &checked);
        doc.add_text(f.source, format!("{}:{line}", self.path.display()));
        Response {
            id: String::new(),
            id_source,
            line,
            document: ResponseDocument {
                fields: doc,
                tokens: comment_tokens,
            },
            seen_before: false,
            padded: checked.padded,
            score_read: checked.score_read,
            has_comment,
            lost_characters: self.lost_characters(cells),
            date_read: checked.date_read,
            placeholders,
            warning: checked.warning,
        }
    }

    /// The fields of a row beside its comment: content hash, score and band, day and quarter,
    /// segments; returns where its id comes from.
    fn add_row_facts(&self, doc: &mut TantivyDocument, checked: &Checked) -> IdSource {
        let (f, cells, score) = (self.fields, &checked.cells, checked.score);
        let mut content = xxhash_rust::xxh3::Xxh3::with_seed(self.reading);
        for cell in cells {
            content.update(cell.as_bytes());
            content.update(&[0x1f]);
        }
        doc.add_u64(f.content, content.digest());
        let id_source = match self
            .roles
            .id
            .map(|c| cells[c].trim())
            .filter(|id| !id.is_empty())
        {
            Some(id) => IdSource::Cell(id.to_string()),
            None => IdSource::Content(xxh3_64_with_seed(cells.join("\u{1f}").as_bytes(), 0)),
        };
        if let Some(s) = score {
            doc.add_f64(f.score, s as f64);
        }
        doc.add_text(f.band, self.stored_band(checked.score_read));
        if let Some(d) = checked.date {
            doc.add_i64(f.day, calendar::day_number(d));
            doc.add_text(
                f.quarter,
                calendar::quarter_label(d, self.fiscal_year_start),
            );
        }
        let segments: BTreeMap<String, OwnedValue> = self
            .segment_keys
            .iter()
            .filter(|(col, _)| !cells[*col].trim().is_empty())
            .map(|(col, key)| (key.clone(), OwnedValue::Str(cells[*col].trim().to_string())))
            .collect();
        doc.add_object(f.segments, segments);
        id_source
    }
}

impl Response {
    /// Gives the response its id, noting ids seen before in this ingest (`seen` holds one 64-bit
    /// hash per response, the only memory that grows with the file).
    pub fn assign_id(&mut self, fields: &Fields, seen: &mut HashSet<u64>) {
        self.id = match &self.id_source {
            IdSource::Cell(id) => {
                self.seen_before = !seen.insert(xxh3_64_with_seed(id.as_bytes(), 0));
                id.clone()
            }
            IdSource::Content(content) => derived_id(*content, seen),
        };
        self.document.fields.add_text(fields.id, &self.id);
        self.document.fields.add_u64(
            fields.id_hash,
            xxhash_rust::xxh3::xxh3_64(self.id.as_bytes()),
        );
    }
}

/// A stable id for a row without one: its content's hash, and how many identical rows came before
/// it, so re-running a file changes nothing and identical rows ("Love it!") stay separate.
fn derived_id(content: u64, seen: &mut HashSet<u64>) -> String {
    let mut occurrence = 0u64;
    loop {
        let hash = xxh3_64_with_seed(&content.to_le_bytes(), occurrence);
        let key = xxh3_64_with_seed(&hash.to_le_bytes(), u64::MAX);
        if seen.insert(key) {
            return format!("row-{hash:016x}");
        }
        occurrence += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_answers() {
        for t in [
            "",
            " n/a ",
            "None.",
            "-",
            ".",
            "Nothing",
            "No comment",
            "???",
        ] {
            assert!(is_non_answer(t), "{t:?}");
        }
        for t in ["Did not answer", "[redacted]", "Keine Angabe"] {
            assert!(is_non_answer(t), "{t:?}");
        }
        for t in ["Nothing works", "no response from support", "ok"] {
            assert!(!is_non_answer(t), "{t:?}");
        }
    }

    #[test]
    fn derived_ids_are_stable_and_separate_duplicates() {
        let row = xxh3_64_with_seed("Love it!\u{1f}5".as_bytes(), 0);
        let mut seen = HashSet::new();
        let a = derived_id(row, &mut seen);
        let b = derived_id(row, &mut seen);
        assert_ne!(a, b);
        let mut again = HashSet::new();
        assert_eq!(derived_id(row, &mut again), a);
        assert_eq!(derived_id(row, &mut again), b);
    }
}
