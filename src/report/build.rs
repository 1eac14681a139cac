//! Assembling the report from the stats and themes engines: `build` chooses the quarters, then
//! asks one function per section for its part of the model. The theme lists, the segments and
//! the context sections have their own files below `build/`.

use chrono::NaiveDate;

use super::model::*;
use crate::error::{Refusal, Result};
use crate::index::calendar::{from_day_number, normalize_quarter};
use crate::index::meta::Question;
use crate::index::Store;
use crate::score::{Band, Scale};
use crate::search::Scope;
use crate::stats::{count, stats, GroupBy, GroupStats};
use crate::themes::codebook::Codebook;
use crate::themes::{Theme, ThemeGroupBy, ThemeOptions};

mod context;
mod questions;
mod segments;

/// What `verbatim report` was asked for.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Report quarter; default: the latest quarter in scope.
    pub quarter: Option<String>,
    /// Comparison quarter; default: the quarter before the report quarter.
    pub compare: Option<String>,
    pub codebook: Option<Codebook>,
    /// Themes per list.
    pub top: usize,
    /// The command line, for the method section.
    pub command: String,
    /// Churn from an accounts file (`--accounts`).
    pub churn: Option<crate::context::accounts::ChurnOptions>,
    /// Usage quadrants (`--usage-col`, `--usage-split`).
    pub usage: Option<(String, crate::context::quadrants::Split)>,
    /// The open questions that get their own theme sections, where the index has several (the
    /// first also feeds the heat maps, trend and quadrants); empty reads the whole comment.
    pub questions: Vec<Question>,
    /// Segment columns chosen by hand (`--segments`); None chooses them
    /// ([`crate::stats::segments`]).
    pub segments: Option<Vec<String>>,
    /// Segment columns printed beside quotes (`--show`); None: the report's segment columns.
    pub show: Option<Vec<String>>,
    /// Quotes give the whole comment instead of its sentence (`--full`).
    pub full_quotes: bool,
    /// Never write to the index folder, not even the theme set's cache (`verbatim serve`).
    pub read_only: bool,
}

fn snapshot(quarter: &str, g: &GroupStats) -> Snapshot {
    Snapshot {
        quarter: quarter.to_string(),
        responses: g.responses,
        comments: g.comments,
        comment_rate: g.comment_rate,
        bands: g.bands,
        band_percent: Band::ALL.map(|b| g.bands.percent(b)),
        metric: g.metric,
    }
}

/// The last day of a calendar quarter label ("2026Q3"); None for fiscal labels.
fn quarter_end(label: &str) -> Option<NaiveDate> {
    let (year, q) = label.split_once('Q')?;
    let (year, q): (i32, u32) = (year.parse().ok()?, q.parse().ok()?);
    let first_of_next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, 3 * q + 1, 1)?
    };
    first_of_next.pred_opt()
}

/// What every section reads, settled once by [`build`] before the sections are built.
struct Basis<'a> {
    store: &'a Store,
    options: &'a ReportOptions,
    scale: Option<Scale>,
    /// The first open question: its themes feed the top-level lists, heat maps, trend and
    /// quadrants.
    primary: Option<&'a Question>,
    /// The scope over every quarter (its quarter filter dropped).
    all_quarters: Scope,
    /// The scope narrowed to the report quarter.
    quarter_scope: Scope,
    quarter: String,
    compare: Option<String>,
}

impl Basis<'_> {
    /// Theme options for one open question, with the report's codebook and quote settings.
    fn theme_options(
        &self,
        question: Option<&Question>,
        by: ThemeGroupBy,
        top: usize,
        quotes: usize,
    ) -> ThemeOptions {
        ThemeOptions {
            by,
            top,
            quotes,
            codebook: self.options.codebook.clone(),
            question: question.map(|q| q.index),
            full_quotes: self.options.full_quotes,
            read_only: self.options.read_only,
            ..ThemeOptions::default()
        }
    }

    /// Theme options for the first open question, which the sections after the theme lists read.
    fn primary_options(&self, by: ThemeGroupBy, top: usize, quotes: usize) -> ThemeOptions {
        self.theme_options(self.primary, by, top, quotes)
    }
}

