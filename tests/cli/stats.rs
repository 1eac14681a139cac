//! `verbatim stats`: the numbers of `fixtures/README.md` for saas_nps.csv, nps_small.csv and
//! csat_support.csv, the table's counts beside percentages, filters, fiscal quarters, an empty
//! scope, small groups, and the dates `--from` and `--to` read.

use super::*;

#[test]
fn saas_stats_by_quarter_matches_readme() {
    let e = &expected()["saas_nps"];
    let s = stats_json(saas(), &["--by", "quarter"]);
    assert_eq!(s["metric_name"], "NPS");
    assert_eq!(s["by"], "quarter");
    let per_q = e["per_quarter"].as_object().unwrap();
    assert_eq!(s["groups"].as_array().unwrap().len(), per_q.len());
    for (q, eq) in per_q {
        let g = group(&s, q);
        assert_nps_group(g, eq, q);
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_quarter"][q]),
            "{q} rows"
        );
        assert_eq!(
            as_u64(&g["comments"]),
            as_u64(&e["real_comments_per_quarter"][q]),
            "{q} real comments"
        );
    }
}

#[test]
fn saas_stats_overall_nps_comment_rate_margin_benchmark() {
    let s = stats_json(saas(), &[]);
    let o = &s["overall"];
    assert_nps_group(o, &expected()["saas_nps"]["overall"], "overall");
    assert_1dp(&o["metric"]["value"], 16.0, "overall NPS");
    assert_eq!(as_u64(&o["responses"]), 2976);
    assert_eq!(as_u64(&o["comments"]), 2679);
    assert_1dp(&o["comment_rate"], 90.0, "comment rate 2679/2976");
    assert_eq!(o["metric"]["benchmark"], "slipping");
    assert_eq!(o["metric"]["small"], false);
    assert_eq!(as_u64(&o["metric"]["n"]), 2976);
    // margin = 100 * 1.96 * sqrt((p + d - (p - d)^2) / n)
    let (n, p, d): (f64, f64, f64) = (2976.0, 1262.0 / 2976.0, 787.0 / 2976.0);
    let moe = 100.0 * 1.96 * ((p + d - (p - d).powi(2)) / n).sqrt();
    let got = o["metric"]["margin"].as_f64().unwrap();
    assert!((got - moe).abs() < 0.01, "margin {got} vs {moe}");
}

#[test]
fn saas_stats_by_plan_and_channel() {
    let e = &expected()["saas_nps"];
    let s = stats_json(saas(), &["--by", "plan"]);
    for (plan, nps) in e["nps_per_plan"].as_object().unwrap() {
        let g = group(&s, plan);
        assert_1dp(&g["metric"]["value"], nps.as_f64().unwrap(), plan);
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_plan"][plan]),
            "{plan}"
        );
    }
    let s = stats_json(saas(), &["--by", "channel"]);
    for (ch, nps) in e["nps_per_channel"].as_object().unwrap() {
        assert_1dp(&group(&s, ch)["metric"]["value"], nps.as_f64().unwrap(), ch);
    }
}

