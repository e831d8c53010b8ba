// WAT parser: instruction sequences, folded instructions and blocks.
//
// Every instruction is written to the body's Writer as soon as it is complete.
// A folded instruction `(op imm* operand*)` writes its operands first, then
// itself; a folded `(if bt cond* (then ...) (else ...))` writes the condition
// before the `if`. Block labels are pushed on Body::labels while the block's
// body is parsed; the catch clauses of try_table and the label of a legacy
// `delegate` are resolved outside the block they belong to, as the binary
// format counts them.
#include <string>

#include "text/wat_internal.h"

namespace skiff::text::wat {

namespace {

bool is_block_keyword(std::string_view k) {
  return k == "block" || k == "loop" || k == "if" || k == "try_table" || k == "try";
}

// Keywords that, after `(`, open a clause of an enclosing construct rather
// than an instruction: an instruction sequence stops before them.
bool is_clause_keyword(std::string_view k) {
  return k == "then" || k == "else" || k == "do" || k == "catch" || k == "catch_ref" ||
         k == "catch_all" || k == "catch_all_ref" || k == "delegate" || k == "param" ||
         k == "result" || k == "type" || k == "local";
}

// Keywords that end a flat instruction sequence.
bool is_flat_end(std::string_view k) {
  return k == "end" || k == "else" || k == "catch" || k == "catch_all" || k == "delegate";
}

// Raises the nesting depth for the lifetime of the guard.
struct DepthGuard {
  unsigned& d;
  explicit DepthGuard(unsigned& depth) : d(depth) { ++d; }
  ~DepthGuard() { --d; }
};

}  // namespace

ir::Op Parser::op_named(std::string_view name) {
  ir::Op ops[4];
  unsigned n = ir::ops_from_text(name, ops);
  return n ? ops[0] : ir::Op::Count_;
}

void Parser::emit_op(Body& b, std::string_view name) {
  ir::Instr in;
  in.op = op_named(name);
  emit(b, in);
}

bool Parser::at_instr_end() const {
  const Token& t = peek();
  switch (t.kind) {
    case TokenKind::RParen:
    case TokenKind::Eof:
      return true;
    case TokenKind::Keyword:
      return is_flat_end(t.text);
    case TokenKind::LParen:
      return peek(1).kind == TokenKind::Keyword && is_clause_keyword(peek(1).text);
    default:
      return false;
  }
}

Status Parser::parse_instrs(Body& b) {
  while (!at_instr_end()) SKIFF_TRY(parse_instr(b));
  return {};
}

Status Parser::parse_instr(Body& b) {
  if (at(TokenKind::LParen)) return parse_folded(b);
  const Token& kw = peek();
  if (kw.kind != TokenKind::Keyword) return unexpected(kw);
  next();
  if (is_block_keyword(kw.text)) return parse_block_instr(b, kw, false);
  ir::Instr in;
  SKIFF_TRY(parse_plain(b, kw, &in));
  emit(b, in);
  return {};
}

Status Parser::parse_folded(Body& b) {
  DepthGuard guard(depth);
  SKIFF_TRY(expect_lparen());
  const Token& kw = peek();
  if (depth > kMaxNesting) return fail(kw, "nesting too deep");
  if (kw.kind != TokenKind::Keyword) return unexpected(kw);
  next();
  if (is_block_keyword(kw.text)) return parse_block_instr(b, kw, true);
  ir::Instr in;
  SKIFF_TRY(parse_plain(b, kw, &in));
  while (at(TokenKind::LParen) && !at_instr_end()) SKIFF_TRY(parse_folded(b));
  SKIFF_TRY(expect_rparen());
  emit(b, in);
  return {};
}

Status Parser::parse_end_label(const Body&, const std::string& label) {
  if (!at(TokenKind::Id)) return {};
  const Token& t = next();
  if (label.empty() || t.value != label) return fail(t, "mismatching label");
  return {};
}

Status Parser::parse_catch_clause(Body& b, ir::CatchClause* c) {
  SKIFF_TRY(expect_lparen());
  const Token& kw = next();
  if (kw.is_keyword("catch")) c->kind = ir::CatchKind::Catch;
  else if (kw.is_keyword("catch_ref")) c->kind = ir::CatchKind::CatchRef;
  else if (kw.is_keyword("catch_all")) c->kind = ir::CatchKind::CatchAll;
  else if (kw.is_keyword("catch_all_ref")) c->kind = ir::CatchKind::CatchAllRef;
  else return unexpected(kw);
  if (c->kind == ir::CatchKind::Catch || c->kind == ir::CatchKind::CatchRef) {
    auto tag = parse_index(Space::Tag);
    if (!tag) return std::move(tag).error();
    c->tag = *tag;
  }
  auto label = parse_label(b);
  if (!label) return std::move(label).error();
  c->label = *label;
  return expect_rparen();
}

Status Parser::parse_block_instr(Body& b, const Token& kw, bool folded) {
  DepthGuard guard(depth);
  if (depth > kMaxNesting) return fail(kw, "nesting too deep");
  std::string label;
  if (at(TokenKind::Id)) label = next().value;
  auto bt = parse_block_type();
  if (!bt) return std::move(bt).error();
  std::string_view k = kw.text;
  if (k == "try") return parse_try_legacy(b, kw, folded, *bt, std::move(label));

  ir::Instr in;
  in.op = op_named(k);
  in.block = *bt;
  if (k == "try_table") {
    // Catch clauses name labels outside the try_table.
    while (at(TokenKind::LParen) &&
           (at_keyword("catch", 1) || at_keyword("catch_ref", 1) || at_keyword("catch_all", 1) ||
            at_keyword("catch_all_ref", 1))) {
      ir::CatchClause c;
      SKIFF_TRY(parse_catch_clause(b, &c));
      in.catches.push_back(c);
    }
  } else if (k == "if" && folded) {
    // The condition, outside the if's label.
    while (at(TokenKind::LParen) && !at_instr_end()) SKIFF_TRY(parse_folded(b));
  }
  emit(b, in);
  b.labels.push_back(label);

  if (k == "if" && folded) {
    SKIFF_TRY(expect_form("then"));
    SKIFF_TRY(parse_instrs(b));
    SKIFF_TRY(expect_rparen());
    if (at_form("else")) {
      next();
      next();
      emit_op(b, "else");
      SKIFF_TRY(parse_instrs(b));
      SKIFF_TRY(expect_rparen());
    }
    SKIFF_TRY(expect_rparen());
  } else {
    SKIFF_TRY(parse_instrs(b));
    if (folded) {
      SKIFF_TRY(expect_rparen());
    } else {
      if (k == "if" && at_keyword("else")) {
        next();
        SKIFF_TRY(parse_end_label(b, label));
        emit_op(b, "else");
        SKIFF_TRY(parse_instrs(b));
      }
      SKIFF_TRY(expect_keyword("end"));
      SKIFF_TRY(parse_end_label(b, label));
    }
  }
  b.labels.pop_back();
  emit_op(b, "end");
  return {};
}

// Legacy exception handling:
//   try bt instr* (catch x instr*)* (catch_all instr*)? end
//   try bt instr* delegate l
//   (try bt (do instr*) (catch x instr*)* (catch_all instr*)?)
//   (try bt (do instr*) (delegate l))
Status Parser::parse_try_legacy(Body& b, const Token&, bool folded, ir::BlockType bt,
                                std::string label) {
  ir::Instr in;
  in.op = op_named("try");
  in.block = bt;
  emit(b, in);
  b.labels.push_back(label);
  bool any_catch = false;

  // Clause heads: flat `catch x` / `catch_all` / `delegate`, or their folded forms.
  auto at_clause = [&](std::string_view k) {
    return folded ? at_form(k) : at_keyword(k);
  };
  auto enter_clause = [&]() {
    if (folded) next();
    next();
  };
  auto leave_clause = [&]() -> Status { return folded ? expect_rparen() : Status{}; };

  if (folded) {
    SKIFF_TRY(expect_form("do"));
    SKIFF_TRY(parse_instrs(b));
    SKIFF_TRY(expect_rparen());
  } else {
    SKIFF_TRY(parse_instrs(b));
  }
  while (at_clause("catch")) {
    enter_clause();
    auto tag = parse_index(Space::Tag);
    if (!tag) return std::move(tag).error();
    ir::Instr c;
    c.op = op_named("catch");
    c.a = *tag;
    emit(b, c);
    SKIFF_TRY(parse_instrs(b));
    SKIFF_TRY(leave_clause());
    any_catch = true;
  }
  if (at_clause("catch_all")) {
    enter_clause();
    emit_op(b, "catch_all");
    SKIFF_TRY(parse_instrs(b));
    SKIFF_TRY(leave_clause());
    any_catch = true;
  }
  if (!any_catch && at_clause("delegate")) {
    enter_clause();
    b.labels.pop_back();
    auto l = parse_label(b);
    if (!l) return std::move(l).error();
    ir::Instr d;
    d.op = op_named("delegate");
    d.a = *l;
    emit(b, d);
    SKIFF_TRY(leave_clause());
    if (folded) SKIFF_TRY(expect_rparen());
    return {};
  }
  if (folded) {
    SKIFF_TRY(expect_rparen());
  } else {
    SKIFF_TRY(expect_keyword("end"));
    SKIFF_TRY(parse_end_label(b, label));
  }
  b.labels.pop_back();
  emit_op(b, "end");
  return {};
}

}  // namespace skiff::text::wat
