// Round trips over every valid module of the spec testsuite:
//   binary:  decode -> encode -> decode gives the same module, and encoding is
//            canonical (encoding the re-decoded module gives the same bytes);
//   text:    text -> binary -> text -> binary is a fixed point (the printer's
//            output parses back to a module with the same encoding).
// A module counts when it is a plain `module` command of a script (text or
// binary form) that decodes/parses and validates; assertion modules are not
// round-tripped here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "text/printer.h"
#include "text/wast.h"
#include "text/wat_parser.h"
#include "valid/validator.h"

namespace fs = std::filesystem;
using namespace skiff;

namespace {

std::vector<fs::path> testsuite_files() {
  std::vector<fs::path> out;
  fs::path root = SKIFF_TESTSUITE_DIR;
  for (const char* sub : {"", "legacy", "proposals/threads"}) {
    fs::path dir = root / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wast") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Counts {
  int modules = 0;
  int failures = 0;
};

// Returns "" when the round trips hold, else what broke.
std::string check_module(const ir::Module& m0) {
  if (!valid::validate(m0).ok()) return "";  // not a valid module: nothing to check
  std::vector<uint8_t> b1 = binary::encode(m0);
  auto m1 = binary::decode(b1.data(), b1.size());
  if (!m1) return "decode(encode(m)) failed: " + m1.error().to_string();
  std::vector<uint8_t> b2 = binary::encode(*m1);
  if (b1 != b2) return "encoding is not canonical: encode(decode(b)) != b";
  auto m2 = binary::decode(b2.data(), b2.size());
  if (!m2) return "second decode failed: " + m2.error().to_string();
  if (!(*m1 == *m2)) return "decode -> encode -> decode changed the module";

  std::string t1 = text::print_module(*m1);
  auto p1 = text::parse_wat(t1);
  if (!p1) return "printed text does not parse: " + p1.error().to_string() + "\n" + t1;
  std::vector<uint8_t> b3 = binary::encode(*p1);
  if (b3 != b2) return "text -> binary -> text -> binary is not a fixed point\n" + t1;
  std::string t2 = text::print_module(*p1);
  if (t1 != t2) return "printing is not a fixed point";
  return "";
}

}  // namespace

TEST(RoundTrip, EveryValidTestsuiteModule) {
  auto files = testsuite_files();
  ASSERT_FALSE(files.empty()) << "no .wast files under " << SKIFF_TESTSUITE_DIR;
  Counts c;
  for (const auto& f : files) {
    std::string src = read_file(f);
    auto script = text::parse_wast(src);
    if (!script) continue;  // the spec runner reports script-level failures
    for (const auto& cmd : script->commands) {
      if (cmd.kind != text::Command::Kind::Module || !cmd.module) continue;
      const text::WastModule& wm = *cmd.module;
      if (wm.form == text::WastModule::Form::Quote) continue;
      ir::Module m;
      if (wm.form == text::WastModule::Form::Binary) {
        auto d = binary::decode(wm.bytes.data(), wm.bytes.size());
        if (!d) continue;
        m = std::move(*d);
      } else {
        if (wm.error) continue;
        m = wm.module;
      }
      ++c.modules;
      std::string why = check_module(m);
      if (!why.empty()) {
        ++c.failures;
        if (c.failures <= 20)
          ADD_FAILURE() << f.filename().string() << ":" << cmd.line << ": " << why.substr(0, 4000);
      }
    }
  }
  EXPECT_EQ(c.failures, 0) << c.failures << " of " << c.modules << " modules failed";
  EXPECT_GT(c.modules, 1000) << "suspiciously few modules round-tripped";
}
