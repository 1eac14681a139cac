//! The `verbatim` binary run as a user runs it, never with an index taken from the environment
//! (`VERBATIM_INDEX` is removed), and what it printed.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

use super::{fixture, tmp};

/// The binary, with no index taken from the environment.
pub fn verbatim() -> Command {
    let mut c = Command::cargo_bin("verbatim").expect("binary");
    c.env_remove("VERBATIM_INDEX");
    c
}

/// The binary as a `std::process::Command` on the index `index` (`--index` first), for a child
/// to spawn and talk to (`verbatim serve`); no index is taken from the environment.
pub fn process(index: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_verbatim"));
    c.env_remove("VERBATIM_INDEX").arg("--index").arg(index);
    c
}

/// `verbatim ARGS --index DIR`: the index after the arguments, as a user adds it.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    verbatim()
        .args(args)
        .arg("--index")
        .arg(dir)
        .output()
        .expect("run verbatim")
}

/// [`run`], which must succeed.
pub fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?} failed: {}",
        show(&out)
    );
    out
}

/// The JSON printed by [`run`], which must succeed.
pub fn ok_json(dir: &Path, args: &[&str]) -> Value {
    json_of(&ok(dir, args))
}

/// `verbatim ingest --index DIR EXTRA FILE`.
pub fn ingest(dir: &Path, file: &Path, extra: &[&str]) -> Output {
    verbatim()
        .arg("ingest")
        .arg("--index")
        .arg(dir)
        .args(extra)
        .arg(file)
        .output()
        .expect("run ingest")
}

/// [`ingest`], which must succeed.
pub fn ingest_ok(dir: &Path, file: &Path, extra: &[&str]) -> Output {
    let out = ingest(dir, file, extra);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ingest {} failed: {}",
        file.display(),
        show(&out)
    );
    out
}

/// A fresh index of the fixture `rel`, ingested quietly.
pub fn ingested(rel: &str) -> TempDir {
    let d = tmp();
    ingest_ok(d.path(), &fixture(rel), &["--quiet"]);
    d
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code, stdout and stderr of a run, for a failure's message.
pub fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// The run's stdout as JSON.
pub fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(o)))
}

/// `info --json` of the index in `dir`, which must open.
pub fn info(dir: &Path) -> Value {
    let out = run(dir, &["info", "--json"]);
    assert_eq!(out.status.code(), Some(0), "info: {}", show(&out));
    json_of(&out)
}

/// The number of responses the index in `dir` holds.
pub fn responses(dir: &Path) -> u64 {
    super::json::as_u64(&info(dir)["responses"])
}
