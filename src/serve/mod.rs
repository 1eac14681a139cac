//! `verbatim serve`: a local web page to explore the comments, over the same library calls as the
//! command line. Themes are discovered once when the server starts ([`Explorer`]); a view only
//! chooses which responses are counted, so changing the scope never re-discovers themes.
//!
//! The server is read-only on the index. It binds to 127.0.0.1 unless told otherwise, answers
//! only requests addressed to it by that name (no DNS rebinding) and edits from its own page
//! (no cross-site form posts), and sends a strict Content-Security-Policy with every response.
//! An edit of the codebook (with `--codebook FILE`) is written to that file and applied by
//! rebuilding the explorer, as is an index that an ingest committed while the server ran.

mod export;
mod pages;
pub mod params;
mod view;

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::error::{Error, Refusal, Result};
use crate::index::meta::Question;
use crate::index::Store;
use crate::themes::codebook::{Codebook, Merge};
use crate::themes::explore::Explorer;
use crate::themes::ThemeOptions;
use params::{BadRequest, ViewParams};

/// Sent with every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const APP_JS: &str = include_str!("assets/app.js");
const SERVE_CSS: &str = include_str!("assets/serve.css");
/// Largest form body read (codebook edits are a few fields).
const MAX_FORM: u64 = 64 * 1024;

/// How `verbatim serve` was started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Index folders (several are read as one).
    pub dirs: Vec<PathBuf>,
    pub host: IpAddr,
    /// 0 for a free port.
    pub port: u16,
    /// The codebook applied, and where edits from the page are written.
    pub codebook: Option<PathBuf>,
    /// Requests answered at once.
    pub workers: usize,
}

/// The index as the server shows it: the store and an explorer per open question.
pub struct Loaded<'a> {
    store: &'a Store,
    explorers: Vec<Explorer<'a>>,
    /// The open questions where the index has several (else empty).
    questions: Vec<Question>,
    /// The commit shown, to tell when an ingest has committed a newer one.
    opstamp: u64,
    codebook_path: Option<PathBuf>,
}

