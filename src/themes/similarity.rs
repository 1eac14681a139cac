//! How alike the seed words are, and their clustering by it: the part of discovery that
//! reads the sampled responses' sentences (co-occurrence in windows, PPMI context vectors)
//! and the costliest step of a discovery, kept apart from the choice and naming of themes.

use rayon::prelude::*;

use super::corpus::{Corpus, Doc};
use super::discover::by_frequency;

/// Consecutive sentences that count as one context for word co-occurrence: a sentence and the
/// next often say one thing ("Payment was taken twice. I have the bank statement to prove it."),
/// while a long review covers many topics.
const WINDOW: usize = 2;
/// Responses read for word similarities.
const SIMILARITY_DOCS: usize = 50_000;
/// Context words for second-order similarity.
const CONTEXT: usize = 1000;
/// Weight of profile similarity (words similar to the same words) against direct similarity.
const PROFILE_WEIGHT: f64 = 0.6;

/// Pairwise similarity of seed words. Direct similarity is the larger of first-order (Dice of
/// their responses: "lost" and "bag") and second-order (cosine of their PPMI context vectors:
/// "staff" and "waiter"). On short texts both are sparse, so the final similarity blends in the
/// profile similarity: the cosine of two words' rows of the direct-similarity matrix, which is
/// high for words similar to the same words ("pizza" and "sushi").
pub(super) fn similarity(corpus: &Corpus, seeds: &[u32]) -> Vec<Vec<f64>> {
    let k = seeds.len();
    let mut context: Vec<u32> = (0..corpus.terms.len() as u32)
        .filter(|&t| corpus.terms[t as usize].len == 1)
        .collect();
    by_frequency(corpus, &mut context);
    context.truncate(CONTEXT);
    // Dense tables indexed by term id: this loop runs for every pair of words in every sampled
    // response, and hash lookups made it most of a small slice's run time.
    const NONE: usize = usize::MAX;
    let mut seed_of = vec![NONE; corpus.terms.len()];
    for (i, &s) in seeds.iter().enumerate() {
        seed_of[s as usize] = i;
    }
    let mut context_of = vec![NONE; corpus.terms.len()];
    for (i, &c) in context.iter().enumerate() {
        context_of[c as usize] = i;
    }
    let width = context.len();
    // Co-occurrence statistics settle long before a million responses: use an even sample.
    let mined: Vec<&Doc> = corpus.sampled().collect();
    let step = (mined.len() / SIMILARITY_DOCS).max(1);
    let sampled: Vec<&Doc> = mined.into_iter().step_by(step).collect();
    // Counted on the pool, each part of the sample into its own tables, then added up: sums of
    // counts, the same whatever the split.
    let tables = || Counts {
        n: 0,
        co: vec![0; k * k],
        ctx: vec![0; k * width],
        sample_df: vec![0; corpus.terms.len()],
    };
    let counts = sampled
        .par_chunks(SIMILARITY_RUN)
        .fold(tables, |mut counts, docs| {
            count_windows(docs, &seed_of, &context_of, (k, width), &mut counts);
            counts
        })
        .reduce(tables, Counts::add);
    let Counts {
        n,
        co,
        ctx,
        sample_df,
    } = counts;
    let n = n as f64;
    let co = |i: usize, j: usize| co[i * k + j];
    let df = |t: u32| match sample_df[t as usize] {
        0 => 1.0,
        d => d as f64,
    };
    // Dense PPMI vectors: a few thousand floats per seed make the pairwise dot products cheap.
    let vectors: Vec<Vec<f64>> = (0..k)
        .into_par_iter()
        .map(|i| {
            let mut v = vec![0.0; width];
            for (c, &count) in ctx[i * width..(i + 1) * width].iter().enumerate() {
                if count == 0 {
                    continue;
                }
                let pmi = (count as f64 * n / (df(seeds[i]) * df(context[c]))).ln();
                if context[c] != seeds[i] && pmi > 0.0 && count >= 2 {
                    v[c] = pmi;
                }
            }
            v
        })
        .collect();
    let norms: Vec<f64> = vectors
        .iter()
        .map(|v| v.iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    // Each pair is computed on its own (the same value whatever the thread), row by row.
    let upper: Vec<Vec<f64>> = (0..k)
        .into_par_iter()
        .map(|i| {
            (i + 1..k)
                .map(|j| {
                    let dice = 2.0 * co(i, j) as f64 / (df(seeds[i]) + df(seeds[j]));
                    let cosine = if norms[i] > 0.0 && norms[j] > 0.0 {
                        dot(&vectors[i], &vectors[j]) / (norms[i] * norms[j])
                    } else {
                        0.0
                    };
                    dice.max(cosine)
                })
                .collect()
        })
        .collect();
    let sim = symmetric(k, upper);
    // Words similar to the same words are similar: cosine of the rows of the similarity matrix.
    let rows: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            let mut r = sim[i].clone();
            r[i] = 1.0;
            let norm = r.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            r.iter().map(|x| x / norm).collect()
        })
        .collect();
    let upper: Vec<Vec<f64>> = (0..k)
        .into_par_iter()
        .map(|i| {
            (i + 1..k)
                .map(|j| {
                    let c: f64 = rows[i].iter().zip(&rows[j]).map(|(a, b)| a * b).sum();
                    (1.0 - PROFILE_WEIGHT) * sim[i][j] + PROFILE_WEIGHT * c
                })
                .collect()
        })
        .collect();
    symmetric(k, upper)
}

