//! Date parsing for ingest.
//!
//! Survey exports write dates in many forms: ISO 8601 timestamps, "31-Jul-18",
//! "Jul 31, 2018", "Tue, 03 Jul 2026 10:22:00 +0000", "08/14/2026 10:21:33 AM",
//! "03.07.2026", ... This module turns each of them into the calendar date as
//! written (times and time zones are dropped, never applied).
//!
//! Numeric slash and dash dates are the trap: "03/04/2026" is March 4 in the US
//! and April 3 in Europe. Their day/month order is therefore decided once per
//! column, never per value: a [`DateSniffer`] sees every cell of the column
//! first, and only values such as "31/07/2026" or "07/31/2026" count as evidence.
//! With no evidence, or conflicting evidence, the user must pass
//! `--date-format us` or `eu`; guessing per value would silently swap months.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// What the user asked for with --date-format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    Auto,
    Us,
    Eu,
    Pattern(String),
}

impl std::str::FromStr for DateFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "us" => Ok(Self::Us),
            "eu" => Ok(Self::Eu),
            _ if s.contains('%') => Ok(Self::Pattern(s.to_string())),
            _ => Err(format!(
                "unknown date format {s:?}: use auto, us (month/day/year), eu (day/month/year) \
                 or a chrono pattern such as %d.%m.%Y"
            )),
        }
    }
}

/// Day/month order for numeric dates like 03/04/2026.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonthOrder {
    MonthFirst,
    DayFirst,
}
use DayMonthOrder::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Slash dates whose day and month are all <= 12: the order cannot be told.
    AmbiguousOrder { example: String },
    /// Some values are clearly day-first and others clearly month-first.
    MixedOrder {
        day_first_example: String,
        month_first_example: String,
    },
    /// A --date-format pattern that chrono rejects or that lacks year, month or day.
    BadPattern(String),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AmbiguousOrder { example } => write!(
                f,
                "cannot tell whether dates like {example:?} are month/day or day/month (no day \
                 above 12 in the column); pass --date-format us (month first) or eu (day first)"
            ),
            Self::MixedOrder {
                day_first_example: d,
                month_first_example: m,
            } => write!(
                f,
                "the column mixes day-first dates like {d:?} and month-first dates like {m:?}; \
                 pass --date-format us (month first) or eu (day first), values in the other \
                 order are then skipped"
            ),
            Self::BadPattern(p) => write!(
                f,
                "bad date pattern {p:?}: expected a chrono pattern with year, month and day, \
                 such as %d.%m.%Y"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// The written form of a date, for [`DateParser::describe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Iso,
    Named,
    Dotted,
    Numeric,
}
const FORMS: [Form; 4] = [Form::Iso, Form::Named, Form::Dotted, Form::Numeric];

/// Collects evidence about one column during a first scan over the file.
#[derive(Default, Debug, Clone)]
pub struct DateSniffer {
    seen: usize,
    dates: usize,
    forms: [usize; 4],
    ambiguous: Option<String>,
    day_first: Option<String>,
    month_first: Option<String>,
}

impl DateSniffer {
    /// Call for every non-blank cell of the column (blank cells are ignored).
    pub fn observe(&mut self, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        self.seen += 1;
        let form = match scan(value) {
            None => return,
            Some(Scan::Date(form, _)) => form,
            Some(Scan::Numeric { a, b, y }) => {
                let slot = match (ymd(y, a, b).is_some(), ymd(y, b, a).is_some()) {
                    (false, false) => return,
                    (true, false) => &mut self.month_first,
                    (false, true) => &mut self.day_first,
                    (true, true) => &mut self.ambiguous,
                };
                slot.get_or_insert_with(|| value.to_string());
                Form::Numeric
            }
        };
        self.dates += 1;
        self.forms[form as usize] += 1;
    }

    /// Share of observed values that look like a date in any supported form.
    pub fn parse_rate(&self) -> f64 {
        if self.seen == 0 {
            0.0
        } else {
            self.dates as f64 / self.seen as f64
        }
    }

