//! Converting a file's rows on worker threads while keeping file order. Conversion (analysis) is
//! the slow part, so it runs in parallel, in batches; the converted batches are handed back in the
//! order they were read, so that ids, updates and duplicates resolve as in a sequential run.

use std::collections::BTreeMap;
use std::path::Path;

use super::response::RowOutcome;
use super::source::{Record, Source};
use super::{FileReport, Observer};
use crate::error::{Error, Result};

/// Rows handed to a conversion thread at a time.
const BATCH: usize = 256;

/// Reads the rows of `source` after its first `skip` records, converts them with `convert` on
/// `thread_count` threads and hands each outcome to `write` in file order, counting the rows in
/// `report` and telling `observer` the progress.
#[allow(clippy::too_many_arguments)]
pub(super) fn convert_in_order<C, W>(
    source: &Source,
    skip: usize,
    thread_count: usize,
    path: &Path,
    convert: &C,
    report: &mut FileReport,
    observer: &mut dyn Observer,
    write: &mut W,
) -> Result<()>
where
    C: Fn(Record) -> RowOutcome + Sync,
    W: FnMut(RowOutcome, &mut FileReport, &mut dyn Observer) -> Result<()>,
{
    let mut index = 0usize;

    let workers = thread_count.max(1);
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(u64, Vec<Record>)>(workers * 2);
    let work_rx = std::sync::Mutex::new(work_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Vec<RowOutcome>)>();
    std::thread::scope(|threads| -> Result<()> {
        for _ in 0..workers {
            let (work_rx, done_tx, to_outcome) = (&work_rx, done_tx.clone(), convert);
            threads.spawn(move || loop {
                let next = work_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((n, batch))) = next else { return };
                let outcomes = batch.into_iter().map(to_outcome).collect();
                if done_tx.send((n, outcomes)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<u64, Vec<RowOutcome>> = BTreeMap::new();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut drain = |pending: &mut BTreeMap<u64, Vec<RowOutcome>>,
                         next: &mut u64,
                         report: &mut FileReport,
                         observer: &mut dyn Observer|
         -> Result<()> {
            while let Some(batch) = pending.remove(next) {
                for outcome in batch {
                    write(outcome, report, observer)?;
                }
                *next += 1;
            }
            Ok(())
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut last_progress = 0u64;
        source.for_each(&mut |record, bytes| {
            index += 1;
            if index <= skip {
                return Ok(());
            }
            report.rows += 1;
            batch.push(record);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                work_tx
                    .send((sent, full))
                    .map_err(|_| Error::input(path, "a conversion thread stopped"))?;
                sent += 1;
                while let Ok((n, outcomes)) = done_rx.try_recv() {
                    pending.insert(n, outcomes);
                }
                drain(&mut pending, &mut next, report, observer)?;
            }
            if report.rows - last_progress >= 2000 {
                last_progress = report.rows;
                observer.progress(path, bytes, source.len);
            }
            Ok(())
        })?;
        if !batch.is_empty() {
            work_tx
                .send((sent, batch))
                .map_err(|_| Error::input(path, "a conversion thread stopped"))?;
        }
        drop(work_tx);
        for (n, outcomes) in done_rx {
            pending.insert(n, outcomes);
            drain(&mut pending, &mut next, report, observer)?;
        }
        Ok(())
    })
}
