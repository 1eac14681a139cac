//! Reading an export file into rows of text cells, whatever its format and encoding.
//!
//! CSV files are streamed (never loaded whole), so a file may be larger than memory; rows can be
//! read twice (a scan pass, then the indexing pass). Encodings: UTF-8 with or without BOM,
//! UTF-16 with BOM, Windows-1252. A cell that is not valid text makes its row a bad row; it never
//! stops the file. Excel workbooks are read with calamine.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use encoding_rs::{Encoding, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::rejects::RejectKind;
use crate::error::{Error, Result};

/// `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingChoice {
    /// BOM if present, else UTF-8, unless the start of the file is not UTF-8 (then Windows-1252).
    Auto,
    Utf8,
    Windows1252,
}

impl std::str::FromStr for EncodingChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_lowercase().replace(['-', '_'], "").as_str() {
            "auto" => Ok(EncodingChoice::Auto),
            "utf8" => Ok(EncodingChoice::Utf8),
            "windows1252" | "cp1252" | "latin1" | "iso88591" => Ok(EncodingChoice::Windows1252),
            _ => Err(format!(
                "unknown encoding '{s}'; use auto, utf-8 or windows-1252"
            )),
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    pub encoding: EncodingChoice,
    pub delimiter: Option<u8>,
    pub sheet: Option<String>,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            encoding: EncodingChoice::Auto,
            delimiter: None,
            sheet: None,
        }
    }
}

/// One record of the file, header included.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Row {
        line: u64,
        cells: Vec<String>,
    },
    /// A record that cannot be turned into text cells, or whose quote never closes.
    Bad {
        line: u64,
        column: Option<usize>,
        kind: RejectKind,
        reason: String,
        raw: Vec<String>,
    },
}

/// An opened export: CSV (streamed) or a workbook sheet (in memory).
pub struct Source {
    pub path: PathBuf,
    kind: Kind,
    /// Plain-words description ("CSV, UTF-8, comma-separated").
    pub description: String,
    /// Total size in bytes, for progress.
    pub len: u64,
}

enum Kind {
    Csv {
        encoding: Option<&'static Encoding>,
        delimiter: u8,
    },
    Sheet {
        rows: Vec<Vec<String>>,
    },
}

const SNIFF_BYTES: usize = 1 << 20;

