//! `verbatim themes`

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{Context, QuestionFlag, ScopeFlags, UsageFlags};
use crate::index::Store;
use crate::search::Scope;
use crate::themes::codebook::Codebook;
use crate::themes::print;
use crate::themes::{themes, Kind, ThemeGroupBy, ThemeOptions};

/// `--kind`: the kinds of mention a theme can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Complaint,
    Ask,
    Praise,
    /// Mentioned without praise, complaint or ask ("we flew to Boston").
    Neutral,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Kind {
        match kind {
            KindArg::Complaint => Kind::Complaint,
            KindArg::Ask => Kind::Ask,
            KindArg::Praise => Kind::Praise,
            KindArg::Neutral => Kind::Neutral,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiscoverIn {
    /// Every response of the index
    Index,
    /// Only the responses in scope
    Scope,
}

/// `--quarters`: the latest N quarters, or all (None).
#[derive(Debug, Clone, Copy)]
pub struct Quarters(pub Option<usize>);

fn parse_quarters(s: &str) -> Result<Quarters, String> {
    match s.trim().to_lowercase().as_str() {
        "all" => Ok(Quarters(None)),
        n => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .map(|n| Quarters(Some(n)))
            .ok_or_else(|| format!("'{s}' is not 'all' or a number of quarters")),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ThemeFormat {
    Table,
    Json,
    Csv,
    Md,
}

#[derive(Debug, Args)]
#[command(
    mut_arg("usage_col", |a| a.help("Numeric usage column for `--by quadrant` (usage quadrants)")),
    mut_arg("usage_split", |a| a.help("Quadrant lines: usage=N|median, satisfaction=promoter|passive|satisfied|neutral"))
)]
#[command(
    after_help = "Themes name what comments are about (nouns, noun phrases and events, never moods like \"great\" or \
filler like \"told\"), with facets one level down. They are discovered once over the whole index (cached by commit) \
and counted in the scope: --quarter, --band, --where, --from/--to and --query only choose the responses counted, \
--by only groups them (--discover-in scope re-discovers inside the scope). Mentions count responses; share is of \
the group's responses with comments; lift compares the share with the rest of the scope, and * marks a theme \
over-represented in its group (Benjamini-Hochberg at 5%, at least 5 mentions); impact is the NPS/CSAT of the \
mentioning responses minus the scope's. Each mention takes the kind of the sentence it is in: complaint, ask, \
praise (counts may sum to more than mentions). English comments also form aspect themes from evaluative words \
(a bundled table: \"slow\" judges speed, \"cheap\" price, \"rude\" staff manner): such a word mentions its aspect only \
where it qualifies no other theme's word in its clause (\"cheap fabric\" is about the fabric); a theme that a noun \
naming the aspect labels (\"price\") takes its words, otherwise the theme is labelled with the aspect (\"speed\") \
and its facets are the nouns the words qualify. \
Names (words respondents capitalise mid-sentence in most of \
their uses: brands, rivals, places, products) are listed apart under \"names mentioned\", with their own mentions, \
kinds and quotes; a name may be a facet, never the label of a theme that a common noun can carry."
)]
pub struct ThemesArgs {
    /// Group by band, quarter, none, or a segment column (plan, region...)
    #[arg(long, default_value = "band", value_parser = |s: &str| s.parse::<ThemeGroupBy>())]
    pub by: ThemeGroupBy,
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Only responses matching this search query
    #[arg(long)]
    pub query: Option<String>,
    /// Themes per group
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// Only themes of this kind; repeatable
    #[arg(long, value_enum)]
    pub kind: Vec<KindArg>,
    /// Example quotes per theme, at most: each a sentence holding the theme's label or a facet's
    /// label, so a small scope may show fewer
    #[arg(long, default_value_t = 3)]
    pub quotes: usize,
    #[command(flatten)]
    pub usage: UsageFlags,
    /// Also list the themes whose share rose from the previous quarter to the latest
    #[arg(long)]
    pub emerging: bool,
    /// Count each theme per value of this segment column (theme by segment table)
    #[arg(long, value_name = "COLUMN")]
    pub segments: Option<String>,
    /// Where themes are discovered: over the whole index (one stable set), or inside the scope
    #[arg(long, value_enum, default_value = "index")]
    pub discover_in: DiscoverIn,
    /// Quarter columns of `--by quarter` tables: the latest N, or all
    #[arg(long, default_value = "8", value_parser = parse_quarters)]
    pub quarters: Quarters,
    /// Codebook of named themes and pinned facets, ignored words, renames and merges (TOML; see docs/CODEBOOK.md)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Write the themes found, with their facets, as a starting codebook to edit
    #[arg(long, value_name = "FILE.toml")]
    pub save_codebook: Option<std::path::PathBuf>,
    /// Show emails, phone numbers and card-like numbers in quotes (masked by default)
    #[arg(long)]
    pub no_redact: bool,
    #[command(flatten)]
    pub show: super::ShowFlags,
    /// Under each theme, every word and phrase with the measures that placed it: salience (G2),
    /// opinion share, similarity to its cluster, the share of its sentences holding its cluster's
    /// core (and another's, when it moved), WordNet categories, facet merges, the theme its theme
    /// joined (NPMI of their sentences) or stays apart from (the two would reach most responses),
    /// names (JSON: words[].why); then the words left out as narration of the respondent's
    /// situation ("customer" in "Been a customer since 2021"), with their phrases (JSON:
    /// narration)
    #[arg(long)]
    pub explain: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: ThemeFormat,
}

