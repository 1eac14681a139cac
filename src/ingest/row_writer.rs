//! Writing a file's converted rows into the index, one at a time and in file order. Here a row's
//! id is settled (its own, or derived from its content), a row whose id is already held replaces
//! that response unless the held one is dated later, and commits happen every
//! `commit_every` rows: done in file order, on one thread, the index holds the same responses
//! whatever the number of conversion threads.

use std::collections::{HashMap, HashSet};

use tantivy::{IndexWriter, Searcher, Term};

use super::plan::Plan;
use super::rejects::{RejectKind, RejectsFile};
use super::response::RowOutcome;
use super::{FileReport, Observer};
use crate::error::Result;
use crate::index::{Fields, ResponseDocument};

/// Writes one file's rows, in file order, and remembers what the notes will need.
pub(super) struct RowWriter<'a> {
    pub(super) writer: &'a mut IndexWriter<ResponseDocument>,
    /// The index as it was before this file.
    pub(super) before: &'a Searcher,
    pub(super) fields: &'a Fields,
    pub(super) plan: &'a Plan,
    pub(super) commit_every: u64,
    pub(super) rejects: &'a mut RejectsFile,
    /// One hash per response met in this ingest (see `Response::assign_id`).
    pub(super) seen: &'a mut HashSet<u64>,
    pub(super) since_commit: u64,
    /// Day of each id met in this file (only files with an id and a date column).
    pub(super) days: HashMap<u64, Option<i64>>,
    /// The first few rows that repeat an id seen earlier in the file, for the notes.
    pub(super) duplicate_examples: Vec<String>,
    /// The first few rows older than the response already held under their id, for the notes.
    pub(super) kept_examples: Vec<String>,
}

impl RowWriter<'_> {
    /// Writes one converted row: a reject to rejects.csv, a response into the index (added, or
    /// replacing the one held under its id), counted in `report`.
    pub(super) fn write(
        &mut self,
        outcome: RowOutcome,
        report: &mut FileReport,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let roles = self.plan.row_roles();
        match outcome {
            RowOutcome::Folded => report.folded += 1,
            RowOutcome::Rejected(reject) if reject.kind == RejectKind::NotAResponse => {
                report.left_out += 1;
                self.rejects.write(&reject)?;
            }
            RowOutcome::Rejected(reject) => {
                *report.rejected.entry(reject.kind).or_default() += 1;
                self.rejects.write(&reject)?;
                observer.reject(&reject);
            }
            RowOutcome::Response(mut r) => {
                r.assign_id(self.fields, self.seen);
                let id_term = Term::from_field_text(self.fields.id, &r.id);
                let key = xxhash_rust::xxh3::xxh3_64(r.id.as_bytes());
                // Days are kept only for ids that come again later in the file.
                let comes_again = roles.id.is_none_or(|col| {
                    self.plan.scan.profile.stats[col]
                        .ids
                        .as_ref()
                        .is_none_or(|ids| ids.repeated.contains(&key))
                });
                let in_index = self.before.doc_freq(&id_term)? > 0;
                let held = match in_index && !r.seen_before {
                    true => stored(self.before, self.fields, &id_term),
                    false => Held::default(),
                };
                let content = r
                    .document
                    .fields
                    .get_first(self.fields.content)
                    .and_then(|v| tantivy::schema::Value::as_u64(&v));
                // The same cells read the same way: the held response stays as it is.
                let unchanged = held.content.is_some() && held.content == content;
                // A row replaces the stored response unless that one is dated later.
                if roles.id.is_some() && (in_index || r.seen_before) {
                    let day = r
                        .document
                        .fields
                        .get_first(self.fields.day)
                        .and_then(|v| tantivy::schema::Value::as_i64(&v));
                    let stored = match self.days.get(&key) {
                        Some(d) => *d,
                        None => held.day,
                    };
                    if day.zip(stored).is_some_and(|(new, old)| old > new) {
                        report.kept_later += 1;
                        if self.kept_examples.len() < 3 {
                            self.kept_examples
                                .push(format!("'{}' (line {})", r.id, r.line));
                        }
                        return Ok(());
                    }
                    if comes_again {
                        self.days.insert(key, day);
                    }
                } else if roles.id.is_some() && roles.date.is_some() && comes_again {
                    let day = r
                        .document
                        .fields
                        .get_first(self.fields.day)
                        .and_then(|v| tantivy::schema::Value::as_i64(&v));
                    self.days.insert(key, day);
                }
                if r.seen_before {
                    report.duplicate_ids += 1;
                    if self.duplicate_examples.len() < 3 {
                        self.duplicate_examples
                            .push(format!("'{}' (line {})", r.id, r.line));
                    }
                }
                if unchanged {
                    report.unchanged += 1;
                } else if in_index || r.seen_before {
                    self.writer.delete_term(id_term);
                    report.updated += 1;
                } else {
                    report.added += 1;
                }
                report.padded += r.padded as u64;
                report.count_score(r.score_read);
                if let Some(w) = &r.warning {
                    report.warnings += 1;
                    observer.warning(w);
                }
                report.without_comment += !r.has_comment as u64;
                report.lost_characters += r.lost_characters as u64;
                if let Some(read) = r.date_read {
                    report.date_orders.count(read, r.line);
                }
                report.count_written_placeholders(r.placeholders.iter().map(String::as_str));
                if !unchanged {
                    self.writer.add_document(r.document)?;
                }
                // Unchanged rows count too: commits come every `commit_every` rows read.
                self.since_commit += 1;
                if self.since_commit >= self.commit_every {
                    self.writer.commit()?;
                    self.since_commit = 0;
                }
            }
        }
        Ok(())
    }
}

/// What the index holds under an id: the response's day and content hash.
#[derive(Default)]
struct Held {
    day: Option<i64>,
    content: Option<u64>,
}

/// The day and content hash of the response stored under `term` in `searcher`, if it is there.
fn stored(searcher: &Searcher, fields: &Fields, term: &Term) -> Held {
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, TERMINATED};
    let found = searcher.segment_readers().iter().find_map(|segment| {
        let inverted = segment.inverted_index(fields.id).ok()?;
        let mut postings = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .ok()??;
        let mut doc = postings.doc();
        while doc != TERMINATED && segment.is_deleted(doc) {
            doc = postings.advance();
        }
        if doc == TERMINATED {
            return None;
        }
        let ff = segment.fast_fields();
        let day = ff
            .i64(crate::index::schema::DAY)
            .ok()
            .and_then(|c| c.first(doc));
        let content = ff
            .u64(crate::index::schema::CONTENT)
            .ok()
            .and_then(|c| c.first(doc));
        Some(Held { day, content })
    });
    found.unwrap_or_default()
}
