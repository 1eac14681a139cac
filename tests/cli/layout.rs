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

const GOOD: &[&str] = &[
    "The nurses were kind and explained every step",
    "Clean ward and friendly staff on the night shift",
    "The doctor listened to me carefully",
    "Quick discharge and clear advice about medication",
];
const BETTER: &[&str] = &[
    "Waiting time in the clinic was far too long",
    "Parking is expensive and hard to find",
    "Food on the ward was cold every day",
    "Nobody answered the phone at reception",
];

/// A long export (an answer id, a respondent, a ward, the score repeated on both rows, the
/// question, the answer) and its wide twin (one row per respondent, a column per question).
fn long_and_wide(dir: &Path) -> (PathBuf, PathBuf) {
    let mut long =
        String::from("Answer no,Participant ID,Ward,Overall rating (0-10),Survey item,Reply\n");
    let mut wide = String::from(
        "Participant ID,Ward,Overall rating (0-10),What was good?,What could we do better?\n",
    );
    for i in 0..80 {
        let (score, ward) = (i % 11, format!("Ward {}", i % 3));
        let (good, better) = (GOOD[i % 4], BETTER[(i / 4) % 4]);
        long.push_str(&format!(
            "{},P{i:03},{ward},{score},What was good?,{good}\n",
            2 * i
        ));
        long.push_str(&format!(
            "{},P{i:03},{ward},{score},What could we do better?,{better}\n",
            2 * i + 1
        ));
        wide.push_str(&format!("P{i:03},{ward},{score},{good},{better}\n"));
    }
    let (l, w) = (dir.join("long.csv"), dir.join("wide.csv"));
    std::fs::write(&l, long).unwrap();
    std::fs::write(&w, wide).unwrap();
    (l, w)
}

#[test]
fn a_long_file_pivots_to_its_wide_twin() {
    let d = tmp();
    let (long, wide) = long_and_wide(d.path());
    let (li, wi) = (d.path().join("long"), d.path().join("wide"));
    let out = support::cli::ingest_ok(&li, &long, &[]);
    let so = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        so.contains("the 160 rows are pivoted into 80 responses, one per 'Participant ID'")
            && so.contains("1 'What was good?', 2 'What could we do better?'"),
        "{so}"
    );
    support::cli::ingest_ok(
        &wi,
        &wide,
        &[
            "--text-col",
            "What was good?",
            "--text-col",
            "What could we do better?",
        ],
    );
    assert_eq!(stats_json(&li, &[]), stats_json(&wi, &[]));
    assert_eq!(as_u64(&stats_json(&li, &[])["overall"]["responses"]), 80);
    assert!(so.contains("160 rows: 80 added, 0 updated, 0 rejected (80 folded into their respondent's response)"), "{so}");
    let rows = d.path().join("rows");
    support::cli::ingest_ok(&rows, &long, &["--no-pivot"]);
    assert_eq!(as_u64(&stats_json(&rows, &[])["overall"]["responses"]), 160);
    for q in ["1", "2"] {
        let labels = |ix: &Path| -> Vec<String> {
            let (_, v) = themes_json(ix, &["--question", q]);
            all_themes(&v)
                .iter()
                .map(|t| t["label"].to_string())
                .collect()
        };
        assert_eq!(labels(&li), labels(&wi), "question {q}");
        assert!(!labels(&li).is_empty());
    }
    // The same file again changes nothing.
    let again = stdout(&support::cli::ingest_ok(&li, &long, &[]));
    assert!(
        again.contains("0 added, 0 updated, 80 unchanged"),
        "{again}"
    );
    // A later file with one participant's new answer to question 2 updates that response only.
    let later = d.path().join("later.csv");
    std::fs::write(
        &later,
        "Answer no,Participant ID,Ward,Overall rating (0-10),Survey item,Reply\n900,P005,Ward 2,10,What could we do better?,Brighter lighting in the corridor\n",
    )
    .unwrap();
    let out = stdout(&support::cli::ingest_ok(&li, &later, &[]));
    assert!(out.contains("0 added, 1 updated"), "{out}");
    let (_, hits) = search_json(&li, "corridor", &[]);
    assert_eq!(as_u64(&hits["total"]), 1);
    let hit = &hits["hits"][0];
    assert_eq!(hit["id"], "P005");
    let text = hit["text"].as_str().unwrap();
    assert!(
        text.contains(GOOD[1]) && !text.contains(BETTER[1]),
        "{text}"
    );
    // Each answer keeps its own answer id and row: the first from the first file, the new one
    // from the later file.
    let answers = &hit["answers"];
    assert_eq!(answers[0]["question"], 1);
    assert_eq!(answers[0]["text"], GOOD[1]);
    assert_eq!(answers[0]["answer_id"], "10");
    assert!(
        answers[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("long.csv:12"),
        "{answers}"
    );
    assert_eq!(answers[1]["label"], "What could we do better?");
    assert_eq!(answers[1]["answer_id"], "900");
    assert!(
        answers[1]["source"]
            .as_str()
            .unwrap()
            .ends_with("later.csv:2"),
        "{answers}"
    );
    assert_eq!(as_u64(&stats_json(&li, &[])["overall"]["responses"]), 80);
}