    pub fn finish(&self, format: &DateFormat) -> Result<DateParser, DateError> {
        let order = match (&self.day_first, &self.month_first, &self.ambiguous) {
            _ if *format != DateFormat::Auto => None,
            (Some(d), Some(m), _) => {
                return Err(DateError::MixedOrder {
                    day_first_example: d.clone(),
                    month_first_example: m.clone(),
                })
            }
            (Some(_), None, _) => Some(DayFirst),
            (None, Some(_), _) => Some(MonthFirst),
            (None, None, Some(e)) => return Err(DateError::AmbiguousOrder { example: e.clone() }),
            (None, None, None) => None,
        };
        let mut parser = DateParser::new(format, order)?;
        parser.form = (0..4)
            .filter(|&i| self.forms[i] > 0)
            .max_by_key(|&i| self.forms[i])
            .map(|i| FORMS[i]);
        Ok(parser)
    }
}

#[derive(Debug, Clone)]
pub struct DateParser {
    pattern: Option<String>,
    order: Option<DayMonthOrder>,
    form: Option<Form>,
}

impl DateParser {
    /// `order` is used only with [`DateFormat::Auto`]; `Us`/`Eu` fix it, `Pattern` needs none.
    pub fn new(format: &DateFormat, order: Option<DayMonthOrder>) -> Result<Self, DateError> {
        let (pattern, order) = match format {
            DateFormat::Auto => (None, order),
            DateFormat::Us => (None, Some(MonthFirst)),
            DateFormat::Eu => (None, Some(DayFirst)),
            DateFormat::Pattern(p) if pattern_ok(p) => (Some(p.clone()), None),
            DateFormat::Pattern(p) => return Err(DateError::BadPattern(p.clone())),
        };
        Ok(Self {
            pattern,
            order,
            form: None,
        })
    }

    /// The calendar date as written (times and time zones are ignored:
    /// "2026-06-30T23:30:00-05:00" is 2026-06-30; no zone shifts ever).
    pub fn parse(&self, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if let Some(p) = &self.pattern {
            // Trailing text (a time, say) is fine, but not more digits or letters:
            // "%d.%m.%y" must not read "03.07.2026" as 2020 followed by "26".
            let (date, rest) = NaiveDate::parse_and_remainder(value, p).ok()?;
            let mut rest = rest.chars();
            let ok = match rest.next() {
                None => true,
                Some('T' | 't') => rest.next().is_some_and(|c| c.is_ascii_digit()),
                Some(c) => !c.is_alphanumeric(),
            };
            return ok.then_some(date);
        }
        match scan(value)? {
            Scan::Date(_, date) => Some(date),
            Scan::Numeric { a, b, y } => match self.order? {
                MonthFirst => ymd(y, a, b),
                DayFirst => ymd(y, b, a),
            },
        }
    }

    /// Plain words for the user, e.g. "ISO 8601", "day/month/year (eu)", "pattern %d.%m.%Y".
    pub fn describe(&self) -> String {
        if let Some(p) = &self.pattern {
            return format!("pattern {p}");
        }
        match (self.form, self.order) {
            (Some(Form::Iso), _) => "ISO 8601",
            (Some(Form::Named), _) => "dates with month names (e.g. 31 Jul 2018)",
            (Some(Form::Dotted), _) => "day.month.year",
            (_, Some(DayFirst)) => "day/month/year (eu)",
            (_, Some(MonthFirst)) => "month/day/year (us)",
            (_, None) => "automatic (ISO 8601, month names, day.month.year)",
        }
        .to_string()
    }
}

/// A pattern is usable if chrono can format a sample date with it and read the date back.
fn pattern_ok(p: &str) -> bool {
    use std::fmt::Write;
    let sample = NaiveDate::from_ymd_opt(2026, 7, 23).and_then(|d| d.and_hms_opt(10, 22, 33));
    sample.is_some_and(|dt| {
        let mut text = String::new();
        write!(text, "{}", dt.and_utc().fixed_offset().format(p)).is_ok()
            && NaiveDate::parse_and_remainder(&text, p).is_ok_and(|(d, _)| d == dt.date())
    })
}

/// Calendar quarter "2026Q3" when fiscal_year_start == 1; otherwise fiscal quarter labelled after the
/// year in which the fiscal year ends ("FY2027Q1" for 2026-04-01 with start 4). A start outside
/// 1..=12 is taken as 1.
pub fn quarter_label(date: NaiveDate, fiscal_year_start: u32) -> String {
    let start = if fiscal_year_start > 12 {
        1
    } else {
        fiscal_year_start.max(1)
    };
    let quarter = (date.month() + 12 - start) % 12 / 3 + 1;
    match start {
        1 => format!("{}Q{quarter}", date.year()),
        _ => format!(
            "FY{}Q{quarter}",
            date.year() + i32::from(date.month() >= start)
        ),
    }
}

