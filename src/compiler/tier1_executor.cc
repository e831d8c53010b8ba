// Tier1Executor: compiling modules through the dlopen'd compiler, instance
// contexts, host entries into compiled code, and the libcalls compiled code calls
// (see tier1.h and runtime/tier1_abi.h for the contracts).
#include <pthread.h>
#include <ucontext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <csetjmp>
#include <mutex>

#include "compiler/compiler_loader.h"
#include "compiler/tier1.h"
#include "compiler/tier1_internal.h"
#include "interp/fault_handler.h"
#include "interp/sample_marks.h"
#include "runtime/vm_reserve.h"

namespace skiff::compiler {

namespace rt1 = rt::tier1;
using interp::detail::FaultScope;
using interp::detail::tls_fault_scope;

// ---- stats ----

Tier1Stats& tier1_stats() {
  static Tier1Stats s;
  return s;
}

namespace {

std::mutex g_reasons_mu;
std::map<std::string, uint64_t>& reasons() {
  static std::map<std::string, uint64_t> r;
  return r;
}
void count_fallback(const std::string& why, uint64_t n = 1) {
  tier1_stats().fallback += n;
  std::lock_guard<std::mutex> g(g_reasons_mu);
  reasons()[why] += n;
}

// The lowest address compiled code may use on this thread's stack (its frames are
// checked against it), leaving room for libcalls, host functions and tier 0.
constexpr size_t kStackMargin = size_t(256) << 10;
uint8_t* thread_stack_limit() {
  thread_local uint8_t* limit = nullptr;
  if (limit) return limit;
  pthread_attr_t a;
  void* lo = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &a) == 0) {
    pthread_attr_getstack(&a, &lo, &size);
    pthread_attr_destroy(&a);
  }
  if (!lo || size <= 2 * kStackMargin) {
    // Unknown: allow 1 MiB below here.
    auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    limit = reinterpret_cast<uint8_t*>(here - (uintptr_t(1) << 20));
  } else {
    limit = static_cast<uint8_t*>(lo) + kStackMargin;
  }
  return limit;
}

using SlotFn = void (*)(rt1::VmCtx*, rt::Cell*);

// A value from a slot that compiled code wrote: only the type's bytes count.
rt::Val load_val(const rt::Cell& c, const ir::ValType& t) {
  rt::Val v = rt::Val::load(c, t);
  size_t n = t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32 ? 4
             : t.kind == ir::ValKind::V128                             ? 16
                                                                       : 8;
  std::memset(v.v128 + n, 0, 16 - n);
  return v;
}

}  // namespace

void jump_to_entry() {
  FaultScope* s = tls_fault_scope;
  if (!s) std::abort();  // compiled code always runs under an entry
  tls_fault_scope = s->prev;
  siglongjmp(s->env, 2);
}

void raise_trap(rt1::VmCtx* ctx, rt::Trap t) {
  append_compiled_backtrace(&t.backtrace, __builtin_frame_address(0));
  Tier1Internals::set_pending(ctx, std::move(t));
  jump_to_entry();
}

std::string tier1_fallback_summary(size_t max_lines) {
  std::vector<std::pair<uint64_t, std::string>> v;
  {
    std::lock_guard<std::mutex> g(g_reasons_mu);
    for (const auto& [why, n] : reasons()) v.emplace_back(n, why);
  }
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string out;
  for (size_t i = 0; i < v.size() && i < max_lines; ++i)
    out += "  " + std::to_string(v[i].first) + "  " + v[i].second + "\n";
  return out;
}

// ---- the libcalls ----

struct Libcalls {
  static Tier1Executor* ex(rt1::VmCtx* ctx) { return static_cast<Tier1Executor*>(ctx->runtime); }

  [[noreturn]] static void trap(rt1::VmCtx* ctx, uint32_t kind) {
    // The high 24 bits only keep trap sites apart (emitter.cc trap_block).
    ex(ctx)->pending_ = rt::make_trap(static_cast<sem::TrapKind>(kind & 0xff));
    append_compiled_backtrace(&ex(ctx)->pending_->backtrace, __builtin_frame_address(0));
    jump_to_entry();
  }

  static void refresh_memories(Tier1Executor* e) {
    for (auto& [inst, st] : e->instances_) {
      refresh_memory_views(*st);
      refresh_table_views(*st);  // libcalls_table.cc
    }
  }

