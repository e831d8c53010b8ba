#include "runtime/wait_queue.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

namespace skiff::rt {

namespace {

struct Waiter {
  const void* key = nullptr;
  Waiter* prev = nullptr;
  Waiter* next = nullptr;
  bool woken = false;
  std::condition_variable cv;
};

struct alignas(64) Bucket {
  std::mutex mu;
  Waiter* head = nullptr;
  Waiter* tail = nullptr;

  void push(Waiter* w) {
    w->prev = tail;
    w->next = nullptr;
    if (tail) tail->next = w;
    else head = w;
    tail = w;
  }
  void unlink(Waiter* w) {
    if (w->prev) w->prev->next = w->next;
    else head = w->next;
    if (w->next) w->next->prev = w->prev;
    else tail = w->prev;
    w->prev = w->next = nullptr;
  }
};

constexpr size_t kBuckets = 256;
Bucket g_buckets[kBuckets];

Bucket& bucket_of(const void* addr) {
  uint64_t a = reinterpret_cast<uintptr_t>(addr) >> 2;
  a ^= a >> 17;
  a *= 0x9E3779B97F4A7C15ull;
  return g_buckets[(a >> 32) % kBuckets];
}

// atomic_refuse_range: the refused ranges; the count keeps the common case to one load.
// Never destroyed: detached threads (the wasi-threads watcher) may use them while
// the process runs its static destructors.
std::atomic<int> g_refused_count{0};
std::mutex& refused_mu() {
  static auto* mu = new std::mutex;
  return *mu;
}
std::vector<std::pair<uintptr_t, uintptr_t>>& refused_list() {
  static auto* list = new std::vector<std::pair<uintptr_t, uintptr_t>>;
  return *list;
}

bool refused(const void* addr) {
  if (g_refused_count.load(std::memory_order_acquire) == 0) return false;
  const auto a = reinterpret_cast<uintptr_t>(addr);
  std::lock_guard<std::mutex> lk(refused_mu());
  for (auto [lo, hi] : refused_list())
    if (a >= lo && a < hi) return true;
  return false;
}

// About 146 years: far enough to be "forever", close enough not to overflow the clock.
constexpr int64_t kMaxTimeout = int64_t(1) << 62;

template <class T>
WaitResult wait_on(const T* addr, T expected, int64_t timeout_ns) {
  Bucket& b = bucket_of(addr);
  std::unique_lock<std::mutex> lk(b.mu);
  if (__atomic_load_n(addr, __ATOMIC_SEQ_CST) != expected) return WaitResult::NotEqual;
  if (timeout_ns == 0) return WaitResult::TimedOut;
  if (refused(addr)) return WaitResult::Ok;
  Waiter w;
  w.key = addr;
  b.push(&w);
  if (timeout_ns < 0) {
    while (!w.woken) w.cv.wait(lk);
    return WaitResult::Ok;
  }
  if (timeout_ns > kMaxTimeout) timeout_ns = kMaxTimeout;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout_ns);
  while (!w.woken) {
    if (w.cv.wait_until(lk, deadline) == std::cv_status::timeout) break;
  }
  if (w.woken) return WaitResult::Ok;
  b.unlink(&w);
  return WaitResult::TimedOut;
}

}  // namespace

WaitResult atomic_wait32(const uint32_t* addr, uint32_t expected, int64_t timeout_ns) {
  return wait_on(addr, expected, timeout_ns);
}

WaitResult atomic_wait64(const uint64_t* addr, uint64_t expected, int64_t timeout_ns) {
  return wait_on(addr, expected, timeout_ns);
}

uint32_t atomic_notify(const void* addr, uint32_t count) {
  if (count == 0) return 0;
  Bucket& b = bucket_of(addr);
  std::lock_guard<std::mutex> lk(b.mu);
  uint32_t n = 0;
  for (Waiter* w = b.head; w && n < count;) {
    Waiter* next = w->next;
    if (w->key == addr) {
      b.unlink(w);
      w->woken = true;
      w->cv.notify_one();
      ++n;
    }
    w = next;
  }
  return n;
}

uint32_t atomic_notify_range(const void* lo, const void* hi) {
  const auto a = reinterpret_cast<uintptr_t>(lo), z = reinterpret_cast<uintptr_t>(hi);
  uint32_t n = 0;
  for (Bucket& b : g_buckets) {
    std::lock_guard<std::mutex> lk(b.mu);
    for (Waiter* w = b.head; w;) {
      Waiter* next = w->next;
      const auto k = reinterpret_cast<uintptr_t>(w->key);
      if (k >= a && k < z) {
        b.unlink(w);
        w->woken = true;
        w->cv.notify_one();
        ++n;
      }
      w = next;
    }
  }
  return n;
}

void atomic_refuse_range(const void* lo, const void* hi) {
  std::lock_guard<std::mutex> lk(refused_mu());
  auto& list = refused_list();
  list.emplace_back(reinterpret_cast<uintptr_t>(lo), reinterpret_cast<uintptr_t>(hi));
  g_refused_count.store(int(list.size()), std::memory_order_release);
}

void atomic_allow_range(const void* lo, const void* hi) {
  std::lock_guard<std::mutex> lk(refused_mu());
  auto& list = refused_list();
  auto it = std::find(list.begin(), list.end(),
                      std::make_pair(reinterpret_cast<uintptr_t>(lo), reinterpret_cast<uintptr_t>(hi)));
  if (it != list.end()) list.erase(it);
  g_refused_count.store(int(list.size()), std::memory_order_release);
}

uint32_t atomic_waiters(const void* addr) {
  Bucket& b = bucket_of(addr);
  std::lock_guard<std::mutex> lk(b.mu);
  uint32_t n = 0;
  for (Waiter* w = b.head; w; w = w->next) n += w->key == addr;
  return n;
}

}  // namespace skiff::rt
