//! `unkg export`: the whole store, one named graph or one document, as RDF (streaming); or the
//! citation network (with the filters of `unkg analyze`) as DOT, SVG, PNG, GraphML, GEXF,
//! Cytoscape.js JSON or a self-contained HTML viewer.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::analyze::rank::{self, PageRankParams};
use crate::cli::analyze::GraphArgs;
use crate::export::network::{self as net, View};
use crate::store::build::graphs_for;
use crate::store::rdf::NamedNode;
use crate::store::{RdfOutput, Store};

/// Arguments of `unkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store (or in-memory documents) and, for network formats, the filters.
    #[command(flatten)]
    pub source: GraphArgs,
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
    /// Network formats: keep the N documents of highest PageRank (all when absent; the html
    /// format keeps 1500 unless told, so the page stays responsive).
    #[arg(long)]
    pub top: Option<usize>,
    /// svg and png: the Graphviz layout engine (dot, sfdp, neato, fdp…).
    #[arg(long, default_value = "sfdp")]
    pub engine: String,
    /// With `--format akn`: the document to write as Akoma Ntoso (read and extracted here).
    pub file: Option<PathBuf>,
    /// With `--format nquads`: split the whole store into N files `part-0000.nq` … in the
    /// folder `--out`, each named graph whole in one file, plus `manifest.json`.
    #[arg(long, value_name = "N")]
    pub shards: Option<usize>,
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
    /// The citation network as Graphviz DOT.
    Dot,
    /// The citation network drawn by Graphviz as SVG (needs Graphviz installed).
    Svg,
    /// The citation network drawn by Graphviz as PNG (needs Graphviz installed).
    Png,
    /// The citation network as GraphML.
    Graphml,
    /// The citation network as GEXF 1.3 (Gephi).
    Gexf,
    /// The citation network as Cytoscape.js JSON.
    Cytoscape,
    /// The citation network as one self-contained interactive HTML page.
    Html,
    /// Akoma Ntoso XML of one document FILE, with unkg's citations and footnotes marked up.
    Akn,
}

/// Runs `unkg export`.
pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    if args.format != ExportFormat::Akn
        && let Some(f) = &args.file
    {
        anyhow::bail!(
            "a FILE ({}) is exported with --format akn; the other formats export the store",
            f.display()
        );
    }
    if let Some(n) = args.shards {
        return run_shards(&args, n);
    }
    let format = match args.format {
        ExportFormat::Akn => return run_akn(&args),
        ExportFormat::Nquads => RdfOutput::NQuads,
        ExportFormat::Trig => RdfOutput::TriG,
        ExportFormat::Turtle => RdfOutput::Turtle,
        ExportFormat::Ntriples => RdfOutput::NTriples,
        ExportFormat::Rdfxml => RdfOutput::RdfXml,
        ExportFormat::Jsonld => RdfOutput::JsonLd,
        _ => return network(&args),
    };
    if !args.source.docs.is_empty() {
        anyhow::bail!(
            "--docs is for network formats (dot, svg, png, graphml, gexf, cytoscape, html)"
        );
    }
    super::serve::refuse_if_served(&args.source.store)?;
    let store = Store::open_existing(&args.source.store)?;
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
    let mut w = std::io::BufWriter::new(sink(&args.out)?);
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

/// `unkg export --format nquads --shards N --out DIR`: files for other engines' bulk loaders.
fn run_shards(args: &ExportArgs, n: usize) -> anyhow::Result<ExitCode> {
    if args.format != ExportFormat::Nquads {
        anyhow::bail!("--shards writes N-Quads files: use --format nquads");
    }
    if args.graph.is_some() || args.symbol.is_some() || !args.source.docs.is_empty() {
        anyhow::bail!("--shards exports the whole store: drop --graph, --symbol and --docs");
    }
    let Some(dir) = &args.out else {
        anyhow::bail!("--shards needs --out DIR, the folder to write part-0000.nq … into");
    };
    if n == 0 {
        anyhow::bail!("--shards must be at least 1 (got 0)");
    }
    super::serve::refuse_if_served(&args.source.store)?;
    let store = Store::open_existing(&args.source.store)?;
    let started = std::time::Instant::now();
    let m = crate::export::shards::write_shards(&store, n, dir)?;
    for f in &m.removed {
        eprintln!("unkg: removed {f} (from an earlier export with more shards)");
    }
    for f in &m.files {
        eprintln!(
            "unkg: {}/{}: {} graphs, {} quads, {} bytes",
            dir.display(),
            f.file,
            f.graphs,
            f.quads,
            f.bytes
        );
    }
    eprintln!(
        "unkg: {} quads in {} graphs over {} shards in {:.2} s; manifest {}",
        m.quads,
        m.graphs,
        m.shards,
        started.elapsed().as_secs_f64(),
        dir.join("manifest.json").display()
    );
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
            links: src.links.clone(),
            ..crate::extract::Options::default()
        },
    );
    let mut w = std::io::BufWriter::new(sink(&args.out)?);
    crate::export::write_akn(&mut w, &src.text, &ex, markdown)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn sink(out: &Option<PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    })
}

/// The citation network formats.
fn network(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if args.graph.is_some() || args.symbol.is_some() {
        anyhow::bail!(
            "--graph and --symbol select RDF; network formats take the filters of `unkg analyze`"
        );
    }
    let (_store, full) = args.source.load(true)?;
    let top = args
        .top
        .or((args.format == ExportFormat::Html).then_some(1500));
    let p = match top {
        Some(n) if n < full.graph.node_count() => {
            let pr = rank::pagerank(&full.csr(false), &PageRankParams::default());
            // Documents left without a citation among the kept ones would float apart.
            let top = full.top(&pr.scores, n);
            let d = top.degrees();
            top.retain(&d.iter().map(|x| x.0 + x.1 > 0).collect::<Vec<_>>())
        }
        _ => full,
    };
    let (nodes, edges) = p.size();
    eprintln!("unkg: exporting {nodes} documents, {edges} citing relations");
    let view = View::new(&p);
    let mut w = std::io::BufWriter::new(sink(&args.out)?);
    match args.format {
        ExportFormat::Dot => {
            w = net::write_dot(&view, w)?;
        }
        ExportFormat::Svg | ExportFormat::Png => {
            let dot = net::write_dot(&view, Vec::new())?;
            let kind = if args.format == ExportFormat::Svg {
                "-Tsvg"
            } else {
                "-Tpng"
            };
            let mut child = std::process::Command::new("dot")
                .args([kind, &format!("-K{}", args.engine)])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .context(
                    "running Graphviz `dot` (install the graphviz package, or export --format dot)",
                )?;
            let mut stdin = child.stdin.take().context("dot's standard input")?;
            let feeder = std::thread::spawn(move || stdin.write_all(&dot));
            let mut stdout = child.stdout.take().context("dot's standard output")?;
            std::io::copy(&mut stdout, &mut w)?;
            feeder
                .join()
                .map_err(|_| anyhow::anyhow!("feeding dot failed"))?
                .context("writing to dot")?;
            let status = child.wait()?;
            if !status.success() {
                anyhow::bail!("Graphviz dot -K{} failed ({status})", args.engine);
            }
        }
        ExportFormat::Graphml => {
            w = net::write_graphml(&view, w)?;
        }
        ExportFormat::Gexf => {
            w = net::write_gexf(&view, w)?;
        }
        ExportFormat::Cytoscape => {
            w = net::write_cytoscape(&view, w)?;
        }
        _ => {
            w = net::write_html(&view, w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
