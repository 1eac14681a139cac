//! Long-format exports: one row per answer, with a column naming the question each row answers
//! ("What was good?", "What could we do better?"). Found from the scan-pass profile; the ingest
//! says so, because each row is then a response and a score repeated on a respondent's rows
//! counts once per answer.

use super::columns::profile::Profile;
use super::columns::Roles;
use super::pivot::{self, Columns, Pivot};
use super::scan::Scan;
use super::source::Source;
use super::Observer;
use crate::analysis::header::words;
use crate::error::{Error, Result};
use crate::index::{ColumnMapping, IndexMeta};

/// The user's `--respondent-col`, `--question-col` and `--no-pivot`.
#[derive(Debug, Clone, Default)]
pub struct PivotOptions {
    pub respondent: Option<String>,
    pub question: Option<String>,
    pub off: bool,
}

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
        "'{}' names the question each row answers ({questions} questions: the file holds one row per answer): each row is indexed as a response, so a score repeated on a respondent's rows counts once per answer, and the answers to all the questions share one theme list; no column names the respondent (name it with --respondent-col to make one response per respondent)",
        profile.headers[column]
    )
}

/// The stored mapping as a file's columns: for a pivoted index, its text is the answer column
/// (the stored text columns are the questions).
pub(super) fn stored_mapping(meta: &IndexMeta) -> Option<ColumnMapping> {
    let mut mapping = meta.mapping.clone()?;
    if let Some(long) = &meta.long {
        mapping.text = vec![long.comment.clone()];
        mapping.questions = Vec::new();
    }
    Some(mapping)
}

/// Decides whether a file is pivoted, telling `observer` why or why not: its question column
/// (named, stored with the index, or found), its respondent column likewise, and the check pass.
pub(super) fn pivot(
    source: &Source,
    scan: &Scan,
    roles: &Roles,
    meta: &IndexMeta,
    options: &PivotOptions,
    observer: &mut dyn Observer,
) -> Result<Option<Pivot>> {
    let (profile, path) = (&scan.profile, source.path.as_path());
    if options.off || roles.text.is_empty() {
        return Ok(None);
    }
    let find = |name: &String| profile.find(name).map_err(|m| Error::input(path, m));
    let stored = meta.long.as_ref().filter(|l| {
        [&l.respondent, &l.question, &l.comment]
            .iter()
            .all(|h| profile.headers.contains(h))
    });
    let stored_col = |name: &String| profile.headers.iter().position(|h| h == name);
    let question = match (&options.question, stored) {
        (Some(name), _) => Some(find(name)?),
        (None, Some(long)) => stored_col(&long.question),
        (None, None) => question_column(profile, roles).map(|(i, _)| i),
    };
    let Some(question) = question else {
        return Ok(None);
    };
    let respondent = match (&options.respondent, stored) {
        (Some(name), _) => Some(find(name)?),
        (None, Some(long)) => stored_col(&long.respondent),
        (None, None) => pivot::respondent_column(profile, roles, question),
    };
    let questions = profile.stats[question]
        .value_counts()
        .map_or(0, |c| c.len());
    let Some(respondent) = respondent else {
        observer.note(path, &note(profile, question, questions));
        return Ok(None);
    };
    if roles.text.len() != 1 {
        observer.note(path, &format!("{}; no pivot to one response per respondent, because the rows hold {} comment columns and a pivot reads one (name it with --text-col)", note(profile, question, questions), roles.text.len()));
        return Ok(None);
    }
    let columns = Columns {
        respondent,
        question,
        comment: roles.text[0],
    };
    match pivot::check(source, scan.skip, profile, roles, columns, stored)? {
        Ok(pivot) => {
            observer.note(path, &pivot::note(&pivot, profile.rows));
            Ok(Some(pivot))
        }
        Err(differs) if stored.is_some() => Err(Error::input(
            path,
            format!(
                "{}; this index holds one response per respondent, pivoted from files like this one, so the file was not ingested (correct it, or ingest it into another index with --no-pivot)",
                differs.why(&profile.headers[respondent])
            ),
        )),
        Err(differs) => {
            observer.note(path, &differs.note(&profile.headers[respondent]));
            Ok(None)
        }
    }
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
