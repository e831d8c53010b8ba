// Checkpoint capture and resume of interpreter frames (design note: frame_state.h).
#include "interp/frame_state.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "interp/code.h"
#include "runtime/compiled_module.h"

namespace skiff::interp {

namespace {

// IOp number of every handler address (this process's).
const std::unordered_map<const void*, uint32_t>& op_numbers() {
  static const std::unordered_map<const void*, uint32_t> map = [] {
    std::unordered_map<const void*, uint32_t> m;
    const void* const* h = detail::handler_table();
    for (uint32_t i = 0; i < uint32_t(IOp::Count_); ++i) m.emplace(h[i], i);
    return m;
  }();
  return map;
}

uint64_t fnv(uint64_t h, uint64_t x) {
  for (int i = 0; i < 8; ++i) {
    h ^= (x >> (8 * i)) & 0xff;
    h *= 0x100000001b3ull;
  }
  return h;
}

// The variant whose cache slot holds f's code (~0u when none does).
uint32_t variant_of(const rt::Func* f) {
  const rt::CompiledModule& cm = *f->instance->module;
  const uint32_t defined = f->index - cm.module.num_imported_funcs;
  for (uint32_t v = 0; v < rt::CodeCache::kVariants; ++v)
    if (cm.code.get(v, defined) == f->code) return v;
  return ~0u;
}

bool is_wasm_of(const rt::Func* f, const rt::Instance* inst) {
  return f && !f->is_host() && f->instance == inst && f->code && inst && inst->module;
}

}  // namespace

bool checkpoint_due(CheckpointCtl& c, uint64_t remaining) {
  if (c.requested.load(std::memory_order_relaxed) || (c.fuel_mark && remaining <= *c.fuel_mark))
    c.stopping = true;
  return c.stopping;
}

bool checkpoint_requested(CheckpointCtl& c) {
  if (c.requested.load(std::memory_order_relaxed)) c.stopping = true;
  return c.stopping;
}

uint64_t checkpoint_clamp(const CheckpointCtl& c, uint64_t remaining, uint64_t take) {
  if (!c.fuel_mark || remaining <= *c.fuel_mark) return take;
  const uint64_t before = remaining - *c.fuel_mark;
  return take < before ? take : before;
}

uint64_t code_hash(const Code& code, std::vector<uint32_t>* starts) {
  const auto& ops = op_numbers();
  const uint8_t* b = code.begin();
  const uint32_t size = code.size_bytes();
  uint64_t h = 0xcbf29ce484222325ull;
  h = fnv(h, code.frame_bytes);
  h = fnv(h, size);
  uint32_t at = 0;
  while (at + kOpHeader <= size) {
    const void* handler;
    std::memcpy(&handler, b + at, 8);
    auto it = ops.find(handler);
    if (it == ops.end()) return fnv(h, ~uint64_t(0));  // not code: hash marks it
    uint32_t fields = kOpInfo[it->second].fields;
    if (IOp(it->second) == IOp::BrTable && at + kOpHeader + 8 <= size) {
      uint32_t n;
      std::memcpy(&n, b + at + kOpHeader + 4, 4);
      fields = 3 + n;
    }
    const uint32_t len = instr_bytes(fields);
    if (len > size - at) return fnv(h, ~uint64_t(1));
    if (starts) starts->push_back(at);
    h = fnv(h, it->second);
    // GC allocations carry their TypeDesc's address in fields 1-2 (translate_gc.cc),
    // which differs from process to process: those two fields are not hashed.
    const IOp op = IOp(it->second);
    const bool desc_ptr = op == IOp::StructNew || op == IOp::StructNewDefault ||
                          op == IOp::ArrayNew || op == IOp::ArrayNewDefault ||
                          op == IOp::ArrayNewFixed || op == IOp::ArrayNewData ||
                          op == IOp::ArrayNewElem;
    for (uint32_t i = 0; i < fields; ++i) {
      uint32_t f;
      std::memcpy(&f, b + at + kOpHeader + 4 * i, 4);
      if (desc_ptr && (i == 1 || i == 2)) f = 0;
      h = fnv(h, f);
    }
    at += len;
  }
  return h;
}

void checkpoint_stop(detail::ExecState& st, const uint8_t* pc, uint8_t* fp, rt::Func* cur,
                     size_t depth, size_t base) {
  CheckpointCtl& c = *st.ckpt;
  if (!c.stopping) return;  // an ordinary interruption or fuel trap
  c.stopping = false;
  c.requested.store(false, std::memory_order_relaxed);
  c.fuel_mark.reset();  // one stop per arming
  c.state.reset();
  c.refusal.clear();
  auto refuse = [&](const std::string& why) {
    c.refusal = why;
    st.trap_message = "checkpoint refused: " + why;
  };
  if (base != 0)
    return refuse("the safepoint is inside a wasm call made by a host function (only the "
                  "outermost entry's frames can be saved)");
  const rt::Instance* inst = cur ? cur->instance : nullptr;
  FrameState fs;
  fs.variant = ~0u;
  uint64_t top = 0;
  auto add = [&](rt::Func* f, const uint8_t* at, uint8_t* frame) -> bool {
    if (!is_wasm_of(f, inst)) {
      refuse("a frame belongs to a host function or to another instance");
      return false;
    }
    const Code* code = static_cast<const Code*>(f->code);
    const uint32_t v = variant_of(f);
    if (v == ~0u || (fs.variant != ~0u && v != fs.variant)) {
      refuse("frames run code of different variants");
      return false;
    }
    fs.variant = v;
    if (at < code->begin() || at > code->begin() + code->size_bytes() || frame < st.stack_begin ||
        frame + code->frame_bytes > st.stack_end) {
      refuse("internal: a frame lies outside its code or the value stack");
      return false;
    }
    SavedFrame s;
    s.func_index = f->index;
    s.pc = uint32_t(at - code->begin());
    s.fp = uint32_t(frame - st.stack_begin);
    s.code_hash = code_hash(*code);
    top = std::max<uint64_t>(top, uint64_t(s.fp) + code->frame_bytes);
    fs.frames.push_back(s);
    return true;
  };
  for (size_t i = base + 1; i < depth; ++i) {
    const detail::CallFrame& fr = st.frames[i];
    if (!add(fr.func, fr.ret_pc, fr.fp)) return;
  }
  if (!add(cur, pc, fp)) return;
  fs.stack.assign(st.stack_begin, st.stack_begin + top);
  st.trap_message = "checkpoint taken";
  c.state = std::move(fs);
}

CheckpointCtl& checkpoint_ctl(Interpreter& in) {
  detail::ExecState& st = in.exec_state();
  if (!st.ckpt) st.ckpt = std::make_shared<CheckpointCtl>();
  return *st.ckpt;
}

CheckpointCtl* detail_checkpoint_ctl_if_any(Interpreter& in) { return in.exec_state().ckpt.get(); }

Result<std::optional<rt::Trap>> resume_frames(Interpreter& in, rt::Instance& inst,
                                              const FrameState& fs, std::vector<rt::Val>& results) {
  detail::ExecState& st = in.exec_state();
  if (!in.prepare_stack()) return Error{"out of memory: cannot allocate the wasm value stack"};
  if (fs.frames.empty()) return Error{"checkpoint: no frames to resume"};
  if (st.depth != 0) return Error{"checkpoint: resume must be the store's outermost call"};
  const size_t stack_bytes = size_t(st.stack_end - st.stack_begin);
  if (fs.stack.size() > stack_bytes)
    return Error{"checkpoint: its value stack (" + std::to_string(fs.stack.size()) +
                 " bytes) does not fit this store's (" + std::to_string(stack_bytes) +
                 " bytes, Config::max_wasm_stack)"};
  if (fs.frames.size() + 2 >= st.max_depth)
    return Error{"checkpoint: " + std::to_string(fs.frames.size()) +
                 " frames exceed this store's call depth (Config::max_call_depth)"};
  if (!inst.module) return Error{"checkpoint: not a module instance"};
  const rt::CompiledModule& cm = *inst.module;
  std::vector<detail::ResumeFrame> rf;
  std::unordered_map<uint32_t, std::vector<uint32_t>> starts;  // checked functions
  for (size_t k = 0; k < fs.frames.size(); ++k) {
    const SavedFrame& s = fs.frames[k];
    const std::string where = "checkpoint: frame " + std::to_string(k) + " (function " +
                              std::to_string(s.func_index) + ")";
    if (s.func_index >= inst.funcs.size() || s.func_index < cm.module.num_imported_funcs)
      return Error{where + ": no such defined function in this module"};
    rt::Func* f = inst.funcs[s.func_index];
    if (f->is_host() || f->instance != &inst) return Error{where + ": not a function of this instance"};
    Code* c = detail::ensure_code(st, f);
    if (!c) return Error{where + ": " + st.trap_message};
    const uint32_t defined = s.func_index - cm.module.num_imported_funcs;
    if (fs.variant >= rt::CodeCache::kVariants || cm.code.get(fs.variant, defined) != c)
      return Error{where + ": the checkpoint was taken from code variant " +
                   std::to_string(fs.variant) + " but this store translates variant " +
                   std::to_string(variant_of(f)) +
                   " (fuel/interruption checks and guard-page memory must match the original run)"};
    auto it = starts.find(s.func_index);
    if (it == starts.end()) {
      std::vector<uint32_t> list;
      if (code_hash(*c, &list) != s.code_hash)
        return Error{where + ": its translated code differs from the checkpoint's (another "
                             "module or Skiff build)"};
      it = starts.emplace(s.func_index, std::move(list)).first;
    }
    if (!std::binary_search(it->second.begin(), it->second.end(), s.pc))
      return Error{where + ": position " + std::to_string(s.pc) + " is not an instruction start"};
    if (s.fp % 8 != 0 || uint64_t(s.fp) + c->frame_bytes > fs.stack.size() ||
        (!rf.empty() && st.stack_begin + s.fp < rf.back().fp))
      return Error{where + ": its frame lies outside the saved value stack"};
    rf.push_back(detail::ResumeFrame{f, c->begin() + s.pc, st.stack_begin + s.fp});
  }
  std::memcpy(st.stack_begin, fs.stack.data(), fs.stack.size());
  st.trap_message.clear();
  st.exception = nullptr;
  uint8_t* saved_free = st.free;
  detail::fuel_from_store(st);
  sem::TrapKind k = detail::resume(st, rf);
  detail::fuel_to_store(st);
  st.free = saved_free;
  st.gc_top = saved_free;
  if (k != sem::TrapKind::None) {
    return std::optional<rt::Trap>(detail::take_trap(st, k));
  }
  const rt::Func* entry = rf.front().func;
  const uint8_t* p = rf.front().fp;
  results.clear();
  for (const ir::ValType& t : entry->sig->results) {
    rt::Val v = rt::Val::zero(t);
    std::memcpy(v.v128, p, slot_bytes(t));
    if (t.kind == ir::ValKind::I32 || t.kind == ir::ValKind::F32) std::memset(v.v128 + 4, 0, 12);
    results.push_back(v);
    p += slot_bytes(t);
  }
  return std::optional<rt::Trap>();
}

}  // namespace skiff::interp
