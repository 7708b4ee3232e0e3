//! Incremental builds on the in-memory store: building twice changes nothing, changing one
//! file replaces one graph, deleted files are pruned or removed, and a bad file fails alone.

use std::path::{Path, PathBuf};

use unkg::store::build::{BuildOptions, Quiet, Summary, build, graphs_for};
use unkg::store::{RdfOutput, Store, record_path};

const DOCS: &[&str] = &[
    "The General Assembly,\n\nRecalling its resolution 57/32 of 19 November 2002,\n\n1. Decides to remain seized of the matter.\n",
    "The Security Council,\n\nReaffirming its resolution 2712 (2023),\n\n1. Demands the release of all hostages;\n",
    "大会，\n\n回顾其第60/1号决议，\n\n1. 决定继续处理此案。\n",
    "The General Assembly,\n\nTaking note of the report of the Secretary-General (A/78/300),\n",
    "The Human Rights Council,\n\nGuided by the Charter of the United Nations,\n",
];

fn corpus(dir: &Path) -> Vec<PathBuf> {
    DOCS.iter()
        .enumerate()
        .map(|(i, d)| {
            let p = dir.join(format!("doc{i}.txt"));
            std::fs::write(&p, d).expect("write");
            p
        })
        .collect()
}

fn run(store: &Store, files: &[PathBuf], prune: bool) -> Summary {
    build(
        store,
        files,
        &BuildOptions {
            prune,
            ..BuildOptions::default()
        },
        &mut Quiet,
    )
    .expect("build")
}

fn dump_graph(store: &Store, g: &unkg::store::rdf::NamedNode) -> Vec<u8> {
    let mut lines: Vec<String> = String::from_utf8(
        store
            .dump(RdfOutput::NQuads, Some(g), Vec::new())
            .expect("dump"),
    )
    .expect("utf8")
    .lines()
    .map(str::to_string)
    .collect();
    lines.sort();
    lines.join("\n").into_bytes()
}

#[test]
fn building_twice_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let files = corpus(tmp.path());
    let store = Store::in_memory(None).expect("store");
    let first = run(&store, &files, false);
    assert_eq!(
        (
            first.new,
            first.changed,
            first.unchanged,
            first.failed.len()
        ),
        (5, 0, 0, 0)
    );
    let len = store.len().expect("len");
    assert!(len > first.triples, "graphs, records and the base");
    let second = run(&store, &files, false);
    assert_eq!(
        (
            second.new,
            second.changed,
            second.unchanged,
            second.failed.len()
        ),
        (0, 0, 5, 0)
    );
    assert_eq!(second.triples, 0);
    assert_eq!(store.len().expect("len"), len);
    assert_eq!(store.records().expect("records").len(), 5);
    assert_eq!(store.graphs().expect("graphs").len(), 5);
}

#[test]
fn changing_one_file_replaces_only_its_graph() {
    let tmp = tempfile::tempdir().expect("tmp");
    let files = corpus(tmp.path());
    let store = Store::in_memory(None).expect("store");
    run(&store, &files, false);
    let before: Vec<_> = store.records().expect("records");
    let others: Vec<(String, Vec<u8>)> = before
        .iter()
        .filter(|r| !r.path.ends_with("doc1.txt"))
        .map(|r| (r.graph.as_str().to_string(), dump_graph(&store, &r.graph)))
        .collect();

    std::fs::write(
        &files[1],
        "The Security Council,\n\nRecalling its resolution 2720 (2023),\n",
    )
    .expect("write");
    let s = run(&store, &files, false);
    assert_eq!(
        (s.new, s.changed, s.unchanged, s.failed.len()),
        (0, 1, 4, 0)
    );
    let after = store.records().expect("records");
    assert_eq!(after.len(), 5);
    assert_eq!(
        store.graphs().expect("graphs").len(),
        5,
        "the old graph is gone, not kept beside the new one"
    );
    let changed = after
        .iter()
        .find(|r| r.path.ends_with("doc1.txt"))
        .expect("record");
    let old = before
        .iter()
        .find(|r| r.path.ends_with("doc1.txt"))
        .expect("record");
    assert_ne!(changed.sha256, old.sha256);
    for (g, dump) in others {
        let node = unkg::store::rdf::NamedNode::new(g).expect("iri");
        assert_eq!(
            dump_graph(&store, &node),
            dump,
            "an untouched document changed"
        );
    }
}

#[test]
fn prune_and_remove_delete_exactly_one_document() {
    let tmp = tempfile::tempdir().expect("tmp");
    let files = corpus(tmp.path());
    let store = Store::in_memory(None).expect("store");
    run(&store, &files, false);
    std::fs::remove_file(&files[3]).expect("rm");
    let s = run(&store, &files[..3], true);
    assert_eq!(s.pruned, 1);
    assert_eq!(store.records().expect("records").len(), 4);
    assert_eq!(store.graphs().expect("graphs").len(), 4);

    let key = files[0].display().to_string();
    let gs = graphs_for(&store, &key).expect("graphs");
    assert_eq!(gs.len(), 1);
    store.remove(&gs).expect("remove");
    assert_eq!(store.graphs().expect("graphs").len(), 3);
    assert!(
        store
            .records()
            .expect("records")
            .iter()
            .all(|r| r.path != record_path(&files[0]))
    );
}

#[test]
fn a_bad_file_fails_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut files = corpus(tmp.path());
    let binary = tmp.path().join("binary.txt");
    std::fs::write(&binary, b"resolution 60/1\0\0\x01").expect("write");
    let latin1 = tmp.path().join("latin1.txt");
    std::fs::write(&latin1, b"r\xe9solution 60/1").expect("write");
    let missing = tmp.path().join("missing.txt");
    files.insert(2, binary);
    files.insert(4, latin1);
    files.push(missing);
    let store = Store::in_memory(None).expect("store");
    let s = run(&store, &files, false);
    assert_eq!(s.new, 5);
    assert_eq!(s.failed.len(), 3, "{:?}", s.failed);
    assert!(
        s.failed
            .iter()
            .all(|(p, why)| why.contains(&p.display().to_string())),
        "{:?}",
        s.failed
    );
    assert_eq!(store.graphs().expect("graphs").len(), 5);
}

#[test]
fn the_same_content_twice_is_one_document() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut files = corpus(tmp.path());
    let copy = tmp.path().join("copy.txt");
    std::fs::copy(&files[0], &copy).expect("copy");
    files.push(copy);
    let store = Store::in_memory(None).expect("store");
    let s = run(&store, &files, false);
    assert_eq!((s.new, s.duplicates.len(), s.failed.len()), (5, 1, 0));
    assert!(
        s.duplicates[0].1.contains("same document"),
        "{:?}",
        s.duplicates
    );
    assert_eq!(
        store.graphs().expect("graphs").len(),
        store.records().expect("records").len()
    );
    // And it stays stable: the second build changes nothing.
    let len = store.len().expect("len");
    let again = run(&store, &files, false);
    assert_eq!((again.new, again.changed), (0, 0));
    assert_eq!(store.len().expect("len"), len);
}

#[test]
fn base_is_recorded_and_checked() {
    let store = Store::in_memory(None).expect("store");
    assert_eq!(store.base().as_str(), unkg::model::DEFAULT_BASE);
}
