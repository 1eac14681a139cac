//! Themes held in memory for exploring (`verbatim serve`): the theme set discovered once over the
//! whole index, and which themes, facets and kinds every response carries, so that any scope is
//! counted by a pass over memory instead of a new read of the index. The counting is
//! [`super::themes`]'s own, so a scope gives the same themes, counts, facets and quotes as
//! `verbatim themes` with the same filters.

use std::collections::BTreeMap;

use tantivy::DocAddress;

use super::assign::{prepare, Run, BIT_ASK, BIT_COMPLAINT, BIT_MENTION, BIT_PRAISE};
use super::corpus::GroupKey;
use super::count::{segment_counts, Describe};
use super::{Kind, NameMention, Theme, ThemeGroupBy, ThemeOptions};
use crate::error::Result;
use crate::index::readers::{Matching, StrValues};
use crate::index::schema::segment_path;
use crate::index::Store;
use crate::score::{BandCounts, Metric};
use crate::search::Scope;

/// Values of one segment column for every response.
pub struct Column {
    pub name: String,
    /// Distinct values, sorted.
    pub values: Vec<String>,
    /// Per corpus response: its index in `values`, or `NONE`.
    of_doc: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// The responses of one scope, as flags over the explorer's responses.
#[derive(Clone)]
pub struct Selection {
    docs: Vec<bool>,
    /// Responses in the scope, and those with a real comment.
    pub responses: u64,
    pub comments: u64,
    /// Bands of every response in the scope, and of those with a real comment.
    pub bands: BandCounts,
    comment_bands: BandCounts,
}

/// A theme (and facet) chosen in a view, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub theme: String,
    pub facet: Option<String>,
}

/// A segment heat map: each listed theme's share per value, over-represented cells flagged.
pub struct Heat {
    pub column: String,
    pub values: Vec<String>,
    /// (theme label, shares 0-100, over-represented), in the order of the themes given.
    pub rows: Vec<(String, Vec<f64>, Vec<bool>)>,
    /// Responses with a comment per value.
    pub responses: Vec<u64>,
}

pub struct Explorer<'a> {
    run: Run<'a>,
    options: ThemeOptions,
    /// Per segment ordinal: document id to corpus response (`NONE` for deleted documents).
    slots: Vec<Vec<u32>>,
    pub columns: Vec<Column>,
}

impl<'a> Explorer<'a> {
    /// The theme options it was made with (question, codebook).
    pub fn options(&self) -> &ThemeOptions {
        &self.options
    }

