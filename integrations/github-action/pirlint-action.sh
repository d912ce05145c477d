#!/usr/bin/env bash
# The steps of pirlint's GitHub Action (action.yml at the repository root):
#   pirlint-action.sh install   pip-installs pirlint into $RUNNER_TEMP/pirlint-venv
#                               and puts it on $GITHUB_PATH
#   pirlint-action.sh check     pirlint check: SARIF into the sarif-file input,
#                               then `--format github` annotations; sets the
#                               outputs sarif-file and exit-code; exits with
#                               pirlint's status
# Inputs come as INPUT_* environment variables (set by action.yml, never
# pasted into the script, so no input is run as shell code).
set -euo pipefail

die() { echo "::error title=pirlint action::$*"; exit 2; }

install() {
  local venv="${RUNNER_TEMP:?RUNNER_TEMP is not set}/pirlint-venv"
  local python="${INPUT_PYTHON:-python3}" version="${INPUT_VERSION:-}" wheel="${INPUT_WHEEL:-}"
  if [ -z "$version" ]; then
    # This action's own version: the workspace version at the ref in use.
    version="$(awk -F'"' '/^\[workspace.package\]/{p=1} p && /^version = /{print $2; exit}' "${GITHUB_ACTION_PATH:?}/Cargo.toml")"
    [ -n "$version" ] || die "no version input and none in $GITHUB_ACTION_PATH/Cargo.toml"
  fi
  rm -rf "$venv"
  "$python" -m venv "$venv" || die "'$python -m venv' failed: set the python input, or add actions/setup-python"
  local bin="$venv/bin"
  [ -d "$venv/Scripts" ] && bin="$venv/Scripts" # Windows
  local pip=("$bin/python" -m pip install --disable-pip-version-check --quiet --only-binary :all:)
  if [ -n "$wheel" ] && [ -d "$wheel" ]; then
    "${pip[@]}" --no-index --find-links "$wheel" "pirlint==$version"
  elif [ -n "$wheel" ]; then
    [ -f "$wheel" ] || die "the wheel input names no file or directory: $wheel"
    "${pip[@]}" --no-index "$wheel"
  else
    "${pip[@]}" "pirlint==$version"
  fi
  echo "$bin" >> "${GITHUB_PATH:?}"
  echo "installed $("$bin/pirlint" --version) in $venv"
}

check() {
  local paths=() line
  if [[ "${INPUT_PATHS:-}" == *$'\n'* ]]; then
    while IFS= read -r line; do
      line="${line#"${line%%[![:space:]]*}"}"
      line="${line%"${line##*[![:space:]]}"}"
      [ -n "$line" ] && paths+=("$line")
    done <<< "$INPUT_PATHS"
  else
    read -r -a paths <<< "${INPUT_PATHS:-}"
  fi
  [ "${#paths[@]}" -gt 0 ] || paths=(.)
  local args=()
  [ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
  case "${INPUT_FAIL_LEVEL:-}" in
    "") ;;
    error|warning|info) args+=(--fail-on "$INPUT_FAIL_LEVEL") ;;
    *) die "fail-level must be error, warning or info, not '$INPUT_FAIL_LEVEL'" ;;
  esac
  local sarif="${INPUT_SARIF_FILE:-pirlint.sarif}"
  mkdir -p "$(dirname "$sarif")"
  local errors="${RUNNER_TEMP:-/tmp}/pirlint-sarif-stderr.txt" sarif_status=0 status=0
  pirlint check "${paths[@]}" ${args[@]+"${args[@]}"} --format sarif > "$sarif" 2> "$errors" || sarif_status=$?
  pirlint check "${paths[@]}" ${args[@]+"${args[@]}"} --format github || status=$?
  if [ "$sarif_status" -ne "$status" ]; then
    cat "$errors" >&2
    echo "::warning title=pirlint action::the SARIF run exited $sarif_status, the annotation run $status"
    [ "$sarif_status" -gt "$status" ] && status=$sarif_status
  fi
  {
    echo "sarif-file=$sarif"
    echo "exit-code=$status"
  } >> "${GITHUB_OUTPUT:?}"
  case "$status" in
    0) echo "pirlint: nothing at or above the fail level; SARIF in $sarif" ;;
    1) echo "pirlint: findings at or above the fail level (annotated above); SARIF in $sarif" ;;
    *) echo "::error title=pirlint::pirlint exited $status: usage, configuration or input errors (see above)" ;;
  esac
  exit "$status"
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
