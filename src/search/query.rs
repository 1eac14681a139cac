//! Running a user's query: parse through the index's analyzer (so "billing" finds "billed"),
//! restrict to a scope, count per band, and return the top hits with snippets.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, TantivyDocument};

use super::weighted::WeightedQuery;
use super::{band_label, Scope};
use crate::error::{Error, QueryProblem, Result};
use crate::index::calendar::from_day_number;
use crate::index::BandCollector;
use crate::index::Store;
use crate::score::BandCounts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub sort: SortOrder,
    pub mode: QueryMode,
    /// The id of one response to explain: which words matched it, their weights, the cut.
    pub explain: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 20,
            sort: SortOrder::Relevance,
            mode: QueryMode::default(),
            explain: None,
        }
    }
}

/// How a query's words decide a hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Matching {
    /// A share of the query's weight (see `search::weighted`); queries with operators keep
    /// their strict meaning.
    #[default]
    Weighted,
    /// Every word (the strict language, AND between words).
    AllWords,
    /// Any word (OR between words).
    AnyWord,
}

/// The matching and the synonyms of a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryMode {
    pub matching: Matching,
    /// No synonyms.
    pub exact: bool,
    /// Synonyms left out.
    pub dropped: Vec<String>,
}

impl QueryMode {
    /// Today's strict language, as codebook terms are matched.
    pub fn strict() -> QueryMode {
        QueryMode {
            matching: Matching::AllWords,
            exact: true,
            dropped: Vec::new(),
        }
    }
}

/// One matching response.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub date: Option<String>,
    pub quarter: Option<String>,
    pub score: Option<f64>,
    pub band: String,
    /// Segment values by column name.
    pub segments: BTreeMap<String, String>,
    /// A passage of the comment around the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words within `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// The whole comment (every text column answered, a blank line apart).
    pub text: String,
    /// Byte ranges of the matched words within `text`.
    #[serde(skip)]
    pub text_highlights: Vec<(usize, usize)>,
    pub source: String,
    /// Each open question's answer, for a response to several questions (empty for one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<HitAnswer>,
}

