//! `verbatim report` (issue 4): the headline against a hand computation, the segments shown
//! and why, Markdown and HTML with the same numbers, and markup in quotes escaped in every
//! Markdown output.

use super::*;

/// NPS and its standard error from band counts, computed by hand.
fn nps_and_se(p: f64, d: f64, n: f64) -> (f64, f64) {
    let (ps, ds) = (p / n, d / n);
    (
        100.0 * (ps - ds),
        100.0 * ((ps + ds - (ps - ds).powi(2)) / n).sqrt(),
    )
}

#[test]
fn report_json_headline_matches_hand_computation() {
    let out = run(
        saas(),
        &["report", "--format", "json", "--segments", "plan,region"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["schema_version"], 2);
    assert_eq!(r["quarter"], "2026Q3", "default: the latest quarter");
    assert_eq!(r["compare"], "2026Q2", "default: the quarter before");
    let cur = &r["headline"]["current"];
    // 2026Q3: 161 promoters, 121 passives, 136 detractors (fixtures/expected.json).
    assert_eq!(cur["bands"]["high"], 161);
    assert_eq!(cur["bands"]["middle"], 121);
    assert_eq!(cur["bands"]["low"], 136);
    let (nps_now, se_now) = nps_and_se(161.0, 136.0, 418.0);
    let (nps_before, se_before) = nps_and_se(185.0, 120.0, 422.0);
    assert!((cur["metric"]["value"].as_f64().unwrap() - nps_now).abs() < 1e-9);
    assert!((cur["metric"]["margin"].as_f64().unwrap() - 1.96 * se_now).abs() < 1e-9);
    let change = r["headline"]["change"].as_f64().unwrap();
    let margin = r["headline"]["change_margin"].as_f64().unwrap();
    assert!((change - (nps_now - nps_before)).abs() < 1e-9);
    assert!((margin - 1.96 * (se_now.powi(2) + se_before.powi(2)).sqrt()).abs() < 1e-9);
    assert_eq!(r["headline"]["significant"], change.abs() > margin);
    assert_eq!(r["headline"]["benchmark"], "slipping");
    // Percentages of scored responses beside the counts.
    assert!((cur["band_percent"][0].as_f64().unwrap() - 100.0 * 136.0 / 418.0).abs() < 1e-9);
    // Trend covers every quarter with its counts.
    let trend = r["trend"]["quarters"].as_array().unwrap();
    assert_eq!(trend.len(), 7);
    assert_eq!(trend[0]["quarter"], "2025Q1");
    assert_eq!(trend[0]["responses"], 419);
    // The billing theme rose significantly (planted: ~3x in 2026Q3).
    let changes = r["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["change"].as_f64().unwrap() > 5.0 && c["significant"] == true),
        "{changes:?}"
    );
    // Complaint mentions never exceed the detractors of the quarter.
    for t in r["complaints"].as_array().unwrap() {
        assert!(t["mentions"].as_u64().unwrap() <= 136);
        assert_eq!(t["kind"], "complaint");
    }
    for t in r["praise"].as_array().unwrap() {
        assert!(t["mentions"].as_u64().unwrap() <= 161);
    }
    // Segments hold each plan's counts, summing to the quarter.
    let plans = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["column"] == "plan")
        .unwrap();
    let total: u64 = plans["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["responses"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 418);
    // The columns chosen by hand, in that order, and the method says so.
    let columns: Vec<&str> = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["plan", "region"]);
    let notes = r["method"]["notes"].to_string();
    assert!(
        notes.contains("Segments: chosen with --segments (plan, region)"),
        "{notes}"
    );
    // The command as the user would type it, not the binary's path.
    let command = r["method"]["command"].as_str().unwrap();
    assert!(
        command.starts_with("verbatim report --format json"),
        "{command}"
    );
}

