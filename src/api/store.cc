// Store: limits, fuel, interruption, WASI context.
#include "api/api_impl.h"
#include "api/profiler.h"
#include "runtime/gc_heap.h"
#include "skiff/store.h"

namespace skiff {
namespace detail {

static interp::InterpConfig interp_config(const Config& c) {
  interp::InterpConfig r;
  r.value_stack_bytes = c.max_wasm_stack;
  r.max_call_depth = c.max_call_depth;
  r.guard_pages = c.guard_pages;
  r.deterministic = c.deterministic;
  r.tiering = c.tier == Tier::Auto;
  return r;
}

StoreImpl::StoreImpl(std::shared_ptr<EngineImpl> e, const StoreLimits& l)
    : engine(std::move(e)), limits(l), store(engine->rt) {
  store.limits.max_memory_bytes = l.max_memory_bytes;
  store.limits.max_table_elements = l.max_table_elements;
  store.limits.max_gc_heap_bytes = l.max_gc_heap_bytes;
  store.limits.fuel = l.fuel.has_value();
  store.limits.interruptible = l.interruptible || l.timeout.has_value();
  if (l.fuel) store.set_fuel(*l.fuel);
  interp = std::make_unique<interp::Interpreter>(store, interp_config(engine->config));
  if (engine->config.tier != Tier::Interpreter && engine->tier_error.empty()) {
    // In front of the interpreter (store.executor); functions it does not compile
    // run there. (Cannot fail: the engine loaded the compiler.)
    auto t1 = compiler::Tier1Executor::create(store, engine->config.guard_pages);
    if (t1.ok()) tier1 = std::move(*t1);
    if (tier1 && engine->config.tier == Tier::Auto) tier1->enable_auto();
  }
  interrupt_state = std::make_shared<InterruptState>();
  interrupt_state->store = &store;
  if (l.timeout) timer = std::make_unique<CallTimer>(store);
}

StoreImpl::~StoreImpl() {
  profiler.reset();  // its timer reads the interpreter's state
  {
    std::lock_guard<std::mutex> lock(interrupt_state->mu);
    interrupt_state->store = nullptr;
  }
  timer.reset();
  tier1.reset();  // before the interpreter it falls back to
  interp.reset();
}

std::optional<rt::Trap> invoke_from_host(StoreImpl* s, rt::Func* f, std::span<const rt::Val> args,
                                         std::vector<rt::Val>& results) {
  HostEntry entry(s);
  return rt::invoke(s->store, f, args, results);
}

}  // namespace detail

void InterruptHandle::interrupt() const {
  auto* st = static_cast<detail::InterruptState*>(state_.get());
  if (!st) return;
  std::lock_guard<std::mutex> lock(st->mu);
  if (st->store) st->store->interrupt();
}

Store::Store(const Engine& engine, StoreLimits limits)
    : impl_(std::make_unique<detail::StoreImpl>(engine.impl(), limits)) {
  impl_->owner = this;
}
Store::~Store() = default;
Store::Store(Store&& other) noexcept : impl_(std::move(other.impl_)) {
  if (impl_) impl_->owner = this;
}
Store& Store::operator=(Store&& other) noexcept {
  impl_ = std::move(other.impl_);
  if (impl_) impl_->owner = this;
  return *this;
}

const StoreLimits& Store::limits() const { return impl_->limits; }

Status Store::set_fuel(uint64_t units) {
  if (!impl_->limits.fuel) return Error{"fuel is not enabled for this store (StoreLimits::fuel)"};
  impl_->store.set_fuel(units);
  return {};
}

uint64_t Store::fuel() const { return impl_->limits.fuel ? impl_->store.fuel() : 0; }

void Store::interrupt() { impl_->store.interrupt(); }

InterruptHandle Store::interrupt_handle() const { return InterruptHandle(impl_->interrupt_state); }

Status Store::set_wasi(const WasiConfig& config) {
  wasi::WasiConfig w;
  w.args = config.args;
  w.env = config.env;
  for (const WasiDir& d : config.dirs) w.dirs.push_back(wasi::Preopen{d.host, d.guest, d.read_only});
  w.tcp_listen = config.tcp_listen;
  w.stdio[0] = config.stdin_fd;
  w.stdio[1] = config.stdout_fd;
  w.stdio[2] = config.stderr_fd;
  detail::set_mem_stdio(impl_.get(), config, w);
  auto ctx = wasi::WasiCtx::create(std::move(w));
  if (!ctx.ok()) return std::move(ctx).error();
  impl_->wasi = std::move(*ctx);
  impl_->wasi_funcs.reset();  // rebind on the next instantiation
  return {};
}

std::optional<int> Store::wasi_exit_code() const {
  if (impl_->wasi && impl_->wasi->exit_code) return *impl_->wasi->exit_code;
  return std::nullopt;
}

void Store::gc() { impl_->store.heap().collect(); }

bool Store::stop_background_compilation(bool wait) {
  return impl_->tier1 && impl_->tier1->stop_auto(wait);
}

void Store::set_user_data(void* data) { impl_->user_data = data; }
void* Store::user_data() const { return impl_->user_data; }

}  // namespace skiff
