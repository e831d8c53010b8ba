// Parallel decoding and validation agree with serial on the spec testsuite: every
// module of every script (valid ones, assert_invalid and assert_malformed ones)
// gives the same result and the same error (message, offset, function index) with
// one thread and with several threads claiming one body at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "text/wast.h"
#include "valid/validator.h"

namespace skiff {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> scripts() {
  std::vector<fs::path> files;
  fs::path root = SKIFF_TESTSUITE_DIR;
  for (const char* sub : {"", "legacy", "proposals/threads", "proposals/custom-page-sizes"}) {
    fs::path dir = root / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".wast") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string describe(const Status& s) {
  if (s.ok()) return "ok";
  const Error& e = s.error();
  return e.message + " @" + std::to_string(e.offset) + " func " + std::to_string(e.func_index);
}

struct Counts {
  size_t modules = 0, multi_func = 0, invalid = 0, malformed = 0;
};

// Validates m serially and with 4 threads, one body per claim; expects the same.
void compare_validate(const ir::Module& m, const std::string& where, Counts* n) {
  valid::ValidateOptions serial;
  serial.threads = 1;
  valid::ValidateOptions parallel;
  parallel.threads = 4;
  parallel.chunk = 1;
  std::string one = describe(valid::validate(m, serial));
  std::string many = describe(valid::validate(m, parallel));
  EXPECT_EQ(one, many) << where;
  ++n->modules;
  if (m.funcs.size() > 1) ++n->multi_func;
  if (one != "ok") ++n->invalid;
}

TEST(ParallelSpec, SameResultsAsSerialOnEveryTestsuiteModule) {
  Counts n;
  for (const fs::path& file : scripts()) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto script = text::parse_wast(ss.str());
    if (!script.ok()) continue;  // scripts this parser rejects are the wast runner's business
    for (const text::Command& c : script->commands) {
      if (!c.module) continue;
      const text::WastModule& wm = *c.module;
      std::string where = file.filename().string() + ":" + std::to_string(c.line);
      if (wm.form == text::WastModule::Form::Text) {
        if (!wm.error) compare_validate(wm.module, where, &n);
        continue;
      }
      if (wm.form != text::WastModule::Form::Binary) continue;
      auto one = binary::decode(wm.bytes.data(), wm.bytes.size(), 1);
      auto many = binary::decode(wm.bytes.data(), wm.bytes.size(), 4, 1);
      EXPECT_EQ(describe(one.ok() ? Status{} : Status(one.error())),
                describe(many.ok() ? Status{} : Status(many.error())))
          << where;
      if (!one.ok()) {
        ++n.malformed;
        continue;
      }
      if (many.ok()) compare_validate(*one, where, &n);
    }
  }
  // The suite was found and exercised both paths broadly.
  EXPECT_GT(n.modules, 5000u) << "testsuite at " << SKIFF_TESTSUITE_DIR;
  EXPECT_GT(n.multi_func, 1000u);
  EXPECT_GT(n.invalid, 1000u);
  EXPECT_GT(n.malformed, 300u);
}

}  // namespace
}  // namespace skiff
