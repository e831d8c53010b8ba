#include "runtime/vm_reserve.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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
  void* m = mmap(base, len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
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
      p.image.fd = -1;             // the mapping keeps the file; the fd belongs to the image
      p.image.pristine = nullptr;  // the Memory passes its view back at release
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

// ---- Restoring written image pages (see the header) ----

namespace {

constexpr uint64_t kPmPresent = uint64_t(1) << 63;
constexpr uint64_t kPmSwapped = uint64_t(1) << 62;
constexpr uint64_t kPmFile = uint64_t(1) << 61;
// Bits 0-54 (PFN or swap entry), 55 soft-dirty and 56 exclusively mapped are
// ignored; any other bit (57 uffd-wp, 58 guard region, 59-60 reserved) is not
// expected in a linear memory and sends the reset to madvise.
constexpr uint64_t kPmUnexpected = (uint64_t(0x0F) << 57);

// The PAGEMAP_SCAN ioctl on the same fd (Linux 6.7+, pagemap.rst): the kernel
// walks the range and returns only the runs of pages in the asked categories, so
// the common case (nothing written) costs no per-page copy-out. Declared here
// because older kernel headers lack it; the ABI is fixed.
struct PmScanArg {
  uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
  uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
struct PmRegion {
  uint64_t start, end, categories;
};
constexpr unsigned long kPagemapScan = _IOWR('f', 16, PmScanArg);
constexpr uint64_t kCatFile = 1 << 2, kCatPresent = 1 << 3, kCatSwapped = 1 << 4;
std::atomic<bool> g_scan_ok{false};      // set by the self-test
std::atomic<bool> g_scan_enabled{true};  // testing hook

// The written pages of [lo, hi) (not a file page, and present or swapped) as at
// most `n` runs; the count, or -1 when the ioctl fails. *walk_end: where the
// kernel stopped (hi unless `out` filled up or `max_pages` matched).
long pm_scan(int pm, uintptr_t lo, uintptr_t hi, PmRegion* out, size_t n, uint64_t max_pages,
             uint64_t* walk_end) {
  PmScanArg a{};
  a.size = sizeof a;
  a.start = lo;
  a.end = hi;
  a.vec = reinterpret_cast<uintptr_t>(out);
  a.vec_len = n;
  a.max_pages = max_pages;
  a.category_inverted = kCatFile;
  a.category_mask = kCatFile;
  a.category_anyof_mask = kCatPresent | kCatSwapped;
  a.return_mask = kCatFile | kCatPresent | kCatSwapped;
  const long r = ioctl(pm, kPagemapScan, &a);
  *walk_end = a.walk_end;
  return r;
}

constexpr int kPmUntried = -2;
constexpr int kPmUnavailable = -1;
std::atomic<int> g_pm_fd{kPmUntried};
std::atomic<bool> g_pm_enabled{true};
std::mutex g_pm_mu;  // taken to open the fd, and across fork()
std::atomic<uint64_t> g_restored{0}, g_pages_restored{0}, g_madvised{0};

void pm_prepare_fork() { g_pm_mu.lock(); }
void pm_parent_fork() { g_pm_mu.unlock(); }
void pm_child_fork() {
  // The inherited fd would read the parent's page tables: reopen on next use.
  const int fd = g_pm_fd.load(std::memory_order_relaxed);
  if (fd >= 0) close(fd);
  g_pm_fd.store(kPmUntried, std::memory_order_relaxed);
  g_pm_mu.unlock();
}

bool pm_entry(int pm, const void* addr, uint64_t* out) {
  const uint64_t at = uint64_t(reinterpret_cast<uintptr_t>(addr) / page_size()) * 8;
  return pread(pm, out, 8, off_t(at)) == 8;
}

// Does this kernel report what restore_written() relies on? A private mapping
// of a one-page memfd: not present before any access, a file page after a read,
// an anonymous page (not a file page) after a write.
bool pm_self_test(int pm) {
  const size_t ps = page_size();
  const int fd = memfd_create("skiff-pagemap-probe", MFD_CLOEXEC);
  if (fd < 0) return false;
  bool ok = false;
  const uint8_t one = 1;
  if (ftruncate(fd, off_t(ps)) == 0 && pwrite(fd, &one, 1, 0) == 1) {
    void* m = mmap(nullptr, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m != MAP_FAILED) {
      volatile uint8_t* p = static_cast<volatile uint8_t*>(m);
      uint64_t before = 0, read = 0, written = 0;
      ok = pm_entry(pm, m, &before) && !(before & (kPmPresent | kPmSwapped));
      ok = ok && p[0] == 1 && pm_entry(pm, m, &read) && (read & kPmPresent) && (read & kPmFile) &&
           !(read & (kPmSwapped | kPmUnexpected));
      // PAGEMAP_SCAN, where there is one, must agree: nothing written yet...
      const uintptr_t lo = reinterpret_cast<uintptr_t>(m);
      PmRegion r[2];
      uint64_t end = 0;
      bool scan = ok && pm_scan(pm, lo, lo + ps, r, 2, 2, &end) == 0 && end == lo + ps;
      if (ok) p[0] = 2;
      ok = ok && pm_entry(pm, m, &written) && (written & kPmPresent) && !(written & kPmFile) &&
           !(written & (kPmSwapped | kPmUnexpected));
      // ...then exactly this page.
      scan = scan && ok && pm_scan(pm, lo, lo + ps, r, 2, 2, &end) == 1 && end == lo + ps &&
             r[0].start == lo && r[0].end == lo + ps;
      g_scan_ok.store(scan, std::memory_order_relaxed);
      munmap(m, ps);
    }
  }
  close(fd);
  return ok;
}

// The process's /proc/self/pagemap, or kPmUnavailable.
int pagemap_fd() {
  const int fd = g_pm_fd.load(std::memory_order_acquire);
  if (fd != kPmUntried) return fd;
  std::lock_guard<std::mutex> lock(g_pm_mu);
  if (g_pm_fd.load(std::memory_order_relaxed) != kPmUntried)
    return g_pm_fd.load(std::memory_order_relaxed);
  static bool atfork = pthread_atfork(pm_prepare_fork, pm_parent_fork, pm_child_fork) == 0;
  int pm = atfork ? open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC) : -1;
  if (pm >= 0 && !pm_self_test(pm)) {
    close(pm);
    pm = -1;
  }
  g_pm_fd.store(pm >= 0 ? pm : kPmUnavailable, std::memory_order_release);
  return pm >= 0 ? pm : kPmUnavailable;
}

// Brings [b, b + image.len) back to the image by copying the written pages from
// the pristine view; false (possibly after copying some) when the caller must
// madvise instead.
bool restore_written(uint8_t* b, const Image& image) {
  if (!image.pristine || !g_pm_enabled.load(std::memory_order_relaxed)) return false;
  const size_t ps = page_size();
  const size_t pages = image.len / ps;
  if (pages > kMaxScanPages) return false;
  const int pm = pagemap_fd();
  if (pm < 0) return false;
  if (g_scan_ok.load(std::memory_order_relaxed) && g_scan_enabled.load(std::memory_order_relaxed)) {
    const uintptr_t lo = reinterpret_cast<uintptr_t>(b), hi = lo + image.len;
    PmRegion runs[kMaxRestorePages];
    uint64_t end = 0;
    const long k = pm_scan(pm, lo, hi, runs, kMaxRestorePages, kMaxRestorePages + 1, &end);
    if (k < 0 || size_t(k) > kMaxRestorePages || end != hi) return false;
    size_t n = 0;
    for (long i = 0; i < k; ++i) {
      const PmRegion& r = runs[i];
      if (r.start < lo || r.end > hi || r.start >= r.end || (r.start - lo) % ps ||
          (r.end - lo) % ps)
        return false;
      n += size_t(r.end - r.start) / ps;
    }
    if (n > kMaxRestorePages) return false;
    for (long i = 0; i < k; ++i)
      std::memcpy(b + (runs[i].start - lo), image.pristine + (runs[i].start - lo),
                  size_t(runs[i].end - runs[i].start));
    g_restored.fetch_add(1, std::memory_order_relaxed);
    g_pages_restored.fetch_add(n, std::memory_order_relaxed);
    return true;
  }
  uint32_t written[kMaxRestorePages];
  size_t n = 0;
  uint64_t entries[512];
  const uint64_t first = uint64_t(reinterpret_cast<uintptr_t>(b) / ps);
  for (size_t at = 0; at < pages;) {
    const size_t k = std::min(pages - at, sizeof entries / sizeof entries[0]);
    if (pread(pm, entries, k * 8, off_t((first + at) * 8)) != ssize_t(k * 8)) return false;
    // Usually nothing was written: one branch-free pass over the chunk tells.
    uint64_t any = 0;
    for (size_t i = 0; i < k; ++i) {
      const uint64_t e = entries[i];
      any |=
          (e & (kPmUnexpected | kPmSwapped)) | ((e & kPmPresent) & ~(e << 2));  // present, not file
    }
    if (any == 0) {
      at += k;
      continue;
    }
    for (size_t i = 0; i < k; ++i) {
      const uint64_t e = entries[i];
      if (e & kPmUnexpected) return false;
      const bool present = e & kPmPresent, swapped = e & kPmSwapped;
      if (present && swapped) return false;
      if (swapped || (present && !(e & kPmFile))) {
        if (n == kMaxRestorePages) return false;
        written[n++] = uint32_t(at + i);
      }
    }
    at += k;
  }
  for (size_t i = 0; i < n; ++i)
    std::memcpy(b + size_t(written[i]) * ps, image.pristine + size_t(written[i]) * ps, ps);
  g_restored.fetch_add(1, std::memory_order_relaxed);
  g_pages_restored.fetch_add(n, std::memory_order_relaxed);
  return true;
}

}  // namespace

ResetStats reset_stats() {
  ResetStats s;
  s.restored = g_restored.load(std::memory_order_relaxed);
  s.pages_restored = g_pages_restored.load(std::memory_order_relaxed);
  s.madvised = g_madvised.load(std::memory_order_relaxed);
  return s;
}

bool pagemap_reset_available() { return pagemap_fd() >= 0; }

void set_pagemap_reset_enabled_for_testing(bool on) {
  g_pm_enabled.store(on, std::memory_order_relaxed);
}

bool pagemap_scan_available() {
  return pagemap_fd() >= 0 && g_scan_ok.load(std::memory_order_relaxed);
}

void set_pagemap_scan_enabled_for_testing(bool on) {
  g_scan_enabled.store(on, std::memory_order_relaxed);
}

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
    const bool restored = image.len && restore_written(b, image);
    if (image.len && !restored) g_madvised.fetch_add(1, std::memory_order_relaxed);
    if (anon <= kKeepResident) {
      if (image.len && !restored) clean = madvise(b, image.len, MADV_DONTNEED) == 0;
      std::memset(b + image.len, 0, anon);
    } else if (restored) {
      clean = madvise(b + image.len, anon, MADV_DONTNEED) == 0;
    } else {
      // One call for the image and the anonymous rest.
      clean = madvise(b, committed, MADV_DONTNEED) == 0;
    }
    image.fd = -1;
    image.pristine = nullptr;
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
