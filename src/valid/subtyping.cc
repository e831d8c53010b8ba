#include "valid/subtyping.h"

#include <bit>

namespace skiff::valid {

using ir::CompKind;
using ir::HeapKind;
using ir::HeapType;
using ir::ValKind;
using ir::ValType;

// ---- TypeInterner -------------------------------------------------------------------

size_t TypeInterner::KeyHash::operator()(const std::vector<uint32_t>& k) const {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint32_t w : k) {
    h ^= w;
    h *= 0x100000001b3ull;
    h ^= h >> 29;
  }
  return size_t(h);
}

TypeInterner::TypeInterner() {
  for (auto& c : chunks_) c.store(nullptr, std::memory_order_relaxed);
}

TypeInterner::~TypeInterner() {
  for (auto& c : chunks_) delete[] c.load(std::memory_order_relaxed);
}

const TypeInterner::Info* TypeInterner::slot(uint32_t id) const {
  uint64_t x = uint64_t(id) + (uint64_t(1) << kFirstBits);
  unsigned msb = unsigned(std::bit_width(x)) - 1;
  return chunks_[msb - kFirstBits].load(std::memory_order_acquire) + (x - (uint64_t(1) << msb));
}

TypeInterner::Info* TypeInterner::slot_for_write(uint32_t id) {
  uint64_t x = uint64_t(id) + (uint64_t(1) << kFirstBits);
  unsigned msb = unsigned(std::bit_width(x)) - 1;
  std::atomic<Info*>& chunk = chunks_[msb - kFirstBits];
  Info* p = chunk.load(std::memory_order_relaxed);
  if (!p) {
    p = new Info[size_t(1) << msb];
    chunk.store(p, std::memory_order_release);
  }
  return p + (x - (uint64_t(1) << msb));
}

uint32_t TypeInterner::intern(const std::vector<uint32_t>& key, const std::vector<Info>& types,
                              const std::vector<SuperRef>& supers) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(key);
  if (it != groups_.end()) return it->second;
  const uint32_t base = size_.load(std::memory_order_relaxed);
  const uint32_t count = uint32_t(types.size());
  if (count > kMaxIds - base) return kNoType;
  for (uint32_t k = 0; k < count; ++k) {
    Info inf = types[k];
    inf.super = kNoType;
    inf.depth = 0;
    if (k < supers.size() && supers[k].value != kNoType) {
      const SuperRef& s = supers[k];
      if (s.relative) {
        if (s.value < count) inf.super = base + s.value;
      } else if (s.value < base) {
        inf.super = s.value;
      }
    }
    // Depth is known when the supertype is already interned (always so for a valid
    // module: supertypes precede their subtypes).
    if (inf.super != kNoType && inf.super < base + k)
      inf.depth = slot_for_write(inf.super)->depth + 1;
    *slot_for_write(base + k) = inf;
  }
  size_.store(base + count, std::memory_order_release);
  groups_.emplace(key, base);
  return base;
}

TypeInterner::Info TypeInterner::info(uint32_t id) const {
  return id < size() ? *slot(id) : Info{};
}

bool TypeInterner::is_subtype(uint32_t sub, uint32_t super) const {
  const uint32_t n = size();
  if (sub >= n || super >= n) return false;
  uint32_t cur = sub;
  for (;;) {
    if (cur == super) return true;
    uint32_t next = slot(cur)->super;
    // Follow strictly decreasing ids only: terminates on any input.
    if (next == kNoType || next >= cur) return false;
    cur = next;
  }
}

std::shared_ptr<TypeInterner> TypeInterner::process_wide() {
  static std::shared_ptr<TypeInterner> g = std::make_shared<TypeInterner>();
  return g;
}

// ---- TypeCanon ----------------------------------------------------------------------

namespace {

// Tags of a type reference inside a canonical key.
enum : uint32_t { kRefCanon = 0, kRefRel = 1, kRefBad = 2 };

struct KeyWriter {
  const std::vector<uint32_t>& ids;  // canonical ids of the types before `start`
  uint32_t start;
  uint32_t count;
  std::vector<uint32_t>& out;

  void index(uint32_t i) {
    if (i >= start && i - start < count) {
      out.push_back(kRefRel);
      out.push_back(i - start);
    } else if (i < start && i < ids.size()) {
      out.push_back(kRefCanon);
      out.push_back(ids[i]);
    } else {  // forward or out-of-range reference: an invalid module
      out.push_back(kRefBad);
      out.push_back(i);
    }
  }
  void val(const ValType& t) {
    out.push_back(uint32_t(t.kind));
    if (t.kind != ValKind::Ref) return;
    out.push_back(t.nullable ? 1 : 0);
    out.push_back(uint32_t(t.heap.kind));
    if (t.heap.is_concrete()) index(t.heap.index);
  }
  void field(const ir::FieldType& f) {
    out.push_back(f.mut ? 1 : 0);
    val(f.type);
  }
  void sub(const ir::SubType& st) {
    out.push_back(st.final ? 1 : 0);
    out.push_back(uint32_t(st.supers.size()));
    for (uint32_t s : st.supers) index(s);
    const ir::CompType& ct = st.comp;
    out.push_back(uint32_t(ct.kind));
    switch (ct.kind) {
      case CompKind::Func:
        out.push_back(uint32_t(ct.func.params.size()));
        for (const auto& t : ct.func.params) val(t);
        out.push_back(uint32_t(ct.func.results.size()));
        for (const auto& t : ct.func.results) val(t);
        break;
      case CompKind::Struct:
        out.push_back(uint32_t(ct.struct_.fields.size()));
        for (const auto& f : ct.struct_.fields) field(f);
        break;
      case CompKind::Array:
        field(ct.array.elem);
        break;
    }
  }
};

}  // namespace