  // The work of call_slow; false with pending_ set on a trap. Its locals are gone
  // when it returns, so the caller may jump.
  static bool slow_call(rt1::VmCtx* ctx, rt1::FuncEntry* e, rt::Cell* slots) {
    Tier1Executor* x = ex(ctx);
    rt::Func* f = e->func;
    if (!e->code && !f->is_host()) {
      if (rt1::FuncEntry* t = x->entry_of(f); t && t->code) *e = *t;
    }
    if (e->code) {
      reinterpret_cast<SlotFn>(e->slot_code)(e->ctx, slots);
      return true;
    }
    // The profiler's mark: compiled callers are above this frame (sample_marks.h).
    interp::detail::NativeMarkScope profile_out(interp::detail::NativeMark::kCallOut,
                                                __builtin_frame_address(0), f, f->is_host());
    const ir::FuncType& sig = *f->sig;
    std::vector<rt::Val> args;
    args.reserve(sig.params.size());
    for (size_t i = 0; i < sig.params.size(); ++i) args.push_back(load_val(slots[i], sig.params[i]));
    std::vector<rt::Val> results;
    for (const ir::ValType& t : sig.results) results.push_back(rt::Val::zero(t));
    std::optional<rt::Trap> t;
    fuel_to_store(*x->store_, x->fuel_);  // tier 0 and the host take it from there
    if (f->is_host()) {
      rt::Caller caller;
      caller.store = x->store_;
      caller.instance = ctx->instance;
      FaultScope* saved = tls_fault_scope;  // a fault in host code is not a wasm trap
      tls_fault_scope = nullptr;
      try {
        t = f->host(caller, args, results);
      } catch (...) {
        t = rt::host_exception_trap(std::current_exception());
      }
      tls_fault_scope = saved;
    } else {
      t = x->fallback_->invoke(*x->store_, f, args, results);
    }
    fuel_from_store(*x->store_, x->fuel_);
    refresh_memories(x);
    if (t) {
      x->pending_ = std::move(*t);
      return false;
    }
    for (size_t i = 0; i < results.size(); ++i) results[i].store(slots[i]);
    return true;
  }

  static void call_slow(rt1::VmCtx* ctx, rt1::FuncEntry* e, rt::Cell* slots) {
    if (!slow_call(ctx, e, slots)) {
      // A wasm exception out of tier 0 or the host goes on to this entry's compiled
      // handlers (without one, it stays the pending trap, as any other).
      if (std::optional<rt::Trap>& p = ex(ctx)->pending_;
          p && p->kind == sem::TrapKind::UncaughtException && p->exception && *ctx->exn_top) {
        rt::Exception* x = p->exception;
        p.reset();
        throw_exception(ctx, x);
      }
      // The callee's frames are in the trap already; add the compiled callers.
      if (std::optional<rt::Trap>& p = ex(ctx)->pending_)
        append_compiled_backtrace(&p->backtrace, __builtin_frame_address(0));
      jump_to_entry();
    }
  }

  static rt1::FuncEntry* resolve(rt1::VmCtx* ctx, uint32_t table, uint32_t type_id, uint64_t index,
                                 sem::TrapKind* why) {
    Tier1Executor* x = ex(ctx);
    rt::Table* t = ctx->instance->tables[table];
    if (index >= t->size()) {
      *why = sem::TrapKind::UndefinedElement;
      return nullptr;
    }
    rt::Ref r = t->data()[index];
    if (r.is_null()) {
      *why = sem::TrapKind::UninitializedElement;
      return nullptr;
    }
    rt::Func* f = r.as_func();
    if (f->type_id != type_id && !x->store_->engine().interner()->is_subtype(f->type_id, type_id)) {
      *why = sem::TrapKind::IndirectCallTypeMismatch;
      return nullptr;
    }
    return x->entry_of(f);
  }

  static rt1::FuncEntry* resolve_indirect(rt1::VmCtx* ctx, uint32_t table, uint32_t type_id,
                                          uint64_t index) {
    sem::TrapKind why = sem::TrapKind::None;
    rt1::FuncEntry* e = resolve(ctx, table, type_id, index, &why);
    if (!e) {
      // The element's index in the message, as tier 0 ("uninitialized element 2").
      rt::Trap t = rt::make_trap(why);
      if (why == sem::TrapKind::UndefinedElement || why == sem::TrapKind::UninitializedElement)
        t.message += " " + std::to_string(index);
      raise_trap(ctx, std::move(t));
    }
    return e;
  }

