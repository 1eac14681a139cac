//! Theme quality against human labels, scored as /work/shared/data/README.md defines it
//! ("Theme quality: how to score, and the peers' figures"), with the peers' rows beside ours.
//!
//! Two data sets are written as CSV to a temp dir, without their labels:
//! - airline: the 9,178 negative tweets (`tweet_id,airline,tweet_created,text`); label
//!   `negativereason`, 9 labels scored. "Can't Tell" tweets stay in the input, belong to no label
//!   (they still count against a theme that holds them) and are left out of the NMI.
//! - semeval14: the 2,049 sentences with exactly one aspect category besides
//!   anecdotes/miscellaneous (`id,text`); labels food, service, ambience, price.
//!
//! Each set runs `verbatim --index TMP ingest FILE --quiet` then `verbatim --index TMP tag
//! --format jsonl` (one `{"id": .., "themes": [strongest first]}` per line), timed together.
//! Figures: matched F1 (themes paired one-to-one with labels, greedily by highest F1; 0 for a
//! label left unpaired; the main figure), label-recovery F1 (macro mean of each label's best F1)
//! and labels with best F1 >= 0.5, NMI of the first theme against the label (no theme = one group;
//! arithmetic normalisation, as scikit-learn's default), theme count, share without a theme.
//!
//!   cargo build --release && cargo run --release --example eval_themes
//!   options: --data DIR (../shared/data) --bin PATH (target/release/verbatim) --keep DIR
//!            --baseline random|keyword   score a trivial tagger instead, to check the metrics
//!            (random must land near the README's random rows: 0.092 and 0.242 matched F1)

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    /// Data folder [default: ../shared/data next to the repo]
    #[arg(long)]
    data: Option<PathBuf>,
    /// verbatim binary [default: target/release/verbatim in the repo]
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Keep the CSV files and indexes in this folder instead of a temp dir
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Score a baseline instead of verbatim: random (k seeded groups) or keyword (word rules)
    #[arg(long)]
    baseline: Option<String>,
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

/// One evaluation set: the input CSV rows (no labels) and the scored label of each response.
struct DataSet {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<String>>,      // first column is the id, last is the text
    labels: Vec<Option<String>>, // None: belongs to no scored label ("Can't Tell")
    label_names: Vec<String>,
    random_k: usize,
    peers: &'static [&'static str],
}

const AIRLINE_PEERS: &[&str] = &[
    "| airline | NMF k=10 | 0.193 | 0.234 | 1 of 9 | 0.174 | 0.4 |",
    "| airline | LDA k=10 | 0.208 | 0.216 | 1 of 9 | 0.087 | 9.8 |",
    "| airline | BERTopic (102 topics) | 0.188 | 0.196 | 1 of 9 | 0.189 | 122 |",
    "| airline | random, 10 groups | 0.092 | 0.092 | 0 | 0.002 | - |",
];
const SEMEVAL_PEERS: &[&str] = &[
    "| semeval14 | NMF k=4 | 0.336 | 0.448 | 2 of 4 | 0.186 | 0.1 |",
    "| semeval14 | LDA k=4 | 0.306 | 0.360 | 0 of 4 | 0.066 | 2.2 |",
    "| semeval14 | BERTopic (41 topics) | 0.325 | 0.325 | 1 of 4 | 0.291 | 29 |",
    "| semeval14 | random, 4 groups | 0.242 | 0.247 | 0 | 0.003 | - |",
];

type Row = HashMap<String, String>;

fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let mut rd = csv::Reader::from_path(path).with_context(|| format!("reading {path:?}"))?;
    Ok(rd.deserialize::<Row>().collect::<Result<_, _>>()?)
}

fn label_names(labels: &[Option<String>]) -> Vec<String> {
    let set: HashSet<&String> = labels.iter().flatten().collect();
    let mut names: Vec<String> = set.into_iter().cloned().collect();
    names.sort();
    names
}

