// ir::Module: the structure of one WebAssembly 3.0 module, shared by every stage.
//
// Function bodies and constant expressions are kept as their binary encoding
// (`Expr`, including the final `end` byte). There is one instruction
// representation in Skiff, the binary one: the text parser writes it, the
// validator and printer read it with the generic instruction reader (instr.h),
// and the decoder keeps the module's own bytes. Index spaces put imports first,
// as the spec does; `funcs`, `tables`, ... hold only the module's own
// definitions, and the num_imported_* counts give the offsets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/types.h"

namespace skiff::ir {

// Binary instructions ending in `end` (0x0B). `offset` is where the bytes began
// in the source binary (-1 when the module came from text), so errors found by
// later stages can point at the right byte.
struct Expr {
  std::vector<uint8_t> bytes;
  int64_t offset = -1;
  // A function body: where its code entry began (the locals declaration, after the
  // entry's size; wasm.h's frame func_offset counts from there), else -1.
  int64_t entry_offset = -1;
  friend bool operator==(const Expr& a, const Expr& b) { return a.bytes == b.bytes; }
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // Func: type index
  TableType table;         // Table
  MemoryType memory;       // Memory
  GlobalType global;       // Global
  TagType tag;             // Tag
  friend bool operator==(const Import&, const Import&) = default;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  friend bool operator==(const Export&, const Export&) = default;
};

// Locals as declared: runs of `count` locals of one type.
struct LocalRun {
  uint32_t count = 0;
  ValType type;
  friend bool operator==(const LocalRun&, const LocalRun&) = default;
};

struct Function {
  uint32_t type_index = 0;
  std::vector<LocalRun> locals;
  Expr body;
  friend bool operator==(const Function&, const Function&) = default;
};

struct Table {
  TableType type;
  std::optional<Expr> init;  // 3.0: table with an explicit initializer
  friend bool operator==(const Table&, const Table&) = default;
};

struct Global {
  GlobalType type;
  Expr init;
  friend bool operator==(const Global&, const Global&) = default;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table = 0;
  Expr offset;  // Active only
  ValType type = funcref();
  // Items are constant expressions. When the segment was (or can be) written
  // as plain function indices, `func_indices` is set and each item is `ref.func i`.
  std::vector<Expr> items;
  bool func_indices = false;
  // Active segment on table 0 spelled without an explicit table index / elemkind
  // (binary flags 0 and 4): kept so re-encoding gives the same flags.
  bool implicit_table = false;
  friend bool operator==(const ElemSegment&, const ElemSegment&) = default;
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t memory = 0;
  Expr offset;  // Active only
  std::vector<uint8_t> bytes;
  friend bool operator==(const DataSegment&, const DataSegment&) = default;
};

// Section ids in the binary format, and the order rules.
enum class SectionId : uint8_t {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
  Tag = 13,
};

struct CustomSection {
  std::string name;
  std::vector<uint8_t> bytes;
  // The id of the last non-custom section before it (Custom = at the start).
  SectionId after = SectionId::Custom;
  friend bool operator==(const CustomSection&, const CustomSection&) = default;
};

struct NameAssoc {
  uint32_t index = 0;
  std::string name;
  friend bool operator==(const NameAssoc&, const NameAssoc&) = default;
};

struct IndirectNameAssoc {
  uint32_t index = 0;
  std::vector<NameAssoc> names;
  friend bool operator==(const IndirectNameAssoc&, const IndirectNameAssoc&) = default;
};

// The "name" custom section, decoded (extended-name-section subsections too).
struct Names {
  std::optional<std::string> module;
  std::vector<NameAssoc> funcs;            // 1
  std::vector<IndirectNameAssoc> locals;   // 2
  std::vector<IndirectNameAssoc> labels;   // 3
  std::vector<NameAssoc> types;            // 4
  std::vector<NameAssoc> tables;           // 5
  std::vector<NameAssoc> memories;         // 6
  std::vector<NameAssoc> globals;          // 7
  std::vector<NameAssoc> elems;            // 8
  std::vector<NameAssoc> datas;            // 9
  std::vector<IndirectNameAssoc> fields;   // 10
  std::vector<NameAssoc> tags;             // 11
  bool empty() const {
    return !module && funcs.empty() && locals.empty() && labels.empty() && types.empty() &&
           tables.empty() && memories.empty() && globals.empty() && elems.empty() &&
           datas.empty() && fields.empty() && tags.empty();
  }
  friend bool operator==(const Names&, const Names&) = default;
};

struct Module {
  std::vector<SubType> types;
  std::vector<RecGroup> rec_groups;
  std::vector<Import> imports;
  std::vector<Function> funcs;       // defined functions only
  std::vector<Table> tables;         // defined only
  std::vector<MemoryType> memories;  // defined only
  std::vector<Global> globals;       // defined only
  std::vector<TagType> tags;         // defined only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<CustomSection> customs;  // all but "name"
  Names names;
  // True when the binary had a "name" section (even an empty one).
  bool has_name_section = false;

  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;
  // For each kind, the position in `imports` of its i-th import (derived data,
  // kept in step by add_import / count_imports).
  std::vector<uint32_t> import_pos[5];

  // Whole index spaces (imports first).
  uint32_t num_funcs() const { return num_imported_funcs + uint32_t(funcs.size()); }
  uint32_t num_tables() const { return num_imported_tables + uint32_t(tables.size()); }
  uint32_t num_memories() const { return num_imported_memories + uint32_t(memories.size()); }
  uint32_t num_globals() const { return num_imported_globals + uint32_t(globals.size()); }
  uint32_t num_tags() const { return num_imported_tags + uint32_t(tags.size()); }

  // Types of entities by index in the whole index space. Callers check bounds first.
  uint32_t func_type_index(uint32_t func) const;
  const TableType& table_type(uint32_t table) const;
  const MemoryType& memory_type(uint32_t memory) const;
  const GlobalType& global_type(uint32_t global) const;
  const TagType& tag_type(uint32_t tag) const;
  const FuncType& func_type(uint32_t type_index) const { return types[type_index].comp.func; }

  // Appends an import and bumps the matching num_imported_* count.
  void add_import(Import imp);
  // Recomputes num_imported_* from `imports`.
  void count_imports();

  friend bool operator==(const Module&, const Module&) = default;
};

}  // namespace skiff::ir
