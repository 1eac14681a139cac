//! Counting: each theme's mentions, shares, kinds, bands, quarters and segment values in a
//! group, and the quotes and facets of the themes shown, in passes over the responses held in
//! memory (the postings were read once, by assignment).

use rayon::prelude::*;

use super::assign::{Flags, Run};
use super::corpus::{Corpus, Doc};
use super::set::ThemeDef;
use super::significance::{benjamini_hochberg, chi2_p, MIN_FLAGGED};
use super::{codebook, discover, quotes};
use super::{Facet, Kind, KindCounts, QuarterCount, Quote, SegmentCount, Theme, ThemeOptions};
use crate::score::{BandCounts, Impact, Metric, Scale};

/// A run's themes described over some of its responses, with what the descriptions need beside
/// the run: `themes`, `tag`, `--emerging` and the explorer all count through it, so they agree.
pub(super) struct Describe<'a> {
    pub(super) run: &'a Run<'a>,
    pub(super) scale: Option<Scale>,
    pub(super) scope_metric: Option<Metric>,
    pub(super) options: &'a ThemeOptions,
    /// Groups are bands.
    pub(super) by_band: bool,
    /// The responses counted, in corpus order, where only some of the run's are (an
    /// [`super::explore::Explorer`]'s scope); None counts them all.
    pub(super) selection: Option<&'a [bool]>,
    /// Every selected response's band (with a comment or not), per group and in all: the
    /// denominators of impact, counted when first asked.
    pub(super) all_bands: std::sync::OnceLock<(BandCounts, Vec<BandCounts>)>,
    /// Describe the run's names ([`Run::names`]) instead of its themes.
    pub(super) names: bool,
}

