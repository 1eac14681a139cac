//! Property tests (issue 6, "Fuzzing and properties"): the analyzer, the NPS/CSAT arithmetic,
//! query parsing and CSV ingest, each checked on generated input through the library API.
//!
//! Case counts are kept modest so the whole file runs in seconds in a debug build. Failures are
//! not persisted to a regressions file (the config below turns that off); when a property fails,
//! proptest prints the minimal input, which belongs in a plain `#[test]` next to the bug report.
//! The long-running counterpart is the cargo-fuzz project in `tests/fuzz/` (see docs/FUZZING.md).

mod support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use proptest::prelude::*;
use proptest::test_runner::Config;
use tempfile::TempDir;

use verbatim::analysis::{Analyzer, Language};
use verbatim::index::Store;
use verbatim::ingest::{ingest, Collect, IngestOptions, IngestReport};
use verbatim::score::{Band, BandCounts, Metric, Scale};
use verbatim::search::{parse_query, search, Scope, SearchOptions, SortOrder};

use support::tmp;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// analyzer
// ---------------------------------------------------------------------------

fn analyzers() -> &'static Vec<Analyzer> {
    static A: OnceLock<Vec<Analyzer>> = OnceLock::new();
    A.get_or_init(|| Language::ALL.iter().map(|&l| Analyzer::new(l)).collect())
}

/// Pieces that exercise the analyzer's special cases: contractions (straight and curly), glued
/// negations, elisions, mentions, URLs, emoji with modifiers, case-changing letters, numbers.
const FRAGMENTS: &[&str] = &[
    "billing",
    "Billed",
    "BILLS",
    "don't",
    "DON’T",
    "can't",
    "Won't",
    "dont",
    "CANT",
    "isnt",
    "it's",
    "customer's",
    "customers’",
    "l'appli",
    "d’abord",
    "L'APPLI",
    "@united",
    "@Support",
    "http://example.com/a?b=1",
    "HTTPS://EXAMPLE.COM",
    "www.site.org",
    "WWW.SITE.ORG",
    "😍",
    "👍🏽",
    "❤️",
    "👨‍👩‍👧",
    "Café",
    "NAÏVE",
    "İstanbul",
    "STRASSE",
    "Straße",
    "ΟΔΟΣ",
    "ǅ",
    "ﬁ",
    "3.5",
    "24/7",
    "check-in",
    "e-mail",
    "#tag",
    "'",
    "’",
    "n't",
    "N’T",
    "-",
    "_",
    "&",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    ",",
    ".",
    "!",
    "?",
    ";",
    "(",
    ")",
    "\"",
    "\u{0}",
    "\u{200D}",
    "\u{FE0F}",
    "\u{301}",
    "\u{A01}",
    "ᩡ",
    "a",
    "I",
    "not",
    "no",
    "never",
    "too",
    "very",
    "nicht",
    "pas",
];

fn fragment_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,80}",
        fragment_text(),
        "[ -~\n\t]{0,200}",
    ]
}

/// Printable ASCII plus line breaks, and ASCII built from the fragments above.
fn ascii_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~\n\t]{0,200}",
        fragment_text().prop_map(|s| s.chars().filter(char::is_ascii).collect()),
    ]
}

/// ASCII text with no web address in it (see `lowercasing_url_prefix_changes_terms`).
fn ascii_text_without_urls() -> impl Strategy<Value = String> {
    ascii_text().prop_filter("contains a web address prefix", |s| {
        let l = s.to_ascii_lowercase();
        !l.contains("http") && !l.contains("www.")
    })
}

/// Any text with no web address in it, in any case (see `lowercasing_url_prefix_changes_terms`).
fn any_text_without_urls() -> impl Strategy<Value = String> {
    any_text().prop_filter("contains a web address prefix", |s| {
        let l = s.to_lowercase();
        !l.contains("http") && !l.contains("www.")
    })
}

