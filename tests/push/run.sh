#!/usr/bin/env bash
# `unkg push` end to end against a real Virtuoso (7.2, Debian's virtuoso-opensource), on
# loopback only:
#
#   bash tests/push/run.sh [CORPUS_DIR]          (default: ../shared/corpus)
#
# Starts a throwaway Virtuoso in a temporary folder (HTTP on 127.0.0.1:$VT_HTTP_PORT, default
# 18890; SQL on 127.0.0.1:$VT_SQL_PORT, default 11111), builds a store from the corpus with
# $UNKG (default: the release binary under $CARGO_TARGET_DIR), exports it as 4 N-Quads shards
# and bulk-loads them with Virtuoso's loader (counts checked), pushes it over the Graph Store
# Protocol with HTTP Digest authentication, pushes it again (every graph must be skipped), then
# asks unkg and Virtuoso the same SPARQL queries and requires the same rows. Then it pushes
# through SPARQL Update into the same graphs and asks again. Prints push times and triples/s.
# Virtuoso is stopped and the folder removed on exit, whatever happens. Installs nothing:
# CI installs virtuoso-opensource.
set -euo pipefail
cd "$(dirname "$0")/../.."

CORPUS=${1:-../shared/corpus}
UNKG=${UNKG:-${CARGO_TARGET_DIR:-/var/tmp/unkg-target}/release/unkg}
HTTP_PORT=${VT_HTTP_PORT:-18890}
SQL_PORT=${VT_SQL_PORT:-11111}

fail() { echo "push test: FAIL: $*" >&2; exit 1; }
command -v virtuoso-t >/dev/null || fail "virtuoso-t not found: apt-get install -y virtuoso-opensource"
command -v curl >/dev/null || fail "curl not found"
command -v python3 >/dev/null || fail "python3 not found"
[ -x "$UNKG" ] || fail "no unkg binary at $UNKG (cargo build --release, or set UNKG)"
[ -d "$CORPUS" ] || fail "no corpus at $CORPUS"
for p in "$HTTP_PORT" "$SQL_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        fail "port $p on 127.0.0.1 is taken: set VT_HTTP_PORT / VT_SQL_PORT"
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/unkg-push.XXXXXX")
VT_PID=
cleanup() {
    if [ -n "$VT_PID" ] && kill -0 "$VT_PID" 2>/dev/null; then
        kill -TERM "$VT_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$VT_PID" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$VT_PID" 2>/dev/null || true
        wait "$VT_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# A database of its own, listening on loopback only; DirsAllowed limits file access to the
# temporary folder.
mkdir -p "$TMP/vt"
cat > "$TMP/vt/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $TMP/vt/virtuoso.db
ErrorLogFile       = $TMP/vt/virtuoso.log
LockFile           = $TMP/vt/virtuoso.lck
TransactionFile    = $TMP/vt/virtuoso.trx
xa_persistent_file = $TMP/vt/virtuoso.pxa
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = $TMP/vt/virtuoso-temp.db
TransactionFile    = $TMP/vt/virtuoso-temp.trx
Striping           = 0
[Parameters]
ServerPort               = 127.0.0.1:$SQL_PORT
DisableUnixSocket        = 1
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = ., $TMP/vt
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000
[HTTPServer]
ServerPort               = 127.0.0.1:$HTTP_PORT
ServerRoot               = $TMP/vt
MaxClientConnections     = 10
ServerThreads            = 10
Charset                  = UTF-8
[SPARQL]
ResultSetMaxRows         = 1000000
MaxQueryExecutionTime    = 120
INI

t0=$(date +%s.%N)
(cd "$TMP/vt" && exec virtuoso-t -c virtuoso.ini +foreground >"$TMP/vt/stdout.log" 2>&1) &
VT_PID=$!
BASE="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "$BASE/sparql?query=ASK%7B%7D"; then break; fi
    kill -0 "$VT_PID" 2>/dev/null || { tail -20 "$TMP/vt/virtuoso.log" >&2; fail "virtuoso exited"; }
    sleep 0.5
done
curl -sf -o /dev/null "$BASE/sparql?query=ASK%7B%7D" || fail "virtuoso did not answer on $BASE"
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(date +%s.%N)"; }
echo "virtuoso up on $BASE in $(elapsed "$t0") s"

t0=$(date +%s.%N)
"$UNKG" build --quiet --store "$TMP/kg" "$CORPUS" 2>"$TMP/build.log" || { cat "$TMP/build.log" >&2; fail "build"; }
echo "built $CORPUS in $(elapsed "$t0") s"
# The store's other graphs travel too: offline links, verification findings, PageRank scores.
"$UNKG" link --store "$TMP/kg" >/dev/null 2>>"$TMP/build.log" || fail "link"
# verify exits 1 when it flags a citation (the corpus has one), 2 on an error.
rc=0; "$UNKG" verify --store "$TMP/kg" >/dev/null 2>>"$TMP/build.log" || rc=$?
[ "$rc" -le 1 ] || fail "verify"
"$UNKG" analyze pagerank --store "$TMP/kg" --write >/dev/null 2>>"$TMP/build.log" || fail "analyze"

# The shards of `export --shards` load with Virtuoso's own bulk loader (ld_dir reads each
# quad's graph from the N-Quads; the third argument is only for triples without one), and hold
# exactly the quads and graphs the manifest promises. The push below then replaces these graphs.
t0=$(date +%s.%N)
"$UNKG" export --store "$TMP/kg" --format nquads --shards 4 --out "$TMP/vt/shards" 2>>"$TMP/build.log" \
    || fail "export --shards"
command -v isql-vt >/dev/null || fail "isql-vt not found (part of virtuoso-opensource)"
isql-vt "127.0.0.1:$SQL_PORT" dba dba \
    exec="ld_dir('$TMP/vt/shards', 'part-*.nq', 'urn:unkg:default'); rdf_loader_run(); checkpoint;" \
    >"$TMP/isql.log" 2>&1 || { cat "$TMP/isql.log" >&2; fail "virtuoso bulk load"; }
read -r m_quads m_graphs < <(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['quads'], m['graphs'])" "$TMP/vt/shards/manifest.json")
got=$(curl -sf -H 'Accept: text/tab-separated-values' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?g) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/unkg/") || STRSTARTS(STR(?g), "urn:unkg:")) }' "$BASE/sparql" | tail -1)
[ "$got" = "$m_quads	$m_graphs" ] || fail "virtuoso loaded '$got' (quads, graphs) from the shards, manifest says $m_quads $m_graphs"
echo "shards: 4 files, $m_quads quads in $m_graphs graphs, exported and bulk-loaded by virtuoso in $(elapsed "$t0") s"

# The password goes through the environment, out of the process list.
export UNKG_PUSH_PASSWORD=dba
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }

