// The binary encoder; see encoder.h for the contract (canonical output, custom
// section placement, the fixed point after one encode).
//
// Element segments are written in the form their flags recorded when that form can
// express them: func_indices (every item is `ref.func i`) and a (ref func) type give
// the function-index forms 0-3, implicit_table on table 0 gives forms 0 and 4.
// Otherwise the general expression forms are used.
#include "binary/encoder.h"

#include "binary/decoder_internal.h"
#include "ir/instr.h"
#include "support/bytes.h"

namespace skiff::binary {

// Defined in encode_names.cc.
std::vector<uint8_t> encode_names(const ir::Names& names);

namespace {

using ir::SectionId;

// Re-encodes `bytes` onto w; sets *uses_data when a data index is used.
void write_expr(Writer& w, const std::vector<uint8_t>& bytes, bool* uses_data) {
  Reader r(bytes.data(), bytes.size());
  ir::Instr in;
  while (!r.at_end()) {
    const uint8_t* p = r.pos();
    if (!ir::read_instr(r, &in).ok()) {
      w.bytes(p, size_t(bytes.data() + bytes.size() - p));
      return;
    }
    if (uses_data && detail::uses_data_index(in.op)) *uses_data = true;
    ir::write_instr(w, in);
  }
}

void write_expr(Writer& w, const ir::Expr& e) { write_expr(w, e.bytes, nullptr); }

// When `e` is exactly `ref.func i end`, sets *func.
bool as_ref_func(const ir::Expr& e, uint32_t* func) {
  Reader r(e.bytes.data(), e.bytes.size());
  ir::Instr in;
  if (!ir::read_instr(r, &in).ok() || in.op != ir::Op::RefFunc) return false;
  *func = in.a;
  if (!ir::read_instr(r, &in).ok() || in.op != ir::Op::End) return false;
  return r.at_end();
}

void write_limits(Writer& w, const ir::Limits& l, uint8_t extra_flags) {
  uint8_t flags = extra_flags;
  if (l.max) flags |= 1;
  if (l.is64) flags |= 4;
  w.u8(flags);
  w.u64(l.min);
  if (l.max) w.u64(*l.max);
}

void write_table_type(Writer& w, const ir::TableType& t) {
  ir::write_val_type(w, t.elem);
  write_limits(w, t.limits, 0);
}

void write_memory_type(Writer& w, const ir::MemoryType& t) {
  uint8_t extra = 0;
  if (t.limits.shared) extra |= 2;
  if (t.page_size_log2 != 16) extra |= 8;
  write_limits(w, t.limits, extra);
  if (t.page_size_log2 != 16) w.u32(t.page_size_log2);
}

void write_global_type(Writer& w, const ir::GlobalType& g) {
  ir::write_val_type(w, g.type);
  w.u8(g.mut ? 1 : 0);
}

void write_tag_type(Writer& w, const ir::TagType& t) {
  w.u8(t.attribute);
  w.u32(t.type_index);
}

void write_field_type(Writer& w, const ir::FieldType& f) {
  ir::write_val_type(w, f.type);
  w.u8(f.mut ? 1 : 0);
}

void write_val_types(Writer& w, const std::vector<ir::ValType>& ts) {
  w.u32(uint32_t(ts.size()));
  for (const ir::ValType& t : ts) ir::write_val_type(w, t);
}

void write_sub_type(Writer& w, const ir::SubType& st) {
  if (st.explicit_sub || !st.final || !st.supers.empty()) {
    w.u8(st.final ? 0x4F : 0x50);
    w.u32(uint32_t(st.supers.size()));
    for (uint32_t s : st.supers) w.u32(s);
  }
  const ir::CompType& ct = st.comp;
  w.u8(uint8_t(ct.kind));
  switch (ct.kind) {
    case ir::CompKind::Func:
      write_val_types(w, ct.func.params);
      write_val_types(w, ct.func.results);
      break;
    case ir::CompKind::Struct:
      w.u32(uint32_t(ct.struct_.fields.size()));
      for (const ir::FieldType& f : ct.struct_.fields) write_field_type(w, f);
      break;
    case ir::CompKind::Array:
      write_field_type(w, ct.array.elem);
      break;
  }
}

// The rec groups to write: the module's own when they tile the type list, else
// one implicit group per type.
std::vector<ir::RecGroup> rec_groups(const ir::Module& m) {
  bool tiles = true;
  uint64_t next = 0;
  for (const ir::RecGroup& g : m.rec_groups) {
    if (g.start != next) {
      tiles = false;
      break;
    }
    next += g.count;
  }
  if (tiles && next == m.types.size()) return m.rec_groups;
  std::vector<ir::RecGroup> out;
  for (uint32_t i = 0; i < m.types.size(); ++i) out.push_back({i, 1, false});
  return out;
}

void type_section(Writer& w, const ir::Module& m) {
  std::vector<ir::RecGroup> groups = rec_groups(m);
  w.u32(uint32_t(groups.size()));
  for (const ir::RecGroup& g : groups) {
    if (g.explicit_rec || g.count != 1) {
      w.u8(0x4E);
      w.u32(g.count);
    }
    for (uint32_t i = 0; i < g.count; ++i) write_sub_type(w, m.types[g.start + i]);
  }
}

void import_section(Writer& w, const ir::Module& m) {
  w.u32(uint32_t(m.imports.size()));
  for (const ir::Import& imp : m.imports) {
    w.name(imp.module);
    w.name(imp.name);
    w.u8(uint8_t(imp.kind));
    switch (imp.kind) {
      case ir::ExternKind::Func: w.u32(imp.func_type); break;
      case ir::ExternKind::Table: write_table_type(w, imp.table); break;
      case ir::ExternKind::Memory: write_memory_type(w, imp.memory); break;
      case ir::ExternKind::Global: write_global_type(w, imp.global); break;
      case ir::ExternKind::Tag: write_tag_type(w, imp.tag); break;
    }
  }
}

void elem_segment(Writer& w, const ir::ElemSegment& seg) {
  const ir::ValType ref_func =
      ir::ValType::ref(ir::HeapType::abstract(ir::HeapKind::Func), false);
  std::vector<uint32_t> funcs;
  bool indices = seg.func_indices && seg.type == ref_func;
  if (indices) {
    funcs.reserve(seg.items.size());
    for (const ir::Expr& e : seg.items) {
      uint32_t f;
      if (!as_ref_func(e, &f)) {
        indices = false;
        break;
      }
      funcs.push_back(f);
    }
  }
  uint32_t flags = indices ? 0 : 4;
  switch (seg.mode) {
    case ir::SegmentMode::Passive: flags |= 1; break;
    case ir::SegmentMode::Declarative: flags |= 3; break;
    case ir::SegmentMode::Active: {
      bool implicit = seg.implicit_table && seg.table == 0 &&
                      (indices || seg.type == ir::funcref());
      if (!implicit) flags |= 2;
      break;
    }
  }
  w.u32(flags);
  if (seg.mode == ir::SegmentMode::Active) {
    if (flags & 2) w.u32(seg.table);
    write_expr(w, seg.offset);
  }
  if (flags & 3) {
    if (indices)
      w.u8(0x00);  // elemkind funcref
    else
      ir::write_val_type(w, seg.type);
  }
  w.u32(uint32_t(seg.items.size()));
  if (indices) {
    for (uint32_t f : funcs) w.u32(f);
  } else {
    for (const ir::Expr& e : seg.items) write_expr(w, e);
  }
}

void data_segment(Writer& w, const ir::DataSegment& seg) {
  if (seg.mode != ir::SegmentMode::Active) {
    w.u32(1);
  } else if (seg.memory == 0) {
    w.u32(0);
    write_expr(w, seg.offset);
  } else {
    w.u32(2);
    w.u32(seg.memory);
    write_expr(w, seg.offset);
  }
  w.u32(uint32_t(seg.bytes.size()));
  w.bytes(seg.bytes);
}

// Local declarations as the text format spells them: adjacent runs of one type
// merged (while the count fits), empty runs dropped.
std::vector<ir::LocalRun> canonical_locals(const std::vector<ir::LocalRun>& in) {
  std::vector<ir::LocalRun> out;
  for (const ir::LocalRun& run : in) {
    if (run.count == 0) continue;
    if (!out.empty() && out.back().type == run.type &&
        uint64_t(out.back().count) + run.count <= 0xFFFFFFFFull) {
      out.back().count += run.count;
    } else {
      out.push_back(run);
    }
  }
  return out;
}

void code_section(Writer& w, const ir::Module& m, bool* uses_data) {
  w.u32(uint32_t(m.funcs.size()));
  Writer body;
  for (const ir::Function& f : m.funcs) {
    body.out().clear();
    std::vector<ir::LocalRun> runs = canonical_locals(f.locals);
    body.u32(uint32_t(runs.size()));
    for (const ir::LocalRun& run : runs) {
      body.u32(run.count);
      ir::write_val_type(body, run.type);
    }
    write_expr(body, f.body.bytes, uses_data);
    w.u32(uint32_t(body.size()));
    w.bytes(body.out());
  }
}

class Assembler {
 public:
  explicit Assembler(const ir::Module& m) : m_(m) {}

