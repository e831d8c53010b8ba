// Skiff's own loader of relocatable machine code (ELF64 x86-64 ET_REL objects, as
// the tier-1 compiler emits them). No LLVM here: JIT and ahead-of-time code
// (.skc, the on-disk cache) both come through this loader, so running compiled code
// never needs libLLVM.
//
// Design note — a verified, bounds-checked loader:
//   * Every header, section, symbol, string and relocation is checked against the
//     input's bounds before use; anything the loader does not understand is an
//     error (never a crash, never a write outside the mapping): section types other
//     than PROGBITS/NOBITS/SYMTAB/STRTAB/RELA/notes/LLVM metadata when allocated,
//     TLS, common or extended-index symbols, relocation types outside the list
//     below, relocated fields that leave their section, values that do not fit.
//   * Layout: one anonymous mapping, three page-aligned groups: executable
//     sections (+ call stubs for external functions), read-only sections (+ GOT
//     slots), writable sections. Mapped RW, filled, relocated, then mprotect'd
//     RX / R / RW (W^X). The whole mapping stays < 1 GiB, so every PC-relative
//     reference inside it fits 32 bits.
//   * Relocations (RELA): R_X86_64_64, PC32, PLT32, PC64, GOTPCREL, GOTPCRELX,
//     REX_GOTPCRELX, and 32 / 32S when the value fits (it never does for a mapping
//     above 2 GiB: compile with the PIC model). PLT32/PC32 to an external function
//     go through a stub (jmp *slot) in the mapping; GOTPCREL* through a GOT slot.
//   * External symbols: an explicit allow-list (memcpy, memmove, memset and the
//     libm functions LLVM lowers float operations to); anything else is an error.
//   * Unwind tables (.eh_frame) and non-allocated sections (debug, notes,
//     .llvm_addrsig, .comment) are ignored with their relocations: compiled code
//     never unwinds through C++ exceptions (traps siglongjmp).
//   * Except .debug_line: kept (a copy, its address relocations applied as offsets
//     from the mapping's start), parsed into the code's LineTable (line_table.h)
//     and registered for the code range while the object lives; a table that does
//     not relocate or parse is dropped, never an error.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace skiff::compiler {

// The address of an allowed external function, or null (loader's allow-list).
const void* allowed_external(std::string_view name);

class LoadedObject {
 public:
  struct Symbol {
    std::string name;
    uintptr_t addr = 0;
    uint64_t size = 0;
    bool func = false;      // STT_FUNC
    bool in_text = false;   // in an executable section
  };

  // Loads `elf` (copied: the input may be freed afterwards).
  static Result<std::unique_ptr<LoadedObject>> load(std::span<const uint8_t> elf);
  ~LoadedObject();
  LoadedObject(const LoadedObject&) = delete;
  LoadedObject& operator=(const LoadedObject&) = delete;

  // The address of a defined (non-section) symbol, or null.
  const Symbol* find(std::string_view name) const;
  // Every defined named symbol in a loaded section.
  const std::vector<Symbol>& symbols() const { return symbols_; }
  // The executable range.
  uintptr_t text_begin() const { return text_begin_; }
  uintptr_t text_end() const { return text_end_; }
  size_t mapped_bytes() const { return size_; }

 private:
  LoadedObject() = default;
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  uintptr_t text_begin_ = 0, text_end_ = 0;
  uint64_t line_token_ = 0;  // LineTable registration (0: none)
  std::vector<Symbol> symbols_;
};

}  // namespace skiff::compiler
