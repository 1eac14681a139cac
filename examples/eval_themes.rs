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
//! A response with several themes is in each theme's set. Per-label best and matched themes are
//! printed too, to show which label failed.
//!
//!   cargo build --release && cargo run --release --example eval_themes
//!   cargo run --release --example eval_themes -- --baseline random   # checks the metric code
//!
//! Options: --data DIR (default ../shared/data), --bin PATH (default target/release/verbatim),
//! --keep DIR (keep the CSVs and indexes), --baseline random|keyword (score a trivial tagger
//! instead of verbatim; random lands near the README's random rows, ~0.09 and ~0.24 matched F1),
//! --seed N (random baseline).

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
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
    #[arg(long, value_parser = ["random", "keyword"])]
    baseline: Option<String>,
    /// Seed of the random baseline
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

/// One evaluation set: the input CSV rows (no labels) and the scored label of each response.
struct DataSet {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<String>>,      // first column is the id, last is the text
    labels: Vec<Option<String>>, // None: belongs to no scored label ("Can't Tell")
    random_k: u64,               // groups of the README's random row
    peers: &'static str,
}

const AIRLINE_PEERS: &str = "\
| airline | NMF k=10 | 0.193 | 0.234 | 1 of 9 | 0.174 | 0.4 |
| airline | LDA k=10 | 0.208 | 0.216 | 1 of 9 | 0.087 | 9.8 |
| airline | BERTopic (102 topics) | 0.188 | 0.196 | 1 of 9 | 0.189 | 122 |
| airline | random, 10 groups | 0.092 | 0.092 | 0 | 0.002 | - |";
const SEMEVAL_PEERS: &str = "\
| semeval14 | NMF k=4 | 0.336 | 0.448 | 2 of 4 | 0.186 | 0.1 |
| semeval14 | LDA k=4 | 0.306 | 0.360 | 0 of 4 | 0.066 | 2.2 |
| semeval14 | BERTopic (41 topics) | 0.325 | 0.325 | 1 of 4 | 0.291 | 29 |
| semeval14 | random, 4 groups | 0.242 | 0.247 | 0 | 0.003 | - |";

type Row = HashMap<String, String>;

fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let mut rd = csv::Reader::from_path(path).with_context(|| format!("reading {path:?}"))?;
    Ok(rd.deserialize::<Row>().collect::<Result<_, _>>()?)
}

impl DataSet {
    /// The scored labels, sorted.
    fn label_names(&self) -> Vec<&str> {
        let names: BTreeSet<&str> = self.labels.iter().flatten().map(String::as_str).collect();
        names.into_iter().collect()
    }

    /// Checks the sizes the README states.
    fn check(self, rows: usize, labels: usize) -> Result<Self> {
        let (n, names) = (self.rows.len(), self.label_names());
        ensure!(n == rows, "{}: {n} responses, expected {rows}", self.name);
        ensure!(names.len() == labels, "{}: labels {names:?}", self.name);
        let ids: HashSet<&str> = self.rows.iter().map(|r| r[0].as_str()).collect();
        ensure!(ids.len() == n, "{}: ids are not unique", self.name);
        Ok(self)
    }
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
        let [airline, created, text] = ["airline", "tweet_created", "text"].map(|c| r[c].clone());
        rows.push(vec![id, airline, created, text]);
    }
    let header = &["tweet_id", "airline", "tweet_created", "text"];
    let (name, random_k, peers) = ("airline", 10, AIRLINE_PEERS);
    DataSet {
        name,
        header,
        rows,
        labels,
        random_k,
        peers,
    }
    .check(9178, 9)
}

