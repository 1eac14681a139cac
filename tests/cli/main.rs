//! End-to-end tests of the `verbatim` binary on the fixtures in `fixtures/`, a file per command
//! (ingest.rs, stats.rs, search.rs, themes.rs, tag.rs, codebook.rs, report.rs, index.rs for info
//! and delete), per kind of input (broken.rs for `fixtures/broken/`, exports.rs for survey tools'
//! exports) and per concern across commands (questions.rs, several_indexes.rs, threads.rs, and
//! readme.rs for the README's examples).
//!
//! Every expected number comes from `fixtures/README.md` / `fixtures/expected.json`
//! (loaded at run time), or is computed by hand from the fixture file in a comment.
//! Each test runs the real binary with `--index <tempdir>`. This file holds what those files
//! share beyond `tests/support`: the shared read-only indexes, expected.json and the runs most
//! tests make.

#[path = "../support/mod.rs"]
mod support;

mod aspects;
mod broken;
mod codebook;
mod drivers;
mod exports;
mod index;
mod ingest;
mod layout;
mod names;
mod one_subject;
mod questions;
mod readme;
mod report;
mod scales;
mod search;
mod several_indexes;
mod stats;
mod subjects;
mod tag;
mod themes;
mod threads;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;
use tempfile::TempDir;

use support::cli::{ingested, json_of, responses, run, stderr, stdout, verbatim};
use support::json::{as_u64, assert_1dp, group, round1, strs};
use support::{fixture, tmp};

fn expected() -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    E.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("expected.json")).expect("read expected.json");
        serde_json::from_str(&text).expect("parse expected.json")
    })
}

/// `verbatim ingest --index DIR EXTRA fixtures/FILE` (an absolute `file` is taken as it is).
fn ingest(dir: &Path, file: &str, extra: &[&str]) -> Output {
    support::cli::ingest(dir, &fixture(file), extra)
}

/// [`ingest`], which must succeed.
fn ingest_ok(dir: &Path, file: &str, extra: &[&str]) -> Output {
    support::cli::ingest_ok(dir, &fixture(file), extra)
}

fn stats_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["stats", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "stats failed: {}", stderr(&out));
    json_of(&out)
}

/// `search --format json`; returns (exit code, parsed JSON or Null).
fn search_json(dir: &Path, query: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["search", query, "--format", "json", "--limit", "5000"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let code = out.status.code().expect("exit code");
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        json_of(&out)
    };
    (code, v)
}

fn hit_ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort_by(|a, b| match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    });
    ids
}

/// Checks a stats group's bands against an expected NPS band object
/// ({promoters, passives, detractors, unscored, nps}).
fn assert_nps_group(g: &Value, e: &Value, what: &str) {
    assert_eq!(
        as_u64(&g["bands"]["high"]),
        as_u64(&e["promoters"]),
        "{what}: promoters"
    );
    assert_eq!(
        as_u64(&g["bands"]["middle"]),
        as_u64(&e["passives"]),
        "{what}: passives"
    );
    assert_eq!(
        as_u64(&g["bands"]["low"]),
        as_u64(&e["detractors"]),
        "{what}: detractors"
    );
    assert_eq!(
        as_u64(&g["bands"]["unscored"]),
        as_u64(&e["unscored"]),
        "{what}: unscored"
    );
    assert_1dp(
        &g["metric"]["value"],
        e["nps"].as_f64().unwrap(),
        &format!("{what}: NPS"),
    );
}

/// Shared read-only index of saas_nps.csv (never modified by any test).
fn saas() -> &'static Path {
    static D: OnceLock<TempDir> = OnceLock::new();
    D.get_or_init(|| ingested("saas_nps.csv")).path()
}

/// Shared read-only index of nps_small.csv.
fn small() -> &'static Path {
    static D: OnceLock<TempDir> = OnceLock::new();
    D.get_or_init(|| ingested("nps_small.csv")).path()
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes)
}

/// Writes `rows` (after a header) to a CSV in `dir` and ingests it into `dir/index`.
fn ingest_rows(dir: &Path, header: &str, rows: &[&str], extra: &[&str]) -> std::path::PathBuf {
    let csv = dir.join("rows.csv");
    std::fs::write(&csv, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let index = dir.join("index");
    let out = verbatim()
        .args(["ingest", "--quiet", "--index"])
        .arg(&index)
        .args(extra)
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    index
}
