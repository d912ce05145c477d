#!/usr/bin/env bash
# The Python wheel (pyproject.toml: maturin, bindings = "bin"), as a user
# without Rust gets it (called from .ci/run):
#   1. `maturin build --profile dev` packs the dev build that cargo already
#      made (no second compile: the binary in the wheel is byte for byte
#      target/debug/pirlint) into target/wheels/;
#      `maturin sdist` holds every file the crates compile in from outside
#      their directories;
#   2. a fresh virtual environment, `pip install --no-index --only-binary
#      :all:` of that wheel with a PATH that has no cargo or rustc;
#   3. the `pirlint` that runs is the venv's (path, --version, bytes), and
#      the README's first command, `pirlint check examples/`, exits 1.
# The later integration tests (pre-commit mirror, GitHub Action) install
# the wheel this leaves in target/wheels/.
# Installs maturin from PyPI into a venv under target/integrations/.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
work="$repo/target/integrations"
wheels="$repo/target/wheels"
maturin_version=1.16.0
mkdir -p "$work"

if [ ! -x "$work/maturin-venv/bin/python" ]; then
  python3 -m venv "$work/maturin-venv"
fi
if [ "$("$work/maturin-venv/bin/maturin" --version 2>/dev/null)" != "maturin $maturin_version" ]; then
  "$work/maturin-venv/bin/pip" install -q --disable-pip-version-check "maturin==$maturin_version"
fi
maturin="$work/maturin-venv/bin/maturin"
sha() { sha256sum "$1" | cut -d' ' -f1; }
passed=0

# 1. The wheel, from cargo's dev build.
cargo build -q -p pirlint
built="$(sha target/debug/pirlint)"
rm -rf "$wheels"
start=$(date +%s)
# Stored, not deflated: this wheel never leaves the machine, and zipping the
# 330 MB debug binary would take 10 s instead of 3.
"$maturin" build --profile dev --compression-method stored --out "$wheels" > "$work/maturin.log" 2>&1 \
  || { cat "$work/maturin.log"; echo "FAILED: maturin build"; exit 1; }
if grep -E '^ *Compiling ' "$work/maturin.log"; then
  echo "FAILED: maturin recompiled what 'cargo build -p pirlint' had built (see $work/maturin.log)"
  exit 1
fi
wheel="$(ls "$wheels"/pirlint-*.whl)"
version="$(awk -F'"' '/^\[workspace.package\]/{p=1} p && /^version = /{print $2; exit}' Cargo.toml)"
case "$(basename "$wheel")" in
  "pirlint-$version-py3-none-"*) ;;
  *) echo "FAILED: unexpected wheel name $(basename "$wheel") for version $version"; exit 1 ;;
esac
in_wheel="$(python3 - "$wheel" "$version" <<'PY'
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if not n.startswith(f"pirlint-{sys.argv[2]}.dist-info/")]
assert names == [f"pirlint-{sys.argv[2]}.data/scripts/pirlint"], names
print(hashlib.sha256(z.read(names[0])).hexdigest())
PY
)"
[ "$in_wheel" = "$built" ] || { echo "FAILED: the wheel's binary ($in_wheel) is not cargo's target/debug/pirlint ($built)"; exit 1; }
[ "$(sha target/debug/pirlint)" = "$built" ] || { echo "FAILED: maturin changed target/debug/pirlint"; exit 1; }
echo "ok: $(basename "$wheel") ($(du -m "$wheel" | cut -f1) MB) holds only the binary, byte for byte cargo's target/debug/pirlint, no recompile ($(( $(date +%s) - start )) s)"
passed=$((passed + 1))

# 1b. The source distribution (what pip builds where no wheel fits) holds
# every file the packaged crates compile in from outside their directories
# (include_str!/include_bytes!, bindgen!'s WIT path, build.rs's plugins/dist).
# Building it takes minutes in a separate target directory, so CI checks the
# list; `cargo check` of the unpacked sdist passed when the list was made.
rm -rf "$work/sdist"
"$maturin" sdist --out "$work/sdist" > "$work/maturin-sdist.log" 2>&1 \
  || { cat "$work/maturin-sdist.log"; echo "FAILED: maturin sdist"; exit 1; }
