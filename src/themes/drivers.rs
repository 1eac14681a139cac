//! Drivers (`verbatim drivers`): the themes and facets `tag` carries, ranked by their impact on
//! the scope's score as the field computes it (the score minus the score without the responses
//! that mention them), overall and per kind (each mentioning response counted under the one kind
//! `tag` gives it), with a priority quadrant, the segment values where a theme's impact differs
//! from the rest, and the score change between two quarters split over themes.

use rayon::prelude::*;
use serde::Serialize;

use super::assign::{prepare, Run, BIT_MENTION};
use super::corpus::{Doc, GroupKey};
use super::count::Describe;
use super::tag::{kind_of_flags, tagged_themes};
use super::{question, Kind, ThemeOptions};
use crate::error::{ColumnUse, Result};
use crate::index::meta::Question;
use crate::index::Store;
use crate::score::{
    bands_without as without, benjamini_hochberg, BandCounts, ChangeParts, Impact, Metric, Scale,
};
use crate::search::Scope;

/// The version of `drivers`' JSON.
pub const DRIVERS_SCHEMA_VERSION: u32 = 1;

/// The kinds a mentioning response is counted under, in the order they are shown.
pub const KINDS: [Kind; 4] = [Kind::Complaint, Kind::Ask, Kind::Praise, Kind::Neutral];

fn kind_slot(kind: Kind) -> usize {
    KINDS.iter().position(|&k| k == kind).unwrap_or(3)
}

#[derive(Debug, Clone, Default)]
pub struct DriverOptions {
    /// The theme set's options (top, min mentions, codebook, question, query): `tag`'s.
    pub themes: ThemeOptions,
    /// Rank by the impact of the responses mentioning each theme this way (None: all of them).
    pub rank_by: Option<Kind>,
    /// Facets ranked beside their themes.
    pub facets: bool,
    /// The segment column whose values' impacts are compared with the rest of the scope.
    pub segments: Option<String>,
    /// The score change split over themes: between which quarters.
    pub change: Option<ChangeSpan>,
}

/// The quarters a score change is split between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSpan {
    /// The last two quarters with responses in scope.
    Last,
    /// (comparison quarter, quarter).
    Between(String, String),
}

/// Where a theme sits on the priority chart (share across, impact up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Share at or above the median, impact below 0.
    FixFirst,
    /// Share below the median, impact below 0.
    Watch,
    /// Share at or above the median, impact at or above 0.
    Strength,
    /// Share below the median, impact at or above 0.
    Minor,
}

impl Quadrant {
    pub fn of(share: f64, impact: f64, median_share: f64) -> Quadrant {
        match (share >= median_share, impact < 0.0) {
            (true, true) => Quadrant::FixFirst,
            (false, true) => Quadrant::Watch,
            (true, false) => Quadrant::Strength,
            (false, false) => Quadrant::Minor,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Quadrant::FixFirst => "fix first",
            Quadrant::Watch => "watch",
            Quadrant::Strength => "strength",
            Quadrant::Minor => "minor",
        }
    }
}

/// The responses mentioning a theme one way, and their impact.
#[derive(Debug, Clone, Serialize)]
pub struct KindImpact {
    pub kind: Kind,
    /// Responses mentioning it this way (with a score or not).
    pub mentions: u64,
    pub impact: Option<Impact>,
}

/// A theme or facet with its impact.
#[derive(Debug, Clone, Serialize)]
pub struct Driver {
    pub label: String,
    pub key: String,
    /// The theme a facet belongs to (its label); None for a theme.
    pub facet_of: Option<String>,
    /// Responses mentioning it.
    pub mentions: u64,
    /// Share of the scope's responses with comments, 0-100.
    pub share: f64,
    pub impact: Option<Impact>,
    /// The mentioners split by the one kind `tag` gives each (complaint, ask, praise, neutral):
    /// each part's impact is computed alike, and the parts need not add up to the whole.
    pub kinds: Vec<KindImpact>,
    pub quadrant: Option<Quadrant>,
}

impl Driver {
    /// The impact it is ranked by: the whole one, or a kind's.
    pub fn ranked_impact(&self, kind: Option<Kind>) -> Option<&Impact> {
        match kind {
            None => self.impact.as_ref(),
            Some(k) => self.kinds.get(kind_slot(k))?.impact.as_ref(),
        }
    }
}

/// A theme whose impact in a segment value differs from the rest of the scope.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentDriver {
    pub value: String,
    pub label: String,
    pub key: String,
    pub mentions: u64,
    /// Impact on the value's own score.
    pub impact: Impact,
    /// Impact on the score of the rest of the scope.
    pub rest_impact: Impact,
    /// Two-sided p of the difference.
    pub p: f64,
    /// Significant at 5% after Benjamini-Hochberg over every theme and value tested.
    pub significant: bool,
}

