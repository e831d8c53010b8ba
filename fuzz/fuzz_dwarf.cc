// libFuzzer target: the DWARF reader (src/debuginfo) on hostile .debug_* custom
// sections, through what the CLI and the profiler do with them: function names
// (func_display_name: name section, else DWARF), trap frames' source places
// (add_debug_info, as for `skiff run` backtraces), the lookups of `skiff inspect`,
// and the tier-1 loader's native line-table reader (a corrupted .skc's .debug_line).
//
// Input: records [kind: u8][size: u32 LE][bytes], the size clamped to what is left.
// kind % 8: 0 the base module (a valid wasm binary; a small built-in one when absent
// or not valid), 1 .debug_info, 2 .debug_abbrev, 3 .debug_line, 4 .debug_str,
// 5 .debug_line_str, 6 .debug_str_offsets, 7 .debug_addr (appended to the module's
// custom sections, as the decoder would keep them). Seeds (make_dwarf_seeds.cc): C
// programs compiled with clang --target=wasm32-wasi -g, split into those records.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "api/api_impl.h"
#include "api/debug_names.h"
#include "binary/decoder.h"
#include "compiler/line_table.h"
#include "debuginfo/dwarf.h"
#include "runtime/compiled_module.h"
#include "valid/validator.h"

using namespace skiff;

namespace {

const char* const kSectionNames[8] = {nullptr,        ".debug_info",        ".debug_abbrev", ".debug_line",
                                      ".debug_str",   ".debug_line_str",    ".debug_str_offsets",
                                      ".debug_addr"};

// (module (func) (func (param i32) (result i32) local.get 0) (func nop nop nop))
const uint8_t kFallback[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                          // header
    0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f,        // types
    0x03, 0x04, 0x03, 0x00, 0x01, 0x00,                                      // funcs
    0x0a, 0x0f, 0x03, 0x02, 0x00, 0x0b, 0x04, 0x00, 0x20, 0x00, 0x0b, 0x05,  // code
    0x00, 0x01, 0x01, 0x01, 0x0b,
};

// The last base module decoded and validated (most inputs repeat their seed's).
struct BaseCache {
  std::vector<uint8_t> bytes;
  std::unique_ptr<ir::Module> module;  // null: `bytes` is not a valid module
};

const ir::Module* base_module(const uint8_t* p, size_t n) {
  static BaseCache cache;
  if (cache.module || !cache.bytes.empty()) {
    if (cache.bytes.size() == n && (n == 0 || std::memcmp(cache.bytes.data(), p, n) == 0))
      return cache.module.get();
  }
  cache.bytes.assign(p, p + n);
  cache.module.reset();
  auto m = binary::decode(p, n);
  if (!m.ok()) return nullptr;
  if (!valid::validate(*m, valid::ValidateOptions{}).ok()) return nullptr;
  cache.module = std::make_unique<ir::Module>(std::move(*m));
  return cache.module.get();
}

const ir::Module& fallback_module() {
  static const ir::Module* m = [] {
    auto d = binary::decode(kFallback, sizeof kFallback);
    if (!d.ok() || !valid::validate(*d, valid::ValidateOptions{}).ok()) __builtin_trap();
    return new ir::Module(std::move(*d));
  }();
  return *m;
}

uint64_t probe_addr(const uint8_t* p, size_t n, size_t i) {
  uint64_t v = 0;
  for (size_t k = 0; k < 4 && n; ++k) v = v << 8 | p[(i * 4 + k) % n];
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<ir::CustomSection> customs;
  const uint8_t* base = nullptr;
  size_t base_size = 0;
  std::span<const uint8_t> line;
  for (size_t i = 0; i + 5 <= size;) {
    const unsigned kind = data[i] % 8;
    uint32_t n = uint32_t(data[i + 1]) | uint32_t(data[i + 2]) << 8 | uint32_t(data[i + 3]) << 16 |
                 uint32_t(data[i + 4]) << 24;
    i += 5;
    if (n > size - i) n = uint32_t(size - i);
    const uint8_t* p = data + i;
    i += n;
    if (kind == 0) {
      base = p;
      base_size = n;
      continue;
    }
    ir::CustomSection c;
    c.name = kSectionNames[kind];
    c.bytes.assign(p, p + n);
    customs.push_back(std::move(c));
    if (kind == 3) line = std::span<const uint8_t>(p, n);
  }
  const ir::Module* bm = base ? base_module(base, base_size) : nullptr;
  ir::Module m = bm ? *bm : fallback_module();
  for (ir::CustomSection& c : customs) m.customs.push_back(std::move(c));
  std::shared_ptr<const rt::CompiledModule> cm = rt::CompiledModule::from_validated(std::move(m));
  const ir::Module& mod = cm->module;

  // Names (profiles, backtraces, wasm.h) and source places (trap frames with details).
  const uint32_t nfuncs = mod.num_funcs() < 4096 ? mod.num_funcs() : 4096;
  for (uint32_t i = 0; i < nfuncs; ++i) (void)detail::func_display_name(cm, i);
  for (size_t i = 0; i < mod.funcs.size() && i < 4096; ++i) {
    const ir::Expr& body = mod.funcs[i].body;
    if (body.offset < 0) continue;
    const uint64_t at[] = {uint64_t(body.entry_offset >= 0 ? body.entry_offset : body.offset),
                           uint64_t(body.offset), uint64_t(body.offset) + body.bytes.size() / 2,
                           uint64_t(body.offset) + body.bytes.size()};
    for (uint64_t a : at) {
      TrapFrame f;
      f.func_index = mod.num_imported_funcs + uint32_t(i);
      f.module_offset = a;
      detail::add_debug_info(cm, true, f);
    }
  }
  // `skiff inspect`'s summary and lookups at addresses taken from the input.
  debuginfo::DwarfInfo d = debuginfo::DwarfInfo::parse(debuginfo::DwarfInfo::sections_of(mod));
  (void)debuginfo::CodeOffsets::of(mod);
  for (size_t i = 0; i < 16; ++i) {
    const uint64_t a = i < 2 ? (i ? ~uint64_t(0) : 0) : probe_addr(data, size, i);
    (void)d.line_at(a);
    (void)d.function_at(a);
    (void)d.function_starting_at(a);
  }
  // The tier-1 loader's reader of a native .debug_line.
  std::shared_ptr<const compiler::LineTable> t = compiler::LineTable::parse(line);
  for (size_t i = 0; i < 16; ++i) (void)t->at(i < 2 ? (i ? ~uint64_t(0) : 0) : probe_addr(data, size, i + 16));
  return 0;
}
