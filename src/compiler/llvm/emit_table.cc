// Tier-1 code generation: references, tables, call_ref and table bulk operations.
//
// Design note.
//   * A reference is one `ptr` (runtime/value.h Ref): null is the null pointer, so
//     ref.null / ref.is_null / ref.eq / ref.as_non_null / br_on_(non_)null are plain
//     pointer compares. ref.func i is ctx->funcs[i].func (the instance's Func*).
//   * table.get / set / size and call_indirect's common case read the instance's
//     table views (VmCtx::tables: data and size, reloaded by the runtime after
//     anything that may grow a table). The other table instructions call the
//     "references and tables" libcalls (tier1_abi.h), which use the same rt::Table
//     helpers as tier 0 (same results and traps). Indices of every width are
//     zero-extended to i64 (table64 included).
//   * call_ref: null check, then funcref_entry() (below) resolves the Func* to its
//     FuncEntry (inline from Func::tier1 when the function has compiled code, else
//     libcall func_entry) and Emitter::call_entry calls it. return_call_ref
//     (emitter.cc) uses the same funcref_entry().
#include <cstddef>

#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

using ir::Op;
using llvm::BasicBlock;
using llvm::Value;
namespace rt1 = rt::tier1;

struct TableEmit {
  // Zero-extends a table index / count (i32 or i64) to i64.
  static Value* idx64(Emitter& em, Value* v) { return em.b_.CreateZExt(v, em.env_.i64()); }

  static llvm::FunctionType* fty(llvm::Type* r, std::initializer_list<llvm::Type*> ps) {
    return llvm::FunctionType::get(r, llvm::ArrayRef<llvm::Type*>(ps.begin(), ps.size()), false);
  }
  // ctx->tables[table] (its data and size are reloaded at each use: a call may grow it).
  static Value* view(Emitter& em, uint32_t table) {
    Value* views = em.load_ctx(rt1::kCtxTables, em.env_.ptr());
    return em.b_.CreateConstGEP1_64(em.env_.i8(), views, uint64_t(table) * rt1::kTableViewBytes);
  }
  static Value* view_size(Emitter& em, Value* v) {
    return em.b_.CreateLoad(em.env_.i64(), em.b_.CreateConstGEP1_64(em.env_.i8(), v, rt1::kTableSize));
  }
  // &data[index] after the bounds check (trap `kind` past the end).
  static Value* slot(Emitter& em, Value* v, Value* index, sem::TrapKind kind) {
    em.trap_if(em.b_.CreateICmpUGE(index, view_size(em, v)), kind);
    Value* data = em.b_.CreateLoad(em.env_.ptr(), em.b_.CreateConstGEP1_64(em.env_.i8(), v, rt1::kTableData));
    return em.b_.CreateGEP(em.env_.ptr(), data, index);
  }
};

Value* Emitter::indirect_entry(uint32_t table, uint32_t type_id, Value* index) {
  // Fast: in bounds, non-null, exactly the expected type, compiled (Func::tier1 set).
  // Anything else (traps, subtypes, functions without compiled code) goes to
  // resolve_indirect.
  Value* v = TableEmit::view(*this, table);
  BasicBlock* slow = new_block("indirect_slow");
  BasicBlock* done = new_block("indirect_entry");
  auto branch_unless = [&](Value* ok) {
    BasicBlock* next = new_block("indirect_ok");
    b_.CreateCondBr(ok, next, slow);
    b_.SetInsertPoint(next);
  };
  branch_unless(b_.CreateICmpULT(index, TableEmit::view_size(*this, v)));
  Value* data = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), v, rt1::kTableData));
  Value* f = b_.CreateLoad(env_.ptr(), b_.CreateGEP(env_.ptr(), data, index));
  branch_unless(b_.CreateIsNotNull(f));
  Value* tid = b_.CreateLoad(env_.i32(), b_.CreateConstGEP1_64(env_.i8(), f, rt1::kFuncTypeId));
  branch_unless(b_.CreateICmpEQ(tid, b_.getInt32(type_id)));
  Value* known = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), f, rt1::kFuncTier1));
  BasicBlock* fast_end = b_.GetInsertBlock();
  b_.CreateCondBr(b_.CreateIsNotNull(known), done, slow);
  b_.SetInsertPoint(slow);
  auto* ty = TableEmit::fty(env_.ptr(), {env_.ptr(), env_.i32(), env_.i32(), env_.i64()});
  Value* asked = libcall(SKIFF_LC(resolve_indirect), ty,
                         {ctx_, b_.getInt32(table), b_.getInt32(type_id), index});
  BasicBlock* slow_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* e = b_.CreatePHI(env_.ptr(), 2);
  e->addIncoming(known, fast_end);
  e->addIncoming(asked, slow_end);
  return e;
}

Value* Emitter::funcref_entry(Value* ref) {
  trap_if(b_.CreateIsNull(ref), sem::TrapKind::NullFunctionReference);
  // A function with compiled code carries its entry (Func::tier1); others (host
  // functions, tier 0 ones, other stores' modules not prepared yet) ask the runtime.
  Value* known = b_.CreateLoad(env_.ptr(), b_.CreateConstGEP1_64(env_.i8(), ref, rt1::kFuncTier1));
  llvm::BasicBlock* from = b_.GetInsertBlock();
  llvm::BasicBlock* ask = new_block("funcref_slow");
  llvm::BasicBlock* done = new_block("funcref_entry");
  b_.CreateCondBr(b_.CreateIsNull(known), ask, done);
  b_.SetInsertPoint(ask);
  auto* ty = TableEmit::fty(env_.ptr(), {env_.ptr(), env_.ptr()});
  Value* asked = libcall(SKIFF_LC(func_entry), ty, {ctx_, ref});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode* e = b_.CreatePHI(env_.ptr(), 2);
  e->addIncoming(known, from);
  e->addIncoming(asked, ask);
  return e;
}