/// A theme's mentions, responses and share in one quarter, when it was counted there.
fn share_in(t: &Theme, q: &Option<String>) -> Option<(u64, u64, f64)> {
    q.as_ref()
        .and_then(|q| t.quarters.iter().find(|c| &c.quarter == q))
        .map(|c| (c.mentions, c.responses, c.share))
}

pub fn build(store: &Store, scope: &Scope, options: &ReportOptions) -> Result<Report> {
    let scale = store.meta.scale;
    let mut all_quarters = scope.clone();
    all_quarters.quarter = None;
    let by_quarter = stats(store, &all_quarters, &GroupBy::Quarter)?;
    let quarters: Vec<&GroupStats> = by_quarter
        .groups
        .iter()
        .filter(|g| g.group != "(none)")
        .collect();
    if quarters.is_empty() {
        return Err(Refusal::NoDates.into());
    }
    let (quarter, position, compare) = report_quarters(&quarters, scope, options)?;
    let mut quarter_scope = all_quarters.clone();
    quarter_scope.quarter = Some(quarter.clone());
    let basis = Basis {
        store,
        options,
        scale,
        primary: options.questions.first(),
        all_quarters,
        quarter_scope,
        quarter,
        compare,
    };
    let scope_text = scope.describe(store);

    let headline = headline(&basis, &quarters, position);
    let incomplete = incomplete(&basis)?;
    let first = questions::question_section(&basis, basis.primary)?;
    let mut codebook_unmatched = vec![first.codebook_unmatched];
    let mut question_sections =
        questions::each_question(&basis, &first.themes, &mut codebook_unmatched)?;
    let QuestionThemes {
        changes,
        score_change,
        mut complaints,
        mut asks,
        mut praise,
        drivers,
        median_share,
        names,
        ..
    } = first.themes;
    let (segments, segment_note) = segments::sections(&basis)?;
    let shown = segments::shown_columns(&basis, &segments)?;
    let trend = trend(&quarters, &first.global_themes);
    let method = method(&basis, &scope_text, first.min_mentions, segment_note);
    let churn = context::churn(&basis)?;
    let quadrants = context::quadrants(&basis)?;
    let agents = context::agents(&basis)?;
    let lists = [&mut complaints, &mut asks, &mut praise].into_iter().chain(
        question_sections
            .iter_mut()
            .flat_map(|q| [&mut q.complaints, &mut q.asks, &mut q.praise]),
    );
    segments::keep_shown(lists, &shown);
    Ok(Report {
        churn,
        quadrants,
        agents,
        schema_version: SCHEMA_VERSION,
        quarter: basis.quarter,
        compare: basis.compare,
        scope: scope_text,
        incomplete,
        metric_name: scale.map(|s| s.metric_name().to_string()),
        band_names: scale.map(|s| Band::ALL.map(|b| s.band_name(b).to_string())),
        headline,
        changes,
        complaints,
        asks,
        praise,
        score_change,
        drivers,
        median_share,
        names,
        questions: question_sections,
        segments,
        trend,
        method,
        codebook_unmatched,
    })
}

/// The report quarter (asked for, else the latest), its place in `quarters`, and the quarter it
/// is compared with (asked for, else the one before it).
fn report_quarters(
    quarters: &[&GroupStats],
    scope: &Scope,
    options: &ReportOptions,
) -> Result<(String, usize, Option<String>)> {
    let pick = |asked: &Option<String>, what: &str| -> Result<Option<String>> {
        match asked {
            None => Ok(None),
            Some(q) => {
                let q = normalize_quarter(q).ok_or_else(|| Refusal::BadQuarter {
                    text: q.clone(),
                    fiscal: false,
                })?;
                if quarters.iter().any(|g| g.group == q) {
                    Ok(Some(q))
                } else {
                    Err(Refusal::QuarterNotInScope {
                        which: what.to_string(),
                        quarter: q,
                        known: quarters.iter().map(|g| g.group.clone()).collect(),
                    }
                    .into())
                }
            }
        }
    };
    let quarter = pick(
        &options.quarter.clone().or(scope.quarter.clone()),
        "the report",
    )?
    .unwrap_or_else(|| quarters.last().expect("checked non-empty").group.clone());
    let position = quarters
        .iter()
        .position(|g| g.group == quarter)
        .expect("quarter is in the list");
    let compare = match pick(&options.compare, "the comparison")? {
        Some(q) => Some(q),
        None => position.checked_sub(1).map(|i| quarters[i].group.clone()),
    };
    Ok((quarter, position, compare))
}

