// Checker: table instructions, memory.size/grow, and the bulk memory and table
// instructions. Loads, stores, SIMD lane accesses and atomics have fixed
// signatures in the opcode table and go through check_generic (body_checker.cc),
// which applies check_memarg.
//
// Address types (memory64 / table64): an operand that indexes a memory or a table
// has that memory's or table's address type; a length that spans two of them
// (memory.copy, table.copy) has the smaller one (i32 unless both are 64-bit).
#include "valid/body_checker.h"

namespace skiff::valid {

using ir::Op;

static ValType min_addr(ValType a, ValType b) {
  return (a.kind == ir::ValKind::I64 && b.kind == ir::ValKind::I64) ? ir::kI64 : ir::kI32;
}

bool Checker::check_memory() {
  const ir::Instr& in = instr_;
  switch (in.op) {
    // ---- tables ----
    case Op::TableGet: {
      const ir::TableType* tt = nullptr;
      if (!table_at(in.a, &tt) || !pop_val(addr_of_table(*tt))) return false;
      push(tt->elem);
      return true;
    }
    case Op::TableSet: {
      const ir::TableType* tt = nullptr;
      if (!table_at(in.a, &tt)) return false;
      ValType ts[2] = {addr_of_table(*tt), tt->elem};
      return pop_vals(ts);
    }
    case Op::TableSize: {
      const ir::TableType* tt = nullptr;
      if (!table_at(in.a, &tt)) return false;
      push(addr_of_table(*tt));
      return true;
    }
    case Op::TableGrow: {
      const ir::TableType* tt = nullptr;
      if (!table_at(in.a, &tt)) return false;
      ValType at = addr_of_table(*tt);
      ValType ts[2] = {tt->elem, at};
      if (!pop_vals(ts)) return false;
      push(at);
      return true;
    }
    case Op::TableFill: {
      const ir::TableType* tt = nullptr;
      if (!table_at(in.a, &tt)) return false;
      ValType at = addr_of_table(*tt);
      ValType ts[3] = {at, tt->elem, at};
      return pop_vals(ts);
    }
    case Op::TableCopy: {
      const ir::TableType *dst, *src;
      if (!table_at(in.a, &dst) || !table_at(in.b, &src)) return false;
      if (!match(src->elem, dst->elem))
        return fail("type mismatch: source table's element type " + ir::to_string(src->elem) +
                    " does not match destination's " + ir::to_string(dst->elem));
      ValType ad = addr_of_table(*dst), as = addr_of_table(*src);
      ValType ts[3] = {ad, as, min_addr(ad, as)};
      return pop_vals(ts);
    }
    case Op::TableInit: {
      // Binary order: elemidx tableidx.
      const ir::TableType* tt = nullptr;
      ValType et;
      if (!table_at(in.b, &tt) || !elem_at(in.a, &et)) return false;
      if (!match(et, tt->elem))
        return fail("type mismatch: element segment's type " + ir::to_string(et) +
                    " does not match table's element type " + ir::to_string(tt->elem));
      ValType ts[3] = {addr_of_table(*tt), ir::kI32, ir::kI32};
      return pop_vals(ts);
    }
    case Op::ElemDrop: {
      ValType et;
      return elem_at(in.a, &et);
    }

    // ---- memories ----
    case Op::MemorySize: {
      const ir::MemoryType* mt = nullptr;
      if (!memory_at(in.a, &mt)) return false;
      push(addr_of_memory(*mt));
      return true;
    }
    case Op::MemoryGrow: {
      const ir::MemoryType* mt = nullptr;
      if (!memory_at(in.a, &mt)) return false;
      ValType at = addr_of_memory(*mt);
      if (!pop_val(at)) return false;
      push(at);
      return true;
    }
    case Op::MemoryFill: {
      const ir::MemoryType* mt = nullptr;
      if (!memory_at(in.a, &mt)) return false;
      ValType at = addr_of_memory(*mt);
      ValType ts[3] = {at, ir::kI32, at};
      return pop_vals(ts);
    }
    case Op::MemoryCopy: {
      const ir::MemoryType *dst, *src;
      if (!memory_at(in.a, &dst) || !memory_at(in.b, &src)) return false;
      ValType ad = addr_of_memory(*dst), as = addr_of_memory(*src);
      ValType ts[3] = {ad, as, min_addr(ad, as)};
      return pop_vals(ts);
    }
    case Op::MemoryInit: {
      // Binary order: dataidx memidx.
      const ir::MemoryType* mt = nullptr;
      if (!memory_at(in.b, &mt) || !data_at(in.a)) return false;
      ValType ts[3] = {addr_of_memory(*mt), ir::kI32, ir::kI32};
      return pop_vals(ts);
    }
    case Op::DataDrop:
      return data_at(in.a);
    default:
      return fail("unsupported instruction");
  }
}

}  // namespace skiff::valid
