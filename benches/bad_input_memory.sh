#!/usr/bin/env bash
# Peak memory and exit status of `unkg extract` on 200 MB single-line files: the issue's
# bad-input bar is "a result or a clear error, never a panic or a hang, and peak memory under
# 10x the input size plus 200 MB". Too slow and too large for `cargo test`, so it is a script.
#
#   bash benches/bad_input_memory.sh            # builds the release binary first
#   UNKG_BIN=/path/to/unkg bash benches/bad_input_memory.sh
#
# Three files, each one line of exactly 200 MB (no newline at all):
#   prose     an English sentence with a resolution, an SC resolution and a symbol, repeated
#             (about 3 citations per 150 bytes: the output is large too);
#   zh        the same in Chinese, with 《》 and full-width punctuation (multi-byte text);
#   filler    one 200 MB run of letters and spaces with no citation at all.
# Each is run with `--format jsonl` (output to /dev/null) under /usr/bin/time -v, and killed
# after UNKG_TIMEOUT seconds (default 600), which counts as a hang.
set -euo pipefail
cd "$(dirname "$0")/.."

size=$((200 * 1000 * 1000))
if [ -z "${UNKG_BIN:-}" ]; then
    cargo build --release --no-default-features --quiet
    UNKG_BIN="${CARGO_TARGET_DIR:-target}/release/unkg"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Repeats $2 until exactly $size bytes, cut at a character boundary, with no newline.
make_line() {
    python3 - "$1" "$2" "$size" <<'PY'
import sys
path, unit, size = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
data = unit * (size // len(unit) + 1)
data = data[:size].decode("utf-8", "ignore").encode()  # drop a cut character
data += b" " * (size - len(data))
with open(path, "wb") as f:
    f.write(data)
PY
}

make_line "$tmp/prose.txt" "Recalling its resolution 57/32 of 19 November 2002 and Security Council resolution 2719 (2023), and the report A/51/402, annex, "
make_line "$tmp/zh.txt" "回顾其2002年11月19日第57/32号决议和安全理事会第2719(2023)号决议以及《2030年可持续发展议程》，"
make_line "$tmp/filler.txt" "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "

limit_kb=$(((10 * size + 200 * 1000 * 1000) / 1024))
failed=0
printf '%-8s %10s %6s %10s %12s %12s  %s\n' file bytes exit seconds "peak RSS MB" "limit MB" verdict
for name in prose zh filler; do
    f="$tmp/$name.txt"
    bytes=$(stat -c %s "$f")
    set +e
    /usr/bin/time -v -o "$tmp/time.txt" timeout --signal=KILL "${UNKG_TIMEOUT:-600}" "$UNKG_BIN" extract --format jsonl "$f" >/dev/null 2>"$tmp/stderr.txt"
    status=$?
    set -e
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt")
    secs=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
    verdict=ok
    if [ "$status" -eq 137 ]; then
        verdict="HANG: killed after ${UNKG_TIMEOUT:-600} s"
    elif [ "$status" -eq 101 ] || grep -q panicked "$tmp/stderr.txt"; then
        verdict="PANIC"
    elif [ "$status" -ne 0 ] && ! grep -q "$f" "$tmp/stderr.txt"; then
        verdict="FAILED without naming the file (exit $status)"
    elif [ "$rss_kb" -ge "$limit_kb" ]; then
        verdict="OVER THE MEMORY LIMIT"
    fi
    [ "$verdict" = ok ] || failed=1
    rss_mb="$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
    # A killed run's peak is not reported (time sees only the timeout process).
    [ "$status" -ne 137 ] || rss_mb="-"
    printf '%-8s %10d %6d %10s %12s %12.1f  %s\n' "$name" "$bytes" "$status" "$secs" \
        "$rss_mb" "$(awk -v k="$limit_kb" 'BEGIN { print k / 1024 }')" "$verdict"
    if [ "$status" -ne 0 ]; then sed 's/^/    stderr: /' "$tmp/stderr.txt" | head -5; fi
done
exit "$failed"