impl ThemesArgs {
    /// The library's options for this command line; `--by quadrant` reads the usage quadrants
    /// of the scope.
    pub fn to_options(&self, store: &Store, scope: &Scope) -> crate::error::Result<ThemeOptions> {
        let by_quadrant = matches!(&self.by, ThemeGroupBy::Column(c) if c == "quadrant");
        let quadrants = if by_quadrant {
            self.usage.quadrants(store, scope, true)?
        } else {
            None
        };
        let by = match quadrants {
            Some(q) => ThemeGroupBy::Custom("quadrant".into(), q.of),
            None => self.by.clone(),
        };
        Ok(ThemeOptions {
            by,
            top: self.top.max(1),
            min_mentions: self.min_mentions,
            query: self.query.clone(),
            kinds: self.kind.iter().map(|&k| k.into()).collect(),
            quotes: self.quotes,
            redact: !self.no_redact,
            emerging: self.emerging,
            segments: self.segments.clone(),
            codebook: self.codebook.as_deref().map(Codebook::load).transpose()?,
            sample: crate::themes::corpus::SAMPLE_DOCS,
            discover_in_scope: self.discover_in == DiscoverIn::Scope,
            question: None,
            full_quotes: self.show.full,
            read_only: false,
            explain: self.explain,
        })
    }
}

pub fn run(ctx: &Context, args: &ThemesArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut options = args.to_options(&store, &scope)?;
    // Each open question is counted on its own answers, in a section of its own.
    let mut reports = Vec::new();
    for question in args.question.sections(&store)? {
        options.question = question.map(|q| q.index);
        reports.push(themes(&store, &scope, &options)?);
    }
    // Quotes in tables carry the segment columns that matter (or those of --show); JSON and CSV
    // keep every one.
    if args.quotes > 0 && matches!(args.format, ThemeFormat::Table | ThemeFormat::Md) {
        let shown = args.show.columns(&store, &scope)?;
        for report in &mut reports {
            print::keep_quote_segments(report, &shown);
        }
    }
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = reports
            .iter()
            .map(|r| r.codebook_unmatched.as_slice())
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    if let Some(path) = &args.save_codebook {
        let mut book = options.codebook.clone().unwrap_or_default();
        for report in &reports {
            book = book.with_themes_of(&store, report);
        }
        book.save(path)?;
        eprintln!("wrote the themes as a codebook to {}", path.display());
    }
    match args.format {
        ThemeFormat::Json => print::write_json(&reports, out)?,
        ThemeFormat::Csv => print::write_csv(&reports, out)?,
        ThemeFormat::Md => print::write_markdown(&reports, args.quarters.0, out)?,
        ThemeFormat::Table => print::write_tables(&reports, args.quarters.0, out)?,
    }
    let found = reports
        .iter()
        .any(|r| r.groups.iter().any(|g| !g.themes.is_empty()));
    Ok(if found {
        super::exit::OK
    } else {
        super::exit::NO_RESULTS
    })
}
