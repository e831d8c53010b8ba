// A store's sampling profiler: a StackSampler (interp/sampler.h) over the mixed
// stack source of every tier (profile_source.h), plus naming (debug_names.h) and
// output (flamegraph.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/flamegraph.h"
#include "api/profile_source.h"
#include "interp/sampler.h"
#include "skiff/profile.h"
#include "skiff/result.h"

namespace skiff::detail {

struct StoreImpl;

class StoreProfiler {
 public:
  explicit StoreProfiler(StoreImpl* s) : store_(s) {}
  ~StoreProfiler();
  StoreProfiler(const StoreProfiler&) = delete;
  StoreProfiler& operator=(const StoreProfiler&) = delete;
  Status start(const ProfileOptions& o);
  void stop();
  bool running() const { return sampler_ && sampler_->running(); }
  ProfileStats stats() const;
  // Named stacks (outermost first) of every sample so far.
  std::vector<FoldedStack> stacks() const;
  std::string text(ProfileFormat f) const;

 private:
  StoreImpl* store_;
  std::unique_ptr<interp::StackSampler> sampler_;
  // The stack source's context (every tier: profile_source.h); outlives sampler_.
  MixedSourceCtx source_;
  // Samples of samplers stopped and restarted (start after stop keeps them).
  std::vector<FoldedStack> earlier_;
  ProfileStats earlier_stats_;
};

}  // namespace skiff::detail
