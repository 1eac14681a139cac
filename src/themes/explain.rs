//! Why each word and phrase of a theme is there (`themes --explain`): the measures and values that
//! placed it, recorded by discovery ([`super::discover`]) and kept with the theme set.
//!
//! A word is a seed: distinctive against general language (its salience, G2, weighed by how often
//! it is said with an opinion), clustered with the words it is most similar to (its average
//! similarity to the other words of its cluster), then kept or moved by [`super::subject`] (the
//! share of its sentences that hold its cluster's core and the best other core's). A cluster whose
//! main word is a kind of another's (WordNet) becomes a facet under that category. A phrase joins
//! the theme of the word whose uses it accounts for most; phrase facets with the same responses
//! are merged into one.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::corpus::Corpus;

/// The measures that placed one word or phrase of a theme. `T` names other terms: a term id in
/// discovery, its surface form in the theme set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why<T = String> {
    /// "word": a seed word clustered by similarity; "phrase": a phrase joined to one of the
    /// theme's words.
    pub placed_by: String,
    /// Salience, G2 against general-language frequencies; for words, after the opinion weight
    /// (a word said with an opinion in under half its uses weighs less).
    pub salience: f64,
    /// Share of the term's (for a phrase: its head's) uses in a clause that complains, praises
    /// or asks.
    pub opinion: f64,
    /// Responses of the discovery sample holding it.
    pub responses: u32,
    /// Average similarity (sentence co-occurrence and PPMI) to the other words of its cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The core of the cluster it was placed in (its most salient word); none for a core.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core: Option<T>,
    /// Share of its sentences that hold that core.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_core: Option<f64>,
    /// The other cluster's core its sentences hold most, and that share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_core: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_other_core: Option<f64>,
    /// The core of the cluster it left: moved because its sentences held this theme's core in
    /// at least 1 in 10 and 30 times as often as its first cluster's core.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<T>,
    /// Its cluster's main word is a kind of this word (WordNet), so it is a facet under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_of: Option<T>,
    /// A phrase: the theme word whose uses it accounts for most, and the share of that word's
    /// responses that hold the phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase_of: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_of_word: Option<f64>,
    /// Phrase facets with (nearly) the same responses, merged into this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<T>,
    /// Why a phrase of the theme is no facet of it: it reports what a thing or someone did
    /// ("reviewer mentioned"), or says no more than the theme's label ("flight was delayed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_facet: Option<String>,
    /// The theme this word's theme joined (its label, as discovery had it), because the two
    /// themes' sentences share words far more often than chance: their NPMI, at least 0.2
    /// ([`super::merge`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_npmi: Option<f64>,
    /// The theme this word's theme stays apart from although their sentences share words far
    /// more often than chance (their NPMI), because the two together would reach more than half
    /// of the responses (that share): a theme about most comments is their setting, no subject
    /// ([`super::merge`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apart_from: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apart_npmi: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apart_reach: Option<f64>,
    /// A name (capitalised mid-sentence in most of its uses): never the theme's label while a
    /// common noun can carry it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub name: bool,
}

impl<T> Why<T> {
    /// A term placed by `placed_by`, with its own measures and nothing else yet.
    pub fn new(placed_by: &str, salience: f64, opinion: f64, responses: u32) -> Why<T> {
        Why {
            placed_by: placed_by.to_string(),
            salience,
            opinion,
            responses,
            similarity: None,
            core: None,
            with_core: None,
            other_core: None,
            with_other_core: None,
            moved_from: None,
            kind_of: None,
            phrase_of: None,
            share_of_word: None,
            merged: Vec::new(),
            no_facet: None,
            joined: None,
            joined_npmi: None,
            apart_from: None,
            apart_npmi: None,
            apart_reach: None,
            name: false,
        }
    }

    /// The same measures, other terms named by `f`.
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> Why<U> {
        Why {
            placed_by: self.placed_by.clone(),
            salience: self.salience,
            opinion: self.opinion,
            responses: self.responses,
            similarity: self.similarity,
            core: self.core.as_ref().map(&mut f),
            with_core: self.with_core,
            other_core: self.other_core.as_ref().map(&mut f),
            with_other_core: self.with_other_core,
            moved_from: self.moved_from.as_ref().map(&mut f),
            kind_of: self.kind_of.as_ref().map(&mut f),
            phrase_of: self.phrase_of.as_ref().map(&mut f),
            share_of_word: self.share_of_word,
            merged: self.merged.iter().map(&mut f).collect(),
            no_facet: self.no_facet.clone(),
            joined: self.joined.as_ref().map(&mut f),
            joined_npmi: self.joined_npmi,
            apart_from: self.apart_from.as_ref().map(&mut f),
            apart_npmi: self.apart_npmi,
            apart_reach: self.apart_reach,
            name: self.name,
        }
    }
}

