//! `unkg link --store DIR`: link the corpus's documents and bodies to the registries, offline
//! (URL templates and curated ids) or online.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::link::{
    self, Corpus, Registry, digital_library::DigitalLibrary, ods::Ods, unbis::Unbis,
    wikidata::Wikidata,
};
use crate::net::{Client, Config, RateLimit, host_of};
use crate::store::Store;
use crate::store::build::now_xsd;

/// How unkg talks to the registries; shared by `link`, `verify` and `fetch`.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Folder of the on-disk cache of registry answers (a second run makes no request).
    #[arg(long, default_value = ".unkg-cache")]
    pub cache: PathBuf,
    /// Days a cached answer stays fresh.
    #[arg(long, default_value_t = 30)]
    pub cache_days: u64,
    /// Answer from the cache only; say what would be requested, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds before a request is given up.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Retries on 429, 5xx, timeouts and dropped connections.
    #[arg(long, default_value_t = 4)]
    pub retries: u32,
    /// Base URL of the Official Document System.
    #[arg(long, default_value = link::ods::DEFAULT_BASE)]
    pub ods_url: String,
    /// Wikidata's SPARQL endpoint.
    #[arg(long, default_value = link::wikidata::DEFAULT_SPARQL)]
    pub wikidata_sparql_url: String,
    /// Wikidata's action API.
    #[arg(long, default_value = link::wikidata::DEFAULT_API)]
    pub wikidata_api_url: String,
    /// Base URL of the UN Digital Library.
    #[arg(long, default_value = link::digital_library::DEFAULT_BASE)]
    pub library_url: String,
    /// Base URL of the UNBIS Thesaurus.
    #[arg(long, default_value = link::unbis::DEFAULT_BASE)]
    pub unbis_url: String,
}

impl NetArgs {
    /// The HTTP client these arguments describe, with the registries' rate limits: the UN
    /// Digital Library allows about 100 requests per 5 minutes; the others are kept polite.
    pub fn client(&self) -> anyhow::Result<Client> {
        let mut cfg = Config {
            timeout: Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            cache_dir: Some(self.cache.clone()),
            cache_ttl: Duration::from_secs(self.cache_days * 86_400),
            dry_run: self.dry_run,
            ..Config::default()
        };
        let limit = |requests, secs| RateLimit {
            requests,
            per: Duration::from_secs(secs),
        };
        cfg.rate_limits
            .insert(host_of(&self.library_url), limit(95, 300));
        for u in [&self.wikidata_sparql_url, &self.wikidata_api_url] {
            cfg.rate_limits.insert(host_of(u), limit(30, 60));
        }
        for u in [&self.ods_url, &self.unbis_url] {
            cfg.rate_limits.insert(host_of(u), limit(60, 60));
        }
        Ok(Client::new(cfg)?)
    }
}

/// Arguments of `unkg link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// Use URL templates and the curated ids in data/ only (the default).
    #[arg(long, conflicts_with = "online")]
    pub offline: bool,
    /// Ask the registries.
    #[arg(long)]
    pub online: bool,
    /// Registries to ask online (ods, wikidata, digital-library, unbis); all when absent.
    #[arg(long, value_delimiter = ',')]
    pub registry: Vec<String>,
    /// Network settings.
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `unkg link`.
pub fn run(args: LinkArgs) -> anyhow::Result<ExitCode> {
    const REGISTRIES: [&str; 4] = ["ods", "wikidata", "digital-library", "unbis"];
    if let Some(r) = args
        .registry
        .iter()
        .find(|r| !REGISTRIES.contains(&r.as_str()))
    {
        anyhow::bail!("unknown registry {r:?}: use {}", REGISTRIES.join(", "));
    }
    let store = Store::open_existing(&args.store)?;
    let corpus = Corpus::read(&store)?;
    let client = args.net.client()?;
    let wanted = |name: &str| args.registry.is_empty() || args.registry.iter().any(|r| r == name);
    let registries: Vec<Box<dyn Registry + '_>> = if args.online {
        let n = &args.net;
        let mut v: Vec<Box<dyn Registry + '_>> = Vec::new();
        if wanted("ods") {
            v.push(Box::new(Ods::new(&client, &n.ods_url)));
        }
        if wanted("wikidata") {
            v.push(Box::new(Wikidata::new(
                &client,
                &n.wikidata_sparql_url,
                &n.wikidata_api_url,
            )));
        }
        if wanted("digital-library") {
            v.push(Box::new(DigitalLibrary::new(
                &client,
                &n.library_url,
                Some(Unbis::new(&client, &n.unbis_url)),
            )));
        }
        if wanted("unbis") {
            v.push(Box::new(Unbis::new(&client, &n.unbis_url)));
        }
        v
    } else {
        link::offline_registries()
    };
    let subjects = corpus.documents.len() + corpus.bodies.len();
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new((subjects * registries.len()) as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let reports = link::run(
        &store,
        &corpus,
        &registries,
        &now_xsd(),
        !args.net.dry_run,
        &mut |s| {
            bar.inc(1);
            bar.set_message(format!("{} {}", s.registry, s.subject));
        },
    )?;
    bar.finish_and_clear();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(
        out,
        "{} documents, {} bodies ({})",
        corpus.documents.len(),
        corpus.bodies.len(),
        if args.online { "online" } else { "offline" }
    )?;
    let mut failed = false;
    for r in &reports {
        writeln!(
            out,
            "{}: {} links, {} subjects looked up, {} failed, {} ambiguous",
            r.registry,
            r.links,
            r.subjects,
            r.failures.len(),
            r.ambiguous.len()
        )?;
        for (s, e) in &r.failures {
            writeln!(out, "  failed {s}: {e}")?;
        }
        for a in &r.ambiguous {
            writeln!(out, "  ambiguous {}: {}", a.key, a.candidates.join(" "))?;
        }
        failed |= !r.failures.is_empty();
    }
    let c = client.counters();
    writeln!(
        out,
        "requests: {}, from cache: {}, retries: {}",
        c.requests, c.cache_hits, c.retries
    )?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
