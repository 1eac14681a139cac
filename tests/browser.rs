//! Renders reports as HTML and loads them in headless Chromium: checks the DOM the browser
//! builds (sections, charts, numbers, the hostile quote kept as text) and keeps screenshots at
//! 1280 px and 390 px (a phone) in `target/report-screenshots/`.
//!
//! The browser is `VERBATIM_CHROMIUM` when set, else the first of chromium, chromium-browser,
//! google-chrome and google-chrome-stable on PATH. Without one (or with `VERBATIM_CHROMIUM` set
//! empty) only the HTML string is checked, and a loud note on stderr says the browser part was
//! skipped. `VERBATIM_REPORT_HTML=<path>` keeps a copy of the realistic report's page.

mod support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use verbatim::report::{
    html, Headline, HeatRow, Method, Report, ReportTheme, SegmentRow, SegmentSection, Snapshot,
    Standout, ThemeChange, ThemeTrend, Trend, SCHEMA_VERSION,
};
use verbatim::score::{Band, BandCounts, Metric, Scale};
use verbatim::themes::{Kind, Quote};

use support::browser::{find_program, BROWSERS};
use support::cli::{ingest_ok, ok};
use support::fixture;

/// Chromium is killed after this long.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

const SECTION_IDS: [&str; 8] = [
    "headline",
    "changes",
    "complaints",
    "asks",
    "praise",
    "segments",
    "trend",
    "method",
];
const CHART_IDS: [&str; 4] = ["nps-trend", "band-split", "complaint-bars", "heat-0"];
const HOSTILE: &str = "Export is broken <script>alert(1)</script> every single time";

fn counts(low: u64, middle: u64, high: u64) -> BandCounts {
    BandCounts {
        low,
        middle,
        high,
        ..Default::default()
    }
}

fn snapshot(quarter: &str, bands: BandCounts, comments: u64) -> Snapshot {
    let responses = bands.total();
    Snapshot {
        quarter: quarter.into(),
        responses,
        comments,
        comment_rate: 100.0 * comments as f64 / responses as f64,
        bands,
        band_percent: [
            bands.percent(Band::Low),
            bands.percent(Band::Middle),
            bands.percent(Band::High),
        ],
        metric: Metric::compute(Scale::Nps, &bands),
    }
}

fn quote(text: &str, score: f64, plan: &str, region: &str) -> Quote {
    let band = match score as u32 {
        0..=6 => "detractor",
        7 | 8 => "passive",
        _ => "promoter",
    };
    Quote {
        id: format!("r{}", text.len()),
        text: text.into(),
        score: Some(score),
        band: band.into(),
        date: Some("2026-08-14".into()),
        segments: BTreeMap::from([
            ("plan".to_string(), plan.to_string()),
            ("region".to_string(), region.to_string()),
        ]),
    }
}

#[allow(clippy::too_many_arguments)]
fn theme(
    label: &str,
    kind: Kind,
    mentions: u64,
    share: f64,
    impact: f64,
    previous: f64,
    current: f64,
    quotes: Vec<Quote>,
) -> ReportTheme {
    ReportTheme {
        label: label.into(),
        key: label.to_lowercase(),
        kind,
        mentions,
        share,
        gap: Some(impact),
        impact: None,
        previous_share: Some(previous),
        current_share: Some(current),
        quotes,
        facets: Vec::new(),
    }
}

fn theme_change(label: &str, before: (u64, f64), now: (u64, f64), z: f64) -> ThemeChange {
    ThemeChange {
        label: label.into(),
        key: label.to_lowercase(),
        previous_mentions: before.0,
        previous_share: before.1,
        mentions: now.0,
        share: now.1,
        change: now.1 - before.1,
        z,
        significant: z.abs() >= 1.96,
    }
}

fn segment_row(value: &str, bands: BandCounts) -> SegmentRow {
    SegmentRow {
        value: value.into(),
        responses: bands.total(),
        bands,
        metric: Metric::compute(Scale::Nps, &bands),
    }
}

