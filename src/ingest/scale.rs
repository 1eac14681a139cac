//! Choosing the score scale of a file and its direction: the one asked for, the index's own (one
//! index holds one scale, so a file that does not fit it is refused with the flags that would
//! work), or the one its answers show. Labels decide first ("1 - Very good", "Strongly agree"),
//! then a header naming the Friends and Family Test on its codes, then the numbers; a CSAT or
//! rating scale with nothing else to go by is checked against its comments (`direction`). The
//! codes that mean no score (99, "Don't know") are chosen here too.

use std::collections::BTreeSet;

use super::columns::profile::Profile;
use super::columns::{names_fft, Roles};
use super::direction::{check_direction, DirectionCheck};
use super::scan::Scan;
use super::source::Source;
use super::Observer;
use crate::analysis::header::words;
use crate::error::{Error, Result};
use crate::index::IndexMeta;
use crate::output::thousands;
use crate::score::answer_sets::{set_points, ANSWER_SETS};
use crate::score::{
    LabelEvidence, LabelNumbers, Scale, ScaleChoice, ScoreReader, ScoreSniffer,
    CONVENTIONAL_MISSING,
};

/// The scale a file is read on, and why.
#[derive(Debug, Clone)]
pub(super) struct ScaleDecision {
    pub(super) reader: ScoreReader,
    /// How the direction was decided, in words (stored in the index for `info` and the report).
    pub(super) direction: String,
}

/// What the file's own cells and header say, before the flag and the index are heard.
struct FromContent {
    scale: Option<Scale>,
    labels: Option<LabelNumbers>,
    /// Why the direction is what it is, when the content decides it.
    direction: Option<String>,
}

/// What `--scale`, `--score-labels` and `--unscored-values` asked for.
pub(super) struct ScaleAsk<'a> {
    pub(super) choice: ScaleChoice,
    pub(super) labels: Option<&'a [String]>,
    pub(super) unscored: &'a [i64],
}

pub(super) fn choose_scale(
    meta: &IndexMeta,
    source: &Source,
    scan: &Scan,
    roles: &Roles,
    ask: &ScaleAsk,
    observer: &mut dyn Observer,
) -> Result<Option<ScaleDecision>> {
    let path = &source.path;
    let profile = &scan.profile;
    let Some(col) = roles.score else {
        observer.note(
            path,
            "no score column: responses are indexed without scores, and NPS/CSAT views will say so",
        );
        if let Some(note) = worded_scores(profile, roles) {
            observer.note(path, &note);
        }
        return Ok(None);
    };
    let sniffer = &profile.stats[col].scores;
    let column = &profile.headers[col];
    let fail = |m: String| Error::input(path, m);
    let mut unscored = sniffer.missing_codes();
    unscored.extend(ask.unscored.iter().copied());
    let content = from_content(profile, col, ask.labels).map_err(fail)?;
    let (scale, direction) = match (ask.choice, meta.scale) {
        (ScaleChoice::Fixed(asked), Some(held)) if asked != held => {
            return Err(fail(format!("--scale {} differs from this index's scale ({held}); one index holds one scale, so ingest into another --index", asked.flag())));
        }
        (ScaleChoice::Fixed(asked), _) => {
            refuse_other_way(
                asked,
                &content,
                column,
                "--scale ".to_string() + &asked.flag(),
            )
            .map_err(fail)?;
            (asked, format!("as asked with --scale {}", asked.flag()))
        }
        (ScaleChoice::Auto, Some(held)) => {
            if !fits(sniffer, &content, held, &unscored) {
                let (lo, hi) = sniffer.observed_range().unwrap_or((0, 0));
                let reads_as = content
                    .scale
                    .map(Ok)
                    .unwrap_or_else(|| sniffer.detect(&unscored))
                    .map_or(String::new(), |s| format!(" and read as {s}"));
                return Err(fail(format!("scores in '{column}' run from {lo} to {hi}{reads_as}, which is not this index's scale ({held}); one index holds one scale, so ingest into another --index, or pass --scale {} if these really are {held} scores", held.flag())));
            }
            refuse_other_way(
                held,
                &content,
                column,
                format!("this index's scale ({held})"),
            )
            .map_err(fail)?;
            let why = meta
                .scale_direction
                .clone()
                .unwrap_or_else(|| "as the index holds it".into());
            let why = match content.direction.clone() {
                Some(labels) => labels,
                None if has_direction(held) => {
                    let reader = reader_for(held, &content, &unscored);
                    let check = check_direction(source, scan, roles, &reader, meta.language)?;
                    if (held.reversed() && check.says_usual())
                        || (!held.reversed() && check.says_reversed())
                    {
                        return Err(fail(format!("the comments read '{column}' the other way round from this index's scale ({held}): {}; if this file is coded {}, ingest it into another --index, or pass --scale {} to read it as the index does", check.describe(), held.flipped(), held.flag())));
                    }
                    format!("as the index holds it ({why})")
                }
                None => why,
            };
            (held, why)
        }
        (ScaleChoice::Auto, None) => {
            let scale = match content.scale {
                Some(scale) => scale,
                None => sniffer
                    .detect(&unscored)
                    .map_err(|m| fail(format!("column '{column}': {m}")))?,
            };
            match content.direction.clone() {
                Some(why) => (scale, why),
                None if has_direction(scale) => {
                    let reader = reader_for(scale, &content, &unscored);
                    let check = check_direction(source, scan, roles, &reader, meta.language)?;
                    decide_by_comments(scale, &check, column, path, observer)
                }
                None => (scale, inherent_direction(scale)),
            }
        }
    };
    if !sniffer.others_on(scale, &unscored) {
        unscored.retain(|c| !CONVENTIONAL_MISSING.contains(c) || ask.unscored.contains(c));
    }
    let reader = reader_for(scale, &content, &unscored);
    describe(
        &reader,
        ask.unscored,
        sniffer,
        roles,
        column,
        &direction,
        path,
        observer,
    );
    Ok(Some(ScaleDecision { reader, direction }))
}

