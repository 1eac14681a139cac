//! Survey-tool dialects: extra header rows that Qualtrics and SurveyMonkey put under the column
//! names. They are recognised, skipped, and their text is kept as column labels, which helps to
//! find the score and comment columns ("Q1" is "How likely are you to recommend...").

/// What the rows after the header turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialect {
    /// "Qualtrics" or "SurveyMonkey"; None for a plain table.
    pub tool: Option<&'static str>,
    /// Rows after the header to skip.
    pub skip: usize,
    /// Column names, completed where the tool leaves them blank.
    pub headers: Vec<String>,
    /// Extra text per column (question text or answer label), possibly empty.
    pub labels: Vec<String>,
}

/// Looks at the header and the (up to) two rows after it.
pub fn detect(header: &[String], next: &[&[String]]) -> Dialect {
    let import_id = |row: &[String]| {
        row.iter()
            .any(|c| c.trim_start().starts_with("{\"ImportId\""))
    };
    let plain = Dialect {
        tool: None,
        skip: 0,
        headers: header.to_vec(),
        labels: vec![String::new(); header.len()],
    };
    match next {
        [questions, ids, ..] if import_id(ids) => Dialect {
            tool: Some("Qualtrics"),
            skip: 2,
            headers: header.to_vec(),
            labels: padded(questions, header.len()),
        },
        [ids, ..] if import_id(ids) => Dialect {
            tool: Some("Qualtrics"),
            skip: 1,
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
                headers,
                labels,
            }
        }
        _ => plain,
    }
}

fn is_surveymonkey_labels(row: &[String]) -> bool {
    let labelled = row.iter().filter(|c| {
        let c = c.trim().to_lowercase();
        c == "response" || c == "open-ended response" || c == "other (please specify)"
    });
    labelled.count() >= 1 && row.iter().all(|c| c.parse::<f64>().is_err())
}

fn padded(row: &[String], len: usize) -> Vec<String> {
    let mut v: Vec<String> = row.iter().take(len).cloned().collect();
    v.resize(len, String::new());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
