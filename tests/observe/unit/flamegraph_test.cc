// The flame graph writer (src/api/flamegraph): folded text, SVG layout (widths in
// proportion to samples, nesting, escaping), and the time to write 100k samples.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <regex>

#include "api/flamegraph.h"

namespace skiff::detail {
namespace {

std::vector<FoldedStack> sample() {
  return {{{"main", "hot"}, 75}, {{"main", "cold"}, 25}, {{"main", "a;b<c>&\"d\""}, 0}};
}

TEST(Flamegraph, FoldedText) {
  EXPECT_EQ(folded_text(sample()), "main;cold 25\nmain;hot 75\n");
  EXPECT_EQ(folded_text({{{"x y", "a;b"}, 2}, {{"x y", "a;b"}, 3}}), "x_y;a:b 5\n");
}

// The <rect> width of the frame named `name`, or -1.
double width_of(const std::string& svg, const std::string& name) {
  std::regex re("data-n=\"" + name + "\"><title>[^<]*</title><rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"");
  std::smatch m;
  if (!std::regex_search(svg, m, re)) return -1;
  return std::stod(m[1].str());
}

TEST(Flamegraph, SvgWidthsAndTitles) {
  FlameOptions o;
  o.width = 1210;  // 1190 px of frames
  std::string svg = flamegraph_svg(sample(), o);
  EXPECT_NEAR(width_of(svg, "all"), 1190, 0.01);
  EXPECT_NEAR(width_of(svg, "main"), 1190, 0.01);
  EXPECT_NEAR(width_of(svg, "hot"), 1190 * 0.75, 0.01);
  EXPECT_NEAR(width_of(svg, "cold"), 1190 * 0.25, 0.01);
  EXPECT_NE(svg.find("<title>hot (75 samples, 75.00%)</title>"), std::string::npos);
  // Children sit one row above their parent.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("data-n=\"main\"><title>[^<]*</title><rect x=\"[0-9.]+\" y=\"([0-9.]+)\"")));
  const double ymain = std::stod(m[1].str());
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("data-n=\"hot\"><title>[^<]*</title><rect x=\"[0-9.]+\" y=\"([0-9.]+)\"")));
  EXPECT_NEAR(std::stod(m[1].str()), ymain - 17, 0.01);
  // No frame for the zero-count stack; markup in names is escaped.
  EXPECT_EQ(svg.find("a;b<c>"), std::string::npos);
  std::string esc = flamegraph_svg({{{"<&>\"'"}, 1}}, o);
  EXPECT_NE(esc.find("data-n=\"&lt;&amp;&gt;&quot;&apos;\""), std::string::npos);
  EXPECT_EQ(esc.find("data-n=\"<"), std::string::npos);
  // An empty profile is still a document.
  std::string empty = flamegraph_svg({}, o);
  EXPECT_NE(empty.find("</svg>"), std::string::npos);
  EXPECT_EQ(empty.find("class=\"f\""), std::string::npos);
}

// 100,000 samples over ~2,000 distinct stacks 12-30 deep: the time to write the
// SVG is printed (the closing note of issue 16 quotes it) and bounded loosely.
TEST(Flamegraph, HundredThousandSamples) {
  std::vector<FoldedStack> stacks;
  uint32_t x = 1;
  uint64_t left = 100000;
  while (left) {
    FoldedStack s;
    x = x * 1103515245u + 12345u;
    const unsigned depth = 12 + (x >> 16) % 19;
    for (unsigned d = 0; d < depth; ++d) {
      x = x * 1103515245u + 12345u;
      s.frames.push_back("function_" + std::to_string(d) + "_" + std::to_string((x >> 16) % (d < 4 ? 2 : 6)));
    }
    s.count = std::min<uint64_t>(left, 1 + (x >> 20) % 100);
    left -= s.count;
    stacks.push_back(std::move(s));
  }
  // CPU time (the machine running the tests may be shared).
  const std::clock_t t0 = std::clock();
  std::string svg = flamegraph_svg(stacks, FlameOptions{});
  std::string folded = folded_text(stacks);
  const double ms = 1000.0 * double(std::clock() - t0) / CLOCKS_PER_SEC;
  std::printf("flame graph of 100000 samples (%zu stacks): %.1f ms CPU, SVG %zu bytes, folded %zu bytes\n",
              stacks.size(), ms, svg.size(), folded.size());
  EXPECT_NE(svg.find("100000 samples, 100.00%"), std::string::npos);
  EXPECT_LT(ms, 20000.0);
}

}  // namespace
}  // namespace skiff::detail
