// Turning guard-page faults into traps (private to src/interp).
//
// A 32-bit memory with 64 KiB pages is a 4 GiB + guard reservation (runtime/
// memory.h), so an out-of-bounds access by the unchecked load/store handlers lands
// in PROT_NONE pages and raises SIGSEGV (or SIGBUS). The handler of fault_handler.cc
// recognises such a fault and jumps back to the interpreter entry that was running.
//
// Invariants:
//   * A fault is taken as a wasm trap only when (a) this thread is inside guest
//     code — tls_fault_scope is set by run() and cleared around host calls — and
//     (b) the faulting address lies in a live memory reservation
//     (vm::in_reservation, lock-free). Anything else goes to the handler that was
//     installed before ours (or the default action), so host crashes stay crashes.
//   * The jump (siglongjmp) lands in run()'s wrapper, which owns no state the loop
//     changed except through ExecState (st.cur, st.cur_depth are kept current at
//     calls and returns for the backtrace). Nothing between the loop and the
//     wrapper has destructors to skip.
//   * The handler itself only reads thread-locals and atomics: async-signal-safe.
#pragma once

#include <csetjmp>
#include <cstdint>

namespace skiff::interp::detail {

struct FaultScope {
  sigjmp_buf env;
  FaultScope* prev = nullptr;
  // The general registers at the fault (for the trapping instruction's place in
  // the backtrace: the interpreter's pc is one of them, see pc_from_registers).
  uintptr_t regs[32] = {};
  unsigned nregs = 0;
  // The host instruction that faulted (0 when unknown).
  uintptr_t host_pc = 0;
  // Called by the handler after saving the registers, before the jump (tier 1
  // records its frame-pointer chain here, while the faulting frames still exist).
  // Must be async-signal-safe.
  void (*on_fault)(FaultScope* scope) = nullptr;
};

// The innermost interpreter entry running on this thread, or null.
extern thread_local FaultScope* tls_fault_scope;

// The interpreter's pc at the fault, exact, when the faulting host instruction is
// one of guarded_access.h's accesses (it records which register holds pc there);
// null otherwise (another architecture, or a fault elsewhere).
const uint8_t* guard_site_pc(const FaultScope& scope);

// Installs the SIGSEGV / SIGBUS handler once per process (idempotent, thread-safe).
// False when sigaction fails: callers must then keep bounds checks.
bool install_fault_handler();

}  // namespace skiff::interp::detail
