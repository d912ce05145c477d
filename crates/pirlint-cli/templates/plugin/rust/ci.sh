#!/usr/bin/env bash
# CI for the {{name}} plugin: install the toolchain, build, test on the fixtures.
set -euo pipefail
cd "$(dirname "$0")"
rustup target add wasm32-wasip2
pirlint plugin build .
pirlint plugin test plugin.wasm fixtures/
