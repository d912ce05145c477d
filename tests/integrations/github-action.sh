#!/usr/bin/env bash
# Runs the GitHub Action (action.yml, composite) locally against a fixture
# repository (called from .ci/run, after wheel.sh): the action's own steps,
# read from action.yml by action_runner.py, with GITHUB_OUTPUT, GITHUB_PATH,
# GITHUB_STEP_SUMMARY and RUNNER_TEMP set to temporary files, pirlint
# pip-installed from the wheel in target/wheels/ with no Rust on PATH.
# github_action.py says what each case asserts. The SARIF validators are
# validate.sh's (same versions, installed the same way under
# target/integrations/).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
work="$repo/target/integrations"
mkdir -p "$work"

multitool_version="$(sed -n 's/^multitool_version=//p' tests/integrations/validate.sh)"
jest_sarif_version="$(sed -n 's/^jest_sarif_version=//p' tests/integrations/validate.sh)"
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
if ! "$work/venv/bin/python" -c 'import jsonschema, yaml' 2>/dev/null; then
  "$work/venv/bin/pip" install -q --disable-pip-version-check 'jsonschema>=4.18' 'pyyaml>=6'
fi
if [ ! -f "$work/node/node_modules/@microsoft/sarif-multitool/package.json" ]; then
  npm install --prefix "$work/node" --no-audit --no-fund --loglevel=error "@microsoft/sarif-multitool@$multitool_version"
fi
multitool="$(cd "$work/node" && node -p "require('@microsoft/sarif-multitool')")"
chmod u+x "$multitool"
schema="$work/sarif-schema/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$schema" ]; then
  rm -rf "$work/sarif-schema" && mkdir -p "$work/sarif-schema"
  (cd "$work/sarif-schema" && npm pack --silent --loglevel=error "@microsoft/jest-sarif@$jest_sarif_version" >/dev/null && tar xzf ./*.tgz)
fi

if ! ls target/wheels/pirlint-*.whl > /dev/null 2>&1; then
  bash tests/integrations/wheel.sh
fi
"$work/venv/bin/python" tests/integrations/github_action.py \
  --wheels "$repo/target/wheels" --multitool "$multitool" --sarif-schema "$schema"
