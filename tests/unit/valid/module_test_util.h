// Small builders for hand-made ir::Module values in the validator's unit tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "ir/module.h"
#include "ir/types.h"

namespace skiff::valid::testing {

using namespace skiff::ir;

inline ValType ref(uint32_t index, bool null = false) {
  return ValType::ref(HeapType::concrete(index), null);
}
inline ValType ref(HeapKind k, bool null = false) {
  return ValType::ref(HeapType::abstract(k), null);
}
inline HeapType ht(uint32_t index) { return HeapType::concrete(index); }
inline HeapType ht(HeapKind k) { return HeapType::abstract(k); }

// Sub types. `supers` empty and final == true is the plain `(type (func ...))` form.
inline SubType func_t(std::vector<ValType> params, std::vector<ValType> results,
                      bool final = true, std::vector<uint32_t> supers = {}) {
  SubType st;
  st.final = final;
  st.explicit_sub = !final || !supers.empty();
  st.supers = std::move(supers);
  st.comp.kind = CompKind::Func;
  st.comp.func.params = std::move(params);
  st.comp.func.results = std::move(results);
  return st;
}
inline FieldType fld(ValType t, bool mut = false) { return FieldType{t, mut}; }
inline SubType struct_t(std::vector<FieldType> fields, bool final = true,
                        std::vector<uint32_t> supers = {}) {
  SubType st;
  st.final = final;
  st.explicit_sub = !final || !supers.empty();
  st.supers = std::move(supers);
  st.comp.kind = CompKind::Struct;
  st.comp.struct_.fields = std::move(fields);
  return st;
}
inline SubType array_t(FieldType elem, bool final = true, std::vector<uint32_t> supers = {}) {
  SubType st;
  st.final = final;
  st.explicit_sub = !final || !supers.empty();
  st.supers = std::move(supers);
  st.comp.kind = CompKind::Array;
  st.comp.array.elem = elem;
  return st;
}
// `(sub $s ...)` / `(sub ...)`: non-final with an optional supertype.
inline SubType sub(SubType st, std::vector<uint32_t> supers = {}) {
  st.final = false;
  st.explicit_sub = true;
  st.supers = std::move(supers);
  return st;
}
inline SubType sub_final(SubType st, std::vector<uint32_t> supers = {}) {
  st.final = true;
  st.explicit_sub = true;
  st.supers = std::move(supers);
  return st;
}

// Adds a rec group; returns the index of its first type.
inline uint32_t rec(Module& m, std::vector<SubType> types) {
  uint32_t start = uint32_t(m.types.size());
  for (auto& t : types) m.types.push_back(std::move(t));
  m.rec_groups.push_back(RecGroup{start, uint32_t(types.size()), true});
  return start;
}
// Adds a type outside `rec` (a group of one).
inline uint32_t type(Module& m, SubType t) {
  uint32_t start = uint32_t(m.types.size());
  m.types.push_back(std::move(t));
  m.rec_groups.push_back(RecGroup{start, 1, false});
  return start;
}

// Constant expressions and bodies as binary instruction bytes.
inline Expr expr(std::vector<uint8_t> bytes) {
  Expr e;
  e.bytes = std::move(bytes);
  return e;
}
inline std::vector<uint8_t> sleb(int64_t v) {
  std::vector<uint8_t> out;
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return out;
  }
}
inline std::vector<uint8_t> uleb(uint64_t v) {
  std::vector<uint8_t> out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
  return out;
}
inline Expr i32_const(int32_t v) {
  std::vector<uint8_t> b{0x41};
  auto l = sleb(v);
  b.insert(b.end(), l.begin(), l.end());
  b.push_back(0x0B);
  return expr(b);
}
inline Expr i64_const(int64_t v) {
  std::vector<uint8_t> b{0x42};
  auto l = sleb(v);
  b.insert(b.end(), l.begin(), l.end());
  b.push_back(0x0B);
  return expr(b);
}
inline Expr ref_func(uint32_t f) {
  std::vector<uint8_t> b{0xD2};
  auto l = uleb(f);
  b.insert(b.end(), l.begin(), l.end());
  b.push_back(0x0B);
  return expr(b);
}
inline Expr global_get(uint32_t g) {
  std::vector<uint8_t> b{0x23};
  auto l = uleb(g);
  b.insert(b.end(), l.begin(), l.end());
  b.push_back(0x0B);
  return expr(b);
}
// ref.null of an abstract heap type (its binary code) or a type index.
inline Expr ref_null(HeapKind k) { return expr({0xD0, uint8_t(k), 0x0B}); }
inline Expr ref_null_idx(uint32_t idx) {
  std::vector<uint8_t> b{0xD0};
  auto l = sleb(idx);
  b.insert(b.end(), l.begin(), l.end());
  b.push_back(0x0B);
  return expr(b);
}
inline Expr empty_body() { return expr({0x0B}); }

inline Function func(uint32_t type_index, Expr body = empty_body()) {
  Function f;
  f.type_index = type_index;
  f.body = std::move(body);
  return f;
}

inline Import import_func(uint32_t type_index, std::string name = "f") {
  Import i;
  i.module = "m";
  i.name = std::move(name);
  i.kind = ExternKind::Func;
  i.func_type = type_index;
  return i;
}
inline Import import_global(GlobalType g, std::string name = "g") {
  Import i;
  i.module = "m";
  i.name = std::move(name);
  i.kind = ExternKind::Global;
  i.global = g;
  return i;
}
inline Import import_memory(MemoryType mt, std::string name = "mem") {
  Import i;
  i.module = "m";
  i.name = std::move(name);
  i.kind = ExternKind::Memory;
  i.memory = mt;
  return i;
}
inline Import import_table(TableType tt, std::string name = "t") {
  Import i;
  i.module = "m";
  i.name = std::move(name);
  i.kind = ExternKind::Table;
  i.table = tt;
  return i;
}
inline Import import_tag(uint32_t type_index, std::string name = "e") {
  Import i;
  i.module = "m";
  i.name = std::move(name);
  i.kind = ExternKind::Tag;
  i.tag = TagType{0, type_index};
  return i;
}

inline Limits limits(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false,
                     bool shared = false) {
  Limits l;
  l.min = min;
  l.max = max;
  l.is64 = is64;
  l.shared = shared;
  return l;
}
inline MemoryType mem(uint64_t min, std::optional<uint64_t> max = std::nullopt, bool is64 = false,
                      bool shared = false) {
  MemoryType mt;
  mt.limits = limits(min, max, is64, shared);
  return mt;
}
inline Table table(ValType elem, uint64_t min, std::optional<uint64_t> max = std::nullopt,
                   bool is64 = false) {
  Table t;
  t.type.elem = elem;
  t.type.limits = limits(min, max, is64);
  return t;
}
inline Global global(ValType t, Expr init, bool mut = false) {
  Global g;
  g.type = GlobalType{t, mut};
  g.init = std::move(init);
  return g;
}
inline Export export_(std::string name, ExternKind k, uint32_t index) {
  return Export{std::move(name), k, index};
}

}  // namespace skiff::valid::testing
