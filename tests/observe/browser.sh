#!/bin/bash
# The flame graph in a real browser: headless Chromium loads the SVG of hot.c's
# profile, its script fits the frame labels with the browser's text metrics, and
# the DOM after load must hold the expected names as rendered text, with hot_loop
# the widest frame below main. `#zoom=hot_loop` (the click handler's zoom) must
# then make hot_loop full width and hide cold_loop.
set -u
SKIFF=$1 B=$2 CHROMIUM=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$SKIFF" run --tier=0 --profile="$T/p.svg" "$B/hot.wasm" 400000 >/dev/null 2>&1 || { echo "FAIL run"; exit 1; }
dump() {
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --user-data-dir="$T/profile" --virtual-time-budget=2000 --dump-dom "file://$T/p.svg$1" 2>"$T/err"
}
dump "" >"$T/dom.html" || { echo "FAIL chromium"; cat "$T/err"; exit 1; }
dump "#zoom=hot_loop" >"$T/zoom.html" || { echo "FAIL chromium (zoom)"; cat "$T/err"; exit 1; }
python3 - "$T/dom.html" "$T/zoom.html" <<'PY'
import re, sys
def frames(path):
    doc = open(path).read()
    assert 'data-ready="1"' in doc, 'script did not run: ' + doc[:300]
    out = []
    for m in re.finditer(r'<g class="f[^"]*"([^>]*)>(.*?)</g>', doc, re.S):
        attrs, body = m.group(1), m.group(2)
        name = re.search(r'data-n="([^"]*)"', attrs).group(1)
        depth = int(re.search(r'data-d="([0-9]+)"', attrs).group(1))
        hidden = 'display: none' in attrs
        width = float(re.search(r'<rect[^>]* width="([0-9.]+)"', body).group(1))
        t = re.search(r'<text[^>]*?(?:/>|>(.*?)</text>)', body, re.S)  # empty: <text .../>
        text = (t.group(1) or '') if t else ''
        out.append((name, width, text, hidden, depth))
    return out
f = frames(sys.argv[1])
texts = ' '.join(x[2] for x in f if not x[3])
for want in ('hot_loop', 'cold_loop'):
    assert want in texts, 'rendered text lacks %s: %s' % (want, texts)
dmain = min(x[4] for x in f if x[0] in ('main', '__main_argc_argv'))
below = [x for x in f if x[4] > dmain]
widest = max(below, key=lambda x: x[1])
assert widest[0] == 'hot_loop', 'widest frame below main: %s' % (widest,)
w = {x[0]: x[1] for x in f}
print('browser: hot_loop %.0f px, cold_loop %.0f px; rendered labels: %s' % (w['hot_loop'], w['cold_loop'], texts[:200]))
z = {x[0]: (x[1], x[3]) for x in frames(sys.argv[2])}
assert z['hot_loop'][0] > 1150 and not z['hot_loop'][1], z['hot_loop']
assert z['cold_loop'][1], 'cold_loop still shown after zooming hot_loop'
print('browser zoom: hot_loop %.0f px, cold_loop hidden' % z['hot_loop'][0])
PY
