//! Counting under one of several open questions: a question's comment words sit in their own
//! range of positions (`index::schema::QUESTION_STRIDE`), its clause kinds behind its number in
//! the `mood` field.

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term, TERMINATED};

use crate::index::schema::QUESTION_STRIDE;
use crate::index::Store;

/// The question a run counts, where the index has several (None: the whole comment).
pub fn asked(store: &Store, wanted: Option<u32>) -> Option<u32> {
    let several = store
        .meta
        .mapping
        .as_ref()
        .is_some_and(|m| m.question_count() > 1);
    wanted.filter(|_| several)
}

/// The postings detail to read for mentions: positions only when a question must be told apart.
pub fn record_option(question: Option<u32>) -> IndexRecordOption {
    match question {
        Some(_) => IndexRecordOption::WithFreqsAndPositions,
        None => IndexRecordOption::Basic,
    }
}

/// Whether the current document of `postings` holds the term inside `question`'s answer.
pub fn holds(postings: &mut SegmentPostings, question: Option<u32>, buf: &mut Vec<u32>) -> bool {
    let Some(q) = question else {
        return true;
    };
    let low = q.saturating_mul(QUESTION_STRIDE);
    let high = low.saturating_add(QUESTION_STRIDE);
    buf.clear();
    postings.positions(buf);
    buf.iter().any(|&p| p >= low && p < high)
}

/// Live responses of the whole index holding `term`: in `question`'s answer for a comment term
/// (None: anywhere, for any field).
pub fn doc_freq(searcher: &tantivy::Searcher, term: &Term, question: Option<u32>) -> u64 {
    let mut buf = Vec::new();
    let mut count = 0;
    for reader in searcher.segment_readers() {
        let Ok(inverted) = reader.inverted_index(term.field()) else {
            continue;
        };
        // tantivy's document frequency counts deleted documents until a merge drops them,
        // which depends on how the ingest's threads laid the index out: read the postings
        // where a segment has deletions.
        if question.is_none() && !reader.has_deletes() {
            count += inverted.doc_freq(term).unwrap_or(0) as u64;
            continue;
        }
        let Ok(Some(mut postings)) = inverted.read_postings(term, record_option(question)) else {
            continue;
        };
        let alive = reader.alive_bitset();
        while postings.doc() != TERMINATED {
            let doc = postings.doc();
            if alive.is_none_or(|a| a.is_alive(doc)) && holds(&mut postings, question, &mut buf) {
                count += 1;
            }
            postings.advance();
        }
    }
    count
}
