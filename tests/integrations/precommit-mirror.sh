#!/usr/bin/env bash
# pre-commit without a Rust toolchain (called from .ci/run, after wheel.sh):
#   1. generates the mirror repository (`pirlint-pre-commit`) from
#      integrations/pre-commit-mirror/ into a temporary git repository,
#      committed and tagged vVERSION as the release workflow does;
#   2. a temporary report repository whose .pre-commit-config.yaml names the
#      mirror at that tag; `pre-commit install`, then real `git commit`s with
#      a PATH that has no cargo or rustc, a fresh PRE_COMMIT_HOME, and pip
#      given no index: PIP_FIND_LINKS holds only the wheel wheel.sh built
#      (target/wheels/) and the mirror's build backend (setuptools, fetched
#      once into target/integrations/build-backend/, standing in for PyPI);
#   3. a faulty report is blocked with its findings, a clean one committed,
#      and the hook's pirlint is the wheel's binary.
# The `system` hook (.pre-commit-hooks.yaml) is tested by precommit.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
work="$repo/target/integrations"
mkdir -p "$work"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
if [ ! -x "$work/venv/bin/pre-commit" ]; then
  "$work/venv/bin/pip" install -q --disable-pip-version-check 'pre-commit>=3'
fi
precommit="$work/venv/bin/pre-commit"
python="$work/venv/bin/python"

wheel="$(ls "$repo"/target/wheels/pirlint-*.whl 2>/dev/null || true)"
if [ -z "$wheel" ]; then
  bash tests/integrations/wheel.sh
  wheel="$(ls "$repo"/target/wheels/pirlint-*.whl)"
fi
backend="$work/build-backend"
if ! ls "$backend"/setuptools-*.whl > /dev/null 2>&1; then
  "$python" -m pip download -q --disable-pip-version-check --only-binary :all: --no-deps -d "$backend" 'setuptools>=61'
fi
version="$(awk -F'"' '/^\[workspace.package\]/{p=1} p && /^version = /{print $2; exit}' Cargo.toml)"
sha() { sha256sum "$1" | cut -d' ' -f1; }
wheel_binary="$("$python" -c 'import hashlib, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(hashlib.sha256(z.read([n for n in z.namelist() if n.endswith(".data/scripts/pirlint")][0])).hexdigest())' "$wheel")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
passed=0

# 1. The mirror, generated and tagged.
mirror="$tmp/pirlint-pre-commit"
tag="$("$python" integrations/pre-commit-mirror/generate.py "$mirror")"
[ "$tag" = "v$version" ] || { echo "FAILED: generate.py says tag $tag, Cargo.toml says $version"; exit 1; }
grep -q "\"pirlint==$version\"" "$mirror/pyproject.toml" || { echo "FAILED: the mirror does not pin pirlint==$version"; exit 1; }
if grep -rq '@[A-Z]*@' "$mirror"; then echo "FAILED: unfilled template fields in the mirror"; exit 1; fi
git -C "$mirror" init -q -b main .
git -C "$mirror" add -A
git -C "$mirror" commit -q -m "pirlint $version"
git -C "$mirror" tag "$tag"
echo "ok: generate.py stamps Cargo.toml's version: the mirror pins pirlint==$version, tagged $tag"
passed=$((passed + 1))

# 2. A report repository using the mirror; no Rust, no index.
reports="$tmp/reports"
mkdir -p "$reports/reports" "$tmp/bin"
ln -s "$precommit" "$tmp/bin/pre-commit"
clean_path="$tmp/bin:/usr/bin:/bin"
for tool in cargo rustc rustup; do
  if PATH="$clean_path" command -v "$tool" > /dev/null; then
    echo "FAILED: $tool is on the test PATH ($clean_path)"; exit 1
  fi
done
cd "$reports"
git init -q -b main .
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $mirror
    rev: $tag
    hooks:
      - id: pirlint
        files: ^reports/
EOF
git add .pre-commit-config.yaml
git commit -q -m "pre-commit config" --no-verify
norust() {
  env -u CARGO -u RUSTC -u CARGO_HOME -u RUSTUP_HOME -u VIRTUAL_ENV \
    PATH="$clean_path" PRE_COMMIT_HOME="$tmp/pre-commit-home" \
    PIP_NO_INDEX=1 PIP_FIND_LINKS="$(dirname "$wheel") $backend" PIP_ONLY_BINARY=pirlint \
    PIP_DISABLE_PIP_VERSION_CHECK=1 VIRTUALENV_NO_PERIODIC_UPDATE=1 \
    PIRLINT_NOW=2026-07-01T00:00:00Z NO_COLOR=1 "$@"
}
norust pre-commit install > /dev/null
start=$(date +%s)
norust pre-commit install-hooks > install.log 2>&1 || { cat install.log; echo "FAILED: pre-commit could not install the hook from the wheel"; exit 1; }
hook_bin="$(ls "$tmp"/pre-commit-home/repo*/py_env-*/bin/pirlint)"
[ "$(sha "$hook_bin")" = "$wheel_binary" ] || { echo "FAILED: the hook's pirlint ($hook_bin) is not the wheel's binary"; exit 1; }
echo "ok: pre-commit installs the mirror's hook with pip given only the wheel and setuptools, no Rust on PATH ($(( $(date +%s) - start )) s); its pirlint is the wheel's binary"
passed=$((passed + 1))

# 3. Commits: faulty blocked, clean through.
cp "$repo/examples/faulty/2026-06-cdn-outage.md" reports/cdn-outage.md
git add reports/cdn-outage.md
if norust git commit -q -m "faulty report" > commit.log 2>&1; then
  cat commit.log; echo "FAILED: the mirror's hook let a faulty report through"; exit 1
fi
grep -q "blameless/named-blame" commit.log || { cat commit.log; echo "FAILED: the hook did not say why"; exit 1; }
echo "ok: the mirror's hook blocks a commit of examples/faulty/2026-06-cdn-outage.md (blameless/named-blame)"
passed=$((passed + 1))
git reset -q
rm reports/cdn-outage.md

cp "$repo/examples/clean/2026-03-credential-stuffing.md" reports/credential-stuffing.md
git add reports/credential-stuffing.md
norust git commit -q -m "clean report" > commit.log 2>&1 || { cat commit.log; echo "FAILED: the mirror's hook blocked a clean report"; exit 1; }
grep -q "pirlint (post-incident reports)\.*Passed" commit.log || { cat commit.log; echo "FAILED: the hook did not run on the clean report"; exit 1; }
[ "$(git log -1 --format=%s)" = "clean report" ] || { git log --oneline; echo "FAILED: the clean report was not committed"; exit 1; }
echo "ok: the mirror's hook passes and lets examples/clean/2026-03-credential-stuffing.md be committed"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
