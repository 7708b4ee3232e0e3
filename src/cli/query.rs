//! `unkg query`: SPARQL over the store, from a string, a file or the named-query library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::store::query::{self, Answer, ResultsOutput};
use crate::store::{RdfOutput, Store};

/// Arguments of `unkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A SPARQL query.
    #[arg(conflicts_with_all = ["file", "name"], required_unless_present_any = ["file", "name", "list"])]
    pub sparql: Option<String>,
    /// Read the query from a file.
    #[arg(long, short)]
    pub file: Option<PathBuf>,
    /// Run a query of the library (`--list` shows them).
    #[arg(long, short)]
    pub name: Option<String>,
    /// List the library's queries with their parameters and columns.
    #[arg(long)]
    pub list: bool,
    /// Bind a query variable: NAME=VALUE (a string; an integer; or <IRI>). Repeatable.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// Output format: a table on a terminal, TSV otherwise, unless given.
    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,
}

/// Output formats of `unkg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned text table.
    Table,
    /// SPARQL results JSON.
    Json,
    /// SPARQL results CSV.
    Csv,
    /// SPARQL results TSV.
    Tsv,
    /// SPARQL results XML.
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    Ntriples,
    /// JSON-LD (CONSTRUCT/DESCRIBE).
    Jsonld,
}

/// Runs `unkg query`.
pub fn run(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.list {
        for (name, text) in query::LIBRARY {
            let qi = query::info(name, text);
            writeln!(out, "{name}\n    {}", qi.purpose)?;
            if !qi.params.is_empty() {
                writeln!(out, "    params: {}", qi.params.join(", "))?;
            }
            writeln!(out, "    columns: {}", qi.columns.join(", "))?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let (name, text) = match (&args.sparql, &args.file, &args.name) {
        (Some(q), _, _) => ("-".to_string(), q.clone()),
        (_, Some(f), _) => (
            f.display().to_string(),
            std::fs::read_to_string(f).with_context(|| format!("reading query {}", f.display()))?,
        ),
        (_, _, Some(n)) => (n.clone(), query::named(n)?.to_string()),
        _ => anyhow::bail!("give a query, --file FILE or --name NAME"),
    };
    let mut params = Vec::new();
    for p in &args.params {
        let (k, v) = p
            .split_once('=')
            .with_context(|| format!("parameter {p:?}: expected NAME=VALUE"))?;
        params.push((k.trim().to_string(), v.to_string()));
    }
    super::serve::refuse_if_served(&args.store)?;
    let store = Store::open_existing(&args.store)?;
    let results = query::run(&store, &name, &text, &params)?;
    let format = args.format.unwrap_or(
        match (std::io::stdout().is_terminal(), results.is_graph()) {
            (true, false) => QueryFormat::Table,
            (false, false) => QueryFormat::Tsv,
            (_, true) => QueryFormat::Turtle,
        },
    );
    let rf = match format {
        QueryFormat::Table => {
            write_table(&mut out, &results.collect()?)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        QueryFormat::Json => ResultsOutput::Json,
        QueryFormat::Csv => ResultsOutput::Csv,
        QueryFormat::Tsv => ResultsOutput::Tsv,
        QueryFormat::Xml => ResultsOutput::Xml,
        QueryFormat::Turtle => ResultsOutput::Rdf(RdfOutput::Turtle),
        QueryFormat::Ntriples => ResultsOutput::Rdf(RdfOutput::NTriples),
        QueryFormat::Jsonld => ResultsOutput::Rdf(RdfOutput::JsonLd),
    };
    let mut out = results.write(rf, out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints an answer as an aligned table (cells cut at 60 characters).
fn write_table(out: &mut impl Write, answer: &Answer) -> anyhow::Result<()> {
    const MAX: usize = 60;
    match answer {
        Answer::Boolean(b) => writeln!(out, "{b}")?,
        Answer::Graph(triples) => {
            for t in triples {
                writeln!(out, "{t} .")?;
            }
        }
        Answer::Solutions { variables, rows } => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            let s = c
                                .as_ref()
                                .map(query::display)
                                .unwrap_or_default()
                                .replace(['\n', '\t'], " ");
                            if s.chars().count() > MAX {
                                format!("{}…", s.chars().take(MAX - 1).collect::<String>())
                            } else {
                                s
                            }
                        })
                        .collect()
                })
                .collect();
            let mut widths: Vec<usize> = variables.iter().map(|v| v.chars().count()).collect();
            for r in &cells {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |out: &mut dyn Write, vals: &[String]| -> std::io::Result<()> {
                let parts: Vec<String> = vals
                    .iter()
                    .zip(&widths)
                    .map(|(v, w)| format!("{v}{}", " ".repeat(w - v.chars().count())))
                    .collect();
                writeln!(out, "{}", parts.join("  ").trim_end())
            };
            line(out, variables)?;
            line(
                out,
                &widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>(),
            )?;
            for r in &cells {
                line(out, r)?;
            }
            writeln!(out, "({} rows)", rows.len())?;
        }
    }
    Ok(())
}
