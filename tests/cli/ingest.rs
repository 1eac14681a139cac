//! `verbatim ingest`: what it says it did, updates and repeated ids, `--strict` and `--quiet`,
//! files of another scale, several files at once, the flags its errors suggest, `--dry-run`, and
//! a reader that goes away mid-ingest. (The files of `fixtures/broken/` are in broken.rs, survey
//! tools' exports in exports.rs.)

use super::broken::check_ok_broken;
use super::*;

#[test]
fn saas_ingest_summary_line() {
    let d = tmp();
    let out = ingest_ok(d.path(), "saas_nps.csv", &[]);
    let so = stdout(&out);
    // 2976 rows; 235 blank + 62 non-answers = 297 without a (real) comment.
    assert!(
        so.contains("2,976 rows: 2,976 added, 0 updated, 0 rejected"),
        "{so}"
    );
    assert!(so.contains("297 without a comment"), "{so}");
    assert!(so.contains("now holds 2,976 responses"), "{so}");
    assert!(
        !d.path().join("rejects.csv").exists() || {
            let r = std::fs::read_to_string(d.path().join("rejects.csv")).unwrap();
            r.lines().count() <= 1
        }
    );
}

#[test]
fn reingest_same_file_changes_nothing() {
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let so = stdout(&out);
    assert!(
        so.contains("20 rows: 0 added, 0 updated, 20 unchanged, 0 rejected"),
        "{so}"
    );
    assert!(so.contains("now holds 20 responses"), "{so}");
    assert_eq!(responses(d.path()), 20);
    let s = stats_json(d.path(), &[]);
    assert_1dp(&s["overall"]["metric"]["value"], 22.2, "NPS unchanged");
}

#[test]
fn repeated_ids_with_other_comments_are_not_taken_as_the_id() {
    // P03 and P06 repeat with another date and comment: without a flag, they are two responses
    // each, and the note says which column was refused and why.
    let d = tmp();
    let out = ingest_ok(d.path(), "broken/duplicate_ids.csv", &[]);
    let se = stderr(&out);
    assert!(
        se.contains("'id' is not used as the response id")
            && se.contains("'P03' on lines 4 and 8")
            && se.contains("--id-col 'id'"),
        "{se}"
    );
    assert_eq!(responses(d.path()), 10);
    let info = json_of(&run(d.path(), &["info", "--json"]));
    assert!(info["mapping"]["id"].is_null(), "{info}");
}

#[test]
fn duplicate_ids_last_occurrence_wins() {
    let d = tmp();
    let out = ingest_ok(d.path(), "broken/duplicate_ids.csv", &["--id-col", "id"]);
    let se = stderr(&out);
    assert!(
        se.contains("P03") && se.contains("P06"),
        "repeated ids named: {se}"
    );
    assert_eq!(responses(d.path()), 8);
    let (code, _) = search_json(d.path(), "\"First answer\"", &[]);
    assert_eq!(code, 1, "first answers must be replaced");
    let (_, v) = search_json(d.path(), "\"Updated answer\"", &[]);
    assert_eq!(hit_ids(&v), ["P03", "P06"]);
    let p03 = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "P03")
        .unwrap();
    assert_eq!(p03["score"].as_f64(), Some(8.0));
    let s = stats_json(d.path(), &[]);
    assert_nps_group(
        &s["overall"],
        &expected()["broken"]["duplicate_ids.csv"]["bands"],
        "dups",
    );
}

