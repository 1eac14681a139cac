//! One subject per theme, between themes: two themes whose words are said together, in one
//! sentence, far more often than chance are about one subject ("leg room" and "aisle seat":
//! seat comfort) and become one theme, each a facet of it.
//!
//! Clustering caps a fine cluster at ten words, so a large subject can come out as two themes;
//! and similarity of use (the clustering's measure) is high between most themes of long reviews.
//! The measure here is the normalised pointwise mutual information (NPMI) of two themes'
//! sentences: `ln(p(a,b) / (p(a) p(b))) / -ln p(a,b)`, where `p(a)` is the share of the sampled
//! sentences holding a word of theme `a`. It is 0 for themes said together as often as chance,
//! 1 for themes always said together; unlike the lift it does not grow without bound for two
//! rare themes. Themes are merged greedily, the highest pair first (complete linkage over the
//! themes merged).
//!
//! The guard: no merge makes a theme that reaches more than half of the responses read (the
//! share from which discovery calls a word or a theme the comments' setting). Long reviews tell
//! a trip in order, so the big themes of neighbouring steps share many sentences: BA's staff
//! and boarding at NPMI 0.26 (nearly half of the pair's sentences hold "check"), service and
//! customer at 0.23 (the phrase "customer service"), as high as leg room and aisle seat (0.33)
//! or plane and b747 (0.29); joined, they made themes in three reviews of four. Measures that
//! might tell them apart without it were tried and fail on one data set or another
//! (docs/QUALITY.md): NPMI over clauses (service/customer 0.27: the phrase is one clause), the
//! lift (tweets' delay and hour 2.4, BA's staff and boarding 2.6), sentences shared within the
//! responses holding both (tweets' good merges as low as BA's bad ones), a phrase claiming its
//! words for its own theme ("answer the phone" then parts airline's phone and answering).

use super::corpus::Corpus;
use super::discover::{by_frequency, Found};

/// NPMI of two themes' sentences from which they are one subject. On the plateau of both
/// labelled sets (with the guard): from 0.15 to 0.22 airline is at 0.318-0.319 matched F1, at
/// 0.1 it falls to 0.290 and from 0.23 to 0.314-0.315 (no merge: 0.314); SemEval-2014 is at
/// 0.630 from 0.15 up (0.627 at 0.1) (docs/QUALITY.md, "One subject per theme: no catch-all").
pub const ONE_SUBJECT: f64 = 0.2;
/// Least sentences two themes share for a merge: below, the NPMI of two rare themes rests on a
/// handful of sentences.
const MIN_SHARED: f64 = 10.0;
/// Most words and phrases a merged theme keeps for its own list (its facets keep theirs).
const MAX_WORDS: usize = 10;

/// A merge: the label of the theme joined and the NPMI that joined it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    pub into: u32,
    pub npmi: f64,
}

/// A merge refused: the label of the theme that stays apart, the NPMI of the two, and the share
/// of the responses the two would reach together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Apart {
    pub from: u32,
    pub npmi: f64,
    pub reach: f64,
}

/// What merging did to the words of a theme: joined another theme, or stayed apart from one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    Joined(Merge),
    Apart(Apart),
}

/// Every word of a theme, its facets' included, sorted.
fn all_words(theme: &Found) -> Vec<u32> {
    let mut words = theme.words.clone();
    for f in &theme.facets {
        words.extend(&f.words);
    }
    words.sort_unstable();
    words.dedup();
    words
}

/// Every phrase of a theme, its facets' included.
fn all_phrases(theme: &Found) -> Vec<u32> {
    let facets = theme.facets.iter().flat_map(|f| &f.phrases);
    theme.phrases.iter().chain(facets).copied().collect()
}

/// The sentence counts of the themes (each theme's sentences, each pair's, all sentences) and,
/// for each response read, the themes it holds a word of.
struct Counts {
    n: Vec<f64>,
    co: Vec<Vec<f64>>,
    total: f64,
    /// Per response read: its themes, sorted.
    reached: Vec<Vec<u32>>,
}

