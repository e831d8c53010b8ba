#include "runtime/gc_heap.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "runtime/instance.h"
#include "runtime/store.h"

namespace skiff::rt::gc {

Heap::Heap(Store& store) : store_(store) {}

Heap::~Heap() {
  for (Object* o : objects_) std::free(o);
  for (auto& list : free_)
    for (void* p : list) std::free(p);
}

size_t Heap::object_bytes(const Object* o) {
  const TypeDesc* d = o->desc;
  size_t payload = d->kind == ir::CompKind::Struct ? d->size : size_t(o->length) * d->elem.size;
  return sizeof(Object) + payload;
}

void Heap::release(Object* o, size_t bytes) {
  size_t cls = (bytes + 15) / 16;
  if (bytes <= kSmallMax && free_[cls].size() < 65536) free_[cls].push_back(o);
  else std::free(o);
}

Object* Heap::allocate(const TypeDesc* d, size_t payload, uint32_t length) {
  size_t bytes = sizeof(Object) + payload;
  if (since_gc_ + bytes > threshold_) collect();
  if (live_bytes_ + bytes > store_.limits.max_gc_heap_bytes) {
    collect();
    if (live_bytes_ + bytes > store_.limits.max_gc_heap_bytes) return nullptr;
  }
  void* p = nullptr;
  size_t cls = (bytes + 15) / 16;
  if (bytes <= kSmallMax && !free_[cls].empty()) {
    p = free_[cls].back();
    free_[cls].pop_back();
    std::memset(p, 0, bytes);
  } else {
    p = std::calloc(1, bytes <= kSmallMax ? cls * 16 : bytes);
  }
  if (!p) {
    collect();
    p = std::calloc(1, bytes);
    if (!p) return nullptr;
  }
  Object* o = static_cast<Object*>(p);
  o->desc = d;
  o->mark = 0;
  o->length = length;
  objects_.push_back(o);
  live_bytes_ += bytes;
  since_gc_ += bytes;
  if (live_bytes_ > peak_bytes_) peak_bytes_ = live_bytes_;
  return o;
}

Object* Heap::alloc_struct(const TypeDesc* d) { return allocate(d, d->size, 0); }

Object* Heap::alloc_array(const TypeDesc* d, uint64_t length) {
  uint64_t payload = length * d->elem.size;
  if (length > 0xFFFFFFFFu || payload > kMaxArrayBytes) return nullptr;
  return allocate(d, size_t(payload), uint32_t(length));
}

void Heap::pin(Ref r) {
  if (r.is_object()) ++pins_[r.bits()];
}

void Heap::unpin(Ref r) {
  auto it = pins_.find(r.bits());
  if (it != pins_.end() && --it->second == 0) pins_.erase(it);
}

void Heap::drain() {
  while (!work_.empty()) {
    Object* o = work_.back();
    work_.pop_back();
    const TypeDesc* d = o->desc;
    uint8_t* p = o->payload();
    if (d->kind == ir::CompKind::Struct) {
      for (uint32_t off : d->ref_offsets) {
        uint64_t w;
        std::memcpy(&w, p + off, 8);
        mark_field(w);
      }
    } else if (d->elem.is_ref) {
      for (uint32_t i = 0; i < o->length; ++i) {
        uint64_t w;
        std::memcpy(&w, p + size_t(i) * 8, 8);
        mark_field(w);
      }
    }
  }
}

void Heap::collect() {
  ++collections_;
  if (++epoch_ == 0) {  // wrapped: clear every mark once
    for (Object* o : objects_) o->mark = 0;
    epoch_ = 1;
  }
  // Roots: every candidate word, then the objects they name.
  roots_.clear();
  if (store_.executor) store_.executor->scan_stack([this](uint64_t w) { mark_word(w); });
  store_.visit_refs([this](Ref r) { mark_ref(r); });
  for (auto& [bits, n] : pins_) mark_word(bits);
  // A root names an object when it points into it (or one past its end): interior
  // pointers of compiled code count (gc_heap.h). Words outside every object go
  // first, so the sort only sees plausible ones.
  uint64_t lo = ~uint64_t(0), hi = 0;
  for (const Object* o : objects_) {
    uint64_t a = reinterpret_cast<uintptr_t>(o);
    lo = std::min(lo, a);
    hi = std::max(hi, a + object_bytes(o));
  }
  roots_.erase(std::remove_if(roots_.begin(), roots_.end(),
                              [&](uint64_t w) { return w < lo || w > hi; }),
               roots_.end());
  std::sort(roots_.begin(), roots_.end());
  roots_.erase(std::unique(roots_.begin(), roots_.end()), roots_.end());
  if (!roots_.empty()) {
    for (Object* o : objects_) {
      uint64_t a = reinterpret_cast<uintptr_t>(o);
      auto it = std::lower_bound(roots_.begin(), roots_.end(), a);
      if (it != roots_.end() && *it <= a + object_bytes(o)) {
        o->mark = epoch_;
        work_.push_back(o);
      }
    }
  }
  drain();
  // Sweep.
  size_t kept = 0;
  live_bytes_ = 0;
  for (Object* o : objects_) {
    if (o->mark == epoch_) {
      objects_[kept++] = o;
      live_bytes_ += object_bytes(o);
    } else {
      release(o, object_bytes(o));
    }
  }
  objects_.resize(kept);
  since_gc_ = 0;
  threshold_ = live_bytes_ * 2 > (size_t(4) << 20) ? live_bytes_ * 2 : (size_t(4) << 20);
}

}  // namespace skiff::rt::gc
