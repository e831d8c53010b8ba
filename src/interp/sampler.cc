#include "interp/sampler.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "interp/exec.h"
#include "interp/interpreter.h"
#include "runtime/instance.h"
#include "runtime/store.h"

namespace skiff::interp {
namespace {

// 8M words (64 MiB of address space, touched only as samples arrive): about 2 hours
// of samples 30 frames deep at 1 kHz.
constexpr size_t kBufferWords = size_t(8) << 20;

void on_sigprof(int, siginfo_t* si, void* uc) {
  if (!si || si->si_code != SI_TIMER) return;
  auto* s = static_cast<StackSampler*>(si->si_value.sival_ptr);
  if (s) s->on_signal(uc);
}

// SIGPROF's handler is ours while any sampler runs; the previous one comes back after.
std::mutex g_mu;
int g_users = 0;
struct sigaction g_prev;

bool acquire_handler() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_users++ > 0) return true;
  struct sigaction sa = {};
  sa.sa_sigaction = on_sigprof;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGPROF, &sa, &g_prev) != 0) {
    --g_users;
    return false;
  }
  return true;
}

void release_handler() {
  std::lock_guard<std::mutex> lock(g_mu);
  if (--g_users == 0) sigaction(SIGPROF, &g_prev, nullptr);
}

// The interpreter's stack: frames[0, cur_depth) (sentinels are null and skipped),
// then cur; a host call in progress adds its caller and the host function, in
// place of the sentinel of a nested entry it made.
}  // namespace

size_t StackSampler::interp_source(void* ctx, const void*, uintptr_t* out, size_t cap) {
  const detail::ExecState& st = *static_cast<const detail::ExecState*>(ctx);
  const detail::CallFrame* frames = st.frames.get();
  if (!frames) return 0;
  const size_t fc = st.frame_count;
  rt::Func* const hf = st.marks.host_func;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  rt::Func* const hc = st.marks.host_caller;
  size_t hd = st.marks.host_depth;
  rt::Func* const cur = st.cur;
  size_t d = st.cur_depth;
  if (d > fc) d = fc;
  if (hd > fc) hd = fc;
  // The logical sequence, outermost first, as a function of its index.
  size_t len;
  bool nested = false;
  if (hf) {
    nested = d > hd;
    len = hd + 2 + (nested ? (d - hd - 1) + 1 : 0);
  } else {
    if (!cur) return 0;
    len = d + 1;
  }
  auto at = [&](size_t i) -> const rt::Func* {
    if (!hf) return i < d ? frames[i].func : cur;
    if (i < hd) return frames[i].func;
    if (i == hd) return hc;
    if (i == hd + 1) return hf;
    // Nested wasm above the host call: frames[hd + 1, d), then cur.
    size_t j = i - (hd + 2) + hd + 1;
    return j < d ? frames[j].func : cur;
  };
  size_t first = len > cap ? len - cap : 0;
  size_t n = 0;
  for (size_t i = first; i < len; ++i)
    if (const rt::Func* f = at(i)) out[n++] = reinterpret_cast<uintptr_t>(f);
  return n;
}

Result<std::unique_ptr<StackSampler>> StackSampler::start(Interpreter& interp, const uint32_t* active,
                                                          std::chrono::microseconds interval) {
  return start(&StackSampler::interp_source, &interp.exec_state(), active, interval);
}

Result<std::unique_ptr<StackSampler>> StackSampler::start(Source source, void* ctx, const uint32_t* active,
                                                          std::chrono::microseconds interval) {
  if (interval.count() < 10) return Error{"profile interval too small (at least 10 microseconds)"};
  if (!source) return Error{"profiler: no stack source"};
  std::unique_ptr<StackSampler> s(new StackSampler());
  s->source_ = source;
  s->source_ctx_ = ctx;
  s->active_ = active;
  s->interval_ = interval;
  void* mem = mmap(nullptr, kBufferWords * sizeof(uintptr_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) return Error{"profiler: cannot reserve the sample buffer"};
  s->buf_ = static_cast<uintptr_t*>(mem);
  s->cap_words_ = kBufferWords;
  if (!acquire_handler()) return Error{"profiler: cannot install the SIGPROF handler"};
  struct sigevent sev = {};
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_signo = SIGPROF;
  sev.sigev_value.sival_ptr = s.get();
  sev._sigev_un._tid = pid_t(syscall(SYS_gettid));
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0) {
    release_handler();
    return Error{std::string("profiler: timer_create failed: ") + strerror(errno)};
  }
  s->timer_ = t;
  struct itimerspec its = {};
  const long long us = interval.count();
  its.it_interval.tv_sec = time_t(us / 1000000);
  its.it_interval.tv_nsec = long(us % 1000000) * 1000;
  its.it_value = its.it_interval;
  if (timer_settime(t, 0, &its, nullptr) != 0) {
    timer_delete(t);
    release_handler();
    return Error{std::string("profiler: timer_settime failed: ") + strerror(errno)};
  }
  s->timer_armed_ = true;
  return s;
}

