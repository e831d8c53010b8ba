// Folded-stacks text ("a;b;c 12" per line) -> samples per stack, for the profiler tests.
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <string>

namespace skiff::test {

inline std::map<std::string, uint64_t> parse_folded(const std::string& folded) {
  std::map<std::string, uint64_t> m;
  std::istringstream in(folded);
  std::string line;
  while (std::getline(in, line)) {
    size_t sp = line.rfind(' ');
    m[line.substr(0, sp)] += std::stoull(line.substr(sp + 1));
  }
  return m;
}

}  // namespace skiff::test
