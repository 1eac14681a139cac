//! Planning a file: after the scan pass, deciding how its rows will be read (the column roles,
//! the scale, the date parser, the status values that mark previews and tests, word polarity
//! learned from the scores) and telling the user each choice, before any row is indexed. An
//! ingest and a dry run (`preview`) plan alike, so the dry run shows what the ingest will do.

use std::collections::HashSet;
use std::path::Path;

use super::columns::profile::Profile;
use super::columns::{self, Roles};
use super::dates::DateParser;
use super::long;
use super::pivot::Pivot;
use super::rejects::Reject;
use super::response::RowContext;
use super::scale::{choose_scale, ScaleAsk};
use super::scan::{check_repeated_ids, scan, Scan};
use super::source::{Record, Source};
use super::{IngestOptions, Observer};
use crate::analysis::header::Meta;
use crate::analysis::slant::{self, Slant};
use crate::error::{Error, Result};
use crate::index::IndexMeta;
use crate::score::{Scale, ScoreRead, ScoreReader};

/// The share of a column's answers at which one answer given word for word, without an
/// opinion, is the source's template rather than a comment (issue 23's "template" share).
const TEMPLATE_SHARE: f64 = 0.1;

/// Labels that survey tools put under a question, which name the kind of answer, not the question.
const ANSWER_LABELS: &[&str] = &["response", "open-ended response", "other (please specify)"];

/// How a file's rows will be read: its source, scan, column roles, scale and date parser.
pub(super) struct Plan {
    pub(super) source: Source,
    pub(super) scan: Scan,
    pub(super) roles: Roles,
    /// Reads the score column on its scale (None without one).
    pub(super) score: Option<ScoreReader>,
    /// How the scale's direction was decided, in words.
    pub(super) direction: Option<String>,
    pub(super) dates: Option<DateParser>,
    /// The status column and its values that mark previews, tests and spam, left out.
    pub(super) left_out: Option<(usize, HashSet<String>)>,
    /// Word polarity learned from the scores, where the language has no sentiment lexicon.
    pub(super) learned: Option<crate::analysis::learned::LearnedPolarity>,
    /// How a long-format file's rows fold into one response per respondent.
    pub(super) pivot: Option<Pivot>,
}

impl Plan {
    /// The roles of the rows written: a pivoted row's, or the file's.
    pub(super) fn row_roles(&self) -> &Roles {
        self.pivot.as_ref().map_or(&self.roles, |p| &p.roles)
    }

    /// The question a written row's column answers: the survey tool's question row (Qualtrics)
    /// when the export has one, else the header (a pivoted row's question columns are named by
    /// their question).
    pub(super) fn question_text(&self, col: usize) -> String {
        let name = &self.row_headers()[col];
        let label = self.scan.profile.labels.get(col).map_or("", |l| l.trim());
        if label.is_empty() || ANSWER_LABELS.contains(&label.to_lowercase().as_str()) {
            name.clone()
        } else {
            label.to_string()
        }
    }

    /// Each open question's slant, from the question of its first text column (empty where
    /// every question is open).
    pub(super) fn question_slants(&self) -> Vec<Slant> {
        let roles = self.row_roles();
        let mut slants: Vec<Slant> = Vec::new();
        for (k, &col) in roles.text.iter().enumerate() {
            let question = roles.questions.get(k).copied().unwrap_or(0) as usize;
            if question >= slants.len() {
                slants.resize(question + 1, Slant::Open);
                slants[question] = slant::of_question(&self.question_text(col));
            }
        }
        if slants.iter().all(|&s| s == Slant::Open) {
            slants.clear();
        }
        slants
    }

    /// The headers of the rows written (a pivoted row has a column per question).
    pub(super) fn row_headers(&self) -> &[String] {
        self.pivot
            .as_ref()
            .map_or(&self.scan.headers, |p| &p.headers)
    }