/// One question's answer within a response: for a pivoted long-format response, with the id and
/// the row of the answer as the file gave them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HitAnswer {
    /// 1 for the first question.
    pub question: u32,
    pub label: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Hit {
    /// Keeps the values of these segment columns only.
    pub fn keep_segments(&mut self, columns: &[String]) {
        self.segments.retain(|column, _| columns.contains(column));
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub scope: String,
    pub total: u64,
    /// Matches per band (low/middle/high on the index's scale) and unscored.
    pub by_band: BandCounts,
    pub band_names: Option<[&'static str; 3]>,
    /// Words of the query left out because the index cannot hold them (stopwords).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    pub hits: Vec<Hit>,
    /// Synonyms the search also matched (those the index holds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// How the words decided a hit: "weighted", "all words", "any word".
    pub matching: &'static str,
    /// The weight a hit must hold, of the query's total (weighted matching only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<Cut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<super::explain::Explanation>,
}

/// The weighted cut of a query.
#[derive(Debug, Clone, Serialize)]
pub struct Cut {
    pub need: f32,
    pub total: f32,
    pub share: f32,
}

/// Parses `text` with tantivy's query syntax over the comment field. AND is the default.
/// Deepest nesting of parentheses accepted: tantivy 0.25's query grammar takes time exponential
/// in the depth (tantivy issue #2498), and no real query needs more.
const MAX_QUERY_DEPTH: usize = 8;

/// What [`check_query`] found in a query that reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryCheck {
    /// Words and phrases the index cannot hold (stopwords: "the", "and"), as typed, in order.
    pub ignored: Vec<String>,
}

/// Mistakes a user can fix, in plain words, before tantivy's grammar sees the query: an empty
/// query, a quote or parenthesis left open (and where), a closing parenthesis that closes
/// nothing, a query of only stopwords or only excluded words. Returns the words it ignores.
pub fn check_query(analyzer: &crate::analysis::Analyzer, text: &str) -> Result<QueryCheck> {
    if text.trim().is_empty() {
        return Err(QueryProblem::Empty.into());
    }
    // Pieces of the query: (excluded, words as typed); a phrase is one piece.
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut open_quote: Option<usize> = None;
    let mut open_parens: Vec<usize> = Vec::new();
    let mut word = String::new();
    let mut excluded = false;
    let flush = |word: &mut String, excluded: &mut bool, pieces: &mut Vec<(bool, String)>| {
        let w = word.trim_start_matches('+');
        let (neg, w) = match w.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (*excluded, w),
        };
        let w = w.split('^').next().unwrap_or_default();
        if !w.is_empty() && !matches!(w, "AND" | "OR" | "NOT") && !w.contains(':') {
            pieces.push((neg, w.to_string()));
        }
        word.clear();
        *excluded = false;
    };
    for (at, c) in text.chars().enumerate() {
        let at = at + 1;
        if let Some(start) = open_quote {
            if c == '"' {
                let phrase: String = text.chars().skip(start).take(at - 1 - start).collect();
                pieces.push((excluded, phrase));
                excluded = false;
                open_quote = None;
            }
            continue;
        }
        match c {
            '"' => {
                excluded = word == "-";
                word.clear();
                open_quote = Some(at);
            }
            '(' => {
                flush(&mut word, &mut excluded, &mut pieces);
                open_parens.push(at);
            }
            ')' => {
                flush(&mut word, &mut excluded, &mut pieces);
                if open_parens.pop().is_none() {
                    return Err(QueryProblem::StrayClose { at }.into());
                }
            }
            c if c.is_whitespace() => flush(&mut word, &mut excluded, &mut pieces),
            c => word.push(c),
        }
    }
    if let Some(at) = open_quote {
        return Err(QueryProblem::OpenQuote { at }.into());
    }
    if let Some(at) = open_parens.last() {
        return Err(QueryProblem::OpenParenthesis { at: *at }.into());
    }
    flush(&mut word, &mut excluded, &mut pieces);
    let mut check = QueryCheck::default();
    let (mut searched, mut excluded_kept) = (0, Vec::new());
    for (neg, piece) in &pieces {
        // "*" matches every response.
        let kept = piece == "*" || !analyzer.index_terms(piece).is_empty();
        match (kept, neg) {
            (false, _) => check.ignored.push(piece.clone()),
            (true, false) => searched += 1,
            (true, true) => excluded_kept.push(format!("-{piece}")),
        }
    }
    let ignored = || {
        check
            .ignored
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if searched == 0 && !check.ignored.is_empty() {
        return Err(QueryProblem::OnlyStopwords {
            words: ignored(),
            several: check.ignored.len() != 1,
            why: stopword_list(analyzer),
        }
        .into());
    }
    if searched == 0 && !excluded_kept.is_empty() {
        return Err(QueryProblem::OnlyExclusions {
            words: excluded_kept,
        }
        .into());
    }
    Ok(check)
}

/// Where the stopwords of the analyzer's language are listed.
pub fn stopword_list(analyzer: &crate::analysis::Analyzer) -> String {
    format!("listed in stopwords/{}.txt", analyzer.language().code())
}

/// The query in the default mode (weighted, with synonyms): what search, themes --query and
/// serve count.
pub fn parse_query(store: &Store, text: &str) -> Result<Box<dyn Query>> {
    parse_query_as(store, text, &QueryMode::default())
}

/// The weighted form of a query in `mode`, when the mode and the query take one.
pub fn weighted_of(store: &Store, text: &str, mode: &QueryMode) -> Option<WeightedQuery> {
    (mode.matching == Matching::Weighted && !super::weighted::has_operators(text)).then(|| {
        WeightedQuery {
            units: super::weighted::units(
                &store.analyzer,
                store.fields.comment,
                text,
                !mode.exact,
                &mode.dropped,
            ),
            near: false,
        }
    })
}

/// The query in `mode`.
pub fn parse_query_as(store: &Store, text: &str, mode: &QueryMode) -> Result<Box<dyn Query>> {
    check_query(&store.analyzer, text)?;
    if let Some(weighted) = weighted_of(store, text, mode) {
        return Ok(Box::new(weighted));
    }
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_QUERY_DEPTH {
        return Err(QueryProblem::TooDeep {
            depth: deepest,
            max: MAX_QUERY_DEPTH,
        }
        .into());
    }
    let mut parser = QueryParser::for_index(&store.index, vec![store.fields.comment]);
    if mode.matching != Matching::AnyWord {
        parser.set_conjunction_by_default();
    }
    let unreadable = |detail: Option<String>| -> Error {
        QueryProblem::Unreadable {
            text: text.to_string(),
            detail,
            hint: "Write words, \"exact phrases\", AND, OR, -excluded, and parentheses".into(),
        }
        .into()
    };
    // tantivy 0.25's grammar panics on a few inputs ("- *"): treat that as a query it cannot read.
    let parsed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse_query(text)))
            .map_err(|_| unreadable(None))?;
    parsed.map_err(|e| unreadable(Some(e.to_string())))
}

