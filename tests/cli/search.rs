//! `verbatim search`: stems, phrases and the hits nps_small.csv's README lists, filters, exit
//! codes, CSV that defuses formulas, hostile rows, snippets, sorting and `--limit`, query mistakes
//! said with where they are, and `--full`.

use super::*;

fn expected_term(key: &str) -> Vec<String> {
    strs(&expected()["nps_small"]["term_hits"][key])
}

#[test]
fn search_stemming_billing_finds_billed_and_bills() {
    let (code, v) = search_json(small(), "billing", &[]);
    assert_eq!(code, 0);
    assert_eq!(hit_ids(&v), expected_term("bill* (stem 'bill')"));
    assert_eq!(as_u64(&v["total"]), 6);
    // bands of ids 1,4,8,13,16,19: scores 10,6,0,7,9,10 -> 2 detractors, 1 passive, 3 promoters
    assert_eq!(as_u64(&v["by_band"]["low"]), 2);
    assert_eq!(as_u64(&v["by_band"]["middle"]), 1);
    assert_eq!(as_u64(&v["by_band"]["high"]), 3);
    assert_eq!(as_u64(&v["by_band"]["unscored"]), 0);
}

#[test]
fn search_phrases_and_words() {
    for (q, key) in [
        ("\"customer service\"", "\"customer service\" (phrase)"),
        ("service", "service (word)"),
        ("\"not working\"", "\"not working\" (phrase)"),
        ("working", "working (word)"),
        ("\"no response\"", "\"no response\" (phrase)"),
        ("response", "response (word)"),
        ("refund", "refund (word)"),
    ] {
        let (code, v) = search_json(small(), q, &[]);
        assert_eq!(code, 0, "{q}");
        assert_eq!(hit_ids(&v), expected_term(key), "query {q}");
    }
}

#[test]
fn search_filters_band_quarter_where_dates() {
    // billing hits 1,4,8,13,16,19; detractors among them: 4 (6), 8 (0)
    let (_, v) = search_json(small(), "billing", &["--band", "detractor"]);
    assert_eq!(hit_ids(&v), ["4", "8"]);
    // quarter 2026Q2 (Apr-Jun): 8 (04-14), 13 (06-15)
    let (_, v) = search_json(small(), "billing", &["--quarter", "2026Q2"]);
    assert_eq!(hit_ids(&v), ["8", "13"]);
    // plan Starter: 4, 13, 19 (value matched case-insensitively)
    let (_, v) = search_json(small(), "billing", &["--where", "plan=starter"]);
    assert_eq!(hit_ids(&v), ["4", "13", "19"]);
    // dates inclusive: 2026-02-17 (4) .. 2026-06-15 (13) -> 4, 8, 13
    let (_, v) = search_json(
        small(),
        "billing",
        &["--from", "2026-02-17", "--to", "2026-06-15"],
    );
    assert_eq!(hit_ids(&v), ["4", "8", "13"]);
    // two bands
    let (_, v) = search_json(
        small(),
        "billing",
        &["--band", "passive", "--band", "promoter"],
    );
    assert_eq!(hit_ids(&v), ["1", "13", "16", "19"]);
}

#[test]
fn search_no_hits_exit_1() {
    let (code, _) = search_json(small(), "zebra", &[]);
    assert_eq!(code, 1);
    // a filter that excludes every hit also counts as nothing found
    let (code, _) = search_json(small(), "billing", &["--quarter", "2025Q1"]);
    assert_eq!(code, 1);
}

