// memory.atomic.wait32 / wait64 / notify: a process-wide parking table.
//
// Design note. Waiters park on a host address (a shared memory never moves, so
// the address of the guest bytes names the location for every instance, store
// and thread that maps the memory). The table is a fixed array of buckets, each a
// mutex and a FIFO list of waiters; a waiter lives on its own thread's stack and
// has its own condition variable. wait() reads the value with a seq_cst load
// while holding the bucket's mutex and enqueues itself before releasing it; a
// notifier takes the same mutex after its own store, so a notify that follows a
// store the waiter did not yet see cannot slip between the check and the park
// (no lost wake-up). notify() wakes the oldest waiters on the address first (FIFO)
// and removes them from the list under the mutex; a woken waiter only reads its
// own `woken` flag under that mutex, so the notifier never touches a waiter
// after unlocking. Timeouts use the steady clock; spurious wake-ups loop.
#pragma once

#include <cstdint>

namespace skiff::rt {

// The results memory.atomic.wait returns to the guest.
enum class WaitResult : uint32_t { Ok = 0, NotEqual = 1, TimedOut = 2 };

// Blocks while *addr == expected (read seq_cst), until notified on addr or
// `timeout_ns` passes (negative: no timeout). `addr` must be naturally aligned.
WaitResult atomic_wait32(const uint32_t* addr, uint32_t expected, int64_t timeout_ns);
WaitResult atomic_wait64(const uint64_t* addr, uint64_t expected, int64_t timeout_ns);
// Wakes up to `count` waiters parked on addr, oldest first; returns how many.
uint32_t atomic_notify(const void* addr, uint32_t count);
// Wakes every waiter parked on an address in [lo, hi) (all buckets), as if
// notified; returns how many. wasi-threads uses it to stop a program: its threads'
// stores are interrupted first, and a woken thread reaches an interruption check
// instead of sleeping on (a guest's wait loop re-checks and loops back).
uint32_t atomic_notify_range(const void* lo, const void* hi);
// Refuses waits on [lo, hi) while in effect: a wait there returns Ok at once
// instead of parking (after its value check). With atomic_notify_range this lets
// a stopping wasi-threads program's guest wait loops spin to their next
// interruption check, which the interpreter makes only every few thousand
// instructions. Pair each call with atomic_allow_range(lo, hi).
void atomic_refuse_range(const void* lo, const void* hi);
void atomic_allow_range(const void* lo, const void* hi);
// Waiters currently parked on addr (tests and diagnostics).
uint32_t atomic_waiters(const void* addr);

}  // namespace skiff::rt