push() { "$UNKG" push --store "$TMP/kg" --user dba "$@" 2>>"$TMP/push.log"; }
GSP="$BASE/sparql-graph-crud-auth"
line=$(push --endpoint "$GSP") || { tail -20 "$TMP/push.log" >&2; fail "push"; }
graphs=$(field "$line" graphs); pushed=$(field "$line" pushed); triples=$(field "$line" triples)
secs=$(field "$line" seconds)
[ "$graphs" -gt 0 ] && [ "$pushed" = "$graphs" ] || fail "first push: $line"
echo "push (graph store protocol, digest auth): $graphs graphs, $triples triples in $secs s," \
     "$(python3 -c "print(round($triples / $secs))") triples/s"

line=$(push --endpoint "$GSP") || fail "second push"
[ "$(field "$line" skipped)" = "$graphs" ] && [ "$(field "$line" pushed)" = 0 ] \
    || fail "second push should skip all $graphs graphs: $line"
echo "second push: all $graphs graphs skipped in $(field "$line" seconds) s"

# The same query on both sides; rows compared as multisets of (value, language) per column
# (Virtuoso's JSON says "typed-literal" where SPARQL 1.1 says "literal": types are not compared).
# unkg binds a parameter in the parsed query; Virtuoso gets the value written in place of the
# variable (Virtuoso 7.2 refuses a trailing VALUES clause on a variable the query does not
# project: "SQ200: No column symbol").
compare() {  # NAME FILE-OF-QUERY [SYMBOL]
    local name=$1 q=$2 sym=${3:-}
    local text
    text=$(grep -v '^#' "$q")
    if [ -n "$sym" ]; then
        "$UNKG" query --store "$TMP/kg" --file "$q" --param "symbol=$sym" --format json >"$TMP/$name.unkg.json"
        text=$(sed -E "s|\\?symbol\\b|\"$sym\"|g" <<<"$text")
    else
        "$UNKG" query --store "$TMP/kg" --file "$q" --format json >"$TMP/$name.unkg.json"
    fi
    code=$(curl -s -o "$TMP/$name.vt.json" -w '%{http_code}' \
        -H 'Accept: application/sparql-results+json' --data-urlencode "query=$text" "$BASE/sparql")
    [ "$code" = 200 ] || { head -c 2000 "$TMP/$name.vt.json" >&2; fail "$name: virtuoso answered $code"; }
    python3 - "$name" "$TMP/$name.unkg.json" "$TMP/$name.vt.json" <<'PY'
import json, sys
name, a, b = sys.argv[1:]
XSD = "http://www.w3.org/2001/XMLSchema#"
def norm(t):
    # Numbers by value, to 6 significant digits: Virtuoso 7.2 writes doubles in its JSON
    # results with 6 (0.00262256 for 0.0026225634…).
    dt = t.get("datatype", "")
    if dt in (XSD + "double", XSD + "float", XSD + "decimal"):
        return (f"{float(t['value']):.6g}", "")
    if dt == XSD + "integer":
        return (str(int(t["value"])), "")
    return (t["value"], t.get("xml:lang", ""))
def rows(path):
    d = json.load(open(path))
    vs = d["head"]["vars"]
    out = []
    for r in d["results"]["bindings"]:
        out.append(tuple(norm(r[v]) if v in r else None for v in vs))
    return vs, sorted(out, key=repr)
va, ra = rows(a)
vb, rb = rows(b)
if va != vb or ra != rb:
    print(f"push test: FAIL: {name}: unkg {len(ra)} rows, virtuoso {len(rb)} rows", file=sys.stderr)
    for x in [r for r in ra if r not in rb][:5]: print("  only in unkg:", x, file=sys.stderr)
    for x in [r for r in rb if r not in ra][:5]: print("  only in virtuoso:", x, file=sys.stderr)
    sys.exit(1)
if not ra:
    print(f"push test: FAIL: {name}: no rows on either side: nothing was compared", file=sys.stderr)
    sys.exit(1)
print(f"{name}: same {len(ra)} rows on both")
PY
}