/// Only segment columns whose values differ are shown, and the method says why; quotes and
/// hits print those columns only, or those of --show.
#[test]
fn segments_shown_are_those_that_differ() {
    // 2026Q2 of the sample: no column has a significant score difference; only region has a
    // theme over-represented in one value ("help desk" in North America, 2.1x), so region alone
    // is shown, and the method says why.
    let out = run(
        saas(),
        &["report", "--quarter", "2026Q2", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let r = json_of(&out);
    let shown: Vec<&str> = r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["column"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["region"], "{}", r["segments"]);
    assert!(!r["segments"][0]["standouts"].as_array().unwrap().is_empty());
    let notes = r["method"]["notes"].to_string();
    assert!(
        notes.contains("is over-represented among region = "),
        "{notes}"
    );
    for list in ["complaints", "asks", "praise"] {
        for t in r[list].as_array().unwrap() {
            for q in t["quotes"].as_array().unwrap() {
                let keys: Vec<&String> = q["segments"].as_object().unwrap().keys().collect();
                assert!(keys.iter().all(|k| *k == "region"), "{q}");
            }
        }
    }
    // 2026Q3: no score difference beyond its margin and no theme over-represented in a value:
    // no segment is shown.
    let out = run(
        saas(),
        &["report", "--quarter", "2026Q3", "--format", "json"],
    );
    let r = json_of(&out);
    assert_eq!(
        r["segments"].as_array().unwrap().len(),
        0,
        "{}",
        r["segments"]
    );
    // 2025Q2: email 27.6 ±14.5 against mobile -9.5 ±15.3 (stats --by channel): a difference
    // of 37.1 beyond its margin of 21.1.
    let out = run(
        saas(),
        &["report", "--quarter", "2025Q2", "--format", "json"],
    );
    let r = json_of(&out);
    assert_eq!(r["segments"][0]["column"], "channel", "{}", r["segments"]);
    let notes = r["method"]["notes"].to_string();
    assert!(
        notes.contains(
            "channel: NPS 27.6 for email against -9.5 for mobile, a difference of 37.1 points"
        ),
        "{notes}"
    );
    for t in r["complaints"].as_array().unwrap() {
        for q in t["quotes"].as_array().unwrap() {
            let keys: Vec<&String> = q["segments"].as_object().unwrap().keys().collect();
            assert!(
                keys.iter()
                    .all(|k| r["segments"].to_string().contains(k.as_str())),
                "{q}"
            );
        }
    }
    let md = stdout(&run(saas(), &["report", "--quarter", "2026Q2"]));
    assert!(md.contains("## Segments"), "{md}");
    assert!(md.contains("Shown: region: the theme "), "{md}");
    // Over every quarter the channels differ (mobile against web, far beyond the margin), so
    // channel is chosen, with its reason.
    let all = stats_json(saas(), &["--by", "channel"]);
    let nps = |v: &str| group(&all, v)["metric"]["value"].as_f64().unwrap();
    assert!((nps("web") - nps("mobile")).abs() > 10.0, "{all}");
    let out = run(saas(), &["search", "billing", "--limit", "1"]);
    let so = stdout(&out);
    let head = so.lines().nth(2).unwrap_or_default();
    assert!(head.contains("| channel: "), "{so}");
    assert!(
        !head.contains("plan: ") && !head.contains("region: "),
        "{so}"
    );
    // --show picks, none prints none, an unknown column is named
    let out = run(
        saas(),
        &["search", "billing", "--limit", "1", "--show", "region"],
    );
    let head = stdout(&out).lines().nth(2).unwrap_or_default().to_string();
    assert!(
        head.contains("| region: ") && !head.contains("channel: "),
        "{head}"
    );
    let out = run(
        saas(),
        &["search", "billing", "--limit", "1", "--show", "none"],
    );
    let head = stdout(&out).lines().nth(2).unwrap_or_default().to_string();
    assert_eq!(head.matches(" | ").count(), 3, "{head}");
    let out = run(saas(), &["search", "billing", "--show", "colour"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no segment column 'colour'"),
        "{}",
        stderr(&out)
    );
    // JSON hits keep every segment and the whole comment
    let (_, v) = search_json(saas(), "billing", &[]);
    let h = &v["hits"][0];
    assert!(h["segments"]["plan"].is_string() && h["segments"]["region"].is_string());
    assert!(h["text"].as_str().unwrap().contains(
        h["snippet"]
            .as_str()
            .unwrap()
            .trim_matches(|c| c == '…' || c == ' ')
    ));
}

#[test]
fn report_markdown_and_html_show_the_same_numbers() {
    let md = run(saas(), &["report", "--quarter", "2026Q3"]);
    assert!(md.status.success());
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("**NPS 6.0**"), "{md}");
    assert!(
        md.contains("136 (32.5%)") && md.contains("161 (38.5%)"),
        "counts beside percentages"
    );
    assert!(md.contains("-9.4 points"));
    for heading in [
        "## Headline",
        "## What changed",
        "## Top complaints",
        "## Top asks",
        "## Top praise",
        "## Segments",
        "## Trend",
        "## Method",
    ] {
        assert!(md.contains(heading), "missing {heading}");
    }
    assert!(!md.contains("<script"), "comment text cannot inject markup");
    let d = tmp();
    let page = d.path().join("q3.html");
    let out = run(
        saas(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("6.0") && html.contains("136") && html.contains("32.5"));
    assert!(html.contains("<svg") && !html.contains("<script"));
    // html needs a file; a bad quarter is a clear error.
    assert_eq!(
        run(saas(), &["report", "--format", "html"]).status.code(),
        Some(2)
    );
    let bad = run(saas(), &["report", "--quarter", "2031Q1"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026Q3"));
    // An explicit comparison quarter.
    let out = run(
        saas(),
        &[
            "report",
            "--format",
            "json",
            "--quarter",
            "2026Q2",
            "--compare",
            "2025Q2",
        ],
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["compare"], "2025Q2");
    assert_eq!(r["headline"]["previous"]["responses"], 408);
}

/// Markdown output (report and themes) shows comments as text: markup characters in quotes are
/// escaped, so a quote cannot add table columns, links, emphasis, headings or HTML.
#[test]
fn markdown_outputs_escape_markup_in_quotes() {
    let dir = tmp();
    let csv = dir.path().join("hostile.csv");
    let mut text = String::from("id,date,score,plan,comment\n");
    let plans = ["Pro | Annual", "[Free](javascript:x)"];
    let comments = [
        "refund | broken *again* [click](javascript:alert(1)) <script>alert(1)</script>",
        "refund took weeks # heading `code` ~~gone~~ _under_ | pipe & more",
        "refund denied \\| escaped pipe ![img](http://x.test/a.png) > quoted",
    ];
    let praise = [
        "love the dashboard",
        "great support team",
        "fast and friendly service",
    ];
    for i in 0..90 {
        let (score, comment) = match i % 2 {
            0 => (i % 4, comments[i / 2 % 3]),
            _ => (10, praise[i / 2 % 3]),
        };
        text.push_str(&format!(
            "H{i},2026-0{}-1{},{score},{},\"{}\"\n",
            7 + i % 2,
            i % 9,
            plans[i / 3 % 2],
            comment.replace('"', "\"\"")
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let index = dir.path().join("index");
    ingest_ok(&index, csv.to_str().unwrap(), &[]);
    let unescaped_pipes = |line: &str| {
        let b = line.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    for args in [
        &["report", "--format", "md"][..],
        &["themes", "--format", "md", "--quotes", "3"][..],
        &["themes", "--format", "md", "--by", "plan"][..],
    ] {
        let out = run(&index, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let md = stdout(&out);
        assert!(
            md.contains("refund"),
            "{args:?}: no refund theme or quote\n{md}"
        );
        assert!(
            md.contains("\\[click\\]"),
            "{args:?}: link not escaped\n{md}"
        );
        assert!(
            md.contains("\\*again\\*"),
            "{args:?}: emphasis not escaped\n{md}"
        );
        // Escaped markup ("\\<script") shows as text; unescaped, it would act.
        let unescaped = |pat: &str| {
            md.match_indices(pat)
                .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\')
        };
        for raw in [
            "<script",
            "](javascript",
            "![img]",
            "`code`",
            "~~gone~~",
            "*again*",
        ] {
            assert!(!unescaped(raw), "{args:?}: raw {raw:?} in markdown\n{md}");
        }
        // Every row of a table has as many cell borders as its header.
        let mut header_pipes = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                header_pipes = None;
                continue;
            }
            let pipes = unescaped_pipes(line);
            let want = *header_pipes.get_or_insert(pipes);
            assert_eq!(
                pipes, want,
                "{args:?}: a comment or segment value split a table row:\n{line}"
            );
        }
        assert!(
            !md.lines()
                .any(|l| l.starts_with("# heading") || l.starts_with("> quoted")),
            "{args:?}: a comment started a Markdown block\n{md}"
        );
    }
}
