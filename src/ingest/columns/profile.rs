//! The column profile of the scan pass: what each column's values are (numbers, dates, a few
//! repeated choices, checkbox options, names, or long, varied, typed answers), gathered once over
//! the whole file so that the roles are chosen from every row rather than from the first few.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use xxhash_rust::xxh3::xxh3_64;

use super::names_response_id;
use crate::analysis::header::{metadata, words, Meta};
use crate::ingest::dates::DateSniffer;
use crate::ingest::is_non_answer;
use crate::score::ScoreSniffer;

/// Values kept per column to judge uniqueness; enough to tell an id from a category.
const DISTINCT_SAMPLE: usize = 5000;
/// Rows after which columns that do not look like dates stop being date-sniffed.
const DATE_SNIFF_ROWS: u64 = 1000;
/// Distinct checkbox options tracked per column; a column with more is not a checkbox question.
const MAX_OPTIONS: usize = 400;
/// Distinct values counted per column (for status and finished flags).
const MAX_COUNTED: usize = 64;
/// Answers given word for word by more than one row, kept per column as written.
const MAX_REPEATED: usize = 256;

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
    /// How often each sampled answer occurs (case ignored), by its hash.
    answer_distinct: HashMap<u64, u32>,
    /// The sampled answers given word for word by more than one row, as first written (at most
    /// [`MAX_REPEATED`]).
    repeated: HashMap<u64, String>,
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
    /// Sampled answers by their number of words (the last slot holds the longer ones).
    word_counts: [u32; WORD_COUNT_SLOTS],
    /// The header asks to pick ("Which of...", "Select...", "What is the main...").
    asks_to_pick: bool,
    /// The header names a fact about the respondent or the row (job title, name, session).
    names_attribute: bool,
}

/// Slots of [`ColumnStats::word_counts`].
const WORD_COUNT_SLOTS: usize = 16;
/// Answers below which a column's values cannot be judged as choices by their repeats.
const FEW_ANSWERS: u64 = 30;

