//! Scores in context (issue 5): churn from an accounts file, usage quadrants and agent coaching,
//! end to end on the fixtures in `fixtures/context/`.
//!
//! Every expected number comes from `fixtures/context/expected.json` (written, with
//! `fixtures/context/README.md`, by `python3 fixtures/make_context_fixtures.py` from hand-written
//! customer data) and is loaded at run time. Each test runs the real binary with `--index <tempdir>`.

mod support;

use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;
use tempfile::TempDir;

use support::cli::{ingested, json_of, ok_json, run, stderr, stdout};
use support::fixture;
use support::json::{as_f64, as_u64, assert_1dp, group, strs};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

fn ctx_fixture(name: &str) -> String {
    fixture(&format!("context/{name}"))
        .to_string_lossy()
        .into_owned()
}

fn expected() -> &'static Value {
    static E: OnceLock<Value> = OnceLock::new();
    E.get_or_init(|| {
        let text = std::fs::read_to_string(fixture("context/expected.json"))
            .expect("read fixtures/context/expected.json");
        serde_json::from_str(&text).expect("parse expected.json")
    })
}

/// Shared read-only index of fixtures/context/customers_nps.csv.
fn customers() -> &'static Path {
    static D: OnceLock<TempDir> = OnceLock::new();
    D.get_or_init(|| ingested("context/customers_nps.csv"))
        .path()
}

/// Shared read-only index of fixtures/csat_support.csv.
fn csat_support() -> &'static Path {
    static D: OnceLock<TempDir> = OnceLock::new();
    D.get_or_init(|| ingested("csat_support.csv")).path()
}

/// Shared read-only index of fixtures/context/tickets_small.csv.
fn tickets_small() -> &'static Path {
    static D: OnceLock<TempDir> = OnceLock::new();
    D.get_or_init(|| ingested("context/tickets_small.csv"))
        .path()
}

fn assert_num(actual: &Value, expected: &Value, what: &str) {
    let (a, e) = (actual.as_f64(), expected.as_f64());
    assert!(
        a.is_some() && e.is_some() && (a.unwrap() - e.unwrap()).abs() < 1e-9,
        "{what}: got {actual}, expected {expected}"
    );
}

/// Checks a JSON object with `bands` {high, middle, low} and `metric.value` against an
/// expected NPS group ({promoters, passives, detractors, nps}).
fn assert_bands(g: &Value, e: &Value, what: &str) {
    assert_eq!(
        as_u64(&g["bands"]["high"]),
        as_u64(&e["promoters"]),
        "{what}: promoters in {g}"
    );
    assert_eq!(
        as_u64(&g["bands"]["middle"]),
        as_u64(&e["passives"]),
        "{what}: passives in {g}"
    );
    assert_eq!(
        as_u64(&g["bands"]["low"]),
        as_u64(&e["detractors"]),
        "{what}: detractors in {g}"
    );
    assert_1dp(
        &g["metric"]["value"],
        as_f64(&e["nps"]),
        &format!("{what}: NPS"),
    );
}

/// The first value under `key` anywhere in `v` (depth first).
fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => m
            .get(key)
            .or_else(|| m.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// the fixture itself, through the existing commands
// ---------------------------------------------------------------------------

#[test]
fn customers_fixture_ingests_with_known_bands() {
    let e = &expected()["customers_nps"];
    let info = ok_json(customers(), &["info", "--json"]);
    assert_eq!(as_u64(&info["responses"]), as_u64(&e["responses"]));
    assert_eq!(info["mapping"]["id"], "response_id");
    let segments: Vec<&str> = info["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        segments.contains(&"customer_id") && segments.contains(&"weekly_logins"),
        "{segments:?}"
    );
    let s = ok_json(
        customers(),
        &["stats", "--by", "quarter", "--format", "json"],
    );
    assert_bands(&s["overall"], &e["overall"], "overall");
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        assert_bands(group(&s, q), eq, q);
    }
}

