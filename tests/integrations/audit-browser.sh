#!/usr/bin/env bash
# Renders `pirlint audit --format html` in headless Chromium and checks that
# the page loads without console errors or blocked requests (it must be
# self-contained), and that its three SVG charts are in the rendered DOM with
# non-zero bars where the fixture data says so. Leaves a screenshot at
# target/audit-browser/audit.png (under $CARGO_TARGET_DIR when set) for a person to look at.
#
#   tests/integrations/audit-browser.sh            # builds pirlint (debug) first
#   PIRLINT_BIN=path/to/pirlint tests/integrations/audit-browser.sh
#
# Installs Debian's `chromium` package when no Chromium is found (needs root).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
out="$target/audit-browser"
rm -rf "$out"
mkdir -p "$out"

fail() { echo "audit-browser: FAIL: $*" >&2; exit 1; }

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser="$(command -v "$candidate")"; break; fi
done
if [ -z "$browser" ]; then
  echo "audit-browser: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  browser="$(command -v chromium)"
fi

if [ -z "${PIRLINT_BIN:-}" ]; then
  cargo build -q -p pirlint
  PIRLINT_BIN="$target/debug/pirlint"
fi

# The page: the hand-checked fixture repository, at a fixed "now".
# With the fixture tracker exports, so the ticket tables are on the page.
tickets=(--tickets tests/fixtures-audit/tickets/jira.csv --tickets tests/fixtures-audit/tickets/github.json)
"$PIRLINT_BIN" audit tests/fixtures-audit/reports --now 2026-03-01T00:00:00Z "${tickets[@]}" \
  --format html --output "$out/audit.html"
"$PIRLINT_BIN" audit tests/fixtures-audit/reports --now 2026-03-01T00:00:00Z "${tickets[@]}" \
  --format json --output "$out/audit.json"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 "$@"
}
url="file://$out/audit.html"
chrome --dump-dom "$url" > "$out/dom.html" 2> "$out/dump-dom.log" || fail "chromium --dump-dom failed (see $out/dump-dom.log)"
chrome --hide-scrollbars --window-size=1280,2200 --screenshot="$out/audit.png" "$url" \
  > /dev/null 2> "$out/screenshot.log" || fail "chromium --screenshot failed (see $out/screenshot.log)"

# Console errors, CSP violations and network requests (the page must need none).
if grep -E "CONSOLE|Uncaught|Refused to|net::ERR_|Content Security Policy" "$out/dump-dom.log" "$out/screenshot.log"; then
  fail "the page logged errors in the browser"
fi
[ -s "$out/audit.png" ] || fail "no screenshot"

python3 - "$out/dom.html" "$out/audit.json" "$out/audit.png" <<'EOF'
import json, struct, sys
from html.parser import HTMLParser

dom_path, json_path, png_path = sys.argv[1:4]
audit = json.load(open(json_path, encoding="utf-8"))

class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svg = None          # id of the chart being read
        self.bars = {}           # chart id -> [(key, value, height, width)]
        self.tables = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.svg = a.get("id")
            self.bars[self.svg] = []
        elif tag == "rect" and self.svg and "bar" in a.get("class", "").split():
            self.bars[self.svg].append((a["data-key"], float(a["data-value"]), float(a["height"]), float(a["width"])))
        elif tag == "table" and a.get("id"):
            self.tables.add(a["id"])
    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None

dom = open(dom_path, encoding="utf-8").read()
p = Collect()
p.feed(dom)

def check(cond, message):
    if not cond:
        sys.exit(f"audit-browser: FAIL: {message}")

check("<h1>pirlint audit</h1>" in dom, "the page did not render its title")
months = p.bars.get("chart-incidents-per-month")
check(months, "no incidents-per-month chart in the DOM")
expected = {c["key"]: c["count"] for c in audit["metrics"]["by-month"]}
check({b[0]: int(b[1]) for b in months} == expected, f"month bars {months} != {expected}")
check(all((b[2] > 0) == (b[1] > 0) for b in months), f"a month bar's height does not match its count: {months}")
heights = {b[0]: b[2] for b in months}
check(heights["2026-02"] > heights["2026-01"] > heights["2025-12"] > 0, f"month bar heights not ordered like the counts: {heights}")

recover = p.bars.get("chart-time-to-recover")
check(recover and sum(1 for b in recover if b[2] > 0) == 3, f"expected 3 non-empty time-to-recover bars: {recover}")
check(sum(int(b[1]) for b in recover) == audit["metrics"]["time-to-recover"]["measured"], "recover bars do not add up to the measured reports")

rules = p.bars.get("chart-compliance-per-rule")
check(rules and len(rules) == len(audit["compliance"]["rules"]), "one compliance bar per rule")
check(sum(1 for b in rules if b[3] > 0) >= len(rules) // 2, f"compliance bars have no width: {rules[:5]}")

for table in ["durations", "rules", "most-findings", "overdue", "by-severity", "by-priority", "ticket-disagreements", "ticket-unknown"]:
    check(table in p.tables, f"table #{table} missing")
median = audit["metrics"]["time-to-recover"]["median-text"]
check(f'<td class="num median">{median}</td>' in dom, f"median time to recover {median} not shown")

with open(png_path, "rb") as f:
    head = f.read(24)
check(head[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
width, height = struct.unpack(">II", head[16:24])
check(width >= 1000 and height >= 1000, f"screenshot is {width}x{height}")
print(f"audit-browser: ok: {len(months)} month bars, {len(recover)} recover buckets, {len(rules)} rule bars; screenshot {png_path} ({width}x{height})")
EOF
