//! Churn: an accounts file joined to responses by customer id. The unit is the customer: their
//! latest response in scope speaks for them. Unmatched ids are counted and reported, never dropped.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::header::words;
use crate::error::{ColumnRole, Error, Refusal, Result};
use crate::index::calendar::from_day_number;
use crate::index::facts::{facts, Fact};
use crate::index::Store;
use crate::ingest::dates::{DateFormat, DateSniffer};
use crate::ingest::source::{Record, Source, SourceOptions};
use crate::score::{parse_number, Band, BandCounts, Metric, Scale};
use crate::search::Scope;
use crate::themes::{quotes, themes, ThemeGroupBy, ThemeOptions};

#[derive(Debug, Clone)]
pub struct ChurnOptions {
    pub accounts: PathBuf,
    /// Response column holding the customer id; detected by common names when None.
    pub customer_column: Option<String>,
    /// "Left smiling" counts churn within this many days of the customer's latest answer.
    pub window_days: i64,
}

/// One account as the file describes it.
#[derive(Debug, Clone)]
struct Account {
    churned: bool,
    churn_date: Option<NaiveDate>,
    revenue: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Cohort {
    pub customers: u64,
    pub bands: BandCounts,
    pub metric: Option<Metric>,
    /// Total revenue (MRR or as given) of the cohort's customers, when the file has it.
    pub revenue: Option<f64>,
    /// The metric with each customer weighted by revenue.
    pub revenue_weighted: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeftSmiling {
    pub customer: String,
    pub score_band: String,
    pub date: Option<String>,
    pub churn_date: Option<String>,
    /// Days from the answer to the churn.
    pub days: Option<i64>,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChurnReport {
    pub accounts_file: String,
    pub customer_column: String,
    pub window_days: i64,
    /// The file has a churned status but no churn dates: "churned" means at any time.
    pub status_only: bool,
    /// Distinct customers with a response in scope.
    pub customers: u64,
    pub matched: u64,
    /// Customers with responses but no account in the file.
    pub unmatched: u64,
    pub unmatched_examples: Vec<String>,
    /// Responses without a customer id.
    pub responses_without_customer: u64,
    /// Accounts in the file without any response in scope.
    pub accounts_without_responses: u64,
    pub churned: Cohort,
    pub retained: Cohort,
    /// Promoters (or satisfied customers) who churned within the window.
    pub left_smiling: Vec<LeftSmiling>,
    /// Themes over-represented among churned customers' latest comments: label, mentions, lift.
    pub churn_themes: Vec<(String, u64, Option<f64>)>,
}

fn find(headers: &[String], test: impl Fn(&[String]) -> bool) -> Option<usize> {
    headers.iter().position(|h| test(&words(h)))
}

fn has(w: &[String], any: &[&str]) -> bool {
    w.iter().any(|x| any.contains(&x.as_str()))
}

const OWNERS: &[&str] = &[
    "customer",
    "account",
    "client",
    "company",
    "organisation",
    "organization",
    "org",
    "tenant",
];

fn load_accounts(path: &Path) -> Result<(HashMap<String, Account>, bool)> {
    let source = Source::open(path, &SourceOptions::default())?;
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    source.for_each(&mut |record, _| {
        match record {
            Record::Row { line, cells } => rows.push((line, cells)),
            Record::Bad { line, reason, .. } => {
                return Err(Error::input(path, format!("line {line}: {reason}")))
            }
        }
        Ok(())
    })?;
    let Some(((_, headers), data)) = rows.split_first() else {
        return Err(Error::input(
            path,
            "holds no rows; it needs a header with a customer id column",
        ));
    };
    let id = find(headers, |w| has(w, OWNERS) && (w.len() == 1 || has(w, &["id", "number", "key", "code", "no"])))
        .or_else(|| find(headers, |w| w == ["id"]))
        .ok_or_else(|| Error::input(path, format!("has no customer id column (looked for names like customer_id or account id among: {})", headers.join(", "))))?;
    let date = find(headers, |w| {
        has(
            w,
            &[
                "churn",
                "churned",
                "cancel",
                "cancelled",
                "canceled",
                "cancellation",
                "closed",
                "ended",
            ],
        ) && has(w, &["date", "at", "on", "day", "time"])
    });
    let status = find(headers, |w| {
        has(w, &["status", "state", "churned", "active", "churn"]) && !has(w, &["date"])
    });
    let revenue = find(headers, |w| {
        has(
            w,
            &["mrr", "arr", "revenue", "acv", "amount", "value", "spend"],
        )
    });
    if date.is_none() && status.is_none() {
        return Err(Error::input(
            path,
            format!(
                "has neither a churn date nor a churned status column (columns: {})",
                headers.join(", ")
            ),
        ));
    }
    let parser = match date {
        Some(col) => {
            let mut sniffer = DateSniffer::default();
            data.iter()
                .filter_map(|(_, c)| c.get(col))
                .filter(|v| !v.trim().is_empty())
                .for_each(|v| sniffer.observe(v));
            Some(
                sniffer
                    .finish(&DateFormat::Auto)
                    .map_err(|e| Error::input(path, format!("column '{}': {e}", headers[col])))?,
            )
        }
        None => None,
    };
    let mut accounts = HashMap::new();
    for (line, cells) in data {
        let cell = |c: Option<usize>| {
            c.and_then(|c| cells.get(c))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        let Some(customer) = cell(Some(id)) else {
            continue;
        };
        let churn_date = match (cell(date), &parser) {
            (Some(v), Some(p)) => Some(p.parse(v).ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "line {line}, column '{}': '{v}' is not a date read as {}",
                        headers[date.unwrap_or(0)],
                        p.describe()
                    ),
                )
            })?),
            _ => None,
        };
        let status_churned = cell(status).is_some_and(|v| {
            matches!(
                v.to_lowercase().as_str(),
                "churned"
                    | "churn"
                    | "cancelled"
                    | "canceled"
                    | "lost"
                    | "closed"
                    | "inactive"
                    | "left"
                    | "yes"
                    | "y"
                    | "true"
                    | "1"
            )
        });
        accounts.insert(
            customer.to_string(),
            Account {
                churned: churn_date.is_some() || status_churned,
                churn_date,
                revenue: cell(revenue).and_then(parse_number),
            },
        );
    }
    Ok((accounts, date.is_none()))
}

