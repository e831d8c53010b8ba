// The process-wide code map and the frame-pointer walk (see code_map.h).
#include "compiler/code_map.h"

#include <cstdlib>
#include <map>
#include <shared_mutex>

#include "debuginfo/perf_map.h"
#include "runtime/compiled_module.h"

namespace skiff::compiler {

namespace {

struct Entry {
  uintptr_t end;
  uint32_t func_index;
  bool wrapper;
  uint64_t token;
  std::weak_ptr<const rt::CompiledModule> cm;  // the code belongs to the module
};

struct Registry {
  std::shared_mutex mu;
  std::map<uintptr_t, Entry> by_begin;
  std::map<uint64_t, std::vector<uintptr_t>> by_token;
  uint64_t next = 1;
};

Registry& reg() {
  static Registry* r = new Registry();  // never destroyed: modules may outlive statics
  return *r;
}

debuginfo::PerfMap* perf_map() {
  static debuginfo::PerfMap* pm = [] () -> debuginfo::PerfMap* {
    const char* e = std::getenv("SKIFF_PERF_MAP");
    if (!e || !*e || *e == '0') return nullptr;
    auto r = debuginfo::PerfMap::open();
    return r.ok() ? *r : nullptr;
  }();
  return pm;
}

}  // namespace

uint64_t CodeMap::add(std::vector<CodeRange> ranges, std::weak_ptr<const rt::CompiledModule> weak_cm) {
  Registry& r = reg();
  if (debuginfo::PerfMap* pm = perf_map()) {
    std::shared_ptr<const rt::CompiledModule> cm = weak_cm.lock();
    for (const CodeRange& c : ranges) {
      std::string nm = cm ? cm->func_name(c.func_index) : std::string();
      if (nm.empty()) nm = "func[" + std::to_string(c.func_index) + "]";
      pm->add(reinterpret_cast<const void*>(c.begin), c.end - c.begin,
              (c.wrapper ? "wasm-entry " : "wasm ") + nm);
    }
  }
  std::unique_lock<std::shared_mutex> g(r.mu);
  uint64_t tok = r.next++;
  std::vector<uintptr_t>& mine = r.by_token[tok];
  for (const CodeRange& c : ranges) {
    if (c.end <= c.begin) continue;
    r.by_begin[c.begin] = Entry{c.end, c.func_index, c.wrapper, tok, weak_cm};
    mine.push_back(c.begin);
  }
  return tok;
}

void CodeMap::remove(uint64_t token) {
  Registry& r = reg();
  std::unique_lock<std::shared_mutex> g(r.mu);
  auto it = r.by_token.find(token);
  if (it == r.by_token.end()) return;
  for (uintptr_t b : it->second) {
    auto e = r.by_begin.find(b);
    if (e != r.by_begin.end() && e->second.token == token) r.by_begin.erase(e);
  }
  r.by_token.erase(it);
}

std::optional<CodeHit> CodeMap::lookup(uintptr_t pc) {
  Registry& r = reg();
  std::shared_lock<std::shared_mutex> g(r.mu);
  auto it = r.by_begin.upper_bound(pc);
  if (it == r.by_begin.begin()) return std::nullopt;
  --it;
  if (pc >= it->second.end) return std::nullopt;
  std::shared_ptr<const rt::CompiledModule> cm = it->second.cm.lock();
  if (!cm) return std::nullopt;  // the module is being destroyed: no frame of it can run
  return CodeHit{it->second.func_index, it->second.wrapper, std::move(cm)};
}

rt::TraceFrame CodeMap::frame(const CodeHit& h) {
  rt::TraceFrame t;
  t.func_index = h.func_index;
  if (h.module) t.name = h.module->func_name(h.func_index);
  t.module = h.module;
  return t;
}

void walk_compiled_frames(const void* start, uintptr_t stack_hi, unsigned skip,
                          std::vector<rt::TraceFrame>* out) {
  auto fp = reinterpret_cast<uintptr_t>(start);
  bool seen = false;
  for (unsigned guard = 0; guard < 100000; ++guard) {
    if (fp == 0 || (fp & 7) || fp + 16 > stack_hi) return;
    const uintptr_t* f = reinterpret_cast<const uintptr_t*>(fp);
    uintptr_t ret = f[1];
    // A return address points past its call: look up the call itself.
    std::optional<CodeHit> h = ret ? CodeMap::lookup(ret - 1) : std::nullopt;
    if (!h) {
      if (seen || skip == 0) return;
      --skip;
    } else {
      seen = true;
      if (!h->wrapper) out->push_back(CodeMap::frame(*h));
    }
    uintptr_t next = f[0];
    if (next <= fp) return;
    fp = next;
  }
}

void frames_from_pcs(const uintptr_t* pcs, size_t n, std::vector<rt::TraceFrame>* out) {
  for (size_t i = 0; i < n; ++i) {
    std::optional<CodeHit> h = CodeMap::lookup(i == 0 ? pcs[0] : pcs[i] - 1);
    if (!h) {
      if (i == 0) continue;  // the fault was not in compiled code: try its callers
      return;
    }
    if (!h->wrapper) out->push_back(CodeMap::frame(*h));
  }
}

}  // namespace skiff::compiler

#include <pthread.h>

namespace skiff::compiler {

namespace {
thread_local uintptr_t tls_stack_hi = 0, tls_stack_lo = 0;
thread_local FaultPcs tls_fault_pcs;
}  // namespace

uintptr_t thread_stack_high() {
  if (tls_stack_hi) return tls_stack_hi;
  pthread_attr_t a;
  void* lo = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &a) == 0) {
    pthread_attr_getstack(&a, &lo, &size);
    pthread_attr_destroy(&a);
  }
  if (lo && size) {
    tls_stack_lo = reinterpret_cast<uintptr_t>(lo);
    tls_stack_hi = tls_stack_lo + size;
  } else {
    // Unknown: only the frames above here (walks then stop early).
    tls_stack_lo = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    tls_stack_hi = tls_stack_lo + (uintptr_t(1) << 12);
  }
  return tls_stack_hi;
}

void append_compiled_backtrace(std::vector<rt::TraceFrame>* bt, const void* fp, unsigned skip) {
  // fp is the caller's own frame: the walk only goes up from it, below the top.
  walk_compiled_frames(fp, thread_stack_high(), skip, bt);
}

void record_fault_pcs(uintptr_t pc, uintptr_t fp) {
  FaultPcs& f = tls_fault_pcs;
  f.n = 0;
  f.pcs[f.n++] = pc;
  // Bounds set at the entry (thread_stack_high(); no call in a signal handler).
  const uintptr_t hi = tls_stack_hi, lo = tls_stack_lo;
  while (f.n < FaultPcs::kMax) {
    if (fp < lo || (fp & 7) || fp + 16 > hi) break;
    const uintptr_t* p = reinterpret_cast<const uintptr_t*>(fp);
    f.pcs[f.n++] = p[1];
    if (p[0] <= fp) break;
    fp = p[0];
  }
}

void take_fault_backtrace(std::vector<rt::TraceFrame>* bt) {
  FaultPcs& f = tls_fault_pcs;
  frames_from_pcs(f.pcs, f.n, bt);
  f.n = 0;
}

}  // namespace skiff::compiler
