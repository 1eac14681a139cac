//! Finding which column is the id, the date, the score and the comment.
//!
//! Headers are lower-cased, split into words (also at camelCase and punctuation) and matched
//! against synonyms; the candidates are then ranked with what a scan of the values showed: a
//! score column must hold numbers, a date column dates, an id column unique values, a comment
//! column text. Every other column becomes a segment attribute.

use std::collections::HashSet;

use super::dates::DateSniffer;
use crate::index::ColumnMapping;
use crate::score::{read_score_cell, ScoreCell, ScoreSniffer};

/// Values kept per column to judge uniqueness; enough to tell an id from a category.
const DISTINCT_SAMPLE: usize = 5000;
/// Rows after which columns that do not look like dates stop being date-sniffed.
const DATE_SNIFF_ROWS: u64 = 1000;

/// What a scan of one column's values showed.
#[derive(Debug, Default, Clone)]
pub struct ColumnStats {
    pub non_blank: u64,
    pub numeric: u64,
    pub chars: u64,
    pub emails: u64,
    pub scores: ScoreSniffer,
    pub dates: Option<DateSniffer>,
    distinct: HashSet<String>,
    sampled: u64,
}

impl ColumnStats {
    fn observe(&mut self, cell: &str, row: u64) {
        let cell = cell.trim();
        if cell.is_empty() {
            return;
        }
        self.non_blank += 1;
        self.chars += cell.chars().count() as u64;
        // A choice label with its number ("10 - Extremely likely") counts as the number.
        if matches!(read_score_cell(cell), ScoreCell::Number(_)) {
            self.numeric += 1;
        }
        if cell.contains('@') && cell.contains('.') && !cell.contains(' ') {
            self.emails += 1;
        }
        self.scores.observe(cell);
        if let Some(d) = &mut self.dates {
            d.observe(cell);
            if row == DATE_SNIFF_ROWS && d.parse_rate() < 0.5 {
                self.dates = None;
            }
        }
        if self.sampled < DISTINCT_SAMPLE as u64 {
            self.sampled += 1;
            self.distinct.insert(cell.to_string());
        }
    }

    pub fn numeric_ratio(&self) -> f64 {
        ratio(self.numeric, self.non_blank)
    }

    pub fn mean_chars(&self) -> f64 {
        ratio(self.chars, self.non_blank)
    }

    pub fn date_rate(&self) -> f64 {
        self.dates.as_ref().map_or(0.0, DateSniffer::parse_rate)
    }

    /// Most sampled values differ (repeats are duplicate rows, reported during ingest).
    pub fn mostly_unique(&self) -> bool {
        self.sampled >= 2 && self.distinct.len() as f64 >= 0.5 * self.sampled as f64
    }

    pub fn distinct_sampled(&self) -> usize {
        self.distinct.len()
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Header, label and value statistics of every column of a file.
#[derive(Debug, Clone)]
pub struct Profile {
    pub headers: Vec<String>,
    pub labels: Vec<String>,
    pub stats: Vec<ColumnStats>,
    pub rows: u64,
}

impl Profile {
    pub fn new(headers: Vec<String>, labels: Vec<String>) -> Profile {
        let stats = headers
            .iter()
            .map(|_| ColumnStats {
                dates: Some(DateSniffer::default()),
                ..Default::default()
            })
            .collect();
        Profile {
            headers,
            labels,
            stats,
            rows: 0,
        }
    }

    pub fn observe(&mut self, cells: &[String]) {
        self.rows += 1;
        for (stats, cell) in self.stats.iter_mut().zip(cells) {
            stats.observe(cell, self.rows);
        }
    }

    /// Index of a column named by the user: exact header first, then ignoring case and punctuation.
    pub fn find(&self, name: &str) -> Result<usize, String> {
        let norm = |s: &str| words(s).concat();
        self.headers
            .iter()
            .position(|h| h == name)
            .or_else(|| {
                self.headers
                    .iter()
                    .position(|h| norm(h) == norm(name) && !norm(name).is_empty())
            })
            .ok_or_else(|| {
                format!(
                    "no column named '{name}'; the columns are: {}",
                    self.headers.join(", ")
                )
            })
    }
}

/// The user's `--id-col`, `--date-col`, `--score-col`, `--text-col`, `--exclude-col`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub id: Option<String>,
    pub date: Option<String>,
    pub score: Option<String>,
    pub text: Vec<String>,
    pub exclude: Vec<String>,
}

/// The part each column plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub id: Option<usize>,
    pub date: Option<usize>,
    pub score: Option<usize>,
    pub text: Vec<usize>,
    /// The open question of each text column (see [`ColumnMapping::questions`]).
    pub questions: Vec<u32>,
    pub excluded: Vec<usize>,
    pub segments: Vec<usize>,
}

