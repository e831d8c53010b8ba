// Internals of the WAT parser, shared by wat_*.cc.
//
// Design. The module form is first read into a token vector (annotations
// dropped), so the parser can look ahead and walk the fields more than once:
//
//   1. scan    (wat_module.cc)  one quick walk over the fields binds every
//              identifier of the module-level index spaces (types, funcs,
//              tables, memories, globals, tags, elems, datas) in definition
//              order, checks "import after ...", and remembers where each
//              field starts;
//   2. types   (wat_types.cc)   all `type` / `rec` fields are parsed into
//              ir::SubTypes (field names are bound here);
//   3. fields  (wat_module.cc)  every other field is parsed in order, with
//              every identifier resolvable. Type uses with an inline signature
//              that matches no type append a new type (the spec's implicit type
//              insertion), after all explicit ones.
//
// Function bodies are written straight into binary with ir::write_instr
// (wat_instrs.cc); labels are resolved against a stack of block labels.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/instr.h"
#include "ir/module.h"
#include "support/bytes.h"
#include "support/result.h"
#include "text/lexer.h"
#include "text/wat_parser.h"

namespace skiff::text::wat {

enum class Space : uint8_t { Type, Func, Table, Memory, Global, Tag, Elem, Data };
inline constexpr unsigned kNumSpaces = 8;
// "type", "function", "table", ... as in "unknown function $f".
const char* space_name(Space s);

struct IdSpace {
  std::unordered_map<std::string, uint32_t> ids;
  uint32_t count = 0;
};

// A parsed type use: `(type x)? (param ...)* (result ...)*`.
struct TypeUse {
  bool has_type = false;
  uint32_t type_index = 0;
  const Token* type_tok = nullptr;  // the index token, for messages
  bool has_inline = false;          // any (param ...) or (result ...) clause
  ir::FuncType sig;
  std::vector<std::string> param_names;  // one per inline param; "" = none
  std::vector<const Token*> param_toks;  // the param's id token, or null
};

// Per-function state while writing a body (or a constant expression).
struct Body {
  bool in_func = false;  // false: constant expression (no locals)
  std::unordered_map<std::string, uint32_t> locals;
  uint32_t num_locals = 0;
  std::vector<std::string> labels;  // block labels, innermost last; "" = none
  Writer w;
  // Each instruction's offset in `w` and its text place (for a SourceMap).
  std::vector<SourceMap::Place> places;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> toks);

  // Parses the module fields filling the whole token vector.
  Result<ir::Module> run();

  // ---- cursor (wat_parser.cc) ----
  const Token& peek(size_t ahead = 0) const;
  const Token& next();
  bool at(TokenKind k, size_t ahead = 0) const { return peek(ahead).kind == k; }
  bool at_keyword(std::string_view kw, size_t ahead = 0) const {
    return peek(ahead).is_keyword(kw);
  }
  // `(` followed by the keyword kw.
  bool at_form(std::string_view kw) const { return at(TokenKind::LParen) && at_keyword(kw, 1); }
  Status expect_lparen();
  Status expect_rparen();
  Status expect_keyword(std::string_view kw);
  Status expect_form(std::string_view kw);  // consumes `(` kw
  // "unknown operator" for a Reserved token, "unexpected token" otherwise.
  Error unexpected(const Token& t) const;
  Error unexpected() const { return unexpected(peek()); }
  Error fail(const Token& t, std::string message) const;
  // At `(`: moves past the matching `)`.
  void skip_form();
  size_t pos() const { return pos_; }
  void seek(size_t p) { pos_ = p; }

  // ---- literals & indices (wat_resolve.cc) ----
  Result<uint32_t> parse_u32();
  Result<uint64_t> parse_u64();
  Result<std::string> parse_string();  // one String token
  Result<std::string> parse_name();    // a String that must be UTF-8
  bool at_index() const;               // a Nat number or an Id
  Result<uint32_t> parse_index(Space s);
  Result<uint32_t> resolve_id(Space s, const Token& t);
  // Binds the identifier token `id` (may be null for anonymous) to the next index
  // of space s; "duplicate <space>" when already bound. Returns the index.
  Result<uint32_t> bind(Space s, const Token* id);
  Result<uint32_t> parse_local(const Body& b);
  Result<uint32_t> parse_label(const Body& b);
  Result<uint32_t> parse_field(uint32_t type_index);

  // ---- types (wat_types.cc) ----
  bool at_val_type() const;
  Result<ir::HeapType> parse_heap_type();
  Result<ir::ValType> parse_ref_type();
  Result<ir::ValType> parse_val_type();
  Result<ir::FieldType> parse_field_type();
  Result<ir::Limits> parse_limits(bool is64);
  bool parse_addr_type();  // optional `i32` / `i64`; true for i64
  Result<ir::TableType> parse_table_type();
  Result<ir::MemoryType> parse_memory_type();
  Result<ir::GlobalType> parse_global_type();
  Result<uint8_t> parse_pagesize();  // `(pagesize n)`, as log2
  // `(type x)? (param ...)* (result ...)*`; param ids only when `names`.
  Status parse_type_use(TypeUse* u, bool names);
  // `(param ...)* (result ...)*` only.
  Status parse_sig(TypeUse* u, bool names);
  // The type index a type use denotes (checks "inline function type", inserts
  // implicit types).
  Result<uint32_t> resolve_type_use(const TypeUse& u);
  uint32_t find_or_add_func_type(const ir::FuncType& ft);
  Result<ir::BlockType> parse_block_type();
  Status parse_type_fields();  // pass 2: every type / rec field
  Status parse_type_def();