/// A quarter of NPS data as the report builder would produce it.
fn realistic_report() -> Report {
    let quarters = [
        ("2025Q1", counts(310, 420, 690), 980),
        ("2025Q2", counts(295, 440, 720), 1010),
        ("2025Q3", counts(330, 410, 700), 1003),
        ("2025Q4", counts(350, 430, 660), 990),
        ("2026Q1", counts(372, 401, 640), 1012),
        ("2026Q2", counts(390, 420, 610), 1022),
        ("2026Q3", counts(412, 321, 487), 871),
    ];
    let trend: Vec<Snapshot> = quarters
        .iter()
        .map(|(q, b, c)| snapshot(q, *b, *c))
        .collect();
    let current = trend[6].clone();
    let previous = trend[5].clone();
    let (m1, m0) = (current.metric.unwrap(), previous.metric.unwrap());
    let change = m1.value - m0.value;
    let margin = 1.96 * (m1.standard_error().powi(2) + m0.standard_error().powi(2)).sqrt();

    let complaints =
        vec![
            theme(
                "export to Excel",
                Kind::Complaint,
                118,
                38.4,
                -21.7,
                5.2,
                9.8,
                vec![
                quote(HOSTILE, 2.0, "Pro", "EU"),
                quote(
                    "The CSV export drops every column after the 20th & nobody replies to tickets.",
                    3.0,
                    "Team",
                    "US",
                ),
                quote("Exports time out for anything over a month of data.", 4.0, "Pro", "APAC"),
            ],
            ),
            theme(
                "price increase",
                Kind::Complaint,
                96,
                31.2,
                -18.3,
                6.1,
                8.0,
                vec![
                    quote(
                        "A 40% price rise with no warning. We're looking at alternatives.",
                        1.0,
                        "Team",
                        "EU",
                    ),
                    quote("Too expensive for what it does now.", 5.0, "Free", "US"),
                ],
            ),
            theme(
                "slow dashboard",
                Kind::Complaint,
                61,
                19.8,
                -9.6,
                4.4,
                5.1,
                vec![
                    quote(
                        "Dashboard takes 30 seconds to load in the morning.",
                        4.0,
                        "Pro",
                        "US",
                    ),
                    quote(
                        "Charts spin forever on \"last 90 days\".",
                        6.0,
                        "Enterprise",
                        "EU",
                    ),
                ],
            ),
            theme(
                "login & SSO <issues>",
                Kind::Complaint,
                34,
                11.0,
                -6.2,
                2.5,
                2.8,
                vec![
                    quote("SSO logs me out twice a day.", 3.0, "Enterprise", "APAC"),
                    quote(
                        "Can't reset my password, the email never arrives.",
                        2.0,
                        "Free",
                        "EU",
                    ),
                ],
            ),
        ];
    let asks = vec![
        theme(
            "dark mode",
            Kind::Ask,
            72,
            8.3,
            1.5,
            6.9,
            8.3,
            vec![
                quote("Please add a dark mode, my eyes hurt.", 8.0, "Pro", "EU"),
                quote("Would love dark mode for late shifts.", 9.0, "Team", "US"),
            ],
        ),
        theme(
            "API access",
            Kind::Ask,
            45,
            5.2,
            4.8,
            4.0,
            5.2,
            vec![
                quote(
                    "An API so we can pull the numbers into our BI tool.",
                    7.0,
                    "Enterprise",
                    "US",
                ),
                quote(
                    "Webhooks or an API would make this perfect.",
                    9.0,
                    "Pro",
                    "APAC",
                ),
            ],
        ),
    ];
    let praise = vec![
        theme(
            "helpful support",
            Kind::Praise,
            141,
            40.6,
            24.0,
            15.0,
            16.2,
            vec![
                quote(
                    "Support answered within ten minutes and fixed it. Amazing.",
                    10.0,
                    "Pro",
                    "EU",
                ),
                quote("Maria from support is a star!", 10.0, "Team", "US"),
                quote(
                    "Best customer service of any SaaS we use.",
                    9.0,
                    "Enterprise",
                    "APAC",
                ),
            ],
        ),
        theme(
            "easy to use",
            Kind::Praise,
            98,
            28.2,
            19.5,
            12.2,
            11.3,
            vec![
                quote(
                    "Easy to set up, the whole team was on it in a day.",
                    9.0,
                    "Free",
                    "US",
                ),
                quote("Clean and simple.", 10.0, "Pro", "EU"),
            ],
        ),
        theme(
            "templates",
            Kind::Praise,
            40,
            11.5,
            14.1,
            3.9,
            4.6,
            vec![
                quote("The survey templates saved me hours.", 10.0, "Team", "EU"),
                quote("Love the new template gallery.", 9.0, "Free", "APAC"),
            ],
        ),
    ];
    let plans = [
        ("Free", counts(90, 60, 80)),
        ("Pro", counts(150, 120, 210)),
        ("Team", counts(120, 90, 130)),
        ("Enterprise", counts(52, 51, 67)),
    ];
    let segment = SegmentSection {
        column: "plan".into(),
        rows: plans.iter().map(|(v, b)| segment_row(v, *b)).collect(),
        standouts: vec![
            Standout {
                value: "Team".into(),
                theme: "price increase".into(),
                mentions: 41,
                share: 17.6,
                lift: Some(2.4),
            },
            Standout {
                value: "Pro".into(),
                theme: "export to Excel".into(),
                mentions: 58,
                share: 16.2,
                lift: Some(1.9),
            },
        ],
        heatmap: vec![
            heat(
                "export to Excel",
                [6.1, 16.2, 11.0, 9.4],
                [false, true, false, false],
            ),
            heat(
                "price increase",
                [9.0, 7.2, 17.6, 4.3],
                [false, false, true, false],
            ),
            heat(
                "slow dashboard",
                [4.1, 6.6, 5.2, 8.9],
                [false, false, false, false],
            ),
            heat(
                "helpful support",
                [14.3, 15.8, 16.4, 22.0],
                [false, false, false, true],
            ),
            heat(
                "dark mode",
                [8.8, 9.1, 7.5, 6.0],
                [false, false, false, false],
            ),
        ],
    };
    let theme_trend = |label: &str, shares: [f64; 7]| ThemeTrend {
        label: label.into(),
        key: label.to_lowercase(),
        shares: shares.to_vec(),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        quarter: "2026Q3".into(),
        compare: Some("2026Q2".into()),
        scope: "all responses".into(),
        incomplete: Some(
            "the latest response is from 2026-08-29, 33 days before the quarter ends".into(),
        ),
        metric_name: Some("NPS".into()),
        band_names: Some(["detractor".into(), "passive".into(), "promoter".into()]),
        headline: Headline {
            current,
            previous: Some(previous),
            change: Some(change),
            change_margin: Some(margin),
            significant: Some(change.abs() > margin),
            benchmark: m1.benchmark.map(|b| b.as_str().to_string()),
            caveat: "71.4% of responses left a comment; those who do tend to feel strongly, so \
                     themes describe the vocal, not everyone."
                .into(),
        },
        changes: vec![
            theme_change("export to Excel", (53, 5.2), (85, 9.8), 3.7),
            theme_change("price increase", (62, 6.1), (70, 8.0), 1.6),
            theme_change("easy to use", (125, 12.2), (98, 11.3), -0.6),
        ],
        complaints,
        asks,
        praise,
        score_change: None,
        drivers: Vec::new(),
        median_share: 0.0,
        names: Vec::new(),
        questions: Vec::new(),
        segments: vec![segment],
        churn: None,
        quadrants: None,
        agents: None,
        trend: Trend {
            quarters: trend,
            themes: vec![
                theme_trend("export to Excel", [3.9, 4.2, 4.0, 4.8, 5.0, 5.2, 9.8]),
                theme_trend("price increase", [2.0, 2.1, 2.4, 3.5, 5.8, 6.1, 8.0]),
                theme_trend(
                    "helpful support",
                    [17.2, 16.8, 15.9, 15.5, 15.2, 15.0, 16.2],
                ),
            ],
        },
        method: Method {
            command: "verbatim report --index ./survey-index --quarter 2026Q3 --segments plan \
                      --format html > report.html"
                .into(),
            generated_by: "verbatim 0.1.0".into(),
            min_mentions: 5,
            notes: vec![
                "NPS = % promoters (9-10) minus % detractors (0-6); margins are 95% intervals."
                    .into(),
                "Themes are groups of distinctive words found in at least 5 responses.".into(),
                "Changes are significant when a two-proportion z test gives |z| ≥ 1.96.".into(),
            ],
        },
        codebook_unmatched: Vec::new(),
    }
}

