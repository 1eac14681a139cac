//! Theme discovery: which terms are distinctive, and which of them are the same concern.
//!
//! 1. Salience: each candidate term is scored with the log-likelihood ratio G2, either for a group
//!    against the rest of the scope, or (one group) against general-language frequencies.
//! 2. Grouping: the most salient words are clustered (average linkage) by how similar they are:
//!    first-order (they occur in the same responses: "lost" and "bag") or second-order (they occur
//!    with the same words: "staff" and "waiter"), both in [`super::similarity`]. Phrases then join
//!    the cluster of the word they are most specific to ("cancelled flight" joins "cancel").
//! 3. Each cluster is a theme, labelled by its most representative phrase.

use std::collections::HashMap;

use rayon::prelude::*;

use super::background::Background;
use super::candidates::{TopicWords, WordRole};
use super::corpus::Corpus;
use super::explain::Why;
use super::merge::Outcome;
use super::names::{heads_with_modifier, narrates_or_measures, Surface};
pub(super) use super::significance::g2_binomial;
pub use super::significance::{g2, two_proportion_z, SIGNIFICANT};
use super::similarity::{cluster, similarity};

/// Words in more than this share of responses, and of sentences, are the corpus's subject
/// ("flight" in airline tweets and reviews), not a theme: they can appear in phrases but never
/// make a theme alone. In long reviews most topics are in many responses ("seat"), but few
/// sentences; a word in most responses is the subject whatever their length ("British Airways").
const DOMAIN_SHARE: f64 = 0.3;
const DOMAIN_SENTENCE_SHARE: f64 = 0.15;
const SUBJECT_SHARE: f64 = 0.5;
/// Share of a word's responses that speak of it with an opinion (complaint, praise or ask) from
/// which it weighs in full; below, its salience shrinks in proportion.
const OPINION_SHARE: f64 = 0.5;
/// Words considered for clustering.
const SEEDS: usize = 250;
/// Average similarity at which two clusters merge.
const MERGE_AT: f64 = 0.24;
/// Most words in one fine cluster (a facet).
const MAX_WORDS: usize = 10;
/// Depth below the root (counting it) from which a WordNet sense is a category that groups
/// facets: food (5) groups dishes; "object" or "thing" group nothing.
const CATEGORY_DEPTH: usize = 5;
/// Share of a phrase head's responses that speak of it with an opinion below which the phrase is
/// no facet.
const FACET_OPINION: f64 = 0.25;
/// Most phrase facets of a theme.
const MAX_FACETS: usize = 6;
/// Share of the responses from which a phrase is the source's template ("British Airways customer
/// review" in a review site's every title), never a label or a facet.
const TEMPLATE_SHARE: f64 = 0.10;
/// Share of two facets' responses in common (of either's) from which they say the same thing
/// ("auto-reply", "auto-reply promised", "reply promised") and are one facet.
const SAME_FACET: f64 = 0.8;

/// A discovered theme: term ids of the corpus it was found in.
#[derive(Debug, Clone)]
pub struct Found {
    /// Words first (by salience), then phrases.
    pub words: Vec<u32>,
    pub phrases: Vec<u32>,
    /// The term whose surface form labels the theme.
    pub label: u32,
    pub score: f64,
    /// Sub-themes.
    pub facets: Vec<Found>,
}

/// How often words are said with an opinion (complaint, praise or ask), over the responses read.
pub struct Opinion<'a> {
    /// Share of a word's responses that say it with an opinion.
    pub of_word: &'a (dyn Fn(&str) -> f64 + Sync),
    /// The same share of a word over some responses (indexes into the corpus's documents).
    pub in_phrase: &'a (dyn Fn(&str, &[usize]) -> f64 + Sync),
}

/// Which responses to contrast.
pub enum Contrast<'a> {
    /// Responses of this group against the rest of the corpus.
    Group(u32),
    /// All responses against general language.
    Background(&'a Background),
}

