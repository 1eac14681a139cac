//! Search hits for people and spreadsheets: the counts, the marked snippets and the CSV of a
//! search, beside the results they print.

use std::io::{self, Write};

use super::{stopword_list, Hit, SearchResults};
use crate::analysis::Analyzer;
use crate::output::{spreadsheet_safe, terminal_safe, thousands};
use crate::score::Band;

/// The hits for people: the counts by band, the words left out of the query, each hit with its
/// matches marked (`bold` on a terminal, else in brackets), and how many were not shown.
pub fn write_table(
    results: &SearchResults,
    analyzer: &Analyzer,
    bold: bool,
    full: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut counts = vec![format!(
        "{} responses match \"{}\" in {}",
        thousands(results.total),
        results.query,
        results.scope
    )];
    if let Some(names) = results.band_names {
        let parts: Vec<_> = Band::ALL
            .iter()
            .map(|&b| {
                format!(
                    "{} {}s ({:.1}%)",
                    thousands(results.by_band.get(b)),
                    names[b as usize],
                    results.by_band.percent(b)
                )
            })
            .collect();
        counts.push(parts.join(", "));
        if results.by_band.unscored > 0 {
            counts.push(format!("{} unscored", thousands(results.by_band.unscored)));
        }
    }
    writeln!(out, "{}", terminal_safe(&counts.join("; ")))?;
    if !results.ignored.is_empty() {
        let words: Vec<String> = results.ignored.iter().map(|w| format!("'{w}'")).collect();
        writeln!(
            out,
            "(left out of the query: {}, too common to be indexed; stopwords are {})",
            terminal_safe(&words.join(", ")),
            stopword_list(analyzer)
        )?;
    }
    if !results.added.is_empty() {
        writeln!(
            out,
            "(also matched: {}; --exact matches the words as typed)",
            terminal_safe(&results.added.join(", "))
        )?;
    }
    if let Some(e) = &results.explanation {
        write_explanation(e, out)?;
    }
    for h in &results.hits {
        writeln!(out)?;
        write_hit(h, bold, full, out)?;
    }
    if results.total as usize > results.hits.len() {
        writeln!(
            out,
            "\n(showing {} of {}; use --limit to see more)",
            results.hits.len(),
            thousands(results.total)
        )?;
    }
    Ok(())
}

/// Which words of the query one response holds, and why it is a hit or not.
fn write_explanation(e: &super::explain::Explanation, out: &mut dyn Write) -> io::Result<()> {
    let verdict = if e.hit { "a hit" } else { "not a hit" };
    writeln!(out, "\n{} is {verdict}: {}", terminal_safe(&e.id), e.why)?;
    for u in &e.units {
        let sign = match (u.required, u.excluded) {
            (true, _) => "+",
            (_, true) => "-",
            _ => "",
        };
        let by = match &u.matched_by {
            Some(f) if u.synonym => format!("matched by the synonym '{}'", terminal_safe(f)),
            Some(_) => "matched".to_string(),
            None => "not matched".to_string(),
        };
        writeln!(
            out,
            "  {sign}{:<24} weight {:>4.1}  {by}",
            terminal_safe(&u.word),
            u.weight
        )?;
    }
    Ok(())
}

/// The hits as CSV, every segment column in one cell; `raw` leaves formula-like cells as they
/// are.
pub fn write_csv(results: &SearchResults, raw: bool, out: &mut dyn Write) -> io::Result<()> {
    let cell = |s: &str| {
        if raw {
            s.to_string()
        } else {
            spreadsheet_safe(s).into_owned()
        }
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id", "date", "quarter", "score", "band", "segments", "snippet", "text",
    ])?;
    for h in &results.hits {
        let segs: Vec<_> = h.segments.iter().map(|(k, v)| format!("{k}={v}")).collect();
        w.write_record([
            cell(&h.id),
            h.date.clone().unwrap_or_default(),
            h.quarter.clone().unwrap_or_default(),
            h.score.map(|s| s.to_string()).unwrap_or_default(),
            h.band.clone(),
            cell(&segs.join("; ")),
            cell(&h.snippet),
            cell(&h.text),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn write_hit(h: &Hit, bold: bool, full: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let mut head = vec![h.id.clone()];
    head.extend(h.date.clone());
    if let Some(s) = h.score {
        head.push(format!("score {s}"));
    }
    head.push(h.band.clone());
    head.extend(h.segments.iter().map(|(k, v)| format!("{k}: {v}")));
    writeln!(out, "{}", terminal_safe(&head.join(" | ")))?;
    let (text, ranges) = if full {
        (&h.text, &h.text_highlights)
    } else {
        (&h.snippet, &h.highlights)
    };
    // Highlight first, then make each piece safe, so escapes in comments cannot leak through.
    let (open, close) = if bold {
        ("\u{1b}[1m", "\u{1b}[0m")
    } else {
        ("[", "]")
    };
    // Line breaks are kept (a whole comment's paragraphs), every other control character goes.
    let safe = |s: &str| {
        s.split('\n')
            .map(terminal_safe)
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut marked = String::new();
    let mut at = 0;
    for &(start, end) in ranges {
        marked.push_str(&safe(&text[at..start]));
        marked.push_str(open);
        marked.push_str(&safe(&text[start..end]));
        marked.push_str(close);
        at = end;
    }
    marked.push_str(&safe(&text[at..]));
    // A whole comment keeps its lines, each indented.
    for line in text_lines(&marked) {
        if line.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// The lines of a comment, without empty ones at either end.
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.trim_matches(|c: char| c == '\n' || c == '\r')
        .lines()
        .map(str::trim_end)
}