// ---------------------------------------------------------------------------
// churn: stats --accounts
// ---------------------------------------------------------------------------

fn churn_json(extra: &[&str]) -> Value {
    let mut args = vec!["stats", "--format", "json"];
    args.extend_from_slice(extra);
    let s = ok_json(customers(), &args);
    let c = s["churn"].clone();
    assert!(c.is_object(), "no \"churn\" object in stats JSON: {s}");
    c
}

/// Counts, cohorts and left-smiling customers against one expected.json churn section.
fn check_churn(c: &Value, e: &Value, what: &str) {
    assert_eq!(
        as_u64(&c["customers"]),
        as_u64(&e["customers"]),
        "{what}: customers"
    );
    assert_eq!(
        as_u64(&c["matched"]),
        as_u64(&e["matched"]),
        "{what}: matched"
    );
    assert_eq!(
        as_u64(&c["unmatched"]),
        as_u64(&e["unmatched_ids"]),
        "{what}: unmatched"
    );
    let mut listed = strs(&c["unmatched_examples"]);
    listed.sort();
    assert_eq!(
        listed,
        strs(&e["unmatched_id_list"]),
        "{what}: unmatched ids"
    );
    assert_eq!(
        as_u64(&c["accounts_without_responses"]),
        as_u64(&e["accounts_without_responses"]),
        "{what}: accounts without responses"
    );
    assert_eq!(c["status_only"], e["status_only"], "{what}: status_only");
    for cohort in ["churned", "retained"] {
        assert_eq!(
            as_u64(&c[cohort]["customers"]),
            as_u64(&e[cohort]["customers"]),
            "{what}: {cohort} customers"
        );
        assert_bands(&c[cohort], &e[cohort], &format!("{what}: {cohort}"));
    }
    let smiling = c["left_smiling"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: left_smiling not an array: {c}"));
    let mut ids: Vec<String> = smiling
        .iter()
        .map(|x| x["customer"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, strs(&e["left_smiling_ids"]), "{what}: left smiling");
    for x in e["left_smiling"].as_array().unwrap() {
        let got = smiling
            .iter()
            .find(|g| g["customer"] == x["customer"])
            .unwrap();
        assert_eq!(got["date"], x["date"], "{what}: answer date of {x}");
        assert_eq!(got["comment"], x["comment"], "{what}: comment of {x}");
        assert_eq!(got["score_band"], "promoter", "{what}: band of {x}");
        if !e["status_only"].as_bool().unwrap() {
            assert_eq!(
                got["churn_date"], x["churn_date"],
                "{what}: churn date of {x}"
            );
            assert_eq!(got["days"], x["days"], "{what}: days of {x}");
        }
    }
}

#[test]
fn churn_90_days_whole_file() {
    let e = &expected()["churn_90d"];
    let c = churn_json(&[
        "--accounts",
        &ctx_fixture("accounts.csv"),
        "--churn-window",
        "90d",
    ]);
    check_churn(&c, e, "90d");
    assert_eq!(as_u64(&c["window_days"]), 90);
    assert_eq!(c["customer_column"], "customer_id");
    // C001-C014 churned (10 within 90 days of answering, 4 later); C011 and C014 are promoters
    // who churned 169 and 119 days after answering, so only C004 and C008 left smiling.
    assert_eq!(strs(&e["left_smiling_ids"]), ["C004", "C008"]);
}

#[test]
fn churn_revenue_weighted() {
    let e = &expected()["churn_90d"]["revenue_weighted"];
    let c = churn_json(&["--accounts", &ctx_fixture("accounts.csv")]);
    for cohort in ["churned", "retained"] {
        assert_1dp(
            &c[cohort]["revenue_weighted"],
            as_f64(&e[cohort]["nps"]),
            &format!(
                "{cohort}: revenue-weighted NPS ({})",
                e[cohort]["nps_exact"]
            ),
        );
    }
    // churned: every account has an MRR, total 7820
    assert_num(
        &c["churned"]["revenue"],
        &e["churned"]["mrr_scored"],
        "churned MRR",
    );
}

#[test]
fn churn_revenue_total_survives_one_blank_mrr() {
    let e = &expected()["churn_90d"]["revenue_weighted"];
    let c = churn_json(&["--accounts", &ctx_fixture("accounts.csv")]);
    // retained: C023 has a blank MRR; the other 18 active accounts add up to 8060
    assert_eq!(strs(&e["retained"]["blank_mrr"]), ["C023"]);
    assert_num(
        &c["retained"]["revenue"],
        &e["retained"]["mrr_scored"],
        "retained MRR (blank MRR of C023 counts as 0, it must not void the total)",
    );
}

#[test]
fn churn_default_window_and_explicit_customer_col_agree() {
    let e = &expected()["churn_90d"];
    let c = churn_json(&[
        "--accounts",
        &ctx_fixture("accounts.csv"),
        "--customer-col",
        "customer_id",
    ]);
    check_churn(&c, e, "default window, --customer-col");
    assert_eq!(as_u64(&c["window_days"]), 90, "default window is 90 days");
}

#[test]
fn churn_latest_response_in_scope_speaks() {
    // Up to 2026-06-30 C004's latest answer is a 4 (not the later 9), so nobody left smiling;
    // C005, C018, C022 and C030 only answered in Q3, so 7 accounts have no response in scope.
    let e = &expected()["churn_90d_to_2026_06_30"];
    let c = churn_json(&[
        "--accounts",
        &ctx_fixture("accounts.csv"),
        "--churn-window",
        "90d",
        "--to",
        "2026-06-30",
    ]);
    check_churn(&c, e, "--to 2026-06-30");
    assert_1dp(
        &c["churned"]["revenue_weighted"],
        as_f64(&e["revenue_weighted"]["churned"]["nps"]),
        "--to 2026-06-30: churned revenue-weighted NPS",
    );
}

#[test]
fn churn_window_in_weeks_changes_left_smiling() {
    // A 6-week window (42 days) keeps C004 (41 days) and drops C008 (51 days).
    let e = &expected()["churn_90d"];
    let days = |id: &str| {
        e["left_smiling"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["customer"] == id)
            .unwrap()["days"]
            .as_i64()
            .unwrap()
    };
    assert_eq!((days("C004"), days("C008")), (41, 51));
    let c = churn_json(&[
        "--accounts",
        &ctx_fixture("accounts.csv"),
        "--churn-window",
        "6w",
    ]);
    assert_eq!(as_u64(&c["window_days"]), 42);
    let ids: Vec<&str> = c["left_smiling"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["customer"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C004"]);
    // the cohorts do not depend on the window
    assert_eq!(as_u64(&c["churned"]["customers"]), 14);
}

#[test]
fn churn_status_only_means_any_time() {
    let e = &expected()["churn_status_only"];
    let c = churn_json(&["--accounts", &ctx_fixture("accounts_status_only.csv")]);
    check_churn(&c, e, "status only");
    assert_eq!(c["status_only"], true);
    assert_eq!(
        strs(&e["left_smiling_ids"]),
        ["C004", "C008", "C011", "C014"]
    );
    assert!(
        c["churned"]["revenue_weighted"].is_null(),
        "no revenue column, no revenue-weighted figure: {}",
        c["churned"]
    );
}

#[test]
fn churn_status_only_table_says_any_time() {
    let out = run(
        customers(),
        &[
            "stats",
            "--accounts",
            &ctx_fixture("accounts_status_only.csv"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out).to_lowercase();
    assert!(
        text.contains("any time"),
        "status-only churn should say churned means at any time:\n{text}"
    );
    for id in ["c004", "c008", "c011", "c014"] {
        assert!(text.contains(id), "left smiling {id} missing:\n{text}");
    }
}

#[test]
fn churn_table_reports_unmatched_ids() {
    let out = run(
        customers(),
        &["stats", "--accounts", &ctx_fixture("accounts.csv")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("C034") && text.contains("C035"),
        "the 2 unmatched customer ids should be reported:\n{text}"
    );
    assert!(
        text.contains("C004") && text.contains("C008"),
        "left smiling customers missing:\n{text}"
    );
    assert!(
        text.contains("Great product, the team is happy with it"),
        "C004's comment missing:\n{text}"
    );
}

#[test]
fn churn_themes_over_represented_among_churned() {
    // "export keeps failing" is in the latest comment of 6 churned and 0 retained customers,
    // "too slow" in 5 churned and 1 retained.
    let e = &expected()["churn_90d"]["planted_phrases_latest_comment"];
    assert_eq!(as_u64(&e["export keeps failing"]["churned"]), 6);
    assert_eq!(as_u64(&e["export keeps failing"]["retained"]), 0);
    let c = churn_json(&["--accounts", &ctx_fixture("accounts.csv")]);
    let themes = c["churn_themes"]
        .as_array()
        .unwrap_or_else(|| panic!("no churn_themes array: {c}"));
    let labels: Vec<String> = themes
        .iter()
        .map(|t| {
            t.get(0)
                .or_else(|| t.get("label"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_lowercase()
        })
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("export")),
        "the planted 'export keeps failing' theme should be over-represented among churned: {labels:?}"
    );
}

#[test]

fn report_json_has_churn_section() {
    let out = run(
        customers(),
        &[
            "report",
            "--format",
            "json",
            "--accounts",
            &ctx_fixture("accounts.csv"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json_of(&out);
    let smiling =
        find_key(&r, "left_smiling").unwrap_or_else(|| panic!("no left_smiling in report JSON"));
    let mut ids: Vec<&str> = smiling
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["customer"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["C004", "C008"]);
    let unmatched = find_key(&r, "unmatched").expect("unmatched count in report JSON");
    assert_eq!(as_u64(unmatched), 2);
}

// ---------------------------------------------------------------------------
// churn: errors
// ---------------------------------------------------------------------------

fn churn_error(accounts: &str) -> String {
    let out = run(
        customers(),
        &["stats", "--format", "json", "--accounts", accounts],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--accounts {accounts} should exit 2:\nstdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "no JSON on error: {}", stdout(&out));
    stderr(&out)
}

#[test]
fn accounts_missing_file_exit_2_naming_it() {
    let path = ctx_fixture("no_such_accounts.csv");
    let err = churn_error(&path);
    assert!(
        err.contains("no_such_accounts.csv"),
        "message should name the file: {err}"
    );
}

#[test]
fn accounts_without_id_column_exit_2() {
    let err = churn_error(&ctx_fixture("accounts_no_id.csv"));
    assert!(err.contains("accounts_no_id.csv"), "{err}");
    assert!(
        err.to_lowercase().contains("id"),
        "should say the id column is missing: {err}"
    );
}

#[test]
fn accounts_bad_date_exit_2_naming_line() {
    let e = &expected()["accounts"];
    let err = churn_error(&ctx_fixture("accounts_bad_date.csv"));
    let line = as_u64(&e["bad_date_line"]);
    assert_eq!(line, 7);
    assert!(err.contains("accounts_bad_date.csv"), "{err}");
    assert!(
        err.contains(&format!("line {line}")),
        "should name line {line}: {err}"
    );
    assert!(err.contains("31/31/2026"), "should quote the value: {err}");
}

#[test]
fn unknown_customer_col_exit_2() {
    let out = run(
        customers(),
        &[
            "stats",
            "--accounts",
            &ctx_fixture("accounts.csv"),
            "--customer-col",
            "no_such_column",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no_such_column"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// usage quadrants
// ---------------------------------------------------------------------------

const QUADRANTS: [&str; 5] = [
    "power users",
    "happy under-users",
    "cry for help",
    "very at risk",
    "no usage value",
];

fn check_quadrants(s: &Value, e: &Value, what: &str) {
    for q in QUADRANTS {
        let eg = &e["groups"][q];
        let g = group(s, q);
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&eg["responses"]),
            "{what}: {q} responses"
        );
        assert_bands(g, eg, &format!("{what}: {q}"));
    }
    let total: u64 = QUADRANTS
        .iter()
        .map(|q| as_u64(&group(s, q)["responses"]))
        .sum();
    assert_eq!(total, as_u64(&expected()["customers_nps"]["responses"]));
}

#[test]
fn quadrants_median_split() {
    let e = &expected()["quadrants"];
    // 55 non-blank weekly_logins, median 6, 4 rows exactly at 6 (they count as high usage)
    assert_eq!(as_u64(&e["split"]), 6);
    assert_eq!(as_u64(&e["values_equal_to_median"]), 4);
    let s = ok_json(
        customers(),
        &[
            "stats",
            "--by",
            "quadrant",
            "--usage-col",
            "weekly_logins",
            "--format",
            "json",
        ],
    );
    check_quadrants(&s, e, "median split");
    let split = find_key(&s, "usage_split")
        .unwrap_or_else(|| panic!("the usage split should be shown: {s}"));
    assert_num(split, &e["split"], "usage split");
}

#[test]
fn quadrants_fixed_split() {
    let e = &expected()["quadrants_split_10"];
    let s = ok_json(
        customers(),
        &[
            "stats",
            "--by",
            "quadrant",
            "--usage-col",
            "weekly_logins",
            "--usage-split",
            "10",
            "--format",
            "json",
        ],
    );
    check_quadrants(&s, e, "split 10");
    assert_num(
        find_key(&s, "usage_split").expect("usage_split"),
        &e["split"],
        "usage split",
    );
}

#[test]
fn quadrants_table_shows_split() {
    let out = run(
        customers(),
        &["stats", "--by", "quadrant", "--usage-col", "weekly_logins"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for q in QUADRANTS {
        assert!(text.contains(q), "{q} missing:\n{text}");
    }
    assert!(
        text.contains("median") && text.contains('6'),
        "the split (median 6) should be shown:\n{text}"
    );
}

#[test]
fn quadrants_unknown_usage_col_exit_2() {
    let out = run(
        customers(),
        &["stats", "--by", "quadrant", "--usage-col", "no_such_column"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no_such_column"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// agents
// ---------------------------------------------------------------------------

fn agent<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["agents"]
        .as_array()
        .unwrap_or_else(|| panic!("no agents array: {report}"))
        .iter()
        .find(|a| a["agent"] == name)
        .unwrap_or_else(|| panic!("no agent {name}"))
}

fn check_agents(r: &Value, e: &Value, what: &str) {
    assert_num(
        &r["scope_median_time"],
        &e["scope_median_minutes"],
        &format!("{what}: scope median minutes"),
    );
    assert_num(
        &r["fast_below"],
        &e["scope_median_minutes"],
        &format!("{what}: fast line = scope median"),
    );
    let agents = e["agents"].as_object().unwrap();
    assert_eq!(
        r["agents"].as_array().unwrap().len(),
        agents.len(),
        "{what}: agent count"
    );
    for (name, ea) in agents {
        let a = agent(r, name);
        let w = format!("{what}: {name}");
        assert_eq!(
            as_u64(&a["responses"]),
            as_u64(&ea["responses"]),
            "{w}: responses"
        );
        assert_eq!(
            as_u64(&a["bands"]["high"]),
            as_u64(&ea["satisfied"]),
            "{w}: satisfied"
        );
        assert_eq!(
            as_u64(&a["bands"]["low"]),
            as_u64(&ea["dissatisfied"]),
            "{w}: dissatisfied"
        );
        assert_1dp(
            &a["metric"]["value"],
            as_f64(&ea["csat"]),
            &format!("{w}: CSAT"),
        );
        assert_num(
            &a["median_time"],
            &ea["median_minutes"],
            &format!("{w}: median minutes"),
        );
        assert_eq!(
            as_u64(&a["fast_low"]),
            as_u64(&ea["fast_low"]),
            "{w}: fast but low ({:?})",
            ea["fast_low_ids"]
        );
        assert_eq!(a["too_few"], ea["too_few"], "{w}: too_few");
    }
    assert_eq!(
        as_u64(&r["fast_low_total"]),
        as_u64(&e["fast_low_total"]),
        "{what}: fast-low total"
    );
}

#[test]
fn agents_csat_support() {
    let e = &expected()["agents_csat_support"];
    // 400 tickets, median 71.5 minutes (mean of 71 and 72), 19 fast-but-low tickets;
    // every agent has 31-48 tickets, so none is flagged.
    assert_num(
        &e["scope_median_minutes"],
        &serde_json::json!(71.5),
        "fixture",
    );
    let r = ok_json(csat_support(), &["agents", "--format", "json"]);
    assert_eq!(r["agent_column"], "Agent");
    assert_eq!(r["time_column"], "Resolution Minutes");
    assert_eq!(r["metric_name"], "CSAT");
    check_agents(&r, e, "csat_support");
}

#[test]
fn agents_explicit_columns_same_answer() {
    let e = &expected()["agents_csat_support"];
    let r = ok_json(
        csat_support(),
        &[
            "agents",
            "--agent-col",
            "Agent",
            "--time-col",
            "Resolution Minutes",
            "--format",
            "json",
        ],
    );
    check_agents(&r, e, "csat_support, explicit columns");
}

#[test]
fn agents_small_flags_too_few() {
    // Zoe Park has 5 tickets (< 10): flagged; Ben Okafor has exactly 10: not flagged.
    let e = &expected()["agents_tickets_small"];
    assert_eq!(e["agents"]["Zoe Park"]["too_few"], true);
    assert_eq!(e["agents"]["Ben Okafor"]["too_few"], false);
    let r = ok_json(tickets_small(), &["agents", "--format", "json"]);
    check_agents(&r, e, "tickets_small");
    assert_eq!(as_u64(&r["min_responses"]), 10);
}

#[test]
fn agents_small_settable_threshold_and_fast_line() {
    // --min-responses 11: Ben Okafor (10 tickets) is now too few, Ava Stone (12) is not.
    // --fast-below 16: Ava's 15-minute 2, Zoe's 8-minute 1 and 10-minute 2 are fast but low.
    let e = &expected()["agents_tickets_small_min11_fast16"];
    assert_eq!(e["agents"]["Ben Okafor"]["too_few"], true);
    assert_eq!(as_u64(&e["fast_low_total"]), 3);
    let r = ok_json(
        tickets_small(),
        &[
            "agents",
            "--min-responses",
            "11",
            "--fast-below",
            "16",
            "--format",
            "json",
        ],
    );
    assert_eq!(as_u64(&r["min_responses"]), 11);
    assert_num(&r["fast_below"], &e["fast_below"], "fast line");
    assert_num(
        &r["scope_median_time"],
        &e["scope_median_minutes"],
        "the scope median is still reported",
    );
    for (name, ea) in e["agents"].as_object().unwrap() {
        let a = agent(&r, name);
        assert_eq!(a["too_few"], ea["too_few"], "{name}: too_few");
        assert_eq!(
            as_u64(&a["fast_low"]),
            as_u64(&ea["fast_low"]),
            "{name}: fast but low {:?}",
            ea["fast_low_ids"]
        );
    }
    assert_eq!(as_u64(&r["fast_low_total"]), as_u64(&e["fast_low_total"]));
}

#[test]
fn agents_without_agent_column_exit_2() {
    let out = run(customers(), &["agents"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--agent-col"),
        "should say how to name the column: {}",
        stderr(&out)
    );
}
