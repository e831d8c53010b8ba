// The tier-1 line table (see line_table.h).
#include "compiler/line_table.h"

#include <algorithm>
#include <map>
#include <shared_mutex>

#include "debuginfo/dwarf.h"
#include "runtime/compiled_module.h"

namespace skiff::compiler {

std::shared_ptr<const LineTable> LineTable::parse(std::span<const uint8_t> debug_line) {
  auto t = std::make_shared<LineTable>();
  for (const debuginfo::NativeLineRow& r : debuginfo::native_line_rows(debug_line))
    t->rows_.push_back(Row{r.addr, r.end_sequence ? 0u : r.line, r.column});
  // Sequences arrive sorted by their first address; keep the whole table sorted
  // (stable: an end row and the next sequence's first row may share an address,
  // and the later one wins).
  std::stable_sort(t->rows_.begin(), t->rows_.end(), [](const Row& a, const Row& b) { return a.rel < b.rel; });
  return t;
}

std::optional<LineTable::Loc> LineTable::at(uint64_t rel) const {
  auto it = std::upper_bound(rows_.begin(), rows_.end(), rel, [](uint64_t v, const Row& r) { return v < r.rel; });
  if (it == rows_.begin()) return std::nullopt;
  --it;
  if (it->line == 0) return std::nullopt;
  return Loc{uint64_t(it->line) - 1, it->column ? it->column - 1 : ~0u};
}

namespace {

struct Registered {
  uintptr_t end, base;
  uint64_t token;
  std::shared_ptr<const LineTable> table;
};

struct Registry {
  std::shared_mutex mu;
  std::map<uintptr_t, Registered> by_begin;
  uint64_t next = 1;
};

Registry& reg() {
  static Registry* r = new Registry();  // never destroyed (objects may outlive statics)
  return *r;
}

}  // namespace

uint64_t LineTable::add(uintptr_t begin, uintptr_t end, uintptr_t base, std::shared_ptr<const LineTable> t) {
  Registry& r = reg();
  std::unique_lock<std::shared_mutex> g(r.mu);
  const uint64_t tok = r.next++;
  r.by_begin[begin] = Registered{end, base, tok, std::move(t)};
  return tok;
}

void LineTable::remove(uint64_t token) {
  Registry& r = reg();
  std::unique_lock<std::shared_mutex> g(r.mu);
  for (auto it = r.by_begin.begin(); it != r.by_begin.end(); ++it) {
    if (it->second.token == token) {
      r.by_begin.erase(it);
      return;
    }
  }
}

std::optional<LineTable::Loc> LineTable::lookup(uintptr_t pc) {
  Registry& r = reg();
  std::shared_lock<std::shared_mutex> g(r.mu);
  auto it = r.by_begin.upper_bound(pc);
  if (it == r.by_begin.begin()) return std::nullopt;
  --it;
  if (pc >= it->second.end || pc < it->second.base) return std::nullopt;
  return it->second.table->at(pc - it->second.base);
}

namespace {

// Tier 0's convention (interp place_frame): module offset, and from the start of
// the function's code entry.
void place(const rt::CompiledModule* cm, uint32_t func_index, uint64_t module_offset, rt::TraceFrame& t) {
  t.module_offset = module_offset;
  if (!cm) return;
  const ir::Module& m = cm->module;
  if (func_index < m.num_imported_funcs || func_index >= m.num_funcs()) return;
  const ir::Expr& body = m.funcs[func_index - m.num_imported_funcs].body;
  const uint64_t base = body.offset > 0 ? uint64_t(body.offset) : 0;
  const uint64_t entry = body.entry_offset >= 0 ? uint64_t(body.entry_offset) : base;
  if (module_offset >= entry) t.func_offset = module_offset - entry;
}

}  // namespace

void add_compiled_frame(uintptr_t pc, const CodeHit& h, std::vector<rt::TraceFrame>* out) {
  rt::TraceFrame t = CodeMap::frame(h);
  std::optional<LineTable::Loc> loc = LineTable::lookup(pc);
  const rt::CompiledModule* cm = h.module.get();
  if (loc) {
    const uint32_t fi = loc->func_index;
    if (fi == ~0u || fi == h.func_index) {
      place(cm, h.func_index, loc->module_offset, t);
    } else if (cm && fi < cm->module.num_funcs()) {
      // Code LLVM inlined from function fi: its frame first, then the physical
      // one (whose call site the line table does not record).
      rt::TraceFrame in;
      in.func_index = fi;
      in.name = cm->func_name(fi);
      in.module = h.module;
      place(cm, fi, loc->module_offset, in);
      out->push_back(std::move(in));
    }
  }
  out->push_back(std::move(t));
}

void inlined_functions(const rt::CompiledModule* module, uint32_t func_index, uintptr_t pc,
                       std::vector<uint32_t>* out) {
  if (!module) return;
  std::optional<CodeHit> h = CodeMap::lookup(pc);
  if (!h || h->wrapper || h->module.get() != module || h->func_index != func_index) return;
  std::optional<LineTable::Loc> loc = LineTable::lookup(pc);
  if (!loc || loc->func_index == ~0u || loc->func_index == func_index) return;
  if (loc->func_index >= module->module.num_funcs()) return;
  out->push_back(loc->func_index);
}

}  // namespace skiff::compiler