    pub(super) fn scale(&self) -> Option<Scale> {
        self.score.as_ref().map(|r| r.scale)
    }

    /// A record's line and cells, or the reject of a record that cannot be read as cells.
    pub(super) fn cells(&self, record: Record) -> std::result::Result<(u64, Vec<String>), Reject> {
        match record {
            Record::Row { line, cells } => Ok((line, cells)),
            Record::Bad {
                line,
                column,
                kind,
                reason,
                raw,
            } => Err(Reject {
                file: self.source.path.clone(),
                line,
                column: column.and_then(|c| self.scan.headers.get(c).cloned()),
                kind,
                detail: reason,
                cells: raw,
            }),
        }
    }

    pub(super) fn row_context<'a>(
        &'a self,
        segment_keys: &'a [(usize, String)],
        meta: &IndexMeta,
        fields: &'a crate::index::schema::Fields,
        analyzer: &'a crate::analysis::Analyzer,
    ) -> RowContext<'a> {
        RowContext {
            path: &self.source.path,
            headers: self.row_headers(),
            roles: self.row_roles(),
            score: self.score.as_ref(),
            dates: self.dates.as_ref(),
            fiscal_year_start: meta.fiscal_year_start,
            segment_keys,
            fields,
            analyzer,
            delimiter: self.source.delimiter(),
            learned: self.learned.as_ref(),
            reading: self.reading(segment_keys),
            templates: self.templates(analyzer),
            slants: {
                // One slant per question, as the index stores it: a title and its body share it.
                let (roles, per_question) = (self.row_roles(), self.question_slants());
                (0..roles.text.len())
                    .map(|k| {
                        let q = roles.questions.get(k).copied().unwrap_or(0) as usize;
                        per_question.get(q).copied().unwrap_or_default()
                    })
                    .collect()
            },
        }
    }

    /// Each text column's template answers, lower-cased: an answer that [`TEMPLATE_SHARE`] or
    /// more of the column's sampled answers give word for word and that holds no opinion word is
    /// a line the source wrote for the respondent (a review site's title cell, "British Airways
    /// customer review" in a quarter of the BA reviews), not a comment. Beside a row's comment in
    /// another column it is indexed as a placeholder: searchable, reported, never theme words
    /// (where it is a row's only text it stays the comment). None for a pivoted file.
    fn templates(&self, analyzer: &crate::analysis::Analyzer) -> Vec<Vec<String>> {
        let roles = self.row_roles();
        let judged = |text: &str| {
            (analyzer.analyze(text).iter()).any(|w| w.valence.is_some_and(|v| v != 0.0))
        };
        roles
            .text
            .iter()
            .map(
                |&col| match (&self.pivot, self.scan.profile.stats.get(col)) {
                    (None, Some(stats)) => stats
                        .repeated_answers(TEMPLATE_SHARE)
                        .into_iter()
                        .filter(|text| text.split_whitespace().count() >= 2 && !judged(text))
                        .map(|text| text.trim().to_lowercase())
                        .collect(),
                    _ => Vec::new(),
                },
            )
            .collect()
    }

    /// A hash of how the rows are read: the file, the column roles, the scale, the dates and
    /// the segment keys.
    fn reading(&self, segment_keys: &[(usize, String)]) -> u64 {
        let how = format!(
            "{}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}\u{1f}{:?}",
            self.source.path.display(),
            self.row_roles(),
            self.score,
            self.dates.as_ref().map(|d| d.describe()),
            segment_keys
        );
        xxhash_rust::xxh3::xxh3_64(how.as_bytes())
    }
}

