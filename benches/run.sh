#!/usr/bin/env bash
# Wall-clock figures for BENCHMARKS.md: one report in a fresh process (the
# pre-commit case) and a generated corpus of 1,000 reports, both with every
# built-in plugin, release build, warm plugin cache.
# Usage: bash benches/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
cargo build -q --release -p pirlint
bin=$PWD/target/release/pirlint
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
python3 benches/gen_corpus.py --count "$count" --seed 42 --out "$corpus" >/dev/null
one="$PWD/examples/clean/2026-03-credential-stuffing.md"
export PIRLINT_NOW=2026-07-01T00:00:00Z
"$bin" check "$one" >/dev/null || true   # warm the compiled-plugin cache
echo "machine: $(nproc) cores, $(uname -m); pirlint $("$bin" --version | cut -d' ' -f2)"
echo "corpus: $count reports, $(du -sb "$corpus" | cut -f1) bytes (benches/gen_corpus.py --seed 42)"
hyperfine --warmup 3 --runs 30 -N --ignore-failure \
  "$bin check $one" \
  --export-markdown /dev/stdout
hyperfine --warmup 1 --runs 5 --ignore-failure \
  "$bin check $corpus --format json > /dev/null" \
  "RAYON_NUM_THREADS=1 $bin check $corpus --format json > /dev/null" \
  --export-markdown /dev/stdout
/usr/bin/time -f "peak memory, $count reports: %M KiB" "$bin" check "$corpus" --format json > /dev/null || true
