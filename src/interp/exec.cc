// The interpreter loop: one function, direct-threaded with computed goto (GCC and
// Clang). Each instruction starts with its handler's address (code.h); a handler
// reads its fields at pc, does its work with the op's semantics from src/semantics,
// and jumps to the next handler. The hot state lives in locals the compiler keeps
// in registers: pc, fp (frame base), the running instance and memory 0's base and
// size (reloaded after calls, returns and memory.grow).
//
// Handlers are grouped by family in exec_*.inc files, textually included into the
// body of run(); they share its locals and macros.
#include "interp/exec.h"

#include <cstring>
#include <string>

#include "interp/exec_support.h"
#include "interp/fault_handler.h"
#include "interp/frame_state.h"
#include "interp/gc_cast.h"
#include "interp/guarded_access.h"
#include "interp/interpreter.h"
#include "interp/op_profile.h"
#include "ir/opcode.h"
#include "runtime/instance.h"
#include "runtime/wait_queue.h"
#include "semantics/semantics.h"

namespace skiff::interp::detail {

namespace {

using sem::TrapKind;
using sem::V128;
using U32 = uint32_t;
using U64 = uint64_t;
using F32 = float;
using F64 = double;

const void* const* g_handlers = nullptr;

template <class T>
[[gnu::always_inline]] inline T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
[[gnu::always_inline]] inline void store_le(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// Slot reads and writes. 32-bit values are stored zero-extended to 64 bits, so a
// slot can always be copied and read as a u64 (addresses of any memory type).
template <class T>
[[gnu::always_inline]] inline T rd(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
template <class T>
[[gnu::always_inline]] inline void wr(uint8_t* p, T v) {
  if constexpr (sizeof(T) == 4) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    uint64_t w = b;
    std::memcpy(p, &w, 8);
  } else {
    std::memcpy(p, &v, sizeof(T));
  }
}

}  // namespace

namespace {

// The loop itself; run() below wraps it with the fault-handler entry point.
// `resume` (a checkpoint's frames, frame_state.cc) replaces the entry's fresh frame.
[[gnu::noinline]] sem::TrapKind run_loop(ExecState& st, rt::Func* entry, uint8_t* fp,
                                         const std::vector<ResumeFrame>* resume) {
  static const void* const kLabels[] = {
#define IOP(name, text, layout) &&L_##name,
#include "interp/iops.def"
#undef IOP
  };
  if (!entry) {
    g_handlers = kLabels;
    return TrapKind::None;
  }

// Field i of the current instruction; slot operands.
#define F(i) load_le<uint32_t>(pc + kOpHeader + 4 * (i))
#define S(i) (fp + F(i))
#ifdef SKIFF_OP_PROFILE
#define DISPATCH()                                 \
  do {                                             \
    op_profile_hit(load_le<const void*>(pc));      \
    goto* load_le<const void*>(pc);                \
  } while (0)
#else
#define DISPATCH() goto* load_le<const void*>(pc)
#endif
#define NEXT(fields)               \
  do {                             \
    pc += instr_bytes(fields);     \
    DISPATCH();                    \
  } while (0)
#define TRAP(kind)      \
  do {                  \
    trap = (kind);      \
    goto trap_exit;     \
  } while (0)
#define LOAD_MEM()                                                   \
  do {                                                               \
    if (!inst->memories.empty()) {                                   \
      rt::Memory* m0_ = inst->memories[0];                           \
      mbase = m0_->data();                                           \
      msize = m0_->size_bytes();                                     \
    }                                                                \
  } while (0)

  const uint8_t* pc = nullptr;
  rt::Func* cur = entry;
  rt::Instance* inst = entry->instance;
  uint8_t* mbase = nullptr;
  uint64_t msize = 0;
  uint8_t* const stack_end = st.stack_end;
  CallFrame* const frames = st.frames.get();
  const size_t base = st.depth;
  const size_t max_depth = st.max_depth;
  size_t depth = base;
  TrapKind trap = TrapKind::None;
  rt::Exception* exn = nullptr;
  // The sentinel's return address: an `exit` instruction.
  const uint64_t exit_code = reinterpret_cast<uint64_t>(&&L_Exit);

  if (depth + 1 >= st.max_depth) return TrapKind::CallStackExhausted;
  frames[depth++] = CallFrame{reinterpret_cast<const uint8_t*>(&exit_code), nullptr, nullptr};
  st.cur = cur;
  st.cur_depth = depth;
  if (resume) [[unlikely]] {
    // The callers' frames as calls left them; the last frame runs (its code is
    // translated: frame_state.cc checked every frame before calling).
    const size_t n = resume->size();
    if (n == 0 || depth + n >= max_depth) {
      st.depth = base;
      return TrapKind::CallStackExhausted;
    }
    for (size_t k = 0; k + 1 < n; ++k)
      frames[depth++] = CallFrame{(*resume)[k].pc, (*resume)[k].fp, (*resume)[k].func};
    pc = (*resume)[n - 1].pc;
    fp = (*resume)[n - 1].fp;
    cur = (*resume)[n - 1].func;
    inst = cur->instance;
    st.cur = cur;
    st.cur_depth = depth;
  } else {
    Code* c = ensure_code(st, entry);
    if (!c) {
      st.depth = base;
      return TrapKind::HostError;
    }
    pc = c->begin();
  }
  LOAD_MEM();
  DISPATCH();

#include "interp/exec_control.inc"
#include "interp/exec_memory.inc"
#include "interp/exec_pure.inc"
#include "interp/exec_fused.inc"
#include "interp/exec_gc.inc"
#include "interp/exec_atomic.inc"

trap_exit:
  record_trace(st, cur, pc, depth, base);
  st.depth = base;
  return trap;

#undef F
#undef S
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef LOAD_MEM
}

}  // namespace

namespace {

sem::TrapKind enter(ExecState& st, rt::Func* entry, uint8_t* fp, const std::vector<ResumeFrame>* resume) {
  FaultScope scope;
  scope.prev = tls_fault_scope;
  const size_t base = st.depth;
  if (sigsetjmp(scope.env, 0) != 0) {
    // An unchecked access hit a guard page (fault_handler.cc jumped here).
    tls_fault_scope = scope.prev;
    // The faulting instruction: exact from the guarded access's record, else a guess.
    const uint8_t* at = guard_site_pc(scope);
    if (!at && st.cur) at = pc_from_registers(frame_code(st, st.cur), scope.regs, scope.nregs);
    record_trace(st, st.cur, at, st.cur_depth, base);
    st.depth = base;
    return TrapKind::MemoryOutOfBounds;
  }
  tls_fault_scope = &scope;
  TrapKind k = run_loop(st, entry, fp, resume);
  tls_fault_scope = scope.prev;
  return k;
}

}  // namespace

sem::TrapKind run(ExecState& st, rt::Func* entry, uint8_t* fp) {
  if (!entry) return run_loop(st, nullptr, nullptr, nullptr);
  return enter(st, entry, fp, nullptr);
}

sem::TrapKind resume(ExecState& st, const std::vector<ResumeFrame>& frames) {
  if (frames.empty()) return TrapKind::HostError;
  return enter(st, frames.front().func, frames.front().fp, &frames);
}

const void* const* handler_table() {
  static const void* const* table = [] {
    ExecState dummy;
    run(dummy, nullptr, nullptr);
    return g_handlers;
  }();
  return table;
}

}  // namespace skiff::interp::detail
