// The objects behind wasm.h's opaque types, on top of the C++ API.
//
// * Types: wasm_functype_t, wasm_globaltype_t, wasm_tabletype_t and
//   wasm_memorytype_t derive from wasm_externtype_t (the *_as_externtype casts
//   are pointer conversions); deletion is virtual.
// * References: every reference type derives from wasm_ref_t (kind, store, host
//   info + finalizer run at deletion). Functions, globals, tables and memories
//   derive from wasm_extern_t, which holds the skiff::Extern.
// * Values: a funcref in a wasm_val_t is a wasm_func_t; an externref the host made
//   from any wasm_ref_t is kept (a copy) by the store and travels through wasm as
//   an index; externrefs wasm made itself come back as opaque references.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "skiff.h"
#include "skiff/skiff.hpp"
#include "wasm.h"

struct wasm_config_t {
  skiff::Config config;
};

struct wasm_engine_t {
  skiff::Engine engine;
};

// wasm_func_new_with_env finalizers; declared before the store in wasm_store_t so
// that they run after it is gone (with the host functions holding the envs).
struct EnvFinalizers {
  ~EnvFinalizers() {
    for (auto& [env, fin] : list) fin(env);
  }
  std::vector<std::pair<void*, void (*)(void*)>> list;
};

namespace skiff::capi {
// Every live wasm_store_t by its C++ store (host functions defined through a
// skiff_linker_t belong to no store: they find theirs from the Caller).
void register_store(wasm_store_t* s);
void unregister_store(wasm_store_t* s);
wasm_store_t* store_of(skiff::detail::StoreImpl* impl);
}  // namespace skiff::capi

struct wasm_store_t {
  wasm_store_t(const skiff::Engine& e, skiff::StoreLimits limits) : engine(e), store(e, limits) {
    skiff::capi::register_store(this);
  }
  ~wasm_store_t();
  skiff::Engine engine;
  EnvFinalizers env_finalizers;
  skiff::Store store;
  // Host references passed to wasm as externref (index + 1 is the host value).
  std::vector<wasm_ref_t*> externs;
};

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, 0xffffffff};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t limits{0, 0xffffffff};
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

enum class RefKind { Extern, Trap, Foreign, Module, Instance, Opaque };

struct wasm_ref_t {
  wasm_ref_t(RefKind k, wasm_store_t* s) : kind(k), store(s) {}
  virtual ~wasm_ref_t() {
    if (finalizer) finalizer(host_info);
  }
  virtual wasm_ref_t* clone() const = 0;
  // What wasm_*_same compares.
  virtual const void* identity() const = 0;
  RefKind kind;
  wasm_store_t* store;
  void* host_info = nullptr;
  void (*finalizer)(void*) = nullptr;
};

struct wasm_extern_t : wasm_ref_t {
  wasm_extern_t(wasm_store_t* s, const skiff::Extern& e) : wasm_ref_t(RefKind::Extern, s), ext(e) {}
  wasm_ref_t* clone() const override;
  const void* identity() const override;
  skiff::Extern ext;
  wasm_externkind_t extern_kind() const;
};
struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  skiff::Func func() const { return *ext.func(); }
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  skiff::Global global() const { return *ext.global(); }
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  skiff::Table table() const { return *ext.table(); }
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
  skiff::Memory memory() const { return *ext.memory(); }
};

struct wasm_trap_t : wasm_ref_t {
  wasm_trap_t(wasm_store_t* s, skiff::Trap t) : wasm_ref_t(RefKind::Trap, s), trap(std::move(t)) {}
  wasm_ref_t* clone() const override { return new wasm_trap_t(store, trap); }
  const void* identity() const override { return this; }
  skiff::Trap trap;
};

struct wasm_foreign_t : wasm_ref_t {
  explicit wasm_foreign_t(wasm_store_t* s, std::shared_ptr<int> id = std::make_shared<int>())
      : wasm_ref_t(RefKind::Foreign, s), token(std::move(id)) {}
  wasm_ref_t* clone() const override { return new wasm_foreign_t(store, token); }
  const void* identity() const override { return token.get(); }
  std::shared_ptr<int> token;  // shared by copies
};

struct wasm_module_t : wasm_ref_t {
  wasm_module_t(wasm_store_t* s, skiff::Module m) : wasm_ref_t(RefKind::Module, s), module(std::move(m)) {}
  wasm_ref_t* clone() const override { return new wasm_module_t(store, module); }
  const void* identity() const override { return module.impl().get(); }
  skiff::Module module;
};

struct wasm_shared_module_t {
  skiff::Module module;
};

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, skiff::Instance i) : wasm_ref_t(RefKind::Instance, s), instance(i) {}
  wasm_ref_t* clone() const override { return new wasm_instance_t(store, instance); }
  const void* identity() const override { return instance.raw(); }
  skiff::Instance instance;
};

// A reference wasm made that the host cannot look into (a GC object as externref).
struct OpaqueRef : wasm_ref_t {
  OpaqueRef(wasm_store_t* s, skiff::Val v) : wasm_ref_t(RefKind::Opaque, s), val(v) {}
  wasm_ref_t* clone() const override { return new OpaqueRef(store, val); }
  const void* identity() const override { return reinterpret_cast<const void*>(val.ref_bits()); }
  skiff::Val val;
};

struct wasm_frame_t {
  uint32_t func_index = 0;
  size_t func_offset = 0;  // 0 when unknown (wasm.h has no "unknown")
  size_t module_offset = 0;
  static wasm_frame_t* of(const skiff::TrapFrame& f) {
    auto* r = new wasm_frame_t{f.func_index};
    if (f.func_offset != skiff::TrapFrame::kNoOffset) r->func_offset = size_t(f.func_offset);
    if (f.module_offset != skiff::TrapFrame::kNoOffset) r->module_offset = size_t(f.module_offset);
    return r;
  }
};

namespace skiff::capi {

// A new wasm_extern_t of the right subtype for `e`.
wasm_extern_t* make_extern(wasm_store_t* store, const skiff::Extern& e);

skiff::ValType valtype_of(wasm_valkind_t k);
wasm_valkind_t valkind_of(const skiff::ValType& t);
wasm_externtype_t* externtype_of(const skiff::ExternType& t);
wasm_functype_t* functype_of(const skiff::FuncType& t);
skiff::FuncType functype_from(const wasm_functype_t* t);

// wasm_val_t <-> skiff::Val. to_val fails (nullopt) on a kind Skiff cannot pass.
std::optional<skiff::Val> to_val(wasm_store_t* store, const wasm_val_t& v);
wasm_val_t from_val(wasm_store_t* store, const skiff::Val& v);
// A reference as a wasm_ref_t (null -> NULL); `kind` says funcref or externref.
wasm_ref_t* ref_from_val(wasm_store_t* store, const skiff::Val& v);
std::optional<skiff::Val> ref_to_val(wasm_store_t* store, wasm_ref_t* r, skiff::ValKind kind);

// Calls a C host callback: `args` become a wasm_val_vec_t, `invoke(in, out)` runs the
// callback, and its results (or its trap, which is deleted) come back as Skiff's.
std::optional<skiff::Trap> call_c_host(wasm_store_t* store, std::span<const skiff::Val> args,
                                       std::span<skiff::Val> results,
                                       const std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)>& invoke);

skiff::Limits limits_from_c(const wasm_limits_t& l);

// A byte vector holding `s` and a NUL.
void message_new(wasm_message_t* out, const std::string& s);

}  // namespace skiff::capi
