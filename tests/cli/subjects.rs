//! Themes an analyst would not re-cut (issue 23) on the bundled sample: words the stemmer would
//! join but that mean different things stay apart in themes and search ("customer" is not
//! "custom dashboards"), and facets of one theme never say the same thing twice.

use super::themes::{all_themes, themes_json};
use super::*;

fn labels(items: &Value) -> Vec<(String, u64)> {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["label"].as_str().unwrap().to_lowercase(),
                        as_u64(&f["mentions"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn customer_and_custom_are_different_words_in_themes_and_search() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    assert_eq!(code, 0, "{v}");
    for t in all_themes(&v) {
        let terms: Vec<String> = t["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_lowercase())
            .collect();
        let customer = terms
            .iter()
            .any(|x| x.split(' ').any(|w| w.starts_with("customer")));
        let custom = terms.iter().any(|x| x.split(' ').any(|w| w == "custom"));
        assert!(
            !(customer && custom && t["label"].as_str().unwrap().contains("customer")),
            "a customer theme holds custom: {terms:?}"
        );
    }
    let out = run(
        saas(),
        &["search", "customer", "--format", "json", "--limit", "1000"],
    );
    let hits = json_of(&out);
    let hits = hits["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for h in hits {
        let text = h["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains("customer"), "search customer found: {text}");
    }
}

#[test]
fn facets_of_a_theme_never_repeat_each_other() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    assert_eq!(code, 0, "{v}");
    for t in all_themes(&v) {
        let facets = labels(&t["facets"]);
        for (i, (a, na)) in facets.iter().enumerate() {
            for (b, nb) in &facets[i + 1..] {
                // "auto-reply", "auto-reply promised", "reply promised": one phrase inside
                // another, the same responses.
                let within = a.contains(b.as_str()) || b.contains(a.as_str());
                assert!(
                    !(within && na == nb),
                    "{}: facets '{a}' ({na}) and '{b}' ({nb}) say the same thing",
                    t["label"]
                );
            }
        }
    }
}
