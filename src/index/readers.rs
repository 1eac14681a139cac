//! Low-level readers of the index shared by the commands that look at every response in scope
//! without loading stored documents: the matching documents per segment, cut into pieces for the
//! thread pool, and string fast-field values decoded once per distinct value.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::Result;

/// Collects the matching documents of each segment, segments in order.
pub(crate) struct Matching;
impl Collector for Matching {
    type Fruit = Vec<(SegmentOrdinal, Vec<DocId>)>;
    type Child = SegmentDocs;
    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        Ok(SegmentDocs(ord, Vec::new()))
    }
    fn requires_scoring(&self) -> bool {
        false
    }
    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<DocId>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut f = fruits;
        f.sort_by_key(|(o, _)| *o);
        Ok(f)
    }
}
/// The matching documents of one segment.
pub(crate) struct SegmentDocs(SegmentOrdinal, Vec<DocId>);
impl SegmentCollector for SegmentDocs {
    type Fruit = (SegmentOrdinal, Vec<DocId>);
    fn collect(&mut self, doc: DocId, _: Score) {
        self.1.push(doc);
    }
    fn harvest(self) -> Self::Fruit {
        (self.0, self.1)
    }
}

/// Most responses in one piece of a load.
const PIECE: usize = 1 << 16;

/// The matching documents cut into pieces of at most [`PIECE`] documents of one segment.
pub(crate) fn pieces(matching: &[(SegmentOrdinal, Vec<DocId>)]) -> Vec<(SegmentOrdinal, &[DocId])> {
    matching
        .iter()
        .flat_map(|(ord, docs)| docs.chunks(PIECE).map(move |c| (*ord, c)))
        .collect()
}

/// Distinct strings numbered in first-seen order (`themes::corpus::Corpus::canonicalize` sorts them later).
#[derive(Default)]
pub(crate) struct Names {
    ids: HashMap<String, u32>,
    pub(crate) names: Vec<String>,
}

impl Names {
    pub(crate) fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        self.ids
            .insert(name.to_string(), self.names.len() as u32 - 1);
        self.names.len() as u32 - 1
    }
}

/// String values of one fast column, decoded once per distinct value.
pub(crate) struct StrValues {
    column: Option<tantivy::columnar::StrColumn>,
    decoded: HashMap<u64, String>,
    ids: HashMap<u64, u32>,
}

impl StrValues {
    pub(crate) fn new(reader: &SegmentReader, path: &str) -> Result<StrValues> {
        Ok(StrValues {
            column: reader.fast_fields().str(path)?,
            decoded: HashMap::new(),
            ids: HashMap::new(),
        })
    }

    /// The document's value as a number in `names`.
    pub(crate) fn id(&mut self, doc: DocId, names: &mut Names) -> Option<u32> {
        let column = self.column.as_ref()?;
        let ord = column.ords().first(doc)?;
        if let Some(id) = self.ids.get(&ord) {
            return Some(*id);
        }
        let mut s = String::new();
        let _ = column.ord_to_str(ord, &mut s);
        let id = names.id(&s);
        self.ids.insert(ord, id);
        Some(id)
    }

    pub(crate) fn get(&mut self, doc: DocId) -> Option<&str> {
        let column = self.column.as_ref()?;
        let ord = column.ords().first(doc)?;
        Some(self.decoded.entry(ord).or_insert_with(|| {
            let mut s = String::new();
            let _ = column.ord_to_str(ord, &mut s);
            s
        }))
    }
}
