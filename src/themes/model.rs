//! The themes' vocabulary: what a run is asked for (options, grouping, kinds) and what it
//! answers (report, themes, facets, quotes, counts per quarter and segment), in one place so
//! that every stage of the pipeline and every printer reads the same types.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assign::{BIT_ASK, BIT_COMPLAINT, BIT_PRAISE};
use super::{codebook, corpus};
use crate::index::meta::Question;
use crate::index::schema;
use crate::index::Store;
use crate::score::{Band, BandCounts, Impact, Metric};
use crate::search::band_label;

/// What a mention of a theme is: the kind of the clause it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Complaint,
    Ask,
    Praise,
    /// Mentioned without praise, complaint or ask ("we flew to Boston").
    Neutral,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Ask => "ask",
            Kind::Praise => "praise",
            Kind::Neutral => "neutral",
        }
    }
}

/// How to group responses (`--by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeGroupBy {
    None,
    Band,
    Quarter,
    Column(String),
    /// Groups computed by the caller (usage quadrants, churned or retained), under a name.
    Custom(
        String,
        std::sync::Arc<std::collections::HashMap<tantivy::DocAddress, String>>,
    ),
}

impl std::str::FromStr for ThemeGroupBy {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Ok(match s.trim().to_lowercase().as_str() {
            "none" | "all" => ThemeGroupBy::None,
            "band" => ThemeGroupBy::Band,
            "quarter" => ThemeGroupBy::Quarter,
            _ => ThemeGroupBy::Column(s.trim().to_string()),
        })
    }
}

#[derive(Debug, Clone)]
pub struct ThemeOptions {
    pub by: ThemeGroupBy,
    /// Themes per group.
    pub top: usize,
    /// Fewest responses a term must appear in to be discovered; default: 0.2% of the responses
    /// with comments, at least 5.
    pub min_mentions: Option<u32>,
    /// Restrict to responses matching this search query.
    pub query: Option<String>,
    pub kinds: Vec<Kind>,
    pub quotes: usize,
    pub redact: bool,
    /// Also list the themes whose share rose from the previous quarter to the latest.
    pub emerging: bool,
    /// Count every theme per value of this segment column too.
    pub segments: Option<String>,
    /// Named themes, ignored words, renames and merges.
    pub codebook: Option<codebook::Codebook>,
    /// Most responses whose words are read to discover themes (counts always cover all).
    pub sample: usize,
    /// Discover themes inside the scope instead of over the whole index.
    pub discover_in_scope: bool,
    /// The open question counted (0-based), where the index has several; None reads every
    /// answer as one comment.
    pub question: Option<u32>,
    /// Quotes give the whole comment (of the question) instead of the sentence about the theme.
    pub full_quotes: bool,
    /// Never write to the index folder, not even the theme set's cache (`verbatim serve`).
    pub read_only: bool,
    /// Each theme's words with the measures that placed them (`Theme::words`).
    pub explain: bool,
}

