// Module level of the decoder: header, the section loop (ids, order, sizes),
// custom sections, and the checks that need the whole module.
//
// Section order (3.0): type import function table memory tag global export start
// element datacount code data, each at most once; custom sections anywhere. A
// section out of that order ends the module for the spec interpreter, which then
// finds bytes left over: "unexpected content after last section".
#include <string>

#include "binary/decoder.h"
#include "binary/decoder_internal.h"

namespace skiff::binary {

namespace detail {

Result<uint32_t> read_len(Reader& r, const Ctx& c) {
  size_t at = r.offset();
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, r.u32());
  if (n > c.left_from(at)) return r.error_at(at, "length out of bounds");
  return n;
}

Result<std::string> read_name(Reader& r, const Ctx& c) {
  size_t at = r.offset();
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  const uint8_t* p;
  SKIFF_BIN_ASSIGN(p, r.bytes(n));
  std::string s(reinterpret_cast<const char*>(p), n);
  if (!is_valid_utf8(s)) return r.error_at(at, "malformed UTF-8 encoding");
  return s;
}

}  // namespace detail

namespace {

using detail::Ctx;
using ir::SectionId;

// Position of a non-custom section in the required order (1-based).
int section_rank(SectionId id) {
  switch (id) {
    case SectionId::Type: return 1;
    case SectionId::Import: return 2;
    case SectionId::Function: return 3;
    case SectionId::Table: return 4;
    case SectionId::Memory: return 5;
    case SectionId::Tag: return 6;
    case SectionId::Global: return 7;
    case SectionId::Export: return 8;
    case SectionId::Start: return 9;
    case SectionId::Element: return 10;
    case SectionId::DataCount: return 11;
    case SectionId::Code: return 12;
    case SectionId::Data: return 13;
    case SectionId::Custom: return 0;
  }
  return 0;
}

Status decode_custom_section(Reader& r, Ctx& c, size_t end) {
  std::string name;
  SKIFF_BIN_ASSIGN(name, detail::read_name(r, c));
  size_t at = r.offset();
  if (at > end) return r.error("unexpected end");  // the name overran the section
  size_t n = end - at;
  const uint8_t* p;
  SKIFF_BIN_ASSIGN(p, r.bytes(n));
  if (name == "name" && !c.m.has_name_section) {
    ir::Names names;
    if (decode_names(p, n, at, &names).ok()) {
      c.m.names = std::move(names);
      c.m.has_name_section = true;
      return {};
    }
    // Malformed: custom sections are not validated, so keep it as it is.
  }
  ir::CustomSection cs;
  cs.name = std::move(name);
  cs.bytes.assign(p, p + n);
  cs.after = c.last;
  c.m.customs.push_back(std::move(cs));
  return {};
}

Status decode_section(SectionId id, Reader& r, Ctx& c, size_t end) {
  switch (id) {
    case SectionId::Custom: return decode_custom_section(r, c, end);
    case SectionId::Type: return detail::decode_type_section(r, c);
    case SectionId::Import: return detail::decode_import_section(r, c);
    case SectionId::Function: return detail::decode_function_section(r, c);
    case SectionId::Table: return detail::decode_table_section(r, c);
    case SectionId::Memory: return detail::decode_memory_section(r, c);
    case SectionId::Tag: return detail::decode_tag_section(r, c);
    case SectionId::Global: return detail::decode_global_section(r, c);
    case SectionId::Export: return detail::decode_export_section(r, c);
    case SectionId::Start: return detail::decode_start_section(r, c);
    case SectionId::Element: return detail::decode_elem_section(r, c);
    case SectionId::DataCount: return detail::decode_data_count_section(r, c);
    case SectionId::Code: return detail::decode_code_section(r, c);
    case SectionId::Data: return detail::decode_data_section(r, c);
  }
  return {};
}

Status decode_module(Ctx& c) {
  Reader r(c.data, c.size);
  uint32_t magic, version;
  SKIFF_BIN_ASSIGN(magic, r.fixed_u32());
  if (magic != 0x6D736100u) return r.error_at(0, "magic header not detected");
  SKIFF_BIN_ASSIGN(version, r.fixed_u32());
  if (version != 1) return r.error_at(4, "unknown binary version");

  int last_rank = 0;
  while (!r.at_end()) {
    size_t id_at = r.offset();
    uint8_t byte;
    SKIFF_BIN_ASSIGN(byte, r.u8());
    if (byte > uint8_t(SectionId::Tag)) return r.error_at(id_at, "malformed section id");
    SectionId id = static_cast<SectionId>(byte);
    if (id != SectionId::Custom) {
      int rank = section_rank(id);
      if (rank <= last_rank) return r.error_at(id_at, "unexpected content after last section");
      last_rank = rank;
    }
    uint32_t size;
    SKIFF_BIN_ASSIGN(size, detail::read_len(r, c));
    size_t start = r.offset(), end = start + size;
    Reader sec = c.from(start);
    SKIFF_TRY(decode_section(id, sec, c, end));
    if (sec.offset() != end) return r.error_at(start, "section size mismatch");
    r = c.from(end);  // end <= size: the section's contents were read up to it
    if (id != SectionId::Custom) c.last = id;
  }

  ir::Module& m = c.m;
  if (c.func_types.size() != c.bodies.size())
    return r.error_at(c.size, "function and code section have inconsistent lengths");
  if (m.data_count && *m.data_count != m.datas.size())
    return r.error_at(c.size, "data count and data section have inconsistent lengths");
  if (!m.data_count && c.uses_data_index)
    return r.error_at(c.size, "data count section required");

  m.funcs = std::move(c.bodies);
  for (size_t i = 0; i < m.funcs.size(); ++i) m.funcs[i].type_index = c.func_types[i];
  return {};
}

}  // namespace

Result<ir::Module> decode(const uint8_t* data, size_t size, unsigned threads, size_t chunk) {
  Ctx c;
  c.data = data;
  c.size = data ? size : 0;
  c.threads = threads;
  c.chunk = chunk;
  Status s = decode_module(c);
  if (!s.ok()) {
    Error e = std::move(s).error();
    // The spec interpreter has one message for running out of bytes anywhere.
    if (e.message == "unexpected end") e.message = "unexpected end of section or function";
    return e;
  }
  return std::move(c.m);
}

}  // namespace skiff::binary
