//! Vertical 100% bars of the low/middle/high split per quarter on a time axis, with the percent
//! inside each segment when it is tall and wide enough to hold it.

use maud::{html, Markup};

use super::{frame, gaps, hline, rect, text, text_width, variant, Font, Plot, TimeAxis};
use super::{GRID, HIGH, INK, LOW, MIDDLE, MUTED};
use crate::report::templates::format::{band_count, coord, count, finite, pct};
use crate::report::Snapshot;

pub fn stacked_bars(
    id: &str,
    title: &str,
    names: &[String; 3],
    quarters: &[Snapshot],
    width: f64,
) -> Markup {
    const H: f64 = 280.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 40.0;
    let Plot {
        left,
        right,
        width: plot_w,
        height: plot_h,
    } = Plot::new(width, (H, TOP, BOTTOM), (44.0, 12.0), (40.0, 8.0));
    let labels: Vec<&str> = quarters.iter().map(|q| q.quarter.as_str()).collect();
    let axis = TimeAxis::new(&labels);
    let slot = plot_w / axis.span().max(1) as f64;
    let bar_w = (slot * 0.62).min(72.0);
    let center = |offset: i64| left + slot * (offset as f64 + 0.5);
    let colors = [LOW, MIDDLE, HIGH];
    let text_colors = ["#fff", INK, "#fff"];
    let no_scores_fits = text_width("no scores", 11.0, false) + 4.0 <= slot;
    let (id, class) = variant(id, width);
    let body = html! {
        (gaps(&axis, TOP, plot_h, |o| left + slot * o as f64, |o| left + slot * (o + 1) as f64))
        @for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
            @let y = TOP + plot_h * (1.0 - p / 100.0);
            (hline(left, width - right, y, GRID))
            (text(left - 6.0, y + 4.0, Font::new(12.0, MUTED).end(), &format!("{p:.0}%")))
        }
        @for offset in axis.ticks(slot, 12.0) {
            (text(center(offset), H - BOTTOM + 20.0, Font::new(12.0, INK).middle(), &axis.label_at(offset)))
        }
        @for (i, q) in quarters.iter().enumerate() {
            @let cx = center(axis.offset(i));
            @let x0 = cx - bar_w / 2.0;
            @if q.bands.scored() == 0 {
                g {
                    title { (q.quarter) ": no scores" }
                    rect x=(coord(x0)) y=(coord(TOP)) width=(coord(bar_w)) height=(coord(plot_h))
                        fill="none" stroke=(GRID) stroke-dasharray="4 3" {}
                    @if no_scores_fits {
                        (text(cx, TOP + plot_h / 2.0, Font::new(11.0, MUTED).middle(), "no scores"))
                    }
                }
            } @else {
                // Stacked from the bottom: high (green) at the base, then middle, then low on
                // top, so the low share reads from the top edge.
                @for (band, bottom, h) in stack(q, TOP + plot_h, plot_h) {
                    g {
                        title { (q.quarter) ": " (names[band]) " " (count(band_count(&q.bands, band)))
                            " (" (pct(finite(q.band_percent[band]).clamp(0.0, 100.0))) ")" }
                        (rect(x0, bottom - h, bar_w, h, colors[band]))
                        @if h >= 16.0 && bar_w >= 30.0 {
                            (text(cx, bottom - h / 2.0 + 4.0, Font::new(11.0, text_colors[band]).middle(),
                                &format!("{:.0}%", finite(q.band_percent[band]).clamp(0.0, 100.0))))
                        }
                    }
                }
            }
        }
    };
    frame(&id, class, (width, H), title, body)
}

/// (band, bottom edge, height) of each band's segment, high band first, from `base` up.
fn stack(q: &Snapshot, base: f64, plot_h: f64) -> Vec<(usize, f64, f64)> {
    let mut bottom = base;
    [2usize, 1, 0]
        .into_iter()
        .map(|band| {
            let h = plot_h * finite(q.band_percent[band]).clamp(0.0, 100.0) / 100.0;
            let seg = (band, bottom, h);
            bottom -= h;
            seg
        })
        .collect()
}
