//! The scan pass: the first read of a file, before anything is indexed. The survey tool's extra
//! header rows are recognised and skipped, repeated column names numbered, and every column
//! profiled, so that the roles, the scale and the day/month order of dates are chosen from the
//! whole file; an id column whose values repeat is read once more to check they are one response.

use std::collections::HashMap;

use super::columns::profile::Profile;
use super::columns::Roles;
use super::dialect;
use super::source::{Record, Source};
use crate::error::{Error, Result};

/// The header, the dialect and the column profile of a file (the scan pass).
pub(super) struct Scan {
    /// What the survey tool and its extra header rows were, for the notes.
    pub(super) dialect_note: Option<String>,
    /// Repeated column names that were numbered.
    pub(super) header_notes: Vec<String>,
    pub(super) headers: Vec<String>,
    /// Records to skip before the data: header plus tool rows.
    pub(super) skip: usize,
    pub(super) profile: Profile,
}

/// Rows read before deciding what the rows under the header are.
const HEAD_ROWS: usize = 5;

pub(super) fn scan(source: &Source) -> Result<Scan> {
    let path = &source.path;
    let mut head: Vec<Vec<String>> = Vec::new();
    let mut state: Option<Scan> = None;
    let mut bad_header = None;
    source.for_each(&mut |record, _| {
        let cells = match record {
            Record::Row { cells, .. } => cells,
            Record::Bad {
                line, raw, reason, ..
            } if head.is_empty() => {
                bad_header = Some((line, reason));
                raw
            }
            Record::Bad { .. } => return Ok(()),
        };
        match &mut state {
            Some(scan) => scan.profile.observe(&cells),
            None => {
                head.push(cells);
                if head.len() == HEAD_ROWS {
                    state = Some(start_scan(&head));
                }
            }
        }
        Ok(())
    })?;
    if let Some((line, reason)) = bad_header {
        return Err(Error::input(
            path,
            format!("line {line}: the header row cannot be read: {reason}"),
        ));
    }
    let mut scan = match state {
        Some(scan) => scan,
        None if head.is_empty() => {
            return Err(Error::input(
                path,
                "holds no rows; export the survey again with its header row",
            ))
        }
        None => start_scan(&head),
    };
    if scan.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::input(
            path,
            "line 1: the header row is blank; the first row must name the columns",
        ));
    }
    scan.profile.forget_seen_ids();
    Ok(scan)
}

fn start_scan(head: &[Vec<String>]) -> Scan {
    let next: Vec<&[String]> = head[1..].iter().map(Vec::as_slice).collect();
    let d = dialect::detect(&head[0], &next);
    let mut headers = d.headers.clone();
    let header_notes = dialect::unique_headers(&mut headers);
    let mut profile = Profile::for_tool(headers.clone(), d.labels.clone(), d.tool);
    let skip = 1 + d.skip;
    for row in head.iter().skip(skip) {
        profile.observe(row);
    }
    Scan {
        dialect_note: d.note(),
        header_notes,
        headers,
        skip,
        profile,
    }
}

/// Reads the file again for the rows whose id repeats, and checks that they share their date
/// and comment (the same response exported twice). Returns why not, with an example.
pub(super) fn check_repeated_ids(
    source: &Source,
    scan: &Scan,
    roles: &Roles,
) -> Result<Option<String>> {
    let Some(id) = roles.id else { return Ok(None) };
    let Some(ids) = &scan.profile.stats[id].ids else {
        return Ok(None);
    };
    let width = scan.headers.len();
    let cell = |cells: &[String], i: usize| cells.get(i).map_or("", |c| c.trim()).to_string();
    let mut first: HashMap<u64, (u64, u64)> = HashMap::new();
    let mut differing = 0u64;
    let mut example = None;
    let mut index = 0usize;
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { line, cells } = record else {
            return Ok(());
        };
        if index <= scan.skip || cells.len() > width {
            return Ok(());
        }
        let value = cell(&cells, id);
        let h = xxhash_rust::xxh3::xxh3_64(value.as_bytes());
        if value.is_empty() || !ids.repeated.contains(&h) {
            return Ok(());
        }
        let mut content: Vec<String> = roles.text.iter().map(|&t| cell(&cells, t)).collect();
        content.extend(roles.date.map(|d| cell(&cells, d)));
        let key = xxhash_rust::xxh3::xxh3_64(content.join("\u{1f}").as_bytes());
        match first.get(&h) {
            None => {
                first.insert(h, (key, line));
            }
            Some(&(k, _)) if k == key => {}
            Some(&(_, first_line)) => {
                differing += 1;
                if example.is_none() {
                    example = Some(format!("'{value}' on lines {first_line} and {line}"));
                }
            }
        }
        Ok(())
    })?;
    Ok(example.map(|e| {
        format!(
            "{differing} row(s) repeat a value with a different date or comment, e.g. {e}, so they are different responses"
        )
    }))
}
