//! Finding which column is the id, the date, the score and the comments.
//!
//! A scan of every column's values comes first: whether it holds numbers, dates, a few repeated
//! values, checkbox choices in varying combinations, short names, or long, varied, typed answers.
//! Open questions are found by what their cells hold, headers come second; the survey tool's own
//! columns (submission time, response id, status, personal data, bot scores) are known by name and
//! never taken as a score or a comment. Every other column becomes a segment attribute.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use xxhash_rust::xxh3::xxh3_64;

use super::dates::DateSniffer;
use crate::analysis::header::{metadata, words, Meta};
use crate::index::ColumnMapping;
use crate::score::{read_score_cell, ScoreCell, ScoreSniffer};

/// Values kept per column to judge uniqueness; enough to tell an id from a category.
const DISTINCT_SAMPLE: usize = 5000;
/// Rows after which columns that do not look like dates stop being date-sniffed.
const DATE_SNIFF_ROWS: u64 = 1000;
/// Distinct checkbox options tracked per column; a column with more is not a checkbox question.
const MAX_OPTIONS: usize = 400;
/// Distinct values counted per column (for status and finished flags).
const MAX_COUNTED: usize = 64;

/// Whether the ids of a column that names a response id repeat.
#[derive(Debug, Default, Clone)]
pub struct IdValues {
    seen: HashSet<u64>,
    /// Hashes of the values seen more than once.
    pub repeated: HashSet<u64>,
    /// Rows whose value was seen before.
    pub repeats: u64,
}

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
    /// Cells that answer something (not blank, not "n/a", "none", "-"...).
    pub answers: u64,
    answer_words: u64,
    /// Answers with a lower-case word after the first that is not a function word: typed
    /// sentences rather than names, places, products or labels.
    typed: u64,
    answer_distinct: HashSet<u64>,
    answer_sampled: u64,
    /// Answers made of two or more options joined by ';' or ', '.
    combined: u64,
    options: HashMap<String, u32>,
    option_total: u64,
    too_many_options: bool,
    /// How often each value occurs, for the first few distinct values.
    counts: HashMap<String, u64>,
    /// Kept for columns whose header names a response id.
    pub ids: Option<IdValues>,
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
        if let Some(n) = self.counts.get_mut(cell) {
            *n += 1;
        } else if self.counts.len() < MAX_COUNTED {
            self.counts.insert(cell.to_string(), 1);
        }
        if let Some(ids) = &mut self.ids {
            let h = xxh3_64(cell.as_bytes());
            if !ids.seen.insert(h) {
                ids.repeats += 1;
                ids.repeated.insert(h);
            }
        }
        if !super::is_non_answer(cell) {
            self.observe_answer(cell);
        }
    }

    /// Answers beyond the first [`DISTINCT_SAMPLE`] are only counted: the sample tells what the
    /// column holds, and the scan of a large file stays cheap.
    fn observe_answer(&mut self, cell: &str) {
        self.answers += 1;
        if self.answer_sampled >= DISTINCT_SAMPLE as u64 {
            return;
        }
        self.answer_sampled += 1;
        self.answer_words += cell.split_whitespace().count() as u64;
        self.typed += is_typed(cell) as u64;
        self.answer_distinct
            .insert(xxh3_64(cell.to_lowercase().as_bytes()));
        if self.too_many_options {
            return;
        }
        let parts = options(cell);
        if parts.len() >= 2 {
            self.combined += 1;
        }
        for part in parts {
            self.option_total += 1;
            if let Some(n) = self.options.get_mut(part) {
                *n += 1;
            } else if self.options.len() < MAX_OPTIONS {
                self.options.insert(part.to_string(), 1);
            } else {
                self.too_many_options = true;
                self.options = HashMap::new();
                return;
            }
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

    /// Share of the sampled answers that differ from each other (case ignored).
    pub fn answer_distinct_ratio(&self) -> f64 {
        ratio(self.answer_distinct.len() as u64, self.answer_sampled)
    }

    /// Mean number of words per answer.
    pub fn mean_words(&self) -> f64 {
        ratio(self.answer_words, self.answer_sampled)
    }

    /// Share of answers that read as typed sentences (see [`is_typed`]).
    pub fn typed_ratio(&self) -> f64 {
        ratio(self.typed, self.answer_sampled)
    }

    /// Share of answers that combine two or more checkbox options.
    pub fn combined_ratio(&self) -> f64 {
        ratio(self.combined, self.answer_sampled)
    }

    /// How many rows hold each value, for a column of few values (None when it holds more).
    pub fn value_counts(&self) -> Option<&HashMap<String, u64>> {
        (self.counts.len() < MAX_COUNTED).then_some(&self.counts)
    }

    /// A small set of repeated values: answer options, labels such as "Strongly agree", yes/no.
    pub fn few_values(&self) -> bool {
        let (d, n) = (self.answer_distinct.len() as u64, self.answer_sampled);
        n >= 4 && ((d <= 12 && n >= 2 * d) || (n >= 30 && d * 10 < n * 3))
    }

    /// Checkbox answers: the same few options in varying combinations, joined by ';' or ', '.
    pub fn checkbox_options(&self) -> bool {
        if self.too_many_options || self.option_total == 0 || self.combined_ratio() < 0.15 {
            return false;
        }
        let repeated: u64 = self
            .options
            .values()
            .filter(|&&n| n >= 2)
            .map(|&n| n as u64)
            .sum();
        repeated * 10 >= self.option_total * 7
    }

    /// What the column's values are, for choosing comment columns.
    pub fn content(&self) -> Content {
        if self.answers == 0 {
            Content::Empty
        } else if self.numeric_ratio() >= 0.5 {
            Content::Numbers
        } else if self.date_rate() >= 0.5 {
            Content::Dates
        } else if self.checkbox_options() {
            Content::Options
        } else if self.few_values() {
            Content::Categories
        } else {
            let (typed, words, varied) = (
                self.typed_ratio(),
                self.mean_words(),
                self.answer_distinct_ratio(),
            );
            if (typed >= 0.5 && (words >= 6.0 || (words >= 3.0 && varied >= 0.5)))
                || (typed >= 0.3 && words >= 8.0)
            {
                Content::OpenAnswers
            } else if typed >= 0.3 && varied >= 0.3 {
                Content::ShortAnswers
            } else {
                Content::Names
            }
        }
    }
}

/// What a column holds, judged from its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Empty,
    Numbers,
    Dates,
    /// Checkbox choices in varying combinations.
    Options,
    /// A small set of repeated values (choices, labels, yes/no).
    Categories,
    /// Long, varied, typed answers: an open question.
    OpenAnswers,
    /// Short typed answers: an open question when its header asks one.
    ShortAnswers,
    /// Short varied values that are not sentences: names, routes, products, places.
    Names,
}

