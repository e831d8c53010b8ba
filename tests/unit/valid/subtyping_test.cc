// Subtyping and iso-recursive type identity (valid/subtyping.h), with cases taken by
// hand from type-equivalence.wast, type-rec.wast, type-subtyping.wast and
// type-canon.wast.
#include "valid/subtyping.h"

#include <gtest/gtest.h>

#include <thread>

#include "module_test_util.h"

namespace skiff::valid {
namespace {

using namespace skiff::valid::testing;
using K = ir::HeapKind;

// ---- abstract lattice ---------------------------------------------------------------

TEST(Subtyping, AbstractHeapLattice) {
  ir::Module m;
  const K all[] = {K::Any, K::Eq, K::I31, K::Struct, K::Array, K::None, K::Func,
                   K::NoFunc, K::Extern, K::NoExtern, K::Exn, K::NoExn};
  auto expected = [](K a, K b) {
    if (a == b) return true;
    switch (a) {
      case K::None:
        return b == K::I31 || b == K::Struct || b == K::Array || b == K::Eq || b == K::Any;
      case K::I31: case K::Struct: case K::Array:
        return b == K::Eq || b == K::Any;
      case K::Eq: return b == K::Any;
      case K::NoFunc: return b == K::Func;
      case K::NoExtern: return b == K::Extern;
      case K::NoExn: return b == K::Exn;
      default: return false;
    }
  };
  for (K a : all)
    for (K b : all)
      EXPECT_EQ(heap_subtype(m, ht(a), ht(b)), expected(a, b))
          << ir::to_string(ht(a)) << " <: " << ir::to_string(ht(b));
}

TEST(Subtyping, CrossHierarchyBottomsAreUnrelated) {
  // type-subtyping.wast "Invalid abstract subtyping".
  ir::Module m;
  EXPECT_FALSE(is_subtype(m, ref(K::NoFunc, true), ref(K::None, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoFunc, true), ref(K::Any, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ref(K::NoFunc, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ref(K::Func, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ref(K::NoExtern, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ref(K::Extern, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoExtern, true), ref(K::None, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoExtern, true), ref(K::Any, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoFunc, true), ref(K::NoExtern, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoFunc, true), ref(K::Extern, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoExtern, true), ref(K::NoFunc, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::NoExtern, true), ref(K::Func, true)));
}

TEST(Subtyping, BotIsBelowEverything) {
  ir::Module m;
  type(m, struct_t({}));
  type(m, func_t({}, {}));
  const ir::HeapType bot = ht(K::Bot);
  for (ir::HeapType h : {ht(K::Any), ht(K::None), ht(K::Func), ht(K::NoExn), ht(K::Extern),
                         ht(0), ht(1)}) {
    EXPECT_TRUE(heap_subtype(m, bot, h));
    EXPECT_FALSE(heap_subtype(m, h, bot));
  }
  EXPECT_TRUE(heap_subtype(m, bot, bot));
  ir::ValType vbot = ir::ValType::num(ir::ValKind::Bot);
  for (ir::ValType t : {ir::kI32, ir::kI64, ir::kF32, ir::kF64, ir::kV128, ref(0), ref(K::Any)}) {
    EXPECT_TRUE(is_subtype(m, vbot, t));
    EXPECT_FALSE(is_subtype(m, t, vbot));
  }
  // The bottom reference (ref bot) of unreachable code is below every reference type.
  EXPECT_TRUE(is_subtype(m, ir::ValType::ref(bot, false), ref(1)));
  EXPECT_TRUE(is_subtype(m, ir::ValType::ref(bot, false), ref(K::Extern, true)));
}

TEST(Subtyping, NumericTypesOnlyMatchThemselves) {
  ir::Module m;
  const ir::ValType nums[] = {ir::kI32, ir::kI64, ir::kF32, ir::kF64, ir::kV128};
  for (auto a : nums)
    for (auto b : nums) EXPECT_EQ(is_subtype(m, a, b), a.kind == b.kind);
  EXPECT_FALSE(is_subtype(m, ir::kI32, ref(K::Any, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ir::kI32));
}

TEST(Subtyping, Nullability) {
  ir::Module m;
  EXPECT_TRUE(is_subtype(m, ref(K::Any), ref(K::Any, true)));
  EXPECT_FALSE(is_subtype(m, ref(K::Any, true), ref(K::Any)));
  EXPECT_TRUE(is_subtype(m, ref(K::None), ref(K::Eq)));
  EXPECT_FALSE(is_subtype(m, ref(K::None, true), ref(K::Eq)));
  EXPECT_TRUE(is_subtype(m, ref(K::I31), ref(K::Eq, true)));
}

// ---- concrete types and the abstract hierarchy -----------------------------------------

TEST(Subtyping, ConcreteAgainstAbstract) {
  ir::Module m;
  uint32_t s = type(m, struct_t({}));
  uint32_t a = type(m, array_t(fld(ir::kI32)));
  uint32_t f = type(m, func_t({}, {}));
  EXPECT_TRUE(heap_subtype(m, ht(s), ht(K::Struct)));
  EXPECT_TRUE(heap_subtype(m, ht(s), ht(K::Eq)));
  EXPECT_TRUE(heap_subtype(m, ht(s), ht(K::Any)));
  EXPECT_FALSE(heap_subtype(m, ht(s), ht(K::Array)));
  EXPECT_FALSE(heap_subtype(m, ht(s), ht(K::Func)));
  EXPECT_TRUE(heap_subtype(m, ht(a), ht(K::Array)));
  EXPECT_TRUE(heap_subtype(m, ht(a), ht(K::Any)));
  EXPECT_FALSE(heap_subtype(m, ht(a), ht(K::Struct)));
  EXPECT_FALSE(heap_subtype(m, ht(a), ht(K::I31)));
  EXPECT_TRUE(heap_subtype(m, ht(f), ht(K::Func)));
  EXPECT_FALSE(heap_subtype(m, ht(f), ht(K::Any)));
  // Bottoms below concrete types of their own hierarchy only.
  EXPECT_TRUE(heap_subtype(m, ht(K::None), ht(s)));
  EXPECT_TRUE(heap_subtype(m, ht(K::None), ht(a)));
  EXPECT_FALSE(heap_subtype(m, ht(K::None), ht(f)));
  EXPECT_TRUE(heap_subtype(m, ht(K::NoFunc), ht(f)));
  EXPECT_FALSE(heap_subtype(m, ht(K::NoFunc), ht(s)));
  EXPECT_FALSE(heap_subtype(m, ht(K::NoExtern), ht(s)));
  // Abstract types are never below concrete ones.
  EXPECT_FALSE(heap_subtype(m, ht(K::Struct), ht(s)));
  EXPECT_FALSE(heap_subtype(m, ht(K::Func), ht(f)));
  // Unrelated concrete types.
  EXPECT_FALSE(heap_subtype(m, ht(s), ht(a)));
  EXPECT_FALSE(heap_subtype(m, ht(f), ht(s)));
}

TEST(Subtyping, HierarchyTopsAndBottoms) {
  ir::Module m;
  uint32_t s = type(m, struct_t({}));
  uint32_t f = type(m, func_t({}, {}));
  EXPECT_EQ(top_heap(m, ht(s)), K::Any);
  EXPECT_EQ(top_heap(m, ht(f)), K::Func);
  EXPECT_EQ(top_heap(m, ht(K::I31)), K::Any);
  EXPECT_EQ(top_heap(m, ht(K::NoExtern)), K::Extern);
  EXPECT_EQ(top_heap(m, ht(K::NoExn)), K::Exn);
  EXPECT_EQ(bottom_heap(m, ht(s)), K::None);
  EXPECT_EQ(bottom_heap(m, ht(f)), K::NoFunc);
  EXPECT_EQ(bottom_heap(m, ht(K::Extern)), K::NoExtern);
  EXPECT_EQ(top_heap(m, ht(99)), K::Bot);
}

TEST(Subtyping, DeclaredChainStruct) {
  // type-subtyping.wast: $e0 <: $e1 <: ... <: $e5 chain of structs.
  ir::Module m;
  uint32_t e0 = type(m, sub(struct_t({})));
  uint32_t e1 = type(m, sub(struct_t({}), {e0}));
  uint32_t e2 = type(m, sub(struct_t({fld(ir::kI32)}), {e1}));
  uint32_t e3 = type(m, sub(struct_t({fld(ir::kI32), fld(ref(e0, true))}), {e2}));
  uint32_t e4 =
      type(m, sub(struct_t({fld(ir::kI32), fld(ref(e0)), fld(ir::kI64, true)}), {e3}));
  uint32_t e5 =
      type(m, sub(struct_t({fld(ir::kI32), fld(ref(e1)), fld(ir::kI64, true)}), {e4}));
  TypeCanon c(m);
  const uint32_t chain[] = {e0, e1, e2, e3, e4, e5};
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      EXPECT_EQ(heap_subtype(m, c, ht(chain[i]), ht(chain[j])), i >= j) << i << " " << j;
  // Declared subtypes also satisfy the structural rule.
  for (int i = 1; i < 6; ++i)
    EXPECT_TRUE(comp_subtype(m, c, m.types[chain[i]].comp, m.types[chain[i - 1]].comp));
  // e0 and e1 have the same structure but are distinct types (different supertypes).
  EXPECT_FALSE(c.same(e0, e1));
}

TEST(Subtyping, FuncSubtypingIsContraCovariant) {
  // type-subtyping.wast: $f1 <: ... chain with params contravariant, results covariant.
  ir::Module m;
  uint32_t s = type(m, sub(struct_t({})));
  uint32_t s2 = type(m, sub(struct_t({}), {s}));
  uint32_t f1 = type(m, sub(func_t({ref(s2)}, {ref(K::Any, true)})));
  uint32_t f2 = type(m, sub(func_t({ref(s)}, {ref(K::Any)}), {f1}));
  uint32_t f3 = type(m, sub(func_t({ref(s, true)}, {ref(s)}), {f2}));
  uint32_t f4 = type(m, sub(func_t({ref(K::Struct, true)}, {ref(s2)}), {f3}));
  TypeCanon c(m);
  const uint32_t fs[] = {f1, f2, f3, f4};
  for (int i = 1; i < 4; ++i)
    EXPECT_TRUE(comp_subtype(m, c, m.types[fs[i]].comp, m.types[fs[i - 1]].comp)) << i;
  // Reversed directions fail.
  EXPECT_FALSE(comp_subtype(m, c, m.types[f1].comp, m.types[f2].comp));
  // Arity must match: (func) vs (func (param i32)).
  uint32_t g0 = type(m, sub(func_t({}, {})));
  uint32_t g1 = type(m, sub(func_t({ir::kI32}, {}), {g0}));
  TypeCanon c2(m);
  EXPECT_FALSE(comp_subtype(m, c2, m.types[g1].comp, m.types[g0].comp));
}

TEST(Subtyping, FieldMutabilityRules) {
  ir::Module m;
  TypeCanon c(m);
  auto any = ref(K::Any), none = ref(K::None);
  // Immutable: covariant.
  EXPECT_TRUE(field_subtype(m, c, fld(none), fld(any)));
  EXPECT_FALSE(field_subtype(m, c, fld(any), fld(none)));
  // Mutable: invariant.
  EXPECT_FALSE(field_subtype(m, c, fld(none, true), fld(any, true)));
  EXPECT_FALSE(field_subtype(m, c, fld(any, true), fld(none, true)));
  EXPECT_TRUE(field_subtype(m, c, fld(any, true), fld(any, true)));
  // Mutability must agree.
  EXPECT_FALSE(field_subtype(m, c, fld(any, true), fld(any)));
  EXPECT_FALSE(field_subtype(m, c, fld(any), fld(any, true)));
  // Packed types match only themselves.
  auto i8 = ir::ValType::num(ir::ValKind::I8), i16 = ir::ValType::num(ir::ValKind::I16);
  EXPECT_TRUE(field_subtype(m, c, fld(i8), fld(i8)));
  EXPECT_FALSE(field_subtype(m, c, fld(i8), fld(i16)));
  EXPECT_FALSE(field_subtype(m, c, fld(i8), fld(ir::kI32)));
}

TEST(Subtyping, StructWidthSubtyping) {
  ir::Module m;
  TypeCanon c(m);
  ir::CompType wide = struct_t({fld(ir::kI32), fld(ir::kI64)}).comp;
  ir::CompType narrow = struct_t({fld(ir::kI32)}).comp;
  ir::CompType other = struct_t({fld(ir::kI64)}).comp;
  EXPECT_TRUE(comp_subtype(m, c, wide, narrow));
  EXPECT_FALSE(comp_subtype(m, c, narrow, wide));
  EXPECT_FALSE(comp_subtype(m, c, other, narrow));
  EXPECT_FALSE(comp_subtype(m, c, narrow, array_t(fld(ir::kI32)).comp));
}

// ---- iso-recursive equivalence ---------------------------------------------------------

TEST(TypeCanon, SimpleStructuralEquality) {
  // type-equivalence.wast "Simple types" and "Indirect types".
  ir::Module m;
  uint32_t t1 = type(m, func_t({ir::kF32, ir::kF32}, {ir::kF32}));
  uint32_t t2 = type(m, func_t({ir::kF32, ir::kF32}, {ir::kF32}));
  uint32_t s0 = type(m, func_t({ir::kI32}, {ir::kF32}));
  uint32_t s1 = type(m, func_t({ir::kI32, ref(s0)}, {ref(s0)}));
  uint32_t s2 = type(m, func_t({ir::kI32, ref(s0)}, {ref(s0)}));
  uint32_t u1 = type(m, func_t({ref(s1)}, {ref(s2)}));
  uint32_t u2 = type(m, func_t({ref(s2)}, {ref(s1)}));
  TypeCanon c(m);
  EXPECT_TRUE(c.same(t1, t2));
  EXPECT_TRUE(c.same(s1, s2));
  EXPECT_TRUE(c.same(u1, u2));
  EXPECT_FALSE(c.same(t1, s0));
  EXPECT_TRUE(heap_subtype(m, c, ht(u1), ht(u2)));
  EXPECT_TRUE(heap_subtype(m, ht(u2), ht(u1)));  // convenience form builds its own canon
}

TEST(TypeCanon, SelfRecursiveSingletons) {
  // type-equivalence.wast "Recursive types": with and without explicit `rec`.
  ir::Module m;
  uint32_t a = rec(m, {func_t({ir::kI32, ref(0)}, {})});
  uint32_t b = rec(m, {func_t({ir::kI32, ref(1)}, {})});
  uint32_t x = type(m, func_t({ir::kI32, ref(2)}, {}));
  uint32_t y = type(m, func_t({ir::kI32, ref(3)}, {}));
  TypeCanon c(m);
  EXPECT_TRUE(c.same(a, b));
  EXPECT_TRUE(c.same(a, x));
  EXPECT_TRUE(c.same(x, y));
}

TEST(TypeCanon, IsomorphicRecGroups) {
  // type-equivalence.wast "Isomorphic recursive types".
  ir::Module m;
  uint32_t t0 = rec(m, {func_t({ir::kI32, ref(1)}, {}), func_t({ir::kI32, ref(0)}, {})});
  uint32_t t2 = rec(m, {func_t({ir::kI32, ref(3)}, {}), func_t({ir::kI32, ref(2)}, {})});
  TypeCanon c(m);
  EXPECT_TRUE(c.same(t0, t2));
  EXPECT_TRUE(c.same(t0 + 1, t2 + 1));
  EXPECT_FALSE(c.same(t0, t0 + 1));  // same shape, different position in the group
  EXPECT_FALSE(c.same(t0, t2 + 1));
}

TEST(TypeCanon, RecGroupsWithOuterReferences) {
  // type-rec.wast "Static matching of recursive types".
  ir::Module m;
  // (rec (type $f1 (func)) (type (struct (field (ref $f1)))))
  uint32_t f1 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
  // (rec (type $f2 (func)) (type (struct (field (ref $f2)))))
  uint32_t f2 = rec(m, {func_t({}, {}), struct_t({fld(ref(2))})});
  // (rec (type $f3 (func)) (type (struct (field (ref $f1)))))  -- outer reference
  uint32_t f3 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
  // g1/g2 reference $f1 and $f2 in swapped order, which is fine because f1 == f2.
  uint32_t g1 = rec(m, {func_t({}, {}), struct_t({fld(ref(f1)), fld(ref(f1)), fld(ref(f2)),
                                                 fld(ref(f2)), fld(ref(6))})});
  uint32_t g2 = rec(m, {func_t({}, {}), struct_t({fld(ref(f1)), fld(ref(f2)), fld(ref(f1)),
                                                 fld(ref(f2)), fld(ref(8))})});
  TypeCanon c(m);
  EXPECT_TRUE(c.same(f1, f2));
  EXPECT_FALSE(c.same(f1, f3));  // inner vs outer reference differ
  EXPECT_FALSE(c.same(f2, f3));
  EXPECT_TRUE(c.same(g1, g2));
  EXPECT_TRUE(c.same(g1 + 1, g2 + 1));
}

TEST(TypeCanon, ChainOfOuterReferences) {
  // type-rec.wast: $f0 / $f1 / $f2 where $f1 refers to $f0 and $f2 to $f1.
  ir::Module m;
  uint32_t f0 = rec(m, {func_t({}, {}), struct_t({fld(ref(0))})});
  uint32_t f1 = rec(m, {func_t({}, {}), struct_t({fld(ref(f0))})});
  uint32_t f2 = rec(m, {func_t({}, {}), struct_t({fld(ref(f1))})});
  TypeCanon c(m);
  EXPECT_FALSE(c.same(f1, f2));
  EXPECT_FALSE(c.same(f0, f1));
  EXPECT_FALSE(heap_subtype(m, c, ht(f2), ht(f1)));
}

TEST(TypeCanon, PositionAndSizeMatter) {
  // type-rec.wast: (rec (func) (struct)) vs (rec (struct) (func)) vs (rec (func) (struct) (func))
  // vs (rec (func)).
  ir::Module m;
  uint32_t a = rec(m, {func_t({}, {}), struct_t({})});
  uint32_t b = rec(m, {struct_t({}), func_t({}, {})});
  uint32_t d = rec(m, {func_t({}, {}), struct_t({}), func_t({}, {})});
  uint32_t e = rec(m, {func_t({}, {})});
  uint32_t f = type(m, func_t({}, {}));
  TypeCanon c(m);
  EXPECT_FALSE(c.same(a, b + 1));
  EXPECT_FALSE(c.same(a, d));
  EXPECT_FALSE(c.same(a, e));
  EXPECT_TRUE(c.same(e, f));  // `(rec (type (func)))` is the same as `(type (func))`
  EXPECT_FALSE(heap_subtype(m, c, ht(b + 1), ht(a)));
}

TEST(TypeCanon, FinalityAndSupertypesAreStructure) {
  ir::Module m;
  uint32_t plain = type(m, func_t({}, {}));
  uint32_t fin = type(m, sub_final(func_t({}, {})));
  uint32_t open = type(m, sub(func_t({}, {})));
  uint32_t open2 = type(m, sub(func_t({}, {})));
  uint32_t child = type(m, sub(func_t({}, {}), {open}));
  uint32_t child2 = type(m, sub(func_t({}, {}), {open2}));
  TypeCanon c(m);
  EXPECT_TRUE(c.same(plain, fin));
  EXPECT_FALSE(c.same(plain, open));
  EXPECT_TRUE(c.same(open, open2));
  EXPECT_FALSE(c.same(open, child));
  EXPECT_TRUE(c.same(child, child2));  // supertypes compared by identity
  EXPECT_TRUE(heap_subtype(m, c, ht(child), ht(open2)));
  EXPECT_FALSE(heap_subtype(m, c, ht(plain), ht(open)));
}

TEST(TypeCanon, SubtypingThroughEquivalentSupertypes) {
  // type-subtyping.wast lines 139-160: $g2 <: $f2 and $f2 == $f1 make $g2 <: $g1 only when
  // the whole groups are equivalent.
  {
    ir::Module m;
    uint32_t f1 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(0))})});
    uint32_t f2 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(f1))})});  // outer ref
    uint32_t g1 = rec(m, {sub(func_t({}, {}), {f1}), struct_t({})});
    uint32_t g2 = rec(m, {sub(func_t({}, {}), {f2}), struct_t({})});
    TypeCanon c(m);
    EXPECT_FALSE(c.same(f1, f2));
    EXPECT_FALSE(heap_subtype(m, c, ht(g2), ht(g1)));  // assert_invalid "type mismatch"
    EXPECT_TRUE(heap_subtype(m, c, ht(g2), ht(f2)));
  }
  {
    ir::Module m;
    uint32_t f1 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(0))})});
    uint32_t f2 = rec(m, {sub(func_t({}, {})), struct_t({fld(ref(2))})});
    uint32_t g1 = rec(m, {sub(func_t({}, {}), {f1}), struct_t({})});
    uint32_t g2 = rec(m, {sub(func_t({}, {}), {f2}), struct_t({})});
    TypeCanon c(m);
    EXPECT_TRUE(c.same(f1, f2));
    EXPECT_TRUE(c.same(g1, g2));
    EXPECT_TRUE(heap_subtype(m, c, ht(g2), ht(g1)));
    EXPECT_TRUE(heap_subtype(m, c, ht(g2), ht(f1)));
  }
}

