//! Latency of every query of the library (`queries/*.rq`) on an on-disk store: each query runs
//! a few times and its p50, p99 and slowest times are printed, rows collected (what `unkg
//! query` and the endpoint do).
//!
//! ```text
//! cargo build --release --bench queries
//! target/release/deps/queries-* STORE_DIR [RUNS]        (RUNS: default 20)
//! ```
//! Queries that take parameters get those of their first case in
//! `tests/fixtures/graph/expected.toml` (A/RES/79/319, A/RES/70/1, UNODC…), which the
//! corpus in `../shared/corpus` holds too. A query stops being repeated once it has used ten
//! seconds (three runs at least), so a slow aggregate on a large store does not hold the
//! bench up. With `UNKG_BENCH_SLOW=SECS`, a query whose first run takes longer than that is
//! not run again: its one (cold) run is reported, with `1*` runs (stores of 100,000 documents,
//! where one aggregate takes many minutes).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use unkg::store::Store;
use unkg::store::query::{self, LIBRARY};

fn params_by_query() -> Vec<(String, Vec<(String, String)>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graph/expected.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let doc: toml::Value = toml::from_str(&text).unwrap_or(toml::Value::Table(Default::default()));
    let mut out = Vec::new();
    for q in doc
        .get("query")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let (Some(name), Some(params)) = (
            q.get("name").and_then(|v| v.as_str()),
            q.get("params").and_then(|v| v.as_table()),
        ) else {
            continue;
        };
        if out.iter().any(|(n, _): &(String, _)| n == name) {
            continue;
        }
        let ps = params
            .iter()
            .map(|(k, v)| {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                (k.clone(), v)
            })
            .collect();
        out.push((name.to_string(), ps));
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: queries STORE_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .get(1)
        .and_then(|r| r.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(20);
    let store = match Store::open_existing(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("queries: {e}");
            std::process::exit(2);
        }
    };
    let params = params_by_query();
    let slow = std::env::var("UNKG_BENCH_SLOW")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64);
    println!(
        "{:<28} {:>7} {:>5} {:>10} {:>10} {:>10}",
        "query", "rows", "runs", "p50 ms", "p99 ms", "max ms"
    );
    for (name, text) in LIBRARY {
        let ps = params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        let mut times = Vec::with_capacity(runs);
        let mut rows = 0usize;
        let started = Instant::now();
        // One warm-up run, not counted: the first run reads the store's blocks from disk.
        let mut outcome = query::run(&store, name, text, &ps).and_then(|r| r.collect());
        let cold = started.elapsed();
        let once = slow.is_some_and(|s| cold > s);
        if once {
            times.push(cold);
        }
        for i in 0..runs {
            if once {
                break;
            }
            if outcome.is_err() || (i >= 3 && started.elapsed() > Duration::from_secs(10)) {
                break;
            }
            let t = Instant::now();
            outcome = query::run(&store, name, text, &ps).and_then(|r| r.collect());
            times.push(t.elapsed());
        }
        match outcome {
            Err(e) => println!("{name:<28} error: {e}"),
            Ok(answer) => {
                if let query::Answer::Solutions { rows: r, .. } = &answer {
                    rows = r.len();
                } else if let query::Answer::Graph(t) = &answer {
                    rows = t.len();
                }
                times.sort();
                let counted = if once {
                    "1*".to_string()
                } else {
                    times.len().to_string()
                };
                println!(
                    "{name:<28} {rows:>7} {counted:>5} {:>10.2} {:>10.2} {:>10.2}",
                    ms(percentile(&times, 0.5)),
                    ms(percentile(&times, 0.99)),
                    ms(*times.last().unwrap_or(&Duration::ZERO)),
                );
            }
        }
    }
}
