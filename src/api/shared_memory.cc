// SharedMemory (skiff/threads.h): an rt::Memory owned by a shared_ptr instead of
// a store, and Linker::define_shared_memory's import into a store.
#include <algorithm>

#include "api/api_impl.h"
#include "runtime/memory.h"
#include "skiff/threads.h"

namespace skiff {

namespace {
rt::Memory* mem(const std::shared_ptr<void>& p) { return static_cast<rt::Memory*>(p.get()); }
}  // namespace

Result<SharedMemory> SharedMemory::create(const Engine& engine, const MemoryType& type) {
  if (!type.shared) return Error{"SharedMemory::create: the memory type is not shared"};
  if (!type.limits.max) return Error{"SharedMemory::create: a shared memory must have a maximum size"};
  if (type.limits.min > *type.limits.max) return Error{"SharedMemory::create: minimum size greater than maximum"};
  const rt::EngineConfig& ec = engine.impl()->rt.config();
  auto m = rt::Memory::create(detail::to_rt(type), UINT64_MAX,
                              rt::MemoryLayout{ec.reserve_memory, ec.memory_reservation, ec.memory_guard});
  if (!m.ok()) return Error{"SharedMemory::create: " + m.error().message};
  std::shared_ptr<rt::Memory> owned(std::move(*m));
  return SharedMemory(std::shared_ptr<void>(owned, owned.get()));
}

MemoryType SharedMemory::type() const { return detail::to_public(mem(impl_)->type()); }
uint8_t* SharedMemory::data() const { return mem(impl_)->data(); }
uint64_t SharedMemory::size() const { return mem(impl_)->size_bytes(); }
uint64_t SharedMemory::pages() const { return mem(impl_)->size_pages(); }

Result<uint64_t> SharedMemory::grow(uint64_t delta) {
  int64_t old = mem(impl_)->grow(delta);
  if (old < 0) return Error{"shared memory.grow by " + std::to_string(delta) + " pages failed (limit or out of memory)"};
  return uint64_t(old);
}

rt::Extern detail::shared_memory_extern(StoreImpl* s, const std::shared_ptr<void>& memory) {
  auto& kept = s->shared_memories;
  if (std::find(kept.begin(), kept.end(), memory) == kept.end()) kept.push_back(memory);
  return rt::Extern(mem(memory));
}

}  // namespace skiff
