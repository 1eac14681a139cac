//! Codebooks: the themes an analyst tracks quarter after quarter, in a TOML file, at both levels:
//! themes and the facets under them.
//!
//! ```toml
//! ignore = ["acme", "app"]             # words never to build themes from (the product's name)
//!
//! [[theme]]
//! name = "Billing errors"
//! terms = ["charged twice", "invoice", "refund"]   # words or phrases, matched like a search
//! query = '"double charged" OR overcharged'       # optional, search syntax
//! [[theme.facet]]                      # a facet pinned under the named theme above
//! name = "Refunds"
//! terms = ["refund"]
//!
//! [[facet]]                            # a facet pinned under a discovered theme, by its label
//! theme = "seat"
//! name = "Broken seat"
//! terms = ["broken seat"]
//!
//! [rename]
//! "charged twice" = "Billing errors"   # theme or facet (label) -> name to show
//!
//! [[merge]]                            # discovered themes into one
//! into = "Support speed"
//! themes = ["hold", "response time"]
//!
//! [[merge]]                            # discovered facets of one theme into one
//! theme = "fit"
//! into = "Runs small"
//! facets = ["runs small", "size down"]
//! ```
//!
//! Named themes and pinned facets are counted through the search index, so they match exactly
//! what a search for their terms finds (a facet: among its theme's mentions). Discovered themes
//! that overlap a named theme fold into it, and discovered facets that overlap a facet pinned
//! under their theme fold into that one. A named theme's facets are the ones pinned under it:
//! the facets of discovered themes folded into it were found for other words, so they are not
//! carried over (`--save-codebook` writes a discovered theme's facets as pinned ones). A merge of
//! facets gives one facet carrying every response any of them carried. Themes are named by their
//! label as shown (or its stems, or a `[rename]` of it) or a codebook name; an entry naming a theme
//! or facet the set does not have is left out and reported ([`Applied::unmatched`]), since the set
//! is discovered again for each index.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher};

use super::set::{FoundTheme, ThemeDef};
use super::{Facet, Theme, ThemeReport};
use crate::error::{Error, Refusal, Result};
use crate::index::Store;
use crate::search::{parse_query_as, QueryMode};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(default, rename = "theme")]
    pub themes: Vec<NamedTheme>,
    /// Facets pinned under a theme named by its label (`[[facet]]`): a discovered theme, or a
    /// named one.
    #[serde(default, rename = "facet", skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<PinnedFacet>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rename: BTreeMap<String, String>,
    #[serde(default, rename = "merge", skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<Merge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedTheme {
    pub name: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Facets pinned under it (`[[theme.facet]]`).
    #[serde(default, rename = "facet", skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<NamedFacet>,
}

/// A facet pinned under a named theme: counted like a named theme, among the theme's mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedFacet {
    pub name: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

/// A facet pinned under a discovered theme, named by the theme's label (or a named theme's
/// name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedFacet {
    pub theme: String,
    pub name: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

impl PinnedFacet {
    /// The facet as it would be pinned under a named theme.
    pub fn facet(&self) -> NamedFacet {
        NamedFacet {
            name: self.name.clone(),
            terms: self.terms.clone(),
            query: self.query.clone(),
        }
    }
}

/// Discovered themes merged into one (`themes`), or discovered facets of one theme merged into
/// one facet (`theme` and `facets`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    pub into: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// The theme whose facets are merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<String>,
}

/// A codebook applied to a theme set: the themes to count, and the entries that matched nothing
/// in it (a label this data does not yield), for a warning.
pub struct Applied {
    pub defs: Vec<ThemeDef>,
    pub unmatched: Vec<String>,
}

/// How a codebook names a theme or facet: the wording given, and the labels `[rename]` shows
/// under that wording; each as written and as stems.
struct Reference {
    texts: Vec<String>,
    keys: Vec<String>,
}

