//! Downloads of the current view: its responses as CSV (streamed, formula-safe) and the report
//! for its scope.

use std::io::Read;

use tantivy::collector::DocSetCollector;
use tantivy::DocAddress;
use tiny_http::{Request, Response, StatusCode};

use super::params::{BadRequest, ViewParams};
use super::{common_headers, http_header, reply_with, Loaded};
use crate::output::spreadsheet_safe;
use crate::report::{build, html, markdown, ReportOptions};
use crate::search::{hit_of, id_hashes, Scope};
use crate::themes::explore::Pick;

/// A request answered 400, with why (boxed: a request is large).
type Refused = Box<(Request, BadRequest)>;

/// Responses turned into CSV lines a block at a time, as the client reads them.
struct CsvStream<'a> {
    loaded: &'a Loaded<'a>,
    searcher: tantivy::Searcher,
    addresses: Vec<DocAddress>,
    next: usize,
    columns: Vec<String>,
    buffer: Vec<u8>,
    at: usize,
}

/// Responses made into lines at once.
const BLOCK: usize = 256;

impl CsvStream<'_> {
    fn fill(&mut self) {
        self.buffer.clear();
        self.at = 0;
        let store = self.loaded.store;
        let mut writer = csv::Writer::from_writer(&mut self.buffer);
        let end = (self.next + BLOCK).min(self.addresses.len());
        for &address in &self.addresses[self.next..end] {
            let hit = hit_of(store, &self.searcher, address);
            let score = hit.score.map(|s| s.to_string()).unwrap_or_default();
            let mut row: Vec<String> = vec![
                hit.id,
                hit.date.unwrap_or_default(),
                hit.quarter.unwrap_or_default(),
                score,
                hit.band,
            ];
            row.extend(
                self.columns
                    .iter()
                    .map(|c| hit.segments.get(c).cloned().unwrap_or_default()),
            );
            row.push(hit.text);
            let row: Vec<String> = row
                .iter()
                .map(|cell| spreadsheet_safe(cell).into_owned())
                .collect();
            let _ = writer.write_record(&row);
        }
        let _ = writer.flush();
        drop(writer);
        self.next = end;
    }
}

impl Read for CsvStream<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buffer.len() {
            if self.next >= self.addresses.len() {
                return Ok(0);
            }
            self.fill();
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The view's responses: the open theme's (or facet's, of its kind), else those in scope
/// matching the search, else every response in scope.
pub fn csv(request: Request, loaded: &Loaded, params: ViewParams) -> Result<(), Refused> {
    let addresses = match responses_of(loaded, &params) {
        Ok(a) => a,
        Err(e) => return Err(Box::new((request, e))),
    };
    let store = loaded.store;
    let searcher = match store.searcher() {
        Ok(s) => s,
        Err(e) => return Err(Box::new((request, BadRequest(e.to_string())))),
    };
    let columns: Vec<String> = store.meta.segments.iter().map(|s| s.name.clone()).collect();
    let mut header = csv::Writer::from_writer(Vec::new());
    let mut names = vec!["id", "date", "quarter", "score", "band"];
    names.extend(columns.iter().map(String::as_str));
    names.push("comment");
    let _ = header.write_record(&names);
    let buffer = header.into_inner().unwrap_or_default();
    let stream = CsvStream {
        loaded,
        searcher,
        addresses,
        next: 0,
        columns,
        buffer,
        at: 0,
    };
    let mut headers = common_headers("text/csv; charset=utf-8");
    headers.push(http_header(
        "Content-Disposition",
        "attachment; filename=\"verbatim-responses.csv\"",
    ));
    let _ = request.respond(Response::new(StatusCode(200), headers, stream, None, None));
    Ok(())
}

fn responses_of(loaded: &Loaded, params: &ViewParams) -> Result<Vec<DocAddress>, BadRequest> {
    let usage = |e: crate::error::Error| BadRequest(e.to_string());
    let index = params.question.map_or(0, |q| q as usize - 1);
    let explorer = loaded
        .explorers
        .get(index)
        .ok_or_else(|| BadRequest(format!("question {} does not exist", index + 1)))?;
    let scope = params.scope_args()?.resolve(loaded.store).map_err(usage)?;
    let query = params.q.as_deref();
    let mode = params.query_mode();
    if let Some(theme) = &params.theme {
        let selection = explorer.select(&scope, query, &mode).map_err(usage)?;
        let shown = explorer.themes(&selection, super::view::THEMES_SHOWN, 0);
        let pick = Pick {
            theme: super::view::theme_key(&shown, theme),
            facet: params.facet.clone(),
        };
        return Ok(explorer.members(&selection, &pick, params.kind));
    }
    let query = crate::themes::scope_query_as(loaded.store, &scope, query, &mode).map_err(usage)?;
    let searcher = loaded.store.searcher().map_err(usage)?;
    let mut found: Vec<DocAddress> = searcher
        .search(&*query, &DocSetCollector)
        .map_err(|e| BadRequest(e.to_string()))?
        .into_iter()
        .collect();
    // By id hash, as `themes` orders responses: the same rows in the same order whatever the
    // index's segments.
    let hashes: Vec<_> = searcher.segment_readers().iter().map(id_hashes).collect();
    found.sort_by_cached_key(|a| (hashes[a.segment_ord as usize](a.doc_id), *a));
    Ok(found)
}

/// The quarterly report for the view's scope (its quarter and comparison quarter), as a file to
/// save: a self-contained HTML page or Markdown.
pub fn report(
    request: Request,
    loaded: &Loaded,
    params: ViewParams,
    as_html: bool,
) -> Result<(), Refused> {
    let built = (|| -> Result<String, BadRequest> {
        let usage = |e: crate::error::Error| BadRequest(e.to_string());
        let store = loaded.store;
        let scope: Scope = params.scope_args()?.resolve(store).map_err(usage)?;
        let codebook = match &loaded.codebook_path {
            Some(path) if path.exists() => {
                Some(crate::themes::codebook::Codebook::load(path).map_err(usage)?)
            }
            _ => None,
        };
        let questions = match (&store.meta.mapping, params.question) {
            (Some(m), Some(n)) => m
                .find_question(&n.to_string())
                .map(|q| vec![q])
                .map_err(|e| BadRequest(e.to_string()))?,
            (Some(m), None) if m.question_count() > 1 => m.question_list(),
            _ => Vec::new(),
        };
        let options = ReportOptions {
            compare: params.compare.clone(),
            codebook,
            top: 5,
            command: format!("verbatim serve (view: /?{})", params.query_string()),
            questions,
            read_only: true,
            ..ReportOptions::default()
        };
        let report = build(store, &scope, &options).map_err(usage)?;
        Ok(if as_html {
            html::render(&report)
        } else {
            markdown::render(&report)
        })
    })();
    let text = match built {
        Ok(t) => t,
        Err(e) => return Err(Box::new((request, e))),
    };
    let (kind, name) = if as_html {
        ("text/html; charset=utf-8", "verbatim-report.html")
    } else {
        ("text/markdown; charset=utf-8", "verbatim-report.md")
    };
    let disposition = format!("attachment; filename=\"{name}\"");
    reply_with(
        request,
        200,
        kind,
        &[("Content-Disposition", &disposition)],
        text,
    );
    Ok(())
}
