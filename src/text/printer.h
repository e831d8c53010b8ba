// The printer: ir::Module -> WebAssembly text.
//
// Output is the flat instruction form with two-space indentation per block
// level, in the style of wasm2wat. It is exact: every float prints as a hex
// float or nan:0x payload, every type as it was declared (rec groups, `sub`,
// `final`), so text -> binary -> text -> binary is a fixed point. Names from the
// name section (or from text identifiers) print as $ids where they are unique
// within their index space; anything else prints as a numeric index.
#pragma once

#include <string>

#include "ir/instr.h"
#include "ir/module.h"

namespace skiff::text {

std::string print_module(const ir::Module& m);

// Context for printing single instructions (used by `skiff inspect --disassemble`).
class NameTable;
class InstrPrinter {
 public:
  explicit InstrPrinter(const ir::Module& m);
  ~InstrPrinter();
  // Appends the instruction's text (name and immediates, no newline) to out.
  // `func` is the index of the function being printed (for local names), or -1.
  void print(const ir::Instr& in, int64_t func, std::string& out) const;

 private:
  const ir::Module& m_;
  NameTable* names_;
};

// Text spellings shared with other printers.
std::string format_f32(uint32_t bits);
std::string format_f64(uint64_t bits);
std::string quote_bytes(const uint8_t* p, size_t n);  // "..." with \hh escapes

}  // namespace skiff::text
