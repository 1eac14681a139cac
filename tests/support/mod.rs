//! What the test binaries share. Each binary says `mod support;` (tests/cli/main.rs, a folder
//! down, says `#[path = "../support/mod.rs"] mod support;`) and uses what it needs:
//!
//! - here: [`fixture`], a file of `fixtures/`, and [`tmp`], a fresh folder for one test;
//! - [`cli`]: the `verbatim` binary run as a user runs it, and what it printed;
//! - [`json`]: reading the numbers, lists and groups of its JSON;
//! - [`browser`]: finding Chromium and its WebDriver.

// Every test binary compiles all of this module and uses only part of it: what one binary
// leaves unused would warn there as dead code.
#![allow(dead_code)]

pub mod browser;
pub mod cli;
pub mod json;

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// `fixtures/{rel}` of this repository.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// A fresh folder under the target's tmp folder, named after the test binary
/// (`verbatim-cli-…`, `verbatim-serve-…`), removed when dropped.
pub fn tmp() -> TempDir {
    tempfile::Builder::new()
        .prefix(concat!("verbatim-", env!("CARGO_CRATE_NAME"), "-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("tempdir")
}
