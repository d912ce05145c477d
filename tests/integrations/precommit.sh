#!/usr/bin/env bash
# Shows the pirlint pre-commit hook blocking a commit of a faulty report and
# letting a clean one through (called from .ci/run).
#   1. A temporary git repository with a `repo: local` hook built from this
#      repository's .pre-commit-hooks.yaml (same id, language, types), whose
#      entry is the freshly built binary; `pre-commit install`, then real
#      `git commit`s.
#   2. `pre-commit try-repo` of this working tree: the published hook
#      definition, run as a remote hook with the built pirlint on PATH.
# Installs pre-commit from PyPI into a venv under target/integrations/.
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

cargo build -q -p pirlint
pirlint="$repo/target/debug/pirlint"
export PIRLINT_NOW=2026-07-01T00:00:00Z NO_COLOR=1
export PRE_COMMIT_HOME="$work/pre-commit-home"
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git init -q -b main .

# The local hook: this repository's hook definition with the built binary.
"$work/venv/bin/python" - "$repo/.pre-commit-hooks.yaml" "$pirlint" > .pre-commit-config.yaml <<'PY'
import shlex, sys, yaml
hook = next(h for h in yaml.safe_load(open(sys.argv[1])) if h["id"] == "pirlint")
hook["entry"] = f"{shlex.quote(sys.argv[2])} check"
print(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False))
PY
cat .pre-commit-config.yaml
git add .pre-commit-config.yaml
git commit -q -m "pre-commit config" --no-verify
"$precommit" install > /dev/null

passed=0
mkdir reports
cp "$repo/examples/faulty/2026-06-cdn-outage.md" reports/cdn-outage.md
git add reports/cdn-outage.md
if git commit -q -m "faulty report" > commit.log 2>&1; then
  cat commit.log
  echo "FAILED: the hook let a report with blame language and missing pieces through"
  exit 1
fi
grep -q "blameless/named-blame" commit.log || { cat commit.log; echo "FAILED: the hook did not say why"; exit 1; }
echo "ok: the hook blocks a commit of examples/faulty/2026-06-cdn-outage.md (blameless/named-blame)"
passed=$((passed + 1))
git reset -q

cp "$repo/examples/faulty/2026-04-ransomware-draft.md" reports/draft.md
git add reports/draft.md
if git commit -q -m "draft" > commit.log 2>&1; then
  cat commit.log; echo "FAILED: the hook let a report missing sections through"; exit 1
fi
grep -q "structure/required-sections" commit.log || { cat commit.log; echo "FAILED: no required-sections finding"; exit 1; }
echo "ok: the hook blocks a commit of a report missing required sections"
passed=$((passed + 1))
git reset -q
rm reports/draft.md reports/cdn-outage.md

cp "$repo/examples/clean/2026-03-credential-stuffing.md" reports/credential-stuffing.md
git add reports/credential-stuffing.md
if ! git commit -q -m "clean report" > commit.log 2>&1; then
  cat commit.log; echo "FAILED: the hook blocked a clean report"; exit 1
fi
# Compare the subject rather than `git log | grep -q`: grep -q exits at the
# first match and git log then dies of SIGPIPE, which pipefail turns into 141.
[ "$(git log -1 --format=%s)" = "clean report" ] || { git log --oneline; echo "FAILED: the clean report was not committed"; exit 1; }
echo "ok: the hook lets examples/clean/2026-03-credential-stuffing.md be committed"
passed=$((passed + 1))

# The published hook definition, as a remote repository would use it: a
# scratch hook repository holding this repository's .pre-commit-hooks.yaml
# (committed there, so this works before the file is committed here).
hooks="$tmp/hook-repo"
mkdir "$hooks"
cp "$repo/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q -b main .
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -q -m hooks
cp "$repo/examples/faulty/2026-06-cdn-outage.md" reports/cdn-outage.md
if PATH="$repo/target/debug:$PATH" "$precommit" try-repo "$hooks" pirlint --files reports/cdn-outage.md > try.log 2>&1; then
  cat try.log; echo "FAILED: try-repo passed a faulty report"; exit 1
fi
grep -q "blameless/named-blame" try.log || { cat try.log; echo "FAILED: try-repo did not run pirlint"; exit 1; }
PATH="$repo/target/debug:$PATH" "$precommit" try-repo "$hooks" pirlint --files reports/credential-stuffing.md > try.log 2>&1 \
  || { cat try.log; echo "FAILED: try-repo blocked a clean report"; exit 1; }
echo "ok: pre-commit try-repo runs the published hook (.pre-commit-hooks.yaml): faulty fails, clean passes"
passed=$((passed + 1))

echo "$passed passed, 0 failed"
