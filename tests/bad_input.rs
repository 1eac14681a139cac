//! Hostile and broken inputs that are generated at run time (no fixture files): huge cells,
//! huge rows, unbalanced quotes, NUL bytes, odd dates, read-only and full index folders, and
//! damaged indexes. Each test runs the real binary with `--index <tempdir>` and checks the exit
//! code, the message (file, line, what to do), what was indexed and what went to `rejects.csv`.
//!
//! Cases that `tests/cli/` already covers from `fixtures/broken/` are not repeated here;
//! `docs/RELIABILITY.md` lists both.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

use support::cli::{info, ingest, json_of, responses, run, show, stderr, stdout};
use support::tmp;

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

/// Exit code 101 is a Rust panic; no input may ever cause one.
fn assert_no_panic(o: &Output) {
    assert_ne!(o.status.code(), Some(101), "panicked: {}", show(o));
    assert!(!stderr(o).contains("panicked at"), "panicked: {}", show(o));
}

/// `search --format json`: (exit code, JSON or Null).
fn search(index: &Path, query: &str) -> (i32, Value) {
    let out = run(
        index,
        &["search", query, "--format", "json", "--limit", "1000"],
    );
    assert_no_panic(&out);
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        json_of(&out)
    };
    (out.status.code().expect("exit code"), v)
}

fn hit_ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

/// (line, reason, whole record joined) of each row in `<index>/rejects.csv`.
fn rejects(index: &Path) -> Vec<(u64, String, String)> {
    let path = index.join("rejects.csv");
    let Ok(text) = std::fs::read(&path) else {
        return Vec::new();
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_slice());
    let h = r.headers().expect("rejects header").clone();
    assert_eq!(&h[0], "file");
    assert_eq!(&h[1], "line");
    assert_eq!(&h[3], "reason");
    r.byte_records()
        .map(|rec| {
            let rec = rec.expect("rejects record");
            let s = |i: usize| String::from_utf8_lossy(&rec[i]).into_owned();
            let all: Vec<String> = rec
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            (s(1).parse().expect("line"), s(3), all.join(","))
        })
        .collect()
}

/// A small, valid NPS export with `n` rows: ids 1..=n, varied scores, ISO dates.
fn good_rows(n: usize) -> String {
    let words = ["billing", "support", "speed", "price", "onboarding"];
    let mut s = String::from("id,date,score,comment\n");
    for i in 1..=n {
        s.push_str(&format!(
            "{i},2026-03-{:02},{},comment number {i} about {}\n",
            i % 28 + 1,
            i % 11,
            words[i % words.len()]
        ));
    }
    s
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write input");
    p
}

// ---------------------------------------------------------------------------
// huge cells and rows
// ---------------------------------------------------------------------------

#[test]
fn five_mb_comment_is_indexed_and_searchable() {
    let d = tmp();
    let index = d.path().join("ix");
    let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    let mut big = String::with_capacity(5 * 1024 * 1024 + 64);
    let mut i = 0usize;
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(words[i % words.len()]);
        big.push(' ');
        i += 1;
        if i == 300_000 {
            big.push_str("middlemarker ");
        }
    }
    big.push_str("zanzibarending");
    assert!(big.len() > 5 * 1024 * 1024);
    let csv = format!(
        "id,date,score,comment\n1,2026-01-05,9,Great product\n2,2026-01-06,3,\"{big}\"\n3,2026-01-07,7,okay things\n"
    );
    let file = write(d.path(), "big.csv", csv);
    let out = ingest(&index, &file, &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("3 rows: 3 added"), "{}", show(&out));
    assert_eq!(responses(&index), 3);
    assert!(rejects(&index).is_empty());
    // words from the middle and the very end of the 5 MB cell are found: nothing was cut off
    for word in ["middlemarker", "zanzibarending"] {
        let (code, v) = search(&index, word);
        assert_eq!(code, 0, "{word}: {v}");
        assert_eq!(hit_ids(&v), ["2"], "{word}");
    }
}

