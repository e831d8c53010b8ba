// Tier-1 libcalls: GC objects (the runtime side of the "GC objects" section of
// rt::tier1::Libcalls), and the conservative scan of compiled frames.
//
// Design note.
//   * Allocation goes to the store's gc::Heap, as tier 0 (interp/exec_gc.inc) does,
//     with the same checks in the same order (segment bounds before the
//     allocation, "out of memory" when the heap refuses), so traps agree.
//     Compiled code stores the field values of struct.new / array.new_fixed
//     itself (the layout is fixed: tier1_abi.h kObj*, checked below).
//   * Type descriptors (gc::type_desc, a locked process-wide cache) are looked up
//     once per instance and type index into InstState::gc_types.
//   * Roots held by compiled code: CompiledStackScope records, per thread, the
//     outermost entry into compiled code (its frame is above every compiled frame
//     of that run); scan_compiled_frames hands every aligned word between its own
//     frame and that mark to the collector, after spilling the callee-saved
//     registers (setjmp into a local) so that a reference living only in a
//     register is on the stack too. Interpreter and libcall frames in that range
//     are scanned as well: harmless (a conservative root only delays a death).
//   * Traps: the trap is built, then raise_trap jumps last (no destructible object
//     is alive in these frames at the jump).
#include <csetjmp>
#include <cstring>

#include "compiler/tier1_internal.h"
#include "interp/gc_cast.h"
#include "runtime/gc_heap.h"
#include "runtime/store.h"

