//! The tantivy schema: every field name in one place.
//!
//! A response is one document. Comment text is indexed from tokens verbatim analysed itself
//! (pre-tokenised), and the analysed words are also stored compactly in `terms`, so the theme
//! extractor reads each response's phrases without analysing the text again.

use tantivy::schema::{
    Field, IndexRecordOption, JsonObjectOptions, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::TOKENIZER_NAME;

pub const ID: &str = "id";
pub const DAY: &str = "day";
pub const QUARTER: &str = "quarter";
pub const SCORE: &str = "score";
pub const BAND: &str = "band";
pub const HAS_COMMENT: &str = "has_comment";
pub const CUES: &str = "cues";
pub const ID_HASH: &str = "id_hash";
pub const CONTENT: &str = "content";
pub const ANSWERED: &str = "answered";

/// Comment words of open question `q` sit at positions from `q * QUESTION_STRIDE`, so a
/// question's mentions are the postings in its range (longer answers share the range's last
/// position: their words still count, only phrases at the very end blur).
pub const QUESTION_STRIDE: u32 = 1 << 16;
/// Questions past this one share its bit of the `answered` field.
pub const MAX_ANSWERED_BIT: u32 = 63;

/// The `answered` bit of question `q`.
pub fn answered_bit(q: u32) -> u64 {
    1 << q.min(MAX_ANSWERED_BIT)
}

/// Kind bits of a clause span (see [`clause_span`]).
pub const KIND_COMPLAINT: u8 = 1;
pub const KIND_PRAISE: u8 = 2;
pub const KIND_ASK: u8 = 4;
/// Longest clause a span records, in word positions (longer ones are cut there).
const MAX_CLAUSE: u32 = (1 << 16) - 1;

/// A value of the `clauses` field: a clause that complains, praises or asks, from comment
/// position `start` over `len` more positions, with its kind bits.
pub fn clause_span(start: u32, len: u32, kinds: u8) -> u64 {
    (start as u64) << 20 | (len.min(MAX_CLAUSE) as u64) << 4 | (kinds & 0x7) as u64
}

/// The kind bits of the clause spans (values of `clauses`) that hold any of `positions`.
pub fn kinds_at(spans: impl Iterator<Item = u64>, positions: &[u32]) -> u8 {
    let mut kinds = 0;
    for span in spans {
        let start = (span >> 20) as u32;
        let end = start.saturating_add(((span >> 4) & 0xffff) as u32);
        if positions.iter().any(|&p| p >= start && p <= end) {
            kinds |= (span & 0x7) as u8;
        }
    }
    kinds
}

/// Bits of the `cues` field: bit 0 the comment asks for something, bits 1-2 its overall
/// sentiment (`analysis::sentiment::Sentiment::code`), bit 3 [`CUE_KINDS`].
pub const CUE_ASK: u64 = 1;
pub const CUE_SENTIMENT_SHIFT: u32 = 1;
/// Bit 3: a clause complains, praises or asks (the response has `clauses` spans).
pub const CUE_KINDS: u64 = 1 << 3;
pub const CLAUSES: &str = "clauses";
pub const COMMENT: &str = "comment";
pub const TEXT: &str = "text";
pub const TERMS: &str = "terms";
pub const SEGMENTS: &str = "seg";
pub const SOURCE: &str = "source";
pub const ANSWERS: &str = "answers";

/// Band values stored in the `band` field (scale-independent; names are applied on output).
pub const BAND_LOW: &str = "low";
pub const BAND_MIDDLE: &str = "middle";
pub const BAND_HIGH: &str = "high";
pub const BAND_UNSCORED: &str = "unscored";
/// "Don't know" on the FFT: unscored for bands, counted on its own.
pub const BAND_DONT_KNOW: &str = "dont_know";

/// The stored value of a band.
pub fn band_value(band: Option<crate::score::Band>) -> &'static str {
    use crate::score::Band;
    match band {
        Some(Band::Low) => BAND_LOW,
        Some(Band::Middle) => BAND_MIDDLE,
        Some(Band::High) => BAND_HIGH,
        None => BAND_UNSCORED,
    }
}

