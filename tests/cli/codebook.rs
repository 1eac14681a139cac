//! Codebooks at both levels (issue 10): facets pinned under a named or a discovered theme, facets
//! merged, a saved codebook that reloads to the same output, and codebooks written before facets
//! that still load to what they gave before. Discovered labels are read from a run without a
//! codebook, so the tests hold whatever discovery finds in the fixture. And (issue 3) a codebook
//! that names, ignores and renames themes, saved and loaded again.

use std::collections::{BTreeMap, BTreeSet};

use super::themes::all_themes;
use super::*;

type Ids = BTreeSet<String>;

/// A codebook file in a fresh folder (kept alive by the returned TempDir).
fn write_book(text: &str) -> (TempDir, PathBuf) {
    let d = tmp();
    let path = d.path().join("book.toml");
    std::fs::write(&path, text).unwrap();
    (d, path)
}

/// `themes --by none --format json` on the shared saas index, every theme listed.
fn themes_of(book: Option<&Path>, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["themes", "--by", "none", "--format", "json"];
    if !extra.contains(&"--top") {
        args.extend(["--top", "64"]);
    }
    args.extend_from_slice(extra);
    if let Some(book) = book {
        args.extend(["--codebook", book.to_str().unwrap()]);
    }
    let out = run(saas(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (json_of(&out), stderr(&out))
}

/// The theme labelled `label` in a themes report.
fn theme<'a>(report: &'a Value, label: &str) -> &'a Value {
    all_themes(report)
        .into_iter()
        .find(|t| t["label"] == label)
        .unwrap_or_else(|| panic!("no theme '{label}' in {report:#}"))
}

/// The facet labelled `label` of a theme, if listed.
fn facet<'a>(theme: &'a Value, label: &str) -> Option<&'a Value> {
    theme["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"] == label)
}

/// Every response of the saas index with its themes and facets (`tag --format jsonl`, every
/// theme of the set).
struct Tagged {
    /// Theme label -> ids of the responses carrying it.
    themes: BTreeMap<String, Ids>,
    /// "theme > facet" -> ids.
    facets: BTreeMap<String, Ids>,
}

fn tagged(book: Option<&Path>) -> Tagged {
    let mut args = vec!["tag", "--top", "64", "--format", "jsonl"];
    if let Some(book) = book {
        args.extend(["--codebook", book.to_str().unwrap()]);
    }
    let out = run(saas(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut tagged = Tagged {
        themes: BTreeMap::new(),
        facets: BTreeMap::new(),
    };
    for line in stdout(&out).lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let id = row["id"].as_str().unwrap().to_string();
        for t in strs(&row["themes"]) {
            tagged.themes.entry(t).or_default().insert(id.clone());
        }
        for f in strs(&row["facets"]) {
            tagged.facets.entry(f).or_default().insert(id.clone());
        }
    }
    tagged
}

/// Ids of the responses a search finds.
fn search_ids(query: &str) -> Ids {
    let (code, v) = search_json(saas(), query, &[]);
    assert_eq!(code, 0, "search {query} found nothing");
    hit_ids(&v).into_iter().collect()
}

fn ids_of<'a>(map: &'a BTreeMap<String, Ids>, key: &str) -> &'a Ids {
    map.get(key)
        .unwrap_or_else(|| panic!("nothing tagged '{key}': {:?}", map.keys()))
}

/// A discovered theme (listed in `report`, not one of the `named`) with two facets whose
/// responses differ (neither holds the other), from a tagging of the same run: (theme, facet a,
/// facet b). The first such theme in label order, so the same every run.
fn theme_with_two_facets(
    tagged: &Tagged,
    report: &Value,
    named: &[&str],
) -> (String, String, String) {
    let listed: BTreeSet<&str> = all_themes(report)
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .filter(|label| !named.contains(label))
        .collect();
    let mut per_theme: BTreeMap<&str, Vec<(&str, &Ids)>> = BTreeMap::new();
    for (key, ids) in &tagged.facets {
        let (theme, facet) = key.split_once(" > ").unwrap();
        per_theme.entry(theme).or_default().push((facet, ids));
    }
    for (theme, facets) in per_theme {
        if !listed.contains(theme) {
            continue;
        }
        for (i, (a, a_ids)) in facets.iter().enumerate() {
            for (b, b_ids) in &facets[i + 1..] {
                if !a_ids.is_subset(b_ids) && !b_ids.is_subset(a_ids) {
                    return (theme.to_string(), a.to_string(), b.to_string());
                }
            }
        }
    }
    panic!(
        "no theme with two distinct facets: {:?}",
        tagged.facets.keys()
    );
}