impl<'a> Describe<'a> {
    /// The run's themes over all its responses, in one group unless `by_band` is set after.
    pub(super) fn whole(
        run: &'a Run<'a>,
        scale: Option<Scale>,
        scope_metric: Option<Metric>,
        options: &'a ThemeOptions,
    ) -> Describe<'a> {
        Describe {
            run,
            scale,
            scope_metric,
            options,
            by_band: false,
            selection: None,
            all_bands: Default::default(),
            names: false,
        }
    }

    /// What is described: the run's themes, or its names.
    fn defs(&self) -> &[ThemeDef] {
        if self.names {
            &self.run.names
        } else {
            &self.run.defs
        }
    }

    fn membership(&self) -> &super::assign::Membership {
        if self.names {
            &self.run.names_membership
        } else {
            &self.run.membership
        }
    }

    /// Whether corpus response `i` counts: it has a real comment and is selected.
    pub(super) fn counts(&self, i: usize, d: &Doc) -> bool {
        d.mined() && self.selection.is_none_or(|s| s[i])
    }

    /// The bands of every response counted for impact in `group` (None: the scope): the
    /// selected ones, with a comment or not (the headline metric's denominator).
    pub(super) fn scope_bands(&self, group: Option<u32>) -> BandCounts {
        let (all, per) = self.all_bands.get_or_init(|| {
            let corpus = &self.run.corpus;
            let mut all = BandCounts::default();
            let mut per = vec![BandCounts::default(); corpus.groups.len().max(1)];
            for (i, d) in corpus.docs.iter().enumerate() {
                if self.selection.is_none_or(|s| s[i]) {
                    all.add(d.band);
                    if let Some(g) = per.get_mut(d.group as usize) {
                        g.add(d.band);
                    }
                }
            }
            (all, per)
        });
        group.map_or(*all, |g| per.get(g as usize).copied().unwrap_or_default())
    }

    pub(super) fn key_of(&self, def: &ThemeDef) -> String {
        codebook::key_of(self.run.store, def)
    }

    /// The label a theme or facet is shown under: its codebook name or its label's surface
    /// form, then any `[rename]`.
    pub(super) fn label_of(&self, def: &ThemeDef) -> String {
        self.renamed(codebook::shown_label(def).to_string(), &self.key_of(def))
    }

    /// A codebook's `[rename]` of a label (matched by label or by stems).
    fn renamed(&self, label: String, key: &str) -> String {
        let Some(book) = &self.options.codebook else {
            return label;
        };
        book.rename
            .iter()
            .find(|(from, _)| {
                from.eq_ignore_ascii_case(&label)
                    || codebook::Codebook::key(self.run.store, from) == key
            })
            .map_or(label, |(_, to)| to.clone())
    }

    /// Counts theme `index` in `group` (None: the whole scope). Labels, terms, quotes and facets
    /// are added by [`Describe::finish`], only for the themes shown.
    pub(super) fn theme(&self, def: &ThemeDef, index: usize, group: Option<u32>) -> Theme {
        self.theme_of_counts(def, self.count(index, group), group)
    }

    /// Every theme of the run counted in `group` (None: the whole scope), in the run's order.
    pub(super) fn themes_in(&self, group: Option<u32>) -> Vec<Theme> {
        self.defs()
            .iter()
            .zip(self.count_all(group))
            .map(|(def, c)| self.theme_of_counts(def, c, group))
            .collect()
    }

    /// What [`Describe::theme`] reads of theme `index` in `group`: one pass over the responses.
    fn count(&self, index: usize, group: Option<u32>) -> ThemeCounts {
        let corpus = &self.run.corpus;
        let m = self.membership();
        let bit = 1u64 << index;
        let in_group = |d: &Doc| group.is_none_or(|g| d.group == g);
        let mut c = ThemeCounts::new(corpus);
        for (i, d) in corpus
            .docs
            .iter()
            .enumerate()
            .filter(|&(i, d)| self.counts(i, d))
        {
            let hit = m.mention[i] & bit != 0;
            if in_group(d) {
                if let Some(q) = d.quarter() {
                    c.per_quarter[q as usize].1 += 1;
                    c.per_quarter[q as usize].0 += hit as u64;
                }
                if let Some(v) = d.view() {
                    c.per_value[v as usize].1 += 1;
                    c.per_value[v as usize].0 += hit as u64;
                }
                c.n_group += 1;
                if hit {
                    c.a += 1;
                    d.count_in(&mut c.bands);
                    c.kinds.add(m.flags(i, index));
                }
            } else {
                c.n_rest += 1;
                c.b += hit as u64;
            }
            if hit {
                d.count_in(&mut c.everywhere);
            }
        }
        c
    }

    /// [`Describe::count`] of every theme in `group` in one pass over the responses, on the
    /// pool: a response adds to the themes it mentions only. The same counts, in a fraction of
    /// the time, where many themes are counted.
    fn count_all(&self, group: Option<u32>) -> Vec<ThemeCounts> {
        let corpus = &self.run.corpus;
        let m = self.membership();
        let themes = self.defs().len();
        const RUN: usize = 1 << 16;
        let partial = |start: usize| -> (ThemeCounts, Vec<ThemeCounts>) {
            let mut shared = ThemeCounts::new(corpus);
            let mut per = vec![ThemeCounts::new(corpus); themes];
            let end = (start + RUN).min(corpus.docs.len());
            for i in start..end {
                let d = &corpus.docs[i];
                if !self.counts(i, d) {
                    continue;
                }
                let in_group = group.is_none_or(|g| d.group == g);
                if in_group {
                    shared.n_group += 1;
                    if let Some(q) = d.quarter() {
                        shared.per_quarter[q as usize].1 += 1;
                    }
                    if let Some(v) = d.view() {
                        shared.per_value[v as usize].1 += 1;
                    }
                } else {
                    shared.n_rest += 1;
                }
                let mut bits = m.mention[i];
                while bits != 0 {
                    let t = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    if t >= themes {
                        continue;
                    }
                    let c = &mut per[t];
                    d.count_in(&mut c.everywhere);
                    if !in_group {
                        c.b += 1;
                        continue;
                    }
                    c.a += 1;
                    d.count_in(&mut c.bands);
                    c.kinds.add(m.flags(i, t));
                    if let Some(q) = d.quarter() {
                        c.per_quarter[q as usize].0 += 1;
                    }
                    if let Some(v) = d.view() {
                        c.per_value[v as usize].0 += 1;
                    }
                }
            }
            (shared, per)
        };
        let starts: Vec<usize> = (0..corpus.docs.len()).step_by(RUN).collect();
        let (shared, mut per) = starts.into_par_iter().map(partial).reduce(
            || {
                (
                    ThemeCounts::new(corpus),
                    vec![ThemeCounts::new(corpus); themes],
                )
            },
            |(mut s1, mut p1), (s2, p2)| {
                s1.add(&s2);
                for (a, b) in p1.iter_mut().zip(&p2) {
                    a.add(b);
                }
                (s1, p1)
            },
        );
        for c in &mut per {
            c.n_group = shared.n_group;
            c.n_rest = shared.n_rest;
            for (mine, all) in c.per_quarter.iter_mut().zip(&shared.per_quarter) {
                mine.1 = all.1;
            }
            for (mine, all) in c.per_value.iter_mut().zip(&shared.per_value) {
                mine.1 = all.1;
            }
        }
        per
    }

    /// A theme described from its counts.
    fn theme_of_counts(&self, def: &ThemeDef, c: ThemeCounts, group: Option<u32>) -> Theme {
        let corpus = &self.run.corpus;
        let ThemeCounts {
            n_group,
            n_rest,
            a,
            b,
            bands,
            everywhere,
            kinds,
            per_quarter,
            per_value,
        } = c;
        let share = 100.0 * a as f64 / n_group.max(1) as f64;
        let rest_share = (group.is_some() && n_rest > 0).then(|| 100.0 * b as f64 / n_rest as f64);
        let lift = (group.is_some() && n_rest > 0 && b > 0)
            .then(|| (a as f64 / n_group as f64) / (b as f64 / n_rest as f64));
        let significance = if group.is_some() && n_rest > 0 {
            discover::g2(a as f64, n_group as f64, b as f64, n_rest as f64)
        } else {
            def.found.score
        };
        // Grouped by band, every group's metric would be its band's (-100 or 100): the score of a
        // theme is then that of all responses in scope that mention it.
        let metric = self
            .scale
            .and_then(|s| Metric::compute(s, if self.by_band { &everywhere } else { &bands }));
        let gap = metric
            .zip(self.scope_metric)
            .map(|(m, s)| m.value - s.value);
        // Grouped by band, impact is the whole scope's (within a band every score is alike).
        let impact = self.scale.and_then(|s| {
            if self.by_band {
                Impact::compute(s, &self.scope_bands(None), &everywhere)
            } else {
                Impact::compute(s, &self.scope_bands(group), &bands)
            }
        });
        let quarters = corpus
            .quarters
            .iter()
            .zip(&per_quarter)
            .map(|(q, &(m, n))| QuarterCount {
                quarter: q.clone(),
                mentions: m,
                responses: n,
                share: 100.0 * m as f64 / n.max(1) as f64,
            })
            .collect();
        let by_segment = segment_counts(&corpus.view_values, &per_value);
        Theme {
            label: String::new(),
            key: self.key_of(def),
            terms: Vec::new(),
            shown: Vec::new(),
            aspect: def.found.aspect.clone(),
            evaluative: def.found.evaluative.clone(),
            evaluative_only: def.members.is_none()
                && def.found.words.is_empty()
                && !def.found.evaluative.is_empty(),
            kind: kinds.dominant(a),
            mentions: a,
            share,
            rest_share,
            lift,
            significance,
            over_represented: false,
            metric,
            gap,
            impact,
            bands,
            kinds,
            quarters,
            by_segment,
            quotes: Vec::new(),
            facets: Vec::new(),
            words: Vec::new(),
        }
    }

    /// Label, terms, quotes and facets of a theme counted by [`Describe::theme`].
    pub(super) fn finish(
        &self,
        def: &ThemeDef,
        index: usize,
        group: Option<u32>,
        theme: &mut Theme,
    ) {
        let (mut pools, n_group) = self.quote_pools(&[index], group);
        let pool = pools.pop().unwrap_or_default();
        self.finish_with(def, index, theme, &pool, group, n_group);
    }

    /// Label, terms, quotes and facets of several themes (indexes into the run's), reading the
    /// responses once for all of them.
    pub(super) fn finish_all(&self, themes: &mut [(usize, Theme)], group: Option<u32>) {
        let indexes: Vec<usize> = themes.iter().map(|(i, _)| *i).collect();
        let (pools, n_group) = self.quote_pools(&indexes, group);
        themes.par_iter_mut().zip(pools).for_each(|((i, t), pool)| {
            self.finish_with(&self.defs()[*i], *i, t, &pool, group, n_group)
        });
    }

    /// For each theme of `indexes`, the responses its quotes are chosen from: [`QUOTE_POOL`]
    /// quotes' worth spread evenly over the responses counted in `group` that mention it (corpus
    /// indexes, in corpus order); and how many responses are counted in `group`. The members are
    /// counted first and only the pool is kept: the shown themes' members together are most of
    /// the scope.
    fn quote_pools(&self, indexes: &[usize], group: Option<u32>) -> (Vec<Vec<u32>>, u64) {
        let corpus = &self.run.corpus;
        let m = self.membership();
        let wanted = indexes.iter().fold(0u64, |bits, &i| bits | 1u64 << i);
        let mut slot = [usize::MAX; 64];
        for (k, &i) in indexes.iter().enumerate() {
            slot[i] = k;
        }
        // Runs of responses on the pool; each run is walked twice: to count the members it
        // holds, then (knowing where its members rank among all) to pick the pool's.
        const RUN: usize = 1 << 16;
        let starts: Vec<usize> = (0..corpus.docs.len()).step_by(RUN).collect();
        let walk = |start: usize, on: &mut dyn FnMut(usize, usize)| -> u64 {
            let mut n_group = 0u64;
            for i in start..(start + RUN).min(corpus.docs.len()) {
                let d = &corpus.docs[i];
                if !self.counts(i, d) || group.is_some_and(|g| d.group != g) {
                    continue;
                }
                n_group += 1;
                let mut bits = m.mention[i] & wanted;
                while bits != 0 {
                    let t = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    on(slot[t], i);
                }
            }
            n_group
        };
        let counted: Vec<(Vec<u64>, u64)> = starts
            .par_iter()
            .map(|&start| {
                let mut members = vec![0u64; indexes.len()];
                let n_group = walk(start, &mut |k, _| members[k] += 1);
                (members, n_group)
            })
            .collect();
        let n_group = counted.iter().map(|(_, n)| n).sum();
        let size = (QUOTE_POOL * self.options.quotes) as u64;
        // Where each run's members start among each theme's, and each theme's total.
        let mut total = vec![0u64; indexes.len()];
        let firsts: Vec<Vec<u64>> = counted
            .iter()
            .map(|(members, _)| {
                let first = total.clone();
                for (t, n) in total.iter_mut().zip(members) {
                    *t += n;
                }
                first
            })
            .collect();
        let runs: Vec<Vec<Vec<u32>>> = starts
            .par_iter()
            .zip(firsts)
            .map(|(&start, mut rank)| {
                let mut pools = vec![Vec::new(); indexes.len()];
                if size > 0 {
                    walk(start, &mut |k, i| {
                        if in_pool(rank[k], total[k], size) {
                            pools[k].push(i as u32);
                        }
                        rank[k] += 1;
                    });
                }
                pools
            })
            .collect();
        let mut pools = vec![Vec::new(); indexes.len()];
        for run in runs {
            for (all, part) in pools.iter_mut().zip(run) {
                all.extend(part);
            }
        }
        (pools, n_group)
    }

    /// Every response counted in `group` that mentions theme `index` (corpus indexes, in order).
    fn members_of(&self, index: usize, group: Option<u32>) -> Vec<u32> {
        let m = &self.run.membership;
        (self.run.corpus.docs.iter().enumerate())
            .filter(|&(i, d)| m.mention[i] >> index & 1 != 0 && self.counts(i, d))
            .filter(|(_, d)| group.is_none_or(|g| d.group == g))
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// [`Describe::finish`] given the theme's quote pool and the responses counted in its group.
    fn finish_with(
        &self,
        def: &ThemeDef,
        index: usize,
        theme: &mut Theme,
        pool: &[u32],
        group: Option<u32>,
        n_group: u64,
    ) {
        let m = self.membership();
        theme.label = self.label_of(def);
        theme.terms = def.terms_written();
        theme.shown = def.words_shown();
        if self.options.explain {
            theme.words = super::explain::placed(def);
        }
        let keys = quotes::quotable(def, self.run.store.analyzer.language());
        let members = || self.members_of(index, group);
        theme.quotes = self.quotes(
            pool,
            &keys,
            def.quote_label(),
            theme.kind,
            usize::MAX,
            members,
        );
        // Facets: counted in the same group, described the same way.
        let n_group = n_group.max(1) as f64;
        for (f, facet) in def.facets.iter().enumerate() {
            let Some(flags) = m.facets.get(&(index, f)) else {
                continue;
            };
            theme
                .facets
                .extend(self.facet(facet, flags, group, n_group));
        }
        theme
            .facets
            .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.key.cmp(&b.key)));
    }

    /// A facet among the responses counted in `group` (`n_group` of them), from its BIT_*
    /// `flags` per response (a facet's responses all mention its theme); None when it is
    /// mentioned too little to be listed.
    fn facet(
        &self,
        def: &ThemeDef,
        flags: &Flags,
        group: Option<u32>,
        n_group: f64,
    ) -> Option<Facet> {
        let mut kinds = KindCounts::default();
        let mut facet_members = Vec::new();
        let docs = &self.run.corpus.docs;
        for &(i, bits) in &flags.0 {
            let d = &docs[i as usize];
            if self.counts(i as usize, d) && group.is_none_or(|g| d.group == g) {
                facet_members.push(i);
                kinds.add(bits);
            }
        }
        let mentions = facet_members.len() as u64;
        if mentions < self.run.describe_min as u64 || mentions == 0 {
            return None;
        }
        let kind = kinds.dominant(mentions);
        let keys = quotes::quotable(def, self.run.store.analyzer.language());
        let quotes = self.quotes(
            &facet_members,
            &keys,
            def.quote_label(),
            kind,
            FACET_QUOTES,
            || facet_members.clone(),
        );
        Some(Facet {
            label: self.label_of(def),
            key: self.key_of(def),
            terms: def.terms_written(),
            kind,
            mentions,
            share: 100.0 * mentions as f64 / n_group,
            kinds,
            quotes,
        })
    }

    /// Comment texts of some responses (corpus indexes).
    fn texts(&self, docs: &[u32]) -> Vec<(usize, String)> {
        docs.iter()
            .map(|&i| {
                let i = i as usize;
                let address = self.run.corpus.docs[i].address;
                (
                    i,
                    quotes::text_of_columns(
                        self.run.store,
                        &self.run.searcher,
                        address,
                        self.run.columns.as_deref(),
                    ),
                )
            })
            .collect()
    }

    /// The best quotable sentence of each response of `texts` (corpus indexes and texts), into
    /// `out`.
    fn add_candidates(
        &self,
        texts: Vec<(usize, String)>,
        wanted: &quotes::Wanted,
        out: &mut Vec<(f64, usize, String, String)>,
    ) {
        let analyzer = &self.run.store.analyzer;
        for (i, text) in texts {
            if let Some((score, sentence)) = quotes::quote_candidates(analyzer, &text, wanted)
                .into_iter()
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            {
                out.push((score, i, sentence, text));
            }
        }
    }

    /// Quotes for a theme: a sentence each from different responses, preferring sentences of
    /// the theme's kind (a complaint is shown with a complaint sentence).
    ///
    /// A quoted sentence shows the theme ([`quotes::quote_candidates`]): where the pool holds
    /// too few, a larger spread of every member (`members`) is read once; where the scope has
    /// none, fewer quotes.
    fn quotes(
        &self,
        pool: &[u32],
        quotable: &quotes::Quotable,
        label: &str,
        kind: Kind,
        most: usize,
        members: impl FnOnce() -> Vec<u32>,
    ) -> Vec<Quote> {
        let most = self.options.quotes.min(most);
        if most == 0 {
            return Vec::new();
        }
        let mut candidates: Vec<(f64, usize, String, String)> = Vec::new();
        let first = spread(pool, QUOTE_POOL * most);
        let texts = self.texts(&first);
        let (analyzer, named) = (&self.run.store.analyzer, Some(&self.run.named));
        let read = texts.iter().map(|(_, t)| t.as_str());
        let wanted = quotes::Wanted::new(analyzer, quotable, label, kind, named, read);
        self.add_candidates(texts, &wanted, &mut candidates);
        if distinct_sentences(&candidates) < most {
            let all = members();
            if all.len() > first.len() {
                let more: Vec<u32> = spread(&all, WIDER_POOL * QUOTE_POOL * most)
                    .into_iter()
                    .filter(|i| first.binary_search(i).is_err())
                    .collect();
                self.add_candidates(self.texts(&more), &wanted, &mut candidates);
            }
        }
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<Quote> = Vec::new();
        let mut sentences: Vec<String> = Vec::new();
        for (_, i, sentence, whole) in candidates {
            if out.len() >= most || sentences.contains(&sentence) {
                continue;
            }
            let address = self.run.corpus.docs[i].address;
            let hit = crate::search::hit_of(self.run.store, &self.run.searcher, address);
            let quoted = if self.options.full_quotes {
                whole.trim().to_string()
            } else {
                sentence.clone()
            };
            sentences.push(sentence);
            let text = if self.options.redact {
                quotes::redact(&quoted)
            } else {
                quoted
            };
            out.push(Quote {
                id: hit.id,
                text,
                score: hit.score,
                band: hit.band,
                date: hit.date,
                segments: hit.segments,
            });
        }
        out
    }
}

