// Decoder: the module-level sections other than types and code: import, function,
// table, memory, tag, global, export, start, element, data count and data.
//
// Element segment flags (bit 0: passive/declarative, bit 1: explicit table index
// when active / declarative when not, bit 2: items are expressions):
//   0 active table 0, funcidx*          4 active table 0, expr*
//   1 passive, elemkind funcidx*        5 passive, reftype expr*
//   2 active x, elemkind funcidx*       6 active x, reftype expr*
//   3 declarative, elemkind funcidx*    7 declarative, reftype expr*
// Function indices become `ref.func i` expressions (func_indices = true); flags 0
// and 4 set implicit_table so the encoder can give back the same form.
#include "binary/decoder_internal.h"

namespace skiff::binary::detail {

namespace {

Result<ir::ExternKind> read_extern_kind(Reader& r, const char* message) {
  size_t at = r.offset();
  uint8_t b;
  SKIFF_BIN_ASSIGN(b, r.u8());
  if (b > uint8_t(ir::ExternKind::Tag)) return r.error_at(at, message);
  return static_cast<ir::ExternKind>(b);
}

// `ref.func i` `end`, canonically encoded.
ir::Expr ref_func_expr(uint32_t func, size_t at) {
  Writer w;
  ir::Instr in;
  in.op = ir::Op::RefFunc;
  in.a = func;
  ir::write_instr(w, in);
  w.u8(0x0B);
  ir::Expr e;
  e.bytes = std::move(w.out());
  e.offset = int64_t(at);
  return e;
}

ir::ValType ref_func_type() {
  return ir::ValType::ref(ir::HeapType::abstract(ir::HeapKind::Func), false);
}

}  // namespace

Status decode_import_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.imports.reserve(capped(n, r, 4));
  for (uint32_t i = 0; i < n; ++i) {
    ir::Import imp;
    SKIFF_BIN_ASSIGN(imp.module, read_name(r, c));
    SKIFF_BIN_ASSIGN(imp.name, read_name(r, c));
    SKIFF_BIN_ASSIGN(imp.kind, read_extern_kind(r, "malformed import kind"));
    switch (imp.kind) {
      case ir::ExternKind::Func: SKIFF_BIN_ASSIGN(imp.func_type, r.u32()); break;
      case ir::ExternKind::Table: SKIFF_BIN_ASSIGN(imp.table, read_table_type(r)); break;
      case ir::ExternKind::Memory: SKIFF_BIN_ASSIGN(imp.memory, read_memory_type(r)); break;
      case ir::ExternKind::Global: SKIFF_BIN_ASSIGN(imp.global, read_global_type(r)); break;
      case ir::ExternKind::Tag: SKIFF_BIN_ASSIGN(imp.tag, read_tag_type(r)); break;
    }
    c.m.add_import(std::move(imp));
  }
  return {};
}

Status decode_function_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.func_types.reserve(capped(n, r));
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t t;
    SKIFF_BIN_ASSIGN(t, r.u32());
    c.func_types.push_back(t);
  }
  return {};
}

Status decode_table_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.tables.reserve(capped(n, r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    ir::Table t;
    uint8_t b = 0;
    if (r.peek(&b) && b == 0x40) {
      // 3.0: 0x40 0x00 tabletype expr, a table with an initializer. (Without the
      // 0x00, the spec interpreter falls back to reading 0x40 as a reference type.)
      size_t at = r.offset();
      (void)r.u8();
      uint8_t z;
      SKIFF_BIN_ASSIGN(z, r.u8());
      if (z != 0) return r.error_at(at, "malformed reference type");
      SKIFF_BIN_ASSIGN(t.type, read_table_type(r));
      ir::Expr init;
      SKIFF_BIN_ASSIGN(init, read_const_expr(r, c));
      t.init = std::move(init);
    } else {
      SKIFF_BIN_ASSIGN(t.type, read_table_type(r));
    }
    c.m.tables.push_back(std::move(t));
  }
  return {};
}

Status decode_memory_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.memories.reserve(capped(n, r, 2));
  for (uint32_t i = 0; i < n; ++i) {
    ir::MemoryType t;
    SKIFF_BIN_ASSIGN(t, read_memory_type(r));
    c.m.memories.push_back(t);
  }
  return {};
}