impl Default for ThemeOptions {
    fn default() -> Self {
        ThemeOptions {
            by: ThemeGroupBy::Band,
            top: 10,
            min_mentions: None,
            query: None,
            kinds: Vec::new(),
            quotes: 3,
            redact: true,
            emerging: false,
            segments: None,
            codebook: None,
            sample: corpus::SAMPLE_DOCS,
            discover_in_scope: false,
            question: None,
            full_quotes: false,
            read_only: false,
            explain: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KindCounts {
    pub complaint: u64,
    pub ask: u64,
    pub praise: u64,
}

impl KindCounts {
    /// Counts one mention from its BIT_* flags.
    pub(super) fn add(&mut self, flags: u8) {
        self.complaint += (flags & BIT_COMPLAINT != 0) as u64;
        self.praise += (flags & BIT_PRAISE != 0) as u64;
        self.ask += (flags & BIT_ASK != 0) as u64;
    }

    /// The theme's kind: ask when asks are a good part of it, else the larger of complaint and
    /// praise, else neutral.
    pub(super) fn dominant(&self, mentions: u64) -> Kind {
        if self.ask > 0 && self.ask * 10 >= mentions * 3 {
            Kind::Ask
        } else if self.complaint == 0 && self.praise == 0 {
            Kind::Neutral
        } else if self.complaint >= self.praise {
            Kind::Complaint
        } else {
            Kind::Praise
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub id: String,
    pub text: String,
    pub score: Option<f64>,
    pub band: String,
    pub date: Option<String>,
    pub segments: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterCount {
    pub quarter: String,
    pub mentions: u64,
    /// Responses with comments in that quarter.
    pub responses: u64,
    /// Share of that quarter's responses with comments, 0-100.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub label: String,
    /// The label's stems: a theme's stable key across runs and quarters.
    pub key: String,
    /// Member words and phrases, as written.
    pub terms: Vec<String>,
    /// The aspect its evaluative words judge ("speed"), where it has one (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<String>,
    /// The stems of the evaluative words that judge its aspect ("slow", "fast" of speed): they
    /// count as its mentions where they qualify no other theme's word, and show it in quotes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evaluative: Vec<String>,
    /// Found by its evaluative words alone (no noun names it): a codebook cannot pin it, as a
    /// search for its words would count them even where they qualify another theme's word.
    #[serde(skip)]
    pub evaluative_only: bool,
    /// The words shown where it has no facets (`ThemeDef::words_shown`).
    #[serde(skip)]
    pub shown: Vec<String>,
    pub kind: Kind,
    /// Responses mentioning the theme in the group.
    pub mentions: u64,
    /// Share of the group's responses with comments, 0-100.
    pub share: f64,
    /// Share of the other groups' responses with comments (None without other groups).
    pub rest_share: Option<f64>,
    /// Share in the group over share in the rest of the scope (None without other groups).
    pub lift: Option<f64>,
    /// G2 of the group against the rest (or of the theme's words against general language).
    pub significance: f64,
    /// More frequent in the group than in the rest, significant at 5% after Benjamini-Hochberg
    /// correction over every theme and group of the run (never under 5 mentions).
    pub over_represented: bool,
    pub metric: Option<Metric>,
    /// Metric of the mentioning responses minus the scope's (responses with comments): how
    /// differently they score, whatever their number.
    pub gap: Option<f64>,
    /// The scope's metric minus its metric without the responses mentioning the theme, over
    /// every scored response of the group (grouped by band: of the whole scope), with its margin.
    pub impact: Option<Impact>,
    pub bands: BandCounts,
    pub kinds: KindCounts,
    pub quarters: Vec<QuarterCount>,
    /// Mentions per value of the `--segments` column.
    pub by_segment: Vec<SegmentCount>,
    pub quotes: Vec<Quote>,
    /// Sub-themes, each with its own mentions (a subset of the theme's), kinds and quotes.
    pub facets: Vec<Facet>,
    /// With `--explain`: every word and phrase of the theme and why it is there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<super::explain::Placed>,
}

/// A name the comments mention (capitalised mid-sentence in most of its uses: a brand, a rival,
/// a place, a product), counted in the scope like a theme.
#[derive(Debug, Clone, Serialize)]
pub struct NameMention {
    pub name: String,
    pub key: String,
    pub kind: Kind,
    /// Responses in scope mentioning it.
    pub mentions: u64,
    /// Share of the scope's responses with comments, 0-100.
    pub share: f64,
    pub kinds: KindCounts,
    pub quotes: Vec<Quote>,
}

/// A sub-theme.
#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub label: String,
    pub key: String,
    pub terms: Vec<String>,
    pub kind: Kind,
    pub mentions: u64,
    /// Share of the group's responses with comments, 0-100.
    pub share: f64,
    pub kinds: KindCounts,
    pub quotes: Vec<Quote>,
}

/// A theme in one segment value.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentCount {
    pub value: String,
    pub mentions: u64,
    pub responses: u64,
    /// 0-100.
    pub share: f64,
    /// Share here over share in the other values.
    pub lift: Option<f64>,
    /// Significantly more frequent here than elsewhere (Benjamini-Hochberg at 5% over every
    /// theme and value; never under 5 mentions).
    pub over_represented: bool,
}

/// A theme whose share changed between the last two quarters in scope.
#[derive(Debug, Clone, Serialize)]
pub struct Emerging {
    pub label: String,
    pub key: String,
    pub previous_quarter: String,
    pub quarter: String,
    pub previous_mentions: u64,
    pub mentions: u64,
    pub previous_share: f64,
    pub share: f64,
    /// Change in share, percentage points.
    pub change: f64,
    /// Two-proportion z statistic.
    pub z: f64,
    /// z >= 1.96 (p < 0.05, one rising quarter).
    pub significant: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupThemes {
    pub group: String,
    /// Responses with comments in the group.
    pub responses: u64,
    pub metric: Option<Metric>,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeReport {
    /// 2: `impact` is the field's (the score without the theme's mentioners), the old figure is
    /// `gap`.
    pub schema_version: u32,
    pub scope: String,
    pub by: String,
    pub metric_name: Option<&'static str>,
    /// Responses in scope, and how many of them have words to mine.
    pub responses: u64,
    pub mined: u64,
    /// Responses with a comment that carry none of the themes listed.
    pub without_theme: u64,
    /// Fewest responses a term needed to be discovered.
    pub min_mentions: u32,
    /// Where the themes were discovered: "index" (all responses) or "scope".
    pub discovered_in: &'static str,
    pub metric: Option<Metric>,
    pub quarters: Vec<String>,
    pub groups: Vec<GroupThemes>,
    /// The segment column counted per theme (`--segments`).
    pub segment_column: Option<String>,
    /// Themes rising from the previous quarter to the latest (`--emerging`), most first.
    pub emerging: Vec<Emerging>,
    /// Names the comments mention, most mentioned first (at most `--top`): apart from the
    /// themes, never a theme's label while a common noun can carry it.
    pub names: Vec<NameMention>,
    /// The open question counted, where the index has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
    /// With `--explain`: the words left out of every theme as narration, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub narration: Vec<super::explain::NarratedWord>,
    /// The codebook's entries that matched no theme or facet of this run (for a warning).
    #[serde(skip)]
    pub codebook_unmatched: Vec<String>,
}

/// The default minimum support: 0.2% of the mined responses, at least 5.
pub fn default_min_mentions(mined: usize) -> u32 {
    ((mined as f64 * 0.002).ceil() as u32).max(5)
}

/// Band label as stored, for output.
pub fn band_name(store: &Store, band: Option<Band>) -> String {
    band_label(store, schema::band_value(band))
}