  // ---- module fields (wat_module.cc) ----
  Status scan();
  Status parse_fields();
  Status parse_func_field();
  Status parse_table_field();
  Status parse_memory_field();
  Status parse_global_field();
  Status parse_tag_field();
  Status parse_import_field();
  Status parse_export_field();
  Status parse_start_field(bool* seen);
  Status parse_elem_field();
  Status parse_data_field();
  // Leading `(export "n")*` of a definition, and its optional `(import "m" "n")`.
  Status parse_inline_exports(ir::ExternKind k, uint32_t index);
  Result<bool> parse_inline_import(std::string* mod, std::string* name);
  Result<ir::Expr> parse_const_expr();  // instr* up to `)`, plus `end`
  Result<ir::Expr> parse_offset();      // (offset instr*) | one folded instr
  Result<ir::Expr> parse_elem_item();   // (item instr*) | one folded instr

  // ---- instructions (wat_instrs.cc, wat_imms.cc) ----
  // instr* up to a `)`, `end`, `else`, `catch`, `catch_all`, `delegate` or a
  // structural `(` form (then, else, do, param, ...).
  Status parse_instrs(Body& b);
  bool at_instr_end() const;
  Status parse_instr(Body& b);
  Status parse_folded(Body& b);
  Status parse_block_head(Body& b, std::string_view kind, std::string* label, ir::Instr* in);
  Status parse_folded_block(Body& b, std::string_view kind, const Token* kw = nullptr);
  Status parse_end_label(const Body& b, const std::string& label);
  // Keyword `kw` names a plain (non-block) instruction: fills *in from the
  // immediates that follow.
  Status parse_plain(Body& b, const Token& kw, ir::Instr* in);
  Status parse_memarg(ir::Instr* in, const ir::OpInfo& info, bool lane);
  Status parse_v128_const(ir::Instr* in);
  Status parse_shuffle(ir::Instr* in);
  Status parse_lane(ir::Instr* in);
  Status parse_catch_clause(Body& b, ir::CatchClause* c);
  // Writes `in`; its text place is `at`, by default the last token read.
  void emit(Body& b, const ir::Instr& in, const Token* at = nullptr);
  void emit_op(Body& b, std::string_view name, const Token* at = nullptr);  // an op without immediates
  // The finished expression of `b`: its bytes and, with a source map, its offset
  // in the map's layout and its instructions' places.
  ir::Expr finish_expr(Body& b);
  SourceMap* source_map = nullptr;
  ir::Op op_named(std::string_view name);

  ir::Module& module() { return m_; }

 private:
  std::vector<Token> toks_;
  size_t pos_ = 0;
  ir::Module m_;

 public:
  IdSpace spaces[kNumSpaces];
  std::vector<size_t> type_fields;   // token positions of `type` / `rec` fields
  std::vector<size_t> other_fields;  // positions of every other field
  // Field identifiers per type index (struct types only).
  std::vector<std::unordered_map<std::string, uint32_t>> field_ids;
  // Index of the next definition per space while parsing fields (pass 3).
  uint32_t next_func = 0, next_table = 0, next_memory = 0, next_global = 0, next_tag = 0;
  uint32_t next_elem = 0, next_data = 0;
  // Size of the rec group of each type (implicit type insertion reuses only
  // final func types with no supertypes alone in their group).
  std::vector<uint32_t> type_group_size;
  // Signature -> smallest reusable type index (see find_or_add_func_type).
  std::unordered_map<std::string, uint32_t> sig_index;
  bool sig_index_built = false;
  // Nesting depth of folded instructions, and the stack address where parsing
  // began: folded nesting is bounded both in levels and in native stack bytes
  // (frames are much larger in debug and sanitizer builds), so hostile input
  // cannot overflow the stack.
  unsigned depth = 0;
  uintptr_t stack_base = 0;
  bool stack_exhausted() const;
};

inline constexpr unsigned kMaxNesting = 1000;
#if defined(__SANITIZE_ADDRESS__)
#define SKIFF_WAT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIFF_WAT_ASAN 1
#endif
#endif
// Native stack the folded-instruction recursion may use. ASan's redzones make
// each level ~10x larger, so sanitizer builds get a larger share of the 8 MiB stack.
#ifdef SKIFF_WAT_ASAN
inline constexpr uintptr_t kStackBudget = uintptr_t(4) << 20;
#else
inline constexpr uintptr_t kStackBudget = uintptr_t(1) << 20;
#endif

IdSpace& space(Parser& p, Space s);

}  // namespace skiff::text::wat
