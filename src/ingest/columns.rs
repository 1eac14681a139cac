//! Choosing which column is the id, the date and the score, and which hold personal data and are
//! left out, from the column profile of the scan pass (`profile`); the comment columns and the
//! open question each answers are found in `comments`. The survey tool's own columns (submission
//! time, response id, status, personal data, bot scores) are known by name and never taken as a
//! score or a comment. Every other column becomes a segment attribute.

pub mod comments;
pub mod profile;

use std::collections::HashSet;

use crate::analysis::header::{words, Meta};
use crate::index::ColumnMapping;
use comments::{detect_text, questions_of};
use profile::Profile;

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
            slants: Vec::new(),
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

fn column_words(profile: &Profile, i: usize) -> Vec<String> {
    let mut w = words(&profile.headers[i]);
    w.extend(words(profile.labels.get(i).map_or("", String::as_str)));
    w
}

fn strength(words: &[String], table: &[(&str, i32)]) -> i32 {
    table
        .iter()
        .filter(|(syn, _)| words.iter().any(|w| w == syn || unaccented(w) == *syn))
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
    // The other bundled languages, accents removed ("puntuación" -> "puntuacion").
    ("puntuacion", 3),
    ("calificacion", 3),
    ("valoracion", 2),
    ("satisfaccion", 2),
    ("evaluation", 2),
    ("bewertung", 3),
    ("punkte", 2),
    ("zufriedenheit", 2),
    ("punteggio", 3),
    ("valutazione", 2),
    ("voto", 2),
    ("soddisfazione", 2),
    ("cijfer", 3),
    ("beoordeling", 2),
    ("tevredenheid", 2),
    ("pontuacao", 3),
    ("avaliacao", 2),
    ("satisfacao", 2),
    ("betyg", 3),
    ("poang", 2),
    ("nojdhet", 2),
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

/// Whether a header names a score ("score", "rating", "satisfaction"...).
pub fn names_score(words: &[String]) -> bool {
    strength(words, SCORE_WORDS) > 0
}

/// Whether a header names the NHS Friends and Family Test ("FFT", "Friends and Family").
pub fn names_fft(words: &[String]) -> bool {
    words.iter().any(|w| w == "fft")
        || (words.iter().any(|w| w == "friends") && words.iter().any(|w| w == "family"))
}

/// Whether a column's answers are the labels of a bundled answer set ("Very good", "Poor").
fn holds_answer_labels(p: &Profile, i: usize) -> bool {
    use crate::score::LabelEvidence;
    let s = &p.stats[i].scores;
    s.label_share() >= 0.5 && matches!(s.label_evidence(), LabelEvidence::Labels { .. })
}

fn detect_score(p: &Profile, taken: &HashSet<usize>) -> Option<usize> {
    let usable = |i: usize| {
        let s = &p.stats[i];
        !p.is_meta(i)
            && ((s.numeric_ratio() >= 0.5
                && s.distinct_sampled() > 2
                && s.scores.observed_range().is_some())
                || holds_answer_labels(p, i))
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
                let words = column_words(p, i);
                // The FFT is a score whatever its question says; so are its labels alone.
                let fft = (names_fft(&words)
                    && (p.stats[i].scores.holds_fft_codes() || holds_answer_labels(p, i)))
                    || matches!(
                        p.stats[i].scores.label_evidence(),
                        crate::score::LabelEvidence::Labels { fft: true, .. }
                            | crate::score::LabelEvidence::Numbers { fft: true, .. }
                    );
                // Answers of a known answer set ("1 - Strongly agree", "Very satisfied") are a
                // score even under a question's own wording, after any column named as one.
                let answers = matches!(
                    p.stats[i].scores.label_evidence(),
                    crate::score::LabelEvidence::Labels { .. }
                        | crate::score::LabelEvidence::Numbers { .. }
                );
                strength(&words, SCORE_WORDS)
                    .max(3 * fft as i32)
                    .max(answers as i32)
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
    use crate::analysis::header::metadata;
    use profile::tests::profile;

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