  static uint64_t memory_size(rt1::VmCtx* ctx, uint32_t mem) {
    return ctx->instance->memories[mem]->size_pages();
  }

  static int64_t memory_grow(rt1::VmCtx* ctx, uint32_t mem, uint64_t delta) {
    Tier1Executor* x = ex(ctx);
    int64_t r = x->store_->grow_memory(ctx->instance->memories[mem], delta);
    refresh_memories(x);
    return r;
  }

  static rt1::Libcalls make_table() {
    rt1::Libcalls t{};
    t.trap = &Libcalls::trap;
    t.call_slow = &Libcalls::call_slow;
    t.resolve_indirect = &Libcalls::resolve_indirect;
    t.memory_size = &Libcalls::memory_size;
    t.memory_grow = &Libcalls::memory_grow;
    fill_memory_libcalls(t);
    fill_table_libcalls(t);
    fill_exception_libcalls(t);
    fill_gc_libcalls(t);
    fill_control_libcalls(t);
    return t;
  }
  static const rt1::Libcalls kTable;
};

const rt1::Libcalls Libcalls::kTable = Libcalls::make_table();

void refresh_memories(Tier1Executor* e) { Libcalls::refresh_memories(e); }

// ---- the executor ----

Result<std::unique_ptr<Tier1Executor>> Tier1Executor::create(rt::Store& store, bool guard_pages,
                                                             uint32_t opt_level) {
  // The compiler library loads on the first module that needs compiling (module
  // code from an ahead-of-time file or serialized module never does).
  if (!build_has_compiler()) return load_compiler().error();
  return std::unique_ptr<Tier1Executor>(new Tier1Executor(store, nullptr, guard_pages, opt_level));
}

Tier1Executor::Tier1Executor(rt::Store& store, const rt1::CompilerApi* api, bool guard_pages,
                             uint32_t opt_level)
    : store_(&store), fallback_(store.executor), api_(api), opt_level_(opt_level) {
  guard_pages_ = guard_pages && interp::detail::install_fault_handler();
  store.executor = this;
  interp_ = dynamic_cast<interp::Interpreter*>(fallback_);
  if (interp_) interp_->set_compiled_tier(this);
}

Tier1Executor::~Tier1Executor() {
  if (store_->executor == this) store_->executor = fallback_;
  if (interp_) interp_->set_compiled_tier(nullptr);
  for (auto& [f, e] : entries_)
    if (f->tier1 == e) f->tier1 = nullptr;
}

std::unique_ptr<Tier1Executor> Tier1Executor::create_without_compiler(rt::Store& store,
                                                                      bool guard_pages) {
  auto e = std::unique_ptr<Tier1Executor>(new Tier1Executor(store, nullptr, guard_pages, 2));
  e->aot_only_ = true;
  return e;
}

bool Tier1Executor::has_code(rt::Func* f) {
  rt1::FuncEntry* e = f->is_host() ? nullptr : entry_of(f);
  return e && e->code;
}

std::optional<rt::Trap> Tier1Executor::call(rt::Func* f, std::span<const rt::Val> args,
                                            std::span<rt::Val> results) {
  tier1_stats().calls_from_tier0.fetch_add(1, std::memory_order_relaxed);
  return invoke(*store_, f, args, results);
}

void Tier1Executor::scan_stack(const std::function<void(uint64_t)>& visit) {
  if (fallback_) fallback_->scan_stack(visit);
  scan_compiled_frames(visit);  // libcalls_gc.cc
}

namespace {

void count_funcs(const Tier1Executor::ModuleCode& mc) {
  for (const rt1::CompiledFunc& f : mc.funcs) {
    if (f.compiled) tier1_stats().compiled++;
    else count_fallback(f.reason);
  }
}

}  // namespace

