// WAST script parser (see wast.h for the grammar and the contract).
//
// Design note. The script level is a small recursive-descent parser over the
// shared Lexer. Text modules are handed to the WAT parser (parse_wat_module)
// with the lexer positioned at the module's `(`; when the WAT parser fails, the
// error is stored in the command and the lexer is rewound to just after
// `(module` and the form is skipped by balancing parentheses, so one bad module
// does not hide the rest of the script. Binary and quoted modules are only
// collected here; decoding / parsing them is the runner's job (assert_malformed
// needs the error at run time, as in the reference interpreter).
#include "text/wast.h"

#include <utility>

#include "text/lexer.h"
#include "text/literals.h"
#include "text/wat_parser.h"

namespace skiff::text {

namespace {

using Kind = Command::Kind;

class WastParser {
 public:
  explicit WastParser(std::string_view src) : src_(src), lex_(src_) {}

  Result<Script> run() {
    Script script;
    if (inline_module()) {
      // A script that is just module fields is one module (reference "sugar").
      Command c;
      c.kind = Kind::Module;
      c.line = lex_.peek().line;
      WastModule& m = c.module.emplace();
      m.line = c.line;
      auto parsed = parse_module_fields(lex_);
      if (!parsed.ok()) return std::move(parsed).error();
      m.module = std::move(*parsed);
      Token end = lex_.next();
      if (end.kind != TokenKind::Eof) return lex_or(end, "end of input");
      script.commands.push_back(std::move(c));
      return script;
    }
    while (true) {
      const Token& t = lex_.peek();
      if (t.kind == TokenKind::Eof) break;
      SKIFF_TRY(command(script.commands));
    }
    return script;
  }

 private:
  // ---- tokens ---------------------------------------------------------------

  Error lex_or(const Token& t, const char* what) {
    if (t.kind == TokenKind::Error) return lex_.error();
    return token_error(t, std::string("unexpected token, expected ") + what);
  }

  Status expect(TokenKind k, const char* what) {
    Token t = lex_.next();
    if (t.kind != k) return lex_or(t, what);
    return {};
  }
  Status lparen() { return expect(TokenKind::LParen, "'('"); }
  Status rparen() { return expect(TokenKind::RParen, "')'"); }

  // True when the script starts with a module field rather than a command.
  bool inline_module() {
    if (lex_.peek().kind != TokenKind::LParen) return false;
    Lexer::State s = lex_.state();
    lex_.next();
    const Token& t = lex_.peek();
    bool field = false;
    if (t.kind == TokenKind::Keyword) {
      static constexpr std::string_view kFields[] = {
          "type", "rec", "import", "func", "table", "memory", "global",
          "export", "start", "elem", "data", "tag"};
      for (std::string_view f : kFields) field |= t.text == f;
    }
    lex_.restore(s);
    return field;
  }

  // Keyword after an already-peeked `(`: true when the form is `(kw`.
  bool peek_form(std::string_view kw) {
    if (lex_.peek().kind != TokenKind::LParen) return false;
    Lexer::State s = lex_.state();
    lex_.next();
    bool yes = lex_.peek().is_keyword(kw);
    lex_.restore(s);
    return yes;
  }

  // Optional `$id`: returns "$name" or "".
  std::string opt_id() {
    const Token& t = lex_.peek();
    if (t.kind != TokenKind::Id) return {};
    return std::string(lex_.next().text);
  }

  Result<std::string> string_tok(const char* what) {
    Token t = lex_.next();
    if (t.kind != TokenKind::String) return lex_or(t, what);
    return std::move(t.value);
  }

  // Skips the rest of a form whose `(` was consumed, through its matching `)`.
  Status skip_rest() {
    int depth = 1;
    while (depth > 0) {
      Token t = lex_.next();
      switch (t.kind) {
        case TokenKind::LParen: ++depth; break;
        case TokenKind::RParen: --depth; break;
        case TokenKind::LParenAt: SKIFF_TRY(lex_.skip_annotation()); break;
        case TokenKind::Eof: return token_error(t, "unclosed parenthesis");
        case TokenKind::Error: return lex_.error();
        default: break;
      }
    }
    return {};
  }

  // ---- commands -------------------------------------------------------------