impl Source {
    pub fn open(path: &Path, options: &SourceOptions) -> Result<Source> {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::input(path, "no such file; check the path"),
            _ => Error::io(path, e),
        })?;
        if meta.is_dir() {
            return Err(Error::input(
                path,
                "is a folder, not a file; give the path of a CSV or .xlsx export",
            ));
        }
        let mut head = Vec::new();
        File::open(path)
            .and_then(|f| f.take(SNIFF_BYTES as u64).read_to_end(&mut head))
            .map_err(|e| Error::io(path, e))?;
        let len = meta.len();
        if head.is_empty() {
            return Err(Error::input(
                path,
                "is empty; export the survey again with its header row",
            ));
        }
        let is_zip = head.starts_with(b"PK\x03\x04");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        if is_zip && matches!(ext.as_str(), "xlsx" | "xlsm" | "ods")
            || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        {
            return Self::open_sheet(path, options, len);
        }
        if let Some(what) = binary_kind(&head) {
            return Err(Error::input(
                path,
                format!("does not look like a CSV file (it looks like {what}); export the survey as CSV or .xlsx"),
            ));
        }
        let has_bom = head.starts_with(b"\xEF\xBB\xBF")
            || head.starts_with(b"\xFF\xFE")
            || head.starts_with(b"\xFE\xFF");
        let (encoding, enc_name) = match options.encoding {
            _ if head.starts_with(b"\xFF\xFE") => (None, "UTF-16LE"),
            _ if head.starts_with(b"\xFE\xFF") => (None, "UTF-16BE"),
            EncodingChoice::Windows1252 => (Some(WINDOWS_1252), "Windows-1252"),
            EncodingChoice::Utf8 => (None, "UTF-8"),
            EncodingChoice::Auto if !has_bom && !looks_utf8(&head, head.len() as u64 == len) => (
                Some(WINDOWS_1252),
                "Windows-1252 (the file is not UTF-8; pass --encoding utf-8 to override)",
            ),
            EncodingChoice::Auto => (None, "UTF-8"),
        };
        let decoded_head = decode(&head, encoding);
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| sniff_delimiter(&decoded_head));
        let delim_name = match delimiter {
            b',' => "comma".to_string(),
            b';' => "semicolon".to_string(),
            b'\t' => "tab".to_string(),
            b'|' => "pipe".to_string(),
            d => format!("'{}'", d as char),
        };
        Ok(Source {
            path: path.to_path_buf(),
            kind: Kind::Csv {
                encoding,
                delimiter,
            },
            description: format!("CSV, {enc_name}, {delim_name}-separated"),
            len,
        })
    }

    fn open_sheet(path: &Path, options: &SourceOptions, len: u64) -> Result<Source> {
        use calamine::{open_workbook_auto, Data, Reader};
        let bad = |e: calamine::Error| {
            Error::input(
                path,
                format!("cannot read this workbook ({e}); save it again as .xlsx or CSV"),
            )
        };
        let mut book = open_workbook_auto(path).map_err(bad)?;
        let names = book.sheet_names();
        let sheet = match &options.sheet {
            Some(wanted) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(wanted))
                .cloned()
                .ok_or_else(|| {
                    Error::input(
                        path,
                        format!(
                            "has no sheet '{wanted}'; its sheets are: {}",
                            names.join(", ")
                        ),
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| Error::input(path, "holds no sheets"))?,
        };
        let range = book.worksheet_range(&sheet).map_err(bad)?;
        let rows = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                            format!("{}", *f as i64)
                        }
                        Data::Float(f) => f.to_string(),
                        Data::Int(i) => i.to_string(),
                        Data::Bool(b) => b.to_string(),
                        Data::DateTime(d) => d.as_datetime().map_or_else(
                            || d.to_string(),
                            |dt| {
                                if dt.time() == chrono::NaiveTime::MIN {
                                    dt.date().to_string()
                                } else {
                                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                                }
                            },
                        ),
                        Data::Error(e) => format!("#{e}"),
                    })
                    .collect()
            })
            .collect();
        Ok(Source {
            path: path.to_path_buf(),
            kind: Kind::Sheet { rows },
            description: format!("Excel workbook, sheet '{sheet}'"),
            len,
        })
    }

    /// The field delimiter of a CSV file; None for a workbook.
    pub fn delimiter(&self) -> Option<u8> {
        match self.kind {
            Kind::Csv { delimiter, .. } => Some(delimiter),
            Kind::Sheet { .. } => None,
        }
    }

    /// Calls `f` for every record, header first, with the bytes read so far. Blank lines are skipped.
    pub fn for_each(&self, f: &mut dyn FnMut(Record, u64) -> Result<()>) -> Result<()> {
        match &self.kind {
            Kind::Sheet { rows } => {
                for (i, cells) in rows.iter().enumerate() {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    f(
                        Record::Row {
                            line: i as u64 + 1,
                            cells: cells.clone(),
                        },
                        0,
                    )?;
                }
                Ok(())
            }
            Kind::Csv {
                encoding,
                delimiter,
            } => {
                let file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
                let reader = DecodeReaderBytesBuilder::new()
                    .encoding(*encoding)
                    .bom_sniffing(true)
                    .utf8_passthru(true)
                    .strip_bom(true)
                    .build(BufReader::with_capacity(1 << 16, file));
                let mut rest = self.read_csv(reader, 0, *delimiter, &|bytes| bytes, f)?;
                // A quote left open swallowed the rest of the file into one cell: its row is a
                // reject, and the lines after the one where the quote opened are rows again.
                while let Some((lines_before, text)) = rest {
                    let len = self.len;
                    rest = self.read_csv(&text[..], lines_before, *delimiter, &|_| len, f)?;
                }
                Ok(())
            }
        }
    }

    /// Reads CSV records from `reader`, whose first line is line `lines_before + 1` of the file.
    /// Returns the lines after a quote that the end of the file left open, if one did: the line
    /// before them and their text.
    fn read_csv<R: Read>(
        &self,
        reader: R,
        lines_before: u64,
        delimiter: u8,
        bytes_done: &dyn Fn(u64) -> u64,
        f: &mut dyn FnMut(Record, u64) -> Result<()>,
    ) -> Result<Option<(u64, Vec<u8>)>> {
        let mut lines_before = lines_before;
        let first_line = lines_before;
        let state = Rc::new(RefCell::new(ReadState::default()));
        let reader = LineEnds {
            inner: reader,
            delimiter,
            state: state.clone(),
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    if let csv::ErrorKind::Io(io) = e.kind() {
                        return Err(Error::input(&self.path, format!("read failed: {io}")));
                    }
                    let line = e.position().map_or(0, |p| p.line());
                    return Err(Error::input(&self.path, format!("line {line}: {e}")));
                }
            }
            let bytes = record.position().map_or(0, |p| p.byte());
            let mut st = state.borrow_mut();
            // The parser's record position may point inside a CRLF, and includes the
            // blank lines it skipped.
            let mut start = bytes;
            while let Some((end, len)) = st.ends.front().copied().filter(|&(end, _)| end < bytes) {
                st.ends.pop_front();
                lines_before += 1;
                start = start.max(end + len);
            }
            while let Some(&(end, len)) = st.ends.front().filter(|&&(end, _)| end == start) {
                st.ends.pop_front();
                lines_before += 1;
                start = end + len;
            }
            let line = lines_before + 1;
            // The csv parser ends a record at the end of the file even inside quotes; only this
            // scan of the bytes tells that the last record's quote never closed.
            let unclosed = st.eof && st.quote == Quote::Open && csv.position().byte() == st.offset;
            let opened = first_line + st.quote_line + 1;
            drop(st);
            if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) && !unclosed {
                continue;
            }
            if unclosed {
                let (bad, rest) = unclosed_quote(&record, line, opened);
                f(bad, bytes_done(bytes))?;
                return Ok((!rest.is_empty()).then_some((opened, rest)));
            }
            f(to_record(&record, line), bytes_done(bytes))?;
        }
    }
}

