// Skiff's loader of relocatable machine code (compiler/object_loader.h) and the
// .skc format (compiler/skc_format.h), on hand-built objects and files: a good
// object loads, relocates and runs; malformed ones (bad relocation offsets,
// unknown relocation types, symbols out of range, disallowed externals,
// truncations, byte flips) are rejected with an error and never crash.
#include <elf.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/object_loader.h"
#include "compiler/skc_format.h"
#include "elf_builder.h"

namespace skiff::compiler {
namespace {

// A minimal ELF64 x86-64 relocatable object:
//   .text:   get: lea rax, [rip + .rodata] ; ret      (one relocation)
//   .rodata: 0x1122334455667788
struct ObjSpec {
  uint32_t rel_type = R_X86_64_PC32;
  uint64_t rel_offset = 3;
  uint32_t rel_sym = 1;       // 1: .rodata's section symbol, 3: memset, 4: system
  int64_t rel_addend = -4;
  uint64_t get_value = 0;     // st_value of `get`
  uint64_t get_size = 8;
};

std::vector<uint8_t> build_object(const ObjSpec& sp) {
  const uint8_t text[8] = {0x48, 0x8d, 0x05, 0, 0, 0, 0, 0xc3};
  const uint64_t rodata = 0x1122334455667788ull;
  const std::string strtab = std::string("\0get\0memset\0system\0", 19);
  const std::string shstr = std::string("\0.text\0.rodata\0.rela.text\0.symtab\0.strtab\0.shstrtab\0", 52);
  std::vector<Elf64_Sym> syms(5);
  std::memset(syms.data(), 0, syms.size() * sizeof(Elf64_Sym));
  syms[1].st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
  syms[1].st_shndx = 2;
  syms[2].st_name = test::name_at(strtab, "get");
  syms[2].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
  syms[2].st_shndx = 1;
  syms[2].st_value = sp.get_value;
  syms[2].st_size = sp.get_size;
  syms[3].st_name = test::name_at(strtab, "memset");
  syms[3].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
  syms[4].st_name = test::name_at(strtab, "system");
  syms[4].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
  Elf64_Rela rela{};
  rela.r_offset = sp.rel_offset;
  rela.r_info = ELF64_R_INFO(sp.rel_sym, sp.rel_type);
  rela.r_addend = sp.rel_addend;

  test::ElfBuilder elf(shstr, 7);
  size_t o_text = elf.append(text, sizeof text, 16);
  size_t o_ro = elf.append(&rodata, 8, 8);
  size_t o_rela = elf.append(&rela, sizeof rela, 8);
  size_t o_sym = elf.append(syms.data(), syms.size() * sizeof(Elf64_Sym), 8);
  size_t o_str = elf.append(strtab.data(), strtab.size(), 1);
  size_t o_shstr = elf.append(shstr.data(), shstr.size(), 1);
  elf.section(1, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, o_text, sizeof text, 0, 0, 16, 0);
  elf.section(2, ".rodata", SHT_PROGBITS, SHF_ALLOC, o_ro, 8, 0, 0, 8, 0);
  elf.section(3, ".rela.text", SHT_RELA, 0, o_rela, sizeof rela, 4, 1, 8, sizeof(Elf64_Rela));
  elf.section(4, ".symtab", SHT_SYMTAB, 0, o_sym, syms.size() * sizeof(Elf64_Sym), 5, 2, 8, sizeof(Elf64_Sym));
  elf.section(5, ".strtab", SHT_STRTAB, 0, o_str, strtab.size(), 0, 0, 1, 0);
  elf.section(6, ".shstrtab", SHT_STRTAB, 0, o_shstr, shstr.size(), 0, 0, 1, 0);
  return elf.finish(6);
}

std::string load_error(const std::vector<uint8_t>& obj) {
  auto r = LoadedObject::load(obj);
  return r.ok() ? std::string() : r.error().message;
}

TEST(ObjectLoader, LoadsRelocatesAndRuns) {
  auto r = LoadedObject::load(build_object({}));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const LoadedObject::Symbol* get = (*r)->find("get");
  ASSERT_NE(get, nullptr);
  EXPECT_TRUE(get->func);
  EXPECT_TRUE(get->in_text);
  EXPECT_EQ(get->size, 8u);
  EXPECT_GE(get->addr, (*r)->text_begin());
  EXPECT_LE(get->addr + get->size, (*r)->text_end());
  auto fn = reinterpret_cast<const uint64_t* (*)()>(get->addr);
  const uint64_t* p = fn();
  EXPECT_EQ(*p, 0x1122334455667788ull);
}

TEST(ObjectLoader, AllowedExternalGoesThroughAStub) {
  ObjSpec s;
  s.rel_type = R_X86_64_PLT32;
  s.rel_sym = 3;  // memset
  EXPECT_EQ(load_error(build_object(s)), "");
  EXPECT_NE(allowed_external("memcpy"), nullptr);
  EXPECT_EQ(allowed_external("system"), nullptr);
}

TEST(ObjectLoader, RejectsMalformedObjects) {
  struct Case {
    ObjSpec spec;
    const char* expect;
  };
  std::vector<Case> cases;
  {
    ObjSpec s;
    s.rel_offset = 6;  // 6 + 4 > 8: past .text
    cases.push_back({s, "relocation offset out of its section"});
  }
  {
    ObjSpec s;
    s.rel_offset = ~uint64_t(0) - 1;  // overflowing offset
    cases.push_back({s, "relocation offset out of its section"});
  }
  {
    ObjSpec s;
    s.rel_type = R_X86_64_TPOFF32;
    cases.push_back({s, "unsupported relocation type"});
  }
  {
    ObjSpec s;
    s.rel_type = R_X86_64_GOTTPOFF;
    cases.push_back({s, "unsupported relocation type"});
  }
  {
    ObjSpec s;
    s.rel_sym = 99;
    cases.push_back({s, "out of range"});
  }
  {
    ObjSpec s;
    s.rel_sym = 4;  // system
    s.rel_type = R_X86_64_PLT32;
    cases.push_back({s, "external symbol 'system' is not allowed"});
  }
  {
    ObjSpec s;
    s.get_value = 100;  // past .text
    cases.push_back({s, "symbol out of its section"});
  }
  {
    ObjSpec s;
    s.get_size = 9;  // one byte past .text
    cases.push_back({s, "symbol out of its section"});
  }
  for (const Case& c : cases) {
    std::string e = load_error(build_object(c.spec));
    EXPECT_NE(e.find(c.expect), std::string::npos) << "expected '" << c.expect << "', got '" << e << "'";
  }
}

TEST(ObjectLoader, RejectsBadHeadersAndSections) {
  std::vector<uint8_t> good = build_object({});
  auto with = [&](size_t at, const void* v, size_t n) {
    std::vector<uint8_t> b = good;
    std::memcpy(b.data() + at, v, n);
    return b;
  };
  const uint16_t exec = ET_EXEC, arm = EM_AARCH64, many = 60000;
  EXPECT_NE(load_error(with(offsetof(Elf64_Ehdr, e_type), &exec, 2)), "");
  EXPECT_NE(load_error(with(offsetof(Elf64_Ehdr, e_machine), &arm, 2)), "");
  EXPECT_NE(load_error(with(offsetof(Elf64_Ehdr, e_shnum), &many, 2)), "");
  // .rodata's contents pointing past the file.
  Elf64_Ehdr eh;
  std::memcpy(&eh, good.data(), sizeof eh);
  const uint64_t far = good.size() + 100;
  EXPECT_NE(load_error(with(eh.e_shoff + 2 * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_offset), &far, 8)),
            "");
  // A thread-local allocated section.
  const uint64_t tls = SHF_ALLOC | SHF_WRITE | SHF_TLS;
  EXPECT_NE(load_error(with(eh.e_shoff + 2 * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, sh_flags), &tls, 8)),
            "");
}