TypeCanon::TypeCanon(const ir::Module& m, std::shared_ptr<TypeInterner> interner)
    : interner_(interner ? std::move(interner) : std::make_shared<TypeInterner>()) {
  const uint32_t n = uint32_t(m.types.size());
  // Normalise the group list.
  uint32_t next = 0;
  if (!m.rec_groups.empty()) {
    for (const ir::RecGroup& g : m.rec_groups) {
      if (g.start != next || g.count > n - next) {
        groups_ok_ = false;
        break;
      }
      if (g.count == 0) continue;  // an empty `rec`
      groups_.push_back(g);
      next += g.count;
    }
    if (next != n) groups_ok_ = false;
  }
  for (; next < n; ++next) groups_.push_back(ir::RecGroup{next, 1, false});

  ids_.assign(n, kNoType);
  group_index_.assign(n, 0);
  std::vector<uint32_t> key;
  std::vector<TypeInterner::Info> infos;
  std::vector<TypeInterner::SuperRef> supers;
  for (uint32_t gi = 0; gi < groups_.size(); ++gi) {
    const ir::RecGroup& g = groups_[gi];
    key.clear();
    infos.clear();
    supers.clear();
    key.push_back(g.count);
    KeyWriter w{ids_, g.start, g.count, key};
    for (uint32_t k = 0; k < g.count; ++k) {
      const ir::SubType& st = m.types[g.start + k];
      w.sub(st);
      TypeInterner::Info inf;
      inf.final = st.final;
      inf.kind = st.comp.kind;
      infos.push_back(inf);
      TypeInterner::SuperRef sr;
      if (!st.supers.empty()) {
        uint32_t s = st.supers[0];
        if (s >= g.start && s - g.start < g.count) {
          sr = {true, s - g.start};
        } else if (s < g.start) {
          sr = {false, ids_[s]};
        }
      }
      supers.push_back(sr);
      group_index_[g.start + k] = gi;
    }
    uint32_t base = interner_->intern(key, infos, supers);
    if (base == kNoType) {
      complete_ = false;  // ids stay kNoType: such types equal nothing
      continue;
    }
    for (uint32_t k = 0; k < g.count; ++k) ids_[g.start + k] = base + k;
  }
}

ir::RecGroup TypeCanon::group_of(uint32_t type_index) const {
  if (type_index >= ids_.size()) return ir::RecGroup{type_index, 0, false};
  return groups_[group_index_[type_index]];
}

// ---- subtyping ----------------------------------------------------------------------

std::optional<CompKind> comp_kind(const ir::Module& m, uint32_t type_index) {
  if (type_index >= m.types.size()) return std::nullopt;
  return m.types[type_index].comp.kind;
}

static bool abstract_sub(HeapKind a, HeapKind b) {
  if (a == b) return true;
  switch (a) {
    case HeapKind::None:
      return b == HeapKind::I31 || b == HeapKind::Struct || b == HeapKind::Array ||
             b == HeapKind::Eq || b == HeapKind::Any;
    case HeapKind::I31:
    case HeapKind::Struct:
    case HeapKind::Array:
      return b == HeapKind::Eq || b == HeapKind::Any;
    case HeapKind::Eq:
      return b == HeapKind::Any;
    case HeapKind::NoFunc:
      return b == HeapKind::Func;
    case HeapKind::NoExtern:
      return b == HeapKind::Extern;
    case HeapKind::NoExn:
      return b == HeapKind::Exn;
    default:
      return false;
  }
}

bool heap_subtype(const ir::Module& m, const TypeCanon& c, HeapType a, HeapType b) {
  if (a.kind == HeapKind::Bot) return true;
  if (b.kind == HeapKind::Bot) return false;
  const uint32_t n = uint32_t(m.types.size());
  if (a.is_concrete()) {
    if (a.index >= n) return false;
    if (b.is_concrete()) {
      if (b.index >= n) return false;
      if (a.index == b.index || c.same(a.index, b.index)) return true;
      // Walk the declared supertype chain; indices strictly decrease.
      uint32_t cur = a.index;
      for (;;) {
        const ir::SubType& st = m.types[cur];
        if (st.supers.empty()) return false;
        uint32_t s = st.supers[0];
        if (s >= cur) return false;
        if (s == b.index || c.same(s, b.index)) return true;
        cur = s;
      }
    }
    switch (m.types[a.index].comp.kind) {
      case CompKind::Func:
        return b.kind == HeapKind::Func;
      case CompKind::Struct:
        return b.kind == HeapKind::Struct || b.kind == HeapKind::Eq || b.kind == HeapKind::Any;
      case CompKind::Array:
        return b.kind == HeapKind::Array || b.kind == HeapKind::Eq || b.kind == HeapKind::Any;
    }
    return false;
  }
  if (b.is_concrete()) {
    if (b.index >= n) return false;
    CompKind k = m.types[b.index].comp.kind;
    if (a.kind == HeapKind::None) return k == CompKind::Struct || k == CompKind::Array;
    if (a.kind == HeapKind::NoFunc) return k == CompKind::Func;
    return false;
  }
  return abstract_sub(a.kind, b.kind);
}