impl Reference {
    /// Whether the theme or facet shown as `label`, keyed `key`, answers to this reference.
    fn names(&self, label: &str, key: &str) -> bool {
        self.texts.iter().any(|t| t.eq_ignore_ascii_case(label))
            || self.keys.iter().any(|k| k == key)
    }

    /// Whether a theme or facet answers to this reference, by its name or its label.
    fn names_def(&self, store: &Store, def: &ThemeDef) -> bool {
        self.names(shown_label(def), &key_of(store, def))
    }
}

/// The label a theme or facet is shown under (before renames): its codebook name, else how its
/// label is written.
pub fn shown_label(def: &ThemeDef) -> &str {
    def.name.as_deref().unwrap_or(&def.found.label_text)
}

/// A theme's or facet's stable key: the stems of its codebook name, else of its label.
pub fn key_of(store: &Store, def: &ThemeDef) -> String {
    match &def.name {
        Some(name) => Codebook::key(store, name),
        None => def.found.label.clone(),
    }
}

/// The end of the message of an entry naming no theme: how themes are named.
const NAMED_BY: &str = "(a theme is named by its label as `verbatim themes` shows it, or by a \
     [[theme]]'s name); left out";

impl Codebook {
    pub fn load(path: &Path) -> Result<Codebook> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Codebook::parse(&text).map_err(|e| Error::input(path, e))
    }

    /// Reads a codebook, checking what TOML alone cannot: every theme and facet has terms or a
    /// query, and every merge says what it merges.
    pub fn parse(text: &str) -> std::result::Result<Codebook, String> {
        let book: Codebook =
            toml::from_str(text).map_err(|e| format!("is not a valid codebook: {e}"))?;
        for t in &book.themes {
            needs_terms(&format!("theme '{}'", t.name), &t.terms, &t.query)?;
            for f in &t.facets {
                let what = format!("facet '{}' of theme '{}'", f.name, t.name);
                needs_terms(&what, &f.terms, &f.query)?;
            }
        }
        for f in &book.facets {
            let what = format!("facet '{}' of theme '{}'", f.name, f.theme);
            needs_terms(&what, &f.terms, &f.query)?;
        }
        for m in &book.merges {
            m.check()?;
        }
        Ok(book)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let body = toml::to_string_pretty(self).map_err(|e| Refusal::Codebook {
            what: "cannot write the codebook".into(),
            detail: e.to_string(),
        })?;
        let header = "# verbatim codebook: edit names and terms, pin facets with `[[theme.facet]]`, add \
                      `ignore = [...]`, `[rename]`\n\
                      # and `[[merge]]` sections (see docs/CODEBOOK.md), then pass it with --codebook.\n\n";
        std::fs::write(path, format!("{header}{body}")).map_err(|e| Error::io(path, e))
    }

    /// Stems of the ignored words.
    pub fn ignored_stems(&self, store: &Store) -> HashSet<String> {
        self.ignore
            .iter()
            .flat_map(|w| store.analyzer.index_terms(w))
            .collect()
    }

    /// The key (stems joined by spaces, as themes name terms) of a word or phrase.
    pub fn key(store: &Store, text: &str) -> String {
        store
            .analyzer
            .analyze(text)
            .into_iter()
            .map(|w| w.term)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Applies the codebook to discovered themes, in this order: merges of themes; named themes
    /// first, with the discovered themes that overlap them folded in (dropped); merges of
    /// facets; pinned facets, with the discovered facets of their theme that overlap them folded
    /// in. Named themes and pinned facets take their responses from a search within `scope`.
    pub fn apply(
        &self,
        store: &Store,
        scope: &dyn Query,
        mut discovered: Vec<ThemeDef>,
    ) -> Result<Applied> {
        let mut unmatched = Vec::new();
        for merge in self.merges.iter().filter(|m| !m.themes.is_empty()) {
            self.merge_themes(store, &mut discovered, merge, &mut unmatched);
        }
        let searcher = store.searcher()?;
        let mut defs = self.named_themes(store, &searcher, scope)?;
        let folded = self.fold_into_named(store, &mut discovered);
        defs.extend(discovered);
        let missing = |theme: &str| self.missing_theme(store, &folded, theme);
        for merge in self.merges.iter().filter(|m| m.themes.is_empty()) {
            self.merge_facets(store, &mut defs, merge, &missing, &mut unmatched);
        }
        self.pin_facets(store, &searcher, scope, &mut defs, &missing, &mut unmatched)?;
        Ok(Applied { defs, unmatched })
    }

    /// The named themes, each with the facets pinned under it.
    fn named_themes(
        &self,
        store: &Store,
        searcher: &Searcher,
        scope: &dyn Query,
    ) -> Result<Vec<ThemeDef>> {
        self.themes
            .iter()
            .map(|theme| {
                let mut def = searched(
                    store,
                    searcher,
                    scope,
                    &theme.name,
                    &theme.terms,
                    &theme.query,
                    None,
                )?;
                for facet in &theme.facets {
                    def.facets.push(searched(
                        store,
                        searcher,
                        scope,
                        &facet.name,
                        &facet.terms,
                        &facet.query,
                        Some(&theme.name),
                    )?);
                }
                Ok(def)
            })
            .collect()
    }

    /// Leaves out the discovered themes that overlap the named themes' terms; returns each with
    /// the name of the first named theme holding one of its stems (for a clear warning when the
    /// codebook names it elsewhere).
    fn fold_into_named(
        &self,
        store: &Store,
        discovered: &mut Vec<ThemeDef>,
    ) -> Vec<(ThemeDef, String)> {
        let each: Vec<HashSet<String>> = self
            .themes
            .iter()
            .map(|t| stems_of(std::iter::once(t.terms.as_slice()), store))
            .collect();
        let all: HashSet<String> = each.iter().flatten().cloned().collect();
        let mut folded = Vec::new();
        for d in std::mem::take(discovered) {
            if d.name.is_some() || !overlaps(&d, &all) {
                discovered.push(d);
                continue;
            }
            let holds = |stems: &HashSet<String>| {
                let mut words = d
                    .found
                    .label
                    .split(' ')
                    .chain(std::iter::once(main_word(&d.found)));
                words.any(|w| stems.contains(w))
            };
            let into = (self.themes.iter().zip(&each))
                .find(|(_, stems)| holds(stems))
                .map_or_else(String::new, |(t, _)| t.name.clone());
            folded.push((d, into));
        }
        folded
    }

    /// Why a theme the codebook names is not in the set: folded into a named theme, or not
    /// found at all.
    fn missing_theme(&self, store: &Store, folded: &[(ThemeDef, String)], theme: &str) -> String {
        let reference = self.reference(store, theme);
        match folded.iter().find(|(d, _)| reference.names_def(store, d)) {
            Some((_, into)) => format!(
                "theme '{theme}' is folded into the named theme '{into}', whose terms cover it \
                 (a named theme's facets are the ones pinned under it); left out"
            ),
            None => format!("no theme '{theme}' {NAMED_BY}"),
        }
    }

    /// Adds each `[[facet]]` under its theme; the discovered facets of that theme that overlap
    /// it fold into it (dropped).
    fn pin_facets(
        &self,
        store: &Store,
        searcher: &Searcher,
        scope: &dyn Query,
        defs: &mut [ThemeDef],
        missing: &dyn Fn(&str) -> String,
        unmatched: &mut Vec<String>,
    ) -> Result<()> {
        let mut pinned_under: Vec<Vec<&[String]>> = vec![Vec::new(); defs.len()];
        for pinned in &self.facets {
            let Some(t) = self.find(store, defs, &pinned.theme) else {
                unmatched.push(format!(
                    "[[facet]] '{}': {}",
                    pinned.name,
                    missing(&pinned.theme)
                ));
                continue;
            };
            let facet = searched(
                store,
                searcher,
                scope,
                &pinned.name,
                &pinned.terms,
                &pinned.query,
                Some(shown_label(&defs[t])),
            )?;
            defs[t].facets.push(facet);
            pinned_under[t].push(pinned.terms.as_slice());
        }
        for (def, pinned) in defs.iter_mut().zip(pinned_under) {
            if pinned.is_empty() {
                continue;
            }
            let stems = stems_of(pinned.into_iter(), store);
            def.facets
                .retain(|f| f.name.is_some() || !overlaps(f, &stems));
        }
        Ok(())
    }

    /// How the codebook names a theme or facet (see [`Reference`]).
    fn reference(&self, store: &Store, text: &str) -> Reference {
        let mut texts = vec![text.to_string()];
        texts.extend(
            self.rename
                .iter()
                .filter(|(_, to)| to.eq_ignore_ascii_case(text))
                .map(|(from, _)| from.clone()),
        );
        let keys = texts
            .iter()
            .map(|t| Codebook::key(store, t))
            .filter(|k| !k.is_empty())
            .collect();
        Reference { texts, keys }
    }

    /// The first of `defs` (named themes come first) that `text` names.
    fn find(&self, store: &Store, defs: &[ThemeDef], text: &str) -> Option<usize> {
        let reference = self.reference(store, text);
        defs.iter().position(|d| reference.names_def(store, d))
    }

    /// Whether `text`, a theme named in this codebook, names the theme shown as `label` (keyed
    /// `key`) in a report.
    pub fn names(&self, store: &Store, text: &str, label: &str, key: &str) -> bool {
        self.reference(store, text).names(label, key)
    }

    /// Folds the discovered themes a merge names into the first of them, named `into`.
    fn merge_themes(
        &self,
        store: &Store,
        defs: &mut Vec<ThemeDef>,
        merge: &Merge,
        unmatched: &mut Vec<String>,
    ) {
        let mut matching = Vec::new();
        for label in &merge.themes {
            let reference = self.reference(store, label);
            let found: Vec<usize> = (0..defs.len())
                .filter(|&i| reference.names_def(store, &defs[i]))
                .collect();
            if found.is_empty() {
                unmatched.push(format!(
                    "[[merge]] into '{}': no discovered theme '{label}' {NAMED_BY}",
                    merge.into
                ));
            }
            matching.extend(found);
        }
        let Some(first) = fold_into_first(defs, matching, absorb) else {
            return;
        };
        defs[first].name = Some(merge.into.clone());
    }

    /// Folds the discovered facets a merge names, under its theme, into the first of them, named
    /// `into`: the merged facet matches every response any of them matched.
    fn merge_facets(
        &self,
        store: &Store,
        defs: &mut [ThemeDef],
        merge: &Merge,
        missing: &dyn Fn(&str) -> String,
        unmatched: &mut Vec<String>,
    ) {
        let theme = merge.theme.as_deref().unwrap_or_default();
        let Some(t) = self.find(store, defs, theme) else {
            unmatched.push(format!(
                "[[merge]] into '{}': {}",
                merge.into,
                missing(theme)
            ));
            return;
        };
        let facets = &mut defs[t].facets;
        let mut matching = Vec::new();
        for label in &merge.facets {
            let reference = self.reference(store, label);
            // Pinned facets are counted by search, not by words: they merge by giving one all
            // the terms.
            let found: Vec<usize> = (0..facets.len())
                .filter(|&i| facets[i].members.is_none() && reference.names_def(store, &facets[i]))
                .collect();
            if found.is_empty() {
                unmatched.push(format!(
                    "[[merge]] into '{}': theme '{theme}' has no discovered facet '{label}' (a \
                     facet is named by its label as `verbatim themes` shows it); left out",
                    merge.into
                ));
            }
            matching.extend(found);
        }
        let Some(first) = fold_into_first(facets, matching, |target, other| {
            let forms = other.terms_text.clone();
            absorb(target, other);
            for form in forms {
                if !target.terms_text.contains(&form) {
                    target.terms_text.push(form);
                }
            }
        }) else {
            return;
        };
        facets[first].name = Some(merge.into.clone());
    }

    /// This codebook followed by the themes a report shows that it does not define yet (as a
    /// named theme or a merge's `into`), each as a named theme (its first terms) with its facets
    /// pinned under it, so that a saved codebook loads to the same themes and facets. The
    /// codebook's own `[[facet]]` entries and facet merges under such a theme move into it (a
    /// merged facet is pinned with the terms of every facet it merged). A theme found by
    /// evaluative words alone ("speed") is left out: a search cannot tell where its words qualify
    /// another theme's, and discovery finds it again.
    pub fn with_themes_of(&self, store: &Store, report: &ThemeReport) -> Codebook {
        let mut book = self.clone();
        for (theme, facets) in shown_themes(report) {
            if theme.evaluative_only {
                continue;
            }
            let defined = book.themes.iter().any(|t| t.name == theme.label)
                || book.merges.iter().any(|m| {
                    !m.themes.is_empty() && book.names(store, &m.into, &theme.label, &theme.key)
                });
            if !defined {
                book.save_theme(store, theme, &facets);
            }
        }
        book
    }

    /// Adds a discovered theme of a report as a named theme with these facets pinned under it,
    /// moving in the codebook's own `[[facet]]` entries and facet merges under it.
    fn save_theme(&mut self, store: &Store, theme: &Theme, shown: &[&Facet]) {
        let under_it = |text: &str| self.names(store, text, &theme.label, &theme.key);
        let (mut pinned, kept): (Vec<PinnedFacet>, Vec<PinnedFacet>) = self
            .facets
            .iter()
            .cloned()
            .partition(|f| under_it(&f.theme));
        let merges: Vec<Merge> = self
            .merges
            .iter()
            .filter(|m| !m.theme.as_deref().is_some_and(under_it))
            .cloned()
            .collect();
        let mut facets: Vec<NamedFacet> = shown
            .iter()
            .map(
                |facet| match pinned.iter().position(|p| p.name == facet.label) {
                    Some(p) => pinned.remove(p).facet(),
                    None => NamedFacet {
                        name: facet.label.clone(),
                        terms: facet.terms.iter().take(SAVED_TERMS).cloned().collect(),
                        query: None,
                    },
                },
            )
            .collect();
        // Pinned facets not shown this time (no mention in the scope) are kept too.
        facets.extend(pinned.iter().map(PinnedFacet::facet));
        self.facets = kept;
        self.merges = merges;
        self.themes.push(NamedTheme {
            name: theme.label.clone(),
            terms: theme.terms.iter().take(SAVED_TERMS).cloned().collect(),
            query: None,
            facets,
        });
    }
}

