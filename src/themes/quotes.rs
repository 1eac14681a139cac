//! Readable words for themes: surface forms of stems ("customer service", not "customer servic"),
//! example quotes (whole sentences, different respondents, mid-length preferred), and masking of
//! personal data in quotes.

use std::collections::HashMap;

use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::set::ThemeDef;
use crate::analysis::sentiment::CLEAR;
use crate::analysis::{quote_sentences, Analyzer, Language, WordClass};
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
            // A phrasal verb's particle belongs to it as written: "online check-in", not
            // "online check".
            let end = match words.get(i + wanted.len()) {
                Some(next) if next.class == WordClass::Particle && !next.boundary_before => {
                    next.end
                }
                _ => run[run.len() - 1].end,
            };
            found.push((run[0].start, end));
        }
    }
    found
}

/// The most common way `key` is written in `texts`, lower-cased; the key itself if never found.
pub fn surface_form(analyzer: &Analyzer, texts: &[&str], key: &str) -> String {
    surface_forms(analyzer, texts, key)
        .into_iter()
        .next()
        .map_or_else(|| key.to_string(), |(form, _)| form)
}

/// The ways `key` is written in `texts`, lower-cased, with their counts: most common first
/// (ties in alphabetical order).
pub fn surface_forms(analyzer: &Analyzer, texts: &[&str], key: &str) -> Vec<(String, u32)> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in texts {
        for (a, b) in find_term(analyzer, text, key) {
            let form = text[a..b].to_lowercase().replace('’', "'");
            let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
            *counts.entry(form).or_default() += 1;
        }
    }
    let mut forms: Vec<(String, u32)> = counts.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    forms
}

/// Whether a label written `form` may be shown as another of its stem's forms: a single word
/// the lexicon knows that cannot be a noun ("installed", "delayed", "travelling").
pub fn may_rename(analyzer: &Analyzer, form: &str) -> bool {
    !form.contains(' ')
        && crate::analysis::lexicon::lexicon(analyzer.language())
            .parts_of_speech(form)
            .is_some_and(|p| p.noun_share() < NOUN_ENOUGH)
}

/// The noun a theme's label `key` is written as in `texts`, where one is written at least half
/// as often as its commonest form ("installation" beside installed and install; "traveller"
/// beside travelling): an analyst names a subject with a noun. None where no such noun is.
pub fn label_form(analyzer: &Analyzer, texts: &[&str], key: &str) -> Option<String> {
    let forms = surface_forms(analyzer, texts, key);
    let most = forms.first()?.1;
    let lex = crate::analysis::lexicon::lexicon(analyzer.language());
    let noun = |w: &str| {
        lex.parts_of_speech(w)
            .is_some_and(|p| p.noun_share() >= NOUN_MOSTLY)
    };
    forms
        .into_iter()
        .find(|(form, n)| !form.contains(' ') && noun(form) && 2 * n >= most)
        .map(|(form, _)| form)
}

/// Share of a word's senses that are nouns below which it cannot name a subject as a noun
/// ("installed", "delayed"), as `analysis::roles` reads a noun.
const NOUN_ENOUGH: f32 = 0.2;
/// Share from which a word is mostly a noun ("installation", "traveller"; not "delay" or
/// "switch", whose verb senses lead, nor "return").
const NOUN_MOSTLY: f32 = 0.5;

/// The words a quote of a theme or facet must hold to show it (stems; a phrase whole): a
/// codebook's its terms; a discovered one's its label, each facet's label, and the head of each
/// label of several words where it is itself one of their words ("crew" of "cabin crew", "desk"
/// of "help desk"; not "help", and not "leg" of "leg room": a modifier alone is often another
/// sense, "the last leg"). A theme's other words ("hours", "minutes", "pre-arrival" of
/// "delayed") place it but do not show it; an aspect theme's evaluative words ("slow", "laggy"
/// of speed) show it.
pub fn quotable_keys(def: &ThemeDef, language: Language) -> Vec<String> {
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
        let head = head_of(&found.label, language);
        if head != found.label && found.words.iter().any(|x| x == head) {
            add(head);
        }
        // The same phrase with its compound written apart ("extra leg room", "extra legroom").
        let joined = found.label.replace(' ', "");
        (found.phrases.iter())
            .filter(|p| p.replace(' ', "") == joined)
            .for_each(|p| add(p));
    }
    // An aspect theme ("speed") is shown by the evaluative words that judge it ("slow").
    def.found.evaluative.iter().for_each(|k| add(k));
    keys
}