impl Roles {
    pub fn mapping(&self, headers: &[String]) -> ColumnMapping {
        let name = |i: &usize| headers[*i].clone();
        ColumnMapping {
            id: self.id.as_ref().map(name),
            date: self.date.as_ref().map(name),
            score: self.score.as_ref().map(name),
            text: self.text.iter().map(name).collect(),
            questions: if self.questions.iter().any(|&q| q > 0) {
                self.questions.clone()
            } else {
                Vec::new()
            },
            excluded: self.excluded.iter().map(name).collect(),
        }
    }
}

/// Chooses roles: the user's overrides first, then the mapping stored with the index (if the
/// file has those columns), then detection.
pub fn choose(
    profile: &Profile,
    overrides: &Overrides,
    stored: Option<&ColumnMapping>,
) -> Result<Roles, String> {
    let find = |name: &String| profile.find(name);
    let excluded = overrides
        .exclude
        .iter()
        .map(find)
        .collect::<Result<Vec<_>, _>>()?;
    let stored = stored.filter(|m| {
        let named = m.id.iter().chain(&m.date).chain(&m.score).chain(&m.text);
        !m.text.is_empty() && named.clone().all(|n| profile.headers.contains(n))
    });
    let mut taken: HashSet<usize> = excluded.iter().copied().collect();
    let mut pick = |user: &Option<String>,
                    stored: Option<&String>,
                    detect: &dyn Fn(&HashSet<usize>) -> Option<usize>| {
        let chosen = match (user, stored) {
            (Some(name), _) => Some(find(name)?),
            (None, Some(name)) => Some(find(name)?),
            (None, None) => detect(&taken),
        };
        taken.extend(chosen);
        Ok::<_, String>(chosen)
    };
    let score = pick(
        &overrides.score,
        stored.and_then(|m| m.score.as_ref()),
        &|t| detect_score(profile, t),
    )?;
    let date = pick(
        &overrides.date,
        stored.and_then(|m| m.date.as_ref()),
        &|t| detect_date(profile, t),
    )?;
    let id = pick(&overrides.id, stored.and_then(|m| m.id.as_ref()), &|t| {
        detect_id(profile, t)
    })?;
    let text = if !overrides.text.is_empty() {
        overrides
            .text
            .iter()
            .map(find)
            .collect::<Result<Vec<_>, _>>()?
    } else if let Some(m) = stored {
        m.text.iter().map(find).collect::<Result<Vec<_>, _>>()?
    } else {
        detect_text(profile, &taken)
    };
    let questions = match stored {
        Some(m) if overrides.text.is_empty() => (0..text.len()).map(|k| m.question_of(k)).collect(),
        _ => questions_of(profile, &text),
    };
    // No text column is not an error here: ingest indexes the scores alone, or says what to do.
    taken.extend(&text);
    let segments = (0..profile.headers.len())
        .filter(|i| !taken.contains(i))
        .collect();
    Ok(Roles {
        id,
        date,
        score,
        text,
        questions,
        excluded,
        segments,
    })
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

/// Lower-case words of a header, split at punctuation, spaces and camelCase.
pub fn words(header: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in header.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn column_words(profile: &Profile, i: usize) -> Vec<String> {
    let mut w = words(&profile.headers[i]);
    w.extend(words(profile.labels.get(i).map_or("", String::as_str)));
    w
}

fn strength(words: &[String], table: &[(&str, i32)]) -> i32 {
    table
        .iter()
        .filter(|(syn, _)| words.iter().any(|w| w == syn))
        .map(|&(_, s)| s)
        .max()
        .unwrap_or(0)
}

/// Picks the highest-ranked candidate; ties go to the leftmost column.
fn best(candidates: impl Iterator<Item = (usize, (i32, i64))>) -> Option<usize> {
    candidates
        .filter(|(_, (s, _))| *s > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

fn free(profile: &Profile, taken: &HashSet<usize>) -> std::vec::IntoIter<usize> {
    (0..profile.headers.len())
        .filter(|i| !taken.contains(i))
        .collect::<Vec<_>>()
        .into_iter()
}

const SCORE_WORDS: &[(&str, i32)] = &[
    ("score", 3),
    ("nps", 3),
    ("csat", 3),
    ("rating", 3),
    ("recommend", 2),
    ("likely", 2),
    ("likelihood", 2),
    ("satisfaction", 2),
    ("satisfied", 2),
    ("rate", 2),
    ("stars", 2),
    ("ltr", 2),
];

fn detect_score(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    best(free(p, taken).map(|i| {
        let s = &p.stats[i];
        let usable = s.numeric_ratio() >= 0.5
            && s.distinct_sampled() > 2
            && s.scores.observed_range().is_some();
        let strength = if usable {
            strength(&column_words(p, i), SCORE_WORDS)
        } else {
            0
        };
        (i, (strength, s.non_blank as i64))
    }))
}

fn detect_date(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    best(free(p, taken).map(|i| {
        let w = column_words(p, i);
        let joined = w.concat();
        let named = joined.contains("date")
            || joined.contains("time")
            || w.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "submitted" | "created" | "recorded" | "completed" | "day" | "when"
                )
            });
        let mut rank = 0;
        if named && p.stats[i].date_rate() >= 0.5 {
            rank = 2;
            if w.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "recorded" | "submitted" | "created" | "response" | "completed"
                )
            }) {
                rank += 2;
            }
            if w.iter().any(|x| {
                matches!(
                    x.as_str(),
                    "flown" | "birth" | "due" | "updated" | "modified" | "start" | "end"
                )
            }) {
                rank -= 1;
            }
        }
        (i, (rank, 0))
    }))
}

