//! Readable words for themes: surface forms of stems ("customer service", not "customer servic"),
//! example quotes (whole sentences, different respondents, mid-length preferred), and masking of
//! personal data in quotes.

use std::collections::HashMap;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::set::ThemeDef;
use crate::analysis::sentiment::CLEAR;
use crate::analysis::{sentences, Analyzer};
use crate::index::schema::NameKeys;
use crate::index::Store;

/// Stored comment text of a response, all text columns joined by a blank line.
pub fn text_of(store: &Store, searcher: &Searcher, address: DocAddress) -> String {
    text_of_columns(store, searcher, address, None)
}

/// The same for some text columns only (positions in the mapping's text columns: one
/// question's answer).
pub fn text_of_columns(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
    columns: Option<&[usize]>,
) -> String {
    let doc: TantivyDocument = match searcher.doc(address) {
        Ok(d) => d,
        Err(_) => return String::new(),
    };
    let parts: Vec<&str> = doc
        .get_all(store.fields.text)
        .enumerate()
        .filter(|(k, _)| columns.is_none_or(|c| c.contains(k)))
        .filter_map(|(_, v)| v.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("\n\n")
}

/// The analysis of `text`, remembered: the same texts and sentences are searched for each of a
/// theme's terms in turn.
type AnalysisCache =
    HashMap<(u64, crate::analysis::Language), std::rc::Rc<Vec<crate::analysis::Word>>>;

fn analyzed(analyzer: &Analyzer, text: &str) -> std::rc::Rc<Vec<crate::analysis::Word>> {
    thread_local! {
        static CACHE: std::cell::RefCell<AnalysisCache> = std::cell::RefCell::new(HashMap::new());
    }
    let key = (
        xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        analyzer.language(),
    );
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() > 8192 {
            cache.clear();
        }
        cache
            .entry(key)
            .or_insert_with(|| std::rc::Rc::new(analyzer.analyze(text)))
            .clone()
    })
}

/// Byte ranges in `text` where the term `key` (stems joined by spaces) occurs.
pub fn find_term(analyzer: &Analyzer, text: &str, key: &str) -> Vec<(usize, usize)> {
    let wanted: Vec<&str> = key.split(' ').collect();
    let words = analyzed(analyzer, text);
    let mut found = Vec::new();
    for i in 0..words.len() {
        if i + wanted.len() > words.len() {
            break;
        }
        let run = &words[i..i + wanted.len()];
        if run.iter().zip(&wanted).all(|(w, k)| w.term == *k)
            && run.iter().skip(1).all(|w| !w.boundary_before)
        {
            found.push((run[0].start, run[run.len() - 1].end));
        }
    }
    found
}

