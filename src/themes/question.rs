//! Reading mentions by position: under one of several open questions a question's comment words
//! sit in their own range of positions (`index::schema::QUESTION_STRIDE`), and a mention's kind
//! is that of the clause spans (`index::schema::CLAUSES`) holding its positions.

use tantivy::columnar::Column;
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

/// Open question `q` of the index's mapping.
pub fn question_of(store: &Store, q: u32) -> Option<crate::index::meta::Question> {
    store
        .meta
        .mapping
        .as_ref()?
        .question_list()
        .into_iter()
        .find(|x| x.index == q)
}

/// Each segment's clause spans (absent in a segment without any).
pub fn clause_columns(segments: &[tantivy::SegmentReader]) -> Vec<Option<Column<u64>>> {
    segments
        .iter()
        .map(|r| r.fast_fields().u64(crate::index::schema::CLAUSES).ok())
        .collect()
}

/// Each segment's words that may be names (absent in a segment without any).
pub fn name_columns(segments: &[tantivy::SegmentReader]) -> Vec<Option<Column<u64>>> {
    segments
        .iter()
        .map(|r| r.fast_fields().u64(crate::index::schema::NAMES).ok())
        .collect()
}

/// The positions of the current document of `postings` (read with positions), those inside
/// `question`'s answer where one is given, into `out`.
pub fn positions_in(postings: &mut SegmentPostings, question: Option<u32>, out: &mut Vec<u32>) {
    out.clear();
    postings.positions(out);
    if let Some(q) = question {
        let low = q.saturating_mul(QUESTION_STRIDE);
        let high = low.saturating_add(QUESTION_STRIDE);
        out.retain(|&p| p >= low && p < high);
    }
}

/// Moves `postings` to `doc` or past it (documents asked in increasing order): whether it holds
/// `doc`, or None when the postings are used up.
pub fn seek(postings: &mut SegmentPostings, doc: u32) -> Option<bool> {
    let at = if postings.doc() < doc {
        postings.seek(doc)
    } else {
        postings.doc()
    };
    (at != TERMINATED).then_some(at == doc)
}

/// Meets `postings` with `docs` (doc ids in order, repeats allowed): calls `visit` with the
/// postings at each document of `docs` they hold and the range of `docs` with that id. `walk`
/// (for postings shorter than the documents they are met with): walk the postings and find each
/// of their documents in `docs` by halving; otherwise seek the postings to each document.
pub fn meet(
    postings: &mut SegmentPostings,
    docs: &[u32],
    walk: bool,
    mut visit: impl FnMut(&mut SegmentPostings, std::ops::Range<usize>),
) {
    let Some(&last) = docs.last() else {
        return;
    };
    let mut from = 0;
    if walk {
        if seek(postings, docs[0]).is_none() {
            return;
        }
        while postings.doc() != TERMINATED && postings.doc() <= last {
            let doc = postings.doc();
            from += docs[from..].partition_point(|&d| d < doc);
            let to = from + docs[from..].partition_point(|&d| d == doc);
            if to > from {
                visit(postings, from..to);
            }
            postings.advance();
        }
    } else {
        while from < docs.len() {
            let to = from + docs[from..].partition_point(|&d| d == docs[from]);
            match seek(postings, docs[from]) {
                None => break,
                Some(true) => visit(postings, from..to),
                Some(false) => {}
            }
            from = to;
        }
    }
}

/// The responses of a sample (per segment, doc ids in order) with their clause spans, read from
/// the fast field once: every word's opinion share looks its responses' spans up here.
pub struct Sample {
    docs: Vec<Vec<u32>>,
    /// Per segment: `spans[s][starts[s][k] as usize..starts[s][k + 1] as usize]` are the spans
    /// of `docs[s][k]`.
    starts: Vec<Vec<u32>>,
    spans: Vec<Vec<u64>>,
}

impl Sample {
    /// The sample of the responses at `docs`, in any order.
    pub fn of(
        searcher: &tantivy::Searcher,
        docs: impl Iterator<Item = tantivy::DocAddress>,
    ) -> Sample {
        let mut by_segment = vec![Vec::new(); searcher.segment_readers().len()];
        for d in docs {
            by_segment[d.segment_ord as usize].push(d.doc_id);
        }
        for docs in &mut by_segment {
            docs.sort_unstable();
        }
        Sample::read(searcher, by_segment)
    }

    fn read(searcher: &tantivy::Searcher, docs: Vec<Vec<u32>>) -> Sample {
        let columns = clause_columns(searcher.segment_readers());
        let (mut starts, mut spans) = (Vec::new(), Vec::new());
        for (segment, docs) in docs.iter().enumerate() {
            let mut at = vec![0u32];
            let mut values = Vec::new();
            for &doc in docs {
                if let Some(c) = columns.get(segment).and_then(Option::as_ref) {
                    values.extend(c.values_for_doc(doc));
                }
                at.push(values.len() as u32);
            }
            starts.push(at);
            spans.push(values);
        }
        Sample {
            docs,
            starts,
            spans,
        }
    }

    fn spans(&self, segment: usize, k: usize) -> &[u64] {
        let at = &self.starts[segment];
        &self.spans[segment][at[k] as usize..at[k + 1] as usize]
    }
}

/// Share of the responses of `sample` holding `term` in `question`'s answer that say it in a
/// clause that complains, praises or asks: 1 when none holds it.
pub fn opinion_share(
    searcher: &tantivy::Searcher,
    term: &Term,
    question: Option<u32>,
    sample: &Sample,
) -> f64 {
    let (mut holding, mut opinionated) = (0u64, 0u64);
    let mut positions = Vec::new();
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let Ok(inverted) = reader.inverted_index(term.field()) else {
            continue;
        };
        let Ok(Some(mut postings)) =
            inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)
        else {
            continue;
        };
        let docs = &sample.docs[segment];
        let walk = (postings.doc_freq() as usize) < docs.len();
        meet(&mut postings, docs, walk, |postings, at| {
            positions_in(postings, question, &mut positions);
            if positions.is_empty() {
                return;
            }
            holding += 1;
            let spans = sample.spans(segment, at.start).iter().copied();
            if crate::index::schema::kinds_at(spans, &positions) != 0 {
                opinionated += 1;
            }
        });
    }
    if holding == 0 {
        1.0
    } else {
        opinionated as f64 / holding as f64
    }
}

/// [`opinion_share`] over the responses at `docs`.
pub fn opinion_among(
    searcher: &tantivy::Searcher,
    term: &Term,
    question: Option<u32>,
    docs: impl Iterator<Item = tantivy::DocAddress>,
) -> f64 {
    opinion_share(searcher, term, question, &Sample::of(searcher, docs))
}
