//! The small broken or awkward inputs of `fixtures/broken/`, one expectation each (in
//! `fixtures/expected.json`): rejected lines and their reasons, encodings, delimiters, line ends,
//! survey tools' extra rows, unreadable files, ambiguous dates, and (issue 11) cells that hold
//! row-like lines, quotes left open, score labels and files without a text column.

use super::*;

/// Ingest a broken/ file that should succeed, then compare counts with expected.json.
pub(super) fn check_ok_broken(name: &str, extra: &[&str]) -> (TempDir, Output) {
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
