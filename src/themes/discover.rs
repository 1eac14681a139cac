//! Theme discovery: which terms are distinctive, and which of them are the same concern.
//!
//! 1. Salience: each candidate term is scored with the log-likelihood ratio G2, either for a group
//!    against the rest of the scope, or (one group) against general-language frequencies.
//! 2. Grouping: the most salient words are clustered (average linkage) by how similar they are:
//!    first-order (they occur in the same responses: "lost" and "bag") or second-order (they occur
//!    with the same words: "staff" and "waiter"). Phrases then join the cluster of the word they
//!    are most specific to ("cancelled flight" joins "cancel").
//! 3. Each cluster is a theme, labelled by its most representative phrase.

use std::collections::HashMap;

use super::background::Background;
use super::corpus::Corpus;

/// G2 value for p < 0.001 with one degree of freedom.
pub const SIGNIFICANT: f64 = 10.83;
/// Words in more than this share of responses are the corpus's subject ("flight" in airline
/// tweets), not a theme: they can appear in phrases but never make a theme alone.
const DOMAIN_SHARE: f64 = 0.3;
/// Words considered for clustering.
const SEEDS: usize = 250;
/// Responses read for word similarities.
const SIMILARITY_DOCS: usize = 50_000;
/// Context words for second-order similarity.
const CONTEXT: usize = 1000;
/// Average similarity at which two clusters merge.
const MERGE_AT: f64 = 0.22;
/// Weight of profile similarity (words similar to the same words) against direct similarity.
const PROFILE_WEIGHT: f64 = 0.8;
/// Most words in one theme.
const MAX_WORDS: usize = 10;

/// A discovered theme, before it is counted and described.
#[derive(Debug, Clone)]
pub struct ThemeDef {
    /// Term ids: words first (by salience), then phrases.
    pub words: Vec<u32>,
    pub phrases: Vec<u32>,
    /// The term whose surface form labels the theme.
    pub label: u32,
    pub score: f64,
    /// A codebook theme's name, shown instead of the label's surface form.
    pub name: Option<String>,
    /// A codebook theme's responses (found by search); discovered themes match by words.
    pub members: Option<std::sync::Arc<std::collections::HashSet<tantivy::DocAddress>>>,
    /// A codebook theme's term keys, for quotes.
    pub keys: Vec<String>,
}

/// Which responses to contrast.
pub enum Contrast<'a> {
    /// Responses of this group against the rest of the corpus.
    Group(u32),
    /// All responses against general language.
    Background(&'a Background),
}

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        x * x.ln()
    }
}

/// G2 of a 2x2 table: `a` of `n1` in the target, `b` of `n2` in the reference.
pub fn g2(a: f64, n1: f64, b: f64, n2: f64) -> f64 {
    let n = n1 + n2;
    let k = a + b;
    let g = xlogx(a) + xlogx(n1 - a) + xlogx(b) + xlogx(n2 - b) + xlogx(n)
        - xlogx(k)
        - xlogx(n - k)
        - xlogx(n1)
        - xlogx(n2);
    (2.0 * g).max(0.0)
}