fn load_semeval(data: &Path) -> Result<DataSet> {
    let (mut rows, mut labels) = (vec![], vec![]);
    for r in read_rows(&data.join("semeval2014-restaurants/sentences.csv"))? {
        let cats = r["aspect_categories"].split('|');
        let cats: Vec<&str> = cats
            .filter(|c| !c.is_empty() && *c != "anecdotes/miscellaneous")
            .collect();
        if let [cat] = cats[..] {
            rows.push(vec![
                format!("{}-{}", r["source"].trim(), r["sentence_id"].trim()),
                r["text"].clone(),
            ]);
            labels.push(Some(cat.to_string()));
        }
    }
    let (name, header, random_k, peers) = ("semeval14", &["id", "text"][..], 4, SEMEVAL_PEERS);
    DataSet {
        name,
        header,
        rows,
        labels,
        random_k,
        peers,
    }
    .check(2049, 4)
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
    let _ = std::fs::remove_dir_all(&index); // a kept index from an earlier run
    let started = Instant::now();
    let run = |args: &[&std::ffi::OsStr]| -> Result<Vec<u8>> {
        let out = Command::new(bin)
            .arg("--index")
            .arg(&index)
            .args(args)
            .output()?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let hint = match args[0] == "tag" && err.contains("unrecognized subcommand") {
                true => "\nverbatim has no `tag` command yet (--baseline random|keyword tests this harness)",
                false => "",
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
        let id = v["id"]
            .as_str()
            .map_or_else(|| v["id"].to_string(), str::to_string);
        let Some(&i) = pos.get(id.as_str()) else {
            bail!("tag output: unknown id {id:?}")
        };
        let themes = v["themes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        // A theme is a string, or an object with a "label".
        let label = |t: &serde_json::Value| {
            t.as_str()
                .or_else(|| t["label"].as_str())
                .map(str::to_string)
        };
        tags[i] = themes.iter().filter_map(label).collect();
        tagged += 1;
    }
    if tagged != set.rows.len() {
        eprintln!("note: tag printed {tagged} of {} responses", set.rows.len());
    }
    Ok((tags, seconds))
}

/// Each response in one of k groups, uniformly at random (a seeded 64-bit LCG, high bits).
fn random_tags(set: &DataSet, seed: u64) -> Tags {
    let mut x = seed;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    set.rows
        .iter()
        .map(|_| vec![format!("group {}", next() % set.random_k)])
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
    let tag = |t: String| {
        let hits = rules
            .iter()
            .filter(|(_, words)| words.split('|').any(|w| t.contains(w)));
        hits.map(|(name, _)| format!("kw {name}")).collect()
    };
    texts.map(tag).collect()
}

struct LabelScore<'a> {
    label: &'a str,
    size: usize,
    best: (f64, &'a str),
    matched: (f64, &'a str),
}

struct Scores<'a> {
    matched_f1: f64,
    recovery_f1: f64,
    recovered: usize,
    nmi: f64,
    themes: usize,
    untagged: f64,
    per_label: Vec<LabelScore<'a>>,
}

fn score<'a>(set: &'a DataSet, tags: &'a Tags) -> Scores<'a> {
    let mut theme_size: HashMap<&str, usize> = HashMap::new();
    let mut label_size: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(&str, &str), usize> = HashMap::new();
    for l in set.labels.iter().flatten() {
        *label_size.entry(l).or_default() += 1;
    }
    for (themes, label) in tags.iter().zip(&set.labels) {
        for t in themes.iter().map(String::as_str).collect::<HashSet<_>>() {
            *theme_size.entry(t).or_default() += 1;
            if let Some(l) = label {
                *both.entry((t, l)).or_default() += 1;
            }
        }
    }
    // Every (theme, label) pair with some overlap, by F1 best first; ties broken by names.
    let f1 = |(t, l), tp| 2.0 * tp as f64 / (theme_size[t] + label_size[l]) as f64;
    let mut pairs: Vec<(f64, &str, &str)> = both
        .iter()
        .map(|(&(t, l), &tp)| (f1((t, l), tp), t, l))
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut used, mut matched) = (HashSet::new(), HashMap::new());
    for &(f, t, l) in &pairs {
        if !matched.contains_key(l) && used.insert(t) {
            matched.insert(l, (f, t));
        }
    }
    let per_label: Vec<LabelScore> = (set.label_names().into_iter())
        .map(|label| LabelScore {
            label,
            size: label_size[label],
            best: pairs
                .iter()
                .find(|p| p.2 == label)
                .map_or((0.0, "-"), |p| (p.0, p.1)),
            matched: matched.get(label).copied().unwrap_or((0.0, "-")),
        })
        .collect();
    // NMI over the responses with a scored label: main theme against label.
    let main = |(t, l): (&'a Vec<String>, &'a Option<String>)| {
        Some((t.first().map_or("(none)", String::as_str), l.as_deref()?))
    };
    let main: Vec<(&str, &str)> = tags.iter().zip(&set.labels).filter_map(main).collect();
    let n = per_label.len() as f64;
    Scores {
        matched_f1: per_label.iter().map(|s| s.matched.0).sum::<f64>() / n,
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

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("eval_themes: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = args.data.unwrap_or_else(|| root.join("../shared/data"));
    let bin = args
        .bin
        .unwrap_or_else(|| root.join("target/release/verbatim"));
    let baseline = args.baseline.as_deref();
    if baseline.is_none() && !bin.is_file() {
        bail!("no verbatim binary at {bin:?}: run `cargo build --release` first (or pass --bin)");
    }
    let tmp = tempfile::tempdir()?;
    let dir = args.keep.unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;

    let mut table = vec![];
    for set in [load_airline(&data)?, load_semeval(&data)?] {
        let (tags, seconds, method) = match baseline {
            Some("random") => {
                let method = format!("baseline random, {} groups", set.random_k);
                (random_tags(&set, args.seed), None, method)
            }
            Some(_) => (keyword_tags(&set), None, "baseline keyword".to_string()),
            None => {
                let (tags, secs) = run_verbatim(&bin, &set, &dir)?;
                (tags, Some(secs), "verbatim".to_string())
            }
        };
        let s = score(&set, &tags);
        let n = s.per_label.len();
        println!(
            "\n## {}: {method} ({} responses, {n} labels)\n",
            set.name,
            set.rows.len()
        );
        println!(
            "{} themes, {:.1}% of responses without a theme\n",
            s.themes,
            100.0 * s.untagged
        );
        println!("| label | responses | best F1 | best theme | matched F1 | matched theme |");
        println!("|---|---|---|---|---|---|");
        for l in &s.per_label {
            let (b, m) = (l.best, l.matched);
            println!(
                "| {} | {} | {:.3} | {} | {:.3} | {} |",
                l.label, l.size, b.0, b.1, m.0, m.1
            );
        }
        let secs = seconds.map_or("-".to_string(), |s| format!("{s:.1}"));
        table.push(format!(
            "| {} | {method} ({} themes) | {:.3} | {:.3} | {} of {n} | {:.3} | {secs} |",
            set.name, s.themes, s.matched_f1, s.recovery_f1, s.recovered, s.nmi
        ));
        table.push(set.peers.to_string());
    }
    println!(
        "\n| data | method | matched F1 | label-recovery F1 | labels F1>=0.5 | NMI | seconds |"
    );
    println!("|---|---|---|---|---|---|---|\n{}", table.join("\n"));
    Ok(())
}
