// The mixed stack source (profile_source.h). Design:
//
// A thread's wasm stack alternates between stretches run by the interpreter, by
// compiled code and by host functions. The boundaries are marks on the native
// stack (interp/sample_marks.h): a HostMark for each call out of the interpreter
// (ExecState::marks and its chain), a NativeMark for each entry into compiled code
// (kEntry) and each call out of it (kCallOut). Merged by address, innermost first,
// they give the order; the pieces between them are:
//   * inside a kEntry: compiled frames, walked through the frame-pointer chain from
//     the signal context (innermost) or from the kCallOut's frame, never above the
//     kEntry mark (code_map.h sample_compiled_frames);
//   * inside a HostMark: the host function (or the compiled function the
//     interpreter called, when no compiled frame was found), and below it the
//     interpreter's stretch that called it: its caller and the frames above the
//     nearest sentinel;
//   * inside a kCallOut: the host function it calls, or the interpreter's run.
// The interpreter's frames of a stretch are those above the sentinel of its entry:
// its index is the call depth of the nearest outer HostMark (0 without one).
//
// Safety (the handler runs at any instruction of the sampled thread): no lock, no
// allocation; every mark is read only if its address lies between the interrupted
// stack pointer and the top of this thread's stack (marks are live frames' locals)
// and addresses grow strictly along each chain; frame-pointer reads are bounded the
// same way; interpreter indices are bounded by the frame array. Pointers to
// functions are copied, never followed (the sampler checks them afterwards).
#include "api/profile_source.h"

#include <ucontext.h>

#include "compiler/code_map.h"
#include "interp/exec.h"
#include "interp/sample_marks.h"
#include "runtime/objects.h"