/// The band of a stored band value; None for unscored.
pub fn band_of_value(value: &str) -> Option<crate::score::Band> {
    use crate::score::Band;
    match value {
        BAND_LOW => Some(Band::Low),
        BAND_MIDDLE => Some(Band::Middle),
        BAND_HIGH => Some(Band::High),
        _ => None,
    }
}

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Response id, exact; updates delete by it.
    pub id: Field,
    /// Date as yyyymmdd (i64), for range filters and sorting.
    pub day: Field,
    /// "2026Q3" or "FY2027Q1".
    pub quarter: Field,
    pub score: Field,
    /// One of the BAND_* values.
    pub band: Field,
    /// 1 when the response has a real comment (not blank, not "n/a").
    pub has_comment: Field,
    /// Bit q (see [`answered_bit`]) set when open question q has a real answer.
    pub answered: Field,
    /// CUE_* bits: the comment asks for something; its overall sentiment.
    pub cues: Field,
    /// One value per clause that complains, praises or asks ([`clause_span`]): a mention's kind is
    /// that of the clauses holding its positions in `comment`.
    pub clauses: Field,
    /// 64-bit hash of the id: a stable order and sample of responses, whatever the segment layout.
    pub id_hash: Field,
    /// 64-bit hash of the cells the response was read from and of how they were read (the
    /// file, the column roles, the scale): a re-ingest that would write the same leaves it be.
    pub content: Field,
    /// Analysed comment words (all text columns), for search. Not stored.
    pub comment: Field,
    /// The comment as written, one value per text column, in mapping order.
    pub text: Field,
    /// Analysed words for themes (see `index::terms`).
    pub terms: Field,
    /// Segment columns as a JSON object {key: value}, exact values.
    pub segments: Field,
    /// "file:line" the response was read from.
    pub source: Field,
    /// The answers of a pivoted long-format response, one per question it answers: a JSON
    /// object {"1": {"id": answer id, "source": "file:line"}} keyed by question number.
    pub answers: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let comment_indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let segment_indexing = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::Basic);
    let fields = Fields {
        id: b.add_text_field(ID, STRING | STORED),
        day: b.add_i64_field(
            DAY,
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        quarter: b.add_text_field(QUARTER, STRING | FAST | STORED),
        score: b.add_f64_field(SCORE, FAST | STORED),
        band: b.add_text_field(BAND, STRING | FAST | STORED),
        has_comment: b.add_u64_field(HAS_COMMENT, FAST | INDEXED),
        cues: b.add_u64_field(CUES, FAST),
        answered: b.add_u64_field(ANSWERED, FAST),
        clauses: b.add_u64_field(CLAUSES, FAST),
        id_hash: b.add_u64_field(ID_HASH, FAST),
        content: b.add_u64_field(CONTENT, FAST),
        comment: b.add_text_field(
            COMMENT,
            TextOptions::default().set_indexing_options(comment_indexing),
        ),
        text: b.add_text_field(TEXT, STORED),
        terms: b.add_text_field(TERMS, STORED),
        segments: b.add_json_field(
            SEGMENTS,
            JsonObjectOptions::default()
                .set_stored()
                .set_indexing_options(segment_indexing)
                .set_fast(None),
        ),
        source: b.add_text_field(SOURCE, STORED),
        answers: b.add_json_field(ANSWERS, JsonObjectOptions::default().set_stored()),
    };
    (b.build(), fields)
}

impl Fields {
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name| schema.get_field(name);
        Ok(Fields {
            id: f(ID)?,
            day: f(DAY)?,
            quarter: f(QUARTER)?,
            score: f(SCORE)?,
            band: f(BAND)?,
            has_comment: f(HAS_COMMENT)?,
            cues: f(CUES)?,
            answered: f(ANSWERED)?,
            clauses: f(CLAUSES)?,
            id_hash: f(ID_HASH)?,
            content: f(CONTENT)?,
            comment: f(COMMENT)?,
            text: f(TEXT)?,
            terms: f(TERMS)?,
            segments: f(SEGMENTS)?,
            source: f(SOURCE)?,
            answers: f(ANSWERS)?,
        })
    }
}

/// Fast-field path of a segment column, e.g. "seg.plan".
pub fn segment_path(key: &str) -> String {
    format!("{SEGMENTS}.{key}")
}