fn load_airline(data: &Path) -> Result<DataSet> {
    let (mut rows, mut labels, mut seen) = (vec![], vec![], HashMap::<String, usize>::new());
    for r in read_rows(&data.join("airline-tweets/tweets.csv"))? {
        if r["airline_sentiment"] != "negative" {
            continue;
        }
        // 89 tweet ids occur twice (often with different labels): keep both rows, unique ids.
        let n = seen.entry(r["tweet_id"].clone()).or_default();
        *n += 1;
        let id = match *n {
            1 => r["tweet_id"].clone(),
            n => format!("{}-{n}", r["tweet_id"]),
        };
        let reason = &r["negativereason"];
        labels.push((reason != "Can't Tell").then(|| reason.clone()));
        rows.push(vec![
            id,
            r["airline"].clone(),
            r["tweet_created"].clone(),
            r["text"].clone(),
        ]);
    }
    ensure!(
        rows.len() == 9178,
        "expected 9,178 negative tweets, got {}",
        rows.len()
    );
    let label_names = label_names(&labels);
    ensure!(
        label_names.len() == 9,
        "expected 9 labels, got {label_names:?}"
    );
    let header = &["tweet_id", "airline", "tweet_created", "text"];
    let (name, random_k, peers) = ("airline", 10, AIRLINE_PEERS);
    Ok(DataSet {
        name,
        header,
        rows,
        labels,
        label_names,
        random_k,
        peers,
    })
}

fn load_semeval(data: &Path) -> Result<DataSet> {
    let (mut rows, mut labels) = (vec![], vec![]);
    for r in read_rows(&data.join("semeval2014-restaurants/sentences.csv"))? {
        let cats: Vec<&str> = r["aspect_categories"]
            .split('|')
            .filter(|c| !c.is_empty() && *c != "anecdotes/miscellaneous")
            .collect();
        if let [cat] = cats[..] {
            let id = format!("{}-{}", r["source"], r["sentence_id"]);
            rows.push(vec![id, r["text"].clone()]);
            labels.push(Some(cat.to_string()));
        }
    }
    ensure!(
        rows.len() == 2049,
        "expected 2,049 sentences, got {}",
        rows.len()
    );
    let label_names = label_names(&labels);
    ensure!(
        label_names.len() == 4,
        "expected 4 labels, got {label_names:?}"
    );
    let (name, header, random_k, peers) = ("semeval14", &["id", "text"][..], 4, SEMEVAL_PEERS);
    Ok(DataSet {
        name,
        header,
        rows,
        labels,
        label_names,
        random_k,
        peers,
    })
}

/// Themes per response (same order as `rows`), strongest first.
type Tags = Vec<Vec<String>>;

/// Runs verbatim's ingest and tag on the set's CSV; returns the themes and the wall seconds.
fn run_verbatim(bin: &Path, set: &DataSet, dir: &Path) -> Result<(Tags, f64)> {
    let csv_path = dir.join(format!("{}.csv", set.name));
    let mut w = csv::Writer::from_path(&csv_path)?;
    w.write_record(set.header)?;
    for r in &set.rows {
        w.write_record(r)?;
    }
    w.flush()?;
    let index = dir.join(format!("{}-index", set.name));
    let started = Instant::now();
    let run = |args: &[&std::ffi::OsStr]| -> Result<Vec<u8>> {
        let out = Command::new(bin)
            .arg("--index")
            .arg(&index)
            .args(args)
            .output()?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let hint = if args[0] == "tag" && err.contains("unrecognized subcommand") {
                "\nverbatim has no `tag` command yet; `--baseline random|keyword` checks the harness"
            } else {
                ""
            };
            bail!("{bin:?} {args:?} failed ({}):\n{err}{hint}", out.status);
        }
        Ok(out.stdout)
    };
    run(&["ingest".as_ref(), csv_path.as_os_str(), "--quiet".as_ref()])?;
    let stdout = run(&["tag".as_ref(), "--format".as_ref(), "jsonl".as_ref()])?;
    let seconds = started.elapsed().as_secs_f64();

    let pos: HashMap<&str, usize> = set
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r[0].as_str(), i))
        .collect();
    let mut tags: Tags = vec![vec![]; set.rows.len()];
    let mut tagged = 0;
    for line in String::from_utf8(stdout)?
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).context("tag output: bad JSON")?;
        let id = match &v["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let Some(&i) = pos.get(id.as_str()) else {
            bail!("tag output: unknown id {id:?}")
        };
        let themes = v["themes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        tags[i] = themes
            .iter()
            .filter_map(|t| {
                t.as_str()
                    .or_else(|| t["label"].as_str())
                    .map(str::to_string)
            })
            .collect();
        tagged += 1;
    }
    if tagged != set.rows.len() {
        eprintln!("note: tag printed {tagged} of {} responses", set.rows.len());
    }
    Ok((tags, seconds))
}

