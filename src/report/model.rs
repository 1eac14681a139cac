//! The quarterly report as data: every number the Markdown, HTML and JSON outputs show.
//! Serialised as JSON with a stable schema (docs/REPORT_SCHEMA.md); bump [`SCHEMA_VERSION`] on
//! any change that is not a pure addition.

use serde::Serialize;

use crate::score::{BandCounts, Impact, Metric};
use crate::themes::drivers::{Driver, ScoreChange};
use crate::themes::{Kind, Quote};

pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    /// "2026Q3" (or "FY2027Q1").
    pub quarter: String,
    /// The quarter compared with (the previous one in the data, or `--compare`).
    pub compare: Option<String>,
    /// Filters as plain words ("all responses", "plan = Pro").
    pub scope: String,
    /// Set when the quarter looks incomplete (its latest response is well before its end).
    pub incomplete: Option<String>,
    /// "NPS", "CSAT" or "net rating"; None for an index without scores.
    pub metric_name: Option<String>,
    /// Names of the low, middle and high bands ("detractor", "passive", "promoter").
    pub band_names: Option<[String; 3]>,
    pub headline: Headline,
    /// Themes whose share rose or fell against the comparison quarter, biggest changes first.
    pub changes: Vec<ThemeChange>,
    /// Themes of the low band (detractors / dissatisfied) that are complaints.
    pub complaints: Vec<ReportTheme>,
    /// Themes that ask for something, in any band.
    pub asks: Vec<ReportTheme>,
    /// Themes of the high band (promoters / satisfied) that are praise.
    pub praise: Vec<ReportTheme>,
    /// The score change from the comparison quarter split over the themes (mix and rate).
    pub score_change: Option<ScoreChange>,
    /// The report quarter's themes with their impact: the priority chart.
    pub drivers: Vec<Driver>,
    /// The drivers' median share, 0-100.
    pub median_share: f64,
    /// Names the report quarter's comments mention (capitalised mid-sentence in most uses),
    /// apart from the themes, most mentioned first.
    pub names: Vec<crate::themes::NameMention>,
    /// Where the index has several open questions: what changed and the complaints, asks and
    /// praise of each (the top-level lists are the first question's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionThemes>,
    pub segments: Vec<SegmentSection>,
    pub trend: Trend,
    /// With `--accounts`: churned against retained customers, who left smiling, churn themes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn: Option<crate::context::accounts::ChurnReport>,
    /// With `--usage-col`: score and counts per usage quadrant in the report quarter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quadrants: Option<QuadrantSection>,
    /// When the responses have agent and resolution-time columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents: Option<crate::context::agents::AgentsReport>,
    pub method: Method,
    /// Per open question section, the codebook's entries that matched nothing (for a warning).
    #[serde(skip)]
    pub codebook_unmatched: Vec<Vec<String>>,
}

impl Report {
    /// The first question's lists, as the top level holds them.
    pub fn primary_lists(&self) -> QuestionThemes {
        QuestionThemes {
            question: None,
            changes: self.changes.clone(),
            score_change: self.score_change.clone(),
            complaints: self.complaints.clone(),
            asks: self.asks.clone(),
            praise: self.praise.clone(),
            drivers: self.drivers.clone(),
            median_share: self.median_share,
            names: self.names.clone(),
        }
    }
}

/// The theme lists of one open question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionThemes {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<crate::index::meta::Question>,
    pub changes: Vec<ThemeChange>,
    /// The score change from the comparison quarter split over the themes (mix and rate).
    pub score_change: Option<ScoreChange>,
    /// Complaints of the report quarter's low band, ranked by the impact of the responses
    /// complaining about each (most negative first).
    pub complaints: Vec<ReportTheme>,
    /// Asks from any band, ranked by the impact of the responses asking (most negative first).
    pub asks: Vec<ReportTheme>,
    /// Praise of the high band, ranked by the impact of the responses praising (largest first).
    pub praise: Vec<ReportTheme>,
    /// The report quarter's themes with their impact: the priority chart.
    pub drivers: Vec<Driver>,
    /// The drivers' median share (the chart's vertical line), 0-100.
    pub median_share: f64,
    /// Names the report quarter's comments mention, apart from the themes.
    pub names: Vec<crate::themes::NameMention>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuadrantSection {
    pub split: crate::context::quadrants::Quadrants,
    pub rows: Vec<crate::stats::GroupStats>,
    /// The most distinctive themes of each quadrant: (quadrant, theme labels).
    pub themes: Vec<(String, Vec<String>)>,
}

