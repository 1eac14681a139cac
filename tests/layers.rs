//! The house rules of `src/`, checked on every test run so that a change cannot quietly undo
//! them: each top-level module imports only the layers below it (no cycle can form), no file
//! passes 800 lines and no function 150 (in-file test modules aside). docs/ARCHITECTURE.md draws
//! the layers.
//!
//! Imports are read from every `crate::<module>` path of non-test code (use lines, grouped uses
//! and inline calls alike) and from `super::` paths that climb to the crate root.

use std::path::{Path, PathBuf};

use regex::Regex;

/// The layers from the ground up. A module may use the modules of lower layers only; the ground
/// modules use none of the crate's modules.
const LAYERS: &[&[&str]] = &[
    &["analysis", "score", "output", "error", "threads"],
    &["index"],
    &["ingest"],
    &["search"],
    &["stats"],
    &["themes"],
    &["context"],
    &["report"],
    &["serve"],
    &["cli"],
];

const MAX_FILE_LINES: usize = 800;
const MAX_FUNCTION_LINES: usize = 150;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The code with comments, string and character literals blanked out (their line breaks kept,
/// so line numbers still hold): braces, `fn` and `crate::` inside them are not code.
fn blank_literals(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, piece: &str| {
        out.extend(piece.chars().map(|c| if c == '\n' { '\n' } else { ' ' }))
    };
    while i < bytes.len() {
        let rest = &text[i..];
        let end = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            rest.find("*/").map_or(rest.len(), |e| e + 2)
        } else if let Some((open, hashes)) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            rest[open..]
                .find(&close)
                .map_or(rest.len(), |e| open + e + close.len())
        } else if rest.starts_with('"') || rest.starts_with("b\"") {
            let start = if rest.starts_with('"') { 1 } else { 2 };
            let mut j = start;
            let rb = rest.as_bytes();
            while j < rb.len() && rb[j] != b'"' {
                j += if rb[j] == b'\\' { 2 } else { 1 };
            }
            (j + 1).min(rest.len())
        } else if let Some(len) = char_literal(rest) {
            len
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        blank(&mut out, &rest[..end]);
        i += end;
    }
    out
}

/// `r"`, `r#"`, `br##"`...: the length of the opening (up to the quote) and the number of
/// hashes, when a raw string starts here.
fn raw_string_start(rest: &str) -> Option<(usize, usize)> {
    let after_r = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let opening = rest.len() - after_r.len() + hashes + 1;
    after_r[hashes..]
        .starts_with('"')
        .then_some((opening, hashes))
}

/// The length of a character literal starting here ('x', '\n', '\u{..}'), not a lifetime.
fn char_literal(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('\'')?;
    if let Some(escaped) = body.strip_prefix('\\') {
        let after = escaped.chars().next()?.len_utf8();
        return escaped[after..].find('\'').map(|e| e + after + 3);
    }
    let c = body.chars().next()?;
    body[c.len_utf8()..]
        .starts_with('\'')
        .then_some(c.len_utf8() + 2)
}

/// Byte ranges of the items marked `#[cfg(test)]` (a test module, a helper), in blanked code.
fn test_items(code: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("#[cfg(test)]") {
        let start = from + found;
        let bytes = code.as_bytes();
        let mut j = start + "#[cfg(test)]".len();
        let mut depth = 0usize;
        let mut end = code.len();
        while j < bytes.len() {
            match bytes[j] {
                b';' if depth == 0 => {
                    end = j + 1;
                    break;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        ranges.push((start, end));
        from = end;
    }
    ranges
}

/// The blanked code with its test items blanked too, and the number of lines they took.
fn non_test_code(text: &str) -> (String, usize) {
    let mut code = blank_literals(text);
    let mut test_lines = 0;
    for (start, end) in test_items(&code) {
        test_lines += code[start..end].matches('\n').count() + 1;
        let blanked: String = code[start..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        code.replace_range(start..end, &blanked);
    }
    (code, test_lines)
}

/// The module path of a file under src/ (`src/themes/corpus.rs` -> themes, corpus).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    if last != "mod.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// One broken rule, as a line of the failure message.
type Violation = String;

/// Every broken rule in the files given as (path under src/, text).
fn violations(files: &[(PathBuf, String)]) -> Vec<Violation> {
    let crate_path = Regex::new(r"\bcrate::(\w+)").unwrap();
    let grouped = Regex::new(r"\bcrate::\{([^}]*)\}").unwrap();
    let supers = Regex::new(r"\b((?:super::)+)(\w+)").unwrap();
    let function = Regex::new(r"\bfn\s+(\w+)").unwrap();
    let mut found = Vec::new();
    for (rel, text) in files {
        let path = module_path(rel);
        let Some(top) = path.first().cloned() else {
            continue;
        };
        let (code, test_lines) = non_test_code(text);
        let line_of = |at: usize| code[..at].matches('\n').count() + 1;
        let shown = Path::new("src").join(rel);
        if let Some(own) = layer_of(&top) {
            let mut used: Vec<(String, usize)> = Vec::new();
            for m in crate_path.captures_iter(&code) {
                used.push((m[1].to_string(), m.get(0).unwrap().start()));
            }
            for m in grouped.captures_iter(&code) {
                for name in m[1].split(',') {
                    let name = name.trim().split("::").next().unwrap_or("").trim();
                    used.push((name.to_string(), m.get(0).unwrap().start()));
                }
            }
            for m in supers.captures_iter(&code) {
                let climbs = m[1].matches("super::").count();
                if climbs >= path.len() {
                    used.push((m[2].to_string(), m.get(0).unwrap().start()));
                }
            }
            for (module, at) in used {
                let Some(theirs) = layer_of(&module) else {
                    continue;
                };
                let upward = theirs > own || (theirs == own && module != top);
                if upward {
                    found.push(format!(
                        "{}:{}: {top} uses {module}, which is not in a layer below it",
                        shown.display(),
                        line_of(at)
                    ));
                }
            }
        }
        let counted = text.lines().count().saturating_sub(test_lines);
        if counted > MAX_FILE_LINES {
            found.push(format!(
                "{}: {counted} lines of non-test code, over {MAX_FILE_LINES}",
                shown.display()
            ));
        }
        let mut from = 0;
        while let Some(m) = function.captures_at(&code, from) {
            let whole = m.get(0).unwrap();
            let Some(body) = body_span(&code, whole.end()) else {
                from = whole.end();
                continue;
            };
            let length = line_of(body.1) - line_of(whole.start()) + 1;
            if length > MAX_FUNCTION_LINES {
                found.push(format!(
                    "{}:{}: fn {} is {length} lines, over {MAX_FUNCTION_LINES}",
                    shown.display(),
                    line_of(whole.start()),
                    &m[1]
                ));
            }
            from = body.1;
        }
    }
    found
}

/// Where the body of a function whose signature starts at `from` opens and closes; None for a
/// declaration without a body (`fn f();` in a trait).
fn body_span(code: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = code.as_bytes();
    let mut nesting = 0i32;
    let mut open = None;
    for (j, &b) in bytes.iter().enumerate().skip(from) {
        match b {
            b'(' | b'[' => nesting += 1,
            b')' | b']' => nesting -= 1,
            b';' if nesting == 0 => return None,
            b'{' if nesting == 0 => {
                open = Some(j);
                break;
            }
            _ => {}
        }
    }
    let open = open?;
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open, j));
                }
            }
            _ => {}
        }
    }
    None
}

