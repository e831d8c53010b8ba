// The ELF relocatable loader: see object_loader.h for the contract.
#include "compiler/object_loader.h"

#include "compiler/line_table.h"

#include <elf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace skiff::compiler {

namespace {

// The libm / libc functions compiled code may call (LLVM lowers some float
// operations and large copies to these when the target has no instruction).
struct Allowed {
  const char* name;
  const void* addr;
};

template <typename F>
const void* fn_addr(F* f) {
  return reinterpret_cast<const void*>(f);
}

const Allowed* allow_list(size_t* n) {
  static const Allowed kList[] = {
      {"memcpy", fn_addr<void*(void*, const void*, size_t)>(&std::memcpy)},
      {"memmove", fn_addr<void*(void*, const void*, size_t)>(&std::memmove)},
      {"memset", fn_addr<void*(void*, int, size_t)>(&std::memset)},
      {"fmod", fn_addr<double(double, double)>(&::fmod)},
      {"fmodf", fn_addr<float(float, float)>(&::fmodf)},
      {"floor", fn_addr<double(double)>(&::floor)},
      {"floorf", fn_addr<float(float)>(&::floorf)},
      {"ceil", fn_addr<double(double)>(&::ceil)},
      {"ceilf", fn_addr<float(float)>(&::ceilf)},
      {"trunc", fn_addr<double(double)>(&::trunc)},
      {"truncf", fn_addr<float(float)>(&::truncf)},
      {"rint", fn_addr<double(double)>(&::rint)},
      {"rintf", fn_addr<float(float)>(&::rintf)},
      {"nearbyint", fn_addr<double(double)>(&::nearbyint)},
      {"nearbyintf", fn_addr<float(float)>(&::nearbyintf)},
      {"roundeven", fn_addr<double(double)>(&::roundeven)},
      {"roundevenf", fn_addr<float(float)>(&::roundevenf)},
      {"round", fn_addr<double(double)>(&::round)},
      {"roundf", fn_addr<float(float)>(&::roundf)},
      {"sqrt", fn_addr<double(double)>(&::sqrt)},
      {"sqrtf", fn_addr<float(float)>(&::sqrtf)},
      {"fmin", fn_addr<double(double, double)>(&::fmin)},
      {"fminf", fn_addr<float(float, float)>(&::fminf)},
      {"fmax", fn_addr<double(double, double)>(&::fmax)},
      {"fmaxf", fn_addr<float(float, float)>(&::fmaxf)},
      {"fma", fn_addr<double(double, double, double)>(&::fma)},
      {"fmaf", fn_addr<float(float, float, float)>(&::fmaf)},
      {"copysign", fn_addr<double(double, double)>(&::copysign)},
      {"copysignf", fn_addr<float(float, float)>(&::copysignf)},
  };
  *n = sizeof kList / sizeof kList[0];
  return kList;
}

constexpr size_t kPage = 4096;
constexpr size_t kMaxMapping = size_t(1) << 30;
constexpr uint32_t kShtX86_64Unwind = 0x70000001;  // SHT_X86_64_UNWIND

size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

// Relocation arithmetic is done in 128 bits: symbol + addend - place cannot
// overflow there, whatever a malformed object holds.
using Wide = __int128;
bool fits_i32(Wide v) { return v >= INT32_MIN && v <= INT32_MAX; }

enum class Group : uint8_t { None, Text, Ro, Rw };

struct Sec {
  Group group = Group::None;
  size_t offset = 0;  // in the mapping
  uint64_t size = 0;
  bool skipped_unwind = false;
};

// A bounded, NUL-terminated string at `off` in the string table [tab, tab + n).
bool read_name(const uint8_t* tab, size_t n, uint64_t off, std::string_view* out) {
  if (off >= n) return false;
  const void* nul = std::memchr(tab + off, 0, n - off);
  if (!nul) return false;
  *out = std::string_view(reinterpret_cast<const char*>(tab + off),
                          static_cast<const uint8_t*>(nul) - (tab + off));
  return true;
}

}  // namespace

