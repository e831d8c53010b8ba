// The DWARF reader of src/debuginfo on hand-made sections (exact rows and names),
// on a real clang -g module, and on mutated and truncated sections (no crash, no
// read out of bounds: the ASan build checks the latter).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

#include "binary/decoder.h"
#include "debuginfo/dwarf.h"
#include "ir/module.h"

namespace skiff::debuginfo {
namespace {

struct Bytes {
  std::vector<uint8_t> b;
  Bytes& u8(uint8_t v) { b.push_back(v); return *this; }
  Bytes& u16(uint16_t v) { u8(uint8_t(v)); return u8(uint8_t(v >> 8)); }
  Bytes& u32(uint32_t v) { u16(uint16_t(v)); return u16(uint16_t(v >> 16)); }
  Bytes& uleb(uint64_t v) {
    do {
      uint8_t x = v & 0x7f;
      v >>= 7;
      u8(uint8_t(x | (v ? 0x80 : 0)));
    } while (v);
    return *this;
  }
  Bytes& str(const char* s) {
    while (*s) u8(uint8_t(*s++));
    return u8(0);
  }
};

// A DWARF 4 line program: file "dir/a.c"; rows 0x10 -> line 3, 0x14 -> line 5,
// 0x20 -> line 9, end at 0x30.
std::vector<uint8_t> line_v4() {
  Bytes hdr;
  hdr.u8(1).u8(1).u8(1).u8(uint8_t(-5)).u8(14).u8(13);  // min_inst, max_ops, is_stmt, base, range, opbase
  for (uint8_t l : {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1}) hdr.u8(l);
  hdr.str("dir").u8(0);                          // include_directories
  hdr.str("a.c").uleb(1).uleb(0).uleb(0).u8(0);  // file_names
  Bytes prog;
  prog.u8(0).uleb(5).u8(2).u32(0x10);  // set_address 0x10
  prog.u8(3).uleb(2);                  // advance_line +2 -> 3
  prog.u8(1);                          // copy
  prog.u8(2).uleb(4).u8(3).uleb(2).u8(1);   // +4 -> 0x14, line 5
  prog.u8(5).uleb(7);                       // column 7
  prog.u8(2).uleb(12).u8(3).uleb(4).u8(1);  // 0x20, line 9
  prog.u8(2).uleb(16).u8(0).uleb(1).u8(1);  // 0x30 end_sequence
  Bytes unit;
  unit.u16(4).u32(uint32_t(hdr.b.size()));
  unit.b.insert(unit.b.end(), hdr.b.begin(), hdr.b.end());
  unit.b.insert(unit.b.end(), prog.b.begin(), prog.b.end());
  Bytes all;
  all.u32(uint32_t(unit.b.size()));
  all.b.insert(all.b.end(), unit.b.begin(), unit.b.end());
  return all.b;
}

TEST(Dwarf, LineProgramRows) {
  std::vector<uint8_t> line = line_v4();
  DwarfSections s;
  s.line = line;
  DwarfInfo d = DwarfInfo::parse(s);
  EXPECT_TRUE(d.warnings().empty()) << d.warnings().front();
  EXPECT_FALSE(d.line_at(0x0f).has_value());
  auto a = d.line_at(0x10);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->line, 3u);
  EXPECT_EQ(a->file, "dir/a.c");
  EXPECT_EQ(d.line_at(0x13)->line, 3u);
  EXPECT_EQ(d.line_at(0x14)->line, 5u);
  EXPECT_EQ(d.line_at(0x1f)->line, 5u);
  EXPECT_EQ(d.line_at(0x1f)->column, 0u);  // set_column applies from the next row on
  EXPECT_EQ(d.line_at(0x2f)->line, 9u);
  EXPECT_EQ(d.line_at(0x2f)->column, 7u);
  EXPECT_FALSE(d.line_at(0x30).has_value());  // past the end of the sequence
}

// .debug_abbrev + .debug_info (DWARF 4): a compile unit with subprograms "f"
// [0x10, 0x20) (strp name) and "g" [0x20, 0x30) (inline string, data4 high_pc),
// and one at the tombstone address (dropped by the linker).
TEST(Dwarf, SubprogramNames) {
  Bytes abbrev;
  abbrev.uleb(1).uleb(0x11).u8(1).uleb(0x03).uleb(0x08).uleb(0).uleb(0);  // CU: name string
  abbrev.uleb(2).uleb(0x2e).u8(0).uleb(0x11).uleb(0x01).uleb(0x12).uleb(0x06).uleb(0x03).uleb(0x0e)
      .uleb(0).uleb(0);  // subprogram: low addr, high data4, name strp
  abbrev.uleb(3).uleb(0x2e).u8(0).uleb(0x11).uleb(0x01).uleb(0x12).uleb(0x01).uleb(0x03).uleb(0x08)
      .uleb(0).uleb(0);  // subprogram: low addr, high addr, name string
  abbrev.uleb(0);
  Bytes str;
  str.str("junk").str("f");
  Bytes dies;
  dies.uleb(1).str("cu.c");
  dies.uleb(2).u32(0x10).u32(0x10).u32(5);  // f: name at .debug_str+5
  dies.uleb(3).u32(0x20).u32(0x30).str("g");
  dies.uleb(3).u32(0xffffffff).u32(0xffffffff).str("dead");
  dies.uleb(0);
  Bytes unit;
  unit.u16(4).u32(0).u8(4);
  unit.b.insert(unit.b.end(), dies.b.begin(), dies.b.end());
  Bytes info;
  info.u32(uint32_t(unit.b.size()));
  info.b.insert(info.b.end(), unit.b.begin(), unit.b.end());
  DwarfSections s;
  s.info = info.b;
  s.abbrev = abbrev.b;
  s.str = str.b;
  DwarfInfo d = DwarfInfo::parse(s);
  EXPECT_TRUE(d.warnings().empty()) << d.warnings().front();
  EXPECT_EQ(d.function_count(), 2u);
  EXPECT_EQ(d.function_at(0x10), "f");
  EXPECT_EQ(d.function_at(0x1f), "f");
  EXPECT_EQ(d.function_at(0x20), "g");
  EXPECT_EQ(d.function_at(0x30), "");
  EXPECT_EQ(d.function_starting_at(0x20), "g");
  EXPECT_EQ(d.function_starting_at(0x21), "");
}

std::vector<uint8_t> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(Dwarf, RealModuleAndHostileSections) {
  std::vector<uint8_t> bytes = read_all(SKIFF_OBSERVE_TRAP_WASM);
  ASSERT_FALSE(bytes.empty()) << SKIFF_OBSERVE_TRAP_WASM;
  auto m = binary::decode(bytes.data(), bytes.size());
  ASSERT_TRUE(m.ok());
  DwarfSections s = DwarfInfo::sections_of(*m);
  ASSERT_FALSE(s.info.empty());
  ASSERT_FALSE(s.line.empty());
  DwarfInfo d = DwarfInfo::parse(s);
  EXPECT_GT(d.line_rows(), 100u);
  EXPECT_GT(d.function_count(), 10u);
  // Every defined function's code entry names a subprogram; "divide" is one.
  CodeOffsets co = CodeOffsets::of(*m);
  ASSERT_GT(co.code_start, 0);
  bool found = false;
  for (const ir::Function& f : m->funcs)
    if (d.function_starting_at(uint64_t(f.body.entry_offset - co.code_start)) == "divide") found = true;
  EXPECT_TRUE(found);

  // Mutations and truncations of the real sections: parse and look up, whatever
  // comes out. Copies sized exactly, so ASan sees any read past them.
  std::mt19937 rng(12345);
  std::vector<uint8_t> info(s.info.begin(), s.info.end()), abbrev(s.abbrev.begin(), s.abbrev.end()),
      line(s.line.begin(), s.line.end()), str(s.str.begin(), s.str.end());
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> mi = info, ma = abbrev, ml = line;
    for (auto* v : {&mi, &ma, &ml}) {
      const int flips = 1 + int(rng() % 8);
      for (int k = 0; k < flips && !v->empty(); ++k) (*v)[rng() % v->size()] = uint8_t(rng());
      if (rng() % 3 == 0 && !v->empty()) v->resize(rng() % v->size());
    }
    std::vector<uint8_t> ti(mi), ta(ma), tl(ml);
    DwarfSections h;
    h.info = ti;
    h.abbrev = ta;
    h.line = tl;
    h.str = str;
    DwarfInfo hd = DwarfInfo::parse(h);
    for (uint64_t a = 0; a < 0x6000; a += 97) {
      (void)hd.line_at(a);
      (void)hd.function_at(a);
    }
  }
  // Pure noise.
  for (int round = 0; round < 200; ++round) {
    std::vector<uint8_t> n(rng() % 512);
    for (uint8_t& b : n) b = uint8_t(rng());
    DwarfSections h;
    h.info = n;
    h.abbrev = n;
    h.line = n;
    h.str = n;
    h.str_offsets = n;
    h.addr = n;
    DwarfInfo hd = DwarfInfo::parse(h);
    (void)hd.line_at(rng());
  }
}

}  // namespace
}  // namespace skiff::debuginfo
