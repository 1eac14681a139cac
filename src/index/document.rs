//! The document ingest hands to tantivy: tantivy's own document for every field but the
//! analysed comment, whose tokens travel as they are. Inside a `TantivyDocument` pre-tokenised
//! text is kept as JSON, written in the conversion threads and parsed back in tantivy's
//! indexing threads: about a tenth of all ingest work.

use tantivy::schema::document::{
    CompactDocArrayIter, CompactDocObjectIter, CompactDocValue, Document, ReferenceValue,
    ReferenceValueLeaf, Value,
};
use tantivy::schema::Field;
use tantivy::tokenizer::PreTokenizedString;
use tantivy::TantivyDocument;

/// One response as indexed.
#[derive(Debug, Default)]
pub struct ResponseDocument {
    pub fields: TantivyDocument,
    pub tokens: Vec<(Field, PreTokenizedString)>,
}

#[derive(Debug, Clone)]
pub enum ResponseValue<'a> {
    Field(CompactDocValue<'a>),
    Tokens(&'a PreTokenizedString),
}

type ArrayIter<'a> =
    std::iter::Map<CompactDocArrayIter<'a>, fn(CompactDocValue<'a>) -> ResponseValue<'a>>;
type ObjectIter<'a> = std::iter::Map<
    CompactDocObjectIter<'a>,
    fn((&'a str, CompactDocValue<'a>)) -> (&'a str, ResponseValue<'a>),
>;

impl<'a> Value<'a> for ResponseValue<'a> {
    type ArrayIter = ArrayIter<'a>;
    type ObjectIter = ObjectIter<'a>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        match self {
            ResponseValue::Tokens(tokens) => {
                ReferenceValue::Leaf(ReferenceValueLeaf::PreTokStr(Box::new((*tokens).clone())))
            }
            ResponseValue::Field(value) => match value.as_value() {
                ReferenceValue::Leaf(leaf) => ReferenceValue::Leaf(leaf),
                ReferenceValue::Array(items) => {
                    ReferenceValue::Array(items.map(ResponseValue::Field as fn(_) -> _))
                }
                ReferenceValue::Object(entries) => {
                    let wrap: fn((&'a str, CompactDocValue<'a>)) -> (&'a str, ResponseValue<'a>) =
                        |(key, value)| (key, ResponseValue::Field(value));
                    ReferenceValue::Object(entries.map(wrap))
                }
            },
        }
    }
}

impl Document for ResponseDocument {
    type Value<'a> = ResponseValue<'a>;
    type FieldsValuesIter<'a> = Box<dyn Iterator<Item = (Field, ResponseValue<'a>)> + 'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        Box::new(
            self.fields
                .iter_fields_and_values()
                .map(|(field, value)| (field, ResponseValue::Field(value)))
                .chain(
                    self.tokens
                        .iter()
                        .map(|(field, tokens)| (*field, ResponseValue::Tokens(tokens))),
                ),
        )
    }
}
