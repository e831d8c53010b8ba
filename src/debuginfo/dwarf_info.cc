// .debug_info / .debug_abbrev: the subprograms' names and pc ranges.
#include <algorithm>
#include <unordered_map>

#include "debuginfo/cursor.h"
#include "debuginfo/dwarf.h"
#include "debuginfo/dwarf_internal.h"
#include "ir/module.h"

namespace skiff::debuginfo {

namespace {

constexpr uint64_t kTag_subprogram = 0x2e;
constexpr uint64_t kAt_name = 0x03, kAt_low_pc = 0x11, kAt_high_pc = 0x12,
                   kAt_abstract_origin = 0x31, kAt_specification = 0x47, kAt_linkage_name = 0x6e,
                   kAt_MIPS_linkage_name = 0x2007, kAt_str_offsets_base = 0x72,
                   kAt_addr_base = 0x73;
constexpr size_t kMaxAbbrevs = 1 << 16;
constexpr size_t kMaxAttrs = 256;

struct AttrSpec {
  uint64_t at, form;
  int64_t implicit;
};
struct Abbrev {
  uint64_t tag = 0;
  bool children = false;
  std::vector<AttrSpec> attrs;
};

// One abbreviation table (at `off` of .debug_abbrev).
bool read_abbrevs(std::span<const uint8_t> sec, uint64_t off,
                  std::unordered_map<uint64_t, Abbrev>* out) {
  if (off >= sec.size()) return false;
  Cursor c(sec.data(), sec.size());
  c.seek(size_t(off));
  while (!c.failed() && !c.at_end()) {
    uint64_t code = c.uleb();
    if (code == 0) break;
    Abbrev a;
    a.tag = c.uleb();
    a.children = c.u8() != 0;
    for (;;) {
      uint64_t at = c.uleb(), form = c.uleb();
      if (c.failed() || (at == 0 && form == 0)) break;
      int64_t imp = form == 0x21 ? c.sleb() : 0;
      if (a.attrs.size() >= kMaxAttrs) return false;
      a.attrs.push_back({at, form, imp});
    }
    if (out->size() >= kMaxAbbrevs) return false;
    (*out)[code] = std::move(a);
  }
  return !c.failed();
}

struct Value {
  uint64_t u = 0;
  bool is_str = false;
  std::string_view str;
  bool is_ref = false;      // a reference within the unit (u = unit-relative offset)
  bool is_strx = false;     // u = index into .debug_str_offsets
  bool is_addrx = false;    // u = index into .debug_addr
  bool is_const = false;    // a constant (for high_pc: an offset from low_pc)
};

struct Unit {
  uint16_t version = 0;
  uint8_t addr_size = 4;
  bool dwarf64 = false;
  uint64_t str_offsets_base = 8;
  uint64_t addr_base = 8;
};

// Reads one attribute value of `form`; false on an unknown form.
bool read_value(Cursor& c, uint64_t form, int64_t implicit, const Unit& u, const DwarfSections& s,
                Value* v, int indirections = 0) {
  const unsigned offsz = u.dwarf64 ? 8 : 4;
  switch (form) {
    case 0x01: v->u = c.fixed(u.addr_size); return true;                 // addr
    case 0x03: c.skip(c.u16()); return true;                             // block2
    case 0x04: c.skip(c.u32()); return true;                             // block4
    case 0x05: v->u = c.u16(); v->is_const = true; return true;          // data2
    case 0x06: v->u = c.u32(); v->is_const = true; return true;          // data4
    case 0x07: v->u = c.u64(); v->is_const = true; return true;          // data8
    case 0x08: v->str = c.cstr(); v->is_str = true; return true;         // string
    case 0x09: case 0x18: c.skip(c.uleb()); return true;                 // block, exprloc
    case 0x0a: c.skip(c.u8()); return true;                              // block1
    case 0x0b: v->u = c.u8(); v->is_const = true; return true;           // data1
    case 0x0c: v->u = c.u8(); return true;                               // flag
    case 0x0d: v->u = uint64_t(c.sleb()); v->is_const = true; return true;  // sdata
    case 0x0e: {                                                         // strp
      Cursor str(s.str.data(), s.str.size());
      v->str = str.str_at(c.fixed(offsz));
      v->is_str = true;
      return true;
    }
    case 0x1f: {                                                         // line_strp
      Cursor str(s.line_str.data(), s.line_str.size());
      v->str = str.str_at(c.fixed(offsz));
      v->is_str = true;
      return true;
    }
    case 0x0f: v->u = c.uleb(); v->is_const = true; return true;         // udata
    case 0x10: v->u = c.fixed(u.version <= 2 ? u.addr_size : offsz); return true;  // ref_addr
    case 0x11: v->u = c.u8(); v->is_ref = true; return true;
    case 0x12: v->u = c.u16(); v->is_ref = true; return true;
    case 0x13: v->u = c.u32(); v->is_ref = true; return true;
    case 0x14: v->u = c.u64(); v->is_ref = true; return true;
    case 0x15: v->u = c.uleb(); v->is_ref = true; return true;
    case 0x16: {                                                         // indirect
      uint64_t f = c.uleb();
      if (indirections > 2 || f == 0x16) return false;
      return read_value(c, f, implicit, u, s, v, indirections + 1);
    }
    case 0x17: v->u = c.fixed(offsz); return true;                       // sec_offset
    case 0x19: v->u = 1; return true;                                    // flag_present
    case 0x1a: v->u = c.uleb(); v->is_strx = true; return true;          // strx
    case 0x1b: v->u = c.uleb(); v->is_addrx = true; return true;         // addrx
    case 0x1c: v->u = c.u32(); return true;                              // ref_sup4
    case 0x1d: v->u = c.fixed(offsz); return true;                       // strp_sup
    case 0x1e: c.skip(16); return true;                                  // data16
    case 0x20: v->u = c.u64(); return true;                              // ref_sig8
    case 0x21: v->u = uint64_t(implicit); v->is_const = true; return true;  // implicit_const
    case 0x22: case 0x23: v->u = c.uleb(); return true;                  // loclistx, rnglistx
    case 0x24: v->u = c.u64(); return true;                              // ref_sup8
    case 0x25: v->u = c.u8(); v->is_strx = true; return true;            // strx1..4
    case 0x26: v->u = c.u16(); v->is_strx = true; return true;
    case 0x27: v->u = c.fixed(3); v->is_strx = true; return true;
    case 0x28: v->u = c.u32(); v->is_strx = true; return true;
    case 0x29: v->u = c.u8(); v->is_addrx = true; return true;           // addrx1..4
    case 0x2a: v->u = c.u16(); v->is_addrx = true; return true;
    case 0x2b: v->u = c.fixed(3); v->is_addrx = true; return true;
    case 0x2c: v->u = c.u32(); v->is_addrx = true; return true;
    default: return false;
  }
}

std::string_view strx(const Unit& u, const DwarfSections& s, uint64_t index) {
  const unsigned w = u.dwarf64 ? 8 : 4;
  Cursor so(s.str_offsets.data(), s.str_offsets.size());
  bool ok = false;
  if (index > (uint64_t(1) << 40)) return {};
  uint64_t off = so.word_at(u.str_offsets_base + index * w, w, &ok);
  if (!ok) return {};
  return Cursor(s.str.data(), s.str.size()).str_at(off);
}

std::optional<uint64_t> addrx(const Unit& u, const DwarfSections& s, uint64_t index) {
  Cursor a(s.addr.data(), s.addr.size());
  bool ok = false;
  if (index > (uint64_t(1) << 40)) return std::nullopt;
  uint64_t v = a.word_at(u.addr_base + index * u.addr_size, u.addr_size, &ok);
  if (!ok) return std::nullopt;
  return v;
}

}  // namespace

// Reads every unit's subprograms into info->funcs_.
void read_subprograms(const DwarfSections& s, std::vector<std::string>* warnings,
                      std::vector<DwarfInfo::Func>* out) {
  Cursor all(s.info.data(), s.info.size());
  size_t units = 0;
  while (!all.at_end() && !all.failed() && units++ < 100000) {
    const size_t unit_start = all.pos();
    Unit u;
    uint64_t len = all.u32();
    if (len == 0xffffffffu) {
      u.dwarf64 = true;
      len = all.u64();
    }
    Cursor c = all.sub(len);
    if (all.failed()) {
      warnings->push_back(".debug_info: unit at " + std::to_string(unit_start) + " runs past the section");
      break;
    }
    u.version = c.u16();
    uint64_t abbrev_off = 0;
    if (u.version >= 5) {
      uint8_t type = c.u8();
      u.addr_size = c.u8();
      abbrev_off = c.fixed(u.dwarf64 ? 8 : 4);
      if (type == 2 || type == 6) c.skip(8 + (u.dwarf64 ? 8 : 4));  // type unit
      else if (type == 4 || type == 5) c.skip(8);                    // skeleton, split
    } else {
      abbrev_off = c.fixed(u.dwarf64 ? 8 : 4);
      u.addr_size = c.u8();
    }
    if (c.failed() || u.version < 2 || u.version > 5 || (u.addr_size != 4 && u.addr_size != 8)) {
      warnings->push_back(".debug_info: unit at " + std::to_string(unit_start) + ": unsupported header");
      continue;
    }
    std::unordered_map<uint64_t, Abbrev> abbrevs;
    if (!read_abbrevs(s.abbrev, abbrev_off, &abbrevs)) {
      warnings->push_back(".debug_info: unit at " + std::to_string(unit_start) + ": bad abbreviations");
      continue;
    }
    // The unit's offset of each DIE (unit-relative, as refN forms are), named ones.
    std::unordered_map<uint64_t, std::string> names_by_die;
    struct Pending {
      uint64_t low, high;
      bool high_is_offset;
      bool low_is_addrx, high_is_addrx;
      std::string name;
      uint64_t ref;  // specification / abstract_origin, unit-relative (~0 none)
    };
    std::vector<Pending> pending;
    bool bad = false;
    bool first_die = true;
    size_t dies = 0;
    while (!c.at_end() && !c.failed() && dies++ < 10'000'000) {
      // refN forms count from the unit's first byte (its length field).
      const uint64_t die_off = (u.dwarf64 ? 12 : 4) + c.pos();
      uint64_t code = c.uleb();
      if (code == 0) continue;
      auto it = abbrevs.find(code);
      if (it == abbrevs.end()) {
        bad = true;
        break;
      }
      const Abbrev& a = it->second;
      Pending p{0, 0, false, false, false, {}, ~uint64_t(0)};
      bool has_low = false, has_high = false;
      std::string_view name, linkage;
      for (const AttrSpec& as : a.attrs) {
        Value v;
        if (!read_value(c, as.form, as.implicit, u, s, &v)) {
          bad = true;
          break;
        }
        if (first_die) {
          if (as.at == kAt_str_offsets_base) u.str_offsets_base = v.u;
          if (as.at == kAt_addr_base) u.addr_base = v.u;
        }
        const std::string_view sv = v.is_str ? v.str : std::string_view();
        switch (as.at) {
          case kAt_name:
            name = v.is_strx ? strx(u, s, v.u) : sv;
            break;
          case kAt_linkage_name:
          case kAt_MIPS_linkage_name:
            linkage = v.is_strx ? strx(u, s, v.u) : sv;
            break;
          case kAt_low_pc:
            p.low = v.u;
            p.low_is_addrx = v.is_addrx;
            has_low = true;
            break;
          case kAt_high_pc:
            p.high = v.u;
            p.high_is_offset = v.is_const;
            p.high_is_addrx = v.is_addrx;
            has_high = true;
            break;
          case kAt_specification:
          case kAt_abstract_origin:
            if (v.is_ref) p.ref = v.u;
            break;
          default: break;
        }
      }
      if (bad) break;
      first_die = false;
      std::string_view nm = !name.empty() ? name : linkage;
      if (!nm.empty()) names_by_die[die_off] = std::string(nm);
      if (a.tag == kTag_subprogram && has_low && has_high) {
        p.name = std::string(nm);
        pending.push_back(std::move(p));
      }
    }
    if (bad || c.failed())
      warnings->push_back(".debug_info: unit at " + std::to_string(unit_start) + ": stopped at a bad entry");
    for (Pending& p : pending) {
      uint64_t low = p.low, high = p.high;
      if (p.low_is_addrx) {
        auto a = addrx(u, s, p.low);
        if (!a) continue;
        low = *a;
      }
      if (p.high_is_addrx) {
        auto a = addrx(u, s, p.high);
        if (!a) continue;
        high = *a;
      } else if (p.high_is_offset) {
        high = low + high;
      }
      // Functions the linker dropped keep address 0 or a tombstone (-1, -2).
      if (low == 0 || low >= 0xfffffff0u || high <= low) continue;
      if (p.name.empty() && p.ref != ~uint64_t(0)) {
        auto n = names_by_die.find(p.ref);
        if (n != names_by_die.end()) p.name = n->second;
      }
      if (p.name.empty()) continue;
      out->push_back({low, high, std::move(p.name)});
      if (out->size() > 10'000'000) return;
    }
  }
}

}  // namespace skiff::debuginfo
