// Emitter: the function frame, structured control flow, branches and calls
// (see emitter.h for the design note).
#include "compiler/llvm/emitter.h"

#include <llvm/IR/CFG.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/TargetParser/Triple.h>

#include <algorithm>

#include "ir/opcode.h"

namespace skiff::compiler {

using llvm::BasicBlock;
using llvm::Value;
using valid::FrameKind;
namespace rt1 = rt::tier1;

llvm::Type* ModuleEnv::val_type(const ir::ValType& t) const {
  switch (t.kind) {
    case ir::ValKind::I32: return llvm::Type::getInt32Ty(c);
    case ir::ValKind::I64: return llvm::Type::getInt64Ty(c);
    case ir::ValKind::F32: return llvm::Type::getFloatTy(c);
    case ir::ValKind::F64: return llvm::Type::getDoubleTy(c);
    // v128: <2 x i64> everywhere (locals, PHIs, calls, slots); ops bitcast to the
    // lane shape they need.
    case ir::ValKind::V128: return llvm::FixedVectorType::get(llvm::Type::getInt64Ty(c), 2);
    // Every reference is one pointer-sized word (runtime/value.h Ref), as `ptr`.
    case ir::ValKind::Ref: return llvm::PointerType::get(c, 0);
    default: return nullptr;
  }
}

llvm::FunctionType* ModuleEnv::func_type(const ir::FuncType& ft) const {
  std::vector<llvm::Type*> ps{ptr()};
  for (const ir::ValType& t : ft.params) {
    llvm::Type* x = val_type(t);
    if (!x) return nullptr;
    ps.push_back(x);
  }
  llvm::Type* r = llvm::Type::getVoidTy(c);
  if (ft.results.size() == 1) {
    r = val_type(ft.results[0]);
  } else if (ft.results.size() > 1) {
    std::vector<llvm::Type*> rs;
    for (const ir::ValType& t : ft.results) rs.push_back(val_type(t));
    for (llvm::Type* x : rs)
      if (!x) return nullptr;
    r = llvm::StructType::get(c, rs);
  }
  if (!r) return nullptr;
  return llvm::FunctionType::get(r, ps, false);
}

namespace {

// Slot i of a Cell array (16 bytes each).
Value* slot_ptr(llvm::IRBuilder<>& b, ModuleEnv& env, Value* slots, uint32_t i) {
  return b.CreateConstGEP1_64(env.i8(), slots, uint64_t(i) * 16);
}

// Stores args into slots, calls call_slow(ctx, entry, slots), returns the results
// as the native function would (void / value / struct).
Value* spill_call_slow(llvm::IRBuilder<>& b, ModuleEnv& env, Value* ctx, Value* entry,
                       llvm::FunctionType* fty, const ir::FuncType& ft,
                       llvm::ArrayRef<Value*> args, llvm::AllocaInst* slots) {
  for (size_t i = 0; i < args.size(); ++i) b.CreateStore(args[i], slot_ptr(b, env, slots, uint32_t(i)));
  Value* lcs = b.CreateLoad(env.ptr(), b.CreateConstGEP1_64(env.i8(), ctx, rt1::kCtxLibcalls));
  Value* fp = b.CreateLoad(env.ptr(), b.CreateConstGEP1_64(env.i8(), lcs, SKIFF_LC(call_slow)));
  auto* cty = llvm::FunctionType::get(llvm::Type::getVoidTy(env.c), {env.ptr(), env.ptr(), env.ptr()}, false);
  b.CreateCall(cty, fp, {ctx, entry, slots});
  llvm::Type* rty = fty->getReturnType();
  if (ft.results.empty()) return nullptr;
  if (ft.results.size() == 1) return b.CreateLoad(rty, slot_ptr(b, env, slots, 0));
  Value* agg = llvm::PoisonValue::get(rty);
  for (size_t i = 0; i < ft.results.size(); ++i) {
    Value* v = b.CreateLoad(env.val_type(ft.results[i]), slot_ptr(b, env, slots, uint32_t(i)));
    agg = b.CreateInsertValue(agg, v, {unsigned(i)});
  }
  return agg;
}

llvm::AllocaInst* slot_array(llvm::IRBuilder<>& b, ModuleEnv& env, size_t n, BasicBlock* entry) {
  llvm::IRBuilder<> eb(entry, entry->getFirstInsertionPt());
  auto* a = eb.CreateAlloca(llvm::ArrayType::get(env.i8(), 16 * (n ? n : 1)));
  a->setAlignment(llvm::Align(16));
  (void)b;
  return a;
}

}  // namespace

// The DISubprogram of function `index` (line = its body's offset + 1), attached to
// fn; *at = that offset. Null without line tables.
llvm::DISubprogram* attach_subprogram(ModuleEnv& env, uint32_t index, llvm::Function* fn, int64_t* at) {
  const ir::Module& m = env.m;
  const int64_t off = index >= m.num_imported_funcs && index < m.num_funcs()
                          ? m.funcs[index - m.num_imported_funcs].body.offset
                          : 0;
  *at = off > 0 ? off : 0;
  if (!env.di) return nullptr;
  const unsigned line = unsigned(*at) + 1;
  llvm::DISubprogram* sp =
      env.di->createFunction(env.di_file, fn->getName(), llvm::StringRef(), env.di_file, line, env.di_type,
                             line, llvm::DINode::FlagZero, llvm::DISubprogram::SPFlagDefinition);
  fn->setSubprogram(sp);
  return sp;
}

void emit_stub(ModuleEnv& env, uint32_t index, llvm::Function* fn) {
  const ir::FuncType& ft = env.m.func_type(env.m.func_type_index(index));
  fn->deleteBody();
  fn->setSubprogram(nullptr);
  fn->addFnAttr(llvm::Attribute::NoInline);  // callers keep their own call site
  BasicBlock* bb = BasicBlock::Create(env.c, "stub", fn);
  llvm::IRBuilder<> b(bb);
  // Its own rows in the line table (the function's start), so its frame is not
  // taken for code inlined from the function before it.
  int64_t at = 0;
  if (llvm::DISubprogram* sp = attach_subprogram(env, index, fn, &at))
    b.SetCurrentDebugLocation(
        llvm::DILocation::get(env.c, unsigned(at) + 1, index < 0xfffe ? index + 1 : 0, sp));
  Value* ctx = fn->getArg(0);
  std::vector<Value*> args;
  for (size_t i = 0; i < ft.params.size(); ++i) args.push_back(fn->getArg(unsigned(i + 1)));
  auto* slots = slot_array(b, env, std::max(ft.params.size(), ft.results.size()), bb);
  Value* funcs = b.CreateLoad(env.ptr(), b.CreateConstGEP1_64(env.i8(), ctx, rt1::kCtxFuncs));
  Value* entry = b.CreateConstGEP1_64(env.i8(), funcs, uint64_t(index) * rt1::kEntryBytes);
  Value* r = spill_call_slow(b, env, ctx, entry, fn->getFunctionType(), ft, args, slots);
  if (r) b.CreateRet(r); else b.CreateRetVoid();
}

llvm::Function* emit_slot_wrapper(ModuleEnv& env, const ir::FuncType& ft, llvm::Function* fn,
                                  const std::string& name) {
  auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(env.c), {env.ptr(), env.ptr()}, false);
  auto* w = llvm::Function::Create(ty, llvm::Function::ExternalLinkage, name, env.mod);
  llvm::IRBuilder<> b(BasicBlock::Create(env.c, "entry", w));
  Value* slots = w->getArg(1);
  std::vector<Value*> args{w->getArg(0)};
  for (size_t i = 0; i < ft.params.size(); ++i)
    args.push_back(b.CreateLoad(env.val_type(ft.params[i]), slot_ptr(b, env, slots, uint32_t(i))));
  llvm::CallInst* r = b.CreateCall(fn, args);
  r->setCallingConv(kNativeCC);
  if (ft.results.size() == 1) {
    b.CreateStore(r, slot_ptr(b, env, slots, 0));
  } else {
    for (size_t i = 0; i < ft.results.size(); ++i)
      b.CreateStore(b.CreateExtractValue(r, {unsigned(i)}), slot_ptr(b, env, slots, uint32_t(i)));
  }
  b.CreateRetVoid();
  return w;
}

