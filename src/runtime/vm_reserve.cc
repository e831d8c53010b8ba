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

// Pooled reservations: [0, image.len) maps image.fd privately with no written
// page, [image.len, committed) is zero and read/write, the rest PROT_NONE.
struct Pooled {
  void* base;
  size_t bytes;
  size_t committed;
  Image image;
};
constexpr size_t kPoolMax = 16;
std::mutex g_pool_mu;
Pooled g_pool[kPoolMax];
size_t g_pool_n = 0;

// A pooled reservation of `bytes`: best one with the same image and `want`
// committed bytes, then the same image, then one without an image, then any.
bool take_pooled(size_t bytes, size_t want, uint64_t image_id, Pooled* out) {
  std::lock_guard<std::mutex> lock(g_pool_mu);
  size_t pick = kPoolMax;
  int best = -1;
  for (size_t i = 0; i < g_pool_n; ++i) {
    const Pooled& p = g_pool[i];
    if (p.bytes != bytes) continue;
    int score = p.image.id == image_id ? (p.committed == want ? 3 : 2) : (p.image.id == 0 ? 1 : 0);
    if (score > best) {
      best = score;
      pick = i;
      if (score == 3) break;
    }
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

// Maps `image` over [base, base + image.len), read/write, copy-on-write.
bool map_image(uint8_t* base, const Image& image) {
  void* m = mmap(base, image.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, image.fd, 0);
  return m != MAP_FAILED;
}

// Replaces [base, base + len) with fresh zero pages, read/write.
bool map_zero(uint8_t* base, size_t len) {
  void* m = mmap(base, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                 -1, 0);
  return m != MAP_FAILED;
}

// Brings a pooled reservation to `commit_bytes` read/write with `image` (or none).
bool prepare(Pooled& p, size_t commit_bytes, const Image* image, bool* image_mapped) {
  auto* base = static_cast<uint8_t*>(p.base);
  const uint64_t want_id = image ? image->id : 0;
  if (p.image.id != want_id) {
    if (p.image.id != 0) {
      if (!map_zero(base, p.image.len)) return false;
      p.image = Image{};
    }
    if (image && map_image(base, *image)) {
      p.image = *image;
      p.image.fd = -1;  // the mapping keeps the file; the fd belongs to the image
      if (p.committed < image->len) p.committed = image->len;
    }
  }
  if (image_mapped) *image_mapped = image && p.image.id == image->id;
  if (p.committed < commit_bytes) return commit(base, p.committed, commit_bytes - p.committed);
  if (p.committed > commit_bytes) {
    // Never inside the image: image->len <= commit_bytes by the caller's contract.
    if (p.image.len > commit_bytes) return false;
    return mprotect(base + commit_bytes, p.committed - commit_bytes, PROT_NONE) == 0;
  }
  return true;
}

}  // namespace

void* reserve(size_t bytes, size_t commit_bytes, const Image* image, bool* image_mapped) {
  if (image_mapped) *image_mapped = false;
  if (g_fail.load(std::memory_order_relaxed) || commit_bytes > bytes) return nullptr;
  if (image && (image->id == 0 || image->len > commit_bytes)) image = nullptr;
  Pooled p;
  if (take_pooled(bytes, commit_bytes, image ? image->id : 0, &p)) {
    if (prepare(p, commit_bytes, image, image_mapped)) return p.base;
    untrack(p.base);
    munmap(p.base, bytes);
  }
  void* m = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return nullptr;
  Pooled fresh{m, bytes, 0, Image{}};
  if (!prepare(fresh, commit_bytes, image, image_mapped)) {
    munmap(m, bytes);
    return nullptr;
  }
  track(m, bytes);
  return m;
}

void release(void* base, size_t bytes, size_t committed, Image image) {
  if (!base) return;
  if (committed <= bytes && image.len <= committed) {
    auto* b = static_cast<uint8_t*>(base);
    bool clean = true;
    const size_t anon = committed - image.len;
    if (anon <= kKeepResident) {
      if (image.len) clean = madvise(b, image.len, MADV_DONTNEED) == 0;
      std::memset(b + image.len, 0, anon);
    } else {
      // One call for the image and the anonymous rest.
      clean = madvise(b, committed, MADV_DONTNEED) == 0;
    }
    image.fd = -1;
    if (clean && give_pooled(Pooled{base, bytes, committed, image})) return;
  }
  untrack(base);
  munmap(base, bytes);
}

size_t pooled_count() {
  std::lock_guard<std::mutex> lock(g_pool_mu);
  return g_pool_n;
}

bool commit(void* base, size_t offset, size_t len) {
  if (len == 0) return true;
  return mprotect(static_cast<uint8_t*>(base) + offset, len, PROT_READ | PROT_WRITE) == 0;
}

void set_reserve_fails_for_testing(bool fail) { g_fail.store(fail, std::memory_order_relaxed); }

}  // namespace skiff::rt::vm
