//! Writes a large, realistic NPS survey CSV for the ingest benchmark (bench/ingest.sh) by
//! resampling real comments from ../shared/data; not part of the user CLI.
//!
//!   cargo run --release --example gen_survey -- --rows 1000000 --out /tmp/big.csv \
//!       [--seed 1] [--data ../shared/data]
//!
//! Same seed, rows and data give the same file byte for byte (hand-written splitmix64 PRNG).

use anyhow::{bail, Context, Result};
use chrono::{NaiveDate, TimeDelta};
use std::path::{Path, PathBuf};
use std::time::Instant;

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
    /// An index into `weights`, with probability proportional to its weight.
    fn pick(&mut self, weights: &[u32]) -> usize {
        let mut r = self.below(weights.iter().sum::<u32>() as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
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

/// (file under the data folder, comment column, rating column).
const SOURCES: [(&str, &str, &str); 5] = [
    ("airline-tweets/tweets.csv", "text", "airline_sentiment"),
    (
        "womens-clothing-reviews/reviews.csv",
        "Review Text",
        "Rating",
    ),
    (
        "amazon-alexa-reviews/reviews.csv",
        "verified_reviews",
        "rating",
    ),
    (
        "ba-skytrax-reviews/reviews.csv",
        "ReviewBody",
        "OverallRating",
    ),
    ("nps-verbatims/nps_verbatims.csv", "text", "NPS_SCORE"),
];

/// A source's rating as sentiment on 0..=1 (0 = worst); None when blank or odd.
fn sentiment(rating_col: &str, value: &str) -> Option<f64> {
    let (lo, hi) = match (rating_col, value) {
        ("airline_sentiment", "negative") => return Some(0.15),
        ("airline_sentiment", "neutral") => return Some(0.6),
        ("airline_sentiment", "positive") => return Some(0.9),
        ("OverallRating", _) => (1.0, 10.0),
        ("NPS_SCORE", _) => (0.0, 10.0),
        _ => (1.0, 5.0),
    };
    let v: f64 = value.trim().parse().ok()?;
    (lo..=hi).contains(&v).then(|| (v - lo) / (hi - lo))
}

fn load(data: &Path) -> Result<Vec<Comment>> {
    let mut out = Vec::new();
    for (file, text_col, rating_col) in SOURCES {
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
            let rating = String::from_utf8_lossy(rec.get(r).unwrap_or_default());
            let sentiment = sentiment(rating_col, &rating);
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
    const SPREAD: [u32; 11] = [4, 2, 2, 3, 3, 6, 6, 12, 18, 19, 25]; // weights of 0..=10
    match sentiment {
        Some(s) if rng.unit() >= 0.15 => {
            (10.0 * s + 1.5 * rng.noise()).round().clamp(0.0, 10.0) as u32
        }
        _ => rng.pick(&SPREAD) as u32,
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

    const PLANS: [&str; 5] = ["Free", "Starter", "Pro", "Business", "Enterprise"];
    const REGIONS: [&str; 5] = ["North America", "Europe", "UK", "APAC", "LATAM"];
    const CHANNELS: [&str; 4] = ["email", "in-app", "web", "sms"];
    let day = |y, m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    let (start, end) = (day(2025, 1, 1), day(2026, 10, 1)); // end excluded
    let span = (end - start).num_seconds() as f64;

    let mut rng = Rng(seed);
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&out).with_context(|| format!("{}", out.display()))?,
    ));
    let header = "response_id,submitted_at,plan,region,channel,nps_score,comment";
    w.write_record(header.split(','))?;
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
            PLANS[rng.pick(&[30, 25, 25, 12, 8])],
            REGIONS[rng.pick(&[35, 25, 15, 15, 10])],
            CHANNELS[rng.pick(&[45, 30, 20, 5])],
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
