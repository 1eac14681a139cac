//! Any bytes, read as (lossy) UTF-8 and used as a query on a small index: parse_query gives a
//! query or a clear error, and search never panics, with or without a scope.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;
use verbatim::index::Store;
use verbatim::ingest::{ingest, Collect, IngestOptions};
use verbatim::score::Band;
use verbatim::search::{parse_query, search, Scope, SearchOptions, SortOrder};

/// The 12 rows of `fixtures/query_small.csv`, shared with the query property tests.
const CSV: &str = include_str!("../../../fixtures/query_small.csv");

struct Fixture {
    _dir: TempDir,
    store: Store,
}

fn fixture() -> &'static std::sync::Mutex<Fixture> {
    static F: OnceLock<std::sync::Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::Builder::new().prefix("verbatim-fuzzq-").tempdir().unwrap();
        let csv = dir.path().join("small.csv");
        std::fs::write(&csv, CSV).unwrap();
        let index = dir.path().join("index");
        let mut store = Store::open_or_create(&index, None, None).unwrap();
        ingest(&mut store, &[csv], &IngestOptions::default(), &mut Collect::default()).unwrap();
        let store = Store::open(&index).unwrap();
        std::sync::Mutex::new(Fixture { _dir: dir, store })
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let guard = fixture().lock().unwrap_or_else(|p| p.into_inner());
    let store = &guard.store;
    if let Err(e) = parse_query(store, &text) {
        // "cannot read the query '...': ..." or "the query nests parentheses N deep; ...".
        let message = e.to_string();
        assert!(message.contains("query") && message.len() > 20, "unclear error: {message}");
    }
    let scoped = Scope {
        bands: vec![Band::Low],
        ..Scope::default()
    };
    for (scope, sort) in [(Scope::default(), SortOrder::Relevance), (scoped, SortOrder::Date)] {
        if let Ok(results) = search(store, &text, &scope, &SearchOptions { limit: 5, sort, ..SearchOptions::default() }) {
            assert!(results.total <= 12);
            for hit in &results.hits {
                for &(a, b) in &hit.highlights {
                    assert!(a <= b && b <= hit.snippet.len(), "highlight {a}..{b} in {:?}", hit.snippet);
                    assert!(hit.snippet.is_char_boundary(a) && hit.snippet.is_char_boundary(b));
                }
            }
        }
    }
});
