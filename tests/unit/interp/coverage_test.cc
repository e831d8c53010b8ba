// The interpreter handles every instruction of WebAssembly 3.0 but GC objects and
// the threads proposal: every op with a fixed signature in opcodes.def is a pure op
// (pure_ops.def), a memory access (memops.def), or one of the hand-written cases.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "interp/code.h"
#include "ir/opcode.h"

namespace skiff::interp {
namespace {

TEST(InterpCoverage, EveryFixedSignatureOpHasAHandler) {
  std::set<std::string> handled;
#define ADD(N) handled.insert(#N);
#define PURE1(N, ...) ADD(N)
#define PURE2(N, ...) ADD(N)
#define PURE3(N, ...) ADD(N)
#define TRAP1(N, ...) ADD(N)
#define TRAP2(N, ...) ADD(N)
#define EXTRACT(N, ...) ADD(N)
#define REPLACE(N, ...) ADD(N)
#define SHUFFLE(N, ...) ADD(N)
#define WIDE2(N, ...) ADD(N)
#define WIDE4(N, ...) ADD(N)
#include "interp/pure_ops.def"
#define LOAD(N, ...) ADD(N)
#define STORE(N, ...) ADD(N)
#define LOADLANE(N, ...) ADD(N)
#define STORELANE(N, ...) ADD(N)
#include "interp/memops.def"
  // Fixed-signature ops the translator handles itself.
  for (const char* n : {"Nop", "I32Const", "I64Const", "F32Const", "F64Const", "V128Const"})
    handled.insert(n);
  std::vector<std::string> names = {
#define SKIFF_OP(name, text, prefix, code, imm, sig, align) #name,
#include "ir/opcodes.def"
#undef SKIFF_OP
  };
  unsigned checked = 0;
  for (unsigned i = 0; i < ir::kOpCount; ++i) {
    const ir::OpInfo& info = ir::op_info(ir::Op(i));
    if (info.sig == "*" || info.prefix == 0xFE) continue;  // hand-typed ops; threads
    ++checked;
    EXPECT_TRUE(handled.count(names[i])) << names[i] << " has no interpreter handler";
  }
  EXPECT_GT(checked, 400u);
}

}  // namespace
}  // namespace skiff::interp
