// Decode errors: the spec testsuite's wording and the byte offset of each.
#include <gtest/gtest.h>

#include "binary_test_util.h"

namespace skiff::binary::test {
namespace {

struct Case {
  const char* what;
  Bytes bytes;
  const char* message;
  int64_t offset;  // -2: don't check
};

void check(const Case& c) {
  auto r = dec(c.bytes);
  ASSERT_FALSE(r.ok()) << c.what << ": decoded";
  EXPECT_EQ(r.error().message, c.message) << c.what;
  if (c.offset != -2) {
    EXPECT_EQ(r.error().offset, c.offset) << c.what;
  }
}

TEST(DecodeErrors, Header) {
  const Case cases[] = {
      {"empty", {}, "unexpected end of section or function", 0},
      {"short magic", {0x00, 0x61, 0x73}, "unexpected end of section or function", 0},
      {"bad magic", {0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0}, "magic header not detected", 0},
      {"no version", {0x00, 0x61, 0x73, 0x6D, 0x01}, "unexpected end of section or function", 4},
      {"version 2", {0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0}, "unknown binary version", 4},
      {"version 0x0d", {0x00, 0x61, 0x73, 0x6D, 0x0D, 0, 0, 0}, "unknown binary version", 4},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, Sections) {
  const Case cases[] = {
      {"id 14", module({B{0x0E, 0x01, 0x00}}), "malformed section id", 8},
      {"id 0x80", module({B{0x80, 0x01, 0x00}}), "malformed section id", 8},
      {"id 0x7f after a section", module({void_type_section(), B{0x7F, 0x00}}),
       "malformed section id", 14},
      {"size past the end", module({B{0x01, 0x05, 0x00}}), "length out of bounds", 9},
      {"size LEB too long", module({B{0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}}),
       "integer representation too long", -2},
      {"size mismatch (too big)", module({section(1, B{0x00, 0x00})}), "section size mismatch", 10},
      {"size mismatch (too small)", module({B{0x01, 0x01, 0x01, 0x60, 0x00, 0x00}}),
       "section size mismatch", 10},
      {"duplicate type section", module({section(1, B{0x00}), section(1, B{0x00})}),
       "unexpected content after last section", 11},
      {"import after function", module({section(3, B{0x00}), section(2, B{0x00})}),
       "unexpected content after last section", 11},
      {"tag after global", module({section(6, B{0x00}), section(13, B{0x00})}),
       "unexpected content after last section", 11},
      {"data count after code", module({section(10, B{0x00}), section(12, B{0x00})}),
       "unexpected content after last section", 11},
      {"two start sections",
       module({void_type_section(), funcs_section(1), section(8, B{0x00}), section(8, B{0x00}),
               code_section({{0x0B}})}),
       "unexpected content after last section", 21},
      {"custom name past its section", module({B{0x00, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e'}}),
       "unexpected end of section or function", -2},
      {"custom size 0", module({B{0x00, 0x00}}), "unexpected end of section or function", -2},
      {"custom name not UTF-8", module({custom("\xFF", B{})}), "malformed UTF-8 encoding", 10},
      {"concatenated modules", module({B().raw(kHeader)}), "length out of bounds", 9},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, Types) {
  const Case cases[] = {
      {"count past the end", module({section(1, B{0x02, 0x60, 0x00, 0x00})}),
       "unexpected end of section or function", -2},
      {"bad comp type", module({section(1, B{0x01, 0x40, 0x00, 0x00})}),
       "malformed definition type", 11},
      {"comp type as 2-byte LEB", module({section(1, B{0x01, 0xE0, 0x7F, 0x00, 0x00})}),
       "integer representation too long", -2},
      {"bad value type", module({section(1, B{0x01, 0x60, 0x01, 0x01, 0x00})}),
       "malformed value type", 13},
      {"packed param", module({section(1, B{0x01, 0x60, 0x01, 0x78, 0x00})}),
       "malformed value type", 13},
      {"bad storage type", module({section(1, B{0x01, 0x5E, 0x01, 0x00})}),
       "malformed storage type", 12},
      {"bad mutability", module({section(1, B{0x01, 0x5E, 0x78, 0x02})}), "malformed mutability",
       13},
      {"bad heap type", module({section(1, B{0x01, 0x60, 0x01, 0x63, 0x40, 0x00})}),
       "malformed heap type", 14},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, ImportsAndEntityTypes) {
  const Case cases[] = {
      {"import kind 5", module({section(2, B().u32(1).str("").str("").u8(0x05))}),
       "malformed import kind", 13},
      {"import kind 0x80", module({section(2, B().u32(1).str("").str("").u8(0x80).u8(0))}),
       "malformed import kind", 13},
      {"import name not UTF-8", module({section(2, B().u32(1).str("\xC0\x80").str("").u8(0).u8(0))}),
       "malformed UTF-8 encoding", 11},
      {"name length out of bounds", module({section(2, B().u32(1).u32(100))}),
       "length out of bounds", 11},
      {"table shared flag", module({section(4, B{0x01, 0x70, 0x02, 0x00, 0x00})}),
       "malformed limits flags", 12},
      {"table page-size flag", module({section(4, B{0x01, 0x70, 0x08, 0x00})}),
       "malformed limits flags", 12},
      {"table flags as LEB", module({section(4, B{0x01, 0x70, 0x81, 0x00, 0x00, 0x00})}),
       "malformed limits flags", 12},
      {"table of i32", module({section(4, B{0x01, 0x7F, 0x00, 0x00})}), "malformed reference type",
       11},
      {"table 0x40 without 0x00", module({section(4, B{0x01, 0x40, 0x01, 0x70, 0x00, 0x00})}),
       "malformed reference type", 11},
      {"memory flags 0x10", module({section(5, B{0x01, 0x10, 0x00})}), "malformed limits flags",
       11},
      {"memory flag 8, cut short", module({section(5, B{0x01, 0x08})}), "malformed limits flags",
       11},
      {"page size 2^65", module({section(5, B{0x01, 0x08, 0x00, 0x41})}),
       "invalid custom page size", 13},
      {"memory min too long",
       module({section(5, B{0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                             0x80, 0x00})}),
       "integer representation too long", -2},
      {"memory max unused bits",
       module({section(5, B{0x01, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                             0x80, 0x10})}),
       "integer too large", -2},
      {"tag attribute 1", module({section(13, B{0x01, 0x01, 0x00})}), "zero byte expected", 11},
      {"global mutability 2", module({section(6, B{0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B})}),
       "malformed mutability", 12},
      {"export kind 5", module({section(7, B().u32(1).str("x").u8(0x05).u8(0))}),
       "malformed export kind", 13},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, ConstantExpressions) {
  const Case cases[] = {
      {"global init without end", module({section(6, B{0x01, 0x7F, 0x00, 0x41, 0x00})}),
       "unexpected end of section or function", -2},
      {"global init illegal opcode", module({section(6, B{0x01, 0x7F, 0x00, 0xFF, 0x0B})}),
       "illegal opcode ff", 13},
      {"elem item illegal opcode",
       module({section(9, B{0x01, 0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B})}), "illegal opcode f3",
       14},
      {"elem flags 8", module({section(9, B{0x01, 0x08})}), "malformed elements segment kind", 11},
      {"elem kind 1", module({section(9, B{0x01, 0x01, 0x01, 0x00})}), "malformed element kind",
       12},
      {"elem type i32", module({section(9, B{0x01, 0x05, 0x7F, 0x00})}),
       "malformed reference type", 12},
      {"data flags 3", module({section(11, B{0x01, 0x03})}), "malformed data segment kind", 11},
      {"data bytes past the end",
       module({section(11, B{0x01, 0x00, 0x41, 0x00, 0x0B, 0x07, 'a', 'b', 'c', 'd', 'e', 'f'})}),
       "unexpected end of section or function", -2},
      {"data bytes length out of bounds",
       module({section(11, B{0x01, 0x01, 0x08, 'a', 'b', 'c', 'd', 'e', 'f'})}),
       "length out of bounds", 12},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, Code) {
  const Bytes head = module({void_type_section(), funcs_section(1)});
  auto with_code = [&](const B& code) {
    Bytes b = head;
    b.insert(b.end(), code.bytes.begin(), code.bytes.end());
    return b;
  };
  // The first instruction: after the code section id, size, count, body size, locals.
  const size_t body_at = head.size() + 5;
  const Case cases[] = {
      {"illegal opcode", with_code(code_section({{0x00, 0xFF, 0x00, 0x0B}})), "illegal opcode ff",
       int64_t(body_at + 1)},
      {"illegal prefixed opcode", with_code(code_section({{0xFC, 0x7F, 0x0B}})),
       "illegal opcode fc 7f", int64_t(body_at)},
      {"missing end at end of input", with_code(code_section({{0x41, 0x01, 0x1A}})),
       "unexpected end of section or function", -2},
      {"else outside if", with_code(code_section({{0x05, 0x0B}})), "END opcode expected",
       int64_t(body_at)},
      {"else twice", with_code(code_section({{0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B}})),
       "END opcode expected", int64_t(body_at + 3)},
      {"catch outside try", with_code(code_section({{0x02, 0x40, 0x07, 0x00, 0x0B, 0x0B}})),
       "END opcode expected", int64_t(body_at + 2)},
      {"catch after catch_all",
       with_code(code_section({{0x06, 0x40, 0x19, 0x07, 0x00, 0x0B, 0x0B}})),
       "END opcode expected", int64_t(body_at + 3)},
      {"delegate after catch",
       with_code(code_section({{0x06, 0x40, 0x07, 0x00, 0x18, 0x00, 0x0B}})),
       "END opcode expected", int64_t(body_at + 4)},
      {"bytes after the final end", with_code(code_section({{0x0B, 0x01}})),
       "section size mismatch", -2},
      {"bad memarg", with_code(code_section({{0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B}})),
       "malformed memop flags", -2},
      {"too many locals",
       with_code(section(10, B{0x01, 0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E,
                               0x0B})),
       "too many locals", int64_t(body_at - 1)},
      {"local count too large",
       with_code(section(10, B{0x01, 0x0A, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x7F, 0x02, 0x7E,
                               0x0B})),
       "integer too large", -2},
      {"function without code", module({void_type_section(), funcs_section(2)}),
       "function and code section have inconsistent lengths", -2},
      {"code without function", module({code_section({{0x0B}})}),
       "function and code section have inconsistent lengths", -2},
      {"body size past the end", with_code(section(10, B{0x01, 0x05, 0x00, 0x0B})),
       "length out of bounds", -2},
  };
  for (const Case& c : cases) check(c);
}

TEST(DecodeErrors, MissingEndLikeTheSpecInterpreter) {
  // The spec interpreter reads on past a body that lacks its `end`.
  Bytes between = module({void_type_section(), funcs_section(2),
                          section(10, B{0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41,
                                        0x01, 0x1A, 0x0B})});
  EXPECT_EQ(dec_err(between), "END opcode expected");
  Bytes before_data = module({void_type_section(), funcs_section(1),
                              section(10, B{0x01, 0x04, 0x00, 0x41, 0x01, 0x1A}),
                              section(11, B{0x01, 0x00})});
  EXPECT_EQ(dec_err(before_data), "section size mismatch");
}

TEST(DecodeErrors, DataCount) {
  B data;
  data.u32(1).raw({0x01}).str("");
  EXPECT_EQ(dec_err(module({section(12, B{0x02}), section(11, data)})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(dec_err(module({section(12, B{0x01})})),
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(dec_err(module({section(12, B{0x00})})), "ok");
  const Bytes uses[] = {
      {0xFC, 0x09, 0x00, 0x0B},                                      // data.drop
      {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B},  // memory.init
      {0x41, 0x00, 0x41, 0x00, 0xFB, 0x09, 0x00, 0x00, 0x1A, 0x0B},  // array.new_data
  };
  for (const Bytes& body : uses) {
    B code;
    code.u32(1).u32(body.size() + 1).u8(0).raw(body);
    auto r = dec(module({void_type_section(), funcs_section(1), section(10, code), section(11, data)}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "data count section required");
  }
}

TEST(DecodeErrors, FunctionIndexInBodyErrors) {
  B imports;
  imports.u32(1).str("m").str("f").raw({0x00, 0x00});
  Bytes bin = module({void_type_section(), section(2, imports), funcs_section(2),
                      code_section({{0x0B}, {0xFF, 0x0B}})});
  auto r = dec(bin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "illegal opcode ff");
  EXPECT_EQ(r.error().func_index, 2);  // one imported function, then the second body
}

}  // namespace
}  // namespace skiff::binary::test
