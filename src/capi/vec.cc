// The wasm_*_vec_t family. Vectors of own pointers own their elements: delete
// deletes them, copy copies them.
#include "capi/capi_impl.h"

namespace {

template <class V, class T>
void vec_uninit(V* out, size_t n) {
  out->size = n;
  out->data = n ? new T[n]() : nullptr;
}

template <class V, class T>
void vec_from(V* out, size_t n, const T* data) {
  vec_uninit<V, T>(out, n);
  for (size_t i = 0; i < n; ++i) out->data[i] = data[i];
}

}  // namespace

// Plain elements (bytes).
#define SKIFF_VEC_PLAIN(name)                                                              \
  extern "C" void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                  \
    out->size = 0;                                                                          \
    out->data = nullptr;                                                                    \
  }                                                                                         \
  extern "C" void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t n) { \
    vec_uninit<wasm_##name##_vec_t, wasm_##name##_t>(out, n);                               \
  }                                                                                         \
  extern "C" void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t n,                 \
                                        const wasm_##name##_t data[]) {                     \
    vec_from(out, n, data);                                                                 \
  }                                                                                         \
  extern "C" void wasm_##name##_vec_copy(wasm_##name##_vec_t* out,                          \
                                         const wasm_##name##_vec_t* src) {                  \
    vec_from(out, src->size, src->data);                                                    \
  }                                                                                         \
  extern "C" void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                        \
    delete[] v->data;                                                                       \
    v->data = nullptr;                                                                      \
    v->size = 0;                                                                            \
  }

// Owned pointers: new takes the pointers over, copy deep-copies, delete deletes.
#define SKIFF_VEC_OWN(name)                                                                 \
  extern "C" void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) {                   \
    out->size = 0;                                                                           \
    out->data = nullptr;                                                                     \
  }                                                                                          \
  extern "C" void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t n) {  \
    vec_uninit<wasm_##name##_vec_t, wasm_##name##_t*>(out, n);                               \
  }                                                                                          \
  extern "C" void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t n,                  \
                                        wasm_##name##_t* const data[]) {                     \
    vec_from(out, n, data);                                                                  \
  }                                                                                          \
  extern "C" void wasm_##name##_vec_copy(wasm_##name##_vec_t* out,                           \
                                         const wasm_##name##_vec_t* src) {                   \
    vec_uninit<wasm_##name##_vec_t, wasm_##name##_t*>(out, src->size);                       \
    for (size_t i = 0; i < src->size; ++i)                                                   \
      out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : nullptr;              \
  }                                                                                          \
  extern "C" void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) {                         \
    for (size_t i = 0; i < v->size; ++i)                                                     \
      if (v->data[i]) wasm_##name##_delete(v->data[i]);                                      \
    delete[] v->data;                                                                        \
    v->data = nullptr;                                                                       \
    v->size = 0;                                                                             \
  }

SKIFF_VEC_PLAIN(byte)
SKIFF_VEC_OWN(valtype)
SKIFF_VEC_OWN(functype)
SKIFF_VEC_OWN(globaltype)
SKIFF_VEC_OWN(tabletype)
SKIFF_VEC_OWN(memorytype)
SKIFF_VEC_OWN(externtype)
SKIFF_VEC_OWN(importtype)
SKIFF_VEC_OWN(exporttype)
SKIFF_VEC_OWN(frame)
SKIFF_VEC_OWN(extern)

// Values own the references they hold.
extern "C" void wasm_val_vec_new_empty(wasm_val_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}
extern "C" void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t n) {
  vec_uninit<wasm_val_vec_t, wasm_val_t>(out, n);
}
extern "C" void wasm_val_vec_new(wasm_val_vec_t* out, size_t n, const wasm_val_t data[]) {
  vec_from(out, n, data);
}
extern "C" void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vec_uninit<wasm_val_vec_t, wasm_val_t>(out, src->size);
  for (size_t i = 0; i < src->size; ++i) wasm_val_copy(&out->data[i], &src->data[i]);
}
extern "C" void wasm_val_vec_delete(wasm_val_vec_t* v) {
  for (size_t i = 0; i < v->size; ++i) wasm_val_delete(&v->data[i]);
  delete[] v->data;
  v->data = nullptr;
  v->size = 0;
}

extern "C" void wasm_val_delete(wasm_val_t* v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

extern "C" void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}
