# Sourced by tests/browser/run.sh and tests/load/run.sh: starts `unkg serve` over the shared
# corpus on a free loopback port and sets $url (no trailing slash) and $pid; the server is
# stopped when the calling script exits.
# Usage: start_server BINARY
start_server() {
  local bin="$1" corpus
  corpus="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../shared/corpus" && pwd)"
  serve_log="$(mktemp)"
  "$bin" serve --build "$corpus" --bind 127.0.0.1:0 > "$serve_log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; rm -f "$serve_log"' EXIT
  for _ in $(seq 1 600); do
    grep -q '^listening on ' "$serve_log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$serve_log"; return 1; }
    sleep 0.5
  done
  url="$(sed -n 's/^listening on \(.*\)\/$/\1/p' "$serve_log" | head -1)"
  [ -n "$url" ] || { echo "the server did not start"; cat "$serve_log"; return 1; }
  case "$url" in http://127.*) ;; *) echo "not a loopback address: $url"; return 1;; esac
}
