// The tier-1 line table (see line_table.h).
#include "compiler/line_table.h"

#include <algorithm>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "debuginfo/dwarf.h"
#include "runtime/compiled_module.h"

namespace skiff::compiler {

namespace {

// A chain file name (llvm/inline_chains.h), possibly after a directory:
// "~F0:F@O,F@O,...". False when it is not one or does not parse.
bool parse_chain(std::string_view name, uint32_t* inner, std::vector<LineTable::Caller>* out) {
  const size_t at = name.rfind('~');
  if (at == std::string_view::npos) return false;
  name.remove_prefix(at + 1);
  auto number = [&](uint64_t* v, char end) {
    size_t i = 0;
    *v = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9' && i < 12) *v = *v * 10 + uint64_t(name[i++] - '0');
    if (i == 0 || i >= name.size() || name[i] != end) return false;
    name.remove_prefix(i + 1);
    return true;
  };
  uint64_t f0 = 0;
  if (!number(&f0, ':') || f0 >= ~0u) return false;
  *inner = uint32_t(f0);
  while (!name.empty()) {
    uint64_t f = 0, o = 0;
    if (!number(&f, '@') || !number(&o, ',') || f >= ~0u) return false;
    out->push_back(LineTable::Caller{uint32_t(f), o});
  }
  return !out->empty();
}

}  // namespace

std::shared_ptr<const LineTable> LineTable::parse(std::span<const uint8_t> debug_line) {
  auto t = std::make_shared<LineTable>();
  std::vector<std::string> files;
  const std::vector<debuginfo::NativeLineRow> rows = debuginfo::native_line_rows(debug_line, &files);
  std::vector<uint32_t> chain_of(files.size(), ~0u);  // file -> chains_ index
  for (size_t i = 0; i < files.size(); ++i) {
    Chain c;
    if (!parse_chain(files[i], &c.inner, &c.callers)) continue;
    chain_of[i] = uint32_t(t->chains_.size());
    t->chains_.push_back(std::move(c));
  }
  t->rows_.reserve(rows.size());
  for (const debuginfo::NativeLineRow& r : rows)
    t->rows_.push_back(Row{r.addr, r.end_sequence ? 0u : r.line, r.column,
                           r.file < chain_of.size() ? chain_of[r.file] : ~0u});
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
  Loc loc{uint64_t(it->line) - 1, it->column ? it->column - 1 : ~0u, {}};
  // (A chain whose function disagrees with the column is not this row's.)
  if (it->chain < chains_.size() && (loc.func_index == ~0u || loc.func_index == chains_[it->chain].inner)) {
    loc.func_index = chains_[it->chain].inner;
    loc.callers = chains_[it->chain].callers;
  }
  return loc;
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

namespace {

// Whether loc's callers are a chain usable for physical function `physical` of a
// module with `nfuncs` functions: they end in it, and every function exists.
bool chain_ok(const LineTable::Loc& loc, uint32_t physical, uint32_t nfuncs) {
  if (loc.callers.empty() || loc.callers.back().func_index != physical) return false;
  if (loc.func_index >= nfuncs) return false;
  for (const LineTable::Caller& c : loc.callers)
    if (c.func_index >= nfuncs) return false;
  return true;
}

}  // namespace

void add_compiled_frame(uintptr_t pc, const CodeHit& h, std::vector<rt::TraceFrame>* out) {
  rt::TraceFrame t = CodeMap::frame(h);
  std::optional<LineTable::Loc> loc = LineTable::lookup(pc);
  const rt::CompiledModule* cm = h.module.get();
  auto inlined = [&](uint32_t fi, uint64_t offset) {
    rt::TraceFrame in;
    in.func_index = fi;
    in.name = cm->func_name(fi);
    in.module = h.module;
    place(cm, fi, offset, in);
    out->push_back(std::move(in));
  };
  if (loc) {
    const uint32_t fi = loc->func_index;
    if (cm && chain_ok(*loc, h.func_index, cm->module.num_funcs())) {
      // The whole chain: the innermost function at the offset, each caller at its
      // call, the physical function at its call of the outermost inlined one.
      inlined(fi, loc->module_offset);
      for (size_t i = 0; i + 1 < loc->callers.size(); ++i)
        inlined(loc->callers[i].func_index, loc->callers[i].module_offset);
      place(cm, h.func_index, loc->callers.back().module_offset, t);
    } else if (fi == ~0u || fi == h.func_index) {
      place(cm, h.func_index, loc->module_offset, t);
    } else if (cm && fi < cm->module.num_funcs()) {
      // Code LLVM inlined from function fi, no chain: its frame first, then the
      // physical one (whose call site is not known).
      inlined(fi, loc->module_offset);
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
  if (!loc) return;
  const uint32_t nfuncs = module->module.num_funcs();
  if (chain_ok(*loc, func_index, nfuncs)) {
    for (size_t i = loc->callers.size() - 1; i-- > 0;) out->push_back(loc->callers[i].func_index);
    out->push_back(loc->func_index);
    return;
  }
  if (loc->func_index == ~0u || loc->func_index == func_index) return;
  if (loc->func_index >= nfuncs) return;
  out->push_back(loc->func_index);
}

}  // namespace skiff::compiler
