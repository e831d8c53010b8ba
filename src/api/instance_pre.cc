// InstancePre: imports resolved in a Linker and type-checked once; instantiate()
// binds them to a store (host functions are made per store, as Linker does) and
// instantiates with no name lookup. create() builds the memory images too.
#include "skiff/instance_pre.h"

#include "api/instance_pre_impl.h"
#include "runtime/instance.h"

namespace skiff {
namespace detail {
namespace {

// The canonical id of a host function's type in `engine` (as Store::create_host_func makes it).
uint32_t host_type_id(EngineImpl& engine, const ir::FuncType& type) {
  ir::Module m;
  ir::SubType st;
  st.comp.kind = ir::CompKind::Func;
  st.comp.func = type;
  m.types.push_back(std::move(st));
  valid::TypeCanon c(m, engine.rt.interner());
  return c.id(0);
}

std::string where(const ir::Import& imp) { return " (\"" + imp.module + "\" \"" + imp.name + "\")"; }

// An Error when the definitions do not fit the imports' types.
Status check_types(EngineImpl& engine, const rt::CompiledModule& cm, const std::vector<PreImport>& pre) {
  const ir::Module& m = cm.module;
  // WASI functions are store objects; a scratch store says what their types are.
  std::unique_ptr<rt::Store> scratch;
  std::unique_ptr<rt::Linker> wasi_defs;
  for (size_t i = 0; i < pre.size(); ++i) {
    const ir::Import& imp = m.imports[i];
    const PreImport& p = pre[i];
    std::string why;
    switch (p.kind) {
      case PreImport::Host: {
        if (imp.kind != ir::ExternKind::Func) {
          why = std::string("incompatible import type: expected ") + ir::to_string(imp.kind) + ", got func";
          break;
        }
        const uint32_t have = host_type_id(engine, to_rt(p.type));
        if (!cm.canon.interner()->is_subtype(have, cm.canon.id(imp.func_type)))
          why = "incompatible import type: function type mismatch";
        break;
      }
      case PreImport::Object:
        why = rt::match_import(cm, imp, p.object);
        break;
      case PreImport::Wasi: {
        if (!scratch) {
          auto ctx = wasi::WasiCtx::create({});
          if (!ctx.ok()) return std::move(ctx).error();
          scratch = std::make_unique<rt::Store>(engine.rt);
          wasi_defs = std::make_unique<rt::Linker>();
          wasi::define_wasi(*wasi_defs, *scratch, std::move(*ctx));
        }
        const rt::Extern* e = wasi_defs->find(imp.module, imp.name);
        why = e ? rt::match_import(cm, imp, *e) : "unknown import";
        break;
      }
    }
    if (!why.empty()) return Error{why + where(imp)};
  }
  return {};
}

}  // namespace
}  // namespace detail

Result<InstancePre> InstancePre::create(const Linker& linker, const Module& module) {
  const detail::LinkerImpl& l = *linker.impl();
  const std::shared_ptr<const detail::ModuleImpl>& mi = module.impl();
  const rt::CompiledModule& cm = *mi->cm;
  if (!cm.canon.complete()) return Error{"too many types"};
  auto resolved = detail::linker_resolve(l, cm);
  if (!resolved.ok()) return std::move(resolved).error();
  if (Status s = detail::check_types(*mi->engine, cm, *resolved); !s.ok()) return s.error();
  // Build the memory images now, not in the first instantiation.
  for (uint32_t d = 0; d < cm.module.memories.size(); ++d) (void)cm.images.get(cm.module, d);
  auto impl = std::make_shared<detail::InstancePreImpl>(detail::InstancePreImpl{module, std::move(*resolved)});
  return InstancePre(std::move(impl));
}

Result<Instance, InstantiateError> InstancePre::instantiate(Store& store) const {
  detail::StoreImpl* s = store.impl();
  const Module& module = impl_->module;
  if (module.impl()->engine != s->engine)
    return InstantiateError{Error{"the module was compiled for another engine"}, std::nullopt};
  const std::vector<detail::PreImport>& pre = impl_->imports;
  rt::Extern small[8];
  std::vector<rt::Extern> big;
  rt::Extern* imports = small;
  if (pre.size() > 8) {
    big.resize(pre.size());
    imports = big.data();
  }
  for (size_t i = 0; i < pre.size(); ++i) {
    const detail::PreImport& p = pre[i];
    switch (p.kind) {
      case detail::PreImport::Host: {
        imports[i] = rt::Extern(detail::linker_host_func(s, p.def_id, p.type, p.body));
        break;
      }
      case detail::PreImport::Object:
        if (p.store != s)
          return InstantiateError{Error{"import \"" + p.module + "\" \"" + p.name +
                                        "\" is defined by an object of another store"},
                                  std::nullopt};
        imports[i] = p.object;
        break;
      case detail::PreImport::Wasi: {
        auto e = detail::wasi_import(s, p.module, p.name);
        if (!e.ok()) return InstantiateError{std::move(e).error(), std::nullopt};
        if (!*e)
          return InstantiateError{Error{"unknown import \"" + p.module + "\" \"" + p.name + "\""}, std::nullopt};
        imports[i] = **e;
        break;
      }
    }
  }
  return detail::instantiate_rt(s, module, std::span<const rt::Extern>(imports, pre.size()));
}

const Module& InstancePre::module() const { return impl_->module; }

}  // namespace skiff