const ID_OWNERS: &[&str] = &[
    "response",
    "review",
    "ticket",
    "respondent",
    "record",
    "survey",
    "submission",
    "tweet",
    "comment",
    "feedback",
];
const NOT_RESPONSE_IDS: &[&str] = &[
    "customer",
    "user",
    "account",
    "collector",
    "client",
    "contact",
    "external",
    "product",
    "clothing",
    "order",
    "session",
    "agent",
    "sentence",
    "item",
    "store",
    "location",
];

fn detect_id(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    best(free(p, taken).map(|i| {
        let w = words(&p.headers[i]);
        let is_id = w
            .iter()
            .any(|x| matches!(x.as_str(), "id" | "uuid" | "identifier" | "guid"));
        let others_id = w.iter().any(|x| NOT_RESPONSE_IDS.contains(&x.as_str()));
        let rank = if !is_id || !p.stats[i].mostly_unique() || others_id {
            0
        } else if w.iter().any(|x| ID_OWNERS.contains(&x.as_str())) {
            3
        } else {
            2
        };
        (i, (rank, 0))
    }))
}

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
];

fn detect_text(p: &Profile, taken: &HashSet<usize>) -> Vec<usize> {
    let candidates: Vec<(usize, i32, f64)> = free(p, taken)
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
    let Some(primary) = primary else {
        // No column is named like a comment: take the one with the longest free text, if any.
        return free(p, taken)
            .filter(|&i| {
                p.stats[i].numeric_ratio() < 0.1
                    && p.stats[i].mean_chars() >= 25.0
                    && p.stats[i].date_rate() < 0.5
            })
            .max_by(|&a, &b| p.stats[a].mean_chars().total_cmp(&p.stats[b].mean_chars()))
            .into_iter()
            .collect();
    };
    // Further free-text answers (title and body, "why" and "what to improve") join in file order.
    let mut text: Vec<usize> = candidates
        .iter()
        .filter(|c| c.0 == primary || c.2 >= 15.0)
        .map(|c| c.0)
        .collect();
    text.sort_unstable();
    text
}

