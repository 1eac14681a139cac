//! Per-response facts from fast fields (band, date, segment values), for joins and splits that
//! look at every response in scope without loading a stored document.

use rayon::prelude::*;
use tantivy::query::Query;
use tantivy::DocAddress;

use crate::error::{ColumnUse, Result};
use crate::index::readers::{pieces, Matching, StrValues};
use crate::index::schema::{segment_path, BAND, DAY, HAS_COMMENT, ID_HASH};
use crate::index::Store;
use crate::score::Band;

#[derive(Debug, Clone)]
pub struct Fact {
    pub address: DocAddress,
    pub band: Option<Band>,
    /// "Don't know" on the FFT (unscored for bands, counted on its own).
    pub dont_know: bool,
    /// Date as yyyymmdd.
    pub day: Option<i64>,
    /// Stable tie-break between responses of the same day.
    pub id_hash: u64,
    /// The response has a real comment.
    pub comment: bool,
    /// Values of the requested segment columns, in request order.
    pub values: Vec<Option<String>>,
}

/// Facts of the responses matching `query`, with the values of the segment columns `columns`
/// (names as users type them).
pub fn facts(store: &Store, query: &dyn Query, columns: &[String]) -> Result<Vec<Fact>> {
    let keys: Vec<String> = columns
        .iter()
        .map(|c| Ok(store.meta.segment(c, ColumnUse::Values)?.key.clone()))
        .collect::<Result<_>>()?;
    let searcher = store.searcher()?;
    let matching = searcher.search(query, &Matching)?;
    // Pieces of a segment are read on the pool and joined in order.
    let pieces = pieces(&matching)
        .into_par_iter()
        .map(|(segment_ord, docs)| -> Result<Vec<Fact>> {
            let reader = searcher.segment_reader(segment_ord);
            let ff = reader.fast_fields();
            let mut band = StrValues::new(reader, BAND)?;
            let mut values: Vec<StrValues> = keys
                .iter()
                .map(|k| StrValues::new(reader, &segment_path(k)))
                .collect::<Result<_>>()?;
            let day = ff.column_opt::<i64>(DAY)?;
            let id_hash = ff.column_opt::<u64>(ID_HASH)?;
            let has_comment = ff.column_opt::<u64>(HAS_COMMENT)?;
            Ok(docs
                .iter()
                .map(|&doc| Fact {
                    address: DocAddress::new(segment_ord, doc),
                    band: band.get(doc).and_then(crate::index::schema::band_of_value),
                    dont_know: band.get(doc) == Some(crate::index::schema::BAND_DONT_KNOW),
                    day: day.as_ref().and_then(|c| c.first(doc)),
                    id_hash: id_hash.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
                    comment: has_comment.as_ref().and_then(|c| c.first(doc)) == Some(1),
                    values: values
                        .iter_mut()
                        .map(|v| v.get(doc).map(str::to_string))
                        .collect(),
                })
                .collect())
        })
        .collect::<Result<Vec<_>>>()?;
    let mut out: Vec<Fact> = pieces.into_iter().flatten().collect();
    out.par_sort_unstable_by_key(|f| (f.day, f.id_hash, f.address));
    Ok(out)
}
