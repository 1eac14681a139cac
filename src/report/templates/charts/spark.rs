//! A small line of one theme's share per quarter, for the trend table, on the same time axis as
//! the trend charts: the line breaks where quarters have no responses.

use maud::{html, Markup};

use super::{frame, points, TimeAxis, ASK};
use crate::report::templates::format::{coord, finite};

pub fn sparkline(id: &str, label: &str, axis: &TimeAxis, shares: &[f64]) -> Markup {
    const W: f64 = 120.0;
    const H: f64 = 28.0;
    let max = shares
        .iter()
        .copied()
        .map(finite)
        .fold(0.0, f64::max)
        .max(1e-9);
    let span = axis.span();
    let xy = |i: usize| {
        let x = if span <= 1 {
            W / 2.0
        } else {
            4.0 + (W - 8.0) * axis.offset(i) as f64 / (span - 1) as f64
        };
        (x, H - 4.0 - (H - 8.0) * finite(shares[i]).max(0.0) / max)
    };
    let runs = axis.runs(|i| i < shares.len());
    let title = format!("{label}: share per quarter");
    let body = html! {
        @for run in &runs {
            @if let [i] = run.as_slice() {
                circle cx=(coord(xy(*i).0)) cy=(coord(xy(*i).1)) r="1.5" fill=(ASK) {}
            } @else {
                polyline points=(points(run.iter().map(|&i| xy(i)))) fill="none" stroke=(ASK) stroke-width="2" {}
            }
        }
        @if let Some(last) = shares.len().checked_sub(1).filter(|l| *l < axis.quarters()) {
            circle cx=(coord(xy(last).0)) cy=(coord(xy(last).1)) r="2.5" fill=(ASK) {}
        }
    };
    frame(id, "spark", (W, H), &title, body)
}
