//! `verbatim serve`: the comments explorer in a browser.

use std::io::Write;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Args;

use super::Context;
use crate::serve::{serve, ServeOptions};

#[derive(Debug, Args)]
#[command(
    after_help = "Starts a local web page over the index: a scope bar (quarter, comparison quarter, bands, segment values, \
dates, question), the headline score, themes with facets, their sentiment split and change, a segment heat map, the \
trend, search with highlighted hits, and each theme's quotes and responses. Themes are discovered once at start-up; \
changing the scope only chooses what is counted. The address of every view can be shared. The index is never \
written; an ingest that commits while the server runs is offered on the page. Ctrl-C stops the server.\n\n\
Example: verbatim serve --index .verbatim --open"
)]
pub struct ServeArgs {
    /// Port to listen on [default: a free one, printed with the address]
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 lets other machines read the comments
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Open the page in the default browser once it is ready
    #[arg(long)]
    pub open: bool,
    /// Codebook applied to the themes; renames, merges and ignores made in the page are written to it (created if missing)
    #[arg(long, value_name = "FILE.toml")]
    pub codebook: Option<std::path::PathBuf>,
}

impl ServeArgs {
    /// The library's options for this command line, over every `--index` folder given.
    pub fn to_options(&self, ctx: &Context) -> ServeOptions {
        ServeOptions {
            dirs: ctx.index_dirs.clone(),
            host: self.host,
            port: self.port,
            codebook: self.codebook.clone(),
            workers: crate::threads::count().clamp(2, 8),
        }
    }
}

pub fn run(ctx: &Context, args: &ServeArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    if !args.host.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read every comment in the index",
            args.host
        );
    }
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = stop.clone();
    ctrlc::set_handler(move || on_signal.store(true, Ordering::SeqCst))
        .map_err(|e| anyhow::anyhow!("cannot catch Ctrl-C: {e}"))?;
    let options = args.to_options(ctx);
    if !ctx.quiet {
        eprintln!("finding the themes of {} ...", ctx.index_dir.display());
    }
    let quiet = ctx.quiet;
    let open = args.open;
    serve(&options, stop, &mut |url| {
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
        if !quiet {
            eprintln!("verbatim serve: the explorer is at {url} (Ctrl-C to stop)");
        }
        if open {
            open_browser(url);
        }
    })?;
    if !quiet {
        eprintln!("stopped");
    }
    Ok(super::exit::OK)
}

/// Opens `url` with the desktop's opener; says so when there is none.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser ({opener}); open {url} yourself");
    }
}
