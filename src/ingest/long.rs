//! Long-format exports: one row per answer, with a column naming the question each row answers
//! ("What was good?", "What could we do better?"). Found from the scan-pass profile; the ingest
//! says so, because each row is then a response and a score repeated on a respondent's rows
//! counts once per answer.

use super::columns::profile::Profile;
use super::columns::Roles;
use crate::analysis::header::words;

/// Most questions a question column holds.
const MAX_QUESTIONS: usize = 12;

/// Openings of a question in the eight languages.
const OPENINGS: &[&str] = &[
    "what",
    "how",
    "why",
    "which",
    "please",
    "describe",
    "tell",
    "is",
    "was",
    "did",
    "do",
    "would",
    "anything",
    "any",
    "wie",
    "warum",
    "welche",
    "bitte",
    "beschreiben",
    "que",
    "quoi",
    "comment",
    "pourquoi",
    "quel",
    "quelle",
    "veuillez",
    "qué",
    "cómo",
    "por",
    "cuál",
    "wat",
    "hoe",
    "waarom",
    "welke",
    "como",
    "qual",
    "cosa",
    "come",
    "perché",
    "quale",
    "vad",
    "hur",
    "varför",
    "vilken",
    "beskriv",
];

/// Whether a value reads as a question: it ends with "?" or opens like one.
fn reads_as_question(value: &str) -> bool {
    let value = value.trim();
    value.ends_with('?')
        || words(value).first().is_some_and(|w| {
            OPENINGS.contains(&w.as_str()) && value.split_whitespace().count() >= 3
        })
}

/// The column whose few values are the questions each row answers, beside a comment column, with
/// its questions in first-seen order... or None for a file in wide format.
pub(super) fn question_column(profile: &Profile, roles: &Roles) -> Option<(usize, usize)> {
    if roles.text.is_empty() {
        return None;
    }
    (0..profile.headers.len())
        .filter(|i| !roles.text.contains(i) && Some(*i) != roles.score && Some(*i) != roles.id)
        .find_map(|i| {
            let counts = profile.stats[i].value_counts()?;
            let questions = counts.len();
            let all_questions = counts.keys().all(|v| reads_as_question(v));
            let repeated = counts.values().any(|&n| n >= 2);
            ((2..=MAX_QUESTIONS).contains(&questions) && all_questions && repeated)
                .then_some((i, questions))
        })
}

/// What to tell of a long-format file.
pub(super) fn note(profile: &Profile, column: usize, questions: usize) -> String {
    format!(
        "'{}' names the question each row answers ({questions} questions: the file holds one row per answer): each row is indexed as a response, so a score repeated on a respondent's rows counts once per answer, and the answers to all the questions share one theme list",
        profile.headers[column]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_told_from_choices() {
        for q in [
            "What was good?",
            "How could we do better",
            "Was fehlt Ihnen?",
            "Qu'est-ce qui manque ?",
        ] {
            assert!(reads_as_question(q), "{q}");
        }
        for v in ["Outpatient", "Ward 3", "What", "Very satisfied"] {
            assert!(!reads_as_question(v), "{v}");
        }
    }
}
