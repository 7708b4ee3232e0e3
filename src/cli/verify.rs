//! `unkg verify --store DIR`: which cited symbols do not exist or cannot be right; a report per
//! document, and the findings written back as triples.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::link::NetArgs;
use crate::link::ods::Ods;
use crate::link::verify::{self, Finding, Today};
use crate::store::Store;
use crate::store::build::now_xsd;

/// Arguments of `unkg verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg")]
    pub store: PathBuf,
    /// Also ask the Official Document System whether cited UN documents exist.
    #[arg(long)]
    pub online: bool,
    /// Print the report only; do not write the findings into the store.
    #[arg(long)]
    pub no_write: bool,
    /// Print one finding per line as TSV (document, language, target, problem, message).
    #[arg(long)]
    pub tsv: bool,
    /// Network settings (with --online).
    #[command(flatten)]
    pub net: NetArgs,
}

/// Series the Official Document System holds; other series (FCCC, UNEP…) are not asked.
const ODS_SERIES: &[&str] = &["A", "S", "E", "ST", "T"];

/// Runs `unkg verify`. Exit code 1 when anything is flagged.
pub fn run(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(&args.store)?;
    let at = now_xsd();
    let today = Today::from_iso(&at).unwrap_or(Today {
        year: 9999,
        month: 12,
    });
    let report = if args.online {
        let client = args.net.client()?;
        let ods = Ods::new(&client, &args.net.ods_url);
        let mut ask = |sym: &str| {
            let series = sym.split('/').next().unwrap_or("");
            if !ODS_SERIES.contains(&series) {
                return Ok(None);
            }
            Ok(Some(ods.exists(sym, "en")?.is_some()))
        };
        verify::verify(&store, today, Some(&mut ask))?
    } else {
        verify::verify(&store, today, None)?
    };
    if !args.no_write && !args.net.dry_run {
        verify::write(&store, &report, &at)?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.tsv {
        for f in &report.findings {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                f.citing,
                f.language,
                f.target,
                f.problem.code(),
                f.message
            )?;
        }
    } else {
        let mut by_doc: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
        for f in &report.findings {
            by_doc
                .entry((f.citing.as_str(), f.language.as_str()))
                .or_default()
                .push(f);
        }
        for ((doc, lang), fs) in &by_doc {
            writeln!(out, "{doc} [{lang}]: {} finding(s)", fs.len())?;
            for f in fs {
                writeln!(
                    out,
                    "  {:<22} {:<24} {}",
                    f.problem.code(),
                    f.target,
                    f.message
                )?;
            }
        }
        for (t, e) in &report.unchecked {
            writeln!(out, "unchecked {t}: {e}")?;
        }
        let flagged = report.flagged();
        let rate = if report.citations == 0 {
            0.0
        } else {
            100.0 * flagged as f64 / report.citations as f64
        };
        writeln!(
            out,
            "{} citations checked, {flagged} flagged ({rate:.1} %), {} findings in {} document version(s)",
            report.citations,
            report.findings.len(),
            by_doc.len()
        )?;
    }
    out.flush()?;
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
