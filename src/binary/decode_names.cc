// Decoder: the "name" custom section (spec appendix, with the extended name
// section's subsections).
//
//   id 0 module name   1 functions   2 locals (indirect)   3 labels (indirect)
//      4 types         5 tables      6 memories            7 globals
//      8 elem segments 9 data segments 10 fields (indirect) 11 tags
//
// Each subsection is `id:byte size:u32 contents`, at most once and in increasing id
// order; a name map lists its indices in strictly increasing order. Anything else
// (unknown id, size mismatch, bad UTF-8, unsorted map) makes the whole section
// malformed; the caller then keeps it as an opaque custom section, since custom
// sections must not make a module fail.
#include "binary/decoder.h"
#include "binary/decoder_internal.h"

namespace skiff::binary {

namespace {

// Name sections are read on their own: lengths are checked against the section.
struct NameReader {
  Reader& r;

  Result<uint32_t> count(size_t min_bytes) {
    uint32_t n;
    SKIFF_BIN_ASSIGN(n, r.u32());
    if (n > r.remaining() / min_bytes) return r.error("length out of bounds");
    return n;
  }

  Result<std::string> name() { return r.name(); }

  Status name_map(std::vector<ir::NameAssoc>* out) {
    uint32_t n;
    SKIFF_BIN_ASSIGN(n, count(2));
    out->reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ir::NameAssoc a;
      size_t at = r.offset();
      SKIFF_BIN_ASSIGN(a.index, r.u32());
      if (!out->empty() && a.index <= out->back().index)
        return r.error_at(at, "name map indices out of order");
      SKIFF_BIN_ASSIGN(a.name, name());
      out->push_back(std::move(a));
    }
    return {};
  }

  Status indirect_map(std::vector<ir::IndirectNameAssoc>* out) {
    uint32_t n;
    SKIFF_BIN_ASSIGN(n, count(2));
    out->reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      ir::IndirectNameAssoc a;
      size_t at = r.offset();
      SKIFF_BIN_ASSIGN(a.index, r.u32());
      if (!out->empty() && a.index <= out->back().index)
        return r.error_at(at, "name map indices out of order");
      SKIFF_TRY(name_map(&a.names));
      out->push_back(std::move(a));
    }
    return {};
  }
};

Status decode_subsection(uint8_t id, Reader& r, ir::Names* out) {
  NameReader nr{r};
  switch (id) {
    case 0: {
      std::string s;
      SKIFF_BIN_ASSIGN(s, nr.name());
      out->module = std::move(s);
      return {};
    }
    case 1: return nr.name_map(&out->funcs);
    case 2: return nr.indirect_map(&out->locals);
    case 3: return nr.indirect_map(&out->labels);
    case 4: return nr.name_map(&out->types);
    case 5: return nr.name_map(&out->tables);
    case 6: return nr.name_map(&out->memories);
    case 7: return nr.name_map(&out->globals);
    case 8: return nr.name_map(&out->elems);
    case 9: return nr.name_map(&out->datas);
    case 10: return nr.indirect_map(&out->fields);
    case 11: return nr.name_map(&out->tags);
    default: return r.error("unknown name subsection");
  }
}

}  // namespace

Status decode_names(const uint8_t* data, size_t size, size_t base, ir::Names* out) {
  Reader r(data, size, base);
  int last = -1;
  while (!r.at_end()) {
    size_t at = r.offset();
    uint8_t id;
    SKIFF_BIN_ASSIGN(id, r.u8());
    if (int(id) <= last) return r.error_at(at, "name subsections out of order");
    last = id;
    uint32_t len;
    SKIFF_BIN_ASSIGN(len, r.u32());
    Reader sub;
    SKIFF_BIN_ASSIGN(sub, r.sub(len));
    SKIFF_TRY(decode_subsection(id, sub, out));
    if (!sub.at_end()) return sub.error("name subsection size mismatch");
  }
  return {};
}

}  // namespace skiff::binary