/// The words a quote of a theme or facet must hold to show it, and the words that add to it.
#[derive(Debug, Clone, Default)]
pub struct Quotable {
    /// Stems (a phrase whole) that show the theme ([`quotable_keys`]).
    pub keys: Vec<String>,
    /// The theme's other words: they place it but do not show it alone; beside a key they make
    /// the sentence more about the theme.
    pub words: Vec<String>,
}

/// The head of a phrase (stems joined by spaces): the word it is a kind of, last in the
/// languages whose compounds end in their head ("cabin crew", "leg room"), first in the Romance
/// languages ("servicio cliente").
fn head_of(phrase: &str, language: Language) -> &str {
    let mut words = phrase.split(' ');
    let head = if language.head_first() {
        words.next()
    } else {
        words.next_back()
    };
    head.unwrap_or(phrase)
}

/// [`quotable_keys`] with the theme's other words.
pub fn quotable(def: &ThemeDef, language: Language) -> Quotable {
    let keys = quotable_keys(def, language);
    let words = (def.found.words.iter().chain(&def.found.phrases))
        .filter(|w| !keys.contains(w))
        .cloned()
        .collect();
    Quotable { keys, words }
}

/// What the quotes of one theme are chosen by: its [`Quotable`] words, label and kind, and how
/// its label is written in the comments read.
pub struct Wanted<'a> {
    pub keys: Vec<&'a str>,
    pub words: Vec<&'a str>,
    pub label: &'a str,
    pub kind: super::Kind,
    /// The words that name a theme, read out of a clause's polarity (as `themes::assign` does).
    pub named: Option<&'a NameKeys>,
    /// The label is written as a name in most of its uses in the texts read (capitalised
    /// mid-sentence or in capitals: "JFK", "Southwest"), or said as a place, right after a word
    /// that says where, in a third of them or more ("at retailer", "to JFK"; a common noun takes
    /// an article there, "at the gate"): a sentence shows such a theme through its label only
    /// where an opinion word judges it ("flight from SFO to JFK" names it in passing).
    pub name_like: bool,
    /// Whole lines without an opinion or evaluative word that the texts read repeat word for
    /// word in a tenth of them or more (lower-cased): the source's template ("British Airways customer review", a
    /// review site's title cell), not something a respondent chose to say; never a quote.
    pub templates: std::collections::HashSet<String>,
}

impl<'a> Wanted<'a> {
    pub fn new<'t>(
        analyzer: &Analyzer,
        quotable: &'a Quotable,
        label: &'a str,
        kind: super::Kind,
        named: Option<&'a NameKeys>,
        texts: impl Iterator<Item = &'t str>,
    ) -> Wanted<'a> {
        let (mut as_name, mut as_place, mut uses) = (0u32, 0u32, 0u32);
        let one_word = !label.contains(' ') && !label.is_empty();
        let (mut seen, mut read) = (HashMap::<String, u32>::new(), 0u32);
        let evaluative = super::aspects::table(analyzer);
        for text in texts {
            read += 1;
            // Whole lines (a cell, a title) without an opinion or evaluative word: "Best help
            // desk we've tried!" or "Solid tool.", said by many, is a view shared, not a template.
            let mut own: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .filter(|s| {
                    !analyzed(analyzer, s).iter().any(|w| {
                        w.valence.is_some_and(|v| v.abs() >= OPINION_VALENCE)
                            || evaluative.is_some_and(|t| t.aspect_of(&w.term).is_some())
                    })
                })
                .map(plain)
                .collect();
            own.sort_unstable();
            own.dedup();
            for sentence in own {
                *seen.entry(sentence).or_default() += 1;
            }
            if one_word {
                for range in quote_sentences(text) {
                    let sentence = &text[range];
                    let words = analyzed(analyzer, sentence);
                    for (s, e) in find_term(analyzer, sentence, label) {
                        uses += 1;
                        as_name += written_as_name(sentence, s, e) as u32;
                        as_place += words
                            .iter()
                            .position(|w| w.start == s)
                            .is_some_and(|a| after_place_word(sentence, &words, a))
                            as u32;
                    }
                }
            }
        }
        let templates = seen
            .into_iter()
            .filter(|&(_, n)| n >= 2 && n as f64 >= TEMPLATE_SHARE * read as f64)
            .map(|(sentence, _)| sentence)
            .collect();
        Wanted {
            keys: quotable.keys.iter().map(String::as_str).collect(),
            words: quotable.words.iter().map(String::as_str).collect(),
            label,
            kind,
            named,
            name_like: uses >= NAME_USES
                && (2 * as_name > uses
                    || as_place as f64 >= super::names::PLACE_SHARE * uses as f64),
            templates,
        }
    }
}

