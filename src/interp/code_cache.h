// The per-module cache of translated code (rt::CompiledModule::code) seen from the
// interpreter: which variant a translation is, eager translation of a whole module,
// and (de)serialisation of cached code for Module::serialize.
//
// Serialised code replaces each instruction's handler address by its IOp number
// (addresses differ between processes) and is otherwise the words as they run.
// Deserialising checks the structure (known ops, field counts, regions) and then
// runs the code verifier (verify.h: branch and catch targets, slots inside the
// frame, indices in range) on every function. The bytes must still come from
// serialize() of the same Skiff build (code_format_id() is part of the
// container's header, see src/api/module_serialize.cc): the verifier does not
// check operand types.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "interp/translate.h"
#include "runtime/compiled_module.h"
#include "support/result.h"

namespace skiff::interp {

// The cache slot of code translated with `opts`.
inline uint32_t code_variant(const TranslateOptions& opts) {
  return (opts.checks ? 1u : 0u) | (opts.mem0_guarded ? 2u : 0u) | (opts.canon_nans ? 4u : 0u);
}

// Translates every defined function of `cm` for `opts` into the cache.
Status precompile(const rt::CompiledModule& cm, const TranslateOptions& opts);

// Identifies this build's instruction set (ops, names, field counts).
uint64_t code_format_id();

// Appends every cached (variant, function) code of `cm`.
void serialize_code_cache(const rt::CompiledModule& cm, std::vector<uint8_t>& out);
// Fills `cm`'s cache from what serialize_code_cache wrote.
Status deserialize_code_cache(const rt::CompiledModule& cm, std::span<const uint8_t> in);

}  // namespace skiff::interp
