//! Several open questions: each is counted on its own answer, in a section of its own.

use super::*;

const LIKES: &[&str] = &[
    "The delivery driver was friendly and the parcel arrived early.",
    "Sturdy packaging, nothing inside was damaged.",
    "Prices are lower than in the shops near me.",
    "Customer support answered my email within an hour.",
    "The coffee beans taste fresh every time.",
];
const IMPROVE: &[&str] = &[
    "The checkout page crashes when I pay.",
    "Checkout keeps failing at the payment step.",
    "The search filters forget my size every time.",
    "Please add a way to save my card at checkout.",
    "The checkout times out before I can pay.",
];

/// 100 responses answering "like" always and "improve" on every other row.
fn two_questions_file(dir: &Path) -> PathBuf {
    let path = dir.join("two_questions.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record([
        "Response ID",
        "Date",
        "Score",
        "What do you like most?",
        "What should we improve?",
    ])
    .unwrap();
    for i in 0..100 {
        let improve = if i % 2 == 0 {
            IMPROVE[(i / 2) % IMPROVE.len()]
        } else {
            ""
        };
        w.write_record([
            format!("R{i}"),
            format!("2026-0{}-1{}", 1 + i % 6, i % 10),
            format!("{}", i % 11),
            LIKES[i % LIKES.len()].to_string(),
            improve.to_string(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    path
}

fn ingest_two(index: &Path, file: &Path) {
    let out = verbatim()
        .arg("ingest")
        .arg("--index")
        .arg(index)
        .args(["--text-col", "What do you like most?"])
        .args(["--text-col", "What should we improve?"])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn labels(report: &Value) -> Vec<String> {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["themes"].as_array().unwrap())
        .map(|t| t["label"].as_str().unwrap().to_lowercase())
        .collect()
}

fn mentions_of(report: &Value, word: &str) -> u64 {
    report["groups"][0]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["label"].as_str().unwrap().to_lowercase().contains(word))
        .map(|t| t["mentions"].as_u64().unwrap())
        .max()
        .unwrap_or(0)
}

#[test]
fn each_question_gets_its_own_themes_counts_tag_columns_and_report_section() {
    let d = tmp();
    let file = two_questions_file(d.path());
    let index = d.path().join("index");
    ingest_two(&index, &file);

    let all = json_of(&run(
        &index,
        &["themes", "--by", "none", "--format", "json"],
    ));
    let sections = all["questions"].as_array().expect("a section per question");
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[0]["question"]["label"], "What do you like most?");
    assert_eq!(sections[1]["question"]["label"], "What should we improve?");
    let (likes, improve) = (labels(&sections[0]), labels(&sections[1]));
    for topic in ["packaging", "beans", "parcel"] {
        assert!(
            likes.iter().any(|l| l.contains(topic)),
            "{topic}: {likes:?}"
        );
    }
    assert!(
        improve.iter().any(|l| l.contains("checkout")),
        "{improve:?}"
    );
    // A question's themes and counts come from its own answers only.
    assert!(!likes.iter().any(|l| l.contains("checkout")), "{likes:?}");
    assert!(
        !improve.iter().any(|l| l.contains("packaging")),
        "{improve:?}"
    );
    // Shares are of the responses that answered the question: half answered the second.
    assert_eq!(sections[0]["mined"], 100);
    assert_eq!(sections[1]["mined"], 50);
    let top = &sections[1]["groups"][0]["themes"][0];
    let (top_label, top_mentions) = (
        top["label"].as_str().unwrap(),
        top["mentions"].as_u64().unwrap(),
    );
    assert!(top_mentions > 0 && top_mentions <= 50, "{top}");

    // --question by number or header picks one section, with the same counts.
    for wanted in ["2", "what should we improve"] {
        let one = json_of(&run(
            &index,
            &[
                "themes",
                "--by",
                "none",
                "--format",
                "json",
                "--question",
                wanted,
            ],
        ));
        assert_eq!(one["question"]["label"], "What should we improve?");
        assert_eq!(mentions_of(&one, &top_label.to_lowercase()), top_mentions);
    }
    let wrong = run(&index, &["themes", "--question", "3"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("2 'What should we improve?'"),
        "{}",
        stderr(&wrong)
    );

    // tag: each question its own columns; a response that left one blank has none there.
    let out = run(&index, &["tag"]);
    let mut rows = csv_reader(&out.stdout);
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "q1_themes",
        "q1_facets",
        "q1_theme_kinds",
        "q2_themes",
        "q2_first_theme",
    ] {
        assert!(header.contains(&column.to_string()), "{header:?}");
    }
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut seen = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let id: usize = row[at("id")][1..].parse().unwrap();
        if id % 2 == 1 {
            assert_eq!(
                &row[at("q2_themes")],
                "",
                "R{id} left the second question blank"
            );
        }
        if id % 10 == 0 {
            // IMPROVE[0]: the checkout page crashes.
            assert_ne!(&row[at("q2_themes")], "", "{row:?}");
        }
        seen += 1;
    }
    assert_eq!(seen, 100);

    // The report lists each question's complaints, asks and praise under its own heading.
    let md = stdout(&run(&index, &["report"]));
    assert!(
        md.contains("## Question 1 of 2: What do you like most?"),
        "{md}"
    );
    assert!(
        md.contains("## Question 2 of 2: What should we improve?"),
        "{md}"
    );
    let report = json_of(&run(&index, &["report", "--format", "json"]));
    assert_eq!(report["questions"].as_array().unwrap().len(), 2);
    let one = json_of(&run(
        &index,
        &["report", "--format", "json", "--question", "1"],
    ));
    assert!(one.get("questions").is_none());
}

/// Spanish has no permissively licensed sentiment lexicon: the polarity of its words is learned
/// from the scores, so mentions get kinds from their own words, not from their band.
#[test]
fn spanish_kinds_come_from_polarity_learned_from_the_scores() {
    let d = tmp();
    let path = d.path().join("es.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(["id", "puntuacion", "comentario"]).unwrap();
    let good = [
        "La entrega fue rápida y el personal muy amable.",
        "El envío llegó rápido.",
    ];
    let bad = [
        "El paquete llegó roto y tarde.",
        "El envío llegó roto otra vez.",
    ];
    for i in 0..120 {
        let (score, text) = if i % 2 == 0 {
            ("1", bad[i % 4 / 2])
        } else {
            ("10", good[i % 4 / 2])
        };
        w.write_record([format!("e{i}").as_str(), score, text])
            .unwrap();
    }
    // A promoter who complains: its kind must come from "roto", not from its band.
    w.write_record(["p1", "10", "Todo bien, pero el paquete llegó roto."])
        .unwrap();
    w.flush().unwrap();
    let index = d.path().join("index");
    let out = verbatim()
        .args([
            "ingest",
            "--lang",
            "es",
            "--score-col",
            "puntuacion",
            "--index",
        ])
        .arg(&index)
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("learned from the scores"),
        "{}",
        stderr(&out)
    );
    let lines: Vec<Value> = stdout(&run(&index, &["tag", "--format", "jsonl"]))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let row = |id: &str| lines.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(row("e0")["sentiment"], "negative", "{}", row("e0"));
    assert_eq!(row("e1")["sentiment"], "positive", "{}", row("e1"));
    let kinds = row("p1")["theme_kinds"].clone();
    assert!(
        kinds
            .as_object()
            .unwrap()
            .values()
            .any(|k| k == "complaint"),
        "{kinds}"
    );
}
