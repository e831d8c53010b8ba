// The WAT module parser: WebAssembly text -> ir::Module.
//
// It reads the whole 3.0 text format (GC types and rec groups, function
// references, exceptions incl. the legacy try/catch/delegate, memory64 and
// table64, multi-memory, SIMD, threads, custom page sizes) with every
// abbreviation of the spec, and writes function bodies and constant
// expressions in their binary form (ir::Expr, through ir::write_instr).
//
// Identifiers of every index space are bound before anything is resolved, so
// forward references work; an identifier that names nothing is malformed text
// ("unknown function $f"), while a numeric index out of range is left for the
// validator. Identifiers also become ir::Names entries (funcs, locals, types,
// fields, tables, memories, globals, tags, elems, datas) so the printer can
// print them; Module::has_name_section stays false.
//
// Errors carry line:column and the spec testsuite's wording.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ir/features.h"
#include "ir/module.h"
#include "support/result.h"
#include "text/lexer.h"

namespace skiff::text {

// Where a text module's instructions came from. When a parse is given a map, every
// expression of the module (function bodies, constant expressions) gets a
// distinct ir::Expr::offset in a virtual layout (the expressions one after the
// other, in the order they were parsed), so the validator's byte offsets name
// one instruction of one expression; `places` gives each instruction's line and
// column, ordered by offset. locate() turns such an offset back into text.
struct SourceMap {
  struct Place {
    uint64_t offset = 0;
    uint32_t line = 0;
    uint32_t column = 0;
  };
  std::vector<Place> places;
  uint64_t next_offset = 0;  // where the next expression goes

  // The place of the instruction at (or last before) `offset`; null when none.
  const Place* find(int64_t offset) const;
  // An error of validating the module parsed with this map: its byte offset
  // becomes line:column (offset -1). Errors without an offset stay as they are.
  void locate(Error& e) const;
};

// A whole .wat file: one `(module $id? ...)` form, or bare module fields.
Result<ir::Module> parse_wat(std::string_view text);
// The same, for a baseline with some features off (see ir/features.h).
Result<ir::Module> parse_wat(std::string_view text, const ir::Features& features);
// The same, filling `map` (see SourceMap) when not null.
Result<ir::Module> parse_wat(std::string_view text, const ir::Features& features, SourceMap* map);

struct ModuleHeader {
  std::string id;           // "$name" as written (decoded), or empty
  bool definition = false;  // `(module definition ...)`
};

// Parses one `(module definition? $id? field*)` form; `lex` must be positioned
// at its `(`. On success the lexer is just past the matching `)`. `binary` and
// `quote` modules are the WAST parser's business and are rejected here.
Result<ir::Module> parse_module_form(Lexer& lex, ModuleHeader* header = nullptr,
                                     SourceMap* map = nullptr);

// Parses module fields from `lex` up to (not including) the `)` that closes the
// enclosing form, or up to the end of the input.
Result<ir::Module> parse_module_fields(Lexer& lex, SourceMap* map = nullptr);

}  // namespace skiff::text