void StackSampler::on_signal(const void* ucontext) {
  in_handler_.fetch_add(1, std::memory_order_acquire);
  const int saved_errno = errno;
  if (!active_ || *static_cast<const volatile uint32_t*>(active_) == 0) {
    idle_.fetch_add(1, std::memory_order_relaxed);
  } else {
    const size_t used = used_.load(std::memory_order_relaxed);
    const size_t room = cap_words_ > used ? cap_words_ - used : 0;
    if (room < 2) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
    } else {
      size_t cap = room - 1 < kMaxWords ? room - 1 : kMaxWords;
      size_t n = source_(source_ctx_, ucontext, buf_ + used + 1, cap);
      if (n == 0) {
        idle_.fetch_add(1, std::memory_order_relaxed);
      } else {
        buf_[used] = n;
        used_.store(used + 1 + n, std::memory_order_release);
        samples_.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }
  errno = saved_errno;
  in_handler_.fetch_sub(1, std::memory_order_release);
}

void StackSampler::stop() {
  if (!timer_armed_) return;
  timer_armed_ = false;
  timer_delete(static_cast<timer_t>(timer_));
  // A handler running on the sampled thread right now (when stop() is called from
  // another thread) finishes before the buffer may go.
  while (in_handler_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  release_handler();
}

StackSampler::~StackSampler() {
  stop();
  if (buf_) munmap(buf_, cap_words_ * sizeof(uintptr_t));
}

std::vector<StackSampler::Stack> StackSampler::stacks(const rt::Store& store, const InlineExpander& expand) const {
  std::unordered_set<const rt::Func*> known;
  // Compiled frames: (module, function index) -> a function of the store with them.
  std::map<std::pair<uintptr_t, uint32_t>, const rt::Func*> by_index;
  store.for_each_func([&](const rt::Func* f) {
    known.insert(f);
    if (f->instance && f->instance->module)
      by_index.emplace(std::make_pair(reinterpret_cast<uintptr_t>(f->instance->module.get()), f->index), f);
  });
  std::map<std::vector<const rt::Func*>, uint64_t> agg;
  const size_t used = used_.load(std::memory_order_acquire);
  auto func_of = [&](uintptr_t module, uint32_t index) -> const rt::Func* {
    auto it = by_index.find({module, index});
    return it != by_index.end() ? it->second : nullptr;
  };
  // Inlined functions per distinct (module, index, pc): most samples repeat a pc.
  std::map<std::tuple<uintptr_t, uint32_t, uintptr_t>, std::vector<uint32_t>> inlined;
  std::vector<const rt::Func*> frames;
  for (size_t i = 0; i < used;) {
    const size_t n = buf_[i];
    if (n > used - i - 1) break;
    frames.clear();
    for (size_t k = 0; k < n; ++k) {
      const uintptr_t w = buf_[i + 1 + k];
      if (w & 1) {
        if (k + 2 >= n) break;  // (a source never splits a triple)
        const uintptr_t module = w & ~uintptr_t(1), pc = buf_[i + 3 + k];
        const auto index = uint32_t(buf_[i + 2 + k]);
        const rt::Func* f = func_of(module, index);
        frames.push_back(f);
        k += 2;
        if (!f || !expand) continue;
        auto [it, fresh] = inlined.try_emplace({module, index, pc});
        if (fresh) expand(module, index, pc, &it->second);
        for (uint32_t in : it->second) frames.push_back(func_of(module, in));
        continue;
      }
      auto* f = reinterpret_cast<const rt::Func*>(w);
      frames.push_back(known.count(f) ? f : nullptr);
    }
    ++agg[frames];
    i += 1 + n;
  }
  std::vector<Stack> out;
  out.reserve(agg.size());
  for (auto& [k, v] : agg) out.push_back(Stack{k, v});
  return out;
}

}  // namespace skiff::interp
