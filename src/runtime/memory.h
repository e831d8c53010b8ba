// Memory: one linear memory (32- or 64-bit addresses, any page size).
//
// Design note.
//
// Two storage strategies, chosen at creation:
//
//  * Reserved (the default for a 32-bit memory with 64 KiB pages): the whole 4 GiB
//    index space plus a guard of 4 GiB + 64 KiB is reserved PROT_NONE up front; the
//    first size() bytes are read/write. Any i32 address + u32 memarg offset + access
//    width (<= 16) then lands either inside the memory or in PROT_NONE pages, so a
//    tier may drop bounds checks once a fault handler turns SIGSEGV into a trap
//    (`guarded()` says when that is allowed). data() never moves.
//  * Plain (memory64, custom page sizes, a failed reservation, or
//    StoreLimits::reserve_memory == false): an ordinary zeroed allocation that is
//    reallocated on grow. data() may move on grow: code must reload data() after any
//    call or memory.grow. Accesses are bounds-checked explicitly.
//
// grow() follows the spec: returns the old size in pages, or -1 when the new size
// would pass the memory's max, the address space (2^32 / 2^64 bytes), the store's
// byte limit, or when the allocation fails. All bounds helpers return a TrapKind
// (None or MemoryOutOfBounds) and never touch bytes out of range.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "ir/types.h"
#include "semantics/trap_kind.h"
#include "support/result.h"

namespace skiff::rt {

class Memory {
 public:
  // `max_bytes` is the store's limit; `try_reserve` allows the reserved strategy.
  static Result<std::unique_ptr<Memory>> create(const ir::MemoryType& type, uint64_t max_bytes,
                                                bool try_reserve);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  uint64_t size_bytes() const { return size_; }
  uint64_t size_pages() const { return size_ >> page_log2_; }
  std::optional<uint64_t> max_pages() const { return max_pages_; }
  bool is64() const { return is64_; }
  bool shared() const { return shared_; }
  uint8_t page_size_log2() const { return page_log2_; }
  bool reserved() const { return reserved_ != 0; }
  // True when out-of-bounds i32 accesses are guaranteed to hit PROT_NONE pages.
  bool guarded() const { return reserved_ != 0 && page_log2_ == 16 && !is64_; }
  // The memory's current type (min = current size), for import matching.
  ir::MemoryType type() const;

  // Old size in pages, or -1.
  int64_t grow(uint64_t delta_pages);

  bool in_bounds(uint64_t addr, uint64_t len) const {
    return addr <= size_ && len <= size_ - addr;
  }
  sem::TrapKind fill(uint64_t dst, uint8_t value, uint64_t len);
  sem::TrapKind copy(uint64_t dst, Memory& src, uint64_t src_addr, uint64_t len);
  // memory.init from a data segment's bytes.
  sem::TrapKind init(uint64_t dst, std::span<const uint8_t> seg, uint64_t src, uint64_t len);

 private:
  Memory() = default;
  uint8_t* data_ = nullptr;
  uint64_t size_ = 0;          // bytes
  uint64_t capacity_ = 0;      // plain: allocated bytes
  size_t reserved_ = 0;        // reserved: bytes of address space, else 0
  uint64_t limit_bytes_ = 0;   // min(address space, store limit, max)
  std::optional<uint64_t> max_pages_;
  uint8_t page_log2_ = 16;
  bool is64_ = false;
  bool shared_ = false;
};

}  // namespace skiff::rt
