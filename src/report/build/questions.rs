//! The theme lists of one open question (what changed, complaints, asks, praise): the part of
//! the report that is built once per question, so it stands apart from the sections built once.

use super::{share_in, Basis};
use crate::error::Result;
use crate::index::meta::Question;
use crate::report::model::*;
use crate::score::Band;
use crate::themes::drivers::{drivers, ChangeSpan, Driver, DriverOptions};
use crate::themes::{themes, Kind, Theme, ThemeGroupBy, ThemeReport};

/// Facets shown under each complaint, ask and praise theme.
const REPORT_FACETS: usize = 4;
/// Themes of the set whose impact is computed (at most the 64 a run holds): every one a list
/// can show.
const DRIVER_THEMES: usize = 64;

/// One open question's theme lists, with what the sections after them read from its themes.
pub(super) struct QuestionSection {
    pub(super) themes: QuestionThemes,
    /// Every theme over all quarters, counted per quarter.
    pub(super) global_themes: Vec<Theme>,
    /// The fewest mentions a theme needed.
    pub(super) min_mentions: u32,
    /// The codebook's entries that matched nothing (for a warning).
    pub(super) codebook_unmatched: Vec<String>,
}

/// What changed and the top complaints, asks and praise of one open question.
pub(super) fn question_section(
    basis: &Basis,
    question: Option<&Question>,
) -> Result<QuestionSection> {
    let options = basis.options;
    // Themes over every quarter, counted per quarter: what changed, and the trend.
    let global = themes(
        basis.store,
        &basis.all_quarters,
        &basis.theme_options(question, ThemeGroupBy::Quarter, options.top.max(8) * 2, 0),
    )?;
    let global_themes: Vec<&Theme> = global.groups.iter().flat_map(|g| &g.themes).collect();
    let changes = changes(basis, &global_themes);

    // Top complaints, asks and praise of the report quarter, by band.
    let by_band = themes(
        basis.store,
        &basis.quarter_scope,
        &basis.theme_options(question, ThemeGroupBy::Band, options.top.max(1) * 2, 3),
    )?;
    // Impacts: the report quarter's (per kind, for the lists and the priority chart), and the
    // change from the comparison quarter split over the themes.
    let driver_options = |scope_change: Option<ChangeSpan>| DriverOptions {
        themes: basis.theme_options(question, ThemeGroupBy::None, DRIVER_THEMES, 0),
        change: scope_change,
        ..Default::default()
    };
    let quarter_drivers = drivers(basis.store, &basis.quarter_scope, &driver_options(None))?;
    let score_change = match (&basis.compare, basis.scale) {
        (Some(compare), Some(_)) => {
            drivers(
                basis.store,
                &basis.all_quarters,
                &driver_options(Some(ChangeSpan::Between(
                    compare.clone(),
                    basis.quarter.clone(),
                ))),
            )?
            .change
        }
        _ => None,
    };
    let lists = Lists {
        basis,
        global_themes: &global_themes,
        drivers: &quarter_drivers.drivers,
    };
    let complaints = lists.top_of_kind(band_group(basis, &by_band, Band::Low), Kind::Complaint);
    let praise = lists.top_of_kind(band_group(basis, &by_band, Band::High), Kind::Praise);
    let asks = lists.asks(&by_band);
    let mut chart = quarter_drivers.drivers.clone();
    chart.truncate(options.top.max(1) * 2);
    Ok(QuestionSection {
        themes: QuestionThemes {
            question: None,
            changes,
            score_change,
            complaints,
            asks,
            praise,
            drivers: chart,
            median_share: quarter_drivers.median_share,
            names: by_band.names.clone(),
        },
        global_themes: global_themes.into_iter().cloned().collect::<Vec<Theme>>(),
        min_mentions: by_band.min_mentions,
        codebook_unmatched: global.codebook_unmatched.clone(),
    })
}

/// Where the index has several open questions, the theme lists of each, the first taken from
/// `first` (built already); the others' unmatched codebook entries join `codebook_unmatched`.
pub(super) fn each_question(
    basis: &Basis,
    first: &QuestionThemes,
    codebook_unmatched: &mut Vec<Vec<String>>,
) -> Result<Vec<QuestionThemes>> {
    let mut question_sections = Vec::new();
    if basis.options.questions.len() > 1 {
        for question in &basis.options.questions {
            let mut themes = if Some(question) == basis.primary {
                first.clone()
            } else {
                let section = question_section(basis, Some(question))?;
                codebook_unmatched.push(section.codebook_unmatched);
                section.themes
            };
            themes.question = Some(question.clone());
            question_sections.push(themes);
        }
    }
    Ok(question_sections)
}

