// Tier-1 libcalls: exceptions (the runtime side of the "exceptions" section of
// rt::tier1::Libcalls; the design is at the top of src/compiler/llvm/emit_exception.cc).
//
//   * exn_new builds the rt::Exception (owned by the store, as tier 0's).
//   * exn_throw / throw_exception hand an exception to the innermost handler of the
//     running entry: the handler record a compiled frame pushed on the chain at
//     *ctx->exn_top (popped here), reached with longjmp (its frame is live: it is
//     a caller of this libcall). Without one, the exception leaves the entry as
//     the trap UncaughtException carrying it, which every boundary (tier 0's host
//     calls, call_slow) turns back into a throw on its side.
//   * Neither function holds an object with a destructor when it jumps.
#include <csetjmp>
#include <cstring>

#include "compiler/tier1_internal.h"
#include "runtime/objects.h"
#include "runtime/store.h"

namespace skiff::compiler {

static_assert(offsetof(rt::Exception, tag) == rt1::kExnTag);

namespace {

rt::Exception* exn_new(rt1::VmCtx* ctx, uint32_t tag_index, const rt::Cell* payload) {
  rt::Tag* tag = ctx->instance->tags[tag_index];
  std::vector<rt::Val> vals;
  vals.reserve(tag->sig->params.size());
  for (size_t i = 0; i < tag->sig->params.size(); ++i) {
    const ir::ValType& t = tag->sig->params[i];
    rt::Val v = rt::Val::load(payload[i], t);
    // Only the type's bytes are the value (compiled code writes no more).
    size_t n = t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32 ? 4
               : t.kind == ir::ValKind::V128                             ? 16
                                                                         : 8;
    std::memset(v.v128 + n, 0, 16 - n);
    vals.push_back(v);
  }
  return Tier1Internals::store(ctx).make_exception(tag, std::move(vals));
}

void exn_payload(rt1::VmCtx*, rt::Exception* exn, rt::Cell* slots) {
  for (size_t i = 0; i < exn->payload.size(); ++i) exn->payload[i].store(slots[i]);
}

[[noreturn]] void exn_throw(rt1::VmCtx* ctx, rt::Exception* exn) { throw_exception(ctx, exn); }

}  // namespace

void throw_exception(rt1::VmCtx* ctx, rt::Exception* exn) {
  if (rt1::ExnHandler* h = *ctx->exn_top) {
    *ctx->exn_top = h->prev;
    h->exn = exn;
    longjmp(h->buf, 1);
  }
  rt::Trap t = rt::make_trap(sem::TrapKind::UncaughtException);
  t.exception = exn;
  raise_trap(ctx, std::move(t));
}

void fill_exception_libcalls(rt1::Libcalls& t) {
  // _setjmp itself (a wrapper's frame would be gone when the handler is jumped to).
  t.exn_setjmp = reinterpret_cast<int (*)(void*)>(&_setjmp);
  t.exn_new = &exn_new;
  t.exn_throw = &exn_throw;
  t.exn_payload = &exn_payload;
}

}  // namespace skiff::compiler
