#include "api/api_impl.h"

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
}

}  // namespace detail

Engine::Engine(Config config) : impl_(std::make_shared<detail::EngineImpl>(config)) {}

const Config& Engine::config() const { return impl_->config; }

}  // namespace skiff
