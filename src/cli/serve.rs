//! `unkg serve`: the SPARQL endpoint and web UI over a store on disk, or over documents built
//! into memory at startup; and the marker that keeps other commands from writing to a store
//! while it is served.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;

use crate::model::Base;
use crate::serve::{Config, start};
use crate::store::Store;
use crate::store::build::{BuildOptions, Quiet, build};

/// The file a running server leaves in the folder of the store it serves.
const MARKER: &str = "unkg-serve.json";

/// Arguments of `unkg serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store's folder (on disk). Defaults to `kg` unless --build is given, which then
    /// builds into memory.
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Documents and folders to build into the served store before serving (into memory when
    /// no --store is given).
    #[arg(long = "build", value_name = "DOCS", num_args = 1..)]
    pub build: Vec<PathBuf>,
    /// Address and port to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,
    /// Longest a query may run, in seconds, before it is stopped (503).
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Most result rows (or triples) in one response; the rest is cut off.
    #[arg(long, default_value_t = 100_000)]
    pub max_rows: usize,
    /// Largest request body, in bytes (413 above it).
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Most connections served at once.
    #[arg(long, default_value_t = 256)]
    pub max_connections: usize,
    /// Accept writes (/update, Graph Store PUT/POST/DELETE, /build) from requests carrying the
    /// token (`Authorization: Bearer TOKEN`). The token is read from --token-file or from the
    /// UNKG_UPDATE_TOKEN environment variable.
    #[arg(long)]
    pub allow_update: bool,
    /// A file holding the update token (first line).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Run queries that combine unconnected patterns into a cross product under an aggregate,
    /// ORDER BY or another join. The timeout cannot stop such a product once its parts are read,
    /// so by default they are refused (400) with the parts named.
    #[arg(long)]
    pub allow_cross_products: bool,
    /// Data namespace for a new store (see `unkg build --base`).
    #[arg(long)]
    pub base: Option<String>,
}

/// What a running server writes into its store's folder.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Marker {
    pid: u32,
    url: String,
}

/// The address of the `unkg serve` process serving the store in `dir`, if one is running.
/// A marker left by a process that has died is ignored.
pub(crate) fn served_by(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    let m: Marker = serde_json::from_str(&text).ok()?;
    let alive = Path::new(&format!("/proc/{}", m.pid)).exists() || !Path::new("/proc").exists();
    alive.then_some(m.url)
}

/// Refuses to open a store for writing while a server has it.
pub(crate) fn refuse_if_served(dir: &Path) -> anyhow::Result<()> {
    if let Some(url) = served_by(dir) {
        bail!(
            "store {} is being served by `unkg serve` at {url}: a second process cannot open it. \
             Query it at {url}sparql; to build into it, send the paths, one per line, to the server \
             (started with --allow-update): \
             curl -H 'Authorization: Bearer TOKEN' --data-binary @paths.txt {url}build \
             — or stop the server first",
            dir.display()
        );
    }
    Ok(())
}

fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if !args.allow_update {
        return Ok(None);
    }
    let token = match &args.token_file {
        Some(f) => std::fs::read_to_string(f)
            .with_context(|| format!("reading the token file {}", f.display()))?
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        None => std::env::var("UNKG_UPDATE_TOKEN").unwrap_or_default(),
    };
    if token.is_empty() {
        bail!("--allow-update needs a token: --token-file FILE or UNKG_UPDATE_TOKEN");
    }
    crate::serve::check_token(&token)?;
    Ok(Some(token))
}

/// Runs `unkg serve`.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let update_token = token(&args)?;
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!(
            "--timeout {}: give a positive number of seconds",
            args.timeout
        );
    }
    let base = args.base.as_deref().map(Base::new).transpose()?;
    let dir = match (&args.store, args.build.is_empty()) {
        (Some(d), _) => Some(d.clone()),
        (None, true) => Some(PathBuf::from("kg")),
        (None, false) => None,
    };
    let store = match &dir {
        Some(d) => {
            refuse_if_served(d)?;
            if args.build.is_empty() {
                Store::open_existing(d)?
            } else {
                Store::open(d, base.as_ref())?
            }
        }
        None => Store::in_memory(base.as_ref())?,
    };
    if !args.build.is_empty() {
        let files = crate::source::walk(&args.build);
        let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet)?;
        eprintln!(
            "unkg: built {} documents ({} new, {} changed, {} unchanged, {} failed), {} triples",
            files.len(),
            sum.new,
            sum.changed,
            sum.unchanged,
            sum.failed.len(),
            sum.triples
        );
        for (path, why) in &sum.failed {
            eprintln!("unkg: failed: {}: {why}", path.display());
        }
    }
    let config = Config {
        bind: args.bind,
        timeout: Duration::from_secs_f64(args.timeout),
        max_rows: args.max_rows.max(1),
        max_body: args.max_body,
        max_connections: args.max_connections.max(1),
        update_token,
        allow_cross_products: args.allow_cross_products,
    };
    let label = store.label().to_string();
    let running = start(store, config.clone())?;
    let url = format!("http://{}/", running.addr());
    let marker = dir.as_ref().map(|d| d.join(MARKER));
    if let Some(m) = &marker {
        let text = serde_json::to_string(&Marker {
            pid: std::process::id(),
            url: url.clone(),
        })?;
        std::fs::write(m, text).with_context(|| format!("writing {}", m.display()))?;
    }
    // The first line on standard output is the address, for scripts that start on port 0.
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {url}")?;
    out.flush()?;
    drop(out);
    eprintln!(
        "unkg: serving {label}: SPARQL endpoint {url}sparql, pages {url}; updates {}",
        if config.update_token.is_some() {
            "on (token required)"
        } else {
            "off"
        }
    );
    let result = wait_for_signal(running, config.timeout);
    if let Some(m) = &marker {
        let _ = std::fs::remove_file(m);
    }
    result
}

#[cfg(unix)]
fn wait_for_signal(running: crate::serve::Running, grace: Duration) -> anyhow::Result<ExitCode> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])
        .context("installing signal handlers")?;
    if let Some(sig) = signals.forever().next() {
        let name = if sig == SIGINT { "SIGINT" } else { "SIGTERM" };
        eprintln!("unkg: {name}: finishing the requests in progress");
        let left = running.drain(grace);
        if left > 0 {
            eprintln!("unkg: stopping with {left} requests unfinished");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(unix))]
fn wait_for_signal(running: crate::serve::Running, _grace: Duration) -> anyhow::Result<ExitCode> {
    running.wait();
    Ok(ExitCode::SUCCESS)
}
