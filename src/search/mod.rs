//! Search: tantivy's query syntax through verbatim's analyzer, scoped by band, segment and date,
//! with highlighted snippets and counts per band.

pub mod explain;
pub mod print;
mod query;
mod rank;
pub use rank::id_hashes;
mod scope;
pub mod weighted;

pub use query::{
    check_query, hit_of, parse_query, parse_query_as, search, stopword_list, weighted_of, Cut, Hit,
    Matching, QueryCheck, QueryMode, SearchOptions, SearchResults, SortOrder,
};
pub use scope::{band_label, distinct_values, Scope, ScopeArgs};