fn cohort(scale: Option<Scale>, members: &[(&Fact, &Account)]) -> Cohort {
    let mut bands = BandCounts::default();
    for (f, _) in members {
        bands.add(f.band);
    }
    // Accounts without a revenue figure count as 0 in totals and weights.
    let revenue = members
        .iter()
        .any(|(_, a)| a.revenue.is_some())
        .then(|| members.iter().map(|(_, a)| a.revenue.unwrap_or(0.0)).sum());
    let weighted = scale.and_then(|scale| {
        let weight = |band: Band| {
            members
                .iter()
                .filter(|(f, _)| f.band == Some(band))
                .map(|(_, a)| a.revenue.unwrap_or(0.0))
                .sum::<f64>()
        };
        let scored: f64 = Band::ALL.iter().map(|&b| weight(b)).sum();
        (scored > 0.0).then(|| match scale {
            Scale::Csat { .. } | Scale::Fft => 100.0 * weight(Band::High) / scored,
            _ => 100.0 * (weight(Band::High) - weight(Band::Low)) / scored,
        })
    });
    Cohort {
        customers: members.len() as u64,
        bands,
        metric: scale.and_then(|s| Metric::compute(s, &bands)),
        revenue,
        revenue_weighted: weighted,
    }
}

pub fn churn(store: &Store, scope: &Scope, options: &ChurnOptions) -> Result<ChurnReport> {
    let (accounts, status_only) = load_accounts(&options.accounts)?;
    let customer_column = match &options.customer_column {
        Some(c) => c.clone(),
        None => store
            .meta
            .segments
            .iter()
            .find(|s| {
                let w = words(&s.name);
                has(&w, OWNERS) && (w.len() == 1 || has(&w, &["id", "number", "key", "code"]))
            })
            .map(|s| s.name.clone())
            .ok_or_else(|| Refusal::NoColumnFor {
                role: ColumnRole::CustomerId,
                known: store.meta.segment_names(),
            })?,
    };
    let facts = facts(
        store,
        &*scope.query(store),
        std::slice::from_ref(&customer_column),
    )?;
    // Facts come in date order: the last response of each customer speaks for them.
    let mut latest: BTreeMap<String, &Fact> = BTreeMap::new();
    let mut without_customer = 0;
    for f in &facts {
        match f.values[0]
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => {
                latest.insert(c.to_string(), f);
            }
            None => without_customer += 1,
        }
    }
    let mut churned = Vec::new();
    let mut retained = Vec::new();
    let mut unmatched = Vec::new();
    for (customer, fact) in &latest {
        match accounts.get(customer) {
            Some(a) if a.churned => churned.push((customer.as_str(), *fact, a)),
            Some(a) => retained.push((customer.as_str(), *fact, a)),
            None => unmatched.push(customer.clone()),
        }
    }
    let scale = store.meta.scale;
    let searcher = store.searcher()?;
    let high = Band::High;
    let left_smiling = churned
        .iter()
        .filter(|(_, f, _)| f.band == Some(high))
        .filter_map(|(customer, f, a)| {
            let answered = f.day.and_then(from_day_number);
            let days = a.churn_date.zip(answered).map(|(c, d)| (c - d).num_days());
            let within = if status_only {
                true
            } else {
                days.is_some_and(|d| (0..=options.window_days).contains(&d))
            };
            within.then(|| LeftSmiling {
                customer: customer.to_string(),
                score_band: scale.map_or("high".into(), |s| s.band_name(high).to_string()),
                date: answered.map(|d| d.to_string()),
                churn_date: a.churn_date.map(|d| d.to_string()),
                days,
                comment: quotes::redact(&quotes::text_of(store, &searcher, f.address)),
            })
        })
        .collect();
    let groups: HashMap<tantivy::DocAddress, String> = churned
        .iter()
        .map(|(_, f, _)| (f.address, "churned".to_string()))
        .chain(
            retained
                .iter()
                .map(|(_, f, _)| (f.address, "retained".to_string())),
        )
        .collect();
    let churn_themes = if churned.is_empty() || retained.is_empty() {
        Vec::new()
    } else {
        let options = ThemeOptions {
            by: ThemeGroupBy::Custom("churn".into(), Arc::new(groups)),
            top: 5,
            quotes: 0,
            min_mentions: Some(3),
            ..ThemeOptions::default()
        };
        themes(store, scope, &options)?
            .groups
            .into_iter()
            .filter(|g| g.group == "churned")
            .flat_map(|g| g.themes)
            .map(|t| (t.label, t.mentions, t.lift))
            .collect()
    };
    let matched = churned.len() + retained.len();
    Ok(ChurnReport {
        accounts_file: options.accounts.display().to_string(),
        customer_column,
        window_days: options.window_days,
        status_only,
        customers: latest.len() as u64,
        matched: matched as u64,
        unmatched: unmatched.len() as u64,
        unmatched_examples: unmatched.iter().take(10).cloned().collect(),
        responses_without_customer: without_customer,
        accounts_without_responses: accounts.keys().filter(|k| !latest.contains_key(*k)).count()
            as u64,
        churned: cohort(
            scale,
            &churned.iter().map(|(_, f, a)| (*f, *a)).collect::<Vec<_>>(),
        ),
        retained: cohort(
            scale,
            &retained
                .iter()
                .map(|(_, f, a)| (*f, *a))
                .collect::<Vec<_>>(),
        ),
        left_smiling,
        churn_themes,
    })
}

