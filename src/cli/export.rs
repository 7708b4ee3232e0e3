//! `unkg export`: the whole store, one named graph or one document, as RDF (streaming).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::store::build::graphs_for;
use crate::store::rdf::NamedNode;
use crate::store::{RdfOutput, Store};

/// Arguments of `unkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Nquads)]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Export one named graph (its IRI).
    #[arg(long, conflicts_with = "symbol")]
    pub graph: Option<String>,
    /// Export one document: every language version of this symbol (or the graphs of this file).
    #[arg(long)]
    pub symbol: Option<String>,
    /// With `--format akn`: the document to write as Akoma Ntoso (read and extracted here).
    pub file: Option<PathBuf>,
}

/// RDF formats of `unkg export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// N-Quads.
    Nquads,
    /// TriG.
    Trig,
    /// Turtle (one graph).
    Turtle,
    /// N-Triples (one graph).
    Ntriples,
    /// RDF/XML (one graph).
    Rdfxml,
    /// JSON-LD.
    Jsonld,
    /// Akoma Ntoso XML of one document FILE, with unkg's citations and footnotes marked up.
    Akn,
}

/// Runs `unkg export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    if args.format != ExportFormat::Akn
        && let Some(f) = &args.file
    {
        anyhow::bail!(
            "a FILE ({}) is exported with --format akn; RDF formats export the store",
            f.display()
        );
    }
    let format = match args.format {
        ExportFormat::Akn => return run_akn(&args),
        ExportFormat::Nquads => RdfOutput::NQuads,
        ExportFormat::Trig => RdfOutput::TriG,
        ExportFormat::Turtle => RdfOutput::Turtle,
        ExportFormat::Ntriples => RdfOutput::NTriples,
        ExportFormat::Rdfxml => RdfOutput::RdfXml,
        ExportFormat::Jsonld => RdfOutput::JsonLd,
    };
    let store = Store::open_existing(&args.store)?;
    let graphs: Option<Vec<NamedNode>> = match (&args.graph, &args.symbol) {
        (Some(g), _) => Some(vec![
            NamedNode::new(g.as_str()).with_context(|| format!("--graph {g:?} is not an IRI"))?,
        ]),
        (_, Some(s)) => {
            let gs = graphs_for(&store, s)?;
            if gs.is_empty() {
                anyhow::bail!("no document {s:?} in store {}", store.label());
            }
            Some(gs)
        }
        _ => None,
    };
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::new(sink);
    match graphs {
        None => {
            w = store.dump(format, None, w)?;
        }
        Some(gs) => {
            if gs.len() > 1 && !format.holds_datasets() {
                anyhow::bail!(
                    "{} graphs match; {:?} holds one graph: pick nquads, trig or jsonld, or give --graph",
                    gs.len(),
                    args.format
                );
            }
            for g in &gs {
                w = store.dump(format, Some(g), w)?;
            }
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `unkg export --format akn FILE`: the file's text with its citations and footnotes marked up.
fn run_akn(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.file else {
        anyhow::bail!("--format akn writes one document: give its FILE (the store keeps no text)");
    };
    let src = crate::source::read_path(path)?;
    let markdown = src.format == crate::source::Format::Markdown;
    let ex = crate::extract::extract_str(
        &src.text,
        &crate::extract::Options {
            file: Some(src.path.clone()),
            markdown,
            ..crate::extract::Options::default()
        },
    );
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::new(sink);
    crate::export::write_akn(&mut w, &src.text, &ex, markdown)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