impl<'a> Loaded<'a> {
    fn build(store: &'a Store, codebook_path: Option<&Path>) -> Result<Loaded<'a>> {
        let codebook = match codebook_path {
            Some(path) if path.exists() => Some(Codebook::load(path)?),
            _ => None,
        };
        let questions: Vec<Question> = match &store.meta.mapping {
            Some(m) if m.question_count() > 1 => m.question_list(),
            _ => Vec::new(),
        };
        let sections: Vec<Option<u32>> = if questions.is_empty() {
            vec![None]
        } else {
            questions.iter().map(|q| Some(q.index)).collect()
        };
        let explorers = sections
            .into_iter()
            .map(|question| {
                let options = ThemeOptions {
                    codebook: codebook.clone(),
                    question,
                    read_only: true,
                    ..ThemeOptions::default()
                };
                Explorer::new(store, &options)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Loaded {
            store,
            explorers,
            questions,
            opstamp: committed(store),
            codebook_path: codebook_path.map(Path::to_path_buf),
        })
    }

    /// An ingest has committed since this was loaded.
    fn newer(&self) -> bool {
        committed(self.store) != self.opstamp
    }
}

/// The last commit of the index on disk.
fn committed(store: &Store) -> u64 {
    store.index.load_metas().map_or(0, |m| m.opstamp)
}

/// Runs the server until `stop` is set (Ctrl-C); `ready` gets the page's address once the
/// themes are ready.
pub fn serve(
    options: &ServeOptions,
    stop: Arc<AtomicBool>,
    ready: &mut dyn FnMut(&str),
) -> Result<()> {
    let address = SocketAddr::new(options.host, options.port);
    let server = Server::http(address).map_err(|e| Refusal::CannotListen {
        address: address.to_string(),
        detail: e.to_string(),
    })?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or(Refusal::NoServerAddress)?;
    let url = format!("http://{bound}/");
    let mut announced = false;
    let pending: std::sync::Mutex<std::collections::VecDeque<Request>> = Default::default();
    loop {
        let store = if options.dirs.len() > 1 {
            Store::open_many(&options.dirs)?
        } else {
            Store::open(&options.dirs[0])?
        };
        let loaded = Loaded::build(&store, options.codebook.as_deref())?;
        if !announced {
            ready(&url);
            announced = true;
        }
        let reload = AtomicBool::new(false);
        let site = Site {
            bound,
            loopback: options.host.is_loopback(),
        };
        std::thread::scope(|s| {
            for _ in 0..options.workers.max(1) {
                s.spawn(|| {
                    while !stop.load(Ordering::SeqCst) && !reload.load(Ordering::SeqCst) {
                        let waiting = pending
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .pop_front();
                        let request = match waiting {
                            Some(r) => r,
                            None => match server.recv_timeout(Duration::from_millis(200)) {
                                Ok(Some(r)) => r,
                                Ok(None) => continue,
                                Err(_) => break,
                            },
                        };
                        // A request that arrives while the explorer is being replaced waits
                        // for the new one: it must not see the old themes.
                        if reload.load(Ordering::SeqCst) {
                            pending
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push_back(request);
                            break;
                        }
                        handle(request, &loaded, &site, &reload);
                    }
                });
            }
        });
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
    }
}

/// Who the server is, to check where requests come from.
struct Site {
    bound: SocketAddr,
    loopback: bool,
}

impl Site {
    /// A Host header naming this server (any, when bound beyond the loopback address).
    fn host_ok(&self, host: Option<&str>) -> bool {
        if !self.loopback {
            return true;
        }
        let port = self.bound.port();
        host.is_some_and(|h| {
            [
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ]
            .iter()
            .any(|ok| h.eq_ignore_ascii_case(ok))
        })
    }
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn http_header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// Headers of every response.
fn common_headers(content_type: &str) -> Vec<Header> {
    vec![
        http_header("Content-Type", content_type),
        http_header("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        http_header("X-Content-Type-Options", "nosniff"),
        http_header("Referrer-Policy", "no-referrer"),
        http_header("Cache-Control", "no-store"),
    ]
}

fn reply(request: Request, status: u16, content_type: &str, body: String) {
    reply_with(request, status, content_type, &[], body);
}

/// An answer with the common headers, then `extra` ones.
fn reply_with(
    request: Request,
    status: u16,
    content_type: &str,
    extra: &[(&str, &str)],
    body: String,
) {
    let mut headers = common_headers(content_type);
    headers.extend(extra.iter().map(|(name, value)| http_header(name, value)));
    let len = body.len();
    let response = Response::new(
        StatusCode(status),
        headers,
        std::io::Cursor::new(body.into_bytes()),
        Some(len),
        None,
    );
    let _ = request.respond(response);
}

fn reply_error(request: Request, status: u16, message: &str) {
    let page = pages::error_page(status, message).into_string();
    reply(request, status, "text/html; charset=utf-8", page);
}

fn redirect(request: Request, to: &str) {
    let location = [("Location", to)];
    reply_with(
        request,
        303,
        "text/plain; charset=utf-8",
        &location,
        "See Other".into(),
    );
}

/// The methods each path answers.
fn allowed(path: &str) -> Option<&'static [Method]> {
    Some(match path {
        "/" | "/app.js" | "/style.css" | "/status" | "/export.csv" | "/report.html"
        | "/report.md" => &[Method::Get, Method::Head],
        "/reload" | "/codebook" => &[Method::Post],
        _ => return None,
    })
}

/// Answers one request; sets `reload` (before answering) when the explorer must be rebuilt. A
/// panic while building a view never stops the server.
fn handle(request: Request, loaded: &Loaded, site: &Site, reload: &AtomicBool) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let path = path.to_string();
    let query = query.to_string();
    if !site.host_ok(header(&request, "Host")) {
        reply_error(
            request,
            400,
            "this server answers only requests addressed to it as 127.0.0.1 or localhost",
        );
        return;
    }
    let Some(methods) = allowed(&path) else {
        reply_error(request, 404, &format!("there is no page at {path}"));
        return;
    };
    if !methods.contains(request.method()) {
        let allow = methods
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!(
            "{} is not answered at {path}; use {allow}",
            request.method()
        );
        let page = pages::error_page(405, &message).into_string();
        let allow = [("Allow", allow.as_str())];
        reply_with(request, 405, "text/html; charset=utf-8", &allow, page);
        return;
    }
    if *request.method() == Method::Post && !same_origin(&request, site) {
        reply_error(
            request,
            403,
            "edits are accepted only from this server's own page",
        );
        return;
    }
    // A panic has been reported by the hook; the server goes on answering.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        route(request, &path, &query, loaded, reload)
    }));
}

/// A form post from this server's page: its Origin (or, without one, Sec-Fetch-Site) says so.
fn same_origin(request: &Request, site: &Site) -> bool {
    match header(request, "Origin") {
        Some(origin) => {
            let host = header(request, "Host").unwrap_or("");
            origin.eq_ignore_ascii_case(&format!("http://{host}")) && site.host_ok(Some(host))
        }
        None => header(request, "Sec-Fetch-Site").is_none_or(|s| s == "same-origin" || s == "none"),
    }
}

