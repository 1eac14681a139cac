//! `verbatim themes` (issues 3 and 10). Robust, analyst-level checks on saas_nps.csv: planted
//! themes are found in the right bands/segments/quarters (matched by their words, never by tuned
//! labels), counts add up, quotes are real text with personal data masked, Markdown and CSV are
//! safe; themes are found once over the index and counted in any scope. The helpers here (and the
//! planted ground truth of `fixtures/labels/`) serve tag.rs and codebook.rs too.

use super::*;

/// `themes --format json` plus `extra`; returns (exit code, JSON or Null).
pub(super) fn themes_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["themes", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    let code = out.status.code().expect("exit code");
    assert!(
        code == 0 || code == 1,
        "themes {extra:?} exit {code}: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        json_of(&out)
    };
    (code, v)
}

pub(super) fn theme_groups(v: &Value) -> &Vec<Value> {
    v["groups"].as_array().expect("groups array")
}

pub(super) fn group_themes(g: &Value) -> &Vec<Value> {
    g["themes"].as_array().expect("themes array")
}

pub(super) fn all_themes(v: &Value) -> Vec<&Value> {
    theme_groups(v).iter().flat_map(group_themes).collect()
}

/// Does any of the theme's terms contain any of `words` (case-insensitive)?
pub(super) fn terms_have(t: &Value, words: &[&str]) -> bool {
    t["terms"].as_array().expect("terms").iter().any(|x| {
        let x = x.as_str().unwrap().to_lowercase();
        words.iter().any(|w| x.contains(w))
    })
}

pub(super) const BILLING_WORDS: &[&str] = &["charged", "billing", "billed", "invoice", "refund"];

const CRASH_WORDS: &[&str] = &["crash", "freez"];

const EASE_WORDS: &[&str] = &["easy", "intuitive"];

const INTEGRATION_WORDS: &[&str] = &["integration", "salesforce", "slack", "jira", "hubspot"];

pub(super) fn kind_of(t: &Value) -> &str {
    t["kind"].as_str().expect("kind")
}

/// The theme with the most mentions among those whose terms contain one of `words`.
fn strongest_with<'a>(
    themes: &[&'a Value],
    words: &[&str],
    kind: Option<&str>,
) -> Option<&'a Value> {
    themes
        .iter()
        .copied()
        .filter(|t| terms_have(t, words) && kind.is_none_or(|k| kind_of(t) == k))
        .max_by_key(|t| as_u64(&t["mentions"]))
}

/// Planted themes per response id (fixtures/labels/saas_nps_themes.csv).
pub(super) fn planted() -> &'static std::collections::HashMap<String, Vec<String>> {
    static P: OnceLock<std::collections::HashMap<String, Vec<String>>> = OnceLock::new();
    P.get_or_init(|| {
        let mut r = csv::Reader::from_path(fixture("labels/saas_nps_themes.csv")).unwrap();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                let themes = rec[1]
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                (rec[0].to_string(), themes)
            })
            .collect()
    })
}

/// saas_nps.csv rows: id -> (band name, comment).
pub(super) fn saas_rows() -> &'static std::collections::HashMap<String, (String, String)> {
    static R: OnceLock<std::collections::HashMap<String, (String, String)>> = OnceLock::new();
    R.get_or_init(|| {
        let mut r = csv::Reader::from_path(fixture("saas_nps.csv")).unwrap();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                let score: u32 = rec[5].parse().unwrap();
                let band = match score {
                    0..=6 => "detractor",
                    7..=8 => "passive",
                    _ => "promoter",
                };
                (rec[0].to_string(), (band.to_string(), rec[6].to_string()))
            })
            .collect()
    })
}

fn planted_count(theme: &str, band: Option<&str>) -> u64 {
    planted()
        .iter()
        .filter(|(id, ts)| {
            ts.iter().any(|t| t == theme) && band.is_none_or(|b| saas_rows()[*id].0 == b)
        })
        .count() as u64
}

pub(super) fn is_real_comment(c: &str) -> bool {
    let t = c.trim().to_lowercase();
    !t.is_empty() && !["n/a", "none", "-", ".", "nothing", "no comment"].contains(&t.as_str())
}

