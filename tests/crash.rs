//! Crashes and concurrency (issue 6): SIGKILL in the middle of `verbatim ingest`, two writers at
//! once, readers while a writer commits, and delete then re-ingest.
//!
//! Every test generates its own deterministic CSV (`id,date,score,comment`, NPS 0-10) in a temp
//! dir and runs the real binary: `env!("CARGO_BIN_EXE_verbatim")`, or the binary named by
//! `VERBATIM_BIN` (for example `VERBATIM_BIN=target/release/verbatim` for the release build the
//! issue asks for). `VERBATIM_COMMIT_EVERY=N` makes ingest commit every N rows, so there are
//! commits to keep and commits to lose.
//!
//! Because ingest commits rows in file order, every committed state of a fresh index holds exactly
//! the first N rows of the file, N a multiple of the commit interval. [`expect_prefix`] computes,
//! from the generator, what the first N rows contain (band counts, rows with the planted word), and
//! [`check_state`] compares that with `info`, `stats` and `search`: a torn commit, a lost commit,
//! a duplicate or a half-applied update would each show up as a mismatch.
//!
//! Kill points are chosen by watching the tantivy commit stamp (`opstamp` in
//! `INDEX/tantivy/meta.json`, which changes on each commit and not on merges), not by wall time,
//! so they land in the same place on a fast or a loaded machine.

mod support;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use support::cli::show;

// ---------------------------------------------------------------------------
// data
// ---------------------------------------------------------------------------

const ROWS: usize = 50_000;
/// A word planted in every row where `i % 250 == 17`: 200 rows of the 50,000.
const PLANTED: &str = "zebracorn";
/// A word that only the small second file contains.
const INTRUDER: &str = "quokka";
const WORDS: &[&str] = &[
    "price", "delivery", "support", "app", "slow", "fast", "friendly", "staff", "refund", "login",
    "crash", "great", "awful", "helpful", "late", "invoice", "checkout", "parcel", "agent",
    "update",
];
/// No ingest in these tests should take anywhere near this long, even in a debug build.
const DEADLINE: Duration = Duration::from_secs(240);

fn is_planted(i: usize) -> bool {
    i % 250 == 17
}

fn score(i: usize) -> usize {
    (i * 7 + i / 13) % 11
}

fn comment(i: usize) -> String {
    let mut x = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let n = 3 + (x >> 60) as usize % 5;
    let mut words = Vec::with_capacity(n + 1);
    for _ in 0..n {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        words.push(WORDS[(x >> 33) as usize % WORDS.len()]);
    }
    if is_planted(i) {
        words.insert((x >> 20) as usize % (n + 1), PLANTED);
    }
    words.join(" ")
}

/// Writes rows `0..n` as `id,date,score,comment`, ids `{prefix}{i}`.
fn write_csv(path: &Path, n: usize, prefix: &str, extra_word: Option<&str>) {
    let mut w = BufWriter::new(File::create(path).unwrap());
    writeln!(w, "id,date,score,comment").unwrap();
    for i in 0..n {
        let mut c = comment(i);
        if let Some(word) = extra_word {
            c.push(' ');
            c.push_str(word);
        }
        writeln!(
            w,
            "{prefix}{i},2025-{:02}-{:02},{},{c}",
            1 + i % 12,
            1 + i % 28,
            score(i)
        )
        .unwrap();
    }
    w.flush().unwrap();
}

/// What the first `n` generated rows hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Expect {
    responses: u64,
    /// low (0-6), middle (7-8), high (9-10), unscored
    bands: [u64; 4],
    planted: u64,
}

fn band_of(i: usize) -> usize {
    match score(i) {
        0..=6 => 0,
        7..=8 => 1,
        _ => 2,
    }
}

fn expect_prefix(n: usize) -> Expect {
    let mut e = Expect {
        responses: n as u64,
        bands: [0; 4],
        planted: 0,
    };
    for i in 0..n {
        e.bands[band_of(i)] += 1;
        e.planted += is_planted(i) as u64;
    }
    e
}

// ---------------------------------------------------------------------------
// running the binary
// ---------------------------------------------------------------------------

fn bin() -> PathBuf {
    std::env::var_os("VERBATIM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_verbatim")))
}