TEST(TypeCanon, SubtypeWithinRecGroups) {
  // type-subtyping.wast lines 205-224.
  {
    // (rec (type $f11 (sub (func))) (type $f12 (sub $f11 (func))))
    // (rec (type $f21 (sub (func))) (type $f22 (sub $f11 (func))))
    ir::Module m;
    uint32_t f11 = rec(m, {sub(func_t({}, {})), sub(func_t({}, {}), {0})});
    uint32_t f21 = rec(m, {sub(func_t({}, {})), sub(func_t({}, {}), {f11})});
    TypeCanon c(m);
    EXPECT_FALSE(c.same(f11, f21));
    EXPECT_FALSE(heap_subtype(m, c, ht(f21), ht(f11)));
    EXPECT_TRUE(heap_subtype(m, c, ht(f21 + 1), ht(f11)));
    EXPECT_FALSE(heap_subtype(m, c, ht(f21 + 1), ht(f11 + 1)));
  }
  {
    // type-subtyping.wast lines 194-203: recursive supertypes in equivalent groups.
    ir::Module m;
    uint32_t f11 = rec(m, {sub(func_t({}, {ref(K::Func)})), sub(func_t({}, {ref(0)}), {0})});
    uint32_t f21 = rec(m, {sub(func_t({}, {ref(K::Func)})), sub(func_t({}, {ref(2)}), {2})});
    uint32_t g11 =
        rec(m, {sub(func_t({}, {ref(K::Func)}), {f11}), sub(func_t({}, {ref(4)}), {4})});
    uint32_t g21 =
        rec(m, {sub(func_t({}, {ref(K::Func)}), {f21}), sub(func_t({}, {ref(6)}), {6})});
    TypeCanon c(m);
    EXPECT_TRUE(c.same(f11, f21));
    EXPECT_TRUE(c.same(f11 + 1, f21 + 1));
    EXPECT_TRUE(c.same(g11 + 1, g21 + 1));
    EXPECT_TRUE(heap_subtype(m, c, ht(g11 + 1), ht(f21)));
    EXPECT_TRUE(heap_subtype(m, c, ht(g11 + 1), ht(g21)));
    EXPECT_TRUE(heap_subtype(m, c, ht(g11 + 1), ht(f21 + 1)) == false);
    EXPECT_TRUE(heap_subtype(m, c, ht(g11), ht(f21)));
  }
}

