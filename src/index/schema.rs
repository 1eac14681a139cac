//! The tantivy schema: every field name in one place.
//!
//! A response is one document. Comment text is indexed from tokens verbatim analysed itself
//! (pre-tokenised), and the analysed words are also stored compactly in `terms`, so the theme
//! extractor reads each response's phrases without analysing the text again.

use tantivy::schema::{
    Field, IndexRecordOption, JsonObjectOptions, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::slant::Slant;
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
/// A span's polarity is kept in hundredths, in 12 bits with this offset (-20.48..20.47).
const POLARITY_OFFSET: i32 = 1 << 11;
/// A name's share of its clause's polarity is kept in thousandths, in 12 bits (up to 4.095).
const SHARE_MAX: u32 = (1 << 12) - 1;
/// Bits of a term's key in a [`name_value`].
const TERM_KEY_BITS: u32 = 20;

/// A value of the `clauses` field: a clause from comment position `start` over `len` more
/// positions, with its polarity and kind bits; kept for a clause that complains, praises or
/// asks, or that holds a word which may be a name ([`name_value`]).
pub fn clause_span(start: u32, len: u32, polarity: f32, kinds: u8) -> u64 {
    let polarity = ((polarity * 100.0).round() as i32 + POLARITY_OFFSET).clamp(0, 0xfff);
    (start as u64) << 32
        | (len.min(MAX_CLAUSE) as u64) << 16
        | (polarity as u64) << 4
        | (kinds & 0x7) as u64
}

/// The `answers` object of a stored response (question number -> answer id and source), empty
/// where it has none.
pub fn stored_answers(
    doc: &tantivy::TantivyDocument,
    fields: &Fields,
) -> serde_json::Map<String, serde_json::Value> {
    match doc
        .get_first(fields.answers)
        .map(|v| serde_json::to_value(tantivy::schema::OwnedValue::from(v)))
    {
        Some(Ok(serde_json::Value::Object(map))) => map,
        _ => serde_json::Map::new(),
    }
}

/// The first and last comment positions of a [`clause_span`].
pub fn span_positions(span: u64) -> (u32, u32) {
    let start = (span >> 32) as u32;
    (start, start.saturating_add(((span >> 16) & 0xffff) as u32))
}

/// A value of the `names` field: a word at comment `position` whose positive share of its
/// clause's polarity may be a subject's name rather than an opinion ("help" in "help desk",
/// `analysis::sentiment::Clause::names`), with the key of its term ([`term_key`]).
pub fn name_value(position: u32, term: &str, share: f32) -> u64 {
    let share = ((share * 1000.0).round() as u32).min(SHARE_MAX);
    (position as u64) << 32 | (term_key(term) as u64) << 12 | share as u64
}

/// A term's key in [`name_value`]: 20 bits of its FNV-1a hash (two terms of one clause share a
/// key about once in a million).
pub fn term_key(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    (h ^ h >> TERM_KEY_BITS) & ((1 << TERM_KEY_BITS) - 1)
}

/// The terms whose words carry no polarity for theme mentions: a bit per [`term_key`].
pub struct NameKeys {
    bits: Vec<u64>,
    /// Each open question's slant: a clause read without its named words takes its kind as at
    /// ingest, by the slant of the question it answers.
    slants: Vec<Slant>,
}

impl NameKeys {
    pub fn new<'a>(terms: impl Iterator<Item = &'a str>) -> NameKeys {
        let mut bits = vec![0u64; (1 << TERM_KEY_BITS) / 64];
        for t in terms {
            let k = term_key(t) as usize;
            bits[k / 64] |= 1 << (k % 64);
        }
        NameKeys {
            bits,
            slants: Vec::new(),
        }
    }

    /// The same keys, for an index whose open questions have these slants.
    pub fn with_slants(self, slants: Vec<Slant>) -> NameKeys {
        NameKeys { slants, ..self }
    }

    /// The slant of the question whose positions hold `position`.
    fn slant_at(&self, position: u32) -> Slant {
        let question = (position / QUESTION_STRIDE) as usize;
        self.slants.get(question).copied().unwrap_or_default()
    }
    /// Whether `term` is one of them (or shares its key).
    pub fn holds_term(&self, term: &str) -> bool {
        self.holds(term_key(term))
    }
    fn holds(&self, key: u32) -> bool {
        self.bits[key as usize / 64] >> (key % 64) & 1 != 0
    }
}

