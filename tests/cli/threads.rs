//! The number of threads never changes a result: ingest resolves ids, updates and duplicates in
//! file order whatever its threads, and themes, tag and report write the same bytes with one
//! thread or four.

use std::path::Path;

use super::{fixture, run, tmp, verbatim};

/// Runs `args` against `dir` with the environment `env`, expecting success; returns stdout and
/// stderr.
fn run_ok(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Vec<u8>, Vec<u8>) {
    let out = verbatim()
        .args(args)
        .arg("--index")
        .arg(dir)
        .env_remove("VERBATIM_THREADS")
        .envs(env.iter().copied())
        .output()
        .expect("run verbatim");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.stdout, out.stderr)
}

/// Runs `args` against `dir` with `--threads n`, expecting success; returns stdout.
fn with_threads(dir: &Path, n: &str, args: &[&str]) -> Vec<u8> {
    run_ok(dir, &[args, &["--threads", n]].concat(), &[]).0
}

/// Stdout of `run` with one thread and with four, each discovering its theme set afresh.
fn one_and_four(index: &Path, run: &dyn Fn(&str) -> Vec<u8>) -> [Vec<u8>; 2] {
    ["1", "4"].map(|n| {
        let _ = std::fs::remove_dir_all(index.join("themes-cache"));
        let out = run(n);
        assert!(!out.is_empty());
        out
    })
}

/// saas_nps.csv with repeated ids appended: every 7th response again with a new comment and
/// score on the same date (replaces it), every 11th again dated a year earlier (kept out), and
/// every 13th twice more, identical (a duplicate, the last wins).
fn with_repeats(dir: &Path) -> std::path::PathBuf {
    let mut reader = csv::Reader::from_path(fixture("saas_nps.csv")).expect("read fixture");
    let headers = reader.headers().expect("headers").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let path = dir.join("repeats.csv");
    let mut w = csv::Writer::from_path(&path).expect("write");
    w.write_record(&headers).expect("header");
    for r in &rows {
        w.write_record(r).expect("row");
    }
    for (i, r) in rows.iter().enumerate() {
        let mut cells: Vec<String> = r.iter().map(str::to_string).collect();
        if i % 7 == 0 {
            cells[5] = ((i % 11) as u32).to_string();
            cells[6] = format!("Changed my mind about billing and the export, line {i}");
            w.write_record(&cells).expect("row");
        }
        if i % 11 == 0 {
            let mut older = r.iter().map(str::to_string).collect::<Vec<_>>();
            older[1] = older[1]
                .replacen("2025", "2024", 1)
                .replacen("2026", "2025", 1);
            older[6] = "An older answer that must not replace the newer one".into();
            w.write_record(&older).expect("row");
        }
        if i % 13 == 0 {
            w.write_record(r).expect("row");
            w.write_record(r).expect("row");
        }
    }
    w.flush().expect("flush");
    path
}

#[test]
fn ingest_gives_the_same_index_whatever_the_threads() {
    let d = tmp();
    let file = with_repeats(d.path());
    let file = file.to_str().expect("utf-8 path");
    let mut seen = Vec::new();
    for n in ["1", "4"] {
        let index = d.path().join(format!("index-{n}"));
        // Commits every 500 rows put updates and their originals in different commits.
        let ingested = |args: &[&str]| {
            let args = [args, &["--threads", n]].concat();
            let (out, err) = run_ok(&index, &args, &[("VERBATIM_COMMIT_EVERY", "500")]);
            [out, err].concat()
        };
        let first = ingested(&["ingest", file, "--id-col", "response_id"]);
        let again = ingested(&["ingest", file, "--id-col", "response_id"]);
        let text = String::from_utf8_lossy(&first).replace(&index.display().to_string(), "INDEX");
        assert!(text.contains("repeat an id seen earlier"), "{text}");
        assert!(text.contains("did not replace it"), "{text}");
        let again = String::from_utf8_lossy(&again).replace(&index.display().to_string(), "INDEX");
        let tagged = with_threads(&index, "1", &["tag", "--format", "jsonl"]);
        let stats = with_threads(
            &index,
            "1",
            &["stats", "--by", "quarter", "--format", "json"],
        );
        // The replaced responses stay in their segments, deleted, until a merge; the hits and
        // their order are the same whatever the segments (ties too: many comments repeat).
        let found = [
            with_threads(&index, "1", &["search", "billing export", "--limit", "200"]),
            with_threads(
                &index,
                "1",
                &["search", "export", "--sort", "date", "--limit", "200"],
            ),
        ]
        .concat();
        seen.push((text, again, tagged, stats, found));
    }
    let (a, b) = (&seen[0], &seen[1]);
    assert_eq!(a.0, b.0, "first ingest's summary");
    assert_eq!(a.1, b.1, "second ingest's summary");
    for (what, x, y) in [
        ("tag", &a.2, &b.2),
        ("stats", &a.3, &b.3),
        ("search", &a.4, &b.4),
    ] {
        assert!(
            x == y,
            "{what} differs between --threads 1 and --threads 4 ingests:\n{}\n---\n{}",
            String::from_utf8_lossy(x),
            String::from_utf8_lossy(y)
        );
    }
    let out = run(&d.path().join("index-4"), &["info", "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("2976"));
}

#[test]
fn themes_tag_and_report_write_the_same_bytes_whatever_the_threads() {
    let d = tmp();
    let index = d.path().join("index");
    run_ok(
        &index,
        &["ingest", fixture("saas_nps.csv").to_str().expect("utf-8")],
        &[],
    );
    let commands: [&[&str]; 5] = [
        &["themes", "--format", "json"],
        &[
            "themes",
            "--format",
            "json",
            "--by",
            "plan",
            "--emerging",
            "--segments",
            "region",
        ],
        &[
            "themes",
            "--format",
            "json",
            "--quarter",
            "2026Q3",
            "--discover-in",
            "scope",
        ],
        &["tag"],
        &["tag", "--format", "jsonl", "--band", "detractor"],
    ];
    for args in commands {
        let [one, four] = one_and_four(&index, &|n| with_threads(&index, n, args));
        assert!(one == four, "{args:?} differs between 1 and 4 threads");
    }
    // The report names its command line, so the thread count comes from the environment.
    let report = ["report", "--format", "json"];
    let [one, four] = one_and_four(&index, &|n| {
        run_ok(&index, &report, &[("VERBATIM_THREADS", n)]).0
    });
    assert!(one == four, "report differs between 1 and 4 threads");
    // And with the flag: only the command line in the method section differs.
    let _ = std::fs::remove_dir_all(index.join("themes-cache"));
    let flagged = with_threads(&index, "4", &report);
    let text = String::from_utf8_lossy(&flagged).replace(" --threads 4", "");
    assert_eq!(text, String::from_utf8_lossy(&one));
}