pub fn search(
    store: &Store,
    text: &str,
    scope: &Scope,
    options: &SearchOptions,
) -> Result<SearchResults> {
    let searcher = store.searcher()?;
    let ignored = check_query(&store.analyzer, text)?.ignored;
    let user_query = parse_query_as(store, text, &options.mode)?;
    let weighted = weighted_of(store, text, &options.mode);
    let query: Box<dyn Query> = if scope.is_everything() {
        user_query.box_clone()
    } else {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, user_query.box_clone()),
            (Occur::Must, scope.query(store)),
        ]))
    };
    // Some queries parse but cannot run ("- *"): say so about the query, not the index.
    let unrunnable = |e: tantivy::TantivyError| -> Error {
        QueryProblem::Unrunnable {
            text: text.to_string(),
            detail: e.to_string(),
        }
        .into()
    };
    let limit = options.limit.max(1);
    // The hits are `query`'s; among them, words said near each other rank first.
    let ranked: Box<dyn Query> = match &weighted {
        Some(w) if w.ranks_near() => {
            let near = Box::new(WeightedQuery {
                near: true,
                ..w.clone()
            });
            if scope.is_everything() {
                near
            } else {
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, near as Box<dyn Query>),
                    (Occur::Must, scope.query(store)),
                ]))
            }
        }
        _ => query.box_clone(),
    };
    // By relevance, the counts come from the same walk as the best hits.
    let (addresses, by_band) = match options.sort {
        SortOrder::Relevance => {
            super::rank::by_relevance_with(&searcher, &*ranked, limit, BandCollector)
                .map_err(unrunnable)?
        }
        SortOrder::Date => {
            let counts = searcher
                .search(&*query, &BandCollector)
                .map_err(unrunnable)?;
            (super::rank::by_date(&searcher, &*query, limit)?, counts)
        }
    };
    let mut snippets = SnippetGenerator::create(&searcher, &*user_query, store.fields.comment)?;
    // The whole comment is one fragment: the passage is cut from it by sentences.
    snippets.set_max_num_chars(usize::MAX / 2);
    let mut hits = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        hits.push(to_hit(store, &doc, &snippets));
    }
    let added = match &weighted {
        Some(w) => w
            .units
            .iter()
            .flat_map(|u| u.forms.iter().filter(|f| f.added))
            .filter(|f| super::weighted::said_anywhere(&searcher, &*f.query()).unwrap_or(false))
            .map(|f| f.shown.clone())
            .collect(),
        None => Vec::new(),
    };
    let explanation = match &options.explain {
        Some(id) => Some(super::explain::explain(
            store,
            &searcher,
            id,
            weighted.as_ref(),
            &*query,
        )?),
        None => None,
    };
    Ok(SearchResults {
        added,
        matching: match (&weighted, options.mode.matching) {
            (Some(_), _) => "weighted",
            (None, Matching::AnyWord) => "any word",
            (None, _) => "all words",
        },
        cut: weighted.as_ref().map(|w| Cut {
            need: w.need(),
            total: w.total(),
            share: super::weighted::SHARE,
        }),
        explanation,
        query: text.to_string(),
        scope: scope.describe(store),
        total: by_band.total(),
        by_band,
        band_names: store
            .meta
            .scale
            .map(|s| crate::score::Band::ALL.map(|b| s.band_name(b))),
        ignored,
        hits,
    })
}

/// Comments up to this many characters are shown whole.
const WHOLE_UP_TO: usize = 240;
/// A passage grows by whole sentences until it reaches this many characters.
const PASSAGE_AT_LEAST: usize = 120;
/// A passage holds no more than this (a sentence longer than that is cut around the match).
const PASSAGE_AT_MOST: usize = 320;