fn vb(index: &Path) -> Command {
    let mut c = Command::new(bin());
    c.arg("--index").arg(index);
    c.env_remove("VERBATIM_INDEX")
        .env_remove("VERBATIM_COMMIT_EVERY")
        .env("NO_COLOR", "1");
    c.stdin(Stdio::null());
    c
}

fn json(out: &Output, what: &str) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e})\n{}", show(out)))
}

fn u(v: &Value, ptr: &str, what: &str) -> u64 {
    v.pointer(ptr)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("{what}: no integer at {ptr} in {v}"))
}

fn info(index: &Path) -> Value {
    let out = vb(index).args(["info", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "info --json failed (the index does not open)\n{}",
        show(&out)
    );
    json(&out, "info --json")
}

fn info_responses(index: &Path) -> u64 {
    u(&info(index), "/responses", "info --json")
}

/// `stats --format json`: overall responses and band counts.
fn stats(index: &Path) -> (u64, [u64; 4]) {
    let out = vb(index)
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    // Exit 1 is "nothing found": an index before its first commit holds no responses.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "stats --format json failed\n{}",
        show(&out)
    );
    let v = json(&out, "stats --format json");
    let bands = ["low", "middle", "high", "unscored"]
        .map(|b| u(&v, &format!("/overall/bands/{b}"), "stats --format json"));
    let responses = u(&v, "/overall/responses", "stats --format json");
    assert_eq!(
        out.status.code() == Some(1),
        responses == 0,
        "stats exits 1 exactly when it finds no responses\n{}",
        show(&out)
    );
    (responses, bands)
}

/// `search WORD --format json`: total, after checking the exit code and that bands sum to it.
fn search_total(index: &Path, word: &str) -> u64 {
    let out = vb(index)
        .args(["search", word, "--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "search {word} failed\n{}",
        show(&out)
    );
    let v = json(&out, "search --format json");
    let total = u(&v, "/total", "search");
    let bands: u64 = ["low", "middle", "high", "unscored"]
        .iter()
        .map(|b| u(&v, &format!("/by_band/{b}"), "search"))
        .sum();
    assert_eq!(
        bands, total,
        "search {word}: band counts do not sum to the total\n{v}"
    );
    assert_eq!(
        code == Some(1),
        total == 0,
        "search {word}: exit code {code:?} with total {total}"
    );
    total
}

/// `report --format json` over every quarter: responses and band counts summed over its trend.
fn report_totals(index: &Path) -> (u64, [u64; 4]) {
    let out = vb(index)
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "report --format json failed\n{}",
        show(&out)
    );
    let v = json(&out, "report --format json");
    let quarters = v
        .pointer("/trend/quarters")
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("report: no trend quarters in {v}"));
    let mut bands = [0u64; 4];
    let mut responses = 0;
    for q in quarters {
        responses += u(q, "/responses", "report trend");
        for (total, b) in bands.iter_mut().zip(["low", "middle", "high", "unscored"]) {
            *total += u(q, &format!("/bands/{b}"), "report trend");
        }
    }
    (responses, bands)
}

/// Checks that the index holds exactly the first N rows of the generated file, N a multiple of
/// `commit_every` (or every row), and returns N.
fn check_state(index: &Path, commit_every: u64, label: &str) -> u64 {
    let n = info_responses(index);
    assert!(
        n <= ROWS as u64,
        "{label}: {n} responses, more than the {ROWS} rows in the file"
    );
    assert!(
        n % commit_every == 0 || n == ROWS as u64,
        "{label}: {n} responses is not what any commit held (commits every {commit_every} rows)"
    );
    let want = expect_prefix(n as usize);
    let (responses, bands) = stats(index);
    assert_eq!(responses, n, "{label}: stats and info disagree");
    assert_eq!(
        bands, want.bands,
        "{label}: band counts are not those of the first {n} rows"
    );
    assert_eq!(
        search_total(index, PLANTED),
        want.planted,
        "{label}: search finds a different number of planted rows than the first {n} rows hold"
    );
    n
}

fn spawn_ingest(index: &Path, csv: &Path, commit_every: u64, log: &Path) -> Child {
    vb(index)
        .args(["ingest"])
        .arg(csv)
        .arg("-q")
        .env("VERBATIM_COMMIT_EVERY", commit_every.to_string())
        .stdout(Stdio::null())
        .stderr(File::create(log).unwrap())
        .spawn()
        .unwrap()
}

