//! The `unkg` command line: argument types, reading files, printing, exit codes.
//!
//! Architecture invariant: the CLI only wires layers together; each subcommand lives in its own
//! file. `anyhow` is used here and nowhere else. A broken pipe is success.

pub(crate) mod analyze;
mod build;
mod export;
mod extract;
mod fetch;
mod link;
mod push;
mod query;
mod remove;
mod serve;
mod stats;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// unkg — turn United Nations documents into a citation knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "unkg", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract metadata, paragraphs, citations and bodies from documents.
    Extract(extract::ExtractArgs),
    /// Build or update the knowledge graph from documents.
    Build(build::BuildArgs),
    /// Run a SPARQL query (a string, a file or a named query) on the knowledge graph.
    Query(query::QueryArgs),
    /// Write the knowledge graph, one graph or one document as RDF, or the citation network
    /// for graph tools (DOT, SVG, PNG, GraphML, GEXF, Cytoscape.js, HTML).
    Export(export::ExportArgs),
    /// Show what the knowledge graph holds.
    Stats(stats::StatsArgs),
    /// Remove documents (by file or symbol) from the knowledge graph.
    Remove(remove::RemoveArgs),
    /// Link documents and bodies to ODS/undocs, Wikidata, the UN Digital Library and UNBIS.
    Link(link::LinkArgs),
    /// Download documents (PDF) and library records by symbol and language.
    Fetch(fetch::FetchArgs),
    /// Report cited symbols that do not exist or cannot be right.
    Verify(verify::VerifyArgs),
    /// Analyse the citation graph: rankings, components, cycles, paths, co-citation.
    Analyze(analyze::AnalyzeArgs),
    /// Serve the knowledge graph: a SPARQL endpoint and web pages.
    Serve(serve::ServeArgs),
    /// Push the knowledge graph to another SPARQL engine (Graph Store Protocol or Update),
    /// graph by graph, skipping graphs unchanged since the last push.
    Push(push::PushArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Build(args) => build::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Remove(args) => remove::run(args),
        Command::Link(args) => link::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Push(args) => push::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("unkg: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// True when the error is a closed standard output (`unkg … | head`), which is not a failure.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