/// The parts of a checkbox cell: options joined by ';' (Microsoft Forms, Snap) or ','
/// (Google Forms, Qualtrics), each short. A single option, or a long sentence, is one part (a
/// sentence's comma-separated phrases rarely repeat, which tells them from options).
fn options(cell: &str) -> Vec<&str> {
    let separator = if cell.contains(';') { ';' } else { ',' };
    let parts: Vec<&str> = cell
        .split(separator)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 2 && parts.iter().all(|p| p.split_whitespace().count() <= 8) {
        parts
    } else {
        vec![cell]
    }
}

/// Function words of every bundled language, lower-cased.
fn function_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    const LISTS: [&str; 8] = [
        include_str!("../../stopwords/en.txt"),
        include_str!("../../stopwords/de.txt"),
        include_str!("../../stopwords/fr.txt"),
        include_str!("../../stopwords/es.txt"),
        include_str!("../../stopwords/nl.txt"),
        include_str!("../../stopwords/pt.txt"),
        include_str!("../../stopwords/it.txt"),
        include_str!("../../stopwords/sv.txt"),
    ];
    WORDS.get_or_init(|| {
        LISTS
            .iter()
            .flat_map(|list| list.lines())
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .collect()
    })
}

/// Whether a cell reads as typed words rather than a name or a label: after its first word it
/// has a lower-case word that is not a function word ("Some major design flaws", "the app
/// crashes", but not "London to New York", "Boeing 777", "Strongly agree" counts too, and is told
/// apart by how few values its column holds).
pub fn is_typed(cell: &str) -> bool {
    let stop = function_words();
    cell.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .skip(1)
        .any(|w| {
            let first = w.chars().next().unwrap_or(' ');
            !first.is_uppercase()
                && w.chars().count() >= 2
                && !stop.contains(w.to_lowercase().as_str())
        })
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
    /// The survey tool that wrote the file, when known.
    pub tool: Option<&'static str>,
    /// The part each column plays for that tool (or for any tool, from its header).
    pub meta: Vec<Option<Meta>>,
}

