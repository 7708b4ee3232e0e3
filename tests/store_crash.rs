//! Killing `unkg build` with SIGKILL in the middle and building again leaves a consistent store
//! with every document exactly once. Needs the on-disk store (`--features rocksdb`, the
//! default); runs in the release-profile store test run.
#![cfg(feature = "rocksdb")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn unkg() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unkg"))
}

/// Writes `n` distinct documents made from real paragraph shapes.
fn corpus(dir: &Path, n: usize) {
    for i in 0..n {
        let mut text = String::from("The General Assembly,\n\n");
        for j in 0..40 {
            text.push_str(&format!(
                "Recalling its resolution {}/{} of {} December {}, and the report of the Secretary-General (A/{}/{}),\n\n",
                50 + (i + j) % 30,
                1 + (i * 7 + j) % 300,
                1 + j % 28,
                1990 + (i + j) % 30,
                60 + j % 20,
                100 + i
            ));
        }
        text.push_str(&format!(
            "1. Decides to remain seized of the matter (document {i}).\n"
        ));
        std::fs::write(dir.join(format!("d{i:05}.txt")), text).expect("write");
    }
}

#[test]
fn sigkill_in_the_middle_then_rebuild_is_consistent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    let n = 3000;
    corpus(&docs, n);
    let store = tmp.path().join("kg");

    // Small batches: many commits, so the kill lands between and inside them.
    let mut killed_running = 0;
    for delay in [300u64, 900] {
        let mut child = unkg()
            .args(["build", "--quiet", "--batch", "5000", "--store"])
            .arg(&store)
            .arg(&docs)
            .spawn()
            .expect("spawn");
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_millis(delay) {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if child.try_wait().expect("wait").is_none() {
            killed_running += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
    }
    assert!(
        killed_running > 0,
        "every build finished before its kill: the test must kill one in the middle"
    );

    let ok = unkg()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&docs)
        .output()
        .expect("rebuild");
    assert!(
        ok.status.success(),
        "rebuild: {}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let stats = unkg()
        .args(["stats", "--store"])
        .arg(&store)
        .output()
        .expect("stats");
    let out = String::from_utf8_lossy(&stats.stdout);
    assert!(
        stats.status.success(),
        "stats: {out}{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    assert!(
        out.contains(&format!("documents: {n} language versions")),
        "{out}"
    );

    // Every document exactly once: one graph per record, one record per file.
    let again = unkg()
        .args(["build", "--store"])
        .arg(&store)
        .arg(&docs)
        .output()
        .expect("third build");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains(&format!("0 new, 0 changed, {n} unchanged, 0 failed")),
        "{err}"
    );
}