/// Themes whose share changed between the comparison and the report quarter beyond chance,
/// biggest changes first.
fn changes(basis: &Basis, global_themes: &[&Theme]) -> Vec<ThemeChange> {
    let mut changes: Vec<ThemeChange> = global_themes
        .iter()
        .filter_map(|t| {
            let (a1, n1, s1) = share_in(t, &basis.compare)?;
            let (a2, n2, s2) = share_in(t, &Some(basis.quarter.clone()))?;
            let z = crate::themes::discover::two_proportion_z(a1, n1, a2, n2);
            (z.abs() >= 1.96).then(|| ThemeChange {
                label: t.label.clone(),
                key: t.key.clone(),
                previous_mentions: a1,
                previous_share: s1,
                mentions: a2,
                share: s2,
                change: s2 - s1,
                z,
                significant: true,
            })
        })
        .collect();
    changes.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then(a.key.cmp(&b.key))
    });
    changes
}

/// The themes of one band of the report quarter (all of them without a scale).
fn band_group<'t>(basis: &Basis, by_band: &'t ThemeReport, band: Band) -> Vec<&'t Theme> {
    let name = basis.scale.map(|s| s.band_name(band));
    by_band
        .groups
        .iter()
        .filter(|g| name.is_none_or(|n| g.group == n))
        .flat_map(|g| &g.themes)
        .collect()
}

/// Each mention has its own kind: a band's complaints are its themes ranked by the responses
/// that complain about them (a detractor's praise of the crew is not a complaint).
fn count_of(t: &Theme, kind: Kind) -> u64 {
    match kind {
        Kind::Complaint => t.kinds.complaint,
        Kind::Praise => t.kinds.praise,
        Kind::Ask => t.kinds.ask,
        Kind::Neutral => 0,
    }
}

/// The complaint, ask and praise lists of one question, which read its themes over every
/// quarter for their share in the comparison and report quarters.
struct Lists<'a> {
    basis: &'a Basis<'a>,
    global_themes: &'a [&'a Theme],
    /// The report quarter's drivers, for each theme's impact per kind.
    drivers: &'a [Driver],
}

impl Lists<'_> {
    /// The impact of the quarter's responses mentioning `t` as `kind`.
    fn impact(&self, t: &Theme, kind: Kind) -> Option<crate::score::Impact> {
        self.drivers
            .iter()
            .find(|d| d.key == t.key && d.facet_of.is_none())
            .and_then(|d| d.ranked_impact(Some(kind)).copied())
    }

    fn to_report(&self, t: &Theme, kind: Kind) -> ReportTheme {
        let basis = self.basis;
        ReportTheme {
            label: t.label.clone(),
            key: t.key.clone(),
            kind,
            mentions: t.mentions,
            share: t.share,
            gap: t.gap,
            impact: self.impact(t, kind),
            previous_share: self
                .global_themes
                .iter()
                .find(|g| g.key == t.key)
                .and_then(|g| share_in(g, &basis.compare))
                .map(|s| s.2),
            current_share: self
                .global_themes
                .iter()
                .find(|g| g.key == t.key)
                .and_then(|g| share_in(g, &Some(basis.quarter.clone())))
                .map(|s| s.2),
            quotes: t.quotes.clone(),
            facets: t
                .facets
                .iter()
                .take(REPORT_FACETS)
                .map(|f| ReportFacet {
                    label: f.label.clone(),
                    mentions: f.mentions,
                })
                .collect(),
        }
    }

    /// The top themes of `kind` among `themes`, ranked by the impact of the responses that
    /// mention them that way (see [`rank_by_impact`]).
    fn top_of_kind(&self, themes: Vec<&Theme>, kind: Kind) -> Vec<ReportTheme> {
        let themes: Vec<ReportTheme> = themes
            .into_iter()
            .filter(|t| count_of(t, kind) > 0)
            .map(|t| self.to_report(t, kind))
            .collect();
        rank_by_impact(themes, kind, self.basis.options.top)
    }

    /// Asks come from any band: each theme once, from the band where it is asked for most.
    fn asks(&self, by_band: &ThemeReport) -> Vec<ReportTheme> {
        let mut asks: Vec<&Theme> = Vec::new();
        for t in by_band
            .groups
            .iter()
            .flat_map(|g| &g.themes)
            .filter(|t| t.kinds.ask > 0)
        {
            match asks.iter().position(|a| a.key == t.key) {
                Some(i) if asks[i].kinds.ask < t.kinds.ask => asks[i] = t,
                Some(_) => {}
                None => asks.push(t),
            }
        }
        let asks = asks
            .into_iter()
            .map(|t| self.to_report(t, Kind::Ask))
            .collect();
        rank_by_impact(asks, Kind::Ask, self.basis.options.top)
    }
}

/// A list ranked by its kind's impact: complaints and asks most negative first, praise largest
/// first; themes without an impact (no score, or mentioned by every response) last, by
/// mentions; ties by key. The first `top` are kept.
fn rank_by_impact(mut list: Vec<ReportTheme>, kind: Kind, top: usize) -> Vec<ReportTheme> {
    let sign = if kind == Kind::Praise { -1.0 } else { 1.0 };
    list.sort_by(|a, b| {
        let v = |t: &ReportTheme| t.impact.map(|i| sign * i.value);
        match (v(a), v(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.mentions.cmp(&a.mentions),
        }
        .then_with(|| a.key.cmp(&b.key))
    });
    list.truncate(top);
    list
}