#[test]
fn strict_with_rejects_exits_3() {
    let d = tmp();
    let out = ingest(d.path(), "broken/bad_scores.csv", &["--strict", "--quiet"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // --quiet still prints rejected-row lines
    assert!(
        stderr(&out).contains("bad_scores.csv:7"),
        "{}",
        stderr(&out)
    );
    // and without rejects --strict is a plain success
    let d = tmp();
    let out = ingest(d.path(), "nps_small.csv", &["--strict"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn quiet_suppresses_notes() {
    let d = tmp();
    let out = ingest_ok(d.path(), "nps_small.csv", &["--quiet"]);
    assert!(stderr(&out).trim().is_empty(), "{}", stderr(&out));
    assert!(stdout(&out).contains("now holds 20 responses"));
}

#[test]
fn mixed_scale_standalone_is_csat() {
    let (d, _) = check_ok_broken("mixed_scale.csv", &[]);
    let s = stats_json(d.path(), &[]);
    assert_eq!(s["scale"]["kind"], "csat");
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 7);
    assert_eq!(as_u64(&s["overall"]["bands"]["middle"]), 2);
    assert_eq!(as_u64(&s["overall"]["bands"]["low"]), 3);
    assert_1dp(&s["overall"]["metric"]["value"], 58.3, "CSAT 7/12");
}

#[test]
fn mixed_scale_into_nps_index_is_refused() {
    let d = tmp();
    ingest_ok(d.path(), "saas_nps.csv", &["-q"]);
    let out = ingest(d.path(), "broken/mixed_scale.csv", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let se = stderr(&out);
    assert!(
        se.contains("verbatim: error:") && se.contains("scale"),
        "{se}"
    );
    assert_eq!(responses(d.path()), 2976, "nothing added");
}

#[test]
fn no_score_index_says_no_scores() {
    let (d, _) = check_ok_broken("no_score.csv", &[]);
    let out = run(d.path(), &["stats"]);
    assert_eq!(out.status.code(), Some(0));
    let so = stdout(&out);
    assert!(so.contains("no scores"), "{so}");
    assert!(!so.contains("NPS  "), "{so}");
    let out = run(d.path(), &["search", "x", "--band", "detractor"]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(se.starts_with("verbatim: error:"), "{se}");
    assert!(se.contains("scores"), "{se}");
    // the text is still searchable
    let (code, v) = search_json(d.path(), "*", &[]);
    assert!(code == 0 || code == 1, "{v}");
}

#[test]
fn survey_xlsx_holds_exactly_sheet_one_ids() {
    let d = tmp();
    ingest_ok(d.path(), "broken/survey.xlsx", &["-q"]);
    let (_, v) = search_json(d.path(), "*", &[]);
    let ids = hit_ids(&v);
    let want: Vec<String> = (1..=25).map(|i| format!("X{i:03}")).collect();
    assert_eq!(ids, want);
    // numeric cells become whole scores (9.0 -> 9): bands add up to 24 scored + 1 unscored
    let s = stats_json(d.path(), &[]);
    assert_eq!(as_u64(&s["overall"]["metric"]["n"]), 24);
}

#[test]
fn surveymonkey_12_hour_clock_and_exclude_col() {
    let d = tmp();
    ingest_ok(
        d.path(),
        "broken/surveymonkey.csv",
        &[
            "-q",
            "--exclude-col",
            "Email Address",
            "--exclude-col",
            "First Name",
        ],
    );
    let (_, v) = search_json(d.path(), "*", &[]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 30);
    for (id, date) in [
        ("114283762411", "2026-07-18"),
        ("114283785532", "2026-08-09"),
        ("114283840995", "2026-09-06"),
        ("114283857003", "2026-09-13"),
    ] {
        let h = hits
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(h["date"], date, "{id}");
    }
    let info = json_of(&run(d.path(), &["info", "--json"]));
    // IP Address and Last Name are personal data too, left out by default.
    assert_eq!(
        info["mapping"]["excluded"],
        serde_json::json!(["IP Address", "Email Address", "First Name", "Last Name"])
    );
    let segs = info["segments"].to_string();
    assert!(
        !segs.contains("Email Address")
            && !segs.contains("First Name")
            && !segs.contains("IP Address"),
        "{segs}"
    );
    for h in hits {
        let seg = h["segments"].to_string();
        assert!(
            !seg.contains("@example.com"),
            "excluded email still stored: {seg}"
        );
    }
}

#[test]
fn several_files_in_one_ingest() {
    // nps_small (20) + two_scores (10, ids T..) into one NPS index
    let d = tmp();
    let out = verbatim()
        .args(["ingest", "-q", "--index"])
        .arg(d.path())
        .arg(fixture("nps_small.csv"))
        .arg(fixture("broken/two_scores.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(
        so.contains("nps_small.csv: 20 rows") && so.contains("two_scores.csv: 10 rows"),
        "{so}"
    );
    assert!(so.contains("now holds 30 responses"), "{so}");
    // bands: nps_small 9/4/5 (+2 unscored), two_scores 4/2/4 -> 13 promoters, 9 detractors of 28
    let s = stats_json(d.path(), &[]);
    assert_eq!(as_u64(&s["overall"]["bands"]["high"]), 13);
    assert_eq!(as_u64(&s["overall"]["bands"]["low"]), 9);
    assert_1dp(&s["overall"]["metric"]["value"], 14.3, "100*(13-9)/28");
}

#[test]
fn reingest_file_with_out_of_range_scores_changes_nothing() {
    let d = tmp();
    ingest_ok(d.path(), "broken/bad_scores.csv", &["-q"]);
    let out = ingest(d.path(), "broken/bad_scores.csv", &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 added, 0 updated, 12 unchanged, 4 rejected"),
        "{}",
        stdout(&out)
    );
    assert_eq!(responses(d.path()), 12);
}

#[test]
fn bad_scores_into_existing_nps_index_rejects_rows_not_file() {
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest(d.path(), "broken/bad_scores.csv", &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // 20 + the 12 rows of bad_scores.csv that are not rejected (B02's N/A is a non-answer)
    assert_eq!(responses(d.path()), 32);
}

/// The value of `--flag 'VALUE'` in an error message.
fn suggested(message: &str, flag: &str) -> Option<String> {
    let rest = message.split(&format!("{flag} ")).nth(1)?;
    let value = match rest.strip_prefix('\'') {
        Some(quoted) => quoted.split('\'').next()?,
        None => rest.split([' ', ';', ',', ')']).next()?,
    };
    Some(value.to_string())
}

#[test]
fn a_file_without_score_or_text_is_refused_with_a_flag_that_works() {
    let d = tmp();
    let out = ingest(d.path(), "broken/no_score_no_text.csv", &[]);
    assert_eq!(out.status.code(), Some(2));
    let se = stderr(&out);
    assert!(
        se.contains("neither a score nor a free-text column"),
        "{se}"
    );
    let column = suggested(&se, "--text-col").unwrap_or_else(|| panic!("{se}"));
    let out = ingest(
        d.path(),
        "broken/no_score_no_text.csv",
        &["--text-col", &column],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "--text-col {column}: {}",
        stderr(&out)
    );
    assert_eq!(responses(d.path()), 5);
}

#[test]
fn every_flag_an_ingest_error_suggests_works_on_that_file() {
    // Scores off both NPS and CSAT: the suggested --scale must be one ingest accepts, also for
    // two values only (a rating needs 3 points) and for negative ones.
    for (scores, flags) in [
        ([20, 21, 20, 21, 21, 20], &["--score-col", "score"][..]),
        ([-3, 3, 0, -2, 2, 1], &[][..]),
    ] {
        let d = tmp();
        let rows: Vec<String> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{i},{s},comment number {i}"))
            .collect();
        let file = d.path().join("scores.csv");
        std::fs::write(&file, format!("id,score,comment\n{}\n", rows.join("\n"))).unwrap();
        let index = d.path().join("ix");
        let ingest_with = |extra: &[&str]| {
            verbatim()
                .args(["ingest", "--index"])
                .arg(&index)
                .args(extra)
                .arg(&file)
                .output()
                .unwrap()
        };
        let out = ingest_with(flags);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let se = stderr(&out);
        let scale = suggested(&se, "--scale").unwrap_or_else(|| panic!("{se}"));
        let scale = if scale == "rating:MIN-MAX" {
            suggested(&se, "such as").unwrap()
        } else {
            scale
        };
        let out = ingest_with(&[flags, &["--scale", &scale]].concat());
        assert_eq!(
            out.status.code(),
            Some(0),
            "--scale {scale}: {}",
            stderr(&out)
        );
    }
    // A CSAT file into an NPS index: the suggested --scale ingests it.
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let out = ingest(d.path(), "broken/mixed_scale.csv", &[]);
    let se = stderr(&out);
    let scale = suggested(&se, "--scale").unwrap_or_else(|| panic!("{se}"));
    ingest_ok(d.path(), "broken/mixed_scale.csv", &["--scale", &scale]);
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let meta = std::fs::metadata(&path).unwrap();
                out.push((
                    path.clone(),
                    std::fs::read(&path).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The lines of the README example that starts with `$ COMMAND`.
fn readme_example(command: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find(&format!("$ {command}\n"))
        .unwrap_or_else(|| panic!("README has no example of {command}"));
    let block = &readme[start..];
    block
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .map(str::to_string)
        .collect()
}

#[test]
fn dry_run_prints_the_readme_example_and_writes_nothing() {
    let d = tmp();
    let index = d.path().join("never-created");
    let out = verbatim()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["ingest", "fixtures/saas_nps.csv", "--dry-run", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!index.exists(), "a dry run created the index folder");
    let printed = stdout(&out).replace(&index.display().to_string(), ".verbatim");
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        readme_example("verbatim ingest fixtures/saas_nps.csv --dry-run"),
        "README's --dry-run example differs from the output"
    );

    // On an existing index: nothing in its folder changes, rejects.csv included.
    let d = tmp();
    ingest_ok(d.path(), "nps_small.csv", &["-q"]);
    let before = snapshot(d.path());
    let out = ingest(d.path(), "broken/bad_scores.csv", &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    // the rows that would be rejected, with file, line and column, and the summary
    assert!(
        so.contains("would reject") && so.contains("bad_scores.csv:7, column 'score'"),
        "{so}"
    );
    assert!(
        so.contains("16 rows: 12 would be indexed, 4 rejected"),
        "{so}"
    );
    assert_eq!(snapshot(d.path()), before, "a dry run changed the index");
    assert_eq!(responses(d.path()), 20);
    // --strict: the rejects it would make exit 3, still writing nothing
    let out = ingest(
        d.path(),
        "broken/bad_scores.csv",
        &["--dry-run", "--strict"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(snapshot(d.path()), before, "a dry run changed the index");
}

#[test]
fn dry_run_shows_the_question_of_each_comment_column() {
    let d = tmp();
    let out = ingest(d.path(), "broken/qualtrics.csv", &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let so = stdout(&out);
    // Qualtrics' second header row holds the question of Q2
    assert!(
        so.contains("comment column 'Q2' answers: What is the main reason for your score?"),
        "{so}"
    );
    assert!(so.contains("scale: NPS 0-10; dates: ISO 8601"), "{so}");
    let row = so
        .lines()
        .find(|l| l.starts_with("ResponseId"))
        .unwrap_or_else(|| panic!("{so}"));
    assert!(row.contains(" id ") && row.contains("'R_"), "{row}");
    assert!(!d.path().join("verbatim.json").exists());
}

#[test]
fn a_reader_that_goes_away_never_stops_an_ingest() {
    use std::io::BufRead;
    use std::process::{Command as Std, Stdio};
    // Like `verbatim ingest FILE 2>&1 | head -1`: the reader takes one line and closes the pipe.
    for closed in ["stdout", "stderr", "both"] {
        let d = tmp();
        let mut child = Std::new(env!("CARGO_BIN_EXE_verbatim"))
            .env_remove("VERBATIM_INDEX")
            .args(["ingest", "--strict", "--index"])
            .arg(d.path())
            .arg(fixture("saas_nps.csv"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (stdout, stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let head = |pipe: Box<dyn std::io::Read>| {
            let mut first = String::new();
            std::io::BufReader::new(pipe).read_line(&mut first).unwrap();
        };
        let mut keep: Vec<Box<dyn std::io::Read>> = Vec::new();
        match closed {
            "stdout" => {
                drop(stdout);
                keep.push(Box::new(stderr));
            }
            "stderr" => {
                head(Box::new(stderr));
                keep.push(Box::new(stdout));
            }
            _ => {
                drop(stdout);
                head(Box::new(stderr));
            }
        }
        for mut pipe in keep {
            std::io::copy(&mut pipe, &mut std::io::sink()).unwrap();
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{closed} closed");
        assert_eq!(responses(d.path()), 2976, "{closed} closed");
    }
}

/// A line that a tenth or more of a comment column's answers (and 30 or more) give word for word, with no
/// opinion in it, is the source's template (a review site's title cell), not a comment: it is
/// reported as a placeholder beside the row's comment, stays searchable, and is never a theme's
/// word. A repeated answer that judges something is a comment, and so is the line where it is a
/// row's only text.
#[test]
fn a_template_answer_is_a_placeholder_beside_the_comment() {
    let bodies = [
        "The seat was narrow and the legroom tight",
        "Crew were lovely and the meal was hot",
        "Boarding took forever at the gate",
        "My bag arrived late at the carousel",
        "Lounge was crowded but the food was fine",
    ];
    let rows: Vec<String> = (0..120)
        .map(|i| {
            let title = match i % 4 {
                0 => "Acme Air customer review".to_string(),
                1 => "Great flight overall".to_string(),
                _ => format!("Trip number {i} to Lisbon"),
            };
            format!(
                "{i},{},{title},{} on flight {}",
                i % 11,
                bodies[i % 5],
                100 + i
            )
        })
        .chain(["200,5,Acme Air customer review,".to_string()])
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    std::fs::write(
        &csv,
        format!("id,score,title,review\n{}\n", rows.join("\n")),
    )
    .unwrap();
    let index = dir.path().join("index");
    let out = verbatim()
        .args(["ingest", "--index"])
        .arg(&index)
        .args(["--id-col", "id"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        said.contains("30 placeholders: 30 'Acme Air customer review' beside a comment"),
        "{said}"
    );
    // a row whose only text is that line keeps it as its comment
    assert!(!said.contains("without a comment"), "{said}");
    // a dry run says the same
    let out = verbatim()
        .args(["ingest", "--dry-run", "--id-col", "id"])
        .arg(&csv)
        .output()
        .unwrap();
    let dry = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        dry.contains("30 placeholders: 30 'Acme Air customer review' beside a comment"),
        "{dry}"
    );
    // searchable as written
    let (code, v) = search_json(&index, "\"customer review\"", &[]);
    assert_eq!((code, as_u64(&v["total"])), (0, 31));
    // no theme holds its words
    let out = run(
        &index,
        &[
            "themes",
            "--by",
            "none",
            "--format",
            "json",
            "--min-mentions",
            "2",
        ],
    );
    let v = json_of(&out);
    let terms: Vec<String> = v["groups"][0]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| strs(&t["terms"]))
        .collect();
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("review") || t.contains("acme")),
        "{terms:?}"
    );
}

/// An export decoded with the wrong encoding before it reached verbatim holds "don\u{FFFD}t": the
/// ingest says how many comments lost characters (in a dry run too), and between two letters
/// the lost character reads as the apostrophe it was, so "don't" searches and negates.
#[test]
fn characters_lost_before_export_are_reported_and_read_as_apostrophes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("lost.csv");
    std::fs::write(
        &csv,
        "id,score,comment\n\
         1,2,I still don\u{FFFD}t have broadband\n\
         2,9,It\u{FFFD}s fast and cheap\n\
         3,8,Paid \u{FFFD}50 for the router\n\
         4,7,\u{FFFD}\n\
         5,10,Works fine\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let csv = csv.to_str().unwrap();
    let out = ingest_ok(&index, csv, &[]);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    // the lone '\u{FFFD}' is no comment, so three comments lost a character
    assert!(said.contains("3 with '\u{FFFD}' in the comment"), "{said}");
    let out = ingest(&index, csv, &["--dry-run"]);
    let dry = format!("{}{}", stdout(&out), stderr(&out));
    assert!(dry.contains("3 with '\u{FFFD}' in the comment"), "{dry}");
    let (code, found) = search_json(&index, "\"don't have\"", &[]);
    assert_eq!(code, 0, "{found}");
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["id"], "1", "{found}");
}
