//! Incremental builds: files in, document graphs in the store out.
//!
//! Architecture invariant: extraction runs in parallel (rayon); only the calling thread writes
//! to the store. New graphs go through the bulk loader in batches (sorted and written on
//! background threads while extraction goes on), committed atomically with their bookkeeping
//! records every few batches; changed graphs are replaced one transaction each.
//! A file whose content hash matches its record is not read further. A file that cannot be
//! read, or whose extraction panics, is reported and skipped; it never stops the build or
//! touches what is stored.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oxigraph::model::NamedNode;
use rayon::prelude::*;

use super::{FileInfo, Record, Store, StoreError, record_path};
use crate::extract::{Options, extract_str};
use crate::model::{DocumentGraph, DocumentInput, document_graph};
use crate::source::{self, Format};
use crate::text::Lang;

/// Batches per bulk-load commit: the loader sorts and writes batches on background threads
/// while extraction goes on, and a commit makes them visible (and crash-safe) at once.
pub const COMMIT_EVERY: usize = 8;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Remove the graphs of recorded files that no longer exist on disk.
    pub prune: bool,
    /// The documents' language when known (detected otherwise).
    pub lang: Option<Lang>,
    /// Quads per bulk-load batch ([`COMMIT_EVERY`] batches per commit). Larger is faster and
    /// uses more memory.
    pub batch_quads: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            prune: false,
            lang: None,
            batch_quads: 1_000_000,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A document the store did not have.
    New,
    /// A document whose file changed: its graph was replaced.
    Changed,
    /// Same content hash as recorded: nothing done.
    Unchanged,
    /// Could not be read or extracted: skipped, with the reason.
    Failed(String),
    /// Another rendering of a document this build already has (`X.pdf` beside its text
    /// `X.txt`): skipped, with the file that keeps it. Not a failure.
    Duplicate(String),
}

/// Receives progress as the build goes (a progress bar, log lines, or nothing).
pub trait Progress {
    /// The build starts with `total` files.
    fn start(&mut self, total: usize);
    /// One file is done.
    fn file(&mut self, path: &Path, outcome: &Outcome);
    /// A batch of new documents is being written (`quads` quads).
    fn writing(&mut self, _quads: usize) {}
    /// The build is over.
    fn finish(&mut self) {}
}

/// A [`Progress`] that reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&mut self, _: usize) {}
    fn file(&mut self, _: &Path, _: &Outcome) {}
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents added.
    pub new: usize,
    /// Documents replaced.
    pub changed: usize,
    /// Documents skipped as unchanged.
    pub unchanged: usize,
    /// Files that failed, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Files skipped as another rendering of a document of this build (same symbol and
    /// language), with the file that keeps it.
    pub duplicates: Vec<(PathBuf, String)>,
    /// Graphs removed by `--prune`.
    pub pruned: usize,
    /// Quads written in this build.
    pub triples: usize,
    /// Citation occurrences written in this build.
    pub citations: usize,
    /// Body mentions written in this build.
    pub mentions: usize,
    /// Distinct bodies mentioned by the documents written in this build.
    pub bodies: usize,
    /// Wall-clock time.
    pub elapsed: Duration,
}

enum Work {
    Unchanged(PathBuf, NamedNode),
    Failed(PathBuf, String),
    Ready {
        path: PathBuf,
        doc: Box<DocumentGraph>,
        file: FileInfo,
        old: Option<NamedNode>,
    },
}

/// The current time as an `xsd:dateTime` in UTC (`2025-01-31T12:00:00Z`).
pub fn now_xsd() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn prepare(
    path: &Path,
    records: &HashMap<String, Record>,
    opts: &BuildOptions,
    store: &Store,
    when: &str,
) -> Work {
    let key = record_path(path);
    let src = match source::read_path(path) {
        Ok(s) => s,
        Err(e) => return Work::Failed(path.to_path_buf(), e.to_string()),
    };
    let old = records.get(&key);
    if let Some(r) = old.filter(|r| r.sha256 == src.sha256) {
        return Work::Unchanged(path.to_path_buf(), r.graph.clone());
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // `..default()`: the extraction options grow; new fields keep their defaults here.
        #[allow(clippy::needless_update)]
        let ex = extract_str(
            &src.text,
            &Options {
                lang: opts.lang,
                file: Some(src.path.clone()),
                markdown: src.format == Format::Markdown,
                links: src.links.clone(),
                ..Options::default()
            },
        );
        let input = DocumentInput {
            text: &src.text,
            sha256: &src.sha256,
            file_name: &file_name,
            generated_at: when,
        };
        document_graph(&ex, &input, store.base())
    }));
    match run {
        Ok(doc) => Work::Ready {
            path: path.to_path_buf(),
            doc: Box::new(doc),
            file: FileInfo {
                path: key,
                sha256: src.sha256,
                loaded_at: when.to_string(),
            },
            old: old.map(|r| r.graph.clone()),
        },
        Err(_) => Work::Failed(
            path.to_path_buf(),
            format!(
                "{}: the extractor panicked (please report it)",
                path.display()
            ),
        ),
    }
}