/// Each theme a report shows (the first time it is listed), with every facet it shows in any
/// group, each once, in the order first shown.
fn shown_themes(report: &ThemeReport) -> Vec<(&Theme, Vec<&Facet>)> {
    let mut shown: Vec<(&Theme, Vec<&Facet>)> = Vec::new();
    for theme in report.groups.iter().flat_map(|g| &g.themes) {
        let at = match shown.iter().position(|(t, _)| t.label == theme.label) {
            Some(at) => at,
            None => {
                shown.push((theme, Vec::new()));
                shown.len() - 1
            }
        };
        let facets = &mut shown[at].1;
        for facet in &theme.facets {
            if !facets.iter().any(|f| f.label == facet.label) {
                facets.push(facet);
            }
        }
    }
    shown
}

/// Terms of each discovered theme written into a saved codebook: a starting point to edit.
const SAVED_TERMS: usize = 6;

impl Merge {
    /// A merge names either themes, or a theme and facets of it.
    fn check(&self) -> std::result::Result<(), String> {
        let of_themes = !self.themes.is_empty();
        let of_facets = self.theme.is_some() || !self.facets.is_empty();
        let into = &self.into;
        if of_themes && of_facets {
            Err(format!(
                "merge into '{into}' merges `themes` or `facets` (of one `theme`), not both"
            ))
        } else if !of_themes && !of_facets {
            Err(format!(
                "merge into '{into}' needs `themes`, or `theme` and `facets`"
            ))
        } else if of_facets && self.theme.is_none() {
            Err(format!(
                "merge into '{into}' needs `theme`, the theme its facets are under"
            ))
        } else if of_facets && self.facets.is_empty() {
            Err(format!(
                "merge into '{into}' needs `facets`, the facets of '{}' to merge",
                self.theme.as_deref().unwrap_or_default()
            ))
        } else {
            Ok(())
        }
    }
}