/// Columns whose name or values suggest personal data, to warn about (`--exclude-col`).
pub fn personal_data(profile: &Profile, roles: &Roles) -> Vec<String> {
    roles
        .segments
        .iter()
        .filter(|&&i| {
            let w = words(&profile.headers[i]);
            let has = |x: &str| w.iter().any(|y| y == x);
            let named = has("email")
                || has("mail")
                || has("phone")
                || has("ip")
                || has("ipaddress")
                || (has("name")
                    && (w.len() == 1
                        || [
                            "first",
                            "last",
                            "full",
                            "customer",
                            "recipient",
                            "respondent",
                            "reviewer",
                            "contact",
                        ]
                        .iter()
                        .any(|x| has(x))))
                || w.iter().any(|x| x == "firstname" || x == "lastname");
            named || profile.stats[i].emails * 2 > profile.stats[i].non_blank.max(1)
        })
        .map(|&i| profile.headers[i].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(headers: &[&str], rows: &[&[&str]]) -> Profile {
        let mut p = Profile::new(
            headers.iter().map(|h| h.to_string()).collect(),
            vec![String::new(); headers.len()],
        );
        for r in rows {
            p.observe(&r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        }
        p
    }

    #[test]
    fn header_words() {
        assert_eq!(words("NPS_SCORE"), ["nps", "score"]);
        assert_eq!(words("ReviewBody"), ["review", "body"]);
        assert_eq!(words("tweet_created"), ["tweet", "created"]);
        assert_eq!(words("Q1"), ["q1"]);
    }

    #[test]
    fn prefers_the_numeric_score_column() {
        let p = profile(
            &["CUSTOMER_RESPONSE_DATE", "NPS_RATING", "NPS_SCORE", "text"],
            &[
                &["11/04/2018 20:09", "Passive", "7", "The process was good"],
                &[
                    "21/05/2018 20:23",
                    "Detractor",
                    "0",
                    "Lack of communication with staff",
                ],
                &[
                    "07/04/2018 13:37",
                    "Promoter",
                    "10",
                    "It was so easy and good",
                ],
            ],
        );
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!(
            (r.score, r.date, r.id, r.text.clone()),
            (Some(2), Some(0), None, vec![3])
        );
        assert_eq!(r.segments, [1]);
    }

    #[test]
    fn ids_must_be_unique_and_belong_to_the_response() {
        let p = profile(
            &["Clothing ID", "Review ID", "Review Text", "Rating"],
            &[
                &["7", "a1", "Lovely dress, fits well", "5"],
                &["7", "a2", "Too small for me sadly", "2"],
                &["8", "a3", "ok", "3"],
            ],
        );
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!((r.id, r.score, r.text.clone()), (Some(1), Some(3), vec![2]));
    }

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
    fn title_and_body_are_read_together_and_overrides_win() {
        let p = profile(
            &["ReviewHeader", "ReviewBody", "OverallRating", "Name"],
            &[
                &[
                    "Service level far worse",
                    "We waited two hours at the gate and nobody came",
                    "1",
                    "L Smith",
                ],
                &[
                    "Great crew on board",
                    "Friendly staff, good food, on time departure",
                    "9",
                    "A Jones",
                ],
                &[
                    "Fine",
                    "Nothing special to report about this flight",
                    "6",
                    "B Li",
                ],
            ],
        );
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!(r.text, [0, 1]);
        // The header heads the body: one question.
        assert_eq!(r.questions, [0, 0]);
        assert!(r.mapping(&p.headers).questions.is_empty());
        assert_eq!(personal_data(&p, &r), ["Name"]);
        let o = Overrides {
            text: vec!["reviewbody".into()],
            exclude: vec!["Name".into()],
            ..Default::default()
        };
        let r = choose(&p, &o, None).unwrap();
        assert_eq!(
            (r.text.clone(), r.excluded.clone(), r.segments.clone()),
            (vec![1], vec![3], vec![0])
        );
        assert!(choose(
            &p,
            &Overrides {
                score: Some("nope".into()),
                ..Default::default()
            },
            None
        )
        .unwrap_err()
        .contains("no column named 'nope'"));
    }

    #[test]
    fn no_comment_column_leaves_the_scores() {
        let p = profile(&["id", "score"], &[&["1", "9"], &["2", "3"], &["3", "5"]]);
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!((r.score, r.text.clone()), (Some(1), vec![]));
    }
}
