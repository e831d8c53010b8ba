#include "runtime/vm_reserve.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>

namespace skiff::rt::vm {

namespace {
std::atomic<bool> g_fail{false};
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
  return p == MAP_FAILED ? nullptr : p;
}

void release(void* base, size_t bytes) {
  if (base) munmap(base, bytes);
}

bool commit(void* base, size_t offset, size_t len) {
  if (len == 0) return true;
  return mprotect(static_cast<uint8_t*>(base) + offset, len, PROT_READ | PROT_WRITE) == 0;
}

void set_reserve_fails_for_testing(bool fail) { g_fail.store(fail, std::memory_order_relaxed); }

}  // namespace skiff::rt::vm
