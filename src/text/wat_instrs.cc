// WAT parser: instruction sequences, folded instructions and blocks.
//
// Every instruction is written to the body's Writer as soon as it is complete.
// Flat blocks live on an explicit stack in parse_instrs (no recursion); folded
// instructions recurse, bounded by kMaxNesting levels and kStackBudget bytes.
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

void Parser::emit_op(Body& b, std::string_view name, const Token* at) {
  ir::Instr in;
  in.op = op_named(name);
  emit(b, in, at);
}

void Parser::emit(Body& b, const ir::Instr& in, const Token* at) {
  if (source_map) {
    if (!at && pos_ > 0) at = &toks_[pos_ - 1];
    if (at) b.places.push_back({uint64_t(b.w.out().size()), at->line, at->column});
  }
  ir::write_instr(b.w, in);
}

ir::Expr Parser::finish_expr(Body& b) {
  ir::Expr e;
  e.bytes = std::move(b.w.out());
  if (source_map) {
    e.offset = int64_t(source_map->next_offset);
    for (const SourceMap::Place& p : b.places)
      source_map->places.push_back({p.offset + source_map->next_offset, p.line, p.column});
    source_map->next_offset += e.bytes.size();
  }
  return e;
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

// The head shared by flat and folded blocks: `label? blocktype`, and for
// try_table its catch clauses (resolved outside the block). Writes the opening
// instruction unless it is a folded `if` (whose condition comes first); the
// caller pushes the label.
Status Parser::parse_block_head(Body& b, std::string_view kind, std::string* label,
                                ir::Instr* in) {
  if (at(TokenKind::Id)) *label = next().value;
  auto bt = parse_block_type();
  if (!bt) return std::move(bt).error();
  in->op = op_named(kind);
  in->block = *bt;
  if (kind == "try_table") {
    while (at(TokenKind::LParen) &&
           (at_keyword("catch", 1) || at_keyword("catch_ref", 1) || at_keyword("catch_all", 1) ||
            at_keyword("catch_all_ref", 1))) {
      ir::CatchClause c;
      SKIFF_TRY(parse_catch_clause(b, &c));
      in->catches.push_back(c);
    }
  }
  return {};
}

namespace {

// A flat block opened by `block` / `loop` / `if` / `try_table` / `try` and
// closed by its `end` (or `delegate`) in the same instruction sequence.
struct FlatBlock {
  std::string_view kind;
  std::string label;
  bool seen_else = false;       // if
  bool seen_catch = false;      // try: any catch / catch_all
  bool seen_catch_all = false;  // try
};

}  // namespace

// Flat blocks are kept on an explicit stack here rather than by recursion, so
// deeply nested flat code (as compilers emit for large switches) cannot
// exhaust the native stack; only folded forms recurse, and they are bounded.
Status Parser::parse_instrs(Body& b) {
  std::vector<FlatBlock> open;
  while (true) {
    const Token& t = peek();
    if (t.kind == TokenKind::Keyword && !open.empty()) {
      FlatBlock& f = open.back();
      bool is_try = f.kind == "try";
      if (t.is_keyword("end")) {
        next();
        SKIFF_TRY(parse_end_label(b, f.label));
        b.labels.pop_back();
        emit_op(b, "end");
        open.pop_back();
        continue;
      }
      if (t.is_keyword("else") && f.kind == "if" && !f.seen_else) {
        next();
        SKIFF_TRY(parse_end_label(b, f.label));
        emit_op(b, "else");
        f.seen_else = true;
        continue;
      }
      if (t.is_keyword("catch") && is_try && !f.seen_catch_all) {
        next();
        auto tag = parse_index(Space::Tag);
        if (!tag) return std::move(tag).error();
        ir::Instr c;
        c.op = op_named("catch");
        c.a = *tag;
        emit(b, c);
        f.seen_catch = true;
        continue;
      }
      if (t.is_keyword("catch_all") && is_try && !f.seen_catch_all) {
        next();
        emit_op(b, "catch_all");
        f.seen_catch = f.seen_catch_all = true;
        continue;
      }
      if (t.is_keyword("delegate") && is_try && !f.seen_catch) {
        // The delegate's label is outside the try; no `end` follows.
        next();
        b.labels.pop_back();
        open.pop_back();
        auto l = parse_label(b);
        if (!l) return std::move(l).error();
        ir::Instr d;
        d.op = op_named("delegate");
        d.a = *l;
        emit(b, d);
        continue;
      }
    }
    if (at_instr_end()) break;
    if (t.kind == TokenKind::Keyword && is_block_keyword(t.text)) {
      next();
      FlatBlock f;
      f.kind = t.text;
      ir::Instr in;
      SKIFF_TRY(parse_block_head(b, f.kind, &f.label, &in));
      emit(b, in, &t);
      b.labels.push_back(f.label);
      open.push_back(std::move(f));
      continue;
    }
    SKIFF_TRY(parse_instr(b));
  }
  if (!open.empty()) return unexpected();  // a flat block still waiting for its `end`
  return {};
}

Status Parser::parse_instr(Body& b) {
  if (at(TokenKind::LParen)) return parse_folded(b);
  const Token& kw = peek();
  if (kw.kind != TokenKind::Keyword) return unexpected(kw);
  next();
  ir::Instr in;
  SKIFF_TRY(parse_plain(b, kw, &in));
  emit(b, in, &kw);
  return {};
}

Status Parser::parse_folded(Body& b) {
  DepthGuard guard(depth);
  SKIFF_TRY(expect_lparen());
  const Token& kw = peek();
  if (stack_exhausted()) return fail(kw, "nesting too deep");
  if (kw.kind != TokenKind::Keyword) return unexpected(kw);
  next();
  if (is_block_keyword(kw.text)) return parse_folded_block(b, kw.text, &kw);
  ir::Instr in;
  SKIFF_TRY(parse_plain(b, kw, &in));
  while (at(TokenKind::LParen) && !at_instr_end()) SKIFF_TRY(parse_folded(b));
  SKIFF_TRY(expect_rparen());
  emit(b, in, &kw);
  return {};
}

// Folded blocks, after `(` and the keyword:
//   (block label? bt instr*)   (loop ...)   (try_table label? bt catch* instr*)
//   (if label? bt folded* (then instr*) (else instr*)?)
//   (try label? bt (do instr*) (catch x instr*)* (catch_all instr*)?)
//   (try label? bt (do instr*) (delegate l))
Status Parser::parse_folded_block(Body& b, std::string_view kind, const Token* kw) {
  std::string label;
  ir::Instr in;
  SKIFF_TRY(parse_block_head(b, kind, &label, &in));
  if (kind == "if") {
    // The condition, outside the if's label.
    while (at(TokenKind::LParen) && !at_instr_end()) SKIFF_TRY(parse_folded(b));
  }
  emit(b, in, kw);
  b.labels.push_back(label);

  if (kind == "if") {
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
  } else if (kind == "try") {
    SKIFF_TRY(expect_form("do"));
    SKIFF_TRY(parse_instrs(b));
    SKIFF_TRY(expect_rparen());
    bool any_catch = false;
    while (at_form("catch")) {
      next();
      next();
      auto tag = parse_index(Space::Tag);
      if (!tag) return std::move(tag).error();
      ir::Instr c;
      c.op = op_named("catch");
      c.a = *tag;
      emit(b, c);
      SKIFF_TRY(parse_instrs(b));
      SKIFF_TRY(expect_rparen());
      any_catch = true;
    }
    if (at_form("catch_all")) {
      next();
      next();
      emit_op(b, "catch_all");
      SKIFF_TRY(parse_instrs(b));
      SKIFF_TRY(expect_rparen());
      any_catch = true;
    }
    if (!any_catch && at_form("delegate")) {
      next();
      next();
      b.labels.pop_back();
      auto l = parse_label(b);
      if (!l) return std::move(l).error();
      ir::Instr d;
      d.op = op_named("delegate");
      d.a = *l;
      emit(b, d);
      SKIFF_TRY(expect_rparen());
      return expect_rparen();
    }
  } else {
    SKIFF_TRY(parse_instrs(b));
  }
  SKIFF_TRY(expect_rparen());
  b.labels.pop_back();
  emit_op(b, "end");
  return {};
}

}  // namespace skiff::text::wat