/// Opens and scans `path` and decides how to read it, given what the index holds (`meta`), telling
/// `observer` what it chose. None for a file with a header and no rows.
pub(super) fn plan(
    meta: &IndexMeta,
    path: &Path,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<Option<Plan>> {
    let source = Source::open(path, &options.source)?;
    observer.note(path, &format!("reading {}", source.description));
    let scan = scan(&source)?;
    for note in scan.dialect_note.iter().chain(&scan.header_notes) {
        observer.note(path, note);
    }
    let profile = &scan.profile;
    if profile.rows == 0 {
        observer.note(path, "the file has a header but no rows: nothing to index");
        return Ok(None);
    }
    let stored = long::stored_mapping(meta);
    let mut roles = columns::choose(profile, &options.overrides, stored.as_ref())
        .map_err(|m| Error::input(path, m))?;
    let pivot = long::pivot(&source, &scan, &roles, meta, &options.pivot, observer)?;
    if roles.id_repeats && pivot.is_none() {
        if let Some(reason) = check_repeated_ids(&source, &scan, &roles)? {
            roles.refuse_id(reason);
        }
    }
    if roles.text.is_empty() {
        let advice = without_text(profile, &roles);
        if roles.score.is_none() {
            return Err(Error::input(path, advice));
        }
        observer.note(path, &advice);
    }
    match &pivot {
        Some(p) => describe_roles(path, &p.headers, &p.roles, observer),
        None => describe_roles(path, &profile.headers, &roles, observer),
    }
    let (left_out, unfinished) = response_status(profile);
    if let Some((col, values)) = &left_out {
        let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
        values.sort_unstable();
        observer.note(
            path,
            &format!(
                "rows whose '{}' is {} are survey previews, tests or spam: they are left out and kept in rejects.csv with the reason",
                profile.headers[*col],
                values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(" or ")
            ),
        );
    }
    if unfinished > 0 {
        observer.note(
            path,
            &format!(
                "{} unfinished response(s) (the respondent left before the end) are kept with the answers they gave",
                crate::output::thousands(unfinished)
            ),
        );
    }
    let ask = ScaleAsk {
        choice: options.scale,
        labels: options.score_labels.as_deref(),
        unscored: &options.unscored_values,
    };
    let decision = choose_scale(meta, &source, &scan, &roles, &ask, observer)?;
    let dates = match roles.date {
        Some(i) => {
            let parser = match &profile.stats[i].dates {
                Some(sniffer) => sniffer.finish(&options.date_format),
                None => DateParser::new(&options.date_format, None),
            }
            .map_err(|e| Error::input(path, format!("column '{}': {e}", profile.headers[i])))?;
            observer.note(
                path,
                &format!(
                    "dates in '{}' read as {}",
                    profile.headers[i],
                    parser.describe()
                ),
            );
            Some(parser)
        }
        None => None,
    };
    let learned = match &decision {
        Some(decision) if !roles.text.is_empty() && roles.score.is_some() => learn_polarity(
            &source,
            &scan,
            &roles,
            &decision.reader,
            meta.language,
            path,
            observer,
        )?,
        _ => None,
    };
    let (score, direction) = match decision {
        Some(d) => (Some(d.reader), Some(d.direction)),
        None => (None, None),
    };
    Ok(Some(Plan {
        source,
        scan,
        roles,
        score,
        direction,
        dates,
        left_out,
        learned,
        pivot,
    }))
}

/// Status values that mark previews, tests and spam (Qualtrics writes the words, or with
/// "numeric values" the codes 1 preview, 2 test, 8 spam, 9 and 17 preview spam/offline, 12
/// imported spam), and how many unfinished responses the file holds.
fn response_status(profile: &Profile) -> (Option<(usize, HashSet<String>)>, u64) {
    let column = |meta| profile.meta.iter().position(|m| *m == Some(meta));
    let left_out = column(Meta::Status).and_then(|i| {
        let counts = profile.stats[i].value_counts()?;
        let numeric_codes =
            profile.tool == Some("Qualtrics") && counts.keys().all(|v| v.parse::<u32>().is_ok());
        let values: HashSet<String> = counts
            .keys()
            .filter(|v| {
                let l = v.to_lowercase();
                l.contains("preview")
                    || l.contains("test")
                    || l.contains("spam")
                    || (numeric_codes && matches!(l.as_str(), "1" | "2" | "8" | "9" | "12" | "17"))
            })
            .cloned()
            .collect();
        (!values.is_empty()).then_some((i, values))
    });
    let count_of = |i: usize, unfinished: &dyn Fn(&str) -> bool| {
        profile.stats[i].value_counts().map_or(0, |c| {
            c.iter()
                .filter(|(v, _)| unfinished(&v.to_lowercase()))
                .map(|(_, n)| n)
                .sum()
        })
    };
    let unfinished = match (column(Meta::Finished), column(Meta::Status)) {
        (Some(i), _) => count_of(i, &|v| matches!(v, "false" | "0" | "no")),
        (None, Some(i)) => count_of(i, &|v| v == "partial" || v == "incomplete"),
        _ => 0,
    };
    (left_out, unfinished)
}

/// For a language without a sentiment lexicon, reads the file once more and learns which words
/// the high band and the low band use differently (`analysis::learned`); None otherwise.
fn learn_polarity(
    source: &Source,
    scan: &Scan,
    roles: &Roles,
    reader: &ScoreReader,
    language: crate::analysis::Language,
    path: &Path,
    observer: &mut dyn Observer,
) -> Result<Option<crate::analysis::learned::LearnedPolarity>> {
    use crate::analysis::{learned::PolarityCounts, lexicon::lexicon, Analyzer};
    use crate::score::Band;
    let Some(score) = roles.score.filter(|_| lexicon(language).scores_nothing()) else {
        return Ok(None);
    };
    let analyzer = Analyzer::new(language);
    let mut counts = PolarityCounts::default();
    let (mut index, mut words) = (0usize, Vec::new());
    source.for_each(&mut |record, _| {
        index += 1;
        let Record::Row { cells, .. } = record else {
            return Ok(());
        };
        let band = match cells.get(score).map(|c| reader.read(c)) {
            Some(Ok(ScoreRead::Score(s))) => Some(reader.scale.band(s)),
            _ => None,
        };
        if index <= scan.skip || !matches!(band, Some(Band::Low | Band::High)) {
            return Ok(());
        }
        let texts: Vec<&str> = roles
            .text
            .iter()
            .map(|&col| cells.get(col).map_or("", |c| c.as_str()))
            .collect();
        let text = texts.join("\n\n");
        words.clear();
        analyzer.analyze_into(&text, &mut words);
        counts.add(&text, &words, band == Some(Band::High));
        Ok(())
    })?;
    let learned = counts.learn();
    let (good, bad) = learned.strongest(3);
    observer.note(
        path,
        &format!(
            "{language} has no sentiment lexicon: the polarity of {} word(s) was learned from the scores (said mostly by the high band: {}; by the low band: {})",
            learned.len(),
            if good.is_empty() { "none".to_string() } else { good.join(", ") },
            if bad.is_empty() { "none".to_string() } else { bad.join(", ") },
        ),
    );
    Ok(Some(learned))
}

/// What to say of a file without a free-text column: scores only (with the flag that names a
/// comment column), or, without scores either, why it is refused and which flags would work.
fn without_text(profile: &Profile, roles: &Roles) -> String {
    let h = &profile.headers;
    // Any column can be named as text; suggest the one with the longest words in it.
    let text_like = roles
        .segments
        .iter()
        .copied()
        .filter(|&i| profile.stats[i].numeric_ratio() < 0.5 && profile.stats[i].non_blank > 0)
        .max_by(|&a, &b| {
            let (sa, sb) = (&profile.stats[a], &profile.stats[b]);
            sa.mean_chars().total_cmp(&sb.mean_chars()).then(b.cmp(&a))
        });
    let text_flag = text_like.map(|i| format!("--text-col '{}'", h[i]));
    if roles.score.is_some() {
        return match text_flag {
            Some(flag) => format!(
                "no free-text column found: the scores are indexed without comments (stats work; search and themes need text); if a column holds the comments, ingest again with {flag} (or another column's name)"
            ),
            None => "no free-text column found: the scores are indexed without comments (stats work; search and themes need text); name a comment column with --text-col COLUMN if the export has one".to_string(),
        };
    }
    // A column whose numbers make a scale auto-detection accepts.
    let score_flag = roles
        .segments
        .iter()
        .copied()
        .find(|&i| {
            let scores = &profile.stats[i].scores;
            profile.stats[i].numeric_ratio() >= 0.5
                && scores.detect(&scores.missing_codes()).is_ok()
        })
        .map(|i| format!("--score-col '{}'", h[i]));
    let flags: Vec<String> = text_flag.into_iter().chain(score_flag).collect();
    let columns = h.join(", ");
    if flags.is_empty() {
        format!("holds neither a score nor a free-text column (columns: {columns}), so there is nothing to index; export the survey again with its score or comment column")
    } else {
        format!(
            "holds neither a score nor a free-text column that verbatim recognises (columns: {columns}); name one with {}",
            flags.join(" or ")
        )
    }
}

fn describe_roles(path: &Path, headers: &[String], roles: &Roles, observer: &mut dyn Observer) {
    let name = |i: Option<usize>| i.map_or("(none)".to_string(), |i| format!("'{}'", headers[i]));
    let texts = roles.mapping(&headers).describe_text(true);
    observer.note(
        path,
        &format!(
            "columns: id {}, date {}, score {}, comment {}; {} segment column(s){}",
            name(roles.id),
            name(roles.date),
            name(roles.score),
            texts,
            roles.segments.len(),
            if roles.id.is_none() {
                " (no id column: ids are derived from each row's content)"
            } else {
                ""
            }
        ),
    );
    for (i, reason) in &roles.refused_ids {
        let column = &headers[*i];
        observer.note(
            path,
            &format!(
                "'{column}' is not used as the response id: {reason}; ids are derived from each row's content (pass --id-col '{column}' if it does identify each response)"
            ),
        );
    }
    if !roles.personal.is_empty() {
        let names: Vec<String> = roles
            .personal
            .iter()
            .map(|&i| format!("'{}'", headers[i]))
            .collect();
        let flags: Vec<String> = roles
            .personal
            .iter()
            .map(|&i| format!("--keep-col '{}'", headers[i]))
            .collect();
        observer.note(
            path,
            &format!(
                "personal data left out: {}; to keep a column (an email an --accounts file joins on, say) pass {}",
                names.join(", "),
                flags.join(" ")
            ),
        );
    }
}

/// Records in `meta` what a file contributes (scale, mapping, segments, source); returns the
/// index key of each segment column.
pub(super) fn record_plan(
    meta: &mut IndexMeta,
    plan: &Plan,
    options: &IngestOptions,
) -> Vec<(usize, String)> {
    let headers = plan.row_headers();
    if meta.scale.is_none() && plan.score.is_some() {
        meta.scale = plan.scale();
        meta.scale_direction = plan.direction.clone();
    }
    let mut mapping = plan.row_roles().mapping(headers);
    mapping.slants = plan.question_slants();
    meta.long = plan.pivot.as_ref().map(Pivot::stored);
    if meta.mapping.is_none()
        || options.overrides.text.len() + options.overrides.exclude.len() > 0
        || meta.mapping.as_ref() != Some(&mapping)
    {
        meta.mapping = Some(mapping);
    }
    let segment_keys = plan
        .row_roles()
        .segments
        .iter()
        .map(|&i| (i, meta.segment_key(&headers[i])))
        .collect();
    let display = plan.source.path.display().to_string();
    if !meta.sources.contains(&display) {
        meta.sources.push(display);
    }
    segment_keys
}
