// Memory, Table, Global, Tag and Extern handles.
#include "api/api_impl.h"
#include "runtime/instance.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "skiff/objects.h"
#include "skiff/store.h"

namespace skiff {

namespace {
rt::Memory* mem(void* p) { return static_cast<rt::Memory*>(p); }
rt::Table* tab(void* p) { return static_cast<rt::Table*>(p); }
rt::Global* glob(void* p) { return static_cast<rt::Global*>(p); }
}  // namespace

std::optional<Extern> detail::extern_of(detail::StoreImpl* s, const rt::Extern& e) {
  switch (e.kind) {
    case ir::ExternKind::Func: return Extern(Func(s, e.func));
    case ir::ExternKind::Table: return Extern(Table(s, e.table));
    case ir::ExternKind::Memory: return Extern(Memory(s, e.memory));
    case ir::ExternKind::Global: return Extern(Global(s, e.global));
    case ir::ExternKind::Tag: return Extern(Tag(s, e.tag));
  }
  return std::nullopt;
}

rt::Extern detail::rt_extern_of(const Extern& e, detail::StoreImpl** owner) {
  switch (e.kind()) {
    case ExternKind::Func: *owner = e.func()->store(); return rt::Extern(static_cast<rt::Func*>(e.func()->raw()));
    case ExternKind::Table: *owner = e.table()->store(); return rt::Extern(static_cast<rt::Table*>(e.table()->raw()));
    case ExternKind::Memory: *owner = e.memory()->store(); return rt::Extern(static_cast<rt::Memory*>(e.memory()->raw()));
    case ExternKind::Global: *owner = e.global()->store(); return rt::Extern(static_cast<rt::Global*>(e.global()->raw()));
    case ExternKind::Tag: *owner = e.tag()->store(); return rt::Extern(static_cast<rt::Tag*>(e.tag()->raw()));
  }
  return rt::Extern();
}

Result<Memory> Memory::create(Store& store, const MemoryType& type) {
  auto m = store.impl()->store.create_memory(detail::to_rt(type));
  if (!m.ok()) return std::move(m).error();
  return Memory(store.impl(), *m);
}

MemoryType Memory::type() const { return detail::to_public(mem(mem_)->type()); }
uint8_t* Memory::data() const { return mem(mem_)->data(); }
uint64_t Memory::size() const { return mem(mem_)->size_bytes(); }
uint64_t Memory::pages() const { return mem(mem_)->size_pages(); }

Result<uint64_t> Memory::grow(uint64_t delta) {
  int64_t old = store_->store.grow_memory(mem(mem_), delta);
  if (old < 0)
    return Error{"memory.grow by " + std::to_string(delta) +
                 " pages failed (limit reached or denied by the store's resource limiter)"};
  return uint64_t(old);
}

Result<std::span<uint8_t>> Memory::view(uint64_t offset, uint64_t length) const {
  if (!mem(mem_)->in_bounds(offset, length))
    return Error{"out of bounds memory access: [" + std::to_string(offset) + ", +" + std::to_string(length) +
                 ") in a memory of " + std::to_string(size()) + " bytes"};
  return std::span<uint8_t>(data() + offset, size_t(length));
}

Status Memory::read(uint64_t offset, std::span<uint8_t> out) const {
  auto v = view(offset, out.size());
  if (!v.ok()) return std::move(v).error();
  std::memcpy(out.data(), v->data(), out.size());
  return {};
}

Status Memory::write(uint64_t offset, std::span<const uint8_t> in) {
  auto v = view(offset, in.size());
  if (!v.ok()) return std::move(v).error();
  std::memcpy(v->data(), in.data(), in.size());
  return {};
}

Result<Table> Table::create(Store& store, const TableType& type, std::optional<Val> init) {
  ir::TableType t = detail::to_rt(type);
  rt::Val r;
  if (init) {
    if (auto err = detail::to_rt_val(store.impl(), *init, t.elem, r)) return Error{"table initial value: " + *err};
  } else if (!t.elem.nullable) {
    return Error{"a table of non-nullable references needs an initial value"};
  }
  auto tb = store.impl()->store.create_table(t, init ? r.ref : rt::Ref::null());
  if (!tb.ok()) return std::move(tb).error();
  return Table(store.impl(), *tb);
}

TableType Table::type() const { return detail::to_public(tab(table_)->type()); }
uint64_t Table::size() const { return tab(table_)->size(); }

Result<Val> Table::get(uint64_t index) const {
  rt::Ref r;
  if (tab(table_)->get(index, r) != sem::TrapKind::None)
    return Error{"out of bounds table access: index " + std::to_string(index)};
  return detail::to_public(store_, rt::Val::make_ref(r, tab(table_)->elem_type()));
}

Status Table::set(uint64_t index, const Val& value) {
  rt::Val r;
  if (auto err = detail::to_rt_val(store_, value, tab(table_)->elem_type(), r)) return Error{*err};
  if (tab(table_)->set(index, r.ref) != sem::TrapKind::None)
    return Error{"out of bounds table access: index " + std::to_string(index)};
  return {};
}

Result<uint64_t> Table::grow(uint64_t delta, const Val& init) {
  rt::Val r;
  if (auto err = detail::to_rt_val(store_, init, tab(table_)->elem_type(), r)) return Error{*err};
  int64_t old = store_->store.grow_table(tab(table_), delta, r.ref);
  if (old < 0)
    return Error{"table.grow by " + std::to_string(delta) +
                 " failed (limit reached or denied by the store's resource limiter)"};
  return uint64_t(old);
}

Result<Global> Global::create(Store& store, const GlobalType& type, const Val& init) {
  ir::GlobalType t{detail::to_rt(type.type), type.is_mutable};
  rt::Val v;
  if (auto err = detail::to_rt_val(store.impl(), init, t.type, v)) return Error{"global initial value: " + *err};
  return Global(store.impl(), store.impl()->store.create_global(t, v));
}

GlobalType Global::type() const { return detail::to_public(glob(global_)->type); }
Val Global::get() const { return detail::to_public(store_, glob(global_)->get()); }

Status Global::set(const Val& value) {
  if (!glob(global_)->type.mut) return Error{"global is immutable"};
  rt::Val v;
  if (auto err = detail::to_rt_val(store_, value, glob(global_)->type.type, v)) return Error{*err};
  glob(global_)->set(v);
  return {};
}

FuncType Tag::type() const { return detail::to_public(*static_cast<rt::Tag*>(tag_)->sig); }

ExternType Extern::type() const {
  ExternType t;
  t.kind = kind();
  switch (t.kind) {
    case ExternKind::Func: t.func = std::get<Func>(v_).type(); break;
    case ExternKind::Table: t.table = std::get<Table>(v_).type(); break;
    case ExternKind::Memory: t.memory = std::get<Memory>(v_).type(); break;
    case ExternKind::Global: t.global = std::get<Global>(v_).type(); break;
    case ExternKind::Tag: t.func = std::get<Tag>(v_).type(); break;
  }
  return t;
}

}  // namespace skiff
