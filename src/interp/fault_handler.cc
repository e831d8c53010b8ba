// The SIGSEGV / SIGBUS handler: see fault_handler.h for its invariants.
#include "interp/fault_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <cstdint>
#include <cstring>
#include <mutex>

#include "interp/guarded_access.h"
#include "runtime/vm_reserve.h"

namespace skiff::interp::detail {

thread_local FaultScope* tls_fault_scope = nullptr;

namespace {

struct sigaction g_prev_segv;
struct sigaction g_prev_bus;
bool g_installed = false;

void chain(int sig, siginfo_t* info, void* ctx) {
  const struct sigaction& prev = sig == SIGSEGV ? g_prev_segv : g_prev_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) {
      prev.sa_sigaction(sig, info, ctx);
      return;
    }
  } else if (prev.sa_handler == SIG_IGN) {
    return;
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
    return;
  }
  // Default action: restore it; returning re-executes the faulting instruction,
  // which now kills the process as it would have without us.
  signal(sig, SIG_DFL);
}

// Copies the general registers of the interrupted context (plain stores: safe in
// a signal handler).
void save_registers(void* ctx, FaultScope* scope) {
  scope->nregs = 0;
  if (!ctx) return;
  const ucontext_t* uc = static_cast<const ucontext_t*>(ctx);
#if defined(__x86_64__) && defined(__linux__)
  for (unsigned i = 0; i < unsigned(NGREG) && i < 32; ++i) scope->regs[i] = uintptr_t(uc->uc_mcontext.gregs[i]);
  scope->nregs = unsigned(NGREG) < 32 ? unsigned(NGREG) : 32;
  scope->host_pc = uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__) && defined(__linux__)
  for (unsigned i = 0; i < 31; ++i) scope->regs[i] = uintptr_t(uc->uc_mcontext.regs[i]);
  scope->nregs = 31;
  scope->host_pc = uintptr_t(uc->uc_mcontext.pc);
#else
  (void)uc;
#endif
}

void on_fault(int sig, siginfo_t* info, void* ctx) {
  FaultScope* scope = tls_fault_scope;
  if (scope && rt::vm::in_reservation(reinterpret_cast<uintptr_t>(info->si_addr))) {
    tls_fault_scope = scope->prev;
    save_registers(ctx, scope);
    if (scope->on_fault) scope->on_fault(scope);
    siglongjmp(scope->env, 1);
  }
  chain(sig, info, ctx);
}

#ifdef SKIFF_GUARD_SITES
// The index in FaultScope::regs of the register guarded_access.h's asm printed as
// `name` (4 bytes, zero-padded), or -1.
int register_index(const char* name) {
  char n[5] = {name[0], name[1], name[2], name[3], 0};
#if defined(__x86_64__)
  static const struct {
    const char* name;
    int index;
  } kRegs[] = {{"%rax", REG_RAX}, {"%rbx", REG_RBX}, {"%rcx", REG_RCX}, {"%rdx", REG_RDX},
               {"%rsi", REG_RSI}, {"%rdi", REG_RDI}, {"%rbp", REG_RBP}, {"%r8", REG_R8},
               {"%r9", REG_R9},   {"%r10", REG_R10}, {"%r11", REG_R11}, {"%r12", REG_R12},
               {"%r13", REG_R13}, {"%r14", REG_R14}, {"%r15", REG_R15}};
  for (const auto& r : kRegs)
    if (std::strcmp(n, r.name) == 0) return r.index;
  return -1;
#else
  // x0 .. x30
  if (n[0] != 'x' || n[1] < '0' || n[1] > '9') return -1;
  int v = n[1] - '0';
  if (n[2] >= '0' && n[2] <= '9') {
    v = v * 10 + (n[2] - '0');
    if (n[3] != 0) return -1;
  } else if (n[2] != 0) {
    return -1;
  }
  return v <= 30 ? v : -1;
#endif
}
#endif

}  // namespace

#ifdef SKIFF_GUARD_SITES
// The linker's bounds of guarded_access.h's table (weak: absent when nothing was
// emitted).
extern "C" {
extern const char __start_skiff_guard_pcs[] __attribute__((weak, visibility("hidden")));
extern const char __stop_skiff_guard_pcs[] __attribute__((weak, visibility("hidden")));
}
#endif

const uint8_t* guard_site_pc(const FaultScope& scope) {
#ifdef SKIFF_GUARD_SITES
  if (!scope.host_pc || !__start_skiff_guard_pcs || !__stop_skiff_guard_pcs) return nullptr;
  // 8-byte entries: int32 offset from the entry to the access, register name.
  for (const char* e = __start_skiff_guard_pcs; e + 8 <= __stop_skiff_guard_pcs; e += 8) {
    int32_t rel;
    std::memcpy(&rel, e, 4);
    if (rel == 0) continue;  // padding between the objects' tables
    if (reinterpret_cast<uintptr_t>(e) + uintptr_t(intptr_t(rel)) != scope.host_pc) continue;
    int r = register_index(e + 4);
    if (r < 0 || unsigned(r) >= scope.nregs) return nullptr;
    return reinterpret_cast<const uint8_t*>(scope.regs[r]);
  }
#else
  (void)scope;
#endif
  return nullptr;
}

bool install_fault_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = on_fault;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    g_installed = sigaction(SIGSEGV, &sa, &g_prev_segv) == 0 &&
                  sigaction(SIGBUS, &sa, &g_prev_bus) == 0;
  });
  return g_installed;
}

}  // namespace skiff::interp::detail
