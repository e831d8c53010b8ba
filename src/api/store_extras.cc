// Store: the resource limiter, in-memory WASI stdio, and the Caller's way back to
// its Store.
//
// The limiter: the public ResourceLimiter (shared with the embedder) is put behind
// an adapter implementing rt::ResourceLimiter, installed as rt::Store::limiter. The
// runtime asks it from memory.grow / table.grow (interpreter), Memory/Table::grow
// and ::create (API), and instantiation (rt::Store::create_memory / create_table).
// The adapter turns an exception from the embedder's code into a denial: it is
// called from inside the interpreter loop, which no exception may cross.
#include <exception>

#include "api/api_impl.h"
#include "skiff/func.h"
#include "skiff/store.h"
#include "wasi/wasi_impl.h"

namespace skiff {
namespace detail {

namespace {

class LimiterAdapter final : public rt::ResourceLimiter {
 public:
  explicit LimiterAdapter(skiff::ResourceLimiter* l) : l_(l) {}
  bool memory_growing(uint64_t current_bytes, uint64_t desired_bytes, std::optional<uint64_t> max_bytes) override {
    try {
      return l_->memory_growing(current_bytes, desired_bytes, max_bytes);
    } catch (...) {
      return false;
    }
  }
  bool table_growing(uint64_t current, uint64_t desired, std::optional<uint64_t> max) override {
    try {
      return l_->table_growing(current, desired, max);
    } catch (...) {
      return false;
    }
  }

 private:
  skiff::ResourceLimiter* l_;
};

std::shared_ptr<wasi::MemStream> output_stream(size_t capacity) {
  auto m = std::make_shared<wasi::MemStream>();
  m->capacity = capacity;
  return m;
}

std::optional<WasiOutput> output_of(const StoreImpl* s, int fd) {
  if (!s->wasi) return std::nullopt;
  const std::shared_ptr<wasi::MemStream>& m = s->wasi->impl().config.mem_stdio[fd];
  if (!m || m->input) return std::nullopt;
  return WasiOutput{m->data, m->overflowed};
}

}  // namespace

void set_mem_stdio(StoreImpl*, const WasiConfig& config, wasi::WasiConfig& out) {
  if (config.stdin_bytes) {
    auto m = std::make_shared<wasi::MemStream>();
    m->input = true;
    m->data = *config.stdin_bytes;
    out.mem_stdio[0] = std::move(m);
  }
  if (config.stdout_capacity) out.mem_stdio[1] = output_stream(*config.stdout_capacity);
  if (config.stderr_capacity) out.mem_stdio[2] = output_stream(*config.stderr_capacity);
}

}  // namespace detail

std::optional<WasiOutput> Store::wasi_stdout() const { return detail::output_of(impl_.get(), 1); }
std::optional<WasiOutput> Store::wasi_stderr() const { return detail::output_of(impl_.get(), 2); }

void Store::wasi_clear_output() {
  if (!impl_->wasi) return;
  for (int fd = 1; fd <= 2; ++fd) {
    const std::shared_ptr<wasi::MemStream>& m = impl_->wasi->impl().config.mem_stdio[fd];
    if (!m || m->input) continue;
    m->data.clear();
    m->overflowed = false;
  }
}

void Store::set_limiter(std::shared_ptr<ResourceLimiter> limiter) {
  detail::StoreImpl* s = impl_.get();
  s->store.limiter = nullptr;
  s->limiter_adapter.reset();
  s->limiter = std::move(limiter);
  if (s->limiter) {
    s->limiter_adapter = std::make_unique<detail::LimiterAdapter>(s->limiter.get());
    s->store.limiter = s->limiter_adapter.get();
  }
}

ResourceLimiter* Store::limiter() const { return impl_->limiter.get(); }

Store& Caller::context() const { return *store_->owner; }

}  // namespace skiff