/// Salience of every term (0 when not distinctive).
pub fn salience(corpus: &Corpus, contrast: &Contrast, min_mentions: u32) -> Vec<f64> {
    let n_terms = corpus.terms.len();
    let mined: Vec<&super::corpus::Doc> = corpus.sampled().collect();
    let n = mined.len() as f64;
    let mut sal = vec![0.0; n_terms];
    match contrast {
        Contrast::Group(g) => {
            let mut in_group = vec![0u32; n_terms];
            let mut n_group = 0.0;
            for d in mined.iter().filter(|d| d.group == *g) {
                n_group += 1.0;
                for &t in d.terms() {
                    in_group[t as usize] += 1;
                }
            }
            let n_rest = n - n_group;
            for (t, term) in corpus.terms.iter().enumerate() {
                let a = in_group[t] as f64;
                let b = term.df as f64 - a;
                if !term.ignored
                    && a >= min_mentions as f64
                    && (n_rest == 0.0 || a / n_group > b / n_rest)
                {
                    sal[t] = if n_rest == 0.0 {
                        a
                    } else {
                        g2(a, n_group, b, n_rest)
                    };
                }
            }
        }
        Contrast::Background(bg) => {
            let words_per_doc = mined.iter().map(|d| d.words() as f64).sum::<f64>() / n.max(1.0);
            for (t, term) in corpus.terms.iter().enumerate() {
                if term.len == 1 && !term.ignored && term.df >= min_mentions {
                    let p_doc = 1.0 - (-bg.probability(&term.key) * words_per_doc).exp();
                    sal[t] = g2_binomial(term.df as f64, n, p_doc.min(0.999));
                }
            }
            // A phrase is as distinctive as its least distinctive word, scaled by how much of
            // that word's use it accounts for.
            for (t, term) in corpus.terms.iter().enumerate() {
                if term.len > 1
                    && !term.ignored
                    && term.df >= min_mentions
                    && !term.parts.is_empty()
                {
                    let weakest = term
                        .parts
                        .iter()
                        .map(|&p| sal[p as usize])
                        .fold(f64::MAX, f64::min);
                    let part_df = term
                        .parts
                        .iter()
                        .map(|&p| corpus.terms[p as usize].df)
                        .min()
                        .unwrap_or(1) as f64;
                    sal[t] = weakest * (term.df as f64 / part_df).sqrt();
                }
            }
        }
    }
    sal
}

/// Weighs each word's salience by how often it is said with an opinion, and returns the words
/// that narrate the respondent's situation ([`super::narration`]).
fn weigh_by_opinion(
    corpus: &Corpus,
    sal: &mut [f64],
    topics: &TopicWords,
    opinions: &Opinion,
) -> Vec<super::narration::Narrated> {
    // What people have opinions about leads: a word said mostly in clauses that neither praise,
    // complain nor ask describes the respondent ("customer since 2021", "we flew via London").
    let said: Vec<(usize, f64)> = (0..corpus.terms.len())
        .into_par_iter()
        .filter(|&t| corpus.terms[t].len == 1 && sal[t] > 0.0)
        .map(|t| (t, (opinions.of_word)(&corpus.terms[t].key)))
        .collect();
    for &(t, share) in &said {
        sal[t] *= (share / OPINION_SHARE).min(1.0).powi(2);
    }
    // A word said mostly in phrases without an opinion, in every band alike, narrates the
    // respondent's situation ("Been a customer since 2021"): no theme word.
    let judges = |key: &str| key.split(' ').any(|w| topics.is_evaluative(w));
    super::narration::narrated(
        corpus,
        &said,
        &super::narration::Reading {
            in_phrase: opinions.in_phrase,
            judges: &judges,
            word_below: OPINION_SHARE,
            phrase_below: FACET_OPINION,
        },
    )
}

