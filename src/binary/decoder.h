// The binary format decoder: bytes -> ir::Module.
//
// decode() accepts the whole WebAssembly 3.0 binary format, plus the threads
// proposal's shared memories, the custom-page-sizes proposal's page size in the
// memory limits flags, and the legacy exception instructions. It checks that the
// bytes are well formed (the binary grammar, LEB128 rules, section order and sizes,
// the lengths the module must agree on, and that every function body and constant
// expression is a well-nested sequence of known instructions ending in `end`), but
// not that the module is valid: types, indices and instruction typing are the
// validator's job (valid/validator.h).
//
// Errors use the spec testsuite's wording ("unexpected end of section or function",
// "section size mismatch", "malformed section id", ...) and carry the byte offset;
// an error inside a function body also carries the function's index.
//
// Function bodies and constant expressions are kept as the module's own bytes
// (Expr.bytes, including the final `end`; Expr.offset is their absolute offset).
// The "name" custom section is decoded into Module::names; a malformed name section
// does not fail the module (custom sections are not validated) and is kept as a plain
// custom section instead.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ir/module.h"
#include "support/result.h"

namespace skiff::binary {

// `threads` decode the function bodies of a large code section in parallel
// (0 = automatic, one per core; 1 = the calling thread only); the result and any
// error are the same whatever the number. `chunk` is how many bodies a thread claims
// at a time (tests use 1 so that small modules are split too).
Result<ir::Module> decode(const uint8_t* data, size_t size, unsigned threads = 0, size_t chunk = 64);

// Decodes the contents of a "name" custom section (the bytes after the section's
// name) into *out. Used by decode(); exposed for tests and tools.
Status decode_names(const uint8_t* data, size_t size, size_t base, ir::Names* out);

}  // namespace skiff::binary