# A few graphs (the first three documents, and the link and verification graphs when built)
# and the total over every pushed graph.
cat >"$TMP/counts.rq" <<'RQ'
SELECT ?g (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(?g IN (<https://w3id.org/unkg/graph/en/A/RES/79/319>,
                <https://w3id.org/unkg/graph/zh/A/RES/79/319>,
                <https://w3id.org/unkg/graph/en/A/RES/70/1>))
} GROUP BY ?g
RQ
cat >"$TMP/total.rq" <<'RQ'
SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/unkg/")
         || (STRSTARTS(STR(?g), "urn:unkg:") && ?g != <urn:unkg:build>))
}
RQ
check_all() {
    compare cites queries/cites.rq "A/RES/79/319"
    compare cited-by queries/cited-by.rq "A/RES/70/1"
    compare top-pagerank queries/top-pagerank.rq
    compare most-cited queries/most-cited.rq
    compare documents queries/documents.rq
    compare counts "$TMP/counts.rq"
    compare total "$TMP/total.rq"
    n=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results']['bindings'][0]['n']['value'])" "$TMP/total.unkg.json")
    [ "$n" = "$triples" ] || fail "unkg counts $n triples in the pushed graphs, push sent $triples"
}
check_all

# The other protocol into the same graphs: DROP SILENT GRAPH + INSERT DATA batches.
line=$(push --protocol update --endpoint "$BASE/sparql-auth" --state "$TMP/update-state.tsv") \
    || { tail -20 "$TMP/push.log" >&2; fail "push --protocol update"; }
[ "$(field "$line" pushed)" = "$graphs" ] || fail "update push: $line"
usecs=$(field "$line" seconds)
echo "push (SPARQL update, batches of 2000): $graphs graphs, $triples triples in $usecs s," \
     "$(python3 -c "print(round($triples / $usecs))") triples/s"
check_all
echo "push test: 1 passed, 0 failed"