// ---- the emitter ----

Emitter::Emitter(ModuleEnv& env, uint32_t func_index, llvm::Function* fn)
    : env_(env), c_(env.c), func_index_(func_index), fn_(fn), b_(env.c) {
  trap_blocks_.assign(sem::kTrapKindCount, nullptr);
  trap_block_at_.assign(sem::kTrapKindCount, -1);
  int64_t at = 0;
  sp_ = attach_subprogram(env, func_index, fn, &at);
  body_base_ = at;
  set_loc(at);
}

// Line = offset + 1 (line 0 means "no line" to DWARF consumers); column = the
// function index + 1, so an inlined callee's rows still name their function.
void Emitter::set_loc(int64_t offset) {
  at_ = offset;
  if (!sp_) return;
  const unsigned col = func_index_ < 0xfffe ? func_index_ + 1 : 0;
  b_.SetCurrentDebugLocation(llvm::DILocation::get(c_, unsigned(uint64_t(offset) + 1), col, sp_));
}

void Emitter::fail(std::string msg) {
  if (error_.empty()) error_ = std::move(msg);
}

void Emitter::unsupported(const ir::Instr& in) {
  fail("unsupported: " + std::string(ir::op_name(in.op)));
}

BasicBlock* Emitter::new_block(const char* name) { return BasicBlock::Create(c_, name, fn_); }