/// A column named as a score whose answers are words of no bundled answer set ("Awful", "Meh"):
/// how to use it as the score.
fn worded_scores(profile: &Profile, roles: &Roles) -> Option<String> {
    roles.segments.iter().find_map(|&i| {
        let sniffer = &profile.stats[i].scores;
        let LabelEvidence::Unknown(labels) = sniffer.label_evidence() else {
            return None;
        };
        let named = super::columns::names_score(&words(&profile.headers[i]));
        (named && sniffer.label_share() >= 0.9 && labels.len() <= 10).then(|| {
            let quoted: Vec<String> = labels.iter().map(|l| format!("'{l}'")).collect();
            format!("'{}' reads like a score written as words ({}) that no bundled answer set holds; to use it, ingest again with --score-col '{}' --score-labels naming them from worst to best", profile.headers[i], quoted.join(", "), profile.headers[i])
        })
    })
}

/// CSAT and ratings may run either way; NPS and the FFT have one direction.
fn has_direction(scale: Scale) -> bool {
    matches!(scale, Scale::Csat { .. } | Scale::Rating { .. })
}

fn inherent_direction(scale: Scale) -> String {
    match scale {
        Scale::Nps => "NPS always has 10 best".into(),
        Scale::Fft => "the FFT codes 1 very good".into(),
        _ => format!("{}", scale.direction()),
    }
}

fn reader_for(scale: Scale, content: &FromContent, unscored: &BTreeSet<i64>) -> ScoreReader {
    let labels = match (&content.labels, scale) {
        (Some(LabelNumbers::Set(set)), Scale::Fft) => Some(LabelNumbers::Fft(*set)),
        (Some(LabelNumbers::Fft(set)), s) if s != Scale::Fft => Some(LabelNumbers::Set(*set)),
        (labels, _) => labels.clone(),
    };
    ScoreReader {
        scale,
        labels,
        unscored: unscored.clone(),
    }
}

