//! Search latency benchmark: runs a fixed set of 100 queries (single words, phrases, boolean, with
//! and without filters, limit 20) in-process against an index and prints p50/p99/max, then 60
//! cases of 20 queries of several words (where the default's weighted cut decides), in each mode.
//!
//!     cargo run --release --example bench_search -- /path/to/index
//!     cargo run --release --example bench_search -- /path/to/index --per-query
//!
//! `--per-query` prints, for each query of several words, the median time of the default and of
//! `--exact` over its three scopes run 5 times, and their hits: where the expansion costs.
//!
//! Build the index first, e.g. with bench/ingest.sh (a generated 1,000,000-row survey).

use std::time::Instant;

use verbatim::index::Store;
use verbatim::search::{search, Matching, QueryMode, ScopeArgs, SearchOptions, SortOrder};

const WORDS: [&str; 20] = [
    "service",
    "delay",
    "refund",
    "staff",
    "price",
    "easy",
    "battery",
    "size",
    "comfortable",
    "seat",
    "cancelled",
    "rude",
    "helpful",
    "quality",
    "music",
    "crew",
    "luggage",
    "fabric",
    "customer",
    "love",
];
const PHRASES: [&str; 10] = [
    "\"customer service\"",
    "\"cancelled flight\"",
    "\"too small\"",
    "\"not working\"",
    "\"on hold\"",
    "\"easy to use\"",
    "\"leg room\"",
    "\"sound quality\"",
    "\"true to size\"",
    "\"no response\"",
];
const BOOLEANS: [&str; 10] = [
    "delay OR cancelled",
    "staff AND rude",
    "refund -voucher",
    "(seat OR legroom) AND comfortable",
    "price OR expensive OR cost",
    "love AND easy",
    "bag OR luggage OR baggage",
    "wifi OR internet",
    "size -small",
    "helpful AND friendly",
];

/// Queries of two to four words without operators: where the default's cut decides (a single
/// word or phrase is one unit, which either matches or not).
const SEVERAL_WORDS: [&str; 20] = [
    "lost luggage",
    "rude staff",
    "flight delayed",
    "sound quality",
    "easy to use",
    "customer service helpful",
    "refund never arrived",
    "seat legroom comfortable",
    "battery life short",
    "runs small",
    "cheap fabric",
    "wifi not working",
    "price too high",
    "long hold time",
    "friendly crew",
    "dress too long",
    "bag fees expensive",
    "app keeps crashing",
    "great music sound",
    "slow delivery",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: bench_search INDEX_DIR")?;
    let store = Store::open(dir.as_ref())?;
    let searcher = store.searcher()?;
    let queries: Vec<&str> = WORDS
        .iter()
        .chain(&PHRASES)
        .chain(&BOOLEANS)
        .copied()
        .collect();
    println!("index: {} responses", searcher.num_docs());
    if std::env::args().any(|a| a == "--per-query") {
        return per_query(&store);
    }
    println!("100 fixed queries (20 words, 10 phrases, 10 boolean; scopes as below):");
    run(&store, &cases(&queries))?;
    println!("the same scopes over 20 queries of several words (where the default's cut decides):");
    run(&store, &cases(&SEVERAL_WORDS))?;
    Ok(())
}

/// Each query alone and among detractors, the first 40 also with a quarter and a segment filter;
/// the first 100 cases.
fn cases(queries: &[&str]) -> Vec<(String, ScopeArgs)> {
    let mut cases: Vec<(String, ScopeArgs)> = Vec::new();
    let quarters = ["2025Q2", "2025Q4", "2026Q1", "2026Q3"];
    for (i, q) in queries.iter().enumerate() {
        cases.push((q.to_string(), ScopeArgs::default()));
        let mut band = ScopeArgs::default();
        band.bands = vec!["detractor".into()];
        cases.push((q.to_string(), band));
        if i < 40 {
            let mut filtered = ScopeArgs::default();
            filtered.quarter = Some(quarters[i % 4].into());
            if i % 2 == 0 {
                filtered.wheres = vec!["plan=Pro".into()];
            }
            cases.push((q.to_string(), filtered));
        }
    }
    cases.truncate(100);
    cases
}

/// Each query of several words: median milliseconds of the default and of `--exact` (its
/// scopes, 5 rounds each), with the hits of each.
fn per_query(store: &Store) -> Result<(), Box<dyn std::error::Error>> {
    let cases = cases(&SEVERAL_WORDS);
    for q in SEVERAL_WORDS {
        let mut line = format!("{q:28}");
        for exact in [false, true] {
            let options = SearchOptions {
                limit: 20,
                sort: SortOrder::Relevance,
                mode: QueryMode {
                    exact,
                    ..QueryMode::default()
                },
                ..SearchOptions::default()
            };
            let mut times = Vec::new();
            let mut hits = 0;
            for round in 0..6 {
                for (_, scope) in cases.iter().filter(|(c, _)| c == q) {
                    let start = Instant::now();
                    let found = search(store, q, &scope.resolve(store)?, &options)?.total;
                    if round > 0 {
                        times.push(start.elapsed().as_secs_f64() * 1000.0);
                        hits = hits.max(found);
                    }
                }
            }
            times.sort_by(f64::total_cmp);
            let name = if exact { "exact" } else { "default" };
            line += &format!(" | {name} {:6.2} ms {hits:7} hits", times[times.len() / 2]);
        }
        println!("{line}");
    }
    Ok(())
}

/// Runs the cases in each mode and prints p50, p90, p99, max and mean.
fn run(store: &Store, cases: &[(String, ScopeArgs)]) -> Result<(), Box<dyn std::error::Error>> {
    // The default (weighted, with synonyms), the same without synonyms, and today's AND: the
    // cost of the expansion is the first against the second.
    let modes = [
        ("weighted + synonyms (default)", QueryMode::default()),
        (
            "weighted, --exact",
            QueryMode {
                exact: true,
                ..QueryMode::default()
            },
        ),
        (
            "--all-words",
            QueryMode {
                matching: Matching::AllWords,
                ..QueryMode::default()
            },
        ),
    ];
    for (name, mode) in modes {
        let options = SearchOptions {
            limit: 20,
            sort: SortOrder::Relevance,
            mode,
            ..SearchOptions::default()
        };
        // One warm-up pass so the figures describe a warm page cache, as repeated use does.
        for (q, scope) in cases {
            search(store, q, &scope.resolve(store)?, &options)?;
        }
        let mut times = Vec::new();
        let mut hits = 0;
        for (q, scope) in cases {
            let start = Instant::now();
            let scope = scope.resolve(store)?;
            hits += search(store, q, &scope, &options)?.total;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
        println!(
            "  {name}: {} cases, p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms; {hits} total hits",
            cases.len(),
            pct(0.5),
            pct(0.9),
            pct(0.99),
            times[times.len() - 1],
            times.iter().sum::<f64>() / times.len() as f64
        );
    }
    Ok(())
}
