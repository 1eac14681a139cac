//! `verbatim search QUERY`

use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};

use super::{exit, Context, Format, ScopeFlags, ShowFlags};
use crate::output::write_json;
use crate::search::{print, search, Matching, QueryMode, SearchOptions, SortOrder};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Sort {
    /// Best match first (BM25, ties by id)
    Relevance,
    /// Newest first
    Date,
}

const AFTER_HELP: &str = "\
By default a comment is a hit when it holds at least a third (0.33) of the query's weight. A word
weighs by how much rarer it is in general English than a generic word (bundled word frequencies,
not this index, so counts never change because other responses were ingested): log10 of how many
times rarer than a word as common as 'make', 'way' or 'work', which weigh almost nothing. So any
specific word of a query makes a hit alone unless another weighs more than twice as much: 'weather
forecast' finds \"checking the weather\"; 'lost luggage' finds \"my bags never arrived\" (bag is a
synonym) but not \"lost my patience\"; 'set timers' needs the timers. Words also match their
inflections (billing: billed, bills) and their synonyms from a bundled table derived from WordNet
(bag: luggage, baggage), irregular forms (pay: paid, child: children) and derived forms
(notification: notify, failure: fail), a closed
compound its two words (wifi: wi-fi, setup: set up) and a phrasal verb its one-word form (set up:
setup); the output says what was added. Use +word where
one word must be there.

Query forms:
  lost luggage                    weighted: at least a third of the words' weight
  \"customer service\" rude         a quoted phrase is one unit
  +refund delay                   +word: required
  wifi -free                      -word: excluded
  --all-words lost luggage        every word (stemmed, no synonyms)
  --any-word lost luggage         any word
  --exact bag                     no synonyms
  refund AND (delay OR late)      AND, OR, NOT, parentheses keep their strict meaning
  --explain ID 'lost luggage'     which words matched response ID, their weights, the cut

Exit code 1 when nothing matches.";

#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct SearchArgs {
    /// The query, e.g. '"customer service" OR support'
    pub query: String,
    #[command(flatten)]
    pub scope: ScopeFlags,
    /// Hits to show
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Order of the hits: relevance (best match first) or date (newest first)
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: Sort,
    #[command(flatten)]
    pub show: ShowFlags,
    /// Every word must match (stemmed, no synonyms): the strict AND of earlier versions
    #[arg(long, conflicts_with = "any_word")]
    pub all_words: bool,
    /// Any word may match (OR)
    #[arg(long)]
    pub any_word: bool,
    /// No synonyms: match the words as typed (and their inflections)
    #[arg(long)]
    pub exact: bool,
    /// Show for response ID which words of the query matched it, their weights and the cut
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Write raw CSV cells (no defusing of formula-like text)
    #[arg(long)]
    pub raw: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl SearchArgs {
    /// The library's options for this command line.
    pub fn to_options(&self) -> SearchOptions {
        SearchOptions {
            limit: self.limit,
            sort: match self.sort {
                Sort::Relevance => SortOrder::Relevance,
                Sort::Date => SortOrder::Date,
            },
            mode: QueryMode {
                matching: if self.all_words {
                    Matching::AllWords
                } else if self.any_word {
                    Matching::AnyWord
                } else {
                    Matching::Weighted
                },
                exact: self.exact,
                dropped: Vec::new(),
            },
            explain: self.explain.clone(),
        }
    }
}

pub fn run(ctx: &Context, args: &SearchArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let store = ctx.open()?;
    let scope = args.scope.args().resolve(&store)?;
    let mut results = search(&store, &args.query, &scope, &args.to_options())?;
    // Tables print the segment columns that matter; JSON and CSV keep every one, for joining.
    if matches!(args.format, Format::Table) && !results.hits.is_empty() {
        let shown = args.show.columns(&store, &scope)?;
        for hit in &mut results.hits {
            hit.keep_segments(&shown);
        }
    }
    match args.format {
        Format::Json => write_json(out, &results)?,
        Format::Csv => print::write_csv(&results, args.raw, out)?,
        Format::Table => {
            let bold = std::io::stdout().is_terminal();
            print::write_table(&results, &store.analyzer, bold, args.show.full, out)?
        }
    }
    Ok(if results.total == 0 {
        exit::NO_RESULTS
    } else {
        exit::OK
    })
}
