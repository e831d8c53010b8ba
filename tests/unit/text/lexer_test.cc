#include "text/lexer.h"

#include <gtest/gtest.h>

#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace skiff::text {

void PrintTo(TokenKind k, std::ostream* os) { *os << token_kind_name(k); }

namespace {

using K = TokenKind;

// Lexes all of `src`; stops after Eof or Error (included).
std::vector<Token> lex_all(std::string_view src, bool skip_annots = false) {
  Lexer lx(src);
  lx.set_skip_annotations(skip_annots);
  std::vector<Token> out;
  for (int guard = 0; guard < 10000; ++guard) {
    Token t = lx.next();
    out.push_back(t);
    if (t.kind == K::Eof || t.kind == K::Error) break;
  }
  return out;
}

std::vector<K> kinds(std::string_view src) {
  std::vector<K> out;
  for (const Token& t : lex_all(src)) out.push_back(t.kind);
  return out;
}

// The message of the lexical error in `src`, or "" if none.
std::string lex_error(std::string_view src, bool skip_annots = false) {
  Lexer lx(src);
  lx.set_skip_annotations(skip_annots);
  for (int guard = 0; guard < 10000; ++guard) {
    Token t = lx.next();
    if (t.kind == K::Error) return lx.error().message;
    if (t.kind == K::Eof) return "";
    if (t.kind == K::LParenAt && !skip_annots) {
      Status st = lx.skip_annotation();
      if (!st.ok()) return st.error().message;
    }
  }
  return "<loop>";
}

// The single token of `src` (followed by Eof).
Token single(std::string_view src) {
  auto v = lex_all(src);
  EXPECT_EQ(v.size(), 2u) << src;
  if (v.size() == 2) {
    EXPECT_EQ(v[1].kind, K::Eof) << src;
  }
  return v[0];
}

TEST(Lexer, Empty) {
  EXPECT_EQ(kinds(""), (std::vector<K>{K::Eof}));
  EXPECT_EQ(kinds("  \t\r\n "), (std::vector<K>{K::Eof}));
}

TEST(Lexer, ParensAndKeywords) {
  auto v = lex_all("(module (func $f (param i32) i32.add offset=4 align=8 nan:canonical))");
  std::vector<K> expect = {K::LParen, K::Keyword, K::LParen, K::Keyword, K::Id,
                           K::LParen, K::Keyword, K::Keyword, K::RParen, K::Keyword,
                           K::Keyword, K::Keyword, K::Keyword, K::RParen, K::RParen, K::Eof};
  ASSERT_EQ(v.size(), expect.size());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].kind, expect[i]) << i;
  EXPECT_EQ(v[1].text, "module");
  EXPECT_EQ(v[4].text, "$f");
  EXPECT_EQ(v[4].value, "f");
  EXPECT_EQ(v[9].text, "i32.add");
  EXPECT_EQ(v[10].text, "offset=4");
  EXPECT_EQ(v[11].text, "align=8");
  EXPECT_EQ(v[12].text, "nan:canonical");
  std::string_view rest;
  EXPECT_TRUE(v[10].keyword_with_prefix("offset=", &rest));
  EXPECT_EQ(rest, "4");
  EXPECT_FALSE(v[10].keyword_with_prefix("align=", &rest));
  EXPECT_TRUE(v[1].is_keyword("module"));
  EXPECT_FALSE(v[1].is_keyword("modul"));
}

TEST(Lexer, Numbers) {
  for (const char* s : {"0", "123", "+1", "-1", "0x1F", "-0x8000_0000", "1_000", "1.5",
                        "1.", "-1.e5", "1e10", "1E-10", "0x1p3", "0x1.8P-2", "inf",
                        "-inf", "+nan", "nan", "nan:0x7f_ffff", "-nan:0x1"}) {
    Token t = single(s);
    EXPECT_EQ(t.kind, K::Number) << s;
    EXPECT_EQ(t.text, s);
  }
}