python3 - "$work"/sdist/pirlint-*.tar.gz <<'PY'
import pathlib, re, sys, tarfile
tar = tarfile.open(sys.argv[1])
root = tar.getnames()[0].split("/")[0]
names = {n[len(root) + 1:] for n in tar.getnames()}
crates = sorted({n.split("/")[1] for n in names if n.startswith("crates/") and n.endswith("/Cargo.toml")})
repo, needed = pathlib.Path.cwd(), set()
for crate in crates:
    for src in (repo / "crates" / crate).rglob("*.rs"):
        if "tests" in src.relative_to(repo / "crates" / crate).parts or "benches" in src.parts:
            continue
        text = src.read_text(encoding="utf-8")
        for m in re.finditer(r'(?:include_str|include_bytes)!\("([^"]+)"\)|path:\s*"([^"]+)"|join\("(\.\./[^"]+)"\)', text):
            rel = m.group(1) or m.group(2) or m.group(3)
            base = src.parent if m.group(1) else repo / "crates" / crate
            target = (base / rel).resolve()
            # tests/: fixtures of #[cfg(test)] modules, not needed to build.
            if target.is_relative_to(repo / "crates" / crate) or target.is_relative_to(repo / "tests") or not target.exists():
                continue
            files = [target] if target.is_file() else [f for f in target.rglob("*") if f.is_file()]
            needed.update(str(f.relative_to(repo)) for f in files)
missing = sorted(needed - names)
if missing:
    sys.exit(f"FAILED: the sdist lacks files the crates compile in: {missing}")
print(f"ok: the sdist holds {len(crates)} crates and the {len(needed)} files they compile in from outside them (plugins/dist, wit, schemas)")
PY
passed=$((passed + 1))

# 2. A fresh venv; no Rust on PATH.
venv="$work/wheel-venv"
rm -rf "$venv"
python3 -m venv "$venv"
clean_path="$venv/bin:/usr/bin:/bin"
for tool in cargo rustc rustup; do
  if PATH="$clean_path" command -v "$tool" > /dev/null; then
    echo "FAILED: $tool is on the test PATH ($clean_path)"; exit 1
  fi
done
start=$(date +%s)
env -u CARGO -u RUSTC -u CARGO_HOME -u RUSTUP_HOME PATH="$clean_path" \
  "$venv/bin/pip" install -q --disable-pip-version-check --no-index --only-binary :all: "$wheel"
echo "ok: pip install --no-index --only-binary :all: of the wheel into a fresh venv, no cargo or rustc on PATH ($(( $(date +%s) - start )) s)"
passed=$((passed + 1))

# 3. The venv's pirlint runs, and the README's first command behaves.
run() { env -u CARGO -u RUSTC -u CARGO_HOME -u RUSTUP_HOME PATH="$clean_path" "$@"; }
found="$(run sh -c 'command -v pirlint')"
[ "$found" = "$venv/bin/pirlint" ] || { echo "FAILED: pirlint on PATH is $found, not the venv's"; exit 1; }
[ "$(sha "$found")" = "$built" ] || { echo "FAILED: the installed pirlint is not the wheel's binary"; exit 1; }
reported="$(run pirlint --version)"
[ "$reported" = "pirlint $version" ] || { echo "FAILED: pirlint --version says '$reported', expected 'pirlint $version'"; exit 1; }
echo "ok: 'pirlint' on PATH is $found ($reported), the wheel's binary"
passed=$((passed + 1))

set +e
run pirlint check examples/ > "$work/wheel-examples.txt" 2>&1
status=$?
set -e
tail -n 2 "$work/wheel-examples.txt"
if [ "$status" -ne 1 ]; then
  echo "FAILED: expected exit status 1 from the wheel's 'pirlint check examples/', got $status"; exit 1
fi
grep -q "blameless/named-blame" "$work/wheel-examples.txt" || { echo "FAILED: no findings printed"; exit 1; }
run pirlint check examples/clean/ > "$work/wheel-clean.txt" 2>&1 \
  || { cat "$work/wheel-clean.txt"; echo "FAILED: the wheel's pirlint fails the clean examples"; exit 1; }
echo "ok: the wheel's 'pirlint check examples/' exits 1 with findings; examples/clean/ exits 0"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
