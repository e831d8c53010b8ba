// The tier-1 line table (compiler/line_table.h): a hand-built object whose
// .debug_line (DWARF 4, relocated by .rela.debug_line as LLVM emits it) maps its
// code to wasm offsets; malformed line programs and relocations are dropped
// (the object still loads, lookups find nothing) and never read out of bounds.
#include <elf.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/line_table.h"
#include "compiler/object_loader.h"
#include "elf_builder.h"

namespace skiff::compiler {
namespace {

// A DWARF 4 line program: rows (addr 0, line 42, column 1) and (addr 4, line
// 43, column 3), end of sequence at 8. The address comes from a relocation at
// kAddrAt (the 8 bytes there are 0).
std::vector<uint8_t> line_program(size_t* addr_at) {
  std::vector<uint8_t> hdr = {1, 1, 1, uint8_t(int8_t(-5)), 14, 13,  // min_inst .. opcode_base
                              0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1,    // standard opcode lengths
                              0,                                     // no include directories
                              'a', 0, 0, 0, 0, 0};                   // file "a"; end of files
  std::vector<uint8_t> prog = {0, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0,  // set_address
                               5, 1,                              // set_column 1
                               3, 41,                             // advance_line +41 -> 42
                               1,                                 // copy
                               2, 4, 5, 3, 3, 1, 1,               // advance_pc 4, column 3, line 43, copy
                               2, 4, 0, 1, 1};                    // advance_pc 4, end_sequence
  std::vector<uint8_t> out;
  auto put = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(uint8_t(v >> (8 * i)));
  };
  put(2 + 4 + hdr.size() + prog.size(), 4);  // unit_length
  put(4, 2);                                 // version
  put(hdr.size(), 4);                        // header_length
  out.insert(out.end(), hdr.begin(), hdr.end());
  *addr_at = out.size() + 3;
  out.insert(out.end(), prog.begin(), prog.end());
  return out;
}

struct Spec {
  std::vector<uint8_t> lines;
  uint64_t rel_offset = 0;
  uint32_t rel_type = R_X86_64_64;
  uint32_t rel_sym = 1;
  int64_t rel_addend = 0;
  bool with_rela = true;
};

Spec good_spec() {
  Spec s;
  s.lines = line_program(&s.rel_offset);
  return s;
}

std::vector<uint8_t> build(const Spec& sp) {
  const uint8_t text[8] = {0xc3, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90};
  const std::string strtab("\0get\0", 5);
  const std::string shstr("\0.text\0.debug_line\0.rela.debug_line\0.symtab\0.strtab\0.shstrtab\0", 63);
  std::vector<Elf64_Sym> syms(3);
  std::memset(syms.data(), 0, syms.size() * sizeof(Elf64_Sym));
  syms[1].st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
  syms[1].st_shndx = 1;
  syms[2].st_name = 1;
  syms[2].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
  syms[2].st_shndx = 1;
  syms[2].st_size = 8;
  Elf64_Rela rela{};
  rela.r_offset = sp.rel_offset;
  rela.r_info = ELF64_R_INFO(sp.rel_sym, sp.rel_type);
  rela.r_addend = sp.rel_addend;
  test::ElfBuilder elf(shstr, 7);
  size_t o_text = elf.append(text, sizeof text, 16);
  size_t o_line = elf.append(sp.lines.data(), sp.lines.size(), 1);
  size_t o_rela = elf.append(&rela, sizeof rela, 8);
  size_t o_sym = elf.append(syms.data(), syms.size() * sizeof(Elf64_Sym), 8);
  size_t o_str = elf.append(strtab.data(), strtab.size(), 1);
  size_t o_shstr = elf.append(shstr.data(), shstr.size(), 1);
  elf.section(1, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, o_text, sizeof text, 0, 0, 16, 0);
  elf.section(2, ".debug_line", SHT_PROGBITS, 0, o_line, sp.lines.size(), 0, 0, 1, 0);
  if (sp.with_rela)
    elf.section(3, ".rela.debug_line", SHT_RELA, SHF_INFO_LINK, o_rela, sizeof rela, 4, 2, 8, sizeof rela);
  else
    elf.section(3, ".rela.debug_line", SHT_PROGBITS, 0, o_rela, 0, 0, 0, 1, 0);
  elf.section(4, ".symtab", SHT_SYMTAB, 0, o_sym, syms.size() * sizeof(Elf64_Sym), 5, 2, 8, sizeof(Elf64_Sym));
  elf.section(5, ".strtab", SHT_STRTAB, 0, o_str, strtab.size(), 0, 0, 1, 0);
  elf.section(6, ".shstrtab", SHT_STRTAB, 0, o_shstr, shstr.size(), 0, 0, 1, 0);
  return elf.finish(6);
}

TEST(LineTable, ObjectLineTableGivesWasmOffsets) {
  auto obj = LoadedObject::load(build(good_spec()));
  ASSERT_TRUE(obj.ok()) << obj.error().message;
  const uintptr_t t = (*obj)->text_begin();
  auto a = LineTable::lookup(t);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->module_offset, 41u);
  EXPECT_EQ(a->func_index, 0u);
  auto b = LineTable::lookup(t + 5);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->module_offset, 42u);
  EXPECT_EQ(b->func_index, 2u);
  EXPECT_FALSE(LineTable::lookup(t + 8).has_value());  // past the sequence's end
  obj->reset();
  EXPECT_FALSE(LineTable::lookup(t).has_value());  // unregistered with the object
}

