// The perf map writer (the tier-1 hook): perf's "START SIZE name" line format.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "debuginfo/perf_map.h"

namespace skiff::debuginfo {
namespace {

TEST(PerfMap, WritesPerfLines) {
  std::string path = "/tmp/skiff-perfmap-test-" + std::to_string(getpid()) + ".map";
  std::remove(path.c_str());
  {
    auto m = PerfMap::open(path);
    ASSERT_TRUE(m.ok());
    std::unique_ptr<PerfMap> map(*m);
    map->add(reinterpret_cast<const void*>(uintptr_t(0x7f0012340000)), 0x1a0, "hot_loop");
    map->add(reinterpret_cast<const void*>(uintptr_t(0x7f0012340200)), 16, "bad\nname");
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "7f0012340000 1a0 hot_loop\n7f0012340200 10 bad name\n");
  std::remove(path.c_str());
  EXPECT_FALSE(PerfMap::open("/nonexistent-dir/x.map").ok());
}

}  // namespace
}  // namespace skiff::debuginfo