Value* Emitter::load_ctx(uint32_t offset, llvm::Type* ty) {
  return b_.CreateLoad(ty, b_.CreateConstGEP1_64(env_.i8(), ctx_, offset));
}

Value* Emitter::libcall(uint32_t offset, llvm::FunctionType* ty, llvm::ArrayRef<Value*> args) {
  Value* lcs = load_ctx(rt1::kCtxLibcalls, env_.ptr());
  Value* fp = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), lcs, offset));
  return b_.CreateCall(ty, fp, args);
}

// One trap block per (kind, instruction): its call carries the instruction's
// location, and the operand's high bits (the offset's low 24 bits; the libcall
// masks them off) keep code generation from merging the calls of different
// instructions into one (their backtraces would lose the instruction).
BasicBlock* Emitter::trap_block(sem::TrapKind kind) {
  BasicBlock*& bb = trap_blocks_[unsigned(kind)];
  if (bb && trap_block_at_[unsigned(kind)] == at_) return bb;
  trap_block_at_[unsigned(kind)] = at_;
  bb = new_block("trap");
  llvm::IRBuilder<>::InsertPointGuard g(b_);
  b_.SetInsertPoint(bb);
  auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(c_), {env_.ptr(), env_.i32()}, false);
  auto* call = llvm::cast<llvm::CallInst>(
      libcall(SKIFF_LC(trap), ty,
              {ctx_, b_.getInt32(uint32_t(kind) | (sp_ ? uint32_t(uint64_t(at_) << 8) : 0u))}));
  call->setDoesNotReturn();
  b_.CreateUnreachable();
  return bb;
}

void Emitter::trap_if(Value* cond, sem::TrapKind kind) {
  BasicBlock* ok = new_block("ok");
  auto* br = b_.CreateCondBr(cond, trap_block(kind), ok);
  // Traps are cold.
  llvm::MDBuilder md(c_);
  br->setMetadata(llvm::LLVMContext::MD_prof, md.createBranchWeights(1, 1u << 20));
  b_.SetInsertPoint(ok);
}

void Emitter::trap_now(sem::TrapKind kind) { b_.CreateBr(trap_block(kind)); }

Value* Emitter::pop_n(size_t n, std::vector<Value*>& out) {
  out.clear();
  if (n > stack_.size()) {
    fail("tier 1: operand stack underflow (compiler bug)");
    return nullptr;
  }
  out.assign(stack_.end() - long(n), stack_.end());
  stack_.resize(stack_.size() - n);
  return n ? out.back() : nullptr;
}

std::vector<llvm::PHINode*> Emitter::make_phis(BasicBlock* bb, std::span<const ValType> types) {
  std::vector<llvm::PHINode*> out;
  llvm::IRBuilder<> pb(bb);
  for (const ValType& t : types) {
    llvm::Type* ty = env_.val_type(t);
    if (!ty) {
      fail("unsupported: block of type " + std::to_string(unsigned(t.kind)));
      return out;
    }
    out.push_back(pb.CreatePHI(ty, 2));
  }
  return out;
}

void Emitter::on_begin_function(const ir::FuncType& ft, std::span<const ValType> locals) {
  results_.assign(ft.results.begin(), ft.results.end());
  entry_ = new_block("entry");
  b_.SetInsertPoint(entry_);
  ctx_ = fn_->getArg(0);
  for (size_t i = 0; i < locals.size(); ++i) {
    llvm::Type* ty = env_.val_type(locals[i]);
    if (!ty) return fail("unsupported: local of type " + std::to_string(unsigned(locals[i].kind)));
    auto* a = b_.CreateAlloca(ty);
    locals_.push_back(a);
    local_types_.push_back(ty);
  }
  if (osr_) {
    // The locals come from the tier-0 frame: 8 bytes each (32-bit values
    // zero-extended, read as their low half: little endian), v128 16.
    osr_frame_ = fn_->getArg(1);
    uint64_t off = 0;
    for (size_t i = 0; i < locals.size(); ++i) {
      auto* ld = b_.CreateLoad(local_types_[i], b_.CreateConstGEP1_64(env_.i8(), osr_frame_, off));
      ld->setAlignment(llvm::Align(8));
      b_.CreateStore(ld, locals_[i]);
      off += locals[i].kind == ir::ValKind::V128 ? 16 : 8;
    }
  } else {
    for (size_t i = 0; i < locals.size(); ++i) {
      Value* init = i < ft.params.size() ? static_cast<Value*>(fn_->getArg(unsigned(i + 1)))
                                         : llvm::Constant::getNullValue(local_types_[i]);
      b_.CreateStore(init, locals_[i]);
    }
  }
  globals_ = load_ctx(rt1::kCtxGlobals, env_.ptr());
  funcs_ = load_ctx(rt1::kCtxFuncs, env_.ptr());
  if (env_.mem0_guarded) mem0_ = load_ctx(rt1::kCtxMem0Base, env_.ptr());
  // Stack check: the frame address against ctx->stack_limit.
  llvm::Function* fa = llvm::Intrinsic::getDeclaration(&env_.mod, llvm::Intrinsic::frameaddress,
                                                        {env_.ptr()});
  Value* sp = b_.CreatePtrToInt(b_.CreateCall(fa, {b_.getInt32(0)}), env_.i64());
  Value* lim = b_.CreatePtrToInt(load_ctx(rt1::kCtxStackLimit, env_.ptr()), env_.i64());
  trap_if(b_.CreateICmpULT(sp, lim), sem::TrapKind::CallStackExhausted);
  if (osr_) {
    // Tier 0 charged the function's entry: the site only counts its instructions.
    if (env_.fuel) fuel_sites_.push_back(FuelSite{});
    BasicBlock* none = new_block("osr_no_entry");
    osr_switch_ = b_.CreateSwitch(fn_->getArg(2), none);
    b_.SetInsertPoint(none);
    trap_now(sem::TrapKind::Unreachable);  // not a loop of the table: never asked
    b_.SetInsertPoint(new_block("osr_before_loop"));
  } else {
    emit_entry_checks();
  }
  Ctl f;
  f.kind = FrameKind::Function;
  ctls_.push_back(std::move(f));
}

