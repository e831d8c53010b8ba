// Tier-1 code generation: exceptions (throw, throw_ref, try_table with catch /
// catch_ref / catch_all / catch_all_ref, and the legacy try / catch / catch_all /
// delegate / rethrow), with tier 0's semantics (src/interp: rt::Exception objects
// owned by the store, tags compared by identity, traps never caught).
//
// Design (notes/compiler-design.md has the whole picture).
//   * Handler records. A try_table with catch clauses and every legacy try push an
//     rt::tier1::ExnHandler {prev, exn, jmp_buf} (an alloca of the frame, one per
//     nesting depth) on the store's chain (*ctx->exn_top) and call _setjmp on it
//     from the compiled function itself (through the libcall table, with the
//     returns_twice call-site attribute, so LLVM treats the frame as setjmp code).
//     _setjmp returning non-zero is the handler's landing: the exception is in the
//     record's `exn` field.
//   * Throwing. `throw` builds the exception (libcall exn_new); throw, throw_ref
//     and rethrow then go to the innermost region of this frame whose record is
//     pushed by a plain branch (its landing PHI takes the exception; the records
//     above it are popped by storing its `prev` in *exn_top). With no such region,
//     the libcall exn_throw pops the innermost record of the chain and longjmps to
//     it (a caller's frame), or, when the entry has none, unwinds to the entry with
//     the trap UncaughtException carrying the exception: every boundary (tier 0's
//     host calls, call_slow, the host API) already turns that trap back into a
//     throw on its side, so exceptions cross compiled -> tier 0 -> compiled and
//     compiled -> host -> compiled frames. Each entry starts an empty chain and
//     restores the outer one (a trap or an uncaught exception leaves through it),
//     so a throw never jumps over a host or tier-0 frame.
//   * Leaving a region pops its record: falling out of the try body, a branch to a
//     label outside it (branch_to), return, and a tail call (the frame goes):
//     *exn_top = (outermost region left).prev. A trap unwinds to the entry, which
//     restores the chain.
//   * Landing. try_table: at the try_table itself (its catch labels are enclosing
//     labels), each clause in order compares the exception's tag with the
//     instance's tag (one load each: ctx->tags[i], exception->tag), unpacks the
//     payload (libcall exn_payload into slots) and branches to its label with the
//     payload and/or the exnref; no match goes on outwards as a throw from there.
//     Legacy try: each catch adds a test to the dispatch chain and opens its arm
//     with the payload; the arm keeps the exception for rethrow; after the last
//     arm (no catch_all) the exception goes on outwards. delegate l goes on to the
//     region tier 0 names (the innermost pushed region at or outside label l, or
//     the caller), popping the records in between.
//   * setjmp discipline. SSA values live across _setjmp are never modified, but a
//     local (an alloca) written in the try body and read after the landing would
//     be seen at its value at the _setjmp (mem2reg) or lose stores LLVM thinks
//     dead: every load and store of a local written while a region of the frame
//     is pushed (local.set / local.tee there) is made volatile at the end of the
//     function; other locals keep their value from the _setjmp on and stay SSA. Guest memory and globals are
//     reached through the context: the throwing call may read them, so no store
//     before it is dropped. Functions calling _setjmp are not inlined (LLVM).
#include "compiler/llvm/emitter.h"

#include "ir/opcode.h"

namespace skiff::compiler {

using llvm::BasicBlock;
using llvm::Value;
using valid::FrameKind;
namespace rt1 = rt::tier1;

struct ExceptionEmit {
  // ctx->exn_top (the store's chain head), loaded once at the top of the entry block.
  static Value* top(Emitter& em) {
    if (!em.exn_top_) {
      llvm::IRBuilder<> eb(em.entry_, em.entry_->getFirstInsertionPt());
      em.exn_top_ = eb.CreateLoad(em.env_.ptr(), eb.CreateConstGEP1_64(em.env_.i8(), em.ctx_, rt1::kCtxExnTop));
    }
    return em.exn_top_;
  }

  // The handler record for nesting depth d (allocas of the entry block).
  static llvm::AllocaInst* record(Emitter& em, size_t d) {
    while (em.exn_records_.size() <= d) {
      llvm::IRBuilder<> eb(em.entry_, em.entry_->getFirstInsertionPt());
      auto* a = eb.CreateAlloca(llvm::ArrayType::get(em.env_.i8(), rt1::kHandlerBytes));
      a->setAlignment(llvm::Align(16));
      em.exn_records_.push_back(a);
    }
    return em.exn_records_[d];
  }

  static Value* field(Emitter& em, Value* rec, uint32_t off) {
    return em.b_.CreateConstGEP1_64(em.env_.i8(), rec, off);
  }