/// Discovers up to `top` themes. `min_mentions` counts responses in the whole scope; words were
/// read for a sample only, so terms are held to the same share of the sample.
pub fn discover(
    corpus: &Corpus,
    contrast: &Contrast,
    topics: &TopicWords,
    opinions: &Opinion,
    surface: &Surface,
    min_mentions: u32,
    top: usize,
) -> Discovered {
    let opinion = opinions.of_word;
    let names = surface.names;
    let sampled = corpus.sampled_count();
    let in_sample = corpus.read as f64 / corpus.mined().max(1) as f64;
    let min_in_sample = ((min_mentions as f64 * in_sample.min(1.0)).ceil() as u32).max(2);
    let mut sal = salience(corpus, contrast, min_mentions.min(min_in_sample));
    let listed = super::names::listed(corpus, &sal, names, min_in_sample);
    let narrated = weigh_by_opinion(corpus, &mut sal, topics, opinions);
    let mut seeds: Vec<u32> = (0..corpus.terms.len() as u32)
        .filter(|&t| {
            let term = &corpus.terms[t as usize];
            term.len == 1
                && sal[t as usize] >= SIGNIFICANT
                && !is_context(corpus, sampled, t)
                && topics.is_topic(&term.key)
        })
        .collect();
    seeds.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
    seeds.truncate(SEEDS);
    if seeds.is_empty() {
        return Discovered {
            names: listed,
            ..Default::default()
        };
    }
    let sim = similarity(corpus, &seeds);
    let clusters = cluster(&sim, &vec![1; seeds.len()], MERGE_AT, MAX_WORDS);
    let clusters = super::narration::leave(clusters, &seeds, &narrated);
    // One subject per theme: a word said beside another theme's core, never its own, moves.
    let (clusters, placements) =
        super::subject::one_subject(corpus, &seeds, clusters, super::subject::ELSEWHERE);
    let clusters: Vec<Vec<usize>> = clusters.into_iter().filter(|c| !c.is_empty()).collect();
    let mut why =
        super::explain::word_whys(corpus, &seeds, &clusters, &sim, &placements, &sal, opinion);
    for (t, w) in why.iter_mut() {
        w.name = names.contains(t);
    }

    let seeds = &seeds;
    let seed_cluster: HashMap<u32, usize> = clusters
        .iter()
        .enumerate()
        .flat_map(|(c, members)| members.iter().map(move |&i| (seeds[i], c)))
        .collect();
    let mut themes: Vec<Found> = clusters
        .iter()
        .map(|members| {
            let mut words: Vec<u32> = members.iter().map(|&i| seeds[i]).collect();
            words.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
            words.truncate(MAX_WORDS);
            let score = words.iter().map(|&w| sal[w as usize]).sum();
            Found {
                label: words[0],
                words,
                phrases: Vec::new(),
                score,
                facets: Vec::new(),
            }
        })
        .collect();
    for (t, term) in corpus.terms.iter().enumerate() {
        if term.len == 1 || sal[t] < SIGNIFICANT {
            continue;
        }
        let home = term
            .parts
            .iter()
            .filter_map(|&p| {
                seed_cluster
                    .get(&p)
                    .map(|&c| (c, term.df as f64 / corpus.terms[p as usize].df as f64, p))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)));
        if let Some((c, share, part)) = home {
            if themes[c].words.contains(&part) {
                themes[c].phrases.push(t as u32);
                let head = term.key.rsplit(' ').next().unwrap_or("");
                let mut w = Why::new("phrase", sal[t], opinion(head), term.df);
                w.phrase_of = Some(part);
                w.share_of_word = Some(share);
                w.name = surface.is_name(t as u32);
                why.insert(t as u32, w);
            }
        }
    }
    for theme in &mut themes {
        by_frequency(corpus, &mut theme.phrases);
        theme.phrases.truncate(MAX_WORDS);
        theme.label = label(corpus, theme, topics, opinion, surface);
    }
    // A cluster of describing words only ("unhelpful", "tasty") names no subject: what such a
    // word judges is counted by its aspect, if any, never as a theme labelled by the adjective.
    themes.retain(|t| {
        let label = &corpus.terms[t.label as usize];
        label.len > 1 || topics.can_name(&label.key)
    });
    let mut themes = group_facets(corpus, themes, topics, opinion, &sal, surface, &mut why);
    // The same holds for a theme as for a word: one that most responses touch, mostly without an
    // opinion, is the setting the comments share ("london heathrow" in 89% of BA reviews, 37%
    // of them with an opinion), not something they are about.
    let kept: Vec<bool> = themes
        .par_iter()
        .map(|t| {
            let (share, opinion) = theme_reach(corpus, t, opinion);
            share <= SUBJECT_SHARE || opinion >= OPINION_SHARE
        })
        .collect();
    let mut kept = kept.into_iter();
    themes.retain(|_| kept.next().unwrap_or(true));
    let mut themes = one_subject_themes(corpus, themes, &sal, &mut why);
    // A label that cannot be a noun as written ("manages", once joined by the support staff) is
    // read again from all the theme's words; a facet that says the new label goes.
    for theme in &mut themes {
        if !topics.written_as_noun(&(surface.written)(theme.label)) {
            theme.label = label(corpus, theme, topics, opinion, surface);
            let label = theme.label;
            theme.facets.retain(|f| f.label != label);
        }
    }
    themes.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(
            corpus.terms[a.label as usize]
                .key
                .cmp(&corpus.terms[b.label as usize].key),
        )
    });
    themes.truncate(top);
    Discovered {
        themes,
        why,
        names: listed,
        narrated,
    }
}

