#include "runtime/memory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

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
      }
      // Every i32 address + u32 offset + 16 bytes of access stays inside.
      m->guarded_ = in_place >= k4G && in_place + guard >= k4G + k4G + 16;
      return m;
    }
    // Fall through: an ordinary allocation with explicit bounds checks.
  }
  if (bytes > 0) {
    m->data_ = static_cast<uint8_t*>(std::calloc(1, size_t(bytes)));
    if (!m->data_) return make_error("out of memory");
  }
  m->capacity_ = bytes;
  m->size_ = bytes;
  return m;
}

Memory::~Memory() {
  if (reserved_) {
    vm::release(data_, reserved_, size_t(size_), vm::Image{image_id_, -1, image_len_});
  } else {
    std::free(data_);
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
  const uint64_t old_pages = size_pages();
  const uint64_t room = (limit_bytes_ >> page_log2_) - old_pages;
  if (delta > room) return -1;
  if (delta == 0) return int64_t(old_pages);
  const uint64_t new_size = (old_pages + delta) << page_log2_;
  if (reserved_ && new_size > in_place_) {
    if (!move_to_plain(new_size)) return -1;
  } else if (reserved_) {
    if (!vm::commit(data_, size_t(size_), size_t(new_size - size_))) return -1;
  } else if (new_size > capacity_) {
    // Amortised growth, but never past the limit.
    uint64_t cap = std::max<uint64_t>(new_size, std::min<uint64_t>(capacity_ * 2, limit_bytes_));
    cap = std::max<uint64_t>(cap, new_size);
    if (cap > SIZE_MAX) return -1;
    auto* p = static_cast<uint8_t*>(std::realloc(data_, size_t(cap)));
    if (!p) {
      cap = new_size;
      p = static_cast<uint8_t*>(std::realloc(data_, size_t(cap)));
      if (!p) return -1;
    }
    std::memset(p + capacity_, 0, size_t(cap - capacity_));
    data_ = p;
    capacity_ = cap;
  }
  size_ = new_size;
  return int64_t(old_pages);
}

// Leaves a reservation too small for `new_size`: the bytes move to an ordinary
// allocation (zero past size_), and the reservation goes back to the pool.
bool Memory::move_to_plain(uint64_t new_size) {
  uint64_t cap = std::max<uint64_t>(new_size, std::min<uint64_t>(size_ * 2, limit_bytes_));
  if (cap > SIZE_MAX) return false;
  auto* p = static_cast<uint8_t*>(std::calloc(1, size_t(cap)));
  if (!p) {
    cap = new_size;
    p = static_cast<uint8_t*>(std::calloc(1, size_t(cap)));
    if (!p) return false;
  }
  if (size_) std::memcpy(p, data_, size_t(size_));
  vm::release(data_, reserved_, size_t(size_), vm::Image{image_id_, -1, image_len_});
  data_ = p;
  capacity_ = cap;
  reserved_ = 0;
  in_place_ = 0;
  image_id_ = 0;
  image_len_ = 0;
  guarded_ = false;
  return true;
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
