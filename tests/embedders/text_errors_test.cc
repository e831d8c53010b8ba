// Validation errors of text modules point at line:column of the instruction (the
// parser's source map), through Module::compile_text and Module::from_file.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "skiff/skiff.hpp"

namespace {

struct Place {
  std::string message;
  uint32_t line, column;
};

Place error_of(const char* wat) {
  skiff::Engine engine;
  auto m = skiff::Module::compile_text(engine, wat);
  EXPECT_FALSE(m.ok());
  if (m.ok()) return {"", 0, 0};
  EXPECT_EQ(m.error().offset, -1) << m.error().to_string();
  return {m.error().message, m.error().line, m.error().column};
}

TEST(TextErrors, TypeMismatchInAFoldedInstruction) {
  Place p = error_of(
      "(module\n"
      "  (func (result i32)\n"
      "    (i32.add (i32.const 1) (i64.const 2))))\n");
  EXPECT_EQ(p.message, "type mismatch: instruction requires [i32 i32] but stack has [i32 i64]");
  EXPECT_EQ(p.line, 3u);
  EXPECT_EQ(p.column, 6u);
}

TEST(TextErrors, TypeMismatchInFlatCode) {
  Place p = error_of(
      "(module\n"
      "  (func (param i64) (result i32)\n"
      "    i32.const 1\n"
      "    local.get 0\n"
      "    i32.sub))\n");
  EXPECT_EQ(p.message, "type mismatch: instruction requires [i32 i32] but stack has [i32 i64]");
  EXPECT_EQ(p.line, 5u);
  EXPECT_EQ(p.column, 5u);
}

TEST(TextErrors, ResultMissingAtTheEndOfTheFunction) {
  // The implicit `end` is the function's closing parenthesis.
  Place p = error_of(
      "(module\n"
      "  (func (result i32)\n"
      "    nop\n"
      "  ))\n");
  EXPECT_EQ(p.message, "type mismatch: instruction requires [i32] but stack has []");
  EXPECT_EQ(p.line, 4u);
  EXPECT_EQ(p.column, 3u);
}

TEST(TextErrors, BadAlignment) {
  Place p = error_of(
      "(module (memory 1)\n"
      "  (func\n"
      "    (drop (i32.load align=8 (i32.const 0)))))\n");
  EXPECT_EQ(p.message, "alignment must not be larger than natural");
  EXPECT_EQ(p.line, 3u);
  EXPECT_EQ(p.column, 12u);
}

TEST(TextErrors, UnknownGlobalIndexInTheSecondFunction) {
  Place p = error_of(
      "(module\n"
      "  (func)\n"
      "  (func (result i32)\n"
      "    block (result i32)\n"
      "      global.get 3\n"
      "    end))\n");
  EXPECT_EQ(p.message.rfind("unknown global", 0), 0u) << p.message;
  EXPECT_EQ(p.line, 5u);
  EXPECT_EQ(p.column, 7u);
}

TEST(TextErrors, ConstantExpressionOfAGlobal) {
  Place p = error_of(
      "(module\n"
      "  (global i32\n"
      "    (i64.const 0)))\n");
  EXPECT_EQ(p.message, "type mismatch: instruction requires [i32] but stack has [i64]");
  EXPECT_EQ(p.line, 3u);
}

TEST(TextErrors, ErrorsWithoutAnInstructionKeepNoPlace) {
  skiff::Engine engine;
  auto m = skiff::Module::compile_text(engine,
                                       "(module (func (export \"a\")) (func (export \"a\")))");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().line, 0u);
  EXPECT_EQ(m.error().message, "duplicate export name \"a\"");
}

TEST(TextErrors, FromFileToo) {
  std::string path = ::testing::TempDir() + "/skiff_text_error.wat";
  {
    std::ofstream out(path);
    out << "(module\n  (func (result f32)\n    (f64.const 1)))\n";
  }
  skiff::Engine engine;
  auto m = skiff::Module::from_file(engine, path);
  std::remove(path.c_str());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "type mismatch: instruction requires [f32] but stack has [f64]");
  EXPECT_EQ(m.error().line, 3u);
  EXPECT_EQ(m.error().to_string().rfind("3:", 0), 0u) << m.error().to_string();
}

}  // namespace