  static bool pushed(const Emitter::Ctl& c) { return c.live && c.handler && c.in_body; }

  // *exn_top = r.prev: pops r and every record above it.
  static void pop_to(Emitter& em, const Emitter::Ctl& r) {
    Value* prev = em.b_.CreateLoad(em.env_.ptr(), field(em, r.handler, rt1::kHandlerPrev));
    em.b_.CreateStore(prev, top(em));
  }

  // The innermost region at index <= max whose record is pushed, or -1.
  static long innermost(Emitter& em, long max) {
    for (long i = max; i >= 0; --i)
      if (pushed(em.ctls_[size_t(i)])) return i;
    return -1;
  }

  // Throws exn from the current block: to the landing of the innermost pushed
  // region at index <= max, else out of this frame (exn_throw).
  static void unwind(Emitter& em, Value* exn, long max) {
    long t = innermost(em, max);
    if (t >= 0) {
      Emitter::Ctl& r = em.ctls_[size_t(t)];
      pop_to(em, r);
      r.landing_exn->addIncoming(exn, em.b_.GetInsertBlock());
      em.b_.CreateBr(r.landing);
      return;
    }
    em.leave_regions_above(0);
    auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(em.c_), {em.env_.ptr(), em.env_.ptr()}, false);
    auto* call = llvm::cast<llvm::CallInst>(em.libcall(SKIFF_LC(exn_throw), ty, {em.ctx_, exn}));
    call->setDoesNotReturn();
    em.b_.CreateUnreachable();
  }

  // i1: does exn carry the instance's tag `tag`?
  static Value* tag_is(Emitter& em, Value* exn, uint32_t tag) {
    Value* tags = em.load_ctx(rt1::kCtxTags, em.env_.ptr());
    Value* want = em.b_.CreateLoad(em.env_.ptr(), em.b_.CreateConstGEP1_64(em.env_.ptr(), tags, tag));
    Value* got = em.b_.CreateLoad(em.env_.ptr(), em.b_.CreateConstGEP1_64(em.env_.i8(), exn, rt1::kExnTag));
    return em.b_.CreateICmpEQ(got, want);
  }

  // The payload values of exn, whose tag is the instance's `tag`.
  static bool payload(Emitter& em, Value* exn, uint32_t tag, std::vector<Value*>& out) {
    const ir::FuncType& ft = em.env_.m.func_type(em.env_.m.tag_type(tag).type_index);
    if (ft.params.empty()) return true;
    std::vector<llvm::Type*> tys;
    for (const ir::ValType& t : ft.params) {
      llvm::Type* ty = em.env_.val_type(t);
      if (!ty) {
        em.fail("unsupported: a tag payload type");
        return false;
      }
      tys.push_back(ty);
    }
    llvm::IRBuilder<> eb(em.entry_, em.entry_->getFirstInsertionPt());
    auto* slots = eb.CreateAlloca(llvm::ArrayType::get(em.env_.i8(), 16 * tys.size()));
    slots->setAlignment(llvm::Align(16));
    auto* ty = llvm::FunctionType::get(llvm::Type::getVoidTy(em.c_),
                                       {em.env_.ptr(), em.env_.ptr(), em.env_.ptr()}, false);
    em.libcall(SKIFF_LC(exn_payload), ty, {em.ctx_, exn, slots});
    for (size_t i = 0; i < tys.size(); ++i)
      out.push_back(em.b_.CreateLoad(tys[i], em.b_.CreateConstGEP1_64(em.env_.i8(), slots, 16 * i)));
    return true;
  }

  // try_table: the landing's clauses, in order (emitted before the frame is pushed:
  // clause labels count from the enclosing frame, as label() does now).
  static void table_landing(Emitter& em, const ir::Instr& in, Value* exn) {
    for (const ir::CatchClause& cl : in.catches) {
      const bool all = cl.kind == ir::CatchKind::CatchAll || cl.kind == ir::CatchKind::CatchAllRef;
      const bool ref = cl.kind == ir::CatchKind::CatchRef || cl.kind == ir::CatchKind::CatchAllRef;
      BasicBlock* take = em.new_block("catch");
      BasicBlock* next = nullptr;
      if (all) {
        em.b_.CreateBr(take);
      } else {
        next = em.new_block("catch_next");
        em.b_.CreateCondBr(tag_is(em, exn, cl.tag), take, next);
      }
      em.b_.SetInsertPoint(take);
      std::vector<Value*> vals;
      if (!all && !payload(em, exn, cl.tag, vals)) return;
      if (ref) vals.push_back(exn);
      em.branch_to(cl.label, vals);
      if (all) return;  // later clauses are never reached
      em.b_.SetInsertPoint(next);
    }
    unwind(em, exn, long(em.ctls_.size()) - 1);
  }
};