fn check_words(analyzer: &Analyzer, text: &str) -> Result<(), TestCaseError> {
    let words = analyzer.analyze(text);
    let mut previous: Option<usize> = None;
    for w in &words {
        prop_assert!(
            w.start < w.end && w.end <= text.len(),
            "{:?}: word {:?} has range {}..{} outside the text (len {})",
            analyzer,
            w.term,
            w.start,
            w.end,
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(w.start) && text.is_char_boundary(w.end),
            "{:?}: word {:?} has range {}..{} that is not on char boundaries of {:?}",
            analyzer,
            w.term,
            w.start,
            w.end,
            text
        );
        if let Some(p) = previous {
            prop_assert!(w.position > p, "positions must strictly increase");
        }
        previous = Some(w.position);
    }
    // Same result through the allocation-reusing entry point.
    let mut again = vec![];
    analyzer.analyze_into(text, &mut again);
    prop_assert_eq!(&again, &words);
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn analyze_never_panics_and_ranges_are_in_the_text(text in any_text()) {
        for analyzer in analyzers() {
            check_words(analyzer, &text)?;
        }
    }

    #[test]
    fn index_terms_ignore_ascii_case(text in ascii_text_without_urls()) {
        let lower = text.to_lowercase();
        let upper = text.to_uppercase();
        for analyzer in analyzers() {
            let terms = analyzer.index_terms(&text);
            prop_assert_eq!(&terms, &analyzer.index_terms(&lower), "{:?} lower-cased", analyzer);
            prop_assert_eq!(&terms, &analyzer.index_terms(&upper), "{:?} upper-cased", analyzer);
            for t in &terms {
                prop_assert!(
                    !t.chars().any(|c| c.is_ascii_uppercase()),
                    "{:?}: term {:?} holds an upper-case letter", analyzer, t
                );
            }
        }
    }

    #[test]
    fn terms_have_no_ascii_uppercase_for_any_text(text in any_text()) {
        for analyzer in analyzers() {
            for w in analyzer.analyze(&text) {
                prop_assert!(
                    !w.term.chars().any(|c| c.is_ascii_uppercase()),
                    "{:?}: term {:?} of {:?} holds an upper-case letter", analyzer, w.term, text
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// An empty term would be indexed as the empty token and counted as a theme word.
    #[test]
    fn terms_are_never_empty(text in any_text()) {
        for analyzer in analyzers() {
            for w in analyzer.analyze(&text) {
                prop_assert!(!w.term.is_empty(), "{:?}: empty term for {:?} in {:?}",
                    analyzer, &text[w.start..w.end], text);
            }
        }
    }

    /// Lower-casing the whole text must not change what is indexed, for any script.
    #[test]
    fn index_terms_ignore_case_for_any_script(text in any_text_without_urls()) {
        let lower = text.to_lowercase();
        for analyzer in analyzers() {
            prop_assert_eq!(analyzer.index_terms(&text), analyzer.index_terms(&lower),
                "{:?}: {:?} vs {:?}", analyzer, text, lower);
        }
    }

    /// Offsets of split contractions must point at the words as written, even after letters
    /// whose lower case is longer ("İ" -> "i̇").
    #[test]
    fn contraction_offsets_point_at_the_written_words(
        prefix in prop_oneof![
            "\\p{L}{0,4}",
            prop::collection::vec(prop::sample::select(&["İ", "a", "Σ", "ǅ", "É", "ẞ"][..]), 0..4)
                .prop_map(|v| v.concat()),
        ],
        (word, tail) in prop::sample::select(vec![("DON'T", "N'T"), ("Can’t", "n’t"), ("WOULDN'T", "N'T")]),
    ) {
        let analyzer = &analyzers()[0];
        prop_assert_eq!(analyzer.language(), Language::English);
        let text = format!("{prefix}{word}");
        let words = analyzer.analyze(&text);
        let last = words.last().unwrap();
        prop_assert_eq!(&last.term, "not");
        prop_assert_eq!(&text[last.start..last.end], tail, "in {:?}: {:?}", text, words);
    }
}

/// The analyzer finds web addresses case-sensitively ("http://", "www."), so an upper-case URL
/// is indexed as words while the same URL in lower case is skipped.
#[test]
fn lowercasing_url_prefix_changes_terms() {
    for analyzer in analyzers() {
        for text in [
            "HTTP://EXAMPLE.COM/Billing",
            "WWW.EXAMPLE.COM",
            "see Https://x.io now",
        ] {
            assert_eq!(
                analyzer.index_terms(text),
                analyzer.index_terms(&text.to_lowercase()),
                "{analyzer:?}: {text:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// NPS / CSAT arithmetic
// ---------------------------------------------------------------------------

fn counts() -> impl Strategy<Value = BandCounts> {
    let n = prop_oneof![0u64..50, 0u64..100_000, 0u64..1_000_000_000_000];
    (n.clone(), n.clone(), n.clone(), n.clone(), n).prop_map(
        |(low, middle, high, unscored, dont_know)| BandCounts {
            low,
            middle,
            high,
            unscored,
            dont_know,
        },
    )
}

fn scales() -> impl Strategy<Value = Scale> {
    prop_oneof![
        Just(Scale::Nps),
        Just(Scale::Fft),
        any::<bool>().prop_map(|reversed| Scale::Csat { reversed }),
        (-100i32..100, 2i32..100, any::<bool>()).prop_map(|(min, span, reversed)| {
            Scale::Rating {
                min,
                max: min + span,
                reversed,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn metric_bounds(c in counts(), scale in scales()) {
        let m = Metric::compute(scale, &c);
        // The FFT's denominator holds its "don't know" answers; no other scale's does.
        let coded = c.scored() + if scale == Scale::Fft { c.dont_know } else { 0 };
        prop_assert_eq!(m.is_none(), coded == 0);
        let Some(m) = m else { return Ok(()) };
        prop_assert_eq!(m.n, coded);
        prop_assert_eq!(m.small, m.n < verbatim::score::SMALL_GROUP);
        prop_assert!(m.value.is_finite() && m.margin.is_finite(), "{m:?}");
        prop_assert!(m.margin >= 0.0, "{m:?}");
        prop_assert_eq!(m.negative.is_some(), scale == Scale::Fft);
        let n = coded as f64;
        match scale {
            Scale::Csat { .. } | Scale::Fft => {
                prop_assert!((0.0..=100.0).contains(&m.value), "CSAT {m:?}");
                prop_assert!((m.value - 100.0 * c.high as f64 / n).abs() < 1e-9);
            }
            _ => {
                prop_assert!((-100.0..=100.0).contains(&m.value), "net {m:?}");
                prop_assert!((m.value - 100.0 * (c.high as f64 - c.low as f64) / n).abs() < 1e-9);
            }
        }
        // A margin wider than the whole scale means the arithmetic went wrong.
        prop_assert!(m.margin <= 200.0 * 1.96, "{m:?}");
    }

    #[test]
    fn band_percentages_sum_to_100(c in counts()) {
        // Shares are of the scored responses and the FFT's "don't know" answers together.
        let sum: f64 = Band::ALL.iter().map(|&b| c.percent(b)).sum();
        let dont_know = match c.scored() + c.dont_know {
            0 => 0.0,
            n => 100.0 * c.dont_know as f64 / n as f64,
        };
        if c.scored() + c.dont_know > 0 {
            prop_assert!((sum + dont_know - 100.0).abs() <= 1e-6, "sum {sum} for {c:?}");
        } else {
            prop_assert_eq!(sum, 0.0);
        }
        for b in Band::ALL {
            prop_assert!((0.0..=100.0).contains(&c.percent(b)));
        }
        prop_assert_eq!(c.total(), c.scored() + c.unscored + c.dont_know);
    }

    #[test]
    fn band_counts_add_up(bands in prop::collection::vec(
        prop_oneof![Just(None), Just(Some(Band::Low)), Just(Some(Band::Middle)), Just(Some(Band::High))],
        0..300,
    )) {
        let mut c = BandCounts::default();
        for &b in &bands {
            c.add(b);
        }
        prop_assert_eq!(c.total(), bands.len() as u64);
        prop_assert_eq!(c.unscored, bands.iter().filter(|b| b.is_none()).count() as u64);
        for band in Band::ALL {
            prop_assert_eq!(c.get(band), bands.iter().filter(|&&b| b == Some(band)).count() as u64);
        }
    }

    #[test]
    fn parse_score_accepts_exactly_the_range(scale in scales(), v in -200i32..200) {
        let (min, max) = scale.range();
        let parsed = scale.parse_score(&v.to_string());
        if (min..=max).contains(&v) {
            prop_assert_eq!(parsed, Ok(v));
            // Every in-range score falls in a band, and bands run low -> high with the score
            // read from its worst end; a scale read the other way round mirrors them.
            if v < max && scale.reversed() {
                prop_assert!(scale.band(v) >= scale.band(v + 1));
            } else if v < max {
                prop_assert!(scale.band(v) <= scale.band(v + 1));
            }
            if scale.flipped() != scale {
                prop_assert_eq!(scale.flipped().band(min + max - v), scale.band(v));
            }
        } else {
            prop_assert!(parsed.is_err());
        }
    }
}

#[test]
fn nps_and_csat_bands_match_their_definitions() {
    for s in 0..=10 {
        let expected = match s {
            0..=6 => Band::Low,
            7 | 8 => Band::Middle,
            _ => Band::High,
        };
        assert_eq!(Scale::Nps.band(s), expected, "NPS score {s}");
    }
    for s in 1..=5 {
        let expected = match s {
            1 | 2 => Band::Low,
            3 => Band::Middle,
            _ => Band::High,
        };
        assert_eq!(Scale::CSAT.band(s), expected, "CSAT score {s}");
    }
}

// ---------------------------------------------------------------------------
// query parsing and search
// ---------------------------------------------------------------------------

/// The 12 rows of `fixtures/query_small.csv`, shared with the `query_parse` fuzz target.
const SMALL_CSV: &str = include_str!("../fixtures/query_small.csv");

/// A small index built once with the library, shared by every query case. The store sits behind
/// a mutex so the test does not rely on `Store` being `Sync`.
fn query_store() -> &'static Mutex<(TempDir, Store)> {
    static S: OnceLock<Mutex<(TempDir, Store)>> = OnceLock::new();
    S.get_or_init(|| Mutex::new(small_store()))
}

fn small_store() -> (TempDir, Store) {
    let dir = tmp();
    let csv = dir.path().join("small.csv");
    std::fs::write(&csv, SMALL_CSV).unwrap();
    let index = dir.path().join("index");
    let mut store = Store::open_or_create(&index, None, None).expect("create index");
    let report = ingest(
        &mut store,
        &[csv],
        &IngestOptions::default(),
        &mut Collect::default(),
    )
    .expect("ingest the small CSV");
    assert_eq!(report.files[0].added, 12, "{report:?}");
    let store = Store::open(&index).expect("reopen index");
    (dir, store)
}

/// Query syntax pieces: operators, phrases, groups, fields, ranges, boosts, wildcards.
const QUERY_TOKENS: &[&str] = &[
    "billing",
    "service",
    "not",
    "working",
    "Café",
    "😍",
    "@support",
    "AND",
    "OR",
    "NOT",
    "and",
    "-",
    "+",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "*",
    "?",
    "~",
    "~2",
    "^",
    "^2",
    ":",
    "comment:",
    "id:",
    "score:",
    "plan:",
    "text:",
    "nosuch:",
    "\\",
    "'",
    "/",
    "IN",
    "[1 TO 5]",
    "\"customer service\"~1",
    " ",
    "  ",
    "\t",
    "\n",
    "0",
    "-1",
    "1e9",
    "..",
    "\u{0}",
    "ß",
];

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,60}",
        prop::collection::vec(prop::sample::select(QUERY_TOKENS), 0..16).prop_map(|v| v.concat()),
        prop::collection::vec(prop::sample::select(QUERY_TOKENS), 0..12).prop_map(|v| v.join(" ")),
    ]
}

fn run_query(store: &Store, text: &str) -> Result<(), TestCaseError> {
    match parse_query(store, text) {
        Ok(_) => {}
        Err(e) => {
            let message = e.to_string();
            // "cannot read the query '...': ..." or "the query nests parentheses N deep; ...".
            prop_assert!(
                message.contains("query") && message.len() > 20,
                "unclear error for {text:?}: {message}"
            );
        }
    }
    let scoped = Scope {
        bands: vec![Band::Low],
        ..Scope::default()
    };
    for (scope, sort) in [
        (Scope::default(), SortOrder::Relevance),
        (scoped, SortOrder::Date),
    ] {
        let options = SearchOptions {
            limit: 5,
            sort,
            ..SearchOptions::default()
        };
        match search(store, text, &scope, &options) {
            Ok(results) => {
                prop_assert!(results.hits.len() as u64 <= results.total.max(5));
                prop_assert!(results.total <= 12);
                for hit in &results.hits {
                    for &(a, b) in &hit.highlights {
                        prop_assert!(
                            a <= b
                                && b <= hit.snippet.len()
                                && hit.snippet.is_char_boundary(a)
                                && hit.snippet.is_char_boundary(b),
                            "highlight {a}..{b} outside snippet {:?}",
                            hit.snippet
                        );
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_query_parses_or_gives_a_clear_error(text in query_text()) {
        let guard = query_store().lock().unwrap_or_else(|p| p.into_inner());
        run_query(&guard.1, &text)?;
    }
}

/// A query of a few dozen characters must not hang the search. tantivy-query-grammar 0.25.0
/// parses nested groups in O(2^depth) (tantivy issue #2498, fixed upstream by PR #2905): depth 18
/// took ~9 s and depth 20 ~31 s in a debug build before `parse_query` refused deep nesting.
/// Accepted depths must parse quickly, deeper ones must be refused quickly with a clear error.
#[test]
fn deeply_nested_queries_parse_or_fail_quickly() {
    let (tx, rx) = std::sync::mpsc::channel();
    // Its own index, so a hung parse holds no lock the other tests need.
    std::thread::spawn(move || {
        let (_dir, store) = small_store();
        let _ = tx.send(None);
        for depth in [4, 8, 9, 20, 1000] {
            let q = format!("{}billing{}", "(".repeat(depth), ")".repeat(depth));
            let result = parse_query(&store, &q)
                .map(|_| ())
                .map_err(|e| e.to_string());
            let _ = tx.send(Some((depth, result)));
        }
    });
    assert_eq!(rx.recv().expect("index built"), None);
    // Depth 10 took ~20 ms in a debug build; 2 s per query is generous for a linear parser.
    // (A parse thread still running ends with the test process.)
    for _ in 0..5 {
        let (depth, result) = rx
            .recv_timeout(std::time::Duration::from_secs(2))
            .expect("a nested query took longer than 2 s to parse")
            .unwrap();
        if let Err(message) = result {
            assert!(message.contains("query"), "depth {depth}: {message}");
        }
    }
}

#[test]
fn known_queries_find_what_they_should() {
    let guard = query_store().lock().unwrap_or_else(|p| p.into_inner());
    let store = &guard.1;
    let all = |q: &str| {
        search(
            store,
            q,
            &Scope::default(),
            &SearchOptions {
                limit: 20,
                sort: SortOrder::Relevance,
                ..SearchOptions::default()
            },
        )
        .unwrap()
        .total
    };
    assert_eq!(all("billing"), 3, "billing, billed, bills");
    assert_eq!(all("\"customer service\""), 2);
    assert_eq!(all("billing OR service"), 6);
    assert!(parse_query(store, "(unbalanced").is_err() || all("(unbalanced") == 0);
}

// ---------------------------------------------------------------------------
// CSV ingest
// ---------------------------------------------------------------------------

/// Ingests `bytes` as `name` into a fresh index. On success checks that every data row was
/// either indexed or rejected, and that the index holds one document per response added.
fn ingest_bytes(bytes: &[u8], name: &str) -> Result<Option<IngestReport>, TestCaseError> {
    let dir = tmp();
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let index = dir.path().join("index");
    let mut store = Store::open_or_create(&index, None, None).expect("create index");
    let options = IngestOptions {
        commit_every: 7,
        ..IngestOptions::default()
    };
    let mut observer = Collect::default();
    let result = ingest(&mut store, &[path.clone()], &options, &mut observer);
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            let message = e.to_string();
            prop_assert!(!message.trim().is_empty(), "empty error message");
            // The index must still open after a failed ingest.
            drop(store);
            prop_assert!(
                Store::open(&index).is_ok(),
                "index unusable after: {message}"
            );
            return Ok(None);
        }
    };
    prop_assert_eq!(report.files.len(), 1);
    let f = &report.files[0];
    prop_assert_eq!(
        f.added + f.updated + f.unchanged + f.folded + f.rejected_total(),
        f.rows,
        "rows read must each be indexed or rejected: {:?}",
        f
    );
    prop_assert_eq!(observer.rejects.len() as u64, f.rejected_total());
    prop_assert!(f.duplicate_ids <= f.updated);
    let docs = Store::open(&index).unwrap().searcher().unwrap().num_docs();
    prop_assert_eq!(docs, f.added, "documents in a fresh index: {:?}", f);
    prop_assert_eq!(report.rejects_file.is_some(), f.rejected_total() > 0);
    check_rejects_file(&store, f.rejected_total())?;
    Ok(Some(report))
}

fn check_rejects_file(store: &Store, rejected: u64) -> Result<(), TestCaseError> {
    let path = store.rejects_path();
    if rejected == 0 {
        return Ok(());
    }
    prop_assert!(Path::new(&path).exists(), "rejects file missing");
    Ok(())
}

const HEADERS: &[&str] = &[
    "id",
    "ID",
    "date",
    "Submitted At",
    "score",
    "NPS",
    "How likely are you to recommend us?",
    "comment",
    "Comment",
    "feedback",
    "plan",
    "region",
    "email",
    "",
    " ",
    "id",
    "score",
];

const CELLS: &[&str] = &[
    "",
    " ",
    "0",
    "6",
    "7",
    "9",
    "10",
    "11",
    "-1",
    "7.5",
    "8,0",
    "N/A",
    "８",
    "1e3",
    "NaN",
    "inf",
    "2026-01-05",
    "05/01/2026",
    "31/02/2026",
    "2026-13-01",
    "Jan 5, 2026",
    "yesterday",
    "Great service",
    "billing is wrong, again",
    "line one\nline two",
    "say \"hi\"",
    "\"",
    "\"\"",
    ",",
    ";",
    "\t",
    "\r",
    "\r\n",
    "Café 😍",
    "\u{0}",
    "=cmd|' /C calc'!A0",
    "@united",
    "x",
    "Pro",
    "Free",
    "a-1",
    "a-1",
    "1",
    "1",
    "2",
];

#[derive(Debug, Clone)]
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Per cell: quote it properly (true) or write it raw (false).
    quote: Vec<bool>,
    delimiter: u8,
    line_end: &'static str,
}

fn table() -> impl Strategy<Value = Table> {
    let cell = prop_oneof![
        4 => prop::sample::select(CELLS).prop_map(str::to_string),
        1 => "[a-zA-Z0-9 ,\"'\n\r;]{0,20}",
        1 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ];
    (
        prop::collection::vec(prop::sample::select(HEADERS).prop_map(str::to_string), 1..7),
        prop::collection::vec(prop::collection::vec(cell, 0..9), 0..25),
        prop::collection::vec(any::<bool>(), 0..64),
        prop::sample::select(vec![b',', b',', b';', b'\t', b'|']),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(headers, rows, quote, delimiter, line_end)| Table {
            headers,
            rows,
            quote,
            delimiter,
            line_end,
        })
}

impl Table {
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::new();
        let mut k = 0usize;
        let delimiter = self.delimiter as char;
        let mut line = |cells: &[String], out: &mut String| {
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    out.push(delimiter);
                }
                let quoted = self
                    .quote
                    .get(k % self.quote.len().max(1))
                    .copied()
                    .unwrap_or(true);
                k += 1;
                if quoted {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
            out.push_str(self.line_end);
        };
        line(&self.headers, &mut out);
        for row in &self.rows {
            line(row, &mut out);
        }
        out.into_bytes()
    }
}

/// A well-formed file: every cell quoted, so the row count is known exactly.
fn clean_table() -> impl Strategy<Value = (Vec<String>, Vec<(String, Option<u8>, String)>)> {
    let row = (
        "[a-z0-9]{1,3}",
        prop::option::of(0u8..=12),
        prop_oneof![
            Just(String::new()),
            prop::sample::select(CELLS).prop_map(str::to_string),
            "[a-zA-Z ,.!'\n]{1,40}",
        ],
    );
    (
        Just(vec![
            "id".to_string(),
            "score".to_string(),
            "comment".to_string(),
        ]),
        prop::collection::vec(row, 1..40),
    )
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn ingest_of_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        ingest_bytes(&bytes, "random.csv")?;
    }

    #[test]
    fn ingest_of_arbitrary_bytes_after_a_header_never_panics(
        tail in prop::collection::vec(any::<u8>(), 0..2000),
    ) {
        let mut bytes = b"id,date,score,comment,plan\n1,2026-01-05,9,fine,Pro\n".to_vec();
        bytes.extend_from_slice(&tail);
        ingest_bytes(&bytes, "tail.csv")?;
    }

    #[test]
    fn ingest_of_messy_tables_never_panics(t in table()) {
        ingest_bytes(&t.to_bytes(), "messy.csv")?;
    }

    #[test]
    fn clean_files_index_every_row((headers, rows) in clean_table()) {
        let mut text = headers.join(",");
        text.push('\n');
        for (id, score, comment) in &rows {
            let score = score.map_or(String::new(), |s| s.to_string());
            text.push_str(&format!("\"{id}\",\"{score}\",\"{}\"\n", comment.replace('"', "\"\"")));
        }
        // Scores may be too few or too odd for auto-detection, which is a clean error.
        if let Some(report) = ingest_bytes(text.as_bytes(), "clean.csv")? {
            let f = &report.files[0];
            prop_assert_eq!(f.rows, rows.len() as u64, "{:?}", f);
            // Ids (when the id column is chosen) resolve duplicates: last row wins.
            let distinct: HashSet<&String> = rows.iter().map(|r| &r.0).collect();
            prop_assert!(f.added as usize <= rows.len());
            prop_assert!(f.added as usize >= distinct.len().min(1) || f.rejected_total() > 0);
        }
    }
}

// ---------------------------------------------------------------------------
// no valid row rejected (issue 11)
// ---------------------------------------------------------------------------

/// Comments that trip naive CSV readers: quotes, the three delimiters, line ends, and whole lines
/// that look like rows of the file (an id, a score, text).
fn tricky_comment() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\"\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just(" ".to_string()),
        Just("N/A".to_string()),
        "[a-zA-Z]{1,8}",
        (0u32..60, 0u8..=10).prop_map(|(i, s)| format!("\nr{i},{s},looks like a row")),
        (0u32..60, 0u8..=10).prop_map(|(i, s)| format!("\nr{i};{s};\"quoted; row\"\n")),
        (0u32..60, 0u8..=10).prop_map(|(i, s)| format!("r{i}\t{s}\ttab row\r\n")),
    ];
    prop::collection::vec(piece, 1..14).prop_map(|pieces| pieces.concat())
}

/// The stored text of every response, by id.
fn stored_texts(index: &Path) -> std::collections::HashMap<String, String> {
    use tantivy::schema::Value;
    let store = Store::open(index).expect("open index");
    let searcher = store.searcher().expect("searcher");
    let mut texts = std::collections::HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let d: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .expect("stored document");
            let get = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            texts.insert(get(store.fields.id), get(store.fields.text));
        }
    }
    texts
}

proptest! {
    #![proptest_config(config(24))]

    /// Any comment written with standard CSV quoting is indexed, whole: quotes, delimiters and
    /// line ends inside it, and lines that look like rows of the file, never cost a row.
    #[test]
    fn no_valid_row_is_rejected(
        rows in prop::collection::vec((prop::option::of(0u8..=10), tricky_comment()), 1..30),
        delimiter in prop::sample::select(vec![b',', b';', b'\t']),
    ) {
        let dir = tmp();
        let path = dir.path().join("comments.csv");
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_path(&path).unwrap();
        w.write_record(["id", "score", "comment"]).unwrap();
        for (i, (score, comment)) in rows.iter().enumerate() {
            let score = score.map_or("N/A".to_string(), |s| s.to_string());
            w.write_record([format!("r{i}"), score, comment.clone()]).unwrap();
        }
        w.flush().unwrap();
        drop(w);
        let index = dir.path().join("index");
        let mut store = Store::open_or_create(&index, None, None).unwrap();
        let options = IngestOptions {
            overrides: verbatim::ingest::columns::Overrides {
                id: Some("id".into()),
                score: Some("score".into()),
                text: vec!["comment".into()],
                ..Default::default()
            },
            scale: verbatim::score::ScaleChoice::Fixed(Scale::Nps),
            source: verbatim::ingest::source::SourceOptions {
                delimiter: Some(delimiter),
                ..Default::default()
            },
            ..IngestOptions::default()
        };
        let mut observer = Collect::default();
        let report = ingest(&mut store, &[path], &options, &mut observer).unwrap();
        drop(store);
        let f = &report.files[0];
        prop_assert_eq!(f.rows, rows.len() as u64, "{:?}", f);
        prop_assert_eq!(f.rejected_total(), 0, "{:?}", observer.rejects);
        prop_assert_eq!(f.added, rows.len() as u64);
        let texts = stored_texts(&index);
        prop_assert_eq!(texts.len(), rows.len());
        for (i, (_, comment)) in rows.iter().enumerate() {
            prop_assert_eq!(texts.get(&format!("r{}", i)), Some(&comment.trim().to_string()), "row {}", i);
        }
    }
}