namespace skiff::compiler {

namespace {

using rt::gc::Object;
using rt::gc::TypeDesc;
using sem::TrapKind;

// The layout compiled code relies on (tier1_abi.h).
static_assert(offsetof(Object, desc) == rt1::kObjDesc);
static_assert(offsetof(Object, length) == rt1::kObjLength);
static_assert(sizeof(Object) == rt1::kObjPayload);
static_assert(sizeof(ir::CompKind) == 1);

// TypeDesc is not standard-layout (vectors), so its two leading fields are checked
// on a real descriptor once (see desc_layout_ok).
bool desc_layout_ok(const TypeDesc* d) {
  auto base = reinterpret_cast<const uint8_t*>(d);
  return reinterpret_cast<const uint8_t*>(&d->id) - base == rt1::kDescId &&
         reinterpret_cast<const uint8_t*>(&d->kind) - base == rt1::kDescKind;
}

[[noreturn]] void trap(rt1::VmCtx* ctx, TrapKind k) { raise_trap(ctx, rt::make_trap(k)); }

const TypeDesc* desc_of(rt1::VmCtx* ctx, uint32_t type) {
  std::vector<const TypeDesc*>& v = Tier1Internals::state(ctx)->gc_types;
  if (v.empty()) v.resize(ctx->instance->module->module.types.size(), nullptr);
  const TypeDesc*& d = v[type];
  if (!d) {
    d = rt::gc::type_desc(*ctx->instance->module, type);
    if (!desc_layout_ok(d)) std::abort();  // tier1_abi.h kDesc* out of date
  }
  return d;
}

rt::gc::Heap& heap(rt1::VmCtx* ctx) { return Tier1Internals::store(ctx).heap(); }

void* ptr_of(Object* o) { return o; }

void* gc_struct_new(rt1::VmCtx* ctx, uint32_t type) {
  Object* o = heap(ctx).alloc_struct(desc_of(ctx, type));
  if (!o) trap(ctx, TrapKind::OutOfMemory);
  return ptr_of(o);
}

void* gc_array_new(rt1::VmCtx* ctx, uint32_t type, uint32_t length, const void* init) {
  const TypeDesc* d = desc_of(ctx, type);
  Object* o = heap(ctx).alloc_array(d, length);
  if (!o) trap(ctx, TrapKind::OutOfMemory);
  if (init) {
    uint32_t sz = d->elem.size;
    for (uint32_t i = 0; i < o->length; ++i) std::memcpy(o->payload() + size_t(i) * sz, init, sz);
  }
  return ptr_of(o);
}

void* gc_array_new_data(rt1::VmCtx* ctx, uint32_t type, uint32_t data, uint32_t offset,
                        uint32_t n) {
  const TypeDesc* d = desc_of(ctx, type);
  std::span<const uint8_t> seg = ctx->instance->datas[data].bytes;
  uint64_t off = offset, bytes = uint64_t(n) * d->elem.size;
  if (off > seg.size() || bytes > seg.size() - off) trap(ctx, TrapKind::MemoryOutOfBounds);
  Object* o = heap(ctx).alloc_array(d, n);
  if (!o) trap(ctx, TrapKind::OutOfMemory);
  // The segment is re-read after the allocation (a collection does not move it).
  if (bytes) std::memcpy(o->payload(), ctx->instance->datas[data].bytes.data() + off, bytes);
  return ptr_of(o);
}

void* gc_array_new_elem(rt1::VmCtx* ctx, uint32_t type, uint32_t elem, uint32_t offset,
                        uint32_t n) {
  const TypeDesc* d = desc_of(ctx, type);
  {
    const std::vector<rt::Ref>& seg = ctx->instance->elems[elem].refs;
    if (uint64_t(offset) > seg.size() || n > seg.size() - offset) trap(ctx, TrapKind::TableOutOfBounds);
  }
  Object* o = heap(ctx).alloc_array(d, n);
  if (!o) trap(ctx, TrapKind::OutOfMemory);
  if (n) std::memcpy(o->payload(), ctx->instance->elems[elem].refs.data() + offset, size_t(n) * 8);
  return ptr_of(o);
}

void gc_array_fill(rt1::VmCtx* ctx, void* array, uint32_t offset, const void* value, uint32_t n) {
  auto* o = static_cast<Object*>(array);
  if (!o) trap(ctx, TrapKind::NullArrayReference);
  if (uint64_t(offset) + n > o->length) trap(ctx, TrapKind::ArrayOutOfBounds);
  uint32_t sz = o->desc->elem.size;
  for (uint64_t i = 0; i < n; ++i) std::memcpy(o->payload() + (offset + i) * sz, value, sz);
}

void gc_array_copy(rt1::VmCtx* ctx, void* dst, uint32_t d, void* src, uint32_t s, uint32_t n) {
  auto* a = static_cast<Object*>(dst);
  auto* b = static_cast<Object*>(src);
  if (!a || !b) trap(ctx, TrapKind::NullArrayReference);
  if (uint64_t(d) + n > a->length || uint64_t(s) + n > b->length) trap(ctx, TrapKind::ArrayOutOfBounds);
  uint32_t sz = a->desc->elem.size;
  if (n) std::memmove(a->payload() + uint64_t(d) * sz, b->payload() + uint64_t(s) * sz, uint64_t(n) * sz);
}

void gc_array_init_data(rt1::VmCtx* ctx, void* array, uint32_t data, uint32_t d, uint32_t s,
                        uint32_t n) {
  auto* o = static_cast<Object*>(array);
  if (!o) trap(ctx, TrapKind::NullArrayReference);
  if (uint64_t(d) + n > o->length) trap(ctx, TrapKind::ArrayOutOfBounds);
  std::span<const uint8_t> seg = ctx->instance->datas[data].bytes;
  uint64_t sz = o->desc->elem.size, bytes = uint64_t(n) * sz;
  if (s > seg.size() || bytes > seg.size() - s) trap(ctx, TrapKind::MemoryOutOfBounds);
  if (bytes) std::memcpy(o->payload() + d * sz, seg.data() + s, bytes);
}

void gc_array_init_elem(rt1::VmCtx* ctx, void* array, uint32_t elem, uint32_t d, uint32_t s,
                        uint32_t n) {
  auto* o = static_cast<Object*>(array);
  if (!o) trap(ctx, TrapKind::NullArrayReference);
  if (uint64_t(d) + n > o->length) trap(ctx, TrapKind::ArrayOutOfBounds);
  const std::vector<rt::Ref>& seg = ctx->instance->elems[elem].refs;
  if (s > seg.size() || n > seg.size() - s) trap(ctx, TrapKind::TableOutOfBounds);
  if (n) std::memcpy(o->payload() + uint64_t(d) * 8, seg.data() + s, size_t(n) * 8);
}

uint32_t gc_cast_test(rt1::VmCtx* ctx, void* ref, uint32_t flags, uint32_t id, uint32_t depth) {
  rt::Ref r = rt::Ref::from_bits(reinterpret_cast<uintptr_t>(ref));
  const valid::TypeInterner* in = Tier1Internals::store(ctx).engine().interner().get();
  return interp::detail::cast_test(r, flags, id, depth, in) ? 1 : 0;
}

// The outermost entry into compiled code on this thread (null: none running).
thread_local uint8_t* t_scan_top = nullptr;

// Reads the words of [lo, hi): other frames' slots, read on purpose.
[[gnu::noinline]] __attribute__((no_sanitize("address")))
void scan_words(const std::function<void(uint64_t)>& visit, uintptr_t hi) {
  volatile uintptr_t here = 0;
  uintptr_t lo = reinterpret_cast<uintptr_t>(&here) & ~uintptr_t(7);
  for (uintptr_t p = lo; p + 8 <= hi; p += 8) visit(*reinterpret_cast<const volatile uint64_t*>(p));
}

}  // namespace

CompiledStackScope::CompiledStackScope() : saved_(t_scan_top) {
  // This object lives in the entry's frame, above every compiled frame it calls.
  if (!t_scan_top) t_scan_top = reinterpret_cast<uint8_t*>(this + 1);
}

CompiledStackScope::~CompiledStackScope() { t_scan_top = saved_; }

void scan_compiled_frames(const std::function<void(uint64_t)>& visit) {
  uint8_t* top = t_scan_top;
  if (!top) return;
  // Callee-saved registers (which may hold references of compiled frames that no
  // frame below spilled) go into this frame, below `top`.
  jmp_buf regs;
  setjmp(regs);
  __builtin_unwind_init();
  scan_words(visit, reinterpret_cast<uintptr_t>(top));
  // Keep regs alive (and in memory) until the scan is done.
  asm volatile("" : : "r"(&regs) : "memory");
}

void fill_gc_libcalls(rt1::Libcalls& t) {
  t.gc_struct_new = &gc_struct_new;
  t.gc_array_new = &gc_array_new;
  t.gc_array_new_data = &gc_array_new_data;
  t.gc_array_new_elem = &gc_array_new_elem;
  t.gc_array_fill = &gc_array_fill;
  t.gc_array_copy = &gc_array_copy;
  t.gc_array_init_data = &gc_array_init_data;
  t.gc_array_init_elem = &gc_array_init_elem;
  t.gc_cast_test = &gc_cast_test;
}

}  // namespace skiff::compiler
