#!/usr/bin/env bash
# The example plugins in Rust, Python and JavaScript (examples/plugins/) and
# the `pirlint plugin new` scaffolds, built with their stock toolchains
# (called from .ci/run, after target/debug/pirlint is built):
#   1. toolchains at exact versions: componentize-py from PyPI into a venv
#      under target/integrations/, componentize-js from npm (`npm ci` against
#      examples/plugins/js/package-lock.json); Rust's wasm32-wasip2 target;
#   2. each example built twice with `pirlint plugin build`: whether the
#      bytes match is printed per language; Rust must match (it fails the
#      run), Python and JavaScript are reported only;
#   3. each first build loaded through a policy that pins it by SHA-256 and
#      sets the rule's option: `pirlint check` (first load: compile; second:
#      the cache) gives the same findings, the same --diff and the same `explain` for all three;
#      a wrong pin is refused;
#   4. `pirlint plugin test` of each on the shared fixtures
#      (examples/plugins/fixtures/, one set of snapshots): all must pass;
#   5. a scaffold per language from `pirlint plugin new`, built and tested by
#      its own ci.sh (`pirlint plugin build`, `pirlint plugin test`).
# Prints sizes, build times, compile and cached load times; the figures in
# docs/plugins.md come from this script.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
# The cargo target directory: CARGO_TARGET_DIR when set (a git worktree
# sharing another checkout's), else ./target.
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$target/integrations/example-plugins"
componentize_py_version=0.25.1
pirlint="$target/debug/pirlint"
cargo build -q -p pirlint   # a no-op after .ci/run's earlier builds
rm -rf "$work"
mkdir -p "$work/bin"
ln -s "$pirlint" "$work/bin/pirlint"
# A cache of our own, empty, so that the first load's compile time is real.
export PIRLINT_CACHE_DIR="$work/cache"
export PIRLINT_CACHE_KEY="$work/cache.key"
export PIRLINT_NOW=2026-07-01T00:00:00Z
export NO_COLOR=1

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
size_mb() { awk -v n="$(stat -c %s "$1")" 'BEGIN { printf "%.2f MB", n / 1e6 }'; }
fail() { echo "FAILED: $*"; exit 1; }
passed=0
failed=0
report=()
note() { report+=("$*"); echo "$*"; }

