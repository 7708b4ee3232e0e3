//! `unkg stats`: what the store holds.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::store::Store;

/// Arguments of `unkg stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
}

fn dir_size(p: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(p) else {
        return 0;
    };
    rd.filter_map(Result::ok)
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

/// Runs `unkg stats`. Counts come from the bookkeeping records (cheap); the triple count is a
/// scan of the store.
pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    super::serve::refuse_if_served(&args.store)?;
    let store = Store::open_existing(&args.store)?;
    let records = store.records()?;
    let graphs = store.graphs()?;
    let mut by_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_organ: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let (mut citations, mut mentions, mut triples) = (0u64, 0u64, 0u64);
    let mut symbols = std::collections::BTreeSet::new();
    for r in &records {
        *by_lang.entry(r.language.clone()).or_default() += 1;
        *by_organ
            .entry(r.organ.clone().unwrap_or_else(|| "(unknown)".into()))
            .or_default() += 1;
        *by_type
            .entry(r.doc_type.clone().unwrap_or_else(|| "(unknown)".into()))
            .or_default() += 1;
        citations += r.citations;
        mentions += r.mentions;
        triples += r.triples;
        symbols.insert(r.symbol.clone());
    }
    let total = store.len()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "store: {} (base {})",
        store.label(),
        store.base().as_str()
    )?;
    writeln!(
        out,
        "documents: {} language versions of {} documents",
        records.len(),
        symbols.len()
    )?;
    let line =
        |out: &mut dyn Write, title: &str, m: &BTreeMap<String, usize>| -> std::io::Result<()> {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(out, "  by {title}: {}", parts.join(", "))
        };
    line(&mut out, "language", &by_lang)?;
    line(&mut out, "organ", &by_organ)?;
    line(&mut out, "type", &by_type)?;
    writeln!(out, "citations: {citations}")?;
    writeln!(out, "body mentions: {mentions}")?;
    writeln!(out, "triples: {total} ({triples} in document graphs)")?;
    writeln!(out, "named graphs: {}", graphs.len())?;
    if store.label() != "memory" {
        writeln!(
            out,
            "store size: {:.1} MB",
            dir_size(&args.store) as f64 / 1e6
        )?;
    }
    // A store is consistent when every document graph has exactly one record and back.
    let recorded: std::collections::HashSet<&str> =
        records.iter().map(|r| r.graph.as_str()).collect();
    let orphans = graphs
        .iter()
        .filter(|g| !recorded.contains(g.as_str()))
        .count();
    let missing = records.len()
        - graphs
            .iter()
            .filter(|g| recorded.contains(g.as_str()))
            .count();
    if orphans > 0 || missing > 0 {
        writeln!(
            out,
            "inconsistent: {orphans} graphs without a record, {missing} records without a graph"
        )?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
