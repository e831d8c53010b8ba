#include "runtime/memory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <sys/mman.h>

#include "runtime/memory_image.h"
#include "runtime/vm_reserve.h"

namespace skiff::rt {

namespace {
constexpr uint64_t k4G = uint64_t(1) << 32;

uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }

}  // namespace

Result<std::unique_ptr<Memory>> Memory::create(const ir::MemoryType& type, uint64_t max_bytes,
                                               bool try_reserve) {
  MemoryLayout layout;
  layout.reserve = try_reserve;
  return create(type, max_bytes, layout);
}

Result<std::unique_ptr<Memory>> Memory::create(const ir::MemoryType& type, uint64_t max_bytes,
                                               const MemoryLayout& layout, const MemoryImage* image) {
  std::unique_ptr<Memory> m(new Memory());
  m->page_log2_ = type.page_size_log2;
  m->is64_ = type.limits.is64;
  m->shared_ = type.limits.shared;
  m->max_pages_ = type.limits.max;
  if (m->page_log2_ > 16) return make_error("invalid page size");
  // Byte size of the address space (2^64 is capped to UINT64_MAX).
  const uint64_t space = m->is64_ ? UINT64_MAX : k4G;
  uint64_t limit = std::min(space, max_bytes);
  if (m->max_pages_) {
    const uint64_t mp = *m->max_pages_;
    if (mp <= (UINT64_MAX >> m->page_log2_)) limit = std::min(limit, mp << m->page_log2_);
  }
  m->limit_bytes_ = limit;
  const uint64_t min = type.limits.min;
  if (min > (limit >> m->page_log2_)) return make_error("memory size exceeds limit");
  const uint64_t bytes = min << m->page_log2_;

  // A 32-bit memory never needs more than 4 GiB in place; everything is whole OS pages.
  const uint64_t page = vm::page_size();
  const uint64_t in_place = round_up(std::min(layout.reservation, k4G), page);
  const uint64_t guard = round_up(std::min(layout.guard, k4G + k4G), page);
  if (m->shared_) return create_shared(std::move(m), layout, bytes, in_place, guard);
  if (layout.reserve && in_place > 0 && bytes <= in_place && !m->is64_ && m->page_log2_ == 16) {
    const size_t total = size_t(in_place + guard);
    vm::Image img;
    if (image) img = vm::Image{image->id, image->fd, image->len};
    bool mapped = false;
    if (void* base = vm::reserve(total, size_t(bytes), image ? &img : nullptr, &mapped)) {
      m->data_ = static_cast<uint8_t*>(base);
      m->reserved_ = total;
      m->in_place_ = in_place;
      m->size_ = bytes;
      if (mapped) {
        m->image_id_ = img.id;
        m->image_len_ = img.len;
        m->image_view_ = image->view;
      }
      // Every i32 address + u32 offset + 16 bytes of access stays inside.
      m->guarded_ = in_place >= k4G && in_place + guard >= k4G + k4G + 16;
      return m;
    }
    // Fall through: an ordinary allocation with explicit bounds checks.
  }
  if (bytes > 0 && !m->plain_alloc(bytes)) return make_error("out of memory");
  m->size_ = bytes;
  return m;
}

// A shared memory is reserved in place for its whole max and never moves: with
// the layout's guard pages where the default layout applies (a 32-bit memory of
// 64 KiB pages whose max fits the reservation), else with explicit bounds checks.
Result<std::unique_ptr<Memory>> Memory::create_shared(std::unique_ptr<Memory> m, const MemoryLayout& layout,
                                                      uint64_t bytes, uint64_t in_place, uint64_t guard) {
  const uint64_t page = vm::page_size();
  const uint64_t max_bytes = round_up(m->limit_bytes_, page);
  if (max_bytes < m->limit_bytes_ || max_bytes > (uint64_t(1) << 47))
    return make_error("cannot reserve address space for shared memory");
  const bool default_layout = layout.reserve && !m->is64_ && m->page_log2_ == 16 && in_place >= max_bytes;
  if (!default_layout) {
    in_place = max_bytes;
    guard = 0;
  }
  const uint64_t commit = round_up(bytes, page);
  void* base = vm::reserve(size_t(in_place + guard), size_t(commit));
  if (!base) return make_error("cannot reserve address space for shared memory");
  m->data_ = static_cast<uint8_t*>(base);
  m->reserved_ = size_t(in_place + guard);
  m->in_place_ = in_place;
  m->size_ = bytes;
  m->guarded_ = default_layout && in_place >= k4G && in_place + guard >= k4G + k4G + 16;
  return m;
}

Memory::~Memory() {
  if (reserved_) {
    vm::release(data_, reserved_, size_t(round_up(size_, vm::page_size())),
                vm::Image{image_id_, -1, image_len_, image_view_.get()});
  } else {
    free_plain();
  }
}

ir::MemoryType Memory::type() const {
  ir::MemoryType t;
  t.limits.min = size_pages();
  t.limits.max = max_pages_;
  t.limits.is64 = is64_;
  t.limits.shared = shared_;
  t.page_size_log2 = page_log2_;
  return t;
}

int64_t Memory::grow(uint64_t delta) {
  if (!shared_) return grow_locked(delta);
  std::lock_guard<std::mutex> lock(grow_mu_);
  return grow_locked(delta);
}

