//! The floor for the ingest benchmark (bench/ingest.sh): the least a tantivy 0.25 loop does to
//! index a gen_survey CSV (id, date, score, comment with en_stem + positions, all stored) in
//! ONE commit. verbatim's ingest time is reported as a ratio to this, measured in the same run.
//!
//!   cargo run --release --example baseline_ingest -- /tmp/big.csv /tmp/baseline_index

use anyhow::{bail, Context, Result};
use std::time::Instant;
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv_path, index_dir] = args.as_slice() else {
        bail!("usage: baseline_ingest FILE.csv INDEX_DIR");
    };
    let started = Instant::now();

    let mut sb = Schema::builder();
    let id = sb.add_text_field("id", STRING | STORED);
    let date = sb.add_text_field("date", STRING | STORED);
    let score = sb.add_f64_field("score", FAST | STORED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("en_stem")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let comment = sb.add_text_field(
        "comment",
        TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored(),
    );
    std::fs::create_dir_all(index_dir)?;
    let index = Index::create_in_dir(index_dir, sb.build()).context("index dir must be empty")?;
    let mut writer: IndexWriter = index.writer(200_000_000)?;

    let mut rdr = csv::Reader::from_path(csv_path).with_context(|| csv_path.clone())?;
    let headers = rdr.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("no column {name}"))
    };
    let (c_id, c_date, c_score, c_comment) = (
        col("response_id")?,
        col("submitted_at")?,
        col("nps_score")?,
        col("comment")?,
    );
    let mut rows = 0u64;
    for rec in rdr.records() {
        let rec = rec?;
        let mut doc = TantivyDocument::default();
        doc.add_text(id, &rec[c_id]);
        doc.add_text(date, &rec[c_date]);
        if let Ok(s) = rec[c_score].parse::<f64>() {
            doc.add_f64(score, s);
        }
        doc.add_text(comment, &rec[c_comment]);
        writer.add_document(doc)?;
        rows += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "baseline: {rows} rows in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
