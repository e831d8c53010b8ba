// Linker: store-independent host functions, store objects, WASI.
#include <atomic>
#include <map>

#include "api/api_impl.h"
#include "runtime/instance.h"
#include "skiff/linker.h"

namespace skiff {
namespace detail {

// One definition. Host functions are made per store on first use (keyed by the
// definition's process-unique id in StoreImpl::linker_funcs: an address could be
// reused by a later linker's definition while the store lives on).
struct LinkerDef {
  LinkerDef() : id(next_id.fetch_add(1, std::memory_order_relaxed)) {}
  static inline std::atomic<uint64_t> next_id{1};
  const uint64_t id;
  enum Kind { Host, Object } kind = Host;
  FuncType type;
  HostFunc body;
  StoreImpl* store = nullptr;  // Object
  rt::Extern object;           // Object
};

struct LinkerImpl {
  std::shared_ptr<EngineImpl> engine;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<LinkerDef>> defs;
  bool wasi = false;
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

Linker& Linker::func(const std::string& module, const std::string& name, const FuncType& type, HostFunc body) {
  auto d = std::make_unique<detail::LinkerDef>();
  d->kind = detail::LinkerDef::Host;
  d->type = type;
  d->body = std::move(body);
  impl_->defs[{module, name}] = std::move(d);
  return *this;
}

Linker& Linker::define(const std::string& module, const std::string& name, const Extern& value) {
  auto d = std::make_unique<detail::LinkerDef>();
  d->kind = detail::LinkerDef::Object;
  d->object = detail::rt_extern_of(value, &d->store);
  impl_->defs[{module, name}] = std::move(d);
  return *this;
}

Linker& Linker::define_instance(const std::string& module, const Instance& instance) {
  for (auto& [name, ext] : instance.exports()) define(module, name, ext);
  return *this;
}

Linker& Linker::define_wasi() {
  impl_->wasi = true;
  return *this;
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
      const detail::LinkerDef& d = *it->second;
      if (d.kind == detail::LinkerDef::Object) {
        if (d.store != s)
          return InstantiateError{Error{"import \"" + imp.module + "\" \"" + imp.name +
                                        "\" is defined by an object of another store"},
                                  std::nullopt};
        imports.push_back(d.object);
      } else {
        rt::Func*& f = s->linker_funcs[d.id];
        if (!f) f = detail::make_host_func(s, d.type, d.body);
        imports.push_back(rt::Extern(f));
      }
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
