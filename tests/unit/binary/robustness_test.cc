// Robustness: decode() must return (a module or an error) on any input, without
// crashing or reading out of bounds; this test runs under ASan in `make test`.
// Inputs: hand-built modules and every `(module binary ...)` of the spec testsuite's
// scripts, each truncated at every byte offset and mutated by random byte changes
// (fixed seed). Whatever decodes must also survive the encoder: encode, decode
// again, and reach the encoder's fixed point.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "binary_test_util.h"

namespace fs = std::filesystem;

namespace skiff::binary::test {
namespace {

// ---- extraction of (module binary "...") from WAST scripts ----

// Skips whitespace, line comments and (nested) block comments.
void skip_space(const std::string& s, size_t& i) {
  for (;;) {
    while (i < s.size() && isspace(uint8_t(s[i]))) ++i;
    if (s.compare(i, 2, ";;") == 0) {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.compare(i, 2, "(;") == 0) {
      int depth = 0;
      while (i < s.size()) {
        if (s.compare(i, 2, "(;") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, ";)") == 0) {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
    } else {
      return;
    }
  }
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses the WAST string at s[i] == '"', appending its bytes. False if malformed.
bool parse_string(const std::string& s, size_t& i, Bytes* out) {
  ++i;
  while (i < s.size() && s[i] != '"') {
    char c = s[i++];
    if (c != '\\') {
      out->push_back(uint8_t(c));
      continue;
    }
    if (i >= s.size()) return false;
    char e = s[i++];
    switch (e) {
      case 'n': out->push_back('\n'); break;
      case 't': out->push_back('\t'); break;
      case 'r': out->push_back('\r'); break;
      case '\\': out->push_back('\\'); break;
      case '\'': out->push_back('\''); break;
      case '"': out->push_back('"'); break;
      case 'u': {  // \u{hex}: the code point in UTF-8
        if (i >= s.size() || s[i] != '{') return false;
        uint32_t cp = 0;
        for (++i; i < s.size() && s[i] != '}'; ++i) {
          if (hex(s[i]) < 0) return false;
          cp = cp * 16 + uint32_t(hex(s[i]));
          if (cp > 0x10FFFF) return false;
        }
        ++i;
        if (cp < 0x80) {
          out->push_back(uint8_t(cp));
        } else if (cp < 0x800) {
          out->push_back(uint8_t(0xC0 | (cp >> 6)));
          out->push_back(uint8_t(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out->push_back(uint8_t(0xE0 | (cp >> 12)));
          out->push_back(uint8_t(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(uint8_t(0x80 | (cp & 0x3F)));
        } else {
          out->push_back(uint8_t(0xF0 | (cp >> 18)));
          out->push_back(uint8_t(0x80 | ((cp >> 12) & 0x3F)));
          out->push_back(uint8_t(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(uint8_t(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default: {
        if (i >= s.size() || hex(e) < 0 || hex(s[i]) < 0) return false;
        out->push_back(uint8_t(hex(e) * 16 + hex(s[i])));
        ++i;
      }
    }
  }
  if (i >= s.size()) return false;
  ++i;  // closing quote
  return true;
}

// Every `(module $id? binary "..."*)` (also `(module definition ...)`) in `src`.
std::vector<Bytes> binary_modules(const std::string& src) {
  std::vector<Bytes> out;
  size_t pos = 0;
  while ((pos = src.find("(module", pos)) != std::string::npos) {
    size_t i = pos + 7;
    pos = i;
    if (i < src.size() && !isspace(uint8_t(src[i]))) continue;
    skip_space(src, i);
    if (src.compare(i, 10, "definition") == 0) {
      i += 10;
      skip_space(src, i);
    }
    if (i < src.size() && src[i] == '$') {
      while (i < src.size() && !isspace(uint8_t(src[i])) && src[i] != ')') ++i;
      skip_space(src, i);
    }
    if (src.compare(i, 6, "binary") != 0) continue;
    i += 6;
    Bytes b;
    bool ok = true;
    for (;;) {
      skip_space(src, i);
      if (i >= src.size() || src[i] != '"') break;
      if (!parse_string(src, i, &b)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push_back(std::move(b));
  }
  return out;
}

std::vector<Bytes> testsuite_modules() {
  std::vector<fs::path> files;
  fs::path root = SKIFF_TESTSUITE_DIR;
  for (const char* sub : {"", "legacy", "proposals/threads", "proposals/custom-page-sizes"}) {
    fs::path dir = root / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wast") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Bytes> out;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    for (Bytes& b : binary_modules(ss.str())) out.push_back(std::move(b));
  }
  return out;
}

// ---- hand-built inputs ----

std::vector<Bytes> hand_built_modules() {
  std::vector<Bytes> v;
  B types;
  types.u32(3);
  types.raw({0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D});
  types.raw({0x4E, 0x02, 0x50, 0x00, 0x5F, 0x02, 0x78, 0x01, 0x63, 0x01, 0x00, 0x4F, 0x01,
             0x00, 0x5E, 0x77, 0x00});
  B imports;
  imports.u32(3);
  imports.str("m").str("f").raw({0x00, 0x00});
  imports.str("m").str("mem").raw({0x02, 0x03, 0x01, 0x04});
  imports.str("m").str("e").raw({0x04, 0x00, 0x00});
  B elems;
  elems.u32(3);
  elems.raw({0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x01});
  elems.raw({0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});
  elems.raw({0x06, 0x00, 0x41, 0x00, 0x0B, 0x70, 0x01, 0xD2, 0x00, 0x0B});
  B data;
  data.u32(2);
  data.raw({0x00, 0x41, 0x10, 0x0B}).str("ab");
  data.raw({0x01}).str("xyz");
  Bytes body = {0x02, 0x40, 0x03, 0x40, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x0B,
                0x06, 0x40, 0x07, 0x00, 0x19, 0x0B, 0x1F, 0x40, 0x01, 0x02, 0x00, 0x0B,
                0xFC, 0x09, 0x00, 0x0B};
  v.push_back(module({custom("a", B{1, 2}), section(1, types), section(2, imports),
                      funcs_section(2), section(4, B{0x01, 0x70, 0x00, 0x05}),
                      section(5, B{0x02, 0x01, 0x00, 0x01, 0x08, 0x07, 0x00}),
                      section(13, B{0x01, 0x00, 0x00}),
                      section(6, B{0x01, 0x7F, 0x00, 0x41, 0x2A, 0x0B}),
                      section(7, B().u32(1).str("f").raw({0x00, 0x00})), section(8, B{0x01}),
                      section(9, elems), section(12, B{0x02}), code_section({body, {0x0B}}),
                      section(11, data),
                      custom("name", B().raw(section(1, B().u32(1).u32(0).str("f"))))}));
  return v;
}

// ---- the checks ----

struct Stats {
  size_t inputs = 0;
  size_t decoded = 0;
};

// Decodes `b`; if it decodes, encoder round trip must hold.
void probe(const Bytes& b, Stats* st) {
  ++st->inputs;
  auto m = decode(b.data(), b.size());
  if (!m.ok()) {
    ASSERT_FALSE(m.error().message.empty());
    ASSERT_GE(m.error().offset, 0);
    ASSERT_LE(size_t(m.error().offset), b.size());
    return;
  }
  ++st->decoded;
  Bytes e1 = encode(*m);
  auto m1 = decode(e1.data(), e1.size());
  ASSERT_TRUE(m1.ok()) << "re-decoding the encoding failed: " << m1.error().to_string();
  Bytes e2 = encode(*m1);
  ASSERT_EQ(e1, e2) << "the encoding is not a fixed point";
}

TEST(Robustness, TestsuiteExtractionFindsModules) {
  std::string src = R"((module binary "\00asm" "\01\00\00\00") ;; c
    (module $m (; x ;) binary "\00a\u{41}" "\t")
    (module quote "x") (module (func $type-binary)))";
  std::vector<Bytes> v = binary_modules(src);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], kHeader);
  EXPECT_EQ(v[1], (Bytes{0x00, 'a', 'A', '\t'}));
  EXPECT_GT(testsuite_modules().size(), 500u) << "testsuite not found at " << SKIFF_TESTSUITE_DIR;
}

TEST(Robustness, TruncationsAndMutations) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Bytes> inputs = hand_built_modules();
  for (Bytes& b : testsuite_modules()) inputs.push_back(std::move(b));
  Stats st;
  std::mt19937 rng(0x5eed);
  for (const Bytes& in : inputs) {
    probe(in, &st);
    if (HasFatalFailure()) return;
    // Every truncation.
    for (size_t n = 0; n < in.size(); ++n) {
      Bytes cut(in.begin(), in.begin() + ptrdiff_t(n));
      probe(cut, &st);
      if (HasFatalFailure()) return;
    }
    if (in.size() <= 8) continue;
    // Random changes past the header: overwrite, flip a bit, insert, delete.
    for (int k = 0; k < 64; ++k) {
      Bytes mut = in;
      int edits = 1 + int(rng() % 3);
      for (int e = 0; e < edits && mut.size() > 8; ++e) {
        size_t at = 8 + rng() % (mut.size() - 8);
        switch (rng() % 5) {
          case 0: mut[at] = uint8_t(rng()); break;
          case 1: mut[at] ^= uint8_t(1u << (rng() % 8)); break;
          case 2: mut.insert(mut.begin() + ptrdiff_t(at), uint8_t(rng())); break;
          case 3: mut.erase(mut.begin() + ptrdiff_t(at)); break;
          case 4: {  // an extreme byte: big LEBs, 0xFF opcodes, 0x80 continuations
            static const uint8_t kInteresting[] = {0x00, 0x0B, 0x7F, 0x80, 0xFF, 0x40, 0x41};
            mut[at] = kInteresting[rng() % sizeof kInteresting];
            break;
          }
        }
      }
      probe(mut, &st);
      if (HasFatalFailure()) return;
    }
  }
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GT(st.decoded, 500u);
  std::printf("robustness: %zu inputs from %zu modules, %zu decoded, %.2f s\n", st.inputs,
              inputs.size(), st.decoded, secs);
}

TEST(Robustness, RandomBytesAfterTheHeader) {
  std::mt19937 rng(42);
  Stats st;
  for (int k = 0; k < 3000; ++k) {
    Bytes b = kHeader;
    size_t n = rng() % 64;
    for (size_t i = 0; i < n; ++i) b.push_back(uint8_t(rng()));
    // Often start with a plausible section id and size.
    if (n > 2 && rng() % 2) {
      b[8] = uint8_t(rng() % 14);
      b[9] = uint8_t(n - 2);
    }
    probe(b, &st);
    if (HasFatalFailure()) return;
  }
}

TEST(Robustness, HugeCountsDoNotAllocate) {
  // Counts near 2^32 with few bytes behind them: each must fail fast.
  const Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  for (uint8_t id = 1; id <= 13; ++id) {
    if (id == 8 || id == 12) continue;  // start, data count: a plain index
    B content;
    content.raw(huge);
    std::string msg = dec_err(module({section(id, content)}));
    EXPECT_EQ(msg, "length out of bounds") << int(id);
  }
  // A rec group and a br_table count.
  EXPECT_EQ(dec_err(module({section(1, B{0x01, 0x4E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})})),
            "length out of bounds");
  Bytes body = {0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B};
  EXPECT_NE(dec_err(module({void_type_section(), funcs_section(1), code_section({body})})), "ok");
  // Deep nesting is handled without recursion.
  Bytes deep;
  for (int i = 0; i < 100000; ++i) deep.insert(deep.end(), {0x02, 0x40});
  for (int i = 0; i < 100000; ++i) deep.push_back(0x0B);
  deep.push_back(0x0B);
  EXPECT_EQ(dec_err(module({void_type_section(), funcs_section(1), code_section({deep})})), "ok");
}

}  // namespace
}  // namespace skiff::binary::test