#[test]
fn row_of_100000_columns_is_rejected_others_indexed() {
    let d = tmp();
    let index = d.path().join("ix");
    let mut csv = String::from("id,date,score,comment\n1,2026-01-05,9,Great product\n");
    csv.push_str("2,2026-01-06,3,");
    csv.push_str(&vec!["x"; 100_000].join(","));
    csv.push_str("\n3,2026-01-07,7,okay things\n");
    let file = write(d.path(), "wide.csv", csv);
    let started = Instant::now();
    let out = ingest(&index, &file, &[]);
    let took = started.elapsed();
    assert_no_panic(&out);
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let se = stderr(&out);
    // names file and line, says what is wrong and why it may be
    assert!(se.contains("wide.csv:3"), "{se}");
    assert!(
        se.contains("100003 fields") && se.contains("header 4"),
        "{se}"
    );
    assert!(se.contains("unquoted"), "a hint at the cause: {se}");
    assert!(stdout(&out).contains("1 rejected"), "{}", show(&out));
    assert!(stdout(&out).contains("rejects.csv"), "{}", show(&out));
    assert_eq!(responses(&index), 2);
    let rej = rejects(&index);
    assert_eq!(rej.len(), 1, "{rej:?}");
    assert_eq!(rej[0].0, 3);
    assert_eq!(rej[0].1, "wrong field count");
    // the whole row is kept in rejects.csv, so nothing the customer wrote is lost
    assert!(rej[0].2.matches(",x").count() >= 100_000);
}

// ---------------------------------------------------------------------------
// unbalanced quotes
// ---------------------------------------------------------------------------

/// Rows 1..=20; row 15's comment opens a quote that never closes.
fn unbalanced_file(dir: &Path) -> PathBuf {
    let mut csv = String::from("id,date,score,comment\n");
    for i in 1..=20 {
        let c = if i == 15 {
            "\"this quote never closes".to_string()
        } else {
            format!("comment number {i}")
        };
        csv.push_str(&format!("{i},2026-01-{i:02},{},{c}\n", i % 11));
    }
    write(dir, "unbalanced.csv", csv)
}

#[test]
fn unbalanced_quote_does_not_panic_and_keeps_rows_before_it() {
    let d = tmp();
    let index = d.path().join("ix");
    let out = ingest(&index, &unbalanced_file(d.path()), &[]);
    assert_no_panic(&out);
    assert!(
        matches!(out.status.code(), Some(0) | Some(2) | Some(3)),
        "{}",
        show(&out)
    );
    // the 14 rows before the quote are indexed whatever happens to the rest
    let n = responses(&index);
    assert!(n >= 14, "{n} responses: {}", show(&out));
    for i in 1..=14 {
        let (code, v) = search(&index, &format!("\"comment number {i}\""));
        assert_eq!(code, 0, "row {i}");
        assert!(hit_ids(&v).contains(&i.to_string()), "row {i}: {v}");
    }
}

#[test]
fn unbalanced_quote_is_reported_not_swallowed() {
    let d = tmp();
    let index = d.path().join("ix");
    let out = ingest(&index, &unbalanced_file(d.path()), &[]);
    assert_no_panic(&out);
    let se = stderr(&out);
    // the message names the file and the line where the quote opened, and the problem
    assert!(se.contains("unbalanced.csv:16"), "{}", show(&out));
    assert!(se.to_lowercase().contains("quote"), "{}", show(&out));
    // later rows are never hidden inside row 15's comment
    let (_, v) = search(&index, "closes");
    for h in v["hits"].as_array().into_iter().flatten() {
        let snippet = h["snippet"].as_str().unwrap_or("");
        assert!(!snippet.contains("16,2026-01-16"), "row 16 swallowed: {h}");
    }
    // only row 15 is rejected (kept in rejects.csv with the line where its quote opened), and
    // the rows after it are read as rows
    let rej = rejects(&index);
    let n = responses(&index);
    assert_eq!(
        rej.iter().map(|r| r.0).collect::<Vec<_>>(),
        [16],
        "{n} responses, rejects {rej:?}"
    );
    assert_eq!(n, 19, "{}", show(&out));
    for i in 16..=20 {
        let (code, v) = search(&index, &format!("\"comment number {i}\""));
        assert_eq!(code, 0, "row {i}");
        assert!(hit_ids(&v).contains(&i.to_string()), "row {i}: {v}");
    }
}

