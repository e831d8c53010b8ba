// Lexer for the WebAssembly text format (spec 3.0, text/lexical + text/values).
//
// Tokens are formed by the longest-match rule over "runs": a maximal sequence of
// idchars, string literals and the stray characters , ; [ ] { } (a `;` only when
// it does not start a `;;` comment). A run that is exactly one keyword, number,
// identifier or string becomes that token; any other run is one Reserved token
// (so `0$x`, `"a""b"`, `$l"a"`, `1_000_`, `0x` are Reserved and the parser
// reports "unknown operator"). Parentheses, white space and comments separate
// runs. Keywords that spell a float (`inf`, `nan`, `nan:0x1`) are Number tokens;
// `nan:canonical` and `nan:arithmetic` stay Keywords.
//
// Usage: peek() / next() never throw; a lexical error yields a token of kind
// Error whose details are in error() (sticky: the lexer stays on the error).
// A parser typically checks `if (t.kind == TokenKind::Error) return lex.error();`.
// state()/restore() give cheap backtracking.
//
// Annotations `(@id ...)` come as one LParenAt token (value = the id); after
// taking it, skip_annotation() consumes the rest up to the matching `)`. With
// set_skip_annotations(true) the lexer treats whole annotations as white space.
// Inside an annotation's body a `(@` not followed by an id (`(@)`, `(@ x)`,
// `(@(`) is just `(` and a reserved run starting at `@`; at top level it is
// "empty annotation id". `(@""` and `(@"<bad UTF-8>"` are errors everywhere.
//
// Error wording follows the reference interpreter where a spec test checks it:
// "unclosed string literal", "illegal escape", "illegal character",
// "malformed UTF-8 encoding", "empty identifier", "empty annotation id",
// "unclosed annotation", "unclosed comment". (A stray control or non-ASCII
// character is "illegal character" everywhere; the reference says "misplaced
// ..." outside annotations, which no spec test checks.) As in the reference,
// `$` or `(@` followed by a string that fails to lex is "empty identifier" /
// "empty annotation id".
//
// Token::text views into the source, which must outlive the tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/result.h"

namespace skiff::text {

enum class TokenKind : uint8_t {
  Eof,
  LParen,    // (
  RParen,    // )
  LParenAt,  // (@id  -- value holds the annotation id (decoded if quoted)
  Keyword,   // starts with a-z: module, i32.add, offset=4, nan:canonical
  Id,        // $name or $"name" -- value holds the name without `$`, decoded
  String,    // "..." -- value holds the decoded bytes
  Number,    // integer or float literal incl. sign, inf, nan, nan:0x..; see literals.h
  Reserved,  // any other run; the parser reports "unknown operator"
  Error,     // lexical error; see Lexer::error()
};

const char* token_kind_name(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::Eof;
  // Raw source text of the token (for LParenAt: "(@id", for Id: "$name").
  std::string_view text;
  // Decoded value for Id, String and LParenAt; empty otherwise.
  std::string value;
  // String only: whether `value` is valid UTF-8 (a name must be). Always true
  // for Id and LParenAt (the lexer rejects invalid UTF-8 there).
  bool valid_utf8 = true;
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in bytes
  uint32_t offset = 0;  // byte offset of the token's first character

  bool is(TokenKind k) const { return kind == k; }
  bool is_keyword(std::string_view kw) const { return kind == TokenKind::Keyword && text == kw; }
  // For Keyword tokens of the form `<prefix><rest>` (e.g. "offset=" + "0x10"):
  // true and sets *rest when text starts with prefix.
  bool keyword_with_prefix(std::string_view prefix, std::string_view* rest) const;
};

// An Error placed at a token (for the parser's "unexpected token" & co).
[[gnu::cold]] Error token_error(const Token& t, std::string message);

class Lexer {
 public:
  // A position in the source; cheap to copy. Only valid for the lexer (source)
  // that produced it.
  struct State {
    uint32_t pos = 0;
    uint32_t line = 1;
    uint32_t line_start = 0;  // offset of the first byte of `line`
  };

  explicit Lexer(std::string_view source);

  // The next token, without consuming it.
  const Token& peek();
  // The next token, consumed. At Eof or Error keeps returning the same token.
  Token next();
  // The error behind an Error token (valid after peek()/next() returned one).
  const Error& error() const { return error_; }

  // Call right after next() returned LParenAt: consumes the annotation's
  // contents through its matching `)`. Nested parens and annotations must
  // balance; strings and comments inside must be well-formed.
  Status skip_annotation();

  // Treat annotations as white space (LParenAt is then never returned).
  void set_skip_annotations(bool on) { skip_annotations_ = on; has_peek_ = false; }

  // Position before the next (un-consumed) token; restore() rewinds to it.
  State state() const { return cur_; }
  void restore(State s);

  std::string_view source() const { return src_; }

 private:
  // Lexes one token starting at `s`, updating `s` to just past it.
  Token lex(State& s);
  // One token. With in_annotation (inside an annotation's body), `(@` without
  // a well-formed id is a plain `(` and the `@...` after it an ordinary run,
  // as in the reference's `annot` rule; elsewhere it is "empty annotation id".
  Token lex_one(State& s, bool in_annotation = false);
  bool skip_space(State& s, Token* err);
  bool skip_block_comment(State& s, Token* err);
  // String literal starting at the `"` at s.pos. On success appends the decoded
  // bytes to *out and advances s; on failure fills *err (s unspecified).
  bool lex_string(State& s, std::string* out, bool* valid_utf8, Token* err);
  // Scans the rest of a run from s.pos; *pure becomes false if the run holds
  // anything but idchars. Returns false (with *err) on a bad string inside.
  bool scan_run(State& s, bool* pure, Token* err);
  bool at_run_char(const State& s) const;
  Token make_error(const State& at, std::string message);
  Token make_error_at(uint32_t pos, uint32_t line, uint32_t line_start, std::string message);
  Status annotation_body(State& s, const Token& open);

  std::string_view src_;
  State cur_;
  State after_peek_;
  Token peeked_;
  bool has_peek_ = false;
  bool skip_annotations_ = false;
  bool oversized_ = false;
  Error error_;
  // Position of the last LParenAt returned by next(), for "unclosed annotation".
  Token last_at_;
};

// UTF-8 helpers shared with the parser.
// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 if malformed.
size_t utf8_sequence_length(std::string_view s, size_t i);
bool is_valid_utf8(std::string_view s);

// The spec's idchar set.
bool is_idchar(unsigned char c);

}  // namespace skiff::text
