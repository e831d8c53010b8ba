// The binary format encoder: ir::Module -> bytes.
//
// The encoding is canonical: shortest LEB128s everywhere, sections in the standard
// order (type import function table memory tag global export start element
// datacount code data), custom sections put back after the section their `after`
// names (an empty section is written when a custom section is placed after it, so
// that placement survives), and the "name" section rebuilt from Module::names last,
// when Module::has_name_section is set or names are present.
//
// The canonical form also fixes what the text format cannot spell, so that text ->
// binary -> text -> binary is a fixed point as well:
//   - function bodies and constant expressions are re-encoded instruction by
//     instruction (ir::read_instr + ir::write_instr): shortest LEBs, memarg without
//     an explicit memory 0, ...;
//   - local declarations are written as the text format gives them: adjacent runs of
//     one type merged, empty runs dropped;
//   - the data count section is written exactly when some function body uses a data
//     index (memory.init, data.drop, array.new_data, array.init_data), with the
//     module's data_count, or the number of data segments when it has none.
// Consequently:
//   - decode(encode(m)) == m for every module already in that form (modules built by
//     the text parser; modules from decode(encode(...)));
//   - for any decodable x, encode(decode(encode(decode(x)))) == encode(decode(x)):
//     one encode reaches the fixed point, and decode(encode(decode(x))) describes the
//     same module as decode(x).
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
