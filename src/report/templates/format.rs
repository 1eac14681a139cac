//! Numbers and words as the HTML report writes them. These make plain text; escaping is the
//! templates' job (maud escapes every `(expression)` it splices in).

use crate::score::BandCounts;

use super::super::Report;

/// A count with thousands separators: 1234567 -> "1,234,567".
/// "1 mention", "2 mentions", "1,234 mentions": a count with its noun, singular for one.
pub fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", count(n))
    }
}

pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// One decimal with a typographic minus: -9.43 -> "−9.4".
pub fn num1(x: f64) -> String {
    let s = format!("{:.1}", finite(x));
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c != '0' && c != '.') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

pub fn num1_abs(x: f64) -> String {
    num1(finite(x).abs())
}

pub fn num2(x: f64) -> String {
    let s = format!("{:.2}", finite(x));
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// One decimal with an explicit sign: "+3.2", "−9.4", "0.0".
pub fn signed1(x: f64) -> String {
    let s = num1(x);
    if s.starts_with('−') || s == "0.0" {
        s
    } else {
        format!("+{s}")
    }
}

pub fn pct(x: f64) -> String {
    format!("{}%", num1(x))
}

pub fn num_tick(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        let s = format!("{:.0}", x);
        match s.strip_prefix('-') {
            Some(rest) if rest != "0" => format!("−{rest}"),
            Some(rest) => rest.to_string(),
            None => s,
        }
    } else {
        num1(x)
    }
}

pub fn score_text(score: f64) -> String {
    if (score - score.round()).abs() < 1e-9 {
        format!("{:.0}", score)
    } else {
        format!("{:.1}", score)
    }
}

/// SVG coordinate: at most one decimal, no trailing ".0".
pub fn coord(x: f64) -> String {
    let x = finite(x);
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// At most `max` characters, with an ellipsis when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out = out.trim_end().to_string();
        out.push('…');
        out
    }
}

pub fn band_names(report: &Report) -> [String; 3] {
    report
        .band_names
        .clone()
        .unwrap_or_else(|| ["low".into(), "middle".into(), "high".into()])
}

pub fn band_count(bands: &BandCounts, i: usize) -> u64 {
    match i {
        0 => bands.low,
        1 => bands.middle,
        _ => bands.high,
    }
}

/// A word safe to use in a class name.
pub fn class_word(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}
