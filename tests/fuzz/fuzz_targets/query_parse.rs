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

const CSV: &str = "\
id,date,score,comment,plan
1,2026-01-05,10,\"Love the new billing page, very clear\",Pro
2,2026-01-19,9,Quick response from customer service,Enterprise
3,2026-02-02,,Haven't used it enough to say,Free
4,2026-02-17,6,We were billed twice in January,Starter
5,2026-03-09,7,\"Fine, but the export is not working on Safari\",Pro
6,2026-03-31,9,Simple to set up 👍,Free
7,2026-04-01,3,No response from customer service for a week,Starter
8,2026-04-14,0,Bills keep going up every month,Free
9,2026-04-30,8,\"Good service overall, reporting could be better\",Pro
10,2026-05-12,,Just started our trial,Enterprise
11,2026-05-20,5,Search is not working for older tickets @support,Pro
12,2026-06-22,9,Café staff were great — très bien,Free
";

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
        if let Ok(results) = search(store, &text, &scope, &SearchOptions { limit: 5, sort }) {
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