/// A theme's part in a score change.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeShift {
    pub label: String,
    pub key: String,
    pub previous_impact: Option<f64>,
    pub impact: Option<f64>,
    /// Mentioning share of the scored responses, 0-100, then and now.
    pub previous_part: f64,
    pub part: f64,
    #[serde(flatten)]
    pub parts: ChangeParts,
}

/// The score change between two quarters split over the themes.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    pub previous_quarter: String,
    pub quarter: String,
    pub previous: Option<Metric>,
    pub current: Option<Metric>,
    /// Score now minus then, in points.
    pub change: f64,
    /// Largest part first.
    pub themes: Vec<ThemeShift>,
    /// The sum of the themes' changes in impact (themes overlap: not a share of the change).
    pub explained: f64,
    /// What no theme explains: change - explained.
    pub remainder: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriverReport {
    pub schema_version: u32,
    pub scope: String,
    pub metric_name: Option<&'static str>,
    /// The scope's metric over every scored response (impact's denominator).
    pub metric: Option<Metric>,
    pub responses: u64,
    /// Responses with a comment (share's denominator).
    pub mined: u64,
    /// "impact", or "complaint impact" and the like.
    pub ranked_by: String,
    /// Median share of the themes: the priority chart's vertical line.
    pub median_share: f64,
    /// Themes (and facets), most negative impact first.
    pub drivers: Vec<Driver>,
    pub segment_column: Option<String>,
    /// Significant ones first, then by p.
    pub segments: Vec<SegmentDriver>,
    pub change: Option<ScoreChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<Question>,
    #[serde(skip)]
    pub codebook_unmatched: Vec<String>,
}

/// A group of responses' bands: all of them, per kind, per quarter and per segment value.
#[derive(Clone)]
struct Tally {
    all: BandCounts,
    mentions: u64,
    mined: u64,
    kinds: [BandCounts; 4],
    kind_mentions: [u64; 4],
    quarters: Vec<BandCounts>,
    values: Vec<BandCounts>,
}

impl Tally {
    fn new(quarters: usize, values: usize) -> Tally {
        Tally {
            all: BandCounts::default(),
            mentions: 0,
            mined: 0,
            kinds: [BandCounts::default(); 4],
            kind_mentions: [0; 4],
            quarters: vec![BandCounts::default(); quarters],
            values: vec![BandCounts::default(); values],
        }
    }