const void* allowed_external(std::string_view name) {
  size_t n = 0;
  const Allowed* l = allow_list(&n);
  for (size_t i = 0; i < n; ++i)
    if (name == l[i].name) return l[i].addr;
  return nullptr;
}

LoadedObject::~LoadedObject() {
  if (line_token_) LineTable::remove(line_token_);  // before the range can be reused
  if (base_) munmap(base_, size_);
}

const LoadedObject::Symbol* LoadedObject::find(std::string_view name) const {
  for (const Symbol& s : symbols_)
    if (s.name == name) return &s;
  return nullptr;
}

Result<std::unique_ptr<LoadedObject>> LoadedObject::load(std::span<const uint8_t> elf) {
  auto bad = [](const std::string& why) { return make_error("machine code object: " + why); };
  const uint8_t* d = elf.data();
  const size_t n = elf.size();
  if (n < sizeof(Elf64_Ehdr)) return bad("shorter than an ELF header");
  Elf64_Ehdr eh;
  std::memcpy(&eh, d, sizeof eh);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) return bad("not an ELF file");
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return bad("not a little-endian ELF64 object");
  if (eh.e_type != ET_REL) return bad("not a relocatable object");
  if (eh.e_machine != EM_X86_64) return bad("not x86-64 code");
  if (eh.e_shentsize != sizeof(Elf64_Shdr)) return bad("unexpected section header size");
  if (eh.e_shnum == 0 || eh.e_shoff > n || (n - eh.e_shoff) / sizeof(Elf64_Shdr) < eh.e_shnum)
    return bad("section headers out of bounds");
  if (eh.e_shstrndx >= eh.e_shnum) return bad("section name table index out of range");
  const size_t nsec = eh.e_shnum;
  std::vector<Elf64_Shdr> sh(nsec);
  std::memcpy(sh.data(), d + eh.e_shoff, nsec * sizeof(Elf64_Shdr));
  auto in_file = [&](const Elf64_Shdr& s) {
    return s.sh_type == SHT_NOBITS || (s.sh_offset <= n && s.sh_size <= n - s.sh_offset);
  };
  for (const Elf64_Shdr& s : sh)
    if (!in_file(s)) return bad("section contents out of bounds");
  const Elf64_Shdr& shstr = sh[eh.e_shstrndx];
  if (shstr.sh_type != SHT_STRTAB) return bad("section name table is not a string table");
  auto sec_name = [&](size_t i) {
    std::string_view nm;
    if (!read_name(d + shstr.sh_offset, shstr.sh_size, sh[i].sh_name, &nm)) nm = "?";
    return nm;
  };

  // Classify sections; find the symbol table.
  std::vector<Sec> secs(nsec);
  size_t symtab = 0;
  for (size_t i = 1; i < nsec; ++i) {
    const Elf64_Shdr& s = sh[i];
    std::string_view nm = sec_name(i);
    const bool alloc = s.sh_flags & SHF_ALLOC;
    if (s.sh_type == SHT_SYMTAB) {
      if (symtab) return bad("more than one symbol table");
      symtab = i;
      continue;
    }
    if (!alloc) continue;  // debug info, notes, .comment, .llvm_addrsig, string tables
    if (s.sh_type == kShtX86_64Unwind || nm == ".eh_frame") {
      secs[i].skipped_unwind = true;
      continue;
    }
    if (s.sh_type != SHT_PROGBITS && s.sh_type != SHT_NOBITS)
      return bad("unsupported allocated section " + std::string(nm) + " (type " +
                 std::to_string(s.sh_type) + ")");
    if (s.sh_flags & SHF_TLS) return bad("thread-local section " + std::string(nm));
    if (s.sh_addralign > kPage || (s.sh_addralign & (s.sh_addralign - 1)))
      return bad("bad alignment of section " + std::string(nm));
    if (s.sh_size > kMaxMapping) return bad("section too large");
    secs[i].group = (s.sh_flags & SHF_EXECINSTR) ? Group::Text
                    : (s.sh_flags & SHF_WRITE)   ? Group::Rw
                                                 : Group::Ro;
    secs[i].size = s.sh_size;
  }
  if (!symtab) return bad("no symbol table");
  const Elf64_Shdr& st = sh[symtab];
  if (st.sh_entsize != sizeof(Elf64_Sym) || st.sh_size % sizeof(Elf64_Sym) != 0)
    return bad("malformed symbol table");
  if (st.sh_link == 0 || st.sh_link >= nsec || sh[st.sh_link].sh_type != SHT_STRTAB)
    return bad("symbol table without a string table");
  const uint8_t* strtab = d + sh[st.sh_link].sh_offset;
  const size_t strtab_n = sh[st.sh_link].sh_size;
  const size_t nsym = st.sh_size / sizeof(Elf64_Sym);
  std::vector<Elf64_Sym> syms(nsym);
  if (nsym) std::memcpy(syms.data(), d + st.sh_offset, nsym * sizeof(Elf64_Sym));

  // Relocation sections that apply to loaded sections.
  std::vector<size_t> relas;
  for (size_t i = 1; i < nsec; ++i) {
    const Elf64_Shdr& s = sh[i];
    if (s.sh_type != SHT_RELA && s.sh_type != SHT_REL) continue;
    if (s.sh_info == 0 || s.sh_info >= nsec) return bad("relocation section targets no section");
    if (secs[s.sh_info].group == Group::None) continue;  // unwind tables, debug info
    if (s.sh_type == SHT_REL) return bad("REL relocations (x86-64 uses RELA)");
    if (s.sh_link != symtab) return bad("relocations against another symbol table");
    if (s.sh_entsize != sizeof(Elf64_Rela) || s.sh_size % sizeof(Elf64_Rela) != 0)
      return bad("malformed relocation section");
    relas.push_back(i);
  }

  // External symbols: which need a stub (calls) or a GOT slot.
  std::vector<const void*> ext_addr(nsym, nullptr);
  std::vector<int32_t> stub_of(nsym, -1), got_of(nsym, -1);
  int32_t nstubs = 0, ngot = 0;
  auto sym_ok = [&](uint32_t idx, std::string* why) -> bool {
    if (idx == 0 || idx >= nsym) {
      *why = "relocation against symbol index " + std::to_string(idx) + " out of range";
      return false;
    }
    const Elf64_Sym& s = syms[idx];
    if (s.st_shndx == SHN_COMMON || s.st_shndx == SHN_XINDEX ||
        (s.st_shndx >= SHN_LORESERVE && s.st_shndx != SHN_ABS)) {
      *why = "unsupported symbol section index";
      return false;
    }
    if (ELF64_ST_TYPE(s.st_info) == STT_TLS || ELF64_ST_TYPE(s.st_info) == STT_GNU_IFUNC) {
      *why = "unsupported symbol type";
      return false;
    }
    if (s.st_shndx == SHN_UNDEF) {
      std::string_view nm;
      if (!read_name(strtab, strtab_n, s.st_name, &nm)) {
        *why = "symbol name out of bounds";
        return false;
      }
      const void* a = allowed_external(nm);
      if (!a) {
        *why = "external symbol '" + std::string(nm) + "' is not allowed";
        return false;
      }
      ext_addr[idx] = a;
      return true;
    }
    if (s.st_shndx != SHN_ABS) {
      if (s.st_shndx >= nsec || secs[s.st_shndx].group == Group::None) {
        *why = "relocation against a symbol in a section that is not loaded";
        return false;
      }
      if (s.st_value > secs[s.st_shndx].size) {
        *why = "symbol value past its section";
        return false;
      }
    }
    return true;
  };
  for (size_t ri : relas) {
    const Elf64_Shdr& rs = sh[ri];
    const size_t cnt = rs.sh_size / sizeof(Elf64_Rela);
    for (size_t k = 0; k < cnt; ++k) {
      Elf64_Rela r;
      std::memcpy(&r, d + rs.sh_offset + k * sizeof r, sizeof r);
      const uint32_t si = ELF64_R_SYM(r.r_info);
      const uint32_t ty = ELF64_R_TYPE(r.r_info);
      std::string why;
      if (ty == R_X86_64_NONE) continue;
      if (!sym_ok(si, &why)) return bad(why);
      switch (ty) {
        case R_X86_64_PLT32:
        case R_X86_64_PC32:
          if (syms[si].st_shndx == SHN_UNDEF && stub_of[si] < 0) stub_of[si] = nstubs++;
          if (syms[si].st_shndx == SHN_UNDEF && got_of[si] < 0) got_of[si] = ngot++;
          break;
        case R_X86_64_GOTPCREL:
        case R_X86_64_GOTPCRELX:
        case R_X86_64_REX_GOTPCRELX:
          if (got_of[si] < 0) got_of[si] = ngot++;
          break;
        case R_X86_64_64:
        case R_X86_64_PC64:
        case R_X86_64_32:
        case R_X86_64_32S:
          break;
        default:
          return bad("unsupported relocation type " + std::to_string(ty));
      }
    }
  }

  // Layout.
  constexpr size_t kStub = 8;  // jmp *disp32(%rip); 2 bytes of int3
  size_t off[4] = {0, 0, 0, 0};
  size_t group_start[4] = {0, 0, 0, 0}, group_end[4] = {0, 0, 0, 0};
  size_t cursor = 0;
  size_t stubs_at = 0, got_at = 0;
  for (Group g : {Group::Text, Group::Ro, Group::Rw}) {
    cursor = align_up(cursor, kPage);
    group_start[size_t(g)] = cursor;
    for (size_t i = 1; i < nsec; ++i) {
      if (secs[i].group != g) continue;
      size_t a = sh[i].sh_addralign ? size_t(sh[i].sh_addralign) : 1;
      cursor = align_up(cursor, a);
      secs[i].offset = cursor;
      cursor += secs[i].size;
      if (cursor > kMaxMapping) return bad("object too large");
    }
    if (g == Group::Text) {
      cursor = align_up(cursor, 16);
      stubs_at = cursor;
      cursor += size_t(nstubs) * kStub;
    } else if (g == Group::Ro) {
      cursor = align_up(cursor, 8);
      got_at = cursor;
      cursor += size_t(ngot) * 8;
    }
    group_end[size_t(g)] = cursor;
  }
  (void)off;
  const size_t total = align_up(std::max<size_t>(cursor, 1), kPage);
  if (total > kMaxMapping) return bad("object too large");
  void* mem = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return bad("cannot map memory for the code");
  std::unique_ptr<LoadedObject> obj(new LoadedObject());
  obj->base_ = static_cast<uint8_t*>(mem);
  obj->size_ = total;
  uint8_t* base = obj->base_;
  std::memset(base + stubs_at, 0xcc, size_t(nstubs) * kStub);  // int3 (the rest of the page is 0)
  for (size_t i = 1; i < nsec; ++i) {
    if (secs[i].group == Group::None || sh[i].sh_type == SHT_NOBITS) continue;
    std::memcpy(base + secs[i].offset, d + sh[i].sh_offset, secs[i].size);
  }

  auto sym_addr = [&](uint32_t si) -> uint64_t {
    const Elf64_Sym& s = syms[si];
    if (s.st_shndx == SHN_UNDEF) return reinterpret_cast<uint64_t>(ext_addr[si]);
    if (s.st_shndx == SHN_ABS) return s.st_value;
    return reinterpret_cast<uint64_t>(base + secs[s.st_shndx].offset) + s.st_value;
  };
  // GOT slots and stubs.
  for (size_t si = 0; si < nsym; ++si) {
    if (got_of[si] >= 0) {
      uint64_t a = sym_addr(uint32_t(si));
      std::memcpy(base + got_at + size_t(got_of[si]) * 8, &a, 8);
    }
    if (stub_of[si] >= 0) {
      uint8_t* p = base + stubs_at + size_t(stub_of[si]) * kStub;
      const uint8_t* slot = base + got_at + size_t(got_of[si]) * 8;
      int64_t disp = slot - (p + 6);
      if (!fits_i32(disp)) return bad("stub out of range");
      p[0] = 0xff;
      p[1] = 0x25;
      int32_t d32 = int32_t(disp);
      std::memcpy(p + 2, &d32, 4);
    }
  }
  // Apply the relocations.
  for (size_t ri : relas) {
    const Elf64_Shdr& rs = sh[ri];
    const Sec& tgt = secs[rs.sh_info];
    if (sh[rs.sh_info].sh_type == SHT_NOBITS) return bad("relocation in a section without contents");
    const size_t cnt = rs.sh_size / sizeof(Elf64_Rela);
    for (size_t k = 0; k < cnt; ++k) {
      Elf64_Rela r;
      std::memcpy(&r, d + rs.sh_offset + k * sizeof r, sizeof r);
      const uint32_t si = ELF64_R_SYM(r.r_info);
      const uint32_t ty = ELF64_R_TYPE(r.r_info);
      if (ty == R_X86_64_NONE) continue;
      const size_t width = (ty == R_X86_64_64 || ty == R_X86_64_PC64) ? 8 : 4;
      if (r.r_offset > tgt.size || tgt.size - r.r_offset < width)
        return bad("relocation offset out of its section");
      uint8_t* at = base + tgt.offset + r.r_offset;
      const int64_t P = int64_t(reinterpret_cast<uintptr_t>(at));
      const int64_t A = r.r_addend;
      Wide S = Wide(sym_addr(si));
      Wide v = 0;
      switch (ty) {
        case R_X86_64_64: {
          uint64_t u = uint64_t(S) + uint64_t(A);
          std::memcpy(at, &u, 8);
          continue;
        }
        case R_X86_64_PC64: {
          uint64_t u = uint64_t(S) + uint64_t(A) - uint64_t(P);
          std::memcpy(at, &u, 8);
          continue;
        }
        case R_X86_64_PC32:
        case R_X86_64_PLT32:
          if (stub_of[si] >= 0) S = Wide(reinterpret_cast<uintptr_t>(base + stubs_at) + size_t(stub_of[si]) * kStub);
          v = S + A - P;
          if (!fits_i32(v)) return bad("PC-relative relocation out of range");
          break;
        case R_X86_64_GOTPCREL:
        case R_X86_64_GOTPCRELX:
        case R_X86_64_REX_GOTPCRELX:
          v = Wide(reinterpret_cast<uintptr_t>(base + got_at) + size_t(got_of[si]) * 8) + A - P;
          if (!fits_i32(v)) return bad("GOT-relative relocation out of range");
          break;
        case R_X86_64_32: {
          const Wide u = S + A;
          if (u < 0 || u > UINT32_MAX) return bad("32-bit absolute relocation out of range (compile as PIC)");
          uint32_t w = uint32_t(u);
          std::memcpy(at, &w, 4);
          continue;
        }
        case R_X86_64_32S:
          v = S + A;
          if (!fits_i32(v)) return bad("32-bit absolute relocation out of range (compile as PIC)");
          break;
        default:
          return bad("unsupported relocation type " + std::to_string(ty));
      }
      int32_t w = int32_t(v);
      std::memcpy(at, &w, 4);
    }
  }

  // The line table (line_table.h): .debug_line with its address relocations
  // applied as offsets from the mapping's start (R_X86_64_64 against code), and
  // its string-offset ones (R_X86_64_32, unused) as the addend. Anything else
  // drops the table, never the object: the code then runs without wasm offsets.
  std::vector<uint8_t> lines;
  constexpr uint64_t kMaxLines = uint64_t(1) << 28;
  for (size_t i = 1; i < nsec; ++i) {
    if (sh[i].sh_type != SHT_PROGBITS || (sh[i].sh_flags & SHF_ALLOC) || sec_name(i) != ".debug_line")
      continue;
    if (sh[i].sh_size == 0 || sh[i].sh_size > kMaxLines) break;
    lines.assign(d + sh[i].sh_offset, d + sh[i].sh_offset + sh[i].sh_size);
    bool ok = false;  // unrelocated addresses mean nothing: the relocations must be there
    for (size_t j = 1; j < nsec && !ok; ++j) {
      const Elf64_Shdr& rs = sh[j];
      if (rs.sh_type != SHT_RELA || rs.sh_info != i) continue;
      ok = rs.sh_link == symtab && rs.sh_entsize == sizeof(Elf64_Rela) && rs.sh_size % sizeof(Elf64_Rela) == 0;
      const size_t cnt = ok ? rs.sh_size / sizeof(Elf64_Rela) : 0;
      for (size_t k = 0; ok && k < cnt; ++k) {
        Elf64_Rela r;
        std::memcpy(&r, d + rs.sh_offset + k * sizeof r, sizeof r);
        const uint32_t si = ELF64_R_SYM(r.r_info);
        const uint32_t ty = ELF64_R_TYPE(r.r_info);
        if (ty == R_X86_64_NONE) continue;
        const size_t width = ty == R_X86_64_32 ? 4 : 8;
        if (si == 0 || si >= nsym || r.r_offset > lines.size() || lines.size() - r.r_offset < width) {
          ok = false;
          break;
        }
        if (ty == R_X86_64_32) {
          const uint32_t w = uint32_t(r.r_addend);
          std::memcpy(lines.data() + r.r_offset, &w, 4);
          continue;
        }
        const Elf64_Sym& sy = syms[si];
        if (ty != R_X86_64_64 || sy.st_shndx == SHN_UNDEF || sy.st_shndx >= nsec ||
            secs[sy.st_shndx].group != Group::Text || sy.st_value > secs[sy.st_shndx].size ||
            r.r_addend < 0 || uint64_t(r.r_addend) > secs[sy.st_shndx].size - sy.st_value) {
          ok = false;
          break;
        }
        const uint64_t v = secs[sy.st_shndx].offset + sy.st_value + uint64_t(r.r_addend);
        std::memcpy(lines.data() + r.r_offset, &v, 8);
      }
    }
    if (!ok) lines.clear();
    break;
  }

  // Symbols.
  for (size_t si = 1; si < nsym; ++si) {
    const Elf64_Sym& s = syms[si];
    const unsigned type = ELF64_ST_TYPE(s.st_info);
    if (type == STT_SECTION || type == STT_FILE) continue;
    if (s.st_shndx == SHN_UNDEF || s.st_shndx >= nsec || secs[s.st_shndx].group == Group::None)
      continue;
    const Sec& sec = secs[s.st_shndx];
    if (s.st_value > sec.size || s.st_size > sec.size - s.st_value)
      return bad("symbol out of its section");
    std::string_view nm;
    if (!read_name(strtab, strtab_n, s.st_name, &nm)) return bad("symbol name out of bounds");
    if (nm.empty()) continue;
    Symbol out;
    out.name = std::string(nm);
    out.addr = reinterpret_cast<uintptr_t>(base + sec.offset + s.st_value);
    out.size = s.st_size;
    out.func = type == STT_FUNC;
    out.in_text = sec.group == Group::Text;
    obj->symbols_.push_back(std::move(out));
  }

  // W^X.
  auto protect = [&](Group g, int prot) -> bool {
    size_t b = group_start[size_t(g)], e = align_up(group_end[size_t(g)], kPage);
    if (e <= b) return true;
    return mprotect(base + b, e - b, prot) == 0;
  };
  if (!protect(Group::Text, PROT_READ | PROT_EXEC) || !protect(Group::Ro, PROT_READ))
    return bad("cannot protect the code");
  obj->text_begin_ = reinterpret_cast<uintptr_t>(base + group_start[size_t(Group::Text)]);
  obj->text_end_ = reinterpret_cast<uintptr_t>(base + group_end[size_t(Group::Text)]);
  if (!lines.empty()) {
    std::shared_ptr<const LineTable> t = LineTable::parse(lines);
    if (t->size())
      obj->line_token_ = LineTable::add(obj->text_begin_, obj->text_end_, reinterpret_cast<uintptr_t>(base),
                                        std::move(t));
  }
  return obj;
}

}  // namespace skiff::compiler
