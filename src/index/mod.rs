//! The on-disk index: schema, metadata, and the stored form of analysed words.

mod directory;
mod document;
mod merges;
pub mod meta;
pub mod schema;
mod store;
pub mod terms;
pub mod union;

pub use document::ResponseDocument;
pub use meta::{ColumnMapping, IndexMeta, SegmentColumn};
pub use schema::Fields;
pub use store::{
    indexing_memory, Store, DEFAULT_DIR, INDEXING_MEMORY, MAX_INDEXING_THREADS, REJECTS_FILE,
};
