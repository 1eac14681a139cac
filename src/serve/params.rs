//! The view a URL asks for: its scope (quarter, comparison quarter, bands, segment values, dates,
//! question, search words) and what is open (a theme or facet, a kind, a page, the heat map's
//! column). The whole view lives in the query string, so every link can be shared.
//!
//! Reading is strict: a malformed escape, an unknown or repeated parameter, or a value the index
//! does not hold is a [`BadRequest`] with a message in plain words, never a guess.

use crate::search::ScopeArgs;
use crate::themes::Kind;

/// A request the server cannot answer as asked: answered 400 with this message.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRequest(pub String);

impl std::fmt::Display for BadRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deepest page of a list: past it, the CSV export has everything.
pub const MAX_PAGE: usize = 500;

/// What a URL asks for, as typed (checked against the index when the view is built).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewParams {
    pub quarter: Option<String>,
    pub compare: Option<String>,
    pub bands: Vec<String>,
    /// "COLUMN=VALUE", as `--where`.
    pub wheres: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// 1-based, as `--question`.
    pub question: Option<u32>,
    /// Search words (search syntax).
    pub q: Option<String>,
    /// Theme key, and facet key within it.
    pub theme: Option<String>,
    pub facet: Option<String>,
    pub kind: Option<Kind>,
    /// 1-based.
    pub page: usize,
    /// Segment column of the heat map.
    pub heat: Option<String>,
    /// Synonyms the search is not to add (repeatable `drop=`).
    pub dropped: Vec<String>,
}

/// Decodes a query string (or a form body): `+` is a space, `%XX` a byte, and the bytes must be
/// UTF-8.
pub fn decode_pairs(query: &str) -> Result<Vec<(String, String)>, BadRequest> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

fn decode(text: &str) -> Result<String, BadRequest> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        BadRequest(format!(
                            "the address has a broken escape near '{}': '%' must be followed by two hex digits",
                            String::from_utf8_lossy(&bytes[i..bytes.len().min(i + 3)])
                        ))
                    })?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| BadRequest("the address holds text that is not UTF-8".to_string()))
}

