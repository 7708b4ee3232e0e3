#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs cut from the real UN documents in
# ../shared/corpus, so that fuzzing starts from text shaped like what unkg reads (page
# headers, footnote blocks, <sup> markers, citations in six languages) instead of from nothing.
#
#   bash fuzz/seed.sh [CORPUS_DIR]
#
# extract:          every .txt and .md file cut at line boundaries into pieces of about 2 KB
#                   (at most 40 pieces per file, so a long file does not crowd out the rest);
# symbol_roundtrip: every distinct symbol-shaped string found in those files;
# pdf:              every .pdf file.
# The small hand-picked seeds in fuzz/seeds/ are used as well by run commands and smoke.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../../shared/corpus}"
if [ ! -d "$src" ]; then
    echo "seed.sh: no corpus at $src; using fuzz/seeds/ only" >&2
    exit 0
fi
mkdir -p "$here/corpus/extract" "$here/corpus/symbol_roundtrip" "$here/corpus/pdf"
# pdf: the corpus's PDFs as they are (reports, letters, resolutions, a meeting record, scans).
find "$src" -name '*.pdf' -exec cp {} "$here/corpus/pdf/" \;
python3 - "$src" "$here/corpus" <<'PY'
import hashlib, pathlib, re, sys

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
symbol = re.compile(r"\b(?:A|S|E|FCCC|ST|CRC|CEDAW|UNEP|TD)(?:/[A-Za-z0-9.\-()]+)+(?: \((?:19|20)\d\d\))?")
symbols = set()

def write(target, data):
    name = hashlib.sha1(data).hexdigest()
    (out / target / name).write_bytes(data)

pieces = 0
for path in sorted(p for p in src.rglob("*") if p.suffix in (".txt", ".md")):
    text = path.read_text(encoding="utf-8", errors="replace")
    symbols.update(symbol.findall(text))
    chunk, n = [], 0
    for line in text.splitlines(keepends=True):
        chunk.append(line)
        if sum(len(c.encode()) for c in chunk) >= 2048:
            write("extract", "".join(chunk).encode())
            chunk, n = [], n + 1
            if n >= 40:
                break
    if chunk and n < 40:
        write("extract", "".join(chunk).encode())
        n += 1
    pieces += n
for s in symbols:
    write("symbol_roundtrip", s.encode())
print(f"seed.sh: {pieces} extract seeds, {len(symbols)} symbol seeds from {src}")
PY
