// The WebAssembly 3.0 type system as the module structure holds it.
//
// Types here are module-relative: a concrete heap type is an index into the
// module's type section. Cross-module canonicalisation (iso-recursive type
// identity) is the runtime's job and builds on these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace skiff::ir {

// Abstract heap types, with their binary codes; Concrete means "type index".
enum class HeapKind : uint8_t {
  Func = 0x70,
  Extern = 0x6F,
  Any = 0x6E,
  Eq = 0x6D,
  I31 = 0x6C,
  Struct = 0x6B,
  Array = 0x6A,
  Exn = 0x69,
  NoExn = 0x74,
  NoFunc = 0x73,
  NoExtern = 0x72,
  None = 0x71,
  Concrete = 0x00,
  Bot = 0x01,  // validation only: the heap type of an unknown reference
};

struct HeapType {
  HeapKind kind = HeapKind::Func;
  uint32_t index = 0;  // type index when kind == Concrete

  static HeapType abstract(HeapKind k) { return {k, 0}; }
  static HeapType concrete(uint32_t i) { return {HeapKind::Concrete, i}; }
  bool is_concrete() const { return kind == HeapKind::Concrete; }
  friend bool operator==(const HeapType&, const HeapType&) = default;
};

// Value types plus the packed storage types (i8, i16) that only struct/array
// fields may use. Bot is the validator's "unknown" type in unreachable code.
enum class ValKind : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  I8 = 0x78,   // packed, storage only
  I16 = 0x77,  // packed, storage only
  Ref = 0x64,  // (ref null? ht); 0x63 is the nullable form's prefix in binary
  Bot = 0x00,
};

struct ValType {
  ValKind kind = ValKind::I32;
  bool nullable = false;  // refs only
  HeapType heap;          // refs only

  static constexpr ValType num(ValKind k) { return ValType{k, false, {}}; }
  static ValType ref(HeapType h, bool null) { return ValType{ValKind::Ref, null, h}; }
  bool is_ref() const { return kind == ValKind::Ref; }
  bool is_num() const {
    return kind == ValKind::I32 || kind == ValKind::I64 || kind == ValKind::F32 ||
           kind == ValKind::F64;
  }
  bool is_packed() const { return kind == ValKind::I8 || kind == ValKind::I16; }
  bool is_defaultable() const { return !is_ref() || nullable; }
  friend bool operator==(const ValType& a, const ValType& b) {
    if (a.kind != b.kind) return false;
    if (a.kind != ValKind::Ref) return true;
    return a.nullable == b.nullable && a.heap == b.heap;
  }
};

inline constexpr ValType kI32 = ValType::num(ValKind::I32);
inline constexpr ValType kI64 = ValType::num(ValKind::I64);
inline constexpr ValType kF32 = ValType::num(ValKind::F32);
inline constexpr ValType kF64 = ValType::num(ValKind::F64);
inline constexpr ValType kV128 = ValType::num(ValKind::V128);
inline ValType funcref() { return ValType::ref(HeapType::abstract(HeapKind::Func), true); }
inline ValType externref() { return ValType::ref(HeapType::abstract(HeapKind::Extern), true); }

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  friend bool operator==(const FuncType&, const FuncType&) = default;
};

struct FieldType {
  ValType type;  // may be packed (I8/I16)
  bool mut = false;
  friend bool operator==(const FieldType&, const FieldType&) = default;
};

struct StructType {
  std::vector<FieldType> fields;
  friend bool operator==(const StructType&, const StructType&) = default;
};

struct ArrayType {
  FieldType elem;
  friend bool operator==(const ArrayType&, const ArrayType&) = default;
};

enum class CompKind : uint8_t { Func = 0x60, Struct = 0x5F, Array = 0x5E };

struct CompType {
  CompKind kind = CompKind::Func;
  FuncType func;      // kind == Func
  StructType struct_; // kind == Struct
  ArrayType array;    // kind == Array
  friend bool operator==(const CompType&, const CompType&) = default;
};

// One entry of the type index space.
struct SubType {
  bool final = true;
  // True when the binary/text spelled it with `sub` (needed to re-encode
  // canonically: a final type with no supertypes is written without the prefix).
  bool explicit_sub = false;
  std::vector<uint32_t> supers;  // at most one in 3.0
  CompType comp;
  friend bool operator==(const SubType&, const SubType&) = default;
};

// A recursive type group: types [start, start+count) of the type index space.
// A plain type outside `rec` is a group of one.
struct RecGroup {
  uint32_t start = 0;
  uint32_t count = 0;
  bool explicit_rec = false;  // written as `rec` (0x4E) even when count == 1
  friend bool operator==(const RecGroup&, const RecGroup&) = default;
};

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool is64 = false;   // memory64 / table64 address type
  bool shared = false; // threads: shared memory
  friend bool operator==(const Limits&, const Limits&) = default;
};

struct MemoryType {
  Limits limits;
  // custom-page-sizes proposal: log2 of the page size (16 = 64 KiB default).
  uint8_t page_size_log2 = 16;
  friend bool operator==(const MemoryType&, const MemoryType&) = default;
};

struct TableType {
  ValType elem = funcref();
  Limits limits;
  friend bool operator==(const TableType&, const TableType&) = default;
};

struct GlobalType {
  ValType type;
  bool mut = false;
  friend bool operator==(const GlobalType&, const GlobalType&) = default;
};

struct TagType {
  uint8_t attribute = 0;  // 0 = exception
  uint32_t type_index = 0;
  friend bool operator==(const TagType&, const TagType&) = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };

// Human-readable spellings in the text format: "i32", "(ref null $3)", "funcref".
std::string to_string(HeapType h);
std::string to_string(ValType t);
const char* to_string(ExternKind k);

}  // namespace skiff::ir
