// Tier-1 code generation: references, tables, call_ref and table bulk operations.
//
// Design note.
//   * A reference is one `ptr` (runtime/value.h Ref): null is the null pointer, so
//     ref.null / ref.is_null / ref.eq / ref.as_non_null / br_on_(non_)null are plain
//     pointer compares. ref.func i is ctx->funcs[i].func (the instance's Func*).
//   * Table instructions call the "references and tables" libcalls (tier1_abi.h),
//     which use the same rt::Table helpers as tier 0 (same results and traps).
//     Indices of every width are zero-extended to i64 (table64 included).
//   * call_ref: null check, then funcref_entry() (below) resolves the Func* to its
//     FuncEntry (inline from Func::tier1 when the function has compiled code, else
//     libcall func_entry) and Emitter::call_entry calls it. return_call_ref
//     (emitter.cc) uses the same funcref_entry().
#include <cstddef>

#include "compiler/llvm/emitter.h"

namespace skiff::compiler {

using ir::Op;
using llvm::Value;
namespace rt1 = rt::tier1;

struct TableEmit {
  // Zero-extends a table index / count (i32 or i64) to i64.
  static Value* idx64(Emitter& em, Value* v) { return em.b_.CreateZExt(v, em.env_.i64()); }

  static llvm::FunctionType* fty(llvm::Type* r, std::initializer_list<llvm::Type*> ps) {
    return llvm::FunctionType::get(r, llvm::ArrayRef<llvm::Type*>(ps.begin(), ps.size()), false);
  }
};

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
    case Op::TableGet:
      pop_n(1, v);
      push(libcall(SKIFF_LC(table_get), fty(P, {P, I32, I64}), {ctx_, b_.getInt32(in.a), idx(v[0])}));
      return true;
    case Op::TableSet:
      pop_n(2, v);
      libcall(SKIFF_LC(table_set), fty(V, {P, I32, I64, P}), {ctx_, b_.getInt32(in.a), idx(v[0]), v[1]});
      return true;
    case Op::TableSize: {
      Value* n = libcall(SKIFF_LC(table_size), fty(I64, {P, I32}), {ctx_, b_.getInt32(in.a)});
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
