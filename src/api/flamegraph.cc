#include "api/flamegraph.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <memory>

namespace skiff::detail {

namespace {

struct Node {
  std::string name;
  uint64_t count = 0;
  std::map<std::string, std::unique_ptr<Node>> children;  // sorted by name
};

void escape_into(std::string& out, const std::string& s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') out += '?';
        else out += c;
    }
  }
}

uint32_t hash(const std::string& s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ uint8_t(c)) * 16777619u;
  return h;
}

// Warm colours for wasm frames, blue-green for host (WASI) frames and grey for
// the root and gaps.
std::string colour(const std::string& name, bool root) {
  char buf[32];
  const uint32_t h = hash(name);
  if (root || name == "[unknown]") {
    std::snprintf(buf, sizeof buf, "rgb(%u,%u,%u)", 200u, 200u, 200u);
  } else if (name.rfind("wasi", 0) == 0 || name.find("::") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "rgb(%u,%u,%u)", 80u + h % 40, 170u + (h >> 8) % 50, 200u + (h >> 16) % 50);
  } else {
    std::snprintf(buf, sizeof buf, "rgb(%u,%u,%u)", 205u + h % 50, 60u + (h >> 8) % 130, 40u + (h >> 16) % 30);
  }
  return buf;
}

constexpr unsigned kFrameH = 17;
constexpr unsigned kPad = 10;
constexpr unsigned kTop = 60;     // title, subtitle, details line
constexpr double kCharW = 7.0;    // estimate for 12px Verdana (the script measures)
constexpr double kMinWidth = 0.1;  // frames narrower than this (px) are left out

unsigned max_depth(const Node& n) {
  unsigned d = 0;
  for (const auto& [k, c] : n.children) d = std::max(d, 1 + max_depth(*c));
  return d;
}

std::string trimmed(const std::string& name, double w) {
  const size_t fit = w > 6 ? size_t((w - 6) / kCharW) : 0;
  if (fit >= name.size()) return name;
  if (fit < 3) return "";
  return name.substr(0, fit - 2) + "..";
}

struct Writer {
  std::string out;
  uint64_t total = 0;
  double width_px = 0;
  unsigned height = 0;
  void frame(const Node& n, uint64_t x, unsigned depth, bool root) {
    const double px = double(kPad) + double(x) / double(total) * width_px;
    const double w = double(n.count) / double(total) * width_px;
    if (w < kMinWidth) return;
    const double y = double(height) - double(kPad) - double(depth + 1) * kFrameH;
    char buf[256];
    out += "<g class=\"f\" data-x=\"" + std::to_string(x) + "\" data-w=\"" + std::to_string(n.count) +
           "\" data-d=\"" + std::to_string(depth) + "\" data-n=\"";
    escape_into(out, n.name);
    out += "\"><title>";
    escape_into(out, n.name);
    std::snprintf(buf, sizeof buf, " (%" PRIu64 " samples, %.2f%%)", n.count,
                  100.0 * double(n.count) / double(total));
    out += buf;
    out += "</title>";
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%u\" fill=\"%s\" rx=\"2\"/>",
                  px, y, w, kFrameH - 1, colour(n.name, root).c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "<text x=\"%.2f\" y=\"%.1f\">", px + 3, y + 12);
    out += buf;
    escape_into(out, trimmed(n.name, w));
    out += "</text></g>\n";
    uint64_t cx = x;
    for (const auto& [k, c] : n.children) {
      frame(*c, cx, depth + 1, false);
      cx += c->count;
    }
  }
};

