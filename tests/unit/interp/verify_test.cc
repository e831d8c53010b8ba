// The translated-code verifier (src/interp/verify.h): it accepts what the
// translator emits and rejects each kind of broken code it is there to catch.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "interp/exec.h"
#include "interp/translate.h"
#include "interp/verify.h"
#include "text/wat_parser.h"

namespace skiff::interp {
namespace {

const char* kModule = R"((module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (tag $e (param i32))
  (func $f (export "f") (param i32) (result i32) (local i32)
    (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
    (block (result i32)
      (br_if 0 (local.get 1) (i32.lt_u (local.get 0) (i32.const 10)))
      (drop)
      (i32.load (local.get 0)))
    (global.set $g (local.get 1))
    (try_table (result i32) (catch $e 0) (local.get 1))
    (i32.add)))
)";

struct Translated {
  std::shared_ptr<const rt::CompiledModule> cm;
  std::unique_ptr<Code> code;
};

Translated translate_f() {
  auto m = text::parse_wat(kModule);
  EXPECT_TRUE(m.ok());
  auto cm = rt::CompiledModule::compile(std::move(*m));
  EXPECT_TRUE(cm.ok());
  TranslateOptions opts;
  opts.verify = false;
  auto code = translate(**cm, 0, detail::handler_table(), opts);
  EXPECT_TRUE(code.ok());
  return {*cm, std::move(*code)};
}

// Finds the first instruction `op` in `c`; its byte offset.
uint32_t find(const Code& c, IOp op) {
  const void* want = detail::handler_table()[unsigned(op)];
  const uint8_t* p = c.begin();
  uint32_t at = 0;
  while (at < c.size_bytes()) {
    const void* h;
    std::memcpy(&h, p + at, 8);
    unsigned o = 0;
    while (detail::handler_table()[o] != h) ++o;
    if (h == want) return at;
    uint32_t fields = kOpInfo[o].fields;
    if (IOp(o) == IOp::BrTable) {
      uint32_t n;
      std::memcpy(&n, p + at + kOpHeader + 4, 4);
      fields = 2 + n + 1;
    }
    at += instr_bytes(fields);
  }
  ADD_FAILURE() << kOpInfo[unsigned(op)].text << " not found";
  return 0;
}

void set_field(Code& c, uint32_t instr, uint32_t i, uint32_t v) {
  std::memcpy(reinterpret_cast<uint8_t*>(c.words.data()) + instr + kOpHeader + 4 * i, &v, 4);
}
uint32_t get_field(const Code& c, uint32_t instr, uint32_t i) {
  uint32_t v;
  std::memcpy(&v, c.begin() + instr + kOpHeader + 4 * i, 4);
  return v;
}

std::string verify(const Translated& t) {
  Status s = verify_code(*t.code, *t.cm, detail::handler_table());
  return s.ok() ? "ok" : s.error().message;
}

TEST(CodeVerifier, AcceptsTranslatedCode) {
  Translated t = translate_f();
  const uint64_t before = verified_function_count();
  EXPECT_EQ(verify(t), "ok");
  EXPECT_EQ(verified_function_count(), before + 1);
}

TEST(CodeVerifier, LayoutsMatchFieldCounts) {
  for (unsigned i = 0; i < unsigned(IOp::Count_); ++i)
    EXPECT_EQ(std::strlen(kOpInfo[i].layout), kOpInfo[i].fields) << kOpInfo[i].text;
}

TEST(CodeVerifier, RejectsABranchIntoAnInstruction) {
  Translated t = translate_f();
  // Whatever the conditional branch is (fused or not), its target is its last field.
  uint32_t at = find(*t.code, IOp::Br);
  set_field(*t.code, at, 0, get_field(*t.code, at, 0) + 8);
  EXPECT_NE(verify(t).find("is not the start of an instruction"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsABranchOutsideTheCode) {
  Translated t = translate_f();
  uint32_t at = find(*t.code, IOp::Br);
  set_field(*t.code, at, 0, uint32_t(-int32_t(at)));  // to `enter`
  EXPECT_NE(verify(t).find("branch target @0"), std::string::npos) << verify(t);
  set_field(*t.code, at, 0, 1u << 20);
  EXPECT_NE(verify(t).find("is not the start"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsASlotOutsideTheFrame) {
  Translated t = translate_f();
  uint32_t at = find(*t.code, IOp::GlobalSet64);
  set_field(*t.code, at, 1, t.code->frame_bytes);
  EXPECT_NE(verify(t).find("outside the"), std::string::npos) << verify(t);
  set_field(*t.code, at, 1, 4);  // misaligned
  EXPECT_NE(verify(t).find("outside the"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsAnIndexOutOfRange) {
  Translated t = translate_f();
  uint32_t at = find(*t.code, IOp::GlobalSet64);
  set_field(*t.code, at, 0, 1);
  EXPECT_NE(verify(t).find("global index 1 out of range"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsAnUnknownHandler) {
  Translated t = translate_f();
  uint32_t at = find(*t.code, IOp::GlobalSet64);
  const void* bogus = reinterpret_cast<const uint8_t*>(detail::handler_table()[0]) + 1;
  std::memcpy(reinterpret_cast<uint8_t*>(t.code->words.data()) + at, &bogus, 8);
  EXPECT_NE(verify(t).find("not a handler address"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsCodeThatFallsOffItsEnd) {
  Translated t = translate_f();
  // Drop the final `return`.
  t.code->words.pop_back();
  EXPECT_NE(verify(t).find("falls through"), std::string::npos) << verify(t);
}

TEST(CodeVerifier, RejectsBadRegionsAndCatches) {
  Translated t = translate_f();
  ASSERT_EQ(t.code->regions.size(), 1u);
  Translated u = translate_f();
  u.code->regions[0].end += 8;  // inside the instruction after the body
  EXPECT_NE(verify(u).find("instruction boundaries"), std::string::npos) << verify(u);
  Translated v = translate_f();
  v.code->regions[0].catches[0].target += 4;
  EXPECT_NE(verify(v).find("catch target"), std::string::npos) << verify(v);
  Translated w = translate_f();
  w.code->regions[0].catches[0].dst = w.code->frame_bytes;
  EXPECT_NE(verify(w).find("catch payload"), std::string::npos) << verify(w);
  Translated x = translate_f();
  x.code->regions[0].parent = 0;
  EXPECT_NE(verify(x).find("bad parent"), std::string::npos) << verify(x);
}

TEST(CodeVerifier, RejectsAnEnterThatDisagreesWithTheFrame) {
  Translated t = translate_f();
  t.code->frame_bytes += 8;
  EXPECT_NE(verify(t).find("enter disagrees"), std::string::npos) << verify(t);
}

}  // namespace
}  // namespace skiff::interp