/// Parses a quarter label typed by a user ("2026Q3", "2026-Q3", "2026q3", "Q3 2026",
/// "FY2027Q1", "FY27 Q1", "Q1 FY2027") into the canonical label, or None.
pub fn normalize_quarter(input: &str) -> Option<String> {
    let toks: Vec<Tok> = lex(input.trim())
        .into_iter()
        .filter(|t| !matches!(t, Sep(s) if matches!(s.trim(), "" | "-" | "_" | "/")))
        .collect();
    let is = |w: &str, s: &str| w.eq_ignore_ascii_case(s);
    let (fy, y, q) = match toks.as_slice() {
        [Num(y), Word(q), Num(n)] | [Word(q), Num(n), Num(y)] if is(q, "q") => ("", y, n),
        [Word(f), Num(y), Word(q), Num(n)] | [Word(q), Num(n), Word(f), Num(y)]
            if is(f, "fy") && is(q, "q") =>
        {
            ("FY", y, n)
        }
        _ => return None,
    };
    let q = ["1", "2", "3", "4"].contains(q).then_some(q)?;
    Some(format!("{fy}{:04}Q{q}", year(y)?))
}

/// The days a date typed after `--from`/`--to` covers, first and last: a day in a form whose
/// reading is certain ("2023-01-01", "2023/01/01", "1.2.2023", "19th November 2023"), a month
/// ("2023-01", "2023/01"), a calendar quarter ("2023Q1") or a year ("2023"). None for anything
/// else, slash dates whose day/month order cannot be told ("01/02/2023") included.
pub fn date_span(input: &str) -> Option<(NaiveDate, NaiveDate)> {
    let input = input.trim();
    let last_of_month = |y: i32, m: u32| {
        let next = if m == 12 {
            ymd(y + 1, 1, 1)
        } else {
            ymd(y, m + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
    };
    if let Some(Scan::Date(_, d)) = scan(input) {
        return Some((d, d));
    }
    if let Some(q) = normalize_quarter(input).filter(|q| !q.starts_with("FY")) {
        let (y, n) = q.split_once('Q')?;
        let (y, n): (i32, u32) = (y.parse().ok()?, n.parse().ok()?);
        let first = ymd(y, 3 * n - 2, 1)?;
        return Some((first, last_of_month(y, 3 * n)?));
    }
    match lex(input).as_slice() {
        [Num(y), Sep("-" | "/" | "."), Num(m)] if y.len() == 4 => {
            let (y, m) = (year(y)?, num2(m)?);
            Some((ymd(y, m, 1)?, last_of_month(y, m)?))
        }
        [Num(y)] if y.len() == 4 => {
            let y = year(y)?;
            Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
        }
        _ => None,
    }
}

/// A value that names a day, month, quarter or year ("2023-11-19", "23-Nov", "November 2023",
/// "2023Q4"): a date, whatever its column is called.
pub fn looks_like_date(value: &str) -> bool {
    if date_span(value).is_some() {
        return true;
    }
    let toks = lex(value.trim());
    toks.iter()
        .any(|t| matches!(t, Word(w) if month(w).is_some()))
        && toks.iter().any(|t| matches!(t, Num(_) | Ord(_)))
        && toks.iter().all(|t| match t {
            Word(w) => month(w).is_some(),
            Sep(s) => soft(s),
            _ => true,
        })
}

/// Day number usable for range filters: yyyymmdd as i64 (20260703).
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month() * 100 + date.day())
}

pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    let (y, md) = (n.div_euclid(10_000), n.rem_euclid(10_000) as u32);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, md / 100, md % 100)
}

// ---- scanning -------------------------------------------------------------------------------

/// Runs of ASCII digits, ASCII letters and everything else (separators, incl. non-ASCII).
/// A number directly followed by st/nd/rd/th becomes an ordinal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Num(&'a str),
    Ord(&'a str),
    Word(&'a str),
    Sep(&'a str),
}
use Tok::*;

fn lex(s: &str) -> Vec<Tok<'_>> {
    let class = |c: char| u8::from(c.is_ascii_digit()) + 2 * u8::from(c.is_ascii_alphabetic());
    let mut toks = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let k = class(c);
        let (run, tail) = rest.split_at(rest.find(|n| class(n) != k).unwrap_or(rest.len()));
        rest = tail;
        let tok = match k {
            1 => Num(run),
            2 => Word(run),
            _ => Sep(run),
        };
        if let (Some(&Num(d)), Word(w)) = (toks.last(), tok) {
            if matches!(w.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th") {
                toks.pop();
                toks.push(Ord(d));
                continue;
            }
        }
        toks.push(tok);
    }
    toks
}

