//! The order of search hits, the same whatever the index's layout. Ingest threads and merges
//! decide which segments hold which responses, and a replaced response stays in its old segment,
//! marked deleted, until a merge: tantivy's own BM25 statistics count those, and its ties fall to
//! the document address. Here the statistics count live responses only, and ties go to the
//! response's id hash.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Mutex;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term, TERMINATED,
};

use crate::error::Result;
use crate::index::schema;

/// BM25 statistics of the live responses; the tokens of a field are counted once per search
/// (tantivy asks for them once per term).
struct LiveStatistics<'a>(&'a Searcher, Mutex<HashMap<Field, u64>>);

/// The live tokens of a field per snapshot (segments and their deletes): reading every
/// response's field norm costs about a millisecond per million responses, the same figure for
/// every search of one snapshot.
type TokenCache = HashMap<(Vec<(tantivy::index::SegmentId, u32)>, Field), u64>;
static TOKENS: std::sync::OnceLock<Mutex<TokenCache>> = std::sync::OnceLock::new();

impl Bm25StatisticsProvider for LiveStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let mut known = self.1.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&tokens) = known.get(&field) {
            return Ok(tokens);
        }
        let snapshot: Vec<_> = self
            .0
            .segment_readers()
            .iter()
            .map(|r| (r.segment_id(), r.num_deleted_docs()))
            .collect();
        let key = (snapshot, field);
        let cache = TOKENS.get_or_init(Mutex::default);
        if let Some(&tokens) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            known.insert(field, tokens);
            return Ok(tokens);
        }
        // Stored per document as field norms (the same figure whichever segment holds it). A
        // field without norms (a scope's segment or band term) counts one per document, as
        // tantivy scores it: the same for every hit.
        let mut tokens = 0u64;
        for reader in self.0.segment_readers() {
            tokens += match reader.get_fieldnorms_reader(field) {
                Ok(norms) => live_docs(reader)
                    .map(|doc| u64::from(norms.fieldnorm(doc)))
                    .sum::<u64>(),
                Err(_) => u64::from(reader.num_docs()),
            };
        }
        let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
        // A long-running serve sees many snapshots: keep the cache small.
        if cache.len() > 64 {
            cache.clear();
        }
        cache.insert(key, tokens);
        known.insert(field, tokens);
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.0.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut docs = 0u64;
        for reader in self.0.segment_readers() {
            let inverted = reader.inverted_index(term.field())?;
            let Some(alive) = reader.alive_bitset() else {
                docs += u64::from(inverted.doc_freq(term)?);
                continue;
            };
            let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                docs += u64::from(alive.is_alive(doc));
                doc = postings.advance();
            }
        }
        Ok(docs)
    }
}

/// The live documents of a segment.
fn live_docs(reader: &SegmentReader) -> impl Iterator<Item = DocId> + '_ {
    (0..reader.max_doc()).filter(move |&doc| reader.alive_bitset().is_none_or(|a| a.is_alive(doc)))
}

/// The id hash of a segment's documents: ties, and an order of responses that does not depend
/// on how the index is cut into segments.
pub fn id_hashes(reader: &SegmentReader) -> impl Fn(DocId) -> u64 {
    let column = reader.fast_fields().u64(schema::ID_HASH).ok();
    move |doc| column.as_ref().and_then(|c| c.first(doc)).unwrap_or(0)
}

/// The `limit` best matches of `query`, best first, and what `also` collects from the same
/// matches in the same walk.
pub fn by_relevance_with<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    also: C,
) -> tantivy::Result<(Vec<DocAddress>, C::Fruit)> {
    let (top, fruit) = searcher.search_with_statistics_provider(
        query,
        &(BestScored { limit }, also),
        &LiveStatistics(searcher, Mutex::default()),
    )?;
    Ok((top.into_iter().map(|(_, address)| address).collect(), fruit))
}

/// A hit's place in the order: its score, then its id hash (lower first).
type Rank = (Score, Reverse<u64>);

/// The `limit` best hits by [`Rank`], as tantivy's `TopDocs` with the id hash as tie-break
/// would keep them, but reading a hit's id hash only when its score can still enter: most hits
/// of a large result cannot, and the read was an eighth of a search.
struct BestScored {
    limit: usize,
}

struct BestScoredSegment {
    limit: usize,
    segment: SegmentOrdinal,
    id_hash: Option<Column<u64>>,
    /// The best so far, worst first.
    best: BinaryHeap<Reverse<Ranked>>,
}

/// A [`Rank`] with its document, ordered by rank and then by document (lower first, as
/// `TopDocs` breaks ties).
#[derive(Clone, Copy)]
struct Ranked(Rank, DocAddress);

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (&self.0, &other.0);
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(other.1.cmp(&self.1))
    }
}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Ranked {}

impl Collector for BestScored {
    type Fruit = Vec<(Rank, DocAddress)>;
    type Child = BestScoredSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<BestScoredSegment> {
        Ok(BestScoredSegment {
            limit: self.limit,
            segment,
            id_hash: reader.fast_fields().u64(schema::ID_HASH).ok(),
            best: BinaryHeap::with_capacity(self.limit + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Rank, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<Ranked> = fruits
            .into_iter()
            .flatten()
            .map(|(rank, address)| Ranked(rank, address))
            .collect();
        all.sort_by(|a, b| b.cmp(a));
        all.truncate(self.limit);
        Ok(all
            .into_iter()
            .map(|Ranked(rank, address)| (rank, address))
            .collect())
    }
}

impl SegmentCollector for BestScoredSegment {
    type Fruit = Vec<(Rank, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let full = self.best.len() >= self.limit;
        if full && self.best.peek().is_some_and(|worst| score < worst.0 .0 .0) {
            return;
        }
        let hash = self
            .id_hash
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(0);
        let ranked = Ranked((score, Reverse(hash)), DocAddress::new(self.segment, doc));
        if !full {
            self.best.push(Reverse(ranked));
        } else if self.best.peek().is_some_and(|worst| ranked > worst.0) {
            self.best.pop();
            self.best.push(Reverse(ranked));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.best
            .into_iter()
            .map(|Reverse(Ranked(rank, address))| (rank, address))
            .collect()
    }
}

/// The `limit` latest matches of `query`, latest first (undated last).
pub fn by_date(searcher: &Searcher, query: &dyn Query, limit: usize) -> Result<Vec<DocAddress>> {
    let collector = TopDocs::with_limit(limit).custom_score(|reader: &SegmentReader| {
        let day = reader.fast_fields().i64(schema::DAY).ok();
        let id_hash = id_hashes(reader);
        move |doc: DocId| {
            let day = day.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN);
            (day, Reverse(id_hash(doc)))
        }
    });
    let top = searcher.search(query, &collector)?;
    Ok(top.into_iter().map(|(_, address)| address).collect())
}