/// The most common way `key` is written in `texts`, lower-cased; the key itself if never found.
pub fn surface_form(analyzer: &Analyzer, texts: &[&str], key: &str) -> String {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in texts {
        for (a, b) in find_term(analyzer, text, key) {
            let form = text[a..b].to_lowercase().replace('’', "'");
            let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
            *counts.entry(form).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or_else(|| key.to_string(), |(form, _)| form)
}

/// The words a quote of a theme or facet must hold to show it (stems; a phrase whole): a
/// codebook's its terms; a discovered one's its label, each facet's label, and each word of
/// those labels that is itself one of their words ("crew" of "cabin crew", "desk" of "help
/// desk"; not "help"). A theme's other words ("hours", "minutes", "pre-arrival" of "delayed")
/// place it but do not show it; an aspect theme's evaluative words ("slow", "laggy" of speed)
/// show it.
pub fn quotable_keys(def: &ThemeDef) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut add = |k: &str| {
        if !k.is_empty() && !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    };
    if def.name.is_some() {
        def.keys().for_each(&mut add);
        return keys;
    }
    for found in std::iter::once(&def.found).chain(def.facets.iter().map(|f| &f.found)) {
        add(&found.label);
        found
            .label
            .split(' ')
            .filter(|w| found.words.iter().any(|x| x == w))
            .for_each(&mut add);
    }
    // An aspect theme ("speed") is shown by the evaluative words that judge it ("slow").
    def.found.evaluative.iter().for_each(|k| add(k));
    keys
}

/// Sentences of `text` that contain any of `keys`, with a quality score (higher is better):
/// mid-length, clear sentences first, and sentences whose clause about the theme is of the kind
/// wanted (a complaint is shown with a complaint), each clause read without the words that name
/// a theme (`named`, as `themes::assign` reads kinds).
pub fn quote_candidates(
    analyzer: &Analyzer,
    text: &str,
    keys: &[&str],
    label: &str,
    kind: super::Kind,
    named: Option<&NameKeys>,
) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for range in sentences(text) {
        let sentence = text[range].trim();
        let found: Vec<(usize, usize)> = keys
            .iter()
            .filter_map(|k| find_term(analyzer, sentence, k).first().copied())
            .collect();
        if found.is_empty() {
            continue;
        }
        let len = sentence.chars().count() as f64;
        let length_fit = if len < 25.0 {
            0.3
        } else if len <= 180.0 {
            1.0
        } else {
            180.0 / len
        };
        let has_label = !find_term(analyzer, sentence, label).is_empty();
        let words = analyzed(analyzer, sentence);
        let clauses = crate::analysis::sentiment::clauses(analyzer, sentence, &words);
        let of_kind = clauses.iter().any(|c| {
            let polarity = c.polarity
                - c.names
                    .iter()
                    .filter(|(k, _)| named.is_some_and(|n| n.holds_term(&words[*k].term)))
                    .map(|(_, share)| share)
                    .sum::<f32>();
            let (negative, positive) = (polarity <= -CLEAR, polarity >= CLEAR);
            found.iter().any(|&(s, _)| c.span.contains(&s))
                && match kind {
                    super::Kind::Complaint => negative,
                    super::Kind::Praise => positive,
                    super::Kind::Ask => c.ask,
                    super::Kind::Neutral => !negative && !positive,
                }
        });
        let score = length_fit
            * (1.0 + 0.5 * has_label as u8 as f64 + 0.1 * found.len().min(3) as f64)
            * if of_kind { 2.0 } else { 1.0 };
        out.push((
            score,
            sentence.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    out
}

/// Masks emails, phone numbers and card-like numbers.
pub fn redact(text: &str) -> String {
    let mut out = Vec::new();
    for token in text.split(' ') {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        if core.contains('@') && core.contains('.') && core.len() > 5 {
            out.push(token.replace(core, "[email]"));
        } else {
            out.push(token.to_string());
        }
    }
    mask_digit_runs(&out.join(" "))
}

/// Runs of digits (with spaces, dashes, dots, parentheses and a leading +) holding 7-12 digits are
/// phone numbers, 13-19 digits card numbers.
fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let mut j = i;
            let mut digits = 0;
            let mut last_digit = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '+'))
            {
                if chars[j].is_ascii_digit() {
                    digits += 1;
                    last_digit = j;
                }
                j += 1;
            }
            match digits {
                7..=12 => out.push_str("[phone]"),
                13..=19 => out.push_str("[card number]"),
                _ => out.extend(&chars[i..=last_digit]),
            }
            i = last_digit + 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Language;

    #[test]
    fn masks_personal_data() {
        assert_eq!(
            redact("mail me at jo.doe@example.com, thanks"),
            "mail me at [email], thanks"
        );
        assert_eq!(redact("call +1 (555) 123-4567 now"), "call [phone] now");
        assert_eq!(
            redact("card 4111 1111 1111 1111 charged"),
            "card [card number] charged"
        );
        assert_eq!(
            redact("waited 3 days, 45 minutes on hold in 2026"),
            "waited 3 days, 45 minutes on hold in 2026"
        );
    }

    #[test]
    fn surface_forms_and_terms() {
        let a = Analyzer::new(Language::English);
        let texts = [
            "Customer service was slow",
            "the customer service team",
            "Customer Services",
        ];
        assert_eq!(
            surface_form(&a, &texts, "customer servic"),
            "customer service"
        );
        assert_eq!(
            find_term(&a, "Waited on hold", "wait on hold"),
            vec![(0, 14)]
        );
        assert!(find_term(&a, "customer. Service", "customer servic").is_empty());
    }

    #[test]
    fn quotes_prefer_sentences_with_the_label() {
        let a = Analyzer::new(Language::English);
        let q = quote_candidates(
            &a,
            "Great app. The customer service was slow to answer my ticket.",
            &["servic"],
            "customer servic",
            crate::themes::Kind::Complaint,
            None,
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "The customer service was slow to answer my ticket.");
    }
}
