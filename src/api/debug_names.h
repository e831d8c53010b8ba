// Names and source places for backtraces and profiles: the name section first,
// then the module's DWARF (parsed once per module, on first need, and cached while
// the module lives), then func[N].
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "debuginfo/dwarf.h"
#include "runtime/compiled_module.h"

namespace skiff::detail {

struct ModuleDebug {
  debuginfo::DwarfInfo dwarf;
  int64_t code_start = -1;  // the Code section's contents in the binary; -1: unknown
  // DWARF code address of a module offset (nullopt when unknown).
  std::optional<uint64_t> code_addr(uint64_t module_offset) const {
    if (code_start < 0 || module_offset < uint64_t(code_start)) return std::nullopt;
    return module_offset - uint64_t(code_start);
  }
};

// The module's parsed DWARF, or null when it has none (or came from text).
const ModuleDebug* module_debug(const std::shared_ptr<const rt::CompiledModule>& m);

// The name of function `index`: name section, else DWARF subprogram, else "func[N]".
std::string func_display_name(const std::shared_ptr<const rt::CompiledModule>& m, uint32_t index);

}  // namespace skiff::detail