std::unique_ptr<Tier1Executor::ModuleCode> compile_module_code(
    const rt1::CompilerApi* api, const std::shared_ptr<const rt::CompiledModule>& cm,
    const CodeVariant& v) {
  auto mc = std::make_unique<Tier1Executor::ModuleCode>(cm);
  const ir::Module& m = cm->module;
  mc->funcs.assign(m.funcs.size(), rt1::CompiledFunc{});
  rt1::CompileRequest req;
  req.module = &m;
  req.canon = &cm->canon;
  req.mem0_guarded = v.guarded;
  req.opt_level = v.opt_level;
  req.fuel = v.fuel;
  req.interruptible = v.interruptible;
  rt1::CompileResult res;
  res.funcs = mc->funcs.data();
  auto t0 = std::chrono::steady_clock::now();
  mc->ok = api->compile(&req, &res);
  tier1_stats().compile_ns += uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - t0).count());
  tier1_stats().modules++;
  if (mc->ok) {
    // Map the object with Skiff's loader (the compiler only returns it).
    Status ls = load_module_code(*mc, {res.object, size_t(res.object_size)});
    if (!ls.ok()) {
      mc->ok = false;
      std::snprintf(res.error, sizeof res.error, "%s", ls.error().message.c_str());
    }
  }
  if (res.handle) api->release(res.handle);
  if (!mc->ok) {
    count_fallback(std::string("module not compiled: ") + res.error, m.funcs.size());
    for (rt1::CompiledFunc& f : mc->funcs) f.compiled = false;
  } else {
    count_funcs(*mc);
  }
  return mc;
}

std::unique_ptr<Tier1Executor::ModuleCode> compile_batch_code(
    const rt1::CompilerApi* api, const std::shared_ptr<const rt::CompiledModule>& cm,
    const CodeVariant& v, const std::vector<uint8_t>& only, const std::vector<uint32_t>& osr) {
  auto mc = std::make_unique<Tier1Executor::ModuleCode>(cm);
  const ir::Module& m = cm->module;
  mc->funcs.assign(m.funcs.size(), rt1::CompiledFunc{});
  for (size_t k = 0; k + 1 < osr.size(); k += 2) mc->osr_asked.push_back(osr[k]);
  if (only.size() != m.funcs.size()) return mc;  // ok stays false
  rt1::CompileRequest req;
  req.module = &m;
  req.canon = &cm->canon;
  req.mem0_guarded = v.guarded;
  req.opt_level = v.opt_level;
  req.fuel = v.fuel;
  req.interruptible = v.interruptible;
  req.only = only.data();
  req.osr = osr.data();
  req.osr_count = uint32_t(osr.size() / 2);
  rt1::CompileResult res;
  res.funcs = mc->funcs.data();
  auto t0 = std::chrono::steady_clock::now();
  mc->ok = api->compile(&req, &res);
  tier1_stats().compile_ns += uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - t0).count());
  tier1_stats().batches++;
  if (mc->ok) {
    Status ls = load_module_code(*mc, {res.object, size_t(res.object_size)}, osr);
    if (!ls.ok()) {
      mc->ok = false;
      std::snprintf(res.error, sizeof res.error, "%s", ls.error().message.c_str());
    }
  }
  if (res.handle) api->release(res.handle);
  size_t n = 0;
  for (size_t i = 0; i < only.size(); ++i) n += only[i] != 0;
  if (!mc->ok) {
    count_fallback(std::string("batch not compiled: ") + res.error, n);
    for (rt1::CompiledFunc& f : mc->funcs) f.compiled = false;
    mc->osr.clear();
  } else {
    for (size_t i = 0; i < only.size(); ++i) {
      if (!only[i]) continue;
      if (mc->funcs[i].compiled) tier1_stats().compiled++;
      else count_fallback(mc->funcs[i].reason);
    }
    tier1_stats().osr_entries += mc->osr.size();
  }
  return mc;
}

// Machine code belongs to the module (CompiledModule::tier1: one cell per variant),
// so every store of the process running a module in the same variant uses the code
// compiled first, for as long as the module lives: a thousand stores made one
// after another compile it once. The executor keeps the module (and so the code)
// alive while it may run it.
Tier1Executor::ModuleCode* Tier1Executor::module_code(
    const std::shared_ptr<const rt::CompiledModule>& cm, bool guarded) {
  auto key = std::make_pair(cm.get(), guarded);
  if (auto it = modules_.find(key); it != modules_.end()) return it->second.code;
  const CodeVariant v{guarded, store_->limits.fuel, store_->limits.interruptible, opt_level_};
  CodeCell& cell = code_cell(*cm, v);
  ModuleCode* mc = cell.ready.load(std::memory_order_acquire);
  if (!mc) {
    std::lock_guard<std::mutex> g(cell.mu);  // another thread's compile of it: wait
    mc = cell.ready.load(std::memory_order_acquire);
    if (!mc) mc = make_module_code(cm, v, cell);
  }
  modules_[key] = ModuleRef{cm, mc};
  return mc;
}

