// Encoder: the "name" custom section's contents from ir::Names. Subsections are
// written in id order, each only when it has something to say (see
// decode_names.cc for the layout).
#include <string>
#include <vector>

#include "ir/module.h"
#include "support/bytes.h"

namespace skiff::binary {

namespace {

void name_map(Writer& w, const std::vector<ir::NameAssoc>& map) {
  w.u32(uint32_t(map.size()));
  for (const ir::NameAssoc& a : map) {
    w.u32(a.index);
    w.name(a.name);
  }
}

void indirect_map(Writer& w, const std::vector<ir::IndirectNameAssoc>& map) {
  w.u32(uint32_t(map.size()));
  for (const ir::IndirectNameAssoc& a : map) {
    w.u32(a.index);
    name_map(w, a.names);
  }
}

void subsection(Writer& out, uint8_t id, const Writer& content) {
  out.u8(id);
  out.u32(uint32_t(content.size()));
  out.bytes(content.out());
}

void map_subsection(Writer& out, uint8_t id, const std::vector<ir::NameAssoc>& map) {
  if (map.empty()) return;
  Writer w;
  name_map(w, map);
  subsection(out, id, w);
}

void indirect_subsection(Writer& out, uint8_t id,
                         const std::vector<ir::IndirectNameAssoc>& map) {
  if (map.empty()) return;
  Writer w;
  indirect_map(w, map);
  subsection(out, id, w);
}

}  // namespace

std::vector<uint8_t> encode_names(const ir::Names& n) {
  Writer out;
  if (n.module) {
    Writer w;
    w.name(*n.module);
    subsection(out, 0, w);
  }
  map_subsection(out, 1, n.funcs);
  indirect_subsection(out, 2, n.locals);
  indirect_subsection(out, 3, n.labels);
  map_subsection(out, 4, n.types);
  map_subsection(out, 5, n.tables);
  map_subsection(out, 6, n.memories);
  map_subsection(out, 7, n.globals);
  map_subsection(out, 8, n.elems);
  map_subsection(out, 9, n.datas);
  indirect_subsection(out, 10, n.fields);
  map_subsection(out, 11, n.tags);
  return std::move(out.out());
}

}  // namespace skiff::binary
