//! Names apart and `--explain` (issue 23, points 3, 1 and 5): a brand that respondents write
//! capitalised mid-sentence is listed under "names mentioned" with its own mentions, kinds and
//! quotes, never as the label of a theme that a common noun can carry; every word of every theme
//! says why it is there; purchase narration ("bought this laptop") is never a facet.

use super::themes::{all_themes, themes_json};
use super::*;

/// Laptop reviews in which "Toshiba" is written capitalised mid-sentence (and once at the start
/// of a sentence, which says nothing) beside warranty and repair words, among other subjects.
fn laptop_reviews(dir: &Path) -> PathBuf {
    laptop_reviews_dated(dir, false)
}

/// [`laptop_reviews`], with a date column when `dated` (all in 2026Q3, for the report).
fn laptop_reviews_dated(dir: &Path, dated: bool) -> PathBuf {
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
        let date = if dated {
            format!("2026-08-{:02},", i % 28 + 1)
        } else {
            String::new()
        };
        rows.push(format!("R{i:03},{date}{},\"{text}\"", i % 11));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let header = if dated {
        "id,date,score,comment"
    } else {
        "id,score,comment"
    };
    ingest_rows(dir, header, &rows, &[])
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

#[test]
fn the_html_report_lists_the_names_mentioned_as_the_markdown_does() {
    let d = tmp();
    let index = laptop_reviews_dated(d.path(), true);
    let md = run(&index, &["report"]);
    assert!(md.status.success(), "{}", stderr(&md));
    let md = stdout(&md);
    let row = md
        .lines()
        .find(|l| l.starts_with("| Toshiba |"))
        .unwrap_or_else(|| panic!("no Toshiba row in the Markdown report: {md}"));
    let mentions = row.split('|').nth(2).unwrap().trim().to_string();
    let page = d.path().join("report.html");
    let out = run(
        &index,
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    let section = html
        .split("<section id=\"names\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no names section in the HTML report"))
        .split("</section>")
        .next()
        .unwrap();
    assert!(section.contains("<h2>Names mentioned</h2>"), "{section}");
    // The same name with the same mentions as the Markdown report, and a quote naming it.
    let cells = section
        .split("<th scope=\"row\">Toshiba</th>")
        .nth(1)
        .unwrap_or_else(|| panic!("no Toshiba row: {section}"));
    assert!(
        cells.starts_with(&format!("<td class=\"num\">{mentions}</td>")),
        "{cells}"
    );
    let quote = section.split("<blockquote><p>").nth(1).expect("a quote");
    assert!(
        quote.split("</p>").next().unwrap().contains("Toshiba"),
        "{quote}"
    );
    // After the praise, before the segments and the method, as in the Markdown report.
    let at = |id: &str| html.find(&format!("<section id=\"{id}\">"));
    assert!(at("praise") < at("names") && at("names") < at("method"));
}