TEST(Lexer, KeywordsThatAreNotNumbers) {
  EXPECT_EQ(single("nan:canonical").kind, K::Keyword);
  EXPECT_EQ(single("nan:arithmetic").kind, K::Keyword);
  EXPECT_EQ(single("nan:1").kind, K::Keyword);      // "unknown operator" in the parser
  EXPECT_EQ(single("infinity").kind, K::Keyword);
  EXPECT_EQ(single("i32.const0").kind, K::Keyword);
  EXPECT_EQ(single("a").kind, K::Keyword);
  EXPECT_EQ(single("nan:0x").kind, K::Keyword);
  EXPECT_EQ(single("nan:0x_1").kind, K::Keyword);
  EXPECT_EQ(single("inf_").kind, K::Keyword);
}

TEST(Lexer, Reserved) {
  // Malformed numbers and glued tokens form one reserved token.
  for (const char* s : {"0x", "1x", "0xg", ".0", ".0e0", "0e", "0e+", "0.0e-", "0x.", "0x0.g",
                        "0x0p", "0x0p+", "0x0pA", "_100", "+_100", "99_", "1__000", "_0x100",
                        "0_x100", "0x_100", "0x00_", "0xff__ffff", "1.0_", "1_.0", "1._0",
                        "1e_1", "1.0e+_1", "1.0e_+1", "0x_1p1", "0x1p_1", "0$x", "0drop",
                        "\"a\"\"b\"", "\"a\"x", "\"a\"0", "0\"a\"", "\"a\"$x", "$l\"a\"",
                        "$\"l\"0", "$\"l\"$l", "$l\"\"", "A", "Abc", "@b", "a,b", ",", "[",
                        "]", "{", "}", "a;b", "+", "-", "=", "+nan:0x", "-inf_"}) {
    Token t = single(s);
    EXPECT_EQ(t.kind, K::Reserved) << s;
    EXPECT_EQ(t.text, s);
  }
}

