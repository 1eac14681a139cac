//! Date parsing for ingest.
//!
//! Survey exports write dates in many forms: ISO 8601 timestamps, "31-Jul-18",
//! "Jul 31, 2018", "Tue, 03 Jul 2026 10:22:00 +0000", "08/14/2026 10:21:33 AM",
//! "03.07.2026", ... This module turns each of them into the calendar date as
//! written (times and time zones are dropped, never applied).
//!
//! Numeric slash and dash dates are the trap: "03/04/2026" is March 4 in the US
//! and April 3 in Europe. A value valid in one order only ("30/09/2021", "10/17/2021") is read
//! in that order, even where a column mixes both (exports merged from two systems), so a valid
//! date is never rejected. The values valid either way follow the order the column's
//! unambiguous values mostly use, which a [`DateSniffer`] counts over every cell of the column
//! first, or the user's `--date-format us` or `eu`; a column of ambiguous values alone needs that
//! flag, as guessing would silently swap months. How many values went each way is counted
//! ([`DateOrders`]) and told.
//!
use chrono::NaiveDate;
use std::fmt;

use crate::index::calendar::{scan, ymd, Form, Scan, FORMS};

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
            Self::BadPattern(p) => write!(
                f,
                "bad date pattern {p:?}: expected a chrono pattern with year, month and day, \
                 such as %d.%m.%Y"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// Collects evidence about one column during a first scan over the file.
#[derive(Default, Debug, Clone)]
pub struct DateSniffer {
    seen: usize,
    dates: usize,
    forms: [usize; 4],
    ambiguous: Option<String>,
    /// Values valid day-first only, and month-first only.
    day_first: usize,
    month_first: usize,
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
                match (ymd(y, a, b).is_some(), ymd(y, b, a).is_some()) {
                    (false, false) => return,
                    (true, false) => self.month_first += 1,
                    (false, true) => self.day_first += 1,
                    // "05/05/2026" reads the same either way.
                    (true, true) if a == b => {}
                    (true, true) => {
                        self.ambiguous.get_or_insert_with(|| value.to_string());
                    }
                }
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

    /// The parser of the column: values valid either way follow the order most of the column's
    /// unambiguous values use (day first on a tie), unless `format` says.
    pub fn finish(&self, format: &DateFormat) -> Result<DateParser, DateError> {
        let order = match (self.day_first, self.month_first, &self.ambiguous) {
            _ if *format != DateFormat::Auto => None,
            (0, 0, Some(e)) => return Err(DateError::AmbiguousOrder { example: e.clone() }),
            (0, 0, None) => None,
            (d, m, _) if d >= m => Some(DayFirst),
            _ => Some(MonthFirst),
        };
        let mut parser = DateParser::new(format, order)?;
        parser.form = (0..4)
            .filter(|&i| self.forms[i] > 0)
            .max_by_key(|&i| self.forms[i])
            .map(|i| FORMS[i]);
        Ok(parser)
    }
}

/// How a numeric date was read: valid in one order only, or either way (read in the column's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRead {
    DayFirstOnly,
    MonthFirstOnly,
    Either,
}

/// How many numeric dates of a file went each way, with the first line of each.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DateOrders {
    /// (count, first line) of values valid day-first only, month-first only, and either way.
    pub day_first_only: (u64, u64),
    pub month_first_only: (u64, u64),
    pub either: (u64, u64),
}

impl DateOrders {
    pub fn count(&mut self, read: DateRead, line: u64) {
        let slot = match read {
            DateRead::DayFirstOnly => &mut self.day_first_only,
            DateRead::MonthFirstOnly => &mut self.month_first_only,
            DateRead::Either => &mut self.either,
        };
        if slot.0 == 0 {
            slot.1 = line;
        }
        slot.0 += 1;
    }

    /// What to tell when some values were read against the column's order (a column that
    /// mixes both, or a `--date-format` that most values contradict): how many went each way,
    /// with a line of each. None when every value went one way.
    pub fn note(&self, column: &str, parser: &DateParser) -> Option<String> {
        let (d, m, e) = (self.day_first_only, self.month_first_only, self.either);
        let against = match parser.order? {
            DayFirst => m.0,
            MonthFirst => d.0,
        };
        if against == 0 || parser.pattern.is_some() {
            return None;
        }
        let thousands = crate::output::thousands;
        let mut parts = Vec::new();
        if d.0 > 0 {
            parts.push(format!(
                "{} valid day-first only (e.g. line {})",
                thousands(d.0),
                d.1
            ));
        }
        if m.0 > 0 {
            parts.push(format!(
                "{} valid month-first only (e.g. line {})",
                thousands(m.0),
                m.1
            ));
        }
        if e.0 > 0 {
            let order = match parser.order? {
                DayFirst => "day first",
                MonthFirst => "month first",
            };
            parts.push(format!(
                "{} valid either way, read {order} (e.g. line {})",
                thousands(e.0),
                e.1
            ));
        }
        Some(format!(
            "'{column}' mixes day/month orders: {}; each value valid in one order only was read in that order",
            parts.join(", ")
        ))
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
        self.read(value).map(|(date, _)| date)
    }

