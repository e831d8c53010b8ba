// Tier-1 libcalls: references and tables (the runtime side of the "references and
// tables" section of rt::tier1::Libcalls).
//
// Each one does what the interpreter's handler does (src/interp/exec_memory.inc),
// through the same rt::Table helpers, so results and trap kinds are tier 0's. A
// trapping libcall builds the trap and jumps last (raise_trap), holding nothing
// with a destructor.
#include "compiler/tier1_internal.h"
#include "runtime/store.h"

namespace skiff::compiler {

namespace {

// call_ref's inline path reads Func::tier1 at a fixed offset (tier1_abi.h). Func is
// not standard-layout (its host members), hence the pragma; its leading fields are.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(offsetof(rt::Func, tier1) == rt1::kFuncTier1);
static_assert(offsetof(rt::Func, type_id) == rt1::kFuncTypeId);
#pragma GCC diagnostic pop

using sem::TrapKind;

rt::Ref ref_of(void* p) { return rt::Ref::from_bits(reinterpret_cast<uintptr_t>(p)); }
void* ptr_of(rt::Ref r) { return reinterpret_cast<void*>(r.bits()); }

[[noreturn]] void trap(rt1::VmCtx* ctx, TrapKind k) { raise_trap(ctx, rt::make_trap(k)); }

void* table_get(rt1::VmCtx* ctx, uint32_t table, uint64_t index) {
  rt::Ref r;
  TrapKind t = ctx->instance->tables[table]->get(index, r);
  if (t != TrapKind::None) trap(ctx, t);
  return ptr_of(r);
}

void table_set(rt1::VmCtx* ctx, uint32_t table, uint64_t index, void* ref) {
  TrapKind t = ctx->instance->tables[table]->set(index, ref_of(ref));
  if (t != TrapKind::None) trap(ctx, t);
}

uint64_t table_size(rt1::VmCtx* ctx, uint32_t table) { return ctx->instance->tables[table]->size(); }

int64_t table_grow(rt1::VmCtx* ctx, uint32_t table, void* init, uint64_t delta) {
  int64_t r = Tier1Internals::store(ctx).grow_table(ctx->instance->tables[table], delta, ref_of(init));
  refresh_memories(Tier1Internals::of(ctx));  // every instance's views (memories and tables)
  return r;
}

void table_fill(rt1::VmCtx* ctx, uint32_t table, uint64_t index, void* ref, uint64_t n) {
  TrapKind t = ctx->instance->tables[table]->fill(index, ref_of(ref), n);
  if (t != TrapKind::None) trap(ctx, t);
}

void table_copy(rt1::VmCtx* ctx, uint32_t dst, uint32_t src, uint64_t d, uint64_t s, uint64_t n) {
  rt::Instance* inst = ctx->instance;
  TrapKind t = rt::Table::copy(*inst->tables[dst], d, *inst->tables[src], s, n);
  if (t != TrapKind::None) trap(ctx, t);
}

void table_init(rt1::VmCtx* ctx, uint32_t table, uint32_t elem, uint64_t d, uint64_t s,
                uint64_t n) {
  rt::Instance* inst = ctx->instance;
  TrapKind t = inst->tables[table]->init(d, inst->elems[elem].refs, s, n);
  if (t != TrapKind::None) trap(ctx, t);
}

void elem_drop(rt1::VmCtx* ctx, uint32_t elem) { ctx->instance->elems[elem].drop(); }

rt1::FuncEntry* func_entry(rt1::VmCtx* ctx, void* func) {
  return Tier1Internals::entry_of(ctx, static_cast<rt::Func*>(func));
}

}  // namespace

void init_table_views(Tier1Executor::InstState& st, rt::Instance& inst) {
  st.tables.resize(inst.tables.size());
  st.ctx.tables = st.tables.empty() ? nullptr : st.tables.data();
  refresh_table_views(st);
}

void refresh_table_views(Tier1Executor::InstState& st) {
  const std::vector<rt::Table*>& ts = st.ctx.instance->tables;
  for (size_t i = 0; i < st.tables.size() && i < ts.size(); ++i) {
    st.tables[i].data = reinterpret_cast<void**>(ts[i]->data());
    st.tables[i].size = ts[i]->size();
  }
}

void fill_table_libcalls(rt1::Libcalls& t) {
  t.table_get = &table_get;
  t.table_set = &table_set;
  t.table_size = &table_size;
  t.table_grow = &table_grow;
  t.table_fill = &table_fill;
  t.table_copy = &table_copy;
  t.table_init = &table_init;
  t.elem_drop = &elem_drop;
  t.func_entry = &func_entry;
}

}  // namespace skiff::compiler