#[test]
fn search_malformed_query_exit_2_clear_message() {
    for q in ["\"unbalanced", "AND OR ("] {
        let out = run(small(), &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{se}");
        assert!(se.contains("query"), "{se}");
        assert!(!se.contains("panicked"), "{se}");
    }
}

#[test]
fn search_csv_defuses_formula_unless_raw() {
    let out = run(saas(), &["search", "HYPERLINK", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    let line = so
        .lines()
        .find(|l| l.starts_with("R002324"))
        .expect("R002324 row");
    assert!(line.contains(",\"'=HYPERLINK("), "{line}");
    let mut r = csv_reader(&out.stdout);
    let row = r.records().next().unwrap().unwrap();
    let snippet = row.get(row.len() - 1).unwrap();
    assert!(snippet.starts_with("'="), "{snippet}");

    let out = run(saas(), &["search", "HYPERLINK", "--format", "csv", "--raw"]);
    assert_eq!(out.status.code(), Some(0));
    let mut r = csv_reader(&out.stdout);
    let row = r.records().next().unwrap().unwrap();
    let snippet = row.get(row.len() - 1).unwrap();
    assert!(snippet.starts_with("=HYPERLINK("), "{snippet}");
}

#[test]
fn search_table_has_no_escape_bytes() {
    let out = run(saas(), &["search", "script alert"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b), "ESC byte in table output");
    let so = stdout(&out);
    assert!(so.contains("R001462"), "{so}");
    assert!(so.contains("alert"), "{so}");
}

#[test]
fn search_json_fields_and_hostile_rows() {
    let (code, v) = search_json(saas(), "café", &[]);
    assert_eq!(code, 0);
    let h = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "R001817")
        .expect("accents row found by café");
    for k in [
        "id",
        "date",
        "quarter",
        "score",
        "band",
        "segments",
        "snippet",
        "highlights",
        "source",
    ] {
        assert!(h.get(k).is_some(), "hit lacks {k}: {h}");
    }
    // source points at the physical line of the row (README: line 1166)
    assert!(h["source"].as_str().unwrap().ends_with(":1166"), "{h}");
    assert_eq!(
        v["band_names"],
        serde_json::json!(["detractor", "passive", "promoter"])
    );

    // multi-line comment R000658 (line 392)
    let (_, v) = search_json(saas(), "\"charged twice in March\"", &[]);
    assert!(hit_ids(&v).contains(&"R000658".to_string()), "{v}");
    // curly apostrophe row
    let (_, v) = search_json(saas(), "Salesforce \"asked twice\"", &[]);
    assert!(hit_ids(&v).contains(&"R001785".to_string()), "{v}");
    // email row is searchable
    let (_, v) = search_json(saas(), "\"double charge\"", &[]);
    assert!(hit_ids(&v).contains(&"R004281".to_string()), "{v}");
}

#[test]
fn search_counts_per_band_match_total() {
    let (code, v) = search_json(saas(), "refund", &[]);
    assert_eq!(code, 0);
    let b = &v["by_band"];
    let sum =
        as_u64(&b["low"]) + as_u64(&b["middle"]) + as_u64(&b["high"]) + as_u64(&b["unscored"]);
    assert_eq!(sum, as_u64(&v["total"]));
    let (_, d) = search_json(saas(), "refund", &["--band", "detractor"]);
    assert_eq!(as_u64(&d["total"]), as_u64(&b["low"]));
    assert!(d["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["band"] == "detractor"));
}

#[test]
fn snippet_of_short_comment_is_the_whole_comment() {
    let d = tmp();
    ingest_ok(d.path(), "broken/cp1252.csv", &["-q"]);
    let (_, v) = search_json(d.path(), "\"billing error\"", &[]);
    assert_eq!(
        v["hits"][0]["snippet"],
        "Charged twice – “billing error” again"
    );
    let (_, v) = search_json(saas(), "script alert", &[]);
    assert_eq!(
        v["hits"][0]["snippet"],
        "<script>alert(1)</script> sorry, just checking if your form is safe. The product works fine."
    );
}

#[test]
fn bad_filters_exit_2_with_message() {
    for (args, needle) in [
        (
            &["stats", "--quarter", "not-a-quarter"][..],
            "not-a-quarter",
        ),
        (&["search", "billing", "--where", "nosuch=x"], "nosuch"),
        (&["search", "billing", "--band", "happy"], "happy"),
        (&["stats", "--by", "nosuch"], "nosuch"),
    ] {
        let out = run(small(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{args:?}: {se}");
        assert!(se.contains(needle), "{args:?}: {se}");
    }
    // an impossible date is refused (clap reports it), exit 2
    let out = run(small(), &["search", "billing", "--from", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2026-13-01"), "{}", stderr(&out));
}

#[test]
fn search_sort_by_date_and_limit() {
    let (_, v) = search_json(small(), "billing", &["--sort", "date"]);
    let dates: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert!(
        dates == sorted || dates == sorted.iter().rev().cloned().collect::<Vec<_>>(),
        "{dates:?}"
    );
    let out = run(
        small(),
        &["search", "billing", "--format", "json", "--limit", "2"],
    );
    let v = json_of(&out);
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    assert_eq!(
        as_u64(&v["total"]),
        6,
        "total counts all matches, not the shown ones"
    );
}

#[test]
fn search_multiline_comment_keeps_newlines() {
    let (_, v) = search_json(saas(), "\"charged twice in March\"", &[]);
    let h = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "R000658")
        .unwrap();
    let snip = h["snippet"].as_str().unwrap();
    assert!(
        snip.starts_with("Billing is a mess.\nWe were charged twice in March\nand nobody"),
        "{snip}"
    );
    assert!(h["source"].as_str().unwrap().ends_with(":392"), "{h}");
    // the next row starts 3 physical lines later (its id is the next one in the file)
    let (_, v) = search_json(saas(), "*", &[]);
    let hits = v["hits"].as_array().unwrap();
    let source_of = |id: &str| {
        hits.iter()
            .find(|h| h["id"] == id)
            .map(|h| h["source"].as_str().unwrap().to_string())
    };
    let next = source_of("R000659")
        .or_else(|| source_of("R000660"))
        .expect("a later row");
    assert!(next.ends_with(":395") || next.ends_with(":396"), "{next}");
}

#[test]
fn query_mistakes_say_what_and_where() {
    for (query, said) in [
        (
            "\"customer service",
            "the quote at character 1 of the query opens a phrase that is never closed",
        ),
        (
            "billing (refund OR invoice",
            "the parenthesis opened at character 9 of the query is never closed",
        ),
        (
            "billing)",
            "the closing parenthesis at character 8 of the query closes nothing",
        ),
        ("", "the query is empty"),
        ("  ", "the query is empty"),
        (
            "the and",
            "'the', 'and' are too common to be indexed (stopwords, listed in stopwords/en.txt)",
        ),
        ("(-billing)", "the query only excludes words (-billing)"),
    ] {
        let out = run(saas(), &["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}: {}", stdout(&out));
        assert!(stderr(&out).contains(said), "{query}: {}", stderr(&out));
    }
    // themes --query reads queries the same way
    let out = run(saas(), &["themes", "--query", "the"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'the' is too common"),
        "{}",
        stderr(&out)
    );
    // a stopword beside real words is named and left out
    let out = run(saas(), &["search", "the billing", "--limit", "1"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("(left out of the query: 'the', too common to be indexed"),
        "{}",
        stdout(&out)
    );
    let (code, v) = search_json(saas(), "the billing", &[]);
    assert_eq!(code, 0);
    assert_eq!(v["ignored"], serde_json::json!(["the"]));
    assert_eq!(v["total"], search_json(saas(), "billing", &[]).1["total"]);
}

#[test]
fn search_full_prints_the_whole_comment() {
    // R000658's comment spans lines; --full prints each, indented
    let out = run(
        saas(),
        &[
            "search",
            "\"charged twice in March\"",
            "--full",
            "--show",
            "none",
        ],
    );
    let so = stdout(&out);
    assert!(so.contains("R000658 | "), "{so}");
    assert!(
        so.contains("  Billing is a mess.\n  We were [charged] [twice] in [March]\n"),
        "{so}"
    );
}

/// Six comments about bags, fees and delays, for the weighted default and its flags.
fn luggage_index(dir: &Path) -> std::path::PathBuf {
    ingest_rows(
        dir,
        "id,score,comment",
        &[
            "1,2,They lost my luggage on the way home",
            "2,3,My bags never arrived in Denver",
            "3,8,I lost my patience with the app",
            "4,9,The baggage claim was quick",
            "5,4,Flight delayed and luggage lost again",
            "6,7,Lovely crew and a smooth flight",
        ],
        &["--id-col", "id", "--score-col", "score"],
    )
}

#[test]
fn search_default_weighs_rare_words_and_adds_synonyms() {
    let dir = tempfile::tempdir().unwrap();
    let index = luggage_index(dir.path());
    // luggage (rare) carries the cut alone, through its synonyms too; lost (common) does not
    let (code, v) = search_json(&index, "lost luggage", &[]);
    assert_eq!(code, 0);
    assert_eq!(hit_ids(&v), ["1", "2", "4", "5"]);
    assert_eq!(v["matching"], "weighted");
    assert_eq!(strs(&v["added"]), ["baggage", "bag"]);
    // the counts per band are the same set as the hits
    assert_eq!(as_u64(&v["total"]), 4);
    // a typed word ranks above its synonyms
    assert!(["1", "5"].contains(&v["hits"][0]["id"].as_str().unwrap()));
    // the table says what was added
    let out = run(&index, &["search", "lost luggage"]);
    assert!(
        stdout(&out).contains("(also matched: baggage, bag; --exact"),
        "{}",
        stdout(&out)
    );
}

/// What the default's cut lets through, as a reader of the hits would check it: either of two
/// specific words alone ("weather" for `weather forecast`), never a generic word alone beside a
/// specific one ("set" for `set timers`), a synonym of the rare word ("bags" for `lost luggage`)
/// but not the common word alone ("lost my keys").
#[test]
fn search_default_finds_a_subject_said_in_one_word() {
    let dir = tempfile::tempdir().unwrap();
    let index = ingest_rows(
        dir.path(),
        "id,comment",
        &[
            "1,I ask it for the weather every morning",
            "2,The forecast was wrong again",
            "3,I use it to set a timer for the pasta",
            "4,I set it up in the kitchen in minutes",
            "5,The bags never arrived",
            "6,I lost my keys at the airport",
            "7,They lost my luggage",
        ],
        &["--id-col", "id"],
    );
    let ids = |q: &str| hit_ids(&search_json(&index, q, &[]).1);
    assert_eq!(ids("weather forecast"), ["1", "2"]);
    assert_eq!(ids("set timers"), ["3"]);
    assert_eq!(ids("lost luggage"), ["5", "7"]);
    // +word makes a word required
    assert_eq!(ids("+forecast weather"), ["2"]);
}

/// A phrasal verb is one thing written joined or apart: `setup` finds "easy to set up" and
/// "set-up", `set up` finds "the setup", while "set it up" (words between) and "set" alone are
/// no hit, and neither is a verb whose joined word means something else ("go on" for `goon`).
#[test]
fn a_phrasal_verb_is_found_written_joined_or_apart() {
    let dir = tempfile::tempdir().unwrap();
    let index = ingest_rows(
        dir.path(),
        "id,comment",
        &[
            "1,Easy to set up",
            "2,The set-up took minutes",
            "3,The setup guide is clear",
            "4,I set it up myself",
            "5,I set a timer",
            "6,We had to go on waiting",
            "7,I logged in twice",
        ],
        &["--id-col", "id"],
    );
    let (code, v) = search_json(&index, "setup", &[]);
    assert_eq!(code, 0);
    let sorted = |v: &serde_json::Value| {
        let mut ids = hit_ids(v);
        ids.sort();
        ids
    };
    assert_eq!(sorted(&v), ["1", "2", "3"]);
    assert_eq!(strs(&v["added"]), ["set-up"]);
    let (_, v) = search_json(&index, "set up", &[]);
    assert_eq!(sorted(&v), ["1", "2", "3"]);
    assert_eq!(strs(&v["added"]), ["setup"]);
    assert_eq!(hit_ids(&search_json(&index, "login", &[]).1), ["7"]);
    assert_eq!(search_json(&index, "goon", &[]).0, 1, "no hit");
    // --exact matches the word as typed
    assert_eq!(
        hit_ids(&search_json(&index, "setup", &["--exact"]).1),
        ["3"]
    );
}

/// A synonym ranks below the word as typed, said as often in a comment as long, even when the
/// synonym is the rarer word (BM25 alone would put "sluggish" first).
#[test]
fn a_synonym_ranks_below_the_word_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let index = ingest_rows(
        dir.path(),
        "id,comment",
        &[
            "a,Sluggish replies from the support team",
            "b,Slow replies from the support team",
            "c,The support team answers at once",
            "d,Great support team",
            "e,The app is slow to start",
        ],
        &["--id-col", "id"],
    );
    let (_, v) = search_json(&index, "slow", &[]);
    assert_eq!(strs(&v["added"]), ["sluggish"]);
    let order: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let at = |id: &str| order.iter().position(|&o| o == id).unwrap();
    assert!(at("b") < at("a"), "{order:?}");
}

#[test]
fn search_modes_exact_and_operators() {
    let dir = tempfile::tempdir().unwrap();
    let index = luggage_index(dir.path());
    let ids = |q: &str, extra: &[&str]| hit_ids(&search_json(&index, q, extra).1);
    assert_eq!(ids("lost luggage", &["--all-words"]), ["1", "5"]);
    assert_eq!(ids("lost luggage", &["--any-word"]), ["1", "3", "5"]);
    assert_eq!(ids("lost luggage", &["--exact"]), ["1", "5"]);
    // +word required, -word excluded
    assert_eq!(ids("+lost luggage", &[]), ["1", "5"]);
    assert_eq!(ids("luggage -delayed", &[]), ["1", "2", "4"]);
    // operators keep the strict meaning: no synonyms, no weights
    assert_eq!(ids("luggage OR patience", &[]), ["1", "3", "5"]);
    assert_eq!(ids("(luggage)", &[]), ["1", "5"]);
    let out = run(&index, &["search", "x", "--all-words", "--any-word"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn search_explain_names_the_words_their_weights_and_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let index = luggage_index(dir.path());
    let (_, v) = search_json(&index, "lost luggage", &["--explain", "2"]);
    let e = &v["explanation"];
    assert_eq!(e["hit"], true);
    assert_eq!(e["units"][0]["word"], "lost");
    assert!(e["units"][0]["matched_by"].is_null());
    assert_eq!(e["units"][1]["matched_by"], "bag");
    assert_eq!(e["units"][1]["synonym"], true);
    assert!(e["held"].as_f64().unwrap() >= e["need"].as_f64().unwrap());
    let out = run(&index, &["search", "lost luggage", "--explain", "3"]);
    let so = stdout(&out);
    assert!(so.contains("3 is not a hit: it holds"), "{so}");
    assert!(so.contains("less than the"), "{so}");
    let out = run(&index, &["search", "lost luggage", "--explain", "99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no response in this index has the id '99'"));
}

/// Among the hits of a query, responses that say its words near each other (about one sentence)
/// rank first, even against a shorter response that says them apart.
#[test]
fn words_said_together_rank_first() {
    let d = tmp();
    let file = d.path().join("near.csv");
    std::fs::write(
        &file,
        "id,comment\n\
         apart,Seat fine. Lounge dirty. Crew rude. Gate late. Legroom?\n\
         together,The seat legroom was tight and then a long story about the lounge the food the staff the boarding the gate the bus and the weather\n\
         seat,A seat.\n",
    )
    .unwrap();
    let index = d.path().join("ix");
    support::cli::ingest_ok(&index, &file, &["-q"]);
    let out = json_of(&run(
        &index,
        &["search", "seat legroom", "--format", "json"],
    ));
    let ids: Vec<&str> = out["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&"together"), "{ids:?}");
    // With --all-words (no proximity), plain BM25 puts the short response first: the test can fail.
    let plain = json_of(&run(
        &index,
        &["search", "seat legroom", "--all-words", "--format", "json"],
    ));
    assert_eq!(plain["hits"][0]["id"], "apart", "{plain}");
}

/// The best hits are the first of the whole ranked list, whatever `--limit` keeps, and hits of
/// equal score come in the same order whatever order the file listed them in.
#[test]
fn the_best_hits_are_the_head_of_the_whole_order() {
    let rows: Vec<String> = (0..40)
        .map(|i| {
            let text = match i % 4 {
                0 => "refund please",
                1 => "refund refund and still no refund",
                2 => "I want a refund for the late delivery of my order",
                _ => "the refund came",
            };
            format!("r{i},{text}")
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let reversed: Vec<&str> = rows.iter().rev().copied().collect();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = ingest_rows(a.path(), "id,comment", &rows, &["--id-col", "id"]);
    let second = ingest_rows(b.path(), "id,comment", &reversed, &["--id-col", "id"]);
    let order = |index: &std::path::Path, limit: &str| -> Vec<String> {
        let out = run(
            index,
            &["search", "refund", "--format", "json", "--limit", limit],
        );
        let v = json_of(&out);
        let hits = v["hits"].as_array().expect("hits").iter();
        hits.map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = order(&first, "100");
    assert_eq!(all.len(), 40);
    for limit in [1, 3, 7, 12] {
        assert_eq!(
            order(&first, &limit.to_string()),
            all[..limit],
            "--limit {limit}"
        );
    }
    assert_eq!(order(&second, "100"), all);
    assert_eq!(order(&second, "7"), all[..7]);
}
