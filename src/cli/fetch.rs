//! `unkg fetch SYMBOL... --lang en,zh --out DIR`: download documents (PDF) and their UN
//! Digital Library records by symbol and language, named predictably, skipping what is there.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::link::NetArgs;
use crate::extract::Symbol;
use crate::link::digital_library::DigitalLibrary;
use crate::link::fetch::{Fetched, fetch_pdf, file_stem, present, write_new};
use crate::link::ods::{LANGUAGES, Ods};

/// Arguments of `unkg fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Document symbols (`A/RES/70/1`, `S/RES/2720 (2023)`).
    #[arg(required = true)]
    pub symbols: Vec<String>,
    /// Languages to fetch (ar, zh, en, fr, ru, es).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    pub lang: Vec<String>,
    /// Where to write the files.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
    /// Do not fetch the library records.
    #[arg(long)]
    pub no_record: bool,
    /// Network settings.
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `unkg fetch`. Exit code 1 when a file could not be fetched or does not exist.
pub fn run(args: FetchArgs) -> anyhow::Result<ExitCode> {
    for l in &args.lang {
        anyhow::ensure!(
            LANGUAGES.contains(&l.as_str()),
            "unknown language {l:?}: use ar, zh, en, fr, ru or es"
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let client = args.net.client()?;
    let ods = Ods::new(&client, &args.net.ods_url);
    let library = DigitalLibrary::new(&client, &args.net.library_url, None);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut fetched, mut skipped, mut missing, mut failed) = (0, 0, 0, 0);
    for raw in &args.symbols {
        let symbol = match Symbol::parse(raw) {
            Ok(s) => s.as_str().to_string(),
            Err(e) => {
                writeln!(out, "failed {raw}: {e}")?;
                failed += 1;
                continue;
            }
        };
        let stem = file_stem(&symbol);
        for lang in &args.lang {
            match fetch_pdf(&ods, &symbol, lang, &args.out) {
                Fetched::New(path) => {
                    writeln!(out, "fetched {}", path.display())?;
                    fetched += 1;
                }
                Fetched::Present(_) => skipped += 1,
                Fetched::NotFound => {
                    writeln!(out, "missing {symbol} [{lang}]: no PDF in ODS")?;
                    missing += 1;
                }
                Fetched::Failed(why) => {
                    writeln!(out, "failed {symbol} [{lang}]: {why}")?;
                    failed += 1;
                }
            }
        }
        if args.no_record {
            continue;
        }
        let path = args.out.join(format!("{stem}.marc.xml"));
        if present(&path) {
            skipped += 1;
            continue;
        }
        let url = library.search_url(&symbol);
        match client.get(&url, "application/xml") {
            Ok(r) if r.found() => {
                write_new(&path, &r.body)?;
                writeln!(out, "fetched {}", path.display())?;
                fetched += 1;
            }
            Ok(_) => {
                writeln!(out, "missing {symbol}: no library record")?;
                missing += 1;
            }
            Err(e) => {
                writeln!(out, "failed {symbol} record: {e}")?;
                failed += 1;
            }
        }
    }
    writeln!(
        out,
        "{fetched} fetched, {skipped} already there, {missing} missing, {failed} failed"
    )?;
    out.flush()?;
    Ok(if missing + failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