/// The record whose quote (opened on line `opened`) runs to the end of the file: a bad record of
/// its cells up to the end of that line, and the raw text of the lines after it, to be read again.
fn unclosed_quote(record: &csv::ByteRecord, line: u64, opened: u64) -> (Record, Vec<u8>) {
    let last = record.len() - 1;
    let cell = &record[last];
    let (first, rest) = match cell.iter().position(|&b| b == b'\r' || b == b'\n') {
        Some(i) if cell[i..].starts_with(b"\r\n") => (&cell[..i], &cell[i + 2..]),
        Some(i) => (&cell[..i], &cell[i + 1..]),
        None => (cell, &cell[cell.len()..]),
    };
    // Inside a quoted cell that reaches the end of the file every quote was written doubled
    // (a single one would have closed the cell), so doubling them again gives the raw text back.
    let mut raw = Vec::with_capacity(rest.len());
    for &b in rest {
        raw.push(b);
        if b == b'"' {
            raw.push(b'"');
        }
    }
    let mut cells: Vec<String> = record
        .iter()
        .take(last)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    cells.push(String::from_utf8_lossy(first).into_owned());
    let started = if line < opened {
        format!(" (in the row that starts on line {line})")
    } else {
        String::new()
    };
    let reason = format!(
        "the quote opened in this cell on line {opened}{started} is never closed: the file ends \
         inside it; the row is set aside and the lines after it are read as rows; close the quote \
         and ingest this row again"
    );
    let bad = Record::Bad {
        line: opened,
        column: Some(last),
        kind: RejectKind::UnclosedQuote,
        reason,
        raw: cells,
    };
    (bad, raw)
}

