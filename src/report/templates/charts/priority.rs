//! The priority chart: each theme at its share of comments (across) and its impact on the score
//! (up), with the quadrant lines at the median share and at impact 0.

use maud::{html, Markup};

use super::{frame, hline, text, variant, Font, GRID, HIGH, INK, LOW, MUTED, WIDE};
use crate::report::templates::format::{clip, coord, finite, pct, signed1};

/// One theme on the chart.
pub struct Point {
    pub label: String,
    /// 0-100.
    pub share: f64,
    pub impact: f64,
    pub significant: bool,
}

/// The chart `width` wide; `median` is the share where the quadrants split.
pub fn priority_chart(
    id: &str,
    title: &str,
    points: &[Point],
    median: f64,
    metric: &str,
    width: f64,
) -> Markup {
    let wide = width >= WIDE;
    let (left, right, top, bottom) = (56.0, if wide { 150.0 } else { 20.0 }, 24.0, 44.0);
    let height = if wide { 380.0 } else { 320.0 };
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let x_max = points
        .iter()
        .map(|p| finite(p.share))
        .fold(median, f64::max)
        .max(1.0)
        * 1.1;
    let reach = points
        .iter()
        .map(|p| finite(p.impact).abs())
        .fold(0.1, f64::max)
        * 1.15;
    let x = |share: f64| left + plot_w * finite(share).clamp(0.0, x_max) / x_max;
    let y =
        |impact: f64| top + plot_h * (reach - finite(impact).clamp(-reach, reach)) / (2.0 * reach);
    let small = Font::new(12.0, MUTED);
    let label = Font::new(12.0, INK).halo();
    let (id, class) = variant(id, width);
    let (xm, y0) = (x(median), y(0.0));
    let body = html! {
        (hline(left, left + plot_w, y0, GRID))
        line x1=(coord(xm)) y1=(coord(top)) x2=(coord(xm)) y2=(coord(top + plot_h)) stroke=(GRID) stroke-width="1" {}
        (text(left + plot_w - 4.0, top + 14.0, small.end(), "strengths"))
        (text(left + 4.0, top + 14.0, small, "minor"))
        (text(left + plot_w - 4.0, top + plot_h - 6.0, small.end(), "fix first"))
        (text(left + 4.0, top + plot_h - 6.0, small, "watch"))
        (text(left - 6.0, top + 4.0, small.end(), &signed1(reach)))
        (text(left - 6.0, y0 + 4.0, small.end(), "0"))
        (text(left - 6.0, top + plot_h, small.end(), &signed1(-reach)))
        (text(left, height - 8.0, small, &format!("share of comments → (median {})", pct(median))))
        (text(12.0, top + plot_h / 2.0, small, &format!("impact on {metric} ↑")))
        @for p in points {
            @let (px, py) = (x(p.share), y(p.impact));
            g {
                title { (p.label) ": " (pct(p.share)) " of comments, impact " (signed1(p.impact)) " pts" @if p.significant { " (significant)" } }
                circle cx=(coord(px)) cy=(coord(py)) r=(if p.significant { "6" } else { "4" })
                    fill=(if p.impact < 0.0 { LOW } else { HIGH }) fill-opacity=(if p.significant { "1" } else { "0.45" }) {}
                (text(px + 8.0, py + 4.0, label, &clip(&p.label, if wide { 24 } else { 14 })))
            }
        }
    };
    frame(
        &id,
        &format!("priority {class}"),
        (width, height),
        title,
        body,
    )
}
