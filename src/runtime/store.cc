#include "runtime/store.h"

namespace skiff::rt {

Engine::Engine(EngineConfig config)
    : config_(config), interner_(valid::TypeInterner::process_wide()) {}

Store::Store(Engine& engine) : engine_(&engine) {}
Store::~Store() = default;

Memory* Caller::memory(uint32_t index) const {
  if (!instance || index >= instance->memories.size()) return nullptr;
  return instance->memories[index];
}

uint32_t Store::intern_func_type(const ir::FuncType& type) {
  ir::Module m;
  ir::SubType st;
  st.comp.kind = ir::CompKind::Func;
  st.comp.func = type;
  m.types.push_back(std::move(st));
  valid::TypeCanon c(m, engine_->interner());
  return c.id(0);
}

Func* Store::create_host_func(ir::FuncType type, HostCallback cb, std::string name) {
  auto f = std::make_unique<Func>();
  f->kind = Func::Kind::Host;
  f->type_id = intern_func_type(type);
  host_sigs_.push_back(std::make_unique<ir::FuncType>(std::move(type)));
  f->sig = host_sigs_.back().get();
  f->host = std::move(cb);
  f->host_name = std::move(name);
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

namespace {
// Bytes of `pages` pages of 2^log2 bytes, or nullopt past 2^64.
std::optional<uint64_t> page_bytes(uint64_t pages, uint8_t log2) {
  if (log2 >= 64 || (pages != 0 && pages > (UINT64_MAX >> log2))) return std::nullopt;
  return pages << log2;
}
}  // namespace

// Only a change that could otherwise succeed (within the object's own limit: its
// max, the address space, the store's limit) is put to the limiter.
int64_t Store::grow_memory(Memory* m, uint64_t delta_pages) {
  if (limiter && delta_pages != 0 && m->within_limit(delta_pages)) {
    const uint8_t log2 = m->page_size_log2();
    const uint64_t want = (m->size_pages() + delta_pages) << log2;  // <= the byte limit
    std::optional<uint64_t> max = m->max_pages();
    std::optional<uint64_t> max_bytes = max ? page_bytes(*max, log2) : std::nullopt;
    if (!limiter->memory_growing(m->size_bytes(), want, max_bytes)) return -1;
  }
  return m->grow(delta_pages);
}

int64_t Store::grow_table(Table* t, uint64_t delta, Ref init) {
  if (limiter && delta != 0 && t->within_limit(delta) &&
      !limiter->table_growing(t->size(), t->size() + delta, t->max()))
    return -1;
  return t->grow(delta, init);
}

Result<Memory*> Store::create_memory(const ir::MemoryType& type, const MemoryImage* image) {
  if (limiter) {
    std::optional<uint64_t> want = page_bytes(type.limits.min, type.page_size_log2);
    std::optional<uint64_t> max_bytes =
        type.limits.max ? page_bytes(*type.limits.max, type.page_size_log2) : std::nullopt;
    if (want && *want <= limits.max_memory_bytes && !limiter->memory_growing(0, *want, max_bytes))
      return make_error("memory of " + std::to_string(*want) + " bytes denied by the store's resource limiter");
  }
  const EngineConfig& ec = engine_->config();
  auto m = Memory::create(type, limits.max_memory_bytes,
                          MemoryLayout{ec.reserve_memory, ec.memory_reservation, ec.memory_guard}, image);
  if (!m.ok()) return std::move(m).error();
  memories_.push_back(std::move(*m));
  return memories_.back().get();
}

Result<Table*> Store::create_table(const ir::TableType& type, Ref init) {
  const uint64_t cap = type.limits.is64 ? UINT64_MAX : 0xFFFFFFFFu;
  if (type.limits.min > limits.max_table_elements || type.limits.min > cap)
    return make_error("table size exceeds limit");
  if (limiter && !limiter->table_growing(0, type.limits.min, type.limits.max))
    return make_error("table of " + std::to_string(type.limits.min) +
                      " elements denied by the store's resource limiter");
  try {
    tables_.push_back(std::make_unique<Table>(type, init, limits.max_table_elements));
  } catch (const std::bad_alloc&) {
    return make_error("out of memory");
  }
  return tables_.back().get();
}

Global* Store::create_global(const ir::GlobalType& type, const Val& init) {
  Global* g = new_global(type);
  g->set(init);
  return g;
}

Tag* Store::create_tag(ir::FuncType type) {
  uint32_t id = intern_func_type(type);
  host_sigs_.push_back(std::make_unique<ir::FuncType>(std::move(type)));
  return new_tag(id, host_sigs_.back().get());
}

Ref Store::make_extern(uint64_t host_value) {
  externs_.push_back(std::make_unique<ExternBox>(ExternBox{host_value}));
  return Ref::from_extern(externs_.back().get());
}

Exception* Store::make_exception(Tag* tag, std::vector<Val> payload) {
  exceptions_.push_back(std::make_unique<Exception>(Exception{tag, std::move(payload)}));
  return exceptions_.back().get();
}

Instance* Store::new_instance() {
  instances_.push_back(std::make_unique<Instance>());
  instances_.back()->store = this;
  return instances_.back().get();
}

Func* Store::new_wasm_func(Instance* inst, uint32_t index, uint32_t type_id,
                           const ir::FuncType* sig) {
  auto f = std::make_unique<Func>();
  f->kind = Func::Kind::Wasm;
  f->instance = inst;
  f->index = index;
  f->type_id = type_id;
  f->sig = sig;
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

Global* Store::new_global(const ir::GlobalType& canonical_type) {
  globals_.push_back(std::make_unique<Global>());
  globals_.back()->type = canonical_type;
  return globals_.back().get();
}

Tag* Store::new_tag(uint32_t type_id, const ir::FuncType* sig) {
  tags_.push_back(std::make_unique<Tag>(Tag{type_id, sig}));
  return tags_.back().get();
}

Trap host_exception_trap(std::exception_ptr e) {
  try {
    if (e) std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return make_host_trap(std::string("host function threw an exception: ") + x.what());
  } catch (...) {
  }
  return make_host_trap("host function threw an exception that is not a std::exception");
}

std::optional<Trap> invoke(Store& store, Func* f, std::span<const Val> args,
                           std::vector<Val>& results) {
  if (!f || !f->sig) return make_host_trap("invalid function");
  const ir::FuncType& sig = *f->sig;
  if (args.size() != sig.params.size()) return make_host_trap("wrong number of arguments");
  for (size_t i = 0; i < args.size(); ++i)
    if (args[i].type.kind != sig.params[i].kind) return make_host_trap("argument type mismatch");
  results.assign(sig.results.size(), Val());
  for (size_t i = 0; i < results.size(); ++i) results[i].type = sig.results[i];
  if (f->is_host()) {
    Caller caller{&store, nullptr};
    try {
      return f->host(caller, args, results);
    } catch (...) {
      return host_exception_trap(std::current_exception());
    }
  }
  if (!store.executor) return make_host_trap("no executor for wasm functions");
  return store.executor->invoke(store, f, args, results);
}

}  // namespace skiff::rt

namespace skiff::rt {

gc::Heap& Store::heap() {
  if (!heap_) heap_ = std::make_unique<gc::Heap>(*this);
  return *heap_;
}

void Store::visit_refs(const std::function<void(Ref)>& visit) const {
  for (const auto& g : globals_)
    if (g->type.type.is_ref()) visit(g->cell.ref);
  for (const auto& t : tables_) {
    Ref* p = t->data();
    for (uint64_t i = 0; i < t->size(); ++i) visit(p[i]);
  }
  for (const auto& inst : instances_)
    for (const ElemInstance& e : inst->elems)
      for (Ref r : e.refs) visit(r);
  for (const auto& x : exceptions_)
    for (const Val& v : x->payload)
      if (v.type.is_ref()) visit(v.ref);
}

}  // namespace skiff::rt
