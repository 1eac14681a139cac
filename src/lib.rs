//! verbatim: turn free-text survey comments into answers.
//!
//! The pipeline, one module per stage: [`ingest`] reads exports into rows, [`analysis`] turns text
//! into words, [`index`] stores responses in tantivy, [`search`] and [`stats`] answer questions,
//! and [`output`] writes results. The `verbatim` binary is a thin layer over this crate.

pub mod analysis;
pub mod cli;
pub mod context;
pub mod error;
pub mod index;
pub mod ingest;
pub mod output;
pub mod report;
pub mod score;
pub mod search;
pub mod serve;
pub mod stats;
pub mod themes;
pub mod threads;
