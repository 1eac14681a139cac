//! The README's examples are tests: every `$ verbatim ...` line in a README code block is run
//! through `sh -c` (with this build's `verbatim` first on the PATH, standard error joined to
//! standard output) in a folder holding the bundled `fixtures/`, in README order, so the
//! `ingest` example makes the index the later ones read. Its output must be the lines under the
//! command, up to the next `$` line or the end of the block; a line `...` stands for any number of
//! lines. Trailing spaces are ignored.

use std::path::Path;
use std::process::Command as Process;

/// One documented command and what the README says it prints.
#[derive(Debug)]
struct Example {
    /// 1-based line of the command in README.md.
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// Every `$ verbatim` example of the README's code blocks, in order.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut in_example = false;
    for (k, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_block = !in_block;
            in_example = false;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            in_example = command.starts_with("verbatim ");
            if in_example {
                out.push(Example {
                    line: k + 1,
                    command: command.to_string(),
                    expected: Vec::new(),
                });
            }
        } else if in_example {
            out.last_mut()
                .expect("an example is open")
                .expected
                .push(line.trim_end().to_string());
        }
    }
    out
}

/// Whether `actual` is `expected`, where a line `...` in `expected` stands for any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == first && matches(rest, more)),
    }
}

#[test]
fn elided_lines_match_any_lines() {
    let e = |lines: &[&str]| lines.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&e(&["a", "...", "d"]), &["a", "d"]));
    assert!(matches(&e(&["a", "..."]), &["a", "b"]));
    assert!(!matches(&e(&["a", "...", "d"]), &["a", "b", "c"]));
    assert!(!matches(&e(&["a", "b"]), &["a", "b", "c"]));
    assert!(matches(&e(&["a"]), &["a   "]));
}

#[test]
fn readme_examples_print_what_the_commands_print() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "the README has only {} examples",
        examples.len()
    );
    let work = super::tmp();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("fixtures"), work.path().join("fixtures"))
        .expect("link fixtures");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_verbatim"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut failures = Vec::new();
    for example in &examples {
        let out = Process::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", example.command))
            .current_dir(work.path())
            .env("PATH", &path)
            .env_remove("VERBATIM_INDEX")
            .env("COLUMNS", "100")
            .output()
            .expect("run sh");
        let printed = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = printed.lines().collect();
        if !matches(&example.expected, &lines) {
            let shown: Vec<&str> = lines.iter().take(80).copied().collect();
            failures.push(format!(
                "README.md:{}: `{}` printed (exit {:?}){}:\n{}\n--- the README shows:\n{}",
                example.line,
                example.command,
                out.status.code(),
                if lines.len() > shown.len() {
                    format!(", first {} of {} lines", shown.len(), lines.len())
                } else {
                    String::new()
                },
                shown.join("\n"),
                example.expected.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} README examples differ from what the commands print; update the README (or the code):\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n\n")
    );
}
