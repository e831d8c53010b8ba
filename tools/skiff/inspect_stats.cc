// skiff inspect --stats: how often each instruction appears in the code, and the
// largest functions.
#include <algorithm>
#include <cstdio>
#include <map>

#include "inspect_report.h"
#include "ir/instr.h"
#include "ir/opcode.h"
#include "support/bytes.h"

namespace skiff::cli {

void print_stats(const ir::Module& m, size_t top) {
  std::map<std::string_view, uint64_t> hist;
  uint64_t total = 0, code_bytes = 0, bad = 0;
  struct Size {
    uint32_t index;
    size_t bytes;
    uint64_t instrs;
  };
  std::vector<Size> sizes;
  for (size_t i = 0; i < m.funcs.size(); ++i) {
    const ir::Expr& e = m.funcs[i].body;
    Reader r(e.bytes.data(), e.bytes.size());
    uint64_t n = 0;
    while (!r.at_end()) {
      ir::Instr in;
      if (!ir::read_instr(r, &in).ok()) {
        ++bad;
        break;
      }
      ++hist[ir::op_name(in.op)];
      ++n;
    }
    total += n;
    code_bytes += e.bytes.size();
    sizes.push_back({m.num_imported_funcs + uint32_t(i), e.bytes.size(), n});
  }
  std::printf("Stats:\n  %zu functions, %llu instructions, %llu bytes of code%s\n", m.funcs.size(),
              static_cast<unsigned long long>(total), static_cast<unsigned long long>(code_bytes),
              bad ? (" (" + std::to_string(bad) + " bodies did not decode)").c_str() : "");
  std::vector<std::pair<std::string_view, uint64_t>> rows(hist.begin(), hist.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::printf("  Instructions (%zu kinds; top %zu):\n", rows.size(), std::min(top, rows.size()));
  for (size_t i = 0; i < rows.size() && i < top; ++i)
    std::printf("    %-24.*s %10llu %6.2f%%\n", int(rows[i].first.size()), rows[i].first.data(),
                static_cast<unsigned long long>(rows[i].second), total ? 100.0 * double(rows[i].second) / double(total) : 0.0);
  std::stable_sort(sizes.begin(), sizes.end(), [](const Size& a, const Size& b) { return a.bytes > b.bytes; });
  auto names = function_names(m);
  std::printf("  Largest functions (top %zu):\n", std::min(top, sizes.size()));
  for (size_t i = 0; i < sizes.size() && i < top; ++i) {
    auto it = names.find(sizes[i].index);
    std::printf("    func[%u] %-32s %8zu bytes %8llu instrs %6.2f%%\n", sizes[i].index,
                it == names.end() ? "" : it->second.c_str(), sizes[i].bytes,
                static_cast<unsigned long long>(sizes[i].instrs),
                code_bytes ? 100.0 * double(sizes[i].bytes) / double(code_bytes) : 0.0);
  }
}

}  // namespace skiff::cli