fn heat(theme: &str, shares: [f64; 4], over: [bool; 4]) -> HeatRow {
    HeatRow {
        theme: theme.into(),
        shares: shares.to_vec(),
        over_represented: over.to_vec(),
    }
}

/// The headline value as the page writes it: "NPS 6.0" (typographic minus when negative).
fn headline_text(report: &Report) -> String {
    let value = report.headline.current.metric.unwrap().value;
    let text = format!("{:.1}", value).replace('-', "−");
    format!("NPS {text}")
}

/// Checks that hold for the HTML string and for the DOM Chromium builds from it.
fn check_page(what: &str, page: &str, report: &Report) {
    for id in SECTION_IDS {
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{what}: no section {id}"
        );
    }
    for id in CHART_IDS.iter().chain(&["praise-bars", "ask-bars"]) {
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{what}: no chart {id}"
        );
    }
    let headline = headline_text(report);
    assert!(page.contains(&headline), "{what}: no headline {headline}");
    assert!(
        page.contains("<strong>412</strong> (33.8%)"),
        "{what}: no detractor count beside its percent"
    );
    assert!(
        page.contains("Voice of the customer — 2026Q3"),
        "{what}: title"
    );
    assert!(
        !page.to_lowercase().contains("<script"),
        "{what}: a script element"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{what}: the hostile quote is not kept as text"
    );
    assert!(
        page.contains("login &amp; SSO &lt;issues&gt;"),
        "{what}: label escaping"
    );
}

