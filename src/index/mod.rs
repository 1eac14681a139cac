//! The on-disk index: schema, metadata, and the stored form of analysed words.

pub mod calendar;
pub mod collector;
mod directory;
mod document;
pub mod facts;
mod merges;
pub mod meta;
pub mod readers;
pub mod schema;
mod store;
pub mod terms;
pub mod union;

pub use collector::{BandCollector, GroupCollector, GroupCounts};
pub use document::ResponseDocument;
pub use meta::{ColumnMapping, IndexMeta, LongFormat, SegmentColumn};
pub use schema::Fields;
pub use store::{
    indexing_memory, Store, DEFAULT_DIR, INDEXING_MEMORY, MAX_INDEXING_THREADS, REJECTS_FILE,
};
