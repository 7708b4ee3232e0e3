#!/usr/bin/env bash
# End-to-end build throughput of `unkg build` against Oxigraph's own bulk loader.
#
#   bash benches/build.sh [CORPUS_DIR...]     (default: ../shared/corpus ../shared/corpus-large)
#
# For each corpus: a cold `unkg build` into a fresh store under /usr/bin/time -v (documents/s,
# triples/s, peak memory), a second build (every document unchanged), `unkg export --format
# nquads`, then the bulk_load bench loading that N-Quads file into a fresh store. Prints one
# summary line per corpus; write the figures into benches/RESULTS.md.
# Generate the 10,000-document corpus first with:
#   python3 benches/gen_corpus.py ../shared/corpus-large /var/tmp/unkg-gen10k 10000
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/var/tmp/unkg-target}
cargo build --release --bin unkg --bench bulk_load >/dev/null 2>&1 || cargo build --release --bin unkg
UNKG=$CARGO_TARGET_DIR/release/unkg
BENCH=$(ls -t "$CARGO_TARGET_DIR"/release/deps/bulk_load-* 2>/dev/null | grep -v '\.d$' | head -1)
WORK=${WORK:-/var/tmp/unkg-bench}
mkdir -p "$WORK"
corpora=("$@")
[ ${#corpora[@]} -eq 0 ] && corpora=(../shared/corpus ../shared/corpus-large)
for c in "${corpora[@]}"; do
  name=$(basename "$c")
  store="$WORK/$name.kg"
  rm -rf "$store"
  /usr/bin/time -v "$UNKG" build --quiet --store "$store" "$c" 2> "$WORK/$name.build.log" || true
  "$UNKG" build --quiet --store "$store" "$c" 2> "$WORK/$name.rebuild.log" || true
  "$UNKG" export --store "$store" --format nquads --out "$WORK/$name.nq"
  "$UNKG" stats --store "$store" > "$WORK/$name.stats.txt" || true
  load=$("$BENCH" "$WORK/$name.nq")
  peak=$(grep 'Maximum resident' "$WORK/$name.build.log" | awk '{print $NF}')
  wall=$(grep 'Elapsed (wall' "$WORK/$name.build.log" | awk '{print $NF}')
  echo "== $name"
  grep -E '^(documents|written|elapsed):' "$WORK/$name.build.log"
  echo "wall clock (time -v): $wall; peak RSS: $((peak / 1024)) MB"
  echo "second build: $(grep '^documents:' "$WORK/$name.rebuild.log")"
  echo "$load"
done