// Under cell.mu, the cell empty: ahead-of-time code, else a compile. Published in
// the cell unless the failure is this executor's own (no compiler loaded).
Tier1Executor::ModuleCode* Tier1Executor::make_module_code(
    const std::shared_ptr<const rt::CompiledModule>& cm, const CodeVariant& v, CodeCell& cell) {
  auto mc = std::make_unique<ModuleCode>(cm);
  const ir::Module& m = cm->module;
  mc->funcs.resize(m.funcs.size());
  // Ahead-of-time code (aot.h) registered for this module: used as is, no compile.
  std::string aot_why;
  const int aot = load_aot_code(*mc, v.guarded, v.fuel || v.interruptible, &aot_why);
  if (aot <= 0 && !api_ && !aot_only_) {
    auto api = load_compiler();
    if (api.ok()) api_ = *api;
    else if (aot == 0) aot_why = api.error().message;
  }
  if (aot > 0) {
    mc->ok = true;
    count_funcs(*mc);
    return publish_code(cell, std::move(mc));
  }
  if (!api_) {
    if (aot_why.empty()) aot_why = "no compiler loaded and no ahead-of-time code for this module";
    count_fallback("module not compiled: " + aot_why, m.funcs.size());
    for (rt1::CompiledFunc& f : mc->funcs) f.compiled = false;
    private_code_.push_back(std::move(mc));
    return private_code_.back().get();
  }
  return publish_code(cell, compile_module_code(api_, cm, v));
}

Status Tier1Executor::prepare(rt::Instance& inst) {
  (void)state_of(&inst);
  return {};
}

Tier1Executor::InstState* Tier1Executor::state_of(rt::Instance* inst) {
  if (!inst || !inst->module) return nullptr;
  if (auto it = instances_.find(inst); it != instances_.end()) return it->second.get();
  auto st = std::make_unique<InstState>();
  const ir::Module& m = inst->module->module;
  if (!inst->memories.empty()) st->mem0 = inst->memories[0];
  const bool guarded = st->mem0 && guard_pages_ && st->mem0->guarded() &&
                       rt::vm::tracked(st->mem0->data());
  // Tier auto: the whole module's code when some store compiled it, else the
  // batches of hot functions compiled so far (more arrive in tick()).
  const bool batches = auto_ && !auto_ready(inst->module, guarded || !st->mem0);
  ModuleCode* mc = batches ? nullptr : module_code(inst->module, guarded || !st->mem0);
  rt1::VmCtx& c = st->ctx;
  c.libcalls = &Libcalls::kTable;
  c.globals = inst->globals.data();
  c.instance = inst;
  c.runtime = this;
  c.fuel = &fuel_;
  c.interrupt_flag = interrupt_flag_of(*store_);
  c.exn_top = &exn_top_;
  c.tags = inst->tags.data();
  init_memory_views(*st, *inst);
  init_table_views(*st, *inst);
  st->entries.resize(inst->funcs.size());
  c.funcs = st->entries.data();
  const uint32_t nimp = m.num_imported_funcs;
  for (size_t i = 0; i < inst->funcs.size(); ++i) {
    rt1::FuncEntry& e = st->entries[i];
    e.func = inst->funcs[i];
    if (i < nimp) continue;  // resolved on first call (call_slow patches the entry)
    const rt1::CompiledFunc* cf = mc && mc->ok ? &mc->funcs[i - nimp] : nullptr;
    if (cf && cf->compiled && cf->code) {
      e.code = cf->code;
      e.slot_code = cf->slot_code;
      e.ctx = &c;
      e.func->tier1 = &e;  // the interpreter's calls come here
    }
    entries_[inst->funcs[i]] = &e;
  }
  InstState* out = st.get();
  instances_[inst] = std::move(st);
  if (batches) {
    const CodeVariant v{guarded || !out->mem0, store_->limits.fuel, store_->limits.interruptible,
                        opt_level_};
    CodeCell& cell = code_cell(*inst->module, v);
    std::lock_guard<std::mutex> g(cell.batch_mu);
    for (const auto& b : cell.batches) install_batch(*out, *inst, *b);
  }
  return out;
}

