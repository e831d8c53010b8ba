// Instance: creation from positional imports, exports.
#include "api/api_impl.h"
#include "runtime/instance.h"
#include "skiff/instance.h"
#include "skiff/store.h"

namespace skiff {

namespace detail {

Result<Instance, InstantiateError> instantiate_rt(StoreImpl* s, const Module& module,
                                                  std::span<const rt::Extern> imports,
                                                  bool run_start) {
  rt::InstantiateInfo info;
  auto r = [&] {
    HostEntry entry(s);  // the start function runs wasm code
    return rt::instantiate(s->store, module.impl()->cm, imports, &info, run_start);
  }();
  if (!r.ok()) {
    InstantiateError e{std::move(r).error(), std::nullopt};
    if (info.failure == rt::InstantiateFailure::Trap) {
      e.trap = to_public(info.trap, s->engine->config.backtrace_details);
      if (s->wasi && s->wasi->exit_code) e.trap->set_exit_code(*s->wasi->exit_code);
    }
    return e;
  }
  return Instance(s, *r);
}

}  // namespace detail

Result<Instance, InstantiateError> Instance::create(Store& store, const Module& module,
                                                    std::span<const Extern> imports) {
  detail::StoreImpl* s = store.impl();
  if (module.impl()->engine != s->engine)
    return InstantiateError{Error{"the module was compiled for another engine"}, std::nullopt};
  std::vector<rt::Extern> rt_imports;
  rt_imports.reserve(imports.size());
  for (const Extern& e : imports) {
    detail::StoreImpl* owner = nullptr;
    rt::Extern x = detail::rt_extern_of(e, &owner);
    if (!x.ptr || owner != s)
      return InstantiateError{Error{"import " + std::to_string(rt_imports.size()) +
                                    " is null or belongs to another store"},
                              std::nullopt};
    rt_imports.push_back(x);
  }
  return detail::instantiate_rt(s, module, rt_imports);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> r;
  for (const rt::ExportEntry& e : static_cast<rt::Instance*>(inst_)->exports)
    if (auto x = detail::extern_of(store_, e.value)) r.emplace_back(e.name, *x);
  return r;
}

std::optional<Extern> Instance::get(std::string_view name) const {
  const rt::Extern* e = static_cast<rt::Instance*>(inst_)->find_export(name);
  if (!e) return std::nullopt;
  return detail::extern_of(store_, *e);
}

std::optional<Func> Instance::func(std::string_view name) const {
  auto e = get(name);
  return e ? e->func() : std::nullopt;
}
std::optional<Memory> Instance::memory(std::string_view name) const {
  auto e = get(name);
  return e ? e->memory() : std::nullopt;
}
std::optional<Table> Instance::table(std::string_view name) const {
  auto e = get(name);
  return e ? e->table() : std::nullopt;
}
std::optional<Global> Instance::global(std::string_view name) const {
  auto e = get(name);
  return e ? e->global() : std::nullopt;
}

}  // namespace skiff
