//! The compact stored form of a response's analysed words, read back by the theme extractor.
//!
//! Words are separated by spaces; `|` marks a phrase boundary (punctuation, a line break, a new
//! text column) and `/` the start of a new sentence; a prefix gives the class of non-content words: `.` function, `+` degree,
//! `!` negation. Terms never contain these characters, since they come from UAX #29 words.

use crate::analysis::{Word, WordClass};

pub const BOUNDARY: &str = "|";
pub const SENTENCE: &str = "/";
/// Starts the words of an open question after the first: "#1", "#2"...
const QUESTION: char = '#';

/// The mark written before the words of question `q` (from the second question on).
pub fn question_mark(q: u32) -> String {
    format!("{QUESTION}{q}")
}

/// The stored words of one open question (all of them when the response has one question).
pub fn question_part(stored: &str, question: u32) -> &str {
    let mut start = (question == 0).then_some(0);
    let mut at = 0;
    for token in stored.split(' ') {
        let end = at + token.len();
        if let Some(number) = token.strip_prefix(QUESTION) {
            match start {
                Some(s) => return &stored[s..at.saturating_sub(1).max(s)],
                None if number.parse() == Ok(question) => start = Some(end),
                None => {}
            }
        }
        at = end + 1;
    }
    start.map_or("", |s| &stored[s.min(stored.len())..])
}

/// Appends the words of one text column to `out`.
pub fn encode(words: &[Word], out: &mut String) {
    encode_sentences(words, &[], out)
}

/// Appends the words of one text column to `out`, marking where each sentence starts
/// (`sentence_starts`: indexes into `words`, ascending). A new column is a new sentence.
pub fn encode_sentences(words: &[Word], sentence_starts: &[usize], out: &mut String) {
    if !out.is_empty() && !words.is_empty() {
        out.push_str(" /");
    }
    let mut boundary = false;
    let mut starts = sentence_starts.iter().peekable();
    for (i, w) in words.iter().enumerate() {
        let new_sentence = starts.next_if(|&&s| s == i).is_some();
        if new_sentence && i > 0 && !out.is_empty() {
            out.push_str(" /");
        }
        // A mention is an address, not something said: themes see it as a boundary.
        if w.class == WordClass::Mention {
            boundary = true;
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if (w.boundary_before || boundary) && !out.is_empty() && !new_sentence {
            out.push_str("| ");
        }
        boundary = false;
        match w.class {
            WordClass::Content => {}
            // a particle is a function word to themes (analysis::phrasal)
            WordClass::Function | WordClass::Particle => out.push('.'),
            WordClass::Degree => out.push('+'),
            WordClass::Negation => out.push('!'),
            WordClass::Mention => unreachable!("mentions are skipped above"),
        }
        out.push_str(&w.term);
    }
}

/// One stored word: `None` for a boundary.
pub fn decode(stored: &str) -> impl Iterator<Item = Option<(WordClass, &str)>> {
    stored.split(' ').filter(|t| !t.is_empty()).map(|t| {
        if t == BOUNDARY || t == SENTENCE || t.starts_with(QUESTION) {
            return None;
        }
        Some(match t.as_bytes()[0] {
            b'.' => (WordClass::Function, &t[1..]),
            b'+' => (WordClass::Degree, &t[1..]),
            b'!' => (WordClass::Negation, &t[1..]),
            _ => (WordClass::Content, t),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, Language};

    #[test]
    fn questions_are_cut_apart() {
        let stored = format!("a b {} / c {} / d e", question_mark(1), question_mark(2));
        assert_eq!(question_part(&stored, 0), "a b");
        assert_eq!(question_part(&stored, 1), " / c");
        assert_eq!(question_part(&stored, 2), " / d e");
        assert_eq!(question_part(&stored, 3), "");
        assert_eq!(question_part("a b", 0), "a b");
        assert!(decode(&stored).filter(Option::is_none).count() == 4);
    }

    #[test]
    fn round_trips_classes_and_boundaries() {
        let a = Analyzer::new(Language::English);
        let mut stored = String::new();
        encode(&a.analyze("Too expensive, not worth it"), &mut stored);
        encode(&a.analyze("Billing"), &mut stored);
        assert_eq!(stored, "+too expens | !not worth .it / bill");
        let decoded: Vec<_> = decode(&stored).collect();
        assert_eq!(decoded[0], Some((WordClass::Degree, "too")));
        assert_eq!(decoded[2], None);
        assert_eq!(decoded.len(), 8);
    }

    #[test]
    fn sentences_are_marked() {
        let a = Analyzer::new(Language::English);
        let mut stored = String::new();
        let words = a.analyze("Seat broken. Food cold, late");
        encode_sentences(&words, &[0, 2], &mut stored);
        assert_eq!(stored, "seat broken / food cold | late");
    }
}
