// The SIGSEGV / SIGBUS handler: see fault_handler.h for its invariants.
#include "interp/fault_handler.h"

#include <signal.h>
#include <ucontext.h>

#include <cstdint>
#include <mutex>

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
#elif defined(__aarch64__) && defined(__linux__)
  for (unsigned i = 0; i < 31; ++i) scope->regs[i] = uintptr_t(uc->uc_mcontext.regs[i]);
  scope->nregs = 31;
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

}  // namespace

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
