//! End-to-end tests of the `verbatim` binary on the fixtures in `fixtures/`.
//!
//! Every expected number comes from `fixtures/README.md` / `fixtures/expected.json`
//! (loaded at run time), or is computed by hand from the fixture file in a comment.
//! Each test runs the real binary with `--index <tempdir>`.

#[path = "../support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

use support::cli::{ingested, json_of, responses, run, stderr, stdout, verbatim};
use support::json::{as_u64, assert_1dp, group, round1, strs};
use support::{fixture, tmp};

mod codebook;
mod questions;
mod readme;
mod several_indexes;
mod threads;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// saas_nps.csv: stats
// ---------------------------------------------------------------------------

#[test]
fn saas_ingest_summary_line() {
    let d = tmp();
    let out = ingest_ok(d.path(), "saas_nps.csv", &[]);
    let so = stdout(&out);
    // 2976 rows; 235 blank + 62 non-answers = 297 without a (real) comment.
    assert!(
        so.contains("2,976 rows: 2,976 added, 0 updated, 0 rejected"),
        "{so}"
    );
    assert!(so.contains("297 without a comment"), "{so}");
    assert!(so.contains("now holds 2,976 responses"), "{so}");
    assert!(
        !d.path().join("rejects.csv").exists() || {
            let r = std::fs::read_to_string(d.path().join("rejects.csv")).unwrap();
            r.lines().count() <= 1
        }
    );
}

#[test]
fn saas_stats_by_quarter_matches_readme() {
    let e = &expected()["saas_nps"];
    let s = stats_json(saas(), &["--by", "quarter"]);
    assert_eq!(s["metric_name"], "NPS");
    assert_eq!(s["by"], "quarter");
    let per_q = e["per_quarter"].as_object().unwrap();
    assert_eq!(s["groups"].as_array().unwrap().len(), per_q.len());
    for (q, eq) in per_q {
        let g = group(&s, q);
        assert_nps_group(g, eq, q);
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_quarter"][q]),
            "{q} rows"
        );
        assert_eq!(
            as_u64(&g["comments"]),
            as_u64(&e["real_comments_per_quarter"][q]),
            "{q} real comments"
        );
    }
}

#[test]
fn saas_stats_overall_nps_comment_rate_margin_benchmark() {
    let s = stats_json(saas(), &[]);
    let o = &s["overall"];
    assert_nps_group(o, &expected()["saas_nps"]["overall"], "overall");
    assert_1dp(&o["metric"]["value"], 16.0, "overall NPS");
    assert_eq!(as_u64(&o["responses"]), 2976);
    assert_eq!(as_u64(&o["comments"]), 2679);
    assert_1dp(&o["comment_rate"], 90.0, "comment rate 2679/2976");
    assert_eq!(o["metric"]["benchmark"], "slipping");
    assert_eq!(o["metric"]["small"], false);
    assert_eq!(as_u64(&o["metric"]["n"]), 2976);
    // margin = 100 * 1.96 * sqrt((p + d - (p - d)^2) / n)
    let (n, p, d): (f64, f64, f64) = (2976.0, 1262.0 / 2976.0, 787.0 / 2976.0);
    let moe = 100.0 * 1.96 * ((p + d - (p - d).powi(2)) / n).sqrt();
    let got = o["metric"]["margin"].as_f64().unwrap();
    assert!((got - moe).abs() < 0.01, "margin {got} vs {moe}");
}

#[test]
fn saas_stats_by_plan_and_channel() {
    let e = &expected()["saas_nps"];
    let s = stats_json(saas(), &["--by", "plan"]);
    for (plan, nps) in e["nps_per_plan"].as_object().unwrap() {
        let g = group(&s, plan);
        assert_1dp(&g["metric"]["value"], nps.as_f64().unwrap(), plan);
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_plan"][plan]),
            "{plan}"
        );
    }
    let s = stats_json(saas(), &["--by", "channel"]);
    for (ch, nps) in e["nps_per_channel"].as_object().unwrap() {
        assert_1dp(&group(&s, ch)["metric"]["value"], nps.as_f64().unwrap(), ch);
    }
}

#[test]
fn saas_stats_table_shows_counts_and_percentages() {
    let out = run(saas(), &["stats", "--by", "quarter"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    // overall row: 787/2976 = 26.4 %, 1262/2976 = 42.4 %
    assert!(so.contains("787 (26.4%)"), "{so}");
    assert!(so.contains("1,262 (42.4%)"), "{so}");
    assert!(so.contains("2026Q3"), "{so}");
}

// ---------------------------------------------------------------------------
// nps_small.csv: hand-checkable stats
// ---------------------------------------------------------------------------

#[test]
fn small_stats_per_quarter_unscored_not_in_nps() {
    let e = &expected()["nps_small"];
    let s = stats_json(small(), &["--by", "quarter"]);
    assert_nps_group(&s["overall"], &e["overall"], "overall");
    assert_eq!(as_u64(&s["overall"]["responses"]), 20);
    // NPS is over the 18 scored rows (ids 3 and 10 are blank).
    assert_eq!(as_u64(&s["overall"]["metric"]["n"]), 18);
    assert_1dp(&s["overall"]["metric"]["value"], 22.2, "100*(9-5)/18");
    // only id 12 has a blank comment: 19/20 = 95 %
    assert_1dp(&s["overall"]["comment_rate"], 95.0, "comment rate");
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        let g = group(&s, q);
        assert_nps_group(g, eq, q);
        assert_eq!(
            as_u64(&g["metric"]["n"]),
            as_u64(&eq["scored"]),
            "{q} scored"
        );
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_quarter"][q]),
            "{q} rows"
        );
        assert_eq!(g["metric"]["small"], true, "{q} is under 30 scored");
    }
}

#[test]
fn small_stats_by_plan() {
    let e = &expected()["nps_small"];
    let s = stats_json(small(), &["--by", "plan"]);
    for (plan, ep) in e["per_plan"].as_object().unwrap() {
        let g = group(&s, plan);
        assert_nps_group(g, ep, plan);
        assert_eq!(
            as_u64(&g["metric"]["n"]),
            as_u64(&ep["scored"]),
            "{plan} scored"
        );
    }
}

#[test]
fn small_stats_table_has_counts_beside_percentages() {
    let out = run(small(), &["stats", "--by", "quarter"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    // 2026Q2: 4 detractors of 8 scored = 50.0 %; overall 9 promoters of 18 = 50.0 %
    let q2 = so
        .lines()
        .find(|l| l.starts_with("2026Q2"))
        .expect("2026Q2 row");
    assert!(q2.contains("4 (50.0%)"), "{q2}");
    assert!(q2.contains("-25.0"), "{q2}");
    let all = so.lines().find(|l| l.starts_with("all")).expect("all row");
    assert!(all.contains("9 (50.0%)"), "{all}");
    assert!(all.contains("5 (27.8%)"), "{all}");
    assert!(all.contains("22.2"), "{all}");
    // small groups are flagged
    assert!(so.contains('*'), "{so}");
}

// ---------------------------------------------------------------------------
// csat_support.csv
// ---------------------------------------------------------------------------

#[test]
fn csat_support_percentage_scale_and_eu_dates() {
    let d = tmp();
    let out = ingest_ok(d.path(), "csat_support.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("day/month"),
        "date order should be reported: {se}"
    );
    let e = &expected()["csat_support"];
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_eq!(s["metric_name"], "CSAT");
    assert_eq!(s["scale"]["kind"], "csat");
    let o = &s["overall"];
    assert_eq!(as_u64(&o["bands"]["high"]), 253);
    assert_eq!(as_u64(&o["bands"]["middle"]), 42);
    assert_eq!(as_u64(&o["bands"]["low"]), 99);
    assert_eq!(as_u64(&o["bands"]["unscored"]), 6);
    assert_eq!(as_u64(&o["metric"]["n"]), 394);
    assert_1dp(&o["metric"]["value"], 64.2, "CSAT 253/394");
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        let g = group(&s, q);
        assert_eq!(as_u64(&g["bands"]["high"]), as_u64(&eq["satisfied"]), "{q}");
        assert_eq!(
            as_u64(&g["bands"]["low"]),
            as_u64(&eq["dissatisfied"]),
            "{q}"
        );
        assert_1dp(&g["metric"]["value"], eq["csat_pct"].as_f64().unwrap(), q);
    }
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["first_date"], "2026-04-01");
    assert_eq!(info["last_date"], "2026-09-29");
}

// ---------------------------------------------------------------------------
// search
// ---------------------------------------------------------------------------

fn expected_term(key: &str) -> Vec<String> {
    strs(&expected()["nps_small"]["term_hits"][key])
}

#[test]
fn search_stemming_billing_finds_billed_and_bills() {
    let (code, v) = search_json(small(), "billing", &[]);
    assert_eq!(code, 0);
    assert_eq!(hit_ids(&v), expected_term("bill* (stem 'bill')"));
    assert_eq!(as_u64(&v["total"]), 6);
    // bands of ids 1,4,8,13,16,19: scores 10,6,0,7,9,10 -> 2 detractors, 1 passive, 3 promoters
    assert_eq!(as_u64(&v["by_band"]["low"]), 2);
    assert_eq!(as_u64(&v["by_band"]["middle"]), 1);
    assert_eq!(as_u64(&v["by_band"]["high"]), 3);
    assert_eq!(as_u64(&v["by_band"]["unscored"]), 0);
}

#[test]
fn search_phrases_and_words() {
    for (q, key) in [
        ("\"customer service\"", "\"customer service\" (phrase)"),
        ("service", "service (word)"),
        ("\"not working\"", "\"not working\" (phrase)"),
        ("working", "working (word)"),
        ("\"no response\"", "\"no response\" (phrase)"),
        ("response", "response (word)"),
        ("refund", "refund (word)"),
    ] {
        let (code, v) = search_json(small(), q, &[]);
        assert_eq!(code, 0, "{q}");
        assert_eq!(hit_ids(&v), expected_term(key), "query {q}");
    }
}

#[test]
fn search_filters_band_quarter_where_dates() {
    // billing hits 1,4,8,13,16,19; detractors among them: 4 (6), 8 (0)
    let (_, v) = search_json(small(), "billing", &["--band", "detractor"]);
    assert_eq!(hit_ids(&v), ["4", "8"]);
    // quarter 2026Q2 (Apr-Jun): 8 (04-14), 13 (06-15)
    let (_, v) = search_json(small(), "billing", &["--quarter", "2026Q2"]);
    assert_eq!(hit_ids(&v), ["8", "13"]);
    // plan Starter: 4, 13, 19 (value matched case-insensitively)
    let (_, v) = search_json(small(), "billing", &["--where", "plan=starter"]);
    assert_eq!(hit_ids(&v), ["4", "13", "19"]);
    // dates inclusive: 2026-02-17 (4) .. 2026-06-15 (13) -> 4, 8, 13
    let (_, v) = search_json(
        small(),
        "billing",
        &["--from", "2026-02-17", "--to", "2026-06-15"],
    );
    assert_eq!(hit_ids(&v), ["4", "8", "13"]);
    // two bands
    let (_, v) = search_json(
        small(),
        "billing",
        &["--band", "passive", "--band", "promoter"],
    );
    assert_eq!(hit_ids(&v), ["1", "13", "16", "19"]);
}

#[test]
fn search_no_hits_exit_1() {
    let (code, _) = search_json(small(), "zebra", &[]);
    assert_eq!(code, 1);
    // a filter that excludes every hit also counts as nothing found
    let (code, _) = search_json(small(), "billing", &["--quarter", "2025Q1"]);
    assert_eq!(code, 1);
}

