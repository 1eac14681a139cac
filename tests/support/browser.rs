//! Finding Chromium (and its WebDriver) on this machine, for the browser tests.

use std::path::PathBuf;

/// The browser binaries looked for on PATH, in order.
pub const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The executable named by environment variable `var` when set (Err when set empty), else the
/// first of `names` on PATH, else the first of `fallbacks` that exists.
pub fn find_program(var: &str, names: &[&str], fallbacks: &[&str]) -> Result<PathBuf, String> {
    if let Some(set) = std::env::var_os(var) {
        if set.is_empty() {
            return Err(format!(
                "{var} is set empty, which turns the browser check off"
            ));
        }
        let path = PathBuf::from(set);
        assert!(
            path.is_file(),
            "{var} names {}, which is not a file",
            path.display()
        );
        return Ok(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .chain(fallbacks.iter().map(PathBuf::from))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            format!(
                "none of {} is on PATH{} and {var} is not set",
                names.join(", "),
                if fallbacks.is_empty() {
                    String::new()
                } else {
                    format!(" or at {}", fallbacks.join(", "))
                }
            )
        })
}
