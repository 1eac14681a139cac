//! The HTML report's templates, written with maud: every `(expression)` spliced into the markup
//! is escaped, so no label, quote, segment value or scope can become markup. Raw HTML needs an
//! explicit `PreEscaped`, used only for the stylesheet (a constant in `style.css`).
//!
//! Partials are plain functions returning [`Markup`]: the page's sections here and in
//! [`sections`], the charts in [`charts`]. A local web app can render the same partials.

pub mod charts;
mod drivers;
pub use drivers::priority_points;
pub mod format;
mod sections;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::Report;

/// The stylesheet, inlined into the page: no external files, fonts or scripts.
pub const CSS: &str = include_str!("style.css");

/// The whole report as one self-contained HTML5 page.
pub fn page(report: &Report) -> Markup {
    let title = format!("Voice of the customer — {}", report.quarter);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main class="page" {
                    (sections::page_header(report, &title))
                    (sections::headline(report))
                    (sections::questions(report))
                    (sections::segments(report))
                    (sections::trend(report))
                    (sections::context(report))
                    (sections::method(report))
                    footer class="foot" {
                        (report.method.generated_by) " · schema " (report.schema_version)
                    }
                }
            }
        }
    }
}