  Status command(std::vector<Command>& out) {
    Lexer::State start = lex_.state();
    Token open = lex_.next();
    if (open.kind == TokenKind::LParenAt) return lex_.skip_annotation();
    if (open.kind != TokenKind::LParen) return lex_or(open, "a command");
    while (lex_.peek().kind == TokenKind::LParenAt) {  // `((@a) module ...)`
      lex_.next();
      SKIFF_TRY(lex_.skip_annotation());
    }
    Token head = lex_.peek();
    if (head.kind != TokenKind::Keyword) return lex_or(head, "a command");
    Command c;
    c.line = open.line;
    std::string_view kw = head.text;
    if (kw == "module") {
      lex_.next();
      if (lex_.peek().is_keyword("instance")) {
        lex_.next();
        c.kind = Kind::Instance;
        SKIFF_TRY(instance_rest(c));
      } else {
        c.kind = Kind::Module;
        SKIFF_TRY(module_rest(start, open, c.module.emplace()));
      }
      out.push_back(std::move(c));
      return {};
    }
    lex_.next();
    if (kw == "register") {
      c.kind = Kind::Register;
      auto name = string_tok("a string");
      SKIFF_TRY(name);
      c.name = std::move(*name);
      c.instance_id = opt_id();
      SKIFF_TRY(rparen());
    } else if (kw == "invoke" || kw == "get") {
      c.kind = Kind::Action;
      SKIFF_TRY(action_rest(open, kw, c.action));
    } else if (kw == "assert_return") {
      c.kind = Kind::AssertReturn;
      SKIFF_TRY(action(c.action));
      while (lex_.peek().kind == TokenKind::LParen) {
        auto r = result();
        SKIFF_TRY(r);
        c.results.push_back(std::move(*r));
      }
      SKIFF_TRY(rparen());
    } else if (kw == "assert_trap") {
      if (peek_form("module")) {
        c.kind = Kind::AssertUninstantiable;
        SKIFF_TRY(module_or_instance(c));
      } else {
        c.kind = Kind::AssertTrap;
        SKIFF_TRY(action(c.action));
      }
      SKIFF_TRY(message(c));
    } else if (kw == "assert_exhaustion") {
      c.kind = Kind::AssertExhaustion;
      SKIFF_TRY(action(c.action));
      SKIFF_TRY(message(c));
    } else if (kw == "assert_exception") {
      c.kind = Kind::AssertException;
      SKIFF_TRY(action(c.action));
      SKIFF_TRY(rparen());
    } else if (kw == "assert_malformed" || kw == "assert_invalid") {
      c.kind = kw == "assert_malformed" ? Kind::AssertMalformed : Kind::AssertInvalid;
      SKIFF_TRY(module_form(c.module.emplace()));
      SKIFF_TRY(message(c));
    } else if (kw == "assert_malformed_custom" || kw == "assert_invalid_custom") {
      c.kind = kw == "assert_malformed_custom" ? Kind::AssertMalformedCustom
                                               : Kind::AssertInvalidCustom;
      SKIFF_TRY(module_form(c.module.emplace()));
      SKIFF_TRY(message(c));
    } else if (kw == "assert_unlinkable" || kw == "assert_uninstantiable") {
      c.kind = kw == "assert_unlinkable" ? Kind::AssertUnlinkable : Kind::AssertUninstantiable;
      SKIFF_TRY(module_or_instance(c));
      SKIFF_TRY(message(c));
    } else if (kw == "thread") {
      c.kind = Kind::Thread;
      c.instance_id = opt_id();
      while (peek_form("shared")) {
        lex_.next();
        lex_.next();
        SKIFF_TRY(lparen());
        Token m = lex_.next();
        if (!m.is_keyword("module")) return lex_or(m, "'module'");
        std::string id = opt_id();
        if (id.empty()) return lex_or(lex_.peek(), "a module name");
        c.shared.push_back(std::move(id));
        SKIFF_TRY(rparen());
        SKIFF_TRY(rparen());
      }
      while (lex_.peek().kind != TokenKind::RParen) {
        SKIFF_TRY(command(c.body));
      }
      SKIFF_TRY(rparen());
    } else if (kw == "wait") {
      c.kind = Kind::Wait;
      c.instance_id = opt_id();
      if (c.instance_id.empty()) return lex_or(lex_.peek(), "a thread name");
      SKIFF_TRY(rparen());
    } else if (kw == "script") {
      // A named sub-script: its commands run in place.
      opt_id();
      while (lex_.peek().kind != TokenKind::RParen) SKIFF_TRY(command(out));
      return rparen();
    } else if (kw == "input" || kw == "output") {
      // Meta commands reading / writing files: not supported, ignored.
      return skip_rest();
    } else {
      return token_error(head, "unknown command '" + std::string(kw) + "'");
    }
    out.push_back(std::move(c));
    return {};
  }

