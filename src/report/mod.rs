//! The quarterly theme report: headline, what changed, top complaints, asks and praise,
//! segments, trend and method, assembled from `stats` and `themes` and written as Markdown, a
//! self-contained HTML page, or JSON.

mod build;
pub mod html;
pub mod markdown;
mod model;
pub mod templates;

pub use build::{build, ReportOptions};
pub use model::*;