/// A sentence lower-cased, its white space single: how two respondents' sentences are compared.
fn plain(sentence: &str) -> String {
    sentence
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Share of the texts read from which a sentence they repeat word for word is a template (as a
/// phrase is in `themes::discover`).
const TEMPLATE_SHARE: f64 = 0.10;
/// Fewest uses of a label in the texts read to call it written as a name.
const NAME_USES: u32 = 3;
/// Positions either side of a theme's word within which an opinion word judges it ("rude gate
/// agent", "the seats were awful"), as an evaluative word qualifies a noun in `themes::aspects`.
const JUDGED_WITHIN: usize = 3;
/// How much a sentence whose key an opinion word judges is preferred (and one that names the
/// key only in passing, "at my local retailer", "from SFO to JFK", is put back): more than a
/// clause of the theme's kind, since a clause can be about something else.
const JUDGED: f64 = 2.5;
/// Words that open a clause of their own inside a sentence: an opinion word past one judges
/// something else.
const CLAUSE_OPENERS: [&str; 7] = [
    "when", "while", "because", "although", "though", "whereas", "whilst",
];
/// Relative words: a clause they open after a word describes it ("the staff who were rude"),
/// one before a word is about something else ("the box which was awful, then landing").
const RELATIVES: [&str; 3] = ["which", "who", "where"];
/// Valence from which a word is an opinion ("late" is not, "awful" and "great" are).
const OPINION_VALENCE: f32 = 0.25;
/// Words that begin a sentence that leans on the one before ("It was...", "But they..."): such a
/// sentence is less clear alone.
const LEANS_ON: [&str; 16] = [
    "it", "its", "this", "that", "they", "these", "those", "he", "she", "them", "but", "and",
    "also", "so", "which", "plus",
];

/// Whether the word at `start..end` of `sentence` is written as a name: capitalised and not the
/// sentence's first word, or in capitals ("JFK").
fn written_as_name(sentence: &str, start: usize, end: usize) -> bool {
    let word = &sentence[start..end];
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let first = sentence[..start]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .is_empty();
    caps || (!first && letters.first().is_some_and(|c| c.is_uppercase()))
}

/// Words before a name that say where ("a flight to JFK", "out of BOS", "at DCA"): the place
/// is named in passing.
const PLACE_WORDS: [&str; 13] = [
    "to", "from", "into", "via", "at", "in", "out", "of", "through", "between", "2", "thru", "frm",
];

/// Whether word `p` of `words` (of `text`) is, lower-cased, one of `list`.
fn word_is(text: &str, words: &[crate::analysis::Word], p: usize, list: &[&str]) -> bool {
    list.contains(&text[words[p].start..words[p].end].to_lowercase().as_str())
}

/// Whether word `a` of `words` (of `text`) comes right after a word that says where ("to JFK",
/// "at retailer").
pub(super) fn after_place_word(text: &str, words: &[crate::analysis::Word], a: usize) -> bool {
    a.checked_sub(1)
        .is_some_and(|p| word_is(text, words, p, &PLACE_WORDS))
}

/// Whether the name at words `a..=b` is said in passing: after a word that says where, in a
/// route ("BWI-EWR", "SFO/EWR", "MCO->DCA"), or inside a longer name ("JFK Airport Hotel").
fn in_passing(sentence: &str, words: &[crate::analysis::Word], a: usize, b: usize) -> bool {
    let head = &sentence[..words[a].start];
    let tail = &sentence[words[b].end..];
    let route = |c: Option<char>| matches!(c, Some('-' | '/' | '>' | '–'));
    after_place_word(sentence, words, a)
        || route(head.chars().next_back())
        || head.ends_with("&gt;")
        || route(tail.chars().next())
        || beside_name(sentence, words, a, b)
}

/// Words that put what follows them in a phrase of place, time or purpose ("before landing",
/// "off the ground", "a top for jeans"): a theme's word there says where, when or what for, and
/// the sentence is about something else, unless an opinion word judges it. Not "on": it names
/// the channel as often as a place ("no one on the phone", "on the app").
const PASSING_PREPOSITIONS: [&str; 14] = [
    "to", "from", "into", "via", "at", "in", "through", "for", "before", "after", "during", "off",
    "since", "until",
];
/// Words that may stand between such a preposition and the theme's word ("for the ticket").
const DETERMINERS: [&str; 14] = [
    "the", "a", "an", "my", "our", "your", "his", "her", "their", "its", "this", "that", "these",
    "those",
];

/// Whether word `a` of `words` (of `sentence`) is said in a phrase of place, time or purpose: a
/// [`PASSING_PREPOSITIONS`] word right before it, or before a determiner before it.
fn after_preposition(sentence: &str, words: &[crate::analysis::Word], a: usize) -> bool {
    let mut p = a;
    while p > 0 {
        if words[p].boundary_before {
            return false;
        }
        p -= 1;
        if word_is(sentence, words, p, &PASSING_PREPOSITIONS) {
            return true;
        }
        if !word_is(sentence, words, p, &DETERMINERS) || p + 2 < a {
            return false;
        }
    }
    false
}

/// Whether a word written as a name stands right beside words `a..=b`: they are part of a
/// longer name ("United Terminal SFO Airport", "Newark Liberty Airport").
fn beside_name(sentence: &str, words: &[crate::analysis::Word], a: usize, b: usize) -> bool {
    let joined = |p: usize| {
        let (w, next) = (&words[p], if p < a { &words[a] } else { &words[p] });
        !next.boundary_before && written_as_name(sentence, w.start, w.end)
    };
    (a > 0 && joined(a - 1)) || (b + 1 < words.len() && joined(b + 1))
}

/// Whether the word at `start` is inside a handle, a hashtag or an address ("@JetBlue",
/// "#jetblue", "jetblue.com"): it names the theme as a tag, not as something said.
fn in_tag(sentence: &str, start: usize, end: usize) -> bool {
    let before = sentence[..start].chars().next_back();
    let after = sentence[end..].chars().next();
    matches!(before, Some('@' | '#' | '/'))
        || (after == Some('.') && sentence[end + 1..].starts_with(|c: char| c.is_alphabetic()))
}

/// Sentences of `text` that show the theme `wanted` describes, each with a quality score (higher
/// is better). A sentence shows the theme where it holds one of its keys outside a handle or
/// hashtag (and, for a theme written as a name, where an opinion word judges the key). Preferred:
/// the key judged by an opinion word near it ("rude gate agent"), a clause about the theme of the
/// kind wanted (a complaint shown with a complaint, each clause read without the words that name
/// a theme), the label itself and more of the theme's words, a mid-length sentence that stands
/// alone (not "But it was..."); a key named only in passing ("at my local retailer") counts
/// least.
pub fn quote_candidates(analyzer: &Analyzer, text: &str, wanted: &Wanted) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    for range in quote_sentences(text) {
        let sentence = text[range].trim();
        let words = analyzed(analyzer, sentence);
        // Each key's uses as words of the sentence (first and last word indexes).
        let mut shown: Vec<(usize, usize)> = Vec::new();
        for key in &wanted.keys {
            for (s, e) in find_term(analyzer, sentence, key) {
                if in_tag(sentence, s, e) {
                    continue;
                }
                let (Some(a), Some(b)) = (
                    words.iter().position(|w| w.start == s),
                    words.iter().position(|w| w.end == e),
                ) else {
                    continue;
                };
                shown.push((a, b));
            }
        }
        let clauses = crate::analysis::sentiment::clauses(analyzer, sentence, &words);
        let clause_of = |i: usize| clauses.iter().find(|c| c.words.contains(&i));
        // An opinion word near the key judges it; a word of the longer name it sits in does not
        // ("Newark Liberty Airport").
        let judged = |&(a, b): &(usize, usize)| {
            let clause = clause_of(a).map_or(0..words.len(), |c| c.words.clone());
            let lo = a.saturating_sub(JUDGED_WITHIN).max(clause.start);
            let hi = (b + JUDGED_WITHIN + 1).min(clause.end);
            let name = |p: usize| written_as_name(sentence, words[p].start, words[p].end);
            let (mut first, mut last) = (a, b);
            while first > 0 && !words[first].boundary_before && name(first - 1) {
                first -= 1;
            }
            while last + 1 < words.len() && !words[last + 1].boundary_before && name(last + 1) {
                last += 1;
            }
            // A word that opens a clause of its own between them ("before landing when the
            // dreaded box appeared") puts the opinion word about something else.
            let opens = |p: usize| word_is(sentence, &words, p, &CLAUSE_OPENERS);
            let lo = (lo..a)
                .rev()
                .find(|&p| opens(p) || word_is(sentence, &words, p, &RELATIVES))
                .map_or(lo, |p| p + 1);
            // "the staff who were rude": a relative clause after the word describes it.
            let hi = (last + 1..hi).find(|&p| opens(p)).unwrap_or(hi);
            (lo..hi)
                .filter(|&i| i < first || i > last)
                .any(|i| words[i].valence.is_some_and(|v| v.abs() >= OPINION_VALENCE))
        };
        if wanted.templates.contains(&plain(sentence)) {
            continue;
        }
        // A common noun written inside a longer name names a place, not the theme ("to Newark
        // Liberty Airport"), unless an opinion word judges it.
        shown.retain(|&(a, b)| {
            !(written_as_name(sentence, words[a].start, words[b].end)
                && beside_name(sentence, &words, a, b))
                || judged(&(a, b))
        });
        if wanted.name_like {
            // The label itself, that is: a facet's phrase shows the theme as any key does.
            let label = |a: usize, b: usize| {
                find_term(analyzer, sentence, wanted.label)
                    .iter()
                    .any(|&(s, e)| s == words[a].start && e == words[b].end)
            };
            shown.retain(|&(a, b)| {
                !label(a, b) || (judged(&(a, b)) && !in_passing(sentence, &words, a, b))
            });
        }
        if shown.is_empty() {
            continue;
        }
        let len = sentence.chars().count() as f64;
        let length_fit = if len < 25.0 {
            0.3
        } else if len < 40.0 {
            0.8
        } else if len <= 160.0 {
            1.0
        } else {
            160.0 / len
        };
        let first = words.first().map_or("", |w| &sentence[w.start..w.end]);
        let alone = if LEANS_ON.contains(&first.to_lowercase().as_str()) {
            0.85
        } else {
            1.0
        };
        let has_label = !find_term(analyzer, sentence, wanted.label).is_empty();
        let mut held: Vec<&str> = (wanted.keys.iter().chain(&wanted.words))
            .filter(|k| !find_term(analyzer, sentence, k).is_empty())
            .copied()
            .collect();
        held.dedup();
        let of_kind = clauses.iter().any(|c| {
            let polarity = c.polarity
                - c.names
                    .iter()
                    .filter(|(k, _)| wanted.named.is_some_and(|n| n.holds_term(&words[*k].term)))
                    .map(|(_, share)| share)
                    .sum::<f32>();
            let (negative, positive) = (polarity <= -CLEAR, polarity >= CLEAR);
            shown.iter().any(|&(a, _)| c.words.contains(&a))
                && match wanted.kind {
                    super::Kind::Complaint => negative,
                    super::Kind::Praise => positive,
                    super::Kind::Ask => c.ask,
                    super::Kind::Neutral => !negative && !positive,
                }
        });
        let score = length_fit
            * alone
            * (1.0 + 0.5 * has_label as u8 as f64 + 0.1 * held.len().min(4) as f64)
            * if of_kind { 2.0 } else { 1.0 }
            * if shown.iter().any(judged) {
                JUDGED
            } else if shown.iter().all(|&(a, b)| {
                in_passing(sentence, &words, a, b) || after_preposition(sentence, &words, a)
            }) {
                1.0 / JUDGED
            } else {
                1.0
            };
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
    use crate::themes::Kind;

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
    fn a_label_that_cannot_be_a_noun_is_shown_as_the_noun_written_beside_it() {
        let a = Analyzer::new(Language::English);
        let texts = [
            "Still not installed after six weeks",
            "The installation was cancelled twice",
            "installed late, installation date moved",
            "Installation engineer never came",
            "they installed the wrong box",
        ];
        assert!(may_rename(&a, "installed"));
        assert_eq!(
            label_form(&a, &texts, "instal").as_deref(),
            Some("installation")
        );
        // A noun already, or a verb whose noun is written too rarely, stays as written.
        assert!(!may_rename(&a, "delay") && !may_rename(&a, "food") && !may_rename(&a, "on time"));
        let texts = [
            "we switched from zendesk",
            "switched last year",
            "a switch to us",
        ];
        assert_eq!(label_form(&a, &texts, "switch"), None);
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
        // a phrasal verb's particle is part of the phrase as written
        let texts = [
            "Online check-in failed",
            "online check-in was quick",
            "an online check",
        ];
        assert_eq!(surface_form(&a, &texts, "onlin check"), "online check-in");
    }

    fn candidates(text: &str, keys: &[&str], label: &str, kind: Kind) -> Vec<(f64, String)> {
        let a = Analyzer::new(Language::English);
        let quotable = Quotable {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            words: Vec::new(),
        };
        let texts = [text];
        let wanted = Wanted::new(&a, &quotable, label, kind, None, texts.into_iter());
        quote_candidates(&a, text, &wanted)
    }

    fn best(text: &str, keys: &[&str], label: &str, kind: Kind) -> Option<String> {
        candidates(text, keys, label, kind)
            .into_iter()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| s)
    }

    #[test]
    fn quotes_prefer_sentences_with_the_label() {
        let q = candidates(
            "Great app. The customer service was slow to answer my ticket.",
            &["servic"],
            "customer servic",
            Kind::Complaint,
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "The customer service was slow to answer my ticket.");
    }

    #[test]
    fn quotes_prefer_the_theme_word_judged_and_standing_alone() {
        // Both hold "seat"; the one that judges the seat is shown, not the one naming it in
        // passing.
        let text =
            "We paid for our seat and then for our food on the last leg of the journey home. \
                    The seat was awful and far too narrow for a long flight.";
        assert_eq!(
            best(text, &["seat"], "seat", Kind::Complaint).as_deref(),
            Some("The seat was awful and far too narrow for a long flight.")
        );
        // A sentence leaning on the one before gives way to one that stands alone.
        let text = "But the crew were lovely and attentive all the way to London. \
                    The cabin crew were lovely and attentive all the way to London.";
        assert_eq!(
            best(text, &["crew"], "cabin crew", Kind::Praise).as_deref(),
            Some("The cabin crew were lovely and attentive all the way to London.")
        );
    }

    #[test]
    fn a_theme_word_in_a_handle_or_hashtag_or_a_name_in_passing_is_no_quote() {
        // A hashtag or handle shows no theme.
        assert!(candidates(
            "@JetBlue #jetblue #sofly tonight",
            &["jetblu"],
            "jetblu",
            Kind::Praise
        )
        .is_empty());
        // A label written as a name (in capitals) shows its theme only where an opinion word
        // judges it, and not as a place said in passing: a flight to JFK, an awful delay on the
        // route BOS-JFK are no quotes of "jfk", a dreadful JFK terminal is.
        let text = "I have a flight on Friday from Boston to JFK. \
                    The JFK terminal was dreadful and dirty last night. \
                    We land at JFK at noon. \
                    Awful delay on BOS-JFK again. \
                    The JFK Airport Hotel was awful.";
        let q = candidates(text, &["jfk"], "jfk", Kind::Complaint);
        let shown: Vec<&str> = q.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            shown,
            ["The JFK terminal was dreadful and dirty last night."]
        );
    }

    #[test]
    fn a_theme_word_said_where_when_or_what_for_gives_way() {
        // Neither sentence holds an opinion word; the one naming the ticket as what was paid
        // for, or landing as when, gives way to the one about it.
        let text = "The ticket showed another passenger's name and seat number. \
                    Boarding goes by fare group, which depends on what one paid for the ticket.";
        assert_eq!(
            best(text, &["ticket"], "ticket", Kind::Neutral).as_deref(),
            Some("The ticket showed another passenger's name and seat number.")
        );
        let text = "Landing took three attempts in the crosswind at Heathrow. \
                    We waited seven hours for a snack before landing.";
        assert_eq!(
            best(text, &["land"], "land", Kind::Neutral).as_deref(),
            Some("Landing took three attempts in the crosswind at Heathrow.")
        );
    }

    #[test]
    fn an_opinion_word_past_a_clause_opener_judges_something_else() {
        // "dreaded" judges the box, not the landing; the plain sentence about landing wins.
        let text = "Landing took three attempts in the crosswind at Heathrow. \
                    They vanished until an hour before landing when the dreaded box appeared.";
        assert_eq!(
            best(text, &["land"], "land", Kind::Neutral).as_deref(),
            Some("Landing took three attempts in the crosswind at Heathrow.")
        );
    }

    #[test]
    fn a_relative_clause_after_the_word_still_judges_it_and_punctuation_ends_a_phrase() {
        let score = |text: &str| candidates(text, &["staff"], "staff", Kind::Complaint)[0].0;
        let relative = score("The staff who were rude ignored all our questions.");
        let plain = score("The staff were rude and ignored all our questions.");
        assert!(relative > 0.8 * plain, "{relative} against {plain}");
        let a = Analyzer::new(Language::English);
        let text = "Nothing else to pay for, the ticket arrived by email.";
        let words = a.analyze(text);
        let ticket = words.iter().position(|w| w.term == "ticket").unwrap();
        assert!(!after_preposition(text, &words, ticket));
        let text = "We paid for the ticket twice.";
        let words = a.analyze(text);
        let ticket = words.iter().position(|w| w.term == "ticket").unwrap();
        assert!(after_preposition(text, &words, ticket));
    }

    #[test]
    fn a_label_said_as_a_place_shows_its_theme_only_where_judged() {
        // "retailer" follows "at", "to", "from" in a third of its uses or more, as a place or a
        // store does: said there in passing it shows nothing; judged, it does.
        let text = "Most other brands at retailer fit me. \
                    I always shop at retailer for tops. \
                    I returned it to retailer. \
                    Retailer has awful quality control lately.";
        let q = candidates(text, &["retail"], "retail", Kind::Complaint);
        let shown: Vec<&str> = q.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(shown, ["Retailer has awful quality control lately."]);
    }

    #[test]
    fn a_template_or_a_word_inside_a_longer_name_is_no_quote() {
        let a = Analyzer::new(Language::English);
        let quotable = Quotable {
            keys: vec!["custom".into(), "airport".into()],
            words: Vec::new(),
        };
        // Each response starts with the review site's title line.
        let texts: Vec<String> = (0..5)
            .map(|k| format!("British Airways customer review\n\nFlight {k} was fine."))
            .collect();
        let wanted = Wanted::new(
            &a,
            &quotable,
            "custom",
            Kind::Neutral,
            None,
            texts.iter().map(String::as_str),
        );
        assert!(quote_candidates(&a, &texts[0], &wanted).is_empty());
        let text = "We left for Newark Liberty Airport at noon. The airport was quiet at noon.";
        let shown: Vec<String> = quote_candidates(&a, text, &wanted)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(shown, ["The airport was quiet at noon."]);
    }

    #[test]
    fn a_phrase_label_is_shown_by_its_head_not_its_modifier() {
        assert_eq!(head_of("leg room", Language::English), "room");
        assert_eq!(head_of("cabin crew", Language::English), "crew");
        assert_eq!(head_of("servicio client", Language::Spanish), "servicio");
        assert_eq!(head_of("seat", Language::English), "seat");
    }
}