fn squash_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn band_sum(b: &Value) -> u64 {
    ["low", "middle", "high", "unscored"]
        .iter()
        .map(|k| as_u64(&b[k]))
        .sum()
}

#[test]
fn themes_band_groups_find_planted_concerns() {
    let (code, v) = themes_json(saas(), &["--by", "band"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["by"], "band");
    assert_eq!(as_u64(&v["responses"]), 2976);
    let names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    for b in ["detractor", "passive", "promoter"] {
        assert!(names.contains(&b), "group {b} missing: {names:?}");
    }
    let themes_of = |name: &str| -> Vec<&Value> { group_themes(group(&v, name)).iter().collect() };

    // detractors: billing errors (planted 156 detractor rows) and app crashes (135)
    let det = themes_of("detractor");
    let billing = strongest_with(&det, BILLING_WORDS, Some("complaint"))
        .unwrap_or_else(|| panic!("no billing complaint among detractor themes: {det:#?}"));
    let planted_billing = planted_count("billing_errors", Some("detractor"));
    assert_eq!(
        planted_billing, 156,
        "README: billing_errors bands 156/29/3"
    );
    assert!(
        as_u64(&billing["mentions"]) * 2 >= planted_billing,
        "billing theme mentions {} < half of {planted_billing} planted detractor rows",
        billing["mentions"]
    );
    assert_eq!(
        as_u64(&billing["bands"]["low"]),
        as_u64(&billing["mentions"]),
        "a detractor-group theme counts only detractors"
    );
    let crash = strongest_with(&det, CRASH_WORDS, Some("complaint"))
        .unwrap_or_else(|| panic!("no app-crash complaint among detractor themes: {det:#?}"));
    assert!(
        as_u64(&crash["mentions"]) * 2 >= planted_count("mobile_app_crashes", Some("detractor")),
        "{crash}"
    );
    assert!(terms_have(crash, &["app"]), "{crash}");

    // promoters: ease-of-use praise
    let pro = themes_of("promoter");
    let ease = strongest_with(&pro, EASE_WORDS, Some("praise"))
        .unwrap_or_else(|| panic!("no ease-of-use praise among promoter themes: {pro:#?}"));
    assert!(as_u64(&ease["mentions"]) >= 100, "{ease}");
    // no promoter theme is a billing or crash complaint
    assert!(
        strongest_with(&pro, BILLING_WORDS, Some("complaint")).is_none(),
        "billing complaint among promoters"
    );

    // integrations: an `ask` theme in some group (passives carry most), asks counted
    let all = all_themes(&v);
    let ask = strongest_with(&all, INTEGRATION_WORDS, Some("ask"))
        .unwrap_or_else(|| panic!("no integration ask theme: {v:#}"));
    let asks = as_u64(&ask["kinds"]["ask"]);
    assert!(asks > 0, "{ask}");
    assert!(asks >= as_u64(&ask["kinds"]["complaint"]), "{ask}");
    assert!(
        group_themes(group(&v, "passive"))
            .iter()
            .any(|t| kind_of(t) == "ask" && terms_have(t, INTEGRATION_WORDS)),
        "passives should ask for integrations"
    );
}

#[test]
fn themes_single_group_bands_match_planted_skew() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    assert_eq!(code, 0);
    assert_eq!(theme_groups(&v).len(), 1, "--by none is one group");
    let all = all_themes(&v);
    let billing = strongest_with(&all, BILLING_WORDS, None).expect("billing theme in top 20");
    let (m, low) = (
        as_u64(&billing["mentions"]),
        as_u64(&billing["bands"]["low"]),
    );
    assert!(low * 10 >= m * 6, "billing mostly detractors: {low}/{m}");
    assert!(
        low * 2 >= 156,
        "billing detractor mentions {low} vs 156 planted"
    );
    assert_eq!(kind_of(billing), "complaint");
    let crash = strongest_with(&all, CRASH_WORDS, None).expect("crash theme in top 20");
    let (m, low) = (as_u64(&crash["mentions"]), as_u64(&crash["bands"]["low"]));
    assert!(low * 10 >= m * 6, "crashes mostly detractors: {low}/{m}");
    let ease = strongest_with(&all, EASE_WORDS, None).expect("ease theme in top 20");
    let (m, high) = (as_u64(&ease["mentions"]), as_u64(&ease["bands"]["high"]));
    assert!(high * 2 > m, "ease-of-use mostly promoters: {high}/{m}");
    assert_eq!(kind_of(ease), "praise");
    // single group: no lift (nothing to compare with)
    assert!(
        all.iter().all(|t| t["lift"].is_null()),
        "lift without other groups"
    );
}