TEST(ObjectLoader, TruncationsAndByteFlipsNeverCrash) {
  std::vector<uint8_t> good = build_object({});
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> b(good.begin(), good.begin() + long(n));
    EXPECT_NE(load_error(b), "") << "prefix of " << n << " bytes loaded";
  }
  // Every byte of the headers, tables and relocation flipped (the code and data
  // bytes themselves may change without making the object invalid).
  for (size_t i = 0; i < good.size(); ++i) {
    for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xff)}) {
      std::vector<uint8_t> b = good;
      b[i] ^= mask;
      (void)LoadedObject::load(b);  // error or not: no crash, no write outside the mapping
    }
  }
}

// ---- .skc ----

SkcCode sample_code() {
  SkcCode c;
  c.cpu = host_cpu_features();
  c.object = build_object({});
  c.funcs.resize(2);
  c.funcs[0].compiled = true;
  std::strcpy(c.funcs[1].reason, "unsupported: something");
  c.target = "testcpu +feature";
  return c;
}

TEST(SkcFormat, RoundTrip) {
  const std::vector<uint8_t> wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
  std::vector<uint8_t> file = write_skc(wasm, sample_code());
  ASSERT_TRUE(is_skc(file));
  auto f = read_skc(file);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->wasm, wasm);
  EXPECT_EQ(f->code.object, sample_code().object);
  ASSERT_EQ(f->code.funcs.size(), 2u);
  EXPECT_TRUE(f->code.funcs[0].compiled);
  EXPECT_FALSE(f->code.funcs[1].compiled);
  EXPECT_STREQ(f->code.funcs[1].reason, "unsupported: something");
  EXPECT_EQ(f->code.target, "testcpu +feature");
  EXPECT_TRUE(f->code.mem0_guarded);
}

