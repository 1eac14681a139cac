//! `verbatim drivers` (issue 25): impact, its kind split and the score change's parts recomputed
//! from `verbatim tag`'s per-response themes and kinds by a few lines of independent code, on the
//! bundled sample (NPS) and a CSAT fixture; the analytic margin checked against a bootstrap.

use super::*;
use crate::support::cli::ok_json;

/// One response of `tag --format jsonl`: its value in metric points (None: unscored), quarter,
/// and kind per theme label.
struct Row {
    x: Option<f64>,
    quarter: String,
    kinds: std::collections::BTreeMap<String, String>,
}

fn value_of(band: &str) -> Option<f64> {
    match band {
        "promoter" | "satisfied" => Some(100.0),
        "detractor" => Some(-100.0),
        "passive" | "neutral" | "dissatisfied" => Some(0.0),
        _ => None,
    }
}

fn tag_rows(dir: &Path) -> Vec<Row> {
    let out = run(dir, &["tag", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            Row {
                x: value_of(v["band"].as_str().unwrap()),
                quarter: v["quarter"].as_str().unwrap_or("").to_string(),
                kinds: v["theme_kinds"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                    .collect(),
            }
        })
        .collect()
}

/// metric(all) - metric(all without the rows `drop` picks), over the scored rows.
fn impact(rows: &[&Row], drop: impl Fn(&Row) -> bool) -> Option<f64> {
    let mean = |it: Vec<f64>| it.iter().sum::<f64>() / it.len() as f64;
    let all: Vec<f64> = rows.iter().filter_map(|r| r.x).collect();
    let rest: Vec<f64> = rows
        .iter()
        .filter(|r| !drop(r))
        .filter_map(|r| r.x)
        .collect();
    (!rest.is_empty()).then(|| mean(all) - mean(rest))
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 0.05,
        "{what}: drivers {a} vs recomputed {b}"
    );
}