/// The scale and direction the cells and header show: labels alone of a known set, the order
/// `--score-labels` gives, labelled numbers, or the FFT named in the header on its codes.
fn from_content(
    profile: &Profile,
    col: usize,
    given: Option<&[String]>,
) -> std::result::Result<FromContent, String> {
    let sniffer = &profile.stats[col].scores;
    let column = &profile.headers[col];
    let mut header = words(column);
    header.extend(words(profile.labels.get(col).map_or("", String::as_str)));
    let none = FromContent {
        scale: None,
        labels: None,
        direction: None,
    };
    if let Some(given) = given {
        let points = given.len() as i32;
        if points < 3 {
            return Err(format!(
                "--score-labels needs at least 3 labels, worst first (got {points})"
            ));
        }
        let scale = if points == 5 {
            Scale::CSAT
        } else {
            Scale::rating(1, points)
        };
        return Ok(FromContent {
            scale: Some(scale),
            labels: Some(LabelNumbers::Given(given.to_vec())),
            direction: Some(format!(
                "the order given with --score-labels: '{}' worst (1), '{}' best ({points})",
                given[0],
                given[given.len() - 1]
            )),
        });
    }
    let fft_header = names_fft(&header);
    Ok(match sniffer.label_evidence() {
        LabelEvidence::Labels { set, fft } if fft || fft_header => FromContent {
            scale: Some(Scale::Fft),
            labels: Some(LabelNumbers::Fft(set)),
            direction: Some(format!("the answers are the Friends and Family Test's labels ({} set): its best label is code 1", ANSWER_SETS[set].name)),
        },
        LabelEvidence::Labels { set, .. } => FromContent {
            scale: Some(if set_points(set) == 5 { Scale::CSAT } else { Scale::rating(1, set_points(set) as i32) }),
            labels: Some(LabelNumbers::Set(set)),
            direction: Some(format!("the answers are labels of the {} set, numbered from its worst (1) to its best ({})", ANSWER_SETS[set].name, set_points(set))),
        },
        LabelEvidence::Unknown(labels) if sniffer.label_share() >= 0.5 => {
            let quoted: Vec<String> = labels.iter().map(|l| format!("'{l}'")).collect();
            return Err(format!("the score column '{column}' holds labels that no bundled answer set has ({}), so their order is unknown; list them from worst to best with --score-labels 'WORST,...,BEST', or point --score-col at another column", quoted.join(", ")));
        }
        LabelEvidence::Numbers { fft: true, .. } => FromContent {
            scale: Some(Scale::Fft),
            labels: None,
            direction: Some("the labels are the Friends and Family Test's (1 - Very good)".into()),
        },
        LabelEvidence::Numbers { reversed, worst, best, .. } => {
            let scale = sniffer.detect(&sniffer.missing_codes()).ok().filter(|s| has_direction(*s));
            FromContent {
                scale: scale.map(|s| if s.reversed() == reversed { s } else { s.flipped() }),
                labels: None,
                direction: scale.map(|_| format!("the answers' labels: '{}' best, '{}' worst", labelled(best), labelled(worst))),
            }
        }
        _ if fft_header && sniffer.holds_fft_codes() => FromContent {
            scale: Some(Scale::Fft),
            labels: None,
            direction: Some(format!("the header names the Friends and Family Test and the column holds its codes ({})", codes_seen(sniffer))),
        },
        _ => none,
    })
}

fn labelled((number, label): (i64, String)) -> String {
    format!("{number} - {label}")
}

fn codes_seen(sniffer: &ScoreSniffer) -> String {
    let codes: Vec<String> = sniffer.counts().keys().map(i64::to_string).collect();
    codes.join(", ")
}

/// Refuses a scale whose direction the labels contradict.
fn refuse_other_way(
    scale: Scale,
    content: &FromContent,
    column: &str,
    source: String,
) -> std::result::Result<(), String> {
    match (content.scale, &content.direction) {
        (Some(shown), Some(why))
            if has_direction(scale)
                && has_direction(shown)
                && shown.range() == scale.range()
                && shown.reversed() != scale.reversed() =>
        {
            Err(format!("{source} reads {} but '{column}' says otherwise ({why}); leave --scale out to follow the labels, or ingest into another --index", scale.direction()))
        }
        _ => Ok(()),
    }
}

/// Whether the file's scores fit an index's scale.
fn fits(
    sniffer: &ScoreSniffer,
    content: &FromContent,
    held: Scale,
    unscored: &BTreeSet<i64>,
) -> bool {
    match content.scale {
        Some(shown) => {
            std::mem::discriminant(&shown) == std::mem::discriminant(&held)
                && shown.range() == held.range()
        }
        None if held == Scale::Fft => sniffer.holds_fft_codes(),
        None => sniffer.fits(held, unscored),
    }
}