uint64_t fnv(const uint8_t* p, size_t n, uint64_t h = 0xcbf29ce484222325ull) {
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}
// Rewrites the checksum after a header edit (a consistent foreign file).
void reseal(std::vector<uint8_t>& f) {
  uint64_t h = fnv(f.data(), 112);
  h = fnv(f.data() + kSkcHeaderBytes, f.size() - kSkcHeaderBytes, h);
  std::memcpy(f.data() + 112, &h, 8);
}

TEST(SkcFormat, Refusals) {
  const std::vector<uint8_t> wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
  const std::vector<uint8_t> good = write_skc(wasm, sample_code());
  auto err = [](const std::vector<uint8_t>& b) {
    auto f = read_skc(b);
    return f.ok() ? std::string() : f.error().message;
  };
  // Truncated: every prefix.
  for (size_t n = 0; n < good.size(); ++n) {
    std::string e = err(std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
    EXPECT_NE(e, "") << n;
    if (n >= kSkcHeaderBytes) {
      EXPECT_NE(e.find("truncated"), std::string::npos) << e;
    }
  }
  // Corrupted: any flipped byte of the payload or the checked header.
  for (size_t i = 8; i < good.size(); ++i) {
    std::vector<uint8_t> b = good;
    b[i] ^= 0x20;
    EXPECT_NE(err(b), "") << "flip at " << i;
  }
  {
    std::vector<uint8_t> b = good;
    b[good.size() - 3] ^= 1;
    EXPECT_NE(err(b).find("checksum"), std::string::npos);
  }
  {
    std::vector<uint8_t> b = good;
    std::memcpy(b.data() + 16, "9.9.9\0", 6);
    reseal(b);
    EXPECT_NE(err(b).find("another skiff version"), std::string::npos) << err(b);
  }
  {
    std::vector<uint8_t> b = good;
    const uint32_t v = 99;
    std::memcpy(b.data() + 8, &v, 4);
    reseal(b);
    EXPECT_NE(err(b).find("format version 99"), std::string::npos) << err(b);
  }
  {
    std::vector<uint8_t> b = good;
    const uint32_t all = 0xffffffffu;
    std::memcpy(b.data() + 48 + 4 * 4, &all, 4);  // every cpuid7.edx feature
    reseal(b);
    EXPECT_NE(err(b).find("features this machine lacks"), std::string::npos) << err(b);
  }
  EXPECT_NE(err(std::vector<uint8_t>(wasm)).find("not a .skc"), std::string::npos);
}

}  // namespace
}  // namespace skiff::compiler
