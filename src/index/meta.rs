//! Metadata kept beside tantivy's files: what an index holds and how it was built.
//!
//! Written atomically (temporary file, then rename) so a crash never leaves half a file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::slant::Slant;
use crate::analysis::{Language, ANALYZER_VERSION};
use crate::error::{ColumnUse, Error, Refusal, Result};
use crate::score::Scale;

/// Version of the on-disk layout (schema + this file). Bump on any incompatible change.
pub const FORMAT_VERSION: u32 = 7;
pub const META_FILE: &str = "verbatim.json";

/// Which columns of the exports play which part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub id: Option<String>,
    pub date: Option<String>,
    pub score: Option<String>,
    /// Free-text columns, searched together.
    pub text: Vec<String>,
    /// The open question of each text column (0-based, parallel to `text`): a title column
    /// shares the question of the body it heads. Empty means one question.
    #[serde(default)]
    pub questions: Vec<u32>,
    /// Columns dropped at the door (personal data).
    #[serde(default)]
    pub excluded: Vec<String>,
    /// Each open question's slant (what a clause that says nothing clear by itself answers),
    /// read from its words at ingest; empty where every question is open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slants: Vec<Slant>,
}

/// A long-format export (one row per answer) pivoted into one response per respondent: the
/// columns that name the respondent, the question and the answer, and the questions in the order
/// first seen, so that later files pivot the same way and question numbers stay stable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongFormat {
    pub respondent: String,
    pub question: String,
    pub comment: String,
    pub questions: Vec<String>,
    /// The column with an id per answer, kept with each answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_id: Option<String>,
    /// Columns unique per row (read in the first file), which a respondent's rows may differ in.
    #[serde(default)]
    pub per_row: Vec<String>,
    /// The first file's columns: what `per_row` was judged over.
    #[serde(default)]
    pub columns: Vec<String>,
}

impl LongFormat {
    /// Whether the column was among those the first file's rows were judged over.
    pub fn known(&self, header: &str) -> bool {
        self.columns.iter().any(|c| c == header)
    }
}

/// One open question: the text columns read together as its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// 0-based, as stored in the index (`index::schema::question_position`).
    pub index: u32,
    /// Its columns' headers joined: "ReviewHeader + ReviewBody".
    pub label: String,
    /// Positions of its columns in [`ColumnMapping::text`].
    #[serde(skip)]
    pub columns: Vec<usize>,
    /// What it asks its answers to say (see `analysis::slant`).
    pub slant: Slant,
}

impl ColumnMapping {
    /// The question of text column `k`.
    pub fn question_of(&self, k: usize) -> u32 {
        self.questions.get(k).copied().unwrap_or(0)
    }

    /// The slant of open question `index` (0-based).
    pub fn slant_of(&self, index: u32) -> Slant {
        self.slants.get(index as usize).copied().unwrap_or_default()
    }

    pub fn question_count(&self) -> u32 {
        (0..self.text.len())
            .map(|k| self.question_of(k) + 1)
            .max()
            .unwrap_or(1)
    }

    /// The open questions in order.
    pub fn question_list(&self) -> Vec<Question> {
        (0..self.question_count())
            .map(|index| {
                let columns: Vec<usize> = (0..self.text.len())
                    .filter(|&k| self.question_of(k) == index)
                    .collect();
                let headers: Vec<&str> = columns.iter().map(|&k| self.text[k].as_str()).collect();
                Question {
                    index,
                    label: headers.join(" + "),
                    columns,
                    slant: self.slant_of(index),
                }
            })
            .collect()
    }

