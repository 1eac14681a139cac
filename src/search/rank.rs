//! The order of search hits, the same whatever the index's layout. Ingest threads and merges
//! decide which segments hold which responses, and a replaced response stays in its old segment,
//! marked deleted, until a merge: tantivy's own BM25 statistics count those, and its ties fall to
//! the document address. Here the statistics count live responses only, and ties go to the
//! response's id hash.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Mutex;

use tantivy::collector::{Collector, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

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
    let collector = TopDocs::with_limit(limit).tweak_score(|reader: &SegmentReader| {
        let id_hash = id_hashes(reader);
        move |doc: DocId, score: Score| (score, Reverse(id_hash(doc)))
    });
    let (top, fruit) = searcher.search_with_statistics_provider(
        query,
        &(collector, also),
        &LiveStatistics(searcher, Mutex::default()),
    )?;
    Ok((top.into_iter().map(|(_, address)| address).collect(), fruit))
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