/// The direction of a new index's CSAT or rating scale from its comments: reversed only on strong
/// evidence; the usual way otherwise, with a warning when the comments lean the other way.
fn decide_by_comments(
    scale: Scale,
    check: &DirectionCheck,
    column: &str,
    path: &std::path::Path,
    observer: &mut dyn Observer,
) -> (Scale, String) {
    let numbers = check.describe();
    if check.says_reversed() {
        let reversed = scale.flipped();
        return (
            reversed,
            format!(
                "read reversed from the comments: {numbers}; pass --scale {} if {} really is best",
                scale.flag(),
                scale.worst_best().1
            ),
        );
    }
    let worst = scale.worst_best().0;
    match check {
        DirectionCheck::Measured { rho, .. } if *rho < 0.0 => observer.note(
            path,
            &format!("warning: the comments in this file lean against the scores in '{column}' ({numbers}), too weakly to read the scale reversed; if {worst} is the best answer, ingest again with --scale {}", scale.flipped().flag()),
        ),
        DirectionCheck::Unchecked(_) | DirectionCheck::TooFew(_) => {
            return (scale, format!("{} (the usual way; {numbers}; if {worst} is the best answer, pass --scale {})", scale.direction(), scale.flipped().flag()));
        }
        _ => {}
    }
    (
        scale,
        format!("{}, as the comments agree: {numbers}", scale.direction()),
    )
}

#[allow(clippy::too_many_arguments)]
fn describe(
    reader: &ScoreReader,
    asked: &[i64],
    sniffer: &ScoreSniffer,
    roles: &Roles,
    column: &str,
    direction: &str,
    path: &std::path::Path,
    observer: &mut dyn Observer,
) {
    let scale = reader.scale;
    let range = sniffer.observed_range().filter(|&(lo, _)| lo >= 1);
    if let (true, Scale::Nps, Some((lo, hi))) = (roles.score_recommends, scale, range) {
        observer.note(
            path,
            &format!(
                "'{column}' asks how likely respondents are to recommend, answered {lo} to {hi} with no 0 (a 1-10 scale): read as NPS (promoters 9-10, passives 7-8, detractors {lo}-6)"
            ),
        );
    } else if roles.score_recommends {
        observer.note(
            path,
            &format!("'{column}' asks how likely respondents are to recommend: it is the score"),
        );
    }
    let direction = match scale {
        Scale::Nps => String::new(),
        _ => format!("; direction: {direction}"),
    };
    observer.note(
        path,
        &format!(
            "scores in '{column}' read as {scale} ({}){direction}",
            band_summary(scale)
        ),
    );
    let count = |c: &i64| thousands(sniffer.counts().get(c).copied().unwrap_or(0));
    let mut codes: Vec<String> = reader
        .unscored
        .iter()
        .filter(|c| sniffer.counts().contains_key(c))
        .map(|c| {
            let why = if asked.contains(c) {
                "named by --unscored-values"
            } else if CONVENTIONAL_MISSING.contains(c) {
                "a missing-value code beside the scale"
            } else {
                "its label declines to answer"
            };
            format!("{c} ({} cell(s), {why})", count(c))
        })
        .collect();
    if scale == Scale::Fft {
        codes.extend(sniffer.counts().range(6..).map(|(c, _)| match c {
            6 => format!("6 (don't know: {} cell(s), counted on its own)", count(c)),
            _ => format!("{c} ({} cell(s), an FFT code above 6)", count(c)),
        }));
    }
    if !codes.is_empty() {
        observer.note(
            path,
            &format!(
                "codes read as no score (the responses are kept, unscored): {}",
                codes.join(", ")
            ),
        );
    }
    if scale == Scale::Fft {
        observer.note(path, "the FFT's headline is NHS England's: % positive = (very good + good) / responses coded 1-6 ('don't know' included), and % negative alike; codes above 6 are kept unscored");
    }
}

fn band_summary(scale: Scale) -> String {
    use crate::score::Band;
    let (lo, hi) = scale.range();
    let range = |band: Band| {
        let mut scores: Vec<i32> = (lo..=hi).filter(|&s| scale.band(s) == band).collect();
        if scale.reversed() {
            scores.reverse();
        }
        match (scores.first(), scores.last()) {
            (Some(a), Some(b)) if a == b => format!("{} {a}", scale.band_name(band)),
            (Some(a), Some(b)) => format!("{} {a}-{b}", scale.band_name(band)),
            _ => String::new(),
        }
    };
    format!(
        "{}, {}, {}",
        range(Band::Low),
        range(Band::Middle),
        range(Band::High)
    )
}
