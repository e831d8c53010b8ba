// The profiler's stack source for every tier (interp/sampler.h Source): the
// interpreter's frames, compiled (tier-1) frames walked from the signal context
// through the code map, and host calls, spliced in call order.
#pragma once

#include <cstddef>
#include <cstdint>

namespace skiff::interp::detail {
struct ExecState;
}

namespace skiff::detail {

struct MixedSourceScratch;

// One sampler's context: the interpreter it reads and the handler's scratch space
// (the handler of one sampler never nests: SIGPROF is blocked while it runs).
struct MixedSourceCtx {
  const interp::detail::ExecState* interp = nullptr;
  MixedSourceScratch* scratch = nullptr;  // make_mixed_scratch()
};
MixedSourceScratch* make_mixed_scratch();
void free_mixed_scratch(MixedSourceScratch* s);

// Prepares the calling thread (the sampled one) for mixed_stack_source: caches its
// stack bounds, which the handler may only read.
void prepare_mixed_source();
// The Source itself (ctx: a MixedSourceCtx). Async-signal-safe.
size_t mixed_stack_source(void* ctx, const void* ucontext, uintptr_t* out, size_t cap);

}  // namespace skiff::detail
