//! Citation-graph analytics at scale: PageRank and strongly connected components on a
//! synthetic citation graph of 1,000,000 documents and 10,000,000 citations.
//!
//! ```text
//! cargo bench --no-default-features --bench analyze
//! UNKG_BENCH_NODES=100000 UNKG_BENCH_EDGES=1000000 cargo bench --no-default-features --bench analyze
//! ```
//! The graph is made like a citation network: each document cites ten earlier ones, drawn
//! with a bias towards old documents (the square of a uniform draw), so in-degrees follow a
//! heavy tail; one citation in a hundred points anywhere (joint documents, corrections), which
//! gives cycles and a large strongly connected core. The same seed gives the same graph.
//! Reported: time to build the petgraph graph and its CSR, PageRank (to a tolerance of 1e-9,
//! to 1e-6 and a fixed 20 iterations), CiteRank, Kosaraju's SCC and weakly connected components,
//! each in wall and CPU time (the CPU time is what to compare on a shared machine), and the
//! process's peak resident memory (VmHWM). Targets on 2 cores: PageRank under 10 s, peak
//! memory under 2 GB.

use std::time::Instant;

use petgraph::graph::{DiGraph, NodeIndex};
use unkg::analyze::components;
use unkg::analyze::rank::{self, CiteRankParams, Csr, PageRankParams};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process, in MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time of this process so far (user + system), in seconds (Linux), so that figures
/// taken on a shared machine can be compared: wall time there depends on the other loads.
fn cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// Runs `f`, prints its wall and CPU time and the peak memory so far; returns the CPU time.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> (T, f64) {
    let (t0, c0) = (Instant::now(), cpu_s());
    let out = f();
    let (s, c) = (t0.elapsed().as_secs_f64(), cpu_s() - c0);
    println!(
        "{what:<44} {s:>7.2} s wall {c:>7.2} s CPU   peak {:>6.0} MB",
        peak_mb()
    );
    (out, c)
}

fn main() {
    let n = env("UNKG_BENCH_NODES", 1_000_000);
    let m = env("UNKG_BENCH_EDGES", 10_000_000);
    println!("synthetic citation graph: {n} documents, {m} citations");
    let (edges, _) = timed("generate edges", || {
        let mut rng = fastrand::Rng::with_seed(0x756e_6b67);
        let per = (m / n.max(1)).max(1);
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(m);
        'all: for i in 1..n {
            for _ in 0..per {
                if edges.len() == m {
                    break 'all;
                }
                let t = if rng.u32(0..100) == 0 {
                    rng.usize(0..n)
                } else {
                    let u = rng.f64();
                    ((u * u) * i as f64) as usize
                };
                edges.push((i as u32, t as u32));
            }
        }
        edges
    });
    let (g, _) = timed("petgraph DiGraph", || {
        let mut g = DiGraph::<(), ()>::with_capacity(n, edges.len());
        for _ in 0..n {
            g.add_node(());
        }
        for &(a, b) in &edges {
            g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), ());
        }
        g
    });
    let (csr, _) = timed("CSR from the petgraph graph", || {
        Csr::from_graph(&g, |_| 1.0)
    });
    drop(edges);
    let (pr, pr_s) = timed("PageRank (tolerance 1e-9)", || {
        rank::pagerank(&csr, &PageRankParams::default())
    });
    println!(
        "  {} iterations, last L1 change {:.2e}",
        pr.iterations, pr.delta
    );
    let (pr6, _) = timed("PageRank (tolerance 1e-6)", || {
        rank::pagerank(
            &csr,
            &PageRankParams {
                tolerance: 1e-6,
                ..PageRankParams::default()
            },
        )
    });
    println!("  {} iterations", pr6.iterations);
    let (_, _) = timed("PageRank (20 iterations)", || {
        rank::pagerank(
            &csr,
            &PageRankParams {
                tolerance: f64::MIN_POSITIVE,
                max_iterations: 20,
                ..PageRankParams::default()
            },
        )
    });
    let years: Vec<Option<i32>> = (0..n).map(|i| Some(1946 + (i * 80 / n) as i32)).collect();
    let (cr, _) = timed("CiteRank", || {
        rank::citerank(&csr, &years, &CiteRankParams::default())
    });
    println!("  {} iterations", cr.0.iterations);
    let (scc, scc_s) = timed("strongly connected components (Kosaraju)", || {
        components::strong(&g)
    });
    println!("  {} components, largest {}", scc.len(), scc[0].len());
    let (wcc, _) = timed("weakly connected components", || components::weak(&g));
    println!("  {} components, largest {}", wcc.len(), wcc[0].len());
    let peak = peak_mb();
    println!(
        "PageRank {pr_s:.2} s CPU (target < 10 s), SCC {scc_s:.2} s CPU, peak memory {peak:.0} MB (target < 2048 MB): {}",
        if pr_s < 10.0 && peak < 2048.0 {
            "within targets"
        } else {
            "OVER TARGET"
        }
    );
}