bool Emitter::emit_reference(const ir::Instr& in, const Event& e) {
  std::vector<Value*> v;
  llvm::Type* P = env_.ptr();
  llvm::Type* I32 = env_.i32();
  llvm::Type* I64 = env_.i64();
  llvm::Type* V = llvm::Type::getVoidTy(c_);
  auto fty = [&](llvm::Type* r, std::initializer_list<llvm::Type*> ps) {
    return TableEmit::fty(r, ps);
  };
  auto idx = [&](Value* x) { return TableEmit::idx64(*this, x); };
  auto is64 = [&](uint32_t table) { return env_.m.table_type(table).limits.is64; };
  switch (in.op) {
    // ---- references ----
    case Op::RefNull:
      push(llvm::ConstantPointerNull::get(env_.ptr()));
      return true;
    case Op::RefIsNull:
      pop_n(1, v);
      push(b_.CreateZExt(b_.CreateIsNull(v[0]), I32));
      return true;
    case Op::RefFunc: {
      Value* entry = b_.CreateConstGEP1_64(env_.i8(), funcs_, uint64_t(in.a) * rt1::kEntryBytes);
      push(b_.CreateLoad(P, b_.CreateConstGEP1_64(env_.i8(), entry, offsetof(rt1::FuncEntry, func))));
      return true;
    }
    case Op::RefAsNonNull:
      pop_n(1, v);
      trap_if(b_.CreateIsNull(v[0]), sem::TrapKind::NullReference);
      push(v[0]);
      return true;
    case Op::RefEq:
      pop_n(2, v);
      push(b_.CreateZExt(b_.CreateICmpEQ(v[0], v[1]), I32));
      return true;
    case Op::BrOnNull:
    case Op::BrOnNonNull: {
      // popped = [label prefix.., ref]
      pop_n(e.popped.size(), v);
      Value* ref = v.back();
      v.pop_back();
      const bool on_null = in.op == Op::BrOnNull;
      llvm::BasicBlock* taken = new_block(on_null ? "br_on_null" : "br_on_non_null");
      llvm::BasicBlock* cont = new_block("br_on_cont");
      b_.CreateCondBr(b_.CreateIsNull(ref), on_null ? taken : cont, on_null ? cont : taken);
      b_.SetInsertPoint(taken);
      if (on_null) {
        branch_to(in.a, v);
      } else {
        std::vector<Value*> with = v;
        with.push_back(ref);
        branch_to(in.a, with);
      }
      b_.SetInsertPoint(cont);
      for (Value* x : v) push(x);
      if (on_null) push(ref);
      return true;
    }
    case Op::CallRef: {
      // in.a = the function type index; popped = [args.., ref]
      const ir::FuncType& ft = env_.m.func_type(in.a);
      if (!env_.func_type(ft)) return false;
      pop_n(e.popped.size(), v);
      Value* ref = v.back();
      v.pop_back();
      call_entry(funcref_entry(ref), ft, std::move(v));
      return true;
    }

    // ---- tables ----
    // get / set / size read the table's view inline (tier1_abi.h VmCtx::tables).
    case Op::TableGet: {
      pop_n(1, v);
      Value* p = TableEmit::slot(*this, TableEmit::view(*this, in.a), idx(v[0]), sem::TrapKind::TableOutOfBounds);
      push(b_.CreateLoad(P, p));
      return true;
    }
    case Op::TableSet: {
      pop_n(2, v);
      Value* p = TableEmit::slot(*this, TableEmit::view(*this, in.a), idx(v[0]), sem::TrapKind::TableOutOfBounds);
      b_.CreateStore(v[1], p);
      return true;
    }
    case Op::TableSize: {
      Value* n = TableEmit::view_size(*this, TableEmit::view(*this, in.a));
      push(is64(in.a) ? n : b_.CreateTrunc(n, I32));
      return true;
    }
    case Op::TableGrow: {
      pop_n(2, v);  // init, delta
      Value* r = libcall(SKIFF_LC(table_grow), fty(I64, {P, I32, P, I64}),
                         {ctx_, b_.getInt32(in.a), v[0], idx(v[1])});
      push(is64(in.a) ? r : b_.CreateTrunc(r, I32));
      return true;
    }
    case Op::TableFill:
      pop_n(3, v);  // index, ref, n
      libcall(SKIFF_LC(table_fill), fty(V, {P, I32, I64, P, I64}),
              {ctx_, b_.getInt32(in.a), idx(v[0]), v[1], idx(v[2])});
      return true;
    case Op::TableCopy:
      pop_n(3, v);  // d, s, n; in.a = dst, in.b = src
      libcall(SKIFF_LC(table_copy), fty(V, {P, I32, I32, I64, I64, I64}),
              {ctx_, b_.getInt32(in.a), b_.getInt32(in.b), idx(v[0]), idx(v[1]), idx(v[2])});
      return true;
    case Op::TableInit:
      pop_n(3, v);  // d, s, n; in.a = elem, in.b = table
      libcall(SKIFF_LC(table_init), fty(V, {P, I32, I32, I64, I64, I64}),
              {ctx_, b_.getInt32(in.b), b_.getInt32(in.a), idx(v[0]), idx(v[1]), idx(v[2])});
      return true;
    case Op::ElemDrop:
      libcall(SKIFF_LC(elem_drop), fty(V, {P, I32}), {ctx_, b_.getInt32(in.a)});
      return true;
    default:
      return false;
  }
}

}  // namespace skiff::compiler