/// "90d", "90", "12w" -> days.
pub fn parse_window(s: &str) -> std::result::Result<i64, String> {
    let s = s.trim().to_lowercase();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = number
        .parse()
        .map_err(|_| format!("'{s}' is not a window; write it like 90d or 12w"))?;
    match unit {
        "" | "d" | "days" => Ok(n),
        "w" | "weeks" => Ok(7 * n),
        _ => Err(format!("'{s}' is not a window; write it like 90d or 12w")),
    }
}

/// The churn section of `stats`, in plain words.
pub fn write_churn(c: &ChurnReport, metric: &str, out: &mut dyn Write) -> std::io::Result<()> {
    use crate::output::{terminal_safe, thousands};
    let m = |x: &Cohort| x.metric.map_or("-".into(), |m| m.with_margin());
    writeln!(
        out,
        "\nChurn ({}; customers matched by '{}'; each customer's latest response):",
        terminal_safe(&c.accounts_file),
        terminal_safe(&c.customer_column)
    )?;
    writeln!(
        out,
        "  churned:  {} customers, {metric} {}",
        thousands(c.churned.customers),
        m(&c.churned)
    )?;
    writeln!(
        out,
        "  retained: {} customers, {metric} {}",
        thousands(c.retained.customers),
        m(&c.retained)
    )?;
    if let (Some(a), Some(b)) = (c.churned.revenue_weighted, c.retained.revenue_weighted) {
        writeln!(
            out,
            "  revenue-weighted {metric}: churned {a:.1}, retained {b:.1}"
        )?;
    }
    writeln!(
        out,
        "  {} customers with responses have no account in the file{}; {} accounts have no response in scope",
        thousands(c.unmatched),
        if c.unmatched_examples.is_empty() { String::new() } else { format!(" (e.g. {})", terminal_safe(&c.unmatched_examples.join(", "))) },
        thousands(c.accounts_without_responses)
    )?;
    let window = if c.status_only {
        "at any time (the file has no churn dates)".to_string()
    } else {
        format!("within {} days of answering", c.window_days)
    };
    writeln!(
        out,
        "  left smiling (churned {window}): {}",
        c.left_smiling.len()
    )?;
    for l in &c.left_smiling {
        writeln!(
            out,
            "    {} ({}, {}): \"{}\"",
            terminal_safe(&l.customer),
            l.score_band,
            l.date.as_deref().unwrap_or("no date"),
            terminal_safe(&l.comment)
        )?;
    }
    if !c.churn_themes.is_empty() {
        let t: Vec<String> = c
            .churn_themes
            .iter()
            .map(|(label, n, lift)| {
                format!(
                    "{label} ({n}{})",
                    lift.map_or(String::new(), |l| format!(", {l:.1}x"))
                )
            })
            .collect();
        writeln!(
            out,
            "  themes over-represented among churned customers: {}",
            terminal_safe(&t.join("; "))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows() {
        assert_eq!(super::parse_window("90d"), Ok(90));
        assert_eq!(super::parse_window("12w"), Ok(84));
        assert_eq!(super::parse_window("30"), Ok(30));
        assert!(super::parse_window("soon").is_err());
    }
}
