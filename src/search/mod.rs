//! Search: tantivy's query syntax through verbatim's analyzer, scoped by band, segment and date,
//! with highlighted snippets and counts per band.

pub mod print;
mod query;
mod rank;
mod scope;

pub use query::{
    check_query, hit_of, parse_query, search, stopword_list, Hit, QueryCheck, SearchOptions,
    SearchResults, SortOrder,
};
pub use scope::{band_label, distinct_values, Scope, ScopeArgs};
