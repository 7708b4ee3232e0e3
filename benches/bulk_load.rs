//! Oxigraph's own bulk loader on an N-Quads file, the yardstick for `unkg build`.
//!
//! ```text
//! unkg export --store kg --format nquads --out /tmp/kg.nq
//! cargo bench --bench bulk_load -- /tmp/kg.nq
//! ```
//! Loads the file into a fresh on-disk store in a temporary folder and prints quads, seconds
//! and quads per second. See benches/RESULTS.md for figures.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench bulk_load -- FILE.nq");
        return Ok(());
    };
    let dir = std::env::temp_dir().join(format!("unkg-bulk-load-{}", std::process::id()));
    let store = oxigraph::store::Store::open(&dir)?;
    let t0 = Instant::now();
    let mut loader = store.bulk_loader();
    loader.parallel_load_from_file(oxigraph::io::RdfFormat::NQuads, &path)?;
    loader.commit()?;
    let secs = t0.elapsed().as_secs_f64();
    let n = store.len()?;
    println!(
        "bulk_load {path}: {n} quads in {secs:.2} s ({:.0} quads/s)",
        n as f64 / secs
    );
    drop(store);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
