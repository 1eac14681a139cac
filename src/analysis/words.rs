//! Word segmentation (UAX #29) with the clean-ups survey text needs: contractions split so that
//! "don't" yields a negation, possessives dropped, French/Italian elisions removed, emoji kept as
//! words, and phrase boundaries marked wherever punctuation or a line break separates two words.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Language;

/// Calls `emit(start, end, lowered, boundary_before)` for each word of `text`, in order.
pub(super) fn split(text: &str, lang: Language, emit: &mut dyn FnMut(usize, usize, &str, bool)) {
    let text = repaired(lang, text);
    let text = text.as_ref();
    let mut boundary = false;
    let mut seen_word = false;
    let mut gap = String::new();
    let mut lowered = String::new();
    let mut origin: Vec<usize> = Vec::new();
    let mut urls = url_ranges(text);
    urls.extend(entity_ranges(text));
    // Most survey text is ASCII, where the UAX #29 rules reduce to a byte scan.
    let segments: Box<dyn Iterator<Item = (usize, &str)>> = if text.is_ascii() {
        Box::new(AsciiWordBounds { text, at: 0 })
    } else {
        Box::new(text.split_word_bound_indices())
    };
    for (start, segment) in segments {
        if urls.iter().any(|r| r.contains(&start)) {
            boundary |= seen_word;
            gap.clear();
            continue;
        }
        let is_word = segment.chars().any(char::is_alphanumeric);
        if !is_word && !is_emoji(segment) {
            gap.push_str(segment);
            continue;
        }
        if seen_word && !gap.is_empty() && gap_is_boundary(&gap) {
            boundary = true;
        }
        gap.clear();
        seen_word = true;
        if !is_word {
            let term: String = segment.chars().filter(|c| !is_emoji_modifier(*c)).collect();
            emit(start, start + segment.len(), &term, boundary);
            boundary = false;
            continue;
        }
        lowered.clear();
        origin.clear();
        if segment.is_ascii() {
            lowered.push_str(segment);
            lowered.make_ascii_lowercase();
            origin.extend(0..segment.len());
            split_word(start, segment, &lowered, &origin, lang, &mut |s, e, w| {
                emit(s, e, w, boundary);
                boundary = false;
            });
            continue;
        }
        // Only capital sigma lower-cases by context (ς at a word's end): take it from the whole
        // word's lower-casing, and every other character on its own, so offsets stay exact.
        let whole: Vec<char> = if segment.contains('Σ') {
            segment.to_lowercase().chars().collect()
        } else {
            Vec::new()
        };
        let mut k = 0;
        for (at, c) in segment.char_indices() {
            match c {
                '\u{2019}' | '\u{02BC}' | '\u{2018}' => lowered.push('\''),
                c if c.is_ascii() => lowered.push(c.to_ascii_lowercase()),
                'Σ' => lowered.push(whole.get(k).copied().unwrap_or('σ')),
                c => lowered.extend(c.to_lowercase()),
            }
            k += if c == 'Σ' {
                1
            } else {
                c.to_lowercase().count()
            };
            // Lower-casing can lengthen a character ("İ"): remember where each byte came from.
            origin.resize(lowered.len(), at);
        }
        split_word(start, segment, &lowered, &origin, lang, &mut |s, e, w| {
            emit(s, e, w, boundary);
            boundary = false;
        });
    }
}

/// The replacement character: what a character becomes when an export was decoded with the
/// wrong encoding before it reached verbatim ("don\u{FFFD}t", "I\u{FFFD}ve", "\u{FFFD}50").
const LOST: char = '\u{FFFD}';

/// `text` as English words read it: [`lost_apostrophes`] repaired; other languages as written
/// (there a lost character is as likely a lost letter, "caf\u{FFFD}").
pub(crate) fn repaired(lang: Language, text: &str) -> Cow<'_, str> {
    if lang == Language::English {
        lost_apostrophes(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with each [`LOST`] character between two letters read as the apostrophe it almost
/// always was in English ("don\u{FFFD}t" is "don’t", a negation). The curly apostrophe is as
/// long in UTF-8 as the replacement character, so every offset into `text` stays valid.
pub(crate) fn lost_apostrophes(text: &str) -> Cow<'_, str> {
    if !text.contains(LOST) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .map(|i| {
            let letter = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(|c| c.is_alphabetic())
            };
            if chars[i] == LOST && letter(i.checked_sub(1)) && letter(Some(i + 1)) {
                '\u{2019}'
            } else {
                chars[i]
            }
        })
        .collect::<String>()
        .into()
}