/// Every .rs file under `dir`, as (path relative to `dir`, text), in path order.
fn rust_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                if rel != Path::new("lib.rs") && rel != Path::new("main.rs") {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    files.push((rel, text));
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn src_keeps_its_layers_and_sizes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    assert!(files.len() > 50, "src/ should hold the crate's files");
    let found = violations(&files);
    assert!(
        found.is_empty(),
        "src/ breaks the layout rules (layers, from the ground up: {}):\n{}",
        LAYERS
            .iter()
            .map(|l| l.join(", "))
            .collect::<Vec<_>>()
            .join(" < "),
        found.join("\n")
    );
}

fn one(path: &str, text: &str) -> Vec<Violation> {
    violations(&[(PathBuf::from(path), text.to_string())])
}

#[test]
fn a_planted_upward_call_is_caught_in_every_form() {
    let inline = "pub fn f() {\n    crate::context::facts::facts(1);\n}\n";
    let found = one("stats/mod.rs", inline);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("src/stats/mod.rs:2: stats uses context"),
        "{found:?}"
    );
    assert_eq!(one("index/store.rs", "use crate::cli::main;\n").len(), 1);
    assert_eq!(
        one(
            "search/query.rs",
            "use crate::{index::Store, stats::GroupCollector};\n"
        )
        .len(),
        1
    );
    assert_eq!(one("score/mod.rs", "use super::output::table;\n").len(), 1);
    assert_eq!(
        one("themes/corpus.rs", "use super::super::serve::x;\n").len(),
        1
    );
    // A ground module uses no other ground module.
    assert_eq!(one("analysis/mod.rs", "use crate::score::Band;\n").len(), 1);
}

#[test]
fn downward_uses_tests_comments_and_strings_are_allowed() {
    let text = "use crate::{index::Store, search::Scope};\n\
        use super::corpus::Doc;\n\
        // crate::cli::main() in a comment\n\
        const S: &str = \"crate::serve::x {\";\n\
        fn f() -> char { '{' }\n\
        #[cfg(test)]\n\
        mod tests {\n    use crate::cli::main;\n}\n";
    assert_eq!(one("themes/count.rs", text), Vec::<String>::new());
}

#[test]
fn long_files_and_functions_are_caught_but_test_modules_do_not_count() {
    let long_fn = format!("fn long() {{\n{}}}\n", "    let x = 1;\n".repeat(150));
    let found = one("themes/count.rs", &long_fn);
    assert_eq!(
        found,
        vec!["src/themes/count.rs:1: fn long is 152 lines, over 150"]
    );
    let short_fn = format!("fn short() {{\n{}}}\n", "    let x = 1;\n".repeat(148));
    assert!(one("themes/count.rs", &short_fn).is_empty());

    let many = "const A: u8 = 1;\n".repeat(801);
    assert_eq!(one("report/build.rs", &many).len(), 1);
    let with_tests = format!(
        "{}#[cfg(test)]\nmod tests {{\n{}}}\n",
        "const A: u8 = 1;\n".repeat(700),
        "    const B: u8 = 2;\n".repeat(400)
    );
    assert!(one("report/build.rs", &with_tests).is_empty());
}