void Emitter::leave_regions_above(size_t index) {
  for (size_t i = index + 1; i < ctls_.size(); ++i) {
    if (ExceptionEmit::pushed(ctls_[i])) {
      ExceptionEmit::pop_to(*this, ctls_[i]);  // the outermost one left
      return;
    }
  }
}

void Emitter::leave_handlers_for_return() { leave_regions_above(0); }

void Emitter::exn_open(Ctl& c, const ir::Instr& in) {
  if (in.op == ir::Op::TryTable && in.catches.empty()) return;  // catches nothing
  exn_used_ = true;
  size_t depth = 0;
  for (const Ctl& x : ctls_) depth += ExceptionEmit::pushed(x) ? 1 : 0;
  c.handler = ExceptionEmit::record(*this, depth);
  // Push: rec.prev = *top; *top = rec; then _setjmp(rec.buf).
  Value* top = ExceptionEmit::top(*this);
  b_.CreateStore(b_.CreateLoad(env_.ptr(), top), ExceptionEmit::field(*this, c.handler, rt1::kHandlerPrev));
  b_.CreateStore(c.handler, top);
  auto* ty = llvm::FunctionType::get(env_.i32(), {env_.ptr()}, false);
  auto* sj = llvm::cast<llvm::CallInst>(
      libcall(SKIFF_LC(exn_setjmp), ty, {ExceptionEmit::field(*this, c.handler, rt1::kHandlerBuf)}));
  sj->addFnAttr(llvm::Attribute::ReturnsTwice);
  BasicBlock* body = new_block("try_body");
  BasicBlock* caught = new_block("try_caught");
  b_.CreateCondBr(b_.CreateICmpEQ(sj, b_.getInt32(0)), body, caught);
  // Landing: from the longjmp (exn in the record) and from throws in this frame.
  c.landing = new_block("try_landing");
  {
    llvm::IRBuilder<> lb(c.landing);
    c.landing_exn = lb.CreatePHI(env_.ptr(), 2);
  }
  b_.SetInsertPoint(caught);
  Value* exn = b_.CreateLoad(env_.ptr(), ExceptionEmit::field(*this, c.handler, rt1::kHandlerExn));
  c.landing_exn->addIncoming(exn, caught);
  b_.CreateBr(c.landing);
  b_.SetInsertPoint(c.landing);
  if (in.op == ir::Op::TryTable) {
    ExceptionEmit::table_landing(*this, in, c.landing_exn);
  } else {
    c.dispatch = c.landing;  // the catches add their tests as they come
  }
  b_.SetInsertPoint(body);
  c.in_body = true;
}

void Emitter::exn_note_local_write(uint32_t local) {
  // Only a local written while a region of this frame is pushed can differ at a
  // landing from its value at the region's _setjmp.
  if (!exn_used_) return;
  for (const Ctl& x : ctls_) {
    if (ExceptionEmit::pushed(x)) {
      if (exn_written_.size() <= local) exn_written_.resize(local + 1, false);
      exn_written_[local] = true;
      return;
    }
  }
}

void Emitter::exn_end_body(Ctl& c) {
  ExceptionEmit::pop_to(*this, c);
  c.in_body = false;
}

void Emitter::exn_close(Ctl& c) {
  c.in_body = false;
  if (c.dispatch) {
    // No catch took the exception (or there was none): it goes on outwards.
    llvm::IRBuilder<>::InsertPointGuard g(b_);
    b_.SetInsertPoint(c.dispatch);
    ExceptionEmit::unwind(*this, c.landing_exn, long(ctls_.size()) - 1);
    c.dispatch = nullptr;
  }
}

void Emitter::exn_finish_function() {
  if (!exn_used_) return;
  // Locals must be read from memory after a landing (see the design note).
  std::vector<Value*> work;
  for (size_t i = 0; i < locals_.size(); ++i)
    if (i < exn_written_.size() && exn_written_[i]) work.push_back(locals_[i]);
  while (!work.empty()) {
    Value* p = work.back();
    work.pop_back();
    for (llvm::User* u : p->users()) {
      if (auto* l = llvm::dyn_cast<llvm::LoadInst>(u)) l->setVolatile(true);
      else if (auto* s = llvm::dyn_cast<llvm::StoreInst>(u)) s->setVolatile(true);
      else if (llvm::isa<llvm::GetElementPtrInst>(u)) work.push_back(u);
    }
  }
}

