#!/usr/bin/env bash
# The HTML report renders. Two pages: `csm render` of the §8 fixtures (every
# section drawn), and `csm import` + `csm report --format html` over the
# ServiceNow sample in examples/data (no CSAT in it: that section is left out).
# A structural check parses each (balanced tags, every section, the charts,
# no external reference); headless Chromium screenshots each and the PNG
# must be 1280×2000 and visibly drawn (not one flat colour).
# Usage: html_render_test.sh CSM_BINARY SOURCE_DIR
set -euo pipefail
csm=$1
src=$2
fixtures="$src/tests/render/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$csm" render "$fixtures/totals.json" "$fixtures/daily.json" "$fixtures/agents.json" \
  --format html --title "Fixture report" -o "$work/fixtures.html"
"$csm" import --preset servicenow "$src/examples/data/incident_event_log.csv" > "$work/events.jsonl"
"$csm" report --events "$work/events.jsonl" --format html --title "ServiceNow sample" \
  -o "$work/servicenow.html" 2>/dev/null

check_structure() {  # check_structure FILE EXPECTED_CHARTS SECTIONS_SHOWN [SECTIONS_LEFT_OUT]
/usr/bin/python3 - "$@" <<'PY'
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "hr", "input", "link", "rect", "circle", "line", "path"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.svgs, self.errors = [], set(), 0, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "svg":
            self.svgs += 1
        for key in ("src", "href"):
            if key in a:
                self.errors.append(f"external reference {key}={a[key]}")
        if tag in ("script", "link", "iframe", "img"):
            self.errors.append(f"<{tag}> in a self-contained page")
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

text = open(sys.argv[1], encoding="utf-8").read()
c = Check()
c.feed(text)
want = set(sys.argv[3].split(","))
left_out = set(sys.argv[4].split(",")) if len(sys.argv) > 4 else set()
if not text.startswith("<!DOCTYPE html>"):
    c.errors.append("no doctype")
if c.stack:
    c.errors.append(f"unclosed tags: {c.stack}")
if not want <= c.ids:
    c.errors.append(f"missing sections: {sorted(want - c.ids)}")
if left_out & c.ids:
    c.errors.append(f"sections without data drawn: {sorted(left_out & c.ids)}")
if c.svgs != int(sys.argv[2]):
    c.errors.append(f"expected {sys.argv[2]} charts, found {c.svgs}")
if c.errors:
    print("HTML structure:", *c.errors, sep="\n  ")
    sys.exit(1)
print(f"HTML structure ok: {sys.argv[1]}: {len(text)} bytes, {c.svgs} charts")
PY
}
all_sections=kpis,volume,heatmap,drivers,response-times,csat,agents
check_structure "$work/fixtures.html" 5 "$all_sections"
# No CSAT in a ServiceNow log: its section is left out.
check_structure "$work/servicenow.html" 4 kpis,volume,heatmap,drivers,response-times,agents csat

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium_bin" ]]; then
  echo "SKIP: chromium is not installed (tools/setup.sh installs Debian's chromium); the structural check passed"
  exit 77
fi
check_screenshot() {  # check_screenshot NAME
"$chromium_bin" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$work/profile" \
  --screenshot="$work/$1.png" --window-size=1280,2000 "file://$work/$1.html" \
  >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; exit 1; }

/usr/bin/python3 - "$work/$1.png" <<'PY'
import sys
from PIL import Image

img = Image.open(sys.argv[1]).convert("RGB")
errors = []
if img.size != (1280, 2000):
    errors.append(f"size {img.size}, expected (1280, 2000)")
hist = img.getcolors(maxcolors=1 << 20) or []
hist.sort(reverse=True)
total = img.size[0] * img.size[1]
background = hist[0][0] / total if hist else 1.0
if len(hist) < 50:
    errors.append(f"only {len(hist)} colours: the page did not render")
if background > 0.95:
    errors.append(f"{background:.1%} of the pixels are one colour: blank page")
# Ink: dark text pixels (title, tiles, axis labels) and the charts' accent blue.
dark = sum(n for n, (r, g, b) in hist if r + g + b < 150)
blue = sum(n for n, (r, g, b) in hist if b > 200 and r < 80 and 90 < g < 140)
if dark < 2000:
    errors.append(f"only {dark} dark pixels: no text drawn")
if blue < 2000:
    errors.append(f"only {blue} accent-blue pixels: no charts drawn")
if errors:
    print("screenshot:", *errors, sep="\n  ")
    sys.exit(1)
print(f"screenshot ok: {sys.argv[1]}: {img.size}, {len(hist)} colours, {dark} dark and {blue} chart pixels")
PY
}
check_screenshot fixtures
check_screenshot servicenow