TEST(Lexer, TokensSeparatedByParensAndComments) {
  EXPECT_EQ(kinds("(func(nop))"),
            (std::vector<K>{K::LParen, K::Keyword, K::LParen, K::Keyword, K::RParen, K::RParen,
                            K::Eof}));
  EXPECT_EQ(kinds("br 0(nop)"),
            (std::vector<K>{K::Keyword, K::Number, K::LParen, K::Keyword, K::RParen, K::Eof}));
  EXPECT_EQ(kinds("(data (i32.const 0)\"a\")").at(6), K::String);
  EXPECT_EQ(kinds("nop;;bla\n"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("$f;;bla"), (std::vector<K>{K::Id, K::Eof}));
  EXPECT_EQ(kinds("\"a\";;bla"), (std::vector<K>{K::String, K::Eof}));
  EXPECT_EQ(kinds("0(;c;)1"), (std::vector<K>{K::Number, K::Number, K::Eof}));
  EXPECT_EQ(kinds("$l$l"), (std::vector<K>{K::Id, K::Eof}));
}

TEST(Lexer, Comments) {
  EXPECT_EQ(kinds(";; line\nnop ;; another\n"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("(; block ;) nop"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("(; outer (; inner ;) still ;) nop"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("(;;)nop"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds("(; ; ( ) ;; ;)nop"), (std::vector<K>{K::Keyword, K::Eof}));
  EXPECT_EQ(kinds(";;"), (std::vector<K>{K::Eof}));
  // Control characters and Unicode are fine inside comments.
  static const char kCommented[] = "(; \x01\x7f Würstchen ;) ;; \x00 é\n";
  EXPECT_EQ(kinds(std::string_view(kCommented, sizeof kCommented - 1)), (std::vector<K>{K::Eof}));
  EXPECT_EQ(lex_error("(; unclosed"), "unclosed comment");
  EXPECT_EQ(lex_error("(; (; ;)"), "unclosed comment");
  EXPECT_EQ(lex_error("(; \xff ;)"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error(";; \xc0\x80\n"), "malformed UTF-8 encoding");
}

TEST(Lexer, LineAndColumn) {
  auto v = lex_all("(module\n  (func)\r\n\t$x\r\"s\" (; a\nb ;) 42");
  ASSERT_EQ(v.size(), 9u);
  EXPECT_EQ(v[0].line, 1u);
  EXPECT_EQ(v[0].column, 1u);
  EXPECT_EQ(v[0].offset, 0u);
  EXPECT_EQ(v[1].column, 2u);
  EXPECT_EQ(v[2].line, 2u);  // (
  EXPECT_EQ(v[2].column, 3u);
  EXPECT_EQ(v[2].offset, 10u);
  EXPECT_EQ(v[3].line, 2u);  // func
  EXPECT_EQ(v[3].column, 4u);
  EXPECT_EQ(v[5].line, 3u);  // $x after CR LF
  EXPECT_EQ(v[5].column, 2u);
  EXPECT_EQ(v[6].line, 4u);  // "s" after a lone CR
  EXPECT_EQ(v[6].column, 1u);
  EXPECT_EQ(v[7].kind, K::Number);  // 42 after a comment spanning a newline
  EXPECT_EQ(v[7].line, 5u);
  EXPECT_EQ(v[7].column, 6u);
  EXPECT_EQ(v[8].kind, K::Eof);
  EXPECT_EQ(v[8].line, 5u);
  EXPECT_EQ(v[8].column, 8u);
}

TEST(Lexer, ErrorPositions) {
  Lexer lx("nop\n  \"abc");
  EXPECT_EQ(lx.next().kind, K::Keyword);
  Token t = lx.next();
  EXPECT_EQ(t.kind, K::Error);
  EXPECT_EQ(lx.error().message, "unclosed string literal");
  EXPECT_EQ(lx.error().line, 2u);
  EXPECT_EQ(lx.error().column, 3u);
  EXPECT_EQ(lx.error().to_string(), "2:3: unclosed string literal");
  // Sticky.
  EXPECT_EQ(lx.next().kind, K::Error);
  EXPECT_EQ(lx.peek().kind, K::Error);

  Lexer lx2("\"ab\\q\"");
  EXPECT_EQ(lx2.next().kind, K::Error);
  EXPECT_EQ(lx2.error().message, "illegal escape");
  EXPECT_EQ(lx2.error().column, 4u);
}

TEST(Lexer, Strings) {
  Token t = single("\"hello\"");
  EXPECT_EQ(t.kind, K::String);
  EXPECT_EQ(t.value, "hello");
  EXPECT_TRUE(t.valid_utf8);
  EXPECT_EQ(t.text, "\"hello\"");

  EXPECT_EQ(single("\"\"").value, "");
  EXPECT_EQ(single("\"\\t\\n\\r\\\"\\'\\\\\"").value, "\t\n\r\"'\\");
  EXPECT_EQ(single("\"\\00\\41\\ff\"").value, std::string("\0A\xff", 3));
  EXPECT_FALSE(single("\"\\ff\"").valid_utf8);
  EXPECT_FALSE(single("\"\\c0\\80\"").valid_utf8);
  EXPECT_TRUE(single("\"\\c3\\a9\"").valid_utf8);
  EXPECT_EQ(single("\"\\u{41}\\u{e9}\\u{20AC}\\u{1F600}\\u{1_F600}\"").value,
            "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
  EXPECT_EQ(single("\"\\u{0}\"").value, std::string("\0", 1));
  EXPECT_EQ(single("\"\\u{10FFFF}\"").value, "\xf4\x8f\xbf\xbf");
  EXPECT_EQ(single("\"\\u{D7FF}\\u{E000}\"").value, "\xed\x9f\xbf\xee\x80\x80");
  EXPECT_EQ(single("\"Heiße Würstchen\"").value, "Heiße Würstchen");
  EXPECT_TRUE(single("\"Heiße Würstchen\"").valid_utf8);

  EXPECT_EQ(lex_error("\"abc"), "unclosed string literal");
  EXPECT_EQ(lex_error("\"abc\ndef\""), "unclosed string literal");
  EXPECT_EQ(lex_error("\"abc\\"), "unclosed string literal");
  EXPECT_EQ(lex_error("\"a\tb\""), "illegal control character in string literal");
  EXPECT_EQ(lex_error("\"a\x7f\""), "illegal control character in string literal");
  EXPECT_EQ(lex_error(std::string_view("\"a\0\"", 4)),
            "illegal control character in string literal");
  EXPECT_EQ(lex_error("\"\\x\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\0\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\0g\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u41\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{D800}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{DFFF}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{110000}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{1000000000000000041}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{_41}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{41_}\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\\u{41\""), "illegal escape");
  EXPECT_EQ(lex_error("\"\x80\""), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\xc0\x80\""), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\xed\xa0\x80\""), "malformed UTF-8 encoding");  // surrogate
  EXPECT_EQ(lex_error("\"\xf4\x90\x80\x80\""), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\"\xe2\x82\""), "malformed UTF-8 encoding");
  // A bad string glued into a run is still an error.
  EXPECT_EQ(lex_error("a\"b"), "unclosed string literal");
}

TEST(Lexer, Ids) {
  Token t = single("$abc!#$%&'*+-./:<=>?@\\^_`|~09AZ");
  EXPECT_EQ(t.kind, K::Id);
  EXPECT_EQ(t.value, "abc!#$%&'*+-./:<=>?@\\^_`|~09AZ");

  t = single("$\"quoted name\"");
  EXPECT_EQ(t.kind, K::Id);
  EXPECT_EQ(t.value, "quoted name");
  EXPECT_EQ(t.text, "$\"quoted name\"");
  EXPECT_EQ(single("$\"\\41\\u{e9}\"").value, "A\xc3\xa9");
  // $"x" and $x denote the same name.
  EXPECT_EQ(single("$\"x\"").value, single("$x").value);

  EXPECT_EQ(lex_error("$"), "empty identifier");
  EXPECT_EQ(lex_error("(func $)"), "empty identifier");
  EXPECT_EQ(lex_error("$ \"a\""), "empty identifier");
  EXPECT_EQ(lex_error("$\"\""), "empty identifier");
  EXPECT_EQ(lex_error("$\"a\nb\""), "empty identifier");
  EXPECT_EQ(lex_error("$\"a\tb\""), "empty identifier");
  EXPECT_EQ(lex_error("$\"\\ef\""), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("$(@a)"), "empty identifier");
  EXPECT_EQ(lex_error("$,"), "empty identifier");
}

TEST(Lexer, IllegalCharacters) {
  EXPECT_EQ(lex_error(std::string_view("\0", 1)), "illegal character");
  EXPECT_EQ(lex_error("nop \x01"), "illegal character");
  EXPECT_EQ(lex_error("\x7f"), "illegal character");
  EXPECT_EQ(lex_error("\x0b"), "illegal character");
  EXPECT_EQ(lex_error("é"), "illegal character");
  EXPECT_EQ(lex_error("\x80"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\xff"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("\xc3"), "malformed UTF-8 encoding");
}

TEST(Lexer, Annotations) {
  Lexer lx("(@custom \"name\" (after)) (@\"quoted id\" x) nop");
  Token t = lx.next();
  EXPECT_EQ(t.kind, K::LParenAt);
  EXPECT_EQ(t.value, "custom");
  EXPECT_EQ(t.text, "(@custom");
  EXPECT_EQ(lx.peek().kind, K::String);  // contents are ordinary tokens
  ASSERT_TRUE(lx.skip_annotation().ok());
  t = lx.next();
  EXPECT_EQ(t.kind, K::LParenAt);
  EXPECT_EQ(t.value, "quoted id");
  ASSERT_TRUE(lx.skip_annotation().ok());
  EXPECT_TRUE(lx.next().is_keyword("nop"));
  EXPECT_EQ(lx.next().kind, K::Eof);

  // As white space.
  auto v = lex_all("(@a) (module (@b (@c) (d \"e\" $f 1.5 0$x ,;[]{} ;; c\n (; c ;))) $g)", true);
  std::vector<K> expect = {K::LParen, K::Keyword, K::Id, K::RParen, K::Eof};
  ASSERT_EQ(v.size(), expect.size());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].kind, expect[i]) << i;
  EXPECT_EQ(kinds("((@a)@b)"),  // `(@a)` then a reserved `@b` in the token stream
            (std::vector<K>{K::LParen, K::LParenAt, K::RParen, K::Reserved, K::RParen, K::Eof}));
  EXPECT_EQ(lex_all("((@a)@b)", true).at(1).kind, K::Reserved);
  EXPECT_EQ(kinds("( @a)"), (std::vector<K>{K::LParen, K::Reserved, K::RParen, K::Eof}));

  EXPECT_EQ(lex_error("(@a \\00)"), "");  // reserved token `\00` is fine inside
  EXPECT_EQ(lex_error(std::string_view("(@a \0)", 6)), "illegal character");
  EXPECT_EQ(lex_error("(@a \x01)"), "illegal character");
  EXPECT_EQ(lex_error("(@a \x7f)"), "illegal character");
  EXPECT_EQ(lex_error("(@a \x80)"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(@a \xff)"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(@a Heiße Würstchen)"), "illegal character");
  EXPECT_EQ(lex_error("(@a \t\n\r )"), "");
  EXPECT_EQ(lex_error("(@)"), "empty annotation id");
  EXPECT_EQ(lex_error("(@ )"), "empty annotation id");
  EXPECT_EQ(lex_error("(@ x)"), "empty annotation id");
  EXPECT_EQ(lex_error("(@(@a)x)"), "empty annotation id");
  EXPECT_EQ(lex_error("(@\"\")"), "empty annotation id");
  EXPECT_EQ(lex_error("(@ \"a\")"), "empty annotation id");
  EXPECT_EQ(lex_error("(@\"\n\")"), "empty annotation id");
  EXPECT_EQ(lex_error("(@\"\\ef\")"), "malformed UTF-8 encoding");
  EXPECT_EQ(lex_error("(@x "), "unclosed annotation");
  EXPECT_EQ(lex_error("(@x ()"), "unclosed annotation");
  EXPECT_EQ(lex_error("(@x (y (z))"), "unclosed annotation");
  EXPECT_EQ(lex_error("(@x (@y )"), "unclosed annotation");
  EXPECT_EQ(lex_error("(@x (@y )", true), "unclosed annotation");
  EXPECT_EQ(lex_error("(@x \""), "unclosed string literal");
  EXPECT_EQ(lex_error("(@x \")"), "unclosed string literal");
  EXPECT_EQ(lex_error("(@x (; )"), "unclosed comment");
  EXPECT_EQ(lex_error("(@x $)"), "empty identifier");

  // "unclosed annotation" is placed at the annotation's start.
  Lexer lx2("nop\n  (@x (y)");
  lx2.next();
  EXPECT_EQ(lx2.next().kind, K::LParenAt);
  Status st = lx2.skip_annotation();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().line, 2u);
  EXPECT_EQ(st.error().column, 3u);
}

// Inside an annotation's body, `(@` without an id is `(` plus a reserved run
// starting at `@` (reference interpreter, `annot` rule); at top level it stays
// "empty annotation id".
TEST(Lexer, NestedAnnotationBodies) {
  for (bool skip : {false, true}) {
    SCOPED_TRACE(skip);
    EXPECT_EQ(lex_error("(@a @ @x (@x) (@x y) (@) (@ x) (@(@(@(@)))))", skip), "");
    EXPECT_EQ(lex_error("(@a (@))", skip), "");
    EXPECT_EQ(lex_error("(@a (@ ))", skip), "");
    EXPECT_EQ(lex_error("(@a (@ \"a\"))", skip), "");
    EXPECT_EQ(lex_error("(@a (@;; c\n))", skip), "");
    EXPECT_EQ(lex_error("(@a (@(; c ;)))", skip), "");
    EXPECT_EQ(lex_error("(@a (x (@) y))", skip), "");
    EXPECT_EQ(lex_error("(@a (@\"b\" (@)))", skip), "");
    // Balance still counts the fallback `(`.
    EXPECT_EQ(lex_error("(@a (@)", skip), "unclosed annotation");
    EXPECT_EQ(lex_error("(@a (@(@))", skip), "unclosed annotation");
    EXPECT_EQ(lex_error("(@a (@(@(@(@))))", skip), "unclosed annotation");
    // A quoted id must still be well-formed; a bad string is a string error.
    EXPECT_EQ(lex_error("(@a (@\"\"))", skip), "empty annotation id");
    EXPECT_EQ(lex_error("(@a (@\"\\ef\"))", skip), "malformed UTF-8 encoding");
    EXPECT_EQ(lex_error("(@a (@\"\n\"))", skip), "unclosed string literal");
    EXPECT_EQ(lex_error("(@a (@\"\\q\"))", skip), "illegal escape");
    EXPECT_EQ(lex_error("(@a (@ $))", skip), "empty identifier");
    // Top level is unchanged.
    EXPECT_EQ(lex_error("(@)", skip), "empty annotation id");
    EXPECT_EQ(lex_error("(@ x)", skip), "empty annotation id");
    EXPECT_EQ(lex_error("(@(@a)x)", skip), "empty annotation id");
    EXPECT_EQ(lex_error("(@a) (@)", skip), "empty annotation id");
  }

  // The whole body is consumed: the next token follows the outer `)`.
  Lexer lx("(@a (@) (@ x) (@(@(@(@))))) nop (@)");
  ASSERT_EQ(lx.next().kind, K::LParenAt);
  ASSERT_TRUE(lx.skip_annotation().ok());
  EXPECT_TRUE(lx.next().is_keyword("nop"));
  EXPECT_EQ(lx.next().kind, K::Error);
  EXPECT_EQ(lx.error().message, "empty annotation id");
  EXPECT_EQ(lx.error().column, 33u);

  // As white space, including inside a module.
  auto v = lex_all("(module (@a (@) (@ x) @ (@(@))) $m)", true);
  std::vector<K> expect = {K::LParen, K::Keyword, K::Id, K::RParen, K::Eof};
  ASSERT_EQ(v.size(), expect.size());
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].kind, expect[i]) << i;
}

TEST(Lexer, PeekNextStateRestore) {
  Lexer lx("(a b) c");
  EXPECT_EQ(lx.peek().kind, K::LParen);
  EXPECT_EQ(lx.peek().kind, K::LParen);
  Lexer::State s0 = lx.state();
  EXPECT_EQ(lx.next().kind, K::LParen);
  Lexer::State s1 = lx.state();
  EXPECT_EQ(lx.next().text, "a");
  EXPECT_EQ(lx.peek().text, "b");
  lx.restore(s1);
  EXPECT_EQ(lx.peek().text, "a");
  EXPECT_EQ(lx.next().text, "a");
  EXPECT_EQ(lx.next().text, "b");
  lx.restore(s0);
  EXPECT_EQ(lx.next().kind, K::LParen);
  EXPECT_EQ(lx.next().text, "a");
  EXPECT_EQ(lx.next().text, "b");
  EXPECT_EQ(lx.next().kind, K::RParen);
  EXPECT_EQ(lx.next().text, "c");
  EXPECT_EQ(lx.next().kind, K::Eof);
  EXPECT_EQ(lx.next().kind, K::Eof);
  // Restoring out of an error state works too.
  Lexer lx2("a \"b");
  Lexer::State s = lx2.state();
  lx2.next();
  EXPECT_EQ(lx2.next().kind, K::Error);
  lx2.restore(s);
  EXPECT_EQ(lx2.next().text, "a");
}

TEST(Lexer, NoCrashOnArbitraryBytes) {
  // Every short byte string lexes to Eof or Error without crashing.
  const char alphabet[] = {'(', ')', ';', '"', '\\', '$', '@', 'a', '0', 'x', '.', '_',
                           '\n', '\r', ' ', '{', 'u', '\x80', '\xc3', '\0'};
  const size_t n = sizeof alphabet;
  std::string s;
  for (size_t len = 1; len <= 4; ++len) {
    size_t total = 1;
    for (size_t i = 0; i < len; ++i) total *= n;
    for (size_t k = 0; k < total; ++k) {
      s.clear();
      size_t x = k;
      for (size_t i = 0; i < len; ++i) {
        s.push_back(alphabet[x % n]);
        x /= n;
      }
      lex_error(s);
      lex_error(s, true);
    }
  }
}

TEST(Lexer, RandomLongInputs) {
  std::mt19937 rng(2024);
  const char alphabet[] = "()(;;)\"\\$@ax0._\n\r\t ;u{}é\x80\x01,";
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    size_t len = rng() % 200;
    for (size_t k = 0; k < len; ++k) s.push_back(alphabet[rng() % (sizeof alphabet - 1)]);
    Lexer lx(s);
    uint32_t last_offset = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      Token t = lx.next();
      ASSERT_GE(t.offset, last_offset);
      ASSERT_LE(t.offset + t.text.size(), s.size());
      last_offset = t.offset;
      if (t.kind == K::Eof || t.kind == K::Error) break;
      if (t.kind == K::LParenAt && (rng() & 1)) {
        if (!lx.skip_annotation().ok()) break;
      }
    }
    lex_error(s, true);
  }
}

}  // namespace
}  // namespace skiff::text
