//! Rows and columns as surveys lay them out (issue 22): placeholders that are no comment, date
//! columns that mix day/month orders, re-ingests that change nothing, choice columns, and one
//! respondent in several rows (long format).

use super::themes::{all_themes, themes_json};
use super::*;
use support::cli::{info, show};

const PATIENT_ANSWERS: &[&str] = &[
    "The nurse explained every step of the treatment and the discharge plan",
    "Waiting time in the emergency department was far too long",
    "Parking at the hospital is expensive and hard to find",
    "Staff were kind and the ward was clean",
    "The doctor listened carefully and answered all my questions",
    "Food on the ward was cold and tasteless every day",
    "Nurse XXXX was wonderful during the night shift",
    "[Name] at the front desk lost my referral letter twice",
];

/// A patient survey of 240 answers: 80 "Did not answer", 8 "Prefer not to say", 8 "[redacted]"
/// and 144 real comments (two of the eight with a redaction mark).
fn patient_survey(dir: &Path) -> PathBuf {
    let mut csv =
        String::from("Record,Likelihood to recommend (0-10),What stood out about your stay?\n");
    for i in 0..240 {
        let comment = match i % 30 {
            0..=9 => "Did not answer",
            10 => "Prefer not to say",
            11 => "[redacted]",
            k => PATIENT_ANSWERS[k % PATIENT_ANSWERS.len()],
        };
        csv.push_str(&format!("R{i:04},{},{comment}\n", i % 11));
    }
    let path = dir.join("patients.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

#[test]
fn placeholders_are_searchable_but_no_comment() {
    let d = tmp();
    let index = d.path().join("ix");
    let out = support::cli::ingest_ok(&index, &patient_survey(d.path()), &[]);
    let so = stdout(&out);
    assert!(
        so.contains("96 without a comment (96 placeholders: 80 'Did not answer', 8 '[redacted]', 8 'Prefer not to say')"),
        "{so}"
    );
    let s = stats_json(&index, &[]);
    assert_eq!(as_u64(&s["overall"]["comments"]), 144, "{s}");
    assert_1dp(&s["overall"]["comment_rate"], 60.0, "144 of 240");
    let (_, hits) = search_json(&index, "\"did not answer\"", &[]);
    assert_eq!(as_u64(&hits["total"]), 80, "placeholders stay searchable");
    let (_, v) = themes_json(&index, &[]);
    for t in all_themes(&v) {
        let label = t["label"].as_str().unwrap().to_lowercase();
        assert!(
            !["answer", "xxxx", "redact", "prefer", "name"]
                .iter()
                .any(|w| label.contains(w)),
            "a placeholder or redaction mark became a theme: {label}"
        );
    }
}

#[test]
fn a_column_of_mixed_date_orders_loses_no_row() {
    // Two systems merged: one writes day first (30/09/2021), the other month first (10/17/2021);
    // 01/02/2021 is valid either way and follows the column's majority (day first, 3 to 2).
    let rows = [
        "1,30/09/2021,9,Great staff",
        "2,10/17/2021,7,Fine",
        "3,01/02/2021,8,Good",
        "4,29/09/2021,6,Slow",
        "5,25/12/2021,10,Lovely",
        "6,11/30/2021,5,Cold food",
    ];
    for flags in [&[][..], &["--date-format", "eu"], &["--date-format", "us"]] {
        let d = tmp();
        let csv = d.path().join("merged.csv");
        std::fs::write(
            &csv,
            format!("id,Visit date,score,comment\n{}\n", rows.join("\n")),
        )
        .unwrap();
        let index = d.path().join("ix");
        let out = support::cli::ingest_ok(&index, &csv, flags);
        assert!(
            stdout(&out).contains("6 added, 0 updated, 0 rejected"),
            "{flags:?} {}",
            show(&out)
        );
        let se = stderr(&out);
        assert!(
            se.contains("'Visit date' mixes day/month orders")
                && se.contains("3 valid day-first only (e.g. line 2)")
                && se.contains("2 valid month-first only (e.g. line 3)"),
            "{flags:?} {se}"
        );
        let (_, v) = search_json(&index, "*", &[]);
        let date_of = |id: &str| {
            let hit = v["hits"].as_array().unwrap().iter().find(|h| h["id"] == id);
            hit.unwrap()["date"].as_str().unwrap().to_string()
        };
        assert_eq!(date_of("1"), "2021-09-30");
        assert_eq!(date_of("2"), "2021-10-17");
        let either = if flags.contains(&"us") {
            "2021-01-02"
        } else {
            "2021-02-01"
        };
        assert_eq!(date_of("3"), either, "{flags:?}");
    }
}

#[test]
fn a_changed_row_is_the_only_update() {
    let d = tmp();
    let file = d.path().join("nps.csv");
    let rows = |last: &str| format!("id,score,comment\n1,9,Great\n2,3,Slow support\n3,8,{last}\n");
    std::fs::write(&file, rows("Fine")).unwrap();
    let index = d.path().join("ix");
    support::cli::ingest_ok(&index, &file, &[]);
    std::fs::write(&file, rows("Fine but pricey")).unwrap();
    let out = support::cli::ingest_ok(&index, &file, &[]);
    assert!(
        stdout(&out).contains("3 rows: 0 added, 1 updated, 2 unchanged, 0 rejected"),
        "{}",
        show(&out)
    );
    let (_, v) = search_json(&index, "pricey", &[]);
    assert_eq!(as_u64(&v["total"]), 1);
}

#[test]
fn titles_and_ticked_boxes_are_segments_and_short_patient_answers_stay_text() {
    let d = tmp();
    let talks = [
        "Building resilient systems at scale",
        "What we learned running kafka",
        "Testing in production safely",
    ];
    let jobs = [
        "Software engineer",
        "Head nurse",
        "Product manager",
        "Data analyst",
    ];
    let mut csv = String::from("Attendee,Talk title,Job,Keep me informed,Rating (1-5)\n");
    for i in 0..60 {
        let ticked = if i % 3 == 0 { "Send me the slides" } else { "" };
        csv.push_str(&format!(
            "A{i},{},{},{ticked},{}\n",
            talks[i % 3],
            jobs[i % 4],
            1 + i % 5
        ));
    }
    let file = d.path().join("talks.csv");
    std::fs::write(&file, csv).unwrap();
    let index = d.path().join("ix");
    let out = support::cli::ingest_ok(&index, &file, &[]);
    let se = stderr(&out);
    assert!(
        se.contains("no free-text column found") && se.contains("--text-col 'Talk title'"),
        "{se}"
    );
    let m = &info(&index)["mapping"];
    assert!(strs(&m["text"]).is_empty(), "{m}");

    let answers = [
        "Staff were very kind",
        "Waiting time too long",
        "The food was cold",
        "Parking was hard to find",
        "Nurses explained everything well",
        "The ward was noisy",
        "Doctor listened to me",
        "Discharge took far too long",
        "Clean rooms and beds",
        "Nobody answered the buzzer",
        "Friendly reception staff today",
        "Too many forms to fill",
        "Pain relief came quickly",
        "Visiting hours are short",
    ];
    let mut csv = String::from("Patient,Score,Your experience\n");
    for i in 0..200 {
        csv.push_str(&format!("P{i},{},{}\n", i % 11, answers[i % answers.len()]));
    }
    std::fs::write(d.path().join("short.csv"), csv).unwrap();
    let index = d.path().join("ix2");
    support::cli::ingest_ok(&index, &d.path().join("short.csv"), &[]);
    assert_eq!(strs(&info(&index)["mapping"]["text"]), ["Your experience"]);
}

#[test]
fn a_file_of_one_row_per_answer_is_told() {
    // Each respondent answers two questions, one row each, the score repeated on both rows.
    let d = tmp();
    let mut csv = String::from("Answer ID,Patient,Score,Question,Answer\n");
    for i in 0..20 {
        let score = i % 11;
        csv.push_str(&format!(
            "{},{i},{score},What was good?,The nurses were kind to me\n",
            2 * i
        ));
        csv.push_str(&format!(
            "{},{i},{score},What could we do better?,Shorter waits in the clinic\n",
            2 * i + 1
        ));
    }
    let file = d.path().join("long.csv");
    std::fs::write(&file, csv).unwrap();
    let out = support::cli::ingest_ok(&d.path().join("ix"), &file, &["--dry-run"]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("'Question' names the question each row answers (2 questions")
            && text.contains("counts once per answer"),
        "{text}"
    );
}