void Emitter::on_catch(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through) {
  set_loc(e.offset);
  Ctl& c = ctls_.back();
  if (!c.live) return;
  if (fell_through && live_) {
    std::vector<Value*> vals;
    pop_n(f.results().size(), vals);
    if (c.in_body) exn_end_body(c);
    add_incoming(c, vals, b_.GetInsertBlock());
    b_.CreateBr(c.end);
  }
  c.in_body = false;
  stack_.resize(c.height);
  if (!c.dispatch) {
    // After a catch_all: this arm is never entered (the validator still sends it).
    c.exn = c.landing_exn;
    continue_unreached(e.pushed);
    return;
  }
  BasicBlock* arm = new_block(in.op == ir::Op::Catch ? "catch" : "catch_all");
  b_.SetInsertPoint(c.dispatch);
  if (in.op == ir::Op::Catch) {
    BasicBlock* next = new_block("catch_next");
    b_.CreateCondBr(ExceptionEmit::tag_is(*this, c.landing_exn, in.a), arm, next);
    c.dispatch = next;
  } else {
    b_.CreateBr(arm);
    c.dispatch = nullptr;
  }
  b_.SetInsertPoint(arm);
  c.exn = c.landing_exn;
  live_ = true;
  if (in.op == ir::Op::Catch) {
    std::vector<Value*> vals;
    if (!ExceptionEmit::payload(*this, c.landing_exn, in.a, vals)) return;
    for (Value* v : vals) push(v);
  }
}

void Emitter::on_delegate(const ir::Instr& in, const Frame& f, const Event& e, bool fell_through) {
  set_loc(e.offset);
  (void)e;
  Ctl c = std::move(ctls_.back());
  ctls_.pop_back();
  if (!c.live) return;
  std::vector<Value*> vals;
  if (fell_through && live_) {
    pop_n(f.results().size(), vals);
    if (c.in_body) exn_end_body(c);
    add_incoming(c, vals, b_.GetInsertBlock());
    b_.CreateBr(c.end);
  }
  c.in_body = false;
  // The body's exceptions go to the region tier 0 names for label in.a: the
  // innermost pushed region at or outside it, else the caller.
  b_.SetInsertPoint(c.dispatch);
  const long t = long(ctls_.size()) - 1 - long(in.a);
  ExceptionEmit::unwind(*this, c.landing_exn, ctls_[size_t(t)].kind == FrameKind::Function ? -1 : t);
  c.dispatch = nullptr;
  // The end, as on_end does for a block.
  stack_.resize(c.height);
  b_.SetInsertPoint(c.end);
  if (llvm::pred_empty(c.end)) {
    for (llvm::PHINode* p : c.end_phis) p->eraseFromParent();
    c.end->eraseFromParent();
    continue_unreached(f.results());
    return;
  }
  live_ = true;
  for (llvm::PHINode* p : c.end_phis) push(p);
}

bool Emitter::emit_exception(const ir::Instr& in, const Event& e) {
  std::vector<Value*> vals;
  switch (in.op) {
    case ir::Op::Throw: {
      pop_n(e.popped.size(), vals);
      Value* slots = llvm::ConstantPointerNull::get(env_.ptr());
      if (!vals.empty()) {
        llvm::IRBuilder<> eb(entry_, entry_->getFirstInsertionPt());
        auto* a = eb.CreateAlloca(llvm::ArrayType::get(env_.i8(), 16 * vals.size()));
        a->setAlignment(llvm::Align(16));
        for (size_t i = 0; i < vals.size(); ++i)
          b_.CreateStore(vals[i], b_.CreateConstGEP1_64(env_.i8(), a, 16 * i));
        slots = a;
      }
      auto* ty = llvm::FunctionType::get(env_.ptr(), {env_.ptr(), env_.i32(), env_.ptr()}, false);
      Value* exn = libcall(SKIFF_LC(exn_new), ty, {ctx_, b_.getInt32(in.a), slots});
      ExceptionEmit::unwind(*this, exn, long(ctls_.size()) - 1);
      return true;
    }
    case ir::Op::ThrowRef:
      pop_n(1, vals);
      trap_if(b_.CreateIsNull(vals[0]), sem::TrapKind::NullExceptionReference);
      ExceptionEmit::unwind(*this, vals[0], long(ctls_.size()) - 1);
      return true;
    case ir::Op::Rethrow: {
      Value* exn = label(in.a).exn;
      if (!exn) {
        fail("tier 1: rethrow without a caught exception (compiler bug)");
        return true;
      }
      ExceptionEmit::unwind(*this, exn, long(ctls_.size()) - 1);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace skiff::compiler
