//! Writing results: aligned tables for people, JSON and CSV for machines.
//!
//! Comment text is data, never control: terminal output drops control characters and escape
//! sequences, and CSV output defuses cells a spreadsheet would run as a formula.

pub mod sorted;

use std::io::{self, Write};

/// Text made safe for a terminal: escape sequences and control characters removed, line breaks
/// and tabs turned into spaces, bidirectional overrides dropped.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI "ESC [ ... final" and OSC "ESC ] ... BEL/ST" sequences go whole.
                match chars.peek() {
                    Some('[') => {
                        chars.next();
                        for n in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&n) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        while let Some(n) = chars.next() {
                            if n == '\u{7}'
                                || n == '\u{9c}'
                                || (n == '\u{1b}' && chars.next_if_eq(&'\\').is_some())
                            {
                                break;
                            }
                        }
                    }
                    _ => {
                        chars.next();
                    }
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell a spreadsheet will not execute: cells starting with =, +, @, a tab or CR, or - followed
/// by something other than a digit get a leading apostrophe.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = cell.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !matches!(chars.next(), Some(c) if c.is_ascii_digit()),
        _ => false,
    };
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Text safe inside Markdown (GitHub flavour), table cells included: control characters dropped,
/// line breaks joined, and characters that make markup or split a table escaped.
pub fn markdown_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal_safe(text).chars() {
        if matches!(
            c,
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A plain text table with aligned columns; numbers right-aligned.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Table {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.into_iter().map(|c| terminal_safe(&c)).collect());
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let numeric: Vec<bool> = (0..self.headers.len())
            .map(|i| {
                self.rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|c| looks_numeric(c)))
            })
            .collect();
        let line = |cells: &[String], out: &mut dyn Write| -> io::Result<()> {
            let mut parts = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(width(cell));
                let last = i + 1 == cells.len();
                parts.push(if numeric[i] {
                    format!("{}{cell}", " ".repeat(pad))
                } else if last {
                    cell.clone()
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                });
            }
            writeln!(out, "{}", parts.join("  ").trim_end())
        };
        line(&self.headers, out)?;
        for row in &self.rows {
            line(row, out)?;
        }
        Ok(())
    }
}

fn looks_numeric(cell: &str) -> bool {
    let c = cell
        .trim_end_matches(['%', '*'])
        .replace([',', '+', '±', ' ', '(', ')', '.', '-'], "");
    cell.is_empty() || cell == "-" || (!c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()))
}

/// Serialises `value` as pretty JSON followed by a newline.
pub fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// "12.3" with one decimal; "-" for none.
pub fn pct(v: f64) -> String {
    format!("{v:.1}")
}

/// 12345 -> "12,345".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_strips_escapes_and_controls() {
        assert_eq!(terminal_safe("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(terminal_safe("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(terminal_safe("line\nbreak\u{0}\u{7}"), "line break");
        assert_eq!(terminal_safe("\u{202e}evil"), "evil");
        assert_eq!(terminal_safe("café 😀"), "café 😀");
    }

    #[test]
    fn csv_cells_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1 555"), "'+1 555");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-cmd"), "'-cmd");
        assert_eq!(spreadsheet_safe("-5"), "-5");
        assert_eq!(spreadsheet_safe("fine"), "fine");
    }

    #[test]
    fn tables_align() {
        let mut t = Table::new(["group", "n"]);
        t.row(vec!["Pro".into(), "1,200".into()]);
        t.row(vec!["Enterprise".into(), "7".into()]);
        let mut out = Vec::new();
        t.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "group           n\nPro         1,200\nEnterprise      7\n"
        );
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
