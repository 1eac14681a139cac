//! One subject per theme, between themes (issue 23, point 1): sixteen bed words are more than a
//! cluster holds (ten words), so clustering cuts the bed into two themes; their words are said
//! together in one sentence far more often than chance (NPMI at least 0.2), so they are one
//! theme, each part a facet, and `--explain` says which theme each word's theme joined. Other
//! subjects, never said beside the bed, stay apart. Unless the theme they would make reaches
//! most responses: then it is the comments' setting, no subject, and the two stay apart.

use super::themes::{all_themes, themes_json};
use super::*;

const PART_A: [&str; 8] = [
    "pillow",
    "mattress",
    "sheets",
    "blanket",
    "duvet",
    "quilt",
    "headboard",
    "cushion",
];
const PART_B: [&str; 8] = [
    "comforter",
    "bedspread",
    "linen",
    "pillowcase",
    "bedframe",
    "topper",
    "bolster",
    "eiderdown",
];
const OTHERS: [[&str; 6]; 3] = [
    ["breakfast", "coffee", "eggs", "toast", "pastries", "juice"],
    ["parking", "garage", "car", "valet", "spaces", "driveway"],
    [
        "wifi", "internet", "signal", "router", "password", "network",
    ],
];
const SAID: [&str; 8] = [
    "awful",
    "lovely",
    "terrible",
    "great",
    "dirty",
    "wonderful",
    "poor",
    "excellent",
];

/// 400 hotel reviews of one sentence: every other one about the bed (two of its words, from one
/// part or, in two of three, one from each), the rest about breakfast, parking or the wifi.
fn hotel_reviews(dir: &Path) -> PathBuf {
    hotel_reviews_with_beds(dir, |i| i % 2 == 0)
}

/// 400 such reviews, those numbered `bed(i)` about the bed.
fn hotel_reviews_with_beds(dir: &Path, bed: impl Fn(usize) -> bool) -> PathBuf {
    let (a, b) = (&PART_A, &PART_B);
    let mut rows = Vec::new();
    let (mut beds, mut others) = (0usize, 0usize);
    for i in 0..400usize {
        let (first, second, k) = if bed(i) {
            let k = beds;
            beds += 1;
            let x = (k * 3) % 8;
            let y = (x + 1 + (k / 8) % 7) % 8;
            let (p, q) = [(a, a), (b, b), (a, b), (b, a), (a, b), (b, a)][k % 6];
            (p[x], q[y], k)
        } else {
            let k = others;
            others += 1;
            let words = &OTHERS[k % 3];
            let x = (k * 5) % 6;
            let y = (x + 1 + (k / 6) % 5) % 6;
            (words[x], words[y], k)
        };
        rows.push(format!(
            "H{i:03},{},The {first} and the {second} were {}.",
            i % 11,
            SAID[k % 8]
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    ingest_rows(dir, "id,score,comment", &rows, &[])
}

fn words_of(t: &Value) -> Vec<String> {
    t["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .map(|x| x.as_str().unwrap().to_lowercase())
        .filter(|x| !x.contains(' '))
        .collect()
}

/// The themes holding a bed word.
fn bed_themes<'a>(themes: &[&'a Value]) -> Vec<&'a Value> {
    themes
        .iter()
        .copied()
        .filter(|t| {
            words_of(t)
                .iter()
                .any(|w| PART_A.contains(&w.as_str()) || PART_B.contains(&w.as_str()))
        })
        .collect()
}

#[test]
fn two_themes_of_one_subject_are_one_theme_with_a_facet_each() {
    let d = tmp();
    let index = hotel_reviews(d.path());
    let (code, v) = themes_json(&index, &["--by", "none", "--top", "20", "--explain"]);
    assert_eq!(code, 0, "{v}");
    let themes = all_themes(&v);
    let bed = bed_themes(&themes);
    let labels: Vec<&str> = themes
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    assert_eq!(bed.len(), 1, "the bed is cut into themes: {labels:?}");
    let bed = bed[0];
    let words = words_of(bed);
    for w in ["pillow", "mattress", "bedframe", "bolster", "linen"] {
        assert!(words.contains(&w.to_string()), "{w} not in {words:?}");
    }
    // The theme that joined is a facet of the one that keeps the label, never a facet
    // repeating the label.
    let label = bed["label"].as_str().unwrap().to_lowercase();
    let facets = bed["facets"].as_array().expect("facets");
    assert_eq!(facets.len(), 1, "{bed}");
    let facet = facets[0]["label"].as_str().unwrap().to_lowercase();
    assert_ne!(facet, label, "{bed}");
    let part_of = |w: &str| {
        PART_A
            .contains(&w)
            .then_some('a')
            .or(PART_B.contains(&w).then_some('b'))
    };
    assert!(
        part_of(&facet).is_some() && part_of(&label).is_some(),
        "{bed}"
    );
    // Subjects never said beside the bed stay apart.
    for other in OTHERS {
        assert!(
            !words.iter().any(|w| other.contains(&w.as_str())),
            "{words:?} holds another subject"
        );
        assert!(
            themes
                .iter()
                .any(|t| words_of(t).iter().any(|w| other.contains(&w.as_str()))),
            "no theme for {other:?}: {labels:?}"
        );
    }
    // --explain: the words of the theme that joined say so, with the measure.
    let joined: Vec<&Value> = bed["words"]
        .as_array()
        .expect("words under --explain")
        .iter()
        .filter(|w| w["why"]["joined"] == bed["label"])
        .collect();
    assert!(!joined.is_empty(), "{}", bed["words"]);
    for w in joined {
        let npmi = w["why"]["joined_npmi"].as_f64().expect("joined_npmi");
        assert!((0.2..=1.0).contains(&npmi), "{w}");
    }
}

#[test]
fn two_themes_that_would_reach_most_responses_stay_apart() {
    // The bed in three reviews of four: its two themes together would reach 75% of them.
    let d = tmp();
    let index = hotel_reviews_with_beds(d.path(), |i| i % 4 != 3);
    let (code, v) = themes_json(&index, &["--by", "none", "--top", "20", "--explain"]);
    assert_eq!(code, 0, "{v}");
    let themes = all_themes(&v);
    let bed = bed_themes(&themes);
    assert_eq!(bed.len(), 2, "{v}");
    // --explain: each says which theme it stays apart from, the NPMI and the reach together.
    for (t, other) in [(bed[0], bed[1]), (bed[1], bed[0])] {
        let words = t["words"].as_array().expect("words under --explain");
        assert!(!words.is_empty(), "{t}");
        for w in words {
            assert_eq!(w["why"]["apart_from"], other["label"], "{w}");
            let npmi = w["why"]["apart_npmi"].as_f64().expect("apart_npmi");
            assert!((0.2..=1.0).contains(&npmi), "{w}");
            let reach = w["why"]["apart_reach"].as_f64().expect("apart_reach");
            assert!(reach > 0.5 && reach <= 0.75, "{w}");
            assert!(w["why"]["joined"].is_null(), "{w}");
        }
    }
}