bool is_subtype(const ir::Module& m, const TypeCanon& c, ValType a, ValType b) {
  if (a.kind == ValKind::Bot) return true;
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !b.nullable) return false;
  return heap_subtype(m, c, a.heap, b.heap);
}

bool same_heap(const TypeCanon& c, HeapType a, HeapType b) {
  if (a.kind != b.kind) return false;
  if (!a.is_concrete()) return true;
  return a.index == b.index || c.same(a.index, b.index);
}

bool same_type(const TypeCanon& c, ValType a, ValType b) {
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  return a.nullable == b.nullable && same_heap(c, a.heap, b.heap);
}

bool field_subtype(const ir::Module& m, const TypeCanon& c, const ir::FieldType& a,
                   const ir::FieldType& b) {
  if (a.mut != b.mut) return false;
  // Mutable fields are invariant; immutable ones covariant. Packed storage types
  // only match themselves (is_subtype compares non-reference kinds for equality).
  if (a.mut) return same_type(c, a.type, b.type);
  return is_subtype(m, c, a.type, b.type);
}

bool comp_subtype(const ir::Module& m, const TypeCanon& c, const ir::CompType& a,
                  const ir::CompType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case CompKind::Func: {
      const auto& fa = a.func;
      const auto& fb = b.func;
      if (fa.params.size() != fb.params.size() || fa.results.size() != fb.results.size())
        return false;
      for (size_t i = 0; i < fa.params.size(); ++i)
        if (!is_subtype(m, c, fb.params[i], fa.params[i])) return false;
      for (size_t i = 0; i < fa.results.size(); ++i)
        if (!is_subtype(m, c, fa.results[i], fb.results[i])) return false;
      return true;
    }
    case CompKind::Struct: {
      const auto& sa = a.struct_.fields;
      const auto& sb = b.struct_.fields;
      if (sa.size() < sb.size()) return false;
      for (size_t i = 0; i < sb.size(); ++i)
        if (!field_subtype(m, c, sa[i], sb[i])) return false;
      return true;
    }
    case CompKind::Array:
      return field_subtype(m, c, a.array.elem, b.array.elem);
  }
  return false;
}

// ---- convenience forms ---------------------------------------------------------------

static const TypeCanon& empty_canon() {
  static const TypeCanon c;
  return c;
}

bool heap_subtype(const ir::Module& m, HeapType a, HeapType b) {
  if (a.is_concrete() && b.is_concrete() && a.index != b.index && a.index < m.types.size() &&
      b.index < m.types.size()) {
    TypeCanon c(m);
    return heap_subtype(m, c, a, b);
  }
  return heap_subtype(m, empty_canon(), a, b);
}

bool is_subtype(const ir::Module& m, ValType a, ValType b) {
  if (a.kind == ValKind::Bot) return true;
  if (a.kind != b.kind) return false;
  if (a.kind != ValKind::Ref) return true;
  if (a.nullable && !b.nullable) return false;
  return heap_subtype(m, a.heap, b.heap);
}

// ---- hierarchy facts -----------------------------------------------------------------

HeapKind top_heap(const ir::Module& m, HeapType h) {
  switch (h.kind) {
    case HeapKind::Any: case HeapKind::Eq: case HeapKind::I31: case HeapKind::Struct:
    case HeapKind::Array: case HeapKind::None:
      return HeapKind::Any;
    case HeapKind::Func: case HeapKind::NoFunc:
      return HeapKind::Func;
    case HeapKind::Extern: case HeapKind::NoExtern:
      return HeapKind::Extern;
    case HeapKind::Exn: case HeapKind::NoExn:
      return HeapKind::Exn;
    case HeapKind::Bot:
      return HeapKind::Bot;
    case HeapKind::Concrete: {
      auto k = comp_kind(m, h.index);
      if (!k) return HeapKind::Bot;
      return *k == CompKind::Func ? HeapKind::Func : HeapKind::Any;
    }
  }
  return HeapKind::Bot;
}

HeapKind bottom_heap(const ir::Module& m, HeapType h) {
  switch (top_heap(m, h)) {
    case HeapKind::Any: return HeapKind::None;
    case HeapKind::Func: return HeapKind::NoFunc;
    case HeapKind::Extern: return HeapKind::NoExtern;
    case HeapKind::Exn: return HeapKind::NoExn;
    default: return HeapKind::Bot;
  }
}

}  // namespace skiff::valid
