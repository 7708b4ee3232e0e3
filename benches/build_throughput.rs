//! End-to-end build throughput of the library's `build` against Oxigraph's own bulk loader.
//!
//! ```text
//! cargo bench --bench build_throughput -- ../shared/corpus-large [--disk DIR]
//! ```
//! Builds the corpus into a fresh store (in memory, or on disk with `--disk DIR` when built
//! with the `rocksdb` feature), builds it again (every document must be unchanged), dumps the
//! store as N-Quads and bulk-loads that file into a second fresh store of the same kind. Prints
//! documents/s, triples/s and the ratio build time / bulk-load time (target: at most 1.5).

use std::path::PathBuf;
use std::time::Instant;

use unkg::store::build::{BuildOptions, Quiet, build};
use unkg::store::{RdfOutput, Store};

fn open(disk: Option<&PathBuf>, suffix: &str) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(match disk {
        Some(d) => {
            let p = d.join(suffix);
            let _ = std::fs::remove_dir_all(&p);
            Store::open(&p, None)?
        }
        None => Store::in_memory(None)?,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut inputs = Vec::new();
    let mut disk = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--disk" {
            disk = it.next().map(PathBuf::from);
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    if inputs.is_empty() {
        eprintln!("usage: cargo bench --bench build_throughput -- CORPUS_DIR... [--disk DIR]");
        return Ok(());
    }
    let files = unkg::source::walk(&inputs);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();

    let store = open(disk.as_ref(), "build")?;
    let t0 = Instant::now();
    let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet)?;
    let build_secs = t0.elapsed().as_secs_f64();
    let quads = store.len()?;
    let t1 = Instant::now();
    let again = build(&store, &files, &BuildOptions::default(), &mut Quiet)?;
    let rebuild_secs = t1.elapsed().as_secs_f64();

    let nq = std::env::temp_dir().join(format!("unkg-bench-{}.nq", std::process::id()));
    store.dump(
        RdfOutput::NQuads,
        None,
        std::io::BufWriter::new(std::fs::File::create(&nq)?),
    )?;
    drop(store);

    let target = open(disk.as_ref(), "bulk")?;
    let t2 = Instant::now();
    target.load_nquads_file(&nq)?;
    let load_secs = t2.elapsed().as_secs_f64();
    let loaded = target.len()?;
    let _ = std::fs::remove_file(&nq);

    let kind = if disk.is_some() { "rocksdb" } else { "memory" };
    println!(
        "corpus: {} files, {:.1} MB; store: {kind}",
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "build: {} new, {} failed, {quads} quads in {build_secs:.2} s = {:.1} docs/s, {:.0} quads/s, {:.1} MB/s",
        sum.new,
        sum.failed.len(),
        sum.new as f64 / build_secs,
        quads as f64 / build_secs,
        bytes as f64 / 1e6 / build_secs
    );
    println!(
        "rebuild: {} unchanged, {} new/changed in {rebuild_secs:.2} s",
        again.unchanged,
        again.new + again.changed
    );
    println!(
        "bulk load of the same {loaded} quads from N-Quads: {load_secs:.2} s = {:.0} quads/s",
        loaded as f64 / load_secs
    );
    println!("ratio build / bulk load: {:.2}", build_secs / load_secs);
    Ok(())
}
