#include "runtime/vm_reserve.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

namespace skiff::rt::vm {

namespace {
std::atomic<bool> g_fail{false};

// The table of live reservations: slot i is free when lo == 0. Writers take a
// mutex and publish hi before lo; readers (the signal handler) only load, lo first.
struct Range {
  std::atomic<uintptr_t> lo{0};
  std::atomic<uintptr_t> hi{0};
};
Range g_ranges[kMaxTracked];
std::mutex g_writers;

void track(void* base, size_t bytes) {
  std::lock_guard<std::mutex> lock(g_writers);
  uintptr_t lo = reinterpret_cast<uintptr_t>(base);
  for (Range& r : g_ranges) {
    if (r.lo.load(std::memory_order_relaxed) == 0) {
      r.hi.store(lo + bytes, std::memory_order_release);
      r.lo.store(lo, std::memory_order_release);
      return;
    }
  }
}

void untrack(void* base) {
  std::lock_guard<std::mutex> lock(g_writers);
  uintptr_t lo = reinterpret_cast<uintptr_t>(base);
  for (Range& r : g_ranges) {
    if (r.lo.load(std::memory_order_relaxed) == lo) {
      r.lo.store(0, std::memory_order_release);
      return;
    }
  }
}
}  // namespace

bool in_reservation(uintptr_t addr) {
  for (const Range& r : g_ranges) {
    uintptr_t lo = r.lo.load(std::memory_order_acquire);
    if (lo != 0 && addr >= lo && addr < r.hi.load(std::memory_order_acquire)) return true;
  }
  return false;
}

bool tracked(const void* base) {
  uintptr_t lo = reinterpret_cast<uintptr_t>(base);
  for (const Range& r : g_ranges)
    if (r.lo.load(std::memory_order_acquire) == lo) return true;
  return false;
}

size_t page_size() {
  static const size_t p = [] {
    long v = sysconf(_SC_PAGESIZE);
    return v > 0 ? size_t(v) : size_t(4096);
  }();
  return p;
}

void* reserve(size_t bytes) {
  if (g_fail.load(std::memory_order_relaxed)) return nullptr;
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  track(p, bytes);
  return p;
}

void release(void* base, size_t bytes) {
  if (!base) return;
  untrack(base);
  munmap(base, bytes);
}

bool commit(void* base, size_t offset, size_t len) {
  if (len == 0) return true;
  return mprotect(static_cast<uint8_t*>(base) + offset, len, PROT_READ | PROT_WRITE) == 0;
}

void set_reserve_fails_for_testing(bool fail) { g_fail.store(fail, std::memory_order_relaxed); }

}  // namespace skiff::rt::vm
