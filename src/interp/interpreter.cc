#include "interp/interpreter.h"

#include <cstring>
#include <mutex>
#include <new>
#include <vector>

#include "interp/exec.h"
#include "interp/fault_handler.h"
#include "runtime/instance.h"

namespace skiff::interp {

// Slot letters of the operand types in iops.def's layouts.
#define KS_U32 "s"
#define KS_U64 "s"
#define KS_F32 "s"
#define KS_F64 "s"
#define KS_V128 "v"
const IOpInfo kOpInfo[] = {
#define IOP(name, text, layout) {text, uint8_t(sizeof(layout) - 1), layout},
#include "interp/iops.def"
#undef IOP
};
#undef KS_U32
#undef KS_U64
#undef KS_F32
#undef KS_F64
#undef KS_V128

struct Interpreter::State : detail::ExecState {};

namespace {

// Value stacks and frame arrays of dead interpreters, kept for the next ones: a
// fresh store then costs no 64 MiB allocation (and munmap at the end) and no
// zeroing of 100,000 call frames. Contents need no clearing: frames are written
// before they are read, and the collector only scans the live part of a stack.
class StackPool {
 public:
  struct Entry {
    std::unique_ptr<uint8_t[]> stack;
    size_t stack_bytes = 0;
    std::unique_ptr<detail::CallFrame[], detail::ExecState::FreeDelete> frames;
    size_t frame_count = 0;
  };
  Entry take(size_t stack_bytes, size_t frames) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (size_t i = 0; i < free_.size(); ++i) {
        if (free_[i].stack_bytes == stack_bytes && free_[i].frame_count == frames) {
          Entry e = std::move(free_[i]);
          free_[i] = std::move(free_.back());
          free_.pop_back();
          return e;
        }
      }
    }
    // Never throws: an entry without a stack says the allocation failed (address
    // space or memory ran out), and the caller reports it as an error value.
    Entry e;
    e.stack.reset(new (std::nothrow) uint8_t[stack_bytes]);
    e.frames.reset(static_cast<detail::CallFrame*>(std::calloc(frames, sizeof(detail::CallFrame))));
    if (!e.stack || !e.frames) return Entry{};
    e.stack_bytes = stack_bytes;
    e.frame_count = frames;
    return e;
  }
  void give(Entry e) {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.size() < kMax) free_.push_back(std::move(e));
  }

 private:
  static constexpr size_t kMax = 16;
  std::mutex mu_;
  std::vector<Entry> free_;
};

StackPool& stack_pool() {
  static StackPool* pool = new StackPool();  // never destroyed: used until exit
  return *pool;
}

}  // namespace

Interpreter::Interpreter(rt::Store& store, InterpConfig config)
    : store_(&store), config_(config), state_(std::make_unique<State>()) {
  State& st = *state_;
  st.store = &store;
  st.interner = store.engine().interner().get();
  // Entries from the host add sentinel frames; leave room for a few nestings.
  st.max_depth = size_t(config.max_call_depth) + 1;
  // The value stack and frames are taken on the first call (ensure_stack): a store
  // that never runs code costs no 64 MiB of address space, and running out of it
  // is an error value at that call, never an exception here.
  st.heap = &store.heap();
  st.guard_pages = config.guard_pages && detail::install_fault_handler();
  st.canon_nans = config.deterministic;
  st.fuel_on = store.limits.fuel;
  st.checks = store.limits.fuel || store.limits.interruptible || config.tiering;
  st.budget = st.checks && !st.fuel_on ? 10'000 : 0;
  store.executor = this;
}

Interpreter::~Interpreter() {
  if (store_->executor == this) store_->executor = nullptr;
  // Translated code dies with us: functions must not keep pointers to it.
  for (rt::Func* f : state_->translated) f->code = nullptr;
  if (!state_->stack) return;
  StackPool::Entry e;
  e.stack_bytes = size_t(state_->stack_end - state_->stack_begin);
  e.stack = std::move(state_->stack);
  e.frames = std::move(state_->frames);
  e.frame_count = state_->frame_count;
  stack_pool().give(std::move(e));
}

detail::ExecState& Interpreter::exec_state() { return *state_; }

void Interpreter::set_compiled_tier(CompiledTier* t) { state_->compiled = t; }

size_t Interpreter::value_stack_bytes() const {
  return config_.value_stack_bytes < 4096 ? 4096 : config_.value_stack_bytes;
}

bool Interpreter::ensure_stack() {
  State& st = *state_;
  if (st.stack) return true;
  const size_t bytes = value_stack_bytes();
  StackPool::Entry e = stack_pool().take(bytes, st.max_depth + 1);
  if (!e.stack) return false;
  st.stack = std::move(e.stack);
  st.frames = std::move(e.frames);
  st.frame_count = e.frame_count;
  st.stack_begin = st.stack.get();
  st.stack_end = st.stack_begin + bytes;
  st.free = st.stack_begin;
  st.gc_top = st.stack_begin;
  return true;
}

std::optional<rt::Trap> Interpreter::invoke(rt::Store& store, rt::Func* f,
                                            std::span<const rt::Val> args,
                                            std::span<rt::Val> results) {
  State& st = *state_;
  if (&store != store_ || f->is_host() || !f->instance)
    return rt::make_host_trap("interpreter: not a wasm function of this store");
  if (!st.stack && !ensure_stack())
    return rt::make_host_trap("out of memory: cannot allocate the wasm value stack (" +
                              std::to_string(value_stack_bytes()) + " bytes, Config::max_wasm_stack)");
  const ir::FuncType& sig = *f->sig;
  // The new frame starts at the first free, 16-byte aligned byte.
  uintptr_t a = (reinterpret_cast<uintptr_t>(st.free) + 15) & ~uintptr_t(15);
  uint8_t* fp = reinterpret_cast<uint8_t*>(a);
  uint32_t pb = 0, rb = 0;
  for (const ir::ValType& t : sig.params) pb += slot_bytes(t);
  for (const ir::ValType& t : sig.results) rb += slot_bytes(t);
  if (fp + (pb > rb ? pb : rb) > st.stack_end) return rt::make_trap(sem::TrapKind::CallStackExhausted);
  uint8_t* p = fp;
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const ir::ValType& t = sig.params[i];
    if (t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32) {
      uint64_t x = args[i].i32;
      std::memcpy(p, &x, 8);
    } else {
      std::memcpy(p, args[i].v128, slot_bytes(t));
    }
    p += slot_bytes(t);
  }
  uint8_t* saved_free = st.free;
  st.trap_message.clear();
  st.exception = nullptr;
  // Fuel lives in the store between calls (and while a host function runs: see
  // call_host), so nested entries see the same count.
  detail::fuel_from_store(st);
  sem::TrapKind k = detail::run(st, f, fp);
  detail::fuel_to_store(st);
  st.free = saved_free;
  st.gc_top = saved_free;  // nothing above the caller's frames is live any more
  if (k != sem::TrapKind::None) {
    return detail::take_trap(st, k);
  }
  p = fp;
  for (size_t i = 0; i < sig.results.size(); ++i) {
    const ir::ValType& t = sig.results[i];
    rt::Val v = rt::Val::zero(t);
    std::memcpy(v.v128, p, slot_bytes(t));
    if (t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32) std::memset(v.v128 + 4, 0, 12);
    results[i] = v;
    p += slot_bytes(t);
  }
  return std::nullopt;
}

void Interpreter::scan_stack(const std::function<void(uint64_t)>& visit) {
  const State& st = *state_;
  for (const uint8_t* p = st.stack_begin; p + 8 <= st.gc_top; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    visit(w);
  }
}

}  // namespace skiff::interp