/// The counts a theme's description is made from, in one group.
#[derive(Clone)]
struct ThemeCounts {
    /// Responses counted in the group and in the rest of the scope.
    n_group: u64,
    n_rest: u64,
    /// Those that mention the theme, in the group and in the rest.
    a: u64,
    b: u64,
    /// Bands of the mentioning responses in the group, and in the whole scope.
    bands: BandCounts,
    everywhere: BandCounts,
    kinds: KindCounts,
    /// (mentions, responses) per quarter and per value of the segment view, in the group.
    per_quarter: Vec<(u64, u64)>,
    per_value: Vec<(u64, u64)>,
}

impl ThemeCounts {
    fn new(corpus: &Corpus) -> ThemeCounts {
        ThemeCounts {
            n_group: 0,
            n_rest: 0,
            a: 0,
            b: 0,
            bands: BandCounts::default(),
            everywhere: BandCounts::default(),
            kinds: KindCounts::default(),
            per_quarter: vec![(0, 0); corpus.quarters.len()],
            per_value: vec![(0, 0); corpus.view_values.len()],
        }
    }

    fn add(&mut self, other: &ThemeCounts) {
        self.n_group += other.n_group;
        self.n_rest += other.n_rest;
        self.a += other.a;
        self.b += other.b;
        for (mine, theirs) in [
            (&mut self.bands, &other.bands),
            (&mut self.everywhere, &other.everywhere),
        ] {
            mine.merge(theirs);
        }
        self.kinds.complaint += other.kinds.complaint;
        self.kinds.praise += other.kinds.praise;
        self.kinds.ask += other.kinds.ask;
        for (a, b) in self.per_quarter.iter_mut().zip(&other.per_quarter) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (a, b) in self.per_value.iter_mut().zip(&other.per_value) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
}

/// Quotes per facet (a theme has its own, up to `--quotes`).
const FACET_QUOTES: usize = 1;

/// Counts per value of the `--segments` column, with over-representation (Benjamini-Hochberg
/// over the values).
pub(super) fn segment_counts(values: &[String], per_value: &[(u64, u64)]) -> Vec<SegmentCount> {
    let (view_mentions, view_total) = per_value
        .iter()
        .fold((0, 0), |(m, n), &(a, b)| (m + a, n + b));
    let mut out: Vec<SegmentCount> = values
        .iter()
        .zip(per_value)
        .map(|(value, &(m, n))| {
            let (rest_m, rest_n) = ((view_mentions - m) as f64, (view_total - n) as f64);
            let share = m as f64 / n.max(1) as f64;
            let rest_share = if rest_n > 0.0 { rest_m / rest_n } else { 0.0 };
            SegmentCount {
                value: value.clone(),
                mentions: m,
                responses: n,
                share: 100.0 * share,
                lift: (rest_share > 0.0).then(|| share / rest_share),
                over_represented: false,
            }
        })
        .collect();
    let tested: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].mentions >= MIN_FLAGGED && out[i].lift.is_none_or(|l| l > 1.0))
        .collect();
    let p: Vec<f64> = tested
        .iter()
        .map(|&i| {
            let (m, n) = per_value[i];
            let (rest_m, rest_n) = ((view_mentions - m) as f64, (view_total - n) as f64);
            chi2_p(discover::g2(m as f64, n as f64, rest_m, rest_n))
        })
        .collect();
    for (&i, flagged) in tested.iter().zip(benjamini_hochberg(&p)) {
        out[i].over_represented = flagged;
    }
    out
}

