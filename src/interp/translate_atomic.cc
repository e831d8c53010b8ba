// Translation of the threads proposal's instructions (atomic accesses, wait,
// notify, fence). One generic layout: [dst,] operands..., memory, offset lo, hi
// (see atomic_ops.def and iops.def); no fusion, no constant folding of the address.
#include "interp/translator.h"

namespace skiff::interp::detail {

void Translator::atomic_access(const ir::Instr& in, const Event& e, IOp op) {
  const uint32_t base = e.base;
  if (op == IOp::AtomicFence) {
    emit_n(op, nullptr, 0);
    return;
  }
  const ir::MemArg& ma = in.mem;
  uint32_t f[8];
  uint32_t n = 0;
  if (!e.pushed.empty()) f[n++] = off_[base];
  for (uint32_t i = 0; i < e.popped.size(); ++i) f[n++] = use(base + i);
  f[n++] = ma.memory;
  f[n++] = uint32_t(ma.offset);
  f[n++] = uint32_t(ma.offset >> 32);
  uint32_t at_instr = emit_n(op, f, n);
  push_natural(base, e.pushed);
  if (e.pushed.size() == 1) note_dst(at_instr, base);
}

}  // namespace skiff::interp::detail