fn log_of(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

fn wait(child: &mut Child, log: &Path, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?}\n{}", log_of(log));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn ingest_to_completion(index: &Path, csv: &Path, commit_every: u64, log: &Path) {
    let mut child = spawn_ingest(index, csv, commit_every, log);
    let status = wait(&mut child, log, "ingest");
    assert!(status.success(), "ingest failed: {status}\n{}", log_of(log));
}

/// The commit stamp of the index's last commit, None while there is no readable meta.json.
fn opstamp(index: &Path) -> Option<u64> {
    let text = std::fs::read(index.join("tantivy").join("meta.json")).ok()?;
    serde_json::from_slice::<Value>(&text)
        .ok()?
        .get("opstamp")?
        .as_u64()
}

/// Runs an ingest and SIGKILLs it once it has made `commits` commits (0: as soon as the index
/// exists), `delay` later. Returns how many commits were seen before the kill.
fn ingest_and_kill(
    index: &Path,
    csv: &Path,
    commit_every: u64,
    log: &Path,
    commits: usize,
    delay: Duration,
) -> usize {
    let mut last = opstamp(index);
    let mut child = spawn_ingest(index, csv, commit_every, log);
    let start = Instant::now();
    let mut seen = 0;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "ingest ended ({status}) before the kill point ({commits} commits, {seen} seen); \
                 the kill point is too late for this file\n{}",
                log_of(log)
            );
        }
        assert!(
            start.elapsed() < DEADLINE,
            "no kill point reached in {DEADLINE:?}"
        );
        let now = opstamp(index);
        if now.is_some() && now != last {
            if last.is_some() {
                seen += 1;
            }
            last = now;
        }
        if last.is_some() && seen >= commits {
            break;
        }
        std::thread::sleep(Duration::from_millis(3));
    }
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    // Killed, unless it happened to finish during `delay` (then the run is not a crash test).
    assert!(
        !status.success(),
        "ingest finished before it was killed; move the kill point earlier\n{}",
        log_of(log)
    );
    seen
}

// ---------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------

/// SIGKILL at three points of a 50,000-row ingest (commits every 5,000 rows), each kill followed
/// by a re-run that is itself killed later, then a re-run to completion, then a kill in the
/// middle of an update-only re-run. After each kill the index opens and holds exactly the first
/// N rows, N what a commit held and never less than before; the final index holds every row once.
#[test]
fn sigkill_mid_ingest_keeps_last_commit_and_rerun_completes() {
    const EVERY: u64 = 5_000;
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("responses.csv");
    write_csv(&csv, ROWS, "r", None);
    let index = dir.path().join("index");
    let log = dir.path().join("ingest.log");

    // (commits to wait for, then how long before SIGKILL)
    let kill_points = [
        (0, Duration::ZERO), // index created, nothing committed (or the scan pass)
        (3, Duration::from_millis(150)), // a re-run, inside the fourth batch
        (7, Duration::ZERO), // a re-run, right after a commit, close to the end
    ];
    let mut held = 0u64;
    for (run, &(commits, delay)) in kill_points.iter().enumerate() {
        let seen = ingest_and_kill(&index, &csv, EVERY, &log, commits, delay);
        let label = format!("after SIGKILL #{} ({seen} commits seen)", run + 1);
        let n = check_state(&index, EVERY, &label);
        assert!(
            n >= held,
            "{label}: {n} responses, fewer than the {held} committed before"
        );
        let floor = held.max(seen as u64 * EVERY);
        assert!(
            n >= floor,
            "{label}: {n} responses, but {seen} commits of {EVERY} were seen"
        );
        assert!(
            n < ROWS as u64,
            "{label}: all rows committed; the kill came too late"
        );
        eprintln!("{label}: {n} responses");
        held = n;
    }

    // The re-run to completion: every row exactly once.
    ingest_to_completion(&index, &csv, EVERY, &log);
    assert_eq!(
        check_state(&index, EVERY, "after the final re-run"),
        ROWS as u64
    );
    assert_eq!(search_total(&index, PLANTED), expect_prefix(ROWS).planted);

    // Killing a re-run that only updates rows: each commit holds its deletes and re-adds
    // together, so no row ever goes missing or doubles.
    let seen = ingest_and_kill(&index, &csv, EVERY, &log, 1, Duration::from_millis(200));
    assert_eq!(
        check_state(
            &index,
            EVERY,
            &format!("after killing an update re-run ({seen} commits seen)")
        ),
        ROWS as u64
    );
}

