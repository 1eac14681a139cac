//! Survey-tool dialects: extra header rows under the column names (Qualtrics, SurveyMonkey, a row
//! of question labels as Snap and others write it) and the tool that wrote a file (the columns
//! each tool adds around the answers are known by name in `analysis::header`). The extra rows are
//! skipped and their text is kept as column labels, which helps to find the score and comment
//! columns ("Q1" is "How likely are you to recommend...").

use crate::analysis::header::{normalized, words};

/// What the rows after the header turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialect {
    /// The survey tool that wrote the file, when its columns or header rows tell; None for a plain
    /// table.
    pub tool: Option<&'static str>,
    /// Rows after the header to skip.
    pub skip: usize,
    /// What the skipped rows were, for the ingest notes.
    pub skipped: &'static str,
    /// Column names, completed where the tool leaves them blank.
    pub headers: Vec<String>,
    /// Extra text per column (question text or answer label), possibly empty.
    pub labels: Vec<String>,
}

impl Dialect {
    /// The note about the tool and the rows skipped, if there is anything to say.
    pub fn note(&self) -> Option<String> {
        match (self.tool, self.skip) {
            (None, 0) => None,
            (Some(tool), 0) => Some(format!("{tool} export")),
            (Some(tool), n) => Some(format!(
                "{tool} export: skipped {n} extra header row(s) under the column names ({})",
                self.skipped
            )),
            (None, n) => Some(format!(
                "skipped {n} extra header row(s) under the column names ({})",
                self.skipped
            )),
        }
    }
}

/// Looks at the header and the rows after it (up to four).
pub fn detect(header: &[String], next: &[&[String]]) -> Dialect {
    let import_id = |row: &[String]| {
        row.iter()
            .any(|c| c.trim_start().starts_with("{\"ImportId\""))
    };
    let plain = Dialect {
        tool: tool_of(header),
        skip: 0,
        skipped: "",
        headers: header.to_vec(),
        labels: vec![String::new(); header.len()],
    };
    match next {
        [questions, ids, ..] if import_id(ids) => Dialect {
            tool: Some("Qualtrics"),
            skip: 2,
            skipped: "question texts and import ids",
            headers: header.to_vec(),
            labels: padded(questions, header.len()),
        },
        [ids, ..] if import_id(ids) => Dialect {
            tool: Some("Qualtrics"),
            skip: 1,
            skipped: "import ids",
            ..plain
        },
        [labels, ..] if is_surveymonkey_labels(labels) => {
            let labels = padded(labels, header.len());
            let mut headers = Vec::with_capacity(header.len());
            let mut question = String::new();
            for (name, label) in header.iter().zip(&labels) {
                if !name.trim().is_empty() {
                    question = name.trim().to_string();
                    headers.push(name.clone());
                } else if label.trim().is_empty() {
                    headers.push(question.clone());
                } else {
                    headers.push(format!("{question} - {}", label.trim()));
                }
            }
            Dialect {
                tool: Some("SurveyMonkey"),
                skip: 1,
                skipped: "answer labels",
                headers,
                labels,
            }
        }
        [labels, data @ ..] if is_label_row(header, labels, data) => Dialect {
            skip: 1,
            skipped: "question labels",
            labels: padded(labels, header.len()),
            ..plain
        },
        _ => plain,
    }
}

/// The tool whose own columns the header holds.
fn tool_of(header: &[String]) -> Option<&'static str> {
    let names: Vec<String> = header.iter().map(|h| normalized(h)).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    let first = header.first().map_or("", |h| h.trim());
    if (has("responseid") || has("responseset"))
        && (has("recordeddate") || has("startdate"))
        && (has("finished") || has("status"))
    {
        Some("Qualtrics")
    } else if has("respondentid") && has("collectorid") {
        Some("SurveyMonkey")
    } else if has("responseid") && (has("datesubmitted") || has("timestarted")) {
        Some("Alchemer (SurveyGizmo)")
    } else if first == "#" && (has("submitdateutc") || has("networkid") || has("startdateutc")) {
        Some("Typeform")
    } else if has("id") && has("starttime") && has("completiontime") {
        Some("Microsoft Forms")
    } else if normalized(first) == "timestamp" {
        Some("Google Forms")
    } else {
        None
    }
}