#[test]
fn search_malformed_query_exit_2_clear_message() {
    for q in ["\"unbalanced", "AND OR ("] {
        let out = run(small(), &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{se}");
        assert!(se.contains("query"), "{se}");
        assert!(!se.contains("panicked"), "{se}");
    }
}

#[test]
fn search_csv_defuses_formula_unless_raw() {
    let out = run(saas(), &["search", "HYPERLINK", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    let line = so
        .lines()
        .find(|l| l.starts_with("R002324"))
        .expect("R002324 row");
    assert!(line.contains(",\"'=HYPERLINK("), "{line}");
    let mut r = csv_reader(&out.stdout);
    let row = r.records().next().unwrap().unwrap();
    let snippet = row.get(row.len() - 1).unwrap();
    assert!(snippet.starts_with("'="), "{snippet}");

    let out = run(saas(), &["search", "HYPERLINK", "--format", "csv", "--raw"]);
    assert_eq!(out.status.code(), Some(0));
    let mut r = csv_reader(&out.stdout);
    let row = r.records().next().unwrap().unwrap();
    let snippet = row.get(row.len() - 1).unwrap();
    assert!(snippet.starts_with("=HYPERLINK("), "{snippet}");
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes)
}

#[test]
fn search_table_has_no_escape_bytes() {
    let out = run(saas(), &["search", "script alert"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b), "ESC byte in table output");
    let so = stdout(&out);
    assert!(so.contains("R001462"), "{so}");
    assert!(so.contains("alert"), "{so}");
}

#[test]
fn search_json_fields_and_hostile_rows() {
    let (code, v) = search_json(saas(), "café", &[]);
    assert_eq!(code, 0);
    let h = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "R001817")
        .expect("accents row found by café");
    for k in [
        "id",
        "date",
        "quarter",
        "score",
        "band",
        "segments",
        "snippet",
        "highlights",
        "source",
    ] {
        assert!(h.get(k).is_some(), "hit lacks {k}: {h}");
    }
    // source points at the physical line of the row (README: line 1166)
    assert!(h["source"].as_str().unwrap().ends_with(":1166"), "{h}");
    assert_eq!(
        v["band_names"],
        serde_json::json!(["detractor", "passive", "promoter"])
    );

    // multi-line comment R000658 (line 392)
    let (_, v) = search_json(saas(), "\"charged twice in March\"", &[]);
    assert!(hit_ids(&v).contains(&"R000658".to_string()), "{v}");
    // curly apostrophe row
    let (_, v) = search_json(saas(), "Salesforce \"asked twice\"", &[]);
    assert!(hit_ids(&v).contains(&"R001785".to_string()), "{v}");
    // email row is searchable
    let (_, v) = search_json(saas(), "\"double charge\"", &[]);
    assert!(hit_ids(&v).contains(&"R004281".to_string()), "{v}");
}

#[test]
fn search_counts_per_band_match_total() {
    let (code, v) = search_json(saas(), "refund", &[]);
    assert_eq!(code, 0);
    let b = &v["by_band"];
    let sum =
        as_u64(&b["low"]) + as_u64(&b["middle"]) + as_u64(&b["high"]) + as_u64(&b["unscored"]);
    assert_eq!(sum, as_u64(&v["total"]));
    let (_, d) = search_json(saas(), "refund", &["--band", "detractor"]);
    assert_eq!(as_u64(&d["total"]), as_u64(&b["low"]));
    assert!(d["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["band"] == "detractor"));
}

// ---------------------------------------------------------------------------
// re-ingest and duplicates
// ---------------------------------------------------------------------------

#[test]
fn reingest_same_file_updates_instead_of_adding() {
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let so = stdout(&out);
    assert!(
        so.contains("20 rows: 0 added, 20 updated, 0 rejected"),
        "{so}"
    );
    assert!(so.contains("now holds 20 responses"), "{so}");
    assert_eq!(responses(d.path()), 20);
    let s = stats_json(d.path(), &[]);
    assert_1dp(&s["overall"]["metric"]["value"], 22.2, "NPS unchanged");
}

#[test]
fn repeated_ids_with_other_comments_are_not_taken_as_the_id() {
    // P03 and P06 repeat with another date and comment: without a flag, they are two responses
    // each, and the note says which column was refused and why.
    let d = tmp();
    let out = ingest_ok(d.path(), "broken/duplicate_ids.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("'id' is not used as the response id")
            && se.contains("'P03' on lines 4 and 8")
            && se.contains("--id-col 'id'"),
        "{se}"
    );
    assert_eq!(responses(d.path()), 10);
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert!(info["mapping"]["id"].is_null(), "{info}");
}

#[test]
fn duplicate_ids_last_occurrence_wins() {
    let d = tmp();
    let out = ingest_ok(d.path(), "broken/duplicate_ids.csv", &["--id-col", "id"]);
    let se = stderr(&out);
    assert!(
        se.contains("P03") && se.contains("P06"),
        "repeated ids named: {se}"
    );
    assert_eq!(responses(d.path()), 8);
    let (code, _) = search_json(d.path(), "\"First answer\"", &[]);
    assert_eq!(code, 1, "first answers must be replaced");
    let (_, v) = search_json(d.path(), "\"Updated answer\"", &[]);
    assert_eq!(hit_ids(&v), ["P03", "P06"]);
    let p03 = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "P03")
        .unwrap();
    assert_eq!(p03["score"].as_f64(), Some(8.0));
    let s = stats_json(d.path(), &[]);
    assert_nps_group(
        &s["overall"],
        &expected()["broken"]["duplicate_ids.csv"]["bands"],
        "dups",
    );
}

// ---------------------------------------------------------------------------
// broken/ files
// ---------------------------------------------------------------------------

/// Ingest a broken/ file that should succeed, then compare counts with expected.json.
fn check_ok_broken(name: &str, extra: &[&str]) -> (TempDir, Output) {
    let e = &expected()["broken"][name];
    let d = tmp();
    let out = ingest_ok(d.path(), &format!("broken/{name}"), extra);
    assert_eq!(responses(d.path()), as_u64(&e["indexed"]), "{name} indexed");
    let s = stats_json(d.path(), &[]);
    let b = &e["bands"];
    match b.get("nps") {
        Some(Value::Null) => {
            // no score column: everything unscored, no metric at all (not 0)
            assert!(s["overall"]["metric"].is_null(), "{name}: {s}");
            assert_eq!(
                as_u64(&s["overall"]["bands"]["unscored"]),
                as_u64(&b["unscored"])
            );
        }
        Some(_) => assert_nps_group(&s["overall"], b, name),
        None => {}
    }
    let n_rej = e["rejected"].as_array().map(|a| a.len()).unwrap_or(0);
    let so = stdout(&out);
    assert!(so.contains(&format!("{n_rej} rejected")), "{name}: {so}");
    (d, out)
}

fn rejects_lines(dir: &Path) -> Vec<(u64, String)> {
    let text = std::fs::read_to_string(dir.join("rejects.csv")).expect("rejects.csv");
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    assert_eq!(&h[0], "file");
    assert_eq!(&h[1], "line");
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].parse().unwrap(),
                rec.iter().collect::<Vec<_>>().join(","),
            )
        })
        .collect()
}

fn expected_reject_lines(name: &str) -> Vec<u64> {
    expected()["broken"][name]["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| as_u64(&r["line"]))
        .collect()
}

#[test]
fn broken_bad_scores_rejects_lines_with_reasons() {
    let (d, out) = check_ok_broken("bad_scores.csv", &[]);
    let rej = rejects_lines(d.path());
    assert_eq!(rej.iter().map(|r| r.0).collect::<Vec<_>>(), [7, 9, 11, 13]);
    assert_eq!(expected_reject_lines("bad_scores.csv"), [7, 9, 11, 13]);
    for (line, id) in [(7, "B06"), (9, "B08"), (11, "B10"), (13, "B12")] {
        let row = &rej.iter().find(|r| r.0 == line).unwrap().1;
        assert!(
            row.contains("score") && row.contains(id),
            "line {line}: {row}"
        );
    }
    let row7 = &rej.iter().find(|r| r.0 == 7).unwrap().1;
    assert!(row7.contains("0-10"), "out of range reason: {row7}");
    let se = stderr(&out);
    assert!(se.contains("bad_scores.csv:7"), "{se}");
    // 16 data rows, 12 added, 2 without a score: B02 (N/A, a non-answer) and B04 (blank)
    let so = stdout(&out);
    assert!(so.contains("16 rows: 12 added"), "{so}");
    assert!(
        so.contains("2 without a score (1 of them answered like 'N/A'"),
        "{so}"
    );
}

#[test]
fn broken_bad_dates() {
    let (d, _) = check_ok_broken("bad_dates.csv", &[]);
    let lines: Vec<u64> = rejects_lines(d.path()).iter().map(|r| r.0).collect();
    assert_eq!(lines, expected_reject_lines("bad_dates.csv"));
    assert_eq!(lines, [4, 6, 8]);
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_eq!(as_u64(&group(&s, "2026Q1")["responses"]), 1);
    assert_eq!(as_u64(&group(&s, "2026Q3")["responses"]), 6);
}

#[test]
fn broken_ragged() {
    let (d, _) = check_ok_broken("ragged.csv", &[]);
    let lines: Vec<u64> = rejects_lines(d.path()).iter().map(|r| r.0).collect();
    assert_eq!(lines, [3, 9]);
    let (_, v) = search_json(d.path(), "\"Love it, really\"", &[]);
    assert_eq!(hit_ids(&v), ["G04"]);
}

#[test]
fn broken_invalid_utf8_rejects_line_6() {
    let (d, out) = check_ok_broken("invalid_utf8.csv", &[]);
    // detected as UTF-8 (valid multi-byte rows), not Windows-1252
    assert!(stderr(&out).contains("UTF-8"), "{}", stderr(&out));
    let rej = rejects_lines(d.path());
    assert_eq!(rej.iter().map(|r| r.0).collect::<Vec<_>>(), [6]);
    assert!(
        rej[0].1.contains("U05") && rej[0].1.contains("UTF-8"),
        "{:?}",
        rej
    );
    // U05 is not indexed; the other seven are
    let (_, v) = search_json(d.path(), "*", &[]);
    let ids = hit_ids(&v);
    assert_eq!(ids.len(), 7, "{ids:?}");
    assert!(!ids.contains(&"U05".to_string()), "{ids:?}");
}

#[test]
fn broken_cp1252_decoded_and_searchable() {
    let (d, out) = check_ok_broken("cp1252.csv", &[]);
    assert!(stderr(&out).contains("Windows-1252"), "{}", stderr(&out));
    let (code, v) = search_json(d.path(), "café", &[]);
    assert_eq!(code, 0);
    assert_eq!(hit_ids(&v), ["C01"]);
    assert!(v["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("café-style onboarding, très bien"));
    let (_, v) = search_json(d.path(), "\"billing error\"", &[]);
    assert_eq!(hit_ids(&v), ["C05"]);
    assert!(v["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .starts_with("Charged twice – “billing error"));
    let (_, v) = search_json(d.path(), "complaints", &[]);
    assert_eq!(v["hits"][0]["snippet"], "Works fine; no complaints");
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_eq!(as_u64(&group(&s, "2026Q3")["responses"]), 6);
}

#[test]
fn broken_bom_semicolon_tabs_utf16_crlf_cr_only() {
    for name in [
        "bom_semicolon.csv",
        "tabs.tsv",
        "utf16.csv",
        "crlf.csv",
        "cr_only.csv",
    ] {
        let (d, _) = check_ok_broken(name, &[]);
        let info = json_of(&run(d.path(), &["info", "--json"]));
        // BOM stripped: the id column is called `id`
        assert_eq!(info["mapping"]["id"], "id", "{name}");
    }
}

#[test]
fn broken_crlf_keeps_inner_newline_and_line_numbers() {
    let (d, _) = check_ok_broken("crlf.csv", &[]);
    let (_, v) = search_json(d.path(), "\"support is slow\"", &[]);
    assert_eq!(hit_ids(&v), ["L02"]);
    assert!(
        v["hits"][0]["source"].as_str().unwrap().ends_with(":3"),
        "{v}"
    );
    let (_, v) = search_json(d.path(), "*", &["--sort", "date"]);
    if let Some(l03) = v["hits"]
        .as_array()
        .and_then(|a| a.iter().find(|h| h["id"] == "L03"))
    {
        assert!(l03["source"].as_str().unwrap().ends_with(":5"), "{l03}");
    }
}

#[test]
fn broken_qualtrics() {
    let (d, out) = check_ok_broken("qualtrics.csv", &[]);
    assert!(stderr(&out).contains("Qualtrics"), "{}", stderr(&out));
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["mapping"]["id"], "ResponseId");
    assert_eq!(info["mapping"]["date"], "RecordedDate");
    assert_eq!(info["mapping"]["score"], "Q1");
    assert_eq!(info["mapping"]["text"], serde_json::json!(["Q2"]));
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_1dp(
        &s["overall"]["metric"]["value"],
        6.7,
        "qualtrics NPS 100*(12-10)/30",
    );
    assert_eq!(as_u64(&group(&s, "2026Q3")["responses"]), 30);
}

#[test]
fn broken_surveymonkey() {
    let (d, out) = check_ok_broken("surveymonkey.csv", &[]);
    assert!(stderr(&out).contains("SurveyMonkey"), "{}", stderr(&out));
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_1dp(&s["overall"]["metric"]["value"], 16.7, "100*(15-10)/30");
    assert_eq!(as_u64(&group(&s, "2026Q3")["responses"]), 30);
    // 12-hour clock: 08/09/2026 12:32:55 AM is 2026-08-09
    let out = run(
        d.path(),
        &["search", "*", "--format", "json", "--limit", "100"],
    );
    if out.status.code() == Some(0) {
        let v = json_of(&out);
        if let Some(h) = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == "114283785532")
        {
            assert_eq!(h["date"], "2026-08-09");
        }
    }
}

#[test]
fn broken_two_scores_picks_numeric_column() {
    let (d, _) = check_ok_broken("two_scores.csv", &[]);
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["mapping"]["score"], "nps_score");
}

#[test]
fn broken_survey_xlsx_default_sheet_and_other() {
    let (d, _) = check_ok_broken("survey.xlsx", &[]);
    let e = &expected()["broken"]["survey.xlsx"];
    let s = stats_json(d.path(), &["--by", "quarter"]);
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        assert_nps_group(group(&s, q), eq, q);
    }
    // ids O01..O05 of sheet Other are not included
    let (code, _) = search_json(d.path(), "O01", &[]);
    assert_ne!(code, 2);
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["first_date"], "2026-01-04");
    assert_eq!(info["last_date"], "2026-08-23");

    let d2 = tmp();
    ingest_ok(d2.path(), "broken/survey.xlsx", &["--sheet", "Other"]);
    assert_eq!(responses(d2.path()), 5);
    let s = stats_json(d2.path(), &[]);
    assert_1dp(&s["overall"]["metric"]["value"], 0.0, "Other sheet NPS");
}

