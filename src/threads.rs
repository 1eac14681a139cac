//! How many threads verbatim works with: `--threads N` or `VERBATIM_THREADS`, else every core
//! available ([`std::thread::available_parallelism`], which honours CPU quotas and affinity).
//!
//! Ingest sizes its conversion workers and tantivy's indexing threads from it; themes, tag,
//! report, agents and the context sections spread their work over rayon's global pool, which
//! [`init`] sizes to the same number. Results never depend on it: work is split into pieces
//! whose results are combined in a fixed order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable that sets the thread count when `--threads` is not given.
pub const ENV: &str = "VERBATIM_THREADS";

/// Threads chosen by [`init`]; 0 until then.
static CHOSEN: AtomicUsize = AtomicUsize::new(0);

/// The cores this process may use.
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The thread count: what [`init`] was given, else `VERBATIM_THREADS`, else every core.
pub fn count() -> usize {
    match CHOSEN.load(Ordering::Relaxed) {
        0 => std::env::var(ENV)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(available),
        n => n,
    }
}

/// Sets the thread count for this process (None: `VERBATIM_THREADS`, else every core) and sizes
/// rayon's global pool to it. The pool can be sized once per process; a later call changes
/// only what [`count`] returns (ingest's threads), which is all a test running commands
/// in-process needs: results are the same whatever the pool's size.
pub fn init(threads: Option<usize>) -> usize {
    let n = threads.filter(|&n| n > 0).unwrap_or_else(|| {
        CHOSEN.store(0, Ordering::Relaxed);
        count()
    });
    CHOSEN.store(n, Ordering::Relaxed);
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("verbatim-{i}"))
        .build_global();
    n
}