/// The kind bits of the clause spans (values of `clauses`) that hold any of `positions`, as
/// stored at ingest.
pub fn kinds_at(spans: impl Iterator<Item = u64>, positions: &[u32]) -> u8 {
    spans
        .filter(|&span| {
            let (start, end) = span_positions(span);
            positions.iter().any(|&p| p >= start && p <= end)
        })
        .fold(0, |kinds, span| kinds | (span & 0x7) as u8)
}

/// The kind bits of one clause span read without the words of `names` (values of the `names`
/// field of the same response) whose term is in `named` (its stored bits where it holds none):
/// "Support takes 72 hours to respond, ironic for a help desk" is no praise of the help desk for
/// its "help" and "support".
pub fn span_kinds_without(span: u64, names: &[u64], named: &NameKeys) -> u8 {
    let (start, end) = span_positions(span);
    let stored = (span & 0x7) as u8;
    let discount: u32 = names
        .iter()
        .filter(|&&n| (start..=end).contains(&((n >> 32) as u32)))
        .filter(|&&n| named.holds((n >> 12) as u32 & ((1 << TERM_KEY_BITS) - 1)))
        .map(|&n| (n & SHARE_MAX as u64) as u32)
        .sum();
    if discount == 0 {
        return stored;
    }
    let polarity = ((span >> 4) & 0xfff) as i32 - POLARITY_OFFSET;
    let left = polarity as f32 / 100.0 - discount as f32 / 1000.0;
    let (complaint, praise, ask) =
        named
            .slant_at(start)
            .kinds_of(left, 0.0, stored & KIND_ASK != 0);
    complaint as u8 * KIND_COMPLAINT | praise as u8 * KIND_PRAISE | ask as u8 * KIND_ASK
}

/// Bits of the `cues` field: bit 0 the comment asks for something, bits 1-2 its overall
/// sentiment (`analysis::sentiment::Sentiment::code`), bit 3 [`CUE_KINDS`].
pub const CUE_ASK: u64 = 1;
pub const CUE_SENTIMENT_SHIFT: u32 = 1;
/// Bit 3: the response has `clauses` spans (a clause complains, praises or asks, or holds a
/// word that may be a name).
pub const CUE_KINDS: u64 = 1 << 3;
pub const CLAUSES: &str = "clauses";
pub const NAMES: &str = "names";
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
    /// One value per clause that complains, praises or asks, or holds a word that may be a name
    /// ([`clause_span`]): a mention's kind is that of the clauses holding its positions in
    /// `comment`, read without the words that name a theme.
    pub clauses: Field,
    /// One value per word that may be a name rather than an opinion ([`name_value`]).
    pub names: Field,
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
        names: b.add_u64_field(NAMES, FAST),
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
            names: f(NAMES)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A praising clause whose praise is a theme's own words reads as what is left: a complaint
    /// here; without those words named (or without names), the kind stored at ingest.
    #[test]
    fn a_clause_is_read_without_the_named_words() {
        // Positions 10-20, polarity 0.35 (praise): "support" at 10 and "help" at 18 give 0.425
        // each, an unnamed word the rest (-0.5).
        let span = clause_span(10, 10, 0.35, KIND_PRAISE | KIND_ASK);
        let names = [
            name_value(10, "support", 0.425),
            name_value(18, "help", 0.425),
        ];
        let both = NameKeys::new(["support", "help"].into_iter());
        let help = NameKeys::new(["help"].into_iter());
        let none = NameKeys::new(std::iter::empty());
        let kinds = |named: &NameKeys, at: u32| match kinds_at([span].into_iter(), &[at]) {
            0 => 0,
            _ => span_kinds_without(span, &names, named),
        };
        assert_eq!(kinds(&both, 19), KIND_COMPLAINT | KIND_ASK);
        assert_eq!(kinds(&help, 19), KIND_ASK, "0.35 - 0.425 is neither");
        assert_eq!(kinds(&none, 19), KIND_PRAISE | KIND_ASK);
        assert_eq!(kinds(&both, 21), 0, "outside the clause");
        assert_eq!(kinds_at([span].into_iter(), &[12]), KIND_PRAISE | KIND_ASK);
        assert!(both.holds_term("help") && !both.holds_term("desk"));
    }
}