/// Counts the themes' sentences and the themes of each response read.
fn counts(corpus: &Corpus, themes: &[Found]) -> Counts {
    let k = themes.len();
    let mut theme_of: rustc_hash::FxHashMap<u32, Vec<usize>> = Default::default();
    for (c, theme) in themes.iter().enumerate() {
        for w in all_words(theme) {
            theme_of.entry(w).or_default().push(c);
        }
    }
    let (mut n, mut co, mut total) = (vec![0f64; k], vec![vec![0f64; k]; k], 0f64);
    let mut reached = Vec::new();
    let mut present = Vec::new();
    for doc in &corpus.docs {
        if doc.terms().is_empty() {
            continue;
        }
        let mut held: Vec<u32> = doc
            .terms()
            .iter()
            .filter_map(|t| theme_of.get(t))
            .flatten()
            .map(|&c| c as u32)
            .collect();
        held.sort_unstable();
        held.dedup();
        reached.push(held);
        for sentence in doc.sentences() {
            total += 1.0;
            present.clear();
            for t in sentence {
                if let Some(cs) = theme_of.get(t) {
                    present.extend(cs.iter().copied());
                }
            }
            present.sort_unstable();
            present.dedup();
            for (i, &a) in present.iter().enumerate() {
                n[a] += 1.0;
                for &b in &present[i + 1..] {
                    co[a][b] += 1.0;
                    co[b][a] += 1.0;
                }
            }
        }
    }
    Counts {
        n,
        co,
        total,
        reached,
    }
}

impl Counts {
    /// Share of the responses read that hold a word of any of `themes` (flags by theme).
    fn reach(&self, themes: &[bool]) -> f64 {
        let hit = self
            .reached
            .iter()
            .filter(|held| held.iter().any(|&c| themes[c as usize]))
            .count();
        hit as f64 / self.reached.len().max(1) as f64
    }
}

/// NPMI of two themes' sentences: `shared` of `total` sentences hold both, `a` and `b` each.
pub fn npmi(shared: f64, a: f64, b: f64, total: f64) -> f64 {
    if shared <= 0.0 || total <= 0.0 {
        return -1.0;
    }
    let p = shared / total;
    if p >= 1.0 {
        return 1.0;
    }
    (p / ((a / total) * (b / total))).ln() / -p.ln()
}

/// A theme as the facets of a merged theme: its fine clusters, or itself when it is one (its
/// phrase facets are then its phrases again).
fn as_facets(theme: Found) -> Vec<Found> {
    if theme.facets.iter().any(|f| !f.words.is_empty()) {
        theme.facets
    } else {
        vec![Found {
            facets: Vec::new(),
            ..theme
        }]
    }
}

