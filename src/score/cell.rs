//! Reading one score cell: a number ("7", "8,0"), a choice label with its number ("10 -
//! Extremely likely", "Very satisfied (5)"), a label alone ("Very good"), or a non-answer ("N/A",
//! "Don't know").

/// What a score cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreCell<'a> {
    /// A number written alone.
    Number(f64),
    /// A number inside its choice label, with the label: "10 - Extremely likely".
    Labelled(f64, &'a str),
    /// A few words of letters and no number: a choice label such as "Very good", or a word.
    Label(&'a str),
    /// Blank, or an answer that declines to score: "N/A", "Don't know", "Prefer not to say", "-".
    NonAnswer,
    /// Anything else: a bad score.
    NotANumber,
}

impl ScoreCell<'_> {
    /// The number, written alone or inside its label.
    pub fn number(&self) -> Option<f64> {
        match *self {
            ScoreCell::Number(v) | ScoreCell::Labelled(v, _) => Some(v),
            _ => None,
        }
    }
}

/// Reads a score cell: a number ("7", "8,0"), a choice label with its number ("10 - Extremely
/// likely", "5 = Very satisfied", "Very satisfied (5)", "Extremely likely - 10"), a label alone,
/// or a non-answer.
pub fn read_score_cell(cell: &str) -> ScoreCell<'_> {
    let cell = cell.trim();
    if let Some(v) = parse_number(cell) {
        return ScoreCell::Number(v);
    }
    // A choice label is a few words: a comment is none of these, and is not scanned for one.
    if cell.len() > LONGEST_LABEL {
        return if is_score_non_answer(cell) {
            ScoreCell::NonAnswer
        } else {
            ScoreCell::NotANumber
        };
    }
    if let Some((v, label)) = labelled_number(cell) {
        return ScoreCell::Labelled(v, label);
    }
    if is_score_non_answer(cell) {
        ScoreCell::NonAnswer
    } else if is_label(cell) {
        ScoreCell::Label(cell)
    } else {
        ScoreCell::NotANumber
    }
}

/// Bytes of the longest choice label with its number ("3 - Neither agree nor disagree", in
/// any of the bundled languages), with room to spare.
const LONGEST_LABEL: usize = 96;

/// Bytes of the longest listed non-answer with room for brackets and dots around it.
const LONGEST_NON_ANSWER: usize = 64;

/// Answers that decline to give a score (compared as [`normalised`]), beside [`DONT_KNOW`].
const SCORE_NON_ANSWERS: &[&str] = &[
    "n/a",
    "na",
    "n.a",
    "#n/a",
    "not applicable",
    "none",
    "null",
    "nil",
    "no idea",
    "can't say",
    "cannot say",
    "can't rate",
    "prefer not to say",
    "prefer not to answer",
    "rather not say",
    "would rather not say",
    "declined",
    "declined to answer",
    "refused",
    "no answer",
    "not answered",
    "no response",
    "no opinion",
    "no rating",
    "no score",
    "skip",
    "skipped",
    "unknown",
];

/// Whether a score cell declines to score: blank, only punctuation ("-", "?", "--"), or one of
/// the usual phrases.
pub fn is_score_non_answer(cell: &str) -> bool {
    let cell = cell.trim();
    // Every listed phrase is short; a comment in a score column is not one of them.
    if cell.len() > LONGEST_NON_ANSWER {
        return !cell.chars().any(char::is_alphanumeric);
    }
    let t = normalised(cell);
    t.chars().all(|c| !c.is_alphanumeric())
        || SCORE_NON_ANSWERS.contains(&t.as_str())
        || SCORE_NON_ANSWERS.contains(&t.replace('_', " ").as_str())
        || DONT_KNOW.contains(&t.as_str())
}

/// "Don't know" and its kin in the bundled languages: an answer the FFT counts on its own.
const DONT_KNOW: &[&str] = &[
    "don't know",
    "dont know",
    "do not know",
    "i don't know",
    "i dont know",
    "dk",
    "not sure",
    "unsure",
    "weiß nicht",
    "weiss nicht",
    "ich weiß nicht",
    "je ne sais pas",
    "ne sais pas",
    "ne sait pas",
    "no sé",
    "no lo sé",
    "no sabe",
    "weet niet",
    "weet ik niet",
    "não sei",
    "non so",
    "non lo so",
    "vet ej",
    "vet inte",
];