# 1. Toolchains.
venv="$target/integrations/componentize-py-venv"
start=$(now)
if [ "$("$venv/bin/componentize-py" --version 2>/dev/null)" != "componentize-py $componentize_py_version" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "componentize-py==$componentize_py_version"
fi
note "toolchain python: $("$venv/bin/componentize-py" --version), installed in $(since "$start") s ($(du -sh "$venv" | cut -f1) venv)"
start=$(now)
(cd examples/plugins/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
js_version=$(node -p 'require("./examples/plugins/js/node_modules/@bytecodealliance/componentize-js/package.json").version')
note "toolchain js: componentize-js $js_version (node $(node --version)), npm ci in $(since "$start") s ($(du -sh examples/plugins/js/node_modules | cut -f1) node_modules)"
rustup target add wasm32-wasip2 >/dev/null 2>&1 || true
note "toolchain rust: $(rustc --version), target wasm32-wasip2"
export PATH="$work/bin:$venv/bin:$PATH"

# 2. Each example built twice. The Rust crate's own artifacts are cleaned
# between the builds, so the second one compiles it again (its dependencies
# are deterministic and shared).
for lang in rust python js; do
  dir="examples/plugins/$lang"
  for n in 1 2; do
    if [ "$lang" = rust ] && [ "$n" = 2 ]; then
      cargo clean -q --release --target wasm32-wasip2 -p pirlint-example-filler-word
    fi
    rm -f "$dir/plugin.wasm"
    start=$(now)
    pirlint plugin build "$dir" > "$work/build-$lang-$n.txt" 2>&1 || { cat "$work/build-$lang-$n.txt"; fail "pirlint plugin build $dir"; }
    note "build $lang #$n: $(since "$start") s, $(size_mb "$dir/plugin.wasm"), sha256 $(sha "$dir/plugin.wasm")"
    cp "$dir/plugin.wasm" "$work/$lang-$n.wasm"
  done
  if [ "$lang" = rust ]; then
    # Paths are remapped: the component names no directory of this machine,
    # so a checkout elsewhere builds the same bytes.
    for path in "$repo" "${CARGO_HOME:-$HOME/.cargo}"; do
      if grep -qaF "$path" "$work/rust-1.wasm"; then fail "the Rust component holds the path $path"; fi
    done
  fi
  if cmp -s "$work/$lang-1.wasm" "$work/$lang-2.wasm"; then
    note "reproducible $lang: yes, the two builds are byte for byte identical"
  elif [ "$lang" = rust ]; then
    fail "the two Rust builds differ: Rust plugin builds must be reproducible"
  else
    note "reproducible $lang: no, the two builds differ ($(cmp -l "$work/$lang-1.wasm" "$work/$lang-2.wasm" 2>/dev/null | wc -l) bytes): pin the artifact you ship"
  fi
done

# 3. Loaded through a pinned policy, with the option set (a non-ASCII word).
# The built-in plugins are compiled into the empty cache first, so that a
# first load's time is the example plugin's compile alone.
pirlint check examples/clean/ > /dev/null 2>&1 || true
cat > "$work/report.md" <<'EOF'
# Incident 2026-040: Zürich DNS ☕

## Summary

Le résolveur — 東京 aussi — was naïvement configured, and we simply restarted it.
EOF
for lang in rust python js; do
  policy="$work/policy-$lang"
  mkdir -p "$policy"
  cp "$work/report.md" "$policy/report.md"
  cat > "$policy/rules.toml" <<EOF
[plugins.example]
path = "$work/$lang-1.wasm"
sha256 = "$(sha "$work/$lang-1.wasm")"

[rules."example/filler-word"]
words = ["naïvement", "simply"]
EOF
  for run in first cached; do
    start=$(now)
    set +e
    (cd "$policy" && pirlint check report.md --format short > "$work/check-$lang-$run.txt" 2>&1)
    status=$?
    set -e
    note "load $lang ($run): pirlint check in $(since "$start") s"
    [ "$status" -le 1 ] || { cat "$work/check-$lang-$run.txt"; fail "pirlint check with the pinned $lang plugin exited $status"; }
  done
  (cd "$policy" && pirlint check report.md --diff > "$work/diff-$lang.txt" 2>&1) || true
  (cd "$policy" && pirlint explain example/filler-word > "$work/explain-$lang.txt" 2>&1) || { cat "$work/explain-$lang.txt"; fail "pirlint explain with the pinned $lang plugin failed"; }
  grep -q "example/filler-word" "$work/check-$lang-first.txt" || { cat "$work/check-$lang-first.txt"; fail "no example/filler-word finding from the $lang plugin"; }
done
for lang in python js; do
  for what in check-LANG-first diff-LANG explain-LANG; do
    if ! cmp -s "$work/${what/LANG/rust}.txt" "$work/${what/LANG/$lang}.txt"; then
      diff "$work/${what/LANG/rust}.txt" "$work/${what/LANG/$lang}.txt" || true
      fail "${what/LANG/$lang}: the $lang plugin's output differs from Rust's"
    fi
  done
done
echo "ok: pinned rust, python and js give the same findings, the same --diff and the same explain"
passed=$((passed + 1))
# A wrong pin is refused (exit 2), naming both digests.
zeros=$(printf '0%.0s' {1..64})
sed -i "s/^sha256 = .*/sha256 = \"$zeros\"/" "$work/policy-rust/rules.toml"
set +e
(cd "$work/policy-rust" && pirlint check report.md > "$work/wrong-pin.txt" 2>&1)
status=$?
set -e
[ "$status" = 2 ] || { cat "$work/wrong-pin.txt"; fail "a wrong pin: expected exit 2, got $status"; }
grep -q "$(sha "$work/rust-1.wasm")" "$work/wrong-pin.txt" || { cat "$work/wrong-pin.txt"; fail "a wrong pin's error does not show the actual digest"; }
echo "ok: a wrong pin is refused"
passed=$((passed + 1))

# 4. The shared fixtures and snapshots, for each language.
for lang in rust python js; do
  if pirlint plugin test "$work/$lang-1.wasm" examples/plugins/fixtures/ > "$work/test-$lang.txt" 2>&1; then
    echo "ok: pirlint plugin test ($lang) on examples/plugins/fixtures/"
    passed=$((passed + 1))
  else
    cat "$work/test-$lang.txt"
    echo "FAILED: pirlint plugin test ($lang)"
    failed=$((failed + 1))
  fi
  note "fuel $lang: $(tail -n 1 "$work/test-$lang.txt" | sed 's/.*fuel //')"
done
[ "$failed" = 0 ] || fail "$failed language(s) failed the shared fixtures"

# 5. Scaffolds: written, built and tested by their own ci.sh.
sdk="$repo/crates/pirlint-plugin-sdk"
for lang in rust python js; do
  dir="$work/scaffold/acme-$lang"
  extra=()
  [ "$lang" = rust ] && extra=(--sdk-path "$sdk")
  pirlint plugin new "acme-$lang" --lang "$lang" --dir "$dir" "${extra[@]}" > /dev/null
  start=$(now)
  if bash "$dir/ci.sh" > "$work/scaffold-$lang.txt" 2>&1; then
    note "ok: scaffold $lang: ci.sh (install, build, test) in $(since "$start") s"
    passed=$((passed + 1))
  else
    tail -n 30 "$work/scaffold-$lang.txt"
    fail "the $lang scaffold's ci.sh"
  fi
done

echo
echo "summary:"
printf '  %s\n' "${report[@]}"
echo "$passed passed, $failed failed"