/// What a value looks like: a date whose reading is certain, or a numeric a/b/y date whose
/// day/month order is up to the column.
enum Scan {
    Date(Form, NaiveDate),
    Numeric { a: u32, b: u32, y: i32 },
}

fn scan(value: &str) -> Option<Scan> {
    let toks = lex(value.trim());
    let mut t = toks.as_slice();
    if let [Word(w), Sep(s), r @ ..] = t {
        if name_index(WEEKDAYS, w).is_some() && soft(s) {
            t = r;
        }
    }
    let numeric_sep = |s1: &str, s2: &str| s1 == s2 && matches!(s1, "-" | "/" | ".");
    let (found, rest) = match t {
        [Num(y), Sep(s1), Num(m), Sep(s2), Num(d), r @ ..]
            if y.len() == 4 && numeric_sep(s1, s2) =>
        {
            (Scan::Date(Form::Iso, ymd(year(y)?, num2(m)?, num2(d)?)?), r)
        }
        [Num(a), Sep(s1), Num(b), Sep(s2), Num(y), r @ ..] if numeric_sep(s1, s2) => {
            let (a, b, y) = (num2(a)?, num2(b)?, year(y)?);
            match *s1 {
                "." => (Scan::Date(Form::Dotted, ymd(y, b, a)?), r),
                _ => (Scan::Numeric { a, b, y }, r),
            }
        }
        [Num(d) | Ord(d), Sep(s1), Word(m), Sep(s2), Num(y), r @ ..]
        | [Word(m), Sep(s1), Num(d) | Ord(d), Sep(s2), Num(y), r @ ..]
            if soft(s1) && soft(s2) =>
        {
            (
                Scan::Date(Form::Named, ymd(year(y)?, month(m)?, num2(d)?)?),
                r,
            )
        }
        _ => return None,
    };
    time_rest(rest)?;
    Some(found)
}

/// Accepts what may follow a date: nothing, or a time with optional seconds, fraction, AM/PM and
/// zone ("T10:22:00.123+02:00", " 11:35:52 -0800", " 10:21:33 AM", " 10:22:00 GMT").
fn time_rest(t: &[Tok]) -> Option<()> {
    let t = match t {
        [] => return Some(()),
        [Word(w), r @ ..] if w.eq_ignore_ascii_case("t") => r,
        [Sep(s), r @ ..] if matches!(s.trim(), "" | ",") => r,
        _ => return None,
    };
    let [Num(h), Sep(":"), Num(m), r @ ..] = t else {
        return None;
    };
    (num2(h)? <= 24 && m.len() == 2 && num2(m)? < 60).then_some(())?;
    let mut t = r;
    if let [Sep(":"), Num(s), r @ ..] = t {
        (s.len() == 2 && num2(s)? <= 60).then_some(())?;
        t = r;
        if let [Sep("." | ","), Num(_), r @ ..] = t {
            t = r;
        }
    }
    t = skip_space(t);
    if let [Word(w), r @ ..] = t {
        if w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") {
            t = skip_space(r);
        }
    }
    let sign = |s: &str| matches!(s.trim_start(), "+" | "-");
    match t {
        [] => Some(()),
        [Word(zone)] if zone.len() <= 5 => Some(()), // Z, UTC, GMT, CEST
        // "GMT+1", "UTC-05:00" (Google Forms writes the offset after the zone)
        [Word(zone), Sep(s), Num(z), r @ ..]
            if zone.len() <= 5
                && sign(s)
                && z.len() <= 2
                && matches!(r, [] | [Sep(":"), Num(_)]) =>
        {
            Some(())
        }
        [Sep(s), Num(z)] if sign(s) && matches!(z.len(), 2 | 4) => Some(()),
        [Sep(s), Num(zh), Sep(":"), Num(zm)] if sign(s) && zh.len() == 2 && zm.len() == 2 => {
            Some(())
        }
        _ => None,
    }
}