  // Writes section `id` when `present` or a custom section sits after it, then
  // the custom sections placed after it.
  void section(SectionId id, bool present, const Writer& content) {
    if (present || has_customs_after(id)) {
      out_.u8(uint8_t(id));
      out_.u32(uint32_t(content.size()));
      out_.bytes(content.out());
    }
    customs_after(id);
  }

  void customs_after(SectionId id) {
    for (const ir::CustomSection& cs : m_.customs) {
      if (cs.after != id) continue;
      // A raw custom section called "name" is a second name section (the decoder
      // parses only the first): ours must come before it to stay the first.
      if (cs.name == "name") names();
      custom(cs.name, cs.bytes);
    }
  }

  // The standard name section, once (at the end unless a raw "name" section forced
  // it earlier).
  void names() {
    if (names_written_ || !(m_.has_name_section || !m_.names.empty())) return;
    names_written_ = true;
    custom("name", encode_names(m_.names));
  }

  void custom(const std::string& name, const std::vector<uint8_t>& bytes) {
    Writer w;
    w.name(name);
    w.bytes(bytes);
    out_.u8(0);
    out_.u32(uint32_t(w.size()));
    out_.bytes(w.out());
  }

  Writer& out() { return out_; }

 private:
  bool has_customs_after(SectionId id) const {
    for (const ir::CustomSection& cs : m_.customs)
      if (cs.after == id) return true;
    return false;
  }

