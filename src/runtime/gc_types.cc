// gc::type_desc: the process-wide cache of object layouts by canonical type id.
#include <memory>
#include <mutex>
#include <unordered_map>

#include "runtime/compiled_module.h"
#include "runtime/gc_heap.h"

namespace skiff::rt::gc {

namespace {

// Does a field of type t hold structs / arrays (so the collector traces it)? Function
// and exception references point at store-owned objects and are not traced.
bool traced(const CompiledModule& m, const ir::ValType& t) {
  if (t.kind != ir::ValKind::Ref) return false;
  switch (t.heap.kind) {
    case ir::HeapKind::Func:
    case ir::HeapKind::NoFunc:
    case ir::HeapKind::Exn:
    case ir::HeapKind::NoExn:
      return false;
    case ir::HeapKind::Concrete:
      return m.module.types[t.heap.index].comp.kind != ir::CompKind::Func;
    default:
      return true;  // any, eq, struct, array, i31, none, extern, noextern
  }
}

FieldDesc field_desc(const CompiledModule& m, const ir::FieldType& f) {
  FieldDesc d;
  d.mut = f.mut;
  switch (f.type.kind) {
    case ir::ValKind::I8: d.size = 1; break;
    case ir::ValKind::I16: d.size = 2; break;
    case ir::ValKind::I32:
    case ir::ValKind::F32: d.size = 4; break;
    case ir::ValKind::V128: d.size = 16; break;
    case ir::ValKind::Ref: d.size = 8; d.is_ref = traced(m, f.type); break;
    default: d.size = 8; break;
  }
  return d;
}

struct Cache {
  std::mutex mu;
  std::unordered_map<uint32_t, std::unique_ptr<TypeDesc>> by_id;
};
Cache& cache() {
  static Cache c;
  return c;
}

}  // namespace

const TypeDesc* type_desc(const CompiledModule& m, uint32_t type_index) {
  uint32_t id = m.canon.id(type_index);
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mu);
  auto it = c.by_id.find(id);
  if (it != c.by_id.end()) return it->second.get();
  auto d = std::make_unique<TypeDesc>();
  d->id = id;
  const ir::CompType& ct = m.module.types[type_index].comp;
  d->kind = ct.kind;
  if (ct.kind == ir::CompKind::Struct) {
    uint32_t off = 0;
    for (const ir::FieldType& f : ct.struct_.fields) {
      FieldDesc fd = field_desc(m, f);
      uint32_t align = fd.size < 8 ? fd.size : 8;
      off = (off + align - 1) & ~(align - 1);
      fd.offset = off;
      off += fd.size;
      if (fd.is_ref) d->ref_offsets.push_back(fd.offset);
      d->fields.push_back(fd);
    }
    d->size = (off + 7) & ~7u;
  } else {
    d->elem = field_desc(m, ct.array.elem);
  }
  // The display: walk the declared supertypes through the interner.
  const valid::TypeInterner& in = *m.canon.interner();
  std::vector<uint32_t> chain{id};
  for (uint32_t s = in.info(id).super; s != valid::kNoType && chain.size() < 1000;
       s = in.info(s).super)
    chain.push_back(s);
  d->display.assign(chain.rbegin(), chain.rend());
  const TypeDesc* out = d.get();
  c.by_id.emplace(id, std::move(d));
  return out;
}

}  // namespace skiff::rt::gc
