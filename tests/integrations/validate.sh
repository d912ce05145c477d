#!/usr/bin/env bash
# Validates pirlint's machine-readable outputs with their consumers' own
# tools (called from .ci/run):
#   * SARIF: the SARIF multitool's validator (npm @microsoft/sarif-multitool,
#     SARIF and GitHub-ingestion rules) and the SARIF 2.1.0 JSON schema (the
#     copy bundled in npm @microsoft/jest-sarif), via Python jsonschema;
#   * JUnit XML: parsed by Python junitparser, counts compared with --format json;
#   * --format json: schemas/diagnostics.schema.json via Python jsonschema;
#   * --format gitlab: schemas/gitlab-codequality.schema.json (written from
#     GitLab's documentation; GitLab publishes no schema or validator);
#   * --format rdjson: schemas/rdjson.schema.json (written from reviewdog's
#     proto) and an independent validator, npm @umbrelladocs/rdformat-validator
#     (--strict --no-extra-fields);
#   both compared with --format json finding by finding.
# Installs what it needs (idempotently) under target/integrations/.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$PWD/target/integrations"
mkdir -p "$work"

multitool_version=5.7.0
jest_sarif_version=1.0.0-beta.0
rdformat_validator_version=1.0.1

# Python tools, in a venv.
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
if ! "$work/venv/bin/python" -c 'import jsonschema, junitparser' 2>/dev/null; then
  "$work/venv/bin/pip" install -q --disable-pip-version-check 'jsonschema>=4.18' 'junitparser>=3'
fi

# The SARIF multitool, in a local npm prefix.
if [ ! -f "$work/node/node_modules/@microsoft/sarif-multitool/package.json" ]; then
  npm install --prefix "$work/node" --no-audit --no-fund --loglevel=error "@microsoft/sarif-multitool@$multitool_version"
fi
multitool="$(cd "$work/node" && node -p "require('@microsoft/sarif-multitool')")"
chmod u+x "$multitool" # its postinstall does only this, and npm may skip install scripts

# An rdjson validator written independently of pirlint, in the same prefix.
if [ ! -f "$work/node/node_modules/@umbrelladocs/rdformat-validator/package.json" ]; then
  npm install --prefix "$work/node" --no-audit --no-fund --loglevel=error "@umbrelladocs/rdformat-validator@$rdformat_validator_version"
fi
rdformat_validator="$work/node/node_modules/.bin/rdformat-validator"

# The SARIF 2.1.0 schema, from a registry package (never fetched from a URL).
schema="$work/sarif-schema/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$schema" ]; then
  rm -rf "$work/sarif-schema" && mkdir -p "$work/sarif-schema"
  (cd "$work/sarif-schema" && npm pack --silent --loglevel=error "@microsoft/jest-sarif@$jest_sarif_version" >/dev/null && tar xzf ./*.tgz)
fi

cargo build -q -p pirlint
export PIRLINT_NOW=2026-07-01T00:00:00Z NO_COLOR=1
"$work/venv/bin/python" tests/integrations/validate.py \
  --pirlint "$PWD/target/debug/pirlint" --multitool "$multitool" --sarif-schema "$schema" --rdformat-validator "$rdformat_validator" --work "$work"
