//! `verbatim drivers`

use std::io::Write;

use clap::{Args, ValueEnum};

use super::themes::KindArg;
use super::{Context, QuestionFlag, ScopeFlags};
use crate::themes::codebook::Codebook;
use crate::themes::drivers::{drivers, ChangeSpan, DriverOptions};
use crate::themes::drivers_print as print;
use crate::themes::{ThemeGroupBy, ThemeOptions};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DriverFormat {
    Table,
    Json,
    Csv,
    Md,
}

/// `--change`: `last`, or FROM:TO quarters.
fn parse_change(s: &str) -> Result<ChangeSpan, String> {
    if s.trim().eq_ignore_ascii_case("last") {
        return Ok(ChangeSpan::Last);
    }
    match s.split_once(':') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok(ChangeSpan::Between(
            a.trim().to_uppercase(),
            b.trim().to_uppercase(),
        )),
        _ => Err(format!(
            "'{s}' is not `last` or two quarters as FROM:TO, e.g. 2026Q2:2026Q3"
        )),
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Ranks the themes `verbatim tag` carries (the --top first of the set, discovered over the whole index) \
by their impact on the scope's score: the NPS/CSAT/FFT/net rating of every scored response in scope minus the same \
without the responses mentioning the theme (for NPS: n_T (NPS_T - NPS_all) / (N - n_T)), most negative first. \
complaint/ask/praise/neutral: the same over the responses mentioning the theme that way (the one kind `tag` gives each; \
the parts need not add up to the whole). Margins by the delta method; * marks an impact significant at 5% after \
Benjamini-Hochberg over every impact shown. Quadrants: fix first (share at or above the median, impact below 0), \
watch (share below the median, impact below 0), strength (share at or above the median, impact at or above 0), minor. \
An association, not a cause."
)]
pub struct DriversArgs {
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Rank by the impact of the responses mentioning each theme this way
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Themes of the set ranked (the set `verbatim tag` uses)
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Rank the themes only, without their facets
    #[arg(long)]
    pub no_facets: bool,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// The themes whose impact in a value of this segment column differs from the rest of the scope
    #[arg(long, value_name = "COLUMN")]
    pub segments: Option<String>,
    /// Split the score change between two quarters over the themes: `last` (the last two in scope) or FROM:TO (2026Q2:2026Q3)
    #[arg(long, value_name = "last|FROM:TO", value_parser = parse_change)]
    pub change: Option<ChangeSpan>,
    /// Codebook of named themes and pinned facets, ignored words, renames and merges (TOML)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: DriverFormat,
}

impl DriversArgs {
    pub fn to_options(&self) -> crate::error::Result<DriverOptions> {
        Ok(DriverOptions {
            themes: ThemeOptions {
                by: ThemeGroupBy::None,
                top: self.top.clamp(1, 64),
                min_mentions: self.min_mentions,
                quotes: 0,
                codebook: self.codebook.as_deref().map(Codebook::load).transpose()?,
                ..Default::default()
            },
            rank_by: self.kind.map(Into::into),
            facets: !self.no_facets,
            segments: self.segments.clone(),
            change: self.change.clone(),
        })
    }
}

pub fn run(ctx: &Context, args: &DriversArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut options = args.to_options()?;
    let mut reports = Vec::new();
    for question in args.question.sections(&store)? {
        options.themes.question = question.map(|q| q.index);
        reports.push(drivers(&store, &scope, &options)?);
    }
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = reports
            .iter()
            .map(|r| r.codebook_unmatched.as_slice())
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    if let (Some(ChangeSpan::Between(a, b)), Some(r)) = (&args.change, reports.first()) {
        if r.change.is_none() && store.meta.scale.is_some() {
            eprintln!("no score change split: {a} or {b} has no scored response in scope (--quarter narrows the scope to one quarter; drop it with --change)");
        }
    }
    match args.format {
        DriverFormat::Json => print::write_json(&reports, out)?,
        DriverFormat::Csv => print::write_csv(&reports, out)?,
        DriverFormat::Md => print::write_markdown(&reports, out)?,
        DriverFormat::Table => print::write_tables(&reports, out)?,
    }
    Ok(if reports.iter().any(|r| !r.drivers.is_empty()) {
        super::exit::OK
    } else {
        super::exit::NO_RESULTS
    })
}