void Emitter::emit_return(llvm::ArrayRef<Value*> vals) {
  leave_handlers_for_return();
  if (osr_) {
    // Into the tier-0 frame, as a tier-0 callee leaves its results.
    uint64_t off = 0;
    for (size_t i = 0; i < vals.size() && i < results_.size(); ++i) {
      Value* v = vals[i];
      const ir::ValKind k = results_[i].kind;
      if (k == ir::ValKind::F32) v = b_.CreateBitCast(v, env_.i32());
      if (k == ir::ValKind::I32 || k == ir::ValKind::F32) v = b_.CreateZExt(v, env_.i64());
      if (k == ir::ValKind::F64) v = b_.CreateBitCast(v, env_.i64());
      auto* st = b_.CreateStore(v, b_.CreateConstGEP1_64(env_.i8(), osr_frame_, off));
      st->setAlignment(llvm::Align(8));
      off += k == ir::ValKind::V128 ? 16 : 8;
    }
    b_.CreateRetVoid();
    return;
  }
  if (results_.empty()) {
    b_.CreateRetVoid();
  } else if (results_.size() == 1) {
    b_.CreateRet(vals[0]);
  } else {
    Value* agg = llvm::PoisonValue::get(fn_->getReturnType());
    for (size_t i = 0; i < vals.size(); ++i) agg = b_.CreateInsertValue(agg, vals[i], {unsigned(i)});
    b_.CreateRet(agg);
  }
}

void Emitter::add_incoming(Ctl& t, llvm::ArrayRef<Value*> vals, BasicBlock* from) {
  std::vector<llvm::PHINode*>& phis = t.kind == FrameKind::Loop ? t.header_phis : t.end_phis;
  if (phis.size() != vals.size()) return fail("tier 1: branch arity mismatch (compiler bug)");
  for (size_t i = 0; i < vals.size(); ++i) phis[i]->addIncoming(vals[i], from);
}

void Emitter::branch_to(uint32_t depth, llvm::ArrayRef<Value*> vals) {
  Ctl& t = label(depth);
  if (t.kind == FrameKind::Function) return emit_return(vals);
  // The handlers of the regions it leaves: a loop's label is inside the loop, any
  // other label is the frame's end (a try's own label leaves the try).
  const size_t index = ctls_.size() - 1 - depth;
  leave_regions_above(t.kind == FrameKind::Loop ? index : index - 1);
  add_incoming(t, vals, b_.GetInsertBlock());
  b_.CreateBr(t.kind == FrameKind::Loop ? t.header : t.end);
}

void Emitter::on_unreachable() { set_dead(); }

// The end of a block or loop that no branch and no fall-through reaches, followed
// by code the validator calls reachable (so on_instr events still arrive): a fresh
// block without predecessors takes them (LLVM deletes it), the results are poison.
void Emitter::continue_unreached(std::span<const ValType> results) {
  b_.SetInsertPoint(new_block("unreached"));
  for (const ValType& t : results) {
    llvm::Type* ty = env_.val_type(t);
    if (!ty) return fail("unsupported: block of type " + std::to_string(unsigned(t.kind)));
    push(llvm::PoisonValue::get(ty));
  }
  live_ = true;
}