TEST(TypeCanon, LargerCyclicGroup) {
  // type-canon.wast: two five-type groups that are equal, the second a reordering-free copy.
  auto build = [](ir::Module& m) {
    uint32_t b = uint32_t(m.types.size());
    return rec(m, {func_t({ir::kI32, ref(b + 2), ref(b + 3)}, {}),
                   func_t({ir::kI32, ref(b + 0), ir::kI32, ref(b + 4)}, {}),
                   func_t({ir::kI32, ref(b + 2), ref(b + 1)}, {}),
                   func_t({ir::kI32, ref(b + 2), ir::kI32, ref(b + 4)}, {}),
                   func_t({ref(b + 0), ref(b + 2)}, {})});
  };
  ir::Module m;
  uint32_t a = build(m);
  uint32_t b = build(m);
  TypeCanon c(m);
  for (uint32_t k = 0; k < 5; ++k) {
    EXPECT_TRUE(c.same(a + k, b + k));
    for (uint32_t j = 0; j < 5; ++j)
      if (j != k) {
        EXPECT_FALSE(c.same(a + k, b + j));
      }
  }
}

TEST(TypeCanon, SharedInternerGivesCrossModuleIds) {
  auto interner = std::make_shared<TypeInterner>();
  ir::Module m1, m2;
  rec(m1, {struct_t({fld(ir::kI32)})});
  uint32_t a1 = rec(m1, {sub(func_t({}, {})), struct_t({fld(ref(1))})});
  uint32_t x = type(m2, array_t(fld(ir::kF64)));
  uint32_t a2 = rec(m2, {sub(func_t({}, {})), struct_t({fld(ref(1))})});
  uint32_t c2 = type(m2, sub(func_t({}, {}), {a2}));
  TypeCanon c1(m1, interner), cc2(m2, interner);
  EXPECT_EQ(c1.id(a1), cc2.id(a2));
  EXPECT_EQ(c1.id(a1 + 1), cc2.id(a2 + 1));
  EXPECT_NE(c1.id(0), cc2.id(x));
  // Canonical supertype chains work across modules.
  EXPECT_TRUE(interner->is_subtype(cc2.id(c2), c1.id(a1)));
  EXPECT_FALSE(interner->is_subtype(c1.id(a1), cc2.id(c2)));
  EXPECT_EQ(interner->info(cc2.id(c2)).depth, 1u);
  EXPECT_EQ(interner->info(cc2.id(c2)).super, c1.id(a1));
  EXPECT_FALSE(interner->info(c1.id(a1)).final);
  EXPECT_EQ(interner->info(c1.id(a1) + 1).kind, ir::CompKind::Struct);
  // Interning the same module again adds nothing.
  uint32_t before = interner->size();
  TypeCanon again(m1, interner);
  EXPECT_EQ(interner->size(), before);
  EXPECT_EQ(again.id(a1), c1.id(a1));
}

