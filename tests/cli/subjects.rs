//! Themes an analyst would not re-cut (issue 23) on the bundled sample: words the stemmer would
//! join but that mean different things stay apart in themes and search ("customer" is not
//! "custom dashboards"), and facets of one theme never say the same thing twice.

use super::themes::{all_themes, themes_json};
use super::*;
use crate::support::cli::ok;

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

/// A theme's own name is no praise (point 6): "help" of "help desk" and "support" are subjects,
/// so the help desk is a complaint for detractors, and "Support takes 72+ hours to respond, which
/// is ironic for a help desk product!!" does not praise it.
#[test]
fn the_help_desk_is_a_complaint_for_detractors_not_praised_by_its_own_name() {
    let (code, v) = themes_json(saas(), &["--band", "detractor", "--top", "20"]);
    assert_eq!(code, 0, "{v}");
    let desk = all_themes(&v)
        .into_iter()
        .find(|t| t["key"] == "help desk")
        .expect("a help desk theme");
    assert_eq!(desk["kind"], "complaint", "{desk}");
    let out = ok(saas(), &["tag", "--format", "jsonl"]);
    let line = stdout(&out)
        .lines()
        .find(|l| l.contains("\"R000102\""))
        .map(|l| serde_json::from_str::<Value>(l).expect("jsonl"))
        .expect("R000102 tagged");
    assert_eq!(line["theme_kinds"]["help desk"], "neutral", "{line}");
}

/// Words of a theme's or facet's label, as written, each as a prefix that its inflections share
/// ("agents" -> "agen"), function words left out.
fn label_stems(labels: &[&str]) -> Vec<String> {
    const FUNCTION: &[&str] = &[
        "the", "was", "were", "and", "for", "from", "with", "this", "our",
    ];
    labels
        .iter()
        .flat_map(|l| l.split([' ', '-']))
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !FUNCTION.contains(&w.as_str()))
        .map(|w| {
            w.chars()
                .take(w.chars().count().saturating_sub(3).max(4))
                .collect()
        })
        .collect()
}

/// A quote shows its theme (point 4): every quote of a theme holds a word of its label or of a
/// facet's label, every facet's quote one of the facet's label, in small scopes too (a band of
/// one quarter).
#[test]
fn every_quote_holds_a_word_of_its_theme_or_facet_label() {
    let mut checked = 0;
    for scope in [
        &["--by", "band"][..],
        &["--quarter", "2026Q3", "--by", "band"],
    ] {
        let mut args = scope.to_vec();
        args.extend(["--top", "20", "--quotes", "3"]);
        let (_, v) = themes_json(saas(), &args);
        for t in all_themes(&v) {
            let facets: Vec<&str> = (t["facets"].as_array().into_iter().flatten())
                .map(|f| f["label"].as_str().unwrap())
                .collect();
            let mut labels = vec![t["label"].as_str().unwrap()];
            labels.extend(&facets);
            // An aspect's evaluative words ("easy" of ease of use) show their theme too.
            let mut stems = label_stems(&labels);
            stems.extend(t["evaluative"].as_array().into_iter().flatten().map(|e| {
                let e = e.as_str().unwrap();
                e.chars()
                    .take(e.chars().count().saturating_sub(1).max(3))
                    .collect()
            }));
            let mut lists = vec![(stems, &t["quotes"])];
            for f in t["facets"].as_array().into_iter().flatten() {
                lists.push((label_stems(&[f["label"].as_str().unwrap()]), &f["quotes"]));
            }
            for (stems, quotes) in lists {
                for q in quotes.as_array().into_iter().flatten() {
                    let text = q["text"].as_str().unwrap().to_lowercase();
                    assert!(
                        stems.iter().any(|s| text.contains(s.as_str())),
                        "{scope:?}: quote of {} holds none of {stems:?}: {text}",
                        t["label"]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 60, "only {checked} quotes checked");
}

/// Narration of the respondent's situation ("Been a customer since 2021", "We have 40 agents
/// using it") is no theme word: `--explain` lists it with why, and no theme holds it as a word.
#[test]
fn narration_is_listed_apart_and_no_theme_word() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--top", "20", "--explain"]);
    assert_eq!(code, 0, "{v}");
    let narration = v["narration"].as_array().expect("narration with --explain");
    let said = |word: &str| {
        narration
            .iter()
            .find(|n| n["word"] == word)
            .unwrap_or_else(|| panic!("{word} is not narration: {narration:?}"))
    };
    let customer = said("customer");
    assert!(
        customer["phrases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0].as_str().unwrap().starts_with("customer since")),
        "{customer}"
    );
    assert!(customer["share"].as_f64().unwrap() >= 0.5, "{customer}");
    assert!(customer["bands"].as_f64().unwrap() < 0.15, "{customer}");
    said("agents");
    for t in all_themes(&v) {
        for w in t["words"].as_array().unwrap() {
            let word = w["word"].as_str().unwrap().to_lowercase();
            assert!(
                word != "customer" && word != "agents",
                "{} holds {word}",
                t["label"]
            );
        }
    }
    // Without --explain the list is left out.
    let (_, plain) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    assert!(plain.get("narration").is_none(), "{plain}");
}