/// Where the quote scan stands: as the csv parser reads (quote `"`, doubled inside quotes).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// At the start of a field.
    #[default]
    FieldStart,
    /// In a field that did not start with a quote.
    Unquoted,
    /// Inside quotes.
    Open,
    /// A quote inside quotes: closes the field, or doubles with the next byte.
    MaybeClosed,
}

impl Quote {
    fn next(self, b: u8, delimiter: u8) -> Quote {
        use Quote::*;
        match (self, b) {
            (FieldStart, b'"') => Open,
            (Open, b'"') => MaybeClosed,
            (Open, _) => Open,
            (MaybeClosed, b'"') => Open,
            (_, b'\r' | b'\n') => FieldStart,
            (_, b) if b == delimiter => FieldStart,
            _ => Unquoted,
        }
    }
}

/// What [`LineEnds`] has seen of the bytes.
#[derive(Debug, Default)]
struct ReadState {
    /// Offset and length (1, or 2 for CRLF) of each line end not yet consumed.
    ends: VecDeque<(u64, u64)>,
    /// Bytes read so far.
    offset: u64,
    prev_cr: bool,
    /// Line ends read so far, and how many there were when the quote now open was opened.
    lines: u64,
    quote_line: u64,
    quote: Quote,
    /// The underlying reader has reported the end of its bytes.
    eof: bool,
}

/// Counts line ends as the CSV parser reads, so that rows are reported by their physical line in
/// the file (the parser's own count skips blank lines and newlines inside quoted comments), and
/// follows the quotes, so that a quote the end of the file leaves open is known.
struct LineEnds<R> {
    inner: R,
    delimiter: u8,
    state: Rc<RefCell<ReadState>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut st = self.state.borrow_mut();
        st.eof |= n == 0 && !buf.is_empty();
        for (i, &b) in buf[..n].iter().enumerate() {
            // CRLF counts once (at the CR); a lone CR or LF counts once.
            if b == b'\n' && st.prev_cr {
                if let Some(last) = st.ends.back_mut() {
                    last.1 = 2;
                }
            } else if b == b'\r' || b == b'\n' {
                let at = st.offset + i as u64;
                st.ends.push_back((at, 1));
                st.lines += 1;
            }
            st.prev_cr = b == b'\r';
            let next = st.quote.next(b, self.delimiter);
            if next == Quote::Open && st.quote == Quote::FieldStart {
                st.quote_line = st.lines;
            }
            st.quote = next;
        }
        st.offset += n as u64;
        Ok(n)
    }
}

fn to_record(record: &csv::ByteRecord, line: u64) -> Record {
    let mut cells = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(s) => cells.push(s.to_string()),
            Err(e) => {
                let raw = record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                return Record::Bad {
                    line,
                    column: Some(i),
                    kind: RejectKind::InvalidEncoding,
                    reason: format!(
                        "invalid UTF-8 at byte {} of the cell (if the file came from Excel, try --encoding windows-1252)",
                        e.valid_up_to()
                    ),
                    raw,
                };
            }
        }
    }
    Record::Row { line, cells }
}

