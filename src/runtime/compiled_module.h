// CompiledModule: a validated ir::Module plus what the runtime computes once per
// module, shared (immutable) by all its instances across stores.
//
//   * canon: canonical type ids from the process-wide TypeInterner, so call_indirect
//     checks and import matching across modules are id comparisons;
//   * func_type_ids: canonical type id of every function (imports included);
//   * func_names: the name section's function names by index ("" when none).
//
//   * code: executors' translated code of each defined function, per variant (an
//     executor's translation options), filled lazily and shared by every instance in
//     every store: a new instance re-validates and re-translates nothing. Slots are
//     atomics (first translation wins; see CodeCache::publish), so a module may be
//     used from several threads at once.
//   * images: the initial contents of its defined memories as memfd images, built
//     on first use (runtime/memory_image.h).
//   * tier1: what tier 1 keeps per module (its machine code per variant,
//     compiler/module_code.cc), made on first use, destroyed first when the module
//     dies. Opaque here: the runtime does not know the compiler.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/module.h"
#include "runtime/memory_image.h"
#include "support/result.h"
#include "valid/subtyping.h"

namespace skiff::rt {

// Opaque translated code, owned by the cache once published.
class CodeCache {
 public:
  static constexpr uint32_t kVariants = 8;
  using Deleter = void (*)(void* code);

  CodeCache() = default;
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;
  ~CodeCache();
  void resize(uint32_t defined_funcs);

  void* get(uint32_t variant, uint32_t defined_index) const {
    return slots_[variant * count_ + defined_index].load(std::memory_order_acquire);
  }
  // Installs `code` unless another thread got there first; returns the code in the
  // slot and frees `code` with `deleter` when it lost.
  void* publish(uint32_t variant, uint32_t defined_index, void* code, Deleter deleter) const;

 private:
  uint32_t count_ = 0;
  std::unique_ptr<std::atomic<void*>[]> slots_;
  mutable std::atomic<Deleter> deleter_{nullptr};
};

// A per-module slot for another tier's data (TierSlot::Data subclass), made by its
// first user and owned by the module. Thread-safe: racing makers each build one, the
// first published wins, the others are deleted unused.
class TierSlot {
 public:
  struct Data {
    virtual ~Data() = default;
  };
  TierSlot() = default;
  TierSlot(const TierSlot&) = delete;
  TierSlot& operator=(const TierSlot&) = delete;
  ~TierSlot() { delete data_.load(std::memory_order_acquire); }

  Data* peek() const { return data_.load(std::memory_order_acquire); }
  template <class Make>
  Data* get_or_make(Make make) const {
    if (Data* d = peek()) return d;
    Data* mine = make();
    Data* expected = nullptr;
    if (data_.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) return mine;
    delete mine;
    return expected;
  }

 private:
  mutable std::atomic<Data*> data_{nullptr};
};

struct CompiledModule {
  ir::Module module;
  valid::TypeCanon canon;
  std::vector<uint32_t> func_type_ids;
  std::vector<std::string> func_names;
  CodeCache code;
  MemoryImages images;
  // Last member: destroyed first, while the module's other fields are still whole
  // (tier 1's code unregisters itself from the code map there).
  TierSlot tier1;

  // Validates `m` and prepares it. Errors are the validator's.
  static Result<std::shared_ptr<const CompiledModule>> compile(ir::Module m);
  // For a module already validated by the caller.
  static std::shared_ptr<const CompiledModule> from_validated(ir::Module m);

  const std::string& func_name(uint32_t index) const;
};

}  // namespace skiff::rt
