// CallTimer: interrupts a store when a call from the host runs past its deadline
// (StoreLimits::timeout). One thread per store, started on first use and parked
// between calls, so arming costs a lock and a notify, not a thread start.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "runtime/store.h"

namespace skiff::detail {

class CallTimer {
 public:
  explicit CallTimer(rt::Store& store) : store_(&store) {}
  ~CallTimer();
  CallTimer(const CallTimer&) = delete;
  CallTimer& operator=(const CallTimer&) = delete;

  void arm(std::chrono::nanoseconds timeout);
  void disarm();

 private:
  void run();
  rt::Store* store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  std::chrono::steady_clock::time_point deadline_;
  bool armed_ = false;
  bool stop_ = false;
};

}  // namespace skiff::detail