#[test]
fn a_rejected_row_of_a_respondent_loses_no_other_answer() {
    let d = tmp();
    let (long, _) = long_and_wide(d.path());
    let ix = d.path().join("ix");
    // P003's last row holds a field more than the header: it is rejected, and P003's first
    // answer stays, with the score of that row.
    let text = std::fs::read_to_string(&long).unwrap().replace(
        &format!("P003,Ward 0,3,What could we do better?,{}", BETTER[0]),
        &format!(
            "P003,Ward 0,3,What could we do better?,{},by the lifts",
            BETTER[0]
        ),
    );
    std::fs::write(&long, text).unwrap();
    let out = stdout(&support::cli::ingest_ok(&ix, &long, &[]));
    assert!(out.contains("80 added, 0 updated, 1 rejected"), "{out}");
    let rejects = std::fs::read_to_string(ix.join("rejects.csv")).unwrap();
    assert!(
        rejects.contains(",9,,wrong field count,")
            && rejects.contains("7,P003,Ward 0,3,What could we do better?"),
        "{rejects}"
    );
    let (_, hits) = search_json(&ix, "medication", &[]);
    let hit = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "P003")
        .expect("P003 is kept");
    assert_eq!(hit["text"], GOOD[3]);
    assert_eq!(hit["score"], 3.0);
    assert_eq!(hit["answers"].as_array().unwrap().len(), 1, "{hit}");
    // A later file whose respondent's rows disagree is refused, not ingested row by row into an
    // index of pivoted responses.
    let later = d.path().join("later.csv");
    std::fs::write(
        &later,
        "Answer no,Participant ID,Ward,Overall rating (0-10),Survey item,Reply\n901,P001,Ward 1,9,What was good?,Kind staff\n902,P001,Ward 2,9,What could we do better?,More chairs\n",
    )
    .unwrap();
    let out = support::cli::ingest(&ix, &later, &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("differ in 'Ward'") && stderr(&out).contains("not ingested"),
        "{}",
        stderr(&out)
    );
    assert_eq!(as_u64(&stats_json(&ix, &[])["overall"]["responses"]), 80);
}