/// Whether a cell answers "Don't know".
pub fn is_dont_know(cell: &str) -> bool {
    DONT_KNOW.contains(&normalised(cell.trim()).as_str())
}

/// A cell as the lists write it: lower-case, without final dots or surrounding brackets, with
/// straight apostrophes.
fn normalised(cell: &str) -> String {
    cell.trim_matches(['(', ')', '[', ']'])
        .trim_end_matches('.')
        .trim()
        .to_lowercase()
        .replace(['\u{2019}', '`'], "'")
}

/// The number of a choice label and the label: "10 - Extremely likely", "0 = Not at all likely",
/// "5: Very satisfied", "Very satisfied (5)", "Extremely likely - 10". The label is a few words
/// of letters; a sentence with a number in it ("3 - slow, then fine") is not a label.
fn labelled_number(cell: &str) -> Option<(f64, &str)> {
    const SEPARATORS: [char; 6] = ['-', '\u{2013}', '\u{2014}', '=', ':', ')'];
    // The number first.
    let digits_end = cell
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-') || c == '.'))
        .map_or(cell.len(), |(i, _)| i);
    if digits_end > 0 {
        let (number, rest) = cell.split_at(digits_end);
        let rest = rest.trim_start();
        if let Some(label) = rest.strip_prefix(SEPARATORS) {
            let label = label.trim();
            if is_label(label) {
                return parse_number(number.trim_end_matches('.')).map(|v| (v, label));
            }
        }
    }
    // The number last: "Very satisfied (5)", "Extremely likely - 10".
    if let Some(inner) = cell.strip_suffix(')') {
        let (label, number) = inner.rsplit_once('(')?;
        let label = label.trim();
        return is_label(label)
            .then(|| parse_number(number))
            .flatten()
            .map(|v| (v, label));
    }
    let start = cell.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| {
        i + cell[i..].chars().next().map_or(1, char::len_utf8)
    });
    let (label, number) = cell.split_at(start);
    let label = label.trim_end().strip_suffix(SEPARATORS)?.trim();
    (!number.is_empty() && is_label(label))
        .then(|| parse_number(number))
        .flatten()
        .map(|v| (v, label))
}

/// A choice label: one to six words of letters (apostrophes, hyphens and slashes inside).
fn is_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '\u{2019}' | '-' | '/'))
}

/// A number as survey tools write it: "7", "7.0", " 9 ", "8,0" (decimal comma).
pub fn parse_number(cell: &str) -> Option<f64> {
    let cell = cell.trim();
    let value: f64 = cell
        .parse()
        .ok()
        .or_else(|| cell.replace(',', ".").parse().ok())?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_labels_read_as_their_number() {
        for (cell, n) in [
            ("10 - Extremely likely", 10),
            ("0 - Not at all likely", 0),
            ("5 = Very satisfied", 5),
            ("Very satisfied (5)", 5),
            ("Extremely likely - 10", 10),
            ("4: Satisfied", 4),
            ("3 \u{2013} Neither satisfied nor dissatisfied", 3),
            (" 9 ", 9),
        ] {
            assert_eq!(read_score_cell(cell).number(), Some(n as f64), "{cell}");
        }
        assert_eq!(
            read_score_cell("1 - Very good"),
            ScoreCell::Labelled(1.0, "Very good")
        );
        assert_eq!(
            read_score_cell("Very poor (5)"),
            ScoreCell::Labelled(5.0, "Very poor")
        );
        assert_eq!(read_score_cell("Very good"), ScoreCell::Label("Very good"));
        // A sentence with a number in it is not a label.
        for cell in ["3 - slow, then fine", "10 out of 10!", "5 stars"] {
            assert_eq!(read_score_cell(cell), ScoreCell::NotANumber, "{cell}");
        }
    }

    #[test]
    fn non_answers_are_read_as_such() {
        for cell in [
            "",
            "N/A",
            "n/a.",
            "Don't know",
            "Don\u{2019}t know",
            "Prefer not to say",
            "-",
            "--",
            "(skipped)",
            "Not applicable",
        ] {
            assert_eq!(read_score_cell(cell), ScoreCell::NonAnswer, "{cell}");
        }
        assert_eq!(read_score_cell("maybe"), ScoreCell::Label("maybe"));
    }
}
