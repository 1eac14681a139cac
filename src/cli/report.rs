//! `verbatim report`: the quarterly theme report.

use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};

use super::{Context, QuestionFlag, ScopeFlags};
use crate::index::Store;
use crate::report::{build, html, markdown, ReportOptions};
use crate::themes::codebook::Codebook;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The report quarter is --quarter (default: the latest in the data), compared with the quarter \
before it or --compare. HTML is one self-contained page (inline CSS and SVG charts, no scripts); Markdown and JSON go \
to standard output unless --out is given. JSON follows docs/REPORT_SCHEMA.md. Where the index has several open \
questions, each gets its own complaints, asks, praise and what changed (the first also feeds the heat maps, trend and \
quadrants); --question N|HEADER reports on one."
)]
pub struct ReportArgs {
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Quarter to compare with [default: the one before the report quarter]
    #[arg(long, value_name = "QUARTER")]
    pub compare: Option<String>,
    /// md (Markdown to a file or pipe; on a terminal, the same text without Markdown's escapes), html or json
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Write the report to this file (required for html)
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Codebook of named themes, so a theme keeps its name from quarter to quarter
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Themes per list
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    /// Segment columns to report on [default: at most three whose values differ in score or themes]
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    pub segments: Option<Vec<String>>,
    #[command(flatten)]
    pub show: super::ShowFlags,
    #[command(flatten)]
    pub context: super::ContextFlags,
}

/// The command line as the user would type it (`verbatim report ...`, not the binary's path),
/// quoted where a shell would need it.
fn command_line() -> String {
    std::iter::once("verbatim".to_string())
        .chain(std::env::args().skip(1))
        .map(|a| {
            if a.is_empty()
                || a.chars()
                    .any(|c| c.is_whitespace() || "\"'$`\\*?;&|<>()".contains(c))
            {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl ReportArgs {
    /// The library's options for this command line; the store tells which open questions get a
    /// section.
    pub fn to_options(&self, store: &Store) -> crate::error::Result<ReportOptions> {
        Ok(ReportOptions {
            quarter: None,
            compare: self.compare.clone(),
            codebook: self.codebook.as_deref().map(Codebook::load).transpose()?,
            top: self.top.max(1),
            command: command_line(),
            churn: self.context.churn.to_options(),
            usage: self
                .context
                .usage
                .usage_col
                .clone()
                .map(|c| (c, self.context.usage.usage_split)),
            questions: self
                .question
                .sections(store)?
                .into_iter()
                .flatten()
                .collect(),
            segments: self.segments.clone(),
            show: self.show.show.clone(),
            full_quotes: self.show.full,
            read_only: false,
        })
    }
}

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    if matches!(args.format, ReportFormat::Html) && args.out.is_none() {
        anyhow::bail!("--format html needs --out FILE.html");
    }
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let options = args.to_options(&store)?;
    let report = build(&store, &scope, &options)?;
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = report
            .codebook_unmatched
            .iter()
            .map(Vec::as_slice)
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    let text = match args.format {
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        ReportFormat::Md => markdown::render(&report),
        ReportFormat::Html => html::render(&report),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| crate::error::Error::io(path, e))?;
            if !ctx.quiet {
                // A scope of only the quarter says nothing the quarter does not.
                let scope = if report.scope == report.quarter {
                    String::new()
                } else {
                    format!(" for {}", report.scope)
                };
                eprintln!(
                    "wrote the {} report{scope} to {}",
                    report.quarter,
                    path.display()
                );
            }
        }
        // Markdown read on a terminal shows its escapes (\*, \>=): a terminal gets the text
        // without them; a file or a pipe gets the Markdown.
        None if matches!(args.format, ReportFormat::Md) && std::io::stdout().is_terminal() => {
            out.write_all(unescape_markdown(&text).as_bytes())?
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(super::exit::OK)
}

/// Markdown's backslash escapes of punctuation removed, for reading on a terminal.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn terminal_text_drops_markdown_escapes() {
        assert_eq!(
            super::unescape_markdown(r"a \*b\* \>= 3 C:\x"),
            r"a *b* >= 3 C:\x"
        );
    }
}