impl QuadrantSection {
    /// The theme labels of one quadrant (none when it has no distinctive theme).
    pub fn themes_of(&self, quadrant: &str) -> &[String] {
        self.themes
            .iter()
            .find(|(g, _)| g == quadrant)
            .map_or(&[], |(_, labels)| labels.as_slice())
    }
}

/// Counts and score of one set of responses.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub quarter: String,
    pub responses: u64,
    pub comments: u64,
    /// 0-100.
    pub comment_rate: f64,
    pub bands: BandCounts,
    /// Share of scored responses in the low, middle and high band, 0-100.
    pub band_percent: [f64; 3],
    pub metric: Option<Metric>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub current: Snapshot,
    pub previous: Option<Snapshot>,
    /// Metric change, current minus previous, in points.
    pub change: Option<f64>,
    /// 95% margin of error of the change: 1.96 * sqrt(SE1^2 + SE2^2).
    pub change_margin: Option<f64>,
    /// The change is larger than its margin.
    pub significant: Option<bool>,
    /// "strong", "typical" or "slipping" (conventional bands, unrounded value).
    pub benchmark: Option<String>,
    /// Response-bias caveat with the comment rate, one line.
    pub caveat: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeChange {
    pub label: String,
    pub key: String,
    pub previous_mentions: u64,
    /// 0-100, of the comparison quarter's responses with comments.
    pub previous_share: f64,
    pub mentions: u64,
    pub share: f64,
    /// Points, current minus previous.
    pub change: f64,
    /// Two-proportion z statistic.
    pub z: f64,
    pub significant: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportTheme {
    pub label: String,
    pub key: String,
    pub kind: Kind,
    /// Responses mentioning it in the report quarter (within its band for complaints and praise).
    pub mentions: u64,
    /// 0-100, of that band's (or, for asks, the quarter's) responses with comments.
    pub share: f64,
    /// Metric of the mentioning responses minus the quarter's (responses with comments).
    pub gap: Option<f64>,
    /// The quarter's metric minus its metric without the responses mentioning the theme this
    /// way (its kind in this list), over every scored response of the quarter.
    pub impact: Option<Impact>,
    /// Share of all responses with comments mentioning it, in the comparison and report quarters.
    pub previous_share: Option<f64>,
    pub current_share: Option<f64>,
    pub quotes: Vec<Quote>,
    /// Its largest facets in the same responses: label and mentions.
    pub facets: Vec<ReportFacet>,
}

/// A sub-theme in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportFacet {
    pub label: String,
    pub mentions: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentRow {
    pub value: String,
    pub responses: u64,
    pub bands: BandCounts,
    pub metric: Option<Metric>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Standout {
    pub value: String,
    pub theme: String,
    pub mentions: u64,
    /// 0-100 within the segment value.
    pub share: f64,
    /// Share here over share in the other values.
    pub lift: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentSection {
    /// Column name as in the export.
    pub column: String,
    pub rows: Vec<SegmentRow>,
    /// Themes over-represented in a segment value, strongest first.
    pub standouts: Vec<Standout>,
    /// Theme-by-value shares for the heat map: themes (rows) by the values in `rows` (columns).
    pub heatmap: Vec<HeatRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub theme: String,
    /// 0-100, aligned with the section's `rows`.
    pub shares: Vec<f64>,
    pub over_represented: Vec<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Every quarter in scope, in order.
    pub quarters: Vec<Snapshot>,
    /// The main themes' share per quarter, aligned with `quarters`.
    pub themes: Vec<ThemeTrend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeTrend {
    pub label: String,
    pub key: String,
    /// 0-100 per quarter.
    pub shares: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// The command that made the report.
    pub command: String,
    pub generated_by: String,
    /// Fewest responses a theme's terms appear in.
    pub min_mentions: u32,
    /// Plain-words description of what was counted and the thresholds.
    pub notes: Vec<String>,
}

/// The rule a complaint, ask or praise list is ranked by, said under it.
pub fn list_rule(kind: Kind, metric: &str) -> String {
    let (who, order) = match kind {
        Kind::Complaint => ("complaining about", "most negative first"),
        Kind::Ask => ("asking about", "most negative first"),
        _ => ("praising", "largest first"),
    };
    format!(
        "Ranked by impact, {order}: the quarter's {metric} over every scored response minus its {metric} without \
the responses {who} the theme (points; * significant at 5% after Benjamini-Hochberg). Gap: the {metric} of the \
responses mentioning it minus the quarter's."
    )
}