fn decode(bytes: &[u8], encoding: Option<&'static Encoding>) -> String {
    match encoding {
        Some(enc) => enc.decode(bytes).0.into_owned(),
        None if bytes.starts_with(b"\xFF\xFE") => {
            encoding_rs::UTF_16LE.decode(bytes).0.into_owned()
        }
        None if bytes.starts_with(b"\xFE\xFF") => {
            encoding_rs::UTF_16BE.decode(bytes).0.into_owned()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Whether `head` reads as UTF-8: it does unless invalid bytes appear on two or more lines and no
/// valid multi-byte character appears at all (the mark of a Windows-1252 export). A single corrupt
/// spot in a UTF-8 file stays UTF-8, so that only its row is rejected.
fn looks_utf8(head: &[u8], whole_file: bool) -> bool {
    let mut rest = head;
    let (mut bad_lines, mut last_bad_line, mut multibyte) = (0, usize::MAX, false);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return multibyte || !s.is_ascii() || bad_lines < 2,
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                multibyte |= !valid.is_ascii();
                let Some(len) = e.error_len() else {
                    return (if whole_file { bad_lines + 1 } else { bad_lines }) < 2 || multibyte;
                };
                let offset = head.len() - rest.len() + e.valid_up_to();
                let line = head[..offset].iter().filter(|&&b| b == b'\n').count();
                if line != last_bad_line {
                    bad_lines += 1;
                    last_bad_line = line;
                }
                rest = &rest[e.valid_up_to() + len..];
            }
        }
    }
}

fn binary_kind(head: &[u8]) -> Option<&'static str> {
    let magic: [(&[u8], &str); 6] = [
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\x7FELF", "a program"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    if let Some((_, what)) = magic.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(what);
    }
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let sample = &head[..head.len().min(8192)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    // A few NULs are damage in a text file (its rows are kept); many mean it is not text at all.
    (!utf16 && nuls * 10 > sample.len()).then_some("binary data")
}

