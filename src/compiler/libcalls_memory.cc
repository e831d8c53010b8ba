// Tier-1 libcalls: bulk memory, memory64, multi-memory and the threads proposal's
// wait / notify (the runtime side of the "memory" section of rt::tier1::Libcalls),
// and the per-instance memory views compiled code reads (VmCtx::mems).
//
// Design note.
//   * VmCtx::mems[i] = {data(), size_bytes()} of the instance's memory i; mem0_*
//     repeat mems[0] (memory 0 keeps its fixed offsets). The executor calls
//     refresh_memory_views wherever it refreshed mem0 (entry, after call_slow and
//     memory.grow), so an unshared memory's view is always current in compiled
//     code. A shared memory never moves but another thread may grow it: its size
//     may be stale (smaller), so compiled code's failed bounds check asks
//     memory_recheck before trapping (as tier 0 rereads the size).
//   * memory.init calls the same rt::Memory routine as tier 0 (bounds checked
//     before any byte is written); memory.fill / memory.copy are inline.
//   * Traps: build the rt::Trap, then raise_trap as the last thing (it unwinds by
//     siglongjmp; nothing with a destructor is live in these frames).
#include "compiler/tier1_internal.h"
#include "runtime/memory.h"
#include "runtime/wait_queue.h"

namespace skiff::compiler {

namespace {

rt::Memory* memory(rt1::VmCtx* ctx, uint32_t mem) { return ctx->instance->memories[mem]; }

[[noreturn]] void trap_kind(rt1::VmCtx* ctx, sem::TrapKind k) { raise_trap(ctx, rt::make_trap(k)); }

void memory_init(rt1::VmCtx* ctx, uint32_t data, uint32_t mem, uint64_t dst, uint64_t src,
                 uint64_t len) {
  sem::TrapKind t = memory(ctx, mem)->init(dst, ctx->instance->datas[data].bytes, src, len);
  if (t != sem::TrapKind::None) trap_kind(ctx, t);
}

void data_drop(rt1::VmCtx* ctx, uint32_t data) { ctx->instance->datas[data].drop(); }

void memory_recheck(rt1::VmCtx* ctx, uint32_t mem, uint64_t ea, uint64_t bytes) {
  rt::Memory* m = memory(ctx, mem);
  const uint64_t size = m->size_bytes();
  if (ea > size || bytes > size - ea) trap_kind(ctx, sem::TrapKind::MemoryOutOfBounds);
  // Grown by another thread: remember the new size (the base never moves).
  if (ctx->mems) ctx->mems[mem].size = size;
  if (mem == 0) ctx->mem0_size = size;
}

uint32_t atomic_wait32(rt1::VmCtx* ctx, uint32_t mem, uint64_t ea, uint32_t expected,
                       int64_t timeout_ns) {
  auto* p = reinterpret_cast<const uint32_t*>(memory(ctx, mem)->data() + ea);
  return uint32_t(rt::atomic_wait32(p, expected, timeout_ns));
}

uint32_t atomic_wait64(rt1::VmCtx* ctx, uint32_t mem, uint64_t ea, uint64_t expected,
                       int64_t timeout_ns) {
  auto* p = reinterpret_cast<const uint64_t*>(memory(ctx, mem)->data() + ea);
  return uint32_t(rt::atomic_wait64(p, expected, timeout_ns));
}

uint32_t atomic_notify(rt1::VmCtx* ctx, uint32_t mem, uint64_t ea, uint32_t count) {
  rt::Memory* m = memory(ctx, mem);
  // An unshared memory has no waiters (wait traps there).
  return m->shared() ? rt::atomic_notify(m->data() + ea, count) : 0;
}

}  // namespace

void init_memory_views(Tier1Executor::InstState& st, rt::Instance& inst) {
  st.mem0 = inst.memories.empty() ? nullptr : inst.memories[0];
  st.mems.assign(inst.memories.size(), rt1::VmCtx::Mem{});
  st.ctx.mems = st.mems.empty() ? nullptr : st.mems.data();
  refresh_memory_views(st);
}

void refresh_memory_views(Tier1Executor::InstState& st) {
  rt::Instance* inst = st.ctx.instance;
  if (!inst) return;
  for (size_t i = 0; i < st.mems.size(); ++i) {
    rt::Memory* m = inst->memories[i];
    st.mems[i].base = m->data();
    st.mems[i].size = m->size_bytes();
  }
  if (!st.mems.empty()) {
    st.ctx.mem0_base = st.mems[0].base;
    st.ctx.mem0_size = st.mems[0].size;
  }
}

void fill_memory_libcalls(rt1::Libcalls& t) {
  t.memory_init = &memory_init;
  t.data_drop = &data_drop;
  t.memory_recheck = &memory_recheck;
  t.atomic_wait32 = &atomic_wait32;
  t.atomic_wait64 = &atomic_wait64;
  t.atomic_notify = &atomic_notify;
}

}  // namespace skiff::compiler
