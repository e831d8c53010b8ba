// Type objects: valtype, functype, globaltype, tabletype, memorytype, externtype,
// importtype, exporttype.
#include "capi/capi_impl.h"

namespace skiff::capi {

skiff::ValType valtype_of(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return ValType(ValKind::I32);
    case WASM_I64: return ValType(ValKind::I64);
    case WASM_F32: return ValType(ValKind::F32);
    case WASM_F64: return ValType(ValKind::F64);
    case WASM_V128: return ValType(ValKind::V128);
    case WASM_FUNCREF: return ValType(ValKind::FuncRef);
    default: return ValType(ValKind::ExternRef);
  }
}

wasm_valkind_t valkind_of(const skiff::ValType& t) {
  switch (t.kind) {
    case ValKind::I32: return WASM_I32;
    case ValKind::I64: return WASM_I64;
    case ValKind::F32: return WASM_F32;
    case ValKind::F64: return WASM_F64;
    case ValKind::V128: return WASM_V128;
    case ValKind::FuncRef: return WASM_FUNCREF;
    default: return WASM_EXTERNREF;
  }
}

static wasm_limits_t limits_of(const skiff::Limits& l) {
  wasm_limits_t r;
  r.min = l.min > 0xffffffffu ? 0xffffffffu : uint32_t(l.min);
  r.max = !l.max || *l.max > 0xffffffffu ? 0xffffffffu : uint32_t(*l.max);
  return r;
}

static skiff::Limits limits_from(const wasm_limits_t& l) {
  skiff::Limits r;
  r.min = l.min;
  if (l.max != 0xffffffffu) r.max = l.max;
  return r;
}

wasm_functype_t* functype_of(const skiff::FuncType& t) {
  auto* f = new wasm_functype_t();
  wasm_valtype_vec_new_uninitialized(&f->params, t.params.size());
  for (size_t i = 0; i < t.params.size(); ++i) f->params.data[i] = wasm_valtype_new(valkind_of(t.params[i]));
  wasm_valtype_vec_new_uninitialized(&f->results, t.results.size());
  for (size_t i = 0; i < t.results.size(); ++i) f->results.data[i] = wasm_valtype_new(valkind_of(t.results[i]));
  return f;
}

skiff::FuncType functype_from(const wasm_functype_t* t) {
  skiff::FuncType r;
  for (size_t i = 0; i < t->params.size; ++i) r.params.push_back(valtype_of(t->params.data[i]->kind));
  for (size_t i = 0; i < t->results.size; ++i) r.results.push_back(valtype_of(t->results.data[i]->kind));
  return r;
}

wasm_externtype_t* externtype_of(const skiff::ExternType& t) {
  switch (t.kind) {
    case ExternKind::Func:
    case ExternKind::Tag: return functype_of(t.func);
    case ExternKind::Global: {
      auto* g = new wasm_globaltype_t();
      g->content = wasm_valtype_new(valkind_of(t.global.type));
      g->mutability = t.global.is_mutable ? WASM_VAR : WASM_CONST;
      return g;
    }
    case ExternKind::Table: {
      auto* tt = new wasm_tabletype_t();
      tt->element = wasm_valtype_new(valkind_of(t.table.element));
      tt->limits = limits_of(t.table.limits);
      return tt;
    }
    case ExternKind::Memory: {
      auto* m = new wasm_memorytype_t();
      m->limits = limits_of(t.memory.limits);
      return m;
    }
  }
  return nullptr;
}

}  // namespace skiff::capi

using namespace skiff::capi;

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_name_delete(&module);
  wasm_name_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_name_delete(&name);
  delete type;
}

extern "C" {

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t k) { return new wasm_valtype_t{k}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return new wasm_valtype_t{t->kind}; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* f = new wasm_functype_t();
  f->params = *params;
  f->results = *results;
  params->size = results->size = 0;
  params->data = results->data = nullptr;
  return f;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  auto* f = new wasm_functype_t();
  wasm_valtype_vec_copy(&f->params, &t->params);
  wasm_valtype_vec_copy(&f->results, &t->results);
  return f;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t m) {
  auto* g = new wasm_globaltype_t();
  g->content = content;
  g->mutability = m;
  return g;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t();
  t->element = element;
  t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* m = new wasm_memorytype_t();
  m->limits = *limits;
  return m;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) { return wasm_memorytype_new(&t->limits); }
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    default: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

#define SKIFF_EXTERNTYPE_CASTS(name, KIND)                                                            \
  wasm_externtype_t* wasm_##name##_as_externtype(wasm_##name##_t* t) { return t; }                    \
  const wasm_externtype_t* wasm_##name##_as_externtype_const(const wasm_##name##_t* t) { return t; }  \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                                  \
    return t && t->kind == KIND ? static_cast<wasm_##name##_t*>(t) : nullptr;                         \
  }                                                                                                   \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {              \
    return t && t->kind == KIND ? static_cast<const wasm_##name##_t*>(t) : nullptr;                   \
  }
SKIFF_EXTERNTYPE_CASTS(functype, WASM_EXTERN_FUNC)
SKIFF_EXTERNTYPE_CASTS(globaltype, WASM_EXTERN_GLOBAL)
SKIFF_EXTERNTYPE_CASTS(tabletype, WASM_EXTERN_TABLE)
SKIFF_EXTERNTYPE_CASTS(memorytype, WASM_EXTERN_MEMORY)

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t();
  t->module = *module;
  t->name = *name;
  t->type = type;
  module->size = name->size = 0;
  module->data = name->data = nullptr;
  return t;
}
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  auto* r = new wasm_importtype_t();
  wasm_name_copy(&r->module, &t->module);
  wasm_name_copy(&r->name, &t->name);
  r->type = wasm_externtype_copy(t->type);
  return r;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t();
  t->name = *name;
  t->type = type;
  name->size = 0;
  name->data = nullptr;
  return t;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  auto* r = new wasm_exporttype_t();
  wasm_name_copy(&r->name, &t->name);
  r->type = wasm_externtype_copy(t->type);
  return r;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"

namespace skiff::capi {
skiff::Limits limits_from_c(const wasm_limits_t& l) { return limits_from(l); }
}  // namespace skiff::capi
