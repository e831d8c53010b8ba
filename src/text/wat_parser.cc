// WAT parser entry points and the token cursor. See wat_internal.h for the design.
#include <algorithm>
#include <optional>
#include <utility>

#include "text/wat_internal.h"
#include "text/wat_parser.h"

namespace skiff::text {

using wat::Parser;

namespace {

// The section a custom-section placement keyword names, as the id of the last
// non-custom section before the custom one (the encoder's order: type import
// func table memory tag global export start elem datacount code data).
bool placement(std::string_view kind, bool before, ir::SectionId* after) {
  using S = ir::SectionId;
  static const struct {
    std::string_view name;
    S id;
    S prev;
  } kSections[] = {
      {"type", S::Type, S::Custom},         {"import", S::Import, S::Type},
      {"func", S::Function, S::Import},     {"table", S::Table, S::Function},
      {"memory", S::Memory, S::Table},      {"tag", S::Tag, S::Memory},
      {"global", S::Global, S::Tag},        {"export", S::Export, S::Global},
      {"start", S::Start, S::Export},       {"elem", S::Element, S::Start},
      {"datacount", S::DataCount, S::Element}, {"code", S::Code, S::DataCount},
      {"data", S::Data, S::Code},
  };
  if (kind == "first") {
    *after = S::Custom;
    return true;
  }
  if (kind == "last") {
    *after = S::Data;
    return true;
  }
  for (const auto& sec : kSections) {
    if (sec.name == kind) {
      *after = before ? sec.prev : sec.id;
      return true;
    }
  }
  return false;
}

// `(@custom "name" placement? "bytes"*)`, after its LParenAt token (custom
// annotations proposal). Without a placement the section goes after the last.
Status parse_custom(Lexer& lex, std::vector<ir::CustomSection>* out) {
  auto bad = [&](const Token& t, const char* what) -> Error {
    if (t.kind == TokenKind::Error) return lex.error();
    return token_error(t, std::string("@custom annotation: ") + what);
  };
  ir::CustomSection cs;
  cs.after = ir::SectionId::Data;
  Token name = lex.next();
  if (name.kind != TokenKind::String) return bad(name, "missing section name");
  if (!name.valid_utf8) return bad(name, "malformed UTF-8 encoding");
  cs.name = name.value;
  if (lex.peek().kind == TokenKind::LParen) {
    lex.next();
    Token where = lex.next();
    bool before = where.is_keyword("before");
    if (!before && !where.is_keyword("after")) return bad(where, "malformed placement");
    Token kind = lex.next();
    if (kind.kind != TokenKind::Keyword || !placement(kind.text, before, &cs.after))
      return bad(kind, "malformed section kind");
    Token close = lex.next();
    if (close.kind != TokenKind::RParen) return bad(close, "unexpected token");
  }
  while (lex.peek().kind == TokenKind::String) {
    Token data = lex.next();
    cs.bytes.insert(cs.bytes.end(), data.value.begin(), data.value.end());
  }
  Token close = lex.next();
  if (close.kind != TokenKind::RParen) return bad(close, "unexpected token");
  out->push_back(std::move(cs));
  return {};
}

// Skips annotations at the lexer's position; fails on a lexical error. With
// `customs`, `(@custom ...)` annotations are parsed into it; else they are
// misplaced when `misplaced_custom` is set and skipped when not.
Status skip_annotations(Lexer& lex, std::vector<ir::CustomSection>* customs = nullptr,
                        bool misplaced_custom = false) {
  while (true) {
    const Token& t = lex.peek();
    if (t.kind == TokenKind::Error) return lex.error();
    if (t.kind != TokenKind::LParenAt) return {};
    Token at = lex.next();
    if (at.value == "custom" && customs) {
      SKIFF_TRY(parse_custom(lex, customs));
    } else if (at.value == "custom" && misplaced_custom) {
      return token_error(at, "misplaced @custom annotation");
    } else {
      SKIFF_TRY(lex.skip_annotation());
    }
  }
}

// Reads tokens up to (not including) the `)` that closes the enclosing form,
// or up to the end of input; annotations are dropped, custom sections parsed
// into `customs`. Appends an Eof sentinel placed at the stopping token.
Status collect(Lexer& lex, std::vector<Token>* out, std::vector<ir::CustomSection>* customs) {
  // About one token per 4 bytes of source; bounded, as the form may be a small
  // part of a large script.
  size_t left = lex.source().size() - std::min<size_t>(lex.state().pos, lex.source().size());
  out->reserve(std::min<size_t>(left / 4 + 16, size_t(1) << 14));
  int depth = 0;
  while (true) {
    SKIFF_TRY(depth == 0 ? skip_annotations(lex, customs) : skip_annotations(lex, nullptr, true));
    const Token& t = lex.peek();
    if (t.kind == TokenKind::Eof) break;
    if (t.kind == TokenKind::RParen) {
      if (depth == 0) break;
      --depth;
    } else if (t.kind == TokenKind::LParen) {
      ++depth;
    }
    out->push_back(lex.next());
  }
  Token eof;
  eof.kind = TokenKind::Eof;
  const Token& stop = lex.peek();
  eof.line = stop.line;
  eof.column = stop.column;
  eof.offset = stop.offset;
  out->push_back(std::move(eof));
  return {};
}

Result<ir::Module> parse_fields(Lexer& lex, std::vector<ir::CustomSection> customs, SourceMap* map) {
  std::vector<Token> toks;
  SKIFF_TRY(collect(lex, &toks, &customs));
  Parser p(std::move(toks));
  p.source_map = map;
  p.module().customs = std::move(customs);
  return p.run();
}

}  // namespace

Result<ir::Module> parse_module_fields(Lexer& lex, SourceMap* map) { return parse_fields(lex, {}, map); }

Result<ir::Module> parse_module_form(Lexer& lex, ModuleHeader* header, SourceMap* map) {
  SKIFF_TRY(skip_annotations(lex));
  Token open = lex.next();
  if (open.kind == TokenKind::Error) return lex.error();
  if (open.kind != TokenKind::LParen) return token_error(open, "unexpected token");
  SKIFF_TRY(skip_annotations(lex));
  Token kw = lex.next();
  if (kw.kind == TokenKind::Error) return lex.error();
  if (!kw.is_keyword("module")) return token_error(kw, "unexpected token");
  std::vector<ir::CustomSection> customs;
  SKIFF_TRY(skip_annotations(lex, &customs));
  ModuleHeader h;
  if (lex.peek().is_keyword("definition")) {
    lex.next();
    h.definition = true;
    SKIFF_TRY(skip_annotations(lex, &customs));
  }
  std::optional<std::string> name;
  if (lex.peek().kind == TokenKind::Id) {
    Token id = lex.next();
    h.id = "$" + id.value;
    name = id.value;
    SKIFF_TRY(skip_annotations(lex, &customs));
  }
  if (lex.peek().is_keyword("binary") || lex.peek().is_keyword("quote"))
    return token_error(lex.peek(), "unexpected token");
  auto m = parse_fields(lex, std::move(customs), map);
  if (!m) return m;
  SKIFF_TRY(skip_annotations(lex));
  Token close = lex.next();
  if (close.kind == TokenKind::Error) return lex.error();
  if (close.kind != TokenKind::RParen) return token_error(close, "unexpected token");
  m->names.module = std::move(name);
  if (header) *header = std::move(h);
  return m;
}

// Without memory64, limits in the text format are u32 literals and there is no
// address type: the parser reads the 3.0 grammar and this narrows its result.
static Status check_text_limits(const ir::Module& m, const ir::Features& f) {
  if (f.memory64) return {};
  auto check = [](const ir::Limits& l) -> Status {
    if (l.is64) return make_error("unexpected token: 64-bit address type needs memory64");
    if (l.min > 0xFFFFFFFFu || (l.max && *l.max > 0xFFFFFFFFu))
      return make_error("i32 constant out of range");
    return {};
  };
  for (const auto& imp : m.imports) {
    if (imp.kind == ir::ExternKind::Memory) SKIFF_TRY(check(imp.memory.limits));
    if (imp.kind == ir::ExternKind::Table) SKIFF_TRY(check(imp.table.limits));
  }
  for (const auto& mt : m.memories) SKIFF_TRY(check(mt.limits));
  for (const auto& t : m.tables) SKIFF_TRY(check(t.type.limits));
  return {};
}

static Result<ir::Module> parse_wat_mapped(std::string_view text, SourceMap* map);

Result<ir::Module> parse_wat(std::string_view text, const ir::Features& features) {
  return parse_wat(text, features, nullptr);
}

Result<ir::Module> parse_wat(std::string_view text, const ir::Features& features, SourceMap* map) {
  auto m = parse_wat_mapped(text, map);
  if (!m) return m;
  SKIFF_TRY(check_text_limits(*m, features));
  return m;
}

Result<ir::Module> parse_wat(std::string_view text) { return parse_wat_mapped(text, nullptr); }

const SourceMap::Place* SourceMap::find(int64_t offset) const {
  if (offset < 0 || places.empty()) return nullptr;
  auto it = std::upper_bound(places.begin(), places.end(), uint64_t(offset),
                             [](uint64_t o, const Place& p) { return o < p.offset; });
  if (it == places.begin()) return nullptr;
  return &*(it - 1);
}

void SourceMap::locate(Error& e) const {
  if (e.line != 0) return;
  const Place* p = find(e.offset);
  if (!p) return;
  e.line = p->line;
  e.column = p->column;
  e.offset = -1;
}

static Result<ir::Module> parse_wat_mapped(std::string_view text, SourceMap* map) {
  Lexer lex(text);
  Lexer::State start = lex.state();
  SKIFF_TRY(skip_annotations(lex));
  bool is_form = false;
  if (lex.peek().kind == TokenKind::LParen) {
    lex.next();
    SKIFF_TRY(skip_annotations(lex));
    is_form = lex.peek().is_keyword("module");
  }
  lex.restore(start);
  auto m = is_form ? parse_module_form(lex, nullptr, map) : parse_module_fields(lex, map);
  if (!m) return m;
  SKIFF_TRY(skip_annotations(lex));
  const Token& t = lex.peek();
  if (t.kind == TokenKind::Error) return lex.error();
  if (t.kind != TokenKind::Eof) return token_error(t, "unexpected token");
  return m;
}

namespace wat {

const char* space_name(Space s) {
  switch (s) {
    case Space::Type: return "type";
    case Space::Func: return "function";
    case Space::Table: return "table";
    case Space::Memory: return "memory";
    case Space::Global: return "global";
    case Space::Tag: return "tag";
    case Space::Elem: return "elem segment";
    case Space::Data: return "data segment";
  }
  return "?";
}

IdSpace& space(Parser& p, Space s) { return p.spaces[static_cast<unsigned>(s)]; }

Parser::Parser(std::vector<Token> toks) : toks_(std::move(toks)) {
  if (toks_.empty() || toks_.back().kind != TokenKind::Eof) {
    Token eof;
    eof.kind = TokenKind::Eof;
    toks_.push_back(std::move(eof));
  }
}

Result<ir::Module> Parser::run() {
  stack_base = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  SKIFF_TRY(scan());
  SKIFF_TRY(parse_type_fields());
  SKIFF_TRY(parse_fields());
  return std::move(m_);
}

bool Parser::stack_exhausted() const {
  uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  uintptr_t used = here < stack_base ? stack_base - here : here - stack_base;
  return depth > kMaxNesting || used > kStackBudget;
}

const Token& Parser::peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  if (i >= toks_.size()) i = toks_.size() - 1;
  return toks_[i];
}

const Token& Parser::next() {
  const Token& t = toks_[pos_];
  if (pos_ + 1 < toks_.size()) ++pos_;
  return t;
}

Error Parser::fail(const Token& t, std::string message) const {
  return token_error(t, std::move(message));
}

// Keywords of the text format other than instruction names. Any other keyword
// is an "unknown operator", as the reference interpreter's lexer says.
bool is_known_keyword(std::string_view k) {
  static const std::string_view kWords[] = {
      "module", "definition", "binary", "quote", "instance", "type", "rec", "sub", "final",
      "func", "struct", "array", "field", "mut", "param", "result", "local", "global", "table",
      "memory", "elem", "data", "start", "import", "export", "tag", "offset", "item", "declare",
      "then", "else", "end", "do", "catch", "catch_ref", "catch_all", "catch_all_ref",
      "delegate", "ref", "null", "shared", "pagesize", "i8", "i16", "i32", "i64", "f32", "f64",
      "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "extern", "any", "eq",
      "i31", "exn", "noexn", "nofunc", "noextern", "none", "funcref", "externref", "anyref",
      "eqref", "i31ref", "structref", "arrayref", "exnref", "nullexnref", "nullfuncref",
      "nullexternref", "nullref", "nan:canonical", "nan:arithmetic",
  };
  for (std::string_view w : kWords)
    if (w == k) return true;
  if (k.rfind("offset=", 0) == 0 || k.rfind("align=", 0) == 0) return true;
  ir::Op ops[4];
  return ir::ops_from_text(k, ops) > 0;
}

Error Parser::unexpected(const Token& t) const {
  if (t.kind == TokenKind::Reserved) return fail(t, "unknown operator");
  if (t.kind == TokenKind::Keyword && !is_known_keyword(t.text))
    return fail(t, "unknown operator " + std::string(t.text));
  return fail(t, "unexpected token");
}

Status Parser::expect_lparen() {
  if (!at(TokenKind::LParen)) return unexpected();
  next();
  return {};
}

Status Parser::expect_rparen() {
  if (!at(TokenKind::RParen)) return unexpected();
  next();
  return {};
}

Status Parser::expect_keyword(std::string_view kw) {
  if (!at_keyword(kw)) return unexpected();
  next();
  return {};
}

Status Parser::expect_form(std::string_view kw) {
  SKIFF_TRY(expect_lparen());
  return expect_keyword(kw);
}

void Parser::skip_form() {
  int depth = 0;
  do {
    const Token& t = next();
    if (t.kind == TokenKind::LParen) ++depth;
    else if (t.kind == TokenKind::RParen) --depth;
    else if (t.kind == TokenKind::Eof) return;
  } while (depth > 0);
}

}  // namespace wat
}  // namespace skiff::text
