//! The report as one self-contained HTML5 page: inline CSS and inline SVG charts, no scripts,
//! no external fonts, images or links, so it reads offline, prints, and works on a phone.
//!
//! The page is rendered by the maud templates in `templates/`, which escape every piece of data
//! they splice in (labels, quotes, segment values, scope, the command), in element content,
//! attributes and SVG `<text>` alike.

use super::templates;
use super::Report;

/// Renders the report as one self-contained HTML5 page.
pub fn render(report: &Report) -> String {
    templates::page(report).into_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::templates::charts::nice_range;
    use super::templates::format::{clip, count, num1, signed1};
    use super::*;
    use crate::report::{
        Headline, HeatRow, Method, ReportFacet, ReportTheme, SegmentRow, SegmentSection, Snapshot,
        Standout, ThemeChange, ThemeTrend, Trend, SCHEMA_VERSION,
    };
    use crate::score::{Band, BandCounts, Benchmark, Metric};
    use crate::themes::{Kind, Quote};

    fn metric(value: f64, margin: f64, n: u64) -> Metric {
        Metric {
            value,
            margin,
            n,
            benchmark: Some(Benchmark::Slipping),
            small: n < 30,
            negative: None,
        }
    }

    fn bands(low: u64, middle: u64, high: u64) -> BandCounts {
        BandCounts {
            low,
            middle,
            high,
            ..Default::default()
        }
    }

    fn snapshot(quarter: &str, b: BandCounts, value: Option<f64>) -> Snapshot {
        let n = b.scored();
        Snapshot {
            quarter: quarter.into(),
            responses: n,
            comments: n / 2,
            comment_rate: 50.0,
            bands: b,
            band_percent: [
                b.percent(Band::Low),
                b.percent(Band::Middle),
                b.percent(Band::High),
            ],
            metric: value.map(|v| metric(v, 4.2, n)),
        }
    }

    fn quote(text: &str) -> Quote {
        let mut segments = BTreeMap::new();
        segments.insert("plan".to_string(), "Pro & <Team>".to_string());
        Quote {
            id: "r1".into(),
            text: text.into(),
            score: Some(3.0),
            band: "detractor".into(),
            date: Some("2026-08-02".into()),
            segments,
        }
    }

    fn theme(label: &str, kind: Kind, quotes: Vec<Quote>) -> ReportTheme {
        ReportTheme {
            label: label.into(),
            key: label.to_lowercase(),
            kind,
            mentions: 1234,
            share: 23.4,
            gap: Some(-12.5),
            impact: None,
            previous_share: Some(4.1),
            current_share: Some(6.3),
            quotes,
            facets: vec![ReportFacet {
                label: "<b>legroom</b>".into(),
                mentions: 12,
            }],
        }
    }

    fn sample() -> Report {
        let current = snapshot("2026Q3", bands(412, 321, 500), Some(7.1));
        let previous = snapshot("2026Q2", bands(300, 300, 500), Some(18.2));
        Report {
            schema_version: SCHEMA_VERSION,
            quarter: "2026Q3".into(),
            compare: Some("2026Q2".into()),
            scope: "plan = \"Pro\" & <all>".into(),
            incomplete: Some("latest response 2026-08-20, 41 days before the quarter's end".into()),
            metric_name: Some("NPS".into()),
            band_names: Some(["detractor".into(), "passive".into(), "promoter".into()]),
            headline: Headline {
                current: current.clone(),
                previous: Some(previous.clone()),
                change: Some(-9.4),
                change_margin: Some(11.4),
                significant: Some(false),
                benchmark: Some("slipping".into()),
                caveat: "Only 50% of responses have comments; the vocal few may differ.".into(),
            },
            changes: vec![ThemeChange {
                label: "Label \"&<>".into(),
                key: "label".into(),
                previous_mentions: 10,
                previous_share: 1.5,
                mentions: 1500,
                share: 9.26,
                change: 7.75,
                z: 3.1,
                significant: true,
            }],
            complaints: vec![theme(
                "Label \"&<>",
                Kind::Complaint,
                vec![
                    quote("It broke <script>alert(1)</script> again"),
                    quote("slow & buggy"),
                ],
            )],
            asks: vec![theme(
                "dark mode",
                Kind::Ask,
                vec![quote("please add dark mode")],
            )],
            praise: vec![theme("support", Kind::Praise, vec![quote("great support")])],
            score_change: None,
            drivers: Vec::new(),
            median_share: 0.0,
            names: Vec::new(),
            questions: Vec::new(),
            segments: vec![SegmentSection {
                column: "plan".into(),
                rows: vec![
                    SegmentRow {
                        value: "Free".into(),
                        responses: 800,
                        bands: bands(300, 200, 300),
                        metric: Some(metric(0.0, 6.0, 800)),
                    },
                    SegmentRow {
                        value: "Pro <b>".into(),
                        responses: 433,
                        bands: bands(112, 121, 200),
                        metric: Some(metric(20.3, 8.0, 433)),
                    },
                ],
                standouts: vec![Standout {
                    value: "Free".into(),
                    theme: "pricing".into(),
                    mentions: 40,
                    share: 12.0,
                    lift: Some(2.5),
                }],
                heatmap: vec![HeatRow {
                    theme: "pricing".into(),
                    shares: vec![12.0, 3.0],
                    over_represented: vec![true, false],
                }],
            }],
            churn: None,
            quadrants: None,
            agents: None,
            trend: Trend {
                quarters: vec![snapshot("2026Q1", bands(0, 0, 0), None), previous, current],
                themes: vec![ThemeTrend {
                    label: "pricing".into(),
                    key: "price".into(),
                    shares: vec![2.0, 3.0, 5.5],
                }],
            },
            method: Method {
                command: "verbatim report --quarter 2026Q3 --where 'plan=Pro'".into(),
                generated_by: "verbatim 0.1.0".into(),
                min_mentions: 5,
                notes: vec!["Themes are <distinctive> terms.".into()],
            },
            codebook_unmatched: Vec::new(),
        }
    }

    #[test]
    fn every_section_in_order() {
        let html = render(&sample());
        let ids = [
            "headline",
            "changes",
            "complaints",
            "asks",
            "praise",
            "segments",
            "trend",
            "method",
        ];
        let mut last = 0;
        for id in ids {
            let at = html
                .find(&format!("<section id=\"{id}\">"))
                .unwrap_or_else(|| panic!("no section {id}"));
            assert!(at > last, "section {id} out of order");
            last = at;
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<title>Voice of the customer — 2026Q3</title>"));
    }

    #[test]
    fn charts_present_with_title_and_role() {
        let html = render(&sample());
        for id in [
            "nps-trend",
            "band-split",
            "complaint-bars",
            "ask-bars",
            "praise-bars",
            "heat-0",
        ] {
            let start = html
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("no chart {id}"));
            let tag_start = html[..start].rfind('<').unwrap();
            let tag = &html[tag_start..start + html[start..].find('>').unwrap()];
            assert!(tag.starts_with("<svg"), "{id} is not an svg: {tag}");
            assert!(
                tag.contains("role=\"img\"")
                    && tag.contains("class=\"chart")
                    && tag.contains("viewBox"),
                "{tag}"
            );
            assert!(
                html[start..]
                    .split("</svg>")
                    .next()
                    .unwrap()
                    .contains("<title"),
                "{id} has no title"
            );
        }
        assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    }

    #[test]
    fn data_is_escaped() {
        let html = render(&sample());
        assert!(!html.contains("<script"), "raw script tag in output");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Label &quot;&amp;&lt;&gt;"));
        assert!(!html.contains("Label \"&<>"));
        assert!(html.contains("Pro &amp; &lt;Team&gt;"));
        assert!(html.contains("Pro &lt;b&gt;"));
        assert!(
            html.contains("&lt;b&gt;legroom&lt;/b&gt; (12)"),
            "facets escaped"
        );
        assert!(html.contains("plan = &quot;Pro&quot; &amp; &lt;all&gt;"));
        // Apostrophes stay as they are: maud writes every attribute in double quotes, so an
        // apostrophe can end nothing (`"` in data becomes &quot;).
        assert!(html.contains("--where 'plan=Pro'"));
        assert!(html.contains("quarter's end"));
        // The label inside the SVG bar chart is escaped too.
        let bars = html
            .split("id=\"complaint-bars\"")
            .nth(1)
            .unwrap()
            .split("</svg>")
            .next()
            .unwrap();
        assert!(bars.contains("Label &quot;&amp;&lt;&gt;"));
    }

    /// Every element and attribute name in `html`: (tag, attribute names).
    fn tags(html: &str) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let end = rest.find('>').expect("every tag closes");
            let tag = &rest[..end];
            let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
            let mut attrs = Vec::new();
            let mut a = tag[name_end..].trim_start();
            while !a.is_empty() && a != "/" {
                let n = a.find(['=', ' ']).unwrap_or(a.len()).max(1);
                attrs.push(a[..n].to_string());
                a = &a[n..];
                a = match a.strip_prefix("=\"") {
                    Some(v) => &v[v.find('"').map_or(v.len(), |close| close + 1)..],
                    // An unquoted value (never written by the templates): up to the next space.
                    None => a
                        .strip_prefix('=')
                        .map_or(a, |v| &v[v.find(' ').unwrap_or(v.len())..]),
                };
                a = a.trim_start();
            }
            out.push((tag[..name_end].to_string(), attrs));
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn hostile_comment_segment_and_label_stay_text() {
        let script = "<script>alert(1)</script>";
        let img = "<img src=x onerror=alert(2)>";
        let breakout = "\" onmouseover=\"alert(3)";
        let mut r = sample();
        let hostile = |what: &str| format!("{what} {script}{img}{breakout}");
        r.complaints[0].label = hostile("label");
        r.complaints[0].quotes[0].text = hostile("comment");
        r.complaints[0].quotes[0]
            .segments
            .insert("plan".into(), hostile("quoted value"));
        r.segments[0].rows[1].value = hostile("value");
        r.segments[0].heatmap[0].theme = hostile("heat label");
        r.trend.themes[0].label = hostile("trend label");
        r.changes[0].label = hostile("change label");
        let html = render(&r);
        let allowed = [
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "main",
            "header",
            "h1",
            "h2",
            "h3",
            "h4",
            "p",
            "nav",
            "ul",
            "li",
            "a",
            "section",
            "div",
            "span",
            "strong",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "figure",
            "figcaption",
            "svg",
            "g",
            "rect",
            "text",
            "line",
            "polyline",
            "polygon",
            "circle",
            "article",
            "blockquote",
            "footer",
            "pre",
            "code",
            "small",
            "details",
            "summary",
        ];
        for (tag, attrs) in tags(&html) {
            assert!(
                allowed.contains(&tag.as_str()),
                "element <{tag}> in the page"
            );
            for a in attrs {
                assert!(!a.starts_with("on"), "attribute {a} on <{tag}>");
            }
        }
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot; onmouseover=&quot;alert(3)";
        for what in [
            "label",
            "comment",
            "quoted value",
            "value",
            "heat label",
            "trend label",
            "change label",
        ] {
            let text = format!("{what} {escaped}");
            assert!(html.contains(&text), "{what} is not kept as text");
        }
        // Inside the SVG charts too: the bar chart's <title>, the heat map and the sparkline.
        for id in [
            "complaint-bars",
            "complaint-bars-narrow",
            "heat-0",
            "theme-trend-0",
        ] {
            let chart = html
                .split(&format!("id=\"{id}\""))
                .nth(1)
                .unwrap_or_else(|| panic!("no chart {id}"))
                .split("</svg>")
                .next()
                .unwrap();
            assert!(chart.contains(escaped), "{id}: hostile text not escaped");
        }
    }

    #[test]
    fn each_question_has_its_sections_with_unique_ids() {
        let mut r = sample();
        let question = |index: u32, label: &str| crate::report::QuestionThemes {
            question: Some(crate::index::meta::Question {
                index,
                label: label.into(),
                columns: vec![index as usize],
                slant: Default::default(),
            }),
            ..r.primary_lists()
        };
        r.questions = vec![question(0, "Why?"), question(1, "What <else>?")];
        let html = render(&r);
        assert!(html.contains(
            "<h2 class=\"question\" id=\"question-2\">Question 2 of 2: What &lt;else&gt;?</h2>"
        ));
        for id in [
            "changes",
            "complaints",
            "complaint-bars",
            "praise-bars-narrow",
        ] {
            assert!(html.contains(&format!(" id=\"{id}\"")), "{id}");
            assert!(html.contains(&format!(" id=\"q2-{id}\"")), "q2-{id}");
        }
        assert!(html.contains("aria-labelledby=\"q2-complaint-bars-title\""));
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "an id appears twice");
    }

    #[test]
    fn counts_beside_percentages() {
        let html = render(&sample());
        assert!(html.contains("NPS 7.1"));
        assert!(
            html.contains("<strong>412</strong> (33.4%)"),
            "band count beside percent"
        );
        assert!(html.contains("1,233 responses"));
        assert!(
            html.contains("10 (1.5%)") && html.contains("1,500 (9.3%)"),
            "changes table"
        );
        assert!(html.contains("300 (37.5%)"), "segment table");
        assert!(html.contains("−9.4 points</strong> vs 2026Q2, ±11.4 (95%): within its margin"));
        assert!(html.contains("Incomplete quarter"));
    }

    #[test]
    fn no_external_urls_or_scripts() {
        let html = render(&sample());
        let stripped = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!stripped.contains("http://") && !stripped.contains("https://"));
        assert!(!html.to_lowercase().contains("<script"));
        assert!(!html.contains("<link") && !html.contains("<img") && !html.contains("@import"));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn no_scores_report() {
        let mut r = sample();
        r.metric_name = None;
        r.headline.current.metric = None;
        for q in &mut r.trend.quarters {
            q.metric = None;
        }
        let html = render(&r);
        assert!(html.contains("no scores"));
        assert!(!html.contains("id=\"nps-trend\""));
    }

    #[test]
    fn formatting() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(num1(-0.04), "0.0");
        assert_eq!(signed1(-9.43), "−9.4");
        assert_eq!(signed1(3.25), "+3.2");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(nice_range(-3.0, 25.0).2, 10.0);
    }
}
