#include "api/call_timer.h"

namespace skiff::detail {

CallTimer::~CallTimer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CallTimer::arm(std::chrono::nanoseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    deadline_ = std::chrono::steady_clock::now() + timeout;
    armed_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  cv_.notify_all();
}

void CallTimer::disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  armed_ = false;
  // A request the timer made as the call was ending must not stop the next call.
  (void)store_->take_interrupt();
}

void CallTimer::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (!armed_) {
      cv_.wait(lock);
      continue;
    }
    auto deadline = deadline_;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && armed_ && deadline_ == deadline) {
      store_->interrupt();
      armed_ = false;
    }
  }
}

}  // namespace skiff::detail
