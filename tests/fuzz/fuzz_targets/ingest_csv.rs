//! Any bytes, written to a .csv file and ingested into a fresh index: no panic, and when the
//! ingest succeeds, every data row was either indexed or rejected.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;
use verbatim::index::Store;
use verbatim::ingest::{ingest, Collect, IngestOptions};

fn base() -> &'static TempDir {
    static BASE: OnceLock<TempDir> = OnceLock::new();
    BASE.get_or_init(|| tempfile::Builder::new().prefix("verbatim-fuzz-").tempdir().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir_in(base().path()).unwrap();
    let file = dir.path().join("input.csv");
    std::fs::write(&file, data).unwrap();
    let index = dir.path().join("index");
    let mut store = Store::open_or_create(&index, None, None).expect("create a fresh index");
    let options = IngestOptions {
        commit_every: 64,
        ..IngestOptions::default()
    };
    let mut observer = Collect::default();
    match ingest(&mut store, &[file], &options, &mut observer) {
        Ok(report) => {
            let f = &report.files[0];
            assert_eq!(
                f.added + f.updated + f.folded + f.rejected_total(),
                f.rows,
                "every row is indexed or rejected: {f:?}"
            );
            let docs = store.searcher().unwrap().num_docs();
            assert_eq!(docs, f.added, "documents in a fresh index: {f:?}");
        }
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    drop(store);
    // Whatever happened, the index must open again.
    Store::open(&index).expect("index opens after the ingest");
});
