//! `unkg extract FILE...`: print what unkg finds in documents.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};

use crate::extract::{Options, extract_str};
use crate::source::{self, Format};
use crate::text::Lang;

/// Arguments of `unkg extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Documents to read (`-` for standard input). Folders are walked recursively with `--format jsonl`.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// The documents' language (ar, en, es, fr, ru, zh); detected from the text when absent.
    #[arg(long)]
    pub lang: Option<Lang>,
}

/// Output formats of `unkg extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One pretty JSON object per document.
    Json,
    /// One JSON object per line, for many documents.
    Jsonl,
    /// A readable summary.
    Table,
    /// The text that spans point into.
    Text,
}

/// Runs `unkg extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let files = source::walk(&args.files);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in &files {
        let src = match source::read_path(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("unkg: error: {e}");
                failed += 1;
                continue;
            }
        };
        let opts = Options {
            lang: args.lang,
            file: Some(src.path.clone()),
            markdown: src.format == Format::Markdown,
            own_symbol: None,
            skip_names: false,
            links: src.links.clone(),
        };
        let ex = extract_str(&src.text, &opts);
        match args.format {
            OutputFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &ex).context("writing JSON")?;
                writeln!(out)?;
            }
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut out, &ex).context("writing JSON")?;
                writeln!(out)?;
            }
            OutputFormat::Table => crate::export::write_table(&mut out, &ex)?,
            OutputFormat::Text => out.write_all(src.text.as_bytes())?,
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