  Status message(Command& c) {
    auto s = string_tok("a failure message");
    SKIFF_TRY(s);
    c.message = std::move(*s);
    return rparen();
  }

  // `$inst? $mod? )` after `(module instance`.
  Status instance_rest(Command& c) {
    std::string a = opt_id();
    std::string b = opt_id();
    if (b.empty()) {
      c.module_id = std::move(a);
    } else {
      c.instance_id = std::move(a);
      c.module_id = std::move(b);
    }
    return rparen();
  }

  // A module form or `(module instance ...)`, for assert_unlinkable / assert_trap.
  Status module_or_instance(Command& c) {
    Lexer::State s = lex_.state();
    Token open = lex_.next();
    if (open.kind != TokenKind::LParen) return lex_or(open, "a module");
    Token m = lex_.next();
    if (!m.is_keyword("module")) return lex_or(m, "a module");
    if (lex_.peek().is_keyword("instance")) {
      lex_.next();
      c.is_instance = true;
      return instance_rest(c);
    }
    lex_.restore(s);
    return module_form(c.module.emplace());
  }

  // `(module ...)` in any of its script forms.
  Status module_form(WastModule& m) {
    Lexer::State start = lex_.state();
    Token open = lex_.next();
    if (open.kind != TokenKind::LParen) return lex_or(open, "a module");
    Token kw = lex_.next();
    if (!kw.is_keyword("module")) return lex_or(kw, "a module");
    return module_rest(start, open, m);
  }

  // The rest of a module form after `(module`; `open` is its `(`, which starts
  // at lexer state `start`.
  Status module_rest(Lexer::State start, const Token& open, WastModule& m) {
    m.line = open.line;
    Lexer::State after_kw = lex_.state();
    if (lex_.peek().is_keyword("definition")) {
      lex_.next();
      m.definition = true;
    }
    m.id = opt_id();
    const Token& t = lex_.peek();
    if (t.is_keyword("binary") || t.is_keyword("quote")) {
      bool binary = t.is_keyword("binary");
      lex_.next();
      m.form = binary ? WastModule::Form::Binary : WastModule::Form::Quote;
      std::string all;
      while (lex_.peek().kind == TokenKind::String) all += lex_.next().value;
      if (binary) {
        m.bytes.assign(all.begin(), all.end());
      } else {
        m.text = std::move(all);
      }
      return rparen();
    }
    // A text module: the WAT parser reads the whole form again from its `(`.
    m.form = WastModule::Form::Text;
    lex_.restore(start);
    auto parsed = parse_module_form(lex_);
    if (parsed.ok()) {
      m.module = std::move(*parsed);
      return {};
    }
    m.error = std::move(parsed).error();
    lex_.restore(after_kw);
    return skip_rest();
  }

  // ---- actions and values ---------------------------------------------------

  Status action(WastAction& a) {
    Token open = lex_.next();
    if (open.kind != TokenKind::LParen) return lex_or(open, "an action");
    Token kw = lex_.next();
    if (!kw.is_keyword("invoke") && !kw.is_keyword("get")) return lex_or(kw, "an action");
    return action_rest(open, kw.text, a);
  }

  Status action_rest(const Token& open, std::string_view kw, WastAction& a) {
    a.line = open.line;
    a.kind = kw == "get" ? WastAction::Kind::Get : WastAction::Kind::Invoke;
    a.instance = opt_id();
    auto name = string_tok("an export name");
    SKIFF_TRY(name);
    a.name = std::move(*name);
    if (a.kind == WastAction::Kind::Invoke) {
      while (lex_.peek().kind == TokenKind::LParen) {
        auto v = value();
        SKIFF_TRY(v);
        a.args.push_back(std::move(*v));
      }
    }
    return rparen();
  }

  Result<Token> number_tok() {
    Token t = lex_.next();
    if (t.kind != TokenKind::Number) return lex_or(t, "a number");
    return t;
  }

  template <class T>
  Result<uint64_t> placed(const Token& t, Result<T> r) {
    if (!r.ok()) return token_error(t, r.error().message);
    return uint64_t(*r);
  }

