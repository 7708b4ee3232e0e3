#!/usr/bin/env bash
# Starts `unkg serve` over the shared corpus on a loopback port, drives the UI in headless
# Chromium (ui.mjs), stops the server. Needs: Debian's `chromium`, node, and `npm install` here.
# Usage: tests/browser/run.sh [UNKG_BINARY] [SCREENSHOT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../target/debug/unkg}"
out="${2:-$here/screenshots}"
corpus="$here/../../../shared/corpus"
mkdir -p "$out"
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm install --no-audit --no-fund --silent)
log="$(mktemp)"
"$bin" serve --build "$corpus" --bind 127.0.0.1:0 > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q '^listening on ' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
url="$(sed -n 's/^listening on \(.*\)\/$/\1/p' "$log" | head -1)"
[ -n "$url" ] || { echo "the server did not start"; cat "$log"; exit 1; }
node "$here/ui.mjs" "$url" "$out"