/// Runs the browser with `args` on fresh profile, killing it after [`BROWSER_TIMEOUT`];
/// returns its stdout.
fn run_browser(browser: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the browser") {
            break status;
        }
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser did not finish within {}s: {args:?}",
                BROWSER_TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = out_reader.join().unwrap();
    let err = err_reader.join().unwrap();
    assert!(
        status.success(),
        "the browser failed ({status}): {args:?}\n{err}"
    );
    out
}

/// The browser to use, or why there is none.
fn find_chromium() -> Result<PathBuf, String> {
    find_program("VERBATIM_CHROMIUM", &BROWSERS, &[])
}

/// The browser, or None after a loud note (once per test binary) that the browser part of
/// `test` is skipped.
fn chromium(test: &str) -> Option<PathBuf> {
    static ONCE: Once = Once::new();
    match find_chromium() {
        Ok(path) => {
            ONCE.call_once(|| eprintln!("browser checks use {}", path.display()));
            Some(path)
        }
        Err(why) => {
            // Straight to stderr, past the test harness's capture, so the skip is always seen.
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 !! NOTE: {test}: BROWSER CHECK SKIPPED, only the HTML string was checked.\n\
                 !! {why}.\n\
                 !! Install chromium or set VERBATIM_CHROMIUM=/path/to/chrome to run it.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            None
        }
    }
}