fn skip_space<'a, 'b>(t: &'b [Tok<'a>]) -> &'b [Tok<'a>] {
    match t {
        [Sep(s), r @ ..] if s.trim().is_empty() => r,
        _ => t,
    }
}

/// Separator between the parts of "31 Jul 2018", "Jul 31, 2018", "31-Jul-18".
fn soft(s: &str) -> bool {
    matches!(s.trim(), "" | "," | "-" | "." | "/")
}

fn num2(s: &str) -> Option<u32> {
    (1..=2).contains(&s.len()).then(|| s.parse().ok()).flatten()
}

/// Four-digit years as written; two-digit years 00-69 are 20xx, 70-99 are 19xx.
fn year(s: &str) -> Option<i32> {
    let v: i32 = s.parse().ok()?;
    match s.len() {
        2 => Some(v + if v < 70 { 2000 } else { 1900 }),
        4 => Some(v),
        _ => None,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month(w: &str) -> Option<u32> {
    name_index(MONTHS, w).map(|i| i as u32 + 1)
}

const MONTHS: &str =
    "january february march april may june july august september october november december";
const WEEKDAYS: &str = "monday tuesday wednesday thursday friday saturday sunday";

/// Position of `w` among the space-separated English `names`, case-insensitive: the full name or
/// any prefix of three letters or more ("Jul", "Sept", "Thurs").
fn name_index(names: &str, w: &str) -> Option<usize> {
    let w = w.to_ascii_lowercase();
    names
        .split(' ')
        .position(|n| w.len() >= 3 && n.starts_with(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap()
    }

    #[test]
    fn date_spans_of_from_and_to() {
        let span = |s: &str| date_span(s).map(|(a, b)| (a.to_string(), b.to_string()));
        let day = |x: &str| Some((x.to_string(), x.to_string()));
        assert_eq!(span("2023/01/01"), day("2023-01-01"));
        assert_eq!(span("2023-01-01"), day("2023-01-01"));
        assert_eq!(span("19th November 2023"), day("2023-11-19"));
        let range = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(span("2023-02"), range("2023-02-01", "2023-02-28"));
        assert_eq!(span("2024/12"), range("2024-12-01", "2024-12-31"));
        assert_eq!(span("2023Q1"), range("2023-01-01", "2023-03-31"));
        assert_eq!(span("2023-q4"), range("2023-10-01", "2023-12-31"));
        assert_eq!(span("2023"), range("2023-01-01", "2023-12-31"));
        // day/month order unknown, fiscal quarters, nonsense
        for bad in ["01/02/2023", "FY2027Q1", "2023-13", "soon", ""] {
            assert_eq!(span(bad), None, "{bad}");
        }
        for date in ["23-Nov", "November 2023", "2023Q4", "19th November 2023"] {
            assert!(looks_like_date(date), "{date}");
        }
        for other in [
            "Economy Class",
            "May contain nuts",
            "Business",
            "12",
            "TRUE",
        ] {
            assert!(!looks_like_date(other), "{other}");
        }
    }

    fn parser(format: &str, order: Option<DayMonthOrder>) -> DateParser {
        DateParser::new(&format.parse().unwrap(), order).unwrap()
    }

    /// Lines "input | yyyy-mm-dd", or "input | -" for no date.
    fn check(p: &DateParser, table: &str) {
        for line in table.lines().filter(|l| !l.trim().is_empty()) {
            let (input, want) = line.rsplit_once('|').unwrap();
            let want = (want.trim() != "-").then(|| d(want));
            assert_eq!(p.parse(input), want, "{input:?} as {}", p.describe());
        }
    }

    const ANY_ORDER: &str = "
        2026-07-03 | 2026-07-03
          2026-07-03T10:22:00   | 2026-07-03
        2026-07-03T10:22:00Z | 2026-07-03
        2026-07-03T10:22:00.123+02:00 | 2026-07-03
        2026-06-30T23:30:00-05:00 | 2026-06-30
        2026-07-03 10:22:00 | 2026-07-03
        2026-07-03 10:22 | 2026-07-03
        2026-07-03 10:22:00 UTC | 2026-07-03
        2015-02-24 11:35:52 -0800 | 2015-02-24
        2026/07/03 | 2026-07-03
        31-Jul-18 | 2018-07-31
        31-Jul-2018 | 2018-07-31
        31 Jul 2018 | 2018-07-31
        Jul 31, 2018 | 2018-07-31
        July 31 2018 | 2018-07-31
        JULY 31 2018 10:00 | 2018-07-31
        19th November 2023 | 2023-11-19
        1st March 2024 | 2024-03-01
        22nd sep 2024 | 2024-09-22
        November 19th, 2023 | 2023-11-19
        Tue, 03 Jul 2026 10:22:00 +0000 | 2026-07-03
        Tuesday 2 Sept 2026 | 2026-09-02
        Thurs, 3 Sep 2026 | 2026-09-03
        Ju 3 2026 | -
        01-Jan-70 | 1970-01-01
        31-Dec-69 | 2069-12-31
        29 Feb 2024 | 2024-02-29
        03.07.2026 | 2026-07-03
        3.7.26 14:05 | 2026-07-03
        29 Feb 2023 | -
        31.02.2026 | -
        2026-13-01 | -
        2026-02-30 | -
        2026-07-03 hello | -
        2026-07-03T25:00 | -
        2026-07-03T10:2 | -
        Foo 31 2018 | -
        31 Jul 218 | -
        2026-07-03-04 | -
        2026-07/03 | -
        45123 | -
        45123.5 | -";

    #[test]
    fn forms_that_need_no_order() {
        for order in [None, Some(MonthFirst), Some(DayFirst)] {
            check(&parser("auto", order), ANY_ORDER);
        }
        check(&parser("auto", None), "03/04/2026 | -\n 2/24/2015 | -");
    }

    #[test]
    fn numeric_dates_follow_the_column_order() {
        let us = "2/24/2015 11:35 | 2015-02-24
            08/14/2026 10:21:33 AM | 2026-08-14
            08/14/2026 10:21:33 pm | 2026-08-14
            03/04/2026 | 2026-03-04
            3-7-2026 | 2026-03-07
            2/24/15 | 2015-02-24
            31/07/2026 14:05 | -
            02/30/2026 | -
            03.07.2026 | 2026-07-03";
        check(&parser("us", None), us);
        check(&parser("auto", Some(MonthFirst)), us);
        check(&parser("eu", Some(MonthFirst)), "03/04/2026 | 2026-04-03");
        let eu = "31/07/2026 14:05 | 2026-07-31
            03/04/2026 | 2026-04-03
            3-7-2026 | 2026-07-03
            2/24/2015 | -
            31/02/2026 | -
            08/14/2026 10:21:33 AM | -";
        check(&parser("eu", None), eu);
        check(&parser("auto", Some(DayFirst)), eu);
    }

    #[test]
    fn patterns() {
        let p = parser("%d.%m.%Y", Some(MonthFirst));
        assert_eq!(p.describe(), "pattern %d.%m.%Y");
        check(
            &p,
            "03.07.2026 | 2026-07-03\n 03.07.2026 10:22 | 2026-07-03",
        );
        check(
            &p,
            "3.7.2026T10:22 | 2026-07-03\n 2026-07-03 | -\n 03.07.2026x | -",
        );
        check(&p, "31.02.2026 | -\n 03/07/2026 | -");
        check(
            &parser("%d.%m.%y", None),
            "03.07.26 | 2026-07-03\n 03.07.2026 | -",
        );
        check(&parser("%Y%m%d", None), "20260703 | 2026-07-03");
        check(&parser("%b %d %Y", None), "jul 3 2026 | 2026-07-03");
        for bad in ["%Q", "%H:%M", "%d.%m", "%Y %"] {
            let err = DateParser::new(&DateFormat::Pattern(bad.into()), None).unwrap_err();
            assert_eq!(err, DateError::BadPattern(bad.into()));
            assert!(err.to_string().contains("%d.%m.%Y"));
        }
    }

    #[test]
    fn date_format_from_str() {
        assert_eq!("auto".parse(), Ok(DateFormat::Auto));
        assert_eq!(" US ".parse(), Ok(DateFormat::Us));
        assert_eq!("eu".parse(), Ok(DateFormat::Eu));
        let pattern = DateFormat::Pattern("%d.%m.%Y".into());
        assert_eq!("%d.%m.%Y".parse(), Ok(pattern));
        let err = "iso".parse::<DateFormat>().unwrap_err();
        assert!(
            err.contains("\"iso\"") && err.contains("eu (day/month/year)"),
            "{err}"
        );
    }

    /// Sniffs a column given as values separated by ';'.
    fn sniff(column: &str, format: &str) -> Result<DateParser, DateError> {
        let mut s = DateSniffer::default();
        column.split(';').for_each(|v| s.observe(v));
        s.finish(&format.parse().unwrap())
    }

    #[test]
    fn sniffer_decides_the_order_per_column() {
        // --date-format | column | describe() | probe value | probe date
        let table = "
            auto | 03/04/2026; 08/14/2026 10:21:33 AM; 5/6/26 | month/day/year (us) | 3/4/26 | 2026-03-04
            auto | 03/04/2026; 31-07-2026 | day/month/year (eu) | 03/04/2026 | 2026-04-03
            us | 31/07/2026; 08/14/2026 | month/day/year (us) | 31/07/2026 | -
            us | 31/07/2026; 08/14/2026 | month/day/year (us) | 08/14/2026 | 2026-08-14
            eu | 03/04/2026 | day/month/year (eu) | 03/04/2026 | 2026-04-03
            %d/%m/%Y | 31/07/2026; 08/14/2026 | pattern %d/%m/%Y | 03/04/2026 | 2026-04-03
            auto | 2026-07-03; 2026-07-04T10:00Z; 31/02/2026 | ISO 8601 | 03/04/2026 | -
            auto | 31 Jul 2018; 2026-07-03; 1 Aug 2018 | dates with month names (e.g. 31 Jul 2018) \
                | 2 Aug 18 | 2018-08-02
            us | 03.07.2026 | day.month.year | 03.07.2026 | 2026-07-03
            auto |  | automatic (ISO 8601, month names, day.month.year) | 03/04/2026 | -";
        for line in table.lines().skip(1) {
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            let p = sniff(f[1], f[0]).unwrap();
            assert_eq!(p.describe(), f[2], "{line}");
            assert_eq!(p.parse(f[3]), (f[4] != "-").then(|| d(f[4])), "{line}");
        }

        let err = |column: &str| sniff(column, "auto").unwrap_err();
        let mixed = err("03/04/2026; 31/07/2026; 08/14/2026; 30/07/2026");
        let (day_first_example, month_first_example) = ("31/07/2026".into(), "08/14/2026".into());
        let want = DateError::MixedOrder {
            day_first_example,
            month_first_example,
        };
        assert_eq!(mixed, want);
        assert!(
            mixed.to_string().contains("\"31/07/2026\"")
                && mixed.to_string().contains("\"08/14/2026\"")
        );

        let ambiguous = err("2026-07-01;  03/04/2026 ; 05/06/2026");
        assert_eq!(
            ambiguous,
            DateError::AmbiguousOrder {
                example: "03/04/2026".into()
            }
        );
        let msg = ambiguous.to_string();
        assert!(
            msg.contains("--date-format us (month first) or eu (day first)"),
            "{msg}"
        );
        assert!(msg.contains("\"03/04/2026\""), "{msg}");
        assert!(matches!(sniff("", "%Q"), Err(DateError::BadPattern(_))));
    }

    #[test]
    fn parse_rate() {
        let mut s = DateSniffer::default();
        assert_eq!(s.parse_rate(), 0.0);
        let column = "2026-07-03;great service;;  ;31/02/2026;45123;03/04/2026;Jul 3, 2026";
        column.split(';').for_each(|v| s.observe(v));
        assert_eq!(s.parse_rate(), 0.5);
    }

    #[test]
    fn quarters() {
        let table = "2026-01-01 1 2026Q1, 2026-03-31 1 2026Q1, 2026-04-01 1 2026Q2, 2026-09-30 1 2026Q3,
            2026-12-31 1 2026Q4, 2027-01-01 1 2027Q1, 2026-05-05 0 2026Q2, 2026-05-05 13 2026Q2,
            2026-04-01 4 FY2027Q1, 2026-03-31 4 FY2026Q4, 2026-06-30 4 FY2027Q1, 2026-07-01 4 FY2027Q2,
            2026-12-31 4 FY2027Q3, 2027-01-01 4 FY2027Q4, 2027-03-31 4 FY2027Q4, 2027-04-01 4 FY2028Q1,
            2026-07-01 7 FY2027Q1, 2026-06-30 7 FY2026Q4, 2026-12-31 7 FY2027Q2, 2027-01-01 7 FY2027Q3,
            2027-04-01 7 FY2027Q4, 2026-10-01 10 FY2027Q1, 2026-09-30 10 FY2026Q4, 2026-12-31 10 FY2027Q1,
            2027-01-01 10 FY2027Q2, 2027-07-01 10 FY2027Q4, 2027-09-30 10 FY2027Q4";
        for case in table.split(',') {
            let f: Vec<&str> = case.split_whitespace().collect();
            let label = quarter_label(d(f[0]), f[1].parse().unwrap());
            assert_eq!(label, f[2], "{case}");
            assert_eq!(normalize_quarter(&label), Some(label));
        }
    }

    #[test]
    fn normalize_quarters() {
        let table = "2026Q3=2026Q3, 2026-Q3=2026Q3, 2026q3=2026Q3,  Q3 2026 =2026Q3, q3-2026=2026Q3,
            2026 Q 3=2026Q3, 26Q3=2026Q3, FY2027Q1=FY2027Q1, fy2027-q1=FY2027Q1, FY 2027 Q1=FY2027Q1,
            Q1 FY2027=FY2027Q1, FY27 Q1=FY2027Q1, 2026Q5=, 2026Q0=, 2026Q03=, 2026=, Q3=, 2026Q3x=,
            FY2027=, 20261Q3=, 2026.Q3=, 2026Q3Q4=, XY2027Q1=, =";
        for case in table.split(',') {
            let (input, want) = case.split_once('=').unwrap();
            let want = Some(want.to_string()).filter(|w| !w.is_empty());
            assert_eq!(normalize_quarter(input), want, "{input:?}");
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(d("2026-07-03")), 20260703);
        assert_eq!(from_day_number(20260703), Some(d("2026-07-03")));
        let mut day = d("1899-12-25");
        while day < d("2101-01-05") {
            let next = day.succ_opt().unwrap();
            assert!(day_number(day) < day_number(next));
            assert_eq!(from_day_number(day_number(day)), Some(day));
            day = next;
        }
        let early = d("0001-01-01").pred_opt().unwrap(); // year 0, then negative years
        assert_eq!(from_day_number(day_number(early)), Some(early));
        for n in [20260230, 20261301, 20260700, 20260732, 0, -1, i64::MIN] {
            assert_eq!(from_day_number(n), None, "{n}");
        }
        assert_eq!(from_day_number(i64::MAX), None);
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = "¦////¦99999999999999999999/1/1¦１２/０３/２０２６¦😀¦2026-07-😀¦1/2/😀¦31 😀 2026¦Tue,¦Q¦FY\
            ¦::¦T¦2026-07-03T¦2026-07-03 10:¦%¦\u{0}¦é/é/é¦1st¦Jul¦12/12/2026 12:12 ZZZZZZ¦\u{202e}";
        let parsers = ["auto", "us", "eu", "%d.%m.%Y"].map(|f| parser(f, None));
        let mut sniffer = DateSniffer::default();
        for s in odd.split('¦') {
            parsers
                .iter()
                .for_each(|p| assert_eq!(p.parse(s), None, "{s:?}"));
            sniffer.observe(s);
            assert_eq!(normalize_quarter(s), None);
        }
        assert_eq!(sniffer.parse_rate(), 0.0);
        assert!(sniffer.finish(&DateFormat::Auto).is_ok());
        for c in ' '..='~' {
            for m in ["", "-", "_", "0", "#", ":", "::", ".", "3", "%", "%Y %"] {
                let format = DateFormat::Pattern(format!("%Y-%m-%d %{m}{c}"));
                if let Ok(p) = DateParser::new(&format, None) {
                    p.parse("2026-07-03 10:22 +01:00 XYZ");
                }
            }
        }
        // Every string of up to four pieces from an alphabet of troublesome fragments.
        let parts = "1 12 2026 / - . : T Jul th + Q 😀 99999 ,"
            .split(' ')
            .chain([" ", ""]);
        let parts: Vec<&str> = parts.collect();
        let n = parts.len();
        for i in 0..n.pow(4) {
            let s: String = (0..4).map(|k| parts[i / n.pow(k) % n]).collect();
            parsers
                .iter()
                .for_each(|p| assert!(p.parse(&s).is_none_or(|d| d.year() > 0)));
            sniffer.observe(&s);
            normalize_quarter(&s);
        }
    }
}
