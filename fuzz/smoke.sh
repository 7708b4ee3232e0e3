#!/usr/bin/env bash
# The fuzz smoke test CI runs (`.ci/run`): replays the saved regressions, then fuzzes each
# target for 60 seconds (FUZZ_SECONDS overrides) from the seeds. Fails on any crash, validator
# failure or hang (an input taking over 10 s). See README.md for the toolchain and longer runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
seconds="${FUZZ_SECONDS:-60}"
# The fuzz crate has its own target folder, apart from the main crate's builds, outside the
# clone (UNKG_FUZZ_TARGET_DIR overrides) so that later runs compile incrementally: the
# sanitizer build of every dependency is the slow part.
export CARGO_TARGET_DIR="${UNKG_FUZZ_TARGET_DIR:-/var/tmp/unkg-fuzz-target}"

# cargo-fuzz needs nightly compiler flags (-Z sanitizer): use a nightly toolchain when one is
# installed, else the stable one with RUSTC_BOOTSTRAP=1.
if rustup run nightly rustc --version >/dev/null 2>&1; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo +stable fuzz)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

[ -n "$(ls -A "$here/corpus/extract" 2>/dev/null)" ] || bash "$here/seed.sh"

failed=0
for target in extract symbol_roundtrip pdf; do
    mkdir -p "$here/corpus/$target"
    # The debug-assertions build (-a) also catches arithmetic overflow.
    "${fuzz[@]}" build -a "$target"
    shopt -s nullglob
    saved=("$here/regressions/$target"/*)
    shopt -u nullglob
    if ((${#saved[@]})); then
        echo "==> $target: replaying ${#saved[@]} saved regressions"
        "${fuzz[@]}" run -a "$target" "${saved[@]}" -- -timeout=10 || failed=1
    fi
    # PDFs are larger than texts: the real ones in the seed corpus run to hundreds of KB.
    max_len=16384
    [ "$target" = pdf ] && max_len=1048576
    echo "==> $target: fuzzing for $seconds s"
    "${fuzz[@]}" run -a "$target" "$here/corpus/$target" "$here/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -max_len="$max_len" -rss_limit_mb=2048 -print_final_stats=1 \
        || failed=1
done
exit "$failed"