int64_t Memory::grow_locked(uint64_t delta) {
  const uint64_t old_size = size_.load(std::memory_order_relaxed);
  const uint64_t old_pages = old_size >> page_log2_;
  if (!within_limit(delta)) return -1;
  if (delta == 0) return int64_t(old_pages);
  const uint64_t new_size = (old_pages + delta) << page_log2_;
  if (reserved_ && new_size > in_place_) {
    if (shared_ || !move_to_plain(new_size)) return -1;  // a shared memory never moves
  } else if (reserved_) {
    // Whole OS pages (a shared memory may have small pages).
    const uint64_t page = vm::page_size();
    const uint64_t from = round_up(old_size, page), to = round_up(new_size, page);
    if (to > from && !vm::commit(data_, size_t(from), size_t(to - from))) return -1;
  } else if (new_size > capacity_) {
    if (!plain_grow(new_size)) return -1;
  }
  // Published after the pages are usable (see the design note in memory.h).
  size_.store(new_size, std::memory_order_release);
  return int64_t(old_pages);
}

// Leaves a reservation too small for `new_size`: the bytes move to an ordinary
// allocation (zero past size_), and the reservation goes back to the pool.
bool Memory::move_to_plain(uint64_t new_size) {
  uint8_t* old = data_;
  data_ = nullptr;
  capacity_ = 0;
  if (!plain_alloc(new_size)) {
    data_ = old;
    return false;
  }
  if (size_) std::memcpy(data_, old, size_t(size_));
  vm::release(old, reserved_, size_t(size_), vm::Image{image_id_, -1, image_len_, image_view_.get()});
  reserved_ = 0;
  in_place_ = 0;
  image_id_ = 0;
  image_len_ = 0;
  image_view_.reset();
  guarded_ = false;
  return true;
}

// Plain storage: sizes from kMapMin up are anonymous mappings (zero pages cost
// nothing until touched, so 100,000 idle 1-page memories stay small, and growth is
// mremap: the kernel moves page tables, not bytes); smaller ones are calloc'd.
bool Memory::plain_alloc(uint64_t bytes) {
  if (bytes > SIZE_MAX / 2) return false;
  if (bytes >= kMapMin) {
    const uint64_t cap = round_up(bytes, vm::page_size());
    void* p = mmap(nullptr, size_t(cap), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) {
      data_ = static_cast<uint8_t*>(p);
      capacity_ = cap;
      mapped_ = true;
      return true;
    }
    // Mappings ran out (vm.max_map_count): the heap may still have room.
  }
  data_ = static_cast<uint8_t*>(std::calloc(1, size_t(bytes)));
  if (!data_) return false;
  capacity_ = bytes;
  mapped_ = false;
  return true;
}

bool Memory::plain_grow(uint64_t new_size) {
  if (new_size > SIZE_MAX / 2) return false;
  if (mapped_) {
    const uint64_t cap = round_up(new_size, vm::page_size());
    void* p = mremap(data_, size_t(capacity_), size_t(cap), MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return false;  // the new pages of an anonymous mapping are zero
    data_ = static_cast<uint8_t*>(p);
    capacity_ = cap;
    return true;
  }
  if (new_size >= kMapMin || !data_) {
    uint8_t* old = data_;
    const uint64_t old_size = size_;
    data_ = nullptr;
    if (!plain_alloc(std::max<uint64_t>(new_size, std::min<uint64_t>(capacity_ * 2, limit_bytes_)))) {
      data_ = old;
      return false;
    }
    if (old_size) std::memcpy(data_, old, size_t(old_size));
    std::free(old);
    return true;
  }
  // Small calloc'd memories (custom page sizes): amortised realloc.
  uint64_t cap = std::max<uint64_t>(new_size, std::min<uint64_t>(capacity_ * 2, limit_bytes_));
  auto* p = static_cast<uint8_t*>(std::realloc(data_, size_t(cap)));
  if (!p) {
    cap = new_size;
    p = static_cast<uint8_t*>(std::realloc(data_, size_t(cap)));
    if (!p) return false;
  }
  std::memset(p + capacity_, 0, size_t(cap - capacity_));
  data_ = p;
  capacity_ = cap;
  return true;
}

void Memory::free_plain() {
  if (!data_) return;
  if (mapped_) munmap(data_, size_t(capacity_));
  else std::free(data_);
}

sem::TrapKind Memory::fill(uint64_t dst, uint8_t value, uint64_t len) {
  if (!in_bounds(dst, len)) return sem::TrapKind::MemoryOutOfBounds;
  if (len) std::memset(data_ + dst, value, size_t(len));
  return sem::TrapKind::None;
}

sem::TrapKind Memory::copy(uint64_t dst, Memory& src, uint64_t src_addr, uint64_t len) {
  if (!in_bounds(dst, len) || !src.in_bounds(src_addr, len)) return sem::TrapKind::MemoryOutOfBounds;
  if (len) std::memmove(data_ + dst, src.data_ + src_addr, size_t(len));
  return sem::TrapKind::None;
}

sem::TrapKind Memory::init(uint64_t dst, std::span<const uint8_t> seg, uint64_t src, uint64_t len) {
  if (!in_bounds(dst, len) || src > seg.size() || len > seg.size() - src)
    return sem::TrapKind::MemoryOutOfBounds;
  if (len) std::memcpy(data_ + dst, seg.data() + src, size_t(len));
  return sem::TrapKind::None;
}

}  // namespace skiff::rt