/// Where the screenshots are kept: `target/report-screenshots/`.
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("report-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Screenshots of `url` with a window `width` px wide and `height` px tall, as
/// `target/report-screenshots/{name}-{width}.png`; checks that a PNG of some size came out.
fn screenshot(browser: &Path, url: &str, name: &str, width: u32, height: u32) -> PathBuf {
    let shot = screenshot_dir().join(format!("{name}-{width}.png"));
    let _ = std::fs::remove_file(&shot);
    let profile = tempfile::tempdir().unwrap();
    run_browser(
        browser,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={width},{height}"),
            url.to_string(),
        ],
    );
    let png =
        std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        shot.display()
    );
    assert!(
        png.len() > 10 * 1024,
        "{} is only {} bytes",
        shot.display(),
        png.len()
    );
    eprintln!("screenshot: {} ({} bytes)", shot.display(), png.len());
    shot
}

/// The DOM the browser builds from `url`.
fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    run_browser(
        browser,
        profile.path(),
        &["--dump-dom".to_string(), url.to_string()],
    )
}

#[test]
fn report_renders_in_a_browser() {
    let report = realistic_report();
    let page = html::render(&report);
    check_page("html", &page, &report);
    assert!(page.contains("@media print"));
    let stripped = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!stripped.contains("http://") && !stripped.contains("https://"));

    for id in TIME_CHARTS {
        assert_no_overlaps(&page, id);
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, &page).unwrap();
    // Keep a copy of the page for a look by hand.
    if let Some(keep) = std::env::var_os("VERBATIM_REPORT_HTML").filter(|v| !v.is_empty()) {
        std::fs::write(keep, &page).unwrap();
    }

    let Some(browser) = chromium("report_renders_in_a_browser") else {
        return;
    };
    let url = format!("file://{}", file.display());
    let dom = dump_dom(&browser, &url);
    assert!(
        dom.contains("<section id=\"headline\">"),
        "the browser dumped no report DOM:\n{}",
        &dom[..dom.len().min(2000)]
    );
    check_page("dom", &dom, &report);
    screenshot(&browser, &url, "report", 1280, 2400);
    screenshot(&browser, &url, "report", 390, 2400);
}

/// The real thing: the bundled sample ingested and reported by the binary, rendered by the browser.
#[test]
fn sample_report_renders_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest_ok(&index, &fixture("saas_nps.csv"), &["-q"]);
    let file = dir.path().join("q3.html");
    // The sample's 2026Q3 segments do not differ enough to be chosen: name one for its heat map.
    ok(
        &index,
        &[
            "report",
            "-q",
            "--segments",
            "plan",
            "--format",
            "html",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_to_string(&file).unwrap();
    // 2026Q3: NPS 100 * (161 - 136) / 418 = 6.0; 136 detractors (32.5%).
    for needle in [
        "NPS 6.0",
        "136",
        "32.5%",
        "id=\"nps-trend\"",
        "id=\"band-split\"",
        "id=\"complaint-bars\"",
        "id=\"heat-0\"",
    ] {
        assert!(page.contains(needle), "the sample report lacks {needle}");
    }
    let Some(browser) = chromium("sample_report_renders_in_a_browser") else {
        return;
    };
    let url = format!("file://{}", file.display());
    let dom = dump_dom(&browser, &url);
    for needle in [
        "<section id=\"headline\">",
        "<section id=\"trend\">",
        "NPS 6.0",
        "id=\"nps-trend\"",
        "id=\"heat-0\"",
    ] {
        assert!(dom.contains(needle), "the browser's DOM lacks {needle}");
    }
    assert!(
        !dom.to_lowercase().contains("<script"),
        "no script element may appear"
    );
    screenshot(&browser, &url, "sample-report", 1280, 2600);
}

/// The ids of the charts drawn on a time axis, in their wide and phone layouts.
const TIME_CHARTS: [&str; 4] = [
    "nps-trend",
    "nps-trend-narrow",
    "band-split",
    "band-split-narrow",
];

/// The markup of the SVG chart with id `id`.
fn chart<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\""
        ))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = page[start..].find("</svg>").expect("the chart ends");
    &page[start..start + end]
}