// The page's behaviour: details on hover, zoom on click, text fitted to the
// frames with the browser's own text metrics. `#zoom=NAME` in the URL zooms the
// first frame named NAME at load (for tests and links).
constexpr const char* kScript = R"JS(
var W = 0, PAD = 10, CHW = 7;
function frames() { return document.querySelectorAll('g.f'); }
function num(g, k) { return parseFloat(g.getAttribute('data-' + k)); }
function fit(g) {
  var r = g.querySelector('rect'), t = g.querySelector('text'), n = g.getAttribute('data-n');
  var w = parseFloat(r.getAttribute('width'));
  t.setAttribute('x', parseFloat(r.getAttribute('x')) + 3);
  t.textContent = n;
  if (w < 3 * CHW) { t.textContent = ''; return; }
  if (t.getComputedTextLength() <= w - 6) return;
  var k = Math.max(0, Math.floor((w - 6) / CHW) - 2);
  while (k > 0) {
    t.textContent = n.substring(0, k) + '..';
    if (t.getComputedTextLength() <= w - 6) return;
    k--;
  }
  t.textContent = '';
}
function zoom(z) {
  var zx = num(z, 'x'), zw = num(z, 'w'), zd = num(z, 'd');
  var all = frames();
  for (var i = 0; i < all.length; i++) {
    var g = all[i], x = num(g, 'x'), w = num(g, 'w'), d = num(g, 'd'), r = g.querySelector('rect');
    var inside = d >= zd && x >= zx && x + w <= zx + zw;
    var above = d < zd && x <= zx && x + w >= zx + zw;
    if (inside) {
      r.setAttribute('x', PAD + (x - zx) / zw * W);
      r.setAttribute('width', w / zw * W);
      g.style.display = ''; g.classList.remove('parent');
    } else if (above) {
      r.setAttribute('x', PAD); r.setAttribute('width', W);
      g.style.display = ''; g.classList.add('parent');
    } else {
      g.style.display = 'none';
    }
    if (g.style.display === '') fit(g);
  }
  document.getElementById('unzoom').style.display = zd > 0 ? '' : 'none';
}
function init() {
  W = parseFloat(document.documentElement.getAttribute('width')) - 2 * PAD;
  var all = frames(), details = document.getElementById('details');
  for (var i = 0; i < all.length; i++) {
    var g = all[i];
    g.addEventListener('mouseover', function () { details.textContent = this.querySelector('title').textContent; });
    g.addEventListener('mouseout', function () { details.textContent = ' '; });
    g.addEventListener('click', function () { zoom(this); });
    fit(g);
  }
  document.getElementById('unzoom').addEventListener('click', function () { zoom(all[0]); });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') zoom(all[0]); });
  var m = /#zoom=(.*)$/.exec(location.hash);
  if (m) {
    var want = decodeURIComponent(m[1]);
    for (var j = 0; j < all.length; j++)
      if (all[j].getAttribute('data-n') === want) { zoom(all[j]); break; }
  }
  document.documentElement.setAttribute('data-ready', '1');
}
window.addEventListener('load', init);
)JS";

}  // namespace

std::string folded_text(const std::vector<FoldedStack>& stacks) {
  std::map<std::string, uint64_t> lines;
  for (const FoldedStack& s : stacks) {
    if (s.count == 0) continue;
    std::string key;
    for (size_t i = 0; i < s.frames.size(); ++i) {
      if (i) key += ';';
      for (char c : s.frames[i]) key += (c == ';' || c == '\n' || c == ' ') ? (c == ';' ? ':' : '_') : c;
    }
    if (!key.empty()) lines[key] += s.count;
  }
  std::string out;
  for (const auto& [k, v] : lines) out += k + " " + std::to_string(v) + "\n";
  return out;
}

std::string flamegraph_svg(const std::vector<FoldedStack>& stacks, const FlameOptions& opt) {
  Node root;
  root.name = "all";
  for (const FoldedStack& s : stacks) {
    if (s.count == 0) continue;
    root.count += s.count;
    Node* n = &root;
    for (const std::string& f : s.frames) {
      std::unique_ptr<Node>& c = n->children[f];
      if (!c) {
        c = std::make_unique<Node>();
        c->name = f;
      }
      c->count += s.count;
      n = c.get();
    }
  }
  Writer w;
  w.total = root.count ? root.count : 1;
  const unsigned width = opt.width < 200 ? 200 : opt.width;
  w.width_px = double(width - 2 * kPad);
  w.height = kTop + (max_depth(root) + 1) * kFrameH + 2 * kPad;
  std::string& out = w.out;
  out.reserve(256 * 1024);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "<?xml version=\"1.0\" standalone=\"no\"?>\n"
                "<svg version=\"1.1\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
                "xmlns=\"http://www.w3.org/2000/svg\">\n",
                width, w.height, width, w.height);
  out += buf;
  out +=
      "<style>text{font-family:Verdana,sans-serif;font-size:12px;fill:#000}"
      "g.f:hover rect{stroke:#000;stroke-width:0.5;cursor:pointer}"
      "g.parent{opacity:0.5}#title{font-size:17px;text-anchor:middle}"
      "#sub{fill:#555;text-anchor:middle}#unzoom{cursor:pointer;fill:#06c}"
      "text{pointer-events:none}#unzoom{pointer-events:auto}</style>\n<script><![CDATA[";
  out += kScript;
  out += "]]></script>\n";
  std::snprintf(buf, sizeof buf, "<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"#f8f8f0\"/>\n",
                width, w.height);
  out += buf;
  std::snprintf(buf, sizeof buf, "<text id=\"title\" x=\"%u\" y=\"22\">", width / 2);
  out += buf;
  escape_into(out, opt.title);
  std::snprintf(buf, sizeof buf, "</text>\n<text id=\"sub\" x=\"%u\" y=\"40\">", width / 2);
  out += buf;
  escape_into(out, opt.subtitle);
  out += "</text>\n<text id=\"unzoom\" x=\"10\" y=\"22\" style=\"display:none\">Reset zoom</text>\n";
  out += "<text id=\"details\" x=\"10\" y=\"56\"> </text>\n";
  if (root.count) w.frame(root, 0, 0, true);
  out += "</svg>\n";
  return out;
}

}  // namespace skiff::detail
