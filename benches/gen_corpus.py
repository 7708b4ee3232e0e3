#!/usr/bin/env python3
"""Generate a synthetic UN corpus for build benchmarks by recombining real paragraphs.

    python3 benches/gen_corpus.py ../shared/corpus-large OUT_DIR [N=10000] [SEED=1]

Reads every .txt under the source folder, splits the texts into paragraphs (blank-line
separated), and writes N documents. Each document gets a fresh symbol (A/RES/{session}/{n}),
adoption date and header, then 20-80 real paragraphs drawn at random, in which citation numbers
(resolution 70/1, A/78/300, S/RES/2712 (2023)), years and day numbers are varied, so the citation
graph has realistic shape but is not a copy of the source. Deterministic for a given seed.
"""
import os
import random
import re
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def paragraphs(src):
    out = []
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(".txt"):
                continue
            with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                for p in re.split(r"\n\s*\n", fh.read()):
                    p = p.strip()
                    if 40 <= len(p) <= 4000:
                        out.append(p)
    return out


def vary(p, rng):
    p = re.sub(r"\b(resolutions? )(\d{2})/(\d{1,3})",
               lambda m: f"{m.group(1)}{rng.randint(40, 79)}/{rng.randint(1, 320)}", p)
    p = re.sub(r"\bA/(\d{2})/(\d{1,4})\b", lambda m: f"A/{rng.randint(40, 79)}/{rng.randint(1, 999)}", p)
    p = re.sub(r"\bS/RES/(\d{3,4}) \((\d{4})\)",
               lambda m: (lambda y: f"S/RES/{rng.randint(100, 2700)} ({y})")(rng.randint(1990, 2024)), p)
    p = re.sub(r"\b(19[5-9]\d|20[0-2]\d)\b", lambda m: str(rng.randint(1950, 2024)), p)
    return p


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    src, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    pars = paragraphs(src)
    if not pars:
        sys.exit(f"no paragraphs under {src}")
    os.makedirs(out, exist_ok=True)
    total = 0
    for i in range(n):
        session = 50 + i % 30
        symbol = f"A/RES/{session}/{1 + i // 30}"
        year = 1945 + session
        date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"
        body = [f"United Nations\t{symbol}", "General Assembly",
                f"Resolution adopted by the General Assembly on {date}", "The General Assembly,"]
        body += [vary(rng.choice(pars), rng) for _ in range(rng.randint(20, 80))]
        text = "\n\n".join(body) + "\n"
        total += len(text.encode())
        with open(os.path.join(out, f"A_RES_{session}_{1 + i // 30}.txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"wrote {n} documents, {total / 1e6:.1f} MB, to {out}")


if __name__ == "__main__":
    main()
