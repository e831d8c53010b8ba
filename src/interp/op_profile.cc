#include "interp/op_profile.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

#include "interp/code.h"
#include "interp/exec.h"

namespace skiff::interp::detail {

namespace {

struct Profile {
  const void* prev = nullptr;
  std::unordered_map<const void*, uint64_t> ops;
  std::unordered_map<uint64_t, uint64_t> pairs;  // (prev index << 16) | index

  ~Profile() {
    if (ops.empty()) return;
    const void* const* handlers = handler_table();
    std::unordered_map<const void*, unsigned> index;
    for (unsigned i = 0; i < unsigned(IOp::Count_); ++i) index.emplace(handlers[i], i);
    auto name = [&](const void* h) -> const char* {
      auto it = index.find(h);
      return it == index.end() ? "?" : kOpInfo[it->second].text;
    };
    uint64_t total = 0;
    std::vector<std::pair<uint64_t, const void*>> by_op;
    for (auto& [h, n] : ops) {
      by_op.emplace_back(n, h);
      total += n;
    }
    std::sort(by_op.rbegin(), by_op.rend());
    std::fprintf(stderr, "op profile: %llu instructions\n", (unsigned long long)total);
    for (size_t i = 0; i < by_op.size() && i < 40; ++i)
      std::fprintf(stderr, "  %6.2f%%  %s\n", 100.0 * double(by_op[i].first) / double(total),
                   name(by_op[i].second));
    std::vector<std::pair<uint64_t, uint64_t>> by_pair;
    for (auto& [k, n] : pairs) by_pair.emplace_back(n, k);
    std::sort(by_pair.rbegin(), by_pair.rend());
    std::fprintf(stderr, "pairs:\n");
    for (size_t i = 0; i < by_pair.size() && i < 40; ++i) {
      unsigned a = unsigned(by_pair[i].second >> 16), b = unsigned(by_pair[i].second & 0xFFFF);
      std::fprintf(stderr, "  %6.2f%%  %s -> %s\n", 100.0 * double(by_pair[i].first) / double(total),
                   kOpInfo[a].text, kOpInfo[b].text);
    }
  }
};

Profile g_profile;
std::unordered_map<const void*, unsigned>* g_index = nullptr;

}  // namespace

void op_profile_hit(const void* handler) {
  if (!g_index) {
    g_index = new std::unordered_map<const void*, unsigned>();
    const void* const* handlers = handler_table();
    for (unsigned i = 0; i < unsigned(IOp::Count_); ++i) g_index->emplace(handlers[i], i);
  }
  ++g_profile.ops[handler];
  if (g_profile.prev) {
    uint64_t key = (uint64_t(g_index->at(g_profile.prev)) << 16) | g_index->at(handler);
    ++g_profile.pairs[key];
  }
  g_profile.prev = handler;
}

}  // namespace skiff::interp::detail