/// Gives repeated column names a number ("Other", "Other (2)", "Other (3)"), so that no column's
/// values overwrite another's. Returns one note per repeated name.
pub fn unique_headers(headers: &mut [String]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut done = std::collections::HashSet::new();
    for i in 0..headers.len() {
        let name = headers[i].clone();
        if !done.insert(name.clone()) {
            continue;
        }
        let repeats: Vec<usize> = (i + 1..headers.len())
            .filter(|&j| headers[j] == name)
            .collect();
        if repeats.is_empty() {
            continue;
        }
        let mut given = vec![format!("'{name}'")];
        let mut n = 2;
        for j in repeats {
            let mut renamed = format!("{name} ({n})");
            while headers.contains(&renamed) {
                n += 1;
                renamed = format!("{name} ({n})");
            }
            given.push(format!("'{renamed}'"));
            done.insert(renamed.clone());
            headers[j] = renamed;
            n += 1;
        }
        notes.push(format!(
            "{} columns are named '{name}': each is kept, as {}",
            given.len(),
            given.join(", ")
        ));
    }
    notes
}

fn is_surveymonkey_labels(row: &[String]) -> bool {
    let labelled = row.iter().filter(|c| {
        let c = c.trim().to_lowercase();
        c == "response" || c == "open-ended response" || c == "other (please specify)"
    });
    labelled.count() >= 1 && row.iter().all(|c| c.parse::<f64>().is_err())
}

/// A second header row of question labels (Snap and other tools that export variable names and
/// labels): no numbers, nearly every column labelled with a different text, and columns that
/// hold numbers in the rows below it labelled with words.
fn is_label_row(header: &[String], row: &[String], data: &[&[String]]) -> bool {
    let width = header.len();
    let cells: Vec<&str> = row.iter().map(|c| c.trim()).collect();
    let filled: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    if width < 2 || data.is_empty() || filled.len() * 5 < width * 3 {
        return false;
    }
    let numeric = |c: &str| crate::score::parse_number(c).is_some();
    if filled.iter().any(|c| numeric(c)) {
        return false;
    }
    let distinct: std::collections::HashSet<&str> = filled.iter().copied().collect();
    if distinct.len() * 5 < filled.len() * 4
        || cells.iter().zip(header).all(|(c, h)| *c == h.trim())
    {
        return false;
    }
    // A non-answer ("N/A", "Don't know") over numbers is a row's unscored answer, not a label.
    let worded_over_numbers = (0..width.min(cells.len()))
        .filter(|&i| {
            // A label is a phrase ("Overall rating"); one word over numbers ("a" above "0") is
            // as likely a row's own value.
            words(cells[i]).len() >= 2 && !crate::score::is_score_non_answer(cells[i])
        })
        .filter(|&i| {
            let below: Vec<&str> = data
                .iter()
                .filter_map(|r| r.get(i).map(|c| c.trim()))
                .filter(|c| !c.is_empty())
                .collect();
            !below.is_empty() && below.iter().all(|c| numeric(c))
        })
        .count();
    // Two columns at least: one phrase over numbers is as likely a row's comment ("a.b. A" over
    // "0"), and a row taken for labels would be lost.
    worded_over_numbers >= 2
}