/// The delimiter that splits the header line most consistently: comma, semicolon, tab or pipe.
fn sniff_delimiter(head: &str) -> u8 {
    let lines: Vec<&str> = head
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect();
    let Some(first) = lines.first() else {
        return b',';
    };
    let count = |line: &str, d: char| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == d && !quoted
            })
            .count()
    };
    [',', ';', '\t', '|']
        .into_iter()
        .map(|d| (count(first, d), d))
        .max_by_key(|&(n, d)| (n, d == ','))
        .filter(|&(n, _)| n > 0)
        .map_or(b',', |(_, d)| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8], name: &str) -> (String, Vec<Record>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let source = Source::open(&path, &SourceOptions::default()).unwrap();
        let mut out = Vec::new();
        source.for_each(&mut |r, _| Ok(out.push(r))).unwrap();
        (source.description, out)
    }

    fn cells(r: &Record) -> Vec<&str> {
        match r {
            Record::Row { cells, .. } => cells.iter().map(String::as_str).collect(),
            Record::Bad { .. } => panic!("bad record {r:?}"),
        }
    }

    #[test]
    fn sniffs_delimiters_and_strips_bom() {
        let (desc, r) = rows(b"\xEF\xBB\xBFid;comment\n1;\"a;b\"\n", "x.csv");
        assert!(desc.contains("semicolon"), "{desc}");
        assert_eq!(cells(&r[0]), ["id", "comment"]);
        assert_eq!(cells(&r[1]), ["1", "a;b"]);
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("just one column\n"), b',');
    }

    #[test]
    fn invalid_utf8_makes_one_bad_record() {
        let (_, r) = rows(b"id,comment\n1,ok\n2,bad \xFF\xFE here\n3,fine\n", "x.csv");
        assert_eq!(r.len(), 4);
        assert!(matches!(
            &r[2],
            Record::Bad {
                line: 3,
                column: Some(1),
                ..
            }
        ));
        assert_eq!(cells(&r[3]), ["3", "fine"]);
    }

    #[test]
    fn a_quote_open_at_the_end_of_the_file_sets_aside_its_row_only() {
        // Doubled quotes keep the cell open to the end; a single one would have closed it.
        let text = "id,score,comment\n1,9,\"fine\"\n2,3,\"never closed\n3,7,a \"\"quoted\"\" word\r\n\n4,8,ok\n";
        let (_, r) = rows(text.as_bytes(), "x.csv");
        assert_eq!(r.len(), 5, "{r:?}");
        match &r[2] {
            Record::Bad {
                line: 3,
                column: Some(2),
                kind: RejectKind::UnclosedQuote,
                reason,
                raw,
            } => {
                assert!(reason.contains("line 3"), "{reason}");
                assert_eq!(raw, &["2", "3", "never closed"]);
            }
            other => panic!("{other:?}"),
        }
        // The lines after it are rows again, with their own line numbers and quotes.
        assert_eq!(cells(&r[3]), ["3", "7", "a \"\"quoted\"\" word"]);
        assert!(matches!(&r[3], Record::Row { line: 4, .. }), "{:?}", r[3]);
        assert!(matches!(&r[4], Record::Row { line: 6, .. }), "{:?}", r[4]);
        assert_eq!(cells(&r[4]), ["4", "8", "ok"]);
    }

    #[test]
    fn closed_quotes_at_the_end_of_the_file_are_rows() {
        // A multi-line cell whose lines hold as many commas as a row, as Python's csv writes it.
        let text = "id,score,comment\n1,9,\"Great support.\nThey fixed billing, login, and export.\nNext time: faster, cheaper, better.\"\n2,3,Slow";
        let (_, r) = rows(text.as_bytes(), "x.csv");
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(cells(&r[1])[2].lines().count(), 3);
        assert!(matches!(&r[2], Record::Row { line: 5, .. }), "{:?}", r[2]);
        // Quoted to the last byte, with a doubled quote just before the end.
        let (_, r) = rows(b"id,comment\n1,\"say \"\"hi\"\"\"", "x.csv");
        assert_eq!(cells(&r[1]), ["1", "say \"hi\""]);
        // Open at the last byte: the last line is the row set aside.
        let (_, r) = rows(b"id,comment\n1,ok\n2,\"open \"\"", "x.csv");
        assert!(
            matches!(
                &r[2],
                Record::Bad {
                    line: 3,
                    kind: RejectKind::UnclosedQuote,
                    ..
                }
            ),
            "{r:?}"
        );
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn windows_1252_is_detected_and_decoded() {
        let (desc, r) = rows(
            b"id;comment\n1;caf\xE9 \x93great\x94 \x8020\n2;na\xEFve\n",
            "x.csv",
        );
        assert!(desc.contains("Windows-1252"), "{desc}");
        assert_eq!(cells(&r[1])[1], "café “great” €20");
    }

    #[test]
    fn utf16_with_bom() {
        let text = "id,comment\n1,naïve\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (desc, r) = rows(&bytes, "x.csv");
        assert!(desc.contains("UTF-16LE"));
        assert_eq!(cells(&r[1]), ["1", "naïve"]);
    }

    #[test]
    fn line_ends_quoted_newlines_and_blank_lines() {
        let (_, r) = rows(b"id,comment\r\n1,\"two\nlines\"\r\n\r\n2,x\r3,y\r", "x.csv");
        assert_eq!(r.len(), 4);
        assert_eq!(cells(&r[1])[1], "two\nlines");
        assert!(matches!(&r[2], Record::Row { line: 5, .. }), "{:?}", r[2]);
        assert_eq!(cells(&r[3]), ["3", "y"]);
    }

    #[test]
    fn refuses_files_that_are_not_tables() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("survey.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n\x00\x01binary").unwrap();
        let err = Source::open(&pdf, &SourceOptions::default())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("PDF") && err.contains("export the survey as CSV"),
            "{err}"
        );
        let empty = dir.path().join("empty.csv");
        std::fs::write(&empty, b"").unwrap();
        assert!(Source::open(&empty, &SourceOptions::default())
            .err()
            .unwrap()
            .to_string()
            .contains("empty"));
        let missing = Source::open(&dir.path().join("nope.csv"), &SourceOptions::default())
            .err()
            .unwrap();
        assert!(missing.to_string().contains("no such file"));
        assert!(Source::open(dir.path(), &SourceOptions::default())
            .err()
            .unwrap()
            .to_string()
            .contains("folder"));
    }
}