#[test]
fn a_respondent_whose_rows_differ_is_not_pivoted() {
    let d = tmp();
    let file = d.path().join("long.csv");
    let mut csv = String::from("Respondent,Clinic,Score,Question,Answer\n");
    for i in 0..20 {
        let clinic = if i == 7 { "East" } else { "North" };
        csv.push_str(&format!(
            "{i},North,{},What was good?,The nurses were kind to me\n",
            i % 11
        ));
        csv.push_str(&format!(
            "{i},{clinic},{},What could we do better?,Shorter waits in the clinic\n",
            i % 11
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let out = support::cli::ingest_ok(&d.path().join("ix"), &file, &["--dry-run"]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("no pivot to one response per respondent: the rows of 'Respondent' '7' (lines 16 and 17) differ in 'Clinic'"),
        "{text}"
    );
}

/// Sums each kind over every theme of a themes JSON.
fn kind_totals(v: &Value) -> (u64, u64, u64) {
    all_themes(v).iter().fold((0, 0, 0), |(c, a, p), t| {
        let k = &t["kinds"];
        (
            c + as_u64(&k["complaint"]),
            a + as_u64(&k["ask"]),
            p + as_u64(&k["praise"]),
        )
    })
}

#[test]
fn a_question_slant_decides_what_plain_answers_are() {
    let d = tmp();
    // The same plain answers to a question asking what was liked and one asking what to improve;
    // a clear complaint stays one, and a negated event ("no adverts") answers the first as praise.
    let plain = [
        "The mobile app for booking tickets",
        "The staff at the front desk",
        "No adverts anywhere on the website",
        "The weekend opening hours of the shop",
    ];
    // Answers vary as typed answers do (an open question, not a list of choices).
    let when = [
        "on Monday",
        "in the evening",
        "last week",
        "this spring",
        "at noon",
        "on my visit",
        "today",
    ];
    let complaint = "The checkout is terribly slow and awful";
    let mut csv =
        String::from("id,Score (0-10),What did you like most?,What could we do better?\n");
    for i in 0..120 {
        let (liked, better) = match i % 5 {
            4 => (complaint, complaint),
            k => (plain[k], plain[(k + 1) % 4]),
        };
        let w = when[i % 7];
        csv.push_str(&format!("{i},{},{liked} {w},{better} {w}\n", i % 11));
    }
    let file = d.path().join("slant.csv");
    std::fs::write(&file, csv).unwrap();
    let ix = d.path().join("ix");
    let dry = stdout(&support::cli::ingest_ok(&ix, &file, &["--dry-run"]));
    assert!(
        dry.contains("answers: What did you like most? (asks what was liked: a clause that says nothing clear by itself is praise)")
            && dry.contains("answers: What could we do better? (asks what to improve"),
        "{dry}"
    );
    support::cli::ingest_ok(&ix, &file, &[]);
    let (_, liked) = themes_json(&ix, &["--question", "1", "--by", "none"]);
    assert_eq!(liked["question"]["slant"], "liked");
    let explained = stdout(&support::cli::ok(
        &ix,
        &["themes", "--question", "1", "--explain", "--by", "none"],
    ));
    assert!(
        explained.starts_with("(the question asks what was liked: a clause that says nothing clear by itself is praise)"),
        "{explained}"
    );
    let (complaints, asks, praise) = kind_totals(&liked);
    assert!(
        praise >= 96 && complaints >= 24 && asks == 0,
        "{:?}",
        (complaints, asks, praise)
    );
    let (_, better) = themes_json(&ix, &["--question", "2", "--by", "none"]);
    let (complaints, asks, praise) = kind_totals(&better);
    assert!(
        asks >= 72 && complaints >= 24 && praise == 0,
        "{:?}",
        (complaints, asks, praise)
    );
    // Spanish: "¿Qué es lo que más te gusta...?" answered "No es tan estricto" is praise.
    let mut csv = String::from("id,Puntuación (0-10),¿Qué es lo que más te gusta de usar R?\n");
    let places = [
        "en casa",
        "en el trabajo",
        "para mis clases",
        "cada día",
        "con mis datos",
        "en la universidad",
        "desde el principio",
    ];
    let answers = [
        "No es tan estricto con los tipos",
        "No hay que pagar licencias para usarlo",
        "Los paquetes para estadística",
        "La comunidad de usuarios",
        "Los gráficos con ggplot",
        "Es gratis y abierto",
    ];
    for i in 0..120 {
        let answer = answers[i % 6];
        csv.push_str(&format!("{i},{},{answer} {}\n", i % 11, places[i % 7]));
    }
    let es = d.path().join("es.csv");
    std::fs::write(&es, csv).unwrap();
    let ix = d.path().join("es");
    support::cli::ingest_ok(&ix, &es, &["--lang", "es"]);
    let (_, v) = themes_json(&ix, &["--by", "none"]);
    let (complaints, _, praise) = kind_totals(&v);
    assert!(
        complaints == 0 && praise >= 60,
        "{:?}",
        (complaints, praise)
    );
    assert_eq!(
        v["metric_name"], "NPS",
        "the Spanish score header is read as the score"
    );
}
