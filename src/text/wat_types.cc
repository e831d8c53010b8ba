// WAT parser: value/heap/reference types, limits, table/memory/global types,
// type uses (with the implicit type insertion rule) and type definitions.
#include <string>

#include "text/wat_internal.h"

namespace skiff::text::wat {

namespace {

using ir::HeapKind;

bool abstract_heap(std::string_view kw, HeapKind* out) {
  static const struct {
    std::string_view name;
    HeapKind kind;
  } kHeaps[] = {
      {"func", HeapKind::Func},     {"extern", HeapKind::Extern},     {"any", HeapKind::Any},
      {"eq", HeapKind::Eq},         {"i31", HeapKind::I31},           {"struct", HeapKind::Struct},
      {"array", HeapKind::Array},   {"exn", HeapKind::Exn},           {"noexn", HeapKind::NoExn},
      {"nofunc", HeapKind::NoFunc}, {"noextern", HeapKind::NoExtern}, {"none", HeapKind::None},
  };
  for (const auto& h : kHeaps) {
    if (h.name == kw) {
      *out = h.kind;
      return true;
    }
  }
  return false;
}

bool ref_shorthand(std::string_view kw, HeapKind* out) {
  static const struct {
    std::string_view name;
    HeapKind kind;
  } kRefs[] = {
      {"funcref", HeapKind::Func},         {"externref", HeapKind::Extern},
      {"anyref", HeapKind::Any},           {"eqref", HeapKind::Eq},
      {"i31ref", HeapKind::I31},           {"structref", HeapKind::Struct},
      {"arrayref", HeapKind::Array},       {"exnref", HeapKind::Exn},
      {"nullexnref", HeapKind::NoExn},     {"nullfuncref", HeapKind::NoFunc},
      {"nullexternref", HeapKind::NoExtern}, {"nullref", HeapKind::None},
  };
  for (const auto& r : kRefs) {
    if (r.name == kw) {
      *out = r.kind;
      return true;
    }
  }
  return false;
}

bool num_type(std::string_view kw, ir::ValKind* out) {
  if (kw == "i32") *out = ir::ValKind::I32;
  else if (kw == "i64") *out = ir::ValKind::I64;
  else if (kw == "f32") *out = ir::ValKind::F32;
  else if (kw == "f64") *out = ir::ValKind::F64;
  else if (kw == "v128") *out = ir::ValKind::V128;
  else return false;
  return true;
}

}  // namespace

bool Parser::at_val_type() const {
  if (at(TokenKind::Keyword)) {
    HeapKind k;
    ir::ValKind v;
    return num_type(peek().text, &v) || ref_shorthand(peek().text, &k);
  }
  return at_form("ref");
}

Result<ir::HeapType> Parser::parse_heap_type() {
  HeapKind k;
  if (at(TokenKind::Keyword) && abstract_heap(peek().text, &k)) {
    next();
    return ir::HeapType::abstract(k);
  }
  if (!at_index()) return unexpected();
  auto idx = parse_index(Space::Type);
  if (!idx) return std::move(idx).error();
  return ir::HeapType::concrete(*idx);
}

Result<ir::ValType> Parser::parse_ref_type() {
  HeapKind k;
  if (at(TokenKind::Keyword) && ref_shorthand(peek().text, &k)) {
    next();
    return ir::ValType::ref(ir::HeapType::abstract(k), true);
  }
  if (!at_form("ref")) return unexpected();
  next();
  next();
  bool null = false;
  if (at_keyword("null")) {
    next();
    null = true;
  }
  auto h = parse_heap_type();
  if (!h) return std::move(h).error();
  SKIFF_TRY(expect_rparen());
  return ir::ValType::ref(*h, null);
}

Result<ir::ValType> Parser::parse_val_type() {
  ir::ValKind v;
  if (at(TokenKind::Keyword) && num_type(peek().text, &v)) {
    next();
    return ir::ValType::num(v);
  }
  return parse_ref_type();
}

Result<ir::FieldType> Parser::parse_field_type() {
  ir::FieldType ft;
  bool mut = at_form("mut");
  if (mut) {
    next();
    next();
    ft.mut = true;
  }
  if (at_keyword("i8")) {
    next();
    ft.type = ir::ValType::num(ir::ValKind::I8);
  } else if (at_keyword("i16")) {
    next();
    ft.type = ir::ValType::num(ir::ValKind::I16);
  } else {
    auto t = parse_val_type();
    if (!t) return std::move(t).error();
    ft.type = *t;
  }
  if (mut) SKIFF_TRY(expect_rparen());
  return ft;
}

bool Parser::parse_addr_type() {
  if (at_keyword("i64")) {
    next();
    return true;
  }
  if (at_keyword("i32")) next();
  return false;
}

Result<ir::Limits> Parser::parse_limits(bool is64) {
  ir::Limits l;
  l.is64 = is64;
  auto min = parse_u64();
  if (!min) return std::move(min).error();
  l.min = *min;
  if (at(TokenKind::Number)) {
    auto max = parse_u64();
    if (!max) return std::move(max).error();
    l.max = *max;
  }
  return l;
}

Result<ir::TableType> Parser::parse_table_type() {
  ir::TableType tt;
  bool is64 = parse_addr_type();
  auto l = parse_limits(is64);
  if (!l) return std::move(l).error();
  tt.limits = *l;
  auto rt = parse_ref_type();
  if (!rt) return std::move(rt).error();
  tt.elem = *rt;
  return tt;
}

Result<ir::MemoryType> Parser::parse_memory_type() {
  ir::MemoryType mt;
  bool is64 = parse_addr_type();
  auto l = parse_limits(is64);
  if (!l) return std::move(l).error();
  mt.limits = *l;
  while (true) {
    if (at_keyword("shared")) {
      next();
      mt.limits.shared = true;
    } else if (at_form("pagesize")) {
      auto ps = parse_pagesize();
      if (!ps) return std::move(ps).error();
      mt.page_size_log2 = *ps;
    } else {
      break;
    }
  }
  return mt;
}

Result<uint8_t> Parser::parse_pagesize() {
  SKIFF_TRY(expect_form("pagesize"));
  const Token& t = peek();
  auto size = parse_u64();
  if (!size) return std::move(size).error();
  if (*size == 0 || (*size & (*size - 1)) != 0) return fail(t, "invalid custom page size");
  uint8_t log2 = 0;
  while ((uint64_t(1) << log2) != *size) ++log2;
  SKIFF_TRY(expect_rparen());
  return log2;
}

Result<ir::GlobalType> Parser::parse_global_type() {
  ir::GlobalType gt;
  bool mut = at_form("mut");
  if (mut) {
    next();
    next();
    gt.mut = true;
  }
  auto t = parse_val_type();
  if (!t) return std::move(t).error();
  gt.type = *t;
  if (mut) SKIFF_TRY(expect_rparen());
  return gt;
}

Status Parser::parse_sig(TypeUse* u, bool names) {
  while (at_form("param")) {
    next();
    next();
    u->has_inline = true;
    if (at(TokenKind::Id)) {
      if (!names) return unexpected();
      const Token& id = next();
      auto t = parse_val_type();
      if (!t) return std::move(t).error();
      u->sig.params.push_back(*t);
      u->param_names.push_back(id.value);
      u->param_toks.push_back(&id);
    } else {
      while (!at(TokenKind::RParen)) {
        auto t = parse_val_type();
        if (!t) return std::move(t).error();
        u->sig.params.push_back(*t);
        u->param_names.emplace_back();
        u->param_toks.push_back(nullptr);
      }
    }
    SKIFF_TRY(expect_rparen());
  }
  while (at_form("result")) {
    next();
    next();
    u->has_inline = true;
    while (!at(TokenKind::RParen)) {
      auto t = parse_val_type();
      if (!t) return std::move(t).error();
      u->sig.results.push_back(*t);
    }
    SKIFF_TRY(expect_rparen());
  }
  return {};
}

Status Parser::parse_type_use(TypeUse* u, bool names) {
  if (at_form("type")) {
    next();
    next();
    u->type_tok = &peek();
    auto idx = parse_index(Space::Type);
    if (!idx) return std::move(idx).error();
    u->has_type = true;
    u->type_index = *idx;
    SKIFF_TRY(expect_rparen());
  }
  SKIFF_TRY(parse_sig(u, names));
  // Clauses out of order are a syntax error, found before any type check.
  if (at_form("param") || at_form("type")) return unexpected(peek(1));
  return {};
}

Result<uint32_t> Parser::resolve_type_use(const TypeUse& u) {
  if (!u.has_type) return find_or_add_func_type(u.sig);
  if (!u.sig.params.empty() || !u.sig.results.empty()) {
    const ir::Module& m = m_;
    if (u.type_index >= m.types.size())
      return fail(*u.type_tok, "unknown type " + std::string(u.type_tok->text));
    const ir::SubType& st = m.types[u.type_index];
    if (st.comp.kind != ir::CompKind::Func || !(st.comp.func == u.sig))
      return fail(*u.type_tok, "inline function type does not match explicit type");
  }
  return u.type_index;
}

namespace {

// A hash key for a function signature: its binary encoding.
std::string sig_key(const ir::FuncType& ft) {
  Writer w;
  w.u32(uint32_t(ft.params.size()));
  for (const ir::ValType& t : ft.params) ir::write_val_type(w, t);
  w.u32(uint32_t(ft.results.size()));
  for (const ir::ValType& t : ft.results) ir::write_val_type(w, t);
  return std::string(w.out().begin(), w.out().end());
}

}  // namespace

uint32_t Parser::find_or_add_func_type(const ir::FuncType& ft) {
  ir::Module& m = m_;
  // Candidates are final func types with no supertypes alone in their rec
  // group; the smallest index wins. The index is built once all explicit
  // types are known (pass 2) and grows with each inserted type.
  if (!sig_index_built) {
    for (uint32_t i = 0; i < m.types.size(); ++i) {
      const ir::SubType& st = m.types[i];
      if (st.comp.kind == ir::CompKind::Func && st.final && st.supers.empty() &&
          type_group_size[i] == 1)
        sig_index.emplace(sig_key(st.comp.func), i);
    }
    sig_index_built = true;
  }
  std::string key = sig_key(ft);
  auto it = sig_index.find(key);
  if (it != sig_index.end()) return it->second;
  uint32_t index = uint32_t(m.types.size());
  ir::SubType st;
  st.final = true;
  st.comp.kind = ir::CompKind::Func;
  st.comp.func = ft;
  m.types.push_back(std::move(st));
  m.rec_groups.push_back({index, 1, false});
  type_group_size.push_back(1);
  sig_index.emplace(std::move(key), index);
  return index;
}

Result<ir::BlockType> Parser::parse_block_type() {
  TypeUse u;
  SKIFF_TRY(parse_type_use(&u, false));
  ir::BlockType bt;
  if (u.has_type) {
    auto idx = resolve_type_use(u);
    if (!idx) return std::move(idx).error();
    bt.kind = ir::BlockType::Index;
    bt.index = *idx;
  } else if (u.sig.params.empty() && u.sig.results.size() <= 1) {
    if (!u.sig.results.empty()) {
      bt.kind = ir::BlockType::Value;
      bt.value = u.sig.results[0];
    }
  } else {
    bt.kind = ir::BlockType::Index;
    bt.index = find_or_add_func_type(u.sig);
  }
  return bt;
}

// ---- type definitions (pass 2) ----------------------------------------------

Status Parser::parse_type_fields() {
  ir::Module& m = m_;
  for (size_t p : type_fields) {
    seek(p);
    uint32_t start = uint32_t(m.types.size());
    if (at_form("rec")) {
      next();
      next();
      while (!at(TokenKind::RParen)) SKIFF_TRY(parse_type_def());
      next();
      uint32_t count = uint32_t(m.types.size()) - start;
      m.rec_groups.push_back({start, count, true});
      for (uint32_t i = 0; i < count; ++i) type_group_size.push_back(count);
    } else {
      SKIFF_TRY(parse_type_def());
      m.rec_groups.push_back({start, 1, false});
      type_group_size.push_back(1);
    }
  }
  return {};
}

Status Parser::parse_type_def() {
  ir::Module& m = m_;
  SKIFF_TRY(expect_form("type"));
  if (at(TokenKind::Id)) next();  // bound by the scan
  uint32_t index = uint32_t(m.types.size());
  ir::SubType st;
  bool sub = at_form("sub");
  if (sub) {
    next();
    next();
    st.explicit_sub = true;
    st.final = false;
    if (at_keyword("final")) {
      next();
      st.final = true;
    }
    while (at_index()) {
      auto s = parse_index(Space::Type);
      if (!s) return std::move(s).error();
      st.supers.push_back(*s);
    }
  }
  SKIFF_TRY(expect_lparen());
  const Token& kw = peek();
  if (kw.is_keyword("func")) {
    next();
    st.comp.kind = ir::CompKind::Func;
    TypeUse u;
    SKIFF_TRY(parse_sig(&u, true));
    st.comp.func = std::move(u.sig);
  } else if (kw.is_keyword("struct")) {
    next();
    st.comp.kind = ir::CompKind::Struct;
    ir::IndirectNameAssoc names{index, {}};
    while (at_form("field")) {
      next();
      next();
      if (at(TokenKind::Id)) {
        const Token& id = next();
        auto ft = parse_field_type();
        if (!ft) return std::move(ft).error();
        uint32_t fi = uint32_t(st.comp.struct_.fields.size());
        if (field_ids.size() <= index) field_ids.resize(index + 1);
        if (!field_ids[index].emplace(id.value, fi).second) return fail(id, "duplicate field");
        names.names.push_back({fi, id.value});
        st.comp.struct_.fields.push_back(*ft);
      } else {
        while (!at(TokenKind::RParen)) {
          auto ft = parse_field_type();
          if (!ft) return std::move(ft).error();
          st.comp.struct_.fields.push_back(*ft);
        }
      }
      SKIFF_TRY(expect_rparen());
    }
    if (!names.names.empty()) m.names.fields.push_back(std::move(names));
  } else if (kw.is_keyword("array")) {
    next();
    st.comp.kind = ir::CompKind::Array;
    auto ft = parse_field_type();
    if (!ft) return std::move(ft).error();
    st.comp.array.elem = *ft;
  } else {
    return unexpected(kw);
  }
  SKIFF_TRY(expect_rparen());  // comptype
  if (sub) SKIFF_TRY(expect_rparen());
  SKIFF_TRY(expect_rparen());  // type
  m.types.push_back(std::move(st));
  return {};
}

}  // namespace skiff::text::wat
