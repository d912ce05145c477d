#!/usr/bin/env bash
# CI for the {{name}} plugin: install the toolchain, build, test on the fixtures.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v componentize-py >/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet componentize-py=={{componentize_py}}
  export PATH="$PWD/.venv/bin:$PATH"
fi
pirlint plugin build .
pirlint plugin test plugin.wasm fixtures/
