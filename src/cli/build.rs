//! `unkg build DOCS... --store DIR`: extract documents into the knowledge graph, incrementally.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::link::NetArgs;
use crate::link::fetch::{Plan, fetch_cited};
use crate::link::ods::{LANGUAGES, Ods};
use crate::model::Base;
use crate::source;
use crate::store::Store;
use crate::store::build::{BuildOptions, Outcome, Progress, build};
use crate::text::Lang;

/// Arguments of `unkg build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Documents and folders (walked recursively for .txt, .md).
    pub inputs: Vec<PathBuf>,
    /// A file listing documents, one path per line (`-` for standard input).
    #[arg(long)]
    pub list: Option<PathBuf>,
    /// The store's folder (created if missing).
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// Data namespace for minted IRIs (must end with '/'); defaults to the store's, or
    /// https://w3id.org/unkg/ for a new store.
    #[arg(long)]
    pub base: Option<String>,
    /// Remove the documents of recorded files that no longer exist.
    #[arg(long)]
    pub prune: bool,
    /// The documents' language (ar, en, es, fr, ru, zh); detected per document when absent.
    #[arg(long)]
    pub lang: Option<Lang>,
    /// Quads per bulk-load batch; 8 batches per commit (memory against speed).
    #[arg(long, default_value_t = 500_000)]
    pub batch: usize,
    /// Print nothing but errors and the summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// After the build, fetch the cited documents the store lacks from ODS and build them
    /// too, this many levels deep (what they cite is level 2). The only part of a build that
    /// uses the network; 0 (the default) does nothing.
    #[arg(long, value_name = "DEPTH", default_value_t = 0)]
    pub fetch_cited: usize,
    /// Where fetched documents are written (files already there are not fetched again).
    #[arg(long, value_name = "DIR", default_value = "fetched")]
    pub fetch_dir: PathBuf,
    /// Languages of the fetched documents (ar, zh, en, fr, ru, es).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    pub fetch_lang: Vec<String>,
    /// Network settings of `--fetch-cited`.
    #[command(flatten)]
    pub net: NetArgs,
}

/// A progress bar on a terminal, one log line per document otherwise.
struct Report {
    bar: Option<ProgressBar>,
    quiet: bool,
    t0: Instant,
    done: usize,
    total: usize,
}

impl Progress for Report {
    fn start(&mut self, total: usize) {
        // A build with --fetch-cited starts again for each level's fetched documents.
        self.total = total;
        self.done = 0;
        self.t0 = Instant::now();
        if !self.quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} docs ({per_sec}, ETA {eta}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            self.bar = Some(bar);
        }
    }

    fn file(&mut self, path: &Path, outcome: &Outcome) {
        self.done += 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
            match outcome {
                Outcome::Failed(why) => bar.println(format!("unkg: failed: {why}")),
                Outcome::Duplicate(why) => bar.println(format!("unkg: {why}")),
                _ => {}
            }
            return;
        }
        match outcome {
            Outcome::Failed(why) => eprintln!("unkg: failed: {why}"),
            Outcome::Duplicate(why) => eprintln!("unkg: {why}"),
            _ if self.quiet => {}
            o => {
                let rate = self.done as f64 / self.t0.elapsed().as_secs_f64().max(1e-9);
                let word = match o {
                    Outcome::New => "new",
                    Outcome::Changed => "changed",
                    _ => "unchanged",
                };
                eprintln!(
                    "[{}/{}] {word} {} ({rate:.1} docs/s)",
                    self.done,
                    self.total,
                    path.display()
                );
            }
        }
    }

    fn writing(&mut self, quads: usize) {
        match &self.bar {
            Some(bar) => bar.set_message(format!("writing {quads} triples")),
            None if !self.quiet => eprintln!("writing {quads} triples (bulk load)"),
            None => {}
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

fn read_list(list: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let text = if list.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading the list from standard input")?
    } else {
        std::fs::read_to_string(list).with_context(|| format!("reading list {}", list.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from)
        .collect())
}

/// Runs `unkg build`.
pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let mut inputs = args.inputs.clone();
    if let Some(list) = &args.list {
        inputs.extend(read_list(list)?);
    }
    if inputs.is_empty() && !args.prune {
        anyhow::bail!("nothing to build: give documents, folders or --list FILE");
    }
    for l in &args.fetch_lang {
        anyhow::ensure!(
            LANGUAGES.contains(&l.as_str()),
            "unknown language {l:?} in --fetch-lang: use ar, zh, en, fr, ru or es"
        );
    }
    let files = source::walk(&inputs);
    let base = args.base.as_deref().map(Base::new).transpose()?;
    super::serve::refuse_if_served(&args.store)?;
    let store = Store::open(&args.store, base.as_ref())?;
    let opts = BuildOptions {
        prune: args.prune,
        lang: args.lang,
        batch_quads: args.batch.max(1),
    };
    let mut report = Report {
        bar: None,
        quiet: args.quiet,
        t0: Instant::now(),
        done: 0,
        total: 0,
    };
    let sum = build(&store, &files, &opts, &mut report)?;
    let total = store.len()?;
    let secs = sum.elapsed.as_secs_f64().max(1e-9);
    let written = sum.new + sum.changed;
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "documents: {} new, {} changed, {} unchanged, {} failed{}{}",
        sum.new,
        sum.changed,
        sum.unchanged,
        sum.failed.len(),
        if args.prune {
            format!(", {} pruned", sum.pruned)
        } else {
            String::new()
        },
        if sum.duplicates.is_empty() {
            String::new()
        } else {
            format!(
                ", {} skipped as other renderings of a document",
                sum.duplicates.len()
            )
        }
    )?;
    writeln!(
        err,
        "written: {} triples, {} citations, {} body mentions of {} bodies",
        sum.triples, sum.citations, sum.mentions, sum.bodies
    )?;
    writeln!(
        err,
        "elapsed: {:.2} s ({:.1} docs/s, {:.0} triples/s); store {}: {} triples",
        secs,
        written as f64 / secs,
        sum.triples as f64 / secs,
        store.label(),
        total
    )?;
    for (path, why) in &sum.failed {
        // Reasons name their file already; a reason that does not gets it in front.
        let name = path.display().to_string();
        if why.starts_with(&name) {
            writeln!(err, "failed: {why}")?;
        } else {
            writeln!(err, "failed: {name}: {why}")?;
        }
    }
    drop(err);
    if args.fetch_cited > 0 {
        let client = args.net.client()?;
        let ods = Ods::new(&client, &args.net.ods_url);
        let plan = Plan {
            dir: &args.fetch_dir,
            langs: &args.fetch_lang,
            depth: args.fetch_cited,
            build: &opts,
        };
        let levels = fetch_cited(&store, &ods, &plan, &mut report, &mut |l| {
            eprintln!("{}", l.summary())
        })?;
        if levels.is_empty() {
            eprintln!("fetch-cited: every cited document is in the store");
        }
        for l in &levels {
            for f in &l.failed {
                eprintln!("fetch-cited: failed {f}");
            }
            for (path, why) in &l.built.failed {
                eprintln!("fetch-cited: failed to build {}: {why}", path.display());
            }
        }
    }
    // A document that could not be fetched does not fail the build: only the build's own files.
    Ok(if sum.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
