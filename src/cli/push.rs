//! `unkg push --store DIR --endpoint URL`: send the knowledge graph to another SPARQL engine,
//! graph by graph, skipping graphs unchanged since the last push.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::net::{Client, Config, Credentials};
use crate::push::{self, Options, Outcome, Progress, Protocol, State};
use crate::store::Store;

/// Arguments of `unkg push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// The endpoint: a Graph Store Protocol service (Virtuoso: http://host:8890/sparql-graph-crud-auth)
    /// or, with `--protocol update`, a SPARQL Update service (Virtuoso: …/sparql-auth).
    #[arg(long)]
    pub endpoint: String,
    /// How graphs are sent: `gsp` PUTs each whole graph (idempotent); `update` sends
    /// `DROP SILENT GRAPH` then `INSERT DATA` in batches of `--batch` triples.
    #[arg(long, value_enum, default_value_t = PushProtocol::Gsp)]
    pub protocol: PushProtocol,
    /// Triples per `INSERT DATA` request (`--protocol update`). Virtuoso 7's SPARQL parser
    /// runs out of memory near 5,000 triples in one request ("SP030 … memory exhausted"), so
    /// the default stays well below.
    #[arg(long, default_value_t = 2_000)]
    pub batch: usize,
    /// User name, sent only when the endpoint asks (HTTP Basic or Digest).
    #[arg(long)]
    pub user: Option<String>,
    /// Password for `--user` (or set UNKG_PUSH_PASSWORD, which keeps it out of the process
    /// list).
    #[arg(long)]
    pub password: Option<String>,
    /// The state file that records the graphs pushed and their content hashes (default:
    /// DIR/unkg-push.tsv in the store's folder).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Say what would be pushed; send and record nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also remove from the endpoint the graphs pushed earlier that the store no longer has.
    #[arg(long)]
    pub prune: bool,
    /// Retries of one request on 429, 5xx, timeouts and dropped connections.
    #[arg(long, default_value_t = 4)]
    pub retries: u32,
    /// Seconds before one request is given up.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

/// The protocols of `unkg push`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PushProtocol {
    /// SPARQL 1.1 Graph Store Protocol (HTTP PUT of each graph).
    Gsp,
    /// SPARQL 1.1 Update (DROP SILENT GRAPH, INSERT DATA).
    Update,
}