/// Found by the `ingest_csv` fuzz target: a multi-line quoted cell beyond the header's last
/// column, whose lines look like rows, made the reject name a column that does not exist
/// (an index out of bounds).
#[test]
fn swallowed_rows_in_an_extra_column_are_rejected_not_a_crash() {
    let d = tmp();
    let index = d.path().join("ix");
    let csv = "id,date,score,comment\n\
               L01,2026-07-01,9,Easy to use\n\
               L02,2026-07-02,3,Slow,extra,\"a,b,c,d\nx,y,z,w\np,q,r,s\"\n\
               L03,2026-07-03,10,Great support\n";
    let out = ingest(&index, &write(d.path(), "extra.csv", csv), &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(responses(&index), 2, "{}", show(&out));
    let rej = rejects(&index);
    assert_eq!(rej.len(), 1, "{rej:?}");
    assert_eq!(
        rej[0].0, 3,
        "the reject names the row's first line: {rej:?}"
    );
}

// ---------------------------------------------------------------------------
// NUL bytes
// ---------------------------------------------------------------------------

#[test]
fn nul_bytes_in_a_cell_are_kept_and_other_rows_indexed() {
    let d = tmp();
    let index = d.path().join("ix");
    let mut csv = good_rows(50).into_bytes();
    csv.extend_from_slice(b"51,2026-03-30,2,bad\x00nul\x00inside word\n");
    let file = write(d.path(), "nul.csv", csv);
    let out = ingest(&index, &file, &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // kept (NUL is a valid character), or rejected with a reason: never a lost row
    let rej = rejects(&index);
    let n = responses(&index);
    assert!(
        n == 51 || (n == 50 && rej.len() == 1 && rej[0].0 == 52),
        "{n} responses, rejects {rej:?}"
    );
    if n == 51 {
        let (code, v) = search(&index, "inside");
        assert_eq!(code, 0);
        assert_eq!(hit_ids(&v), ["51"]);
        // terminal output never carries the control character
        let out = run(&index, &["search", "inside"]);
        assert_eq!(out.status.code(), Some(0), "{}", show(&out));
        assert!(!out.stdout.contains(&0), "NUL byte in table output");
    }
}

#[test]
fn nul_bytes_in_a_short_file_are_not_taken_for_binary() {
    let d = tmp();
    let index = d.path().join("ix");
    let file = write(
        d.path(),
        "short_nul.csv",
        b"id,date,score,comment\n1,2026-01-05,9,Great product\n2,2026-01-06,3,bad\x00nul\x00inside\n3,2026-01-07,7,okay things\n",
    );
    let out = ingest(&index, &file, &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let n = responses(&index);
    let rej = rejects(&index);
    assert!(
        n == 3 || (n == 2 && rej.iter().any(|r| r.0 == 3)),
        "{n} responses, rejects {rej:?}"
    );
}

// ---------------------------------------------------------------------------
// dates
// ---------------------------------------------------------------------------

#[test]
fn future_dates_are_accepted() {
    // Dates in the future are valid dates: verbatim indexes them and says nothing.
    let d = tmp();
    let index = d.path().join("ix");
    let file = write(
        d.path(),
        "future.csv",
        "id,date,score,comment\n1,2026-01-05,9,Great product\n2,2031-01-01,3,from the future\n3,2099-12-31,7,far future\n",
    );
    let out = ingest(&index, &file, &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(responses(&index), 3);
    assert!(rejects(&index).is_empty());
    let i = info(&index);
    assert_eq!(i["first_date"], "2026-01-05");
    assert_eq!(i["last_date"], "2099-12-31");
    let (_, v) = search(&index, "future");
    let dates: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["quarter"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"2031Q1") && dates.contains(&"2099Q4"),
        "{v}"
    );
}

#[test]
fn mixed_date_formats_in_one_column_all_parse() {
    let d = tmp();
    let index = d.path().join("ix");
    let file = write(
        d.path(),
        "mixed_dates.csv",
        "id,date,score,comment\n1,2026-01-05,9,Great product\n2,31-Jul-18,3,old style\n3,19th November 2023,7,long style\n4,2024-03-01,5,iso again\n",
    );
    let out = ingest(&index, &file, &[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("0 rejected"), "{}", show(&out));
    assert_eq!(responses(&index), 4);
    assert!(rejects(&index).is_empty());
    let (_, v) = search(&index, "*");
    let date_of = |id: &str| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no {id}: {v}"))["date"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(date_of("1"), "2026-01-05");
    assert_eq!(date_of("2"), "2018-07-31");
    assert_eq!(date_of("3"), "2023-11-19");
    assert_eq!(date_of("4"), "2024-03-01");
}

// ---------------------------------------------------------------------------
// read-only index folders (run as an unprivileged user)
// ---------------------------------------------------------------------------

/// A copy of the binary that user 65534 can run, in a folder it can enter; None (with a note)
/// when this environment cannot switch users.
fn unprivileged(d: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let has_setpriv = std::process::Command::new("sh")
        .args(["-c", "command -v setpriv"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    let uid = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    if !has_setpriv || uid != "0" {
        eprintln!("note: skipped: needs root and setpriv to run verbatim as an unprivileged user");
        return None;
    }
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = d.join("verbatim");
    std::fs::copy(assert_cmd::cargo::cargo_bin("verbatim"), &bin).expect("copy binary");
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    Some(bin)
}

fn as_nobody(bin: &Path, args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin)
        .args(args)
        .env_remove("VERBATIM_INDEX")
        .output()
        .expect("run setpriv")
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Makes an index tree read-only for everyone (folders 555, files 444).
fn chmod_read_only(p: &Path) {
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            chmod_read_only(&e.path());
        } else {
            chmod(&e.path(), 0o444);
        }
    }
    chmod(p, 0o555);
}

#[test]
fn ingest_into_read_only_folder_is_permission_denied() {
    let d = tmp();
    let Some(bin) = unprivileged(d.path()) else {
        return;
    };
    let file = write(d.path(), "small.csv", good_rows(10));
    // an empty root-owned folder with mode 555, and a new index under it
    let ro = d.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    chmod(&ro, 0o555);
    for index in [ro.clone(), ro.join("ix")] {
        let out = as_nobody(
            &bin,
            &[
                os("ingest"),
                os("--index"),
                index.as_os_str(),
                file.as_os_str(),
            ],
        );
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{se}");
        assert!(
            se.contains(&ro.display().to_string()),
            "names the path: {se}"
        );
        assert!(se.to_lowercase().contains("permission denied"), "{se}");
        assert!(stdout(&out).is_empty(), "{}", show(&out));
    }
    assert_eq!(
        std::fs::read_dir(&ro).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn permission_denied_says_what_to_do() {
    let d = tmp();
    let Some(bin) = unprivileged(d.path()) else {
        return;
    };
    let file = write(d.path(), "small.csv", good_rows(10));
    let ro = d.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    chmod(&ro, 0o555);
    let out = as_nobody(
        &bin,
        &[
            os("ingest"),
            os("--index"),
            ro.as_os_str(),
            file.as_os_str(),
        ],
    );
    let se = stderr(&out);
    assert_eq!(
        se.to_lowercase().matches("permission denied").count(),
        1,
        "said once: {se}"
    );
    assert!(
        se.contains("--index") || se.contains("permissions"),
        "says what to do: {se}"
    );
}

#[test]
fn read_only_index_still_serves_reads() {
    let d = tmp();
    let Some(bin) = unprivileged(d.path()) else {
        return;
    };
    let index = d.path().join("ix");
    let file = write(d.path(), "small.csv", good_rows(20));
    let out = ingest(&index, &file, &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    chmod_read_only(&index);
    for args in [
        &["stats"][..],
        &["stats", "--format", "json"],
        &["search", "billing"],
        &["info", "--json"],
    ] {
        let mut a: Vec<&std::ffi::OsStr> = args.iter().map(|s| os(s)).collect();
        a.push(os("--index"));
        a.push(index.as_os_str());
        let out = as_nobody(&bin, &a);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", show(&out));
    }
}

#[test]
fn ingest_into_read_only_index_says_permission_denied_not_in_use() {
    let d = tmp();
    let Some(bin) = unprivileged(d.path()) else {
        return;
    };
    let index = d.path().join("ix");
    let file = write(d.path(), "small.csv", good_rows(20));
    let out = ingest(&index, &file, &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    chmod_read_only(&index);
    let out = as_nobody(
        &bin,
        &[
            os("ingest"),
            os("--index"),
            index.as_os_str(),
            file.as_os_str(),
        ],
    );
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let se = stderr(&out);
    assert!(se.to_lowercase().contains("permission denied"), "{se}");
    assert!(se.contains(&index.display().to_string()), "{se}");
    assert!(
        !se.contains("IndexWriter") && !se.contains("in use"),
        "misleading: {se}"
    );
}

// ---------------------------------------------------------------------------
// full disk
// ---------------------------------------------------------------------------

/// A 2 MB tmpfs mounted on a folder, unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path) -> Option<SmallDisk> {
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(SmallDisk(dir.to_path_buf())),
            Ok(o) => {
                eprintln!(
                    "note: skipped: cannot mount a small tmpfs here: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("note: skipped: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// About 7.5 MB of CSV: far more than a 2 MB disk holds once indexed.
fn large_file(dir: &Path) -> PathBuf {
    let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima",
    ];
    let mut csv = String::from("id,date,score,comment\n");
    let mut x: u64 = 12345;
    for i in 1..=60_000u64 {
        let mut c = String::new();
        for _ in 0..12 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            c.push_str(words[(x >> 33) as usize % words.len()]);
            c.push_str(&((x >> 20) % 1000).to_string());
            c.push(' ');
        }
        csv.push_str(&format!("L{i},2026-02-{:02},{},{c}\n", i % 28 + 1, i % 11));
    }
    write(dir, "large.csv", csv)
}

/// Ingests 20 rows into a 2 MB disk, then a file too large for it: (guard, index, output).
fn fill_disk(d: &Path) -> Option<(SmallDisk, PathBuf, Output)> {
    let mnt = d.join("disk");
    std::fs::create_dir(&mnt).unwrap();
    let disk = SmallDisk::mount(&mnt)?;
    let index = mnt.join("ix");
    let small = write(d, "small.csv", good_rows(20));
    let out = ingest(&index, &small, &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let out = ingest(&index, &large_file(d), &[]);
    Some((disk, index, out))
}

#[test]
fn full_disk_during_ingest_fails_cleanly_and_keeps_last_commit() {
    let d = tmp();
    let Some((_disk, index, out)) = fill_disk(d.path()) else {
        return;
    };
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        stderr(&out).starts_with("verbatim: error:") || stderr(&out).contains("\nverbatim: error:"),
        "{}",
        show(&out)
    );
    assert!(!stdout(&out).contains("now holds"), "{}", show(&out));
    // the index still opens and holds exactly its last commit
    assert_eq!(responses(&index), 20);
    let (code, v) = search(&index, "billing");
    assert_eq!(code, 0, "{v}");
    let out = run(&index, &["stats", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_of(&out)["overall"]["responses"], 20);
}

#[test]
fn full_disk_error_says_the_disk_is_full() {
    let d = tmp();
    let Some((_disk, index, out)) = fill_disk(d.path()) else {
        return;
    };
    let se = stderr(&out);
    assert!(
        se.contains("No space left on device") || se.to_lowercase().contains("disk is full"),
        "{se}"
    );
    assert!(
        se.contains(&index.display().to_string()),
        "names the index: {se}"
    );
}

#[test]
fn report_to_dev_full_fails_with_exit_2() {
    let d = tmp();
    let index = d.path().join("ix");
    let file = write(d.path(), "small.csv", good_rows(40));
    assert_eq!(ingest(&index, &file, &["-q"]).status.code(), Some(0));
    for args in [
        &["report", "--format", "md", "--out", "/dev/full"][..],
        &["report", "--format", "html", "--out", "/dev/full"],
        &["tag", "--out", "/dev/full"],
    ] {
        let out = run(&index, args);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{se}");
        assert!(se.contains("No space left on device"), "{se}");
    }
    // the index is untouched
    assert_eq!(responses(&index), 40);
}

#[test]
fn report_to_dev_full_names_the_file() {
    let d = tmp();
    let index = d.path().join("ix");
    let file = write(d.path(), "small.csv", good_rows(40));
    assert_eq!(ingest(&index, &file, &["-q"]).status.code(), Some(0));
    let out = run(&index, &["report", "--format", "md", "--out", "/dev/full"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("/dev/full"), "{}", show(&out));
}

// ---------------------------------------------------------------------------
// damaged index
// ---------------------------------------------------------------------------

fn built_index(d: &Path) -> PathBuf {
    let index = d.join("ix");
    let file = write(d, "small.csv", good_rows(30));
    let out = ingest(&index, &file, &["-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    index
}

fn tantivy_files(index: &Path, ext: &str) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = std::fs::read_dir(index.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(!files.is_empty(), "no .{ext} files in {}", index.display());
    files
}

type Damage = fn(&Path);

fn damages() -> [(&'static str, Damage); 3] {
    [
        ("truncated", |p| {
            let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            f.set_len(100).unwrap();
        }),
        ("garbled", |p| std::fs::write(p, "xx{{garbage").unwrap()),
        ("emptied", |p| std::fs::write(p, "").unwrap()),
    ]
}

#[test]
fn corrupted_tantivy_meta_json_asks_to_reingest() {
    for (how, damage) in damages() {
        let d = tmp();
        let index = built_index(d.path());
        damage(&index.join("tantivy").join("meta.json"));
        for args in [
            &["stats"][..],
            &["search", "billing"],
            &["info", "--json"],
            &["themes"],
            &["report"],
        ] {
            let out = run(&index, args);
            assert_no_panic(&out);
            assert_eq!(out.status.code(), Some(2), "{how} {args:?}: {}", show(&out));
            let se = stderr(&out);
            assert!(se.starts_with("verbatim: error:"), "{how}: {se}");
            assert!(se.contains(&index.display().to_string()), "{how}: {se}");
            assert!(
                se.contains("delete that folder") && se.contains("verbatim ingest"),
                "{how} {args:?}: says what to do: {se}"
            );
        }
    }
}

#[test]
fn ingest_into_corrupted_index_asks_to_rebuild() {
    for (how, damage) in damages() {
        let d = tmp();
        let index = built_index(d.path());
        damage(&index.join("tantivy").join("meta.json"));
        let file = write(d.path(), "more.csv", good_rows(5));
        let out = ingest(&index, &file, &[]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{how}: {}", show(&out));
        let se = stderr(&out);
        assert!(
            se.contains("delete that folder") && se.contains("verbatim ingest"),
            "{how}: {se}"
        );
    }
}

#[test]
fn truncated_segment_file_fails_without_panic() {
    let d = tmp();
    let index = built_index(d.path());
    for f in tantivy_files(&index, "store") {
        let file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
        file.set_len(10).unwrap();
    }
    for args in [&["stats"][..], &["search", "billing"], &["info", "--json"]] {
        let out = run(&index, args);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", show(&out));
        assert!(
            stderr(&out).starts_with("verbatim: error:"),
            "{}",
            show(&out)
        );
    }
}

#[test]
fn damaged_segment_file_asks_to_reingest() {
    let d = tmp();
    let index = built_index(d.path());
    for f in tantivy_files(&index, "store") {
        let file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
        file.set_len(10).unwrap();
    }
    let out = run(&index, &["search", "billing"]);
    let se = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(se.contains(&index.display().to_string()), "{se}");
    assert!(se.contains("ingest"), "says to rebuild: {se}");
}

#[test]
fn garbled_postings_file_does_not_panic() {
    let d = tmp();
    let index = built_index(d.path());
    for f in tantivy_files(&index, "idx") {
        let mut bytes = std::fs::read(&f).unwrap();
        let n = bytes.len().min(64);
        bytes[..n].fill(0xFF);
        std::fs::write(&f, bytes).unwrap();
    }
    let out = run(&index, &["search", "billing"]);
    assert_no_panic(&out);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1) | Some(2)),
        "{}",
        show(&out)
    );
    if out.status.code() == Some(2) {
        assert!(
            stderr(&out).contains("ingest"),
            "says to rebuild: {}",
            show(&out)
        );
    }
}

// ---------------------------------------------------------------------------
// files that are not tables
// ---------------------------------------------------------------------------

#[test]
fn zip_and_broken_workbook_are_refused_naming_the_file() {
    let d = tmp();
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend((0..4000u32).map(|i| (i * 37 % 251) as u8));
    for (name, needle) in [
        ("export.zip", "zip archive"),
        ("export.csv", "zip archive"),
        ("broken.xlsx", "save it again"),
    ] {
        let index = d.path().join(format!("ix-{name}"));
        let file = write(d.path(), name, &zip);
        let out = ingest(&index, &file, &[]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", show(&out));
        let se = stderr(&out);
        assert!(se.starts_with("verbatim: error:"), "{name}: {se}");
        assert!(se.contains(name), "{name}: names the file: {se}");
        assert!(se.contains(needle), "{name}: {se}");
        assert!(
            se.contains("CSV") || se.contains("csv"),
            "{name}: says what to do: {se}"
        );
        assert!(!index.join("rejects.csv").exists());
    }
}
