//! `verbatim serve` in a real browser: the bundled sample is ingested, the server started on a
//! free port, and headless Chromium, driven over W3C WebDriver by chromedriver, clicks a theme,
//! runs a search and changes the quarter. Every number and quote the page shows is checked
//! against what `verbatim themes` and `verbatim search` print as JSON for the same scope, and
//! every change of view must happen in place (app.js swaps the main part: a full reload would
//! lose a marker set on the window), leave what it opened in sight, and make the console
//! report no Content-Security-Policy refusal. Screenshots are kept in
//! `target/serve-screenshots/`; `docs/serve-screenshot.png` (the README's) is a copy of
//! `serve-theme-1280.png`.
//!
//! The browser is found as in tests/browser.rs (`VERBATIM_CHROMIUM`, else chromium,
//! chromium-browser, google-chrome or google-chrome-stable on PATH); the driver is
//! `VERBATIM_CHROMEDRIVER`, else `chromedriver` on PATH or /usr/bin/chromedriver (Debian's
//! `chromium-driver`). Without either (or with one of the two variables set empty) the test says
//! so loudly on stderr and checks nothing in the browser.
//!
//! The WebDriver client is a few lines over `TcpStream` and serde_json: no HTTP crate needed.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use support::browser::{find_program, BROWSERS};
use support::cli::{ingest_ok, ok_json, process};
use support::{fixture, tmp};

/// How long a change of view may take to show in the page.
const WAIT: Duration = Duration::from_secs(10);
/// How long the server may take to find the themes and print its address.
const SERVER_START: Duration = Duration::from_secs(120);
/// How long chromedriver may take to answer `/status` as ready.
const DRIVER_START: Duration = Duration::from_secs(30);
/// The element key of W3C WebDriver's element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// The word searched, and the stem every highlighted word starts with.
const SEARCHED: &str = "invoice";
const SEARCHED_STEM: &str = "invoic";

// ---------------------------------------------------------------------------
// finding the browser and its driver
// ---------------------------------------------------------------------------

/// The browser and its driver, or None after a loud note that the test is skipped.
fn browser_and_driver(test: &str) -> Option<(PathBuf, PathBuf)> {
    let found = find_program("VERBATIM_CHROMIUM", &BROWSERS, &[]).and_then(|browser| {
        find_program(
            "VERBATIM_CHROMEDRIVER",
            &["chromedriver"],
            &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        )
        .map(|driver| (browser, driver))
    });
    match found {
        Ok(pair) => {
            eprintln!(
                "browser checks use {} driven by {}",
                pair.0.display(),
                pair.1.display()
            );
            Some(pair)
        }
        Err(why) => {
            // Straight to stderr, past the test harness's capture, so the skip is always seen.
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 !! NOTE: {test}: BROWSER TEST SKIPPED, `verbatim serve` was not checked\n\
                 !! in a browser. {why}.\n\
                 !! Install chromium and chromium-driver (Debian), or set VERBATIM_CHROMIUM\n\
                 !! and VERBATIM_CHROMEDRIVER to their paths, to run it.\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------
// child processes
// ---------------------------------------------------------------------------

/// A child process killed when dropped, even when the test panics.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port free now (another process could still take it before it is used).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Starts `verbatim serve` on a free port; returns it with the address it printed once ready.
fn start_server(index: &Path, log: &Path) -> (Killed, String) {
    let mut child = process(index)
        .args(["serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("the server's log"))
        .spawn()
        .expect("start verbatim serve");
    let stdout = child.stdout.take().unwrap();
    let server = Killed(child);
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let line = receive.recv_timeout(SERVER_START).unwrap_or_else(|_| {
        panic!(
            "verbatim serve printed no address within {}s:\n{}",
            SERVER_START.as_secs(),
            std::fs::read_to_string(log).unwrap_or_default()
        )
    });
    let url = line.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "verbatim serve's first line is not its address: {line:?}\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
    (server, url)
}

// ---------------------------------------------------------------------------
// a small W3C WebDriver client
// ---------------------------------------------------------------------------

/// One HTTP/1.1 exchange with the driver on 127.0.0.1:`port`: the status and the body as JSON.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> std::io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
            }
        }
    }
    let mut raw = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|e| std::io::Error::other(format!("bad chunk size {line:?}: {e}")))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            raw.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        raw.resize(n, 0);
        reader.read_exact(&mut raw)?;
    } else {
        reader.read_to_end(&mut raw)?;
    }
    let value = if raw.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&raw)
            .map_err(|e| std::io::Error::other(format!("{e}: {}", String::from_utf8_lossy(&raw))))?
    };
    Ok((status, value))
}

