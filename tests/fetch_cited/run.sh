#!/usr/bin/env bash
# `unkg build --fetch-cited` end to end, on loopback only:
#
#   bash tests/fetch_cited/run.sh [UNKG_BINARY]
#
# Serves the corpus's PDFs the way the Official Document System does
# (`/api/symbol/access?s=SYMBOL&l=LANG&t=pdf`, 404 for a symbol it lacks) from a small Python
# server on 127.0.0.1, builds a letter citing two of them and one missing document into a fresh
# on-disk store with `--fetch-cited 2 --ods-url http://127.0.0.1:PORT`, and checks that both
# PDFs were fetched and built, the missing one reported, the letter kept; then runs the build
# again and checks that no PDF is asked for twice. The server and folders go on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
UNKG=${1:-${UNKG:-${CARGO_TARGET_DIR:-target}/release/unkg}}
CORPUS=../shared/corpus/en
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/ods.py" <<'PY'
import http.server, os, sys, urllib.parse
corpus, log = sys.argv[1], sys.argv[2]
class Ods(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        symbol = q.get("s", [""])[0]
        with open(log, "a") as f:
            f.write(symbol + "\n")
        name = symbol.replace("/", "_") + ".pdf"
        path = os.path.join(corpus, name)
        if url.path != "/api/symbol/access" or not os.path.isfile(path):
            self.send_response(404); self.end_headers(); return
        body = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ods)
print(srv.server_address[1], flush=True)
srv.serve_forever()
PY
python3 "$work/ods.py" "$CORPUS" "$work/requests.log" >"$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

mkdir -p "$work/docs"
cat >"$work/docs/letter.txt" <<'TXT'
Letter dated 2 June 2025 from the Permanent Representative addressed to the President of the
Security Council

I have the honour to refer to the report of the Secretary-General on children and armed
conflict (S/2025/317), to the letter contained in document A/80/500-S/2025/656 and to my letter
of 12 March 2025 (S/2025/190).
TXT

run() {
    "$UNKG" build --store "$work/kg" --fetch-cited 2 --fetch-dir "$work/fetched" \
        --ods-url "http://127.0.0.1:$port" --cache "$work/cache" "$work/docs" 2>&1
}
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi; }

first=$(run); echo "$first"
check "both PDFs fetched" '[ -f "$work/fetched/S_2025_317-EN.pdf" ] && [ -f "$work/fetched/A_80_500-S_2025_656-EN.pdf" ]'
check "the letter and the two fetched documents are in the store" \
    '[ "$("$UNKG" query "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w <http://purl.org/vocab/frbr/core#realization> ?e }" --store "$work/kg" --format csv | tail -1 | tr -d "\r")" -ge 3 ]'
check "the missing document is reported" 'grep -q "level 1: 3 cited documents missing, 2 files fetched, 1 not in ODS, 0 failed" <<<"$first"'
check "fetched documents are counted from 1" 'grep -q "^\[2/2\] new .*fetched/" <<<"$first" && ! grep -q "\[3/2\]" <<<"$first"'
asked=$(grep -c . "$work/requests.log")
second=$(run); echo "$second"
check "a second build fetches no PDF again" \
    '[ "$(grep -cE "S/2025/317|A/80/500" "$work/requests.log")" -eq "$(head -n "$asked" "$work/requests.log" | grep -cE "S/2025/317|A/80/500")" ]'
ls "$work/fetched"
[ "$fail" = 0 ] && echo "fetch-cited test: passed" || { echo "fetch-cited test: FAILED"; exit 1; }