    /// Like [`DateParser::parse`], with how a numeric date was read: a value valid in one
    /// order only is read in that order; one valid either way in the column's order.
    pub fn read(&self, value: &str) -> Option<(NaiveDate, Option<DateRead>)> {
        let value = value.trim();
        if self.pattern.is_some() {
            return self.parse(value).map(|d| (d, None));
        }
        match scan(value)? {
            Scan::Date(_, date) => Some((date, None)),
            Scan::Numeric { a, b, y } => match (ymd(y, a, b), ymd(y, b, a)) {
                (Some(m), None) => Some((m, Some(DateRead::MonthFirstOnly))),
                (None, Some(d)) => Some((d, Some(DateRead::DayFirstOnly))),
                (Some(m), Some(_)) if a == b => Some((m, None)),
                (Some(m), Some(d)) => match self.order? {
                    MonthFirst => Some((m, Some(DateRead::Either))),
                    DayFirst => Some((d, Some(DateRead::Either))),
                },
                (None, None) => None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::calendar::normalize_quarter;
    use chrono::Datelike;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap()
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
        check(
            &parser("auto", None),
            "03/04/2026 | -\n 2/24/2015 | 2015-02-24",
        );
    }

    #[test]
    fn numeric_dates_follow_the_column_order() {
        let us = "2/24/2015 11:35 | 2015-02-24
            08/14/2026 10:21:33 AM | 2026-08-14
            08/14/2026 10:21:33 pm | 2026-08-14
            03/04/2026 | 2026-03-04
            3-7-2026 | 2026-03-07
            2/24/15 | 2015-02-24
            31/07/2026 14:05 | 2026-07-31
            02/30/2026 | -
            03.07.2026 | 2026-07-03";
        check(&parser("us", None), us);
        check(&parser("auto", Some(MonthFirst)), us);
        check(&parser("eu", Some(MonthFirst)), "03/04/2026 | 2026-04-03");
        let eu = "31/07/2026 14:05 | 2026-07-31
            03/04/2026 | 2026-04-03
            3-7-2026 | 2026-07-03
            2/24/2015 | 2015-02-24
            31/02/2026 | -
            08/14/2026 10:21:33 AM | 2026-08-14";
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
            us | 31/07/2026; 08/14/2026 | month/day/year (us) | 31/07/2026 | 2026-07-31
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
        // A mixed column: values valid either way follow the order most unambiguous ones use.
        let mixed = sniff("03/04/2026; 31/07/2026; 08/14/2026; 30/07/2026", "auto").unwrap();
        assert_eq!(mixed.describe(), "day/month/year (eu)");
        assert_eq!(mixed.parse("08/14/2026"), Some(d("2026-08-14")));
        assert_eq!(mixed.parse("03/04/2026"), Some(d("2026-04-03")));
        let mostly_us = sniff("03/04/2026; 31/07/2026; 08/14/2026; 10/17/2026", "auto").unwrap();
        assert_eq!(mostly_us.parse("03/04/2026"), Some(d("2026-03-04")));
        assert_eq!(mostly_us.parse("31/07/2026"), Some(d("2026-07-31")));
        assert_eq!(
            sniff("05/05/2026", "auto").unwrap().parse("05/05/2026"),
            Some(d("2026-05-05"))
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
    fn orders_are_counted_and_told_when_mixed() {
        let p = sniff("30/09/2021; 10/17/2021; 01/02/2021; 29/09/2021", "auto").unwrap();
        let mut orders = DateOrders::default();
        for (line, v) in [
            (2, "30/09/2021"),
            (3, "10/17/2021"),
            (4, "01/02/2021"),
            (5, "29/09/2021"),
        ] {
            let (_, read) = p.read(v).unwrap();
            orders.count(read.unwrap(), line);
        }
        assert_eq!(orders.day_first_only, (2, 2));
        assert_eq!(orders.month_first_only, (1, 3));
        assert_eq!(orders.either, (1, 4));
        let note = orders.note("Date", &p).unwrap();
        assert!(
            note.contains("2 valid day-first only (e.g. line 2)")
                && note.contains("1 valid month-first only (e.g. line 3)")
                && note.contains("1 valid either way, read day first (e.g. line 4)"),
            "{note}"
        );
        let mut one_way = DateOrders::default();
        one_way.count(DateRead::DayFirstOnly, 2);
        assert_eq!(one_way.note("Date", &p), None);
    }

    proptest::proptest! {
        /// A valid date written day-first or month-first, with or without a time, is read
        /// whatever the column's order or --date-format (us, eu, auto).
        #[test]
        fn a_valid_date_in_either_order_is_never_rejected(
            y in 1971i32..2069, m in 1u32..=12, day in 1u32..=31, month_first: bool,
            sep in "[/-]", time: bool, format in 0usize..4,
        ) {
            let Some(date) = NaiveDate::from_ymd_opt(y, m, day) else { return Ok(()) };
            let (a, b) = if month_first { (m, day) } else { (day, m) };
            let value = format!("{a:02}{sep}{b:02}{sep}{y}{}", if time { " 10:22" } else { "" });
            // A column of day-first, month-first or ISO dates, which holds the value too (the
            // scan pass sees every value), or a --date-format of the other order.
            let column = ["31/07/2026", "08/14/2026", "2026-07-03"].get(format);
            let p = match column {
                Some(c) => match sniff(&format!("{c};{value}"), "auto") {
                    Ok(p) => p,
                    // Ambiguous values alone: the file is refused with the flag to pass.
                    Err(DateError::AmbiguousOrder { .. }) if format == 2 => return Ok(()),
                    Err(e) => panic!("{e}"),
                },
                None => parser(if month_first { "eu" } else { "us" }, None),
            };
            let got = p.parse(&value);
            proptest::prop_assert!(got.is_some(), "{} rejected", value);
            if a > 12 || b > 12 || a == b {
                proptest::prop_assert_eq!(got, Some(date));
            }
        }
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