/// The word-boundary classes of UAX #29 that ASCII characters have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordBreak {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    /// "_"
    ExtendNumLet,
    /// ":"
    MidLetter,
    /// "," and ";"
    MidNum,
    /// "." and "'" (Single_Quote behaves the same between letters and between digits)
    MidNumLetQ,
    Other,
}

fn word_break(b: u8) -> WordBreak {
    use WordBreak::*;
    match b {
        b'\r' => Cr,
        b'\n' => Lf,
        0x0B | 0x0C => Newline,
        b' ' => Space,
        b'a'..=b'z' | b'A'..=b'Z' => Letter,
        b'0'..=b'9' => Numeric,
        b'_' => ExtendNumLet,
        b':' => MidLetter,
        b',' | b';' => MidNum,
        b'.' | b'\'' => MidNumLetQ,
        _ => Other,
    }
}

/// UAX #29 word boundaries of ASCII text, the same segments as `split_word_bound_indices`
/// (checked against it by a property test) without the Unicode table lookups.
struct AsciiWordBounds<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWordBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        use WordBreak::*;
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        let class = |i: usize| bytes.get(i).map(|&b| word_break(b));
        let mut end = start + 1;
        while end < bytes.len() {
            let (before, here) = (word_break(bytes[end - 1]), word_break(bytes[end]));
            let joined = match (before, here) {
                (Cr, Lf) | (Space, Space) => true,
                (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
                (Letter | Numeric, Letter | Numeric) => true,
                (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
                (ExtendNumLet, Letter | Numeric) => true,
                // A letter, a mid-word mark and a letter ("can't", "e.g"); a digit, a mid-number
                // mark and a digit ("3.5", "1,000").
                (Letter, MidLetter | MidNumLetQ) => class(end + 1) == Some(Letter),
                (Numeric, MidNum | MidNumLetQ) => class(end + 1) == Some(Numeric),
                (MidLetter | MidNumLetQ, Letter) => end >= 2 && class(end - 2) == Some(Letter),
                (MidNum | MidNumLetQ, Numeric) => end >= 2 && class(end - 2) == Some(Numeric),
                _ => false,
            };
            if !joined {
                break;
            }
            end += 1;
        }
        self.at = end;
        Some((start, &self.text[start..end]))
    }
}

/// Handles apostrophes inside one UAX #29 word. `lowered` is `segment` lower-cased with
/// apostrophes normalised to `'`; offsets are mapped back onto `segment`.
fn split_word(
    start: usize,
    segment: &str,
    lowered: &str,
    origin: &[usize],
    lang: Language,
    emit: &mut dyn FnMut(usize, usize, &str),
) {
    // Lower-casing can change byte lengths, so offsets into `segment` are found by char count.
    let byte_at = |lowered_byte: usize| -> usize {
        origin.get(lowered_byte).copied().unwrap_or(segment.len())
    };
    let end = start + segment.len();
    if lang == Language::English {
        if let Some(base) = lowered.strip_suffix("n't") {
            let base = match base {
                "ca" => "can",
                "wo" => "will",
                "sha" => "shall",
                "ai" => "is",
                b => b,
            };
            let cut = start + byte_at(lowered.len() - 3);
            if !base.is_empty() {
                emit(start, cut, base);
            }
            emit(cut, end, "not");
            return;
        }
        if let Some(base) = glued_negation(lowered) {
            let cut = start + byte_at(lowered.len() - 1) - 1;
            emit(start, cut, base);
            emit(cut, end, "not");
            return;
        }
        if let Some(i) = lowered.rfind('\'') {
            if matches!(&lowered[i + 1..], "s" | "re" | "ve" | "ll" | "d" | "m") {
                emit(start, start + byte_at(i), &lowered[..i]);
                return;
            }
        }
    }
    if matches!(lang, Language::French | Language::Italian) {
        if let Some(i) = lowered.find('\'') {
            let prefix_chars = lowered[..i].chars().count();
            if (1..=5).contains(&prefix_chars) && i + 1 < lowered.len() {
                let rest = &lowered[i + 1..];
                return emit(start + byte_at(i + 1), end, &rest.replace('\'', ""));
            }
        }
    }
    if lowered.contains('\'') {
        emit(start, end, &lowered.replace('\'', ""));
    } else {
        emit(start, end, lowered);
    }
}