/// Sampled responses counted together for word similarity.
const SIMILARITY_RUN: usize = 1024;

/// Co-occurrence counts of seed words (`co`, k x k) and of seeds with context words (`ctx`,
/// k x width) over `n` windows, and each term's windows (`sample_df`).
struct Counts {
    n: u64,
    co: Vec<u32>,
    ctx: Vec<u32>,
    sample_df: Vec<u32>,
}

impl Counts {
    fn add(mut self, other: Counts) -> Counts {
        self.n += other.n;
        for (a, b) in [
            (&mut self.co, &other.co),
            (&mut self.ctx, &other.ctx),
            (&mut self.sample_df, &other.sample_df),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self
    }
}

/// Counts the windows of `docs` (see [`WINDOW`]) into `counts`.
fn count_windows(
    docs: &[&Doc],
    seed_of: &[usize],
    context_of: &[usize],
    (k, width): (usize, usize),
    counts: &mut Counts,
) {
    const NONE: usize = usize::MAX;
    let (mut window, mut present, mut ctx_present) = (Vec::new(), Vec::new(), Vec::new());
    for d in docs {
        let sentences: Vec<&[u32]> = d.sentences().collect();
        let w = WINDOW.min(sentences.len()).max(1);
        for i in 0..sentences.len().saturating_sub(w) + 1 {
            window.clear();
            for sentence in &sentences[i..(i + w).min(sentences.len())] {
                window.extend_from_slice(sentence);
            }
            window.sort_unstable();
            window.dedup();
            counts.n += 1;
            present.clear();
            ctx_present.clear();
            for &t in &window {
                let (seed, c) = (seed_of[t as usize], context_of[t as usize]);
                if seed != NONE {
                    present.push(seed);
                }
                if c != NONE {
                    ctx_present.push(c);
                }
                if seed != NONE || c != NONE {
                    counts.sample_df[t as usize] += 1;
                }
            }
            for (x, &i) in present.iter().enumerate() {
                for &j in &present[x + 1..] {
                    counts.co[i * k + j] += 1;
                    counts.co[j * k + i] += 1;
                }
                let row = &mut counts.ctx[i * width..(i + 1) * width];
                for &c in &ctx_present {
                    row[c] += 1;
                }
            }
        }
    }
}

/// A symmetric matrix with a zero diagonal from its rows above the diagonal.
fn symmetric(k: usize, upper: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let mut m = vec![vec![0.0; k]; k];
    for (i, row) in upper.into_iter().enumerate() {
        for (x, v) in row.into_iter().enumerate() {
            let j = i + 1 + x;
            m[i][j] = v;
            m[j][i] = v;
        }
    }
    m
}

/// Dot product in four independent sums, which the processor runs side by side (one running
/// sum waits on each addition); a quarter of the similarity step's time.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for lane in 0..4 {
            sums[lane] += x[lane] * y[lane];
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

#[allow(clippy::needless_range_loop)] // link is updated symmetrically, by index
/// Average-linkage agglomerative clustering of items of the given sizes: merges the most similar
/// pair while its average similarity reaches `merge_at` and the merged size stays within
/// `max_size`. Returns clusters of item indexes, each sorted.
pub(super) fn cluster(
    sim: &[Vec<f64>],
    sizes: &[usize],
    merge_at: f64,
    max_size: usize,
) -> Vec<Vec<usize>> {
    let k = sizes.len();
    let mut clusters: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
    let mut size: Vec<usize> = sizes.to_vec();
    // Average similarity between current clusters, kept up to date on each merge
    // (Lance-Williams), so a merge costs one scan of the matrix.
    let mut link: Vec<Vec<f64>> = (0..k).map(|i| sim[i][..k].to_vec()).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                if size[a] + size[b] > max_size {
                    continue;
                }
                let avg = link[a][b];
                if avg >= merge_at && best.is_none_or(|(s, _, _)| avg > s) {
                    best = Some((avg, a, b));
                }
            }
        }
        let Some((_, a, b)) = best else { break };
        let (na, nb) = (clusters[a].len() as f64, clusters[b].len() as f64);
        for c in 0..clusters.len() {
            let merged = (na * link[a][c] + nb * link[b][c]) / (na + nb);
            link[a][c] = merged;
            link[c][a] = merged;
        }
        link.remove(b);
        for row in &mut link {
            row.remove(b);
        }
        let merged = clusters.remove(b);
        clusters[a].extend(merged);
        clusters[a].sort_unstable();
        size[a] += size.remove(b);
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clustering_merges_similar_pairs_only() {
        let sim = vec![
            vec![0.0, 0.9, 0.0],
            vec![0.9, 0.0, 0.1],
            vec![0.0, 0.1, 0.0],
        ];
        assert_eq!(
            cluster(&sim, &[1, 1, 1], 0.22, 10),
            vec![vec![0, 1], vec![2]]
        );
    }
}
