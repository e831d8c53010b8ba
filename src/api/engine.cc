#include <cstdlib>
#include <string_view>

#include "api/api_impl.h"
#include "compiler/compiler_loader.h"

namespace skiff {
namespace detail {

static rt::EngineConfig rt_config(const Config& c) {
  rt::EngineConfig r;
  r.reserve_memory = c.guard_pages && c.memory_reservation > 0;
  r.memory_reservation = c.memory_reservation;
  r.memory_guard = c.memory_guard_size;
  return r;
}

EngineImpl::EngineImpl(const Config& c) : config(c), rt(rt_config(c)) {
  features.multi_memory = c.multi_memory;
  features.memory64 = c.memory64;
  if (const char* env = std::getenv("SKIFF_TIER"); env && *env) {
    std::string_view v(env);
    if (v == "0") config.tier = Tier::Interpreter;
    else if (v == "1") config.tier = Tier::Compiler;
    else if (v == "auto") config.tier = Tier::Auto;
    // A test run's override leaves deterministic engines in tier 0 (below).
    if (config.deterministic) config.tier = Tier::Interpreter;
  }
  if (config.tier != Tier::Interpreter && config.deterministic) {
    tier_error = "Config::deterministic runs in tier 0 only (tier 1 does not canonicalise NaNs yet)";
  } else if (config.tier != Tier::Interpreter && !compiler::build_has_compiler()) {
    // The compiler library itself loads on the first compile (a module deserialized
    // with its machine code never loads it); a build without one fails here.
    tier_error = "Config::tier " + std::string(config.tier == Tier::Auto ? "auto" : "1") + ": " +
                 compiler::load_compiler().error().message;
  }
}

}  // namespace detail

Engine::Engine(Config config) : impl_(std::make_shared<detail::EngineImpl>(config)) {}

const Config& Engine::config() const { return impl_->config; }

}  // namespace skiff
