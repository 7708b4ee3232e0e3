#!/usr/bin/env bash
# Checks the citation-network exports with the tools they are made for, on the test corpus:
# GEXF validates against the GEXF 1.3 schema and GraphML against GraphML 1.0 (xmllint), GraphML
# parses in networkx with every node and edge, DOT renders with Graphviz, and the HTML page works in headless Chromium
# (tests/browser/html_export.mjs).
#
# usage: bash tests/network_formats.sh UNKG_BINARY [DOCS]
# needs: graphviz, libxml2-utils, python3-networkx, chromium, node + `npm ci` in tests/browser
set -euo pipefail
cd "$(dirname "$0")/.."
unkg=${1:?usage: network_formats.sh UNKG_BINARY [DOCS]}
docs=${2:-../shared/corpus}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0
check() {
    if "$@" >"$out/log" 2>&1; then
        passed=$((passed + 1)); echo "ok   $*"
    else
        failed=$((failed + 1)); echo "FAIL $*"; cat "$out/log"
    fi
}
for f in gexf graphml dot html; do
    "$unkg" export --docs "$docs" --format "$f" --out "$out/net.$f"
done
check xmllint --noout --schema tests/fixtures/schemas/gexf-1.3/gexf.xsd "$out/net.gexf"
XML_CATALOG_FILES=tests/fixtures/schemas/graphml-1.0/catalog.xml \
    check xmllint --noout --nonet --schema tests/fixtures/schemas/graphml-1.0/graphml.xsd "$out/net.graphml"
check python3 -c '
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert g.is_directed() and g.number_of_nodes() > 100 and g.number_of_edges() > 100, g
syms = {d["symbol"] for _, d in g.nodes(data=True)}
assert "A/RES/70/1" in syms, "A/RES/70/1 missing"
print(g.number_of_nodes(), "nodes", g.number_of_edges(), "edges")
' "$out/net.graphml"
check dot -Ksfdp -Tsvg -o "$out/net.svg" "$out/net.dot"
check node tests/browser/html_export.mjs "$out/net.html" "$out/net.png" A/RES/79/319
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
