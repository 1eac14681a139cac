//! The calendar that ingest and the index readers share: the day number and the quarter a response
//! is filed under, and the days a date typed after `--from`/`--to` covers. It sits below ingest
//! because search, stats, report and serve read those numbers and labels back from the index and
//! must read them exactly as ingest wrote them.
//!
//! Reading a date whose written form leaves no doubt ("2026-07-03", "31 Jul 2018", "03.07.2026")
//! lives here too, as `--from` and `--to` accept those forms; deciding the day/month order of a
//! column of slash dates stays with ingest (`ingest::dates`), which sees the whole column.

use chrono::{Datelike, NaiveDate};

/// Day number usable for range filters: yyyymmdd as i64 (20260703).
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month() * 100 + date.day())
}

pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    let (y, md) = (n.div_euclid(10_000), n.rem_euclid(10_000) as u32);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, md / 100, md % 100)
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

// ---- scanning -------------------------------------------------------------------------------

/// The written form of a date, which ingest names when it says how a date column reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Iso,
    Named,
    Dotted,
    Numeric,
}
pub(crate) const FORMS: [Form; 4] = [Form::Iso, Form::Named, Form::Dotted, Form::Numeric];

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
pub(crate) enum Scan {
    Date(Form, NaiveDate),
    Numeric { a: u32, b: u32, y: i32 },
}

pub(crate) fn scan(value: &str) -> Option<Scan> {
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

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
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
}
