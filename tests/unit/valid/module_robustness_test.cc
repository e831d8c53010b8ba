// Randomised hostile modules: validate() must return (valid or not) without crashing
// or reading out of bounds, whatever the indices, limits and expression bytes say.
// Meant to run under ASan/UBSan as well (make asan).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "module_test_util.h"
#include "valid/subtyping.h"
#include "valid/validator.h"

namespace skiff::valid {
namespace {

using namespace skiff::valid::testing;

// Each module gets a hostility level: `bad` is the percentage of choices that break
// a rule (an index out of range, a bottom type, huge limits, garbage bytes). Low
// levels give mostly valid modules, so the later checks run too.
class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}

  unsigned bad = 50;

  uint32_t below(uint32_t n) { return n ? uint32_t(rng_() % n) : 0; }
  bool coin(unsigned percent = 50) { return below(100) < percent; }
  bool hazard() { return coin(bad); }
  uint64_t rng64() { return (uint64_t(rng_()) << 32) | rng_(); }

  // An index below n, or (hazard) just out of range or huge.
  uint32_t index(uint32_t n) {
    if (n == 0 || hazard()) return coin(20) ? 0xFFFFFFFFu - below(3) : n + below(2);
    return below(n);
  }

  ir::HeapType heap(uint32_t ntypes) {
    static const ir::HeapKind kinds[] = {
        ir::HeapKind::Func,  ir::HeapKind::Extern, ir::HeapKind::Any,      ir::HeapKind::Eq,
        ir::HeapKind::I31,   ir::HeapKind::Struct, ir::HeapKind::Array,    ir::HeapKind::Exn,
        ir::HeapKind::NoExn, ir::HeapKind::NoFunc, ir::HeapKind::NoExtern, ir::HeapKind::None};
    if (hazard() && coin(20)) return ir::HeapType::abstract(ir::HeapKind::Bot);
    if (ntypes && coin(40)) return ir::HeapType::concrete(index(ntypes));
    return ir::HeapType::abstract(kinds[below(12)]);
  }
  ir::ValType val(uint32_t ntypes, bool storage = false) {
    static const ir::ValKind nums[] = {ir::ValKind::I32, ir::ValKind::I64, ir::ValKind::F32,
                                       ir::ValKind::F64, ir::ValKind::V128};
    if (coin(40)) return ir::ValType::ref(heap(ntypes), coin());
    if ((storage || hazard()) && coin(20))
      return ir::ValType::num(coin() ? ir::ValKind::I8 : ir::ValKind::I16);
    if (hazard() && coin(10)) return ir::ValType::num(ir::ValKind::Bot);
    return ir::ValType::num(nums[below(5)]);
  }
  std::vector<ir::ValType> vals(uint32_t ntypes) {
    std::vector<ir::ValType> v(below(4));
    for (auto& t : v) t = val(ntypes);
    return v;
  }
  // Type x of a group ending at `end`.
  ir::SubType sub_type(uint32_t x, uint32_t end) {
    ir::SubType st;
    switch (below(3)) {
      case 0: st = func_t(vals(end), vals(end)); break;
      case 1: {
        std::vector<ir::FieldType> fs(below(4));
        for (auto& f : fs) f = fld(val(end, true), coin());
        st = struct_t(fs);
        break;
      }
      default: st = array_t(fld(val(end, true), coin())); break;
    }
    st.final = coin(30);
    if (coin(40) && (x > 0 || hazard())) st.supers.push_back(index(x));
    if (hazard() && coin(10)) st.supers.push_back(index(x));
    return st;
  }
  ir::Limits lim() {
    ir::Limits l;
    l.is64 = coin(30);
    if (hazard() && coin(30)) {
      l.min = coin() ? rng64() : below(70000);
      if (coin(60)) l.max = coin() ? rng64() : below(70000);
    } else {
      l.min = below(100);
      if (coin(60)) l.max = l.min + below(100);
    }
    l.shared = coin(10) && (l.max || hazard());
    return l;
  }
  uint8_t page_log2() { return hazard() && coin(20) ? uint8_t(below(20)) : (coin(90) ? 16 : 0); }

  // A constant expression meant to have type t (garbage when hazard()).
  ir::Expr expr_for(const ir::ValType& t, uint32_t nfuncs, uint32_t nglobals, uint32_t ntypes) {
    if (hazard()) {
      switch (below(5)) {
        case 0: return ref_func(index(nfuncs));
        case 1: return global_get(index(nglobals));
        case 2: return ref_null_idx(index(ntypes));
        case 3: return i64_const(int64_t(rng64()));
        default: {
          ir::Expr e;
          e.bytes.resize(below(12));
          for (auto& b : e.bytes) b = uint8_t(rng_());
          if (coin()) e.bytes.push_back(0x0B);
          return e;
        }
      }
    }
    if (t.kind == ir::ValKind::I64) return i64_const(int64_t(rng64()));
    if (t.is_ref()) {
      if (t.heap.is_concrete()) return ref_null_idx(t.heap.index);
      if (t.heap.kind == ir::HeapKind::Func && nfuncs) return ref_func(below(nfuncs));
      return ref_null(t.heap.kind);
    }
    return i32_const(int32_t(rng_()));
  }

 private:
  std::mt19937 rng_;
};