void Emitter::on_block(const ir::Instr& in, const Frame& f, const Event& e) {
  set_loc(e.offset);
  check_block(f);
  Ctl c;
  c.kind = f.kind;
  c.height = f.height;
  c.live = live_;
  if (!live_) {
    ctls_.push_back(std::move(c));
    return;
  }
  std::vector<Value*> vals;
  size_t np = f.params().size();
  Value* cond = nullptr;
  switch (f.kind) {
    case FrameKind::Block:
      c.end = new_block("block_end");
      c.end_phis = make_phis(c.end, f.results());
      break;
    case FrameKind::Try:
    case FrameKind::TryTable:
      c.end = new_block("try_end");
      c.end_phis = make_phis(c.end, f.results());
      if (failed()) return;
      exn_open(c, in);  // pushes a handler; a try_table's catches go to enclosing labels
      break;
    case FrameKind::Loop: {
      pop_n(np, vals);
      c.header = new_block("loop");
      c.header_phis = make_phis(c.header, f.params());
      if (failed()) return;
      for (size_t i = 0; i < np; ++i) c.header_phis[i]->addIncoming(vals[i], b_.GetInsertBlock());
      b_.CreateBr(c.header);
      b_.SetInsertPoint(c.header);
      emit_loop_checks();
      for (llvm::PHINode* p : c.header_phis) push(p);
      if (osr_ && f.live && live_) osr_at_loop(f, uint32_t(std::max<int64_t>(e.offset - body_base_, 0)));
      break;
    }
    case FrameKind::If: {
      pop_n(1, vals);
      cond = b_.CreateICmpNE(vals[0], b_.getInt32(0));
      c.end = new_block("if_end");
      c.end_phis = make_phis(c.end, f.results());
      c.else_bb = new_block("else");
      BasicBlock* then_bb = new_block("then");
      b_.CreateCondBr(cond, then_bb, c.else_bb);
      b_.SetInsertPoint(then_bb);
      c.if_params.assign(stack_.end() - long(np), stack_.end());
      break;
    }
    default:
      unsupported(in);
      return;
  }
  (void)e;
  ctls_.push_back(std::move(c));
}

void Emitter::on_else(const Frame& f, const Event& e, bool fell_through) {
  set_loc(e.offset);
  Ctl& c = ctls_.back();
  if (!c.live) return;
  if (fell_through && live_) {
    std::vector<Value*> vals;
    pop_n(f.results().size(), vals);
    add_incoming(c, vals, b_.GetInsertBlock());
    b_.CreateBr(c.end);
  }
  stack_.resize(c.height);
  for (Value* v : c.if_params) push(v);
  b_.SetInsertPoint(c.else_bb);
  c.else_bb = nullptr;
  live_ = true;
  (void)e;
}

// on_catch and on_delegate: emit_exception.cc.

void Emitter::on_end(const Frame& f, const Event& e, bool fell_through) {
  set_loc(e.offset);
  check_end(f);
  (void)e;
  Ctl c = std::move(ctls_.back());
  ctls_.pop_back();
  if (c.kind == FrameKind::Function) {
    if (fell_through && live_) {
      std::vector<Value*> vals;
      pop_n(f.results().size(), vals);
      emit_return(vals);
    }
    exn_finish_function();
    // Unused trap blocks are not created; every block is terminated here.
    return;
  }
  if (!c.live) return;  // opened in dead code: still dead
  std::vector<Value*> vals;
  if (fell_through && live_) pop_n(f.results().size(), vals);
  if (c.kind == FrameKind::Loop) {
    // A loop's end is reached only by falling through.
    stack_.resize(c.height);
    if (fell_through && live_) {
      for (Value* v : vals) push(v);
    } else {
      continue_unreached(f.results());
    }
    return;
  }
  if (fell_through && live_) {
    if (c.in_body) exn_end_body(c);  // a try body: its handler goes
    add_incoming(c, vals, b_.GetInsertBlock());
    b_.CreateBr(c.end);
  }
  if (c.landing) exn_close(c);  // a try's exceptions no catch took go on
  if (c.else_bb) {
    // An if without else: the params flow to the results.
    b_.SetInsertPoint(c.else_bb);
    add_incoming(c, c.if_params, c.else_bb);
    b_.CreateBr(c.end);
  }
  stack_.resize(c.height);
  b_.SetInsertPoint(c.end);
  if (llvm::pred_empty(c.end)) {
    // Nothing reaches the end, but the validator still calls the code after it
    // reachable and sends it: it goes into this predecessor-less block.
    for (llvm::PHINode* p : c.end_phis) p->eraseFromParent();
    c.end->eraseFromParent();
    continue_unreached(f.results());
    return;
  }
  live_ = true;
  for (llvm::PHINode* p : c.end_phis) push(p);
}

