//! Several index folders read as one: the same output as one index holding every response.

use super::*;

/// The sample split by year into two files, with one response answered again later: its id is in
/// both, and the later answer is the one that counts. Also the whole as one file.
fn split_sample(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let mut reader = csv::Reader::from_path(fixture("saas_nps.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (date, comment) = (at("submitted_at"), at("comment"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (first_year, later): (Vec<_>, Vec<_>) = rows
        .iter()
        .cloned()
        .partition(|r| r[date].starts_with("2025"));
    let mut again: Vec<String> = first_year[0].iter().map(String::from).collect();
    again[date] = "2026-08-01".into();
    again[comment] = "Answered again: the billing export is broken.".into();
    let write = |name: &str, rows: &mut dyn Iterator<Item = Vec<String>>| {
        let path = dir.join(name);
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(&header).unwrap();
        for r in rows {
            w.write_record(&r).unwrap();
        }
        w.flush().unwrap();
        path
    };
    let strings = |r: &csv::StringRecord| r.iter().map(String::from).collect::<Vec<_>>();
    let a = write("a.csv", &mut first_year.iter().map(strings));
    let b = write(
        "b.csv",
        &mut later.iter().map(strings).chain([again.clone()]),
    );
    let all = write(
        "all.csv",
        &mut first_year[1..]
            .iter()
            .chain(&later)
            .map(strings)
            .chain([again]),
    );
    (a, b, all)
}

#[test]
fn several_indexes_read_as_one_give_the_output_of_one_index() {
    let d = tmp();
    let (a, b, all) = split_sample(d.path());
    let (ia, ib, iall) = (
        d.path().join("ia"),
        d.path().join("ib"),
        d.path().join("iall"),
    );
    // `ingest_ok` takes a fixture name; an absolute path stands for itself.
    for (index, file) in [(&ia, &a), (&ib, &b), (&iall, &all)] {
        ingest_ok(index, file.to_str().unwrap(), &[]);
    }
    let both = |args: &[&str]| {
        let mut c = verbatim();
        c.args(args).arg("--index").arg(&ia).arg("--index").arg(&ib);
        c.output().unwrap()
    };
    for args in [
        &["stats", "--by", "quarter", "--format", "json"][..],
        &["themes", "--format", "json"],
        &[
            "themes",
            "--by",
            "plan",
            "--quarter",
            "2026Q3",
            "--format",
            "json",
        ],
        &["tag"],
    ] {
        let (split, whole) = (both(args), run(&iall, args));
        assert_eq!(split.status.code(), Some(0), "{args:?}: {}", stderr(&split));
        assert_eq!(stdout(&split), stdout(&whole), "{args:?}");
    }
    // The answer given again counts once, as its later submission.
    let stats = json_of(&both(&["stats", "--format", "json"]));
    assert_eq!(stats["overall"]["responses"], 2976);
    let mut report_split = json_of(&both(&["report", "--format", "json"]));
    let mut report_whole = json_of(&run(&iall, &["report", "--format", "json"]));
    for r in [&mut report_split, &mut report_whole] {
        r["method"]["command"] = Value::Null;
    }
    assert_eq!(report_split, report_whole);

    // Writing needs one folder; folders that differ are named.
    let out = verbatim()
        .arg("ingest")
        .args([
            "--index",
            ia.to_str().unwrap(),
            "--index",
            ib.to_str().unwrap(),
        ])
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("single --index"), "{}", stderr(&out));
    let csat = d.path().join("csat");
    ingest_ok(&csat, "csat_support.csv", &[]);
    let mut c = verbatim();
    c.args(["stats", "--index"])
        .arg(&ia)
        .arg("--index")
        .arg(&csat);
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("different scales"),
        "{}",
        stderr(&out)
    );
}
