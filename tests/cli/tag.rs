//! `verbatim tag` (issues 3 and 10): one row per response in CSV and JSONL, the planted billing
//! rows recovered, `--out`, `--raw` and the scope flags, the same bytes on every run and on a
//! rebuilt index, an index without scores, and each mention's kind taken from its sentence.

use super::themes::{
    all_themes, is_real_comment, kind_of, planted, saas_rows, terms_have, theme_groups,
    themes_json, BILLING_WORDS,
};
use super::*;

/// tag CSV records of the saas index (header checked).
fn tag_csv(extra: &[&str]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut args = vec!["tag", "--format", "csv"];
    args.extend_from_slice(extra);
    let out = run(saas(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut r = csv_reader(&out.stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let recs = r.records().map(|x| x.expect("csv record")).collect();
    (header, recs)
}

#[test]
fn themes_and_tag_are_deterministic() {
    let a = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    let b = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    assert_eq!(a.status.code(), Some(0));
    assert!(a.stdout == b.stdout, "themes json differs between runs");
    let a = run(saas(), &["themes", "--by", "none", "--format", "csv"]);
    let b = run(saas(), &["themes", "--by", "none", "--format", "csv"]);
    assert!(a.stdout == b.stdout, "themes csv differs between runs");
    let a = run(saas(), &["tag", "--format", "csv"]);
    let b = run(saas(), &["tag", "--format", "csv"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert!(a.stdout == b.stdout, "tag csv differs between runs");
    let a = run(saas(), &["tag", "--format", "jsonl"]);
    let b = run(saas(), &["tag", "--format", "jsonl"]);
    assert!(a.stdout == b.stdout, "tag jsonl differs between runs");
}

#[test]
fn themes_and_tag_same_on_rebuilt_index() {
    let a = run(saas(), &["tag", "--format", "csv"]);
    let d = tmp();
    ingest_ok(d.path(), "saas_nps.csv", &["-q"]);
    let c = run(d.path(), &["tag", "--format", "csv"]);
    assert!(a.stdout == c.stdout, "tag csv differs on a re-built index");
    let t1 = run(saas(), &["themes", "--format", "json", "--top", "20"]);
    let t2 = run(d.path(), &["themes", "--format", "json", "--top", "20"]);
    assert!(
        t1.stdout == t2.stdout,
        "themes json differs on a re-built index"
    );
    // rows come in a stable order: by date, then id
    let mut r = csv_reader(&a.stdout);
    let keys: Vec<(String, String)> = r
        .records()
        .map(|x| {
            let x = x.unwrap();
            (x[1].to_string(), x[0].to_string())
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "tag rows not sorted by date, id"
    );
}

#[test]
fn tag_csv_one_row_per_response() {
    let (header, recs) = tag_csv(&[]);
    assert_eq!(
        header,
        [
            "id",
            "date",
            "quarter",
            "score",
            "band",
            "plan",
            "region",
            "channel",
            "themes",
            "first_theme",
            "facets",
            "theme_kinds",
            "sentiment"
        ]
    );
    assert_eq!(recs.len(), 2976, "one row per response");
    let (ck, cs) = (
        header.iter().position(|h| h == "theme_kinds").unwrap(),
        header.iter().position(|h| h == "sentiment").unwrap(),
    );
    let mut sentiments = std::collections::BTreeMap::new();
    for r in &recs {
        let themes: Vec<&str> = r[8].split("; ").filter(|t| !t.is_empty()).collect();
        let kinds: Vec<&str> = r[ck].split("; ").filter(|t| !t.is_empty()).collect();
        assert_eq!(kinds.len(), themes.len(), "a kind per theme: {r:?}");
        for (theme, kind) in themes.iter().zip(&kinds) {
            let (t, k) = kind.rsplit_once(": ").expect("theme: kind");
            assert_eq!(&t, theme, "{r:?}");
            assert!(
                ["complaint", "ask", "praise", "neutral"].contains(&k),
                "{r:?}"
            );
        }
        *sentiments.entry(r[cs].to_string()).or_insert(0) += 1;
    }
    for s in sentiments.keys() {
        assert!(
            ["positive", "negative", "neutral", "mixed"].contains(&s.as_str()),
            "{s}"
        );
    }
    assert!(
        sentiments.len() >= 3,
        "a real survey has several sentiments: {sentiments:?}"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (ci, ct, cf, cb) = (col("id"), col("themes"), col("first_theme"), col("band"));
    let mut ids: Vec<&str> = recs.iter().map(|r| &r[ci]).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2976, "ids unique");
    let rows = saas_rows();
    let (mut real, mut real_tagged) = (0, 0);
    for r in &recs {
        let id = &r[ci];
        let (band, comment) = &rows[id];
        assert_eq!(&r[cb], band, "{id} band");
        let themes = &r[ct];
        if themes.is_empty() {
            assert!(r[cf].is_empty(), "{id}: first_theme without themes");
        } else {
            assert_eq!(
                &r[cf],
                themes.split("; ").next().unwrap(),
                "{id}: first_theme"
            );
            assert!(
                is_real_comment(comment),
                "{id}: non-answer {comment:?} tagged {themes}"
            );
        }
        if is_real_comment(comment) {
            real += 1;
            real_tagged += !themes.is_empty() as u32;
        }
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '@']),
                "{id}: formula-like cell {cell:?}"
            );
        }
    }
    assert_eq!(real, 2679, "README: 2679 real comments");
    assert!(
        real_tagged * 10 >= real * 7,
        "only {real_tagged}/{real} real comments carry a theme"
    );
}

#[test]
fn tag_billing_theme_recovers_planted_billing_rows() {
    // the global tag set is the --top 20 strongest themes of `themes --by none`
    let (_, v) = themes_json(saas(), &["--by", "none", "--top", "20"]);
    let billing_labels: Vec<String> = all_themes(&v)
        .iter()
        .filter(|t| terms_have(t, BILLING_WORDS) && kind_of(t) == "complaint")
        .map(|t| t["label"].as_str().unwrap().to_string())
        .collect();
    assert!(!billing_labels.is_empty(), "no billing theme: {v:#}");
    let (header, recs) = tag_csv(&[]);
    let ci = header.iter().position(|h| h == "id").unwrap();
    let ct = header.iter().position(|h| h == "themes").unwrap();
    let (mut planted_n, mut found, mut tagged_n, mut tagged_planted) = (0, 0, 0, 0);
    for r in &recs {
        let is_planted = planted()[&r[ci]].iter().any(|t| t == "billing_errors");
        let is_tagged = r[ct]
            .split("; ")
            .any(|l| billing_labels.iter().any(|b| b == l));
        planted_n += is_planted as u32;
        found += (is_planted && is_tagged) as u32;
        tagged_n += is_tagged as u32;
        tagged_planted += (is_planted && is_tagged) as u32;
    }
    assert_eq!(planted_n, 188);
    assert!(
        found * 10 >= planted_n * 7,
        "recall: {found}/{planted_n} billing rows tagged {billing_labels:?}"
    );
    assert!(
        tagged_planted * 2 >= tagged_n,
        "precision: {tagged_planted}/{tagged_n}"
    );
}

#[test]
fn tag_jsonl_and_out_file() {
    let out = run(saas(), &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    let lines: Vec<&str> = so.lines().collect();
    assert_eq!(lines.len(), 2976);
    let (header, recs) = tag_csv(&[]);
    let ct = header.iter().position(|h| h == "themes").unwrap();
    let csv_themes: std::collections::HashMap<String, String> = recs
        .iter()
        .map(|r| (r[0].to_string(), r[ct].to_string()))
        .collect();
    for l in &lines {
        let o: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        for k in [
            "id", "date", "quarter", "score", "band", "segments", "themes",
        ] {
            assert!(o.get(k).is_some(), "{k} missing: {l}");
        }
        let id = o["id"].as_str().unwrap();
        assert_eq!(
            strs(&o["themes"]).join("; "),
            csv_themes[id],
            "{id}: jsonl and csv themes differ"
        );
        assert!(o["segments"]["plan"].is_string(), "{l}");
    }

    let d = tmp();
    let file = d.path().join("tags.csv");
    let out = verbatim()
        .args(["tag", "--index"])
        .arg(saas())
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "stdout with --out: {}", stdout(&out));
    let written = std::fs::read(&file).expect("--out file written");
    let direct = run(saas(), &["tag"]);
    assert_eq!(written, direct.stdout, "--out writes the same CSV");
}

#[test]
fn tag_raw_and_scope_flags() {
    let (header, recs) = tag_csv(&[]);
    assert_eq!(recs.len(), 2976);
    // no cell is formula-like in default output (tag_csv_one_row_per_response); --raw keeps the shape
    let (h2, raw) = tag_csv(&["--raw"]);
    assert_eq!(header, h2);
    assert_eq!(raw.len(), 2976);
    // scope flags narrow the rows
    let (_, det) = tag_csv(&["--band", "detractor"]);
    assert_eq!(det.len(), 787);
    let (_, q3) = tag_csv(&["--quarter", "2026Q3", "--where", "channel=mobile"]);
    assert!(!q3.is_empty() && q3.len() < 418, "{}", q3.len());
    let cq = header.iter().position(|h| h == "quarter").unwrap();
    let cc = header.iter().position(|h| h == "channel").unwrap();
    assert!(q3.iter().all(|r| &r[cq] == "2026Q3" && &r[cc] == "mobile"));
}

#[test]
fn themes_and_tag_without_scores() {
    let d = tmp();
    ingest_ok(d.path(), "broken/no_score.csv", &["-q"]);
    let n = responses(d.path());
    let out = run(
        d.path(),
        &[
            "themes",
            "--by",
            "band",
            "--format",
            "json",
            "--min-mentions",
            "2",
        ],
    );
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "exit {code}: {}", stderr(&out));
    let v = json_of(&out);
    let names: Vec<&str> = theme_groups(&v)
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["all"], "no scores: one group");
    assert!(v["metric"].is_null(), "no metric without scores: {v:#}");
    for t in all_themes(&v) {
        assert!(t["metric"].is_null() && t["impact"].is_null(), "{t}");
    }
    let out = run(d.path(), &["themes"]);
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "table exit {code}: {}",
        stderr(&out)
    );
    let out = run(d.path(), &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count() as u64, n);
}

