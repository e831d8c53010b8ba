// Shared state and helpers of the decoder's translation units (not a public header).
//
// Sections are read as the spec interpreter reads them, since the testsuite's
// messages depend on it: a section's (or function body's) contents are read from a
// Reader that runs to the end of the WHOLE input, and only when the section is done
// is its end compared with its declared size ("section size mismatch"). So an
// overlong LEB128 at a section's end is "integer representation too long", as the
// reference says, not a running out of the section. Also as the reference does:
//   - a vector count or byte length larger than what is left of the whole input
//     (counted from the first byte of the LEB128 length) is "length out of bounds";
//   - every "unexpected end" is reported as "unexpected end of section or function"
//     (decode() renames it once, on the way out).
// Untrusted counts never size an allocation directly: reservations are capped by the
// bytes left, since every element takes at least one byte.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/instr.h"
#include "ir/module.h"
#include "support/bytes.h"
#include "support/result.h"

// Evaluates a Result-returning expression; on success moves its value into `dst`,
// else returns its Error from the enclosing function.
#define SKIFF_BIN_ASSIGN(dst, expr)                              \
  do {                                                           \
    auto&& skiff_bin_r_ = (expr);                                \
    if (!skiff_bin_r_.ok()) return std::move(skiff_bin_r_).error(); \
    dst = std::move(*skiff_bin_r_);                              \
  } while (0)

namespace skiff::binary::detail {

struct Ctx {
  const uint8_t* data = nullptr;  // the whole input
  size_t size = 0;
  ir::Module m;
  // Function section: type indices; code section: bodies. Matched at the end.
  std::vector<uint32_t> func_types;
  std::vector<ir::Function> bodies;
  // Some function body uses a data index (memory.init, data.drop, array.*_data).
  bool uses_data_index = false;
  // Id of the last non-custom section read (Custom = none yet).
  ir::SectionId last = ir::SectionId::Custom;
  // Threads for the function bodies (support/parallel.h: 0 = automatic).
  unsigned threads = 0;
  size_t chunk = 64;  // bodies per claim of the parallel loop

  // Bytes of the whole input from absolute offset `at` on.
  size_t left_from(size_t at) const { return at < size ? size - at : 0; }
  // A reader from absolute offset `at` (<= size) to the end of the input.
  Reader from(size_t at) const { return Reader(data + at, size - at, at); }
};

// A vector length or byte count: "length out of bounds" when it exceeds what is
// left of the whole input counted from the LEB's first byte.
Result<uint32_t> read_len(Reader& r, const Ctx& c);
// How much to reserve for `n` elements of at least `min_bytes` bytes each.
inline size_t capped(uint32_t n, const Reader& r, size_t min_bytes = 1) {
  size_t cap = r.remaining() / (min_bytes ? min_bytes : 1);
  return n < cap ? n : cap;
}
// A UTF-8 name ("length out of bounds", "unexpected end", "malformed UTF-8 encoding").
Result<std::string> read_name(Reader& r, const Ctx& c);

// ---- types (decode_types.cc) ----
Status decode_type_section(Reader& r, Ctx& c);
// A reference type where only one may stand ("malformed reference type").
Result<ir::ValType> read_ref_type(Reader& r);
Result<ir::TableType> read_table_type(Reader& r);
Result<ir::MemoryType> read_memory_type(Reader& r);
Result<ir::GlobalType> read_global_type(Reader& r);
Result<ir::TagType> read_tag_type(Reader& r);

// ---- module sections (decode_sections.cc) ----
Status decode_import_section(Reader& r, Ctx& c);
Status decode_function_section(Reader& r, Ctx& c);
Status decode_table_section(Reader& r, Ctx& c);
Status decode_memory_section(Reader& r, Ctx& c);
Status decode_tag_section(Reader& r, Ctx& c);
Status decode_global_section(Reader& r, Ctx& c);
Status decode_export_section(Reader& r, Ctx& c);
Status decode_start_section(Reader& r, Ctx& c);
Status decode_elem_section(Reader& r, Ctx& c);
Status decode_data_count_section(Reader& r, Ctx& c);
Status decode_data_section(Reader& r, Ctx& c);

// ---- code and expressions (decode_code.cc) ----
Status decode_code_section(Reader& r, Ctx& c);
// A constant expression: instructions up to the `end` closing it, kept as bytes.
Result<ir::Expr> read_const_expr(Reader& r, Ctx& c);
// True when `op` names a data segment (memory.init, data.drop, array.new_data, ...).
bool uses_data_index(ir::Op op);

}  // namespace skiff::binary::detail