    fn add(&mut self, d: &Doc, kind: usize) {
        self.all.add(d.band);
        self.mentions += 1;
        self.mined += d.mined() as u64;
        self.kinds[kind].add(d.band);
        self.kind_mentions[kind] += 1;
        if let Some(q) = d.quarter() {
            self.quarters[q as usize].add(d.band);
        }
        if let Some(v) = d.view() {
            self.values[v as usize].add(d.band);
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.all.merge(&o.all);
        self.mentions += o.mentions;
        self.mined += o.mined;
        for k in 0..4 {
            self.kinds[k].merge(&o.kinds[k]);
            self.kind_mentions[k] += o.kind_mentions[k];
        }
        for (a, b) in self.quarters.iter_mut().zip(&o.quarters) {
            a.merge(b);
        }
        for (a, b) in self.values.iter_mut().zip(&o.values) {
            a.merge(b);
        }
    }
}

/// The scope's tally and each kept theme's, in one pass over the responses (on the pool).
fn tally_themes(run: &Run, kept: &[usize]) -> (Tally, Vec<Tally>) {
    let corpus = &run.corpus;
    let m = &run.membership;
    let (nq, nv) = (corpus.quarters.len(), corpus.view_values.len());
    let mut slot = [usize::MAX; 64];
    let mut mask = 0u64;
    for (k, &t) in kept.iter().enumerate() {
        slot[t] = k;
        mask |= 1u64 << t;
    }
    const RUN: usize = 1 << 16;
    let starts: Vec<usize> = (0..corpus.docs.len()).step_by(RUN).collect();
    let fresh = || (Tally::new(nq, nv), vec![Tally::new(nq, nv); kept.len()]);
    starts
        .into_par_iter()
        .map(|start| {
            let (mut scope, mut per) = fresh();
            for i in start..(start + RUN).min(corpus.docs.len()) {
                let d = &corpus.docs[i];
                scope.add(d, 3);
                let mut bits = m.mention[i] & mask;
                while bits != 0 {
                    let t = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    per[slot[t]].add(d, kind_slot(kind_of_flags(m.flags(i, t))));
                }
            }
            (scope, per)
        })
        .reduce(fresh, |(mut s1, mut p1), (s2, p2)| {
            s1.merge(&s2);
            for (a, b) in p1.iter_mut().zip(&p2) {
                a.merge(b);
            }
            (s1, p1)
        })
}

/// A facet's tally, from its own list of mentioning responses.
fn tally_facet(run: &Run, theme: usize, facet: usize) -> Tally {
    let corpus = &run.corpus;
    let mut t = Tally::new(corpus.quarters.len(), corpus.view_values.len());
    if let Some(flags) = run.membership.facets.get(&(theme, facet)) {
        for &(i, f) in &flags.0 {
            if f & BIT_MENTION != 0 {
                t.add(&corpus.docs[i as usize], kind_slot(kind_of_flags(f)));
            }
        }
    }
    t
}

/// The drivers of a scope: `tag`'s theme set, each theme (and facet) with its impact overall
/// and per kind, ranked.
pub fn drivers(store: &Store, scope: &Scope, options: &DriverOptions) -> Result<DriverReport> {
    let theme_options = ThemeOptions {
        by: super::ThemeGroupBy::None,
        quotes: 0,
        ..options.themes.clone()
    };
    let view = match &options.segments {
        Some(name) => Some(store.meta.segment(name, ColumnUse::ThemeSegments)?),
        None => None,
    };
    let run = prepare(
        store,
        scope,
        &theme_options,
        &GroupKey::None,
        view.map(|v| v.key.as_str()),
        false,
    )?;
    let scale = store.meta.scale;
    let describe = Describe::whole(&run, scale, None, &theme_options);
    let (kept, themes) = tagged_themes(&describe, &theme_options);
    let (scope_tally, tallies) = tally_themes(&run, &kept);
    let mined = scope_tally.mined;
    let impact =
        |all: &BandCounts, part: &BandCounts| scale.and_then(|s| Impact::compute(s, all, part));
    let row = |label: String, key: String, facet_of: Option<String>, t: &Tally| Driver {
        label,
        key,
        facet_of,
        mentions: t.mentions,
        share: 100.0 * t.mined as f64 / mined.max(1) as f64,
        impact: impact(&scope_tally.all, &t.all),
        kinds: KINDS
            .iter()
            .enumerate()
            .map(|(k, &kind)| KindImpact {
                kind,
                mentions: t.kind_mentions[k],
                impact: impact(&scope_tally.all, &t.kinds[k]),
            })
            .collect(),
        quadrant: None,
    };
    let mut rows = Vec::new();
    for ((theme, &t), tally) in themes.iter().zip(&kept).zip(&tallies) {
        rows.push(row(theme.label.clone(), theme.key.clone(), None, tally));
        if options.facets {
            for (f, def) in run.defs[t].facets.iter().enumerate() {
                let ft = tally_facet(&run, t, f);
                if ft.mentions > 0 {
                    let key = format!("{}/{}", theme.key, describe.key_of(def));
                    rows.push(row(
                        describe.label_of(def),
                        key,
                        Some(theme.label.clone()),
                        &ft,
                    ));
                }
            }
        }
    }
    let median_share = median(
        rows.iter()
            .filter(|r| r.facet_of.is_none())
            .map(|r| r.share),
    );
    flag_rows(&mut rows, median_share);
    rank(&mut rows, options.rank_by);
    let segments = match (&view, scale) {
        (Some(_), Some(s)) => segment_drivers(s, &run, &themes, &scope_tally, &tallies),
        _ => Vec::new(),
    };
    let quarters = &run.corpus.quarters;
    let span = match &options.change {
        Some(ChangeSpan::Between(before, now)) => Some((before.clone(), now.clone())),
        Some(ChangeSpan::Last) if quarters.len() >= 2 => Some((
            quarters[quarters.len() - 2].clone(),
            quarters[quarters.len() - 1].clone(),
        )),
        _ => None,
    };
    let change = match (span, scale) {
        (Some((before, now)), Some(s)) => {
            score_change(s, &run, &before, &now, &themes, &scope_tally, &tallies)
        }
        _ => None,
    };
    Ok(DriverReport {
        schema_version: DRIVERS_SCHEMA_VERSION,
        scope: scope.describe(store),
        metric_name: scale.map(Scale::metric_name),
        metric: scale.and_then(|s| Metric::compute(s, &scope_tally.all)),
        responses: scope_tally.mentions,
        mined,
        ranked_by: match options.rank_by {
            Some(k) => format!("{} impact", k.as_str()),
            None => "impact".into(),
        },
        median_share,
        drivers: rows,
        segment_column: view.map(|v| v.name.clone()),
        segments,
        change,
        question: run.question.and_then(|q| question::question_of(store, q)),
        codebook_unmatched: run.unmatched.clone(),
    })
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Quadrants, and significance after Benjamini-Hochberg over every impact shown (each row's and
/// each of its kinds').
fn flag_rows(rows: &mut [Driver], median_share: f64) {
    let mut p = Vec::new();
    for r in rows.iter_mut() {
        r.quadrant = r
            .impact
            .map(|i| Quadrant::of(r.share, i.value, median_share));
        p.push(r.impact.map_or(1.0, |i| i.p));
        p.extend(r.kinds.iter().map(|k| k.impact.map_or(1.0, |i| i.p)));
    }
    let mut flags = benjamini_hochberg(&p).into_iter();
    for r in rows.iter_mut() {
        let impacts =
            std::iter::once(&mut r.impact).chain(r.kinds.iter_mut().map(|k| &mut k.impact));
        for (i, flag) in impacts.zip(flags.by_ref()) {
            if let Some(i) = i {
                i.significant = flag;
            }
        }
    }
}

/// Most negative impact first; rows without one last; ties by key.
pub fn rank(rows: &mut [Driver], kind: Option<Kind>) {
    rows.sort_by(|a, b| {
        let v = |d: &Driver| d.ranked_impact(kind).map(|i| i.value);
        match (v(a), v(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.key.cmp(&b.key))
    });
}

/// Per segment value and theme: its impact on the value's score against its impact on the rest
/// of the scope's, tested as the difference of two independent estimates.
fn segment_drivers(
    scale: Scale,
    run: &Run,
    themes: &[super::Theme],
    scope: &Tally,
    tallies: &[Tally],
) -> Vec<SegmentDriver> {
    let mut out = Vec::new();
    for (theme, t) in themes.iter().zip(tallies) {
        for (v, value) in run.corpus.view_values.iter().enumerate() {
            let here = Impact::compute(scale, &scope.values[v], &t.values[v]);
            let rest = Impact::compute(
                scale,
                &without(&scope.all, &scope.values[v]),
                &without(&t.all, &t.values[v]),
            );
            if let (Some(here), Some(rest)) = (here, rest) {
                out.push(SegmentDriver {
                    value: value.clone(),
                    label: theme.label.clone(),
                    key: theme.key.clone(),
                    mentions: here.mentions,
                    p: here.differs_p(&rest),
                    impact: here,
                    rest_impact: rest,
                    significant: false,
                });
            }
        }
    }
    let p: Vec<f64> = out.iter().map(|s| s.p).collect();
    for (s, flag) in out.iter_mut().zip(benjamini_hochberg(&p)) {
        s.significant = flag;
    }
    out.sort_by(|a, b| {
        b.significant
            .cmp(&a.significant)
            .then(a.p.total_cmp(&b.p))
            .then(a.key.cmp(&b.key))
            .then(a.value.cmp(&b.value))
    });
    out
}

/// The score change from quarter `before` to `now` split over the themes; None when either
/// quarter has no response in scope.
fn score_change(
    scale: Scale,
    run: &Run,
    before: &str,
    now: &str,
    themes: &[super::Theme],
    scope: &Tally,
    tallies: &[Tally],
) -> Option<ScoreChange> {
    let quarters = &run.corpus.quarters;
    let q0 = quarters.iter().position(|q| q == before)?;
    let q1 = quarters.iter().position(|q| q == now)?;
    let previous = Metric::compute(scale, &scope.quarters[q0]);
    let current = Metric::compute(scale, &scope.quarters[q1]);
    let change = current?.value - previous?.value;
    let mut shifts: Vec<ThemeShift> = themes
        .iter()
        .zip(tallies)
        .map(|(theme, t)| {
            let i0 = Impact::compute(scale, &scope.quarters[q0], &t.quarters[q0]);
            let i1 = Impact::compute(scale, &scope.quarters[q1], &t.quarters[q1]);
            ThemeShift {
                label: theme.label.clone(),
                key: theme.key.clone(),
                previous_impact: i0.map(|i| i.value),
                impact: i1.map(|i| i.value),
                previous_part: i0.map_or(0.0, |i| 100.0 * i.part),
                part: i1.map_or(0.0, |i| 100.0 * i.part),
                parts: ChangeParts::between(i0.as_ref(), i1.as_ref()),
            }
        })
        .collect();
    shifts.sort_by(|a, b| {
        b.parts
            .change
            .abs()
            .total_cmp(&a.parts.change.abs())
            .then(a.key.cmp(&b.key))
    });
    let explained: f64 = shifts.iter().map(|s| s.parts.change).sum();
    Some(ScoreChange {
        previous_quarter: before.to_string(),
        quarter: now.to_string(),
        previous,
        current,
        change,
        themes: shifts,
        explained,
        remainder: change - explained,
    })
}