impl Profile {
    pub fn new(headers: Vec<String>, labels: Vec<String>) -> Profile {
        Profile::for_tool(headers, labels, None)
    }

    pub fn for_tool(
        headers: Vec<String>,
        labels: Vec<String>,
        tool: Option<&'static str>,
    ) -> Profile {
        let meta: Vec<Option<Meta>> = headers.iter().map(|h| metadata(h, tool)).collect();
        let stats = headers
            .iter()
            .zip(&meta)
            .map(|(h, m)| ColumnStats {
                dates: Some(DateSniffer::default()),
                ids: names_response_id(h, *m).then(IdValues::default),
                ..Default::default()
            })
            .collect();
        Profile {
            headers,
            labels,
            stats,
            rows: 0,
            tool,
            meta,
        }
    }

    /// Drops the set of every id value once the scan is over (only the repeated ones are
    /// needed afterwards): the ingest's memory grows with the file by one id set, not two.
    pub fn forget_seen_ids(&mut self) {
        for ids in self.stats.iter_mut().filter_map(|s| s.ids.as_mut()) {
            ids.seen = HashSet::new();
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

    fn is_meta(&self, i: usize) -> bool {
        self.meta[i].is_some()
    }
}

/// The user's `--id-col`, `--date-col`, `--score-col`, `--text-col`, `--exclude-col`, `--keep-col`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub id: Option<String>,
    pub date: Option<String>,
    pub score: Option<String>,
    pub text: Vec<String>,
    pub exclude: Vec<String>,
    /// Personal-data columns to keep as segments instead of leaving them out.
    pub keep: Vec<String>,
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
    /// The id column was detected and some of its values repeat: it is the id only if the rows
    /// that repeat a value share their date and comment (checked by ingest, which reads them).
    pub id_repeats: bool,
    /// Columns that look like ids but were not taken as the response id, with the reason.
    pub refused_ids: Vec<(usize, String)>,
    /// Personal-data columns left out by default (a subset of `excluded`).
    pub personal: Vec<usize>,
    /// The score column asks how likely respondents are to recommend.
    pub score_recommends: bool,
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

    /// Gives up the id column (its repeated values belong to different responses): it becomes a
    /// segment and ids are derived from each row's content.
    pub fn refuse_id(&mut self, reason: String) {
        if let Some(i) = self.id.take() {
            self.refused_ids.push((i, reason));
            self.segments.push(i);
            self.segments.sort_unstable();
        }
        self.id_repeats = false;
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
    let kept = overrides
        .keep
        .iter()
        .map(find)
        .collect::<Result<HashSet<_>, _>>()?;
    let mut excluded = overrides
        .exclude
        .iter()
        .map(find)
        .collect::<Result<Vec<_>, _>>()?;
    let stored = stored.filter(|m| {
        let named = m.id.iter().chain(&m.date).chain(&m.score).chain(&m.text);
        !m.text.is_empty() && named.clone().all(|n| profile.headers.contains(n))
    });
    if let Some(m) = stored {
        excluded.extend(
            m.excluded
                .iter()
                .filter_map(|n| profile.headers.iter().position(|h| h == n))
                .filter(|i| !kept.contains(i)),
        );
    }
    let named: HashSet<usize> = [&overrides.id, &overrides.date, &overrides.score]
        .into_iter()
        .flatten()
        .chain(&overrides.text)
        .filter_map(|n| profile.find(n).ok())
        .collect();
    let personal: Vec<usize> = (0..profile.headers.len())
        .filter(|i| is_personal(profile, *i) && !kept.contains(i) && !named.contains(i))
        .filter(|i| !excluded.contains(i))
        .collect();
    excluded.extend(&personal);
    excluded.sort_unstable();
    excluded.dedup();
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
    let id_detected = overrides.id.is_none() && stored.and_then(|m| m.id.as_ref()).is_none();
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
    let id_repeats = id_detected
        && id.is_some_and(|i| profile.stats[i].ids.as_ref().is_some_and(|v| v.repeats > 0));
    let refused_ids = if id.is_none() {
        refused_ids(profile, &taken)
    } else {
        Vec::new()
    };
    Ok(Roles {
        id,
        date,
        score,
        text,
        questions,
        excluded,
        segments,
        id_repeats,
        refused_ids,
        personal,
        score_recommends: score.is_some_and(|i| asks_to_recommend(&column_words(profile, i))),
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

/// Word beginnings that ask about recommending, in the bundled languages (accents removed).
const RECOMMEND_STEMS: &[&str] = &[
    "recommend",
    "recomend",
    "recomiend",
    "empfehl",
    "weiterempfehl",
    "recommand",
    "raccomand",
    "aanbevel",
    "aanraden",
    "rekommend",
];

/// A word without its accents: "recomendaría" -> "recomendaria".
fn unaccented(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// Whether a header (with its label) asks how likely the respondent is to recommend.
pub fn asks_to_recommend(words: &[String]) -> bool {
    words.iter().any(|w| {
        let w = unaccented(w);
        RECOMMEND_STEMS.iter().any(|s| w.starts_with(s))
    })
}

fn detect_score(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    let usable = |i: usize| {
        let s = &p.stats[i];
        !p.is_meta(i)
            && s.numeric_ratio() >= 0.5
            && s.distinct_sampled() > 2
            && s.scores.observed_range().is_some()
    };
    // The recommend question is the NPS score whenever the file asks it, whatever else is rated.
    let recommend = best(free(p, taken).map(|i| {
        let asks = usable(i) && asks_to_recommend(&column_words(p, i));
        let on_nps_scale = p.stats[i]
            .scores
            .observed_range()
            .is_some_and(|(lo, hi)| lo >= 0 && hi <= 10 && hi > 5);
        (i, (asks as i32 * (1 + on_nps_scale as i32), 0))
    }));
    recommend.or_else(|| {
        best(free(p, taken).map(|i| {
            let strength = if usable(i) {
                strength(&column_words(p, i), SCORE_WORDS)
            } else {
                0
            };
            (i, (strength, p.stats[i].non_blank as i64))
        }))
    })
}

fn detect_date(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    best(free(p, taken).map(|i| {
        let w = column_words(p, i);
        let joined = w.concat();
        let parses = p.stats[i].date_rate() >= 0.5;
        let rank = match p.meta[i] {
            Some(Meta::Submitted) if parses => 10,
            Some(Meta::OtherDate) if parses => 1,
            Some(_) => 0,
            None => {
                let named = joined.contains("date")
                    || joined.contains("time")
                    || w.iter().any(|x| {
                        matches!(
                            x.as_str(),
                            "submitted" | "created" | "recorded" | "completed" | "day" | "when"
                        )
                    });
                let mut rank = 0;
                if named && parses {
                    rank = 2;
                    if w.iter().any(|x| {
                        matches!(
                            x.as_str(),
                            "recorded"
                                | "submitted"
                                | "submit"
                                | "submission"
                                | "created"
                                | "response"
                                | "completed"
                                | "completion"
                                | "received"
                        )
                    }) {
                        rank += 2;
                    }
                    if w.iter().any(|x| {
                        matches!(
                            x.as_str(),
                            "flown" | "birth" | "due" | "updated" | "modified" | "start" | "sent"
                        )
                    }) {
                        rank -= 1;
                    }
                }
                rank
            }
        };
        (i, (rank, 0))
    }))
}

/// What a response id's header names before "id": "Response ID", "review_id", "Ticket ID".
const ID_OWNERS: &[&str] = &[
    "response",
    "respondent",
    "review",
    "ticket",
    "submission",
    "record",
    "entry",
    "tweet",
    "comment",
    "feedback",
    "complaint",
    "case",
    "answer",
    "reply",
    "post",
    "serial",
];
const ID_WORDS: &[&str] = &["id", "uuid", "guid", "identifier", "serial"];

/// Whether a header names a response id: "ResponseId", "Respondent ID", "Response ID", "#",
/// "Id", "review_id", "Ticket ID", "Submission ID" (not "Network ID", "Participant code",
/// "Customer ID" or "Survey ID", which are shared by several responses).
pub fn names_response_id(header: &str, meta: Option<Meta>) -> bool {
    if meta == Some(Meta::Id) || header.trim() == "#" {
        return true;
    }
    if meta.is_some() {
        return false;
    }
    let w = words(header);
    let Some((last, before)) = w.split_last() else {
        return false;
    };
    let numbered = matches!(last.as_str(), "number" | "no" | "nr") && !before.is_empty();
    (ID_WORDS.contains(&last.as_str()) || numbered)
        && before
            .iter()
            .all(|x| ID_OWNERS.contains(&x.as_str()) || matches!(x.as_str(), "unique" | "survey"))
        && (before.is_empty() || before.iter().any(|x| ID_OWNERS.contains(&x.as_str())))
}

fn detect_id(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    best(free(p, taken).map(|i| {
        let s = &p.stats[i];
        let rank = match &s.ids {
            // Repeated values are allowed only where the rows that repeat are the same response
            // (checked during ingest); a column where most values repeat is no id.
            Some(ids) if s.non_blank > 0 && ids.repeats * 2 < s.non_blank => {
                2 + (p.meta[i] == Some(Meta::Id)) as i32 - (ids.repeats > 0) as i32
            }
            _ => 0,
        };
        (i, (rank, 0))
    }))
}

/// Columns that look like ids but are not the response id, with the reason, for the notes.
fn refused_ids(p: &Profile, taken: &HashSet<usize>) -> Vec<(usize, String)> {
    free(p, taken)
        .filter_map(|i| {
            let w = words(&p.headers[i]);
            let id_like = w.iter().any(|x| ID_WORDS.contains(&x.as_str()))
                || p.headers[i].trim() == "#";
            let s = &p.stats[i];
            if !id_like || !s.mostly_unique() {
                return None;
            }
            let reason = match &s.ids {
                None => "its header does not name a response id (such as 'Response ID', 'Respondent ID' or 'Id'); ids of networks, participants or customers are shared by several responses".to_string(),
                Some(ids) => format!("{} of its {} values repeat", ids.repeats, s.non_blank),
            };
            Some((i, reason))
        })
        .collect()
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
fn detect_text(p: &Profile, taken: &HashSet<usize>) -> Vec<usize> {
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

/// Whether a column holds personal data: the tool's email, name, IP and location columns,
/// columns named like them, or columns of email addresses.
fn is_personal(profile: &Profile, i: usize) -> bool {
    if profile.meta[i] == Some(Meta::Personal) {
        return true;
    }
    let w = words(&profile.headers[i]);
    let has = |x: &str| w.iter().any(|y| y == x);
    let named = has("email")
        || has("mail")
        || (has("phone") && (w.len() == 1 || has("number")))
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
                    "your",
                ]
                .iter()
                .any(|x| has(x))))
        || w.iter().any(|x| x == "firstname" || x == "lastname");
    let s = &profile.stats[i];
    named || (s.non_blank > 0 && s.emails * 2 > s.non_blank)
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
        assert_eq!((r.personal.clone(), r.excluded.clone()), (vec![3], vec![3]));
        let o = Overrides {
            text: vec!["reviewbody".into()],
            keep: vec!["Name".into()],
            ..Default::default()
        };
        let r = choose(&p, &o, None).unwrap();
        assert_eq!(
            (r.text.clone(), r.excluded.clone(), r.segments.clone()),
            (vec![1], vec![], vec![0, 3])
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

    fn stats_of(cells: &[&str]) -> ColumnStats {
        let mut s = ColumnStats::default();
        for (row, c) in cells.iter().enumerate() {
            s.observe(c, row as u64 + 1);
        }
        s
    }

    #[test]
    fn content_tells_open_answers_from_choices_labels_and_names() {
        let cases: [(&[&str], Content); 7] = [
            (
                &[
                    "Reports, Dashboards",
                    "API",
                    "Dashboards, API, Mobile app",
                    "Reports",
                    "Mobile app; Reports",
                    "Reports, API",
                    "Dashboards",
                    "API, Reports",
                ],
                Content::Options,
            ),
            (
                &[
                    "Strongly agree",
                    "Agree",
                    "Strongly agree",
                    "Neither agree nor disagree",
                    "Agree",
                    "Strongly disagree",
                    "Agree",
                    "Agree",
                ],
                Content::Categories,
            ),
            (
                &[
                    "London to New York",
                    "Heathrow to Bangkok via Doha",
                    "Paris to London",
                    "Manchester to Dubai",
                    "London Gatwick to Malaga",
                ],
                Content::Names,
            ),
            (
                &["L Keele", "A Jones", "Maria de la Cruz", "B Li", "K Smith"],
                Content::Names,
            ),
            (
                &[
                    "The app crashes whenever I open the calendar on my phone",
                    "Support answered within the hour, great service",
                    "n/a",
                    "Too expensive for what we use it for",
                    "I like the reports but exporting them takes ages",
                ],
                Content::OpenAnswers,
            ),
            (
                &[
                    "the community",
                    "ggplot2",
                    "free and open source",
                    "easy plotting",
                ],
                Content::ShortAnswers,
            ),
            (&["", " "], Content::Empty),
        ];
        for (cells, want) in cases {
            assert_eq!(stats_of(cells).content(), want, "{cells:?}");
        }
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

    #[test]
    fn the_recommend_question_is_the_score_in_every_language() {
        for q in [
            "How likely are you to recommend R to a friend or colleague?",
            "¿Qué tan probable es que nos recomiende?",
            "Recomendaria a empresa a um amigo?",
            "Wie wahrscheinlich würden Sie uns weiterempfehlen?",
            "Recommanderiez-vous notre service ?",
            "Raccomanderesti questo prodotto?",
            "Zou u ons aanbevelen?",
            "Hoe waarschijnlijk is het dat u ons zou aanraden?",
            "Skulle du rekommendera oss?",
        ] {
            assert!(asks_to_recommend(&words(q)), "{q}");
        }
        assert!(!asks_to_recommend(&words("How much do you enjoy using R?")));
        // The enjoy item has more answers, the recommend question wins anyway.
        let mut rows = Vec::new();
        for i in 0..20 {
            let nps = if i % 4 == 0 {
                String::new()
            } else {
                (1 + i % 10).to_string()
            };
            rows.push(vec![
                (1 + i % 5).to_string(),
                nps,
                format!("Answer number {i} about the product"),
            ]);
        }
        let mut p = Profile::new(
            vec![
                "How much do you enjoy using R? (rating)".into(),
                "How likely are you to recommend R to a friend or colleague?".into(),
                "Why?".into(),
            ],
            vec![String::new(); 3],
        );
        for r in &rows {
            p.observe(r);
        }
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!((r.score, r.score_recommends), (Some(1), true));
    }

    #[test]
    fn response_id_headers() {
        for h in [
            "ResponseId",
            "Respondent ID",
            "Response ID",
            "#",
            "Id",
            "review_id",
            "Ticket ID",
            "Submission ID",
            "_recordId",
        ] {
            assert!(names_response_id(h, metadata(h, None)), "{h}");
        }
        for h in [
            "Network ID",
            "Participant code",
            "Customer ID",
            "Survey ID",
            "Clothing ID",
            "Date",
            "sentence_id",
        ] {
            assert!(!names_response_id(h, metadata(h, None)), "{h}");
        }
    }

    #[test]
    fn tool_metadata_is_never_the_score_or_a_comment() {
        let p = profile(
            &["Q_RecaptchaScore", "Q1", "User Agent", "Q2"],
            &[
                &["0.9", "9", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0", "The reports are slow to load every morning"],
                &["1.0", "3", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari", "Billing charged us twice in June"],
                &["0.3", "10", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)", "Great support from the team"],
            ],
        );
        let r = choose(&p, &Overrides::default(), None).unwrap();
        assert_eq!((r.score, r.text.clone()), (None, vec![3]));
    }
}