    /// The comment columns in plain words: "'Title' + 'Body'" for one question, else each
    /// question numbered: "question 1 'Liked', question 2 'Improve'" (`quote`: the headers in
    /// quotes).
    pub fn describe_text(&self, quote: bool) -> String {
        let mark = if quote { "'" } else { "" };
        let quoted = |q: &Question| {
            let names: Vec<String> = q
                .columns
                .iter()
                .map(|&k| format!("{mark}{}{mark}", self.text[k]))
                .collect();
            names.join(" + ")
        };
        if self.text.is_empty() {
            return "(none)".into();
        }
        match self.question_list().as_slice() {
            [one] => quoted(one),
            several => several
                .iter()
                .map(|q| format!("question {} {}", q.index + 1, quoted(q)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The question named by `--question`: its number (1 for the first) or one of its headers
    /// (ignoring case and punctuation).
    pub fn find_question(&self, wanted: &str) -> std::result::Result<Question, Refusal> {
        let list = self.question_list();
        let norm = |s: &str| segment_key_of(s);
        let found = match wanted.trim().parse::<usize>() {
            Ok(n) => list.iter().find(|q| q.index as usize + 1 == n),
            Err(_) => list.iter().find(|q| {
                q.columns
                    .iter()
                    .any(|&k| norm(&self.text[k]) == norm(wanted))
                    || norm(&q.label) == norm(wanted)
            }),
        };
        found.cloned().ok_or_else(|| Refusal::UnknownQuestion {
            wanted: wanted.to_string(),
            questions: list
                .iter()
                .map(|q| format!("{} '{}'", q.index + 1, q.label))
                .collect(),
        })
    }
}

/// A segment column: the key used in the index and the header as the export wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentColumn {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub format_version: u32,
    pub analyzer_version: u32,
    pub language: Language,
    /// None until a file with scores is ingested.
    pub scale: Option<Scale>,
    /// How the scale's direction was decided (labels, a flag, the comments), in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_direction: Option<String>,
    /// First month of the fiscal year (1 = calendar quarters).
    pub fiscal_year_start: u32,
    pub mapping: Option<ColumnMapping>,
    /// Set when the files are in long format and pivoted (the mapping's text columns are then
    /// the questions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long: Option<LongFormat>,
    pub segments: Vec<SegmentColumn>,
    /// Files ingested so far, in order.
    #[serde(default)]
    pub sources: Vec<String>,
}

impl IndexMeta {
    pub fn new(language: Language, fiscal_year_start: u32) -> IndexMeta {
        IndexMeta {
            format_version: FORMAT_VERSION,
            analyzer_version: ANALYZER_VERSION,
            language,
            scale: None,
            scale_direction: None,
            fiscal_year_start,
            mapping: None,
            long: None,
            segments: Vec::new(),
            sources: Vec::new(),
        }
    }

    pub fn path(dir: &Path) -> PathBuf {
        dir.join(META_FILE)
    }

    /// Reads and checks the metadata of the index in `dir`.
    pub fn load(dir: &Path) -> Result<IndexMeta> {
        let path = Self::path(dir);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NoIndex {
                dir: dir.to_path_buf(),
            },
            _ => Error::io(&path, e),
        })?;
        let incompatible = |problem: String| Error::IncompatibleIndex {
            dir: dir.to_path_buf(),
            problem,
        };
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| incompatible(format!("has a damaged {META_FILE} ({e})")))?;
        let version = value
            .get("format_version")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        if version != FORMAT_VERSION as u64 {
            return Err(incompatible(format!(
                "was written in format {version}, and this verbatim reads format {FORMAT_VERSION}"
            )));
        }
        let meta: IndexMeta = serde_json::from_value(value)
            .map_err(|e| incompatible(format!("has a damaged {META_FILE} ({e})")))?;
        if meta.analyzer_version != ANALYZER_VERSION {
            return Err(incompatible(format!(
                "was analysed by text-analysis version {}, and this verbatim uses version {ANALYZER_VERSION}",
                meta.analyzer_version
            )));
        }
        Ok(meta)
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let path = Self::path(dir);
        let tmp = dir.join(format!("{META_FILE}.tmp"));
        let json = serde_json::to_vec_pretty(self).expect("metadata serialises");
        std::fs::write(&tmp, json).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }

    /// Segment key for a header, allocating a new one if needed. Keys are lower-case words
    /// joined by `_` (dots would nest in tantivy's JSON paths).
    pub fn segment_key(&mut self, name: &str) -> String {
        if let Some(s) = self.segments.iter().find(|s| s.name == name) {
            return s.key.clone();
        }
        let base = segment_key_of(name);
        let mut key = base.clone();
        let mut n = 2;
        while self.segments.iter().any(|s| s.key == key) {
            key = format!("{base}_{n}");
            n += 1;
        }
        self.segments.push(SegmentColumn {
            key: key.clone(),
            name: name.to_string(),
        });
        key
    }

    /// The segment columns by header, for messages: "plan, region, channel".
    pub fn segment_names(&self) -> String {
        let names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.join(", ")
    }

    /// Finds a segment column by key or header, ignoring case and punctuation.
    pub fn find_segment(&self, name: &str) -> Option<&SegmentColumn> {
        let wanted = segment_key_of(name);
        self.segments
            .iter()
            .find(|s| s.key == wanted || segment_key_of(&s.name) == wanted)
    }

    /// The segment column `name`, asked for as `wanted`; refused, with the index's columns,
    /// when there is none.
    pub fn segment(&self, name: &str, wanted: ColumnUse) -> Result<&SegmentColumn, Refusal> {
        self.find_segment(name)
            .ok_or_else(|| Refusal::UnknownColumn {
                column: name.to_string(),
                known: self.segment_names(),
                wanted,
            })
    }
}

fn segment_key_of(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "column".to_string()
    } else {
        words.join("_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_keys_are_safe_and_unique() {
        let mut m = IndexMeta::new(Language::English, 1);
        assert_eq!(m.segment_key("Class Name"), "class_name");
        assert_eq!(m.segment_key("class.name"), "class_name_2");
        assert_eq!(m.segment_key("Class Name"), "class_name");
        assert_eq!(m.find_segment("CLASS-NAME").unwrap().name, "Class Name");
    }

    #[test]
    fn refuses_other_versions() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = IndexMeta::new(Language::English, 1);
        m.format_version = 99;
        m.save(dir.path()).unwrap();
        let err = IndexMeta::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("format 99") && err.contains("ingest"), "{err}");
        std::fs::write(IndexMeta::path(dir.path()), "{").unwrap();
        assert!(IndexMeta::load(dir.path())
            .unwrap_err()
            .to_string()
            .contains("damaged"));
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            IndexMeta::load(empty.path()),
            Err(Error::NoIndex { .. })
        ));
    }
}
