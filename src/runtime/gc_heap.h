// GC objects (structs and arrays) and the collector that owns them.
//
// Object layout
//   Every struct and array is one allocation: an Object header followed by the
//   payload.
//     Object { const TypeDesc* desc; uint32_t mark; uint32_t length; }   16 bytes
//     struct payload: the fields at desc->fields[i].offset (natural sizes: i8 1,
//       i16 2, i32/f32 4, i64/f64/ref 8, v128 16; aligned to min(size, 8))
//     array payload: `length` elements of desc->elem.size bytes each
//   A TypeDesc describes one canonical type (process-wide, immutable, made once per
//   canonical id): its field layout, which fields hold references (for tracing),
//   and its "display": the canonical ids of its supertype chain, root first, so a
//   cast to a concrete type is one bounds check and one compare:
//     obj->desc->display.size() > T.depth && obj->desc->display[T.depth] == T.id.
//   References to objects are plain pointers (tag 00); i31 and host boxes are tagged
//   (value.h), so they are never mistaken for objects.
//
// Collection: non-moving mark-sweep, run when the bytes allocated since the last
// collection pass a threshold (twice the live bytes, at least 4 MiB).
// Roots:
//   * the executor's value stack, scanned conservatively: any word naming a byte of
//     a live object (from its address to one past its end) keeps it (the
//     interpreter has no stack maps; tier 1 also hands over its native frames,
//     where LLVM may keep only a pointer derived into an object; objects never
//     move, so a conservative root is always safe, only possibly late to die). The
//     executor provides the words through Executor::scan_stack.
//   * precisely: every global, table and element segment of the store, exception
//     payloads, and references the host pinned (Heap::pin / unpin) — the embedding
//     API pins the references it hands out. A reference the host keeps in a plain
//     rt::Val across calls into wasm is NOT a root.
// Functions, host boxes and exceptions are owned by the Store, not the collector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "ir/types.h"
#include "runtime/value.h"

namespace skiff::rt {

class Store;
struct CompiledModule;

namespace gc {

struct FieldDesc {
  uint32_t offset = 0;  // from the start of the payload
  uint8_t size = 0;     // 1, 2, 4, 8 or 16
  // A reference the collector traces: any / eq / struct / array / i31 / extern
  // (never a function or exception reference, which the store owns).
  bool is_ref = false;
  bool mut = false;
};

struct TypeDesc {
  uint32_t id = 0;  // canonical type id
  ir::CompKind kind = ir::CompKind::Struct;
  std::vector<uint32_t> display;  // supertype chain, root first, ending with id
  // Struct.
  std::vector<FieldDesc> fields;
  std::vector<uint32_t> ref_offsets;
  uint32_t size = 0;  // payload bytes
  // Array.
  FieldDesc elem;
  uint32_t depth() const { return uint32_t(display.size() - 1); }
  // Is this type (or a subtype of) the canonical type `id` at `depth`?
  bool is_subtype_of(uint32_t super_id, uint32_t super_depth) const {
    return super_depth < display.size() && display[super_depth] == super_id;
  }
};

// The layout of type `type_index` of module m (a struct or array type), made once
// per canonical id and shared by every module and store.
const TypeDesc* type_desc(const CompiledModule& m, uint32_t type_index);

struct Object {
  const TypeDesc* desc;
  uint32_t mark;
  uint32_t length;  // arrays: number of elements
  uint8_t* payload() { return reinterpret_cast<uint8_t*>(this + 1); }
  static Object* from(Ref r) { return reinterpret_cast<Object*>(r.bits()); }
};
static_assert(sizeof(Object) == 16);

class Heap {
 public:
  explicit Heap(Store& store);
  ~Heap();
  Heap(const Heap&) = delete;
  Heap& operator=(const Heap&) = delete;

  // A zeroed struct / array, or null when the allocation fails (the caller traps
  // with "out of memory"). May collect first: every reference the caller still
  // needs must be reachable from the roots (the interpreter's operands are on its
  // value stack).
  Object* alloc_struct(const TypeDesc* d);
  Object* alloc_array(const TypeDesc* d, uint64_t length);

  void collect();
  void pin(Ref r);
  void unpin(Ref r);

  size_t live_objects() const { return objects_.size(); }
  size_t live_bytes() const { return live_bytes_; }
  size_t collections() const { return collections_; }
  // Most bytes the heap ever held at once (live + not yet collected).
  size_t peak_bytes() const { return peak_bytes_; }
  // Largest payload an array may have (bigger requests fail).
  static constexpr uint64_t kMaxArrayBytes = uint64_t(1) << 31;

 private:
  Object* allocate(const TypeDesc* d, size_t payload, uint32_t length);
  void release(Object* o, size_t bytes);
  // A root word that may or may not be an object (conservative / precise roots):
  // collected, then matched against every object in one pass.
  void mark_word(uint64_t w) {
    if (w != 0) roots_.push_back(w);
  }
  void mark_ref(Ref r) { mark_word(r.bits()); }
  // A traced field: null, i31, a host box or an object.
  void mark_field(uint64_t w) {
    if (w == 0 || (w & 3) != 0) return;
    Object* o = reinterpret_cast<Object*>(uintptr_t(w));
    if (o->mark != epoch_) {
      o->mark = epoch_;
      work_.push_back(o);
    }
  }
  void drain();
  static size_t object_bytes(const Object* o);

  Store& store_;
  // Every object (allocation is a push_back). A collection sorts the candidate
  // root words (those inside the heap's address range) and checks each object's
  // byte range against them: O(objects * log roots).
  std::vector<Object*> objects_;
  std::vector<uint64_t> roots_;
  // Freed small blocks by size class (16-byte steps up to kSmallMax), reused
  // before asking malloc.
  static constexpr size_t kSmallMax = 256;
  std::vector<void*> free_[kSmallMax / 16 + 1];
  std::unordered_map<uintptr_t, uint32_t> pins_;
  std::vector<Object*> work_;
  size_t live_bytes_ = 0;
  size_t since_gc_ = 0;
  size_t threshold_ = size_t(4) << 20;
  size_t collections_ = 0;
  size_t peak_bytes_ = 0;
  uint32_t epoch_ = 1;
};

// Keeps a reference alive while the host holds it (pins it in the store's heap).
// Any Ref may be rooted; only structs and arrays need it (the rest is store-owned).
class Root {
 public:
  Root() = default;
  Root(Heap& heap, Ref r) : heap_(&heap), ref_(r) { heap_->pin(r); }
  ~Root() { reset(); }
  Root(const Root& o) : heap_(o.heap_), ref_(o.ref_) {
    if (heap_) heap_->pin(ref_);
  }
  Root& operator=(const Root& o) {
    if (this != &o) {
      reset();
      heap_ = o.heap_;
      ref_ = o.ref_;
      if (heap_) heap_->pin(ref_);
    }
    return *this;
  }
  void reset() {
    if (heap_) heap_->unpin(ref_);
    heap_ = nullptr;
    ref_ = Ref::null();
  }
  Ref get() const { return ref_; }

 private:
  Heap* heap_ = nullptr;
  Ref ref_;
};

}  // namespace gc
}  // namespace skiff::rt