pub(super) fn band_counts<'a>(docs: impl Iterator<Item = &'a Doc>) -> BandCounts {
    let mut c = BandCounts::default();
    for d in docs {
        d.count_in(&mut c);
    }
    c
}

/// Quotes' worth of responses a quote is chosen from: enough to find a clear sentence of the
/// kind wanted.
const QUOTE_POOL: usize = 10;
/// Where the pool holds too few quotable sentences, this many pools' worth more are read.
const WIDER_POOL: usize = 5;

/// How many different sentences the candidates hold.
fn distinct_sentences(candidates: &[(f64, usize, String, String)]) -> usize {
    let mut sentences: Vec<&str> = candidates.iter().map(|c| c.2.as_str()).collect();
    sentences.sort_unstable();
    sentences.dedup();
    sentences.len()
}

/// Whether the item ranked `rank` of `total` is among the `size` that [`spread`] picks: all of
/// them when they are few, else those ranked floor(j * total / size) for j below `size`.
fn in_pool(rank: u64, total: u64, size: u64) -> bool {
    total <= size || {
        let j = (rank * size).div_ceil(total);
        j < size && j * total / size == rank
    }
}

/// Up to `n` items spread evenly over `items` (deterministic).
fn spread<T: Copy>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|i| items[i * items.len() / n]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quote pool picked by rank is the one `spread` picks from the whole member list.
    #[test]
    fn quote_pool_by_rank_is_the_spread_of_the_members() {
        for total in 0..300u64 {
            for size in [1u64, 2, 7, 10, 30, 299] {
                let members: Vec<u64> = (0..total).collect();
                let by_rank: Vec<u64> = members
                    .iter()
                    .copied()
                    .filter(|&r| in_pool(r, total, size))
                    .collect();
                assert_eq!(
                    by_rank,
                    spread(&members, size as usize),
                    "{total} of {size}"
                );
            }
        }
    }
}
