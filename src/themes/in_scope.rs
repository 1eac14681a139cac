//! The responses of one scope in the order their postings are read (segment, then doc id), and
//! their clause spans read once from the fast fields, each with its kinds read without the words
//! that name a theme: every theme and facet of a run looks a response's clauses up here rather
//! than decoding the columns again.

use tantivy::columnar::Column;

use super::assign::BIT_MENTION;
use super::corpus::Doc;
use crate::index::schema::{self, NameKeys};

/// The scope's documents in address order (segment, then doc id): the order a theme's postings
/// are read in. A theme is marked in this order (its flags written one after another, not
/// scattered over the corpus order, which follows id hashes), then moved to corpus order once.
pub(super) struct InScope {
    pub(super) segments: Vec<SegmentScope>,
    /// The corpus index of each position.
    corpus_of: Vec<u32>,
}

/// The scope's documents in one segment, each with its position in address order and, in the
/// top bit ([`HAS_KINDS`]), whether it has clause spans.
pub(super) enum SegmentScope {
    /// Entries by doc id ([`OUTSIDE`] for documents out of scope): where the scope holds half
    /// the segment or more, this is the smaller, and a posting is looked up at once.
    Dense(Vec<u32>),
    /// (doc id, entry), sorted by doc id: a small slice of the segment.
    Sparse(Vec<(u32, u32)>),
}

pub(super) const OUTSIDE: u32 = u32::MAX;
pub(super) const HAS_KINDS: u32 = 1 << 31;

impl InScope {
    pub(super) fn new(docs: &[Doc], segments: &[tantivy::SegmentReader]) -> InScope {
        assert!(
            docs.len() < HAS_KINDS as usize,
            "too many responses in one scope"
        );
        let mut sizes = vec![0usize; segments.len()];
        for d in docs {
            sizes[d.address.segment_ord as usize] += 1;
        }
        // First the corpus index of each document, then (walking each segment in doc id order)
        // its position.
        let mut scopes: Vec<SegmentScope> = sizes
            .iter()
            .zip(segments)
            .map(|(&size, reader)| {
                let max_doc = reader.max_doc() as usize;
                if size * 2 >= max_doc {
                    SegmentScope::Dense(vec![OUTSIDE; max_doc])
                } else {
                    SegmentScope::Sparse(Vec::with_capacity(size))
                }
            })
            .collect();
        for (i, d) in docs.iter().enumerate() {
            match &mut scopes[d.address.segment_ord as usize] {
                SegmentScope::Dense(index) => index[d.address.doc_id as usize] = i as u32,
                SegmentScope::Sparse(list) => list.push((d.address.doc_id, i as u32)),
            }
        }
        let mut corpus_of = Vec::with_capacity(docs.len());
        let mut position = |entry: &mut u32| {
            let i = *entry as usize;
            *entry = corpus_of.len() as u32 | if docs[i].has_kinds() { HAS_KINDS } else { 0 };
            corpus_of.push(i as u32);
        };
        for scope in &mut scopes {
            match scope {
                SegmentScope::Dense(index) => {
                    index
                        .iter_mut()
                        .filter(|e| **e != OUTSIDE)
                        .for_each(&mut position);
                }
                SegmentScope::Sparse(list) => {
                    list.sort_unstable();
                    list.iter_mut().for_each(|(_, e)| position(e));
                }
            }
        }
        InScope {
            segments: scopes,
            corpus_of,
        }
    }

    /// Whether segment `ord` has no document in scope.
    pub(super) fn is_empty_in(&self, ord: usize) -> bool {
        match self.segments.get(ord) {
            None => true,
            Some(SegmentScope::Sparse(list)) => list.is_empty(),
            Some(SegmentScope::Dense(_)) => false,
        }
    }

    /// The position of a document in scope.
    pub(super) fn get(&self, address: &tantivy::DocAddress) -> Option<usize> {
        let entry = match self.segments.get(address.segment_ord as usize)? {
            SegmentScope::Dense(index) => *index.get(address.doc_id as usize)?,
            SegmentScope::Sparse(list) => {
                let k = list.binary_search_by_key(&address.doc_id, |e| e.0).ok()?;
                list[k].1
            }
        };
        (entry != OUTSIDE).then_some((entry & !HAS_KINDS) as usize)
    }

