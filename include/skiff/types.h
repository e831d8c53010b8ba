// WebAssembly types as the embedding API describes them: value, function, memory,
// table, global and tag types, and the import/export descriptors of a module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "skiff/export.h"

namespace skiff {

/// The kind of a value. Reference types other than funcref, externref and exnref
/// (anyref, eqref, structref, concrete GC types, ...) are AnyRef.
enum class ValKind : uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef, AnyRef, ExnRef };

/// A value type: its kind, nullability (references only) and its text-format
/// spelling ("i32", "funcref", "(ref null 3)").
struct SKIFF_API ValType {
  ValKind kind = ValKind::I32;
  bool nullable = true;
  std::string text;

  ValType() = default;
  /// A number/vector type, or a nullable abstract reference type (funcref, ...).
  ValType(ValKind k);
  bool is_ref() const { return kind >= ValKind::FuncRef; }
  friend bool operator==(const ValType& a, const ValType& b) {
    return a.kind == b.kind && a.nullable == b.nullable && a.text == b.text;
  }
};

/// Parameters and results of a function.
struct SKIFF_API FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  /// "(i32, i32) -> (i64)".
  std::string to_string() const;
  friend bool operator==(const FuncType& a, const FuncType& b) {
    return a.params == b.params && a.results == b.results;
  }
};

/// Size limits, in pages (memories) or elements (tables).
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
};

struct MemoryType {
  Limits limits;
  bool is64 = false;   ///< memory64: 64-bit addresses
  bool shared = false; ///< threads: a shared memory
  uint32_t page_size = 65536;
};

struct TableType {
  ValType element{ValKind::FuncRef};
  Limits limits;
  bool is64 = false;
};

struct GlobalType {
  ValType type;
  bool is_mutable = false;
};

/// The kind of an importable / exportable object.
enum class ExternKind : uint8_t { Func, Table, Memory, Global, Tag };

/// The type of an import or export: `kind` says which member is meaningful (a tag's
/// type is its `func`).
struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

/// One import of a module.
struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

/// One export of a module.
struct ExportType {
  std::string name;
  ExternType type;
};

}  // namespace skiff
