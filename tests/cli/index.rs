//! The index itself: `info`, `delete`, a missing or incompatible index, where `--index` comes
//! from (the environment, before or after the command), and errors on stderr.

use assert_cmd::Command;
use predicates::prelude::*;

use super::*;

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