#[test]
fn themes_segments_crashes_on_mobile_price_on_cheap_plans() {
    let (code, v) = themes_json(saas(), &["--by", "channel"]);
    assert_eq!(code, 0);
    let mobile: Vec<&Value> = group_themes(group(&v, "mobile")).iter().collect();
    let crash = strongest_with(&mobile, CRASH_WORDS, None)
        .unwrap_or_else(|| panic!("no crash theme for channel=mobile: {mobile:#?}"));
    let lift = crash["lift"].as_f64().expect("lift vs other channels");
    assert!(
        lift > 1.5,
        "crashes over-represented on mobile: lift {lift}"
    );

    let (code, v) = themes_json(saas(), &["--by", "plan"]);
    assert_eq!(code, 0);
    let mut names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Enterprise", "Free", "Pro", "Starter"],
        "groups are plan values"
    );
    let price_words = &["price", "expensive", "cost", "afford", "overpriced"];
    let cheap: Vec<&Value> = ["Free", "Starter"]
        .iter()
        .flat_map(|p| group_themes(group(&v, p)))
        .collect();
    let price = strongest_with(&cheap, price_words, Some("complaint"))
        .unwrap_or_else(|| panic!("no price complaint for Free/Starter: {cheap:#?}"));
    assert!(
        price["lift"].as_f64().unwrap_or(f64::INFINITY) > 1.0,
        "{price}"
    );
}

#[test]
fn themes_counts_add_up() {
    for by in ["none", "band", "plan"] {
        let (code, v) = themes_json(saas(), &["--by", by, "--top", "20"]);
        assert_eq!(code, 0, "--by {by}");
        let min = as_u64(&v["min_mentions"]);
        assert!(min >= 5, "default min-mentions at least 5: {min}");
        let quarters = strs(&v["quarters"]);
        assert_eq!(quarters.len(), 7, "{quarters:?}");
        let mut group_sum = 0;
        for g in theme_groups(&v) {
            let gr = as_u64(&g["responses"]);
            group_sum += gr;
            assert!(group_themes(g).len() <= 20, "--top 20");
            for t in group_themes(g) {
                let what = format!("--by {by} {} / {}", g["group"], t["label"]);
                let m = as_u64(&t["mentions"]);
                // Themes are discovered once over the index (terms in at least `min`
                // responses) and counted in every group, however small.
                assert!(m >= 1, "{what}: listed without a mention");
                assert!(m <= gr, "{what}: mentions {m} > group responses {gr}");
                let share = t["share"].as_f64().unwrap();
                assert!(share > 0.0 && share <= 100.0, "{what}: share {share}");
                assert!(
                    (share - 100.0 * m as f64 / gr as f64).abs() < 0.01,
                    "{what}: share {share} != 100*{m}/{gr}"
                );
                assert_eq!(band_sum(&t["bands"]), m, "{what}: bands sum");
                // A mention counts once in each kind its sentences have: none (neutral), one
                // or several.
                for k in ["complaint", "ask", "praise"] {
                    assert!(as_u64(&t["kinds"][k]) <= m, "{what}: {k} over mentions");
                }
                let qs = t["quarters"].as_array().unwrap();
                assert_eq!(qs.len(), quarters.len(), "{what}");
                let qsum: u64 = qs.iter().map(|q| as_u64(&q["mentions"])).sum();
                assert_eq!(
                    qsum, m,
                    "{what}: quarter mentions sum (every row has a date)"
                );
                assert!(
                    ["complaint", "ask", "praise", "neutral"].contains(&kind_of(t)),
                    "{what}"
                );
                let terms = t["terms"].as_array().unwrap();
                assert!(!terms.is_empty(), "{what}: no terms");
                assert!(!t["label"].as_str().unwrap().is_empty(), "{what}");
                assert!(!t["key"].as_str().unwrap().is_empty(), "{what}");
                let quotes = t["quotes"].as_array().unwrap();
                // A quote shows its theme's label or facet words (issue 23, point 4): over the
                // whole index every theme has one; a small group may have none ("calendar" in
                // Enterprise: its one mention is "support is a nightmare").
                assert!(
                    (by != "none" || !quotes.is_empty()) && quotes.len() <= 3,
                    "{what}: {} quotes",
                    quotes.len()
                );
                let mut ids: Vec<&str> = quotes.iter().map(|q| q["id"].as_str().unwrap()).collect();
                ids.sort();
                ids.dedup();
                assert_eq!(
                    ids.len(),
                    quotes.len(),
                    "{what}: quotes from one response twice"
                );
            }
        }
        assert_eq!(
            group_sum,
            as_u64(&v["mined"]),
            "--by {by}: groups partition the mined responses"
        );
        assert!(as_u64(&v["mined"]) <= 2976);
    }
}

