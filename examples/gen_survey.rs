//! Writes a large, realistic NPS survey CSV for the ingest benchmark (bench/ingest.sh) by
//! resampling real comments from ../shared/data; not part of the user CLI.
//!
//!   cargo run --release --example gen_survey -- --rows 1000000 --out /tmp/big.csv \
//!       [--seed 1] [--data ../shared/data]
//!
//! Same seed, rows and data give the same file byte for byte (hand-written splitmix64 PRNG).

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, TimeDelta};
use std::{path::PathBuf, time::Instant};

/// splitmix64: tiny, fast and deterministic on every platform.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }
    /// Roughly normal, mean 0, standard deviation 1 (sum of three uniforms).
    fn noise(&mut self) -> f64 {
        (self.unit() + self.unit() + self.unit() - 1.5) * 2.0
    }
    /// One of the items, with probability proportional to its weight.
    fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let mut r = self.below(items.iter().map(|i| i.1 as usize).sum()) as u32;
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        unreachable!()
    }
}

/// A real comment and, when its source has one, its sentiment on 0..=1 (0 = worst).
struct Comment {
    text: String,
    sentiment: Option<f64>,
}

/// (file under the data folder, comment column, rating column, rating to sentiment).
type Source = (
    &'static str,
    &'static str,
    &'static str,
    fn(&str) -> Option<f64>,
);
const SOURCES: [Source; 5] = [
    (
        "airline-tweets/tweets.csv",
        "text",
        "airline_sentiment",
        |s| match s {
            "negative" => Some(0.15),
            "neutral" => Some(0.6),
            "positive" => Some(0.9),
            _ => None,
        },
    ),
    (
        "womens-clothing-reviews/reviews.csv",
        "Review Text",
        "Rating",
        |s| scale(s, 1.0, 5.0),
    ),
    (
        "amazon-alexa-reviews/reviews.csv",
        "verified_reviews",
        "rating",
        |s| scale(s, 1.0, 5.0),
    ),
    (
        "ba-skytrax-reviews/reviews.csv",
        "ReviewBody",
        "OverallRating",
        |s| scale(s, 1.0, 10.0),
    ),
    (
        "nps-verbatims/nps_verbatims.csv",
        "text",
        "NPS_SCORE",
        |s| scale(s, 0.0, 10.0),
    ),
];

fn scale(s: &str, lo: f64, hi: f64) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    (lo..=hi).contains(&v).then(|| (v - lo) / (hi - lo))
}

fn load(data: &PathBuf) -> Result<Vec<Comment>> {
    let mut out = Vec::new();
    for (file, text_col, rating_col, rating) in SOURCES {
        let path = data.join(file);
        let mut rdr =
            csv::Reader::from_path(&path).with_context(|| format!("{}", path.display()))?;
        let headers = rdr.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (Some(t), Some(r)) = (col(text_col), col(rating_col)) else {
            bail!(
                "{}: missing column {text_col:?} or {rating_col:?}",
                path.display()
            );
        };
        let before = out.len();
        for rec in rdr.byte_records() {
            let rec = rec.with_context(|| format!("{}", path.display()))?;
            let text = String::from_utf8_lossy(rec.get(t).unwrap_or_default());
            if text.trim().is_empty() {
                continue;
            }
            let sentiment = rating(&String::from_utf8_lossy(rec.get(r).unwrap_or_default()));
            out.push(Comment {
                text: text.into_owned(),
                sentiment,
            });
        }
        eprintln!("{file}: {} comments", out.len() - before);
    }
    Ok(out)
}

/// NPS 0-10 loosely following the comment's own rating; a typical NPS spread when it has none.
fn nps(rng: &mut Rng, sentiment: Option<f64>) -> u32 {
    const SPREAD: [(u32, u32); 11] = [
        (0, 4),
        (1, 2),
        (2, 2),
        (3, 3),
        (4, 3),
        (5, 6),
        (6, 6),
        (7, 12),
        (8, 18),
        (9, 19),
        (10, 25),
    ];
    match sentiment {
        Some(s) if rng.unit() >= 0.15 => {
            (10.0 * s + 1.5 * rng.noise()).round().clamp(0.0, 10.0) as u32
        }
        _ => rng.pick(&SPREAD),
    }
}

fn main() -> Result<()> {
    let (mut rows, mut out, mut seed, mut data) =
        (1_000_000usize, None, 1u64, PathBuf::from("../shared/data"));
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--rows" => rows = value()?.parse()?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse()?,
            "--data" => data = PathBuf::from(value()?),
            _ => bail!("usage: gen_survey --rows N --out FILE [--seed S] [--data DIR]"),
        }
    }
    let out = out.context("--out FILE is required")?;
    let started = Instant::now();
    let comments = load(&data)?;
    if comments.is_empty() {
        bail!("no comments found under {}", data.display());
    }

    const PLANS: [(&str, u32); 5] = [
        ("Free", 30),
        ("Starter", 25),
        ("Pro", 25),
        ("Business", 12),
        ("Enterprise", 8),
    ];
    const REGIONS: [(&str, u32); 5] = [
        ("North America", 35),
        ("Europe", 25),
        ("UK", 15),
        ("APAC", 15),
        ("LATAM", 10),
    ];
    const CHANNELS: [(&str, u32); 4] = [("email", 45), ("in-app", 30), ("web", 20), ("sms", 5)];
    let start = NaiveDate::from_ymd_opt(2025, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 10, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let span = (end - start).num_seconds() as f64;

    let mut rng = Rng(seed);
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&out).with_context(|| format!("{}", out.display()))?,
    ));
    w.write_record([
        "response_id",
        "submitted_at",
        "plan",
        "region",
        "channel",
        "nps_score",
        "comment",
    ])?;
    let mut comment_bytes = 0u64;
    for i in 0..rows {
        // Ids follow submission time, as in a real export; times are spread evenly with jitter.
        let secs = ((i as f64 + rng.unit()) / rows as f64 * span) as i64;
        let at = start + TimeDelta::seconds(secs);
        let c = &comments[rng.below(comments.len())];
        comment_bytes += c.text.len() as u64;
        w.write_record([
            format!("R{:07}", i + 1).as_str(),
            &at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            rng.pick(&PLANS),
            rng.pick(&REGIONS),
            rng.pick(&CHANNELS),
            &nps(&mut rng, c.sentiment).to_string(),
            &c.text,
        ])?;
    }
    w.flush()?;
    drop(w);
    let size = std::fs::metadata(&out)?.len();
    println!(
        "wrote {rows} rows to {} ({:.1} MB, comments average {:.0} bytes, from {} real comments) in {:.1} s",
        out.display(),
        size as f64 / 1e6,
        comment_bytes as f64 / rows.max(1) as f64,
        comments.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