/// One subject per theme, between themes: two themes said together far more than chance become
/// one, unless together they would reach most responses (the setting, as for one theme); a
/// phrase facet holding another theme's label is no facet. Records why in `why`.
fn one_subject_themes(
    corpus: &Corpus,
    themes: Vec<Found>,
    sal: &[f64],
    why: &mut HashMap<u32, Why<u32>>,
) -> Vec<Found> {
    let (mut themes, merges) = super::merge::one_subject_themes(
        corpus,
        themes,
        sal,
        super::merge::ONE_SUBJECT,
        SUBJECT_SHARE,
    );
    for (w, outcome) in merges {
        if let Some(why) = why.get_mut(&w) {
            match outcome {
                Outcome::Joined(m) => {
                    why.joined = Some(m.into);
                    why.joined_npmi = Some(m.npmi);
                }
                Outcome::Apart(a) => {
                    why.apart_from = Some(a.from);
                    why.apart_npmi = Some(a.npmi);
                    why.apart_reach = Some(a.reach);
                }
            }
        }
    }
    for (p, word) in super::merge::facets_of_their_subject(corpus, &mut themes) {
        if let Some(why) = why.get_mut(&p) {
            let word = &corpus.terms[word as usize].key;
            why.no_facet = Some(format!("it holds '{word}', another theme's label"));
        }
    }
    themes
}

/// Whether a word is the corpus's subject, the context every comment shares ("flight" in
/// airline reviews), not a theme: see [`DOMAIN_SHARE`].
fn is_context(corpus: &Corpus, sampled: usize, t: u32) -> bool {
    let term = &corpus.terms[t as usize];
    let share = term.df as f64 / sampled.max(1) as f64;
    let units = corpus.units.max(1) as f64;
    share > SUBJECT_SHARE
        || share > DOMAIN_SHARE && term.unit_df as f64 / units > DOMAIN_SENTENCE_SHARE
}

/// Whether a phrase says no more than the theme's label: its words are the label's words and
/// the corpus's context ("flight was delayed" under "delayed"): narration of the label, no
/// facet.
fn repeats_label(corpus: &Corpus, label: u32, phrase: u32) -> bool {
    let own = content_words(corpus, label);
    let words = content_words(corpus, phrase);
    if !words.iter().any(|w| own.contains(w)) {
        return false;
    }
    let sampled = corpus.sampled_count();
    words.iter().all(|&w| {
        own.contains(&w) || corpus.terms[w as usize].len == 1 && is_context(corpus, sampled, w)
    })
}