#[test]
fn themes_quotes_are_real_text_of_their_response() {
    let (_, v) = themes_json(saas(), &["--by", "band", "--top", "20", "--quotes", "3"]);
    let rows = saas_rows();
    let mut checked = 0;
    for g in theme_groups(&v) {
        for t in group_themes(g) {
            for q in t["quotes"].as_array().unwrap() {
                let id = q["id"].as_str().unwrap();
                let (band, comment) = rows.get(id).unwrap_or_else(|| panic!("unknown id {id}"));
                if g["group"] == "detractor" || g["group"] == "passive" || g["group"] == "promoter"
                {
                    assert_eq!(&g["group"], band.as_str(), "quote {id} from another band");
                    assert_eq!(q["band"], band.as_str(), "{q}");
                }
                let text = q["text"].as_str().unwrap();
                assert!(!text.trim().is_empty(), "{q}");
                if text.contains('[') {
                    continue; // masked (redacted) text
                }
                let comment = squash_ws(comment);
                for piece in text.split(['…']).map(squash_ws).filter(|p| !p.is_empty()) {
                    assert!(
                        comment.contains(&piece),
                        "quote of {id} is not its text:\nquote:   {text}\ncomment: {comment}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "only {checked} quotes checked");
}

#[test]
fn themes_kind_top_filters() {
    let (code, v) = themes_json(saas(), &["--by", "none", "--kind", "ask"]);
    assert_eq!(code, 0, "some ask theme exists");
    let all = all_themes(&v);
    assert!(!all.is_empty());
    assert!(all.iter().all(|t| kind_of(t) == "ask"), "{v:#}");
    assert!(
        strongest_with(&all, INTEGRATION_WORDS, None).is_some(),
        "integration ask"
    );

    let (_, v) = themes_json(saas(), &["--kind", "praise", "--kind", "complaint"]);
    assert!(all_themes(&v).iter().all(|t| kind_of(t) != "ask"));

    let (code, v) = themes_json(saas(), &["--top", "2"]);
    assert_eq!(code, 0);
    for g in theme_groups(&v) {
        assert!(group_themes(g).len() <= 2, "--top 2: {}", g["group"]);
    }
    let (_, v) = themes_json(saas(), &["--quotes", "1", "--by", "none"]);
    assert!(all_themes(&v)
        .iter()
        .all(|t| t["quotes"].as_array().unwrap().len() <= 1));

    // an impossible minimum: no theme, exit 1, still valid output
    let (code, v) = themes_json(saas(), &["--min-mentions", "100000"]);
    assert_eq!(code, 1);
    if !v.is_null() {
        assert!(all_themes(&v).is_empty(), "{v:#}");
    }
}

#[test]
fn themes_by_quarter_billing_rises_in_2026q3() {
    let (code, v) = themes_json(saas(), &["--by", "quarter", "--top", "20"]);
    assert_eq!(code, 0);
    assert_eq!(
        strs(&v["quarters"]),
        ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    );
    let all = all_themes(&v);
    let billing = strongest_with(&all, BILLING_WORDS, None)
        .unwrap_or_else(|| panic!("no billing theme by quarter: {v:#}"));
    let qs = billing["quarters"].as_array().unwrap();
    assert_eq!(qs.len(), 7);
    let share = |q: &Value| q["share"].as_f64().unwrap();
    assert_eq!(qs[6]["quarter"], "2026Q3");
    let earlier: f64 = qs[..6].iter().map(share).sum::<f64>() / 6.0;
    let last = share(&qs[6]);
    // planted: 3.7x; require a clear rise
    assert!(
        last > 1.5 * earlier,
        "billing 2026Q3 share {last} vs earlier mean {earlier}"
    );
    let last_m = as_u64(&qs[6]["mentions"]);
    assert!(
        qs[..6].iter().all(|q| as_u64(&q["mentions"]) < last_m),
        "2026Q3 has the most billing mentions: {qs:?}"
    );
    // an app-crash theme, planted flat, does not jump like that
    if let Some(crash) = strongest_with(&all, CRASH_WORDS, None) {
        let qs = crash["quarters"].as_array().unwrap();
        let earlier: f64 = qs[..6].iter().map(share).sum::<f64>() / 6.0;
        assert!(share(&qs[6]) < 1.5 * earlier, "crashes are flat: {qs:?}");
    }
}

#[test]
fn themes_quotes_redacted() {
    let at_email = |s: &str| {
        let b = s.as_bytes();
        (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'@' && b[i - 1].is_ascii_alphanumeric() && b[i + 1].is_ascii_alphanumeric()
        })
    };
    let long_digits = |s: &str| {
        let mut run = 0;
        s.chars().any(|c| {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            run >= 10
        })
    };
    let runs: &[&[&str]] = &[
        &["--by", "none", "--quotes", "3", "--top", "20"],
        &["--by", "band", "--quotes", "3", "--top", "20"],
        &[
            "--by",
            "none",
            "--query",
            "refund OR card OR charge",
            "--min-mentions",
            "2",
            "--top",
            "20",
        ],
    ];
    for args in runs {
        let (_, v) = themes_json(saas(), args);
        for t in all_themes(&v) {
            for q in t["quotes"].as_array().unwrap() {
                let text = q["text"].as_str().unwrap();
                assert!(!at_email(text), "{args:?}: email in quote {text}");
                assert!(!long_digits(text), "{args:?}: long number in quote {text}");
                assert!(
                    !text.contains("555-0142"),
                    "{args:?}: phone in quote {text}"
                );
            }
        }
    }
    let (code, v) = themes_json(saas(), &["--by", "none", "--no-redact"]);
    assert_eq!(code, 0);
    assert!(!all_themes(&v).is_empty());
}

#[test]
fn themes_md_and_csv_formats() {
    let out = run(
        saas(),
        &["themes", "--format", "md", "--top", "20", "--quotes", "3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(
        so.lines().any(|l| l.starts_with("|---|")),
        "no markdown table separator:\n{so}"
    );
    assert!(!so.contains("<script>"), "raw <script> in markdown");
    assert!(!out.stdout.contains(&0x1b), "ESC byte in markdown");

    let out = run(saas(), &["themes", "--format", "csv", "--top", "20"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    assert!(
        so.starts_with("group,theme,key,kind,mentions"),
        "csv header: {}",
        so.lines().next().unwrap_or("")
    );
    let (_, v) = themes_json(saas(), &["--top", "20"]);
    let mut r = csv_reader(&out.stdout);
    let n = r.records().map(|x| x.expect("csv record")).count();
    assert_eq!(n, all_themes(&v).len(), "one csv row per theme");
    let mut r = csv_reader(&out.stdout);
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "formula-like csv cell {cell:?}"
            );
        }
    }

    let out = run(saas(), &["themes", "--top", "3"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b), "ESC byte in table");
}

#[test]
fn themes_query_scope_matches_search_total() {
    let (code, s) = search_json(saas(), "billing", &[]);
    assert_eq!(code, 0);
    let total = as_u64(&s["total"]);
    let (code, v) = themes_json(saas(), &["--query", "billing", "--by", "none"]);
    assert!(code == 0 || code == 1);
    assert_eq!(
        as_u64(&v["responses"]),
        total,
        "themes --query scope vs search total"
    );
    assert!(as_u64(&v["mined"]) <= total);
    // combined with a band filter too
    let (_, s) = search_json(saas(), "billing", &["--band", "detractor"]);
    let (_, v) = themes_json(
        saas(),
        &["--query", "billing", "--band", "detractor", "--by", "none"],
    );
    assert_eq!(as_u64(&v["responses"]), as_u64(&s["total"]));
}

#[test]
fn themes_non_answers_are_not_mined() {
    let (_, v) = themes_json(saas(), &["--by", "none", "--query", "\"no comment\""]);
    assert_eq!(as_u64(&v["responses"]), 8, "8 'no comment' non-answers");
    assert_eq!(as_u64(&v["mined"]), 0, "non-answers have no words to mine");
}

#[test]
fn themes_of_a_small_quarter_are_the_whole_index_themes_counted() {
    let (_, whole) = themes_json(saas(), &["--by", "none", "--top", "64", "--quotes", "0"]);
    let keys: std::collections::HashSet<&str> = all_themes(&whole)
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    let (code, quarter) = themes_json(
        saas(),
        &[
            "--by",
            "none",
            "--quarter",
            "2025Q1",
            "--where",
            "plan=Enterprise",
            "--quotes",
            "0",
        ],
    );
    assert_eq!(code, 0, "a small scope still gets themes: {quarter}");
    assert_eq!(quarter["discovered_in"], "index");
    let small = all_themes(&quarter);
    assert!(!small.is_empty());
    for t in &small {
        assert!(
            keys.contains(t["key"].as_str().unwrap()),
            "{} is not a theme of the whole index",
            t["label"]
        );
        let share = 100.0 * as_u64(&t["mentions"]) as f64 / as_u64(&quarter["mined"]) as f64;
        assert!((t["share"].as_f64().unwrap() - share).abs() < 0.01, "{t}");
    }
    // Re-discovering inside the scope is on request.
    let (_, scoped) = themes_json(
        saas(),
        &[
            "--by",
            "none",
            "--quarter",
            "2025Q1",
            "--discover-in",
            "scope",
            "--quotes",
            "0",
        ],
    );
    assert_eq!(scoped["discovered_in"], "scope");
}

#[test]
fn unscored_responses_are_their_own_band_group() {
    let d = tmp();
    let mut rows = Vec::new();
    for i in 0..30 {
        let score = match i % 3 {
            0 => "2",
            1 => "10",
            _ => "",
        };
        rows.push(format!(
            "{i},{score},The refund took weeks and the invoice was wrong."
        ));
        rows.push(format!(
            "x{i},{},Delivery was quick and the box arrived intact.",
            i % 11
        ));
        rows.push(format!(
            "y{i},{},The search page is slow on my phone.",
            (i + 5) % 11
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let index = ingest_rows(
        d.path(),
        "id,score,comment",
        &rows,
        &["--score-col", "score", "--scale", "nps"],
    );
    let (_, v) = themes_json(&index, &["--by", "band", "--min-mentions", "5"]);
    let mut names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["detractor", "passive", "promoter", "unscored"],
        "{v}"
    );
    assert_eq!(
        theme_groups(&v).last().unwrap()["group"],
        "unscored",
        "unscored last"
    );
}

#[test]
fn themes_by_quarter_table_shows_the_latest_quarters() {
    let out = run(
        saas(),
        &["themes", "--by", "quarter", "--quotes", "0", "--top", "3"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let table = text
        .split("== themes by quarter")
        .nth(1)
        .expect("a per-quarter table");
    for q in ["2025Q1", "2026Q3"] {
        assert!(table.contains(q), "{q} column missing: {table}");
    }
    let out = run(
        saas(),
        &[
            "themes",
            "--by",
            "quarter",
            "--quotes",
            "0",
            "--top",
            "3",
            "--quarters",
            "2",
        ],
    );
    let text = stdout(&out);
    let table = text.split("== themes by quarter").nth(1).unwrap();
    assert!(table.contains("latest 2 of 7 quarters"), "{table}");
    assert!(table.contains("2026Q2") && table.contains("2026Q3") && !table.contains("2026Q1"));
}
