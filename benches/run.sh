#!/usr/bin/env bash
# Wall-clock figures for BENCHMARKS.md, release build, warm plugin cache:
#  1. one report in a fresh process (the pre-commit case), and `pirlint rules`;
#  2. a generated corpus of COUNT reports (default 10,000), every core and one
#     thread (outputs compared), and peak memory;
#  3. the same corpus with every plugin off (parse + host only: the floor);
#  4. alex and markdownlint-cli2 (npm, installed under target/bench-peers,
#     never a project dependency) beside pirlint on PEERS reports (default
#     200: alex takes over a minute per 1,000).
# Per-call costs: `cargo bench -p pirlint-host --bench sandbox` and
# `cargo bench -p pirlint-report --bench parse` (criterion).
# Usage: bash benches/run.sh [COUNT] [PEERS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
peers=${2:-200}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
cargo build -q --release -p pirlint
bin=$PWD/target/release/pirlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=$work/corpus
small=$work/small
python3 benches/gen_corpus.py --count "$count" --seed 42 --out "$corpus" >/dev/null
python3 benches/gen_corpus.py --count "$peers" --seed 42 --out "$small" >/dev/null
printf '[plugins]\n' > "$work/none.toml"
for p in structure timeline questions recommendations blameless meeting metrics secrets; do
  printf '%s = false\n' "$p" >> "$work/none.toml"
done
one="$PWD/examples/clean/2026-03-credential-stuffing.md"
export PIRLINT_NOW=2026-07-01T00:00:00Z
"$bin" check "$one" >/dev/null || true   # warm the compiled-plugin cache
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "pirlint $("$bin" --version | cut -d' ' -f2); corpus: $count reports, $(du -sb "$corpus" | cut -f1) bytes (benches/gen_corpus.py --seed 42)"

echo "== 1. one report, fresh process"
hyperfine -N --warmup 3 --runs 30 --ignore-failure \
  "$bin check $one" "$bin rules" --export-markdown "$work/table.md" --export-json "$work/one.json"
cat "$work/table.md"
# The target is a median; hyperfine's table gives the mean.
python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %.1f ms: %s" % (r["median"] * 1000, r["command"]))' "$work/one.json"

echo "== 2. $count reports, all plugins; 3. parse + host only (plugins off)"
hyperfine --warmup 1 --runs 3 --ignore-failure \
  "$bin check $corpus --format json > $work/all.json" \
  "RAYON_NUM_THREADS=1 $bin check $corpus --format json > $work/one-thread.json" \
  "$bin check $corpus --format json --config $work/none.toml > /dev/null" \
  --export-markdown "$work/table.md"; cat "$work/table.md"
cmp "$work/all.json" "$work/one-thread.json" && echo "output with every core identical to one thread: yes"
# What each plugin costs (deterministic fuel, and time), one thread.
{ RAYON_NUM_THREADS=1 "$bin" check "$corpus" --format json --stats 2>&1 >/dev/null || true; } | tail -n 9
/usr/bin/time -f "peak memory, $count reports: %M KiB" "$bin" check "$corpus" --format json > /dev/null || true

[ "$peers" -gt 0 ] || exit 0
echo "== 4. peers on $peers reports"
if [ ! -x target/bench-peers/node_modules/.bin/alex ]; then
  npm install --silent --no-audit --no-fund --prefix target/bench-peers alex markdownlint-cli2 >/dev/null
fi
nm=$PWD/target/bench-peers/node_modules/.bin
echo "alex $("$nm/alex" --version), markdownlint-cli2 $("$nm/markdownlint-cli2" --help 2>&1 | awk 'NR==1{print $2}')"
hyperfine --warmup 1 --runs 3 --ignore-failure \
  "$bin check $small --format json > /dev/null" \
  "cd $small && $nm/markdownlint-cli2 '**/*.md' > /dev/null 2>&1" \
  "cd $small && $nm/alex . > /dev/null 2>&1" \
  --export-markdown "$work/table.md"; cat "$work/table.md"
