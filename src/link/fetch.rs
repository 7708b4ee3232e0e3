//! Fetching documents by symbol: the Official Document System's PDF of each language version,
//! named as the Dag Hammarskjöld Library names its files and skipped when already there; and
//! [`fetch_cited`], which follows a store's citations to the documents it lacks, fetches them
//! and builds them into the same store, level after level.
//!
//! Architecture invariant: a document that cannot be fetched is counted and reported, never an
//! error; only a failing store stops [`fetch_cited`]. Every request goes through the one
//! [`crate::net::Client`] behind the [`Ods`] given (its cache, rate limits and retries).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::LinkError;
use super::ods::Ods;
use crate::extract::Symbol;
use crate::store::Store;
use crate::store::build::{BuildOptions, Progress, Summary, build};

/// The file name of one language version: the symbol with `/` and spaces as `_`, then the
/// upper-case language (`A_RES_70_1-EN.pdf`, `S_RES_2720_(2023)-FR.pdf`), as the Dag
/// Hammarskjöld Library names its files.
///
/// ```
/// assert_eq!(unkg::link::fetch::file_stem("S/RES/2720 (2023)"), "S_RES_2720_(2023)");
/// ```
pub fn file_stem(symbol: &str) -> String {
    symbol
        .chars()
        .map(|c| match c {
            '/' | ' ' | '\\' | ':' => '_',
            c => c,
        })
        .collect()
}

/// What fetching one language version gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// Downloaded and written to this file.
    New(PathBuf),
    /// The file was there already: nothing asked.
    Present(PathBuf),
    /// ODS has no PDF of this symbol in this language.
    NotFound,
    /// The request or the write failed: why.
    Failed(String),
}

/// Whether a file is there with some content (a zero-length file is an interrupted write).
pub fn present(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Writes `bytes` through a temporary file, so an interrupted run leaves no half file under
/// the final name.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), LinkError> {
    let err = |source| LinkError::Write {
        path: path.display().to_string(),
        source,
    };
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Fetches the PDF of `symbol` in `lang` into `dir` (`{stem}-{LANG}.pdf`), unless it is there.
pub fn fetch_pdf(ods: &Ods<'_>, symbol: &str, lang: &str, dir: &Path) -> Fetched {
    let path = dir.join(format!(
        "{}-{}.pdf",
        file_stem(symbol),
        lang.to_ascii_uppercase()
    ));
    if present(&path) {
        return Fetched::Present(path);
    }
    match ods.pdf(symbol, lang) {
        Ok(Some(bytes)) => match write_new(&path, &bytes) {
            Ok(()) => Fetched::New(path),
            Err(e) => Fetched::Failed(e.to_string()),
        },
        Ok(None) => Fetched::NotFound,
        Err(e) => Fetched::Failed(e.to_string()),
    }
}

/// What one level of [`fetch_cited`] did.
#[derive(Debug, Default)]
pub struct Level {
    /// 1 for the documents the store's own documents cite, 2 for what those cite, …
    pub depth: usize,
    /// Cited symbols with no document in the store, not asked for at an earlier level.
    pub missing: usize,
    /// Files fetched (or found already in the folder) and given to the build.
    pub fetched: usize,
    /// Symbols of which ODS has no PDF in any language asked.
    pub not_found: usize,
    /// Requests or writes that failed, with the reason: `symbol [lang]: why`.
    pub failed: Vec<String>,
    /// The build of the fetched files.
    pub built: Summary,
}

impl Level {
    /// One line: `level 1: 3 cited documents missing, 2 files fetched, 1 not in ODS, 0 failed;
    /// built 2 new`.
    pub fn summary(&self) -> String {
        format!(
            "fetch-cited level {}: {} cited documents missing, {} files fetched, {} not in ODS, {} failed; built {} new, {} unchanged, {} failed",
            self.depth,
            self.missing,
            self.fetched,
            self.not_found,
            self.failed.len(),
            self.built.new + self.built.changed,
            self.built.unchanged,
            self.built.failed.len()
        )
    }
}

/// Whether a cited target is something ODS can serve: a document symbol, not unkg's own
/// identifier of a General Assembly decision (`A/DEC/…`, which has no symbol), a sales number
/// or a UNFCCC decision number.
fn fetchable(target: &str) -> bool {
    !target.starts_with("A/DEC/") && Symbol::parse(target).is_ok_and(|s| s.as_str() == target)
}

/// What [`fetch_cited`] fetches, where to, and how it builds what it fetched.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    /// The folder fetched files are written to (and looked for in).
    pub dir: &'a Path,
    /// The languages to fetch (`en`, `fr`…).
    pub langs: &'a [String],
    /// How many levels of citations to follow; 0 does nothing.
    pub depth: usize,
    /// How to build the fetched files.
    pub build: &'a BuildOptions,
}

/// Follows the store's citations `depth` levels deep: at each level, the cited symbols with no
/// document in the store are fetched from ODS in `langs` into `dir` (files already there are
/// not asked for again) and built into the store; `report` sees each level as it ends. A symbol
/// is asked for once: one that ODS lacks, or whose file gives another symbol, is not asked for
/// at the next level. `depth` 0 does nothing.
pub fn fetch_cited(
    store: &Store,
    ods: &Ods<'_>,
    plan: &Plan<'_>,
    progress: &mut dyn Progress,
    report: &mut dyn FnMut(&Level),
) -> Result<Vec<Level>, LinkError> {
    let Plan {
        dir,
        langs,
        depth,
        build: opts,
    } = *plan;
    let mut levels = Vec::new();
    let mut asked: BTreeSet<String> = BTreeSet::new();
    for d in 1..=depth {
        let net = store.network_without_quotes()?;
        let missing: Vec<String> = net
            .works
            .values()
            .filter(|w| !w.in_corpus && fetchable(&w.symbol) && !asked.contains(&w.symbol))
            .map(|w| w.symbol.clone())
            .collect();
        if missing.is_empty() {
            break;
        }
        if let Err(source) = std::fs::create_dir_all(dir) {
            return Err(LinkError::Write {
                path: dir.display().to_string(),
                source,
            });
        }
        let mut level = Level {
            depth: d,
            missing: missing.len(),
            ..Level::default()
        };
        let mut files = Vec::new();
        for symbol in &missing {
            asked.insert(symbol.clone());
            let mut found = false;
            for lang in langs {
                match fetch_pdf(ods, symbol, lang, dir) {
                    Fetched::New(p) | Fetched::Present(p) => {
                        found = true;
                        files.push(p);
                    }
                    Fetched::NotFound => {}
                    Fetched::Failed(why) => {
                        found = true; // not a "no such document": counted as a failure
                        level.failed.push(format!("{symbol} [{lang}]: {why}"));
                    }
                }
            }
            if !found {
                level.not_found += 1;
            }
        }
        level.fetched = files.len();
        level.built = build(store, &files, opts, progress)?;
        report(&level);
        levels.push(level);
    }
    Ok(levels)
}