#[test]
fn a_mention_takes_the_kind_of_its_sentence_not_the_band() {
    let d = tmp();
    let mut rows = Vec::new();
    // Promoters complain about the app; detractors praise the support staff; other comments
    // speak of other things.
    let others = [
        "Delivery took two weeks.",
        "The checkout page kept timing out.",
        "Prices went up again this year.",
        "Search results are hard to filter.",
        "Invoices arrive late every month.",
        "Onboarding videos were useful.",
    ];
    for i in 0..12 {
        rows.push(format!(
            "p{i},10,The support staff are wonderful but the app crashes every day."
        ));
        rows.push(format!(
            "d{i},1,Support staff were friendly and helpful. Please add dark mode to the app."
        ));
        for (k, other) in others.iter().enumerate() {
            rows.push(format!("o{i}-{k},{},{other}", (i + k) % 11));
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let index = ingest_rows(
        d.path(),
        "id,score,comment",
        &rows,
        &["--score-col", "score", "--scale", "nps"],
    );
    // Named themes, so that the test is about kinds, not about what discovery groups.
    let book = d.path().join("book.toml");
    std::fs::write(
        &book,
        "[[theme]]\nname = \"App\"\nterms = [\"app\"]\n[[theme]]\nname = \"Staff\"\nterms = [\"staff\"]\n",
    )
    .unwrap();
    let out = run(
        &index,
        &[
            "tag",
            "--format",
            "jsonl",
            "--codebook",
            book.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kind_of = |id: &str, word: &str| -> Option<String> {
        let row = lines.iter().find(|r| r["id"] == id).expect("row");
        row["theme_kinds"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(t, _)| t.as_str() == word)
            .map(|(_, k)| k.as_str().unwrap().to_string())
    };
    assert_eq!(kind_of("p0", "App").as_deref(), Some("complaint"));
    assert_eq!(kind_of("p0", "Staff").as_deref(), Some("praise"));
    assert_eq!(kind_of("d0", "App").as_deref(), Some("ask"));
    assert_eq!(kind_of("d0", "Staff").as_deref(), Some("praise"));
}

#[test]
fn sentiment_column_calls_mixed_and_neutral() {
    let d = tmp();
    let index = ingest_rows(
        d.path(),
        "id,comment",
        &[
            "1,The crew were wonderful. The food was awful.",
            "2,We flew to Boston on Tuesday.",
            "3,The seat was not comfortable at all.",
            "4,Great value and a friendly crew.",
        ],
        &[],
    );
    let out = run(&index, &["tag", "--format", "csv", "--min-mentions", "1"]);
    let mut r = csv_reader(&out.stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = header.iter().position(|h| h == "sentiment").unwrap();
    let got: Vec<String> = r.records().map(|x| x.unwrap()[col].to_string()).collect();
    assert_eq!(got, ["mixed", "neutral", "negative", "positive"]);
}