void Emitter::on_instr(const ir::Instr& in, const Event& e) {
  set_loc(e.offset);
  check_instr();
  if (failed()) return;
  if (stack_.size() != e.base + e.popped.size()) {
    return fail("tier 1: operand stack out of step at " + std::string(ir::op_name(in.op)) +
                " (compiler bug)");
  }
  if (in.op == ir::Op::LocalSet || in.op == ir::Op::LocalTee) exn_note_local_write(in.a);
  if (emit_numeric(in, e) || emit_variable(in, e) || emit_memory(in, e) || emit_control(in, e) ||
      emit_simd(in, e) || emit_reference(in, e) || emit_exception(in, e) || emit_gc(in, e))
    return;
  unsupported(in);
}

// ---- branches and calls ----

bool Emitter::emit_control(const ir::Instr& in, const Event& e) {
  std::vector<Value*> vals;
  switch (in.op) {
    case ir::Op::Nop:
      return true;
    case ir::Op::Unreachable:
      trap_now(sem::TrapKind::Unreachable);
      return true;
    case ir::Op::Br:
      pop_n(e.popped.size(), vals);
      branch_to(in.a, vals);
      return true;
    case ir::Op::BrIf: {
      pop_n(e.popped.size(), vals);
      Value* cond = b_.CreateICmpNE(vals.back(), b_.getInt32(0));
      vals.pop_back();
      BasicBlock* taken = new_block("br_if");
      BasicBlock* cont = new_block("br_if_cont");
      b_.CreateCondBr(cond, taken, cont);
      b_.SetInsertPoint(taken);
      branch_to(in.a, vals);
      b_.SetInsertPoint(cont);
      for (Value* v : vals) push(v);
      return true;
    }
    case ir::Op::BrTable: {
      pop_n(e.popped.size(), vals);
      Value* index = vals.back();
      vals.pop_back();
      // One small block per distinct label (each passes the values to its target).
      std::vector<BasicBlock*> by_depth;
      auto block_for = [&](uint32_t depth) {
        if (by_depth.size() <= depth) by_depth.resize(depth + 1, nullptr);
        if (!by_depth[depth]) {
          BasicBlock* bb = new_block("br_table_case");
          llvm::IRBuilder<>::InsertPointGuard g(b_);
          b_.SetInsertPoint(bb);
          branch_to(depth, vals);
          by_depth[depth] = bb;
        }
        return by_depth[depth];
      };
      BasicBlock* def = block_for(in.a);
      auto* sw = b_.CreateSwitch(index, def, unsigned(in.labels.size()));
      for (size_t i = 0; i < in.labels.size(); ++i)
        sw->addCase(b_.getInt32(uint32_t(i)), block_for(in.labels[i]));
      return true;
    }
    case ir::Op::Return:
      pop_n(e.popped.size(), vals);
      emit_return(vals);
      return true;
    case ir::Op::Call:
      emit_call(in.a, e);
      return true;
    case ir::Op::CallIndirect:
      emit_call_indirect(in, e);
      return true;
    case ir::Op::ReturnCall:
    case ir::Op::ReturnCallIndirect:
    case ir::Op::ReturnCallRef:
      emit_return_call(in, e);
      return true;
    case ir::Op::Drop:
      pop_n(1, vals);
      return true;
    case ir::Op::Select:
    case ir::Op::SelectT: {
      pop_n(3, vals);
      if (!env_.val_type(e.pushed[0])) return false;
      push(b_.CreateSelect(b_.CreateICmpNE(vals[2], b_.getInt32(0)), vals[0], vals[1]));
      return true;
    }
    default:
      return false;
  }
}

void Emitter::emit_call(uint32_t index, const Event& e) {
  const ir::FuncType& ft = env_.m.func_type(env_.m.func_type_index(index));
  std::vector<Value*> vals;
  pop_n(e.popped.size(), vals);
  llvm::FunctionType* fty = env_.func_type(ft);
  if (!fty) return fail("unsupported: call with a type tier 1 has no form for");
  if (llvm::Function* callee = index < env_.funcs.size() ? env_.funcs[index] : nullptr) {
    std::vector<Value*> args{ctx_};
    args.insert(args.end(), vals.begin(), vals.end());
    llvm::CallInst* r = b_.CreateCall(callee, args);
    r->setCallingConv(kNativeCC);
    // Never turned into a loop: wasm recursion must exhaust the stack (and, later,
    // show every frame in backtraces).
    r->setTailCallKind(llvm::CallInst::TCK_NoTail);
    if (ft.results.size() == 1) {
      push(r);
    } else {
      for (size_t i = 0; i < ft.results.size(); ++i) push(b_.CreateExtractValue(r, {unsigned(i)}));
    }
    return;
  }
  Value* entry = b_.CreateConstGEP1_64(env_.i8(), funcs_, uint64_t(index) * rt1::kEntryBytes);
  call_entry(entry, ft, std::move(vals));
}