/// Escapes a value for a query string.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl ViewParams {
    /// How the search words match: the weighted default, less the synonyms dropped.
    pub fn query_mode(&self) -> crate::search::QueryMode {
        crate::search::QueryMode {
            dropped: self.dropped.clone(),
            ..crate::search::QueryMode::default()
        }
    }

    pub fn parse(query: &str) -> Result<ViewParams, BadRequest> {
        let mut view = ViewParams {
            page: 1,
            ..ViewParams::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in decode_pairs(query)? {
            let repeatable = matches!(key.as_str(), "band" | "where" | "drop");
            if !repeatable && seen.contains(&key) {
                return Err(BadRequest(format!("'{key}' is given twice; give it once")));
            }
            seen.push(key.clone());
            // An empty value is a field left blank in the form: no filter.
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "quarter" => view.quarter = Some(value),
                "compare" => view.compare = Some(value),
                "band" => view.bands.push(value),
                "drop" => view.dropped.push(value),
                "where" => {
                    if !value.contains('=') {
                        return Err(BadRequest(format!(
                            "where needs COLUMN=VALUE, e.g. where=plan%3DPro (got '{value}')"
                        )));
                    }
                    view.wheres.push(value)
                }
                "from" => view.from = Some(value),
                "to" => view.to = Some(value),
                "question" => view.question = Some(number(&key, &value, 1, 64)? as u32),
                "q" => view.q = Some(value),
                "theme" => view.theme = Some(value),
                "facet" => view.facet = Some(value),
                "kind" => {
                    view.kind = Some(match value.as_str() {
                        "complaint" => Kind::Complaint,
                        "ask" => Kind::Ask,
                        "praise" => Kind::Praise,
                        "neutral" => Kind::Neutral,
                        _ => {
                            return Err(BadRequest(format!(
                                "kind is complaint, ask, praise or neutral (got '{value}')"
                            )))
                        }
                    })
                }
                "page" => view.page = number(&key, &value, 1, MAX_PAGE)?,
                "heat" => view.heat = Some(value),
                _ => {
                    return Err(BadRequest(format!(
                        "unknown parameter '{key}'; the page reads quarter, compare, band, where, from, to, question, q, theme, facet, kind, page and heat"
                    )))
                }
            }
        }
        if view.facet.is_some() && view.theme.is_none() {
            return Err(BadRequest("a facet needs its theme".to_string()));
        }
        Ok(view)
    }

    /// The scope filters, as the command line's flags.
    pub fn scope_args(&self) -> Result<ScopeArgs, BadRequest> {
        let date = |name: &str, text: &Option<String>, last: bool| {
            text.as_ref()
                .map(|t| {
                    crate::index::calendar::date_span(t)
                        .map(|(first, end)| if last { end } else { first })
                        .ok_or_else(|| {
                            BadRequest(format!(
                                "{name} '{t}' is not a date; write it as 2023-01-31, a month (2023-01), a quarter (2023Q1) or a year"
                            ))
                        })
                })
                .transpose()
        };
        Ok(ScopeArgs {
            bands: self.bands.clone(),
            wheres: self.wheres.clone(),
            quarter: self.quarter.clone(),
            from: date("from", &self.from, false)?,
            to: date("to", &self.to, true)?,
        })
    }

    /// The query string of this view (parameters in a fixed order, defaults left out).
    pub fn query_string(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        let mut one = |key: &'static str, value: &Option<String>| {
            if let Some(v) = value {
                parts.push((key, v.clone()));
            }
        };
        one("question", &self.question.map(|q| q.to_string()));
        one("quarter", &self.quarter);
        one("compare", &self.compare);
        one("from", &self.from);
        one("to", &self.to);
        one("q", &self.q);
        one("theme", &self.theme);
        one("facet", &self.facet);
        one("kind", &self.kind.map(|k| k.as_str().to_string()));
        one("heat", &self.heat);
        one("page", &(self.page > 1).then(|| self.page.to_string()));
        for band in &self.bands {
            parts.push(("band", band.clone()));
        }
        for pair in &self.wheres {
            parts.push(("where", pair.clone()));
        }
        for word in &self.dropped {
            parts.push(("drop", word.clone()));
        }
        parts
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// A link to this view changed by `change` (the page goes back to 1 unless `change` sets it).
    pub fn link(&self, change: impl FnOnce(&mut ViewParams)) -> String {
        let mut next = self.clone();
        next.page = 1;
        change(&mut next);
        format!("/?{}", next.query_string())
    }
}

fn number(key: &str, value: &str, least: usize, most: usize) -> Result<usize, BadRequest> {
    value
        .parse::<usize>()
        .ok()
        .filter(|n| (least..=most).contains(n))
        .ok_or_else(|| {
            BadRequest(format!(
                "{key} is a number from {least} to {most} (got '{value}')"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_survives_its_own_link() {
        let view = ViewParams::parse(
            "quarter=2026Q3&band=detractor&where=plan%3DPro+Max&q=%22slow+sync%22&theme=sync&page=3",
        )
        .unwrap();
        assert_eq!(view.quarter.as_deref(), Some("2026Q3"));
        assert_eq!(view.wheres, vec!["plan=Pro Max"]);
        assert_eq!(view.q.as_deref(), Some("\"slow sync\""));
        assert_eq!(view.page, 3);
        let again = ViewParams::parse(&view.query_string()).unwrap();
        assert_eq!(again, view);
    }

    #[test]
    fn malformed_addresses_are_refused_in_plain_words() {
        for (query, says) in [
            ("q=%zz", "broken escape"),
            ("q=%e9", "not UTF-8"),
            ("quarter=2026Q1&quarter=2026Q2", "given twice"),
            ("colour=red", "unknown parameter 'colour'"),
            ("page=0", "page is a number"),
            ("page=x", "page is a number"),
            ("kind=angry", "kind is complaint"),
            ("where=plan", "COLUMN=VALUE"),
            ("facet=legroom", "needs its theme"),
        ] {
            let err = ViewParams::parse(query).unwrap_err();
            assert!(err.0.contains(says), "{query}: {}", err.0);
        }
        let err = ViewParams::parse("from=soon")
            .unwrap()
            .scope_args()
            .unwrap_err();
        assert!(err.0.contains("not a date"), "{}", err.0);
    }

    #[test]
    fn blank_form_fields_are_no_filter() {
        let view = ViewParams::parse("quarter=&band=&q=+").unwrap();
        assert_eq!(view, ViewParams::parse("").unwrap());
    }
}