/// "dont", "cant", "didnt": contractions typed without the apostrophe, common in tweets.
pub(super) fn glued_negation(word: &str) -> Option<&'static str> {
    Some(match word {
        "dont" => "do",
        "doesnt" => "does",
        "didnt" => "did",
        "cant" => "can",
        "wont" => "will",
        "isnt" => "is",
        "wasnt" => "was",
        "arent" => "are",
        "werent" => "were",
        "couldnt" => "could",
        "shouldnt" => "should",
        "wouldnt" => "would",
        "havent" => "have",
        "hasnt" => "has",
        "hadnt" => "had",
        _ => return None,
    })
}

/// Byte ranges of web addresses, which are skipped: "http", "t.co" and hashes are not words.
fn url_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // ASCII lower-casing keeps every byte offset.
    let text = &text.to_ascii_lowercase();
    if !text.contains("http") && !text.contains("www.") {
        return ranges;
    }
    let mut from = 0;
    while let Some(i) = ["http://", "https://", "www."]
        .iter()
        .filter_map(|p| text[from..].find(p))
        .min()
    {
        let start = from + i;
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |e| start + e);
        ranges.push(start..end);
        from = end;
    }
    ranges
}

/// Byte ranges of HTML character references ("&amp;", "&#39;"), left in scraped and exported
/// text: markup, not words.
fn entity_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('&') {
        let start = from + i;
        let name_end = bytes[start + 1..]
            .iter()
            .take(10)
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'#'))
            .map(|n| start + 1 + n);
        match name_end {
            Some(end) if end > start + 1 && bytes[end] == b';' => {
                ranges.push(start..end + 1);
                from = end + 1;
            }
            _ => from = start + 1,
        }
    }
    ranges
}

/// Whether the text between two words separates them into different phrases.
fn gap_is_boundary(gap: &str) -> bool {
    if matches!(
        gap,
        "-" | "\u{2010}" | "/" | "'" | "\u{2019}" | "&" | "+" | "_"
    ) {
        return false;
    }
    !gap.chars()
        .all(|c| c.is_whitespace() && c != '\n' && c != '\r')
}

fn is_emoji(segment: &str) -> bool {
    segment.chars().any(|c| {
        matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50..=0x2B55 | 0x1FC00..=0x1FFFD)
    })
}

/// Variation selectors, skin tones and joiners: "👍🏽" counts as "👍".
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0E | 0xFE0F | 0x1F3FB..=0x1F3FF | 0x200D)
}

/// Byte ranges of the sentences of `text`, trimmed of white space. A sentence ends at a line
/// break, or at ".", "!", "?" or "…" (with any closing quotes or brackets) followed by white
/// space, unless the word before the full stop is an abbreviation ("e.g.", "approx.", "Mr.").
/// Survey answers often start a sentence in lower case ("excellent. we use it daily"), so case
/// is not asked; a scan of the bytes is also many times faster than UAX #29 sentence rules.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    split_sentences(text, false)
}

/// [`sentences`] for reading a sentence alone (a theme's quote): a single lower-case letter, or
/// a capital after a number, before a full stop ends a sentence too ("seats 1 a and 1 c.
/// Afternoon tea..."). The stored sentence marks keep [`sentences`] (an index's themes do not
/// move with a reader's change).
pub fn quote_sentences(text: &str) -> Vec<Range<usize>> {
    split_sentences(text, true)
}

