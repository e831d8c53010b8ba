// WAT parser: the scan (pass 1) and the module fields other than types (pass 3).
//
// The scan binds module-level identifiers in definition order. Index spaces put
// imports first; the text format requires every import to come before any
// definition of a function, table, memory, global or tag ("import after
// function"), so field order within a kind is index order, and pass 3 can give
// each definition the next index of its kind. A table with an inline `(elem ...)`
// and a memory with an inline `(data ...)` also take the next elem / data index.
#include <string>

#include "text/literals.h"
#include "text/wat_internal.h"

namespace skiff::text::wat {

namespace {

bool definition_space(std::string_view kw, Space* s, const char** what) {
  if (kw == "func") *s = Space::Func, *what = "function";
  else if (kw == "table") *s = Space::Table, *what = "table";
  else if (kw == "memory") *s = Space::Memory, *what = "memory";
  else if (kw == "global") *s = Space::Global, *what = "global";
  else if (kw == "tag") *s = Space::Tag, *what = "tag";
  else return false;
  return true;
}

ir::ExternKind extern_kind(Space s) {
  switch (s) {
    case Space::Table: return ir::ExternKind::Table;
    case Space::Memory: return ir::ExternKind::Memory;
    case Space::Global: return ir::ExternKind::Global;
    case Space::Tag: return ir::ExternKind::Tag;
    default: return ir::ExternKind::Func;
  }
}

}  // namespace

// ---- pass 1 -----------------------------------------------------------------

Status Parser::scan() {
  seek(0);
  const char* first_def = nullptr;  // kind of the first definition seen
  while (!at(TokenKind::Eof)) {
    if (!at(TokenKind::LParen)) return unexpected();
    size_t start = pos();
    const Token& kw = peek(1);
    if (kw.kind != TokenKind::Keyword) return unexpected(kw);
    std::string_view k = kw.text;
    Space s;
    const char* what;
    if (k == "type") {
      next();
      next();
      SKIFF_TRY(bind(Space::Type, at(TokenKind::Id) ? &peek() : nullptr));
      type_fields.push_back(start);
    } else if (k == "rec") {
      next();
      next();
      while (at_form("type")) {
        size_t p = pos();
        next();
        next();
        SKIFF_TRY(bind(Space::Type, at(TokenKind::Id) ? &peek() : nullptr));
        seek(p);
        skip_form();
      }
      if (!at(TokenKind::RParen)) return unexpected();
      type_fields.push_back(start);
    } else if (definition_space(k, &s, &what)) {
      next();
      next();
      const Token* id = nullptr;
      if (at(TokenKind::Id)) id = &next();
      bool is_import = false, inline_elem = false, inline_data = false;
      while (!at(TokenKind::RParen) && !at(TokenKind::Eof)) {
        if (at(TokenKind::LParen)) {
          if (at_keyword("import", 1)) is_import = true;
          if (at_keyword("elem", 1)) inline_elem = true;
          if (at_keyword("data", 1)) inline_data = true;
          skip_form();
        } else {
          next();
        }
      }
      if (is_import) {
        if (first_def) return fail(kw, std::string("import after ") + first_def);
      } else if (!first_def) {
        first_def = what;
      }
      SKIFF_TRY(bind(s, id));
      if (s == Space::Table && inline_elem && !is_import) SKIFF_TRY(bind(Space::Elem, nullptr));
      if (s == Space::Memory && inline_data && !is_import) SKIFF_TRY(bind(Space::Data, nullptr));
      other_fields.push_back(start);
    } else if (k == "import") {
      if (first_def) return fail(kw, std::string("import after ") + first_def);
      next();
      next();
      for (int i = 0; i < 2 && at(TokenKind::String); ++i) next();
      if (at(TokenKind::LParen) && definition_space(peek(1).text, &s, &what) &&
          peek(1).kind == TokenKind::Keyword) {
        SKIFF_TRY(bind(s, at(TokenKind::Id, 2) ? &peek(2) : nullptr));
      }
      other_fields.push_back(start);
    } else if (k == "elem" || k == "data") {
      next();
      next();
      SKIFF_TRY(bind(k == "elem" ? Space::Elem : Space::Data,
                     at(TokenKind::Id) ? &peek() : nullptr));
      other_fields.push_back(start);
    } else if (k == "export" || k == "start") {
      other_fields.push_back(start);
    } else {
      return unexpected(kw);
    }
    seek(start);
    skip_form();
  }
  return {};
}

// ---- pass 3 -----------------------------------------------------------------

Status Parser::parse_fields() {
  bool start_seen = false;
  for (size_t p : other_fields) {
    seek(p);
    std::string_view k = peek(1).text;
    if (k == "func") SKIFF_TRY(parse_func_field());
    else if (k == "table") SKIFF_TRY(parse_table_field());
    else if (k == "memory") SKIFF_TRY(parse_memory_field());
    else if (k == "global") SKIFF_TRY(parse_global_field());
    else if (k == "tag") SKIFF_TRY(parse_tag_field());
    else if (k == "import") SKIFF_TRY(parse_import_field());
    else if (k == "export") SKIFF_TRY(parse_export_field());
    else if (k == "start") SKIFF_TRY(parse_start_field(&start_seen));
    else if (k == "elem") SKIFF_TRY(parse_elem_field());
    else if (k == "data") SKIFF_TRY(parse_data_field());
    else return unexpected(peek(1));
  }
  return {};
}

Status Parser::parse_inline_exports(ir::ExternKind k, uint32_t index) {
  while (at_form("export")) {
    next();
    next();
    auto name = parse_name();
    if (!name) return std::move(name).error();
    SKIFF_TRY(expect_rparen());
    m_.exports.push_back({std::move(*name), k, index});
  }
  return {};
}

Result<bool> Parser::parse_inline_import(std::string* mod, std::string* name) {
  if (!at_form("import")) return false;
  next();
  next();
  auto m = parse_name();
  if (!m) return std::move(m).error();
  auto n = parse_name();
  if (!n) return std::move(n).error();
  SKIFF_TRY(expect_rparen());
  *mod = std::move(*m);
  *name = std::move(*n);
  return true;
}

Result<ir::Expr> Parser::parse_const_expr() {
  Body b;
  SKIFF_TRY(parse_instrs(b));
  emit_op(b, "end");
  return finish_expr(b);
}

Result<ir::Expr> Parser::parse_offset() {
  if (at_form("offset")) {
    next();
    next();
    auto e = parse_const_expr();
    if (!e) return e;
    SKIFF_TRY(expect_rparen());
    return e;
  }
  if (!at(TokenKind::LParen)) return unexpected();
  Body b;
  SKIFF_TRY(parse_folded(b));
  emit_op(b, "end");
  return finish_expr(b);
}

Result<ir::Expr> Parser::parse_elem_item() {
  if (at_form("item")) {
    next();
    next();
    auto e = parse_const_expr();
    if (!e) return e;
    SKIFF_TRY(expect_rparen());
    return e;
  }
  return parse_offset();  // one folded instruction
}

namespace {

ir::Expr ref_func_expr(Parser& p, uint32_t func) {
  Body b;
  ir::Instr in;
  in.op = p.op_named("ref.func");
  in.a = func;
  p.emit(b, in);
  p.emit_op(b, "end");
  return p.finish_expr(b);
}

ir::Expr zero_offset(Parser& p, bool is64) {
  Body b;
  ir::Instr in;
  in.op = p.op_named(is64 ? "i64.const" : "i32.const");
  in.bits = 0;
  p.emit(b, in);
  p.emit_op(b, "end");
  return p.finish_expr(b);
}

ir::ValType ref_func_type() {
  return ir::ValType::ref(ir::HeapType::abstract(ir::HeapKind::Func), false);
}

}  // namespace

Status Parser::parse_func_field() {
  SKIFF_TRY(expect_form("func"));
  if (at(TokenKind::Id)) next();
  uint32_t index = next_func++;
  SKIFF_TRY(parse_inline_exports(ir::ExternKind::Func, index));
  std::string mod, name;
  auto is_import = parse_inline_import(&mod, &name);
  if (!is_import) return std::move(is_import).error();
  TypeUse u;
  SKIFF_TRY(parse_type_use(&u, true));
  auto type = resolve_type_use(u);
  if (!type) return std::move(type).error();
  if (*is_import) {
    SKIFF_TRY(expect_rparen());
    ir::Import imp;
    imp.module = std::move(mod);
    imp.name = std::move(name);
    imp.kind = ir::ExternKind::Func;
    imp.func_type = *type;
    m_.add_import(std::move(imp));
    return {};
  }

  Body b;
  b.in_func = true;
  ir::IndirectNameAssoc local_names{index, {}};
  // Parameters: those of the function's type (inline ones, when given, were
  // checked to match it), else the inline ones of a type that does not exist.
  uint32_t num_params = uint32_t(u.sig.params.size());
  if (*type < m_.types.size() && m_.types[*type].comp.kind == ir::CompKind::Func)
    num_params = uint32_t(m_.types[*type].comp.func.params.size());
  for (uint32_t i = 0; i < u.param_names.size(); ++i) {
    const std::string& n = u.param_names[i];
    if (n.empty()) continue;
    if (!b.locals.emplace(n, i).second) return fail(*u.param_toks[i], "duplicate local");
    local_names.names.push_back({i, n});
  }
  b.num_locals = num_params;

  ir::Function f;
  f.type_index = *type;
  auto add_local = [&](const ir::ValType& t) {
    if (!f.locals.empty() && f.locals.back().type == t) ++f.locals.back().count;
    else f.locals.push_back({1, t});
    ++b.num_locals;
  };
  while (at_form("local")) {
    next();
    next();
    if (at(TokenKind::Id)) {
      const Token& id = next();
      auto t = parse_val_type();
      if (!t) return std::move(t).error();
      if (!b.locals.emplace(id.value, b.num_locals).second) return fail(id, "duplicate local");
      local_names.names.push_back({b.num_locals, id.value});
      add_local(*t);
    } else {
      while (!at(TokenKind::RParen)) {
        auto t = parse_val_type();
        if (!t) return std::move(t).error();
        add_local(*t);
      }
    }
    SKIFF_TRY(expect_rparen());
  }
  SKIFF_TRY(parse_instrs(b));
  SKIFF_TRY(expect_rparen());
  emit_op(b, "end");
  f.body = finish_expr(b);
  m_.funcs.push_back(std::move(f));
  if (!local_names.names.empty()) m_.names.locals.push_back(std::move(local_names));
  return {};
}

Status Parser::parse_table_field() {
  SKIFF_TRY(expect_form("table"));
  if (at(TokenKind::Id)) next();
  uint32_t index = next_table++;
  SKIFF_TRY(parse_inline_exports(ir::ExternKind::Table, index));
  std::string mod, name;
  auto is_import = parse_inline_import(&mod, &name);
  if (!is_import) return std::move(is_import).error();
  if (*is_import) {
    auto tt = parse_table_type();
    if (!tt) return std::move(tt).error();
    SKIFF_TRY(expect_rparen());
    ir::Import imp;
    imp.module = std::move(mod);
    imp.name = std::move(name);
    imp.kind = ir::ExternKind::Table;
    imp.table = *tt;
    m_.add_import(std::move(imp));
    return {};
  }
  size_t save = pos();
  bool is64 = parse_addr_type();
  // Built in place: moving an ir::Table with a disengaged optional init trips
  // GCC 12's -Wmaybe-uninitialized. A failed parse discards the whole module.
  ir::Table& table = m_.tables.emplace_back();
  if (!at(TokenKind::Number)) {
    // (table addrtype? reftype (elem ...)): limits from the segment's length.
    auto rt = parse_ref_type();
    if (!rt) return std::move(rt).error();
    SKIFF_TRY(expect_form("elem"));
    ir::ElemSegment seg;
    seg.mode = ir::SegmentMode::Active;
    seg.table = index;
    seg.offset = zero_offset(*this, is64);
    seg.type = *rt;
    if (at_index()) {
      while (at_index()) {
        auto f = parse_index(Space::Func);
        if (!f) return std::move(f).error();
        seg.items.push_back(ref_func_expr(*this, *f));
      }
      seg.func_indices = seg.type == ref_func_type();
    } else {
      while (!at(TokenKind::RParen)) {
        auto e = parse_elem_item();
        if (!e) return std::move(e).error();
        seg.items.push_back(std::move(*e));
      }
    }
    SKIFF_TRY(expect_rparen());
    seg.implicit_table = index == 0 && (seg.func_indices || seg.type == ir::funcref());
    table.type.elem = *rt;
    table.type.limits.is64 = is64;
    table.type.limits.min = seg.items.size();
    table.type.limits.max = seg.items.size();
    ++next_elem;
    m_.elems.push_back(std::move(seg));
  } else {
    seek(save);
    auto tt = parse_table_type();
    if (!tt) return std::move(tt).error();
    table.type = *tt;
    if (!at(TokenKind::RParen)) {
      auto e = parse_const_expr();
      if (!e) return std::move(e).error();
      table.init = std::move(*e);
    }
  }
  SKIFF_TRY(expect_rparen());
  return {};
}

Status Parser::parse_memory_field() {
  SKIFF_TRY(expect_form("memory"));
  if (at(TokenKind::Id)) next();
  uint32_t index = next_memory++;
  SKIFF_TRY(parse_inline_exports(ir::ExternKind::Memory, index));
  std::string mod, name;
  auto is_import = parse_inline_import(&mod, &name);
  if (!is_import) return std::move(is_import).error();
  if (*is_import) {
    auto mt = parse_memory_type();
    if (!mt) return std::move(mt).error();
    SKIFF_TRY(expect_rparen());
    ir::Import imp;
    imp.module = std::move(mod);
    imp.name = std::move(name);
    imp.kind = ir::ExternKind::Memory;
    imp.memory = *mt;
    m_.add_import(std::move(imp));
    return {};
  }
  size_t save = pos();
  bool is64 = parse_addr_type();
  ir::MemoryType mt;
  uint8_t page_log2 = 16;
  if (at_form("pagesize")) {
    auto ps = parse_pagesize();
    if (!ps) return std::move(ps).error();
    page_log2 = *ps;
  }
  if (at_form("data")) {
    // (memory addrtype? (pagesize n)? (data ...)): limits from the data's length.
    mt.page_size_log2 = page_log2;
    SKIFF_TRY(expect_form("data"));
    ir::DataSegment seg;
    seg.mode = ir::SegmentMode::Active;
    seg.memory = index;
    seg.offset = zero_offset(*this, is64);
    while (at(TokenKind::String)) {
      const std::string& v = next().value;
      seg.bytes.insert(seg.bytes.end(), v.begin(), v.end());
    }
    SKIFF_TRY(expect_rparen());
    uint64_t page = uint64_t(1) << mt.page_size_log2;
    uint64_t pages = (uint64_t(seg.bytes.size()) + page - 1) / page;
    mt.limits.is64 = is64;
    mt.limits.min = pages;
    mt.limits.max = pages;
    ++next_data;
    m_.datas.push_back(std::move(seg));
  } else {
    seek(save);
    auto t = parse_memory_type();
    if (!t) return std::move(t).error();
    mt = *t;
  }
  SKIFF_TRY(expect_rparen());
  m_.memories.push_back(mt);
  return {};
}

Status Parser::parse_global_field() {
  SKIFF_TRY(expect_form("global"));
  if (at(TokenKind::Id)) next();
  uint32_t index = next_global++;
  SKIFF_TRY(parse_inline_exports(ir::ExternKind::Global, index));
  std::string mod, name;
  auto is_import = parse_inline_import(&mod, &name);
  if (!is_import) return std::move(is_import).error();
  auto gt = parse_global_type();
  if (!gt) return std::move(gt).error();
  if (*is_import) {
    SKIFF_TRY(expect_rparen());
    ir::Import imp;
    imp.module = std::move(mod);
    imp.name = std::move(name);
    imp.kind = ir::ExternKind::Global;
    imp.global = *gt;
    m_.add_import(std::move(imp));
    return {};
  }
  ir::Global g;
  g.type = *gt;
  auto init = parse_const_expr();
  if (!init) return std::move(init).error();
  g.init = std::move(*init);
  SKIFF_TRY(expect_rparen());
  m_.globals.push_back(std::move(g));
  return {};
}

Status Parser::parse_tag_field() {
  SKIFF_TRY(expect_form("tag"));
  if (at(TokenKind::Id)) next();
  uint32_t index = next_tag++;
  SKIFF_TRY(parse_inline_exports(ir::ExternKind::Tag, index));
  std::string mod, name;
  auto is_import = parse_inline_import(&mod, &name);
  if (!is_import) return std::move(is_import).error();
  TypeUse u;
  SKIFF_TRY(parse_type_use(&u, true));
  auto type = resolve_type_use(u);
  if (!type) return std::move(type).error();
  SKIFF_TRY(expect_rparen());
  ir::TagType tt{0, *type};
  if (*is_import) {
    ir::Import imp;
    imp.module = std::move(mod);
    imp.name = std::move(name);
    imp.kind = ir::ExternKind::Tag;
    imp.tag = tt;
    m_.add_import(std::move(imp));
  } else {
    m_.tags.push_back(tt);
  }
  return {};
}

Status Parser::parse_import_field() {
  SKIFF_TRY(expect_form("import"));
  ir::Import imp;
  auto mod = parse_name();
  if (!mod) return std::move(mod).error();
  auto name = parse_name();
  if (!name) return std::move(name).error();
  imp.module = std::move(*mod);
  imp.name = std::move(*name);
  SKIFF_TRY(expect_lparen());
  const Token& kw = peek();
  Space s;
  const char* what;
  if (kw.kind != TokenKind::Keyword || !definition_space(kw.text, &s, &what)) return unexpected();
  next();
  if (at(TokenKind::Id)) next();
  imp.kind = extern_kind(s);
  switch (s) {
    case Space::Func: {
      ++next_func;
      TypeUse u;
      SKIFF_TRY(parse_type_use(&u, true));
      auto type = resolve_type_use(u);
      if (!type) return std::move(type).error();
      imp.func_type = *type;
      break;
    }
    case Space::Table: {
      ++next_table;
      auto tt = parse_table_type();
      if (!tt) return std::move(tt).error();
      imp.table = *tt;
      break;
    }
    case Space::Memory: {
      ++next_memory;
      auto mt = parse_memory_type();
      if (!mt) return std::move(mt).error();
      imp.memory = *mt;
      break;
    }
    case Space::Global: {
      ++next_global;
      auto gt = parse_global_type();
      if (!gt) return std::move(gt).error();
      imp.global = *gt;
      break;
    }
    case Space::Tag: {
      ++next_tag;
      TypeUse u;
      SKIFF_TRY(parse_type_use(&u, true));
      auto type = resolve_type_use(u);
      if (!type) return std::move(type).error();
      imp.tag = {0, *type};
      break;
    }
    default: break;
  }
  SKIFF_TRY(expect_rparen());
  SKIFF_TRY(expect_rparen());
  m_.add_import(std::move(imp));
  return {};
}

Status Parser::parse_export_field() {
  SKIFF_TRY(expect_form("export"));
  auto name = parse_name();
  if (!name) return std::move(name).error();
  SKIFF_TRY(expect_lparen());
  const Token& kw = peek();
  Space s;
  const char* what;
  if (kw.kind != TokenKind::Keyword || !definition_space(kw.text, &s, &what)) return unexpected();
  next();
  auto index = parse_index(s);
  if (!index) return std::move(index).error();
  SKIFF_TRY(expect_rparen());
  SKIFF_TRY(expect_rparen());
  m_.exports.push_back({std::move(*name), extern_kind(s), *index});
  return {};
}

Status Parser::parse_start_field(bool* seen) {
  const Token& open = peek();
  SKIFF_TRY(expect_form("start"));
  auto f = parse_index(Space::Func);
  if (!f) return std::move(f).error();
  SKIFF_TRY(expect_rparen());
  if (*seen) return fail(open, "multiple start sections");
  *seen = true;
  m_.start = *f;
  return {};
}

Status Parser::parse_elem_field() {
  SKIFF_TRY(expect_form("elem"));
  if (at(TokenKind::Id)) next();
  ++next_elem;
  ir::ElemSegment seg;
  bool has_table = false;
  if (at_keyword("declare")) {
    next();
    seg.mode = ir::SegmentMode::Declarative;
  } else {
    if (at_form("table")) {
      next();
      next();
      auto t = parse_index(Space::Table);
      if (!t) return std::move(t).error();
      SKIFF_TRY(expect_rparen());
      seg.table = *t;
      has_table = true;
    } else if (at(TokenKind::Number) && at(TokenKind::LParen, 1)) {
      // The MVP form `(elem 0 (offset ...) ...)` with a bare table index.
      auto t = parse_u32();
      if (!t) return std::move(t).error();
      seg.table = *t;
      has_table = true;
    }
    if (at(TokenKind::LParen) && !at_form("ref")) {
      auto off = parse_offset();
      if (!off) return std::move(off).error();
      seg.offset = std::move(*off);
      seg.mode = ir::SegmentMode::Active;
    } else if (has_table) {
      return unexpected();
    } else {
      seg.mode = ir::SegmentMode::Passive;
    }
  }
  // The element list: `func x*`, `reftype item*`, or (abbreviation) `x*`.
  bool indices = false;
  if (at_keyword("func")) {
    next();
    indices = true;
    seg.type = ref_func_type();
  } else if (at_val_type()) {
    auto rt = parse_ref_type();
    if (!rt) return std::move(rt).error();
    seg.type = *rt;
  } else {
    indices = true;
    seg.type = ref_func_type();
  }
  if (indices) {
    while (at_index()) {
      auto f = parse_index(Space::Func);
      if (!f) return std::move(f).error();
      seg.items.push_back(ref_func_expr(*this, *f));
    }
    seg.func_indices = true;
  } else {
    while (at(TokenKind::LParen)) {
      auto e = parse_elem_item();
      if (!e) return std::move(e).error();
      seg.items.push_back(std::move(*e));
    }
  }
  SKIFF_TRY(expect_rparen());
  seg.implicit_table = seg.mode == ir::SegmentMode::Active && !has_table &&
                       (seg.func_indices || seg.type == ir::funcref());
  m_.elems.push_back(std::move(seg));
  return {};
}

Status Parser::parse_data_field() {
  SKIFF_TRY(expect_form("data"));
  if (at(TokenKind::Id)) next();
  ++next_data;
  ir::DataSegment seg;
  bool has_memory = false;
  if (at_form("memory")) {
    next();
    next();
    auto mem = parse_index(Space::Memory);
    if (!mem) return std::move(mem).error();
    SKIFF_TRY(expect_rparen());
    seg.memory = *mem;
    has_memory = true;
  } else if (at(TokenKind::Number) && at(TokenKind::LParen, 1)) {
    // The MVP form `(data 0 (offset ...) ...)` with a bare memory index.
    auto mem = parse_u32();
    if (!mem) return std::move(mem).error();
    seg.memory = *mem;
    has_memory = true;
  }
  if (at(TokenKind::LParen)) {
    auto off = parse_offset();
    if (!off) return std::move(off).error();
    seg.offset = std::move(*off);
    seg.mode = ir::SegmentMode::Active;
  } else if (has_memory) {
    return unexpected();
  } else {
    seg.mode = ir::SegmentMode::Passive;
  }
  while (at(TokenKind::String)) {
    const std::string& v = next().value;
    seg.bytes.insert(seg.bytes.end(), v.begin(), v.end());
  }
  SKIFF_TRY(expect_rparen());
  m_.datas.push_back(std::move(seg));
  return {};
}

}  // namespace skiff::text::wat