void Emitter::call_entry(Value* entry, const ir::FuncType& ft, std::vector<Value*> vals) {
  llvm::FunctionType* fty = env_.func_type(ft);
  if (!fty) return fail("unsupported: call with a type tier 1 has no form for");
  Value* code = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), entry, rt1::kEntryCode));
  BasicBlock* fast = new_block("call_fast");
  BasicBlock* slow = new_block("call_slow");
  BasicBlock* done = new_block("call_done");
  b_.CreateCondBr(b_.CreateIsNotNull(code), fast, slow);
  b_.SetInsertPoint(fast);
  Value* cctx = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), entry, rt1::kEntryCtx));
  std::vector<Value*> args{cctx};
  args.insert(args.end(), vals.begin(), vals.end());
  llvm::CallInst* r1 = b_.CreateCall(fty, code, args);
  r1->setCallingConv(kNativeCC);
  r1->setTailCallKind(llvm::CallInst::TCK_NoTail);
  b_.CreateBr(done);
  b_.SetInsertPoint(slow);
  auto* slots = slot_array(b_, env_, std::max(ft.params.size(), ft.results.size()), entry_);
  Value* r2 = spill_call_slow(b_, env_, ctx_, entry, fty, ft, vals, slots);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  if (ft.results.empty()) return;
  llvm::PHINode* r = b_.CreatePHI(fty->getReturnType(), 2);
  r->addIncoming(r1, fast);
  r->addIncoming(r2, slow);
  if (ft.results.size() == 1) {
    push(r);
  } else {
    for (size_t i = 0; i < ft.results.size(); ++i) push(b_.CreateExtractValue(r, {unsigned(i)}));
  }
}

void Emitter::emit_call_indirect(const ir::Instr& in, const Event& e) {
  // in.a = type index, in.b = table.
  const ir::FuncType& ft = env_.m.func_type(in.a);
  std::vector<Value*> vals;
  pop_n(e.popped.size(), vals);
  Value* index = b_.CreateZExt(vals.back(), env_.i64());  // i32, or i64 on a table64
  vals.pop_back();
  Value* entry = indirect_entry(in.b, env_.canon.id(in.a), index);  // emit_table.cc
  call_entry(entry, ft, std::move(vals));
}

// ---- tail calls ----
//
// return_call, return_call_indirect and return_call_ref are guaranteed tail calls
// between compiled functions: every native entry uses the `tailcc` convention
// (kNativeCC), under which LLVM accepts `musttail` whatever the two parameter lists
// are (the callee pops its stack arguments), so a chain of tail calls of any
// length runs in the caller's frame. Two cases are ordinary calls followed by a
// return (they grow the stack by one frame each, and say so in
// notes/compiler-design.md):
//   * the callee has no native code (host function, a function left to tier 0, an
//     import not resolved yet): call_slow runs it and returns; a tier-0 callee's
//     own tail calls are constant-stack inside the interpreter;
//   * results LLVM would return through memory (sret demotion, which musttail
//     cannot do): more results than the return registers of the target hold.

// Whether LLVM returns values of type `r` in registers for kNativeCC on this
// target (conservative: x86-64 tailcc returns up to 3 integer-class values in
// RAX/RDX/RCX and 4 float/vector values in XMM0-3; AArch64 8 of each).
bool Emitter::returns_in_registers(llvm::Type* r) const {
  if (r->isVoidTy()) return true;
  llvm::SmallVector<llvm::Type*, 8> parts;
  if (auto* st = llvm::dyn_cast<llvm::StructType>(r)) parts.append(st->element_begin(), st->element_end());
  else parts.push_back(r);
  unsigned ints = 0, fps = 0;
  for (llvm::Type* t : parts) {
    if (t->isIntegerTy() || t->isPointerTy()) ++ints;
    else ++fps;
  }
  llvm::Triple tt(env_.mod.getTargetTriple());
  if (tt.getArch() == llvm::Triple::x86_64) return ints <= 3 && fps <= 4;
  if (tt.getArch() == llvm::Triple::aarch64) return ints <= 8 && fps <= 8;
  return parts.size() <= 1;
}

// An OSR entry at this loop (set_osr): eligible when nothing is on the operand
// stack (no SSA value of the code before it flows in), it has no parameters, and
// no enclosing try/try_table region (its handler record would not be pushed).
void Emitter::osr_at_loop(const Frame& f, uint32_t loop_rel) {
  if (std::find(osr_want_.begin(), osr_want_.end(), loop_rel) == osr_want_.end()) return;
  if (!stack_.empty() || !f.params().empty()) return;
  for (const Ctl& c : ctls_)
    if (c.kind == FrameKind::Try || c.kind == FrameKind::TryTable) return;
  BasicBlock* resume = new_block("osr_resume");
  b_.CreateBr(resume);
  b_.SetInsertPoint(resume);
  osr_switch_->addCase(b_.getInt32(loop_rel), resume);
  osr_loops_.push_back(loop_rel);
}

