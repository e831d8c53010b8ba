// TrapKind messages: distinct, and every trap message the spec testsuite expects
// (assert_trap / assert_exhaustion) is produced by some TrapKind. A runner compares
// by prefix, so an expected "uninitialized element 2" is met by a runtime that
// appends the index to "uninitialized element".
#include "semantics/trap_kind.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace skiff::sem {
namespace {

namespace fs = std::filesystem;

static_assert(trap_message(TrapKind::IntDivByZero)[0] == 'i');

TEST(TrapKind, MessagesAreDistinct) {
  std::set<std::string> seen;
  EXPECT_STREQ(trap_message(TrapKind::None), "");
  for (unsigned i = 1; i < kTrapKindCount; ++i) {
    std::string m = trap_message(static_cast<TrapKind>(i));
    EXPECT_FALSE(m.empty()) << i;
    EXPECT_NE(m, "unknown trap") << i;
    EXPECT_TRUE(seen.insert(m).second) << m;
  }
  EXPECT_STREQ(trap_message(TrapKind::Count_), "unknown trap");
}

TEST(TrapKind, SpecMessages) {
  EXPECT_STREQ(trap_message(TrapKind::IntDivByZero), "integer divide by zero");
  EXPECT_STREQ(trap_message(TrapKind::IntOverflow), "integer overflow");
  EXPECT_STREQ(trap_message(TrapKind::InvalidConversion), "invalid conversion to integer");
  EXPECT_STREQ(trap_message(TrapKind::Unreachable), "unreachable");
  EXPECT_STREQ(trap_message(TrapKind::MemoryOutOfBounds), "out of bounds memory access");
  EXPECT_STREQ(trap_message(TrapKind::CallStackExhausted), "call stack exhausted");
}

// The final string literal of each (assert_trap ...) / (assert_exhaustion ...) form,
// found by a small scanner that respects strings and comments.
void collect_messages(const std::string& s, std::set<std::string>* out) {
  for (const char* head : {"(assert_trap", "(assert_exhaustion"}) {
    size_t pos = 0;
    while ((pos = s.find(head, pos)) != std::string::npos) {
      int depth = 0;
      std::string last;
      size_t i = pos;
      for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == ';' && i + 1 < s.size() && s[i + 1] == ';') {
          while (i < s.size() && s[i] != '\n') ++i;
        } else if (c == '(' && i + 1 < s.size() && s[i + 1] == ';') {
          size_t e = s.find(";)", i + 2);
          i = e == std::string::npos ? s.size() : e + 1;
        } else if (c == '"') {
          std::string lit;
          for (++i; i < s.size() && s[i] != '"'; ++i) {
            if (s[i] == '\\' && i + 1 < s.size()) ++i;
            lit += s[i];
          }
          last = lit;
        } else if (c == '(') {
          ++depth;
        } else if (c == ')') {
          if (--depth == 0) break;
        }
      }
      if (!last.empty()) out->insert(last);
      pos = i;
    }
  }
}

TEST(TrapKind, CoversEveryTestsuiteTrapMessage) {
  fs::path root(SKIFF_TESTSUITE_DIR);
  if (!fs::exists(root)) {
    GTEST_SKIP() << "no testsuite";
  }
  std::set<std::string> expected;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".wast") continue;
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    collect_messages(ss.str(), &expected);
  }
  EXPECT_GT(expected.size(), 15u);
  for (const std::string& m : expected) {
    bool found = false;
    for (unsigned i = 1; i < kTrapKindCount && !found; ++i) {
      std::string_view ours = trap_message(static_cast<TrapKind>(i));
      found = std::string_view(m).substr(0, ours.size()) == ours;
    }
    EXPECT_TRUE(found) << "no TrapKind for \"" << m << "\"";
  }
}

}  // namespace
}  // namespace skiff::sem
