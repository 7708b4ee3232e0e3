#!/usr/bin/env bash
# Starts `unkg serve` over the shared corpus on a loopback port, drives the UI in headless
# Chromium (ui.mjs), stops the server. Needs: Debian's `chromium`, node, and `npm install` here.
# Usage: tests/browser/run.sh [UNKG_BINARY] [SCREENSHOT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../target/debug/unkg}"
out="${2:-$here/screenshots}"
mkdir -p "$out"
[ -d "$here/node_modules/playwright-core" ] || (cd "$here" && npm install --no-audit --no-fund --silent)
. "$here/../serve_support/start.sh"
start_server "$bin"
node "$here/ui.mjs" "$url" "$out"
