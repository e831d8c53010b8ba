#include "api/profiler.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "api/api_impl.h"
#include "api/debug_names.h"
#include "compiler/line_table.h"
#include "runtime/instance.h"

namespace skiff::detail {

Status StoreProfiler::start(const ProfileOptions& o) {
  if (running()) return Error{"the profiler is already running"};
  if (sampler_) {
    // Keep what the previous run collected.
    std::vector<FoldedStack> s = stacks();
    earlier_ = std::move(s);
    ProfileStats st = stats();
    earlier_stats_ = st;
    sampler_.reset();
  }
  // Every tier: the interpreter's frames, compiled frames and host calls spliced.
  if (!source_.scratch) source_.scratch = make_mixed_scratch();
  source_.interp = &store_->interp->exec_state();
  prepare_mixed_source();  // on the sampled thread (this one)
  auto s = interp::StackSampler::start(&mixed_stack_source, &source_, &store_->host_entries, o.interval);
  if (!s.ok()) return std::move(s).error();
  sampler_ = std::move(*s);
  return {};
}

StoreProfiler::~StoreProfiler() {
  sampler_.reset();  // its handler reads source_
  free_mixed_scratch(source_.scratch);
}

void StoreProfiler::stop() {
  if (sampler_) sampler_->stop();
}

ProfileStats StoreProfiler::stats() const {
  ProfileStats r = earlier_stats_;
  if (sampler_) {
    r.samples += sampler_->samples();
    r.idle += sampler_->idle();
    r.dropped += sampler_->dropped();
    r.interval = sampler_->interval();
  }
  return r;
}

std::vector<FoldedStack> StoreProfiler::stacks() const {
  std::vector<FoldedStack> out = earlier_;
  if (!sampler_) return out;
  std::unordered_map<const rt::Func*, std::string> names;
  auto name_of = [&](const rt::Func* f) -> const std::string& {
    auto it = names.find(f);
    if (it != names.end()) return it->second;
    std::string n;
    if (!f) {
      n = "[unknown]";
    } else if (f->is_host()) {
      // Host functions (WASI's are named by their import name): "host::fd_write".
      n = f->host_name.empty() ? "[host]" : "host::" + f->host_name;
    } else {
      n = func_display_name(f->instance ? f->instance->module : nullptr, f->index);
    }
    return names.emplace(f, std::move(n)).first->second;
  };
  // Compiled frames: the function LLVM inlined at the sampled pc follows the
  // physical one (SKIFF_PROFILE_INLINED=0: physical frames only).
  interp::StackSampler::InlineExpander expand;
  const char* e = std::getenv("SKIFF_PROFILE_INLINED");
  if (!e || std::strcmp(e, "0") != 0)
    expand = [](uintptr_t module, uint32_t index, uintptr_t pc, std::vector<uint32_t>* inner) {
      compiler::inlined_functions(reinterpret_cast<const rt::CompiledModule*>(module), index, pc, inner);
    };
  for (const interp::StackSampler::Stack& s : sampler_->stacks(store_->store, expand)) {
    FoldedStack fs;
    fs.count = s.count;
    for (const rt::Func* f : s.frames) fs.frames.push_back(name_of(f));
    out.push_back(std::move(fs));
  }
  return out;
}

std::string StoreProfiler::text(ProfileFormat f) const {
  std::vector<FoldedStack> s = stacks();
  if (f == ProfileFormat::Folded) return folded_text(s);
  ProfileStats st = stats();
  FlameOptions o;
  char buf[160];
  const double hz = st.interval.count() > 0 ? 1e6 / double(st.interval.count()) : 0;
  std::snprintf(buf, sizeof buf, "%llu samples at %.0f Hz (%llu idle, %llu dropped)",
                static_cast<unsigned long long>(st.samples), hz,
                static_cast<unsigned long long>(st.idle), static_cast<unsigned long long>(st.dropped));
  o.subtitle = buf;
  return flamegraph_svg(s, o);
}

}  // namespace skiff::detail

namespace skiff {

Status Store::start_profiling(const ProfileOptions& options) {
  if (!impl_->profiler) impl_->profiler = std::make_unique<detail::StoreProfiler>(impl_.get());
  return impl_->profiler->start(options);
}

Status Store::stop_profiling() {
  if (!impl_->profiler || !impl_->profiler->running()) return Error{"the profiler is not running"};
  impl_->profiler->stop();
  return {};
}

ProfileStats Store::profile_stats() const {
  return impl_->profiler ? impl_->profiler->stats() : ProfileStats{};
}

Result<std::string> Store::profile_text(ProfileFormat format) const {
  if (!impl_->profiler) return Error{"the profiler was never started"};
  return impl_->profiler->text(format);
}

Status Store::write_profile(const std::string& path) const {
  const bool svg = path.size() >= 4 && path.compare(path.size() - 4, 4, ".svg") == 0;
  auto t = profile_text(svg ? ProfileFormat::Svg : ProfileFormat::Folded);
  if (!t.ok()) return std::move(t).error();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Error{"cannot write the profile to '" + path + "'"};
  const bool ok = std::fwrite(t->data(), 1, t->size(), f) == t->size();
  if (std::fclose(f) != 0 || !ok) return Error{"cannot write the profile to '" + path + "'"};
  return {};
}

}  // namespace skiff
