//! The metric per quarter on a time axis: a line through the quarters with a value, a shaded
//! band for the 95% margin, a dot per point, and as many value labels as fit without touching.

use maud::{html, Markup};

use super::{frame, gaps, hline, nice_range, points, text, text_width, variant, Font, Plot};
use super::{TimeAxis, ASK, GRID, INK, MUTED};
use crate::report::templates::format::{coord, count, finite, num1, num1_abs, num_tick};
use crate::score::Metric;

const VALUE_FONT: f64 = 12.0;

/// Quarters without a metric break the line; quarters without responses are shaded gaps.
pub fn line_chart(
    id: &str,
    title: &str,
    metric_name: &str,
    quarters: &[(String, Option<Metric>)],
    width: f64,
) -> Markup {
    const H: f64 = 300.0;
    const TOP: f64 = 26.0;
    const BOTTOM: f64 = 44.0;
    let Plot {
        left,
        right,
        width: plot_w,
        height: plot_h,
    } = Plot::new(width, (H, TOP, BOTTOM), (52.0, 24.0), (44.0, 14.0));
    let labels: Vec<&str> = quarters.iter().map(|q| q.0.as_str()).collect();
    let axis = TimeAxis::new(&labels);
    let span = axis.span();
    let per_quarter = if span <= 1 {
        plot_w
    } else {
        (plot_w - 40.0) / (span - 1) as f64
    };
    let x = |offset: i64| {
        if span <= 1 {
            left + plot_w / 2.0
        } else {
            left + 20.0 + per_quarter * offset as f64
        }
    };
    let px = |i: usize| x(axis.offset(i));
    // A quarter too small for a margin gets no band (see `Metric::shown_margin`).
    let band = |m: &Metric| m.shown_margin().unwrap_or(0.0);
    let known: Vec<&Metric> = quarters.iter().filter_map(|p| p.1.as_ref()).collect();
    let lo = known
        .iter()
        .map(|m| finite(m.value) - finite(band(m)))
        .fold(f64::INFINITY, f64::min);
    let hi = known
        .iter()
        .map(|m| finite(m.value) + finite(band(m)))
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi, step) = nice_range(lo.max(-100.0), hi.min(100.0));
    let y = |v: f64| TOP + plot_h * (1.0 - (finite(v).clamp(lo, hi) - lo) / (hi - lo));
    let y_ticks: Vec<f64> = (0..)
        .map(|k| lo + step * k as f64)
        .take_while(|t| *t <= hi + step / 2.0)
        .collect();
    let metric = |i: usize| quarters[i].1.as_ref().expect("runs hold metrics");
    let runs = axis.runs(|i| quarters[i].1.is_some());
    let dot = (per_quarter / 2.5).clamp(2.0, 4.5);
    let value_labels = value_labels(quarters, px, y);
    let tick_font = Font::new(12.0, MUTED).end();
    let axis_font = Font::new(12.0, INK).middle();
    let value_font = Font::new(VALUE_FONT, INK).middle().bold().halo();
    let (id, class) = variant(id, width);
    let body = html! {
        (gaps(&axis, TOP, plot_h, |o| x(o) - per_quarter / 2.0, |o| x(o) + per_quarter / 2.0))
        @for tick in &y_ticks {
            (hline(left, width - right, y(*tick), if tick.abs() < 1e-9 { MUTED } else { GRID }))
            (text(left - 8.0, y(*tick) + 4.0, tick_font, &num_tick(*tick)))
        }
        (text(4.0, 14.0, Font::new(12.0, MUTED), metric_name))
        @for offset in axis.ticks(per_quarter, 12.0) {
            (text(x(offset), H - BOTTOM + 22.0, axis_font, &axis.label_at(offset)))
        }
        @for run in &runs {
            @if let [i] = run.as_slice() {
                @let m = metric(*i);
                rect x=(coord(px(*i) - 8.0)) y=(coord(y(m.value + band(m)))) width="16"
                    height=(coord(y(m.value - band(m)) - y(m.value + band(m))))
                    fill=(ASK) fill-opacity="0.18" {}
            } @else {
                polygon fill=(ASK) fill-opacity="0.15" points=(points(
                    run.iter().map(|&i| (px(i), y(metric(i).value + band(metric(i)))))
                        .chain(run.iter().rev().map(|&i| (px(i), y(metric(i).value - band(metric(i))))))
                )) {}
                polyline fill="none" stroke=(ASK) stroke-width="2.5"
                    points=(points(run.iter().map(|&i| (px(i), y(metric(i).value))))) {}
            }
        }
        @for (i, (quarter, m)) in quarters.iter().enumerate() {
            @if let Some(m) = m {
                g {
                    title {
                        (quarter) ": " (metric_name) " " (num1(m.value))
                        @match m.shown_margin() {
                            Some(x) => { " ±" (num1_abs(x)) " (95%)" },
                            None => { " (" (crate::score::TOO_FEW) ")" },
                        }
                        ", " (count(m.n)) " scored"
                    }
                    circle cx=(coord(px(i))) cy=(coord(y(m.value))) r=(coord(dot)) fill=(ASK)
                        stroke="#fff" stroke-width="1.5" {}
                    @if let Some(ty) = value_labels[i] {
                        (text(px(i), ty, value_font, &num1(m.value)))
                    }
                }
            }
        }
    };
    frame(&id, class, (width, H), title, body)
}

/// The baseline of each point's value label, or None where it would touch one already placed.
/// Labels are placed from the latest quarter back, so the latest always has one; each sits above
/// its point, or below it when the point is near the top.
fn value_labels(
    quarters: &[(String, Option<Metric>)],
    x: impl Fn(usize) -> f64,
    y: impl Fn(f64) -> f64,
) -> Vec<Option<f64>> {
    const TOP: f64 = 26.0;
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut out = vec![None; quarters.len()];
    for (i, (_, m)) in quarters.iter().enumerate().rev() {
        let Some(m) = m else { continue };
        let above = y(m.value) - 10.0;
        let ty = if above < TOP + 4.0 {
            y(m.value) + 20.0
        } else {
            above
        };
        let half = text_width(&num1(m.value), VALUE_FONT, true) / 2.0 + 3.0;
        let b = (x(i) - half, x(i) + half, ty - VALUE_FONT - 1.0, ty + 4.0);
        let clear = placed
            .iter()
            .all(|p| b.1 <= p.0 || p.1 <= b.0 || b.3 <= p.2 || p.3 <= b.2);
        if clear {
            placed.push(b);
            out[i] = Some(ty);
        }
    }
    out
}