/// The report quarter's score against the comparison quarter's, with the change's margin.
fn headline(basis: &Basis, quarters: &[&GroupStats], position: usize) -> Headline {
    let quarter = &basis.quarter;
    let current = snapshot(quarter, quarters[position]);
    let previous = basis
        .compare
        .as_ref()
        .and_then(|c| quarters.iter().find(|g| &g.group == c))
        .map(|g| snapshot(&g.group, g));
    let (change, change_margin, significant) =
        match (current.metric, previous.as_ref().and_then(|p| p.metric)) {
            // A change needs a margin on both sides: none for a small group.
            (Some(now), Some(before)) if !now.small && !before.small => {
                let change = now.value - before.value;
                let margin =
                    1.96 * (now.standard_error().powi(2) + before.standard_error().powi(2)).sqrt();
                (Some(change), Some(margin), Some(change.abs() > margin))
            }
            _ => (None, None, None),
        };
    let caveat = format!(
        "Only some customers answer surveys, and mostly the delighted and the unhappy: read these figures as what respondents said. {:.1}% of the {} responses in {quarter} left a comment.",
        current.comment_rate, current.responses
    );
    Headline {
        benchmark: current
            .metric
            .and_then(|m| m.benchmark)
            .map(|b| b.as_str().to_string()),
        current,
        previous,
        change,
        change_margin,
        significant,
        caveat,
    }
}

/// A warning when the report quarter's latest response is well before the quarter ends.
fn incomplete(basis: &Basis) -> Result<Option<String>> {
    let quarter = &basis.quarter;
    let last_day = count(basis.store, &basis.quarter_scope, None)?
        .values()
        .filter_map(|c| c.last_day)
        .max()
        .and_then(from_day_number);
    Ok(match (quarter_end(quarter), last_day) {
        (Some(end), Some(last)) if (end - last).num_days() > 14 => Some(format!(
            "{quarter} looks incomplete: its latest response is from {last}, {} days before the quarter ends",
            (end - last).num_days()
        )),
        _ => None,
    })
}

/// Trend: every quarter's score, and the main themes' share.
fn trend(quarters: &[&GroupStats], global_themes: &[Theme]) -> Trend {
    Trend {
        quarters: quarters.iter().map(|g| snapshot(&g.group, g)).collect(),
        themes: global_themes
            .iter()
            .take(5)
            .map(|t| ThemeTrend {
                label: t.label.clone(),
                key: t.key.clone(),
                shares: quarters
                    .iter()
                    .map(|q| share_in(t, &Some(q.group.clone())).map_or(0.0, |s| s.2))
                    .collect(),
            })
            .collect(),
    }
}

/// What impact is, how its margin is made and how it reads.
const IMPACT_NOTE: &str = "Impact: the quarter's metric over every scored response minus its metric without the responses mentioning the theme (for NPS, n_T (NPS_T - NPS_all) / (N - n_T)); per kind, the same without the responses mentioning it that way (each response counted under the one kind `verbatim tag` gives it: ask, else complaint, else praise, else neutral), so the parts need not add up to the whole. It reads \"responses complaining about X pull the NPS down 4.1 points\": an association, not a cause. Margin (95%): the delta method over responses drawn at random, Var = [p s_T^2 + p^2 s_R^2 / (1 - p) + p (1 - p) (m_T - m_R)^2] / N, with p = n_T / N, m and s^2 the mean and variance of the per-response values (NPS: +100 promoter, -100 detractor, 0 passive; CSAT and the FFT: 100 for the top band, else 0) among the mentioning (T) and the rest (R). A theme is called significant only when its p-value stays under 5% after Benjamini-Hochberg over every theme and kind shown. Gap: the metric of the mentioning responses minus the quarter's.";