  // One lane / scalar of the given number type, by the bits of the type.
  Result<uint64_t> number(char type, unsigned bits) {
    auto t = number_tok();
    SKIFF_TRY(t);
    std::string_view s = t->text;
    if (type == 'f') {
      if (bits == 32) return placed(*t, parse_f32(s));
      return placed(*t, parse_f64(s));
    }
    return placed(*t, parse_int(s, bits, IntForm::Any));
  }

  // A pattern for one number: a value or nan:canonical / nan:arithmetic.
  Result<LanePattern> number_pattern(char type, unsigned bits) {
    LanePattern p;
    const Token& t = lex_.peek();
    if (type == 'f' && (t.is_keyword("nan:canonical") || t.is_keyword("nan:arithmetic"))) {
      p.nan = t.is_keyword("nan:canonical") ? NanPattern::Canonical : NanPattern::Arithmetic;
      lex_.next();
      return p;
    }
    auto v = number(type, bits);
    SKIFF_TRY(v);
    p.bits = *v;
    return p;
  }

  static bool scalar_type(std::string_view op, WastValue::Kind* kind, char* type,
                          unsigned* bits) {
    if (op == "i32.const") *kind = WastValue::Kind::I32, *type = 'i', *bits = 32;
    else if (op == "i64.const") *kind = WastValue::Kind::I64, *type = 'i', *bits = 64;
    else if (op == "f32.const") *kind = WastValue::Kind::F32, *type = 'f', *bits = 32;
    else if (op == "f64.const") *kind = WastValue::Kind::F64, *type = 'f', *bits = 64;
    else return false;
    return true;
  }

  Result<V128Shape> shape() {
    Token t = lex_.next();
    if (t.kind == TokenKind::Keyword) {
      static constexpr std::pair<std::string_view, V128Shape> kShapes[] = {
          {"i8x16", V128Shape::I8x16}, {"i16x8", V128Shape::I16x8},
          {"i32x4", V128Shape::I32x4}, {"i64x2", V128Shape::I64x2},
          {"f32x4", V128Shape::F32x4}, {"f64x2", V128Shape::F64x2}};
      for (auto& [name, s] : kShapes) {
        if (t.text == name) return s;
      }
    }
    return lex_or(t, "a vector shape");
  }

  static char shape_type(V128Shape s) {
    return s == V128Shape::F32x4 || s == V128Shape::F64x2 ? 'f' : 'i';
  }

  static void store_lane(uint8_t* v, V128Shape s, unsigned i, uint64_t bits) {
    unsigned n = lane_bytes(s);
    for (unsigned b = 0; b < n; ++b) v[i * n + b] = uint8_t(bits >> (8 * b));
  }

  Result<ir::HeapType> heap_type(std::string* name) {
    Token t = lex_.next();
    if (t.kind == TokenKind::Id) {
      *name = std::string(t.text);
      return ir::HeapType::concrete(0);
    }
    if (t.kind == TokenKind::Number) {
      auto i = parse_u32(t.text);
      if (!i.ok()) return token_error(t, i.error().message);
      return ir::HeapType::concrete(*i);
    }
    if (t.kind == TokenKind::Keyword) {
      using HK = ir::HeapKind;
      static constexpr std::pair<std::string_view, HK> kHeaps[] = {
          {"func", HK::Func},       {"extern", HK::Extern}, {"any", HK::Any},
          {"eq", HK::Eq},           {"i31", HK::I31},       {"struct", HK::Struct},
          {"array", HK::Array},     {"exn", HK::Exn},       {"noexn", HK::NoExn},
          {"nofunc", HK::NoFunc},   {"noextern", HK::NoExtern}, {"none", HK::None}};
      for (auto& [kw, k] : kHeaps) {
        if (t.text == kw) return ir::HeapType::abstract(k);
      }
    }
    return lex_or(t, "a heap type");
  }

