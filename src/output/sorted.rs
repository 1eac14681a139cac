//! Output lines written in key order without holding them all: lines are gathered up to a
//! memory budget, each full batch is sorted and spilled to an anonymous temporary file, and the
//! runs are merged at the end. `tag` over ten million responses needs this; a small scope never
//! touches the disk.

use rayon::slice::ParallelSliceMut;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

/// What lines are ordered by: a date (absent first), then an id.
pub type Key = (Option<String>, String);

pub struct SortedLines {
    budget: usize,
    held: usize,
    batch: Vec<(Key, Vec<u8>)>,
    runs: Vec<File>,
}

impl SortedLines {
    /// Holds at most about `budget` bytes of lines in memory.
    pub fn new(budget: usize) -> SortedLines {
        SortedLines {
            budget,
            held: 0,
            batch: Vec::new(),
            runs: Vec::new(),
        }
    }

    pub fn push(&mut self, key: Key, line: Vec<u8>) -> io::Result<()> {
        self.held += line.len() + key.1.len() + key.0.as_ref().map_or(0, String::len) + 64;
        self.batch.push((key, line));
        if self.held >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes every line, in key order; lines with equal keys keep the order they came in.
    pub fn write_to(mut self, out: &mut dyn Write) -> io::Result<()> {
        // A stable sort keeps arrival order among equal keys (rayon's is stable too).
        self.batch.par_sort_by(|a, b| a.0.cmp(&b.0));
        if self.runs.is_empty() {
            return self
                .batch
                .iter()
                .try_for_each(|(_, line)| out.write_all(line));
        }
        let mut sources: Vec<Run> = Vec::with_capacity(self.runs.len() + 1);
        for mut file in std::mem::take(&mut self.runs) {
            file.rewind()?;
            sources.push(Run::File(BufReader::new(file)));
        }
        sources.push(Run::Memory(std::mem::take(&mut self.batch).into_iter()));
        // The run index breaks ties, so equal keys come out in arrival order.
        let mut heap = BinaryHeap::new();
        for (i, run) in sources.iter_mut().enumerate() {
            if let Some((key, line)) = run.next()? {
                heap.push(Reverse((key, i, line)));
            }
        }
        while let Some(Reverse((_, i, line))) = heap.pop() {
            out.write_all(&line)?;
            if let Some((key, line)) = sources[i].next()? {
                heap.push(Reverse((key, i, line)));
            }
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.batch.par_sort_by(|a, b| a.0.cmp(&b.0));
        let mut file = BufWriter::new(tempfile::tempfile()?);
        for ((date, id), line) in self.batch.drain(..) {
            match date {
                Some(d) => {
                    file.write_all(&[1])?;
                    write_bytes(&mut file, d.as_bytes())?;
                }
                None => file.write_all(&[0])?,
            }
            write_bytes(&mut file, id.as_bytes())?;
            write_bytes(&mut file, &line)?;
        }
        self.runs
            .push(file.into_inner().map_err(|e| e.into_error())?);
        self.held = 0;
        Ok(())
    }
}

enum Run {
    File(BufReader<File>),
    Memory(std::vec::IntoIter<(Key, Vec<u8>)>),
}

impl Run {
    fn next(&mut self) -> io::Result<Option<(Key, Vec<u8>)>> {
        let file = match self {
            Run::Memory(lines) => return Ok(lines.next()),
            Run::File(file) => file,
        };
        let mut flag = [0u8];
        if file.read(&mut flag)? == 0 {
            return Ok(None);
        }
        let date = match flag[0] {
            0 => None,
            _ => Some(read_string(file)?),
        };
        let id = read_string(file)?;
        Ok(Some(((date, id), read_bytes(file)?)))
    }
}

fn write_bytes(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

fn read_bytes(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let mut bytes = vec![0u8; u64::from_le_bytes(len) as usize];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn read_string(input: &mut impl Read) -> io::Result<String> {
    String::from_utf8(read_bytes(input)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(budget: usize, keys: &[(Option<&str>, &str)]) -> String {
        let mut sorted = SortedLines::new(budget);
        for (n, (date, id)) in keys.iter().enumerate() {
            let line = format!("{}:{}:{n}\n", date.unwrap_or("-"), id);
            let key = (date.map(String::from), id.to_string());
            sorted.push(key, line.into_bytes()).unwrap();
        }
        let mut out = Vec::new();
        sorted.write_to(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn spilled_runs_merge_to_the_same_order_as_memory() {
        let mut keys = Vec::new();
        let dates = [
            Some("2026-02-01"),
            None,
            Some("2025-12-31"),
            Some("2026-02-01"),
        ];
        for i in 0..500u32 {
            let id = format!("R{}", (i * 7919) % 613);
            keys.push((dates[i as usize % 4], id));
        }
        let keys: Vec<(Option<&str>, &str)> = keys.iter().map(|(d, i)| (*d, i.as_str())).collect();
        let in_memory = lines(usize::MAX, &keys);
        let spilled = lines(300, &keys);
        assert_eq!(in_memory, spilled);
        let first: Vec<&str> = in_memory.lines().take(2).collect();
        assert!(first.iter().all(|l| l.starts_with("-:")), "{first:?}");
        assert_eq!(in_memory.lines().count(), 500);
    }

    #[test]
    fn equal_keys_keep_arrival_order_across_runs() {
        let keys = vec![(Some("2026-01-01"), "same"); 40];
        let out = lines(200, &keys);
        let order: Vec<usize> = out
            .lines()
            .map(|l| l.rsplit(':').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(order, (0..40).collect::<Vec<_>>());
    }
}
