//! Names apart and `--explain` (issue 23, points 3, 1 and 5): a brand that respondents write
//! capitalised mid-sentence is listed under "names mentioned" with its own mentions, kinds and
//! quotes, never as the label of a theme that a common noun can carry; every word of every theme
//! says why it is there; purchase narration ("bought this laptop") is never a facet.

use super::themes::{all_themes, themes_json};
use super::*;

/// Laptop reviews in which "Toshiba" is written capitalised mid-sentence (and once at the start
/// of a sentence, which says nothing) beside warranty and repair words, among other subjects.
fn laptop_reviews(dir: &Path) -> PathBuf {
    let toshiba = [
        "My old Toshiba broke after a month and the warranty repair took weeks.",
        "The warranty from Toshiba did not cover the repair of the hinge.",
        "I called Toshiba about the warranty and the repair problems were never fixed.",
        "Sadly the Toshiba warranty is useless, the repair centre lost my laptop.",
        "Toshiba support ignored the warranty claim and the repair failed twice.",
        "I bought this laptop because Toshiba promised a good warranty, but the repair was slow.",
    ];
    let other = [
        "The battery lasts only two hours and the charger gets hot.",
        "I bought this laptop for school and the screen is sharp and bright.",
        "I ordered this laptop online and the keyboard feels cheap and the keys stick.",
        "The screen flickers and the battery drains overnight.",
        "I bought this laptop last year, the keyboard backlight stopped working.",
        "The trackpad is jumpy and the battery charger is bulky.",
        "I ordered this laptop for my son and the screen has dead pixels.",
    ];
    let mut rows = Vec::new();
    for i in 0..140 {
        let text = if i % 2 == 0 {
            toshiba[i / 2 % toshiba.len()]
        } else {
            other[i / 2 % other.len()]
        };
        rows.push(format!("R{i:03},{},\"{text}\"", i % 11));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    ingest_rows(dir, "id,score,comment", &rows, &[])
}

#[test]
fn a_brand_capitalised_mid_sentence_is_a_name_not_a_theme_label() {
    let d = tmp();
    let index = laptop_reviews(d.path());
    let (code, v) = themes_json(&index, &["--by", "none", "--top", "20", "--explain"]);
    assert_eq!(code, 0, "{v}");
    let names = v["names"].as_array().expect("names");
    let toshiba = names
        .iter()
        .find(|n| n["name"] == "Toshiba")
        .unwrap_or_else(|| panic!("Toshiba is no name: {names:?}"));
    // Half the reviews name it (70 of 140), each a quote of its own.
    assert_eq!(as_u64(&toshiba["mentions"]), 70);
    assert!(!toshiba["quotes"].as_array().unwrap().is_empty());
    let kinds = &toshiba["kinds"];
    assert!(as_u64(&kinds["complaint"]) > 0, "{kinds}");
    // Ordinary words are no names.
    for n in names {
        let name = n["name"].as_str().unwrap().to_lowercase();
        assert!(
            !["warranty", "repair", "battery", "screen", "laptop"].contains(&name.as_str()),
            "{name} listed as a name"
        );
    }
    let themes = all_themes(&v);
    assert!(!themes.is_empty());
    for t in &themes {
        let label = t["label"].as_str().unwrap().to_lowercase();
        assert!(
            !label.contains("toshiba"),
            "a theme labelled by a name: {label}"
        );
        // --explain: every word and phrase with why it is there.
        let words = t["words"].as_array().expect("words under --explain");
        assert!(!words.is_empty());
        for w in words {
            let why = &w["why"];
            let placed_by = why["placed_by"].as_str().unwrap();
            assert!(
                ["word", "phrase"].contains(&placed_by)
                    || placed_by.starts_with("evaluative word judging "),
                "{w}"
            );
            assert!(why["salience"].as_f64().is_some(), "{w}");
        }
        // Purchase narration is never a facet.
        for f in t["facets"].as_array().unwrap() {
            let facet = f["label"].as_str().unwrap().to_lowercase();
            assert!(
                !facet.starts_with("bought") && !facet.starts_with("ordered"),
                "narration as a facet: {facet}"
            );
        }
    }
    // Without --explain, no words[] (the JSON stays as it was).
    let (_, plain) = themes_json(&index, &["--by", "none", "--top", "20"]);
    assert!(all_themes(&plain).iter().all(|t| t.get("words").is_none()));
}