Status decode_tag_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.tags.reserve(capped(n, r, 2));
  for (uint32_t i = 0; i < n; ++i) {
    ir::TagType t;
    SKIFF_BIN_ASSIGN(t, read_tag_type(r));
    c.m.tags.push_back(t);
  }
  return {};
}

Status decode_global_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.globals.reserve(capped(n, r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    ir::Global g;
    SKIFF_BIN_ASSIGN(g.type, read_global_type(r));
    SKIFF_BIN_ASSIGN(g.init, read_const_expr(r, c));
    c.m.globals.push_back(std::move(g));
  }
  return {};
}

Status decode_export_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.exports.reserve(capped(n, r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    ir::Export e;
    SKIFF_BIN_ASSIGN(e.name, read_name(r, c));
    SKIFF_BIN_ASSIGN(e.kind, read_extern_kind(r, "malformed export kind"));
    SKIFF_BIN_ASSIGN(e.index, r.u32());
    c.m.exports.push_back(std::move(e));
  }
  return {};
}

Status decode_start_section(Reader& r, Ctx& c) {
  uint32_t f;
  SKIFF_BIN_ASSIGN(f, r.u32());
  c.m.start = f;
  return {};
}

Status decode_elem_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.elems.reserve(capped(n, r, 3));
  for (uint32_t i = 0; i < n; ++i) {
    ir::ElemSegment seg;
    size_t at = r.offset();
    uint32_t flags;
    SKIFF_BIN_ASSIGN(flags, r.u32());
    if (flags > 7) return r.error_at(at, "malformed elements segment kind");
    const bool exprs = flags & 4;
    if (flags & 1) {
      seg.mode = (flags & 2) ? ir::SegmentMode::Declarative : ir::SegmentMode::Passive;
    } else {
      seg.mode = ir::SegmentMode::Active;
      seg.implicit_table = !(flags & 2);
      if (flags & 2) SKIFF_BIN_ASSIGN(seg.table, r.u32());
      SKIFF_BIN_ASSIGN(seg.offset, read_const_expr(r, c));
    }
    if (flags & 3) {
      if (exprs) {
        SKIFF_BIN_ASSIGN(seg.type, read_ref_type(r));
      } else {
        size_t kat = r.offset();
        uint8_t kind;
        SKIFF_BIN_ASSIGN(kind, r.u8());
        if (kind != 0) return r.error_at(kat, "malformed element kind");
        seg.type = ref_func_type();
      }
    } else {
      seg.type = exprs ? ir::funcref() : ref_func_type();
    }
    seg.func_indices = !exprs;
    uint32_t count;
    SKIFF_BIN_ASSIGN(count, read_len(r, c));
    seg.items.reserve(capped(count, r));
    for (uint32_t j = 0; j < count; ++j) {
      if (exprs) {
        ir::Expr e;
        SKIFF_BIN_ASSIGN(e, read_const_expr(r, c));
        seg.items.push_back(std::move(e));
      } else {
        size_t fat = r.offset();
        uint32_t f;
        SKIFF_BIN_ASSIGN(f, r.u32());
        seg.items.push_back(ref_func_expr(f, fat));
      }
    }
    c.m.elems.push_back(std::move(seg));
  }
  return {};
}

Status decode_data_count_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, r.u32());
  c.m.data_count = n;
  return {};
}

Status decode_data_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  c.m.datas.reserve(capped(n, r, 2));
  for (uint32_t i = 0; i < n; ++i) {
    ir::DataSegment seg;
    size_t at = r.offset();
    uint32_t flags;
    SKIFF_BIN_ASSIGN(flags, r.u32());
    if (flags > 2) return r.error_at(at, "malformed data segment kind");
    if (flags == 1) {
      seg.mode = ir::SegmentMode::Passive;
    } else {
      seg.mode = ir::SegmentMode::Active;
      if (flags == 2) SKIFF_BIN_ASSIGN(seg.memory, r.u32());
      SKIFF_BIN_ASSIGN(seg.offset, read_const_expr(r, c));
    }
    uint32_t len;
    SKIFF_BIN_ASSIGN(len, read_len(r, c));
    const uint8_t* p;
    SKIFF_BIN_ASSIGN(p, r.bytes(len));
    seg.bytes.assign(p, p + len);
    c.m.datas.push_back(std::move(seg));
  }
  return {};
}

}  // namespace skiff::binary::detail