// ret of a tail call's result (void, a value or the results struct).
void Emitter::return_value(Value* r) {
  if (osr_) {
    std::vector<Value*> vals;
    if (results_.size() == 1) vals.push_back(r);
    else
      for (size_t i = 0; i < results_.size(); ++i) vals.push_back(b_.CreateExtractValue(r, {unsigned(i)}));
    return emit_return(vals);
  }
  if (fn_->getReturnType()->isVoidTy()) b_.CreateRetVoid();
  else b_.CreateRet(r);
}

void Emitter::emit_return_call(const ir::Instr& in, const Event& e) {
  std::vector<Value*> vals;
  pop_n(e.popped.size(), vals);
  // The callee replaces this frame: its handlers go first.
  leave_handlers_for_return();
  if (in.op == ir::Op::ReturnCall) {
    const ir::FuncType& ft = env_.m.func_type(env_.m.func_type_index(in.a));
    llvm::FunctionType* fty = env_.func_type(ft);
    if (!fty) return fail("unsupported: call with a type tier 1 has no form for");
    if (llvm::Function* callee = in.a < env_.funcs.size() ? env_.funcs[in.a] : nullptr) {
      std::vector<Value*> args{ctx_};
      args.insert(args.end(), vals.begin(), vals.end());
      llvm::CallInst* r = b_.CreateCall(callee, args);
      r->setCallingConv(kNativeCC);
      if (can_musttail(fty)) r->setTailCallKind(llvm::CallInst::TCK_MustTail);
      else r->setTailCallKind(llvm::CallInst::TCK_NoTail);
      return return_value(r);
    }
    Value* entry = b_.CreateConstGEP1_64(env_.i8(), funcs_, uint64_t(in.a) * rt1::kEntryBytes);
    return tail_call_entry(entry, ft, std::move(vals));
  }
  const ir::FuncType& ft = env_.m.func_type(in.a);  // in.a = the type index
  Value* entry = nullptr;
  if (in.op == ir::Op::ReturnCallIndirect) {
    Value* index = b_.CreateZExt(vals.back(), env_.i64());  // i32, or i64 on a table64
    vals.pop_back();
    auto* ty = llvm::FunctionType::get(env_.ptr(), {env_.ptr(), env_.i32(), env_.i32(), env_.i64()}, false);
    entry = libcall(SKIFF_LC(resolve_indirect), ty,
                    {ctx_, b_.getInt32(in.b), b_.getInt32(env_.canon.id(in.a)), index});
  } else {
    Value* ref = vals.back();
    vals.pop_back();
    entry = funcref_entry(ref);
  }
  tail_call_entry(entry, ft, std::move(vals));
}

// The tail form of call_entry: a musttail native call when the entry has code,
// else call_slow and return its results.
void Emitter::tail_call_entry(Value* entry, const ir::FuncType& ft, std::vector<Value*> vals) {
  llvm::FunctionType* fty = env_.func_type(ft);
  if (!fty) return fail("unsupported: call with a type tier 1 has no form for");
  Value* code = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), entry, rt1::kEntryCode));
  BasicBlock* fast = new_block("tail_fast");
  BasicBlock* slow = new_block("tail_slow");
  b_.CreateCondBr(b_.CreateIsNotNull(code), fast, slow);
  b_.SetInsertPoint(fast);
  Value* cctx = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), entry, rt1::kEntryCtx));
  std::vector<Value*> args{cctx};
  args.insert(args.end(), vals.begin(), vals.end());
  llvm::CallInst* r1 = b_.CreateCall(fty, code, args);
  r1->setCallingConv(kNativeCC);
  r1->setTailCallKind(can_musttail(fty) ? llvm::CallInst::TCK_MustTail : llvm::CallInst::TCK_NoTail);
  return_value(r1);
  b_.SetInsertPoint(slow);
  auto* slots = slot_array(b_, env_, std::max(ft.params.size(), ft.results.size()), entry_);
  return_value(spill_call_slow(b_, env_, ctx_, entry, fty, ft, vals, slots));
}

// musttail needs the caller's return type (wasm guarantees the callee's results
// match: references are all `ptr`) returned in registers.
bool Emitter::can_musttail(llvm::FunctionType* callee) const {
  if (osr_) return false;  // a C-convention entry returning into the tier-0 frame
  return callee->getReturnType() == fn_->getReturnType() && returns_in_registers(callee->getReturnType());
}

}  // namespace skiff::compiler