fn route(request: Request, path: &str, query: &str, loaded: &Loaded, reload: &AtomicBool) {
    match path {
        "/app.js" => reply(
            request,
            200,
            "text/javascript; charset=utf-8",
            APP_JS.into(),
        ),
        "/style.css" => {
            let css = format!("{}\n{}", crate::report::templates::CSS, SERVE_CSS);
            reply(request, 200, "text/css; charset=utf-8", css)
        }
        "/status" => {
            let body = serde_json::json!({ "newer": loaded.newer() }).to_string();
            reply(request, 200, "application/json", body)
        }
        "/reload" => {
            reload.store(true, Ordering::SeqCst);
            redirect(request, "/");
        }
        "/codebook" => edit_codebook(request, loaded, reload),
        _ => {
            let params = match ViewParams::parse(query) {
                Ok(p) => p,
                Err(BadRequest(message)) => {
                    reply_error(request, 400, &message);
                    return;
                }
            };
            let outcome = match path {
                "/export.csv" => export::csv(request, loaded, params),
                "/report.html" | "/report.md" => {
                    export::report(request, loaded, params, path.ends_with(".html"))
                }
                _ => match view::build(loaded, params) {
                    Ok(view) => {
                        let page = pages::page(&view).into_string();
                        reply(request, 200, "text/html; charset=utf-8", page);
                        Ok(())
                    }
                    Err(e) => Err(Box::new((request, e))),
                },
            };
            if let Err(refused) = outcome {
                let (request, BadRequest(message)) = *refused;
                reply_error(request, 400, &message);
            }
        }
    }
}

/// Renames, merges or ignores a theme in the codebook file, then has the explorer rebuilt.
fn edit_codebook(mut request: Request, loaded: &Loaded, reload: &AtomicBool) {
    let Some(path) = loaded.codebook_path.clone() else {
        reply_error(
            request,
            400,
            "start the server with --codebook FILE.toml to edit themes from the page",
        );
        return;
    };
    let mut body = String::new();
    if request
        .as_reader()
        .take(MAX_FORM)
        .read_to_string(&mut body)
        .is_err()
    {
        reply_error(request, 400, "the form could not be read as UTF-8 text");
        return;
    }
    let fields = match params::decode_pairs(&body) {
        Ok(f) => f,
        Err(BadRequest(m)) => {
            reply_error(request, 400, &m);
            return;
        }
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut book = match path.exists() {
        true => match Codebook::load(&path) {
            Ok(b) => b,
            Err(e) => {
                reply_error(request, 400, &e.to_string());
                return;
            }
        },
        false => Codebook::default(),
    };
    // Forms name themes by key; the codebook names them by the label discovery gave them.
    let source = |key: Option<String>| {
        let key = key?;
        loaded.explorers.iter().find_map(|e| e.label_source(&key))
    };
    let theme = source(field("theme"));
    let edit = match (field("action").as_deref(), theme) {
        (Some("rename"), Some((theme, _))) => field("to").map(|to| {
            book.rename.insert(theme, to);
        }),
        (Some("merge"), Some((theme, _))) => source(field("with")).map(|(with, _)| {
            book.merges.push(Merge {
                into: theme.clone(),
                themes: vec![theme, with],
                theme: None,
                facets: Vec::new(),
            });
        }),
        (Some("ignore"), Some((theme, named))) => {
            if named {
                book.themes.retain(|t| t.name != theme);
            } else if !book.ignore.contains(&theme) {
                book.ignore.push(theme);
            }
            Some(())
        }
        _ => None,
    };
    if edit.is_none() {
        reply_error(
            request,
            400,
            "a codebook edit needs action (rename, merge or ignore), theme, and to (rename) or with (merge)",
        );
        return;
    }
    if let Err(e) = save_atomically(&book, &path) {
        reply_error(request, 500, &e.to_string());
        return;
    }
    let back = field("back")
        .filter(|b| b.starts_with("/?") || b == "/")
        .unwrap_or_else(|| "/".to_string());
    reload.store(true, Ordering::SeqCst);
    redirect(request, &back);
}

/// Writes the codebook beside itself and renames it into place: a crash never leaves half a file.
fn save_atomically(book: &Codebook, path: &Path) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".codebook")
        .suffix(".toml")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    book.save(temp.path())?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