TEST(TypeCanon, InternerChunksAndLongChains) {
  // 300 types in one chain cross several storage chunks of the interner.
  ir::Module m;
  type(m, sub(struct_t({})));
  for (uint32_t i = 1; i < 300; ++i) {
    std::vector<ir::FieldType> fields(i, fld(ir::kI32));
    type(m, sub(struct_t(fields), {i - 1}));
  }
  TypeCanon c(m);
  const TypeInterner& in = *c.interner();
  EXPECT_EQ(in.size(), 300u);
  EXPECT_TRUE(in.is_subtype(c.id(299), c.id(0)));
  EXPECT_TRUE(in.is_subtype(c.id(200), c.id(63)));
  EXPECT_FALSE(in.is_subtype(c.id(63), c.id(200)));
  EXPECT_EQ(in.info(c.id(299)).depth, 299u);
  EXPECT_EQ(in.info(c.id(130)).super, c.id(129));
  EXPECT_TRUE(heap_subtype(m, c, ht(250), ht(1)));
}

TEST(TypeCanon, ConcurrentInterning) {
  auto interner = std::make_shared<TypeInterner>();
  auto build = [](uint32_t salt) {
    ir::Module m;
    // A shared prefix of groups, then groups specific to `salt`.
    for (uint32_t i = 0; i < 50; ++i) {
      std::vector<ir::FieldType> fields(i % 7, fld(ir::kI64));
      rec(m, {sub(struct_t(fields)), func_t({ref(uint32_t(m.types.size()), true)}, {})});
    }
    for (uint32_t i = 0; i < 50; ++i)
      type(m, array_t(fld(i % 2 ? ir::kF32 : ir::kF64, salt % 2 == 0), true));
    return m;
  };
  std::vector<ir::Module> mods;
  for (uint32_t t = 0; t < 4; ++t) mods.push_back(build(t));
  std::vector<std::vector<uint32_t>> ids(4);
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep) {
        TypeCanon c(mods[t], interner);
        ids[t].assign(c.size(), 0);
        for (uint32_t i = 0; i < c.size(); ++i) {
          ids[t][i] = c.id(i);
          (void)interner->is_subtype(c.id(i), c.id(0));
        }
      }
    });
  for (auto& th : threads) th.join();
  for (uint32_t i = 0; i < 100; ++i) EXPECT_EQ(ids[0][i], ids[1][i]);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_EQ(ids[1], ids[3]);
  EXPECT_NE(ids[0][100], ids[1][100]);
}

