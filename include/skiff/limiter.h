// skiff::ResourceLimiter: the embedder's say over memory and table sizes in a store.
#pragma once

#include <cstdint>
#include <optional>

#include "skiff/export.h"

namespace skiff {

/// Decides, per store (Store::set_limiter), whether a memory or table may take a
/// size. Asked when one is made (current 0, desired its initial size: by
/// instantiation, Memory::create, Table::create) and before one grows (wasm's
/// memory.grow and table.grow, Memory::grow, Table::grow). Only a change that
/// could otherwise succeed (within the type's maximum and the StoreLimits) is put
/// to it. Returning false denies: memory.grow / table.grow return -1 as the spec
/// requires, Memory::grow / Table::grow return an Error, and instantiation fails
/// with an InstantiateError saying the limiter denied it. A limiter that throws
/// denies. It must not call into the store's wasm code.
class SKIFF_API ResourceLimiter {
 public:
  virtual ~ResourceLimiter() = default;
  /// A linear memory going from `current_bytes` to `desired_bytes`; `maximum_bytes`
  /// is its type's maximum (nullopt when it has none). Default: allow.
  virtual bool memory_growing(uint64_t current_bytes, uint64_t desired_bytes,
                              std::optional<uint64_t> maximum_bytes) {
    (void)current_bytes;
    (void)desired_bytes;
    (void)maximum_bytes;
    return true;
  }
  /// A table going from `current` to `desired` elements; `maximum` is its type's
  /// maximum (nullopt when it has none). Default: allow.
  virtual bool table_growing(uint64_t current, uint64_t desired, std::optional<uint64_t> maximum) {
    (void)current;
    (void)desired;
    (void)maximum;
    return true;
  }
};

}  // namespace skiff