impl Why<String> {
    /// One line for people: "G2 812.4, opinion 64%, 412 responses; similarity 0.31 to its
    /// cluster; with core 'food' in 22% of its sentences (other core 'seat' 3%)".
    pub fn describe(&self) -> String {
        let pct = |x: f64| format!("{:.0}%", 100.0 * x);
        if self.placed_by.starts_with("evaluative") {
            return format!(
                "{}: counted where it qualifies no other theme's word in its clause",
                self.placed_by
            );
        }
        let mut parts = vec![format!(
            "G2 {:.1}, opinion {}, {} responses",
            self.salience,
            pct(self.opinion),
            self.responses
        )];
        if let Some(w) = &self.phrase_of {
            parts.push(format!(
                "phrase of '{w}' ({} of its responses)",
                pct(self.share_of_word.unwrap_or(0.0))
            ));
        }
        if let Some(s) = self.similarity {
            parts.push(format!("similarity {s:.2} to its cluster"));
        }
        match (&self.core, self.with_core) {
            (Some(core), Some(share)) => parts.push(format!(
                "with core '{core}' in {} of its sentences",
                pct(share)
            )),
            _ if self.placed_by == "word" => parts.push("core of its cluster".into()),
            _ => {}
        }
        if let (Some(other), Some(share)) = (&self.other_core, self.with_other_core) {
            parts.push(format!("other core '{other}' in {}", pct(share)));
        }
        if let Some(from) = &self.moved_from {
            parts.push(format!("moved from the cluster of '{from}'"));
        }
        if let Some(category) = &self.kind_of {
            parts.push(format!("its cluster is a kind of '{category}' (a facet)"));
        }
        if !self.merged.is_empty() {
            parts.push(format!(
                "same responses as {} (merged)",
                self.merged
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(reason) = &self.no_facet {
            parts.push(format!("no facet: {reason}"));
        }
        if let (Some(theme), Some(npmi)) = (&self.joined, self.joined_npmi) {
            parts.push(format!(
                "its theme joined '{theme}' (sentences together, NPMI {npmi:.2})"
            ));
        }
        if let (Some(theme), Some(npmi), Some(reach)) =
            (&self.apart_from, self.apart_npmi, self.apart_reach)
        {
            parts.push(format!(
                "its theme stays apart from '{theme}' (sentences together, NPMI {npmi:.2}, \
                 but together in {} of the responses: most, a setting)",
                pct(reach)
            ));
        }
        if self.name {
            parts.push("a name".into());
        }
        parts.join("; ")
    }
}

/// A term of a theme as `--explain` shows it: its surface form, stems and why it is there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub word: String,
    pub key: String,
    pub why: Why,
}

/// Every word and phrase of a theme or facet with why it is there: as discovery recorded it, or
/// for a codebook's named theme or pinned facet, "codebook" (matched by search).
pub(super) fn placed(def: &super::set::ThemeDef) -> Vec<Placed> {
    let found = &def.found;
    let keys: Vec<&str> = def.keys().collect();
    let aligned = found.terms_text.len() == keys.len();
    keys.iter()
        .enumerate()
        .map(|(i, key)| Placed {
            word: match found.terms_text.get(i) {
                Some(text) if aligned || i < found.words.len() + found.phrases.len() => {
                    text.clone()
                }
                _ => key.to_string(),
            },
            key: key.to_string(),
            why: found.why.get(*key).cloned().unwrap_or_else(|| {
                let placed_by = match (&found.aspect, found.evaluative.iter().any(|e| e == key)) {
                    // Shown here only: an evaluative word is never a label or facet.
                    (Some(aspect), true) => format!("evaluative word judging {aspect}"),
                    _ if def.members.is_some() => "codebook".to_string(),
                    _ => "merge".to_string(),
                };
                Why::new(&placed_by, 0.0, 0.0, 0)
            }),
        })
        .collect()
}

/// Why each seed word sits in its cluster: its salience and opinion share, its average
/// similarity to the other words of its final cluster, and what [`super::subject`] measured.
pub(super) fn word_whys(
    corpus: &Corpus,
    seeds: &[u32],
    clusters: &[Vec<usize>],
    sim: &[Vec<f64>],
    placements: &[super::subject::Placement],
    sal: &[f64],
    opinion: &dyn Fn(&str) -> f64,
) -> HashMap<u32, Why<u32>> {
    let placed: HashMap<u32, &super::subject::Placement> =
        placements.iter().map(|p| (p.word, p)).collect();
    let mut out = HashMap::new();
    for members in clusters {
        let core = seeds[members[0]];
        for &i in members {
            let t = seeds[i];
            let term = &corpus.terms[t as usize];
            let mut w = Why::new("word", sal[t as usize], opinion(&term.key), term.df);
            let others: Vec<f64> = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| sim[i][j])
                .collect();
            if !others.is_empty() {
                w.similarity = Some(others.iter().sum::<f64>() / others.len() as f64);
            }
            if let Some(p) = placed.get(&t) {
                w.core = Some(if p.moved {
                    p.other_core.unwrap_or(core)
                } else {
                    p.own_core
                });
                if p.moved {
                    w.moved_from = Some(p.own_core);
                    w.with_core = Some(p.other);
                    w.other_core = Some(p.own_core);
                    w.with_other_core = Some(p.own);
                } else {
                    w.with_core = Some(p.own);
                    w.other_core = p.other_core;
                    w.with_other_core = p.other_core.map(|_| p.other);
                }
            }
            out.insert(t, w);
        }
    }
    out
}

/// A word left out of every theme as narration of the respondent's situation (`--explain`):
/// said mostly in phrases without an opinion, alike in every band ("Been a customer since 2021").
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct NarratedWord {
    /// The word as written.
    pub word: String,
    /// Its phrases said without an opinion (as written), each with the word's opinion share
    /// over the phrase's responses.
    pub phrases: Vec<(String, f64)>,
    /// Share of the word's responses holding one of those phrases.
    pub share: f64,
    /// Half the L1 distance between the bands of those responses and all responses'.
    pub bands: f64,
}

impl NarratedWord {
    /// One line for people: "said as 'customer since' (opinion 8%) in 70% of its responses,
    /// bands 0.09 from all".
    pub fn describe(&self) -> String {
        let pct = |x: f64| format!("{:.0}%", 100.0 * x);
        let phrases: Vec<String> = self
            .phrases
            .iter()
            .take(4)
            .map(|(p, o)| format!("'{p}' (opinion {})", pct(*o)))
            .collect();
        format!(
            "said as {} in {} of its responses, bands {:.2} from all responses'",
            phrases.join(", "),
            pct(self.share),
            self.bands
        )
    }
}