TEST(TypeCanon, GroupsWithoutRecList) {
  ir::Module m;
  m.types.push_back(func_t({}, {}));
  m.types.push_back(func_t({}, {}));
  TypeCanon c(m);
  EXPECT_TRUE(c.groups_ok());
  EXPECT_EQ(c.groups().size(), 2u);
  EXPECT_TRUE(c.same(0, 1));
  // Bad group lists are flagged but still canonicalised.
  m.rec_groups.push_back(ir::RecGroup{1, 1, true});
  TypeCanon bad(m);
  EXPECT_FALSE(bad.groups_ok());
  EXPECT_EQ(bad.size(), 2u);
}

TEST(TypeCanon, EmptyRecGroupsAreSkipped) {
  ir::Module m;
  m.rec_groups.push_back(ir::RecGroup{0, 0, true});
  type(m, func_t({}, {}));
  TypeCanon c(m);
  EXPECT_TRUE(c.groups_ok());
  EXPECT_EQ(c.group_of(0).count, 1u);
}

TEST(Subtyping, RobustOnInvalidModules) {
  ir::Module m;
  // A supertype cycle (invalid: supertypes must precede) and out-of-range references.
  type(m, sub(func_t({}, {}), {1}));
  type(m, sub(func_t({ref(7)}, {}), {0}));
  type(m, sub(struct_t({fld(ref(42))}), {2}));
  TypeCanon c(m);
  EXPECT_FALSE(heap_subtype(m, c, ht(0), ht(2)));
  EXPECT_TRUE(heap_subtype(m, c, ht(1), ht(0)));
  EXPECT_FALSE(heap_subtype(m, c, ht(2), ht(0)));
  EXPECT_FALSE(heap_subtype(m, c, ht(5), ht(K::Any)));
  EXPECT_FALSE(heap_subtype(m, c, ht(K::None), ht(5)));
  EXPECT_FALSE(heap_subtype(m, c, ht(0), ht(5)));
  EXPECT_FALSE(c.same(5, 5));
  EXPECT_EQ(c.id(5), kNoType);
  EXPECT_FALSE(c.interner()->is_subtype(c.id(0), c.id(2)));
}

}  // namespace
}  // namespace skiff::valid
