// The process-wide code map and the frame-pointer walk (see code_map.h).
#include "compiler/code_map.h"

#include <cstdlib>
#include <map>
#include <shared_mutex>

#include "compiler/line_table.h"
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

void publish_snapshot(const Registry& r);  // the signal-safe copy (below)

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
  publish_snapshot(r);
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
  publish_snapshot(r);
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
      if (!h->wrapper) add_compiled_frame(ret - 1, *h, out);
    }
    uintptr_t next = f[0];
    if (next <= fp) return;
    fp = next;
  }
}

void frames_from_pcs(const uintptr_t* pcs, size_t n, std::vector<rt::TraceFrame>* out) {
  for (size_t i = 0; i < n; ++i) {
    const uintptr_t pc = i == 0 ? pcs[0] : pcs[i] - 1;
    std::optional<CodeHit> h = CodeMap::lookup(pc);
    if (!h) {
      if (i == 0) continue;  // the fault was not in compiled code: try its callers
      return;
    }
    if (!h->wrapper) add_compiled_frame(pc, *h, out);
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

// --- The signal-safe copy of the map (sample_compiled_frames) -------------------
#include <atomic>
#include <thread>

namespace skiff::compiler {

namespace {

struct SnapEntry {
  uintptr_t begin, end;
  const rt::CompiledModule* module;
  uint32_t func_index;
  bool wrapper;
};

struct Snapshot {
  size_t n = 0;
  std::unique_ptr<SnapEntry[]> e;
};

std::atomic<const Snapshot*> g_snapshot{nullptr};
std::atomic<uint64_t> g_epoch{0};
std::atomic<uint64_t> g_readers[2];

// Called with the registry's lock held (so copies are published in order).
void publish_snapshot(const Registry& r) {
  auto* s = new Snapshot();
  s->n = r.by_begin.size();
  s->e.reset(new SnapEntry[s->n ? s->n : 1]);
  size_t i = 0;
  for (const auto& [begin, e] : r.by_begin) {
    // (Entry::cm is the module, held strongly or weakly: identity only here.)
    const rt::CompiledModule* m = std::weak_ptr<const rt::CompiledModule>(e.cm).lock().get();
    s->e[i++] = SnapEntry{begin, e.end, m, e.func_index, e.wrapper};
  }
  const Snapshot* old = g_snapshot.exchange(s, std::memory_order_seq_cst);
  if (!old) return;
  // A reader that may hold `old` entered before the swap; each counter seen at
  // zero after it (new readers go to the other one after a flip) proves those
  // of that counter left.
  for (int k = 0; k < 2; ++k) {
    const uint64_t e = g_epoch.fetch_add(1, std::memory_order_seq_cst);
    while (g_readers[e & 1].load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  }
  delete old;
}

class SnapshotReader {
 public:
  SnapshotReader() : slot_(g_epoch.load(std::memory_order_seq_cst) & 1) {
    g_readers[slot_].fetch_add(1, std::memory_order_seq_cst);
    s_ = g_snapshot.load(std::memory_order_seq_cst);
  }
  ~SnapshotReader() { g_readers[slot_].fetch_sub(1, std::memory_order_seq_cst); }
  SnapshotReader(const SnapshotReader&) = delete;
  SnapshotReader& operator=(const SnapshotReader&) = delete;
  const SnapEntry* find(uintptr_t pc) const {
    if (!s_ || s_->n == 0) return nullptr;
    size_t lo = 0, hi = s_->n;  // first entry with begin > pc
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (s_->e[mid].begin <= pc) lo = mid + 1;
      else hi = mid;
    }
    if (lo == 0) return nullptr;
    const SnapEntry* e = &s_->e[lo - 1];
    return pc < e->end ? e : nullptr;
  }

 private:
  unsigned slot_;
  const Snapshot* s_ = nullptr;
};

// Raw reads of this thread's stack and of running code (bounds checked by the
// caller), not instrumented: a frame-pointer walk may read words a sanitizer
// poisons (a redzone next to a saved frame pointer of uninstrumented code).
__attribute__((no_sanitize("address"))) uintptr_t raw_word(uintptr_t a) {
  return *reinterpret_cast<const uintptr_t*>(a);
}
__attribute__((no_sanitize("address"))) uint8_t raw_byte(uintptr_t a) {
  return *reinterpret_cast<const uint8_t*>(a);
}

}  // namespace

size_t sample_compiled_frames(uintptr_t pc, uintptr_t fp, uintptr_t sp, uintptr_t lo, uintptr_t hi,
                              SampledFrame* out, size_t cap) {
  SnapshotReader snap;
  size_t n = 0;
  auto word_at = [&](uintptr_t a, uintptr_t* v) -> bool {
    if (a < lo || (a & 7) || a > hi || hi - a < 8) return false;
    *v = raw_word(a);
    return true;
  };
  auto emit = [&](const SnapEntry* e, uintptr_t at) {
    if (e && !e->wrapper && n < cap) out[n++] = SampledFrame{e->module, e->func_index, at};
  };
  if (pc) {
    const SnapEntry* e = snap.find(pc);
    if (e) {
      emit(e, pc);
      // Where the frame is not (or no longer) set up, rbp is still the caller's
      // frame and the return address into the caller is at the top of the stack.
      // Code bytes are read at pc (running) or in the first 8 bytes of the function
      // when pc is there.
      uintptr_t ret = 0;
      const uintptr_t b = e->begin, off = pc - b;
      uintptr_t push_at = 0;  // offset of `push rbp` (after an endbr64)
      if (off < 8 && off >= 4 && raw_byte(b) == 0xF3 && raw_byte(b + 1) == 0x0F && raw_byte(b + 2) == 0x1E &&
          raw_byte(b + 3) == 0xFA)
        push_at = 4;
      const uint8_t at_pc = raw_byte(pc);
      if (off <= push_at) (void)word_at(sp, &ret);  // before push rbp
      else if (off == push_at + 1 && raw_byte(b + push_at) == 0x55) (void)word_at(sp + 8, &ret);  // before mov rbp, rsp
      else if (at_pc == 0xC3 || at_pc == 0xC2) (void)word_at(sp, &ret);  // ret after pop rbp
      if (ret) emit(snap.find(ret - 1), ret - 1);
    }
  }
  for (unsigned guard = 0; guard < 100000 && n < cap; ++guard) {
    uintptr_t next = 0, ret = 0;
    if (!word_at(fp, &next) || !word_at(fp + 8, &ret)) break;
    // A return address points past its call: look up the call itself.
    if (ret) emit(snap.find(ret - 1), ret - 1);
    if (next <= fp) break;
    fp = next;
  }
  return n;
}

bool cached_thread_stack(uintptr_t* lo, uintptr_t* hi) {
  if (!tls_stack_hi) return false;
  *lo = tls_stack_lo;
  *hi = tls_stack_hi;
  return true;
}

}  // namespace skiff::compiler