impl ColumnStats {
    fn observe(&mut self, cell: &str, row: u64) {
        let cell = cell.trim();
        if cell.is_empty() {
            return;
        }
        self.non_blank += 1;
        self.chars += cell.chars().count() as u64;
        // A choice label with its number ("10 - Extremely likely") counts as the number.
        self.numeric += self.scores.observe(cell) as u64;
        if cell.contains('@') && cell.contains('.') && !cell.contains(' ') {
            self.emails += 1;
        }
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
        if !is_non_answer(cell) {
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
        let words = cell.split_whitespace().count();
        self.answer_words += words as u64;
        self.word_counts[words.min(WORD_COUNT_SLOTS - 1)] += 1;
        self.typed += is_typed(cell) as u64;
        let hash = xxh3_64(cell.to_lowercase().as_bytes());
        let seen = self.answer_distinct.entry(hash).or_default();
        *seen += 1;
        if *seen == 2 && self.repeated.len() < MAX_REPEATED {
            self.repeated.insert(hash, cell.to_string());
        }
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

    /// Nearly every sampled value differs (an id per row: at least 9 in 10 distinct), unlike a
    /// value per respondent repeated on each of its rows.
    pub fn unique_per_row(&self) -> bool {
        self.sampled >= 2 && self.distinct.len() as f64 >= 0.9 * self.sampled as f64
    }

    pub fn distinct_sampled(&self) -> usize {
        self.distinct.len()
    }

    /// The sampled answers that at least `share` of the sampled answers (and at least
    /// [`FEW_ANSWERS`]) give word for word, case ignored: in a column of typed comments, a line a
    /// source writes for the respondent (a review site's title, "British Airways customer
    /// review") or an answer many paste.
    pub fn repeated_answers(&self, share: f64) -> Vec<&str> {
        let least = (share * self.answer_sampled as f64).max(FEW_ANSWERS as f64);
        let mut found: Vec<&str> = self
            .repeated
            .iter()
            .filter(|(hash, _)| {
                self.answer_distinct
                    .get(hash)
                    .is_some_and(|&n| n as f64 >= least)
            })
            .map(|(_, text)| text.as_str())
            .collect();
        found.sort_unstable();
        found
    }

    /// Share of the sampled answers that differ from each other (case ignored).
    pub fn answer_distinct_ratio(&self) -> f64 {
        ratio(self.answer_distinct.len() as u64, self.answer_sampled)
    }

    /// Mean number of words per answer.
    pub fn mean_words(&self) -> f64 {
        ratio(self.answer_words, self.answer_sampled)
    }

    /// Median number of words per sampled answer.
    pub fn median_words(&self) -> usize {
        let half = self.answer_sampled.div_ceil(2);
        let mut seen = 0u64;
        for (words, &n) in self.word_counts.iter().enumerate() {
            seen += n as u64;
            if seen >= half && n > 0 {
                return words;
            }
        }
        0
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
        } else if let Some(content) = self.by_rule() {
            content
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

impl ColumnStats {
    /// The rules that come before the repeats of values are judged (see `content`): a column
    /// whose answers all hold one value is a ticked checkbox; a header that asks to pick, over
    /// too few answers to judge, is a choice; answers of a median of four words or more, typed,
    /// in more values than a list of choices holds (12), are an open question however many
    /// repeat; short values that repeat (job titles, talk
    /// titles, a named attribute) are names, never an open question.
    /// A column the rules of [`ColumnStats::by_rule`] make a segment (a ticked checkbox, a
    /// choice, repeated titles or names): never taken as the comment column for want of one.
    pub fn segment_by_rule(&self) -> bool {
        matches!(self.by_rule(), Some(Content::Categories | Content::Names))
    }

    fn by_rule(&self) -> Option<Content> {
        let (answers, distinct) = (self.answer_sampled, self.answer_distinct.len() as u64);
        let repeated = answers >= 10 && distinct * 2 < answers;
        if answers >= 3 && distinct == 1 {
            Some(Content::Categories)
        } else if self.asks_to_pick && answers < FEW_ANSWERS && self.median_words() < 4 {
            Some(Content::Categories)
        } else if self.names_attribute && repeated {
            Some(Content::Names)
        } else if self.median_words() >= 4 && self.typed_ratio() >= 0.5 && distinct > 12 {
            Some(Content::OpenAnswers)
        } else if self.median_words() < 4 && repeated && !self.few_values() {
            Some(Content::Names)
        } else {
            None
        }
    }
}

/// Header words that ask to pick one of a list, in the eight languages (compared as words and
/// two-word openings of the lower-cased header).
const PICK_WORDS: &[&str] = &[
    "select",
    "choose",
    "pick",
    "tick",
    "which of",
    "what is the main",
    "what was the main",
    "welche",
    "welcher",
    "welches",
    "wählen",
    "auswählen",
    "ankreuzen",
    "lequel",
    "laquelle",
    "lesquels",
    "sélectionnez",
    "choisissez",
    "cochez",
    "quel est le principal",
    "cuál",
    "cuáles",
    "seleccione",
    "elija",
    "marque",
    "cuál es el principal",
    "welke",
    "selecteer",
    "kies",
    "wat is de belangrijkste",
    "qual",
    "quais",
    "selecione",
    "escolha",
    "quale",
    "quali",
    "seleziona",
    "scegli",
    "vilken",
    "vilket",
    "vilka",
    "välj",
    "markera",
    "kryssa",
];

/// Header words that name a fact about the respondent or the row, whose short values repeat.
const ATTRIBUTE_WORDS: &[&str] = &[
    "title",
    "job",
    "occupation",
    "position",
    "role",
    "name",
    "company",
    "employer",
    "department",
    "session",
    "talk",
    "speaker",
    "course",
    "beruf",
    "poste",
    "métier",
    "puesto",
    "cargo",
    "functie",
    "função",
    "ruolo",
    "yrke",
    "befattning",
];

/// Whether a header asks to pick (see [`PICK_WORDS`]).
fn asks_to_pick(header_words: &[String]) -> bool {
    let text = format!(" {} ", header_words.join(" "));
    PICK_WORDS.iter().any(|p| text.contains(&format!(" {p} ")))
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
        include_str!("../../../stopwords/en.txt"),
        include_str!("../../../stopwords/de.txt"),
        include_str!("../../../stopwords/fr.txt"),
        include_str!("../../../stopwords/es.txt"),
        include_str!("../../../stopwords/nl.txt"),
        include_str!("../../../stopwords/pt.txt"),
        include_str!("../../../stopwords/it.txt"),
        include_str!("../../../stopwords/sv.txt"),
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
            .map(|(h, m)| {
                let w = words(h);
                ColumnStats {
                    dates: Some(DateSniffer::default()),
                    ids: names_response_id(h, *m).then(IdValues::default),
                    asks_to_pick: asks_to_pick(&w),
                    names_attribute: w.iter().any(|x| ATTRIBUTE_WORDS.contains(&x.as_str())),
                    ..Default::default()
                }
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

    pub(super) fn is_meta(&self, i: usize) -> bool {
        self.meta[i].is_some()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A profile of `rows` under `headers`, as the scan pass would make it.
    pub(in crate::ingest::columns) fn profile(headers: &[&str], rows: &[&[&str]]) -> Profile {
        let mut p = Profile::new(
            headers.iter().map(|h| h.to_string()).collect(),
            vec![String::new(); headers.len()],
        );
        for r in rows {
            p.observe(&r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        }
        p
    }

    fn stats_of(cells: &[&str]) -> ColumnStats {
        let mut s = ColumnStats::default();
        for (row, c) in cells.iter().enumerate() {
            s.observe(c, row as u64 + 1);
        }
        s
    }

    /// The content of one column under `header`.
    fn content_under(header: &str, cells: &[String]) -> Content {
        let p = profile(
            &[header],
            &cells
                .iter()
                .map(|c| [c.as_str()])
                .collect::<Vec<_>>()
                .iter()
                .map(|r| &r[..])
                .collect::<Vec<_>>(),
        );
        p.stats[0].content()
    }

    #[test]
    fn choices_checkboxes_titles_and_short_patient_answers_by_rule() {
        let cells = |values: &[&str], n: usize| -> Vec<String> {
            (0..n)
                .map(|i| values[i % values.len()].to_string())
                .collect()
        };
        // Eight answers to a question that asks to pick: too few to judge by repeats.
        let picked = cells(
            &[
                "Online banking",
                "Branch visit",
                "Phone support",
                "Mobile app",
                "Chat with an agent",
                "Email",
                "Post",
                "Kiosk",
            ],
            8,
        );
        assert_eq!(
            content_under("Which of these channels do you use most?", &picked),
            Content::Categories
        );
        assert_eq!(
            content_under("Welche Kanäle nutzen Sie?", &picked),
            Content::Categories
        );
        // A checkbox whose ticked cells hold the option's name.
        let ticked = cells(&["I would like to hear about research studies"], 5);
        assert_eq!(content_under("Research", &ticked), Content::Categories);
        // Job titles and talk titles repeated across rows.
        let jobs = cells(
            &[
                "Software engineer",
                "Head nurse",
                "Product manager",
                "Data analyst",
                "Sales lead",
                "Support agent",
            ],
            60,
        );
        assert_eq!(content_under("Job", &jobs), Content::Names);
        let talks = cells(
            &[
                "Building resilient systems at scale",
                "What we learned running kafka",
                "Testing in production safely",
            ],
            40,
        );
        assert_eq!(content_under("Session title", &talks), Content::Names);
        // Short patient answers of four words or more stay an open question, however many repeat.
        let patients: Vec<&str> = vec![
            "Staff were very kind",
            "Waiting time too long",
            "The food was cold",
            "Parking was hard to find",
            "Nurses explained everything well",
            "The ward was noisy",
            "Doctor listened to me",
            "Discharge took far too long",
            "Clean rooms and beds",
            "Nobody answered the buzzer",
            "Friendly reception staff today",
            "Too many forms to fill",
            "Pain relief came quickly",
            "Visiting hours are short",
        ];
        assert_eq!(
            content_under("Your experience", &cells(&patients, 200)),
            Content::OpenAnswers
        );
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
}
