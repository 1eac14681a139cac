//! Horizontal bars of share (0-100), one row per theme.

use maud::{html, Markup};

use super::{frame, nice_ceiling, rect, text, variant, Font, INK, WIDE};
use crate::report::templates::format::{clip, coord, count, counted, finite, pct};

/// One row of a horizontal bar chart.
pub struct Bar {
    pub label: String,
    /// 0-100.
    pub share: f64,
    pub mentions: u64,
}

/// Wide: label, bar, "share · mentions" on one line. Narrow: the label above its bar, so a
/// phone shows it whole.
pub fn bar_chart(id: &str, title: &str, rows: &[Bar], color: &str, width: f64) -> Markup {
    let wide = width >= WIDE;
    let (label_w, value_w, row_h, top) = if wide {
        (230.0, 150.0, 30.0, 8.0)
    } else {
        (0.0, 104.0, 44.0, 4.0)
    };
    let bar_max = width - label_w - value_w;
    let height = top * 2.0 + row_h * rows.len() as f64;
    let max = rows.iter().map(|r| finite(r.share)).fold(0.0, f64::max);
    let scale_max = nice_ceiling(max.max(1.0));
    let label_font = Font::new(14.0, INK);
    let value_font = Font::new(13.0, INK);
    let (id, class) = variant(id, width);
    let body = html! {
        @for (i, row) in rows.iter().enumerate() {
            @let y = top + row_h * i as f64;
            @let share = finite(row.share).clamp(0.0, 100.0);
            @let (bar_y, bar_h) = if wide { (y + 5.0, row_h - 10.0) } else { (y + 22.0, 16.0) };
            @let text_y = if wide { y + row_h / 2.0 + 5.0 } else { bar_y + 13.0 };
            g {
                title { (row.label) ": " (pct(share)) " · " (counted(row.mentions, "mention")) }
                @if wide {
                    (text(label_w - 10.0, text_y, label_font.end(), &clip(&row.label, 28)))
                } @else {
                    (text(0.0, y + 16.0, label_font, &clip(&row.label, 44)))
                }
                (rect(label_w, bar_y, bar_max, bar_h, "#f1f3f5"))
                rect x=(coord(label_w)) y=(coord(bar_y))
                    width=(coord((bar_max * share / scale_max).max(1.0)))
                    height=(coord(bar_h)) fill=(color) rx="2" {}
                (text(label_w + bar_max + 8.0, text_y, value_font,
                    &format!("{} · {}", pct(share), count(row.mentions))))
            }
        }
    };
    frame(&id, &format!("bars {class}"), (width, height), title, body)
}