#[test]
fn broken_header_only_ok_with_warning() {
    let d = tmp();
    let out = ingest(d.path(), "broken/header_only.csv", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no rows"), "{}", stderr(&out));
    assert_eq!(responses(d.path()), 0);
}

#[test]
fn broken_unreadable_inputs_exit_2_naming_file() {
    for (name, needle) in [
        ("empty.csv", "empty"),
        ("not_csv.pdf", "PDF"),
        ("no_score_no_text.csv", "id, plan, region"),
        ("does_not_exist.csv", "does_not_exist.csv"),
    ] {
        let d = tmp();
        let out = ingest(d.path(), &format!("broken/{name}"), &[]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let se = stderr(&out);
        assert!(se.contains("verbatim: error:"), "{name}: {se}");
        assert!(
            se.contains(name),
            "{name}: error should name the file: {se}"
        );
        assert!(se.contains(needle), "{name}: {se}");
        assert!(!se.contains("panicked"), "{se}");
        assert_eq!(
            responses_or_none(d.path()).unwrap_or(0),
            0,
            "{name}: nothing indexed"
        );
    }
    // a directory
    let d = tmp();
    let out = verbatim()
        .args(["ingest", "--index"])
        .arg(d.path())
        .arg(fixture("broken"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("verbatim: error:") && se.contains("broken"),
        "{se}"
    );
}

fn responses_or_none(dir: &Path) -> Option<u64> {
    let out = run(dir, &["info", "--json"]);
    (out.status.code() == Some(0)).then(|| as_u64(&json_of(&out)["responses"]))
}

#[test]
fn broken_ambiguous_dates_needs_date_format() {
    let d = tmp();
    let out = ingest(d.path(), "broken/ambiguous_dates.csv", &[]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(se.contains("--date-format"), "{se}");
    assert!(
        responses_or_none(d.path()).unwrap_or(0) == 0,
        "nothing indexed"
    );

    let d = tmp();
    ingest_ok(
        d.path(),
        "broken/ambiguous_dates.csv",
        &["--date-format", "eu"],
    );
    assert_eq!(responses(d.path()), 12);
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_1dp(&s["overall"]["metric"]["value"], 0.0, "NPS");
    // day-first: 2026Q1 5, Q2 3, Q3 2, Q4 2
    for (q, n) in [("2026Q1", 5), ("2026Q2", 3), ("2026Q3", 2), ("2026Q4", 2)] {
        assert_eq!(as_u64(&group(&s, q)["responses"]), n, "{q}");
    }
    let d = tmp();
    ingest_ok(
        d.path(),
        "broken/ambiguous_dates.csv",
        &["--date-format", "us"],
    );
    let s = stats_json(d.path(), &["--by", "quarter"]);
    for (q, n) in [("2026Q1", 2), ("2026Q2", 3), ("2026Q3", 2), ("2026Q4", 5)] {
        assert_eq!(as_u64(&group(&s, q)["responses"]), n, "{q}");
    }
}

#[test]
fn strict_with_rejects_exits_3() {
    let d = tmp();
    let out = ingest(d.path(), "broken/bad_scores.csv", &["--strict", "--quiet"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // --quiet still prints rejected-row lines
    assert!(
        stderr(&out).contains("bad_scores.csv:7"),
        "{}",
        stderr(&out)
    );
    // and without rejects --strict is a plain success
    let d = tmp();
    let out = ingest(d.path(), "nps_small.csv", &["--strict"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn quiet_suppresses_notes() {
    let d = tmp();
    let out = ingest_ok(d.path(), "nps_small.csv", &["--quiet"]);
    assert!(stderr(&out).trim().is_empty(), "{}", stderr(&out));
    assert!(stdout(&out).contains("now holds 20 responses"));
}

// ---------------------------------------------------------------------------
// scales
// ---------------------------------------------------------------------------

#[test]
fn mixed_scale_standalone_is_csat() {
    let (d, _) = check_ok_broken("mixed_scale.csv", &[]);
    let s = stats_json(d.path(), &[]);
    assert_eq!(s["scale"]["kind"], "csat");
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 7);
    assert_eq!(as_u64(&s["overall"]["bands"]["middle"]), 2);
    assert_eq!(as_u64(&s["overall"]["bands"]["low"]), 3);
    assert_1dp(&s["overall"]["metric"]["value"], 58.3, "CSAT 7/12");
}

#[test]

fn mixed_scale_into_nps_index_is_refused() {
    let d = tmp();
    ingest_ok(d.path(), "saas_nps.csv", &["-q"]);
    let out = ingest(d.path(), "broken/mixed_scale.csv", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let se = stderr(&out);
    assert!(
        se.contains("verbatim: error:") && se.contains("scale"),
        "{se}"
    );
    assert_eq!(responses(d.path()), 2976, "nothing added");
}

#[test]
fn no_score_index_says_no_scores() {
    let (d, _) = check_ok_broken("no_score.csv", &[]);
    let out = run(d.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    assert!(so.contains("no scores"), "{so}");
    assert!(!so.contains("NPS  "), "{so}");
    let out = run(d.path(), &["search", "x", "--band", "detractor"]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(se.starts_with("verbatim: error:"), "{se}");
    assert!(se.contains("scores"), "{se}");
    // the text is still searchable
    let (code, v) = search_json(d.path(), "*", &[]);
    assert!(code == 0 || code == 1, "{v}");
}

// ---------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------

#[test]
fn delete_by_id_and_by_segment() {
    let d = tmp();
    ingest_ok(d.path(), "saas_nps.csv", &["-q"]);
    // R001462 is the script-tag row (plan Free, README hostile rows)
    let out = run(d.path(), &["delete", "--id", "R001462"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(so.contains("Deleted 1 response"), "{so}");
    assert!(so.contains("2,975"), "{so}");
    assert_eq!(responses(d.path()), 2975);
    let (code, _) = search_json(d.path(), "script alert", &[]);
    assert_eq!(code, 1);

    // Free had 886 rows; one (R001462) is already gone
    let s = stats_json(d.path(), &["--by", "plan"]);
    let free = as_u64(&group(&s, "Free")["responses"]);
    assert_eq!(free, 885);
    let out = run(d.path(), &["delete", "--where", "plan=Free"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Deleted 885 response"),
        "{}",
        stdout(&out)
    );
    assert_eq!(responses(d.path()), 2975 - 885);
    let s = stats_json(d.path(), &["--by", "plan"]);
    assert!(s["groups"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["group"] != "Free"));

    // unknown id: nothing found
    let out = run(d.path(), &["delete", "--id", "R999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(responses(d.path()), 2090);
}

// ---------------------------------------------------------------------------
// info, index errors, environment
// ---------------------------------------------------------------------------

#[test]
fn info_json_describes_the_index() {
    let out = run(saas(), &["info", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["scale"], "NPS 0-10");
    assert_eq!(v["language"], "en");
    assert_eq!(as_u64(&v["responses"]), 2976);
    assert_eq!(as_u64(&v["with_comment"]), 2679);
    assert_eq!(as_u64(&v["unscored"]), 0);
    assert_eq!(v["first_date"], "2025-01-01");
    assert_eq!(v["last_date"], "2026-09-30");
    assert_eq!(v["mapping"]["id"], "response_id");
    assert_eq!(v["mapping"]["date"], "submitted_at");
    assert_eq!(v["mapping"]["score"], "nps_score");
    assert_eq!(v["mapping"]["text"], serde_json::json!(["comment"]));
    let segs: Vec<&str> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(segs, ["plan", "region", "channel"]);
}

#[test]
fn incompatible_index_format_asks_to_reingest() {
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    std::fs::write(d.path().join("verbatim.json"), "{\"format_version\": 99}").unwrap();
    let out = run(d.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(se.starts_with("verbatim: error:"), "{se}");
    assert!(se.contains("99") && se.contains("ingest"), "{se}");
}

#[test]
fn missing_index_says_run_ingest_first() {
    let d = tmp();
    for args in [&["stats"][..], &["search", "billing"], &["info"]] {
        let out = run(d.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{se}");
        assert!(se.contains("ingest"), "{se}");
    }
}

#[test]
fn index_from_env_and_after_subcommand() {
    let d = tmp();
    // VERBATIM_INDEX for ingest
    Command::cargo_bin("verbatim")
        .unwrap()
        .env("VERBATIM_INDEX", d.path())
        .args(["ingest", "-q"])
        .arg(fixture("nps_small.csv"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("now holds 20 responses"));
    // and for reading
    Command::cargo_bin("verbatim")
        .unwrap()
        .env("VERBATIM_INDEX", d.path())
        .args(["info", "--json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"responses\": 20"));
    // --index before the subcommand
    verbatim()
        .arg("--index")
        .arg(d.path())
        .args(["stats", "--format", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"responses\": 20"));
    // --index after the subcommand (run() does this) overrides the env var
    let other = tmp();
    Command::cargo_bin("verbatim")
        .unwrap()
        .env("VERBATIM_INDEX", other.path())
        .args(["search", "refund", "--index"])
        .arg(d.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("refund"));
}

#[test]
fn errors_go_to_stderr_with_prefix() {
    verbatim()
        .args(["stats", "--by", "quarter", "--index"])
        .arg(small())
        .args(["--quarter", "not-a-quarter"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("verbatim: error:"))
        .stdout(predicate::str::is_empty());
}

#[test]

fn snippet_of_short_comment_is_the_whole_comment() {
    let d = tmp();
    ingest_ok(d.path(), "broken/cp1252.csv", &["-q"]);
    let (_, v) = search_json(d.path(), "\"billing error\"", &[]);
    assert_eq!(
        v["hits"][0]["snippet"],
        "Charged twice – “billing error” again"
    );
    let (_, v) = search_json(saas(), "script alert", &[]);
    assert_eq!(
        v["hits"][0]["snippet"],
        "<script>alert(1)</script> sorry, just checking if your form is safe. The product works fine."
    );
}

// ---------------------------------------------------------------------------
// more: filters, errors, multiple files, options
// ---------------------------------------------------------------------------

#[test]
fn bad_filters_exit_2_with_message() {
    for (args, needle) in [
        (
            &["stats", "--quarter", "not-a-quarter"][..],
            "not-a-quarter",
        ),
        (&["search", "billing", "--where", "nosuch=x"], "nosuch"),
        (&["search", "billing", "--band", "happy"], "happy"),
        (&["stats", "--by", "nosuch"], "nosuch"),
    ] {
        let out = run(small(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{args:?}: {se}");
        assert!(se.contains(needle), "{args:?}: {se}");
    }
    // an impossible date is refused (clap reports it), exit 2
    let out = run(small(), &["search", "billing", "--from", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2026-13-01"), "{}", stderr(&out));
}

#[test]
fn stats_filters_where_band_quarter() {
    // plan Pro (ids 1,5,9,11,15,16,20): promoters 1 (10), 16 (9), 20 (9)
    let s = stats_json(small(), &["--where", "plan=PRO", "--band", "promoter"]);
    assert_eq!(as_u64(&s["overall"]["responses"]), 3);
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 3);
    let scope = s["scope"].as_str().unwrap();
    assert!(
        scope.contains("Pro") && scope.contains("promoter"),
        "{scope}"
    );
    // quarter filter = the 2026Q2 group of --by quarter
    let s = stats_json(small(), &["--quarter", "2026Q2"]);
    assert_nps_group(
        &s["overall"],
        &expected()["nps_small"]["per_quarter"]["2026Q2"],
        "2026Q2",
    );
    // date range 2026-03-31..2026-04-01 holds ids 6 (9) and 7 (3): NPS 0.0
    let s = stats_json(small(), &["--from", "2026-03-31", "--to", "2026-04-01"]);
    assert_eq!(as_u64(&s["overall"]["responses"]), 2);
    assert_1dp(&s["overall"]["metric"]["value"], 0.0, "ids 6 and 7");
}

#[test]
fn search_sort_by_date_and_limit() {
    let (_, v) = search_json(small(), "billing", &["--sort", "date"]);
    let dates: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert!(
        dates == sorted || dates == sorted.iter().rev().cloned().collect::<Vec<_>>(),
        "{dates:?}"
    );
    let out = run(
        small(),
        &["search", "billing", "--format", "json", "--limit", "2"],
    );
    let v = json_of(&out);
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    assert_eq!(
        as_u64(&v["total"]),
        6,
        "total counts all matches, not the shown ones"
    );
}

#[test]
fn search_multiline_comment_keeps_newlines() {
    let (_, v) = search_json(saas(), "\"charged twice in March\"", &[]);
    let h = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "R000658")
        .unwrap();
    let snip = h["snippet"].as_str().unwrap();
    assert!(
        snip.starts_with("Billing is a mess.\nWe were charged twice in March\nand nobody"),
        "{snip}"
    );
    assert!(h["source"].as_str().unwrap().ends_with(":392"), "{h}");
    // the next row starts 3 physical lines later (its id is the next one in the file)
    let (_, v) = search_json(saas(), "*", &[]);
    let hits = v["hits"].as_array().unwrap();
    let source_of = |id: &str| {
        hits.iter()
            .find(|h| h["id"] == id)
            .map(|h| h["source"].as_str().unwrap().to_string())
    };
    let next = source_of("R000659")
        .or_else(|| source_of("R000660"))
        .expect("a later row");
    assert!(next.ends_with(":395") || next.ends_with(":396"), "{next}");
}

#[test]
fn survey_xlsx_holds_exactly_sheet_one_ids() {
    let d = tmp();
    ingest_ok(d.path(), "broken/survey.xlsx", &["-q"]);
    let (_, v) = search_json(d.path(), "*", &[]);
    let ids = hit_ids(&v);
    let want: Vec<String> = (1..=25).map(|i| format!("X{i:03}")).collect();
    assert_eq!(ids, want);
    // numeric cells become whole scores (9.0 -> 9): bands add up to 24 scored + 1 unscored
    let s = stats_json(d.path(), &[]);
    assert_eq!(as_u64(&s["overall"]["metric"]["n"]), 24);
}

#[test]
fn surveymonkey_12_hour_clock_and_exclude_col() {
    let d = tmp();
    ingest_ok(
        d.path(),
        "broken/surveymonkey.csv",
        &[
            "-q",
            "--exclude-col",
            "Email Address",
            "--exclude-col",
            "First Name",
        ],
    );
    let (_, v) = search_json(d.path(), "*", &[]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 30);
    for (id, date) in [
        ("114283762411", "2026-07-18"),
        ("114283785532", "2026-08-09"),
        ("114283840995", "2026-09-06"),
        ("114283857003", "2026-09-13"),
    ] {
        let h = hits
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(h["date"], date, "{id}");
    }
    let info = json_of(&run(d.path(), &["info", "--json"]));
    // IP Address and Last Name are personal data too, left out by default.
    assert_eq!(
        info["mapping"]["excluded"],
        serde_json::json!(["IP Address", "Email Address", "First Name", "Last Name"])
    );
    let segs = info["segments"].to_string();
    assert!(
        !segs.contains("Email Address")
            && !segs.contains("First Name")
            && !segs.contains("IP Address"),
        "{segs}"
    );
    for h in hits {
        let seg = h["segments"].to_string();
        assert!(
            !seg.contains("@example.com"),
            "excluded email still stored: {seg}"
        );
    }
}

#[test]
fn fiscal_year_quarters() {
    // FY starting April is named by the year it ends in (help: FY2027Q1):
    // Jan-Mar 2026 -> FY2026Q4 (6 rows), Apr-Jun 2026 -> FY2027Q1 (9), Jul-Sep -> FY2027Q2 (5)
    let d = tmp();
    ingest_ok(
        d.path(),
        "nps_small.csv",
        &["-q", "--fiscal-year-start", "4"],
    );
    let s = stats_json(d.path(), &["--by", "quarter"]);
    let e = &expected()["nps_small"]["per_quarter"];
    assert_nps_group(group(&s, "FY2026Q4"), &e["2026Q1"], "FY2026Q4");
    assert_nps_group(group(&s, "FY2027Q1"), &e["2026Q2"], "FY2027Q1");
    assert_nps_group(group(&s, "FY2027Q2"), &e["2026Q3"], "FY2027Q2");
    let (_, v) = search_json(d.path(), "billing", &["--quarter", "FY2027Q1"]);
    assert_eq!(hit_ids(&v), ["8", "13"]);
}

#[test]
fn several_files_in_one_ingest() {
    // nps_small (20) + two_scores (10, ids T..) into one NPS index
    let d = tmp();
    let out = verbatim()
        .args(["ingest", "-q", "--index"])
        .arg(d.path())
        .arg(fixture("nps_small.csv"))
        .arg(fixture("broken/two_scores.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(
        so.contains("nps_small.csv: 20 rows") && so.contains("two_scores.csv: 10 rows"),
        "{so}"
    );
    assert!(so.contains("now holds 30 responses"), "{so}");
    // bands: nps_small 9/4/5 (+2 unscored), two_scores 4/2/4 -> 13 promoters, 9 detractors of 28
    let s = stats_json(d.path(), &[]);
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 13);
    assert_eq!(as_u64(&s["overall"]["bands"]["low"]), 9);
    assert_1dp(&s["overall"]["metric"]["value"], 14.3, "100*(13-9)/28");
}

#[test]

fn reingest_file_with_out_of_range_scores_updates() {
    let d = tmp();
    ingest_ok(d.path(), "broken/bad_scores.csv", &["-q"]);
    let out = ingest(d.path(), "broken/bad_scores.csv", &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 added, 12 updated, 4 rejected"),
        "{}",
        stdout(&out)
    );
    assert_eq!(responses(d.path()), 12);
}

#[test]

fn bad_scores_into_existing_nps_index_rejects_rows_not_file() {
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest(d.path(), "broken/bad_scores.csv", &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // 20 + the 12 rows of bad_scores.csv that are not rejected (B02's N/A is a non-answer)
    assert_eq!(responses(d.path()), 32);
}

// ---- themes and tag (issue 3) ----
//
// Robust, analyst-level checks of `themes` and `tag` on saas_nps.csv: planted themes are found
// in the right bands/segments/quarters (matched by their words, never by tuned labels), counts
// add up, output is deterministic, quotes are real text, CSV/MD are safe.

/// `themes --format json` plus `extra`; returns (exit code, JSON or Null).
fn themes_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["themes", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let code = out.status.code().expect("exit code");
    assert!(
        code == 0 || code == 1,
        "themes {extra:?} exit {code}: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        json_of(&out)
    };
    (code, v)
}

fn theme_groups(v: &Value) -> &Vec<Value> {
    v["groups"].as_array().expect("groups array")
}

fn group_themes(g: &Value) -> &Vec<Value> {
    g["themes"].as_array().expect("themes array")
}

fn all_themes(v: &Value) -> Vec<&Value> {
    theme_groups(v).iter().flat_map(group_themes).collect()
}

/// Does any of the theme's terms contain any of `words` (case-insensitive)?
fn terms_have(t: &Value, words: &[&str]) -> bool {
    t["terms"].as_array().expect("terms").iter().any(|x| {
        let x = x.as_str().unwrap().to_lowercase();
        words.iter().any(|w| x.contains(w))
    })
}

const BILLING_WORDS: &[&str] = &["charged", "billing", "billed", "invoice", "refund"];
const CRASH_WORDS: &[&str] = &["crash", "freez"];
const EASE_WORDS: &[&str] = &["easy", "intuitive"];
const INTEGRATION_WORDS: &[&str] = &["integration", "salesforce", "slack", "jira", "hubspot"];

fn kind_of(t: &Value) -> &str {
    t["kind"].as_str().expect("kind")
}

/// The theme with the most mentions among those whose terms contain one of `words`.
fn strongest_with<'a>(
    themes: &[&'a Value],
    words: &[&str],
    kind: Option<&str>,
) -> Option<&'a Value> {
    themes
        .iter()
        .copied()
        .filter(|t| terms_have(t, words) && kind.is_none_or(|k| kind_of(t) == k))
        .max_by_key(|t| as_u64(&t["mentions"]))
}

/// Planted themes per response id (fixtures/labels/saas_nps_themes.csv).
fn planted() -> &'static std::collections::HashMap<String, Vec<String>> {
    static P: OnceLock<std::collections::HashMap<String, Vec<String>>> = OnceLock::new();
    P.get_or_init(|| {
        let mut r = csv::Reader::from_path(fixture("labels/saas_nps_themes.csv")).unwrap();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                let themes = rec[1]
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                (rec[0].to_string(), themes)
            })
            .collect()
    })
}

/// saas_nps.csv rows: id -> (band name, comment).
fn saas_rows() -> &'static std::collections::HashMap<String, (String, String)> {
    static R: OnceLock<std::collections::HashMap<String, (String, String)>> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = csv::Reader::from_path(fixture("saas_nps.csv")).unwrap();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                let score: u32 = rec[5].parse().unwrap();
                let band = match score {
                    0..=6 => "detractor",
                    7..=8 => "passive",
                    _ => "promoter",
                };
                (rec[0].to_string(), (band.to_string(), rec[6].to_string()))
            })
            .collect()
    })
}

fn planted_count(theme: &str, band: Option<&str>) -> u64 {
    planted()
        .iter()
        .filter(|(id, ts)| {
            ts.iter().any(|t| t == theme) && band.is_none_or(|b| saas_rows()[*id].0 == b)
        })
        .count() as u64
}

fn is_real_comment(c: &str) -> bool {
    let t = c.trim().to_lowercase();
    !t.is_empty() && !["n/a", "none", "-", ".", "nothing", "no comment"].contains(&t.as_str())
}

fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn band_sum(b: &Value) -> u64 {
    ["low", "middle", "high", "unscored"]
        .iter()
        .map(|k| as_u64(&b[k]))
        .sum()
}

#[test]
fn themes_band_groups_find_planted_concerns() {
    let (code, v) = themes_json(saas(), &["--by", "band"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["by"], "band");
    assert_eq!(as_u64(&v["responses"]), 2976);
    let names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    for b in ["detractor", "passive", "promoter"] {
        assert!(names.contains(&b), "group {b} missing: {names:?}");
    }
    let themes_of = |name: &str| -> Vec<&Value> { group_themes(group(&v, name)).iter().collect() };

    // detractors: billing errors (planted 156 detractor rows) and app crashes (135)
    let det = themes_of("detractor");
    let billing = strongest_with(&det, BILLING_WORDS, Some("complaint"))
        .unwrap_or_else(|| panic!("no billing complaint among detractor themes: {det:#?}"));
    let planted_billing = planted_count("billing_errors", Some("detractor"));
    assert_eq!(
        planted_billing, 156,
        "README: billing_errors bands 156/29/3"
    );
    assert!(
        as_u64(&billing["mentions"]) * 2 >= planted_billing,
        "billing theme mentions {} < half of {planted_billing} planted detractor rows",
        billing["mentions"]
    );
    assert_eq!(
        as_u64(&billing["bands"]["low"]),
        as_u64(&billing["mentions"]),
        "a detractor-group theme counts only detractors"
    );
    let crash = strongest_with(&det, CRASH_WORDS, Some("complaint"))
        .unwrap_or_else(|| panic!("no app-crash complaint among detractor themes: {det:#?}"));
    assert!(
        as_u64(&crash["mentions"]) * 2 >= planted_count("mobile_app_crashes", Some("detractor")),
        "{crash}"
    );
    assert!(terms_have(crash, &["app"]), "{crash}");

    // promoters: ease-of-use praise
    let pro = themes_of("promoter");
    let ease = strongest_with(&pro, EASE_WORDS, Some("praise"))
        .unwrap_or_else(|| panic!("no ease-of-use praise among promoter themes: {pro:#?}"));
    assert!(as_u64(&ease["mentions"]) >= 100, "{ease}");
    // no promoter theme is a billing or crash complaint
    assert!(
        strongest_with(&pro, BILLING_WORDS, Some("complaint")).is_none(),
        "billing complaint among promoters"
    );

    // integrations: an `ask` theme in some group (passives carry most), asks counted
    let all = all_themes(&v);
    let ask = strongest_with(&all, INTEGRATION_WORDS, Some("ask"))
        .unwrap_or_else(|| panic!("no integration ask theme: {v:#}"));
    let asks = as_u64(&ask["kinds"]["ask"]);
    assert!(asks > 0, "{ask}");
    assert!(asks >= as_u64(&ask["kinds"]["complaint"]), "{ask}");
    assert!(
        group_themes(group(&v, "passive"))
            .iter()
            .any(|t| kind_of(t) == "ask" && terms_have(t, INTEGRATION_WORDS)),
        "passives should ask for integrations"
    );
}

#[test]
fn themes_single_group_bands_match_planted_skew() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    assert_eq!(code, 0);
    assert_eq!(theme_groups(&v).len(), 1, "--by none is one group");
    let all = all_themes(&v);
    let billing = strongest_with(&all, BILLING_WORDS, None).expect("billing theme in top 20");
    let (m, low) = (
        as_u64(&billing["mentions"]),
        as_u64(&billing["bands"]["low"]),
    );
    assert!(low * 10 >= m * 6, "billing mostly detractors: {low}/{m}");
    assert!(
        low * 2 >= 156,
        "billing detractor mentions {low} vs 156 planted"
    );
    assert_eq!(kind_of(billing), "complaint");
    let crash = strongest_with(&all, CRASH_WORDS, None).expect("crash theme in top 20");
    let (m, low) = (as_u64(&crash["mentions"]), as_u64(&crash["bands"]["low"]));
    assert!(low * 10 >= m * 6, "crashes mostly detractors: {low}/{m}");
    let ease = strongest_with(&all, EASE_WORDS, None).expect("ease theme in top 20");
    let (m, high) = (as_u64(&ease["mentions"]), as_u64(&ease["bands"]["high"]));
    assert!(high * 2 > m, "ease-of-use mostly promoters: {high}/{m}");
    assert_eq!(kind_of(ease), "praise");
    // single group: no lift (nothing to compare with)
    assert!(
        all.iter().all(|t| t["lift"].is_null()),
        "lift without other groups"
    );
}

#[test]
fn themes_segments_crashes_on_mobile_price_on_cheap_plans() {
    let (code, v) = themes_json(saas(), &["--by", "channel"]);
    assert_eq!(code, 0);
    let mobile: Vec<&Value> = group_themes(group(&v, "mobile")).iter().collect();
    let crash = strongest_with(&mobile, CRASH_WORDS, None)
        .unwrap_or_else(|| panic!("no crash theme for channel=mobile: {mobile:#?}"));
    let lift = crash["lift"].as_f64().expect("lift vs other channels");
    assert!(
        lift > 1.5,
        "crashes over-represented on mobile: lift {lift}"
    );

    let (code, v) = themes_json(saas(), &["--by", "plan"]);
    assert_eq!(code, 0);
    let mut names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Enterprise", "Free", "Pro", "Starter"],
        "groups are plan values"
    );
    let price_words = &["price", "expensive", "cost", "afford", "overpriced"];
    let cheap: Vec<&Value> = ["Free", "Starter"]
        .iter()
        .flat_map(|p| group_themes(group(&v, p)))
        .collect();
    let price = strongest_with(&cheap, price_words, Some("complaint"))
        .unwrap_or_else(|| panic!("no price complaint for Free/Starter: {cheap:#?}"));
    assert!(
        price["lift"].as_f64().unwrap_or(f64::INFINITY) > 1.0,
        "{price}"
    );
}

#[test]
fn themes_counts_add_up() {
    for by in ["none", "band", "plan"] {
        let (code, v) = themes_json(saas(), &["--by", by, "--top", "20"]);
        assert_eq!(code, 0, "--by {by}");
        let min = as_u64(&v["min_mentions"]);
        assert!(min >= 5, "default min-mentions at least 5: {min}");
        let quarters = strs(&v["quarters"]);
        assert_eq!(quarters.len(), 7, "{quarters:?}");
        let mut group_sum = 0;
        for g in theme_groups(&v) {
            let gr = as_u64(&g["responses"]);
            group_sum += gr;
            assert!(group_themes(g).len() <= 20, "--top 20");
            for t in group_themes(g) {
                let what = format!("--by {by} {} / {}", g["group"], t["label"]);
                let m = as_u64(&t["mentions"]);
                // Themes are discovered once over the index (terms in at least `min`
                // responses) and counted in every group, however small.
                assert!(m >= 1, "{what}: listed without a mention");
                assert!(m <= gr, "{what}: mentions {m} > group responses {gr}");
                let share = t["share"].as_f64().unwrap();
                assert!(share > 0.0 && share <= 100.0, "{what}: share {share}");
                assert!(
                    (share - 100.0 * m as f64 / gr as f64).abs() < 0.01,
                    "{what}: share {share} != 100*{m}/{gr}"
                );
                assert_eq!(band_sum(&t["bands"]), m, "{what}: bands sum");
                // A mention counts once in each kind its sentences have: none (neutral), one
                // or several.
                for k in ["complaint", "ask", "praise"] {
                    assert!(as_u64(&t["kinds"][k]) <= m, "{what}: {k} over mentions");
                }
                let qs = t["quarters"].as_array().unwrap();
                assert_eq!(qs.len(), quarters.len(), "{what}");
                let qsum: u64 = qs.iter().map(|q| as_u64(&q["mentions"])).sum();
                assert_eq!(
                    qsum, m,
                    "{what}: quarter mentions sum (every row has a date)"
                );
                assert!(
                    ["complaint", "ask", "praise", "neutral"].contains(&kind_of(t)),
                    "{what}"
                );
                let terms = t["terms"].as_array().unwrap();
                assert!(!terms.is_empty(), "{what}: no terms");
                assert!(!t["label"].as_str().unwrap().is_empty(), "{what}");
                assert!(!t["key"].as_str().unwrap().is_empty(), "{what}");
                let quotes = t["quotes"].as_array().unwrap();
                assert!(
                    !quotes.is_empty() && quotes.len() <= 3,
                    "{what}: {} quotes",
                    quotes.len()
                );
                let mut ids: Vec<&str> = quotes.iter().map(|q| q["id"].as_str().unwrap()).collect();
                ids.sort();
                ids.dedup();
                assert_eq!(
                    ids.len(),
                    quotes.len(),
                    "{what}: quotes from one response twice"
                );
            }
        }
        assert_eq!(
            group_sum,
            as_u64(&v["mined"]),
            "--by {by}: groups partition the mined responses"
        );
        assert!(as_u64(&v["mined"]) <= 2976);
    }
}

#[test]
fn themes_quotes_are_real_text_of_their_response() {
    let (_, v) = themes_json(saas(), &["--by", "band", "--top", "20", "--quotes", "3"]);
    let rows = saas_rows();
    let mut checked = 0;
    for g in theme_groups(&v) {
        for t in group_themes(g) {
            for q in t["quotes"].as_array().unwrap() {
                let id = q["id"].as_str().unwrap();
                let (band, comment) = rows.get(id).unwrap_or_else(|| panic!("unknown id {id}"));
                if g["group"] == "detractor" || g["group"] == "passive" || g["group"] == "promoter"
                {
                    assert_eq!(&g["group"], band.as_str(), "quote {id} from another band");
                    assert_eq!(q["band"], band.as_str(), "{q}");
                }
                let text = q["text"].as_str().unwrap();
                assert!(!text.trim().is_empty(), "{q}");
                if text.contains('[') {
                    continue; // masked (redacted) text
                }
                let comment = squash_ws(comment);
                for piece in text.split(['…']).map(squash_ws).filter(|p| !p.is_empty()) {
                    assert!(
                        comment.contains(&piece),
                        "quote of {id} is not its text:\nquote:   {text}\ncomment: {comment}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} quotes checked");
}

#[test]
fn themes_and_tag_are_deterministic() {
    let a = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    let b = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    assert_eq!(a.status.code(), Some(0));
    assert!(a.stdout == b.stdout, "themes json differs between runs");
    let a = run(saas(), &["themes", "--by", "none", "--format", "csv"]);
    let b = run(saas(), &["themes", "--by", "none", "--format", "csv"]);
    assert!(a.stdout == b.stdout, "themes csv differs between runs");
    let a = run(saas(), &["tag", "--format", "csv"]);
    let b = run(saas(), &["tag", "--format", "csv"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert!(a.stdout == b.stdout, "tag csv differs between runs");
    let a = run(saas(), &["tag", "--format", "jsonl"]);
    let b = run(saas(), &["tag", "--format", "jsonl"]);
    assert!(a.stdout == b.stdout, "tag jsonl differs between runs");
}

#[test]

fn themes_and_tag_same_on_rebuilt_index() {
    let a = run(saas(), &["tag", "--format", "csv"]);
    let d = tmp();
    ingest_ok(d.path(), "saas_nps.csv", &["-q"]);
    let c = run(d.path(), &["tag", "--format", "csv"]);
    assert!(a.stdout == c.stdout, "tag csv differs on a re-built index");
    let t1 = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    let t2 = run(d.path(), &["themes", "--format", "json", "--top", "20"]);
    assert!(
        t1.stdout == t2.stdout,
        "themes json differs on a re-built index"
    );
    // rows come in a stable order: by date, then id
    let mut r = csv_reader(&a.stdout);
    let keys: Vec<(String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[1].to_string(), x[0].to_string())
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "tag rows not sorted by date, id"
    );
}

#[test]
fn themes_kind_top_filters() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--kind", "ask"]);
    assert_eq!(code, 0, "some ask theme exists");
    let all = all_themes(&v);
    assert!(!all.is_empty());
    assert!(all.iter().all(|t| kind_of(t) == "ask"), "{v:#}");
    assert!(
        strongest_with(&all, INTEGRATION_WORDS, None).is_some(),
        "integration ask"
    );

    let (_, v) = themes_json(saas(), &["--kind", "praise", "--kind", "complaint"]);
    assert!(all_themes(&v).iter().all(|t| kind_of(t) != "ask"));

    let (code, v) = themes_json(saas(), &["--top", "2"]);
    assert_eq!(code, 0);
    for g in theme_groups(&v) {
        assert!(group_themes(g).len() <= 2, "--top 2: {}", g["group"]);
    }
    let (_, v) = themes_json(saas(), &["--quotes", "1", "--by", "none"]);
    assert!(all_themes(&v)
        .iter()
        .all(|t| t["quotes"].as_array().unwrap().len() <= 1));

    // an impossible minimum: no theme, exit 1, still valid output
    let (code, v) = themes_json(saas(), &["--min-mentions", "100000"]);
    assert_eq!(code, 1);
    if !v.is_null() {
        assert!(all_themes(&v).is_empty(), "{v:#}");
    }
}

#[test]
fn themes_by_quarter_billing_rises_in_2026q3() {
    let (code, v) = themes_json(saas(), &["--by", "quarter", "--top", "20"]);
    assert_eq!(code, 0);
    assert_eq!(
        strs(&v["quarters"]),
        ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    );
    let all = all_themes(&v);
    let billing = strongest_with(&all, BILLING_WORDS, None)
        .unwrap_or_else(|| panic!("no billing theme by quarter: {v:#}"));
    let qs = billing["quarters"].as_array().unwrap();
    assert_eq!(qs.len(), 7);
    let share = |q: &Value| q["share"].as_f64().unwrap();
    assert_eq!(qs[6]["quarter"], "2026Q3");
    let earlier: f64 = qs[..6].iter().map(share).sum::<f64>() / 6.0;
    let last = share(&qs[6]);
    // planted: 3.7x; require a clear rise
    assert!(
        last > 1.5 * earlier,
        "billing 2026Q3 share {last} vs earlier mean {earlier}"
    );
    let last_m = as_u64(&qs[6]["mentions"]);
    assert!(
        qs[..6].iter().all(|q| as_u64(&q["mentions"]) < last_m),
        "2026Q3 has the most billing mentions: {qs:?}"
    );
    // an app-crash theme, planted flat, does not jump like that
    if let Some(crash) = strongest_with(&all, CRASH_WORDS, None) {
        let qs = crash["quarters"].as_array().unwrap();
        let earlier: f64 = qs[..6].iter().map(share).sum::<f64>() / 6.0;
        assert!(share(&qs[6]) < 1.5 * earlier, "crashes are flat: {qs:?}");
    }
}

#[test]
fn themes_quotes_redacted() {
    let at_email = |s: &str| {
        let b = s.as_bytes();
        (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'@' && b[i - 1].is_ascii_alphanumeric() && b[i + 1].is_ascii_alphanumeric()
        })
    };
    let long_digits = |s: &str| {
        let mut run = 0;
        s.chars().any(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run >= 10
        })
    };
    let runs: &[&[&str]] = &[
        &["--by", "none", "--quotes", "3", "--top", "20"],
        &["--by", "band", "--quotes", "3", "--top", "20"],
        &[
            "--by",
            "none",
            "--query",
            "refund OR card OR charge",
            "--min-mentions",
            "2",
            "--top",
            "20",
        ],
    ];
    for args in runs {
        let (_, v) = themes_json(saas(), args);
        for t in all_themes(&v) {
            for q in t["quotes"].as_array().unwrap() {
                let text = q["text"].as_str().unwrap();
                assert!(!at_email(text), "{args:?}: email in quote {text}");
                assert!(!long_digits(text), "{args:?}: long number in quote {text}");
                assert!(
                    !text.contains("555-0142"),
                    "{args:?}: phone in quote {text}"
                );
            }
        }
    }
    let (code, v) = themes_json(saas(), &["--by", "none", "--no-redact"]);
    assert_eq!(code, 0);
    assert!(!all_themes(&v).is_empty());
}

#[test]
fn themes_md_and_csv_formats() {
    let out = run(
        saas(),
        &["themes", "--format", "md", "--top", "20", "--quotes", "3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(
        so.lines().any(|l| l.starts_with("|---|")),
        "no markdown table separator:\n{so}"
    );
    assert!(!so.contains("<script>"), "raw <script> in markdown");
    assert!(!out.stdout.contains(&0x1b), "ESC byte in markdown");

    let out = run(saas(), &["themes", "--format", "csv", "--top", "20"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    assert!(
        so.starts_with("group,theme,key,kind,mentions"),
        "csv header: {}",
        so.lines().next().unwrap_or("")
    );
    let (_, v) = themes_json(saas(), &["--top", "20"]);
    let mut r = csv_reader(&out.stdout);
    let n = r.records().map(|x| x.expect("csv record")).count();
    assert_eq!(n, all_themes(&v).len(), "one csv row per theme");
    let mut r = csv_reader(&out.stdout);
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "formula-like csv cell {cell:?}"
            );
        }
    }

    let out = run(saas(), &["themes", "--top", "3"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b), "ESC byte in table");
}

/// tag CSV records of the saas index (header checked).
fn tag_csv(extra: &[&str]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut args = vec!["tag", "--format", "csv"];
    args.extend_from_slice(extra);
    let out = run(saas(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut r = csv_reader(&out.stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let recs = r.records().map(|x| x.expect("csv record")).collect();
    (header, recs)
}

#[test]
fn tag_csv_one_row_per_response() {
    let (header, recs) = tag_csv(&[]);
    assert_eq!(
        header,
        [
            "id",
            "date",
            "quarter",
            "score",
            "band",
            "plan",
            "region",
            "channel",
            "themes",
            "first_theme",
            "facets",
            "theme_kinds",
            "sentiment"
        ]
    );
    assert_eq!(recs.len(), 2976, "one row per response");
    let (ck, cs) = (
        header.iter().position(|h| h == "theme_kinds").unwrap(),
        header.iter().position(|h| h == "sentiment").unwrap(),
    );
    let mut sentiments = std::collections::BTreeMap::new();
    for r in &recs {
        let themes: Vec<&str> = r[8].split("; ").filter(|t| !t.is_empty()).collect();
        let kinds: Vec<&str> = r[ck].split("; ").filter(|t| !t.is_empty()).collect();
        assert_eq!(kinds.len(), themes.len(), "a kind per theme: {r:?}");
        for (theme, kind) in themes.iter().zip(&kinds) {
            let (t, k) = kind.rsplit_once(": ").expect("theme: kind");
            assert_eq!(&t, theme, "{r:?}");
            assert!(
                ["complaint", "ask", "praise", "neutral"].contains(&k),
                "{r:?}"
            );
        }
        *sentiments.entry(r[cs].to_string()).or_insert(0) += 1;
    }
    for s in sentiments.keys() {
        assert!(
            ["positive", "negative", "neutral", "mixed"].contains(&s.as_str()),
            "{s}"
        );
    }
    assert!(
        sentiments.len() >= 3,
        "a real survey has several sentiments: {sentiments:?}"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (ci, ct, cf, cb) = (col("id"), col("themes"), col("first_theme"), col("band"));
    let mut ids: Vec<&str> = recs.iter().map(|r| &r[ci]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2976, "ids unique");
    let rows = saas_rows();
    let (mut real, mut real_tagged) = (0, 0);
    for r in &recs {
        let id = &r[ci];
        let (band, comment) = &rows[id];
        assert_eq!(&r[cb], band, "{id} band");
        let themes = &r[ct];
        if themes.is_empty() {
            assert!(r[cf].is_empty(), "{id}: first_theme without themes");
        } else {
            assert_eq!(
                &r[cf],
                themes.split("; ").next().unwrap(),
                "{id}: first_theme"
            );
            assert!(
                is_real_comment(comment),
                "{id}: non-answer {comment:?} tagged {themes}"
            );
        }
        if is_real_comment(comment) {
            real += 1;
            real_tagged += !themes.is_empty() as u32;
        }
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "{id}: formula-like cell {cell:?}"
            );
        }
    }
    assert_eq!(real, 2679, "README: 2679 real comments");
    assert!(
        real_tagged * 10 >= real * 7,
        "only {real_tagged}/{real} real comments carry a theme"
    );
}

#[test]
fn tag_billing_theme_recovers_planted_billing_rows() {
    // the global tag set is the --top 20 strongest themes of `themes --by none`
    let (_, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    let billing_labels: Vec<String> = all_themes(&v)
        .iter()
        .filter(|t| terms_have(t, BILLING_WORDS) && kind_of(t) == "complaint")
        .map(|t| t["label"].as_str().unwrap().to_string())
        .collect();
    assert!(!billing_labels.is_empty(), "no billing theme: {v:#}");
    let (header, recs) = tag_csv(&[]);
    let ci = header.iter().position(|h| h == "id").unwrap();
    let ct = header.iter().position(|h| h == "themes").unwrap();
    let (mut planted_n, mut found, mut tagged_n, mut tagged_planted) = (0, 0, 0, 0);
    for r in &recs {
        let is_planted = planted()[&r[ci]].iter().any(|t| t == "billing_errors");
        let is_tagged = r[ct]
            .split("; ")
            .any(|l| billing_labels.iter().any(|b| b == l));
        planted_n += is_planted as u32;
        found += (is_planted && is_tagged) as u32;
        tagged_n += is_tagged as u32;
        tagged_planted += (is_planted && is_tagged) as u32;
    }
    assert_eq!(planted_n, 188);
    assert!(
        found * 10 >= planted_n * 7,
        "recall: {found}/{planted_n} billing rows tagged {billing_labels:?}"
    );
    assert!(
        tagged_planted * 2 >= tagged_n,
        "precision: {tagged_planted}/{tagged_n}"
    );
}

#[test]
fn tag_jsonl_and_out_file() {
    let out = run(saas(), &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    let lines: Vec<&str> = so.lines().collect();
    assert_eq!(lines.len(), 2976);
    let (header, recs) = tag_csv(&[]);
    let ct = header.iter().position(|h| h == "themes").unwrap();
    let csv_themes: std::collections::HashMap<String, String> = recs
        .iter()
        .map(|r| (r[0].to_string(), r[ct].to_string()))
        .collect();
    for l in &lines {
        let o: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        for k in [
            "id", "date", "quarter", "score", "band", "segments", "themes",
        ] {
            assert!(o.get(k).is_some(), "{k} missing: {l}");
        }
        let id = o["id"].as_str().unwrap();
        assert_eq!(
            strs(&o["themes"]).join("; "),
            csv_themes[id],
            "{id}: jsonl and csv themes differ"
        );
        assert!(o["segments"]["plan"].is_string(), "{l}");
    }

    let d = tmp();
    let file = d.path().join("tags.csv");
    let out = verbatim()
        .args(["tag", "--index"])
        .arg(saas())
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "stdout with --out: {}", stdout(&out));
    let written = std::fs::read(&file).expect("--out file written");
    let direct = run(saas(), &["tag"]);
    assert_eq!(written, direct.stdout, "--out writes the same CSV");
}

#[test]
fn tag_raw_and_scope_flags() {
    let (header, recs) = tag_csv(&[]);
    assert_eq!(recs.len(), 2976);
    // no cell is formula-like in default output (tag_csv_one_row_per_response); --raw keeps the shape
    let (h2, raw) = tag_csv(&["--raw"]);
    assert_eq!(header, h2);
    assert_eq!(raw.len(), 2976);
    // scope flags narrow the rows
    let (_, det) = tag_csv(&["--band", "detractor"]);
    assert_eq!(det.len(), 787);
    let (_, q3) = tag_csv(&["--quarter", "2026Q3", "--where", "channel=mobile"]);
    assert!(!q3.is_empty() && q3.len() < 418, "{}", q3.len());
    let cq = header.iter().position(|h| h == "quarter").unwrap();
    let cc = header.iter().position(|h| h == "channel").unwrap();
    assert!(q3.iter().all(|r| &r[cq] == "2026Q3" && &r[cc] == "mobile"));
}

#[test]
fn themes_query_scope_matches_search_total() {
    let (code, s) = search_json(saas(), "billing", &[]);
    assert_eq!(code, 0);
    let total = as_u64(&s["total"]);
    let (code, v) = themes_json(saas(), &["--query", "billing", "--by", "none"]);
    assert!(code == 0 || code == 1);
    assert_eq!(
        as_u64(&v["responses"]),
        total,
        "themes --query scope vs search total"
    );
    assert!(as_u64(&v["mined"]) <= total);
    // combined with a band filter too
    let (_, s) = search_json(saas(), "billing", &["--band", "detractor"]);
    let (_, v) = themes_json(
        saas(),
        &["--query", "billing", "--band", "detractor", "--by", "none"],
    );
    assert_eq!(as_u64(&v["responses"]), as_u64(&s["total"]));
}

#[test]

fn themes_non_answers_are_not_mined() {
    let (_, v) = themes_json(saas(), &["--by", "none", "--query", "\"no comment\""]);
    assert_eq!(as_u64(&v["responses"]), 8, "8 'no comment' non-answers");
    assert_eq!(as_u64(&v["mined"]), 0, "non-answers have no words to mine");
}

#[test]
fn themes_and_tag_without_scores() {
    let d = tmp();
    ingest_ok(d.path(), "broken/no_score.csv", &["-q"]);
    let n = responses(d.path());
    let out = run(
        d.path(),
        &[
            "themes",
            "--by",
            "band",
            "--format",
            "json",
            "--min-mentions",
            "2",
        ],
    );
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "exit {code}: {}", stderr(&out));
    let v = json_of(&out);
    let names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["all"], "no scores: one group");
    assert!(v["metric"].is_null(), "no metric without scores: {v:#}");
    for t in all_themes(&v) {
        assert!(t["metric"].is_null() && t["impact"].is_null(), "{t}");
    }
    let out = run(d.path(), &["themes"]);
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "table exit {code}: {}",
        stderr(&out)
    );
    let out = run(d.path(), &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count() as u64, n);
}

// ---- codebook (issue 3) ----

#[test]
fn codebook_names_ignores_renames_and_round_trips() {
    let d = tmp();
    let book = d.path().join("book.toml");
    std::fs::write(
        &book,
        r#"
ignore = ["freshdesk", "zendesk"]
[[theme]]
name = "Billing errors"
terms = ["charged twice", "invoice", "refund"]
[rename]
"so easy" = "Ease of use"
"#,
    )
    .unwrap();
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--top",
            "12",
            "--format",
            "json",
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let themes = v["groups"][0]["themes"].as_array().unwrap();
    assert_eq!(
        themes[0]["label"], "Billing errors",
        "named themes come first"
    );
    // The named theme counts exactly what a search for its terms finds.
    let search = run(
        saas(),
        &[
            "search",
            "\"charged twice\" OR invoice OR refund",
            "--format",
            "json",
            "--limit",
            "1",
        ],
    );
    let total: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let with_comment = themes[0]["mentions"].as_u64().unwrap();
    assert!(
        with_comment <= total["total"].as_u64().unwrap()
            && with_comment * 10 >= total["total"].as_u64().unwrap() * 9
    );
    for t in themes {
        let terms: Vec<&str> = t["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(
            !terms
                .iter()
                .any(|x| x.contains("freshdesk") || x.contains("zendesk")),
            "ignored words stay out: {terms:?}"
        );
    }
    // Saving writes a codebook that loads again and keeps the named theme first.
    let saved = d.path().join("saved.toml");
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--codebook",
            book.to_str().unwrap(),
            "--save-codebook",
            saved.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("name = \"Billing errors\""), "{text}");
    let again = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--codebook",
            saved.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // A typo in a codebook is an error naming the file.
    std::fs::write(&book, "[[theme]]\nnmae = \"x\"\n").unwrap();
    let bad = run(saas(), &["themes", "--codebook", book.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("book.toml"));
}

// ---- report (issue 4) ----

/// NPS and its standard error from band counts, computed by hand.
fn nps_and_se(p: f64, d: f64, n: f64) -> (f64, f64) {
    let (ps, ds) = (p / n, d / n);
    (
        100.0 * (ps - ds),
        100.0 * ((ps + ds - (ps - ds).powi(2)) / n).sqrt(),
    )
}

#[test]
fn report_json_headline_matches_hand_computation() {
    let out = run(
        saas(),
        &["report", "--format", "json", "--segments", "plan,region"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["quarter"], "2026Q3", "default: the latest quarter");
    assert_eq!(r["compare"], "2026Q2", "default: the quarter before");
    let cur = &r["headline"]["current"];
    // 2026Q3: 161 promoters, 121 passives, 136 detractors (fixtures/expected.json).
    assert_eq!(cur["bands"]["high"], 161);
    assert_eq!(cur["bands"]["middle"], 121);
    assert_eq!(cur["bands"]["low"], 136);
    let (nps_now, se_now) = nps_and_se(161.0, 136.0, 418.0);
    let (nps_before, se_before) = nps_and_se(185.0, 120.0, 422.0);
    assert!((cur["metric"]["value"].as_f64().unwrap() - nps_now).abs() < 1e-9);
    assert!((cur["metric"]["margin"].as_f64().unwrap() - 1.96 * se_now).abs() < 1e-9);
    let change = r["headline"]["change"].as_f64().unwrap();
    let margin = r["headline"]["change_margin"].as_f64().unwrap();
    assert!((change - (nps_now - nps_before)).abs() < 1e-9);
    assert!((margin - 1.96 * (se_now.powi(2) + se_before.powi(2)).sqrt()).abs() < 1e-9);
    assert_eq!(r["headline"]["significant"], change.abs() > margin);
    assert_eq!(r["headline"]["benchmark"], "slipping");
    // Percentages of scored responses beside the counts.
    assert!((cur["band_percent"][0].as_f64().unwrap() - 100.0 * 136.0 / 418.0).abs() < 1e-9);
    // Trend covers every quarter with its counts.
    let trend = r["trend"]["quarters"].as_array().unwrap();
    assert_eq!(trend.len(), 7);
    assert_eq!(trend[0]["quarter"], "2025Q1");
    assert_eq!(trend[0]["responses"], 419);
    // The billing theme rose significantly (planted: ~3x in 2026Q3).
    let changes = r["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["change"].as_f64().unwrap() > 5.0 && c["significant"] == true),
        "{changes:?}"
    );
    // Complaint mentions never exceed the detractors of the quarter.
    for t in r["complaints"].as_array().unwrap() {
        assert!(t["mentions"].as_u64().unwrap() <= 136);
        assert_eq!(t["kind"], "complaint");
    }
    for t in r["praise"].as_array().unwrap() {
        assert!(t["mentions"].as_u64().unwrap() <= 161);
    }
    // Segments hold each plan's counts, summing to the quarter.
    let plans = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["column"] == "plan")
        .unwrap();
    let total: u64 = plans["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["responses"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 418);
    // The columns chosen by hand, in that order, and the method says so.
    let columns: Vec<&str> = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["plan", "region"]);
    let notes = r["method"]["notes"].to_string();
    assert!(
        notes.contains("Segments: chosen with --segments (plan, region)"),
        "{notes}"
    );
    // The command as the user would type it, not the binary's path.
    let command = r["method"]["command"].as_str().unwrap();
    assert!(
        command.starts_with("verbatim report --format json"),
        "{command}"
    );
}

/// Only segment columns whose values differ are shown, and the method says why; quotes and
/// hits print those columns only, or those of --show.
#[test]
fn segments_shown_are_those_that_differ() {
    // 2026Q3 of the sample: no column has a significant score difference (plan: Enterprise 14.5
    // ±22.2 against Free -1.8 ±14.8) nor a theme over-represented in one value.
    let out = run(
        saas(),
        &["report", "--quarter", "2026Q3", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json_of(&out);
    assert_eq!(r["segments"], Value::Array(vec![]), "{}", r["segments"]);
    let notes = r["method"]["notes"].to_string();
    assert!(notes.contains("No column qualifies"), "{notes}");
    for list in ["complaints", "asks", "praise"] {
        for t in r[list].as_array().unwrap() {
            for q in t["quotes"].as_array().unwrap() {
                assert_eq!(q["segments"], serde_json::json!({}), "{q}");
            }
        }
    }
    // 2025Q2: email 27.6 ±14.5 against mobile -9.5 ±15.3 (stats --by channel): a difference
    // of 37.1 beyond its margin of 21.1.
    let out = run(
        saas(),
        &["report", "--quarter", "2025Q2", "--format", "json"],
    );
    let r = json_of(&out);
    assert_eq!(r["segments"][0]["column"], "channel", "{}", r["segments"]);
    let notes = r["method"]["notes"].to_string();
    assert!(
        notes.contains(
            "channel: NPS 27.6 for email against -9.5 for mobile, a difference of 37.1 points"
        ),
        "{notes}"
    );
    for t in r["complaints"].as_array().unwrap() {
        for q in t["quotes"].as_array().unwrap() {
            let keys: Vec<&String> = q["segments"].as_object().unwrap().keys().collect();
            assert!(
                keys.iter()
                    .all(|k| r["segments"].to_string().contains(k.as_str())),
                "{q}"
            );
        }
    }
    let md = stdout(&run(saas(), &["report", "--quarter", "2026Q3"]));
    assert!(
        md.contains("No segment column has values that differ enough in 2026Q3"),
        "{md}"
    );
    // Over every quarter the channels differ (mobile against web, far beyond the margin), so
    // channel is chosen, with its reason.
    let all = stats_json(saas(), &["--by", "channel"]);
    let nps = |v: &str| group(&all, v)["metric"]["value"].as_f64().unwrap();
    assert!((nps("web") - nps("mobile")).abs() > 10.0, "{all}");
    let out = run(saas(), &["search", "billing", "--limit", "1"]);
    let so = stdout(&out);
    let head = so.lines().nth(2).unwrap_or_default();
    assert!(head.contains("| channel: "), "{so}");
    assert!(
        !head.contains("plan: ") && !head.contains("region: "),
        "{so}"
    );
    // --show picks, none prints none, an unknown column is named
    let out = run(
        saas(),
        &["search", "billing", "--limit", "1", "--show", "region"],
    );
    let head = stdout(&out).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        head.contains("| region: ") && !head.contains("channel: "),
        "{head}"
    );
    let out = run(
        saas(),
        &["search", "billing", "--limit", "1", "--show", "none"],
    );
    let head = stdout(&out).lines().nth(2).unwrap_or_default().to_string();
    assert_eq!(head.matches(" | ").count(), 3, "{head}");
    let out = run(saas(), &["search", "billing", "--show", "colour"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no segment column 'colour'"),
        "{}",
        stderr(&out)
    );
    // JSON hits keep every segment and the whole comment
    let (_, v) = search_json(saas(), "billing", &[]);
    let h = &v["hits"][0];
    assert!(h["segments"]["plan"].is_string() && h["segments"]["region"].is_string());
    assert!(h["text"].as_str().unwrap().contains(
        h["snippet"]
            .as_str()
            .unwrap()
            .trim_matches(|c| c == '…' || c == ' ')
    ));
}

#[test]
fn report_markdown_and_html_show_the_same_numbers() {
    let md = run(saas(), &["report", "--quarter", "2026Q3"]);
    assert!(md.status.success());
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("**NPS 6.0**"), "{md}");
    assert!(
        md.contains("136 (32.5%)") && md.contains("161 (38.5%)"),
        "counts beside percentages"
    );
    assert!(md.contains("-9.4 points"));
    for heading in [
        "## Headline",
        "## What changed",
        "## Top complaints",
        "## Top asks",
        "## Top praise",
        "## Segments",
        "## Trend",
        "## Method",
    ] {
        assert!(md.contains(heading), "missing {heading}");
    }
    assert!(!md.contains("<script"), "comment text cannot inject markup");
    let d = tmp();
    let page = d.path().join("q3.html");
    let out = run(
        saas(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("6.0") && html.contains("136") && html.contains("32.5"));
    assert!(html.contains("<svg") && !html.contains("<script"));
    // html needs a file; a bad quarter is a clear error.
    assert_eq!(
        run(saas(), &["report", "--format", "html"]).status.code(),
        Some(2)
    );
    let bad = run(saas(), &["report", "--quarter", "2031Q1"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026Q3"));
    // An explicit comparison quarter.
    let out = run(
        saas(),
        &[
            "report",
            "--format",
            "json",
            "--quarter",
            "2026Q2",
            "--compare",
            "2025Q2",
        ],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["compare"], "2025Q2");
    assert_eq!(r["headline"]["previous"]["responses"], 408);
}

/// Markdown output (report and themes) shows comments as text: markup characters in quotes are
/// escaped, so a quote cannot add table columns, links, emphasis, headings or HTML.
#[test]
fn markdown_outputs_escape_markup_in_quotes() {
    let dir = tmp();
    let csv = dir.path().join("hostile.csv");
    let mut text = String::from("id,date,score,plan,comment\n");
    let plans = ["Pro | Annual", "[Free](javascript:x)"];
    let comments = [
        "refund | broken *again* [click](javascript:alert(1)) <script>alert(1)</script>",
        "refund took weeks # heading `code` ~~gone~~ _under_ | pipe & more",
        "refund denied \\| escaped pipe ![img](http://x.test/a.png) > quoted",
    ];
    let praise = [
        "love the dashboard",
        "great support team",
        "fast and friendly service",
    ];
    for i in 0..90 {
        let (score, comment) = match i % 2 {
            0 => (i % 4, comments[i / 2 % 3]),
            _ => (10, praise[i / 2 % 3]),
        };
        text.push_str(&format!(
            "H{i},2026-0{}-1{},{score},{},\"{}\"\n",
            7 + i % 2,
            i % 9,
            plans[i / 3 % 2],
            comment.replace('"', "\"\"")
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let index = dir.path().join("index");
    ingest_ok(&index, csv.to_str().unwrap(), &[]);
    let unescaped_pipes = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    for args in [
        &["report", "--format", "md"][..],
        &["themes", "--format", "md", "--quotes", "3"][..],
        &["themes", "--format", "md", "--by", "plan"][..],
    ] {
        let out = run(&index, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let md = stdout(&out);
        assert!(
            md.contains("refund"),
            "{args:?}: no refund theme or quote\n{md}"
        );
        assert!(
            md.contains("\\[click\\]"),
            "{args:?}: link not escaped\n{md}"
        );
        assert!(
            md.contains("\\*again\\*"),
            "{args:?}: emphasis not escaped\n{md}"
        );
        // Escaped markup ("\\<script") shows as text; unescaped, it would act.
        let unescaped = |pat: &str| {
            md.match_indices(pat)
                .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\')
        };
        for raw in [
            "<script",
            "](javascript",
            "![img]",
            "`code`",
            "~~gone~~",
            "*again*",
        ] {
            assert!(!unescaped(raw), "{args:?}: raw {raw:?} in markdown\n{md}");
        }
        // Every row of a table has as many cell borders as its header.
        let mut header_pipes = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                header_pipes = None;
                continue;
            }
            let pipes = unescaped_pipes(line);
            let want = *header_pipes.get_or_insert(pipes);
            assert_eq!(
                pipes, want,
                "{args:?}: a comment or segment value split a table row:\n{line}"
            );
        }
        assert!(
            !md.lines()
                .any(|l| l.starts_with("# heading") || l.starts_with("> quoted")),
            "{args:?}: a comment started a Markdown block\n{md}"
        );
    }
}

// ---- themes found once, kinds from the text (issue 10) ----

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

#[test]
fn themes_of_a_small_quarter_are_the_whole_index_themes_counted() {
    let (_, whole) = themes_json(saas(), &["--by", "none", "--top", "64", "--quotes", "0"]);
    let keys: std::collections::HashSet<&str> = all_themes(&whole)
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    let (code, quarter) = themes_json(
        saas(),
        &[
            "--by",
            "none",
            "--quarter",
            "2025Q1",
            "--where",
            "plan=Enterprise",
            "--quotes",
            "0",
        ],
    );
    assert_eq!(code, 0, "a small scope still gets themes: {quarter}");
    assert_eq!(quarter["discovered_in"], "index");
    let small = all_themes(&quarter);
    assert!(!small.is_empty());
    for t in &small {
        assert!(
            keys.contains(t["key"].as_str().unwrap()),
            "{} is not a theme of the whole index",
            t["label"]
        );
        let share = 100.0 * as_u64(&t["mentions"]) as f64 / as_u64(&quarter["mined"]) as f64;
        assert!((t["share"].as_f64().unwrap() - share).abs() < 0.01, "{t}");
    }
    // Re-discovering inside the scope is on request.
    let (_, scoped) = themes_json(
        saas(),
        &[
            "--by",
            "none",
            "--quarter",
            "2025Q1",
            "--discover-in",
            "scope",
            "--quotes",
            "0",
        ],
    );
    assert_eq!(scoped["discovered_in"], "scope");
}

#[test]
fn a_mention_takes_the_kind_of_its_sentence_not_the_band() {
    let d = tmp();
    let mut rows = Vec::new();
    // Promoters complain about the app; detractors praise the support staff; other comments
    // speak of other things.
    let others = [
        "Delivery took two weeks.",
        "The checkout page kept timing out.",
        "Prices went up again this year.",
        "Search results are hard to filter.",
        "Invoices arrive late every month.",
        "Onboarding videos were useful.",
    ];
    for i in 0..12 {
        rows.push(format!(
            "p{i},10,The support staff are wonderful but the app crashes every day."
        ));
        rows.push(format!(
            "d{i},1,Support staff were friendly and helpful. Please add dark mode to the app."
        ));
        for (k, other) in others.iter().enumerate() {
            rows.push(format!("o{i}-{k},{},{other}", (i + k) % 11));
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let index = ingest_rows(
        d.path(),
        "id,score,comment",
        &rows,
        &["--score-col", "score", "--scale", "nps"],
    );
    // Named themes, so that the test is about kinds, not about what discovery groups.
    let book = d.path().join("book.toml");
    std::fs::write(
        &book,
        "[[theme]]\nname = \"App\"\nterms = [\"app\"]\n[[theme]]\nname = \"Staff\"\nterms = [\"staff\"]\n",
    )
    .unwrap();
    let out = run(
        &index,
        &[
            "tag",
            "--format",
            "jsonl",
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kind_of = |id: &str, word: &str| -> Option<String> {
        let row = lines.iter().find(|r| r["id"] == id).expect("row");
        row["theme_kinds"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(t, _)| t.as_str() == word)
            .map(|(_, k)| k.as_str().unwrap().to_string())
    };
    assert_eq!(kind_of("p0", "App").as_deref(), Some("complaint"));
    assert_eq!(kind_of("p0", "Staff").as_deref(), Some("praise"));
    assert_eq!(kind_of("d0", "App").as_deref(), Some("ask"));
    assert_eq!(kind_of("d0", "Staff").as_deref(), Some("praise"));
}

#[test]
fn sentiment_column_calls_mixed_and_neutral() {
    let d = tmp();
    let index = ingest_rows(
        d.path(),
        "id,comment",
        &[
            "1,The crew were wonderful. The food was awful.",
            "2,We flew to Boston on Tuesday.",
            "3,The seat was not comfortable at all.",
            "4,Great value and a friendly crew.",
        ],
        &[],
    );
    let out = run(&index, &["tag", "--format", "csv", "--min-mentions", "1"]);
    let mut r = csv_reader(&out.stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = header.iter().position(|h| h == "sentiment").unwrap();
    let got: Vec<String> = r.records().map(|x| x.unwrap()[col].to_string()).collect();
    assert_eq!(got, ["mixed", "neutral", "negative", "positive"]);
}

#[test]
fn unscored_responses_are_their_own_band_group() {
    let d = tmp();
    let mut rows = Vec::new();
    for i in 0..30 {
        let score = match i % 3 {
            0 => "2",
            1 => "10",
            _ => "",
        };
        rows.push(format!(
            "{i},{score},The refund took weeks and the invoice was wrong."
        ));
        rows.push(format!(
            "x{i},{},Delivery was quick and the box arrived intact.",
            i % 11
        ));
        rows.push(format!(
            "y{i},{},The search page is slow on my phone.",
            (i + 5) % 11
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let index = ingest_rows(
        d.path(),
        "id,score,comment",
        &rows,
        &["--score-col", "score", "--scale", "nps"],
    );
    let (_, v) = themes_json(&index, &["--by", "band", "--min-mentions", "5"]);
    let mut names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["detractor", "passive", "promoter", "unscored"],
        "{v}"
    );
    assert_eq!(
        theme_groups(&v).last().unwrap()["group"],
        "unscored",
        "unscored last"
    );
}

#[test]
fn themes_by_quarter_table_shows_the_latest_quarters() {
    let out = run(
        saas(),
        &["themes", "--by", "quarter", "--quotes", "0", "--top", "3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let table = text
        .split("== themes by quarter")
        .nth(1)
        .expect("a per-quarter table");
    for q in ["2025Q1", "2026Q3"] {
        assert!(table.contains(q), "{q} column missing: {table}");
    }
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "quarter",
            "--quotes",
            "0",
            "--top",
            "3",
            "--quarters",
            "2",
        ],
    );
    let text = stdout(&out);
    let table = text.split("== themes by quarter").nth(1).unwrap();
    assert!(table.contains("latest 2 of 7 quarters"), "{table}");
    assert!(table.contains("2026Q2") && table.contains("2026Q3") && !table.contains("2026Q1"));
}

// ---- issue 11: real exports read right the first time, and no valid row ever lost ----

/// The ids of `hits`, sorted, against the fixture's `indexed_ids`.
fn assert_indexed_ids(hits: &std::collections::HashMap<String, Value>, e: &Value) {
    let mut ids: Vec<String> = hits.keys().cloned().collect();
    ids.sort();
    assert_eq!(ids, strs(&e["indexed_ids"]));
}

/// [`check_ok_broken`], and the lines of rejects.csv checked against the fixture's; returns the
/// fixture's expectations, the index, the ingest's output and the reject lines.
fn check_broken_rejects(name: &str) -> (&'static Value, TempDir, Output, Vec<u64>) {
    let (d, out) = check_ok_broken(name, &[]);
    let lines: Vec<u64> = rejects_lines(d.path()).iter().map(|r| r.0).collect();
    assert_eq!(lines, expected_reject_lines(name), "{name}");
    (&expected()["broken"][name], d, out, lines)
}

/// Every response of an index as `search *` gives it, by id.
fn hits_by_id(dir: &Path) -> std::collections::HashMap<String, Value> {
    let (code, v) = search_json(dir, "*", &[]);
    assert_eq!(code, 0, "{v}");
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h.clone()))
        .collect()
}

#[test]
fn multiline_cells_with_row_like_commas_are_indexed_as_written() {
    let e = &expected()["broken"]["multiline_commas.csv"];
    // --strict: no reject and no warning, or the exit code would be 3
    let (d, out) = check_ok_broken("multiline_commas.csv", &["--strict"]);
    let se = stderr(&out);
    assert!(!se.contains("warning") && !se.contains("rejected"), "{se}");
    let hits = hits_by_id(d.path());
    for (id, comment) in e["expected_comments"].as_object().unwrap() {
        let h = &hits[id];
        assert_eq!(h["snippet"], *comment, "{id}");
        let line = as_u64(&e["row_start_lines"][id]);
        assert!(
            h["source"].as_str().unwrap().ends_with(&format!(":{line}")),
            "{id}: {h}"
        );
    }
}

#[test]
fn rows_inside_a_quoted_comment_are_kept_with_a_warning() {
    let e = &expected()["broken"]["rows_in_comment.csv"];
    let (d, out) = check_ok_broken("rows_in_comment.csv", &[]);
    let se = stderr(&out);
    let line = as_u64(&e["warnings"][0]["line"]);
    assert!(
        se.contains(&format!(
            "warning {}",
            fixture("broken/rows_in_comment.csv").display()
        )) && se.contains(&format!("rows_in_comment.csv:{line}, column 'comment'")),
        "{se}"
    );
    assert!(
        stdout(&out).contains("1 with a warning"),
        "{}",
        stdout(&out)
    );
    let hits = hits_by_id(d.path());
    assert_indexed_ids(&hits, e);
    // A2 holds its cell as the file has it, row-like lines and all
    let a2 = hits["A2"]["snippet"].as_str().unwrap();
    assert!(
        a2.starts_with("Slow export\nA3,2026-07-03,10,Great support\nA4"),
        "{a2}"
    );
    assert!(!d.path().join("rejects.csv").exists());
    // --strict exits 3 on the warning, with every row still indexed
    let d = tmp();
    let out = ingest(d.path(), "broken/rows_in_comment.csv", &["--strict"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(responses(d.path()), 3);
}

#[test]
fn a_quote_open_at_the_end_of_the_file_rejects_its_row_only() {
    let (e, d, out, lines) = check_broken_rejects("unclosed_quote.csv");
    assert_eq!(lines, [4]);
    let se = stderr(&out);
    assert!(
        se.contains("unclosed_quote.csv:4, column 'comment'") && se.contains("never closed"),
        "{se}"
    );
    let hits = hits_by_id(d.path());
    assert_indexed_ids(&hits, e);
    // the rows after the open quote keep their own lines
    assert!(hits["U4"]["source"].as_str().unwrap().ends_with(":5"));
    assert_eq!(hits["U5"]["snippet"], "Works fine");
}

#[test]
fn score_non_answers_are_unscored_and_choice_labels_read_as_numbers() {
    let (e, d, out, _) = check_broken_rejects("score_labels.csv");
    let so = stdout(&out);
    let non_answers = as_u64(&e["score_non_answers"]);
    assert!(
        so.contains(&format!(
            "5 without a score ({non_answers} of them answered like 'N/A'"
        )),
        "{so}"
    );
    let hits = hits_by_id(d.path());
    for (id, score) in e["read_scores"].as_object().unwrap() {
        assert_eq!(hits[id]["score"].as_f64(), score.as_f64(), "{id}");
    }
    // a label out of the scale is still a reject, naming the column and the value
    let se = stderr(&out);
    assert!(
        se.contains("column 'score'") && se.contains("12 - Off the charts"),
        "{se}"
    );
}

#[test]
fn scores_without_text_are_indexed_with_a_note_naming_text_col() {
    let (d, out) = check_ok_broken("no_comment_col.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("no free-text column") && se.contains("--text-col"),
        "{se}"
    );
    let v = json_of(&run(d.path(), &["info", "--format", "json"]));
    assert_eq!(v["mapping"]["text"], serde_json::json!([]));
    assert_eq!(v["mapping"]["score"], "score");
    let out = run(d.path(), &["info"]);
    assert!(stdout(&out).contains("comment (none)"), "{}", stdout(&out));
}

/// The value of `--flag 'VALUE'` in an error message.
fn suggested(message: &str, flag: &str) -> Option<String> {
    let rest = message.split(&format!("{flag} ")).nth(1)?;
    let value = match rest.strip_prefix('\'') {
        Some(quoted) => quoted.split('\'').next()?,
        None => rest.split([' ', ';', ',', ')']).next()?,
    };
    Some(value.to_string())
}

#[test]
fn a_file_without_score_or_text_is_refused_with_a_flag_that_works() {
    let d = tmp();
    let out = ingest(d.path(), "broken/no_score_no_text.csv", &[]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("neither a score nor a free-text column"),
        "{se}"
    );
    let column = suggested(&se, "--text-col").unwrap_or_else(|| panic!("{se}"));
    let out = ingest(
        d.path(),
        "broken/no_score_no_text.csv",
        &["--text-col", &column],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "--text-col {column}: {}",
        stderr(&out)
    );
    assert_eq!(responses(d.path()), 5);
}

#[test]
fn every_flag_an_ingest_error_suggests_works_on_that_file() {
    // Scores off both NPS and CSAT: the suggested --scale must be one ingest accepts, also for
    // two values only (a rating needs 3 points) and for negative ones.
    for (scores, flags) in [
        ([20, 21, 20, 21, 21, 20], &["--score-col", "score"][..]),
        ([-3, 3, 0, -2, 2, 1], &[][..]),
    ] {
        let d = tmp();
        let rows: Vec<String> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{i},{s},comment number {i}"))
            .collect();
        let file = d.path().join("scores.csv");
        std::fs::write(&file, format!("id,score,comment\n{}\n", rows.join("\n"))).unwrap();
        let index = d.path().join("ix");
        let ingest_with = |extra: &[&str]| {
            verbatim()
                .args(["ingest", "--index"])
                .arg(&index)
                .args(extra)
                .arg(&file)
                .output()
                .unwrap()
        };
        let out = ingest_with(flags);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let se = stderr(&out);
        let scale = suggested(&se, "--scale").unwrap_or_else(|| panic!("{se}"));
        let scale = if scale == "rating:MIN-MAX" {
            suggested(&se, "such as").unwrap()
        } else {
            scale
        };
        let out = ingest_with(&[flags, &["--scale", &scale]].concat());
        assert_eq!(
            out.status.code(),
            Some(0),
            "--scale {scale}: {}",
            stderr(&out)
        );
    }
    // A CSAT file into an NPS index: the suggested --scale ingests it.
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest(d.path(), "broken/mixed_scale.csv", &[]);
    let se = stderr(&out);
    let scale = suggested(&se, "--scale").unwrap_or_else(|| panic!("{se}"));
    ingest_ok(d.path(), "broken/mixed_scale.csv", &["--scale", &scale]);
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                out.push((
                    path.clone(),
                    std::fs::read(&path).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The lines of the README example that starts with `$ COMMAND`.
fn readme_example(command: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find(&format!("$ {command}\n"))
        .unwrap_or_else(|| panic!("README has no example of {command}"));
    let block = &readme[start..];
    block
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(str::to_string)
        .collect()
}

#[test]
fn dry_run_prints_the_readme_example_and_writes_nothing() {
    let d = tmp();
    let index = d.path().join("never-created");
    let out = verbatim()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["ingest", "fixtures/saas_nps.csv", "--dry-run", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!index.exists(), "a dry run created the index folder");
    let printed = stdout(&out).replace(&index.display().to_string(), ".verbatim");
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        readme_example("verbatim ingest fixtures/saas_nps.csv --dry-run"),
        "README's --dry-run example differs from the output"
    );

    // On an existing index: nothing in its folder changes, rejects.csv included.
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let before = snapshot(d.path());
    let out = ingest(d.path(), "broken/bad_scores.csv", &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    // the rows that would be rejected, with file, line and column, and the summary
    assert!(
        so.contains("would reject") && so.contains("bad_scores.csv:7, column 'score'"),
        "{so}"
    );
    assert!(
        so.contains("16 rows: 12 would be indexed, 4 rejected"),
        "{so}"
    );
    assert_eq!(snapshot(d.path()), before, "a dry run changed the index");
    assert_eq!(responses(d.path()), 20);
    // --strict: the rejects it would make exit 3, still writing nothing
    let out = ingest(
        d.path(),
        "broken/bad_scores.csv",
        &["--dry-run", "--strict"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(snapshot(d.path()), before, "a dry run changed the index");
}

#[test]
fn dry_run_shows_the_question_of_each_comment_column() {
    let d = tmp();
    let out = ingest(d.path(), "broken/qualtrics.csv", &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    // Qualtrics' second header row holds the question of Q2
    assert!(
        so.contains("comment column 'Q2' answers: What is the main reason for your score?"),
        "{so}"
    );
    assert!(so.contains("scale: NPS 0-10; dates: ISO 8601"), "{so}");
    let row = so
        .lines()
        .find(|l| l.starts_with("ResponseId"))
        .unwrap_or_else(|| panic!("{so}"));
    assert!(row.contains(" id ") && row.contains("'R_"), "{row}");
    assert!(!d.path().join("verbatim.json").exists());
}

#[test]
fn info_format_json_gives_the_stored_mapping_as_the_readme_shows() {
    let out = run(saas(), &["info", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json_of(&out);
    // --json is the same
    assert_eq!(json_of(&run(saas(), &["info", "--json"])), v);
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme
        .split("its `mapping` is the column\nmapping stored with the index, which the next ingest reuses:\n\n```json\n")
        .nth(1)
        .expect("README's info --format json example")
        .split("```")
        .next()
        .unwrap();
    let shown: Value = serde_json::from_str(block).expect("README's mapping is JSON");
    assert_eq!(v["mapping"], shown);
    assert_eq!(v["mapping"]["scale"]["kind"], "nps");
    assert_eq!(as_u64(&v["mapping"]["scale"]["max"]), 10);
}

#[test]
fn stats_of_an_empty_scope_exits_1_and_says_so() {
    let out = run(small(), &["stats", "--quarter", "2030Q1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no responses in 2030Q1"),
        "{}",
        stdout(&out)
    );
    let out = run(
        small(),
        &["stats", "--quarter", "2030Q1", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no responses in 2030Q1"),
        "{}",
        stderr(&out)
    );
    assert_eq!(as_u64(&json_of(&out)["overall"]["responses"]), 0);
}

#[test]
fn a_reader_that_goes_away_never_stops_an_ingest() {
    use std::io::BufRead;
    use std::process::{Command as Std, Stdio};
    // Like `verbatim ingest FILE 2>&1 | head -1`: the reader takes one line and closes the pipe.
    for closed in ["stdout", "stderr", "both"] {
        let d = tmp();
        let mut child = Std::new(env!("CARGO_BIN_EXE_verbatim"))
            .env_remove("VERBATIM_INDEX")
            .args(["ingest", "--strict", "--index"])
            .arg(d.path())
            .arg(fixture("saas_nps.csv"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let head = |pipe: Box<dyn std::io::Read>| {
            let mut first = String::new();
            std::io::BufReader::new(pipe).read_line(&mut first).unwrap();
        };
        let mut keep: Vec<Box<dyn std::io::Read>> = Vec::new();
        match closed {
            "stdout" => {
                drop(stdout);
                keep.push(Box::new(stderr));
            }
            "stderr" => {
                head(Box::new(stderr));
                keep.push(Box::new(stdout));
            }
            _ => {
                drop(stdout);
                head(Box::new(stderr));
            }
        }
        for mut pipe in keep {
            std::io::copy(&mut pipe, &mut std::io::sink()).unwrap();
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{closed} closed");
        assert_eq!(responses(d.path()), 2976, "{closed} closed");
    }
}

// ---- column roles on real exports (issue 11) ----

fn exports_expected() -> Value {
    let text = std::fs::read_to_string(fixture("exports/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every survey tool's export maps right with no flags: id, date, score and scale, the open
/// questions (file order), personal data left out, tool metadata never a score or a comment.
#[test]
fn survey_tool_exports_map_right_with_no_flags() {
    let expected = exports_expected();
    let mut wrong = Vec::new();
    for (name, e) in expected.as_object().unwrap() {
        let d = tmp();
        let out = ingest_ok(d.path(), &format!("exports/{name}"), &[]);
        let se = stderr(&out);
        let info = json_of(&run(d.path(), &["info", "--json"]));
        let m = &info["mapping"];
        let check = |wrong: &mut Vec<String>, what: &str, got: &Value, want: &Value| {
            if got != want {
                wrong.push(format!("{name}: {what} is {got}, expected {want}"));
            }
        };
        check(&mut wrong, "id", &m["id"], &e["id"]);
        check(&mut wrong, "date", &m["date"], &e["date"]);
        check(&mut wrong, "score", &m["score"], &e["score"]);
        check(&mut wrong, "text", &m["text"], &e["text"]);
        let n = Value::from(responses(d.path()));
        check(&mut wrong, "responses", &n, &e["indexed"]);
        let excluded = strs(&m["excluded"]);
        for p in strs(&e["personal"]) {
            if !excluded.contains(&p) {
                wrong.push(format!(
                    "{name}: personal column {p} not left out: {excluded:?}"
                ));
            }
            assert!(se.contains(&format!("--keep-col '{p}'")), "{name}: {se}");
        }
        let segments: Vec<String> = info["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect();
        for s in e["segments_include"].as_array().into_iter().flatten() {
            let s = s.as_str().unwrap();
            if !segments.iter().any(|x| x == s) {
                wrong.push(format!("{name}: segment {s} missing from {segments:?}"));
            }
        }
        let stats = stats_json(d.path(), &[]);
        check(&mut wrong, "scale", &stats["scale"]["kind"], &e["scale"]);
        let metric = stats["overall"]["metric"]["value"]
            .as_f64()
            .unwrap_or(f64::NAN);
        let want = e["nps"].as_f64().or(e["csat"].as_f64()).unwrap();
        if (round1(metric) - want).abs() > 0.05 {
            wrong.push(format!("{name}: metric {metric}, expected {want}"));
        }
        if let Some(tool) = e["tool"].as_str() {
            assert!(se.contains(tool), "{name}: the tool is named: {se}");
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn qualtrics_previews_tests_and_spam_are_left_out_and_kept_in_rejects() {
    let d = tmp();
    let out = ingest_ok(d.path(), "exports/qualtrics.csv", &["--strict"]);
    let so = stdout(&out);
    assert!(
        so.contains("40 rows: 36 added, 0 updated, 0 rejected")
            && so.contains("4 left out (survey previews, tests, spam)"),
        "{so}"
    );
    let se = stderr(&out);
    assert!(se.contains("3 unfinished response(s)"), "{se}");
    assert!(
        se.contains("'Survey Preview'") && se.contains("'Spam'"),
        "{se}"
    );
    let rejects = std::fs::read_to_string(d.path().join("rejects.csv")).unwrap();
    assert_eq!(rejects.matches("not a response").count(), 4, "{rejects}");
    assert!(rejects.contains("'Status' is 'Survey Test'"), "{rejects}");
    // the bot score is no score: the file is read, and Q1 is the score
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["mapping"]["score"], "Q1");
}

#[test]
fn typeform_network_id_is_not_the_id_and_repeated_names_are_kept() {
    let d = tmp();
    let out = ingest_ok(d.path(), "exports/typeform.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("4 columns are named 'Other': each is kept, as 'Other', 'Other (2)', 'Other (3)', 'Other (4)'"),
        "{se}"
    );
    // 40 responses from 25 networks: none merged
    assert_eq!(responses(d.path()), 40);
    let (_, v) = search_json(d.path(), "*", &[]);
    let hits = v["hits"].as_array().unwrap();
    for other in ["Other", "Other (2)", "Other (3)", "Other (4)"] {
        assert!(
            hits.iter().any(|h| h["segments"].get(other).is_some()),
            "values of '{other}' are stored"
        );
    }
}

#[test]
fn a_network_id_or_participant_code_is_refused_as_the_id() {
    let d = tmp();
    let rows = [
        "n1,2026-07-01,9,The onboarding call was really helpful for our team",
        "n1,2026-07-02,3,Billing sent us the wrong invoice twice this quarter",
        "n2,2026-07-03,8,Search got faster but filters are still hard to find",
        "n3,2026-07-04,10,Support answered within the hour every single time",
    ];
    let index = ingest_rows(d.path(), "Network ID,date,score,comment", &rows, &[]);
    assert_eq!(responses(&index), 4);
    let index2 = d.path().join("index2");
    let csv = d.path().join("rows.csv");
    let out = verbatim()
        .args(["ingest", "--index"])
        .arg(&index2)
        .arg(&csv)
        .output()
        .unwrap();
    let se = stderr(&out);
    assert!(
        se.contains(
            "'Network ID' is not used as the response id: its header does not name a response id"
        ),
        "{se}"
    );
}

#[test]
fn a_row_replaces_the_stored_response_unless_that_one_is_dated_later() {
    let d = tmp();
    let first = d.path().join("first.csv");
    std::fs::write(
        &first,
        "Response ID,date,score,comment\n\
         A1,2026-07-10,9,Second thoughts: the new export is great\n\
         A2,2026-07-01,3,The app crashes on start\n\
         A1,2026-07-01,2,First answer: the export is broken\n",
    )
    .unwrap();
    let index = d.path().join("index");
    let out = verbatim()
        .args(["ingest", "--id-col", "Response ID", "--index"])
        .arg(&index)
        .arg(&first)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("older than the response already held under their id"),
        "{}",
        stderr(&out)
    );
    let (_, v) = search_json(&index, "export", &[]);
    assert_eq!(hit_ids(&v), ["A1"]);
    assert_eq!(
        v["hits"][0]["date"], "2026-07-10",
        "the later row stays: {v}"
    );
    // Across ingests: an older export does not undo a newer one; a newer one replaces it.
    let older = d.path().join("older.csv");
    std::fs::write(
        &older,
        "Response ID,date,score,comment\nA2,2026-06-01,10,Old answer from June\n",
    )
    .unwrap();
    let newer = d.path().join("newer.csv");
    std::fs::write(
        &newer,
        "Response ID,date,score,comment\nA2,2026-08-01,8,Fixed in the August release\n",
    )
    .unwrap();
    for (file, kept) in [(&older, "crashes"), (&newer, "August")] {
        let out = verbatim()
            .args(["ingest", "-q", "--index"])
            .arg(&index)
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (_, v) = search_json(&index, kept, &[]);
        assert_eq!(hit_ids(&v), ["A2"], "{kept}");
        assert_eq!(responses(&index), 2);
    }
}

/// The real exports in ../shared/data (read-only, beside the repository) map right with no flags.
#[test]
fn shared_data_csvs_map_right_with_no_flags() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !root.is_dir() {
        eprintln!(
            "\n*** SKIPPED shared_data_csvs_map_right_with_no_flags: {} is absent ***\n",
            root.display()
        );
        return;
    }
    // file, id, date, score, text
    let cases: [(&str, Option<&str>, Option<&str>, Option<&str>, &[&str]); 6] = [
        (
            "ba-skytrax-reviews/reviews.csv",
            Some("ReviewID"),
            Some("Datetime"),
            Some("OverallRating"),
            &["ReviewHeader", "ReviewBody"],
        ),
        (
            "womens-clothing-reviews/reviews.csv",
            None,
            None,
            Some("Rating"),
            &["Title", "Review Text"],
        ),
        (
            "amazon-alexa-reviews/reviews.csv",
            None,
            Some("date"),
            Some("rating"),
            &["verified_reviews"],
        ),
        (
            "nps-verbatims/nps_verbatims.csv",
            None,
            Some("CUSTOMER_RESPONSE_DATE"),
            Some("NPS_SCORE"),
            &["text"],
        ),
        (
            "airline-tweets/tweets.csv",
            Some("tweet_id"),
            Some("tweet_created"),
            None,
            &["text"],
        ),
        (
            "semeval2014-restaurants/sentences.csv",
            None,
            None,
            None,
            &["text"],
        ),
    ];
    let mut wrong = Vec::new();
    for (file, id, date, score, text) in cases {
        let path = root.join(file);
        if !path.is_file() {
            eprintln!("*** {} is absent: not checked ***", path.display());
            continue;
        }
        let d = tmp();
        let out = verbatim()
            .args(["ingest", "-q", "--index"])
            .arg(d.path())
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let m = json_of(&run(d.path(), &["info", "--json"]))["mapping"].clone();
        let got = (
            m["id"].as_str().map(str::to_string),
            m["date"].as_str().map(str::to_string),
            m["score"].as_str().map(str::to_string),
            strs(&m["text"]),
        );
        let want = (
            id.map(str::to_string),
            date.map(str::to_string),
            score.map(str::to_string),
            text.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        );
        if got != want {
            wrong.push(format!("{file}: got {got:?}, expected {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// issue 12: small groups, query mistakes, dates of --from/--to
// ---------------------------------------------------------------------------

#[test]
fn small_groups_say_too_few_instead_of_a_margin() {
    // nps_small: Enterprise has 3 scored responses, all promoters (the formula gives ±0.0).
    let out = run(small(), &["stats", "--by", "plan"]);
    let so = stdout(&out);
    let row = so.lines().find(|l| l.starts_with("Enterprise")).unwrap();
    assert!(row.contains("100.0*") && row.contains("too few*"), "{so}");
    assert!(!so.contains("0.0  strong"), "{so}");
    assert!(so.contains("too few for a margin of error"), "{so}");
    let v = stats_json(small(), &["--by", "plan"]);
    let m = &group(&v, "Enterprise")["metric"];
    assert!(m["margin"].is_null() && m["small"] == true, "{m}");
    // saas groups of 30 and more keep their margin
    let v = stats_json(saas(), &["--by", "plan", "--quarter", "2026Q3"]);
    assert!(
        group(&v, "Enterprise")["metric"]["margin"]
            .as_f64()
            .unwrap()
            > 20.0
    );
    // the report of a tiny quarter: no margin, no verdict on the change
    let out = run(small(), &["report"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("(too few for a margin: fewer than 30)"), "{md}");
    assert!(!md.contains("±0.0"), "{md}");
    let r = json_of(&run(small(), &["report", "--format", "json"]));
    assert!(
        r["headline"]["current"]["metric"]["margin"].is_null(),
        "{r}"
    );
    assert!(r["headline"]["change_margin"].is_null());
}

#[test]
fn query_mistakes_say_what_and_where() {
    for (query, said) in [
        (
            "\"customer service",
            "the quote at character 1 of the query opens a phrase that is never closed",
        ),
        (
            "billing (refund OR invoice",
            "the parenthesis opened at character 9 of the query is never closed",
        ),
        (
            "billing)",
            "the closing parenthesis at character 8 of the query closes nothing",
        ),
        ("", "the query is empty"),
        ("  ", "the query is empty"),
        (
            "the and",
            "'the', 'and' are too common to be indexed (stopwords, listed in stopwords/en.txt)",
        ),
        ("(-billing)", "the query only excludes words (-billing)"),
    ] {
        let out = run(saas(), &["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}: {}", stdout(&out));
        assert!(stderr(&out).contains(said), "{query}: {}", stderr(&out));
    }
    // themes --query reads queries the same way
    let out = run(saas(), &["themes", "--query", "the"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'the' is too common"),
        "{}",
        stderr(&out)
    );
    // a stopword beside real words is named and left out
    let out = run(saas(), &["search", "the billing", "--limit", "1"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("(left out of the query: 'the', too common to be indexed"),
        "{}",
        stdout(&out)
    );
    let (code, v) = search_json(saas(), "the billing", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["ignored"], serde_json::json!(["the"]));
    assert_eq!(v["total"], search_json(saas(), "billing", &[]).1["total"]);
}

#[test]
fn from_and_to_read_the_dates_ingest_reads() {
    let overall = |extra: &[&str]| stats_json(saas(), extra)["overall"].clone();
    // a month runs to its last day, a slash date is a day
    assert_eq!(
        overall(&["--from", "2026/01/01", "--to", "2026-02"]),
        overall(&["--from", "2026-01-01", "--to", "2026-02-28"])
    );
    // a quarter from its first day to its last
    assert_eq!(
        overall(&["--from", "2026Q1", "--to", "2026Q1"]),
        overall(&["--quarter", "2026Q1"])
    );
    let out = run(saas(), &["stats", "--from", "01/02/2026"]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("'01/02/2026' is not a date this can read")
            && se.contains("2023/01/31")
            && se.contains("2023-01")
            && se.contains("2023Q1"),
        "{se}"
    );
}

#[test]
fn search_full_prints_the_whole_comment() {
    // R000658's comment spans lines; --full prints each, indented
    let out = run(
        saas(),
        &[
            "search",
            "\"charged twice in March\"",
            "--full",
            "--show",
            "none",
        ],
    );
    let so = stdout(&out);
    assert!(so.contains("R000658 | "), "{so}");
    assert!(
        so.contains("  Billing is a mess.\n  We were [charged] [twice] in [March]\n"),
        "{so}"
    );
}