    /// Discovers (or reads from the cache) the theme set of `options.question` over the whole
    /// index and marks every response's themes, facets and kinds.
    pub fn new(store: &'a Store, options: &ThemeOptions) -> Result<Explorer<'a>> {
        let options = ThemeOptions {
            by: ThemeGroupBy::None,
            query: None,
            discover_in_scope: false,
            ..options.clone()
        };
        let mut run = prepare(
            store,
            &Scope::default(),
            &options,
            &GroupKey::None,
            None,
            false,
        )?;
        run.mark_names()?;
        let mut slots: Vec<Vec<u32>> = run
            .searcher
            .segment_readers()
            .iter()
            .map(|r| vec![NONE; r.max_doc() as usize])
            .collect();
        for (i, d) in run.corpus.docs.iter().enumerate() {
            slots[d.address.segment_ord as usize][d.address.doc_id as usize] = i as u32;
        }
        let columns = store
            .meta
            .segments
            .iter()
            .map(|seg| column_values(&run, &slots, &seg.name, &segment_path(&seg.key)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Explorer {
            run,
            options,
            slots,
            columns,
        })
    }

    /// A theme's stable key, as [`Theme::key`].
    fn key_of(&self, def: &super::set::ThemeDef) -> String {
        match &def.name {
            Some(name) => super::codebook::Codebook::key(self.run.store, name),
            None => def.found.label.clone(),
        }
    }

    pub fn store(&self) -> &'a Store {
        self.run.store
    }

    /// Quarters holding responses, oldest first (labels sort in time order).
    pub fn quarters(&self) -> &[String] {
        &self.run.corpus.quarters
    }

    /// Responses of the index, whatever the scope.
    pub fn responses(&self) -> usize {
        self.run.corpus.docs.len()
    }

    /// The responses in `scope` matching `query` (search syntax), read through the index so a
    /// scope means exactly what it means to the other commands.
    pub fn select(
        &self,
        scope: &Scope,
        query: Option<&str>,
        mode: &crate::search::QueryMode,
    ) -> Result<Selection> {
        let store = self.run.store;
        if query.is_none() && scope.is_everything() && store.shadowed.is_empty() {
            return Ok(self.selection(vec![true; self.run.corpus.docs.len()]));
        }
        let query = super::scope_query_as(store, scope, query, mode)?;
        let matching = self.run.searcher.search(&*query, &Matching)?;
        let mut docs = vec![false; self.run.corpus.docs.len()];
        for (ord, ids) in &matching {
            let slots = &self.slots[*ord as usize];
            for &id in ids {
                if let Some(&i) = slots.get(id as usize).filter(|&&i| i != NONE) {
                    docs[i as usize] = true;
                }
            }
        }
        Ok(self.selection(docs))
    }

    fn selection(&self, docs: Vec<bool>) -> Selection {
        let mut bands = BandCounts::default();
        let mut comment_bands = BandCounts::default();
        for (d, _) in self.run.corpus.docs.iter().zip(&docs).filter(|(_, &s)| s) {
            d.count_in(&mut bands);
            if d.mined() {
                d.count_in(&mut comment_bands);
            }
        }
        Selection {
            responses: bands.total(),
            comments: comment_bands.total(),
            bands,
            comment_bands,
            docs,
        }
    }

    /// The responses of `selection` in `quarter`.
    pub fn in_quarter(&self, selection: &Selection, quarter: &str) -> Selection {
        let q = self.run.corpus.quarters.iter().position(|l| l == quarter);
        let docs = self
            .run
            .corpus
            .docs
            .iter()
            .zip(&selection.docs)
            .map(|(d, &s)| s && q.is_some() && d.quarter().map(|x| x as usize) == q)
            .collect();
        self.selection(docs)
    }

    /// Bands of the selection per quarter (every quarter of the index, oldest first).
    pub fn bands_by_quarter(&self, selection: &Selection) -> Vec<(String, BandCounts)> {
        let corpus = &self.run.corpus;
        let mut per = vec![BandCounts::default(); corpus.quarters.len()];
        for (d, _) in corpus.docs.iter().zip(&selection.docs).filter(|(_, &s)| s) {
            if let Some(q) = d.quarter() {
                d.count_in(&mut per[q as usize]);
            }
        }
        corpus.quarters.iter().cloned().zip(per).collect()
    }

    /// The scope's metric (NPS or CSAT), where the index has scores.
    pub fn metric(&self, selection: &Selection) -> Option<Metric> {
        self.run
            .store
            .meta
            .scale
            .and_then(|s| Metric::compute(s, &selection.bands))
    }

    fn describe<'s>(&'s self, selection: &'s Selection, options: &'s ThemeOptions) -> Describe<'s> {
        let scale = self.run.store.meta.scale;
        let scope_metric = scale.and_then(|s| Metric::compute(s, &selection.comment_bands));
        Describe {
            selection: Some(&selection.docs),
            ..Describe::whole(&self.run, scale, scope_metric, options)
        }
    }

    /// The `top` themes of the selection, most mentioned first (a codebook's named themes
    /// first), each with its facets and up to `quotes` quotes: what `verbatim themes --by none`
    /// lists for the same scope.
    pub fn themes(&self, selection: &Selection, top: usize, quotes: usize) -> Vec<Theme> {
        let options = ThemeOptions {
            quotes,
            top,
            ..self.options.clone()
        };
        let describe = self.describe(selection, &options);
        let run = &self.run;
        let mut counted: Vec<(usize, Theme)> = describe
            .themes_in(None)
            .into_iter()
            .enumerate()
            .filter(|(_, t)| t.mentions >= run.describe_min as u64)
            .collect();
        counted.sort_by_key(|(i, t)| {
            (
                run.defs[*i].members.is_none(),
                std::cmp::Reverse(t.mentions),
            )
        });
        counted.truncate(top);
        describe.finish_all(&mut counted, None);
        counted.into_iter().map(|(_, t)| t).collect()
    }

    /// The names the selection's comments mention, most mentioned first, at most `top`, each
    /// with up to `quotes` quotes: what `verbatim themes --by none` lists for the same scope.
    pub fn names(&self, selection: &Selection, top: usize, quotes: usize) -> Vec<NameMention> {
        let options = ThemeOptions {
            quotes,
            top,
            ..self.options.clone()
        };
        let describe = Describe {
            names: true,
            ..self.describe(selection, &options)
        };
        describe.names_in(top)
    }

    /// The label a theme was found under (or its codebook name), and whether it is a named
    /// theme of the codebook: how a codebook refers to it.
    pub fn label_source(&self, key: &str) -> Option<(String, bool)> {
        let def = self.run.defs.iter().find(|d| self.key_of(d) == key)?;
        Some(match &def.name {
            Some(name) if def.members.is_some() => (name.clone(), true),
            _ => (def.found.label_text.clone(), false),
        })
    }

    /// Mentions of every theme of the set in the selection, by theme key (for changes between
    /// two scopes).
    pub fn mentions(&self, selection: &Selection) -> BTreeMap<String, u64> {
        let options = ThemeOptions {
            quotes: 0,
            ..self.options.clone()
        };
        let describe = self.describe(selection, &options);
        let m = &self.run.membership;
        let mut per = vec![0u64; self.run.defs.len()];
        for (i, d) in self.run.corpus.docs.iter().enumerate() {
            if describe.counts(i, d) {
                let mut bits = m.mention[i];
                while bits != 0 {
                    per[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
        }
        self.run
            .defs
            .iter()
            .zip(per)
            .map(|(def, n)| (self.key_of(def), n))
            .collect()
    }

    /// One theme (or one of its facets) of the selection, described with up to `quotes` quotes.
    pub fn theme(&self, selection: &Selection, key: &str, quotes: usize) -> Option<Theme> {
        let options = ThemeOptions {
            quotes,
            ..self.options.clone()
        };
        let describe = self.describe(selection, &options);
        let (i, def) = self
            .run
            .defs
            .iter()
            .enumerate()
            .find(|(_, def)| self.key_of(def) == key)?;
        let mut theme = describe.theme(def, i, None);
        describe.finish(def, i, None, &mut theme);
        Some(theme)
    }

    /// The responses of the selection that mention the picked theme (or facet), with `kind`
    /// when given, in the order quotes are drawn from.
    pub fn members(
        &self,
        selection: &Selection,
        pick: &Pick,
        kind: Option<Kind>,
    ) -> Vec<DocAddress> {
        let options = self.options.clone();
        let describe = self.describe(selection, &options);
        let run = &self.run;
        let Some(t) = run
            .defs
            .iter()
            .position(|def| self.key_of(def) == pick.theme)
        else {
            return Vec::new();
        };
        let facet_bits = match &pick.facet {
            Some(key) => {
                let Some(f) = run.defs[t]
                    .facets
                    .iter()
                    .position(|f| self.key_of(f) == *key)
                else {
                    return Vec::new();
                };
                match run.membership.facets.get(&(t, f)) {
                    Some(bits) => Some(bits),
                    None => return Vec::new(),
                }
            }
            None => None,
        };
        let m = &run.membership;
        let bit = 1u64 << t;
        // The response's BIT_* flags for the pick: the facet's, else the theme's own bits.
        let flags = |i: usize| -> u8 {
            match facet_bits {
                Some(bits) => bits.get(i),
                None => m.flags(i, t),
            }
        };
        let wanted = |i: usize| -> bool {
            let b = flags(i);
            b & BIT_MENTION != 0
                && match kind {
                    None => true,
                    Some(Kind::Complaint) => b & BIT_COMPLAINT != 0,
                    Some(Kind::Praise) => b & BIT_PRAISE != 0,
                    Some(Kind::Ask) => b & BIT_ASK != 0,
                    Some(Kind::Neutral) => b & (BIT_COMPLAINT | BIT_PRAISE | BIT_ASK) == 0,
                }
        };
        run.corpus
            .docs
            .iter()
            .enumerate()
            .filter(|&(i, d)| describe.counts(i, d) && m.mention[i] & bit != 0 && wanted(i))
            .map(|(_, d)| d.address)
            .collect()
    }

    /// Each theme's share of the selection's comments per value of segment column `column`
    /// (an index into [`Explorer::columns`]), over-represented cells flagged as in `verbatim
    /// themes --segments`.
    pub fn heat(&self, selection: &Selection, column: usize, themes: &[Theme]) -> Heat {
        let col = &self.columns[column];
        let run = &self.run;
        let options = self.options.clone();
        let describe = self.describe(selection, &options);
        let keys: Vec<String> = run.defs.iter().map(|d| self.key_of(d)).collect();
        let bits: Vec<Option<usize>> = themes
            .iter()
            .map(|t| keys.iter().position(|k| *k == t.key))
            .collect();
        let mut per: Vec<Vec<(u64, u64)>> = vec![vec![(0, 0); col.values.len()]; themes.len()];
        let mut responses = vec![0u64; col.values.len()];
        for (i, d) in run.corpus.docs.iter().enumerate() {
            let v = col.of_doc[i];
            if v == NONE || !describe.counts(i, d) {
                continue;
            }
            responses[v as usize] += 1;
            for (row, bit) in per.iter_mut().zip(&bits) {
                row[v as usize].1 += 1;
                if let Some(b) = bit {
                    row[v as usize].0 += (run.membership.mention[i] >> b) & 1;
                }
            }
        }
        let rows = themes
            .iter()
            .zip(&per)
            .map(|(t, counts)| {
                let cells = segment_counts(&col.values, counts);
                (
                    t.label.clone(),
                    cells.iter().map(|c| c.share).collect(),
                    cells.iter().map(|c| c.over_represented).collect(),
                )
            })
            .collect();
        Heat {
            column: col.name.clone(),
            values: col.values.clone(),
            rows,
            responses,
        }
    }
}

/// Every response's value of one segment column.
fn column_values(run: &Run, slots: &[Vec<u32>], name: &str, path: &str) -> Result<Column> {
    let mut of_doc = vec![NONE; run.corpus.docs.len()];
    let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (ord, reader) in run.searcher.segment_readers().iter().enumerate() {
        let mut values = StrValues::new(reader, path)?;
        for (doc, &i) in slots[ord].iter().enumerate() {
            if i == NONE {
                continue;
            }
            if let Some(v) = values.get(doc as u32) {
                let next = ids.len() as u32;
                of_doc[i as usize] = match ids.get(v) {
                    Some(&id) => id,
                    None => *ids.entry(v.to_string()).or_insert(next),
                };
            }
        }
    }
    // Numbered in first-seen order above; sorted values make the order independent of layout.
    let mut values: Vec<(String, u32)> = ids.into_iter().collect();
    values.sort();
    let mut new_of_old = vec![0u32; values.len()];
    for (new, (_, old)) in values.iter().enumerate() {
        new_of_old[*old as usize] = new as u32;
    }
    for v in of_doc.iter_mut().filter(|v| **v != NONE) {
        *v = new_of_old[*v as usize];
    }
    let values = values.into_iter().map(|(v, _)| v).collect();
    Ok(Column {
        name: name.to_string(),
        values,
        of_doc,
    })
}