  // A constant argument: `(` was peeked.
  Result<WastValue> value() {
    SKIFF_TRY(lparen());
    Token op = lex_.next();
    WastValue v;
    char type;
    unsigned bits;
    if (op.kind != TokenKind::Keyword) return lex_or(op, "a constant");
    if (scalar_type(op.text, &v.kind, &type, &bits)) {
      auto n = number(type, bits);
      SKIFF_TRY(n);
      v.bits = *n;
    } else if (op.text == "v128.const") {
      v.kind = WastValue::Kind::V128;
      auto s = shape();
      SKIFF_TRY(s);
      for (unsigned i = 0; i < lane_count(*s); ++i) {
        auto n = number(shape_type(*s), lane_bytes(*s) * 8);
        SKIFF_TRY(n);
        store_lane(v.v128, *s, i, *n);
      }
    } else if (op.text == "ref.null") {
      v.kind = WastValue::Kind::RefNull;
      auto h = heap_type(&v.heap_name);
      SKIFF_TRY(h);
      v.heap = *h;
    } else if (op.text == "ref.extern" || op.text == "ref.host") {
      v.kind = op.text == "ref.extern" ? WastValue::Kind::RefExtern : WastValue::Kind::RefHost;
      auto t = number_tok();
      SKIFF_TRY(t);
      auto n = placed(*t, parse_u32(t->text));
      SKIFF_TRY(n);
      v.bits = *n;
    } else {
      return token_error(op, "unexpected token, expected a constant");
    }
    SKIFF_TRY(rparen());
    return v;
  }

  // An expected result: `(` was peeked.
  Result<WastResult> result() {
    SKIFF_TRY(lparen());
    Token op = lex_.next();
    if (op.kind != TokenKind::Keyword) return lex_or(op, "a result");
    WastResult r;
    using RK = WastResult::Kind;
    WastValue::Kind vk;
    char type;
    unsigned bits;
    std::string_view s = op.text;
    if (scalar_type(s, &vk, &type, &bits)) {
      r.kind = RK(uint8_t(vk));  // I32..F64 share their order
      auto p = number_pattern(type, bits);
      SKIFF_TRY(p);
      r.num = *p;
    } else if (s == "v128.const") {
      r.kind = RK::V128;
      auto sh = shape();
      SKIFF_TRY(sh);
      r.shape = *sh;
      for (unsigned i = 0; i < lane_count(*sh); ++i) {
        auto p = number_pattern(shape_type(*sh), lane_bytes(*sh) * 8);
        SKIFF_TRY(p);
        r.lanes[i] = *p;
      }
    } else if (s == "ref.null") {
      r.kind = RK::RefNull;
      if (lex_.peek().kind != TokenKind::RParen) {
        auto h = heap_type(&r.heap_name);
        SKIFF_TRY(h);
        r.heap = *h;
        r.has_heap = true;
      }
    } else if (s == "ref.extern" || s == "ref.host") {
      r.kind = s == "ref.extern" ? RK::RefExtern : RK::RefHost;
      if (lex_.peek().kind == TokenKind::Number) {
        Token t = lex_.next();
        auto n = placed(t, parse_u32(t.text));
        SKIFF_TRY(n);
        r.has_number = true;
        r.number = uint32_t(*n);
      } else if (r.kind == RK::RefHost) {
        return lex_or(lex_.peek(), "a number");
      }
    } else if (s == "ref.func") {
      r.kind = RK::RefFunc;
      // Older scripts wrote (ref.func $f) / (ref.func 3): any funcref matches.
      if (lex_.peek().kind == TokenKind::Id || lex_.peek().kind == TokenKind::Number) {
        lex_.next();
      }
    } else if (s == "ref.struct") {
      r.kind = RK::RefStruct;
    } else if (s == "ref.array") {
      r.kind = RK::RefArray;
    } else if (s == "ref.i31") {
      r.kind = RK::RefI31;
    } else if (s == "ref.eq") {
      r.kind = RK::RefEq;
    } else if (s == "ref.any" || s == "ref") {
      r.kind = RK::RefAny;
    } else if (s == "ref.exn") {
      r.kind = RK::RefExn;
    } else if (s == "either") {
      r.kind = RK::Either;
      while (lex_.peek().kind == TokenKind::LParen) {
        auto alt = result();
        SKIFF_TRY(alt);
        r.either.push_back(std::move(*alt));
      }
      if (r.either.empty()) return lex_or(lex_.peek(), "a result");
    } else {
      return token_error(op, "unexpected token, expected a result");
    }
    SKIFF_TRY(rparen());
    return r;
  }

  std::string_view src_;
  Lexer lex_;
};

}  // namespace

Result<Script> parse_wast(std::string_view text) {
  WastParser p(text);
  return p.run();
}

}  // namespace skiff::text