// Inlining chains (llvm/inline_chains.h) ride in the rows' file names: a row in
// file "~F0:F@O,..." names its function and the callers it was inlined through,
// innermost first; a name that does not parse gives no callers (the row itself stays).
TEST(LineTable, InliningChainsFromFileNames) {
  std::vector<uint8_t> hdr = {1, 1, 1, uint8_t(int8_t(-5)), 14, 13, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1,
                              0};  // no include directories
  for (const char* name : {"a", "~2:3@17,1@5,", "~2:3@x,", "~9:1@0,", "dir/~70000:7@9,"}) {
    hdr.insert(hdr.end(), name, name + std::strlen(name) + 1);
    hdr.insert(hdr.end(), {0, 0, 0});  // directory 0, mtime, length
  }
  hdr.push_back(0);
  const std::vector<uint8_t> prog = {0, 9, 2, 0, 0, 0, 0, 0, 0, 0, 0,  // set_address 0
                                     5, 1, 3, 41, 1,                    // col 1, line 42, copy (file 1)
                                     2, 4, 4, 2, 5, 3, 3, 1, 1,         // pc 4: file 2, col 3, line 43
                                     2, 1, 4, 3, 1,                     // pc 5: file 3
                                     2, 1, 4, 4, 1,                     // pc 6: file 4
                                     2, 1, 4, 5, 5, 0, 1,               // pc 7: file 5, column 0
                                     2, 1, 0, 1, 1};                    // end_sequence at 8
  std::vector<uint8_t> lines;
  auto put = [&](uint64_t v, int n) {
    for (int i = 0; i < n; ++i) lines.push_back(uint8_t(v >> (8 * i)));
  };
  put(2 + 4 + hdr.size() + prog.size(), 4);
  put(4, 2);
  put(hdr.size(), 4);
  lines.insert(lines.end(), hdr.begin(), hdr.end());
  lines.insert(lines.end(), prog.begin(), prog.end());
  auto t = LineTable::parse(lines);
  auto a = t->at(0);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->func_index, 0u);
  EXPECT_TRUE(a->callers.empty());
  auto b = t->at(4);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->module_offset, 42u);
  EXPECT_EQ(b->func_index, 2u);
  ASSERT_EQ(b->callers.size(), 2u);
  EXPECT_EQ(b->callers[0].func_index, 3u);
  EXPECT_EQ(b->callers[0].module_offset, 17u);
  EXPECT_EQ(b->callers[1].func_index, 1u);
  EXPECT_EQ(b->callers[1].module_offset, 5u);
  for (uint64_t rel : {5u, 6u}) {  // "~2:3@x,"; "~9:..." for a row of function 2: no chain
    auto c = t->at(rel);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->module_offset, 42u);
    EXPECT_TRUE(c->callers.empty()) << rel;
  }
  auto d = t->at(7);  // after a directory; the function from the name, not the column
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->func_index, 70000u);
  ASSERT_EQ(d->callers.size(), 1u);
  EXPECT_EQ(d->callers[0].func_index, 7u);
  EXPECT_EQ(d->callers[0].module_offset, 9u);
  EXPECT_FALSE(t->at(8).has_value());
}

