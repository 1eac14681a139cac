//! `verbatim serve` over HTTP, as a browser or a script would talk to it: the page's numbers
//! against `verbatim themes`, escaping of hostile comments, the security headers, refusals
//! (400, 403, 404, 405), exports, codebook edits, a newer index, and a clean stop on Ctrl-C.
//! (The page in a real browser is tests/serve_browser.rs.)

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use support::cli::{ingest_ok, ok_json, process};
use support::{fixture, tmp};

const CSP: &str = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(index: &Path, extra: &[&str]) -> Server {
        let mut child = process(index)
            .arg("serve")
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("http://")
            .and_then(|rest| rest.trim_end_matches('/').rsplit_once(':'))
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("serve printed no address: {line:?}"));
        Server { child, port }
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut text = format!("{method} {path} HTTP/1.0\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            text += &format!("Host: 127.0.0.1:{}\r\n", self.port);
        }
        for (k, v) in headers {
            text += &format!("{k}: {v}\r\n");
        }
        if !body.is_empty() {
            text += &format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            );
        }
        text += "\r\n";
        text += body;
        stream.write_all(text.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// Ctrl-C (SIGINT): how the server exited (None if it had not within 20 s) and what it
    /// wrote on stderr.
    fn interrupt(&mut self) -> (Option<std::process::ExitStatus>, String) {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success());
        let status = wait(&mut self.child, Duration::from_secs(20));
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status, err)
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], "")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Numbers as the page prints them ("1,234").
fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The theme rows of a page: (key, mentions as printed).
fn theme_rows(page: &str) -> Vec<(String, String)> {
    page.split("<tr class=\"theme-row")
        .skip(1)
        .map(|row| {
            let key = row
                .split("data-key=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let mentions = row
                .split("class=\"num mentions\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap();
            (key.to_string(), mentions.to_string())
        })
        .collect()
}

fn themes_of(report: &Value) -> Vec<Value> {
    report["groups"][0]["themes"].as_array().unwrap().clone()
}

#[test]
fn the_page_counts_what_themes_counts_in_every_scope() {
    let dir = tmp();
    ingest_ok(dir.path(), &fixture("saas_nps.csv"), &["-q"]);
    let server = Server::start(dir.path(), &[]);
    for (query, flags) in [
        ("", vec![]),
        ("?quarter=2026Q3", vec!["--quarter", "2026Q3"]),
        (
            "?band=detractor&where=plan%3DPro",
            vec!["--band", "detractor", "--where", "plan=Pro"],
        ),
        ("?q=invoice", vec!["--query", "invoice"]),
    ] {
        let page = server.get(&format!("/{query}"));
        assert_eq!(page.status, 200, "{query}: {}", page.body);
        let mut args = vec!["themes", "--by", "none", "--top", "20", "--format", "json"];
        args.extend(flags);
        let expected: Vec<(String, String)> = themes_of(&ok_json(dir.path(), &args))
            .iter()
            .map(|t| {
                (
                    t["key"].as_str().unwrap().to_string(),
                    count(t["mentions"].as_u64().unwrap()),
                )
            })
            .collect();
        assert!(!expected.is_empty(), "{query}: no themes to compare");
        assert_eq!(theme_rows(&page.body), expected, "{query}");
    }

    // An open theme: its mentions, kinds and quotes are those of `themes`.
    let report = ok_json(
        dir.path(),
        &[
            "themes",
            "--by",
            "none",
            "--quarter",
            "2026Q3",
            "--top",
            "20",
            "--format",
            "json",
        ],
    );
    let theme = &themes_of(&report)[1];
    let key = theme["key"].as_str().unwrap();
    let page = server.get(&format!("/?quarter=2026Q3&theme={}", key.replace(' ', "+")));
    assert_eq!(page.status, 200, "{}", page.body);
    let mentions = count(theme["mentions"].as_u64().unwrap());
    assert!(
        page.body
            .contains(&format!("<strong id=\"open-mentions\">{mentions}</strong>")),
        "open theme {key} should show {mentions} mentions"
    );
    for quote in theme["quotes"].as_array().unwrap() {
        let text = quote["text"].as_str().unwrap();
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(page.body.contains(&escaped), "quote missing: {text}");
    }
    let responses = page.body.split("id=\"responses\"").nth(1).unwrap();
    let listed = responses
        .split("</ol>")
        .next()
        .unwrap()
        .matches("<li>")
        .count();
    assert_eq!(
        listed as u64,
        theme["mentions"].as_u64().unwrap().min(20),
        "first page of the theme's responses"
    );

    // Search: the total and the counts per band are those of `search`.
    let search = ok_json(dir.path(), &["search", "invoice", "--format", "json"]);
    let page = server.get("/?q=invoice");
    let total = count(search["total"].as_u64().unwrap());
    assert!(
        page.body
            .contains(&format!("<strong id=\"search-total\">{total}</strong>")),
        "search total {total}"
    );
    assert!(page.body.contains("<mark>"), "hits are highlighted");
}

#[test]
fn hostile_comments_are_shown_as_text_and_every_answer_is_guarded() {
    let dir = tmp();
    let csv = dir.path().join("hostile.csv");
    let mut rows = String::from("id,date,score,plan,comment\n");
    for i in 0..40 {
        let plan = if i % 2 == 0 { "<b>Pro</b>" } else { "Basic" };
        let comment = match i % 4 {
            0 => "The invoice page <script>alert(1)</script> breaks every month",
            1 => "Invoice totals are wrong <img src=x onerror=alert(2)> again",
            2 => "=HYPERLINK(\"http://evil\") invoice export is slow",
            _ => "Support answered quickly about the invoice",
        };
        rows += &format!(
            "R{i:03},2026-0{}-15,{},\"{plan}\",\"{}\"\n",
            1 + i % 6,
            i % 11,
            comment.replace('"', "\"\"")
        );
    }
    std::fs::write(&csv, rows).unwrap();
    let index = dir.path().join("index");
    ingest_ok(&index, &csv, &["-q"]);
    let before = snapshot(&index);
    let server = Server::start(&index, &[]);

    let page = server.get("/?q=alert");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        !page.body.contains("<script>alert"),
        "a comment became a script"
    );
    assert!(
        !page.body.contains("<img src=x"),
        "a comment became an image"
    );
    assert!(
        !page.body.contains("<b>Pro</b>"),
        "a segment value became markup"
    );
    assert!(page
        .body
        .contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;"));
    assert!(page
        .body
        .contains("&lt;img src=x onerror=<mark>alert</mark>(2)&gt;"));
    assert!(page.body.contains("&lt;b&gt;Pro&lt;/b&gt;"));

    // Every answer carries the policy, errors included.
    for (method, path, status) in [
        ("GET", "/", 200),
        ("GET", "/style.css", 200),
        ("GET", "/app.js", 200),
        ("GET", "/status", 200),
        ("GET", "/export.csv", 200),
        ("GET", "/report.html", 200),
        ("GET", "/report.md?band=detractor", 200),
        ("GET", "/nowhere", 404),
        ("GET", "/?q=%zz", 400),
        ("GET", "/?colour=red", 400),
        ("GET", "/?quarter=1999Q1", 400),
        ("GET", "/?where=plan%3DNone", 400),
        ("GET", "/?theme=no+such+theme", 400),
        ("GET", "/?q=%22open+quote", 400),
        ("DELETE", "/", 405),
        ("PUT", "/codebook", 405),
        ("GET", "/reload", 405),
        ("POST", "/", 405),
    ] {
        let reply = server.request(method, path, &[], "");
        assert_eq!(reply.status, status, "{method} {path}: {}", reply.body);
        assert_eq!(
            reply.header("content-security-policy"),
            Some(CSP),
            "{method} {path}"
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        if status == 405 {
            assert!(
                reply.header("allow").is_some(),
                "{method} {path} says what is allowed"
            );
        }
        if status == 400 {
            assert!(
                reply.body.contains("id=\"error\""),
                "{path} explains itself"
            );
        }
    }
    let reply = server.get("/?page=abc");
    assert!(reply.body.contains("page is a number"), "{}", reply.body);

    // A request for another host name (DNS rebinding) is refused.
    let reply = server.request("GET", "/", &[("Host", "evil.example:80")], "");
    assert_eq!(reply.status, 400);

    // The CSV export defuses formulas and keeps every response in scope.
    let csv = server.get("/export.csv?q=invoice");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let comments: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(6).unwrap().to_string())
        .collect();
    assert_eq!(comments.len(), 40);
    assert!(comments.iter().any(|c| c.starts_with("'=HYPERLINK")));
    assert!(!comments.iter().any(|c| c.starts_with('=')));

    // The server still answers after all of that, and never wrote to the index.
    assert_eq!(server.get("/").status, 200);
    drop(server);
    assert_eq!(snapshot(&index), before, "serve wrote to the index");
}

/// Every file of the index with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn codebook_edits_from_the_page_are_written_and_applied() {
    let dir = tmp();
    let index = dir.path().join("index");
    ingest_ok(&index, &fixture("saas_nps.csv"), &["-q"]);
    let book = dir.path().join("book.toml");
    let server = Server::start(&index, &["--codebook", book.to_str().unwrap()]);
    let page = server.get("/");
    let rows = theme_rows(&page.body);
    let (first, _) = &rows[0];
    let (second, _) = &rows[1];
    let origin = format!("http://127.0.0.1:{}", server.port);
    let host = format!("127.0.0.1:{}", server.port);

    // A form posted from another site is refused, and writes nothing.
    let body = format!(
        "action=rename&theme={}&to=Hijacked",
        first.replace(' ', "+")
    );
    let reply = server.request(
        "POST",
        "/codebook",
        &[("Origin", "http://evil.example")],
        &body,
    );
    assert_eq!(reply.status, 403);
    assert!(!book.exists());

    let body = format!(
        "action=rename&theme={}&to=Renamed+by+hand&back=/",
        first.replace(' ', "+")
    );
    let reply = server.request(
        "POST",
        "/codebook",
        &[("Origin", origin.as_str()), ("Host", host.as_str())],
        &body,
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let written = std::fs::read_to_string(&book).unwrap();
    assert!(written.contains("Renamed by hand"), "{written}");
    // Applied at once: the page shows the new name, as `themes --codebook` does.
    let page = server.get("/");
    assert!(page.body.contains(">Renamed by hand</a>"));
    let with_book = || {
        themes_of(&ok_json(
            &index,
            &[
                "themes",
                "--by",
                "none",
                "--top",
                "20",
                "--format",
                "json",
                "--codebook",
                book.to_str().unwrap(),
            ],
        ))
    };
    assert_eq!(with_book()[0]["label"], "Renamed by hand");

    let body = format!(
        "action=merge&theme={}&with={}",
        first.replace(' ', "+"),
        second.replace(' ', "+")
    );
    let reply = server.request("POST", "/codebook", &[("Origin", origin.as_str())], &body);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let page = server.get("/");
    let keys: Vec<String> = theme_rows(&page.body).into_iter().map(|(k, _)| k).collect();
    let cli: Vec<String> = with_book()
        .iter()
        .map(|t| t["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        keys, cli,
        "the merge is applied as the command line applies it"
    );
    assert!(std::fs::read_to_string(&book)
        .unwrap()
        .contains("[[merge]]"));

    // Without --codebook there is nothing to edit.
    let plain = Server::start(&index, &[]);
    let reply = plain.request("POST", "/codebook", &[], "action=ignore&theme=x");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("--codebook"));
}

#[test]
fn a_newer_index_is_offered_and_ctrl_c_stops_cleanly() {
    let dir = tmp();
    let index = dir.path().join("index");
    let first = dir.path().join("first.csv");
    let text = std::fs::read_to_string(fixture("saas_nps.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&first, lines[..1500].join("\n") + "\n").unwrap();
    ingest_ok(&index, &first, &["-q"]);
    let mut server = Server::start(&index, &[]);
    let status: Value = serde_json::from_str(&server.get("/status").body).unwrap();
    assert_eq!(status["newer"], false);
    let responses = |index: &Path| {
        count(
            ok_json(index, &["stats", "--format", "json"])["overall"]["responses"]
                .as_u64()
                .unwrap(),
        )
    };
    let first_count = responses(&index);
    let before = server.get("/");
    assert!(before.body.contains(&format!(
        "<strong id=\"scope-responses\">{first_count}</strong>"
    )));

    ingest_ok(&index, &fixture("saas_nps.csv"), &["-q"]);
    assert_ne!(responses(&index), first_count);
    let status: Value = serde_json::from_str(&server.get("/status").body).unwrap();
    assert_eq!(status["newer"], true, "the ingest's commit is noticed");
    let page = server.get("/");
    assert!(
        page.body
            .contains("id=\"newer\" class=\"newer\" role=\"status\""),
        "the banner shows"
    );
    let reply = server.request("POST", "/reload", &[], "");
    assert_eq!(reply.status, 303);
    let page = server.get("/");
    assert!(
        page.body
            .contains("<strong id=\"scope-responses\">2,976</strong>"),
        "the reloaded page counts the new responses"
    );

    // Ctrl-C: the server stops, says so, and exits 0.
    let (status, err) = server.interrupt();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "serve exits 0 on Ctrl-C"
    );
    assert!(err.contains("stopped"), "{err}");
}

fn wait(child: &mut Child, most: Duration) -> Option<std::process::ExitStatus> {
    let start = std::time::Instant::now();
    while start.elapsed() < most {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn binding_beyond_this_machine_warns() {
    let dir = tmp();
    ingest_ok(dir.path(), &fixture("nps_small.csv"), &["-q"]);
    let mut server = Server::start(dir.path(), &["--host", "0.0.0.0"]);
    let (_, err) = server.interrupt();
    assert!(err.contains("warning: listening on 0.0.0.0"), "{err}");
}

/// The words a search added are shown, and dropping one gives the search without it: the page's
/// total and band counts are those of `search --exact` (the only synonym gone).
#[test]
fn added_synonyms_are_shown_and_can_be_dropped() {
    let dir = tmp();
    ingest_ok(dir.path(), &fixture("saas_nps.csv"), &["-q"]);
    let server = Server::start(dir.path(), &[]);
    let with = ok_json(dir.path(), &["search", "price", "--format", "json"]);
    assert_eq!(with["added"], serde_json::json!(["cost"]), "{with}");
    let page = server.get("/?q=price");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Also matched (synonyms): "),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("href=\"/?q=price&amp;drop=cost\""),
        "no drop link"
    );
    let dropped = server.get("/?q=price&drop=cost");
    assert_eq!(dropped.status, 200, "{}", dropped.body);
    assert!(dropped.body.contains("Left out: cost"), "{}", dropped.body);
    let exact = ok_json(
        dir.path(),
        &["search", "price", "--exact", "--format", "json"],
    );
    let total = count(exact["total"].as_u64().unwrap());
    assert!(
        dropped
            .body
            .contains(&format!("<strong id=\"search-total\">{total}</strong>")),
        "dropped total should be {total}"
    );
    assert_ne!(exact["total"], with["total"], "a test that cannot fail");
    // The theme panel counts the same set as the search.
    let themes = ok_json(
        dir.path(),
        &[
            "themes", "--by", "none", "--query", "price", "--format", "json",
        ],
    );
    let first = &themes_of(&themes)[0];
    assert!(page
        .body
        .contains(&count(first["mentions"].as_u64().unwrap())));
}

/// The page's priority chart holds the themes `verbatim drivers` ranks for the same scope.
#[test]
fn the_priority_chart_shows_what_drivers_ranks() {
    let dir = tmp();
    ingest_ok(dir.path(), &fixture("saas_nps.csv"), &["-q"]);
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/?quarter=2026Q3");
    assert_eq!(page.status, 200, "{}", page.body);
    let section = page
        .body
        .split("<section id=\"priority\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no priority section: {}", page.body));
    assert!(section.contains("<svg"), "no chart");
    let drivers = ok_json(
        dir.path(),
        &[
            "drivers",
            "--quarter",
            "2026Q3",
            "--no-facets",
            "--format",
            "json",
        ],
    );
    let labels: Vec<&str> = drivers["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["impact"].is_null())
        .map(|d| d["label"].as_str().unwrap())
        .collect();
    assert!(!labels.is_empty(), "{drivers}");
    for label in labels {
        assert!(
            section.contains(&maud_escape(label)),
            "{label} not on the chart"
        );
    }
}

fn maud_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn the_csv_export_order_does_not_depend_on_the_ingest_order() {
    let dir = tmp();
    let text = std::fs::read_to_string(fixture("saas_nps.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = dir.path().join("reversed.csv");
    std::fs::write(&reversed, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    ingest_ok(&a, &fixture("saas_nps.csv"), &["-q"]);
    ingest_ok(&b, &reversed, &["-q"]);
    let export = |index: &Path| Server::start(index, &[]).get("/export.csv?q=invoice").body;
    let first = export(&a);
    assert!(first.lines().count() > 10, "{first}");
    assert_eq!(first, export(&b));
}