fn random_tags(set: &DataSet, seed: u64) -> Tags {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1; // xorshift64*
    let mut next = || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11
    };
    let k = set.random_k as u64;
    set.rows
        .iter()
        .map(|_| vec![format!("group {}", next() % k)])
        .collect()
}

/// A deliberately naive tagger: a theme per rule whose words occur in the text.
fn keyword_tags(set: &DataSet) -> Tags {
    let rules: &[(&str, &str)] = match set.name {
        "airline" => &[
            ("cancel", "cancel"),
            ("late", "late|delay"),
            ("lost bag", "lost|missing bag|where is my bag"),
            ("damaged bag", "damage|broken|ripped"),
            ("attendant", "attendant|crew|stewardess"),
            ("booking", "book|reservation|website|ticket|refund"),
            ("lines", "line|queue"),
            ("bad flight", "seat|wifi|dirty|entertainment|legroom"),
            ("service", "customer service|hold|call|rude|agent|help"),
        ],
        _ => &[
            ("food", "food|dish|pizza|sushi|delicious|tasty|menu"),
            ("service", "service|staff|waiter|waitress|server|rude"),
            ("ambience", "atmosphere|decor|ambience|music|cozy|romantic"),
            ("price", "price|expensive|cheap|$|worth|value"),
        ],
    };
    let texts = set.rows.iter().map(|r| r.last().unwrap().to_lowercase());
    texts
        .map(|t| {
            let hits = rules
                .iter()
                .filter(|(_, words)| words.split('|').any(|w| t.contains(w)));
            hits.map(|(name, _)| format!("kw {name}")).collect()
        })
        .collect()
}

struct LabelScore {
    label: String,
    size: usize,
    best: (f64, String),
    matched: Option<(f64, String)>,
}

struct Scores {
    matched_f1: f64,
    recovery_f1: f64,
    recovered: usize,
    nmi: f64,
    themes: usize,
    untagged: f64,
    per_label: Vec<LabelScore>,
}

fn score(set: &DataSet, tags: &Tags) -> Scores {
    let mut theme_size: BTreeMap<&str, usize> = BTreeMap::new();
    let mut label_size: BTreeMap<&str, usize> = BTreeMap::new();
    let mut both: HashMap<(&str, &str), usize> = HashMap::new();
    for (themes, label) in tags.iter().zip(&set.labels) {
        let unique: HashSet<&str> = themes.iter().map(String::as_str).collect();
        if let Some(l) = label {
            *label_size.entry(l).or_default() += 1;
        }
        for t in unique {
            *theme_size.entry(t).or_default() += 1;
            if let Some(l) = label {
                *both.entry((t, l.as_str())).or_default() += 1;
            }
        }
    }
    let f1 = |t: &str, l: &str| {
        let tp = both.get(&(t, l)).copied().unwrap_or(0) as f64;
        2.0 * tp / (theme_size[t] + label_size[l]) as f64
    };
    // Every (theme, label) pair with some overlap, best first; ties broken by names.
    let mut pairs: Vec<(f64, &str, &str)> = both.keys().map(|&(t, l)| (f1(t, l), t, l)).collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut used, mut matched) = (HashSet::new(), HashMap::new());
    for &(f, t, l) in &pairs {
        if !matched.contains_key(l) && used.insert(t) {
            matched.insert(l, (f, t.to_string()));
        }
    }
    let per_label: Vec<LabelScore> = set
        .label_names
        .iter()
        .map(|l| {
            let best = pairs
                .iter()
                .find(|p| p.2 == l)
                .map(|p| (p.0, p.1.to_string()));
            LabelScore {
                label: l.clone(),
                size: label_size.get(l.as_str()).copied().unwrap_or(0),
                best: best.unwrap_or((0.0, "-".into())),
                matched: matched.get(l.as_str()).cloned(),
            }
        })
        .collect();
    let n = per_label.len() as f64;
    // NMI over the responses with a scored label: main theme vs label.
    let main: Vec<(&str, &str)> = tags
        .iter()
        .zip(&set.labels)
        .filter_map(|(t, l)| Some((t.first().map_or("(none)", String::as_str), l.as_deref()?)))
        .collect();
    Scores {
        matched_f1: per_label
            .iter()
            .map(|s| s.matched.as_ref().map_or(0.0, |m| m.0))
            .sum::<f64>()
            / n,
        recovery_f1: per_label.iter().map(|s| s.best.0).sum::<f64>() / n,
        recovered: per_label.iter().filter(|s| s.best.0 >= 0.5).count(),
        nmi: nmi(&main),
        themes: theme_size.len(),
        untagged: tags.iter().filter(|t| t.is_empty()).count() as f64 / tags.len() as f64,
        per_label,
    }
}

