// Memory: one linear memory (32- or 64-bit addresses, any page size).
//
// Design note.
//
// Two storage strategies, chosen at creation by a MemoryLayout:
//
//  * Reserved (a 32-bit memory with 64 KiB pages whose initial size fits the
//    layout's `reservation`): reservation + guard bytes of address space are
//    reserved PROT_NONE up front; the first size() bytes are read/write. The
//    default layout reserves the whole 4 GiB index space plus a guard of 4 GiB +
//    64 KiB: any i32 address + u32 memarg offset + access width (<= 16) then lands
//    either inside the memory or in PROT_NONE pages, so a tier may drop bounds
//    checks once a fault handler turns SIGSEGV into a trap (`guarded()` says when
//    that is allowed; a guarded memory never moves). A smaller layout grows in
//    place while the new size fits the reservation, and past it moves to the
//    plain strategy (one copy; later growth is realloc, which remaps large blocks
//    with mremap); such a memory is never guarded.
//    The initial contents may come from a MemoryImage mapped copy-on-write
//    (image_mapped() then says the data segments are already in place).
//  * Plain (memory64, custom page sizes, a failed reservation, a reservation of 0,
//    or EngineConfig::reserve_memory == false): an ordinary zeroed allocation that
//    is reallocated on grow (from 64 KiB up an anonymous mapping grown with
//    mremap, else calloc/realloc). data() may move on grow: code must reload data() after
//    any call or memory.grow. Accesses are bounds-checked explicitly.
//
// Shared memories (threads proposal) are used by several threads at once. They
// never move: one is always reserved in place for its whole max (the default
// layout's 4 GiB + guard where it applies, else exactly its max rounded to OS
// pages, with explicit bounds checks), and creation fails if that reservation
// cannot be had. grow() is serialised by a mutex and publishes the new size with
// a release store after the pages are committed; size_bytes() / in_bounds() read
// it with acquire loads, so a thread that sees the new bound also sees the pages.
// A thread may keep using an older (smaller) bound it read earlier: it is still
// valid, as memories never shrink; the interpreter rereads it before trapping.
//
// grow() follows the spec: returns the old size in pages, or -1 when the new size
// would pass the memory's max, the address space (2^32 / 2^64 bytes), the store's
// byte limit, or when the allocation fails. All bounds helpers return a TrapKind
// (None or MemoryOutOfBounds) and never touch bytes out of range.
#pragma once

#include <cstdint>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <span>

#include "ir/types.h"
#include "semantics/trap_kind.h"
#include "support/result.h"

namespace skiff::rt {

struct MemoryImage;

// Address space per 32-bit memory (Config::memory_reservation / memory_guard_size).
struct MemoryLayout {
  static constexpr uint64_t kDefaultReservation = uint64_t(1) << 32;
  static constexpr uint64_t kDefaultGuard = (uint64_t(1) << 32) + (uint64_t(1) << 16);
  bool reserve = true;                        // false: always the plain strategy
  uint64_t reservation = kDefaultReservation;  // bytes that may be committed in place; 0: none
  uint64_t guard = kDefaultGuard;              // PROT_NONE bytes after the reservation
};

class Memory {
 public:
  // `max_bytes` is the store's limit; `try_reserve` allows the reserved strategy
  // with the default layout.
  static Result<std::unique_ptr<Memory>> create(const ir::MemoryType& type, uint64_t max_bytes,
                                                bool try_reserve);
  // With `layout`; `image` (may be null): the memory's initial contents to map.
  static Result<std::unique_ptr<Memory>> create(const ir::MemoryType& type, uint64_t max_bytes,
                                                const MemoryLayout& layout, const MemoryImage* image = nullptr);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  uint64_t size_bytes() const { return size_.load(std::memory_order_acquire); }
  uint64_t size_pages() const { return size_bytes() >> page_log2_; }
  std::optional<uint64_t> max_pages() const { return max_pages_; }
  bool is64() const { return is64_; }
  bool shared() const { return shared_; }
  uint8_t page_size_log2() const { return page_log2_; }
  bool reserved() const { return reserved_ != 0; }
  // True when out-of-bounds i32 accesses are guaranteed to hit PROT_NONE pages
  // (tiers must also ask vm::tracked(data()) before relying on the fault handler).
  bool guarded() const { return guarded_; }
  // True when create() mapped its image: the active data segments are in place.
  bool image_mapped() const { return image_id_ != 0; }
  // The memory's current type (min = current size), for import matching.
  ir::MemoryType type() const;

  // Would growing by delta_pages stay within the max, the address space and the
  // store's byte limit? (grow() can still fail when memory runs out.)
  bool within_limit(uint64_t delta_pages) const {
    return delta_pages <= (limit_bytes_ >> page_log2_) - size_pages();
  }
  // Old size in pages, or -1.
  int64_t grow(uint64_t delta_pages);

  bool in_bounds(uint64_t addr, uint64_t len) const {
    const uint64_t size = size_bytes();
    return addr <= size && len <= size - addr;
  }
  sem::TrapKind fill(uint64_t dst, uint8_t value, uint64_t len);
  sem::TrapKind copy(uint64_t dst, Memory& src, uint64_t src_addr, uint64_t len);
  // memory.init from a data segment's bytes.
  sem::TrapKind init(uint64_t dst, std::span<const uint8_t> seg, uint64_t src, uint64_t len);

 private:
  Memory() = default;
  static Result<std::unique_ptr<Memory>> create_shared(std::unique_ptr<Memory> m, const MemoryLayout& layout,
                                                      uint64_t bytes, uint64_t in_place, uint64_t guard);
  int64_t grow_locked(uint64_t delta_pages);
  bool move_to_plain(uint64_t new_size);
  bool plain_alloc(uint64_t bytes);
  bool plain_grow(uint64_t new_size);
  void free_plain();
  static constexpr uint64_t kMapMin = uint64_t(1) << 16;
  uint8_t* data_ = nullptr;
  std::atomic<uint64_t> size_{0};  // bytes (written only by create / grow)
  std::mutex grow_mu_;         // shared memories: serialises grow()
  uint64_t capacity_ = 0;      // plain: allocated bytes
  size_t reserved_ = 0;        // reserved: bytes of address space, else 0
  uint64_t in_place_ = 0;      // reserved: bytes that may be committed in place
  uint64_t image_id_ = 0;      // reserved: the image mapped at data_, else 0
  size_t image_len_ = 0;
  std::shared_ptr<const uint8_t> image_view_;  // reserved: the image's pristine bytes, kept for release
  bool guarded_ = false;
  bool mapped_ = false;        // plain: data_ is an mmap of capacity_ bytes
  uint64_t limit_bytes_ = 0;   // min(address space, store limit, max)
  std::optional<uint64_t> max_pages_;
  uint8_t page_log2_ = 16;
  bool is64_ = false;
  bool shared_ = false;
};

}  // namespace skiff::rt
