//! One subject per theme: a word joins a theme only when it is used about that theme's subject.
//!
//! The measure: each cluster's core is its most salient word. For every other word of a cluster,
//! count its sentences that hold each cluster's core. A word whose sentences hold another
//! cluster's core in at least [`MIN_OTHER`] of them and [`ELSEWHERE`] times as often as its own
//! cluster's core moves to that cluster; clustering by average similarity can place a word
//! beside words it is never said with.

use super::corpus::Corpus;

/// How much more often a word's sentences must hold another core than its own core for the
/// word to move: 30 times (in practice, its own core is hardly ever beside it). On a plateau:
/// from 10 up (no limit but "never with its own core") airline stays at 0.314-0.318 matched F1
/// and SemEval-2014 at 0.568; at 3-5 airline falls to 0.303-0.307 and at 1 to 0.287
/// (docs/QUALITY.md).
pub const ELSEWHERE: f64 = 30.0;
/// Least share of a word's sentences that hold the other core for the word to move there: one
/// in ten. At 0.05 airline is at 0.317 and SemEval-2014 at 0.568; at 0.1, 0.310 and 0.568; at
/// 0.2 SemEval falls to 0.557 (baseline 0.307 and 0.559). With no least share, a word said
/// twice beside another core moves ("cost" to "agents" on the bundled sample).
pub const MIN_OTHER: f64 = 0.1;

/// Why a word sits in its cluster: the share of its sentences holding its cluster's core, and
/// the best share of any other core (with that cluster).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub word: u32,
    pub own: f64,
    pub other: f64,
    pub moved: bool,
    /// The core of the cluster clustering placed it in, and the other core its sentences hold
    /// most (term ids).
    pub own_core: u32,
    pub other_core: Option<u32>,
}

/// Moves each non-core word to the cluster whose core its sentences hold most, where that is
/// at least `elsewhere` times its own core's share (and not never). `clusters` hold indexes into `seeds`
/// (ordered by salience, so a cluster's first index is its core).
pub fn one_subject(
    corpus: &Corpus,
    seeds: &[u32],
    clusters: Vec<Vec<usize>>,
    elsewhere: f64,
) -> (Vec<Vec<usize>>, Vec<Placement>) {
    let k = clusters.len();
    let mut cluster_of = vec![usize::MAX; seeds.len()];
    let mut cores: Vec<usize> = Vec::with_capacity(k);
    for (c, members) in clusters.iter().enumerate() {
        for &i in members {
            cluster_of[i] = c;
        }
        cores.push(*members.iter().min().expect("clusters are never empty"));
    }
    let seed_of: rustc_hash::FxHashMap<u32, usize> =
        seeds.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let core_cluster: rustc_hash::FxHashMap<u32, usize> = cores
        .iter()
        .enumerate()
        .map(|(c, &i)| (seeds[i], c))
        .collect();
    // held[i][c]: sentences of seed i that hold the core of cluster c; total[i]: its sentences.
    let mut held: Vec<rustc_hash::FxHashMap<usize, u32>> = vec![Default::default(); seeds.len()];
    let mut total = vec![0u32; seeds.len()];
    let mut present = Vec::new();
    for doc in &corpus.docs {
        for sentence in doc.sentences() {
            present.clear();
            present.extend(sentence.iter().filter_map(|t| core_cluster.get(t).copied()));
            if present.is_empty() && !sentence.iter().any(|t| seed_of.contains_key(t)) {
                continue;
            }
            for t in sentence {
                let Some(&i) = seed_of.get(t) else { continue };
                total[i] += 1;
                for &c in &present {
                    if seeds[cores[c]] != *t {
                        *held[i].entry(c).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut placements = Vec::new();
    for i in 0..seeds.len() {
        let c = cluster_of[i];
        if c == usize::MAX {
            continue;
        }
        if cores[c] == i {
            out[c].push(i);
            continue;
        }
        let n = total[i].max(1) as f64;
        let own = held[i].get(&c).copied().unwrap_or(0) as f64 / n;
        let best = held[i]
            .iter()
            .filter(|&(&o, _)| o != c)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&o, &h)| (o, h as f64 / n));
        let (target, other) = best.unwrap_or((c, 0.0));
        let moved = target != c && other >= MIN_OTHER && other >= elsewhere * own;
        out[if moved { target } else { c }].push(i);
        placements.push(Placement {
            word: seeds[i],
            own,
            other,
            moved,
            own_core: seeds[cores[c]],
            other_core: best.map(|(o, _)| seeds[cores[o]]),
        });
    }
    for members in &mut out {
        members.sort_unstable();
    }
    (out, placements)
}