/// The first discovered theme listed with at least two terms, and its second term.
fn theme_and_second_term(report: &Value, named: &[&str]) -> (String, String) {
    all_themes(report)
        .into_iter()
        .filter(|t| !named.contains(&t["label"].as_str().unwrap()))
        .find_map(|t| {
            let terms = strs(&t["terms"]);
            let term = terms.get(1)?.clone();
            // A term the search syntax reads as itself (no quotes or operators).
            term.chars()
                .all(|c| c.is_alphanumeric() || c == ' ')
                .then(|| (t["label"].as_str().unwrap().to_string(), term))
        })
        .expect("a discovered theme with two terms")
}

const BILLING: &str = r#"
[[theme]]
name = "Billing"
terms = ["invoice", "refund", "charged"]
[[theme.facet]]
name = "Refunds"
terms = ["refund"]
[[theme.facet]]
name = "Support about billing"
terms = ["support"]
"#;

#[test]
fn pinned_facets_count_what_search_finds_within_their_theme() {
    // Under a discovered theme, by its label: its second term, which its words already cover.
    let (_b, billing_only) = write_book(BILLING);
    let (plain, _) = themes_of(Some(&billing_only), &["--quotes", "0"]);
    let (label, term) = theme_and_second_term(&plain, &["Billing"]);
    let text = format!(
        "{BILLING}\n[[facet]]\ntheme = \"{label}\"\nname = \"Pinned here\"\nterms = [\"{term}\"]\n"
    );
    let (_d, book) = write_book(&text);
    let (report, err) = themes_of(Some(&book), &["--quotes", "1"]);
    assert!(!err.contains("warning"), "{err}");
    let tags = tagged(Some(&book));

    let billing = theme(&report, "Billing");
    let billing_ids = ids_of(&tags.themes, "Billing");
    assert_eq!(billing["mentions"], billing_ids.len() as u64);
    // A facet whose terms the theme holds counts exactly what a search for them finds.
    let refunds = facet(billing, "Refunds").expect("pinned facet listed");
    let refund_ids = ids_of(&tags.facets, "Billing > Refunds");
    assert_eq!(refund_ids, &search_ids("refund"));
    assert_eq!(refunds["mentions"], refund_ids.len() as u64);
    assert!(!refunds["quotes"].as_array().unwrap().is_empty());
    // A facet of wider terms counts the search's responses within the theme only.
    let support = facet(billing, "Support about billing").expect("pinned facet listed");
    let support_ids = ids_of(&tags.facets, "Billing > Support about billing");
    let everywhere = search_ids("support");
    let within: Ids = everywhere.intersection(billing_ids).cloned().collect();
    assert_eq!(support_ids, &within);
    assert!(
        support_ids.len() < everywhere.len(),
        "restricted to the theme"
    );
    assert_eq!(support["mentions"], support_ids.len() as u64);
    // Under a discovered theme: its responses and counts are unchanged, the facet is among them.
    let discovered = theme(&report, &label);
    assert_eq!(discovered["mentions"], theme(&plain, &label)["mentions"]);
    let pinned = facet(discovered, "Pinned here").expect("pinned under a discovered theme");
    let pinned_ids = ids_of(&tags.facets, &format!("{label} > Pinned here"));
    assert_eq!(pinned_ids, &search_ids(&format!("\"{term}\"")));
    assert!(pinned_ids.is_subset(ids_of(&tags.themes, &label)));
    assert_eq!(pinned["mentions"], pinned_ids.len() as u64);
    for f in [refunds, support, pinned] {
        let kinds = &f["kinds"];
        for kind in ["complaint", "ask", "praise"] {
            assert!(kinds[kind].as_u64().unwrap() <= f["mentions"].as_u64().unwrap());
        }
    }
}