// Every bad relocation or program drops the table; the code still loads.
TEST(LineTable, MalformedLineTablesAreDroppedNotFatal) {
  std::vector<Spec> bad;
  for (uint64_t off : {uint64_t(1) << 40, uint64_t(0) - 1, uint64_t(1000)}) {
    Spec s = good_spec();
    s.rel_offset = off;  // outside .debug_line
    bad.push_back(s);
  }
  {
    Spec s = good_spec();
    s.rel_offset = s.lines.size() - 4;  // 8 bytes would run past the end
    bad.push_back(s);
  }
  for (uint32_t ty : {uint32_t(R_X86_64_PC32), uint32_t(R_X86_64_GOTPCREL), 9999u}) {
    Spec s = good_spec();
    s.rel_type = ty;
    bad.push_back(s);
  }
  for (uint32_t sym : {0u, 2u + 1u, 100000u}) {
    Spec s = good_spec();
    s.rel_sym = sym;
    bad.push_back(s);
  }
  for (int64_t add : {int64_t(-1), int64_t(9), int64_t(1) << 62}) {
    Spec s = good_spec();
    s.rel_addend = add;  // outside .text
    bad.push_back(s);
  }
  {
    Spec s = good_spec();
    s.with_rela = false;  // unrelocated addresses
    bad.push_back(s);
  }
  for (const Spec& s : bad) {
    auto obj = LoadedObject::load(build(s));
    ASSERT_TRUE(obj.ok()) << obj.error().message;
    EXPECT_FALSE(LineTable::lookup((*obj)->text_begin()).has_value());
  }
  // Broken programs: truncated, a unit length past the end, a zero line range.
  Spec t = good_spec();
  for (size_t n : {size_t(0), size_t(3), size_t(10), t.lines.size() - 1}) {
    Spec s = t;
    s.lines.resize(n);
    s.rel_offset = n >= 8 ? n - 8 : 0;
    auto obj = LoadedObject::load(build(s));
    ASSERT_TRUE(obj.ok()) << obj.error().message;
  }
  {
    Spec s = t;
    s.lines[0] = 0xf0;  // unit length way past the section
    auto obj = LoadedObject::load(build(s));
    ASSERT_TRUE(obj.ok());
    EXPECT_FALSE(LineTable::lookup((*obj)->text_begin()).has_value());
  }
  {
    Spec s = t;
    s.lines[10 + 4] = 0;  // line_range 0
    auto obj = LoadedObject::load(build(s));
    ASSERT_TRUE(obj.ok());
    EXPECT_FALSE(LineTable::lookup((*obj)->text_begin()).has_value());
  }
}

TEST(LineTable, RandomLineProgramsNeverCrash) {
  std::mt19937 rng(7);
  size_t at = 0;
  const std::vector<uint8_t> good = line_program(&at);
  for (int i = 0; i < 3000; ++i) {
    std::vector<uint8_t> b = good;
    const int flips = 1 + int(rng() % 6);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] = uint8_t(rng());
    if (rng() % 4 == 0) b.resize(rng() % b.size());
    auto t = LineTable::parse(b);
    for (uint64_t pc = 0; pc < 16; ++pc) (void)t->at(pc);
  }
  // Whole objects with a line table, bytes flipped: load or refuse, never crash.
  const std::vector<uint8_t> obj = build(good_spec());
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> b = obj;
    const int flips = 1 + int(rng() % 4);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] ^= uint8_t(1 + rng() % 255);
    auto o = LoadedObject::load(b);
    if (o.ok()) (void)LineTable::lookup((*o)->text_begin());
  }
  std::vector<uint8_t> noise(4096);
  for (int i = 0; i < 200; ++i) {
    for (auto& x : noise) x = uint8_t(rng());
    (void)LineTable::parse(std::span<const uint8_t>(noise.data(), rng() % noise.size()));
  }
}

}  // namespace
}  // namespace skiff::compiler
