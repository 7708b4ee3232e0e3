#!/usr/bin/env bash
# Load test of `unkg serve` on loopback: a point query (what one document cites) from 16
# concurrent keep-alive clients for 30 s with wrk (Debian package `wrk`), over a store built
# from the shared corpus. Prints requests/s and the latency distribution; fails on any error
# or non-2xx response. Bounded in time; talks to 127.0.0.1 only.
# Usage: tests/load/run.sh [UNKG_BINARY] [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../target/release/unkg}"
secs="${2:-30}"
. "$here/../serve_support/start.sh"
start_server "$bin"
query='PREFIX cito: <http://purl.org/spar/cito/> PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?target WHERE { <https://w3id.org/unkg/work/A/RES/79/319> cito:cites ?t . ?t dcterms:identifier ?target }'
enc="$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$query")"
target="$url/sparql?query=$enc"
# One request first: the answer must be right before it is timed.
curl -sf -H 'Accept: text/csv' "$target" | grep -q '^A/RES/70/1' || { echo "the point query gives a wrong answer"; exit 1; }
out="$(wrk -t 4 -c 16 -d "${secs}s" --timeout 10s --latency -H 'Accept: application/sparql-results+json' "$target")"
echo "$out"
if echo "$out" | grep -qE 'Socket errors|Non-2xx'; then
  echo "load test: errors"; exit 1
fi
echo "load test: 0 errors"
