#!/usr/bin/env bash
# Renders `pirlint audit --format html` in headless Chromium and checks that
# the page loads without console errors or blocked requests (it must be
# self-contained), and that its SVG charts (three, and three trend charts) are in the rendered DOM with
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
tickets=(--tickets tests/fixtures-audit/tickets/jira.csv --tickets tests/fixtures-audit/tickets/github.json --config tests/fixtures-audit/rules-systems.toml)
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
chrome --hide-scrollbars --window-size=1280,4000 --screenshot="$out/audit.png" "$url" \
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
        self.series = {}         # chart id -> [(series, key, value, height)] (grouped bars)
        self.points = {}         # chart id -> [(series, key, value, cy)]
        self.tables = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in a.get("class", "").split():
            self.svg = a.get("id")
            self.bars[self.svg] = []
        elif tag == "rect" and self.svg and "bar" in a.get("class", "").split():
            self.bars[self.svg].append((a["data-key"], float(a["data-value"]), float(a["height"]), float(a["width"])))
            if "data-series" in a:
                self.series.setdefault(self.svg, []).append((a["data-series"], a["data-key"], int(a["data-value"]), float(a["height"])))
        elif tag == "circle" and self.svg and "point" in a.get("class", "").split():
            self.points.setdefault(self.svg, []).append((a["data-series"], a["data-key"], int(a["data-value"]), float(a["cy"])))
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

# Trends: one point per known quarterly median, higher for longer times.
points = p.points.get("chart-response-per-quarter", [])
trends = audit["trends"]
expected = {(name, q["quarter"], q[f"time-to-{name}"]["median"]) for q in trends["quarters"] for name in ["detect", "contain", "recover"] if q[f"time-to-{name}"]["median"] is not None}
check({(s, k, v) for s, k, v, _ in points} == expected, f"response-time points {points} != {expected}")
check(len(expected) == 5, f"expected 5 quarterly medians: {expected}")
ordered = sorted(points, key=lambda x: x[2])
check(all(a[3] >= b[3] for a, b in zip(ordered, ordered[1:])), f"points are not higher for longer times: {ordered}")
grouped = p.series.get("chart-actions-per-quarter", [])
expected = {(name, a["quarter"], a[name]) for a in trends["actions"] for name in ["opened", "closed", "overdue"]}
check({(s, k, v) for s, k, v, _ in grouped} == expected, f"action bars {grouped} != {expected}")
check(all((h > 0) == (v > 0) for _, _, v, h in grouped), f"an action bar's height does not match its count: {grouped}")
meetings = p.bars.get("chart-meetings-per-quarter", [])
expected = {m["quarter"]: m["timely-share"] for m in trends["meetings"] if m["timely-share"] is not None}
check({b[0]: round(b[1], 4) for b in meetings} == {k: round(v, 4) for k, v in expected.items()}, f"meeting bars {meetings} != {expected}")
widths = {b[0]: b[3] for b in meetings}
check(widths["2025-Q4"] > widths["2026-Q1"] > 0, f"meeting bars not as wide as their shares: {widths}")

for table in ["durations", "rules", "most-findings", "overdue", "by-severity", "by-priority", "ticket-disagreements", "ticket-unknown", "trend-quarters", "trend-severity", "trend-actions", "trend-meetings", "reading", "recurrences"]:
    check(table in p.tables, f"table #{table} missing")
median = audit["metrics"]["time-to-recover"]["median-text"]
check(f'<td class="num median">{median}</td>' in dom, f"median time to recover {median} not shown")

with open(png_path, "rb") as f:
    head = f.read(24)
check(head[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
width, height = struct.unpack(">II", head[16:24])
check(width >= 1000 and height >= 1000, f"screenshot is {width}x{height}")
listed = sum(len(t["list"]) for t in audit["reading-list"]["types"])
check(dom.count("<tr data-type=") == listed == 3, f"reading list rows: {dom.count('<tr data-type=')} in the page, {listed} in the JSON")
rows = dom.split('<table id="recurrences">')[1].split("</table>")[0].count("<tr>") - 1
check(rows == len(audit["recurrence"]["recurrences"]) == 3, f"recurrence rows: {rows} in the page")
print(f"audit-browser: ok: {len(months)} month bars, {len(recover)} recover buckets, {len(rules)} rule bars, {len(points)} trend points, {len(grouped)} action bars, {len(meetings)} meeting bars; screenshot {png_path} ({width}x{height})")
EOF