fn needs_terms(
    what: &str,
    terms: &[String],
    query: &Option<String>,
) -> std::result::Result<(), String> {
    if terms.is_empty() && query.is_none() {
        Err(format!("{what} needs terms or a query"))
    } else {
        Ok(())
    }
}

/// A named theme (`under` None) or a pinned facet of the theme `under`: its terms' keys as its
/// words, its responses those a search for its terms or query finds in `scope`.
fn searched(
    store: &Store,
    searcher: &Searcher,
    scope: &dyn Query,
    name: &str,
    terms: &[String],
    query: &Option<String>,
    under: Option<&str>,
) -> Result<ThemeDef> {
    let what = match under {
        Some(theme) => format!("codebook facet '{name}' of theme '{theme}'"),
        None => format!("codebook theme '{name}'"),
    };
    let members =
        search(store, searcher, scope, terms, query.as_deref()).map_err(|e| Refusal::Codebook {
            what,
            detail: e.to_string(),
        })?;
    let keys: Vec<String> = terms
        .iter()
        .map(|t| Codebook::key(store, t))
        .filter(|k| !k.is_empty())
        .collect();
    Ok(ThemeDef {
        found: FoundTheme {
            label: keys.first().cloned().unwrap_or_default(),
            word_share: vec![0.0; keys.len()],
            words: keys,
            phrases: Vec::new(),
            score: f64::MAX,
            facets: Vec::new(),
            label_text: name.to_string(),
            terms_text: terms.to_vec(),
            aspect: None,
            evaluative: Vec::new(),
            why: Default::default(),
            shown: None,
        },
        name: Some(name.to_string()),
        members: Some(Arc::new(members)),
        facets: Vec::new(),
    })
}

