//! `verbatim tag`: every response with the themes it carries, for joining back into BI tools.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::{Context, QuestionFlag, ScopeFlags};
use crate::themes::tag_lines::{TagFormat, TagLines};
use crate::themes::{tag, ThemeGroupBy, ThemeOptions};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TagFormatArg {
    Csv,
    Jsonl,
}

impl From<TagFormatArg> for TagFormat {
    fn from(format: TagFormatArg) -> TagFormat {
        match format {
            TagFormatArg::Csv => TagFormat::Csv,
            TagFormatArg::Jsonl => TagFormat::Jsonl,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "The theme set is discovered once over the whole index (the --top strongest themes, default 20); \
the scope flags only choose which responses are written. Each response lists the themes whose words it uses, \
strongest (rarest words matched) first; `facets` the sub-themes it carries; `theme_kinds` how it speaks of each theme \
(ask if a sentence about it asks, else complaint if one is negative, else praise if one is positive, else neutral); \
`sentiment` the response overall (positive, negative, neutral, or mixed: a clearly positive and a clearly negative \
sentence). Where the index has several open questions, each gets its own columns (q1_themes, q1_facets...), \
counted on its answer alone; --question N|HEADER writes one question's columns only."
)]
pub struct TagArgs {
    #[command(flatten)]
    pub scope: ScopeFlags,
    #[command(flatten)]
    pub question: QuestionFlag,
    /// Themes in the global set
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Fewest responses a theme's terms must appear in [default: 0.2% of responses, at least 5]
    #[arg(long)]
    pub min_mentions: Option<u32>,
    /// Codebook of named themes and pinned facets, ignored words, renames and merges (TOML)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
    /// Write to this file instead of standard output
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TagFormatArg,
    /// Write CSV cells raw (no defusing of formula-like text)
    #[arg(long)]
    pub raw: bool,
}

impl TagArgs {
    /// The library's options for this command line: one global theme set, no quotes.
    pub fn to_options(&self) -> crate::error::Result<ThemeOptions> {
        Ok(ThemeOptions {
            by: ThemeGroupBy::None,
            top: self.top.max(1),
            min_mentions: self.min_mentions,
            quotes: 0,
            codebook: self
                .codebook
                .as_deref()
                .map(crate::themes::codebook::Codebook::load)
                .transpose()?,
            ..Default::default()
        })
    }
}

pub fn run(ctx: &Context, args: &TagArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut options = args.to_options()?;
    // One tagging per open question; the first lists every response in scope, in the same
    // order as the others.
    let mut taggings = Vec::new();
    for question in args.question.sections(&store)? {
        options.question = question.as_ref().map(|q| q.index);
        let tagging = tag(&store, &scope, &options)?;
        taggings.push((question, tagging));
    }
    // Response k of every tagging is the same response (no map from address to position).
    let first = &taggings[0].1;
    if taggings[1..].iter().any(|(_, t)| {
        t.len() != first.len() || (0..first.len()).any(|k| t.address(k) != first.address(k))
    }) {
        anyhow::bail!("the open questions' taggings list different responses; please report this");
    }
    if let Some(path) = &args.codebook {
        let unmatched: Vec<&[String]> = taggings
            .iter()
            .map(|(_, t)| t.codebook_unmatched.as_slice())
            .collect();
        super::warn_unmatched(path, &unmatched);
    }
    let mut file;
    let out: &mut dyn Write = match &args.out {
        Some(path) => {
            file = std::io::BufWriter::new(
                std::fs::File::create(path).map_err(|e| crate::error::Error::io(path, e))?,
            );
            &mut file
        }
        None => out,
    };
    let lines = TagLines {
        store: &store,
        taggings: &taggings,
        format: args.format.into(),
        raw: args.raw,
    };
    if let Some(header) = lines.header() {
        out.write_all(&header)?;
    }
    let written = lines.sorted()?.write_to(out).and_then(|_| out.flush());
    match (written, &args.out) {
        (Err(e), Some(path)) => return Err(crate::error::Error::io(path, e).into()),
        (result, _) => result?,
    }
    Ok(super::exit::OK)
}
