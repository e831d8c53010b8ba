// Tier-1 libcalls: fuel, interruption and tiering (the runtime side of the "control"
// section of rt::tier1::Libcalls), and the fuel hand-over between the store and
// the executor's counter.
//
// Fuel is tier 0's model and algorithm (interp/exec_support.cc refuel): compiled
// checks subtract their static cost from FuelCounter::budget; below zero, refuel()
// first takes a pending interruption (the overdraft is then not charged), then
// traps "all fuel consumed" when the reserve cannot cover the overdraft (the
// store's fuel becomes 0), else moves up to kChunk units from the reserve to the
// budget. Between runs, and around calls out of compiled code (tier 0, the host),
// the fuel lives in the store: remaining = reserve + max(budget, 0).
#include <atomic>

#include "compiler/tier1_internal.h"

namespace skiff::compiler {

namespace {

// Units moved from the reserve to the budget at a time (tier 0's kCheckChunk): the
// interruption latency with fuel.
constexpr uint64_t kChunk = 10'000;

void refuel(rt1::VmCtx* ctx) {
  rt::Store& s = Tier1Internals::store(ctx);
  rt1::FuelCounter& f = *ctx->fuel;
  sem::TrapKind k;
  if (s.take_interrupt()) {
    f.budget = 0;
    k = sem::TrapKind::Interrupted;
  } else {
    const uint64_t need = uint64_t(-f.budget);  // units spent beyond the budget
    if (f.reserve >= need) {
      f.reserve -= need;
      const uint64_t take = f.reserve < kChunk ? f.reserve : kChunk;
      f.reserve -= take;
      f.budget = int64_t(take);
      return;
    }
    f.reserve = 0;
    f.budget = 0;
    k = sem::TrapKind::OutOfFuel;
  }
  raise_trap(ctx, rt::make_trap(k));
}

void interrupted(rt1::VmCtx* ctx) {
  if (Tier1Internals::store(ctx).take_interrupt())
    raise_trap(ctx, rt::make_trap(sem::TrapKind::Interrupted));
}

}  // namespace

static_assert(sizeof(std::atomic<bool>) == 1 && std::atomic<bool>::is_always_lock_free,
              "compiled code reads the store's interrupt flag as one byte");

const uint8_t* interrupt_flag_of(rt::Store& s) {
  return reinterpret_cast<const uint8_t*>(s.interrupt_flag());
}

void fuel_from_store(rt::Store& s, rt1::FuelCounter& f) {
  if (!s.limits.fuel) return;
  f.reserve = s.fuel();
  f.budget = 0;  // the first check takes from the reserve
}

void fuel_to_store(rt::Store& s, rt1::FuelCounter& f) {
  if (!s.limits.fuel) return;
  s.set_fuel(f.reserve + uint64_t(f.budget > 0 ? f.budget : 0));
  f.reserve = 0;
  f.budget = 0;
}

void fill_control_libcalls(rt1::Libcalls& t) {
  t.refuel = &refuel;
  t.interrupted = &interrupted;
}

}  // namespace skiff::compiler
