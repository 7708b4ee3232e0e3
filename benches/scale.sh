#!/usr/bin/env bash
# One table per corpus with every figure of the scale work: extraction, build, bulk load,
# store size, query latency, analytics, sharded export.
#
#   bash benches/scale.sh CORPUS_DIR...        (RUNS=3 by default: medians of 3 where cheap)
#
# Per corpus:
#   * extraction, single-threaded (benches/extract.rs on the corpus's .txt/.md files):
#     MB/s per core and documents/s, median CPU time of $RUNS runs;
#   * `unkg build` into a fresh on-disk store, $RUNS times: documents/s, triples/s (medians)
#     and peak memory (largest, /usr/bin/time -v);
#   * Oxigraph's bulk loader on the same quads (`unkg export --format nquads`, then
#     benches/bulk_load.rs), $RUNS times, and the ratio build / bulk load of the medians;
#   * the store's size on disk; `unkg export --shards 4` time;
#   * p50/p99 of every query in queries/ (benches/queries.rs, $QUERY_RUNS runs each, default 20,
#     with the parameters of tests/fixtures/graph/expected.toml);
#   * `unkg analyze` of each metric (median of $RUNS runs, process start and store open
#     included).
# Release build with RocksDB in $CARGO_TARGET_DIR (default /var/tmp/unkg-target). Scratch
# space in $WORK (default /var/tmp/unkg-scale), removed per corpus at the end.
#
# LOW_DISK=1, for a corpus whose store, N-Quads and second store do not fit on the disk
# together (100,000 documents: about 45 + 29 + more than 56 GB): queries and analytics run on
# the built store first; then the N-Quads go through `zstd -1` into a file a tenth of the size,
# the built store is removed, and the bulk loader reads the dump from standard input (on fewer
# than four cores it reads a file as one stream anyway) into a store that is timed and removed.
# A load that fails (out of disk) is reported as a row. The sharded export is skipped.
# METRICS="pagerank communities" limits the analytics rows; UNKG_BENCH_SLOW=SECS runs a query
# whose first run takes longer than SECS only once (see benches/queries.rs).
# The machine is shared: keep to small corpora unless it is quiet (RUNS=1 for large ones).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/unkg-target}
RUNS=${RUNS:-3}
QUERY_RUNS=${QUERY_RUNS:-20}
WORK=${WORK:-/var/tmp/unkg-scale}
LOW_DISK=${LOW_DISK:-0}
METRICS=${METRICS:-degree pagerank citerank age-normalised hits components cycles communities}
mkdir -p "$(dirname "$WORK")"
[ $# -gt 0 ] || { echo "usage: bash benches/scale.sh CORPUS_DIR..." >&2; exit 2; }

# Build once and ask cargo where the executables are (bench binaries carry a hash), unless
# all four are given (UNKG_BIN, EXTRACT_BIN, BULK_BIN, QUERIES_BIN: copies that a later build
# in the same target folder cannot replace during a run of hours).
if [ -n "${UNKG_BIN:-}" ] && [ -n "${EXTRACT_BIN:-}" ] && [ -n "${BULK_BIN:-}" ] && [ -n "${QUERIES_BIN:-}" ]; then
    UNKG=$UNKG_BIN EXTRACT=$EXTRACT_BIN BULK=$BULK_BIN QUERIES=$QUERIES_BIN
else
    cargo build --release --bin unkg --bench extract --bench bulk_load --bench queries \
        --message-format=json 2>"$WORK.cargo.log" >"$WORK.cargo.json" \
        || { tail -30 "$WORK.cargo.log" >&2; exit 1; }
    exe() {
        python3 - "$1" "$WORK.cargo.json" <<'PY'
import json, sys
name, path = sys.argv[1:]
for line in open(path):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == name:
        print(m["executable"])
PY
    }
    UNKG=$(exe unkg | tail -1)
    EXTRACT=$(exe extract | tail -1)
    BULK=$(exe bulk_load | tail -1)
    QUERIES=$(exe queries | tail -1)
    rm -f "$WORK.cargo.json" "$WORK.cargo.log"
fi

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$(now)"; }
fmt() { python3 -c "import sys; v=float(sys.argv[1]); print(f'{v:,.{int(sys.argv[2])}f}')" "$1" "$2"; }

# p50/p99 of every library query on the store in $1.
measure_queries() {
    while read -r q n r p50 p99 max; do
        [ "$q" = query ] && continue
        if [ "$n" = "error:" ]; then
            row "query $q" "error: $r $p50 $p99 $max"
        else
            row "query $q ($n rows, $r runs)" "p50 $p50 ms, p99 $p99 ms"
        fi
    done < <("$QUERIES" "$1" "$QUERY_RUNS")
}

# Each metric of $METRICS as a user runs it on the store in $1.
measure_analytics() {
    for m in $METRICS; do
        ts=()
        for _ in $(seq "$RUNS"); do
            t=$(now)
            "$UNKG" analyze "$m" --store "$1" --top 5 >/dev/null
            ts+=("$(since "$t")")
        done
        row "analyze $m" "$(fmt "$(median "${ts[@]}")" 3) s"
    done
}

for corpus in "$@"; do
    name=$(basename "$corpus")
    w="$WORK/$name"
    rm -rf "$w"
    mkdir -p "$w"
    rows=()
    row() { rows+=("| $1 | $2 |"); echo "[$(date -u +%H:%M:%S)] $1: $2" >&2; }

    # Extraction, one thread.
    ex=$(UNKG_BENCH_RUNS=$RUNS "$EXTRACT" --bench "$corpus" | awk -v n="$name" '$1 == n')
    read -r _ ex_files ex_mb _ _ ex_mbs ex_docs _ <<<"$ex"
    row "extraction (1 thread, .txt/.md: $ex_files files, $ex_mb MB)" \
        "$(fmt "$ex_mbs" 1) MB/s per core, $(fmt "$ex_docs" 0) documents/s"

    # Build, RUNS times into fresh stores.
    secs=(); dps=(); tps=(); peak=0
    for _ in $(seq "$RUNS"); do
        rm -rf "$w/kg"
        /usr/bin/time -v "$UNKG" build --quiet --store "$w/kg" "$corpus" 2>"$w/build.log" || true
        e=$(grep '^elapsed:' "$w/build.log")
        secs+=("$(awk '{print $2}' <<<"$e")")
        dps+=("$(sed -E 's/.*\(([0-9.]+) docs\/s.*/\1/' <<<"$e")")
        tps+=("$(sed -E 's/.*, ([0-9]+) triples\/s.*/\1/' <<<"$e")")
        kb=$(awk '/Maximum resident/ {print $NF}' "$w/build.log")
        [ "$kb" -gt "$peak" ] && peak=$kb
    done
    docs=$(grep '^documents:' "$w/build.log")
    triples=$(sed -E 's/.*store .*: ([0-9]+) triples/\1/' <<<"$(grep '^elapsed:' "$w/build.log")")
    build_s=$(median "${secs[@]}")
    row "build ($docs)" "$(fmt "$build_s" 2) s, $(fmt "$(median "${dps[@]}")" 1) documents/s, $(fmt "$(median "${tps[@]}")" 0) triples/s"
    row "build peak memory" "$((peak / 1024)) MB"
    row "store on disk ($(fmt "$triples" 0) triples)" "$(du -sm "$w/kg" | cut -f1) MB"

    # On a small disk the built store is measured before it makes way for the bulk load.
    if [ "$LOW_DISK" = 1 ]; then
        measure_queries "$w/kg"
        measure_analytics "$w/kg"
    fi

    # Bulk load of the same quads.
    loads=()
    if [ "$LOW_DISK" = 1 ]; then
        t=$(now)
        "$UNKG" export --store "$w/kg" --format nquads | zstd -q -1 -T1 >"$w/all.nq.zst"
        row "export --format nquads (piped through zstd -1: $(du -m "$w/all.nq.zst" | cut -f1) MB)" "$(since "$t") s"
        rm -rf "$w/kg"
        for _ in $(seq "$RUNS"); do
            rm -rf "$w/kg"
            # A loader that runs out of disk is a row of the table, not the end of it.
            if l=$(zstd -q -dc "$w/all.nq.zst" | TMPDIR="$w" "$BULK" - 2>"$w/bulk.err"); then
                loads+=("$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$l")")
            else
                row "bulk load of the same N-Quads" "failed: $(tail -c 300 "$w/bulk.err")"
            fi
            rm -rf "$w/kg"
        done
        nq_label="$(du -m "$w/all.nq.zst" | cut -f1) MB compressed"
    else
        "$UNKG" export --store "$w/kg" --format nquads --out "$w/all.nq"
        for _ in $(seq "$RUNS"); do
            l=$(TMPDIR="$w" "$BULK" "$w/all.nq")
            loads+=("$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$l")")
        done
        nq_label="$(du -m "$w/all.nq" | cut -f1) MB"
    fi
    if ((${#loads[@]})); then
        load_s=$(median "${loads[@]}")
        row "bulk load of the same N-Quads ($nq_label)" \
            "$(fmt "$load_s" 2) s; build / bulk load = **$(python3 -c "print(f'{$build_s / $load_s:.2f}')")**"
    fi

    if [ "$LOW_DISK" != 1 ]; then
        t=$(now)
        "$UNKG" export --store "$w/kg" --format nquads --shards 4 --out "$w/shards" 2>/dev/null
        row "export --shards 4" "$(since "$t") s"
    fi

    if [ "$LOW_DISK" != 1 ]; then
        measure_queries "$w/kg"
        measure_analytics "$w/kg"
    fi

    echo
    echo "## $corpus — $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg), RUNS=$RUNS"
    echo
    echo "| measure | value |"
    echo "|---|---|"
    printf '%s\n' "${rows[@]}"
    rm -rf "$w"
done