#[test]
fn a_facet_merge_gives_one_facet_of_the_union() {
    let (plain, _) = themes_of(None, &["--quotes", "0"]);
    let before = tagged(None);
    let (label, a, b) = theme_with_two_facets(&before, &plain, &[]);
    let text = format!(
        "[[merge]]\ntheme = \"{label}\"\ninto = \"Merged facet\"\nfacets = [\"{a}\", \"{b}\"]\n"
    );
    let (_d, book) = write_book(&text);
    let (report, err) = themes_of(Some(&book), &["--quotes", "1"]);
    assert!(!err.contains("warning"), "{err}");
    let after = tagged(Some(&book));
    let union: Ids = ids_of(&before.facets, &format!("{label} > {a}"))
        .union(ids_of(&before.facets, &format!("{label} > {b}")))
        .cloned()
        .collect();
    assert_eq!(
        ids_of(&after.facets, &format!("{label} > Merged facet")),
        &union
    );
    for gone in [&a, &b] {
        assert!(!after.facets.contains_key(&format!("{label} > {gone}")));
    }
    // The theme itself is unchanged; the merged facet is counted, kinds and all, on the union.
    let merged_theme = theme(&report, &label);
    assert_eq!(merged_theme["mentions"], theme(&plain, &label)["mentions"]);
    assert!(facet(merged_theme, &a).is_none() && facet(merged_theme, &b).is_none());
    let merged = facet(merged_theme, "Merged facet").expect("merged facet listed");
    assert_eq!(merged["mentions"], union.len() as u64);
    let parts: Vec<&Value> = [&a, &b]
        .iter()
        .map(|f| facet(theme(&plain, &label), f).expect("facet before the merge"))
        .collect();
    for kind in ["complaint", "ask", "praise"] {
        let of = |f: &Value| f["kinds"][kind].as_u64().unwrap();
        let n = of(merged);
        assert!(n >= of(parts[0]).max(of(parts[1])), "{kind}: {merged}");
        assert!(n <= of(parts[0]) + of(parts[1]), "{kind}: {merged}");
    }
    let terms = strs(&merged["terms"]);
    for part in &parts {
        for term in strs(&part["terms"]) {
            assert!(terms.contains(&term), "{term} in {terms:?}");
        }
    }
    assert!(!merged["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn a_saved_codebook_reloads_to_the_same_facets() {
    // Named themes only, shown in full: the saved codebook is the same codebook, written back.
    let named = format!(
        "{BILLING}\n[[facet]]\ntheme = \"billing\"\nname = \"Invoices\"\nterms = [\"invoice\"]\n\
         \n[rename]\n\"Refunds\" = \"Refund requests\"\n"
    );
    let (d, book) = write_book(&named);
    let saved = d.path().join("saved.toml");
    let save = |to: &Path, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = extra.iter().map(|a| a.to_string()).collect();
        args.extend(["--save-codebook".to_string(), to.display().to_string()]);
        args
    };
    let top = ["--top", "1"];
    let (first, _) = themes_of(Some(&book), &strings(&save(&saved, &top)));
    assert_eq!(
        labels_of(theme(&first, "Billing"), "facets"),
        BTreeSet::from(["Invoices", "Refund requests", "Support about billing"].map(String::from))
    );
    let written = std::fs::read_to_string(&saved).unwrap();
    assert!(written.contains("[[theme.facet]]"), "{written}");
    assert!(written.contains("[[facet]]"), "{written}");
    let (again, _) = themes_of(Some(&saved), &top);
    assert_eq!(again, first, "the saved codebook gives the same JSON");

    // Discovered themes are saved as named ones with their facets pinned under them, the
    // codebook's own facets and facet merges under them included.
    let (shown, _) = themes_of(Some(&book), &["--quotes", "0"]);
    let (label, a, b) = theme_with_two_facets(&tagged(Some(&book)), &shown, &["Billing"]);
    std::fs::write(
        &book,
        format!(
            "{named}\n[[facet]]\ntheme = \"{label}\"\nname = \"Pinned here\"\nterms = [\"{a}\"]\n\
             \n[[merge]]\ntheme = \"{label}\"\ninto = \"Merged facet\"\nfacets = [\"{a}\", \"{b}\"]\n"
        ),
    )
    .unwrap();
    let wanted = ["Pinned here", "Merged facet"].map(String::from);
    let (shown, err) = themes_of(Some(&book), &["--quotes", "0"]);
    assert!(!err.contains("warning"), "{err}");
    assert!(labels_of(theme(&shown, &label), "facets").is_superset(&wanted.clone().into()));
    // Every theme shown, so that this one is saved too.
    let top = ["--top", "64", "--quotes", "0"];
    themes_of(Some(&book), &strings(&save(&saved, &top)));
    let written = std::fs::read_to_string(&saved).unwrap();
    let parsed: toml::Value = toml::from_str(&written).unwrap();
    assert!(
        parsed.get("merge").is_none(),
        "the merge moved into its theme: {written}"
    );
    let saved_theme = parsed["theme"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"].as_str() == Some(label.as_str()))
        .expect("the discovered theme saved as a named one");
    let pinned: BTreeSet<String> = saved_theme["facet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert!(pinned.is_superset(&wanted.clone().into()), "{written}");
    let (reloaded, err) = themes_of(Some(&saved), &top);
    assert!(!err.contains("warning"), "{err}");
    assert!(labels_of(theme(&reloaded, &label), "facets").is_superset(&wanted.into()));
    // Saving the reloaded codebook writes it unchanged, and it gives the same JSON.
    let resaved = d.path().join("resaved.toml");
    let (from_saved, _) = themes_of(Some(&saved), &strings(&save(&resaved, &top)));
    assert_eq!(std::fs::read_to_string(&resaved).unwrap(), written);
    let (from_resaved, _) = themes_of(Some(&resaved), &top);
    assert_eq!(from_resaved, from_saved);
}

fn strings(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Labels of a theme's facets (`field` "facets").
fn labels_of(theme: &Value, field: &str) -> BTreeSet<String> {
    theme[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_codebook_without_facet_keys_gives_what_it_gave_before() {
    let (plain, _) = themes_of(None, &["--quotes", "1"]);
    let discovered = all_themes(&plain);
    // Two discovered themes merged, one renamed, a named theme: the keys codebooks had before.
    let (x, y, renamed) = (
        discovered[1]["label"].as_str().unwrap(),
        discovered[2]["label"].as_str().unwrap(),
        discovered[3]["label"].as_str().unwrap(),
    );
    let text = format!(
        "[[theme]]\nname = \"Billing errors\"\nterms = [\"charged twice\", \"invoice\", \"refund\"]\n\
         [rename]\n\"{renamed}\" = \"Renamed\"\n[[merge]]\ninto = \"Merged\"\nthemes = [\"{x}\", \"{y}\"]\n"
    );
    let (d, book) = write_book(&text);
    let (report, err) = themes_of(Some(&book), &["--quotes", "1"]);
    assert!(err.is_empty(), "no warning: {err}");
    let named = theme(&report, "Billing errors");
    assert!(
        named["facets"].as_array().unwrap().is_empty(),
        "a named theme has no facets"
    );
    // The merge keeps the facets of both themes.
    let merged = labels_of(theme(&report, "Merged"), "facets");
    // (A facet labelled like the renamed theme is renamed too.)
    let parts: BTreeSet<String> = [x, y]
        .iter()
        .flat_map(|t| labels_of(theme(&plain, t), "facets"))
        .map(|f| {
            if f == renamed {
                "Renamed".to_string()
            } else {
                f
            }
        })
        .collect();
    assert_eq!(merged, parts);
    // Every other theme is what the run without a codebook gives, but for the new label (themes
    // folded into the named one are gone).
    let mut compared = 0;
    for t in &discovered {
        let label = t["label"].as_str().unwrap();
        let Some(got) = all_themes(&report)
            .into_iter()
            .find(|r| r["key"] == t["key"])
        else {
            continue;
        };
        if [x, y].contains(&label) {
            continue;
        }
        let mut got = got.clone();
        if label == renamed {
            assert_eq!(got["label"], "Renamed");
            got["label"] = t["label"].clone();
        }
        // Whether an impact is called significant depends on every theme shown (Benjamini-
        // Hochberg over the list), and the merge changes the list: the value is compared, not
        // the call.
        let mut expected = (*t).clone();
        for theme in [&mut got, &mut expected] {
            if let Some(impact) = theme["impact"].as_object_mut() {
                impact.remove("significant");
            }
        }
        assert_eq!(got, expected);
        compared += 1;
    }
    assert!(compared >= 5, "{compared} themes compared");
    // Saved, the merged theme stays a merge (not a named theme as well), so it is listed once.
    let saved = d.path().join("saved.toml");
    let save = ["--quotes", "0", "--save-codebook", saved.to_str().unwrap()];
    themes_of(Some(&book), &save);
    let (reloaded, _) = themes_of(Some(&saved), &["--quotes", "0"]);
    let merged = all_themes(&reloaded)
        .iter()
        .filter(|t| t["label"] == "Merged")
        .count();
    assert_eq!(merged, 1);
}

#[test]
fn codebook_facets_that_match_nothing_warn_and_bad_ones_are_refused() {
    let (plain, _) = themes_of(None, &["--quotes", "0"]);
    let (label, ..) = theme_with_two_facets(&tagged(None), &plain, &[]);
    let (_d, book) = write_book(&format!(
        "[[facet]]\ntheme = \"no such theme\"\nname = \"Orphan\"\nterms = [\"refund\"]\n\
         [[merge]]\ntheme = \"{label}\"\ninto = \"Nothing\"\nfacets = [\"no such facet\"]\n"
    ));
    let (report, err) = themes_of(Some(&book), &["--quotes", "0"]);
    assert!(err.contains("book.toml"), "{err}");
    assert!(
        err.contains("warning") && err.contains("'Orphan': no theme 'no such theme'"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "theme '{label}' has no discovered facet 'no such facet'"
        )),
        "{err}"
    );
    assert_eq!(report, plain, "entries that match nothing change nothing");
    for (bad, message) in [
        (
            "[[merge]]\ninto = \"x\"\nthemes = [\"a\"]\ntheme = \"b\"\nfacets = [\"c\"]\n",
            "not both",
        ),
        ("[[merge]]\ninto = \"x\"\nfacets = [\"c\"]\n", "needs `theme`"),
        ("[[merge]]\ninto = \"x\"\n", "needs `themes`"),
        ("[[facet]]\nname = \"x\"\nterms = [\"y\"]\n", "theme"),
        (
            "[[theme]]\nname = \"A\"\nterms = [\"a\"]\n[[theme.facet]]\ntheme = \"A\"\nname = \"x\"\nterms = [\"y\"]\n",
            "unknown field",
        ),
        (
            "[[theme]]\nname = \"A\"\nterms = [\"a\"]\n[[theme.facet]]\nname = \"x\"\n",
            "facet 'x' of theme 'A' needs terms or a query",
        ),
    ] {
        let (_d, book) = write_book(bad);
        let out = run(saas(), &["themes", "--codebook", book.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert!(err.contains("book.toml") && err.contains(message), "{bad}: {err}");
    }
}

#[test]
fn codebook_facets_give_the_same_bytes_whatever_the_threads() {
    let (plain, _) = themes_of(None, &["--quotes", "0"]);
    let (label, a, b) = theme_with_two_facets(&tagged(None), &plain, &[]);
    let (_d, book) = write_book(&format!(
        "{BILLING}\n[[merge]]\ntheme = \"{label}\"\ninto = \"Merged facet\"\nfacets = [\"{a}\", \"{b}\"]\n"
    ));
    let book = book.to_str().unwrap();
    for args in [
        &["themes", "--format", "json", "--codebook", book][..],
        &["tag", "--format", "jsonl", "--codebook", book],
    ] {
        let [one, four] = ["1", "4"].map(|n| {
            let out = run(saas(), &[args, &["--threads", n]].concat());
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            out.stdout
        });
        assert!(one == four, "{args:?} differs between 1 and 4 threads");
    }
}

#[test]
fn codebook_names_ignores_renames_and_round_trips() {
    let d = tmp();
    let book = d.path().join("book.toml");
    std::fs::write(
        &book,
        r#"
ignore = ["freshdesk", "zendesk"]
[[theme]]
name = "Billing errors"
terms = ["charged twice", "invoice", "refund"]
[rename]
"so easy" = "Ease of use"
"#,
    )
    .unwrap();
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--top",
            "12",
            "--format",
            "json",
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let themes = v["groups"][0]["themes"].as_array().unwrap();
    assert_eq!(
        themes[0]["label"], "Billing errors",
        "named themes come first"
    );
    // The named theme counts exactly what a search for its terms finds.
    let search = run(
        saas(),
        &[
            "search",
            "\"charged twice\" OR invoice OR refund",
            "--format",
            "json",
            "--limit",
            "1",
        ],
    );
    let total: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let with_comment = themes[0]["mentions"].as_u64().unwrap();
    assert!(
        with_comment <= total["total"].as_u64().unwrap()
            && with_comment * 10 >= total["total"].as_u64().unwrap() * 9
    );
    for t in themes {
        let terms: Vec<&str> = t["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert!(
            !terms
                .iter()
                .any(|x| x.contains("freshdesk") || x.contains("zendesk")),
            "ignored words stay out: {terms:?}"
        );
    }
    // Saving writes a codebook that loads again and keeps the named theme first.
    let saved = d.path().join("saved.toml");
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--codebook",
            book.to_str().unwrap(),
            "--save-codebook",
            saved.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("name = \"Billing errors\""), "{text}");
    let again = run(
        saas(),
        &[
            "themes",
            "--by",
            "none",
            "--codebook",
            saved.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // A typo in a codebook is an error naming the file.
    std::fs::write(&book, "[[theme]]\nnmae = \"x\"\n").unwrap();
    let bad = run(saas(), &["themes", "--codebook", book.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("book.toml"));
}
