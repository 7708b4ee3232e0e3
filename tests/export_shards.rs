//! `export --shards`: the real corpus, built in memory, split into N-Quads shards. Every quad
//! lands in exactly one shard, no named graph is split, Oxigraph's bulk loader reads the shards
//! back into the same dataset, the split is the same on every run, and bad output folders are
//! clear errors.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser};
use unkg::export::shards::{Manifest, shard_file, shard_of, write_shards};
use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};

static CORPUS: LazyLock<Store> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let files = unkg::source::walk(std::slice::from_ref(&dir));
    assert!(files.len() > 50, "corpus at {}", dir.display());
    let store = Store::in_memory(None).expect("store");
    let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet).expect("build");
    assert!(sum.failed.is_empty(), "{:?}", sum.failed);
    store
});

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("unkg-shards-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    d
}

/// Every quad of a shard file, as N-Quads lines, with the graph each belongs to.
fn read_shard(path: &Path) -> Vec<(String, String)> {
    let bytes = std::fs::read(path).expect("shard");
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&bytes)
        .map(|q| {
            let q = q.expect("valid N-Quads");
            (q.graph_name.to_string(), q.to_string())
        })
        .collect()
}

#[test]
fn every_quad_in_exactly_one_shard_and_graphs_whole() {
    let store = &*CORPUS;
    let dir = temp("split");
    let m = write_shards(store, 4, &dir).expect("export");
    let all: BTreeSet<String> = store
        .quads()
        .map(|q| q.expect("quad").to_string())
        .collect();
    assert_eq!(m.quads as usize, all.len());
    assert_eq!(m.shards, 4);
    assert_eq!(m.files.len(), 4);

    let mut seen = BTreeSet::new();
    let mut graph_shard: BTreeMap<String, usize> = BTreeMap::new();
    for (i, f) in m.files.iter().enumerate() {
        assert_eq!(f.file, shard_file(i));
        let quads = read_shard(&dir.join(&f.file));
        assert_eq!(quads.len() as u64, f.quads, "{}", f.file);
        let graphs: BTreeSet<&String> = quads.iter().map(|(g, _)| g).collect();
        assert_eq!(graphs.len() as u64, f.graphs, "{}", f.file);
        for (g, q) in &quads {
            assert!(seen.insert(q.clone()), "quad twice: {q}");
            // A graph in two shards would show up here.
            let prev = graph_shard.insert(g.clone(), i);
            assert!(prev.is_none() || prev == Some(i), "graph {g} split");
        }
    }
    assert_eq!(seen, all, "the shards hold exactly the store's quads");
    let graphs = store.named_graphs().expect("graphs");
    assert_eq!(m.graphs as usize, graphs.len());
    for g in &graphs {
        let name = format!("<{}>", g.as_str());
        assert_eq!(
            graph_shard.get(&name),
            Some(&shard_of(g.as_str(), 4)),
            "{name}"
        );
    }
    // Every shard has something: 4 shards over ~100 graphs.
    assert!(m.files.iter().all(|f| f.quads > 0), "{:?}", m.files);
    // Oxigraph's bulk loader reads the shards back into the same dataset.
    let reloaded = Store::in_memory(None).expect("store");
    for f in &m.files {
        reloaded
            .load_nquads_file(&dir.join(&f.file))
            .expect("bulk load a shard");
    }
    let back: BTreeSet<String> = reloaded
        .quads()
        .map(|q| q.expect("quad").to_string())
        .collect();
    assert_eq!(back, all);
    let on_disk: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
            .expect("manifest json");
    assert_eq!(on_disk, m);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn same_store_same_files_and_fewer_shards_replace_more() {
    let store = &*CORPUS;
    let dir = temp("again");
    let first = write_shards(store, 3, &dir).expect("export");
    let bytes: Vec<Vec<u8>> = (0..3)
        .map(|i| std::fs::read(dir.join(shard_file(i))).expect("shard"))
        .collect();
    let second = write_shards(store, 3, &dir).expect("export again");
    assert_eq!(first, second);
    for (i, b) in bytes.iter().enumerate() {
        assert_eq!(&std::fs::read(dir.join(shard_file(i))).expect("shard"), b);
    }
    // Fewer shards: the files of the larger export go, the folder holds one export.
    let one = write_shards(store, 1, &dir).expect("one shard");
    assert_eq!(one.removed, vec![shard_file(1), shard_file(2)]);
    let names: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([shard_file(0), "manifest.json".to_string()])
    );
    assert_eq!(one.quads, first.quads);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_folders_and_zero_shards_are_clear_errors() {
    let store = unkg::store::Store::in_memory(None).expect("store");
    let dir = temp("bad");
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("a-file");
    std::fs::write(&file, b"x").expect("file");
    let err = write_shards(&store, 2, &file.join("out")).expect_err("not a folder");
    let msg = err.to_string();
    assert!(
        msg.contains("export folder") && msg.contains("a-file"),
        "{msg}"
    );
    let err = write_shards(&store, 0, &dir.join("out")).expect_err("zero");
    assert!(err.to_string().contains("at least 1"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