/// Builds or updates the store from `paths` (files; expand folders with
/// [`crate::source::walk`] first). Returns what was done; errors only when the store itself
/// fails, never because of one document.
pub fn build(
    store: &Store,
    paths: &[PathBuf],
    opts: &BuildOptions,
    progress: &mut dyn Progress,
) -> Result<Summary, StoreError> {
    let t0 = Instant::now();
    let when = now_xsd();
    let all = store.records()?;
    let owners: HashMap<NamedNode, String> = all
        .iter()
        .map(|r| (r.graph.clone(), r.path.clone()))
        .collect();
    let records: HashMap<String, Record> = all.into_iter().map(|r| (r.path.clone(), r)).collect();
    let mut sum = Summary::default();
    let mut bodies: HashSet<String> = HashSet::new();
    progress.start(paths.len());

    let (tx, rx) = mpsc::sync_channel::<Work>(64);
    let stop = AtomicBool::new(false);
    let result = std::thread::scope(|scope| -> Result<(), StoreError> {
        let records = &records;
        let when = when.as_str();
        let stop = &stop;
        scope.spawn(move || {
            paths.par_iter().for_each_with(tx, |tx, p| {
                // The receiver only hangs up when the store failed; then stop quietly.
                if stop.load(Ordering::Relaxed)
                    || tx.send(prepare(p, records, opts, store, when)).is_err()
                {
                    stop.store(true, Ordering::Relaxed);
                }
            });
        });
        let mut loader = store.loader();
        let mut batch: Vec<(DocumentGraph, FileInfo)> = Vec::new();
        let mut batch_quads = 0usize;
        let mut uncommitted = 0usize;
        let mut seen: HashMap<NamedNode, PathBuf> = HashMap::new();
        for work in rx {
            match work {
                Work::Unchanged(path, graph) => {
                    seen.insert(graph, path.clone());
                    sum.unchanged += 1;
                    progress.file(&path, &Outcome::Unchanged);
                }
                Work::Failed(path, why) => {
                    progress.file(&path, &Outcome::Failed(why.clone()));
                    sum.failed.push((path, why));
                }
                Work::Ready {
                    path,
                    doc,
                    file,
                    old,
                } => {
                    // Two files giving one document: the one already stored (or seen first) keeps
                    // it, unless its file is gone (a moved file).
                    let owner = owners
                        .get(&doc.graph)
                        .filter(|p| **p != file.path && Path::new(p.as_str()).exists())
                        .map(PathBuf::from);
                    if let Some(other) = seen.get(&doc.graph).cloned().or(owner) {
                        let why = format!(
                            "{}: same document ({} in {}) as {}; skipped",
                            path.display(),
                            doc.symbol,
                            doc.language,
                            other.display()
                        );
                        progress.file(&path, &Outcome::Duplicate(why.clone()));
                        sum.duplicates.push((path, why));
                        continue;
                    }
                    seen.insert(doc.graph.clone(), path.clone());
                    sum.triples += doc.quads.len();
                    sum.citations += doc.citations;
                    sum.mentions += doc.mentions;
                    bodies.extend(doc.body_ids.iter().cloned());
                    let outcome = if old.is_some() {
                        Outcome::Changed
                    } else {
                        Outcome::New
                    };
                    if old.is_none() && !store.contains_graph(&doc.graph)? {
                        batch_quads += doc.quads.len();
                        batch.push((*doc, file));
                        if batch_quads >= opts.batch_quads {
                            progress.writing(batch_quads);
                            loader.add(std::mem::take(&mut batch))?;
                            uncommitted += batch_quads;
                            batch_quads = 0;
                            if uncommitted >= opts.batch_quads.saturating_mul(COMMIT_EVERY) {
                                loader.commit()?;
                                uncommitted = 0;
                            }
                        }
                    } else {
                        let stale: Vec<NamedNode> =
                            old.into_iter().filter(|g| *g != doc.graph).collect();
                        store.replace(&doc, &file, &stale)?;
                    }
                    match outcome {
                        Outcome::New => sum.new += 1,
                        _ => sum.changed += 1,
                    }
                    progress.file(&path, &outcome);
                }
            }
        }
        if !batch.is_empty() {
            progress.writing(batch_quads);
            loader.add(batch)?;
        }
        loader.commit()
    });
    result?;

    if opts.prune {
        let gone: Vec<NamedNode> = store
            .records()?
            .into_iter()
            .filter(|r| !Path::new(&r.path).exists())
            .map(|r| r.graph)
            .collect();
        sum.pruned = gone.len();
        store.remove(&gone)?;
    }
    sum.bodies = bodies.len();
    sum.elapsed = t0.elapsed();
    progress.finish();
    Ok(sum)
}

/// The graphs recorded for a file, or for every language version of a symbol.
pub fn graphs_for(store: &Store, file_or_symbol: &str) -> Result<Vec<NamedNode>, StoreError> {
    let path = record_path(Path::new(file_or_symbol));
    Ok(store
        .records()?
        .into_iter()
        .filter(|r| r.path == path || r.symbol == file_or_symbol)
        .map(|r| r.graph)
        .collect())
}
