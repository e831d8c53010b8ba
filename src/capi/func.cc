// Values and functions: wasm_val_t conversions, host functions, calls.
#include "capi/capi_impl.h"

namespace skiff::capi {

wasm_ref_t* ref_from_val(wasm_store_t* store, const skiff::Val& v) {
  if (v.is_null()) return nullptr;
  if (auto f = v.as_funcref()) return new wasm_func_t(store, skiff::Extern(*f));
  if (auto host = v.as_externref()) {
    uint64_t i = *host;
    if (i >= 1 && i <= store->externs.size()) return store->externs[i - 1]->clone();
  }
  return new OpaqueRef(store, v);
}

std::optional<skiff::Val> ref_to_val(wasm_store_t* store, wasm_ref_t* r, skiff::ValKind kind) {
  if (!r) return skiff::Val::null(kind);
  if (r->kind == RefKind::Opaque) return static_cast<OpaqueRef*>(r)->val;
  if (kind == skiff::ValKind::FuncRef) {
    if (r->kind != RefKind::Extern) return std::nullopt;
    auto f = static_cast<wasm_extern_t*>(r)->ext.func();
    if (!f) return std::nullopt;
    return skiff::Val(*f);
  }
  // Any host reference as an externref: the store keeps a copy.
  store->externs.push_back(r->clone());
  return skiff::Val::externref(store->externs.size());
}

std::optional<skiff::Val> to_val(wasm_store_t* store, const wasm_val_t& v) {
  switch (v.kind) {
    case WASM_I32: return skiff::Val(v.of.i32);
    case WASM_I64: return skiff::Val(v.of.i64);
    case WASM_F32: return skiff::Val(v.of.f32);
    case WASM_F64: return skiff::Val(v.of.f64);
    case WASM_FUNCREF: return ref_to_val(store, v.of.ref, skiff::ValKind::FuncRef);
    case WASM_EXTERNREF: return ref_to_val(store, v.of.ref, skiff::ValKind::ExternRef);
    default: return std::nullopt;  // v128 has no wasm_val_t payload
  }
}

wasm_val_t from_val(wasm_store_t* store, const skiff::Val& v) {
  wasm_val_t r;
  std::memset(&r, 0, sizeof r);
  switch (v.kind()) {
    case skiff::ValKind::I32: r.kind = WASM_I32; r.of.i32 = v.as_i32(); break;
    case skiff::ValKind::I64: r.kind = WASM_I64; r.of.i64 = v.as_i64(); break;
    case skiff::ValKind::F32: r.kind = WASM_F32; r.of.f32 = v.as_f32(); break;
    case skiff::ValKind::F64: r.kind = WASM_F64; r.of.f64 = v.as_f64(); break;
    case skiff::ValKind::V128: r.kind = WASM_V128; break;
    case skiff::ValKind::FuncRef: r.kind = WASM_FUNCREF; r.of.ref = ref_from_val(store, v); break;
    default: r.kind = WASM_EXTERNREF; r.of.ref = ref_from_val(store, v); break;
  }
  return r;
}

std::optional<skiff::Trap> call_c_host(wasm_store_t* store, std::span<const skiff::Val> args,
                                       std::span<skiff::Val> results,
                                       const std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)>& invoke) {
  wasm_val_vec_t in, out;
  wasm_val_vec_new_uninitialized(&in, args.size());
  for (size_t i = 0; i < args.size(); ++i) in.data[i] = from_val(store, args[i]);
  wasm_val_vec_new_uninitialized(&out, results.size());
  for (size_t i = 0; i < results.size(); ++i) out.data[i] = from_val(store, results[i]);
  wasm_trap_t* trap = invoke(&in, &out);
  wasm_val_vec_delete(&in);
  std::optional<skiff::Trap> r;
  if (trap) {
    r = trap->trap;
    wasm_trap_delete(trap);
  } else {
    for (size_t i = 0; i < results.size(); ++i) {
      std::optional<skiff::Val> v = to_val(store, out.data[i]);
      if (!v) {
        r = skiff::Trap("host function result " + std::to_string(i) + " has an unsupported kind");
        break;
      }
      results[i] = *v;
    }
  }
  wasm_val_vec_delete(&out);
  return r;
}

namespace {

// The body of a host function made by wasm_func_new(_with_env).
skiff::HostFunc host_body(wasm_store_t* store, wasm_func_callback_t cb, wasm_func_callback_with_env_t cb_env,
                          void* env) {
  return [=](skiff::Caller&, std::span<const skiff::Val> args,
             std::span<skiff::Val> results) -> std::optional<skiff::Trap> {
    return call_c_host(store, args, results, [&](const wasm_val_vec_t* in, wasm_val_vec_t* out) {
      return cb ? cb(in, out) : cb_env(env, in, out);
    });
  };
}

}  // namespace
}  // namespace skiff::capi

using namespace skiff::capi;

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t cb) {
  skiff::Func f = skiff::Func::create(store->store, functype_from(type), host_body(store, cb, nullptr, nullptr));
  return new wasm_func_t(store, skiff::Extern(f));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t cb, void* env, void (*finalizer)(void*)) {
  skiff::Func f = skiff::Func::create(store->store, functype_from(type), host_body(store, nullptr, cb, env));
  if (finalizer) store->env_finalizers.list.emplace_back(env, finalizer);
  return new wasm_func_t(store, skiff::Extern(f));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) { return functype_of(f->func().type()); }
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->func().type().params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->func().type().results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_store_t* store = func->store;
  skiff::Func f = func->func();
  skiff::FuncType type = f.type();
  size_t nargs = args ? args->size : 0;
  if (nargs != type.params.size())
    return new wasm_trap_t(store, skiff::Trap("expected " + std::to_string(type.params.size()) + " arguments, got " +
                                              std::to_string(nargs)));
  if (!results || results->size < type.results.size())
    return new wasm_trap_t(store, skiff::Trap("the results vector is too small"));
  std::vector<skiff::Val> in;
  in.reserve(nargs);
  for (size_t i = 0; i < nargs; ++i) {
    std::optional<skiff::Val> v = to_val(store, args->data[i]);
    if (!v) return new wasm_trap_t(store, skiff::Trap("argument " + std::to_string(i) + " has an unsupported kind"));
    in.push_back(*v);
  }
  std::vector<skiff::Val> out(type.results.size());
  if (std::optional<skiff::Trap> t = f.call_into(in, out)) return new wasm_trap_t(store, std::move(*t));
  for (size_t i = 0; i < out.size(); ++i) results->data[i] = from_val(store, out[i]);
  return nullptr;
}

}  // extern "C"
