//! Which columns hold the comments, and which open question each answers. Open questions are
//! found by what their cells hold, headers second: a survey names its questions in as many ways as
//! it has authors, but typed answers read alike. A title that heads the answer after it joins that
//! answer's question, so a review's headline and body are read as one comment.

use std::collections::HashSet;

use super::profile::{Content, Profile};
use super::{column_words, free, strength};
use crate::analysis::header::words;

const TEXT_WORDS: &[(&str, i32)] = &[
    ("comment", 3),
    ("comments", 3),
    ("text", 3),
    ("feedback", 3),
    ("verbatim", 3),
    ("verbatims", 3),
    ("review", 3),
    ("body", 3),
    ("content", 3),
    ("answer", 3),
    ("reason", 3),
    ("why", 3),
    ("improve", 3),
    ("improvement", 3),
    ("suggestion", 3),
    ("suggestions", 3),
    ("description", 3),
    ("message", 3),
    ("remarks", 3),
    ("notes", 2),
    ("opinion", 3),
    ("explain", 3),
    ("tell", 2),
    ("ended", 3),
    ("response", 2),
    ("better", 2),
    ("title", 1),
    ("header", 1),
    ("headline", 1),
    ("subject", 1),
    ("summary", 1),
    ("narrative", 3),
    ("describe", 3),
    ("specify", 2),
];

/// Words of a header that asks for a fact about the respondent, not an opinion: "What is your job
/// title?", "Which country do you live in?".
const ATTRIBUTE_WORDS: &[&str] = &[
    "name",
    "title",
    "job",
    "role",
    "position",
    "occupation",
    "country",
    "city",
    "state",
    "company",
    "organisation",
    "organization",
    "employer",
    "department",
    "industry",
    "email",
    "phone",
    "address",
    "age",
    "gender",
    "zip",
    "postcode",
    "postal",
    "region",
    "language",
];

/// Whether a header asks an open question: a question mark, or an opening such as "What",
/// "Why", "How", "Please describe", "Any other".
fn asks_open_question(p: &Profile, i: usize) -> bool {
    let text = format!("{} {}", p.headers[i], p.labels.get(i).map_or("", |l| l));
    let w = column_words(p, i);
    let opening = w.first().is_some_and(|f| {
        matches!(
            f.as_str(),
            "what"
                | "why"
                | "how"
                | "please"
                | "describe"
                | "tell"
                | "any"
                | "anything"
                | "is"
                | "if"
                | "explain"
                | "in"
        )
    });
    (text.contains('?') || opening) && !w.iter().any(|x| ATTRIBUTE_WORDS.contains(&x.as_str()))
}

/// Open questions, in file order: columns whose cells hold long, varied, typed answers, then
/// (headers second) short typed answers under a header that asks for them. Titles and headlines
/// that go with a body are open questions too. Without any, the column named like a comment, or
/// the one with the longest text.
pub(super) fn detect_text(p: &Profile, taken: &HashSet<usize>) -> Vec<usize> {
    let open: Vec<usize> = free(p, taken)
        .filter(|&i| !p.is_meta(i))
        .filter(|&i| match p.stats[i].content() {
            // "Other (please specify)" holds a few words beside a choice, unless people wrote more.
            Content::OpenAnswers if other_specify(&p.headers[i]) => p.stats[i].mean_words() >= 6.0,
            Content::OpenAnswers => true,
            Content::ShortAnswers if other_specify(&p.headers[i]) => false,
            Content::ShortAnswers => {
                strength(&column_words(p, i), TEXT_WORDS) >= 2 || asks_open_question(p, i)
            }
            _ => false,
        })
        .collect();
    if !open.is_empty() {
        return open;
    }
    let candidates: Vec<(usize, i32, f64)> = free(p, taken)
        .filter(|&i| !p.is_meta(i))
        .filter_map(|i| {
            let s = &p.stats[i];
            let w = column_words(p, i);
            let textual = s.numeric_ratio() < 0.5 && s.mean_chars() >= 8.0 && s.date_rate() < 0.5;
            let is_id = w.iter().any(|x| x == "id");
            let strength = strength(&w, TEXT_WORDS);
            (textual && !is_id && strength > 0).then_some((i, strength, s.mean_chars()))
        })
        .collect();
    let primary = candidates
        .iter()
        .filter(|c| c.1 >= 2)
        .max_by(|a, b| {
            (a.1, a.2)
                .partial_cmp(&(b.1, b.2))
                .unwrap()
                .then(b.0.cmp(&a.0))
        })
        .map(|c| c.0);
    match primary {
        Some(primary) => vec![primary],
        // No column is named like a comment: take the one with the longest free text, if any.
        None => free(p, taken)
            .filter(|&i| {
                !p.is_meta(i)
                    && !p.stats[i].segment_by_rule()
                    && p.stats[i].numeric_ratio() < 0.1
                    && p.stats[i].mean_chars() >= 25.0
                    && p.stats[i].date_rate() < 0.5
            })
            .max_by(|&a, &b| p.stats[a].mean_chars().total_cmp(&p.stats[b].mean_chars()))
            .into_iter()
            .collect(),
    }
}

