// skiff::preinitialize: runs a module's init function and writes the snapshot
// (the baking itself is src/snapshot/preinit.cc).
#include "skiff/snapshot.h"

#include "api/api_impl.h"
#include "binary/encoder.h"
#include "runtime/instance.h"
#include "snapshot/preinit.h"
#include "valid/validator.h"

namespace skiff {

Result<Preinitialized, InstantiateError> preinitialize(const Linker& linker, Store& store,
                                                       const Module& module,
                                                       const PreinitOptions& options) {
  auto fail = [](Error e) { return InstantiateError{std::move(e), std::nullopt}; };
  if (Status s = snapshot::check_module(module.impl()->cm->module); !s.ok())
    return fail(std::move(s).error());

  // The init function, checked before anything runs.
  std::string init_name;
  for (const std::string& n : options.init_funcs) {
    for (const ExportType& e : module.exports())
      if (e.name == n && e.type.kind == ExternKind::Func) {
        init_name = n;
        break;
      }
    if (!init_name.empty()) break;
  }
  if (init_name.empty()) {
    std::string tried;
    for (const std::string& n : options.init_funcs) tried += (tried.empty() ? "\"" : ", \"") + n + "\"";
    return fail(Error{"no init function: the module exports no function " +
                      (tried.empty() ? std::string("(none given)") : tried)});
  }

  auto inst = linker.instantiate(store, module);
  if (!inst.ok()) return std::move(inst).error();
  std::optional<Func> init = inst->func(init_name);
  if (!init) return fail(Error{"no init function \"" + init_name + "\""});
  const FuncType sig = init->type();
  if (!sig.params.empty() || !sig.results.empty())
    return fail(Error{"the init function \"" + init_name + "\" must take no parameters and return nothing"});
  auto r = init->call({});
  if (!r.ok()) {
    Trap t = std::move(r).error();
    std::string why = store.wasi_exit_code()
                          ? "the init function \"" + init_name + "\" called proc_exit(" +
                                std::to_string(*store.wasi_exit_code()) + ")"
                          : "the init function \"" + init_name + "\" trapped: " + t.message();
    return InstantiateError{Error{std::move(why)}, std::move(t)};
  }

  detail::StoreImpl* s = store.impl();
  if (s->wasi) {
    if (Status st = snapshot::check_wasi(*s->wasi); !st.ok()) return fail(std::move(st).error());
  }
  snapshot::PreinitStats stats;
  auto m = snapshot::snapshot_instance(*static_cast<rt::Instance*>(inst->raw()), init_name, &stats);
  if (!m.ok()) return fail(std::move(m).error());
  // The new module must be as valid as the old one; a failure here is our bug.
  valid::ValidateOptions vopts;
  vopts.features = s->engine->features;
  if (Status v = valid::validate(*m, vopts); !v.ok())
    return fail(Error{"internal error: the snapshot does not validate: " + v.error().message});

  Preinitialized out;
  out.wasm = binary::encode(*m);
  out.init_func = init_name;
  out.memory_bytes = stats.memory_bytes;
  out.data_bytes = stats.data_bytes;
  out.data_segments = stats.data_segments;
  out.elem_segments = stats.elem_segments;
  out.gc_objects = stats.gc_objects;
  return out;
}

}  // namespace skiff
