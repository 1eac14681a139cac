//! Themes (rows) by segment values (columns); colour intensity by share, over-represented cells
//! outlined and marked with ▲; each cell shows its share with one decimal. Wide tables scroll
//! in their figure.

use maud::{html, Markup};

use super::{frame, heat_color, points, rect, text, Font, INK};
use crate::report::templates::format::{clip, coord, finite, num1, pct};
use crate::report::HeatRow;

pub fn heat_map(id: &str, title: &str, values: &[String], rows: &[HeatRow]) -> Markup {
    const LABEL_W: f64 = 210.0;
    const HEAD_H: f64 = 34.0;
    const ROW_H: f64 = 32.0;
    let cols = values.len().max(1);
    let cell_w = ((super::WIDE - LABEL_W - 8.0) / cols as f64).max(64.0);
    let width = LABEL_W + cell_w * cols as f64 + 8.0;
    let height = HEAD_H + ROW_H * rows.len() as f64 + 6.0;
    let max = rows
        .iter()
        .flat_map(|r| r.shares.iter().copied())
        .map(finite)
        .fold(0.0, f64::max)
        .max(1e-9);
    let head_chars = ((cell_w - 8.0) / 7.5).floor().max(4.0) as usize;
    let body = html! {
        @for (j, value) in values.iter().enumerate() {
            g {
                title { (value) }
                (text(LABEL_W + cell_w * (j as f64 + 0.5), HEAD_H - 12.0, Font::new(13.0, INK).middle().bold(),
                    &clip(value, head_chars)))
            }
        }
        @for (i, row) in rows.iter().enumerate() {
            @let y = HEAD_H + ROW_H * i as f64;
            (text(LABEL_W - 10.0, y + ROW_H / 2.0 + 5.0, Font::new(13.0, INK).end(), &clip(&row.theme, 26)))
            @for (j, value) in values.iter().enumerate() {
                @let share = finite(row.shares.get(j).copied().unwrap_or(0.0)).max(0.0);
                @let over = row.over_represented.get(j).copied().unwrap_or(false);
                @let t = (share / max).clamp(0.0, 1.0);
                @let x = LABEL_W + cell_w * j as f64;
                @let ink = if t > 0.5 { "#fff" } else { INK };
                g {
                    title { (row.theme) " in " (value) ": " (pct(share)) @if over { ", over-represented" } }
                    (rect(x + 1.0, y + 1.0, cell_w - 2.0, ROW_H - 2.0, &heat_color(t)))
                    @if over {
                        rect x=(coord(x + 2.5)) y=(coord(y + 2.5)) width=(coord(cell_w - 5.0))
                            height=(coord(ROW_H - 5.0)) fill="none" stroke=(INK) stroke-width="3" {}
                        polygon points=(points([(x + 7.0, y + 14.0), (x + 11.0, y + 7.0), (x + 15.0, y + 14.0)]))
                            fill=(ink) {}
                    }
                    @let font = Font::new(13.0, ink).middle();
                    (text(x + cell_w / 2.0, y + ROW_H / 2.0 + 5.0, if over { font.bold() } else { font }, &num1(share)))
                }
            }
        }
    };
    frame(id, "heat", (width, height), title, body)
}
