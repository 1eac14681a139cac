//! Reading the JSON that `verbatim` prints: numbers, lists of strings and the groups of `stats`.

use serde_json::Value;

pub fn as_u64(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

pub fn as_f64(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A JSON array of strings.
pub fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `actual` rounds to `expected` at one decimal, as verbatim prints it.
pub fn assert_1dp(actual: &Value, expected: f64, what: &str) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {actual}"));
    assert!(
        (round1(a) - expected).abs() < 1e-9,
        "{what}: got {a} (rounds to {}), expected {expected}",
        round1(a)
    );
}

/// The group named `name` of a `stats --format json` output.
pub fn group<'a>(stats: &'a Value, name: &str) -> &'a Value {
    stats["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("no groups array in {stats}"))
        .iter()
        .find(|g| g["group"] == name)
        .unwrap_or_else(|| panic!("no group {name:?} in {}", stats["groups"]))
}
