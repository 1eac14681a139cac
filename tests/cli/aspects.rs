//! Aspects from evaluative words (issue 23): what customers judge with an adjective forms a theme
//! though no noun names it, labelled with the aspect; an adjective that qualifies another theme's
//! noun counts for that theme ("cheap fabric" is about the fabric).

use super::*;

/// Comments about speed said only with "slow" and "fast", about a dress's fabric (some "cheap
/// fabric"), about the price ("too expensive"), and about delivery, each several times.
fn fixture(dir: &Path) -> std::path::PathBuf {
    let speed = [
        "It is so slow, I gave up waiting.",
        "Painfully slow today.",
        "Fast and easy, done in a minute.",
        "Really fast this time!",
        "Slow, slow, slow.",
        "So slow lately it hurts.",
    ];
    let fabric = [
        "The fabric is soft and lovely.",
        "Cheap fabric, it tore after one wash.",
        "Lovely fabric, washes well.",
        "The fabric feels cheap and thin.",
        "Fabric pilled after two washes.",
    ];
    let price = [
        "Too expensive for what you get.",
        "Way too expensive now.",
        "Expensive, but I keep paying.",
    ];
    let delivery = [
        "Delivery took two weeks.",
        "The delivery driver left the parcel outside.",
        "Delivery was on time.",
    ];
    let mut rows = Vec::new();
    let mut id = 0;
    for round in 0..8 {
        for group in [&speed[..], &fabric, &price, &delivery] {
            for text in group {
                id += 1;
                let score = if text.contains("slow") || text.contains("heap") {
                    2
                } else {
                    4 + round % 2
                };
                rows.push(format!(
                    "r{id},2025-01-{:02},{score},\"{text}\"",
                    1 + id % 28
                ));
            }
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    ingest_rows(dir, "id,date,score,comment", &rows, &[])
}

fn tags(index: &Path) -> Vec<(String, Vec<String>)> {
    let out = run(index, &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let themes = v["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            (v["id"].as_str().unwrap().to_string(), themes)
        })
        .collect()
}

#[test]
fn slow_and_fast_form_a_speed_theme_and_cheap_fabric_is_about_the_fabric() {
    let d = tempfile::tempdir().unwrap();
    let index = fixture(d.path());
    let (code, v) = super::themes::themes_json(&index, &["--by", "none", "--top", "20"]);
    assert_eq!(code, 0, "{v}");
    let themes = super::themes::all_themes(&v);
    let labels: Vec<&str> = themes
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    // Labelled with the aspect, never the adjective.
    assert!(labels.contains(&"speed"), "{labels:?}");
    assert!(
        !labels.iter().any(|l| ["slow", "fast"].contains(l)),
        "{labels:?}"
    );
    let speed = themes.iter().find(|t| t["label"] == "speed").unwrap();
    // Six speed comments in each of eight rounds.
    assert_eq!(as_u64(&speed["mentions"]), 48, "{speed}");
    for facet in speed["facets"].as_array().into_iter().flatten() {
        let label = facet["label"].as_str().unwrap();
        assert!(!["slow", "fast"].contains(&label), "{label}");
    }
    // The evaluative words show in --explain only, each with why it counts.
    let (_, explained) =
        super::themes::themes_json(&index, &["--by", "none", "--top", "20", "--explain"]);
    let speed = super::themes::all_themes(&explained)
        .into_iter()
        .find(|t| t["label"] == "speed")
        .unwrap();
    let placed: Vec<&str> = speed["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["why"]["placed_by"].as_str().unwrap())
        .collect();
    assert!(
        placed.contains(&"evaluative word judging speed"),
        "{placed:?}"
    );
    let table = stdout(&super::run(
        &index,
        &["themes", "--by", "none", "--top", "20"],
    ));
    let row = table.lines().find(|l| l.starts_with("speed ")).unwrap();
    assert!(!row.contains("slow") && !row.contains("fast"), "{row}");
    // "Cheap fabric" counts for the fabric, not the price.
    let tagged = tags(&index);
    let texts =
        |n: usize| -> Vec<String> { (0..8).map(|round| format!("r{}", round * 17 + n)).collect() };
    // Rows 8 and 10 of each round of 17 are the cheap-fabric ones.
    for id in texts(8).into_iter().chain(texts(10)) {
        let (_, themes) = tagged.iter().find(|(i, _)| *i == id).unwrap();
        assert!(themes.iter().any(|t| t == "fabric"), "{id}: {themes:?}");
        assert!(!themes.iter().any(|t| t == "price"), "{id}: {themes:?}");
    }
    // "Too expensive" with no noun is about the price.
    for id in texts(12) {
        let (_, themes) = tagged.iter().find(|(i, _)| *i == id).unwrap();
        assert!(themes.iter().any(|t| t == "price"), "{id}: {themes:?}");
    }
}
