//! Column roles on real exports (issue 11): every survey tool's export in `fixtures/exports/`
//! maps right with no flags, tool metadata (previews, tests, spam, network ids) is left out, a
//! later answer replaces an earlier one, and the real data sets in `../shared/data` map right.

use super::*;

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