/// The typed "other" answer of a choice question: "Other", "Other (2)", "Q5 - Other (please
/// specify)".
fn other_specify(header: &str) -> bool {
    let w = words(header);
    let last_part = header.rsplit(" - ").next().unwrap_or(header);
    w.first().is_some_and(|f| f == "other") && w.len() <= 2
        || words(last_part).first().is_some_and(|f| f == "other")
            && w.iter().any(|x| x == "specify")
}

/// Header words of a column that heads the answer after it (a review's title).
const HEADING_WORDS: &[&str] = &[
    "title", "header", "headline", "heading", "subject", "summary",
];

/// The open question of each text column: each is its own question, except that a title or
/// headline column with shorter answers than the text column after it joins that column's.
pub fn questions_of(profile: &Profile, text: &[usize]) -> Vec<u32> {
    let heads = |col: usize, body: usize| {
        column_words(profile, col)
            .iter()
            .any(|w| HEADING_WORDS.contains(&w.as_str()))
            && profile.stats[col].mean_chars() < profile.stats[body].mean_chars()
    };
    let mut question = 0;
    let mut out = Vec::with_capacity(text.len());
    for (k, &col) in text.iter().enumerate() {
        out.push(question);
        if !text.get(k + 1).is_some_and(|&body| heads(col, body)) {
            question += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::columns::profile::tests::profile;
    use crate::ingest::columns::{choose, Overrides, Roles};

    #[test]
    fn each_open_question_is_its_own_unless_a_title_heads_it() {
        let p = profile(
            &["Title", "What do you like?", "What should we improve?"],
            &[
                &[
                    "Good",
                    "The staff were kind and quick",
                    "Longer opening hours please",
                ],
                &[
                    "Meh",
                    "Prices are fair for what you get",
                    "The parking is too small",
                ],
            ],
        );
        assert_eq!(questions_of(&p, &[0, 1, 2]), [0, 0, 1]);
        assert_eq!(questions_of(&p, &[1, 2]), [0, 1]);
        // A title after its body, or longer than it, heads nothing.
        assert_eq!(questions_of(&p, &[1, 0]), [0, 1]);
        let r = Roles {
            text: vec![0, 1, 2],
            questions: vec![0, 0, 1],
            ..choose(&p, &Overrides::default(), None).unwrap()
        };
        let mapping = r.mapping(&p.headers);
        let list = mapping.question_list();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].label, "Title + What do you like?");
        assert_eq!(
            mapping
                .find_question("what should we improve")
                .unwrap()
                .index,
            1
        );
        assert_eq!(mapping.find_question("Title").unwrap().index, 0);
        assert!(mapping.find_question("3").is_err());
    }

    #[test]
    fn open_questions_are_found_by_content_and_choice_columns_named_reason_are_not() {
        let rows: Vec<Vec<String>> = (0..30)
            .map(|i| {
                vec![
                    ["Price", "Support", "Features"][i % 3].to_string(),
                    format!("The onboarding took {i} days and the trainer was very helpful"),
                    ["Very satisfied", "Satisfied", "Dissatisfied"][i % 3].to_string(),
                    ["Data Scientist", "Professor", "data analyst"][i % 3].to_string(),
                ]
            })
            .collect();
        let mut p = Profile::new(
            vec![
                "Main reason for your score".into(),
                "Q7".into(),
                "Response".into(),
                "What is your job title?".into(),
            ],
            vec![String::new(); 4],
        );
        for r in &rows {
            p.observe(r);
        }
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!(r.text, [1]);
    }
}