void Tier1Executor::install_batch(InstState& st, rt::Instance& inst, const ModuleCode& mc) {
  if (!mc.ok) return;
  const uint32_t nimp = inst.module->module.num_imported_funcs;
  for (size_t i = 0; i < mc.funcs.size(); ++i) {
    const rt1::CompiledFunc& cf = mc.funcs[i];
    rt1::FuncEntry& e = st.entries[nimp + i];
    if (!cf.compiled || !cf.code || e.code) continue;
    e.code = cf.code;
    e.slot_code = cf.slot_code;
    e.ctx = &st.ctx;
    e.func->tier1 = &e;      // the interpreter's calls come here
    e.func->code = nullptr;  // (its translated code stays in the module's cache)
  }
  for (const ModuleCode::Osr& o : mc.osr) {
    rt::Func* f = inst.funcs[nimp + o.func];
    std::vector<OsrCode>& v = osr_code_[f];
    bool have = false;
    for (const OsrCode& c : v) have |= c.loop == o.loop;
    if (!have) v.push_back(OsrCode{o.loop, o.code, &st.ctx});
  }
}

rt1::FuncEntry* Tier1Executor::entry_of(rt::Func* f) {
  if (auto it = entries_.find(f); it != entries_.end()) return it->second;
  if (!f->is_host() && f->instance) {
    state_of(f->instance);
    if (auto it = entries_.find(f); it != entries_.end()) return it->second;
  }
  rt1::FuncEntry& e = loose_entries_.emplace_back();
  e.func = f;
  entries_[f] = &e;
  return &e;
}

std::optional<rt::Trap> Tier1Executor::invoke(rt::Store& store, rt::Func* f,
                                              std::span<const rt::Val> args,
                                              std::span<rt::Val> results) {
  rt1::FuncEntry* e = &store == store_ && !f->is_host() ? entry_of(f) : nullptr;
  if (!e || !e->code) {
    if (!fallback_) return rt::make_host_trap("tier 1: no executor for this function");
    return fallback_->invoke(store, f, args, results);
  }
  const ir::FuncType& sig = *f->sig;
  std::vector<rt::Cell> slots(std::max<size_t>(1, std::max(sig.params.size(), sig.results.size())));
  for (size_t i = 0; i < args.size() && i < slots.size(); ++i) args[i].store(slots[i]);
  if (std::optional<rt::Trap> t = enter(e->ctx, e->slot_code, slots.data())) return t;
  for (size_t i = 0; i < sig.results.size() && i < results.size(); ++i)
    results[i] = load_val(slots[i], sig.results[i]);
  return std::nullopt;
}

std::optional<rt::Trap> Tier1Executor::enter(rt1::VmCtx* ctx, void* fn, void* arg, uint32_t osr_loop) {
  Libcalls::refresh_memories(this);
  ctx->stack_limit = thread_stack_limit();
  fuel_from_store(*store_, fuel_);
  CompiledStackScope gc_roots;  // the collector scans the compiled frames below here
  interp::detail::NativeMarkScope profile_entry(interp::detail::NativeMark::kEntry);  // (sample_marks.h)
  FaultScope scope;
  scope.prev = tls_fault_scope;
  (void)thread_stack_high();  // the bounds the fault hook reads
  scope.on_fault = [](FaultScope* s) {
#if defined(__x86_64__) && defined(__linux__)
    if (s->nregs > REG_RIP) record_fault_pcs(s->regs[REG_RIP], s->regs[REG_RBP]);
#endif
  };
  rt1::ExnHandler* const outer_handlers = exn_top_;  // this entry's chain starts empty
  exn_top_ = nullptr;
  int jumped = sigsetjmp(scope.env, 0);
  if (jumped != 0) {
    // A trap (2: pending_ holds it) or a guard-page fault (1) in compiled code.
    tls_fault_scope = scope.prev;
    exn_top_ = outer_handlers;
    fuel_to_store(*store_, fuel_);
    if (jumped == 1) {
      rt::Trap t = rt::make_trap(sem::TrapKind::MemoryOutOfBounds);
      take_fault_backtrace(&t.backtrace);
      return t;
    }
    std::optional<rt::Trap> t = std::move(pending_);
    pending_.reset();
    if (!t) t = rt::make_host_trap("tier 1: trap without a reason");
    return t;
  }
  tls_fault_scope = &scope;
  if (osr_loop == kNotOsr) reinterpret_cast<void (*)(rt1::VmCtx*, void*)>(fn)(ctx, arg);
  else reinterpret_cast<void (*)(rt1::VmCtx*, void*, uint32_t)>(fn)(ctx, arg, osr_loop);
  tls_fault_scope = scope.prev;
  exn_top_ = outer_handlers;
  fuel_to_store(*store_, fuel_);
  return std::nullopt;
}

}  // namespace skiff::compiler
