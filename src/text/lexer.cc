#include "text/lexer.h"

#include <limits>
#include <utility>

#include "text/literals.h"

namespace skiff::text {

namespace {

bool is_hexdigit(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

unsigned hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

const char* token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::Eof: return "end of input";
    case TokenKind::LParen: return "(";
    case TokenKind::RParen: return ")";
    case TokenKind::LParenAt: return "annotation";
    case TokenKind::Keyword: return "keyword";
    case TokenKind::Id: return "identifier";
    case TokenKind::String: return "string";
    case TokenKind::Number: return "number";
    case TokenKind::Reserved: return "reserved token";
    case TokenKind::Error: return "error";
  }
  return "?";
}

bool Token::keyword_with_prefix(std::string_view prefix, std::string_view* rest) const {
  if (kind != TokenKind::Keyword || text.size() < prefix.size() ||
      text.substr(0, prefix.size()) != prefix)
    return false;
  if (rest) *rest = text.substr(prefix.size());
  return true;
}

Error token_error(const Token& t, std::string message) {
  Error e = make_text_error(std::move(message), t.line, t.column);
  return e;
}

bool is_idchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

size_t utf8_sequence_length(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  auto at = [&](size_t k) -> unsigned { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  auto cont = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
  unsigned b0 = at(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(at(1)) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    unsigned b1 = at(1);
    bool ok1 = b0 == 0xE0 ? (b1 >= 0xA0 && b1 <= 0xBF)
             : b0 == 0xED ? (b1 >= 0x80 && b1 <= 0x9F)
                          : cont(b1);
    return ok1 && cont(at(2)) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    unsigned b1 = at(1);
    bool ok1 = b0 == 0xF0 ? (b1 >= 0x90 && b1 <= 0xBF)
             : b0 == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F)
                          : cont(b1);
    return ok1 && cont(at(2)) && cont(at(3)) ? 4 : 0;
  }
  return 0;
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// ---------------------------------------------------------------------------

Lexer::Lexer(std::string_view source) : src_(source) {
  if (src_.size() > std::numeric_limits<uint32_t>::max() - 1) {
    // Offsets are 32-bit; refuse absurdly large sources up front.
    src_ = src_.substr(0, 0);
    oversized_ = true;
  }
}

void Lexer::restore(State s) {
  cur_ = s;
  has_peek_ = false;
}

Token Lexer::make_error_at(uint32_t pos, uint32_t line, uint32_t line_start,
                           std::string message) {
  Token t;
  t.kind = TokenKind::Error;
  t.line = line;
  t.column = pos - line_start + 1;
  t.offset = pos;
  t.text = src_.substr(pos, 0);
  error_ = make_text_error(std::move(message), t.line, t.column);
  return t;
}

Token Lexer::make_error(const State& at, std::string message) {
  return make_error_at(at.pos, at.line, at.line_start, std::move(message));
}

const Token& Lexer::peek() {
  if (!has_peek_) {
    after_peek_ = cur_;
    peeked_ = lex(after_peek_);
    has_peek_ = true;
  }
  return peeked_;
}

Token Lexer::next() {
  peek();
  if (peeked_.kind == TokenKind::Eof || peeked_.kind == TokenKind::Error) return peeked_;
  cur_ = after_peek_;
  has_peek_ = false;
  if (peeked_.kind == TokenKind::LParenAt) last_at_ = peeked_;
  return std::move(peeked_);
}

Status Lexer::skip_annotation() {
  has_peek_ = false;
  State s = cur_;
  Status st = annotation_body(s, last_at_);
  if (!st.ok()) return st;
  cur_ = s;
  return st;
}

Status Lexer::annotation_body(State& s, const Token& open) {
  uint32_t depth = 1;
  while (true) {
    Token t = lex_one(s, /*in_annotation=*/true);
    switch (t.kind) {
      case TokenKind::Error:
        return error_;
      case TokenKind::Eof:
        error_ = make_text_error("unclosed annotation", open.line, open.column);
        return error_;
      case TokenKind::LParen:
      case TokenKind::LParenAt:
        ++depth;
        break;
      case TokenKind::RParen:
        if (--depth == 0) return {};
        break;
      default:
        break;
    }
  }
}

Token Lexer::lex(State& s) {
  while (true) {
    Token t = lex_one(s);
    if (t.kind != TokenKind::LParenAt || !skip_annotations_) return t;
    Status st = annotation_body(s, t);
    if (!st.ok()) {
      Token e;
      e.kind = TokenKind::Error;
      e.line = error_.line;
      e.column = error_.column;
      e.offset = s.pos;
      return e;
    }
  }
}

// Consumes one newline (LF, CR or CR LF) at s.pos.
static void take_newline(std::string_view src, Lexer::State& s) {
  if (src[s.pos] == '\r' && s.pos + 1 < src.size() && src[s.pos + 1] == '\n') ++s.pos;
  ++s.pos;
  ++s.line;
  s.line_start = s.pos;
}

bool Lexer::skip_block_comment(State& s, Token* err) {
  // s.pos is at "(;".
  State start = s;
  s.pos += 2;
  uint32_t depth = 1;
  const size_t n = src_.size();
  while (true) {
    if (s.pos >= n) {
      *err = make_error(start, "unclosed comment");
      return false;
    }
    unsigned char c = static_cast<unsigned char>(src_[s.pos]);
    if (c == '(' && s.pos + 1 < n && src_[s.pos + 1] == ';') {
      s.pos += 2;
      ++depth;
    } else if (c == ';' && s.pos + 1 < n && src_[s.pos + 1] == ')') {
      s.pos += 2;
      if (--depth == 0) return true;
    } else if (c == '\n' || c == '\r') {
      take_newline(src_, s);
    } else if (c < 0x80) {
      ++s.pos;
    } else {
      size_t len = utf8_sequence_length(src_, s.pos);
      if (len == 0) {
        *err = make_error(s, "malformed UTF-8 encoding");
        return false;
      }
      s.pos += static_cast<uint32_t>(len);
    }
  }
}

bool Lexer::skip_space(State& s, Token* err) {
  const size_t n = src_.size();
  while (s.pos < n) {
    unsigned char c = static_cast<unsigned char>(src_[s.pos]);
    if (c == ' ' || c == '\t') {
      ++s.pos;
    } else if (c == '\n' || c == '\r') {
      take_newline(src_, s);
    } else if (c == ';' && s.pos + 1 < n && src_[s.pos + 1] == ';') {
      s.pos += 2;
      while (s.pos < n) {
        unsigned char d = static_cast<unsigned char>(src_[s.pos]);
        if (d == '\n' || d == '\r') break;  // the newline itself is taken above
        if (d < 0x80) {
          ++s.pos;
          continue;
        }
        size_t len = utf8_sequence_length(src_, s.pos);
        if (len == 0) {
          *err = make_error(s, "malformed UTF-8 encoding");
          return false;
        }
        s.pos += static_cast<uint32_t>(len);
      }
    } else if (c == '(' && s.pos + 1 < n && src_[s.pos + 1] == ';') {
      if (!skip_block_comment(s, err)) return false;
    } else {
      break;
    }
  }
  return true;
}

bool Lexer::lex_string(State& s, std::string* out, bool* valid_utf8, Token* err) {
  // s.pos is at the opening quote; strings never span lines.
  const State start = s;
  const size_t n = src_.size();
  bool raw_bytes = false;
  ++s.pos;
  while (true) {
    if (s.pos >= n) {
      *err = make_error(start, "unclosed string literal");
      return false;
    }
    unsigned char c = static_cast<unsigned char>(src_[s.pos]);
    if (c == '"') {
      ++s.pos;
      break;
    }
    if (c == '\n' || c == '\r') {
      *err = make_error(start, "unclosed string literal");
      return false;
    }
    if (c < 0x20 || c == 0x7F) {
      *err = make_error(s, "illegal control character in string literal");
      return false;
    }
    if (c >= 0x80) {
      size_t len = utf8_sequence_length(src_, s.pos);
      if (len == 0) {
        *err = make_error(s, "malformed UTF-8 encoding");
        return false;
      }
      out->append(src_.data() + s.pos, len);
      s.pos += static_cast<uint32_t>(len);
      continue;
    }
    if (c != '\\') {
      out->push_back(static_cast<char>(c));
      ++s.pos;
      continue;
    }
    // Escape sequence.
    const State esc = s;
    if (s.pos + 1 >= n) {
      *err = make_error(start, "unclosed string literal");
      return false;
    }
    unsigned char e = static_cast<unsigned char>(src_[s.pos + 1]);
    switch (e) {
      case 't': out->push_back('\t'); s.pos += 2; continue;
      case 'n': out->push_back('\n'); s.pos += 2; continue;
      case 'r': out->push_back('\r'); s.pos += 2; continue;
      case '"': out->push_back('"'); s.pos += 2; continue;
      case '\'': out->push_back('\''); s.pos += 2; continue;
      case '\\': out->push_back('\\'); s.pos += 2; continue;
      default: break;
    }
    if (e == 'u') {
      // \u{hexnum}, hexnum with `_` only between digits.
      size_t i = s.pos + 2;
      if (i >= n || src_[i] != '{') {
        *err = make_error(esc, "illegal escape");
        return false;
      }
      ++i;
      uint32_t cp = 0;
      bool any = false, too_big = false, prev_digit = false;
      while (i < n) {
        unsigned char d = static_cast<unsigned char>(src_[i]);
        if (is_hexdigit(d)) {
          if (cp > 0x10FFFF) too_big = true;
          else cp = cp * 16 + hexval(d);
          any = prev_digit = true;
          ++i;
        } else if (d == '_' && prev_digit && i + 1 < n &&
                   is_hexdigit(static_cast<unsigned char>(src_[i + 1]))) {
          prev_digit = false;
          ++i;
        } else {
          break;
        }
      }
      if (!any || i >= n || src_[i] != '}' || too_big || cp >= 0x110000 ||
          (cp >= 0xD800 && cp < 0xE000)) {
        *err = make_error(esc, "illegal escape");
        return false;
      }
      append_utf8(out, cp);
      s.pos = static_cast<uint32_t>(i + 1);
      continue;
    }
    if (is_hexdigit(e) && s.pos + 2 < n &&
        is_hexdigit(static_cast<unsigned char>(src_[s.pos + 2]))) {
      unsigned v = hexval(e) * 16 + hexval(static_cast<unsigned char>(src_[s.pos + 2]));
      out->push_back(static_cast<char>(v));
      if (v >= 0x80) raw_bytes = true;
      s.pos += 3;
      continue;
    }
    *err = make_error(esc, "illegal escape");
    return false;
  }
  *valid_utf8 = raw_bytes ? is_valid_utf8(*out) : true;
  return true;
}

bool Lexer::at_run_char(const State& s) const {
  if (s.pos >= src_.size()) return false;
  unsigned char c = static_cast<unsigned char>(src_[s.pos]);
  if (is_idchar(c)) return true;
  switch (c) {
    case '"': case ',': case '[': case ']': case '{': case '}':
      return true;
    case ';':
      return !(s.pos + 1 < src_.size() && src_[s.pos + 1] == ';');
    default:
      return false;
  }
}

bool Lexer::scan_run(State& s, bool* pure, Token* err) {
  while (at_run_char(s)) {
    unsigned char c = static_cast<unsigned char>(src_[s.pos]);
    if (is_idchar(c)) {
      ++s.pos;
    } else if (c == '"') {
      *pure = false;
      std::string ignored;
      bool valid = true;
      if (!lex_string(s, &ignored, &valid, err)) return false;
    } else {
      *pure = false;
      ++s.pos;
    }
  }
  return true;
}

Token Lexer::lex_one(State& s, bool in_annotation) {
  if (oversized_) return make_error(s, "source too large");
  Token err;
  if (!skip_space(s, &err)) return err;

  const State start = s;
  const size_t n = src_.size();
  Token t;
  t.line = start.line;
  t.column = start.pos - start.line_start + 1;
  t.offset = start.pos;
  auto finish = [&](TokenKind kind) -> Token {
    t.kind = kind;
    t.text = src_.substr(start.pos, s.pos - start.pos);
    return std::move(t);
  };
  auto reserved_rest = [&]() -> Token {
    bool pure = true;
    if (!scan_run(s, &pure, &err)) return err;
    return finish(TokenKind::Reserved);
  };

  if (s.pos >= n) return finish(TokenKind::Eof);
  unsigned char c = static_cast<unsigned char>(src_[s.pos]);

  if (c == '(') {
    if (s.pos + 1 < n && src_[s.pos + 1] == '@') {
      // Inside an annotation, `(@` without an id falls back to a plain `(`
      // (s is rewound to just past it; the `@...` is lexed next as a run).
      auto no_id = [&]() -> Token {
        if (!in_annotation) return make_error(start, "empty annotation id");
        s = start;
        ++s.pos;
        t.value.clear();
        return finish(TokenKind::LParen);
      };
      s.pos += 2;
      if (s.pos < n && src_[s.pos] == '"') {
        bool valid = true;
        if (!lex_string(s, &t.value, &valid, &err)) return no_id();
        if (t.value.empty()) return make_error(start, "empty annotation id");
        if (!valid) return make_error(start, "malformed UTF-8 encoding");
      } else {
        uint32_t id_start = s.pos;
        while (s.pos < n && is_idchar(static_cast<unsigned char>(src_[s.pos]))) ++s.pos;
        if (s.pos == id_start) return no_id();
        t.value.assign(src_.data() + id_start, s.pos - id_start);
      }
      return finish(TokenKind::LParenAt);
    }
    ++s.pos;
    return finish(TokenKind::LParen);
  }
  if (c == ')') {
    ++s.pos;
    return finish(TokenKind::RParen);
  }
  if (c == '"') {
    if (!lex_string(s, &t.value, &t.valid_utf8, &err)) return err;
    if (at_run_char(s)) {
      t.value.clear();
      t.valid_utf8 = true;
      return reserved_rest();
    }
    return finish(TokenKind::String);
  }
  if (c == '$') {
    ++s.pos;
    if (s.pos < n && src_[s.pos] == '"') {
      bool valid = true;
      if (!lex_string(s, &t.value, &valid, &err)) return make_error(start, "empty identifier");
      if (at_run_char(s)) {
        t.value.clear();
        return reserved_rest();
      }
      if (t.value.empty()) return make_error(start, "empty identifier");
      if (!valid) return make_error(start, "malformed UTF-8 encoding");
      return finish(TokenKind::Id);
    }
    if (s.pos < n && is_idchar(static_cast<unsigned char>(src_[s.pos]))) {
      bool pure = true;
      if (!scan_run(s, &pure, &err)) return err;
      if (!pure) return finish(TokenKind::Reserved);
      t.value.assign(src_.data() + start.pos + 1, s.pos - start.pos - 1);
      return finish(TokenKind::Id);
    }
    return make_error(start, "empty identifier");
  }
  if (at_run_char(s)) {
    bool pure = true;
    if (!scan_run(s, &pure, &err)) return err;
    std::string_view text = src_.substr(start.pos, s.pos - start.pos);
    if (pure) {
      if (classify_number(text)) return finish(TokenKind::Number);
      if (c >= 'a' && c <= 'z') return finish(TokenKind::Keyword);
    }
    return finish(TokenKind::Reserved);
  }
  if (c >= 0x80 && utf8_sequence_length(src_, s.pos) == 0)
    return make_error(start, "malformed UTF-8 encoding");
  return make_error(start, "illegal character");
}

}  // namespace skiff::text
