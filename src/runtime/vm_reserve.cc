#include "runtime/vm_reserve.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
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

namespace {

// Pooled reservations: all zero, [0, committed) read/write, the rest PROT_NONE.
struct Pooled {
  void* base;
  size_t bytes;
  size_t committed;
};
constexpr size_t kPoolMax = 16;
// Committed prefixes up to this size are cleared with memset and stay resident
// (the next instance reuses warm pages); larger ones are dropped with madvise.
constexpr size_t kKeepResident = size_t(4) << 20;
std::mutex g_pool_mu;
Pooled g_pool[kPoolMax];
size_t g_pool_n = 0;

// A pooled reservation of `bytes`, preferring one already committed to `want`.
bool take_pooled(size_t bytes, size_t want, Pooled* out) {
  std::lock_guard<std::mutex> lock(g_pool_mu);
  size_t pick = kPoolMax;
  for (size_t i = 0; i < g_pool_n; ++i) {
    if (g_pool[i].bytes != bytes) continue;
    pick = i;
    if (g_pool[i].committed == want) break;
  }
  if (pick == kPoolMax) return false;
  *out = g_pool[pick];
  g_pool[pick] = g_pool[--g_pool_n];
  return true;
}

bool give_pooled(const Pooled& p) {
  std::lock_guard<std::mutex> lock(g_pool_mu);
  if (g_pool_n == kPoolMax) return false;
  g_pool[g_pool_n++] = p;
  return true;
}

}  // namespace

void* reserve(size_t bytes, size_t commit_bytes) {
  if (g_fail.load(std::memory_order_relaxed) || commit_bytes > bytes) return nullptr;
  Pooled p;
  if (take_pooled(bytes, commit_bytes, &p)) {
    auto* base = static_cast<uint8_t*>(p.base);
    bool ok = true;
    if (p.committed < commit_bytes)
      ok = commit(base, p.committed, commit_bytes - p.committed);
    else if (p.committed > commit_bytes)
      ok = mprotect(base + commit_bytes, p.committed - commit_bytes, PROT_NONE) == 0;
    if (ok) return base;
    untrack(base);
    munmap(base, bytes);
  }
  void* m = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return nullptr;
  if (!commit(m, 0, commit_bytes)) {
    munmap(m, bytes);
    return nullptr;
  }
  track(m, bytes);
  return m;
}

void release(void* base, size_t bytes, size_t committed) {
  if (!base) return;
  if (committed <= bytes) {
    bool clean = true;
    if (committed <= kKeepResident) std::memset(base, 0, committed);
    else clean = madvise(base, committed, MADV_DONTNEED) == 0;
    if (clean && give_pooled(Pooled{base, bytes, committed})) return;
  }
  untrack(base);
  munmap(base, bytes);
}

bool commit(void* base, size_t offset, size_t len) {
  if (len == 0) return true;
  return mprotect(static_cast<uint8_t*>(base) + offset, len, PROT_READ | PROT_WRITE) == 0;
}

void set_reserve_fails_for_testing(bool fail) { g_fail.store(fail, std::memory_order_relaxed); }

}  // namespace skiff::rt::vm
