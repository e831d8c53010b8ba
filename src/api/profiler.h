// A store's sampling profiler: the interpreter's StackSampler (interp/sampler.h)
// plus naming (debug_names.h) and output (flamegraph.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/flamegraph.h"
#include "interp/sampler.h"
#include "skiff/profile.h"
#include "skiff/result.h"

namespace skiff::detail {

struct StoreImpl;

class StoreProfiler {
 public:
  explicit StoreProfiler(StoreImpl* s) : store_(s) {}
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
  // Samples of samplers stopped and restarted (start after stop keeps them).
  std::vector<FoldedStack> earlier_;
  ProfileStats earlier_stats_;
};

}  // namespace skiff::detail
