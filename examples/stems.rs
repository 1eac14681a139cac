//! Snowball English stems of the words on stdin, one `word<TAB>stem` per line, as the analysis
//! pipeline's stemmer (rust-stemmers) gives them. Used by `src/analysis/lexicon/stem_splits.py`,
//! so the table of split stems is made with the stemmer that reads it:
//!
//!   cargo run --release --example stems < words.txt

use std::io::{BufRead, Write};

fn main() {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let word = line.expect("stdin is UTF-8");
        writeln!(out, "{word}\t{}", stemmer.stem(word.trim())).expect("stdout");
    }
}