/// How the figures were made: the scope, the metric's formula and each section's rule.
fn method(basis: &Basis, scope_text: &str, min_mentions: u32, segment_note: String) -> Method {
    let (quarter, compare) = (&basis.quarter, &basis.compare);
    let mut metric_note = match basis.scale {
        Some(Scale::Nps) => "NPS = % promoters (9-10) - % detractors (0-6) of scored responses; 95% margin of error 1.96 * sqrt((p + d - (p - d)^2) / n).".to_string(),
        Some(Scale::Csat { reversed: false }) => "CSAT = % satisfied (4-5) of scored responses; 95% margin of error 1.96 * sqrt(s(1 - s) / n).".to_string(),
        Some(Scale::Csat { reversed: true }) => "CSAT = % satisfied (1-2, the scale being coded with 1 best) of scored responses; 95% margin of error 1.96 * sqrt(s(1 - s) / n).".to_string(),
        Some(Scale::Fft) => "Friends and Family Test, as NHS England publishes it: % positive = (very good + good) / responses coded 1-6 (very good ... very poor and don't know), and % negative = (poor + very poor) over the same; 95% margin of error 1.96 * sqrt(p(1 - p) / n). Codes above 6 and blanks are left out; the FFT has no NPS-style benchmark.".to_string(),
        Some(scale @ Scale::Rating { .. }) => format!("Net rating = % in the top third - % in the bottom third of scored responses ({}), with the NPS margin formula.", scale.direction()),
        None => "The responses have no scores: no NPS or CSAT.".to_string(),
    };
    if let (Some(Scale::Csat { .. } | Scale::Rating { .. } | Scale::Fft), Some(direction)) =
        (basis.scale, &basis.store.meta.scale_direction)
    {
        metric_note.push_str(&format!(" Scale direction: {direction}."));
    }
    Method {
        command: basis.options.command.clone(),
        generated_by: format!("verbatim {}", env!("CARGO_PKG_VERSION")),
        min_mentions,
        notes: vec![
            format!("Scope: {}; report quarter {quarter}{}.", scope_text, compare.as_ref().map_or(String::new(), |c| format!(", compared with {c}"))),
            metric_note,
            "The change's margin is 1.96 * sqrt(SE1^2 + SE2^2); a change is called larger than its margin only when it exceeds it.".to_string(),
            "Benchmarks on the unrounded value: strong NPS >= 40 / CSAT >= 90%, typical NPS >= 20 / CSAT >= 80%, else slipping.".to_string(),
            format!(
                "Themes: topics (nouns, noun phrases and events, never moods or filler) distinctive against general language (log-likelihood G2, p < 0.001), in at least {} responses, grouped by sentence co-occurrence and WordNet categories; discovered once over every response of the index and counted in each band and quarter; shares are of responses with a comment.",
                min_mentions
            ),
            "What changed: the same themes counted per quarter, listed when a two-proportion z test gives |z| >= 1.96.".to_string(),
            "Each mention takes the kind of the sentence (clause) it is in: complaint when its words are negative (sentiment lexicons with negation, intensifiers and contrast), praise when positive, ask when it carries a request cue (\"I wish\", \"please add\"). Complaints are the low band's themes, praise the high band's, asks any band's; each list is ranked by impact (complaints and asks most negative first, praise largest first).".to_string(),
            IMPACT_NOTE.to_string(),
            "Why the score moved: a theme's impact is p x d (p: the share of the quarter's scored responses mentioning it, d: their metric minus the rest's); its change from the comparison quarter splits symmetrically (the average of both orders, as a Shapley value): mix = (p1 - p0)(d0 + d1)/2, more or fewer people mentioning it; rate = (d1 - d0)(p0 + p1)/2, those mentioning it scoring differently. mix + rate is the change exactly. Themes overlap, so the themes' changes do not partition the score change; the remainder (score change minus their sum) is what no theme explains.".to_string(),
            if basis.options.full_quotes {
                "Quotes are whole comments from different respondents; emails, phone and card numbers are masked.".to_string()
            } else {
                "Quotes are whole sentences from different respondents; emails, phone and card numbers are masked.".to_string()
            },
            segment_note,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_ends() {
        assert_eq!(quarter_end("2026Q3"), NaiveDate::from_ymd_opt(2026, 9, 30));
        assert_eq!(quarter_end("2026Q4"), NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(quarter_end("FY2027Q1"), None);
    }
}