/// Every theme's impact and each kind's, as drivers gives them, recomputed from tag's rows.
fn check_impacts(dir: &Path) -> (Value, Vec<Row>) {
    let report = ok_json(dir, &["drivers", "--format", "json", "--change", "last"]);
    let rows = tag_rows(dir);
    let all: Vec<&Row> = rows.iter().collect();
    let drivers = report["drivers"].as_array().unwrap();
    let themes: Vec<&Value> = drivers.iter().filter(|d| d["facet_of"].is_null()).collect();
    assert!(themes.len() >= 5, "{} themes", themes.len());
    for d in &themes {
        let label = d["label"].as_str().unwrap();
        let mine = impact(&all, |r| r.kinds.contains_key(label)).unwrap();
        close(d["impact"]["value"].as_f64().unwrap(), mine, label);
        for k in d["kinds"].as_array().unwrap() {
            let kind = k["kind"].as_str().unwrap();
            let theirs = impact(&all, |r| r.kinds.get(label).is_some_and(|x| x == kind));
            match (k["impact"]["value"].as_f64(), theirs) {
                (Some(a), Some(b)) => close(a, b, &format!("{label} {kind}")),
                (a, b) => assert_eq!(a.is_some(), b.is_some(), "{label} {kind}"),
            }
        }
        // The kinds partition the mentioners.
        let by_kind: u64 = d["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| as_u64(&k["mentions"]))
            .sum();
        assert_eq!(by_kind, as_u64(&d["mentions"]), "{label}");
    }
    // Ranked by impact, most negative first.
    let values: Vec<f64> = drivers
        .iter()
        .filter_map(|d| d["impact"]["value"].as_f64())
        .collect();
    assert!(values.windows(2).all(|w| w[0] <= w[1]), "{values:?}");
    (report, rows)
}

/// The change's parts: impact = p d per quarter, mix and rate by the stated formula.
fn check_change(report: &Value, rows: &[Row]) {
    let c = &report["change"];
    let (q0, q1) = (
        c["previous_quarter"].as_str().unwrap(),
        c["quarter"].as_str().unwrap(),
    );
    let in_q = |q: &str| -> Vec<&Row> { rows.iter().filter(|r| r.quarter == q).collect() };
    let (r0, r1) = (in_q(q0), in_q(q1));
    let pd = |rs: &[&Row], label: &str| -> (f64, f64) {
        let scored: Vec<&&Row> = rs.iter().filter(|r| r.x.is_some()).collect();
        let (t, rest): (Vec<&&Row>, Vec<&&Row>) =
            scored.iter().partition(|r| r.kinds.contains_key(label));
        let mean =
            |v: &[&&Row]| v.iter().map(|r| r.x.unwrap()).sum::<f64>() / v.len().max(1) as f64;
        let p = t.len() as f64 / scored.len() as f64;
        (
            p,
            if t.is_empty() {
                0.0
            } else {
                mean(&t) - mean(&rest)
            },
        )
    };
    let mut explained = 0.0;
    for s in c["themes"].as_array().unwrap() {
        let label = s["label"].as_str().unwrap();
        let ((p0, d0), (p1, d1)) = (pd(&r0, label), pd(&r1, label));
        close(
            s["mix"].as_f64().unwrap(),
            (p1 - p0) * (d0 + d1) / 2.0,
            &format!("{label} mix"),
        );
        close(
            s["rate"].as_f64().unwrap(),
            (d1 - d0) * (p0 + p1) / 2.0,
            &format!("{label} rate"),
        );
        close(
            s["change"].as_f64().unwrap(),
            p1 * d1 - p0 * d0,
            &format!("{label} change"),
        );
        explained += p1 * d1 - p0 * d0;
    }
    let metric = |rs: &[&Row]| {
        let v: Vec<f64> = rs.iter().filter_map(|r| r.x).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let change = metric(&r1) - metric(&r0);
    close(c["change"].as_f64().unwrap(), change, "score change");
    close(
        c["remainder"].as_f64().unwrap(),
        change - explained,
        "remainder",
    );
}

#[test]
fn impact_kinds_and_change_match_tag_on_the_sample() {
    let (report, rows) = check_impacts(saas());
    assert_eq!(report["schema_version"], 1);
    check_change(&report, &rows);
    // The margin against a bootstrap of the responses (400 draws), for the largest theme.
    let d = report["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["facet_of"].is_null())
        .max_by_key(|d| as_u64(&d["mentions"]))
        .unwrap();
    let label = d["label"].as_str().unwrap();
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let draws: Vec<f64> = (0..400)
        .map(|_| {
            let sample: Vec<&Row> = (0..rows.len())
                .map(|_| &rows[(next() % rows.len() as u64) as usize])
                .collect();
            impact(&sample, |r| r.kinds.contains_key(label)).unwrap()
        })
        .collect();
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    let sd =
        (draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws.len() - 1) as f64).sqrt();
    let se = d["impact"]["margin"].as_f64().unwrap() / 1.96;
    assert!(
        (se / sd - 1.0).abs() < 0.2,
        "{label}: analytic se {se} vs bootstrap {sd}"
    );
}

#[test]
fn impact_matches_tag_on_a_csat_fixture() {
    let dir = ingested("csat_support.csv");
    let (report, _) = check_impacts(dir.path());
    assert_eq!(report["metric_name"], "CSAT");
}

#[test]
fn drivers_forms_say_what_they_rank_by() {
    let table = stdout(&run(saas(), &["drivers", "--no-facets"]));
    assert!(
        table.contains("Ranked by impact, most negative first"),
        "{table}"
    );
    assert!(table.contains("fix first"), "{table}");
    let csv = run(
        saas(),
        &["drivers", "--format", "csv", "--kind", "complaint"],
    );
    let mut r = csv_reader(&csv.stdout);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = header.iter().position(|h| h == "complaint_impact").unwrap();
    let values: Vec<f64> = r
        .records()
        .filter_map(|rec| rec.unwrap()[col].parse::<f64>().ok())
        .collect();
    assert!(
        values.windows(2).all(|w| w[0] <= w[1] + 1e-9),
        "ranked by complaint impact: {values:?}"
    );
    let md = stdout(&run(
        saas(),
        &["drivers", "--format", "md", "--segments", "plan"],
    ));
    assert!(md.starts_with("# Drivers of the NPS"), "{md}");
    let json = ok_json(
        saas(),
        &["drivers", "--format", "json", "--segments", "plan"],
    );
    assert!(!json["segments"].as_array().unwrap().is_empty());
    // The Markdown lists the same segment values as the JSON calls out.
    assert!(
        md.contains("## plan: themes whose impact in a value differs"),
        "{md}"
    );
    for s in json["segments"].as_array().unwrap() {
        let row = format!(
            "| {} | {} |",
            s["value"].as_str().unwrap(),
            s["label"].as_str().unwrap()
        );
        assert_eq!(md.contains(&row), s["significant"] == true, "{row}\n{md}");
    }
}
