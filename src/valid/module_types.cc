#include "valid/module_types.h"

#include <string>
#include <vector>

namespace skiff::valid {

using ir::CompKind;
using ir::ValKind;

static Error unknown_type(uint32_t index) {
  return make_error("unknown type " + std::to_string(index));
}

Status check_heap_type(const ir::Module& m, const ir::HeapType& h) {
  if (h.is_concrete()) {
    if (h.index >= m.types.size()) return unknown_type(h.index);
    return {};
  }
  if (h.kind == ir::HeapKind::Bot) return make_error("invalid heap type");
  return {};
}

Status check_val_type(const ir::Module& m, const ir::ValType& t) {
  switch (t.kind) {
    case ValKind::I32: case ValKind::I64: case ValKind::F32: case ValKind::F64:
    case ValKind::V128:
      return {};
    case ValKind::Ref:
      return check_heap_type(m, t.heap);
    case ValKind::I8: case ValKind::I16: case ValKind::Bot:
      break;
  }
  return make_error("invalid value type");
}

// ---- type section -----------------------------------------------------------------

namespace {

// Checks that every type index a sub type mentions is below `end` (the end of its
// rec group), and that packed types appear only as field storage types.
struct RefCheck {
  uint32_t end;

  Status heap(const ir::HeapType& h) const {
    if (h.is_concrete() && h.index >= end) return unknown_type(h.index);
    if (h.kind == ir::HeapKind::Bot) return make_error("invalid heap type");
    return {};
  }
  Status val(const ir::ValType& t) const {
    if (t.is_packed() || t.kind == ValKind::Bot) return make_error("invalid value type");
    if (t.is_ref()) return heap(t.heap);
    return {};
  }
  Status storage(const ir::ValType& t) const {
    if (t.is_packed()) return {};
    return val(t);
  }
  Status sub(const ir::SubType& st) const {
    for (uint32_t s : st.supers)
      if (s >= end) return unknown_type(s);
    const ir::CompType& ct = st.comp;
    switch (ct.kind) {
      case CompKind::Func:
        for (const auto& t : ct.func.params) SKIFF_TRY(val(t));
        for (const auto& t : ct.func.results) SKIFF_TRY(val(t));
        return {};
      case CompKind::Struct:
        for (const auto& f : ct.struct_.fields) SKIFF_TRY(storage(f.type));
        return {};
      case CompKind::Array:
        return storage(ct.array.elem.type);
    }
    return make_error("invalid composite type");
  }
};

}  // namespace

Status validate_types(const ir::Module& m, const TypeCanon& canon) {
  if (!canon.groups_ok() || canon.size() != m.types.size())
    return make_error("malformed rec group list");
  if (!canon.complete()) return make_error("too many types: canonical type ids exhausted");
  std::vector<uint32_t> depth(m.types.size(), 0);
  for (const ir::RecGroup& g : canon.groups()) {
    const uint32_t end = g.start + g.count;
    RefCheck rc{end};
    for (uint32_t x = g.start; x < end; ++x) SKIFF_TRY(rc.sub(m.types[x]));
    for (uint32_t x = g.start; x < end; ++x) {
      const ir::SubType& st = m.types[x];
      if (st.supers.size() > 1)
        return make_error("sub type " + std::to_string(x) + " has more than one super type");
      for (uint32_t s : st.supers) {
        if (s >= x)
          return make_error("forward use of type " + std::to_string(s) +
                            " in sub type definition");
        if (m.types[s].final)
          return make_error("sub type " + std::to_string(x) + " has final super type " +
                            std::to_string(s));
        if (!comp_subtype(m, canon, st.comp, m.types[s].comp))
          return make_error("sub type " + std::to_string(x) + " does not match super type " +
                            std::to_string(s));
        depth[x] = depth[s] + 1;
        if (depth[x] > kMaxSubtypingDepth)
          return make_error("sub type " + std::to_string(x) +
                            ": supertype chain longer than the implementation limit (" +
                            std::to_string(kMaxSubtypingDepth) + ")");
      }
    }
  }
  return {};
}

// ---- other declarations --------------------------------------------------------------

Status check_func_type_index(const ir::Module& m, uint32_t type_index) {
  if (type_index >= m.types.size()) return unknown_type(type_index);
  if (m.types[type_index].comp.kind != CompKind::Func)
    return make_error("non-function type " + std::to_string(type_index));
  return {};
}

Status check_table_type(const ir::Module& m, const ir::TableType& t) {
  const ir::Limits& l = t.limits;
  if (!l.is64) {
    const uint64_t bound = 0xFFFFFFFFull;
    if (l.min > bound || (l.max && *l.max > bound))
      return make_error("table size must be at most 2^32-1 for i32");
  }
  if (l.max && l.min > *l.max)
    return make_error("size minimum must not be greater than maximum");
  if (!t.elem.is_ref()) return make_error("malformed reference type");
  return check_heap_type(m, t.elem.heap);
}

Status check_memory_type(const ir::MemoryType& t) {
  if (t.page_size_log2 != 0 && t.page_size_log2 != 16)
    return make_error("invalid custom page size");
  const ir::Limits& l = t.limits;
  // The whole memory must fit the address space. With 64 KiB pages that is 2^16
  // pages for i32 (4 GiB) and 2^48 for i64; with 1-byte pages the custom-page-sizes
  // proposal allows 2^32-1 and 2^64-1 pages (the largest count the limit can spell).
  const bool is64 = l.is64;
  uint64_t bound;
  if (t.page_size_log2 == 16)
    bound = is64 ? (uint64_t(1) << 48) : (uint64_t(1) << 16);
  else
    bound = is64 ? ~uint64_t(0) : 0xFFFFFFFFull;
  if (l.min > bound || (l.max && *l.max > bound)) {
    if (t.page_size_log2 == 16)
      return make_error(is64 ? "memory size must be at most 2^48 pages (256TiB)"
                             : "memory size must be at most 65536 pages (4GiB)");
    return make_error(is64 ? "memory size must be at most 2^64-1 pages"
                           : "memory size must be at most 2^32-1 pages");
  }
  if (l.max && l.min > *l.max)
    return make_error("size minimum must not be greater than maximum");
  if (l.shared && !l.max) return make_error("shared memory must have maximum");
  return {};
}

Status check_tag_type(const ir::Module& m, const ir::TagType& t) {
  SKIFF_TRY(check_func_type_index(m, t.type_index));
  if (!m.types[t.type_index].comp.func.results.empty())
    return make_error("non-empty tag result type");
  return {};
}

}  // namespace skiff::valid