/// The responses within `scope` that a search for any of `terms` (each a word or a phrase), or
/// for `query`, finds.
fn search(
    store: &Store,
    searcher: &Searcher,
    scope: &dyn Query,
    terms: &[String],
    query: Option<&str>,
) -> Result<HashSet<DocAddress>> {
    let mut parts: Vec<String> = terms
        .iter()
        .map(|term| format!("\"{}\"", term.replace('"', " ")))
        .collect();
    parts.extend(query.iter().map(|q| format!("({q})")));
    // Codebook terms keep the strict language: exact words and phrases, no synonyms.
    let query = parse_query_as(store, &parts.join(" OR "), &QueryMode::strict())?;
    let scoped = BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, scope.box_clone())]);
    Ok(searcher
        .search(&scoped, &DocSetCollector)?
        .into_iter()
        .collect())
}

/// Every stem of some lists of terms.
fn stems_of<'a>(lists: impl Iterator<Item = &'a [String]>, store: &Store) -> HashSet<String> {
    lists
        .flatten()
        .map(|t| Codebook::key(store, t))
        .flat_map(|k| k.split(' ').map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a discovered theme or facet says what a codebook's own one (of these stems) says:
/// every stem of its label, or its main word, is one of them.
fn overlaps(def: &ThemeDef, stems: &HashSet<String>) -> bool {
    let label = &def.found.label;
    let main = main_word(&def.found);
    label.split(' ').all(|w| stems.contains(w)) || stems.contains(main)
}

/// A discovered theme's main word: its first word, or for an aspect theme without one, its
/// first evaluative word (a saved codebook lists those as the theme's terms).
fn main_word(found: &FoundTheme) -> &str {
    found
        .words
        .first()
        .or(found.evaluative.first())
        .map_or("", String::as_str)
}

/// Folds the items at `matching` (indexes, in any order, repeats allowed) into the first of them
/// with `fold`, removing the others; returns the first's index after removal.
fn fold_into_first(
    defs: &mut Vec<ThemeDef>,
    mut matching: Vec<usize>,
    fold: impl Fn(&mut FoundTheme, FoundTheme),
) -> Option<usize> {
    matching.sort_unstable();
    matching.dedup();
    let (&first, rest) = matching.split_first()?;
    for &i in rest.iter().rev() {
        let other = defs.remove(i);
        fold(&mut defs[first].found, other.found);
        defs[first].facets.extend(other.facets);
    }
    Some(first)
}

/// Folds `other` into `target`: its words and phrases match as the target's.
fn absorb(target: &mut FoundTheme, other: FoundTheme) {
    for (w, share) in other.words.into_iter().zip(other.word_share) {
        if !target.words.contains(&w) {
            target.words.push(w);
            target.word_share.push(share);
        }
    }
    for p in other.phrases {
        if !target.phrases.contains(&p) {
            target.phrases.push(p);
        }
    }
    target.score += other.score;
    for (key, why) in other.why {
        target.why.entry(key).or_insert(why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_format() {
        let book = Codebook::parse(
            r#"
ignore = ["acme"]
[[theme]]
name = "Billing errors"
terms = ["charged twice", "invoice"]
[[theme.facet]]
name = "Refunds"
terms = ["refund"]
[[theme.facet]]
name = "Double charges"
query = '"charged twice"'
[[facet]]
theme = "seat"
name = "Broken seat"
terms = ["broken seat"]
[rename]
"hold" = "Waiting on hold"
[[merge]]
into = "Support speed"
themes = ["hold", "response time"]
[[merge]]
theme = "fit"
into = "Runs small"
facets = ["runs small", "size down"]
"#,
        )
        .unwrap();
        assert_eq!(book.themes[0].terms.len(), 2);
        let facets = &book.themes[0].facets;
        assert_eq!(facets.len(), 2);
        assert_eq!(facets[0].terms, ["refund"]);
        assert_eq!(facets[1].query.as_deref(), Some("\"charged twice\""));
        assert_eq!(book.facets[0].theme, "seat");
        assert_eq!(book.facets[0].facet().name, "Broken seat");
        assert_eq!(book.rename["hold"], "Waiting on hold");
        assert_eq!(book.merges[0].themes.len(), 2);
        assert!(book.merges[0].facets.is_empty() && book.merges[0].theme.is_none());
        assert_eq!(book.merges[1].theme.as_deref(), Some("fit"));
        assert_eq!(book.merges[1].facets, ["runs small", "size down"]);
        assert!(book.merges[1].themes.is_empty());
        assert!(Codebook::parse("[[theme]]\nname = 1").is_err());
        assert!(Codebook::parse("colour = 1").is_err());
    }

    #[test]
    fn codebooks_without_facets_still_load() {
        let book = Codebook::parse(
            "ignore = [\"acme\"]\n[[theme]]\nname = \"A\"\nterms = [\"a\"]\n[rename]\n\"b\" = \"B\"\n\
             [[merge]]\ninto = \"C\"\nthemes = [\"c\", \"d\"]\n",
        )
        .unwrap();
        assert!(book.facets.is_empty() && book.themes[0].facets.is_empty());
        assert_eq!(book.merges[0].themes, ["c", "d"]);
        // Written back, it has no facet keys either.
        let text = toml::to_string_pretty(&book).unwrap();
        assert!(
            !text.contains("facet") && !text.contains("theme ="),
            "{text}"
        );
    }

    #[test]
    fn a_written_codebook_reads_back_the_same() {
        let book = Codebook {
            ignore: vec!["acme".into()],
            themes: vec![NamedTheme {
                name: "Seat".into(),
                terms: vec!["seat".into(), "legroom".into()],
                query: None,
                facets: vec![NamedFacet {
                    name: "Legroom".into(),
                    terms: vec!["legroom".into(), "knee".into()],
                    query: Some("cramped OR \"no room\"".into()),
                }],
            }],
            facets: vec![PinnedFacet {
                theme: "food".into(),
                name: "Cold food".into(),
                terms: vec!["cold food".into()],
                query: None,
            }],
            rename: [("so easy".to_string(), "Ease of use".to_string())].into(),
            merges: vec![
                Merge {
                    into: "Support".into(),
                    themes: vec!["help desk".into(), "agents".into()],
                    theme: None,
                    facets: Vec::new(),
                },
                Merge {
                    into: "Runs small".into(),
                    themes: Vec::new(),
                    theme: Some("fit".into()),
                    facets: vec!["runs small".into(), "size small".into()],
                },
            ],
        };
        let text = toml::to_string_pretty(&book).unwrap();
        assert!(text.contains("[[theme.facet]]"), "{text}");
        assert_eq!(Codebook::parse(&text).unwrap(), book);
    }

    #[test]
    fn facets_and_merges_that_say_too_little_are_refused() {
        for (text, message) in [
            (
                "[[theme]]\nname = \"A\"\nterms = [\"a\"]\n[[theme.facet]]\nname = \"F\"\n",
                "facet 'F' of theme 'A' needs terms or a query",
            ),
            (
                "[[facet]]\ntheme = \"a\"\nname = \"F\"\n",
                "facet 'F' of theme 'a' needs terms or a query",
            ),
            ("[[facet]]\nname = \"F\"\nterms = [\"f\"]\n", "missing field `theme`"),
            (
                "[[theme]]\nname = \"A\"\nterms = [\"a\"]\n[[theme.facet]]\ntheme = \"A\"\nname = \"F\"\nterms = [\"f\"]\n",
                "unknown field `theme`",
            ),
            ("[[merge]]\ninto = \"M\"\n", "needs `themes`, or `theme` and `facets`"),
            (
                "[[merge]]\ninto = \"M\"\nfacets = [\"f\"]\n",
                "needs `theme`",
            ),
            (
                "[[merge]]\ninto = \"M\"\ntheme = \"t\"\n",
                "needs `facets`, the facets of 't'",
            ),
            (
                "[[merge]]\ninto = \"M\"\nthemes = [\"a\"]\ntheme = \"t\"\nfacets = [\"f\"]\n",
                "not both",
            ),
        ] {
            let err = Codebook::parse(text).unwrap_err();
            assert!(err.contains(message), "{text}: {err}");
        }
    }

    #[test]
    fn the_documented_examples_parse() {
        let doc = include_str!("../../docs/CODEBOOK.md");
        let blocks: Vec<&str> = doc
            .split("```toml\n")
            .skip(1)
            .map(|rest| rest.split("```").next().unwrap())
            .collect();
        // And this module's own example.
        let module: String = include_str!("codebook.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
            .collect();
        let example = module
            .split("```toml\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let blocks: Vec<&str> = blocks.into_iter().chain([example]).collect();
        assert!(blocks.len() >= 2);
        for block in blocks {
            let book = Codebook::parse(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
            assert!(!book.themes.is_empty());
        }
    }
}