/// What discovery found: the themes, why each of their terms is there, and the names the
/// comments mention (term ids, most used first).
#[derive(Debug, Default)]
pub struct Discovered {
    pub themes: Vec<Found>,
    pub why: HashMap<u32, Why<u32>>,
    pub names: Vec<u32>,
    /// Words left out as narration of the respondent's situation.
    pub narrated: Vec<super::narration::Narrated>,
}

/// The second level: a fine cluster whose main word is a kind of another cluster's main word
/// (WordNet: pizza, sushi and salad are kinds of food; suitcase of luggage) becomes a facet of
/// that theme, under the most specific such category. A theme of one fine cluster takes its
/// phrases as facets.
fn group_facets(
    corpus: &Corpus,
    fine: Vec<Found>,
    topics: &TopicWords,
    opinion: &dyn Fn(&str) -> f64,
    sal: &[f64],
    surface: &Surface,
    why: &mut HashMap<u32, Why<u32>>,
) -> Vec<Found> {
    let k = fine.len();
    let main_id = |f: &Found| main_word(corpus, f, topics, surface);
    let main = |f: &Found| corpus.terms[main_id(f) as usize].key.as_str();
    // Each cluster's category: the most specific other cluster it is a kind of.
    let mut parent: Vec<usize> = (0..k).collect();
    for b in 0..k {
        let specific = main(&fine[b]);
        let context: Vec<&str> = (fine[b].words.iter())
            .map(|&w| corpus.terms[w as usize].key.as_str())
            .filter(|&w| w != specific)
            .collect();
        let best = (0..k)
            .filter_map(|a| {
                topics
                    .kind_of(specific, &context, main(&fine[a]), CATEGORY_DEPTH)
                    .map(|depth| (depth, a))
            })
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        if let Some((_, a)) = best {
            parent[b] = a;
            let category = main_id(&fine[a]);
            for w in &fine[b].words {
                if let Some(w) = why.get_mut(w) {
                    w.kind_of = Some(category);
                }
            }
        }
    }
    // Follow categories up to the top (a cycle, from two senses, stops where it closes).
    let root = |mut i: usize| {
        let mut seen = vec![i];
        while parent[i] != i && !seen.contains(&parent[i]) {
            i = parent[i];
            seen.push(i);
        }
        *seen
            .iter()
            .min_by_key(|&&x| (parent[x] != x, x))
            .expect("non-empty")
    };
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..k {
        let r = root(i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push((r, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    let category_label: Vec<u32> = fine.iter().map(|f| f.label).collect();
    let mut fine: Vec<Option<Found>> = fine.into_iter().map(Some).collect();
    groups
        .into_iter()
        .map(|(root, members)| {
            let mut facets: Vec<Found> = members
                .iter()
                .map(|&i| fine[i].take().expect("each fine cluster in one group"))
                .collect();
            facets.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.label.cmp(&b.label)));
            if facets.len() == 1 {
                let mut theme = facets.pop().expect("one facet");
                theme.facets = split(corpus, &theme, topics, opinion, sal, surface, why);
                return theme;
            }
            let mut words: Vec<u32> = facets.iter().flat_map(|f| f.words.clone()).collect();
            words.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
            let mut phrases: Vec<u32> = facets.iter().flat_map(|f| f.phrases.clone()).collect();
            by_frequency(corpus, &mut phrases);
            phrases.truncate(MAX_WORDS);
            // The category's own cluster names the theme ("food" over pizza and sushi).
            Found {
                label: category_label[root],
                score: facets.iter().map(|f| f.score).sum(),
                words,
                phrases,
                facets,
            }
        })
        .collect()
}

/// Share of the sampled responses that use any word of a theme, and the share of its words'
/// uses that carry an opinion (each word weighed by its responses).
fn theme_reach(corpus: &Corpus, theme: &Found, opinion: &dyn Fn(&str) -> f64) -> (f64, f64) {
    let mut words: Vec<u32> = theme.words.clone();
    for f in &theme.facets {
        words.extend(&f.words);
    }
    words.sort_unstable();
    words.dedup();
    let sampled = corpus.sampled();
    let (mut n, mut reached) = (0usize, 0usize);
    for d in sampled {
        n += 1;
        reached += words.iter().any(|w| d.terms().binary_search(w).is_ok()) as usize;
    }
    let (mut weighted, mut total) = (0.0, 0.0);
    for &w in &words {
        let term = &corpus.terms[w as usize];
        weighted += term.df as f64 * opinion(&term.key);
        total += term.df as f64;
    }
    (reached as f64 / n.max(1) as f64, weighted / total.max(1.0))
}

/// Sorts terms most frequent first (ties by id).
pub(super) fn by_frequency(corpus: &Corpus, terms: &mut [u32]) {
    terms.sort_by(|&a, &b| {
        corpus.terms[b as usize]
            .df
            .cmp(&corpus.terms[a as usize].df)
            .then(a.cmp(&b))
    });
}

/// The word a fine cluster is mostly about: the most distinctive of its widely used words that
/// can name a topic (a noun or an event, not an attribute like "tasty").
fn main_word(corpus: &Corpus, theme: &Found, topics: &TopicWords, surface: &Surface) -> u32 {
    let is_name = |t: u32| surface.is_name(t);
    let df = |t: u32| corpus.terms[t as usize].df;
    // A name (a brand, a rival) never names a theme that a common noun can carry.
    let common = theme.words.iter().any(|&w| {
        let key = &corpus.terms[w as usize].key;
        !is_name(w) && topics.can_name(key) && topics.is_noun(key)
    });
    let names =
        |t: &u32| topics.can_name(&corpus.terms[*t as usize].key) && !(common && is_name(*t));
    let most = theme
        .words
        .iter()
        .filter(|w| names(w))
        .map(|&w| df(w))
        .max()
        .unwrap_or(0);
    theme
        .words
        .iter()
        .copied()
        .find(|w| names(w) && 2 * df(*w) >= most)
        .unwrap_or(theme.words[0])
}

/// Facets of a theme made of one fine cluster: its most used phrases ("seat" > "extra legroom",
/// "broken seat"; "sizing" > "runs small", "runs large"), each matched as a phrase. Phrases of
/// the same words in another order, and the theme's own label, are left out.
fn split(
    corpus: &Corpus,
    theme: &Found,
    topics: &TopicWords,
    opinion: &dyn Fn(&str) -> f64,
    sal: &[f64],
    surface: &Surface,
    why: &mut HashMap<u32, Why<u32>>,
) -> Vec<Found> {
    let mut seen: Vec<Vec<u32>> = vec![content_words(corpus, theme.label)];
    // A phrase written with a compound joined or apart ("extra legroom", "extra leg room") is
    // one facet, shown as written more often.
    let joined = |t: u32| corpus.terms[t as usize].key.replace(' ', "");
    let mut facets: Vec<Found> = Vec::new();
    for &p in &theme.phrases {
        if joined(p) == joined(theme.label) {
            continue;
        }
        // Or whole, with the corpus's context beside it ("ba customer service").
        let words = content_words(corpus, p);
        let holds = |f: &Found| {
            content_words(corpus, f.label)
                .iter()
                .all(|w| words.contains(w))
        };
        if let Some(same) = facets.iter_mut().find(|f| {
            joined(f.label) == joined(p) || (holds(f) && repeats_label(corpus, f.label, p))
        }) {
            same.phrases.push(p);
            continue;
        }
        // A phrase whose head is mostly said without an opinion is a template or a
        // description ("British Airways customer review", "flew from"), not a facet of concern.
        let head = corpus.terms[p as usize]
            .key
            .rsplit(' ')
            .next()
            .unwrap_or("");
        if words.len() < 2
            || says_how(corpus, topics, p)
            || !ends_in_topic(corpus, topics, p)
            || opinion(head) < FACET_OPINION
            || is_template(corpus, opinion, p)
            || narrates_or_measures(corpus, topics, surface, p)
            || seen.contains(&words)
            || facets.len() == MAX_FACETS
        {
            continue;
        }
        let reason = if topics.reports_action(&(surface.written)(p), &corpus.terms[p as usize].key)
        {
            Some("it reports what a thing or someone did")
        } else if repeats_label(corpus, theme.label, p) {
            Some("it says no more than the theme's label")
        } else if topics.head_last() && heads_with_modifier(corpus, theme.label, p) {
            Some("its head is the label's modifier, in another use")
        } else {
            None
        };
        if let Some(reason) = reason {
            if let Some(w) = why.get_mut(&p) {
                w.no_facet = Some(reason.to_string());
            }
            continue;
        }
        seen.push(words);
        facets.push(Found {
            label: p,
            score: sal[p as usize],
            words: Vec::new(),
            phrases: vec![p],
            facets: Vec::new(),
        });
    }
    let facets = one_facet_per_meaning(corpus, facets, why);
    if facets.len() < 2 {
        return Vec::new();
    }
    facets
}

/// Whether a phrase is in so many responses, mostly said without an opinion, that it is the
/// source's template, not something people chose to say ("british airways customer review" in
/// a quarter of BA's reviews; "checkout page crashes" in a fifth of a small survey is a concern).
fn is_template(corpus: &Corpus, opinion: &dyn Fn(&str) -> f64, phrase: u32) -> bool {
    let t = &corpus.terms[phrase as usize];
    let sampled = corpus.sampled_count();
    let head = t.key.rsplit(' ').next().unwrap_or("");
    t.len > 1
        && t.df as f64 >= TEMPLATE_SHARE * sampled.max(1) as f64
        && opinion(head) < OPINION_SHARE
}

/// Facets whose responses are (nearly) the same set say the same thing: the most readable one
/// stays (fewest words, then the most used), in the place of the first.
fn one_facet_per_meaning(
    corpus: &Corpus,
    facets: Vec<Found>,
    why: &mut HashMap<u32, Why<u32>>,
) -> Vec<Found> {
    let responses = |f: &Found| -> Vec<u32> {
        let p = f.label;
        (0..corpus.docs.len() as u32)
            .filter(|&d| corpus.docs[d as usize].terms().binary_search(&p).is_ok())
            .collect()
    };
    let mut kept: Vec<(Found, Vec<u32>)> = Vec::new();
    for f in facets {
        let set = responses(&f);
        let same = kept.iter().position(|(_, other)| {
            let common = intersection(&set, other);
            common as f64 >= SAME_FACET * set.len().max(other.len()).max(1) as f64
        });
        let (gone, stays) = match same {
            Some(i) if readability(corpus, &f) < readability(corpus, &kept[i].0) => {
                let gone = kept[i].0.label;
                kept[i] = (f, set);
                (gone, kept[i].0.label)
            }
            Some(i) => (f.label, kept[i].0.label),
            None => {
                kept.push((f, set));
                continue;
            }
        };
        let mut merged = why.get_mut(&gone).map(|w| std::mem::take(&mut w.merged));
        if let Some(w) = why.get_mut(&stays) {
            w.merged.push(gone);
            w.merged.extend(merged.take().unwrap_or_default());
        }
    }
    kept.into_iter().map(|(f, _)| f).collect()
}

/// Sort key of a facet's label, lower reads better: fewer words, then more responses.
fn readability(corpus: &Corpus, f: &Found) -> (u8, std::cmp::Reverse<u32>) {
    let t = &corpus.terms[f.label as usize];
    (t.len, std::cmp::Reverse(t.df))
}

/// Size of the intersection of two sorted lists.
fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Whether a phrase holds a mood or an evaluative word: "love this dress", "great product" say
/// how, not what.
fn says_how(corpus: &Corpus, topics: &TopicWords, phrase: u32) -> bool {
    corpus.terms[phrase as usize]
        .key
        .split(' ')
        .any(|w| topics.role(w) == WordRole::Mood || topics.is_evaluative(w))
}

/// Whether a phrase ends in a word that can name a topic: "customer service", not "customer
/// since" or "agents using".
fn ends_in_topic(corpus: &Corpus, topics: &TopicWords, phrase: u32) -> bool {
    corpus.terms[phrase as usize]
        .key
        .rsplit(' ')
        .next()
        .is_some_and(|w| topics.can_name(w))
}

/// The candidate words of a term, sorted (a phrase's parts; a word itself).
fn content_words(corpus: &Corpus, term: u32) -> Vec<u32> {
    let t = &corpus.terms[term as usize];
    let mut words = if t.len == 1 {
        vec![term]
    } else {
        t.parts.clone()
    };
    words.sort_unstable();
    words.dedup();
    words
}

/// The most representative phrase: a frequent phrase that accounts for a good part of the
/// theme's most mentioned word, else that word itself.
fn label(
    corpus: &Corpus,
    theme: &Found,
    topics: &TopicWords,
    opinion: &dyn Fn(&str) -> f64,
    surface: &Surface,
) -> u32 {
    let is_name = |t: u32| surface.is_name(t);
    // The most distinctive of the theme's widely used words (words are in salience order): a
    // label should read as what many of its responses say, yet not be a filler like "time".
    let main = main_word(corpus, theme, topics, surface);
    let main_df = corpus.terms[main as usize].df as f64;
    theme
        .phrases
        .iter()
        .copied()
        .filter(|&p| {
            corpus.terms[p as usize].parts.contains(&main)
                && corpus.terms[p as usize].df as f64 >= 0.25 * main_df
                && !says_how(corpus, topics, p)
                && ends_in_topic(corpus, topics, p)
                && !is_template(corpus, opinion, p)
                && !(is_name(p) || corpus.terms[p as usize].parts.iter().any(|&w| is_name(w)))
                && !narrates_or_measures(corpus, topics, surface, p)
                && !topics.reports_action(&(surface.written)(p), &corpus.terms[p as usize].key)
        })
        .max_by(|&a, &b| {
            corpus.terms[a as usize]
                .df
                .cmp(&corpus.terms[b as usize].df)
                .then(b.cmp(&a))
        })
        .unwrap_or(main)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_of(keys: &[&str]) -> Corpus {
        let terms = keys
            .iter()
            .map(|k| super::super::corpus::Term {
                key: k.to_string(),
                len: k.split(' ').count() as u8,
                df: 1,
                unit_df: 1,
                // content words only (ids do not matter here)
                parts: (k.split(' ').filter(|w| !["on", "in"].contains(w)))
                    .map(|_| 0)
                    .collect(),
                ignored: false,
            })
            .collect();
        Corpus {
            terms,
            ..Default::default()
        }
    }

    #[test]
    fn a_modifier_said_as_a_head_is_another_sense() {
        let c = corpus_of(&[
            "leg room",
            "return leg",
            "extra leg room",
            "customer servic",
            "ba customer",
            "seat",
            "wait on hold",
            "long wait",
        ]);
        assert!(heads_with_modifier(&c, 0, 1), "return leg under leg room");
        assert!(
            !heads_with_modifier(&c, 0, 2),
            "extra leg room holds the head"
        );
        assert!(
            heads_with_modifier(&c, 3, 4),
            "ba customer under customer service"
        );
        assert!(
            !heads_with_modifier(&c, 6, 7),
            "a label with a function word inside has no modifier first"
        );
        assert!(
            !heads_with_modifier(&c, 5, 1),
            "a one-word label has no modifier"
        );
    }

    #[test]
    fn g2_by_hand() {
        // 30 of 100 against 10 of 100: a clear difference.
        let g = g2(30.0, 100.0, 10.0, 100.0);
        assert!((g - 12.97).abs() < 0.01, "{g}");
        assert_eq!(g2(10.0, 100.0, 10.0, 100.0), 0.0);
        assert!(g2_binomial(50.0, 1000.0, 0.01) > SIGNIFICANT);
        assert_eq!(g2_binomial(5.0, 1000.0, 0.01), 0.0);
    }
}