ir::Module random_module(Gen& g) {
  ir::Module m;
  g.bad = g.coin(50) ? g.below(8) : 20 + g.below(80);
  const uint32_t ntypes = g.below(8);
  // Rec groups: a random partition, sometimes broken.
  for (uint32_t i = 0; i < ntypes;) {
    uint32_t count = 1 + g.below(std::min<uint32_t>(3, ntypes - i));
    m.rec_groups.push_back(ir::RecGroup{i, count, count > 1});
    for (uint32_t k = 0; k < count; ++k) m.types.push_back(g.sub_type(i + k, i + count));
    i += count;
  }
  if (g.hazard() && g.coin(10) && !m.rec_groups.empty()) m.rec_groups.back().count += 1;
  if (g.coin(3)) m.rec_groups.insert(m.rec_groups.begin(), ir::RecGroup{0, 0, true});

  const uint32_t nimports = g.below(4);
  for (uint32_t i = 0; i < nimports; ++i) {
    ir::Import imp;
    imp.module = "m";
    imp.name = std::to_string(i);
    imp.kind = ir::ExternKind(g.below(5));
    imp.func_type = g.index(ntypes);
    imp.table.elem = ir::ValType::ref(g.heap(ntypes), g.coin(80));
    imp.table.limits = g.lim();
    imp.memory.limits = g.lim();
    imp.memory.page_size_log2 = g.page_log2();
    imp.global = ir::GlobalType{g.val(ntypes), g.coin()};
    imp.tag = ir::TagType{0, g.index(ntypes)};
    m.add_import(std::move(imp));
  }
  const uint32_t nfuncs = g.below(4);
  const uint32_t total_funcs = m.num_imported_funcs + nfuncs;
  for (uint32_t i = 0; i < nfuncs; ++i) {
    ir::Function f = func(g.index(ntypes));
    if (g.hazard()) f.body = g.expr_for(ir::kI32, total_funcs, 4, ntypes);
    if (g.coin(30)) f.locals.push_back(ir::LocalRun{g.below(3), g.val(ntypes)});
    m.funcs.push_back(std::move(f));
  }
  for (uint32_t i = g.below(3); i > 0; --i) {
    ir::Table t;
    t.type.elem = ir::ValType::ref(g.heap(ntypes), g.coin(80));
    t.type.limits = g.lim();
    if (g.coin() || !t.type.elem.nullable)
      t.init = g.expr_for(t.type.elem, total_funcs, m.num_imported_globals, ntypes);
    m.tables.push_back(std::move(t));
  }
  for (uint32_t i = g.below(3); i > 0; --i) {
    ir::MemoryType mt;
    mt.limits = g.lim();
    mt.page_size_log2 = g.page_log2();
    m.memories.push_back(mt);
  }
  for (uint32_t i = g.below(4); i > 0; --i) {
    ir::ValType t = g.val(ntypes);
    m.globals.push_back(global(t, g.expr_for(t, total_funcs, m.num_globals(), ntypes), g.coin()));
  }
  for (uint32_t i = g.below(3); i > 0; --i) m.tags.push_back(ir::TagType{0, g.index(ntypes)});
  for (uint32_t i = g.below(3); i > 0; --i) {
    ir::ElemSegment s;
    s.mode = ir::SegmentMode(g.below(3));
    s.table = g.index(m.num_tables());
    bool is64 = s.table < m.num_tables() && m.table_type(s.table).limits.is64;
    s.offset = g.expr_for(is64 ? ir::kI64 : ir::kI32, total_funcs, m.num_globals(), ntypes);
    s.type = g.coin(70) ? ir::funcref() : ir::ValType::ref(g.heap(ntypes), g.coin(80));
    for (uint32_t k = g.below(3); k > 0; --k)
      s.items.push_back(g.expr_for(s.type, total_funcs, m.num_globals(), ntypes));
    m.elems.push_back(std::move(s));
  }
  for (uint32_t i = g.below(3); i > 0; --i) {
    ir::DataSegment d;
    d.mode = g.coin(70) ? ir::SegmentMode::Active : ir::SegmentMode::Passive;
    d.memory = g.index(m.num_memories());
    bool is64 = d.memory < m.num_memories() && m.memory_type(d.memory).limits.is64;
    d.offset = g.expr_for(is64 ? ir::kI64 : ir::kI32, total_funcs, m.num_globals(), ntypes);
    m.datas.push_back(std::move(d));
  }
  if (g.coin(20)) m.data_count = g.hazard() ? g.below(4) : uint32_t(m.datas.size());
  for (uint32_t i = g.below(4); i > 0; --i)
    m.exports.push_back(export_(std::to_string(g.hazard() ? g.below(3) : i),
                                ir::ExternKind(g.below(5)), g.index(3)));
  if (g.coin(30)) m.start = g.index(total_funcs);
  return m;
}

TEST(ModuleRobustness, RandomModulesNeverCrash) {
  Gen g(12345);
  int valid = 0;
  std::map<std::string, int> messages;
  for (int i = 0; i < 4000; ++i) {
    ir::Module m = random_module(g);
    Status s = validate(m);
    if (s.ok()) ++valid;
    else
      ++messages[s.error().message.substr(0, 12)];
    // The subtyping helpers are total too.
    TypeCanon c(m);
    for (uint32_t a = 0; a < m.types.size() + 2; ++a)
      for (uint32_t b = 0; b < m.types.size() + 2; ++b) {
        (void)heap_subtype(m, c, ir::HeapType::concrete(a), ir::HeapType::concrete(b));
        (void)c.interner()->is_subtype(c.id(a), c.id(b));
      }
  }
  // Some random modules are valid, so the generator reaches the later checks.
  EXPECT_GT(valid, 0);
  // ... and many different rules reject the others.
  EXPECT_GT(messages.size(), 15u);
}

}  // namespace
}  // namespace skiff::valid