/// Merges themes of one subject: while two (merged) themes have every pair of their first
/// themes at a sentence NPMI of at least `at` (each pair sharing [`MIN_SHARED`] sentences), the
/// two with the highest least NPMI become one, under the stronger's label. Complete linkage: a
/// theme said with boarding and boarding with delays does not make staff, boarding and delays
/// one theme unless staff and delays are said together too. A merge whose theme would reach more
/// than `most` of the responses read is refused: a theme about most comments is their setting,
/// not a subject (long reviews say staff and boarding in one sentence often, as the story of a
/// trip goes, and the two together reach three in four reviews). Returns the themes and, for
/// each word of a theme that joined another or stayed apart from one, what happened.
pub(super) fn one_subject_themes(
    corpus: &Corpus,
    themes: Vec<Found>,
    sal: &[f64],
    at: f64,
    most: f64,
) -> (Vec<Found>, Vec<(u32, Outcome)>) {
    let counts = counts(corpus, &themes);
    let k = themes.len();
    let pair = |a: usize, b: usize| {
        if counts.co[a][b] < MIN_SHARED {
            -1.0
        } else {
            npmi(counts.co[a][b], counts.n[a], counts.n[b], counts.total)
        }
    };
    let mut groups: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
    let mut apart: Vec<Option<Apart>> = vec![None; k];
    // Pairs of groups refused: a group holding both of one stays refused (its reach is no less).
    let mut refused: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let holds = |g: &[usize], part: &[usize]| part.iter().all(|i| g.contains(i));
    // The label a group's theme would carry: its strongest theme's.
    let label_of = |g: &[usize]| {
        let strongest = g.iter().copied().max_by(|&x, &y| {
            (themes[x].score.total_cmp(&themes[y].score))
                .then(themes[y].label.cmp(&themes[x].label))
        });
        themes[strongest.expect("groups are never empty")].label
    };
    loop {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let least = groups[a]
                    .iter()
                    .flat_map(|&x| groups[b].iter().map(move |&y| (x, y)))
                    .map(|(x, y)| pair(x, y))
                    .fold(f64::MAX, f64::min);
                if least >= at {
                    candidates.push((least, a, b));
                }
            }
        }
        // The highest first (ties by position, as found).
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let mut merged = None;
        for &(least, a, b) in &candidates {
            let (ga, gb) = (&groups[a], &groups[b]);
            if refused
                .iter()
                .any(|(x, y)| holds(ga, x) && holds(gb, y) || holds(ga, y) && holds(gb, x))
            {
                continue;
            }
            let mut flags = vec![false; k];
            for &i in groups[a].iter().chain(&groups[b]) {
                flags[i] = true;
            }
            let reach = counts.reach(&flags);
            if reach <= most {
                merged = Some((a, b));
                break;
            }
            refused.push((groups[a].clone(), groups[b].clone()));
            // Each theme of the two remembers the most similar theme it stays apart from.
            for (mine, other) in [(a, b), (b, a)] {
                let from = label_of(&groups[other]);
                for &i in &groups[mine] {
                    if apart[i].is_none_or(|x| x.npmi < least) {
                        apart[i] = Some(Apart {
                            from,
                            npmi: least,
                            reach,
                        });
                    }
                }
            }
        }
        let Some((a, b)) = merged else { break };
        let guest = groups.remove(b);
        groups[a].extend(guest);
    }
    let mut found: Vec<Option<Found>> = themes.into_iter().map(Some).collect();
    let (mut out, mut outcomes) = (Vec::new(), Vec::new());
    for group in groups {
        if let [only] = group[..] {
            if let (Some(a), Some(theme)) = (apart[only], &found[only]) {
                for w in all_words(theme).into_iter().chain(all_phrases(theme)) {
                    outcomes.push((w, Outcome::Apart(a)));
                }
            }
        }
        let mut parts: Vec<Found> = group.iter().filter_map(|&i| found[i].take()).collect();
        parts.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.label.cmp(&y.label)));
        let mut parts = parts.into_iter();
        let mut host = parts.next().expect("groups are never empty");
        let least = group
            .iter()
            .flat_map(|&x| group.iter().filter(move |&&y| y > x).map(move |&y| (x, y)))
            .map(|(x, y)| pair(x, y))
            .fold(1.0, f64::min);
        for guest in parts {
            let joined = Merge {
                into: host.label,
                npmi: least,
            };
            for w in all_words(&guest).into_iter().chain(all_phrases(&guest)) {
                outcomes.push((w, Outcome::Joined(joined)));
            }
            host = join(corpus, host, guest, sal);
        }
        out.push(host);
    }
    (out, outcomes)
}

