#include "runtime/wait_queue.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

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

// About 146 years: far enough to be "forever", close enough not to overflow the clock.
constexpr int64_t kMaxTimeout = int64_t(1) << 62;

template <class T>
WaitResult wait_on(const T* addr, T expected, int64_t timeout_ns) {
  Bucket& b = bucket_of(addr);
  std::unique_lock<std::mutex> lk(b.mu);
  if (__atomic_load_n(addr, __ATOMIC_SEQ_CST) != expected) return WaitResult::NotEqual;
  if (timeout_ns == 0) return WaitResult::TimedOut;
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

uint32_t atomic_waiters(const void* addr) {
  Bucket& b = bucket_of(addr);
  std::lock_guard<std::mutex> lk(b.mu);
  uint32_t n = 0;
  for (Waiter* w = b.head; w; w = w->next) n += w->key == addr;
  return n;
}

}  // namespace skiff::rt
