// Linker: store-independent host functions, store objects, WASI.
#include <atomic>
#include <map>
#include <optional>

#include "api/api_impl.h"
#include "runtime/instance.h"
#include "skiff/linker.h"
#include "skiff/threads.h"

namespace skiff {
namespace detail {

// One definition. Host functions are made per store on first use (keyed by the
// definition's process-unique id in StoreImpl::linker_funcs: an address could be
// reused by a later linker's definition while the store lives on).
struct LinkerDef {
  LinkerDef() : id(next_id.fetch_add(1, std::memory_order_relaxed)) {}
  static inline std::atomic<uint64_t> next_id{1};
  const uint64_t id;
  enum Kind { Host, Object, Shared } kind = Host;
  FuncType type;
  HostFunc body;
  StoreImpl* store = nullptr;  // Object
  rt::Extern object;           // Object
  std::shared_ptr<void> shared;  // Shared: an rt::Memory of no store (skiff/threads.h)
};

struct LinkerImpl {
  std::shared_ptr<EngineImpl> engine;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<LinkerDef>> defs;
  bool wasi = false;
  bool shadowing = false;

  // The Error for redefining (module, name), or nullopt when that is allowed.
  std::optional<Error> refuse(const std::string& module, const std::string& name) const {
    if (shadowing || !defs.count({module, name})) return std::nullopt;
    return Error{"\"" + module + "\" \"" + name +
                 "\" is already defined in the linker (Linker::allow_shadowing permits redefinition)"};
  }
  Status add(const std::string& module, const std::string& name, std::unique_ptr<LinkerDef> d) {
    if (auto e = refuse(module, name)) return *e;
    defs[{module, name}] = std::move(d);
    return {};
  }
  // The object of definition d in store s (a host function is made in s on first
  // use); null when d is an object of another store.
  std::optional<rt::Extern> resolve(StoreImpl* s, const LinkerDef& d) const {
    if (d.kind == LinkerDef::Shared) return shared_memory_extern(s, d.shared);
    if (d.kind == LinkerDef::Object) {
      if (d.store != s) return std::nullopt;
      return d.object;
    }
    return rt::Extern(linker_host_func(s, d.id, d.type, d.body));
  }
};

Result<const rt::Extern*> wasi_import(StoreImpl* s, const std::string& module, const std::string& name) {
  if (!s->wasi_funcs) {
    if (!s->wasi) {
      auto ctx = wasi::WasiCtx::create({});
      if (!ctx.ok()) return std::move(ctx).error();
      s->wasi = std::move(*ctx);
    }
    s->wasi_funcs = std::make_unique<rt::Linker>();
    wasi::define_wasi(*s->wasi_funcs, s->store, s->wasi);
  }
  return s->wasi_funcs->find(module, name);
}

}  // namespace detail

Linker::Linker(const Engine& engine) : impl_(std::make_unique<detail::LinkerImpl>()) {
  impl_->engine = engine.impl();
}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

void Linker::allow_shadowing(bool allow) { impl_->shadowing = allow; }
bool Linker::shadowing_allowed() const { return impl_->shadowing; }

Status Linker::func(const std::string& module, const std::string& name, const FuncType& type, HostFunc body) {
  if (!body) return Error{"host function \"" + module + "\" \"" + name + "\" has no body"};
  auto d = std::make_unique<detail::LinkerDef>();
  d->kind = detail::LinkerDef::Host;
  d->type = type;
  d->body = std::move(body);
  return impl_->add(module, name, std::move(d));
}

Status Linker::define(const std::string& module, const std::string& name, const Extern& value) {
  auto d = std::make_unique<detail::LinkerDef>();
  d->kind = detail::LinkerDef::Object;
  d->object = detail::rt_extern_of(value, &d->store);
  if (!d->store) return Error{"\"" + module + "\" \"" + name + "\": a null handle cannot be defined"};
  return impl_->add(module, name, std::move(d));
}

Status Linker::define_instance(const std::string& module, const Instance& instance) {
  if (!instance) return Error{"\"" + module + "\": a null instance cannot be defined"};
  auto exports = instance.exports();
  for (auto& [name, ext] : exports)
    if (auto e = impl_->refuse(module, name)) return *e;
  for (auto& [name, ext] : exports)
    if (Status st = define(module, name, ext); !st.ok()) return st;
  return {};
}

Status Linker::define_wasi() {
  impl_->wasi = true;
  return {};
}

std::vector<std::tuple<std::string, std::string, std::shared_ptr<void>>> detail::linker_shared_memories(
    const LinkerImpl& l) {
  std::vector<std::tuple<std::string, std::string, std::shared_ptr<void>>> out;
  for (const auto& [key, def] : l.defs)
    if (def->kind == LinkerDef::Shared) out.emplace_back(key.first, key.second, def->shared);
  return out;
}

Status Linker::define_shared_memory(const std::string& module, const std::string& name,
                                   const SharedMemory& memory) {
  if (!memory) return Error{"shared memory \"" + module + "\" \"" + name + "\" is a null handle"};
  auto d = std::make_unique<detail::LinkerDef>();
  d->kind = detail::LinkerDef::Shared;
  d->shared = memory.impl();
  return impl_->add(module, name, std::move(d));
}

Result<Instance, InstantiateError> Linker::module(Store& store, const std::string& name, const Module& module) {
  for (const ExportType& ex : module.exports())
    if (auto e = impl_->refuse(name, ex.name)) return InstantiateError{std::move(*e), std::nullopt};
  auto inst = instantiate(store, module);
  if (!inst.ok()) return inst;
  if (Status st = define_instance(name, *inst); !st.ok()) return InstantiateError{std::move(st).error(), std::nullopt};
  return inst;
}

std::optional<Extern> Linker::get(Store& store, const std::string& module, const std::string& name) const {
  detail::StoreImpl* s = store.impl();
  auto it = impl_->defs.find({module, name});
  if (it != impl_->defs.end()) {
    std::optional<rt::Extern> e = impl_->resolve(s, *it->second);
    if (!e) return std::nullopt;
    return detail::extern_of(s, *e);
  }
  if (impl_->wasi && module == "wasi_snapshot_preview1") {
    auto e = detail::wasi_import(s, module, name);
    if (e.ok() && *e) return detail::extern_of(s, **e);
  }
  return std::nullopt;
}

Result<Instance, InstantiateError> Linker::instantiate(Store& store, const Module& module) const {
  detail::StoreImpl* s = store.impl();
  if (module.impl()->engine != s->engine)
    return InstantiateError{Error{"the module was compiled for another engine"}, std::nullopt};
  const ir::Module& m = module.impl()->cm->module;
  std::vector<rt::Extern> imports;
  imports.reserve(m.imports.size());
  for (const ir::Import& imp : m.imports) {
    auto it = impl_->defs.find({imp.module, imp.name});
    if (it != impl_->defs.end()) {
      std::optional<rt::Extern> e = impl_->resolve(s, *it->second);
      if (!e)
        return InstantiateError{Error{"import \"" + imp.module + "\" \"" + imp.name +
                                      "\" is defined by an object of another store"},
                                std::nullopt};
      imports.push_back(*e);
      continue;
    }
    if (impl_->wasi && imp.module == "wasi_snapshot_preview1") {
      auto e = detail::wasi_import(s, imp.module, imp.name);
      if (!e.ok()) return InstantiateError{std::move(e).error(), std::nullopt};
      if (*e) {
        imports.push_back(**e);
        continue;
      }
    }
    return InstantiateError{Error{"unknown import \"" + imp.module + "\" \"" + imp.name + "\""}, std::nullopt};
  }
  return detail::instantiate_rt(s, module, imports);
}

}  // namespace skiff

// For InstancePre (src/api/instance_pre.cc), which cannot see LinkerImpl: each
// import's definition, found as Linker::instantiate finds it.
#include "api/instance_pre_impl.h"

namespace skiff::detail {

Result<std::vector<PreImport>> linker_resolve(const LinkerImpl& l, const rt::CompiledModule& cm) {
  std::vector<PreImport> out;
  out.reserve(cm.module.imports.size());
  for (const ir::Import& imp : cm.module.imports) {
    PreImport p;
    p.module = imp.module;
    p.name = imp.name;
    auto it = l.defs.find({imp.module, imp.name});
    if (it != l.defs.end()) {
      const LinkerDef& d = *it->second;
      if (d.kind == LinkerDef::Object) {
        p.kind = PreImport::Object;
        p.store = d.store;
        p.object = d.object;
      } else {
        p.kind = PreImport::Host;
        p.def_id = d.id;
        p.type = d.type;
        p.body = d.body;
      }
    } else if (l.wasi && imp.module == "wasi_snapshot_preview1") {
      p.kind = PreImport::Wasi;
    } else {
      return Error{"unknown import \"" + imp.module + "\" \"" + imp.name + "\""};
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace skiff::detail
