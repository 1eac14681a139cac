//! The report's impact sections: the priority chart of the quarter's themes and the score change
//! split over the themes.

use maud::{html, Markup};

use super::charts::{priority_chart, responsive, Point};
use super::format::{num1, pct, signed1};
use super::sections::Ids;
use crate::report::Report;
use crate::themes::drivers::{Driver, ScoreChange};
use crate::themes::drivers_print::change_note;

/// The drivers with an impact, as points of the priority chart (the report's and serve's).
pub fn priority_points(drivers: &[Driver]) -> Vec<Point> {
    drivers
        .iter()
        .filter_map(|d| {
            d.impact.map(|i| Point {
                label: d.label.clone(),
                share: d.share,
                impact: i.value,
                significant: i.significant,
            })
        })
        .collect()
}

/// The priority chart: share of comments across, impact up, with its quadrants.
pub fn priority(report: &Report, ids: Ids, drivers: &[Driver], median: f64) -> Markup {
    let metric = report.metric_name.as_deref().unwrap_or("score");
    let points = priority_points(drivers);
    if points.is_empty() {
        return html! {};
    }
    let title = format!("Priority: each theme's share of comments and impact on the {metric}");
    html! {
        section id=(ids.of("priority")) {
            h2 { "What to fix first" }
            p class="muted" {
                "Impact: the quarter's " (metric) " over every scored response minus its " (metric)
                " without the responses mentioning the theme (an association, not a cause). Fix first: share at or above the median ("
                (pct(median)) ") and impact below 0; watch: share below the median and impact below 0; strengths: share at or above the median and impact at or above 0; minor: the rest. Full dots are significant after Benjamini-Hochberg."
            }
            figure class="fig" {
                (responsive(|w| priority_chart(&ids.of("priority-chart"), &title, &points, median, metric, w)))
            }
        }
    }
}

/// Why the score moved: each theme's change in impact, split into mix and rate, and the remainder.
pub fn score_change(report: &Report, ids: Ids, c: &ScoreChange) -> Markup {
    let metric = report.metric_name.as_deref().unwrap_or("score");
    let shown: Vec<_> = c.themes.iter().take(10).collect();
    let rest: f64 = c.themes.iter().skip(10).map(|s| s.parts.change).sum();
    html! {
        section id=(ids.of("why")) {
            h2 { "Why the " (metric) " moved" }
            p {
                (c.previous_quarter) " " (c.previous.map_or("-".into(), |m| num1(m.value)))
                " → " (c.quarter) " " (c.current.map_or("-".into(), |m| num1(m.value)))
                ": " strong { (signed1(c.change)) " points" }
            }
            p class="muted" { (change_note()) }
            div class="table-wrap" {
                table {
                    thead { tr {
                        th scope="col" { "Theme" }
                        th scope="col" class="num" { "Impact " (c.previous_quarter) }
                        th scope="col" class="num" { "Impact " (c.quarter) }
                        th scope="col" class="num" { "Change" }
                        th scope="col" class="num" { "Mix (more or fewer mention it)" }
                        th scope="col" class="num" { "Rate (they score differently)" }
                    } }
                    tbody {
                        @for s in &shown {
                            tr {
                                th scope="row" { (s.label) }
                                td class="num" { (s.previous_impact.map_or("-".into(), signed1)) }
                                td class="num" { (s.impact.map_or("-".into(), signed1)) }
                                td class="num" { (signed1(s.parts.change)) }
                                td class="num" { (signed1(s.parts.mix)) }
                                td class="num" { (signed1(s.parts.rate)) }
                            }
                        }
                        @if c.themes.len() > shown.len() {
                            tr { th scope="row" { "Other themes (" (c.themes.len() - shown.len()) ")" } td {} td {} td class="num" { (signed1(rest)) } td {} td {} }
                        }
                        tr { th scope="row" { "No theme (remainder)" } td {} td {} td class="num" { (signed1(c.remainder)) } td {} td {} }
                    }
                }
            }
        }
    }
}
