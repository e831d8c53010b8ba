// Decoder: the type section (rec groups, sub types, composite and storage types)
// and the entity types shared by imports and definitions (table, memory, global,
// tag types, limits).
//
// Limits flags: bit 0 = has maximum, bit 1 = shared (threads, memories only),
// bit 2 = 64-bit address type, bit 3 = custom page size follows (memories only,
// custom-page-sizes proposal). Min and max are u64 for every address type, as in
// the 3.0 spec; their ranges are the validator's business.
#include "binary/decoder_internal.h"

namespace skiff::binary::detail {

namespace {

// Re-labels a generic "malformed value type" as the more specific message the
// spec interpreter gives where only some value types may stand.
Error relabel(Error e, size_t at, const char* message) {
  if (e.message == "malformed value type") {
    e.message = message;
    e.offset = int64_t(at);
  }
  return e;
}

Result<bool> read_mutability(Reader& r) {
  size_t at = r.offset();
  uint8_t b;
  SKIFF_BIN_ASSIGN(b, r.u8());
  if (b > 1) return r.error_at(at, "malformed mutability");
  return b == 1;
}

Result<ir::FieldType> read_field_type(Reader& r) {
  ir::FieldType f;
  size_t at = r.offset();
  auto t = ir::read_storage_type(r);
  if (!t) return relabel(std::move(t).error(), at, "malformed storage type");
  f.type = *t;
  SKIFF_BIN_ASSIGN(f.mut, read_mutability(r));
  return f;
}

Status read_val_types(Reader& r, const Ctx& c, std::vector<ir::ValType>* out) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  out->reserve(capped(n, r));
  for (uint32_t i = 0; i < n; ++i) {
    ir::ValType t;
    SKIFF_BIN_ASSIGN(t, ir::read_val_type(r));
    out->push_back(t);
  }
  return {};
}

Status read_comp_type(Reader& r, const Ctx& c, ir::CompType* out) {
  size_t at = r.offset();
  uint8_t b;
  SKIFF_BIN_ASSIGN(b, r.u8());
  switch (b) {
    case uint8_t(ir::CompKind::Func):
      out->kind = ir::CompKind::Func;
      SKIFF_TRY(read_val_types(r, c, &out->func.params));
      return read_val_types(r, c, &out->func.results);
    case uint8_t(ir::CompKind::Struct): {
      out->kind = ir::CompKind::Struct;
      uint32_t n;
      SKIFF_BIN_ASSIGN(n, read_len(r, c));
      out->struct_.fields.reserve(capped(n, r, 2));
      for (uint32_t i = 0; i < n; ++i) {
        ir::FieldType f;
        SKIFF_BIN_ASSIGN(f, read_field_type(r));
        out->struct_.fields.push_back(f);
      }
      return {};
    }
    case uint8_t(ir::CompKind::Array):
      out->kind = ir::CompKind::Array;
      SKIFF_BIN_ASSIGN(out->array.elem, read_field_type(r));
      return {};
    default:
      // The reference reads this byte as a one-byte signed LEB128.
      if (b & 0x80) return r.error("integer representation too long");
      return r.error_at(at, "malformed definition type");
  }
}

Status read_sub_type(Reader& r, const Ctx& c, ir::SubType* out) {
  uint8_t b = 0;
  (void)r.peek(&b);
  if (b == 0x50 || b == 0x4F) {
    (void)r.u8();
    out->explicit_sub = true;
    out->final = b == 0x4F;
    uint32_t n;
    SKIFF_BIN_ASSIGN(n, read_len(r, c));
    out->supers.reserve(capped(n, r));
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t s;
      SKIFF_BIN_ASSIGN(s, r.u32());
      out->supers.push_back(s);
    }
  }
  return read_comp_type(r, c, &out->comp);
}

// Limits after their flags byte (already checked).
Status read_limits_body(Reader& r, uint8_t flags, ir::Limits* l) {
  l->is64 = flags & 4;
  l->shared = flags & 2;
  SKIFF_BIN_ASSIGN(l->min, r.u64());
  if (flags & 1) {
    uint64_t max;
    SKIFF_BIN_ASSIGN(max, r.u64());
    l->max = max;
  }
  return {};
}

}  // namespace

Status decode_type_section(Reader& r, Ctx& c) {
  ir::Module& m = c.m;
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  m.rec_groups.reserve(capped(n, r, 2));
  for (uint32_t i = 0; i < n; ++i) {
    ir::RecGroup g;
    g.start = uint32_t(m.types.size());
    uint8_t b = 0;
    uint32_t count = 1;
    if (r.peek(&b) && b == 0x4E) {
      (void)r.u8();
      g.explicit_rec = true;
      SKIFF_BIN_ASSIGN(count, read_len(r, c));
    }
    for (uint32_t j = 0; j < count; ++j) {
      ir::SubType st;
      SKIFF_TRY(read_sub_type(r, c, &st));
      m.types.push_back(std::move(st));
    }
    g.count = count;
    m.rec_groups.push_back(g);
  }
  return {};
}

Result<ir::ValType> read_ref_type(Reader& r) {
  size_t at = r.offset();
  auto t = ir::read_val_type(r);
  if (!t) return relabel(std::move(t).error(), at, "malformed reference type");
  if (!t->is_ref()) return r.error_at(at, "malformed reference type");
  return *t;
}

Result<ir::TableType> read_table_type(Reader& r) {
  ir::TableType t;
  SKIFF_BIN_ASSIGN(t.elem, read_ref_type(r));
  size_t at = r.offset();
  uint8_t flags;
  SKIFF_BIN_ASSIGN(flags, r.u8());
  if (flags & ~0x05u) return r.error_at(at, "malformed limits flags");
  SKIFF_TRY(read_limits_body(r, flags, &t.limits));
  return t;
}

Result<ir::MemoryType> read_memory_type(Reader& r) {
  ir::MemoryType t;
  size_t at = r.offset();
  uint8_t flags;
  SKIFF_BIN_ASSIGN(flags, r.u8());
  if (flags & ~0x0Fu) return r.error_at(at, "malformed limits flags");
  Status s = read_limits_body(r, flags, &t.limits);
  if (s.ok() && (flags & 8)) {
    size_t pat = r.offset();
    auto log2 = r.u32();
    if (!log2) {
      s = std::move(log2).error();
    } else if (*log2 > 63) {
      return r.error_at(pat, "invalid custom page size");
    } else {
      t.page_size_log2 = uint8_t(*log2);
    }
  }
  if (!s.ok()) {
    // Core 3.0 has no bit 3 (its testsuite spells a lone 0x08 "malformed limits
    // flags"); when a page size was announced but the type is cut short, say that.
    if ((flags & 8) && s.error().message == "unexpected end")
      return r.error_at(at, "malformed limits flags");
    return std::move(s).error();
  }
  return t;
}

Result<ir::GlobalType> read_global_type(Reader& r) {
  ir::GlobalType g;
  SKIFF_BIN_ASSIGN(g.type, ir::read_val_type(r));
  SKIFF_BIN_ASSIGN(g.mut, read_mutability(r));
  return g;
}

Result<ir::TagType> read_tag_type(Reader& r) {
  ir::TagType t;
  size_t at = r.offset();
  SKIFF_BIN_ASSIGN(t.attribute, r.u8());
  if (t.attribute != 0) return r.error_at(at, "zero byte expected");
  SKIFF_BIN_ASSIGN(t.type_index, r.u32());
  return t;
}

}  // namespace skiff::binary::detail
