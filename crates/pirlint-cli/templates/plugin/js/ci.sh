#!/usr/bin/env bash
# CI for the {{name}} plugin: install the toolchain, build, test on the fixtures.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
pirlint plugin build .
pirlint plugin test plugin.wasm fixtures/