/// The whole sentences around the matched words (`ranges`, byte ranges in `text`), with "…"
/// where the comment goes on; returns the passage and the matches' ranges within it. Short
/// comments are shown whole.
pub fn passage(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    let chars = |a: usize, b: usize| text[a..b].chars().count();
    let (mut from, mut to) = (0, text.len());
    if chars(0, text.len()) > WHOLE_UP_TO {
        let sentences = crate::analysis::sentences(text);
        // The sentence with the most matches (the first of equals), else the first.
        let hits_in = |r: &std::ops::Range<usize>| {
            ranges
                .iter()
                .filter(|(a, _)| r.start <= *a && *a < r.end)
                .count()
        };
        let best = (0..sentences.len()).max_by(|&a, &b| {
            hits_in(&sentences[a])
                .cmp(&hits_in(&sentences[b]))
                .then(b.cmp(&a))
        });
        if let Some(k) = best {
            let (mut first, mut last) = (k, k);
            let span = |f: usize, l: usize| chars(sentences[f].start, sentences[l].end);
            loop {
                if span(first, last) >= PASSAGE_AT_LEAST {
                    break;
                }
                if last + 1 < sentences.len() && span(first, last + 1) <= PASSAGE_AT_MOST {
                    last += 1;
                } else if first > 0 && span(first - 1, last) <= PASSAGE_AT_MOST {
                    first -= 1;
                } else {
                    break;
                }
            }
            (from, to) = (sentences[first].start, sentences[last].end);
            if chars(from, to) > PASSAGE_AT_MOST {
                // One long sentence: the words around its first match.
                let at = ranges
                    .iter()
                    .map(|r| r.0)
                    .find(|a| (from..to).contains(a))
                    .unwrap_or(from);
                let before = text[from..at]
                    .char_indices()
                    .rev()
                    .nth(PASSAGE_AT_MOST / 3)
                    .map_or(from, |(i, _)| from + i);
                let after = text[at..to]
                    .char_indices()
                    .nth(PASSAGE_AT_MOST * 2 / 3)
                    .map_or(to, |(i, _)| at + i);
                // Cut at white space, so no word is split.
                from = text[before..at]
                    .find(char::is_whitespace)
                    .map_or(before, |i| before + i);
                to = text[at..after]
                    .rfind(char::is_whitespace)
                    .map_or(after, |i| at + i);
            }
        }
    }
    // The passage as written (line breaks kept), without white space at either end.
    let lead = text[from..to].len() - text[from..to].trim_start().len();
    let tail = text[from..to].len() - text[from..to].trim_end().len();
    let (from, to) = (from + lead, to - tail);
    let mut out = String::new();
    if !text[..from].trim().is_empty() {
        out.push_str("… ");
    }
    let shift = out.len();
    out.push_str(&text[from..to]);
    if !text[to..].trim().is_empty() {
        out.push_str(" …");
    }
    let shown = ranges
        .iter()
        .filter(|(a, b)| from <= *a && *b <= to)
        .map(|(a, b)| (a - from + shift, b - from + shift))
        .collect();
    (out, shown)
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The whole comment of a response: its text columns with an answer, a blank line apart.
fn whole_text(store: &Store, doc: &TantivyDocument) -> String {
    let texts: Vec<&str> = doc
        .get_all(store.fields.text)
        .filter_map(|v| v.as_str())
        .filter(|t| !t.trim().is_empty())
        .collect();
    texts.join("\n\n")
}

/// Reads the stored fields of a response into a [`Hit`]: the passage around the words
/// `snippets` matches, and the whole comment with every match.
pub fn to_hit(store: &Store, doc: &TantivyDocument, snippets: &SnippetGenerator) -> Hit {
    let text = whole_text(store, doc);
    let s = snippets.snippet(&text);
    let offset = text.find(s.fragment()).unwrap_or(0);
    let ranges: Vec<(usize, usize)> = s
        .highlighted()
        .iter()
        .map(|r| (r.start + offset, r.end + offset))
        .collect();
    let (snippet, highlights) = passage(&text, &ranges);
    let mut hit = hit_from_doc(store, doc, snippet, highlights);
    hit.text_highlights = ranges;
    hit
}

/// The response at `address` (without a snippet), for quotes and listings.
pub fn hit_of(store: &Store, searcher: &tantivy::Searcher, address: DocAddress) -> Hit {
    match searcher.doc::<TantivyDocument>(address) {
        Ok(doc) => hit_from_doc(store, &doc, String::new(), Vec::new()),
        Err(_) => hit_from_doc(store, &TantivyDocument::new(), String::new(), Vec::new()),
    }
}

fn hit_from_doc(
    store: &Store,
    doc: &TantivyDocument,
    snippet: String,
    highlights: Vec<(usize, usize)>,
) -> Hit {
    let f = &store.fields;
    let mut segments = BTreeMap::new();
    if let Some(obj) = doc.get_first(f.segments).and_then(|v| v.as_object()) {
        for (key, value) in obj {
            let name = store
                .meta
                .segments
                .iter()
                .find(|s| s.key == key)
                .map_or(key.to_string(), |s| s.name.clone());
            if let Some(v) = value.as_str() {
                segments.insert(name, v.to_string());
            }
        }
    }
    Hit {
        id: first_str(doc, f.id).unwrap_or_default(),
        date: doc
            .get_first(f.day)
            .and_then(|v| v.as_i64())
            .and_then(from_day_number)
            .map(|d| d.to_string()),
        quarter: first_str(doc, f.quarter),
        score: doc.get_first(f.score).and_then(|v| v.as_f64()),
        band: band_label(store, &first_str(doc, f.band).unwrap_or_default()),
        segments,
        snippet,
        highlights,
        text: whole_text(store, doc),
        text_highlights: Vec::new(),
        source: first_str(doc, f.source).unwrap_or_default(),
        answers: answers_of(store, doc),
    }
}

/// The answer to each question of a response to several questions, with its answer id and row
/// where the index holds them.
fn answers_of(store: &Store, doc: &TantivyDocument) -> Vec<HitAnswer> {
    let Some(mapping) = &store.meta.mapping else {
        return Vec::new();
    };
    let questions = mapping.question_list();
    if questions.len() < 2 {
        return Vec::new();
    }
    let texts: Vec<&str> = doc
        .get_all(store.fields.text)
        .map(|v| v.as_str().unwrap_or(""))
        .collect();
    let stored = crate::index::schema::stored_answers(doc, &store.fields);
    questions
        .iter()
        .filter_map(|q| {
            let parts: Vec<&str> = q
                .columns
                .iter()
                .filter_map(|&k| texts.get(k).map(|t| t.trim()))
                .filter(|t| !t.is_empty())
                .collect();
            let number = q.index + 1;
            let of = |key: &str| {
                let answer = stored.get(&number.to_string())?;
                answer[key].as_str().map(str::to_string)
            };
            (!parts.is_empty()).then(|| HitAnswer {
                question: number,
                label: q.label.clone(),
                text: parts.join("\n\n"),
                answer_id: of("id"),
                source: of("source"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, Language};

    fn check(q: &str) -> std::result::Result<Vec<String>, String> {
        check_query(&Analyzer::new(Language::English), q)
            .map(|c| c.ignored)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn query_mistakes_are_named_with_their_place() {
        let e = check("\"customer service OR support").unwrap_err();
        assert!(
            e.contains("quote at character 1") && e.contains("never closed"),
            "{e}"
        );
        let e = check("billing (invoice OR refund").unwrap_err();
        assert!(e.contains("parenthesis opened at character 9"), "{e}");
        let e = check("billing) invoice").unwrap_err();
        assert!(e.contains("closing parenthesis at character 8"), "{e}");
        // a parenthesis inside a phrase is text
        assert_eq!(check("\"price (monthly\" billing"), Ok(vec![]));
        for empty in ["", "   "] {
            assert!(check(empty).unwrap_err().contains("the query is empty"));
        }
    }

    #[test]
    fn passages_are_whole_sentences_around_the_match() {
        let short = "Support was slow. Billing is fine.";
        let at = short.find("Billing").unwrap();
        let (p, h) = passage(short, &[(at, at + 7)]);
        assert_eq!(p, short);
        assert_eq!(&p[h[0].0..h[0].1], "Billing");
        let filler = "The flight left on time and the crew were friendly throughout the trip. ";
        let text = format!(
            "{}Then the billing team charged me twice for one seat.\n{}",
            filler.repeat(3),
            filler.repeat(3)
        );
        let at = text.find("billing").unwrap();
        let (p, h) = passage(&text, &[(at, at + 7)]);
        assert!(p.starts_with("… "), "{p}");
        assert!(p.ends_with(" …"), "{p}");
        assert!(
            p.contains("Then the billing team charged me twice for one seat."),
            "{p}"
        );
        // whole sentences only: the passage starts and ends at sentence ends
        let inner = p.trim_start_matches("… ").trim_end_matches(" …");
        assert!(
            inner.starts_with("The flight") || inner.starts_with("Then"),
            "{p}"
        );
        assert!(inner.ends_with('.'), "{p}");
        assert_eq!(&p[h[0].0..h[0].1], "billing");
    }

    #[test]
    fn stopwords_are_named() {
        let e = check("the and").unwrap_err();
        assert!(
            e.contains("'the', 'and' are too common") && e.contains("stopwords/en.txt"),
            "{e}"
        );
        let e = check("\"the\"").unwrap_err();
        assert!(e.contains("'the' is too common"), "{e}");
        assert_eq!(check("the billing"), Ok(vec!["the".to_string()]));
        // negations are indexed, never ignored
        assert_eq!(check("not working"), Ok(vec![]));
        let e = check("-billing").unwrap_err();
        assert!(e.contains("only excludes words (-billing)"), "{e}");
        assert_eq!(check("billing -the"), Ok(vec!["the".to_string()]));
        assert_eq!(check("billing AND (refund OR invoice)"), Ok(vec![]));
    }
}