    /// The (corpus index, BIT_* flags) of the responses mentioning a theme or facet, from its
    /// flags by position, in corpus order.
    pub(super) fn to_corpus(&self, flags: &[u8]) -> Vec<(u32, u8)> {
        let mut out: Vec<(u32, u8)> = flags
            .iter()
            .zip(&self.corpus_of)
            .filter(|(&b, _)| b & BIT_MENTION != 0)
            .map(|(&b, &i)| (i, b))
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

/// The clause spans of each response in scope, by position ([`InScope`]), each with its kinds
/// read without the words that name a theme of the run (`index::schema::span_kinds_without`).
/// Read once per run: a response is looked up by every theme word it holds, and decoding the
/// bit-packed columns and the names of its clauses each time was half of a count's work.
pub(super) struct Clauses {
    /// `spans[starts[p]..starts[p + 1]]` are position p's spans: first position and length as
    /// stored, the kinds read without theme names in bits 4-6 (in place of the polarity), the
    /// stored kinds in bits 0-2.
    starts: Vec<u32>,
    spans: Vec<u64>,
    /// The kinds of all of position p's clauses, read without theme names: once a theme holds
    /// these for a response, its other words there add nothing.
    all: Vec<u8>,
}

impl Clauses {
    /// Reads the spans of every response in scope that has clause spans.
    pub(super) fn read(
        in_scope: &InScope,
        spans: &[Option<Column<u64>>],
        names: &[Option<Column<u64>>],
        named: &NameKeys,
    ) -> Clauses {
        let n = in_scope.corpus_of.len();
        let mut out = Clauses {
            starts: Vec::with_capacity(n + 1),
            spans: Vec::new(),
            all: Vec::with_capacity(n),
        };
        out.starts.push(0);
        let mut names_of = Vec::new();
        // Positions were given walking each segment in doc id order: the same walk meets them
        // in order, so each response's spans are appended after the previous one's.
        let mut push = |segment: usize, doc: u32, entry: u32| {
            if let (true, Some(column)) = (entry & HAS_KINDS != 0, &spans[segment]) {
                names_of.clear();
                if let Some(c) = &names[segment] {
                    names_of.extend(c.values_for_doc(doc));
                }
                out.spans.extend(column.values_for_doc(doc).map(|span| {
                    let without = schema::span_kinds_without(span, &names_of, named);
                    span & !0xfff8 | (without as u64) << 4
                }));
            }
            let start = *out.starts.last().expect("starts at 0") as usize;
            out.all.push(
                out.spans[start..]
                    .iter()
                    .fold(0, |k, s| k | (s >> 4 & 0x7) as u8),
            );
            out.starts.push(out.spans.len() as u32);
        };
        for (segment, scope) in in_scope.segments.iter().enumerate() {
            match scope {
                SegmentScope::Dense(index) => index
                    .iter()
                    .enumerate()
                    .filter(|(_, &e)| e != OUTSIDE)
                    .for_each(|(doc, &e)| push(segment, doc as u32, e)),
                SegmentScope::Sparse(list) => {
                    list.iter().for_each(|&(doc, e)| push(segment, doc, e))
                }
            }
        }
        debug_assert_eq!(out.starts.len(), n + 1);
        out
    }

    /// The clause spans of the response at `position`: first and last positions by
    /// `index::schema::span_positions`, stored kinds by `index::schema::kinds_at`.
    pub(super) fn spans(&self, position: usize) -> &[u64] {
        &self.spans[self.starts[position] as usize..self.starts[position + 1] as usize]
    }

    /// The kinds of all the clauses of the response at `position`, read without theme names.
    pub(super) fn all_kinds(&self, position: usize) -> u8 {
        self.all[position]
    }

    /// The kinds of the clauses of the response at `position` that hold any of `positions`,
    /// each read without the words that name a theme.
    pub(super) fn kinds_without_names(&self, position: usize, positions: &[u32]) -> u8 {
        let read_without = self
            .spans(position)
            .iter()
            .map(|&s| s & !0xffff | s >> 4 & 0x7);
        schema::kinds_at(read_without, positions)
    }
}
