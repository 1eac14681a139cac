//! Codebooks: the themes an analyst tracks quarter after quarter, in a TOML file.
//!
//! ```toml
//! ignore = ["acme", "app"]             # words never to build themes from (the product's name)
//!
//! [[theme]]
//! name = "Billing errors"
//! terms = ["charged twice", "invoice", "refund"]   # words or phrases, matched like a search
//! query = '"double charged" OR overcharged'       # optional, search syntax
//!
//! [rename]
//! "charged twice" = "Billing errors"   # discovered theme (label) -> name to show
//!
//! [[merge]]
//! into = "Support speed"
//! themes = ["hold", "response time"]
//! ```
//!
//! Named themes are counted through the search index, so a codebook theme matches exactly what a
//! search for its terms finds. Discovered themes that overlap a named theme fold into it.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::DocAddress;

use crate::error::{Error, Result};
use crate::index::Store;
use crate::search::parse_query;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(default, rename = "theme")]
    pub themes: Vec<NamedTheme>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rename: BTreeMap<String, String>,
    #[serde(default, rename = "merge", skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<Merge>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedTheme {
    pub name: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    pub into: String,
    pub themes: Vec<String>,
}

impl Codebook {
    pub fn load(path: &Path) -> Result<Codebook> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let book: Codebook = toml::from_str(&text)
            .map_err(|e| Error::input(path, format!("is not a valid codebook: {e}")))?;
        for t in &book.themes {
            if t.terms.is_empty() && t.query.is_none() {
                return Err(Error::input(
                    path,
                    format!("theme '{}' needs terms or a query", t.name),
                ));
            }
        }
        Ok(book)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let body = toml::to_string_pretty(self)
            .map_err(|e| Error::Usage(format!("cannot write the codebook: {e}")))?;
        let header = "# verbatim codebook: edit names and terms, add `ignore = [...]`, `[rename]` and `[[merge]]`\n\
                      # sections (see docs/CODEBOOK.md), then pass it with --codebook.\n\n";
        std::fs::write(path, format!("{header}{body}")).map_err(|e| Error::io(path, e))
    }

    /// Stems of the ignored words.
    pub fn ignored_stems(&self, store: &Store) -> HashSet<String> {
        self.ignore
            .iter()
            .flat_map(|w| store.analyzer.index_terms(w))
            .collect()
    }

    /// The key (stems joined by spaces, as themes name terms) of a word or phrase.
    pub fn key(store: &Store, text: &str) -> String {
        store
            .analyzer
            .analyze(text)
            .into_iter()
            .map(|w| w.term)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The responses (within `scope`) each named theme matches.
    pub fn members(&self, store: &Store, scope: &dyn Query) -> Result<Vec<HashSet<DocAddress>>> {
        let searcher = store.searcher()?;
        self.themes
            .iter()
            .map(|t| {
                let mut parts: Vec<String> = t
                    .terms
                    .iter()
                    .map(|term| format!("\"{}\"", term.replace('"', " ")))
                    .collect();
                parts.extend(t.query.iter().map(|q| format!("({q})")));
                let query = parse_query(store, &parts.join(" OR "))
                    .map_err(|e| Error::Usage(format!("codebook theme '{}': {e}", t.name)))?;
                let scoped =
                    BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, scope.box_clone())]);
                Ok(searcher
                    .search(&scoped, &DocSetCollector)?
                    .into_iter()
                    .collect())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_format() {
        let book: Codebook = toml::from_str(
            r#"
ignore = ["acme"]
[[theme]]
name = "Billing errors"
terms = ["charged twice", "invoice"]
[rename]
"hold" = "Waiting on hold"
[[merge]]
into = "Support speed"
themes = ["hold", "response time"]
"#,
        )
        .unwrap();
        assert_eq!(book.themes[0].terms.len(), 2);
        assert_eq!(book.rename["hold"], "Waiting on hold");
        assert_eq!(book.merges[0].themes.len(), 2);
        assert!(toml::from_str::<Codebook>("[[theme]]\nname = 1").is_err());
        assert!(toml::from_str::<Codebook>("colour = 1").is_err());
    }
}