/// A browser session; deleting it when dropped closes the browser.
struct Session {
    port: u16,
    id: String,
}

impl Session {
    fn start(port: u16, browser: &Path, width: u32, height: u32) -> Session {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "goog:chromeOptions": {
                        "binary": browser.to_string_lossy(),
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--hide-scrollbars",
                            format!("--window-size={width},{height}"),
                        ],
                    },
                },
            },
        });
        let (status, answer) = http(port, "POST", "/session", Some(&capabilities))
            .expect("ask chromedriver for a session");
        let id = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session ({status}): {answer}"))
            .to_string();
        Session { port, id }
    }

    /// A command of this session (`path` after `/session/{id}`); its value, or a panic with the
    /// driver's error.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.id);
        let (status, answer) = http(self.port, method, &full, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert!(
            status == 200,
            "{method} {path} answered {status}: {}",
            answer["value"]
        );
        answer["value"].clone()
    }

    fn open(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.command("GET", "/url", None)
            .as_str()
            .expect("a URL")
            .to_string()
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page; its return value.
    fn js(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` until it returns something other than null or false; that value.
    fn wait_for(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let value = self.js(script, json!([]));
            if !value.is_null() && value != Value::Bool(false) {
                return value;
            }
            assert!(
                start.elapsed() < WAIT,
                "after {}s, still waiting for {what}; the page is at {}",
                WAIT.as_secs(),
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The element that CSS selector `css` finds first.
    fn find(&self, css: &str) -> String {
        let value = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        value[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {value}"))
            .to_string()
    }

    /// Clicks the element `css` finds, as a user would (scrolled into view, a real mouse event).
    fn click(&self, css: &str) {
        let element = self.find(css);
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Types `text` into the element `css` finds (`\u{E007}` is the Enter key).
    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn clear(&self, css: &str) {
        let element = self.find(css);
        self.command(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
    }

    fn resize(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// A screenshot of the window as `{name}.png` in the screenshot folder; checks it is a PNG
    /// of some size.
    fn screenshot(&self, name: &str) -> PathBuf {
        let encoded = self.command("GET", "/screenshot", None);
        let png = base64_decode(encoded.as_str().expect("base64 text"));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the screenshot {name} is not a PNG"
        );
        assert!(
            png.len() > 10 * 1024,
            "the screenshot {name} is only {} bytes",
            png.len()
        );
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        eprintln!("screenshot: {} ({} bytes)", path.display(), png.len());
        path
    }

    /// The browser's console since the last call (chromedriver's log endpoint), where it has one.
    fn console(&self) -> Option<Vec<Value>> {
        let full = format!("/session/{}/se/log", self.id);
        match http(
            self.port,
            "POST",
            &full,
            Some(&json!({ "type": "browser" })),
        ) {
            Ok((200, answer)) => answer["value"].as_array().cloned(),
            _ => None,
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

/// Starts chromedriver on a free port and waits until it says it is ready.
fn start_driver(driver: &Path, log: &Path) -> (Killed, u16) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .arg(format!("--log-path={}", log.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver.display()));
    let guard = Killed(child);
    let start = Instant::now();
    loop {
        if let Ok((200, status)) = http(port, "GET", "/status", None) {
            if status["value"]["ready"] == Value::Bool(true) {
                return (guard, port);
            }
        }
        assert!(
            start.elapsed() < DRIVER_START,
            "{} was not ready within {}s",
            driver.display(),
            DRIVER_START.as_secs()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Where the screenshots are kept: `target/serve-screenshots/`.
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {:?}", c as char),
        }
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for group in digits.chunks(4) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | value(c) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..group.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8h"), b"hello!");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode(""), b"");
}

// ---------------------------------------------------------------------------
// the page
// ---------------------------------------------------------------------------

/// A count as the page writes it ("1,234").
fn number(text: &str) -> u64 {
    text.trim()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a count: {e}"))
}

/// A theme as listed: key, label and mentions.
type Row = (String, String, u64);

/// The themes table of the page.
fn page_themes(session: &Session) -> Vec<Row> {
    let rows = session.js(
        "return Array.from(document.querySelectorAll('table.themes tr.theme-row')).map(r => [
            r.dataset.key,
            r.querySelector('a.theme-link').textContent,
            r.querySelector('td.mentions').textContent]);",
        json!([]),
    );
    rows.as_array()
        .expect("an array of rows")
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().to_string(),
                r[1].as_str().unwrap().to_string(),
                number(r[2].as_str().unwrap()),
            )
        })
        .collect()
}

/// The themes of `verbatim themes --format json` (one group).
fn cli_themes(json: &Value) -> Vec<Row> {
    json["groups"][0]["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .map(|t| {
            (
                t["key"].as_str().unwrap().to_string(),
                t["label"].as_str().unwrap().to_string(),
                t["mentions"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The text of the element `css` finds, as a count.
fn count_of(session: &Session, css: &str) -> u64 {
    let text = session.js(
        "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
        json!([css]),
    );
    number(
        text.as_str()
            .unwrap_or_else(|| panic!("the page has no {css}")),
    )
}

/// The headline (score with its margin, responses, band counts) is what `verbatim stats
/// --format json` says of the same scope.
fn assert_headline(session: &Session, stats: &Value, what: &str) {
    let overall = &stats["overall"];
    let metric = &overall["metric"];
    let expected = format!(
        "{} {:.1} ± {:.1}",
        stats["metric_name"].as_str().unwrap(),
        metric["value"].as_f64().unwrap(),
        metric["margin"].as_f64().unwrap()
    );
    let shown = session.js(
        "return document.querySelector('#metric').textContent;",
        json!([]),
    );
    assert_eq!(
        shown.as_str().unwrap().replace('\u{2212}', "-"),
        expected,
        "{what}: the headline score"
    );
    assert_eq!(
        count_of(session, "#scope-responses"),
        overall["responses"].as_u64().unwrap(),
        "{what}: responses"
    );
    let bands = session.js(
        "return Array.from(document.querySelectorAll('#band-counts li strong')).map(s => s.textContent);",
        json!([]),
    );
    let bands: Vec<u64> = bands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| number(b.as_str().unwrap()))
        .collect();
    let b = &overall["bands"];
    assert_eq!(
        bands,
        ["low", "middle", "high"].map(|k| b[k].as_u64().unwrap()),
        "{what}: band counts"
    );
}

/// The page was not reloaded since [`mark`] (app.js swapped the view in place).
fn assert_in_place(session: &Session, what: &str) {
    assert_eq!(
        session.js("return window.__verbatimMarker || null;", json!([])),
        json!("kept"),
        "{what} reloaded the whole page instead of swapping its main part (did app.js run?)"
    );
}

fn mark(session: &Session) {
    session.js("window.__verbatimMarker = 'kept';", json!([]));
}

/// Waits until the page shows the view with query string `view` (`main#app[data-view]`).
fn wait_for_view(session: &Session, view: &str) {
    session.wait_for(
        &format!("the view {view:?}"),
        &format!(
            "const m = document.querySelector('main#app'); \
             return m && m.getAttribute('aria-busy') !== 'true' && m.dataset.view === {};",
            json!(view)
        ),
    );
}

/// Whether the element `css` finds can be seen in the window, not hidden under the scope bar
/// (sticky on wide screens) or scrolled away: the element at its middle is it or inside it.
fn visible(session: &Session, css: &str) -> bool {
    session.js(
        "const e = document.querySelector(arguments[0]); if (!e) return false;
         const r = e.getBoundingClientRect();
         const at = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
         return at !== null && (e === at || e.contains(at));",
        json!([css]),
    ) == Value::Bool(true)
}

/// No console message says a Content-Security-Policy refused something, and no script failed.
fn assert_clean_console(session: &Session, what: &str) {
    let Some(entries) = session.console() else {
        eprintln!("note: this chromedriver gives no console log; CSP violations are not checked");
        return;
    };
    let bad: Vec<String> = entries
        .iter()
        .filter_map(|e| e["message"].as_str())
        .filter(|m| !m.contains("favicon.ico"))
        .filter(|m| {
            m.contains("Content Security Policy")
                || m.contains("Content-Security-Policy")
                || m.contains("Uncaught")
                || m.contains("Failed to load resource")
        })
        .map(String::from)
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: the console says:\n{}",
        bad.join("\n")
    );
}

