//! Oxigraph's own bulk loader on an N-Quads file, the yardstick for `unkg build`.
//!
//! ```text
//! unkg export --store kg --format nquads --out /tmp/kg.nq
//! cargo bench --bench bulk_load -- /tmp/kg.nq
//! zstd -dc kg.nq.zst | target/release/deps/bulk_load-* - --keep DIR
//! ```
//! Loads the file (`-`: standard input, for a compressed dump on a disk too small for the
//! plain one) into a fresh on-disk store and prints quads, seconds and quads per second. The
//! store goes in a temporary folder removed afterwards, or in `--keep DIR` (which must not
//! exist yet) and stays there. On fewer than four cores Oxigraph's parallel file loader reads
//! the file as one stream anyway, so a file and standard input take the same path. See
//! benches/RESULTS.md for figures.

use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

use oxigraph::io::RdfFormat;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let Some(path) = args
        .iter()
        .enumerate()
        .find(|&(i, a)| (a == "-" || !a.starts_with("--")) && (i == 0 || args[i - 1] != "--keep"))
        .map(|(_, a)| a.clone())
    else {
        eprintln!("usage: bulk_load FILE.nq|- [--keep DIR]");
        return Ok(());
    };
    let dir = match &keep {
        Some(dir) if dir.exists() => return Err(format!("{} exists already", dir.display()).into()),
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("unkg-bulk-load-{}", std::process::id())),
    };
    let store = oxigraph::store::Store::open(&dir)?;
    let t0 = Instant::now();
    let mut loader = store.bulk_loader();
    if path == "-" {
        loader.load_from_reader(RdfFormat::NQuads, BufReader::new(std::io::stdin().lock()))?;
    } else {
        loader.parallel_load_from_file(RdfFormat::NQuads, &path)?;
    }
    loader.commit()?;
    let secs = t0.elapsed().as_secs_f64();
    let n = store.len()?;
    println!(
        "bulk_load {path}: {n} quads in {secs:.2} s ({:.0} quads/s)",
        n as f64 / secs
    );
    drop(store);
    if keep.is_none() {
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}