/// A second ingest (and a delete) while an ingest is writing fails at once with "index in use",
/// exit 2, and changes nothing; the first ingest finishes undisturbed.
#[test]
fn second_ingest_fails_fast_with_index_in_use() {
    const EVERY: u64 = 1_000;
    let dir = TempDir::new().unwrap();
    let big = dir.path().join("big.csv");
    write_csv(&big, ROWS, "r", None);
    let small = dir.path().join("small.csv");
    write_csv(&small, 300, "s", Some(INTRUDER));
    let index = dir.path().join("index");
    let log = dir.path().join("ingest.log");

    let mut first = spawn_ingest(&index, &big, EVERY, &log);
    // Wait for the first commit: from then on the first ingest holds the writer lock.
    let start = Instant::now();
    loop {
        assert!(
            first.try_wait().unwrap().is_none(),
            "first ingest ended early\n{}",
            log_of(&log)
        );
        assert!(
            start.elapsed() < DEADLINE,
            "first ingest made no commit in {DEADLINE:?}"
        );
        if opstamp(&index).is_some_and(|s| s > 0) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let during = info_responses(&index);
    assert!(during > 0, "a commit was made but info shows no responses");

    let t = Instant::now();
    let second = vb(&index)
        .args(["ingest"])
        .arg(&small)
        .arg("-q")
        .env("VERBATIM_COMMIT_EVERY", "10")
        .output()
        .unwrap();
    let took = t.elapsed();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(
        second.status.code(),
        Some(2),
        "second ingest\n{}",
        show(&second)
    );
    assert!(
        err.contains("index in use"),
        "second ingest: no 'index in use'\n{}",
        show(&second)
    );
    assert!(
        took < Duration::from_secs(5),
        "second ingest took {took:?} to fail"
    );

    let delete = vb(&index)
        .args(["delete", "--id", "r5", "--id", "r17"])
        .output()
        .unwrap();
    assert_eq!(
        delete.status.code(),
        Some(2),
        "concurrent delete\n{}",
        show(&delete)
    );
    assert!(
        String::from_utf8_lossy(&delete.stderr).contains("index in use"),
        "concurrent delete: no 'index in use'\n{}",
        show(&delete)
    );

    assert!(
        first.try_wait().unwrap().is_none(),
        "the first ingest had already finished: nothing was concurrent; use a longer file"
    );
    let status = wait(&mut first, &log, "first ingest");
    assert!(
        status.success(),
        "first ingest failed: {status}\n{}",
        log_of(&log)
    );

    // Exactly the first file: the second ingest and the delete changed nothing.
    assert_eq!(
        check_state(&index, EVERY, "after the first ingest"),
        ROWS as u64
    );
    assert_eq!(
        search_total(&index, INTRUDER),
        0,
        "rows of the refused ingest are in the index"
    );
    let sources = info(&index)["sources"].to_string();
    assert!(
        !sources.contains("small.csv"),
        "the refused ingest is listed as a source: {sources}"
    );

    // Once the writer is free the same ingest works, so the refusal was the lock's doing.
    ingest_to_completion(&index, &small, 100, &log);
    assert_eq!(info_responses(&index), ROWS as u64 + 300);
    assert_eq!(search_total(&index, INTRUDER), 300);
}

/// `stats`, `search` and `report` while an ingest commits every 2,000 rows: every call succeeds
/// and sees a whole commit (the first N rows, N a multiple of 2,000), never fewer responses than
/// before, with search band counts summing to the total.
#[test]
fn readers_see_consistent_state_during_ingest() {
    const EVERY: u64 = 2_000;
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("responses.csv");
    write_csv(&csv, ROWS, "r", None);
    let index = dir.path().join("index");
    let log = dir.path().join("ingest.log");

    let mut child = spawn_ingest(&index, &csv, EVERY, &log);
    let start = Instant::now();
    while opstamp(&index).is_none() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended early\n{}",
            log_of(&log)
        );
        assert!(start.elapsed() < DEADLINE, "no index after {DEADLINE:?}");
        std::thread::sleep(Duration::from_millis(5));
    }

    // Reports run on a thread of their own, beside the stats and search calls: a report is
    // slower than stats, and neither may wait for the other to land mid-ingest.
    let ingest_done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reporter = {
        let (index, done) = (index.clone(), ingest_done.clone());
        std::thread::spawn(move || {
            let (mut reports, mut reports_mid_ingest, mut last_report) = (0usize, 0usize, 0u64);
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                // A report needs a commit with responses to report on.
                if !finished && stats(&index).0 == 0 {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                let (r, bands) = report_totals(&index);
                reports += 1;
                assert!(
                    r >= last_report && (r % EVERY == 0 || r == ROWS as u64),
                    "report {reports}: {r} responses after {last_report}, not what any commit held"
                );
                assert_eq!(
                    bands,
                    expect_prefix(r as usize).bands,
                    "report {reports}: bands are not those of the first {r} rows"
                );
                if r > 0 && r < ROWS as u64 {
                    reports_mid_ingest += 1;
                }
                last_report = r;
                if finished {
                    return (reports, reports_mid_ingest);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let (mut last_n, mut last_total) = (0u64, 0u64);
    let (mut calls, mut mid_ingest) = (0usize, Vec::new());
    loop {
        let running = child.try_wait().unwrap().is_none();
        let (n, bands) = stats(&index);
        calls += 1;
        assert!(
            n >= last_n,
            "call {calls}: stats went back from {last_n} to {n} responses"
        );
        assert!(
            n % EVERY == 0 || n == ROWS as u64,
            "call {calls}: stats shows {n} responses, not what any commit held"
        );
        let want = expect_prefix(n as usize);
        assert_eq!(
            bands, want.bands,
            "call {calls}: bands are not those of the first {n} rows"
        );
        assert!(
            last_total <= want.planted,
            "call {calls}: search saw {last_total} planted rows, more than the {n} rows in a later stats hold"
        );
        let total = search_total(&index, PLANTED);
        assert!(
            total >= want.planted && total >= last_total,
            "call {calls}: search found {total} planted rows, fewer than the {} in the first {n} rows seen before",
            want.planted
        );
        if n > 0 && n < ROWS as u64 {
            mid_ingest.push(n);
        }
        (last_n, last_total) = (n, total);
        if !running {
            break;
        }
        // Leave the ingest most of the two cores.
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = wait(&mut child, &log, "ingest");
    ingest_done.store(true, std::sync::atomic::Ordering::SeqCst);
    let (reports, reports_mid_ingest) = reporter.join().expect("the report thread's checks");
    assert!(
        status.success(),
        "ingest failed: {status}\n{}",
        log_of(&log)
    );
    eprintln!(
        "{calls} stats+search calls, {reports} reports ({reports_mid_ingest} mid-ingest); states seen mid-ingest: {mid_ingest:?}"
    );
    assert!(
        reports_mid_ingest >= 1,
        "no report ran while the ingest was writing; the test proved nothing for reports"
    );
    mid_ingest.dedup();
    assert!(
        mid_ingest.len() >= 2,
        "readers saw fewer than two intermediate commits ({mid_ingest:?}); the test proved nothing"
    );
    assert_eq!(check_state(&index, EVERY, "after the ingest"), ROWS as u64);
}

/// Delete by id on an idle index, then re-ingest the same file: back to every row, once.
#[test]
fn delete_while_idle_then_reingest() {
    const N: usize = 5_000;
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("responses.csv");
    write_csv(&csv, N, "r", None);
    let index = dir.path().join("index");
    let log = dir.path().join("ingest.log");
    let full = expect_prefix(N);

    ingest_to_completion(&index, &csv, 1_000, &log);
    assert_eq!(info_responses(&index), N as u64);
    assert_eq!(stats(&index), (N as u64, full.bands));

    // r17 carries the planted word; r18 and r19 do not.
    assert!(is_planted(17) && !is_planted(18) && !is_planted(19));
    let out = vb(&index).args(["delete", "--id", "r17"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "delete r17\n{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Deleted 1 response"),
        "{}",
        show(&out)
    );
    assert_eq!(info_responses(&index), N as u64 - 1);
    assert_eq!(search_total(&index, PLANTED), full.planted - 1);
    let mut bands = full.bands;
    bands[band_of(17)] -= 1;
    assert_eq!(stats(&index), (N as u64 - 1, bands));

    // Deleting it again finds nothing (exit 1) and changes nothing.
    let out = vb(&index).args(["delete", "--id", "r17"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "second delete of r17\n{}",
        show(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Deleted 0 response"),
        "{}",
        show(&out)
    );
    assert_eq!(info_responses(&index), N as u64 - 1);

    let out = vb(&index)
        .args(["delete", "--id", "r18", "--id", "r19", "--id", "nosuch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "delete r18 r19\n{}", show(&out));
    assert_eq!(info_responses(&index), N as u64 - 3);

    // Re-ingest: the deleted rows come back, the others are updated, nothing doubles.
    for round in 1..=2 {
        ingest_to_completion(&index, &csv, 1_000, &log);
        assert_eq!(info_responses(&index), N as u64, "re-ingest {round}");
        assert_eq!(stats(&index), (N as u64, full.bands), "re-ingest {round}");
        assert_eq!(
            search_total(&index, PLANTED),
            full.planted,
            "re-ingest {round}"
        );
    }
}

/// Uncommitted tantivy delete files (`SEGMENT.OPSTAMP.del`) newer than the last commit.
fn uncommitted_del_files(index: &Path) -> Vec<String> {
    let committed = opstamp(index).unwrap_or(0);
    let Ok(entries) = std::fs::read_dir(index.join("tantivy")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            let mut parts = name.split('.');
            let (_, stamp, ext) = (parts.next(), parts.next(), parts.next());
            ext == Some("del")
                && stamp
                    .and_then(|s| s.parse::<u64>().ok())
                    .is_some_and(|s| s > committed)
        })
        .collect()
}

/// SIGKILL inside a commit of a re-run (after tantivy wrote the commit's delete files, before it
/// wrote meta.json), then run the same ingest again: it must finish. The next run reaches the
/// same commit stamp, so it needs the same delete-file name as the killed run left behind.
#[test]
fn rerun_after_sigkill_inside_a_commit_completes() {
    const N: usize = 10_000;
    const EVERY: u64 = 2_000;
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("responses.csv");
    write_csv(&csv, N, "r", None);
    let index = dir.path().join("index");
    let log = dir.path().join("ingest.log");
    let full = expect_prefix(N);
    ingest_to_completion(&index, &csv, EVERY, &log);
    // Every comment gains a word, so that the re-run updates every row (an unchanged row is
    // left as it is).
    write_csv(&csv, N, "r", Some("again"));

    // A re-run updates every row, so its first commit writes .del files for the old segments;
    // kill it as soon as one appears. Retry if the kill came after the commit finished.
    let mut orphans = Vec::new();
    for _attempt in 0..10 {
        let mut child = spawn_ingest(&index, &csv, EVERY, &log);
        let start = Instant::now();
        while uncommitted_del_files(&index).is_empty() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "re-run ended before its first commit\n{}",
                log_of(&log)
            );
            assert!(start.elapsed() < DEADLINE, "no commit in {DEADLINE:?}");
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Killing an update run never loses or doubles a row.
        assert_eq!(info_responses(&index), N as u64);
        assert_eq!(stats(&index), (N as u64, full.bands));
        orphans = uncommitted_del_files(&index);
        if !orphans.is_empty() {
            break;
        }
    }
    eprintln!("killed inside a commit; left behind: {orphans:?}");

    let mut child = spawn_ingest(&index, &csv, EVERY, &log);
    let status = wait(&mut child, &log, "re-run");
    assert!(
        status.success(),
        "the re-run after a kill inside a commit failed: {status}\n{}",
        log_of(&log)
    );
    assert_eq!(info_responses(&index), N as u64);
    assert_eq!(stats(&index), (N as u64, full.bands));
    assert_eq!(search_total(&index, PLANTED), full.planted);
}
