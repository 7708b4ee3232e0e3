#!/usr/bin/env bash
# Sets up unkg on a fresh Debian/Ubuntu machine and runs the main job on the bundled sample:
# General Assembly resolution 79/319 in Chinese (Markdown converted from PDF) and English
# (text extracted from PDF).
set -euo pipefail
cd "$(dirname "$0")/.."

# RocksDB, the on-disk store, is compiled from source and needs libclang.
if ! dpkg -s libclang-dev >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq libclang-dev clang
fi

echo "==> building unkg (the first build compiles RocksDB and takes a while)"
cargo build --release --quiet
unkg=${CARGO_TARGET_DIR:-target}/release/unkg

echo "==> what the Chinese and English versions cite"
"$unkg" extract --format table examples/corpus/A_RES_79_319.zh.md examples/corpus/A_RES_79_319.en.txt

echo "==> a knowledge graph of both versions, and what A/RES/79/319 cites"
rm -rf examples/kg
"$unkg" build examples/corpus --store examples/kg
"$unkg" query --store examples/kg --name cites --param symbol=A/RES/79/319