/// The value of attribute `name` in the start tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[at..at + tag[at..].find('"')?])
}

fn number(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        .parse()
        .unwrap()
}

/// A `<text>` of a chart with its estimated box: left, right, top, bottom.
#[derive(Debug)]
struct Label {
    text: String,
    y: f64,
    area: (f64, f64, f64, f64),
}

/// Every `<text>` in `svg` with the box it takes: about 0.6 em per character (0.64 bold) of the
/// system sans-serif, from 0.75 em above the baseline to 0.25 em below it.
fn labels(svg: &str) -> Vec<Label> {
    svg.split("<text ")
        .skip(1)
        .map(|part| {
            let tag_end = part.find('>').unwrap();
            let tag = &format!(" {}", &part[..tag_end]);
            let text = part[tag_end + 1..part.find("</text>").unwrap()]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            let (x, y, size) = (number(tag, "x"), number(tag, "y"), number(tag, "font-size"));
            let em = if attr(tag, "font-weight") == Some("bold") {
                0.64
            } else {
                0.6
            };
            let width = text.chars().count() as f64 * size * em;
            let left = match attr(tag, "text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            Label {
                text,
                y,
                area: (left, left + width, y - 0.75 * size, y + 0.25 * size),
            }
        })
        .collect()
}

/// No two texts of chart `id` overlap, and none leaves the chart's viewBox sideways.
fn assert_no_overlaps(page: &str, id: &str) -> Vec<Label> {
    let svg = chart(page, id);
    let view: Vec<f64> = attr(svg, "viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let all = labels(svg);
    for (i, a) in all.iter().enumerate() {
        assert!(
            a.area.0 >= -0.5 && a.area.1 <= view[2] + 0.5,
            "{id}: {a:?} leaves the chart ({} wide)",
            view[2]
        );
        for b in &all[i + 1..] {
            let apart = a.area.1 <= b.area.0
                || b.area.1 <= a.area.0
                || a.area.3 <= b.area.2
                || b.area.3 <= a.area.2;
            assert!(apart, "{id}: labels overlap: {a:?} and {b:?}");
        }
    }
    all
}

/// The label of the quarter `ord` (year × 4 + quarter − 1).
fn quarter_label(ord: i64) -> String {
    format!("{}Q{}", ord / 4, ord % 4 + 1)
}

/// The quarters left out of the 110 from 1999Q2 to 2026Q3: 2012Q4-2014Q1 (so 2012Q3 and
/// 2014Q2 have nothing between them) and four single quarters; 100 quarters remain.
fn missing_quarter(ord: i64) -> bool {
    let (q4_2012, q1_2014) = (2012 * 4 + 3, 2014 * 4);
    (q4_2012..=q1_2014).contains(&ord)
        || [2001 * 4 + 1, 2005 * 4 + 2, 2019 * 4, 2024 * 4 + 3].contains(&ord)
}

/// The realistic report with 100 quarters of trend, gaps between some of them, and one
/// quarter whose responses have no score.
fn many_quarters_report() -> Report {
    let mut report = realistic_report();
    let last = 2026 * 4 + 2;
    let ords: Vec<i64> = (last - 109..=last)
        .filter(|o| !missing_quarter(*o))
        .collect();
    assert_eq!(ords.len(), 100);
    report.trend.quarters = ords
        .iter()
        .enumerate()
        .map(|(i, &ord)| {
            let i = i as u64;
            let mut bands = counts(250 + i * 37 % 140, 380 + i * 53 % 90, 520 + i * 29 % 210);
            if ord == 2008 * 4 + 1 {
                bands = BandCounts {
                    unscored: 40,
                    ..counts(0, 0, 0)
                };
            }
            snapshot(&quarter_label(ord), bands, bands.total() * 7 / 10)
        })
        .collect();
    for (k, t) in report.trend.themes.iter_mut().enumerate() {
        t.shares = (0..100)
            .map(|i| 2.0 + ((i * (k + 3)) % 17) as f64 * 0.7)
            .collect();
    }
    report
}

/// 100 quarters: no two axis or value labels overlap in either layout, quarters without
/// responses are drawn as gaps on a time axis, and the per-quarter theme table folds.
#[test]
fn many_quarters_stay_readable() {
    let report = many_quarters_report();
    let page = html::render(&report);
    check_page("html", &page, &report);
    for id in TIME_CHARTS {
        let all = assert_no_overlaps(&page, id);
        let axis = all.iter().filter(|l| l.text.contains('Q')).count();
        assert!((4..=30).contains(&axis), "{id}: {axis} quarter labels");
        // Four single quarters and one span of six, each a gap with a title naming them.
        let svg = chart(&page, id);
        assert_eq!(svg.matches("<g class=\"gap\">").count(), 5, "{id}: gaps");
        assert!(
            svg.contains("<title>2012Q4–2014Q1: no responses</title>"),
            "{id}: the long gap"
        );
    }
    // The trend's value labels: thinned, never gone, the latest quarter always labelled.
    let trend = chart(&page, "nps-trend");
    let values = labels(trend)
        .into_iter()
        .filter(|l| l.text.contains('.'))
        .count();
    assert!(values >= 8, "only {values} value labels");
    let latest = report.trend.quarters.last().unwrap().metric.unwrap().value;
    let latest = format!("{latest:.1}").replace('-', "−");
    assert!(
        labels(trend).iter().any(|l| l.text == latest && l.y > 0.0),
        "the latest value {latest} has no label"
    );
    // A true time axis: 2012Q3 and 2014Q2 are seven quarters apart, not neighbours.
    let cx = |quarter: &str| {
        let at = trend
            .find(&format!("<title>{quarter}: NPS"))
            .unwrap_or_else(|| panic!("no point {quarter}"));
        number(&trend[at..at + trend[at..].find("/circle").unwrap()], "cx")
    };
    let step = cx("2012Q3") - cx("2012Q2");
    assert!(step > 1.0);
    let apart = (cx("2014Q2") - cx("2012Q3")) / step;
    assert!((apart - 7.0).abs() < 0.1, "2012Q3 to 2014Q2: {apart} steps");
    // The theme table shows the latest eight quarters; all 100 and the gaps fold away.
    let table = &page[page.find("Main themes per quarter").unwrap()..];
    let first = &table[..table.find("</thead>").unwrap()];
    assert_eq!(first.matches("<th scope=\"col\"").count(), 8 + 2);
    let all = &table[table
        .find("id=\"theme-quarters\"")
        .expect("the folded table")..];
    assert_eq!(
        all[..all.find("</table>").unwrap()]
            .matches("<tr class=\"gap\">")
            .count(),
        5
    );
    assert!(all.contains("<th scope=\"row\">2012Q4–2014Q1</th><td colspan=\"3\">no responses"));

    let Some(browser) = chromium("many_quarters_stay_readable") else {
        return;
    };
    // The page stays beside its screenshots, for a look by hand.
    let file = screenshot_dir().join("many-quarters.html");
    std::fs::write(&file, &page).unwrap();
    let url = format!("file://{}", file.display());
    let dom = dump_dom(&browser, &url);
    for id in TIME_CHARTS.iter().chain(&["theme-quarters"]) {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "the browser's DOM lacks {id}"
        );
    }
    screenshot(&browser, &url, "many-quarters", 1280, 4200);
    screenshot(&browser, &url, "many-quarters", 390, 9000);
}