fn split_sentences(text: &str, letters_end: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            push_trimmed(&mut out, start, &text[start..i]);
            start = i + 1;
            i += 1;
            continue;
        }
        let ender = match b {
            b'.' | b'!' | b'?' => 1,
            // "…" and the full-width "。！？" end sentences too.
            0xE2 if text[i..].starts_with('\u{2026}') => 3,
            0xE3 if text[i..].starts_with('\u{3002}') => 3,
            0xEF if text[i..].starts_with('\u{FF01}') || text[i..].starts_with('\u{FF1F}') => 3,
            _ => 0,
        };
        if ender == 0 {
            i += 1;
            continue;
        }
        let mut end = i + ender;
        while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
            end += 1;
        }
        while end < bytes.len() {
            let rest = &text[end..];
            let closer = rest.chars().next().filter(|c| {
                matches!(
                    c,
                    '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{00BB}'
                )
            });
            match closer {
                Some(c) => end += c.len_utf8(),
                None => break,
            }
        }
        let at_space = end >= bytes.len() || text[end..].starts_with(char::is_whitespace);
        if at_space
            && !(b == b'.'
                && ender == 1
                && end == i + 1
                && is_abbreviation(&text[start..i], letters_end))
        {
            push_trimmed(&mut out, start, &text[start..end]);
            start = end;
        }
        i = end.max(i + 1);
    }
    push_trimmed(&mut out, start, &text[start..]);
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, start: usize, s: &str) {
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

/// Whether the text before a full stop ends in an abbreviation: one letter ("e.g", "U.S"; with
/// `letters_end`, only one of a dotted run or an initial: "J. Smith", upper case, not after a
/// number, so "seats 1 a and 1 C." end a sentence), or a common short form.
fn is_abbreviation(before: &str, letters_end: bool) -> bool {
    const SHORT_FORMS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "vs", "etc", "approx", "incl", "dept", "min", "max", "nr",
        "no", "jr", "sr", "inc", "ltd", "co", "corp",
    ];
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let chars = word.chars().count();
    let rest = before[..before.len() - word.len()].trim_end_matches(' ');
    let letter = chars == 1 && word.chars().all(char::is_alphabetic);
    let dotted = before[..before.len() - word.len()].ends_with('.');
    let initial =
        word.chars().all(char::is_uppercase) && !rest.ends_with(|c: char| c.is_ascii_digit());
    letter && (dotted || initial || !letters_end)
        || SHORT_FORMS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn ascii_word_bounds_are_uax29(text in "[aZ9_:,;.' \t\r\n\x0b\x0c#@&/-]{0,40}") {
            let fast: Vec<(usize, &str)> = AsciiWordBounds { text: &text, at: 0 }.collect();
            let uax: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            proptest::prop_assert_eq!(fast, uax);
        }
    }

    #[test]
    fn ascii_word_bounds_of_survey_text() {
        for text in [
            "I can't log in.  Version 3.5, 1,000 users; e.g. the A:B test_run ok\r\nNext",
            "50% off... 'quoted' a.b.c 1.2.3 a1.b2 x_1 _a 3:30pm",
        ] {
            let fast: Vec<(usize, &str)> = AsciiWordBounds { text, at: 0 }.collect();
            let uax: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            assert_eq!(fast, uax);
        }
    }

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        split(text, Language::English, &mut |s, e, w, b| {
            assert!(
                s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
            );
            out.push((w.to_string(), b));
        });
        out
    }

    #[test]
    fn splits_negated_contractions_with_offsets() {
        let text = "We DON’T care";
        let mut spans = Vec::new();
        split(text, Language::English, &mut |s, e, w, _| {
            spans.push((&text[s..e], w.to_string()))
        });
        assert_eq!(spans[1], ("DO", "do".to_string()));
        assert_eq!(spans[2], ("N’T", "not".to_string()));
    }

    #[test]
    fn line_breaks_and_punctuation_are_boundaries() {
        let w = words("slow support\nbilling wrong; refund (late)");
        let b: Vec<_> = w.iter().map(|(_, b)| *b).collect();
        assert_eq!(b, [false, false, true, false, true, true]);
    }

    #[test]
    fn html_entities_are_not_words() {
        let w: Vec<String> = words("bags &amp; seats, it&#39;s late")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(w, ["bags", "seats", "it", "s", "late"]);
    }

    #[test]
    fn emoji_modifiers_fold() {
        assert_eq!(words("👍🏽 ok")[0].0, "👍");
    }

    #[test]
    fn lower_case_after_a_full_stop_starts_a_sentence() {
        let text = "excellent. we use it daily. Costs approx. ten dollars, e.g. per seat";
        let s: Vec<_> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            s,
            [
                "excellent.",
                "we use it daily.",
                "Costs approx. ten dollars, e.g. per seat"
            ]
        );
    }

    #[test]
    fn a_letter_after_a_number_ends_a_sentence() {
        let text = "We sat in seats 1 a and 1 c. Afternoon tea was fine. Met J. Smith, U.S. crew.";
        let s: Vec<_> = quote_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            s,
            [
                "We sat in seats 1 a and 1 c.",
                "Afternoon tea was fine.",
                "Met J. Smith, U.S. crew."
            ]
        );
    }

    #[test]
    fn sentences_are_trimmed_ranges() {
        let text = "Support was slow.  Billing was wrong! Fine";
        let s: Vec<_> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(s, ["Support was slow.", "Billing was wrong!", "Fine"]);
    }

    #[test]
    fn french_elisions_drop_the_article() {
        let mut out = Vec::new();
        split("l'appli d’abord", Language::French, &mut |_, _, w, _| {
            out.push(w.to_string())
        });
        assert_eq!(out, ["appli", "abord"]);
    }
}