  const ir::Module& m_;
  Writer out_;
  bool names_written_ = false;
};

}  // namespace

std::vector<uint8_t> canonical_expr(const std::vector<uint8_t>& bytes) {
  Writer w;
  write_expr(w, bytes, nullptr);
  return std::move(w.out());
}

std::vector<uint8_t> encode(const ir::Module& m) {
  Assembler a(m);
  Writer& out = a.out();
  out.fixed_u32(0x6D736100u);
  out.fixed_u32(1);
  a.customs_after(SectionId::Custom);

  Writer w;
  type_section(w, m);
  a.section(SectionId::Type, !m.types.empty(), w);

  w = Writer();
  import_section(w, m);
  a.section(SectionId::Import, !m.imports.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.funcs.size()));
  for (const ir::Function& f : m.funcs) w.u32(f.type_index);
  a.section(SectionId::Function, !m.funcs.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.tables.size()));
  for (const ir::Table& t : m.tables) {
    if (t.init) {
      w.u8(0x40);
      w.u8(0x00);
      write_table_type(w, t.type);
      write_expr(w, *t.init);
    } else {
      write_table_type(w, t.type);
    }
  }
  a.section(SectionId::Table, !m.tables.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.memories.size()));
  for (const ir::MemoryType& t : m.memories) write_memory_type(w, t);
  a.section(SectionId::Memory, !m.memories.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.tags.size()));
  for (const ir::TagType& t : m.tags) write_tag_type(w, t);
  a.section(SectionId::Tag, !m.tags.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.globals.size()));
  for (const ir::Global& g : m.globals) {
    write_global_type(w, g.type);
    write_expr(w, g.init);
  }
  a.section(SectionId::Global, !m.globals.empty(), w);

  w = Writer();
  w.u32(uint32_t(m.exports.size()));
  for (const ir::Export& e : m.exports) {
    w.name(e.name);
    w.u8(uint8_t(e.kind));
    w.u32(e.index);
  }
  a.section(SectionId::Export, !m.exports.empty(), w);

  if (m.start) {
    w = Writer();
    w.u32(*m.start);
    a.section(SectionId::Start, true, w);
  } else {
    a.customs_after(SectionId::Start);
  }

  w = Writer();
  w.u32(uint32_t(m.elems.size()));
  for (const ir::ElemSegment& seg : m.elems) elem_segment(w, seg);
  a.section(SectionId::Element, !m.elems.empty(), w);

  // The code goes before the data count in the output but is encoded first: it
  // tells whether a data count is required, which is when it is written.
  Writer code;
  bool uses_data = false;
  code_section(code, m, &uses_data);
  if (uses_data) {
    w = Writer();
    w.u32(m.data_count ? *m.data_count : uint32_t(m.datas.size()));
    a.section(SectionId::DataCount, true, w);
  } else {
    a.customs_after(SectionId::DataCount);
  }

  a.section(SectionId::Code, !m.funcs.empty(), code);

  w = Writer();
  w.u32(uint32_t(m.datas.size()));
  for (const ir::DataSegment& seg : m.datas) data_segment(w, seg);
  a.section(SectionId::Data, !m.datas.empty(), w);

  a.names();
  return std::move(out.out());
}

}  // namespace skiff::binary
