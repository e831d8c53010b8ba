// The binary format encoder: ir::Module -> bytes.
//
// The encoding is canonical: shortest LEB128s everywhere, sections in the standard
// order (type import function table memory tag global export start element
// datacount code data), custom sections put back after the section their `after`
// names (an empty section is written when a custom section is placed after it, so
// that placement survives), and the "name" section rebuilt from Module::names last,
// when Module::has_name_section is set or names are present.
//
// Function bodies and constant expressions are re-encoded instruction by instruction
// (ir::read_instr + ir::write_instr), so non-canonical LEBs in a decoded module
// become canonical. Consequently:
//   - decode(encode(m)) == m for every module whose expressions are canonically
//     encoded (all modules built by the text parser or by decode(encode(...)));
//   - for any decodable x, encode(decode(encode(decode(x)))) == encode(decode(x)):
//     one encode reaches the fixed point.
// Where the module cannot say what the binary would (a data.drop/memory.init with no
// data count), the encoder adds what decoding requires: a data count section equal
// to the number of data segments.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/module.h"

namespace skiff::binary {

std::vector<uint8_t> encode(const ir::Module& m);

// The canonical encoding of an instruction sequence. Bytes that do not decode as
// instructions are copied unchanged from there on.
std::vector<uint8_t> canonical_expr(const std::vector<uint8_t>& bytes);

}  // namespace skiff::binary