/// Normalised mutual information, arithmetic mean of the entropies (scikit-learn's default).
fn nmi(pairs: &[(&str, &str)]) -> f64 {
    let n = pairs.len() as f64;
    let (mut a, mut b, mut ab) = (HashMap::new(), HashMap::new(), HashMap::new());
    for &(x, y) in pairs {
        *a.entry(x).or_insert(0.0) += 1.0;
        *b.entry(y).or_insert(0.0) += 1.0;
        *ab.entry((x, y)).or_insert(0.0) += 1.0;
    }
    let h = |m: &HashMap<&str, f64>| -m.values().map(|c| c / n * (c / n).ln()).sum::<f64>();
    let (ha, hb) = (h(&a), h(&b));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mi: f64 = ab
        .iter()
        .map(|(&(x, y), c)| c / n * (c * n / (a[x] * b[y])).ln())
        .sum();
    (mi / ((ha + hb) / 2.0)).max(0.0)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = args.data.unwrap_or_else(|| root.join("../shared/data"));
    let bin = args
        .bin
        .unwrap_or_else(|| root.join("target/release/verbatim"));
    let baseline = args.baseline.as_deref();
    ensure!(
        matches!(baseline, None | Some("random" | "keyword")),
        "--baseline is random or keyword"
    );
    if baseline.is_none() && !bin.is_file() {
        bail!("no verbatim binary at {bin:?}: run `cargo build --release` first (or pass --bin)");
    }
    let tmp = tempfile::tempdir()?;
    let dir = match &args.keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => tmp.path().to_path_buf(),
    };

    let mut table = vec![];
    for set in [load_airline(&data)?, load_semeval(&data)?] {
        let (tags, seconds, method) = match baseline {
            Some("random") => {
                let tags = random_tags(&set, args.seed);
                (
                    tags,
                    None,
                    format!("baseline random, {} groups", set.random_k),
                )
            }
            Some(_) => (keyword_tags(&set), None, "baseline keyword".to_string()),
            None => {
                let (tags, secs) = run_verbatim(&bin, &set, &dir)?;
                (tags, Some(secs), "verbatim".to_string())
            }
        };
        let s = score(&set, &tags);
        let n = set.label_names.len();
        println!(
            "\n## {} ({} responses, {} labels): {method}",
            set.name,
            set.rows.len(),
            n
        );
        println!(
            "{} themes, {:.1}% of responses without a theme\n",
            s.themes,
            100.0 * s.untagged
        );
        println!("| label | responses | best F1 | best theme | matched F1 | matched theme |");
        println!("|---|---|---|---|---|---|");
        for l in &s.per_label {
            let (mf, mt) = l.matched.clone().unwrap_or((0.0, "-".into()));
            println!(
                "| {} | {} | {:.3} | {} | {mf:.3} | {mt} |",
                l.label, l.size, l.best.0, l.best.1
            );
        }
        let secs = seconds.map_or("-".to_string(), |s| format!("{s:.1}"));
        table.push(format!(
            "| {} | {method} ({} themes) | {:.3} | {:.3} | {} of {n} | {:.3} | {secs} |",
            set.name, s.themes, s.matched_f1, s.recovery_f1, s.recovered, s.nmi
        ));
        table.extend(set.peers.iter().map(|p| p.to_string()));
    }
    println!(
        "\n| data | method | matched F1 | label-recovery F1 | labels F1>=0.5 | NMI | seconds |"
    );
    println!("|---|---|---|---|---|---|---|");
    for row in table {
        println!("{row}");
    }
    Ok(())
}