/// One theme of two: the host's label, both themes' words and phrases, the host's facets and
/// the guest as facets.
fn join(corpus: &Corpus, host: Found, guest: Found, sal: &[f64]) -> Found {
    let label = host.label;
    let score = host.score + guest.score;
    let mut words: Vec<u32> = host.words.iter().chain(&guest.words).copied().collect();
    words.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
    words.dedup();
    let mut phrases: Vec<u32> = host.phrases.iter().chain(&guest.phrases).copied().collect();
    phrases.sort_unstable();
    phrases.dedup();
    by_frequency(corpus, &mut phrases);
    phrases.truncate(MAX_WORDS);
    // The host keeps its own facets (its phrase facets too) and is not a facet of itself: a
    // facet that repeats its theme's label says nothing ("help desk > help desk").
    let mut facets = host.facets;
    facets.extend(as_facets(guest));
    facets.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.label.cmp(&b.label)));
    Found {
        words,
        phrases,
        label,
        score,
        facets,
    }
}

/// The stems of a theme's label.
fn label_words(corpus: &Corpus, theme: &Found) -> Vec<u32> {
    let t = &corpus.terms[theme.label as usize];
    if t.len == 1 {
        vec![theme.label]
    } else {
        t.parts.clone()
    }
}

/// A phrase facet that holds the one-word label of another theme belongs to that subject, not here
/// ("dress fits" under dress: fit is a theme of its own; "food options" under service): it is no
/// facet of this theme (it stays one of its phrases); the theme keeps the facets left, one
/// alone too (its label is a word its quotes may show). Returns, for each phrase taken out, the
/// other theme's label word it holds.
pub(super) fn facets_of_their_subject(corpus: &Corpus, themes: &mut [Found]) -> Vec<(u32, u32)> {
    let labels: Vec<Vec<u32>> = themes.iter().map(|t| label_words(corpus, t)).collect();
    // A label of one word names its subject; a phrase's words may be modifiers ("room" of "leg
    // room" is not the subject of "concorde room").
    let subjects: Vec<Option<u32>> = themes
        .iter()
        .map(|t| (corpus.terms[t.label as usize].len == 1).then_some(t.label))
        .collect();
    let mut out = Vec::new();
    for (i, theme) in themes.iter_mut().enumerate() {
        // Word facets are the theme's own clusters (or a theme that joined it): only phrase
        // facets are checked.
        theme.facets.retain(|f| {
            if !f.words.is_empty() {
                return true;
            }
            let parts = &corpus.terms[f.label as usize].parts;
            let other = parts.iter().copied().find(|w| {
                !labels[i].contains(w)
                    && subjects
                        .iter()
                        .enumerate()
                        .any(|(j, l)| j != i && *l == Some(*w))
            });
            if let Some(w) = other {
                out.push((f.label, w));
            }
            other.is_none()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npmi_by_hand() {
        // Always together: 1; as often as chance: 0; never: -1.
        assert!((npmi(10.0, 10.0, 10.0, 10.0) - 1.0).abs() < 1e-12);
        assert!(npmi(25.0, 50.0, 50.0, 100.0).abs() < 1e-12);
        assert_eq!(npmi(0.0, 50.0, 50.0, 100.0), -1.0);
        // 20 of 1,000 sentences shared by two themes of 100 each: ln(2) / -ln(0.02).
        let expected = 2f64.ln() / -(0.02f64).ln();
        assert!((npmi(20.0, 100.0, 100.0, 1000.0) - expected).abs() < 1e-12);
    }

    #[test]
    fn reach_counts_each_response_once() {
        // Four responses: themes 0 and 1, theme 1, theme 2, none.
        let counts = Counts {
            n: vec![0.0; 3],
            co: vec![vec![0.0; 3]; 3],
            total: 0.0,
            reached: vec![vec![0, 1], vec![1], vec![2], vec![]],
        };
        assert_eq!(counts.reach(&[true, true, false]), 0.5);
        assert_eq!(counts.reach(&[true, false, true]), 0.5);
        assert_eq!(counts.reach(&[false, false, false]), 0.0);
        assert_eq!(counts.reach(&[true, true, true]), 0.75);
    }
}
