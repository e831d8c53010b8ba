#include "support/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace skiff {

unsigned pick_threads(unsigned requested, size_t work_bytes, size_t bytes_per_thread) {
  if (requested != 0) return requested;
  // Read once: getenv is not safe against a concurrent setenv.
  static const unsigned from_env = [] {
    const char* s = std::getenv("SKIFF_COMPILE_THREADS");
    if (!s || !*s) return 0u;
    char* end = nullptr;
    unsigned long v = std::strtoul(s, &end, 10);
    return *end == 0 && v <= 256 ? unsigned(v) : 0u;
  }();
  if (from_env != 0) return from_env;
  unsigned cores = std::thread::hardware_concurrency();
  if (cores == 0) cores = 1;
  size_t by_work = bytes_per_thread ? work_bytes / bytes_per_thread : cores;
  size_t t = std::min<size_t>({cores, by_work, 16});
  return t == 0 ? 1 : unsigned(t);
}

namespace {

struct Failure {
  size_t index;
  Error error;
};

class Loop {
 public:
  Loop(size_t n, size_t grain, const std::function<Status(size_t)>& fn)
      : n_(n), grain_(grain ? grain : 1), fn_(fn), first_fail_(n) {}

  // Claims chunks until none is left or one below them failed; returns this
  // worker's lowest failure.
  std::optional<Failure> work() {
    std::optional<Failure> mine;
    for (;;) {
      size_t start = next_.fetch_add(grain_, std::memory_order_relaxed);
      if (start >= n_ || start > first_fail_.load(std::memory_order_relaxed)) return mine;
      size_t end = std::min(n_, start + grain_);
      for (size_t i = start; i < end; ++i) {
        if (i > first_fail_.load(std::memory_order_relaxed)) break;
        Status s = call(i);
        if (s.ok()) continue;
        if (!mine || i < mine->index) mine = Failure{i, std::move(s).error()};
        size_t seen = first_fail_.load(std::memory_order_relaxed);
        while (i < seen && !first_fail_.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
        }
        break;
      }
    }
  }

 private:
  Status call(size_t i) {
    try {
      return fn_(i);
    } catch (const std::bad_alloc&) {
      return make_error("out of memory");
    }
  }

  size_t n_;
  size_t grain_;
  const std::function<Status(size_t)>& fn_;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> first_fail_;
};

}  // namespace

Status parallel_for(size_t n, unsigned threads, size_t grain,
                    const std::function<Status(size_t)>& fn) {
  Loop loop(n, grain, fn);
  size_t chunks = grain ? (n + grain - 1) / grain : n;
  size_t extra = threads > 1 ? std::min<size_t>(threads - 1, chunks > 0 ? chunks - 1 : 0) : 0;
  std::vector<std::optional<Failure>> results(extra + 1);
  std::vector<std::thread> workers;
  workers.reserve(extra);
  for (size_t t = 0; t < extra; ++t) {
    try {
      workers.emplace_back([&loop, &results, t] { results[t + 1] = loop.work(); });
    } catch (const std::system_error&) {
      break;  // no more threads: the ones running (and this one) do the rest
    }
  }
  results[0] = loop.work();
  for (std::thread& w : workers) w.join();
  std::optional<Failure>* best = nullptr;
  for (auto& r : results)
    if (r && (!best || r->index < (*best)->index)) best = &r;
  if (best) return std::move((*best)->error);
  return {};
}

}  // namespace skiff
