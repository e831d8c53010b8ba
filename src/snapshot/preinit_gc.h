// Pre-initialisation of GC state: the structs and arrays reachable from an
// instance's globals and tables, as new immutable globals (private to src/snapshot).
//
// Design note. A constant expression can build a struct or array (struct.new,
// array.new, array.new_default, array.new_fixed) whose fields are constants,
// ref.func, ref.i31, ref.null or global.get of an EARLIER immutable global. So a
// heap can be written out as long as it is acyclic: every object reachable from a
// global or table becomes one new immutable global `(ref $T)`, children before
// parents, and every reference to it is `global.get` of that global. Sharing is
// kept (one object, one global, so ref.eq answers as before), mutable fields too
// (the object is created once, at instantiation). A cycle cannot be written (the
// first object of it would need a later one) and is refused, naming the root.
//
// A global's initialiser may only name earlier globals, so the object globals go
// FIRST among the defined globals (right after the imported ones) and every other
// global index moves up by their count: global.get / global.set in the bodies, the
// constant expressions kept from the original module, global exports and global
// names are renumbered (renumber_globals). Only bodies that use a moved global
// change bytes, and only in those instructions.
//
// Arrays: all elements equal -> array.new / array.new_default; otherwise up to
// kMaxFixedOperands elements -> array.new_fixed (V8 accepts at most 10,000
// operands). A bigger array with differing elements cannot be written as a
// constant (array.new_data and array.new_elem are not constant instructions): a
// MUTABLE one is made by array.new (its first element everywhere) and filled by a
// new start function, array.init_data from a passive data segment (numbers) or
// array.init_elem from a passive element segment (references), each dropped after
// (preinit.cc, add_array_fills; a new [] -> [] type is appended for it); an
// immutable one is refused.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "runtime/gc_heap.h"
#include "runtime/instance.h"
#include "support/result.h"

namespace skiff::snapshot {

inline constexpr uint32_t kMaxFixedOperands = 10'000;

// The objects reachable from the roots given, in dependency order.
class ObjectGraph {
 public:
  explicit ObjectGraph(const rt::Instance& inst);
  // Adds the objects reachable from `r`, held in a place of static type `t` named
  // `what` ("global 3", "table 0 element 7"); refuses a cycle or an object of a
  // type the module does not define.
  Status add_root(rt::Ref r, const ir::ValType& t, const std::string& what);
  // Children before parents.
  const std::vector<rt::gc::Object*>& order() const { return order_; }
  // Position of `o` in order(), or -1.
  int64_t position(const rt::gc::Object* o) const;
  // The first root the object was reached from ("global 3").
  const std::string& root(const rt::gc::Object* o) const;
  // The module type index of an object in the graph.
  uint32_t type_index(const rt::gc::Object* o) const;

 private:
  const rt::Instance& inst_;
  const ir::Module& m_;
  std::unordered_map<uint32_t, uint32_t> type_of_canon_;  // canonical id -> lowest type index
  std::unordered_map<const rt::gc::Object*, int64_t> pos_;  // -2 = on the walk's path
  std::vector<rt::gc::Object*> order_;
  std::unordered_map<const rt::gc::Object*, uint32_t> root_of_;  // index into roots_
  std::vector<std::string> roots_;
};

// The static type of field `k` of an object of module type `ti` (array: element), or null.
const ir::FieldType* object_field_type(const ir::Module& m, uint32_t ti, size_t k);

// Adds `n` to every index of a defined global (index >= first) in `m`: bodies,
// constant expressions, exports, names. Errors only on a body that does not decode.
Status renumber_globals(ir::Module& m, uint32_t first, uint32_t n);

}  // namespace skiff::snapshot
