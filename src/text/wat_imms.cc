// WAT parser: the immediates of plain instructions, by ir::ImmKind.
//
// The opcode table gives each text name its Op(s); a few names have several
// binary forms and are told apart here by their immediates: `select` with or
// without `(result ...)`, `ref.test` / `ref.cast` with a nullable or
// non-nullable reference type.
#include <cstring>
#include <string>

#include "text/literals.h"
#include "text/wat_internal.h"

namespace skiff::text::wat {

namespace {

// A Number token that is an unsigned integer (no sign).
bool is_nat(const Token& t) {
  if (t.kind != TokenKind::Number) return false;
  auto k = classify_number(t.text);
  return k && *k == NumberKind::Nat;
}

bool at_index_token(const Token& t) {
  return t.kind == TokenKind::Id || is_nat(t);
}

bool is_memarg_keyword(const Token& t) {
  std::string_view rest;
  return t.keyword_with_prefix("offset=", &rest) || t.keyword_with_prefix("align=", &rest);
}

}  // namespace

Status Parser::parse_lane(ir::Instr* in) {
  const Token& t = peek();
  if (!is_nat(t)) return unexpected(t);
  auto v = text::parse_u32(t.text);
  if (!v || *v > 255) return fail(t, "i8 constant out of range");
  next();
  in->a = *v;
  return {};
}

Status Parser::parse_memarg(ir::Instr* in, const ir::OpInfo& info, bool lane) {
  in->mem = ir::MemArg{};
  in->mem.align = info.align;
  if (at(TokenKind::Id)) {
    auto m = parse_index(Space::Memory);
    if (!m) return std::move(m).error();
    in->mem.memory = *m;
  } else if (is_nat(peek()) &&
             (!lane || is_nat(peek(1)) || is_memarg_keyword(peek(1)))) {
    auto m = parse_u32();
    if (!m) return std::move(m).error();
    in->mem.memory = *m;
  }
  std::string_view rest;
  if (peek().keyword_with_prefix("offset=", &rest)) {
    const Token& t = peek();
    auto k = classify_number(rest);
    if (!k || *k != NumberKind::Nat) return fail(t, "unknown operator");
    auto v = text::parse_u64(rest);
    if (!v) return fail(t, v.error().message);
    in->mem.offset = *v;
    next();
  }
  if (peek().keyword_with_prefix("align=", &rest)) {
    const Token& t = peek();
    auto k = classify_number(rest);
    if (!k || *k != NumberKind::Nat) return fail(t, "unknown operator");
    auto v = text::parse_u64(rest);
    if (!v) return fail(t, v.error().message);
    if (*v == 0 || (*v & (*v - 1)) != 0) return fail(t, "alignment must be a power of two");
    uint32_t log2 = 0;
    while ((uint64_t(1) << log2) != *v) ++log2;
    in->mem.align = log2;
    next();
  }
  if (lane) return parse_lane(in);
  return {};
}

Status Parser::parse_v128_const(ir::Instr* in) {
  const Token& shape = peek();
  unsigned lanes, bits;
  bool is_float = false;
  if (shape.is_keyword("i8x16")) lanes = 16, bits = 8;
  else if (shape.is_keyword("i16x8")) lanes = 8, bits = 16;
  else if (shape.is_keyword("i32x4")) lanes = 4, bits = 32;
  else if (shape.is_keyword("i64x2")) lanes = 2, bits = 64;
  else if (shape.is_keyword("f32x4")) lanes = 4, bits = 32, is_float = true;
  else if (shape.is_keyword("f64x2")) lanes = 2, bits = 64, is_float = true;
  else return unexpected(shape);
  next();
  unsigned bytes = bits / 8;
  // The count is checked before the values ("wrong number of lane literals").
  size_t n = 0;
  while (at(TokenKind::Number, n)) ++n;
  if (n != lanes) {
    const Token& t = peek(n);
    if (n < lanes && (t.kind == TokenKind::Reserved || t.kind == TokenKind::Keyword))
      return unexpected(t);
    return fail(n < lanes ? t : peek(lanes), "wrong number of lane literals");
  }
  for (unsigned i = 0; i < lanes; ++i) {
    const Token& t = next();
    uint64_t v;
    if (is_float && bits == 32) {
      auto r = text::parse_f32(t.text);
      if (!r) return fail(t, r.error().message);
      v = *r;
    } else if (is_float) {
      auto r = text::parse_f64(t.text);
      if (!r) return fail(t, r.error().message);
      v = *r;
    } else {
      auto r = text::parse_int(t.text, bits, IntForm::Any);
      if (!r) return fail(t, r.error().message);
      v = *r;
    }
    for (unsigned j = 0; j < bytes; ++j) in->v128[i * bytes + j] = uint8_t(v >> (8 * j));
  }
  return {};
}

Status Parser::parse_shuffle(ir::Instr* in) {
  const Token& first = peek();
  size_t n = 0;
  while (at(TokenKind::Number, n)) ++n;
  if (n != 16) return fail(n ? first : peek(), "invalid lane length");
  for (unsigned i = 0; i < 16; ++i) {
    const Token& t = next();
    auto r = text::parse_int(t.text, 8, IntForm::Unsigned);
    if (!r) return fail(t, "i8 constant out of range");
    in->v128[i] = uint8_t(*r);
  }
  return {};
}

Status Parser::parse_plain(Body& b, const Token& kw, ir::Instr* in) {
  ir::Op ops[4];
  unsigned n = ir::ops_from_text(kw.text, ops);
  if (n == 0) return fail(kw, "unknown operator " + std::string(kw.text));
  in->op = ops[0];
  const ir::OpInfo* info = &ir::op_info(ops[0]);

  // Names with several binary forms.
  if (n > 1) {
    bool is_select = false;
    for (unsigned i = 0; i < n; ++i)
      if (ir::op_info(ops[i]).imm == ir::ImmKind::SelectTypes) is_select = true;
    if (is_select) {
      bool typed = at_form("result");
      for (unsigned i = 0; i < n; ++i) {
        ir::ImmKind k = ir::op_info(ops[i]).imm;
        if ((k == ir::ImmKind::SelectTypes) == typed) in->op = ops[i];
      }
      if (typed) {
        while (at_form("result")) {
          next();
          next();
          while (!at(TokenKind::RParen)) {
            auto t = parse_val_type();
            if (!t) return std::move(t).error();
            in->types.push_back(*t);
          }
          SKIFF_TRY(expect_rparen());
        }
      }
      return {};
    }
    if (info->imm == ir::ImmKind::HeapType) {
      // ref.test / ref.cast: the nullable form has the larger opcode.
      auto rt = parse_ref_type();
      if (!rt) return std::move(rt).error();
      ir::Op pick = ops[0];
      for (unsigned i = 1; i < n; ++i) {
        bool larger = ir::op_info(ops[i]).code > ir::op_info(pick).code;
        if (larger == rt->nullable) pick = ops[i];
      }
      in->op = pick;
      in->heap = rt->heap;
      return {};
    }
  }

  switch (info->imm) {
    case ir::ImmKind::None:
    case ir::ImmKind::AtomicFence:
      return {};
    case ir::ImmKind::BlockType:
    case ir::ImmKind::TryTable:
      return unexpected(kw);
    case ir::ImmKind::Label: {
      auto l = parse_label(b);
      if (!l) return std::move(l).error();
      in->a = *l;
      return {};
    }
    case ir::ImmKind::BrTable: {
      if (!at_index()) return unexpected();
      while (at_index()) {
        auto l = parse_label(b);
        if (!l) return std::move(l).error();
        in->labels.push_back(*l);
      }
      in->a = in->labels.back();
      in->labels.pop_back();
      return {};
    }
    case ir::ImmKind::Func: {
      auto f = parse_index(Space::Func);
      if (!f) return std::move(f).error();
      in->a = *f;
      return {};
    }
    case ir::ImmKind::CallIndirect: {
      in->b = 0;
      if (at_index()) {
        auto t = parse_index(Space::Table);
        if (!t) return std::move(t).error();
        in->b = *t;
      }
      TypeUse u;
      SKIFF_TRY(parse_type_use(&u, false));
      auto type = resolve_type_use(u);
      if (!type) return std::move(type).error();
      in->a = *type;
      return {};
    }
    case ir::ImmKind::Type: {
      auto t = parse_index(Space::Type);
      if (!t) return std::move(t).error();
      in->a = *t;
      return {};
    }
    case ir::ImmKind::Local: {
      auto l = parse_local(b);
      if (!l) return std::move(l).error();
      in->a = *l;
      return {};
    }
    case ir::ImmKind::Global: {
      auto g = parse_index(Space::Global);
      if (!g) return std::move(g).error();
      in->a = *g;
      return {};
    }
    case ir::ImmKind::Table:
    case ir::ImmKind::Memory: {
      in->a = 0;
      if (at_index()) {
        auto x = parse_index(info->imm == ir::ImmKind::Table ? Space::Table : Space::Memory);
        if (!x) return std::move(x).error();
        in->a = *x;
      }
      return {};
    }
    case ir::ImmKind::Tag: {
      auto t = parse_index(Space::Tag);
      if (!t) return std::move(t).error();
      in->a = *t;
      return {};
    }
    case ir::ImmKind::MemArg:
      return parse_memarg(in, *info, false);
    case ir::ImmKind::MemArgLane:
      return parse_memarg(in, *info, true);
    case ir::ImmKind::MemoryCopy:
    case ir::ImmKind::TableCopy: {
      Space s = info->imm == ir::ImmKind::MemoryCopy ? Space::Memory : Space::Table;
      in->a = in->b = 0;
      if (at_index()) {
        auto x = parse_index(s);
        if (!x) return std::move(x).error();
        auto y = parse_index(s);
        if (!y) return std::move(y).error();
        in->a = *x;
        in->b = *y;
      }
      return {};
    }
    case ir::ImmKind::MemoryInit:
    case ir::ImmKind::TableInit: {
      // `x.init dst? seg`: a = segment, b = memory / table.
      bool mem = info->imm == ir::ImmKind::MemoryInit;
      in->b = 0;
      if (at_index() && at_index_token(peek(1))) {
        auto x = parse_index(mem ? Space::Memory : Space::Table);
        if (!x) return std::move(x).error();
        in->b = *x;
      }
      auto seg = parse_index(mem ? Space::Data : Space::Elem);
      if (!seg) return std::move(seg).error();
      in->a = *seg;
      return {};
    }
    case ir::ImmKind::Data:
    case ir::ImmKind::Elem: {
      auto x = parse_index(info->imm == ir::ImmKind::Data ? Space::Data : Space::Elem);
      if (!x) return std::move(x).error();
      in->a = *x;
      return {};
    }
    case ir::ImmKind::I32:
    case ir::ImmKind::I64:
    case ir::ImmKind::F32:
    case ir::ImmKind::F64: {
      const Token& t = peek();
      if (t.kind != TokenKind::Number) return unexpected(t);
      Result<uint64_t> v = uint64_t(0);
      switch (info->imm) {
        case ir::ImmKind::I32: {
          auto r = text::parse_i32(t.text);
          v = r ? Result<uint64_t>(uint64_t(*r)) : Result<uint64_t>(std::move(r).error());
          break;
        }
        case ir::ImmKind::I64: v = text::parse_i64(t.text); break;
        case ir::ImmKind::F32: {
          auto r = text::parse_f32(t.text);
          v = r ? Result<uint64_t>(uint64_t(*r)) : Result<uint64_t>(std::move(r).error());
          break;
        }
        default: v = text::parse_f64(t.text); break;
      }
      if (!v) return fail(t, v.error().message);
      next();
      in->bits = *v;
      return {};
    }
    case ir::ImmKind::V128:
      return parse_v128_const(in);
    case ir::ImmKind::Lane:
      return parse_lane(in);
    case ir::ImmKind::Shuffle:
      return parse_shuffle(in);
    case ir::ImmKind::HeapType: {
      auto h = parse_heap_type();
      if (!h) return std::move(h).error();
      in->heap = *h;
      return {};
    }
    case ir::ImmKind::SelectTypes:
      return {};  // handled above
    case ir::ImmKind::TypeField: {
      auto t = parse_index(Space::Type);
      if (!t) return std::move(t).error();
      auto f = parse_field(*t);
      if (!f) return std::move(f).error();
      in->a = *t;
      in->b = *f;
      return {};
    }
    case ir::ImmKind::TypeType:
    case ir::ImmKind::TypeData:
    case ir::ImmKind::TypeElem: {
      auto t = parse_index(Space::Type);
      if (!t) return std::move(t).error();
      Space s = info->imm == ir::ImmKind::TypeType   ? Space::Type
                : info->imm == ir::ImmKind::TypeData ? Space::Data
                                                     : Space::Elem;
      auto x = parse_index(s);
      if (!x) return std::move(x).error();
      in->a = *t;
      in->b = *x;
      return {};
    }
    case ir::ImmKind::TypeCount: {
      auto t = parse_index(Space::Type);
      if (!t) return std::move(t).error();
      auto c = parse_u32();
      if (!c) return std::move(c).error();
      in->a = *t;
      in->b = *c;
      return {};
    }
    case ir::ImmKind::BrOnCast: {
      auto l = parse_label(b);
      if (!l) return std::move(l).error();
      auto t1 = parse_ref_type();
      if (!t1) return std::move(t1).error();
      auto t2 = parse_ref_type();
      if (!t2) return std::move(t2).error();
      in->a = *l;
      in->heap = t1->heap;
      in->heap2 = t2->heap;
      in->cast_flags = uint8_t((t1->nullable ? 1 : 0) | (t2->nullable ? 2 : 0));
      return {};
    }
  }
  return unexpected(kw);
}

}  // namespace skiff::text::wat
