// Flame graphs of sampled stacks: the folded-stacks text ("a;b;c 12" per line,
// as Brendan Gregg's flamegraph.pl and speedscope read it) and an interactive SVG
// written by our own code: one <g class="f"> per frame (a <rect>, a <text> with
// the name trimmed to its width, a <title> "name (N samples, P%)"), root at the
// bottom, children sorted by name and as wide as their share of the samples. An
// inline script shows the frame under the pointer in the details line and zooms a
// clicked frame to full width (click the root or press Escape to reset); the
// file needs nothing else and opens in any browser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace skiff::detail {

struct FoldedStack {
  std::vector<std::string> frames;  // outermost first
  uint64_t count = 0;
};

// "a;b;c N\n" lines, sorted (';' in names becomes ':').
std::string folded_text(const std::vector<FoldedStack>& stacks);

struct FlameOptions {
  std::string title = "Skiff profile";
  std::string subtitle;  // e.g. "12,345 samples at 1000 Hz"
  unsigned width = 1200;
};

// The SVG document.
std::string flamegraph_svg(const std::vector<FoldedStack>& stacks, const FlameOptions& opt);

}  // namespace skiff::detail