namespace skiff::detail {

namespace {

using interp::detail::NativeMark;
using interp::detail::SampleMarks;

constexpr size_t kMaxMarks = 512;   // per chain (innermost kept)
constexpr size_t kMaxSegment = 4096;  // compiled frames of one stretch

struct Event {
  uintptr_t at;
  const SampleMarks* host = nullptr;  // a HostMark (copied fields below)
  const rt::Func* func = nullptr;     // HostMark: host_func; kCallOut: callee
  const rt::Func* caller = nullptr;
  size_t depth = 0;
  const NativeMark* native = nullptr;
  size_t base = 0;  // the interpreter's entry depth inside this event
};

// Output built innermost first (reversed at the end), capped: the innermost
// frames are the ones kept.
struct Out {
  uintptr_t* w;
  size_t cap, n = 0;
  bool full = false;
  void func(const rt::Func* f) {
    if (!f) return;
    if (n + 1 > cap) {
      full = true;
      return;
    }
    w[n++] = reinterpret_cast<uintptr_t>(f);
  }
  void compiled(const compiler::SampledFrame& f) {
    if (n + 3 > cap) {
      full = true;
      return;
    }
    // Reversed later into (module | 1, index, pc).
    w[n++] = f.pc;
    w[n++] = f.func_index;
    w[n++] = reinterpret_cast<uintptr_t>(f.module) | 1;
  }
};

// Interpreter frames[from, to) innermost first, sentinels skipped.
void interp_frames(Out& o, const interp::detail::CallFrame* frames, size_t fc, size_t from, size_t to) {
  if (to > fc) to = fc;
  for (size_t j = to; j > from && !o.full; --j)
    if (rt::Func* f = frames[j - 1].func) o.func(f);
}

}  // namespace

struct MixedSourceScratch {
  Event hs[kMaxMarks], ns[kMaxMarks], ev[2 * kMaxMarks];
  compiler::SampledFrame seg[kMaxSegment];
};

MixedSourceScratch* make_mixed_scratch() { return new MixedSourceScratch(); }
void free_mixed_scratch(MixedSourceScratch* s) { delete s; }

void prepare_mixed_source() { (void)compiler::thread_stack_high(); }

size_t mixed_stack_source(void* ctx, const void* ucontext, uintptr_t* out, size_t cap) {
  const auto& mc = *static_cast<const MixedSourceCtx*>(ctx);
  if (!mc.interp || !mc.scratch) return 0;
  const auto& st = *mc.interp;
  MixedSourceScratch& sc = *mc.scratch;
  uintptr_t pc = 0, fp = 0, sp = 0;
#if defined(__x86_64__) && defined(__linux__)
  if (ucontext) {
    const auto* uc = static_cast<const ucontext_t*>(ucontext);
    pc = uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
    fp = uintptr_t(uc->uc_mcontext.gregs[REG_RBP]);
    sp = uintptr_t(uc->uc_mcontext.gregs[REG_RSP]);
  }
#endif
  uintptr_t lo = 0, hi = 0;
  // Native marks and compiled frames only when sp is on this thread's own stack.
  const bool native = sp && compiler::cached_thread_stack(&lo, &hi) && sp >= lo && sp < hi;
  auto live = [&](const void* p, size_t size) {
    const auto a = reinterpret_cast<uintptr_t>(p);
    return native && a >= sp && a < hi && hi - a >= size && (a & 7) == 0;
  };

  // The interpreter's state (plain reads; see sampler.h).
  const interp::detail::CallFrame* frames = st.frames.get();
  const size_t fc = frames ? st.frame_count : 0;
  rt::Func* const cur = st.cur;
  size_t d = st.cur_depth;
  if (d > fc) d = fc;

  // The two chains, innermost first, merged by address.
  Event* const hs = sc.hs;
  Event* const ns = sc.ns;
  size_t nh = 0, nn = 0;
  {
    const SampleMarks* m = &st.marks;
    rt::Func* f = m->host_func;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    uintptr_t last = 0;
    while (f && nh < kMaxMarks) {
      Event e;
      e.host = m;
      e.func = f;
      e.caller = m->host_caller;
      e.depth = m->host_depth < fc ? m->host_depth : fc;
      e.at = m->at;
      const SampleMarks* prev = m->prev;
      if (nh > 0 && e.at <= last) break;
      if (native && e.at < sp) break;  // (a mark below sp is dead: never expected)
      last = e.at;
      hs[nh++] = e;
      if (!prev || !live(prev, sizeof(SampleMarks)) || !native) break;
      m = prev;
      f = m->host_func;
    }
  }
  if (native) {
    const NativeMark* m = interp::detail::tls_native_marks;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    uintptr_t last = 0;
    while (m && nn < kMaxMarks && live(m, sizeof(NativeMark))) {
      const auto a = reinterpret_cast<uintptr_t>(m);
      if (m->at != a || (nn > 0 && a <= last)) break;
      last = a;
      Event e;
      e.at = a;
      e.native = m;
      e.func = m->callee;
      ns[nn++] = e;
      m = m->prev;
    }
  }
  Event* const ev = sc.ev;
  size_t m = 0;
  for (size_t i = 0, j = 0; i < nh || j < nn;) {
    if (j >= nn || (i < nh && hs[i].at < ns[j].at)) ev[m++] = hs[i++];
    else ev[m++] = ns[j++];
  }
  // The interpreter's entry depth inside each event (outermost first).
  size_t cursor = 0;
  for (size_t i = m; i-- > 0;) {
    if (ev[i].host) cursor = ev[i].depth;
    ev[i].base = cursor;
  }

  Out o{out, cap};
  compiler::SampledFrame* const seg = sc.seg;
  // A compiled stretch: from (spc, sfp, slo) up to the kEntry mark at `top`.
  auto compiled_stretch = [&](uintptr_t spc, uintptr_t sfp, uintptr_t slo, uintptr_t top) -> size_t {
    if (!native || slo < sp || top > hi || slo >= top) return 0;
    size_t k = compiler::sample_compiled_frames(spc, sfp, slo, slo, top, seg, kMaxSegment);
    for (size_t i = 0; i < k && !o.full; ++i) o.compiled(seg[i]);
    return k;
  };
  auto is_entry = [&](size_t i) { return ev[i].native && ev[i].native->kind == NativeMark::kEntry; };
  auto is_out = [&](size_t i) { return ev[i].native && ev[i].native->kind == NativeMark::kCallOut; };

  if (m == 0) {
    // The interpreter alone (or nothing runs).
    if (!cur) return 0;
    o.func(cur);
    interp_frames(o, frames, fc, 0, d);
  } else {
    // Innermost: an interpreter run entered inside ev[0] (by a host function, or
    // by tier 1 calling out to tier 0), unless ev[0] is compiled code running.
    // (Not inside a host function compiled code called: the interpreter's
    // cur/cur_depth outlive its runs, and no mark tells whether it runs there.)
    const bool compiled_inside = is_entry(0) || (ev[0].host && ev[0].host->compiled);
    const bool host_out = is_out(0) && ev[0].native->callee_host;
    const size_t b = ev[0].base;
    if (!compiled_inside && !host_out && cur && d > b && b < fc && !frames[b].func) {
      o.func(cur);
      interp_frames(o, frames, fc, b + 1, d);
    }
    size_t seg_frames = 0;  // frames of the last compiled stretch emitted
    for (size_t i = 0; i < m && !o.full; ++i) {
      const Event& e = ev[i];
      if (e.host) {
        // The host function (or the compiled entry, when its stretch showed no
        // frame), then the interpreter stretch that called it.
        const bool had_frames = i > 0 && is_entry(i - 1) && seg_frames > 0;
        if (!e.host->compiled || !had_frames) o.func(e.func);
        o.func(e.caller);
        interp_frames(o, frames, fc, i + 1 < m ? ev[i + 1].base : 0, e.depth);
      } else if (is_entry(i)) {
        seg_frames = 0;
        if (i == 0) seg_frames = compiled_stretch(pc, fp, sp, e.at);
        else if (is_out(i - 1)) seg_frames = compiled_stretch(0, ev[i - 1].native->fp, ev[i - 1].native->fp, e.at);
      } else if (is_out(i)) {
        // Tier 0's run of a wasm callee was emitted above (its frames and cur).
        if (e.native->callee_host) o.func(e.func);
      }
    }
  }
  // Outermost first.
  for (size_t a = 0, b = o.n; a + 1 < b; ++a, --b) {
    uintptr_t t = out[a];
    out[a] = out[b - 1];
    out[b - 1] = t;
  }
  return o.n;
}

}  // namespace skiff::detail