/// Two-proportion z statistic of `a2` of `n2` against `a1` of `n1` (positive when the share rose);
/// 0 when either group is empty or the pooled share is 0 or 1.
pub fn two_proportion_z(a1: u64, n1: u64, a2: u64, n2: u64) -> f64 {
    if n1 == 0 || n2 == 0 {
        return 0.0;
    }
    let (a1, n1, a2, n2) = (a1 as f64, n1 as f64, a2 as f64, n2 as f64);
    let pooled = (a1 + a2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se > 0.0 {
        (a2 / n2 - a1 / n1) / se
    } else {
        0.0
    }
}

/// G2 of `a` successes in `n` trials against an expected rate `p`.
fn g2_binomial(a: f64, n: f64, p: f64) -> f64 {
    let e = n * p;
    if a <= e || e <= 0.0 {
        return 0.0;
    }
    2.0 * (xlogx(a) - a * e.ln() + xlogx(n - a) - (n - a) * (n - e).max(1e-9).ln())
}

/// Salience of every term (0 when not distinctive).
pub fn salience(corpus: &Corpus, contrast: &Contrast, min_mentions: u32) -> Vec<f64> {
    let n_terms = corpus.terms.len();
    let mined: Vec<&super::corpus::Doc> =
        corpus.docs.iter().filter(|d| !d.terms.is_empty()).collect();
    let n = mined.len() as f64;
    let mut sal = vec![0.0; n_terms];
    match contrast {
        Contrast::Group(g) => {
            let mut in_group = vec![0u32; n_terms];
            let mut n_group = 0.0;
            for d in mined.iter().filter(|d| d.group == *g) {
                n_group += 1.0;
                for &t in &d.terms {
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
            let words_per_doc = mined.iter().map(|d| d.words as f64).sum::<f64>() / n.max(1.0);
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

/// Discovers up to `top` themes. `min_mentions` counts responses in the whole scope; words were
/// read for a sample only, so terms are held to the same share of the sample.
pub fn discover(
    corpus: &Corpus,
    contrast: &Contrast,
    min_mentions: u32,
    top: usize,
) -> (Vec<ThemeDef>, Vec<f64>) {
    let sampled = corpus.docs.iter().filter(|d| !d.terms.is_empty()).count();
    let in_sample = corpus.read as f64 / corpus.mined().max(1) as f64;
    let min_in_sample = ((min_mentions as f64 * in_sample.min(1.0)).ceil() as u32).max(2);
    let sal = salience(corpus, contrast, min_mentions.min(min_in_sample));
    let n = sampled.max(1) as f64;
    let mut seeds: Vec<u32> = (0..corpus.terms.len() as u32)
        .filter(|&t| {
            let term = &corpus.terms[t as usize];
            term.len == 1 && sal[t as usize] >= SIGNIFICANT && (term.df as f64) / n <= DOMAIN_SHARE
        })
        .collect();
    seeds.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
    seeds.truncate(SEEDS);
    if seeds.is_empty() {
        return (Vec::new(), sal);
    }
    let sim = similarity(corpus, &seeds);
    let clusters = cluster(&sim, seeds.len());

    let seeds = &seeds;
    let seed_cluster: HashMap<u32, usize> = clusters
        .iter()
        .enumerate()
        .flat_map(|(c, members)| members.iter().map(move |&i| (seeds[i], c)))
        .collect();
    let mut themes: Vec<ThemeDef> = clusters
        .iter()
        .map(|members| {
            let mut words: Vec<u32> = members.iter().map(|&i| seeds[i]).collect();
            words.sort_by(|&a, &b| sal[b as usize].total_cmp(&sal[a as usize]).then(a.cmp(&b)));
            words.truncate(MAX_WORDS);
            let score = words.iter().map(|&w| sal[w as usize]).sum();
            ThemeDef {
                label: words[0],
                words,
                phrases: Vec::new(),
                score,
                name: None,
                members: None,
                keys: Vec::new(),
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
        if let Some((c, _, part)) = home {
            if themes[c].words.contains(&part) {
                themes[c].phrases.push(t as u32);
            }
        }
    }
    for theme in &mut themes {
        theme.phrases.sort_by(|&a, &b| {
            corpus.terms[b as usize]
                .df
                .cmp(&corpus.terms[a as usize].df)
                .then(a.cmp(&b))
        });
        theme.phrases.truncate(MAX_WORDS);
        theme.label = label(corpus, theme);
    }
    themes.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then(
            corpus.terms[a.label as usize]
                .key
                .cmp(&corpus.terms[b.label as usize].key),
        )
    });
    themes.truncate(top);
    (themes, sal)
}

/// The most representative phrase: a frequent phrase that accounts for a good part of the
/// theme's most mentioned word, else that word itself.
fn label(corpus: &Corpus, theme: &ThemeDef) -> u32 {
    // The most distinctive of the theme's widely used words (words are in salience order): a
    // label should read as what many of its responses say, yet not be a filler like "time".
    let df = |t: u32| corpus.terms[t as usize].df;
    let most = theme.words.iter().map(|&w| df(w)).max().unwrap_or(0);
    let main = theme
        .words
        .iter()
        .copied()
        .find(|&w| 2 * df(w) >= most)
        .unwrap_or(theme.words[0]);
    let main_df = corpus.terms[main as usize].df as f64;
    theme
        .phrases
        .iter()
        .copied()
        .filter(|&p| {
            corpus.terms[p as usize].parts.contains(&main)
                && corpus.terms[p as usize].df as f64 >= 0.25 * main_df
        })
        .max_by(|&a, &b| {
            corpus.terms[a as usize]
                .df
                .cmp(&corpus.terms[b as usize].df)
                .then(b.cmp(&a))
        })
        .unwrap_or(main)
}

/// Pairwise similarity of seed words. Direct similarity is the larger of first-order (Dice of
/// their responses: "lost" and "bag") and second-order (cosine of their PPMI context vectors:
/// "staff" and "waiter"). On short texts both are sparse, so the final similarity blends in the
/// profile similarity: the cosine of two words' rows of the direct-similarity matrix, which is
/// high for words similar to the same words ("pizza" and "sushi").
fn similarity(corpus: &Corpus, seeds: &[u32]) -> Vec<Vec<f64>> {
    let k = seeds.len();
    let mut context: Vec<u32> = (0..corpus.terms.len() as u32)
        .filter(|&t| corpus.terms[t as usize].len == 1)
        .collect();
    context.sort_by(|&a, &b| {
        corpus.terms[b as usize]
            .df
            .cmp(&corpus.terms[a as usize].df)
            .then(a.cmp(&b))
    });
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
    let mut co = vec![vec![0u32; k]; k];
    let mut ctx = vec![0u32; k * width];
    let mut present = Vec::new();
    let mut ctx_present = Vec::new();
    let mut n = 0f64;
    let mut sample_df = vec![0u32; corpus.terms.len()];
    // Co-occurrence statistics settle long before a million responses: use an even sample.
    let mined: Vec<&super::corpus::Doc> =
        corpus.docs.iter().filter(|d| !d.terms.is_empty()).collect();
    let step = (mined.len() / SIMILARITY_DOCS).max(1);
    for d in mined.into_iter().step_by(step) {
        n += 1.0;
        present.clear();
        ctx_present.clear();
        for &t in &d.terms {
            let (seed, c) = (seed_of[t as usize], context_of[t as usize]);
            if seed != NONE {
                present.push(seed);
            }
            if c != NONE {
                ctx_present.push(c);
            }
            if seed != NONE || c != NONE {
                sample_df[t as usize] += 1;
            }
        }
        for (x, &i) in present.iter().enumerate() {
            for &j in &present[x + 1..] {
                co[i][j] += 1;
                co[j][i] += 1;
            }
            let row = &mut ctx[i * width..(i + 1) * width];
            for &c in &ctx_present {
                row[c] += 1;
            }
        }
    }
    let df = |t: u32| match sample_df[t as usize] {
        0 => 1.0,
        d => d as f64,
    };
    // Dense PPMI vectors: a few thousand floats per seed make the pairwise dot products cheap.
    let vectors: Vec<Vec<f64>> = (0..k)
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
    let mut sim = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in i + 1..k {
            let dice = 2.0 * co[i][j] as f64 / (df(seeds[i]) + df(seeds[j]));
            let cosine = if norms[i] > 0.0 && norms[j] > 0.0 {
                dot(&vectors[i], &vectors[j]) / (norms[i] * norms[j])
            } else {
                0.0
            };
            let s = dice.max(cosine);
            sim[i][j] = s;
            sim[j][i] = s;
        }
    }
    // Words similar to the same words are similar: cosine of the rows of the similarity matrix.
    let rows: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            let mut r = sim[i].clone();
            r[i] = 1.0;
            let norm = r.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            r.iter().map(|x| x / norm).collect()
        })
        .collect();
    let mut smooth = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in i + 1..k {
            let c: f64 = rows[i].iter().zip(&rows[j]).map(|(a, b)| a * b).sum();
            let v = (1.0 - PROFILE_WEIGHT) * sim[i][j] + PROFILE_WEIGHT * c;
            smooth[i][j] = v;
            smooth[j][i] = v;
        }
    }
    smooth
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
/// Average-linkage agglomerative clustering; returns clusters of seed indexes, each sorted.
fn cluster(sim: &[Vec<f64>], k: usize) -> Vec<Vec<usize>> {
    let mut clusters: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
    // Average similarity between current clusters, kept up to date on each merge
    // (Lance-Williams), so a merge costs one scan of the matrix.
    let mut link: Vec<Vec<f64>> = (0..k).map(|i| sim[i][..k].to_vec()).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                if clusters[a].len() + clusters[b].len() > MAX_WORDS {
                    continue;
                }
                let avg = link[a][b];
                if avg >= MERGE_AT && best.is_none_or(|(s, _, _)| avg > s) {
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
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_by_hand() {
        // 31 of 372 against 77 of 380: pooled 108/752.
        let p: f64 = 108.0 / 752.0;
        let expected =
            (77.0 / 380.0 - 31.0 / 372.0) / (p * (1.0 - p) * (1.0 / 372.0 + 1.0 / 380.0)).sqrt();
        assert!((two_proportion_z(31, 372, 77, 380) - expected).abs() < 1e-12);
        assert_eq!(two_proportion_z(0, 0, 5, 10), 0.0);
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

    #[test]
    fn clustering_merges_similar_pairs_only() {
        let sim = vec![
            vec![0.0, 0.9, 0.0],
            vec![0.9, 0.0, 0.1],
            vec![0.0, 0.1, 0.0],
        ];
        assert_eq!(cluster(&sim, 3), vec![vec![0, 1], vec![2]]);
    }
}