/// Runs `unkg push`.
pub fn run(args: PushArgs) -> anyhow::Result<ExitCode> {
    if args.batch == 0 {
        anyhow::bail!("--batch must be at least 1 triple (got 0)");
    }
    let url = reqwest::Url::parse(&args.endpoint)
        .with_context(|| format!("--endpoint {:?} is not a URL", args.endpoint))?;
    if !matches!(url.scheme(), "http" | "https") {
        anyhow::bail!(
            "--endpoint {:?}: expected an http or https URL",
            args.endpoint
        );
    }
    let password = args
        .password
        .clone()
        .or_else(|| std::env::var("UNKG_PUSH_PASSWORD").ok());
    if args.password.is_some() && args.user.is_none() {
        anyhow::bail!("--password was given without --user");
    }
    if args.user.is_some() && password.is_none() {
        anyhow::bail!("--user needs --password (or UNKG_PUSH_PASSWORD in the environment)");
    }
    super::serve::refuse_if_served(&args.store)?;
    let store = Store::open_existing(&args.store)?;
    let state_path = args
        .state
        .clone()
        .unwrap_or_else(|| args.store.join("unkg-push.tsv"));
    let mut state = State::open(&state_path)?;
    let client = Client::new(Config {
        timeout: Duration::from_secs(args.timeout.max(1)),
        retries: args.retries,
        // Whole graphs come back in the answer of some servers; the default cap is for
        // registry answers, not for this.
        max_body: 1 << 30,
        credentials: args.user.clone().map(|user| Credentials {
            user,
            password: password.clone().unwrap_or_default(),
        }),
        ..Config::default()
    })?;
    let opts = Options {
        batch: args.batch,
        dry_run: args.dry_run,
        prune: args.prune,
        ..Options::new(
            &args.endpoint,
            match args.protocol {
                PushProtocol::Gsp => Protocol::Gsp,
                PushProtocol::Update => Protocol::Update,
            },
        )
    };
    let mut progress = Stderr::new(args.dry_run);
    let sum = push::push(&store, &client, &opts, &mut state, &mut progress)?;
    let secs = sum.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        sum.triples as f64 / secs
    } else {
        0.0
    };
    if args.dry_run {
        eprintln!(
            "unkg: dry run: {} of {} graphs would be pushed, {} unchanged (state {})",
            sum.would_push,
            sum.graphs,
            sum.skipped,
            state.path().display()
        );
    } else {
        eprintln!(
            "unkg: pushed {} graphs ({} triples, {:.1} MB) in {secs:.2} s, {rate:.0} triples/s; {} unchanged, {} pruned, {} failed",
            sum.pushed,
            sum.triples,
            sum.bytes as f64 / 1e6,
            sum.skipped,
            sum.pruned,
            sum.failed.len()
        );
    }
    // A machine-readable line on standard output, for scripts and CI.
    println!(
        "graphs={} pushed={} skipped={} would_push={} pruned={} failed={} triples={} seconds={secs:.3}",
        sum.graphs,
        sum.pushed,
        sum.skipped,
        sum.would_push,
        sum.pruned,
        sum.failed.len(),
        sum.triples
    );
    if sum.stopped {
        eprintln!(
            "unkg: stopped after {} graphs in a row failed: the endpoint looks down; run again to resume",
            opts.max_consecutive_failures
        );
    }
    Ok(if sum.failed.is_empty() && !sum.stopped {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Progress on standard error: every failure at once, and a status line at most once a second
/// (rewritten in place on a terminal, one line per second in a log).
struct Stderr {
    total: usize,
    done: usize,
    pushed: usize,
    skipped: usize,
    failed: usize,
    triples: usize,
    started: Instant,
    last: Instant,
    dry_run: bool,
    terminal: bool,
}

impl Stderr {
    fn new(dry_run: bool) -> Stderr {
        Stderr {
            total: 0,
            done: 0,
            pushed: 0,
            skipped: 0,
            failed: 0,
            triples: 0,
            started: Instant::now(),
            last: Instant::now(),
            dry_run,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn status(&self) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let line = format!(
            "unkg: {}/{} graphs: {} pushed, {} unchanged, {} failed; {} triples, {:.0} triples/s",
            self.done,
            self.total,
            self.pushed,
            self.skipped,
            self.failed,
            self.triples,
            self.triples as f64 / secs
        );
        if self.terminal {
            eprint!("\r{line}\x1b[K");
        } else {
            eprintln!("{line}");
        }
    }
}

impl Progress for Stderr {
    fn start(&mut self, graphs: usize) {
        self.total = graphs;
    }

    fn graph(&mut self, graph: &str, outcome: &Outcome) {
        self.done += 1;
        match outcome {
            Outcome::Pushed { triples, .. } => {
                self.pushed += 1;
                self.triples += triples;
            }
            Outcome::Skipped => self.skipped += 1,
            Outcome::WouldPush { triples } if self.dry_run => {
                eprintln!("unkg: would push {graph} ({triples} triples)");
            }
            Outcome::WouldPush { .. } => {}
            Outcome::Pruned => {
                let verb = if self.dry_run {
                    "would remove"
                } else {
                    "removed"
                };
                eprintln!("unkg: {verb} {graph} (no longer in the store)");
            }
            Outcome::Failed(e) => {
                self.failed += 1;
                if self.terminal {
                    eprintln!();
                }
                eprintln!("unkg: failed {graph}: {e}");
            }
        }
        if !self.dry_run && self.last.elapsed() >= Duration::from_secs(1) {
            self.last = Instant::now();
            self.status();
        }
    }

    fn finish(&mut self) {
        if !self.dry_run {
            self.status();
            if self.terminal {
                eprintln!();
            }
        }
    }
}