#[test]
fn serve_works_in_a_browser() {
    let Some((browser, driver)) = browser_and_driver("serve_works_in_a_browser") else {
        return;
    };
    let started = Instant::now();
    let dir = tmp();
    let index = dir.path().join("index");
    ingest_ok(&index, &fixture("saas_nps.csv"), &["-q"]);

    let (_server, url) = start_server(&index, &dir.path().join("serve.log"));
    let (_driver, port) = start_driver(&driver, &dir.path().join("chromedriver.log"));
    let session = Session::start(port, &browser, 1280, 2000);

    // The first view: every theme with its mentions, as `verbatim themes` counts them.
    session.open(&url);
    session.wait_for(
        "the themes table",
        "return document.querySelector('table.themes tr.theme-row') !== null;",
    );
    mark(&session);
    let all = ok_json(
        &index,
        &["themes", "--by", "none", "--top", "20", "--format", "json"],
    );
    let listed = page_themes(&session);
    assert!(listed.len() >= 5, "only {} themes listed", listed.len());
    assert_eq!(listed, cli_themes(&all), "the themes of all responses");
    assert_headline(
        &session,
        &ok_json(&index, &["stats", "--format", "json"]),
        "all responses",
    );
    assert_clean_console(&session, "the first page");

    // Click the first theme: its quotes and count open in place, and the address says which.
    let first = &all["groups"][0]["themes"][0];
    let key = first["key"].as_str().unwrap();
    session.click("table.themes tr.theme-row a.theme-link");
    session.wait_for(
        "the open theme",
        &format!(
            "const o = document.querySelector('#open'); return o !== null && o.dataset.key === {};",
            json!(key)
        ),
    );
    assert_in_place(&session, "clicking a theme");
    let at = session.url();
    assert!(
        at.starts_with(&url) && at.contains("theme="),
        "the address is {at}"
    );
    assert_eq!(
        count_of(&session, "#open-mentions"),
        first["mentions"].as_u64().unwrap(),
        "mentions of the open theme {key}"
    );
    let quotes = session.js(
        "return Array.from(document.querySelectorAll('#open blockquote.quote p')).map(p => p.textContent);",
        json!([]),
    );
    let expected: Vec<&Value> = first["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["text"])
        .collect();
    assert!(!expected.is_empty(), "the theme {key} has no quotes");
    assert_eq!(
        quotes.as_array().unwrap().iter().collect::<Vec<_>>(),
        expected,
        "the quotes of {key}"
    );
    assert_eq!(
        session.js(
            "return document.querySelector('tr.theme-row.open').dataset.key;",
            json!([])
        ),
        json!(key),
        "the open theme's row is marked"
    );
    for css in ["#open h2", "#open-mentions"] {
        assert!(
            visible(&session, css),
            "{css} is out of sight after opening the theme"
        );
    }
    session.screenshot("serve-theme-1280");

    // Close it, then search: the total as `verbatim search` counts it, the words highlighted.
    session.click("#open nav.kinds a:last-child");
    wait_for_view(&session, "");
    assert_in_place(&session, "closing the theme");
    session.type_into("#q", &format!("{SEARCHED}\u{E007}"));
    wait_for_view(&session, &format!("q={SEARCHED}"));
    assert_in_place(&session, "searching");
    let at = session.url();
    assert!(at.contains(&format!("q={SEARCHED}")), "the address is {at}");
    let search = ok_json(
        &index,
        &["search", SEARCHED, "--limit", "20", "--format", "json"],
    );
    let total = search["total"].as_u64().expect("the search total");
    assert!(total > 0, "nothing matches {SEARCHED}");
    assert_eq!(
        count_of(&session, "#search-total"),
        total,
        "matches of {SEARCHED}"
    );
    assert!(
        visible(&session, "#search-total"),
        "the search total is out of sight"
    );
    let marks = session.js(
        "return Array.from(document.querySelectorAll('#hits mark')).map(m => m.textContent.toLowerCase());",
        json!([]),
    );
    let marks = marks.as_array().unwrap();
    assert!(!marks.is_empty(), "no highlighted word in the hits");
    assert!(
        marks
            .iter()
            .all(|m| m.as_str().unwrap().starts_with(SEARCHED_STEM)),
        "highlights other than {SEARCHED}: {marks:?}"
    );
    // The first page of hits: the same responses in the same order (20 a page, as --limit).
    let hits = session.js(
        "return Array.from(document.querySelectorAll('#hits > li .meta strong')).map(s => s.textContent);",
        json!([]),
    );
    let ids: Vec<&Value> = search["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["id"])
        .collect();
    assert_eq!(
        hits.as_array().unwrap().iter().collect::<Vec<_>>(),
        ids,
        "the first page of hits"
    );
    session.screenshot("serve-search-1280");

    // Empty the search box and choose the latest quarter: the change alone applies the scope.
    let quarter = session.js(
        "return Array.from(document.querySelectorAll('select[name=quarter] option'))
            .map(o => o.value).find(v => v !== '');",
        json!([]),
    );
    let quarter = quarter.as_str().expect("a quarter to choose").to_string();
    session.clear("#q");
    session.click(&format!("select[name=quarter] option[value=\"{quarter}\"]"));
    wait_for_view(&session, &format!("quarter={quarter}"));
    assert_in_place(&session, "changing the quarter");
    let at = session.url();
    assert!(
        at.contains(&format!("quarter={quarter}")) && !at.contains("?q=") && !at.contains("&q="),
        "the address is {at}"
    );
    assert_eq!(
        session.js(
            "return document.querySelector('select[name=quarter]').value;",
            json!([])
        ),
        json!(quarter),
        "the quarter chosen"
    );
    let scoped = ok_json(
        &index,
        &[
            "themes",
            "--by",
            "none",
            "--quarter",
            &quarter,
            "--top",
            "20",
            "--format",
            "json",
        ],
    );
    let listed = page_themes(&session);
    assert_eq!(listed, cli_themes(&scoped), "the themes of {quarter}");
    assert_ne!(
        cli_themes(&scoped),
        cli_themes(&all),
        "the quarter's counts should differ from the whole index's"
    );
    assert_headline(
        &session,
        &ok_json(
            &index,
            &["stats", "--quarter", &quarter, "--format", "json"],
        ),
        &quarter,
    );
    assert_clean_console(&session, "after a theme, a search and a quarter");
    // The console check can fail: an inline event handler is refused by the page's policy.
    if session.console().is_some() {
        session.js(
            "document.body.insertAdjacentHTML('beforeend', '<button id=\"canary\" onclick=\"1\"></button>'); \
             document.getElementById('canary').click(); document.getElementById('canary').remove();",
            json!([]),
        );
        let start = Instant::now();
        let mut said = Vec::new();
        while said.is_empty() && start.elapsed() < WAIT {
            said.extend(session.console().unwrap().into_iter().filter_map(|e| {
                e["message"]
                    .as_str()
                    .filter(|m| m.contains("Content Security Policy"))
                    .map(String::from)
            }));
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            !said.is_empty(),
            "an inline handler ran, or its refusal was not logged"
        );
    }

    // The quarter's view as a whole, then on a phone: nothing wider than the screen.
    session.js("window.scrollTo(0, 0);", json!([]));
    session.screenshot("serve-1280");
    session.resize(390, 1600);
    session.wait_for("a phone-wide window", "return window.innerWidth <= 400;");
    let (inner, scroll) = {
        let v = session.js(
            "return [window.innerWidth, document.documentElement.scrollWidth];",
            json!([]),
        );
        (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
    };
    assert!(
        scroll <= inner,
        "on a phone the page is {scroll} px wide in a {inner} px window"
    );
    // Nor does the themes table scroll sideways inside its frame.
    let themes = session.js(
        "const w = document.querySelector('#themes .table-wrap'); return [w.scrollWidth, w.clientWidth];",
        json!([]),
    );
    let (wide, frame) = (themes[0].as_u64().unwrap(), themes[1].as_u64().unwrap());
    assert!(
        wide <= frame,
        "on a phone the themes table is {wide} px wide in a {frame} px frame"
    );
    session.screenshot("serve-390");
    eprintln!(
        "serve_works_in_a_browser: {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
