// A minimal writer of ELF64 x86-64 relocatable objects for the loader tests
// (object_loader_test.cc, line_table_test.cc): section contents are appended at
// their alignment, section headers set by index (0 stays the null section), and
// finish() appends the header table and writes the ELF header.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace skiff::compiler::test {

// Offset of `name` in a string table (names are looked up, not interned).
inline uint32_t name_at(const std::string& table, const char* name) { return uint32_t(table.find(name)); }

class ElfBuilder {
 public:
  // `shstrtab`: the section-name table (its contents are appended by the caller
  // like any other section); `sections`: the header count, null section included.
  ElfBuilder(std::string shstrtab, size_t sections) : shstr_(std::move(shstrtab)), sh_(sections) {
    std::memset(sh_.data(), 0, sh_.size() * sizeof(Elf64_Shdr));
  }

  // Appends n bytes at the next multiple of align; returns their file offset.
  size_t append(const void* p, size_t n, size_t align) {
    while (out_.size() % align) out_.push_back(0);
    size_t at = out_.size();
    out_.resize(at + n);  // not insert: g++ 12 -O3 warns falsely (-Warray-bounds) on it
    if (n != 0) std::memcpy(out_.data() + at, p, n);
    return at;
  }

  void section(size_t i, const char* name, uint32_t type, uint64_t flags, size_t off, size_t size,
               uint32_t link, uint32_t info, uint64_t align, uint64_t entsize) {
    Elf64_Shdr& s = sh_[i];
    s.sh_name = name_at(shstr_, name);
    s.sh_type = type;
    s.sh_flags = flags;
    s.sh_offset = off;
    s.sh_size = size;
    s.sh_link = link;
    s.sh_info = info;
    s.sh_addralign = align;
    s.sh_entsize = entsize;
  }

  std::vector<uint8_t> finish(uint16_t shstrndx) {
    size_t o_sh = append(sh_.data(), sh_.size() * sizeof(Elf64_Shdr), 8);
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_REL;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_shoff = o_sh;
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = uint16_t(sh_.size());
    eh.e_shstrndx = shstrndx;
    std::memcpy(out_.data(), &eh, sizeof eh);
    return out_;
  }

 private:
  std::string shstr_;
  std::vector<Elf64_Shdr> sh_;
  std::vector<uint8_t> out_ = std::vector<uint8_t>(sizeof(Elf64_Ehdr), 0);
};

}  // namespace skiff::compiler::test
