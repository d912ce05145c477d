#!/usr/bin/env bash
# pirlint's language server in a real editor: headless Neovim (Debian's
# `neovim` package, 0.7 or later) opens a faulty report and must show
# pirlint's diagnostics, then a clean one and must show none.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim: installing Debian's neovim"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q neovim >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q neovim >/dev/null 2>&1; } || true
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "neovim: FAIL: nvim is not installed and could not be installed; the Neovim integration test needs it (apt-get install -y neovim, 0.7 or later)" >&2
  exit 1
fi

cargo build -q -p pirlint
bin="$PWD/target/debug/pirlint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The reports, as the README's first command checks them (the repository's
# rules.toml applies: they are opened where they are).
export PIRLINT_BIN="$bin"
export REPORTS_ROOT="$PWD"
export FAULTY_REPORT="$PWD/examples/faulty/2026-06-cdn-outage.md"
export CLEAN_REPORT="$PWD/examples/clean/2026-03-credential-stuffing.md"
export PIRLINT_NOW="${PIRLINT_NOW:-2026-07-01T00:00:00Z}"
# No user configuration, no swap files, no shada: only what the script sets.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"

timeout 180 nvim --headless -u NONE -i NONE -n -c "luafile tests/integrations/neovim.lua" </dev/null
echo "neovim: pirlint diagnostics shown for the faulty report, none for the clean one"