#[test]
fn saas_stats_table_shows_counts_and_percentages() {
    let out = run(saas(), &["stats", "--by", "quarter"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    // overall row: 787/2976 = 26.4 %, 1262/2976 = 42.4 %
    assert!(so.contains("787 (26.4%)"), "{so}");
    assert!(so.contains("1,262 (42.4%)"), "{so}");
    assert!(so.contains("2026Q3"), "{so}");
}

#[test]
fn small_stats_per_quarter_unscored_not_in_nps() {
    let e = &expected()["nps_small"];
    let s = stats_json(small(), &["--by", "quarter"]);
    assert_nps_group(&s["overall"], &e["overall"], "overall");
    assert_eq!(as_u64(&s["overall"]["responses"]), 20);
    // NPS is over the 18 scored rows (ids 3 and 10 are blank).
    assert_eq!(as_u64(&s["overall"]["metric"]["n"]), 18);
    assert_1dp(&s["overall"]["metric"]["value"], 22.2, "100*(9-5)/18");
    // only id 12 has a blank comment: 19/20 = 95 %
    assert_1dp(&s["overall"]["comment_rate"], 95.0, "comment rate");
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        let g = group(&s, q);
        assert_nps_group(g, eq, q);
        assert_eq!(
            as_u64(&g["metric"]["n"]),
            as_u64(&eq["scored"]),
            "{q} scored"
        );
        assert_eq!(
            as_u64(&g["responses"]),
            as_u64(&e["rows_per_quarter"][q]),
            "{q} rows"
        );
        assert_eq!(g["metric"]["small"], true, "{q} is under 30 scored");
    }
}

#[test]
fn small_stats_by_plan() {
    let e = &expected()["nps_small"];
    let s = stats_json(small(), &["--by", "plan"]);
    for (plan, ep) in e["per_plan"].as_object().unwrap() {
        let g = group(&s, plan);
        assert_nps_group(g, ep, plan);
        assert_eq!(
            as_u64(&g["metric"]["n"]),
            as_u64(&ep["scored"]),
            "{plan} scored"
        );
    }
}

#[test]
fn small_stats_table_has_counts_beside_percentages() {
    let out = run(small(), &["stats", "--by", "quarter"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    // 2026Q2: 4 detractors of 8 scored = 50.0 %; overall 9 promoters of 18 = 50.0 %
    let q2 = so
        .lines()
        .find(|l| l.starts_with("2026Q2"))
        .expect("2026Q2 row");
    assert!(q2.contains("4 (50.0%)"), "{q2}");
    assert!(q2.contains("-25.0"), "{q2}");
    let all = so.lines().find(|l| l.starts_with("all")).expect("all row");
    assert!(all.contains("9 (50.0%)"), "{all}");
    assert!(all.contains("5 (27.8%)"), "{all}");
    assert!(all.contains("22.2"), "{all}");
    // small groups are flagged
    assert!(so.contains('*'), "{so}");
}

#[test]
fn csat_support_percentage_scale_and_eu_dates() {
    let d = tmp();
    let out = ingest_ok(d.path(), "csat_support.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("day/month"),
        "date order should be reported: {se}"
    );
    let e = &expected()["csat_support"];
    let s = stats_json(d.path(), &["--by", "quarter"]);
    assert_eq!(s["metric_name"], "CSAT");
    assert_eq!(s["scale"]["kind"], "csat");
    let o = &s["overall"];
    assert_eq!(as_u64(&o["bands"]["high"]), 253);
    assert_eq!(as_u64(&o["bands"]["middle"]), 42);
    assert_eq!(as_u64(&o["bands"]["low"]), 99);
    assert_eq!(as_u64(&o["bands"]["unscored"]), 6);
    assert_eq!(as_u64(&o["metric"]["n"]), 394);
    assert_1dp(&o["metric"]["value"], 64.2, "CSAT 253/394");
    for (q, eq) in e["per_quarter"].as_object().unwrap() {
        let g = group(&s, q);
        assert_eq!(as_u64(&g["bands"]["high"]), as_u64(&eq["satisfied"]), "{q}");
        assert_eq!(
            as_u64(&g["bands"]["low"]),
            as_u64(&eq["dissatisfied"]),
            "{q}"
        );
        assert_1dp(&g["metric"]["value"], eq["csat_pct"].as_f64().unwrap(), q);
    }
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert_eq!(info["first_date"], "2026-04-01");
    assert_eq!(info["last_date"], "2026-09-29");
}

#[test]
fn stats_filters_where_band_quarter() {
    // plan Pro (ids 1,5,9,11,15,16,20): promoters 1 (10), 16 (9), 20 (9)
    let s = stats_json(small(), &["--where", "plan=PRO", "--band", "promoter"]);
    assert_eq!(as_u64(&s["overall"]["responses"]), 3);
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 3);
    let scope = s["scope"].as_str().unwrap();
    assert!(
        scope.contains("Pro") && scope.contains("promoter"),
        "{scope}"
    );
    // quarter filter = the 2026Q2 group of --by quarter
    let s = stats_json(small(), &["--quarter", "2026Q2"]);
    assert_nps_group(
        &s["overall"],
        &expected()["nps_small"]["per_quarter"]["2026Q2"],
        "2026Q2",
    );
    // date range 2026-03-31..2026-04-01 holds ids 6 (9) and 7 (3): NPS 0.0
    let s = stats_json(small(), &["--from", "2026-03-31", "--to", "2026-04-01"]);
    assert_eq!(as_u64(&s["overall"]["responses"]), 2);
    assert_1dp(&s["overall"]["metric"]["value"], 0.0, "ids 6 and 7");
}

#[test]
fn fiscal_year_quarters() {
    // FY starting April is named by the year it ends in (help: FY2027Q1):
    // Jan-Mar 2026 -> FY2026Q4 (6 rows), Apr-Jun 2026 -> FY2027Q1 (9), Jul-Sep -> FY2027Q2 (5)
    let d = tmp();
    ingest_ok(
        d.path(),
        "nps_small.csv",
        &["-q", "--fiscal-year-start", "4"],
    );
    let s = stats_json(d.path(), &["--by", "quarter"]);
    let e = &expected()["nps_small"]["per_quarter"];
    assert_nps_group(group(&s, "FY2026Q4"), &e["2026Q1"], "FY2026Q4");
    assert_nps_group(group(&s, "FY2027Q1"), &e["2026Q2"], "FY2027Q1");
    assert_nps_group(group(&s, "FY2027Q2"), &e["2026Q3"], "FY2027Q2");
    let (_, v) = search_json(d.path(), "billing", &["--quarter", "FY2027Q1"]);
    assert_eq!(hit_ids(&v), ["8", "13"]);
}

#[test]
fn stats_of_an_empty_scope_exits_1_and_says_so() {
    let out = run(small(), &["stats", "--quarter", "2030Q1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("no responses in 2030Q1"),
        "{}",
        stdout(&out)
    );
    let out = run(
        small(),
        &["stats", "--quarter", "2030Q1", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no responses in 2030Q1"),
        "{}",
        stderr(&out)
    );
    assert_eq!(as_u64(&json_of(&out)["overall"]["responses"]), 0);
}

#[test]
fn small_groups_say_too_few_instead_of_a_margin() {
    // nps_small: Enterprise has 3 scored responses, all promoters (the formula gives ±0.0).
    let out = run(small(), &["stats", "--by", "plan"]);
    let so = stdout(&out);
    let row = so.lines().find(|l| l.starts_with("Enterprise")).unwrap();
    assert!(row.contains("100.0*") && row.contains("too few*"), "{so}");
    assert!(!so.contains("0.0  strong"), "{so}");
    assert!(so.contains("too few for a margin of error"), "{so}");
    let v = stats_json(small(), &["--by", "plan"]);
    let m = &group(&v, "Enterprise")["metric"];
    assert!(m["margin"].is_null() && m["small"] == true, "{m}");
    // saas groups of 30 and more keep their margin
    let v = stats_json(saas(), &["--by", "plan", "--quarter", "2026Q3"]);
    assert!(
        group(&v, "Enterprise")["metric"]["margin"]
            .as_f64()
            .unwrap()
            > 20.0
    );
    // the report of a tiny quarter: no margin, no verdict on the change
    let out = run(small(), &["report"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("(too few for a margin: fewer than 30)"), "{md}");
    assert!(!md.contains("±0.0"), "{md}");
    let r = json_of(&run(small(), &["report", "--format", "json"]));
    assert!(
        r["headline"]["current"]["metric"]["margin"].is_null(),
        "{r}"
    );
    assert!(r["headline"]["change_margin"].is_null());
}

#[test]
fn from_and_to_read_the_dates_ingest_reads() {
    let overall = |extra: &[&str]| stats_json(saas(), extra)["overall"].clone();
    // a month runs to its last day, a slash date is a day
    assert_eq!(
        overall(&["--from", "2026/01/01", "--to", "2026-02"]),
        overall(&["--from", "2026-01-01", "--to", "2026-02-28"])
    );
    // a quarter from its first day to its last
    assert_eq!(
        overall(&["--from", "2026Q1", "--to", "2026Q1"]),
        overall(&["--quarter", "2026Q1"])
    );
    let out = run(saas(), &["stats", "--from", "01/02/2026"]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("'01/02/2026' is not a date this can read")
            && se.contains("2023/01/31")
            && se.contains("2023-01")
            && se.contains("2023Q1"),
        "{se}"
    );
}
