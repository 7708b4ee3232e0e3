//! Extraction throughput, single-threaded: MB/s and documents/s per core.
//!
//! ```text
//! cargo bench --no-default-features --bench extract
//! UNKG_BENCH_RUNS=15 cargo bench --no-default-features --bench extract
//! UNKG_BENCH_NAMES=off cargo bench --no-default-features --bench extract
//! cargo bench --no-default-features --bench extract -- DIR...   # these folders instead
//! ```
//! Reads every `.txt` and `.md` file under `../shared/corpus` (the six-language test corpus)
//! and under `../shared/corpus-large/en` (3,064 English resolutions and statements) into memory,
//! then runs `extract_str` over each set on one thread `UNKG_BENCH_RUNS` times (default 7) and
//! prints the median, the fastest and slowest run and their spread, in the thread's CPU time
//! (so that other work on the machine does not count; the wall-clock median is shown beside). Extraction is compute-bound
//! and every later stage waits on it, so the bar is 50 MB/s per core (the goal is 100), which
//! keeps a million documents within an hour on one machine. The five slowest files of each set
//! are listed so that regressions can be traced to a document.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use unkg::extract::{Options, extract_str};
use unkg::source::{Format, read_path};
use unkg::text::Lang;

/// The first bar of the extraction issue, in MB/s per core.
const BAR_MB_S: f64 = 50.0;

struct Doc {
    name: String,
    text: String,
    opts: Options,
}

/// `UNKG_BENCH_NAMES=off` measures extraction without the name gazetteers (named bodies and
/// instruments named alone), to show what they cost; they are on otherwise.
fn skip_names() -> bool {
    std::env::var("UNKG_BENCH_NAMES").is_ok_and(|v| v == "off")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")) {
            out.push(p);
        }
    }
}

fn load(dir: &Path) -> Vec<Doc> {
    let mut paths = Vec::new();
    collect(dir, &mut paths);
    let mut docs = Vec::new();
    for p in paths {
        match read_path(&p) {
            Ok(src) => {
                let name = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
                let opts = Options {
                    lang: None,
                    file: Some(name.clone()),
                    markdown: src.format == Format::Markdown,
                    own_symbol: None,
                    skip_names: skip_names(),
                    links: src.links.clone(),
                };
                docs.push(Doc {
                    name,
                    text: src.text,
                    opts,
                });
            }
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
    docs
}

/// Time this thread has spent on a CPU (Linux: `/proc/thread-self/schedstat`, nanoseconds).
/// On a machine shared with other work, CPU time is what "per core" means; wall-clock time is
/// the fallback elsewhere.
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// One run over every document: (wall-clock, CPU) seconds; CPU is wall-clock when unknown.
fn run_once(docs: &[Doc]) -> (f64, f64) {
    let (start, cpu) = (Instant::now(), thread_cpu());
    for d in docs {
        black_box(extract_str(black_box(&d.text), &d.opts));
    }
    let wall = start.elapsed();
    let cpu = match (cpu, thread_cpu()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall,
    };
    (wall.as_secs_f64(), cpu.as_secs_f64())
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn bench(label: &str, dir: &Path, runs: usize) {
    if !dir.is_dir() {
        println!("{label}: skipped, {} is absent", dir.display());
        return;
    }
    let docs = load(dir);
    if docs.is_empty() {
        println!(
            "{label}: skipped, no .txt or .md files under {}",
            dir.display()
        );
        return;
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    // Warm-up run, timing each file.
    let mut per_file: Vec<(Duration, &Doc)> = docs
        .iter()
        .map(|d| {
            let t = Instant::now();
            black_box(extract_str(black_box(&d.text), &d.opts));
            (t.elapsed(), d)
        })
        .collect();

    let runs: Vec<(f64, f64)> = (0..runs).map(|_| run_once(&docs)).collect();
    let wall = median(runs.iter().map(|r| r.0).collect());
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.1).collect();
    cpu.sort_by(f64::total_cmp);
    let (min, max) = (cpu[0], cpu[cpu.len() - 1]);
    let cpu = median(cpu);
    let mbs = mb / cpu;
    println!(
        "{label:<24} {:>6} {:>8.2} {:>9.3} {:>9.3} {:>9.1} {:>10.0} {:>7.3}/{:<7.3} {:>6.1}%  {}",
        docs.len(),
        mb,
        cpu,
        wall,
        mbs,
        docs.len() as f64 / cpu,
        min,
        max,
        100.0 * (max - min) / cpu,
        if mbs >= BAR_MB_S {
            "meets the bar"
        } else {
            "BELOW THE BAR"
        },
    );
    per_file.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (t, d) in per_file.iter().take(5) {
        println!(
            "    slowest: {:>8.2} ms {:>8.1} MB/s {:>9} B  {}",
            t.as_secs_f64() * 1e3,
            d.text.len() as f64 / 1e6 / t.as_secs_f64(),
            d.text.len(),
            d.name
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; this harness has no options of its own.
    let runs = std::env::var("UNKG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(7);
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if cfg!(debug_assertions) {
        println!(
            "note: a debug build (spans are validated on every call); figures are not representative"
        );
    }
    // The gazetteer's tables and automata are built on first use, per language: not measured.
    for lang in Lang::ALL {
        for markdown in [false, true] {
            let opts = Options {
                lang: Some(lang),
                markdown,
                ..Options::default()
            };
            black_box(extract_str(
                "The General Assembly,\n\nRecalling its resolution 57/32,\n",
                &opts,
            ));
        }
    }
    println!("single-threaded extract_str, {runs} runs per set, bar {BAR_MB_S} MB/s per core");
    println!(
        "name gazetteers (bodies, instruments named alone): {}",
        if skip_names() {
            "off (UNKG_BENCH_NAMES=off)"
        } else {
            "on"
        }
    );
    println!("CPU s: this thread's time on a CPU (median); MB/s and docs/s are per CPU second");
    println!(
        "{:<24} {:>6} {:>8} {:>9} {:>9} {:>9} {:>10} {:>15} {:>7}",
        "set", "files", "MB", "CPU s", "wall s", "MB/s", "docs/s", "min/max CPU s", "spread"
    );
    // Folders given on the command line (after `--`) replace the two default sets.
    let dirs: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if !dirs.is_empty() {
        for d in &dirs {
            let label = Path::new(d)
                .file_name()
                .map_or(d.clone(), |n| n.to_string_lossy().to_string());
            bench(&label, Path::new(d), runs);
        }
        return;
    }
    bench("corpus (6 languages)", &shared.join("corpus"), runs);
    bench("corpus-large/en", &shared.join("corpus-large/en"), runs);
}