fn padded(row: &[String], len: usize) -> Vec<String> {
    let mut v: Vec<String> = row.iter().take(len).cloned().collect();
    v.resize(len, String::new());
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::header::{metadata, Meta};

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn qualtrics_two_extra_rows() {
        let h = row(&["ResponseId", "Q1", "Q2"]);
        let q = row(&["Response ID", "How likely are you to recommend us?", "Why?"]);
        let ids = row(&[
            "{\"ImportId\":\"_recordId\"}",
            "{\"ImportId\":\"QID1\"}",
            "{\"ImportId\":\"QID2_TEXT\"}",
        ]);
        let d = detect(&h, &[&q, &ids]);
        assert_eq!((d.tool, d.skip), (Some("Qualtrics"), 2));
        assert_eq!(d.labels[1], "How likely are you to recommend us?");
    }

    #[test]
    fn surveymonkey_label_row_names_blank_columns() {
        let h = row(&[
            "Respondent ID",
            "How likely?",
            "What could we do better?",
            "",
        ]);
        let l = row(&["", "Response", "Open-Ended Response", "Other"]);
        let d = detect(&h, &[&l, &row(&["1", "9", "x", "y"])]);
        assert_eq!((d.tool, d.skip), (Some("SurveyMonkey"), 1));
        assert_eq!(d.headers[3], "What could we do better? - Other");
    }

    #[test]
    fn plain_tables_are_left_alone() {
        let h = row(&["id", "score", "comment"]);
        let d = detect(&h, &[&row(&["1", "9", "Response was quick"])]);
        assert_eq!((d.tool, d.skip), (None, 0));
    }

    #[test]
    fn repeated_names_are_numbered() {
        let mut h = row(&["#", "Other", "Tasks", "Other", "Other", "Other (2)"]);
        let notes = unique_headers(&mut h);
        assert_eq!(
            h,
            ["#", "Other", "Tasks", "Other (3)", "Other (4)", "Other (2)"]
        );
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("3 columns are named 'Other'"),
            "{notes:?}"
        );
    }

    #[test]
    fn a_first_row_with_a_non_answer_score_is_a_row() {
        let header = row(&["id", "score", "comment"]);
        let first = row(&["r0", "N/A", "\"\t\"\t\"\t\""]);
        let second = row(&["r1", "0", "fine"]);
        assert!(!is_label_row(&header, &first, &[&second]));
        // A one-word id over a numeric one, beside a long comment: a row (the property test
        // found it).
        let first = row(&["a", "", "billing is wrong, again"]);
        let second = row(&["0", "", "A."]);
        assert!(!is_label_row(&header, &first, &[&second]));
        let first = row(&["a", "", "a.aA'A"]);
        let (second, blank) = (row(&["a", "", "0"]), row(&["a", "", ""]));
        assert!(!is_label_row(&header, &first, &[&second, &blank, &blank]));
    }

    #[test]
    fn a_row_of_question_labels_is_skipped() {
        let h = row(&["Serial", "Q1", "Q2", "Q3"]);
        let labels = row(&[
            "Serial number",
            "How likely are you to recommend us?",
            "Why?",
            "Which services?",
        ]);
        let data = row(&["1", "9", "Friendly staff", "Printing"]);
        let d = detect(&h, &[&labels, &data]);
        assert_eq!((d.tool, d.skip), (None, 1));
        assert_eq!(d.labels[1], "How likely are you to recommend us?");
        // an ordinary first row of answers is data
        let answers = row(&["2", "7", "Slow wifi", "Study space"]);
        assert_eq!(detect(&h, &[&answers, &data]).skip, 0);
        let words_only = row(&["abc", "Promoter", "Great", "Printing"]);
        assert_eq!(
            detect(&h, &[&words_only, &row(&["def", "Passive", "ok", "Wi-Fi"])]).skip,
            0
        );
    }

    #[test]
    fn tools_and_their_columns() {
        let typeform = row(&[
            "#",
            "How likely?",
            "Start Date (UTC)",
            "Submit Date (UTC)",
            "Network ID",
        ]);
        let d = detect(&typeform, &[]);
        assert_eq!(d.tool, Some("Typeform"));
        assert_eq!(metadata("Submit Date (UTC)", d.tool), Some(Meta::Submitted));
        assert_eq!(metadata("Network ID", d.tool), Some(Meta::Tool));
        assert_eq!(metadata("#", d.tool), Some(Meta::Id));
        let forms = row(&["Id", "Start time", "Completion time", "Email", "Name", "Q"]);
        let tool = detect(&forms, &[]).tool;
        assert_eq!(tool, Some("Microsoft Forms"));
        assert_eq!(metadata("Name", tool), Some(Meta::Personal));
        assert_eq!(metadata("Completion time", tool), Some(Meta::Submitted));
        assert_eq!(metadata("Q_RecaptchaScore", None), Some(Meta::Tool));
        assert_eq!(metadata("Q1", None), None);
        assert_eq!(
            metadata("End Date", Some("SurveyMonkey")),
            Some(Meta::Submitted)
        );
        assert_eq!(
            metadata("EndDate", Some("Qualtrics")),
            Some(Meta::OtherDate)
        );
    }
}
