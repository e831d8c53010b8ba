#include "eval.h"

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ir/instr.h"
#include "support/bytes.h"

namespace skiff::semtest {
namespace {

using ir::Op;
using ir::ValKind;
using sem::TrapKind;
using sem::V128;

using Stack = std::vector<Val>;

template <class T>
constexpr ValKind kind_of() {
  if constexpr (std::is_same_v<T, uint32_t>)
    return ValKind::I32;
  else if constexpr (std::is_same_v<T, uint64_t>)
    return ValKind::I64;
  else if constexpr (std::is_same_v<T, float>)
    return ValKind::F32;
  else if constexpr (std::is_same_v<T, double>)
    return ValKind::F64;
  else {
    static_assert(std::is_same_v<T, V128>);
    return ValKind::V128;
  }
}

template <class T>
T get(const Val& v) {
  if constexpr (std::is_same_v<T, uint32_t>)
    return uint32_t(v.bits);
  else if constexpr (std::is_same_v<T, uint64_t>)
    return v.bits;
  else if constexpr (std::is_same_v<T, float>)
    return sem::f32_from_bits(uint32_t(v.bits));
  else if constexpr (std::is_same_v<T, double>)
    return sem::f64_from_bits(v.bits);
  else
    return v.v;
}

template <class T>
void push(Stack& st, T x) {
  Val v;
  v.kind = kind_of<T>();
  if constexpr (std::is_same_v<T, uint32_t>)
    v.bits = x;
  else if constexpr (std::is_same_v<T, uint64_t>)
    v.bits = x;
  else if constexpr (std::is_same_v<T, float>)
    v.bits = sem::f32_bits(x);
  else if constexpr (std::is_same_v<T, double>)
    v.bits = sem::f64_bits(x);
  else
    v.v = x;
  st.push_back(v);
}
void push(Stack& st, sem::I128 x) {  // wide arithmetic: two i64 results (lo, hi)
  push<uint64_t>(st, x.lo);
  push<uint64_t>(st, x.hi);
}

enum class Step : uint8_t { Ok, Trap, Bad };

// Checks that the top n stack values have the kinds of Args... (deepest first).
template <class... Args, size_t... I>
bool kinds_match(const Stack& st, std::index_sequence<I...>) {
  constexpr size_t n = sizeof...(Args);
  if (st.size() < n) return false;
  size_t base = st.size() - n;
  return ((st[base + I].kind == kind_of<Args>()) && ...);
}

template <class R, class... A, size_t... I>
Step apply_pure(Stack& st, R (*f)(A...), std::index_sequence<I...> seq) {
  if (!kinds_match<std::decay_t<A>...>(st, seq)) return Step::Bad;
  size_t base = st.size() - sizeof...(A);
  R r = f(get<std::decay_t<A>>(st[base + I])...);
  st.resize(base);
  push(st, r);
  return Step::Ok;
}

template <class... A, size_t... I>
Step apply_trapping(Stack& st, TrapKind (*f)(A...), std::index_sequence<I...> seq, TrapKind* trap) {
  using All = std::tuple<A...>;
  using Out = std::remove_reference_t<std::tuple_element_t<sizeof...(A) - 1, All>>;
  if (!kinds_match<std::decay_t<std::tuple_element_t<I, All>>...>(st, seq)) return Step::Bad;
  size_t base = st.size() - sizeof...(I);
  Out out{};
  TrapKind t = f(get<std::decay_t<std::tuple_element_t<I, All>>>(st[base + I])..., out);
  if (t != TrapKind::None) {
    *trap = t;
    return Step::Trap;
  }
  st.resize(base);
  push(st, out);
  return Step::Ok;
}

// The semantics functions are always_inline; calling them through a function
// pointer makes GCC fail at some optimisation levels ("indirect function call with
// a yet undetermined callee"). Thunk<&sem::f>::call is an ordinary function with
// f's signature that calls f directly.
template <auto F>
struct Thunk;
template <class R, class... A, R (*F)(A...)>
struct Thunk<F> {
  static R call(A... a) { return F(a...); }
};

// Pops the operands of f from the stack (typed by f's parameters), pushes its result.
// A function returning TrapKind takes its result by reference as the last parameter.
template <class R, class... A>
Step apply(Stack& st, R (*f)(A...), TrapKind* trap) {
  if constexpr (std::is_same_v<R, TrapKind>) {
    return apply_trapping(st, f, std::make_index_sequence<sizeof...(A) - 1>{}, trap);
  } else {
    return apply_pure(st, f, std::make_index_sequence<sizeof...(A)>{});
  }
}

template <class R>
Step lane_extract(Stack& st, R (*f)(V128, unsigned), unsigned lane) {
  if (st.empty() || st.back().kind != ValKind::V128) return Step::Bad;
  V128 v = st.back().v;
  st.pop_back();
  push(st, f(v, lane));
  return Step::Ok;
}

template <class T>
Step lane_replace(Stack& st, V128 (*f)(V128, unsigned, T), unsigned lane) {
  if (st.size() < 2 || st[st.size() - 2].kind != ValKind::V128 || st.back().kind != kind_of<T>())
    return Step::Bad;
  T x = get<T>(st.back());
  V128 v = st[st.size() - 2].v;
  st.resize(st.size() - 2);
  push(st, f(v, lane, x));
  return Step::Ok;
}

// One numeric/SIMD instruction. Step::Bad: not handled (or ill-typed stack).
Step eval_op(const ir::Instr& in, Stack& st, TrapKind* trap) {
  switch (in.op) {
#define SKIFF_CASE(op, fn) \
  case Op::op:             \
    return apply(st, &Thunk<&sem::fn>::call, trap);
    SKIFF_SEM_TEST_OPS(SKIFF_CASE)
#undef SKIFF_CASE
    case Op::I8x16Shuffle: {
      if (st.size() < 2 || st.back().kind != ValKind::V128 ||
          st[st.size() - 2].kind != ValKind::V128)
        return Step::Bad;
      V128 idx{};
      for (int i = 0; i < 16; ++i) idx.bytes[i] = in.v128[i];
      V128 b = st.back().v;
      V128 a = st[st.size() - 2].v;
      st.resize(st.size() - 2);
      push(st, sem::i8x16_shuffle(a, b, idx));
      return Step::Ok;
    }
    case Op::I8x16ExtractLaneS:
      return lane_extract(st, &Thunk<&sem::i8x16_extract_lane_s>::call, in.a);
    case Op::I8x16ExtractLaneU:
      return lane_extract(st, &Thunk<&sem::i8x16_extract_lane_u>::call, in.a);
    case Op::I16x8ExtractLaneS:
      return lane_extract(st, &Thunk<&sem::i16x8_extract_lane_s>::call, in.a);
    case Op::I16x8ExtractLaneU:
      return lane_extract(st, &Thunk<&sem::i16x8_extract_lane_u>::call, in.a);
    case Op::I32x4ExtractLane:
      return lane_extract(st, &Thunk<&sem::i32x4_extract_lane>::call, in.a);
    case Op::I64x2ExtractLane:
      return lane_extract(st, &Thunk<&sem::i64x2_extract_lane>::call, in.a);
    case Op::F32x4ExtractLane:
      return lane_extract(st, &Thunk<&sem::f32x4_extract_lane>::call, in.a);
    case Op::F64x2ExtractLane:
      return lane_extract(st, &Thunk<&sem::f64x2_extract_lane>::call, in.a);
    case Op::I8x16ReplaceLane:
      return lane_replace<uint32_t>(st, &Thunk<&sem::i8x16_replace_lane>::call, in.a);
    case Op::I16x8ReplaceLane:
      return lane_replace<uint32_t>(st, &Thunk<&sem::i16x8_replace_lane>::call, in.a);
    case Op::I32x4ReplaceLane:
      return lane_replace<uint32_t>(st, &Thunk<&sem::i32x4_replace_lane>::call, in.a);
    case Op::I64x2ReplaceLane:
      return lane_replace<uint64_t>(st, &Thunk<&sem::i64x2_replace_lane>::call, in.a);
    case Op::F32x4ReplaceLane:
      return lane_replace<float>(st, &Thunk<&sem::f32x4_replace_lane>::call, in.a);
    case Op::F64x2ReplaceLane:
      return lane_replace<double>(st, &Thunk<&sem::f64x2_replace_lane>::call, in.a);
    default:
      return Step::Bad;
  }
}

Val zero_of(ValKind k) {
  Val v;
  v.kind = k;
  return v;
}

}  // namespace

bool evaluator_supports(Op op) {
  switch (op) {
#define SKIFF_CASE(op, fn) case Op::op:
    SKIFF_SEM_TEST_OPS(SKIFF_CASE)
#undef SKIFF_CASE
#define SKIFF_CASE(op) case Op::op:
    SKIFF_SEM_TEST_LANE_OPS(SKIFF_CASE)
#undef SKIFF_CASE
    return true;
    default:
      return false;
  }
}

Outcome run_function(const ir::Module& m, uint32_t func_index, const std::vector<Val>& args) {
  Outcome out;
  auto unsupported = [&](std::string why) {
    out.kind = Outcome::Kind::Unsupported;
    out.why = std::move(why);
    return out;
  };
  if (func_index < m.num_imported_funcs) return unsupported("imported function");
  uint32_t def = func_index - m.num_imported_funcs;
  if (def >= m.funcs.size()) return unsupported("bad function index");
  const ir::Function& f = m.funcs[def];
  if (f.type_index >= m.types.size() || m.types[f.type_index].comp.kind != ir::CompKind::Func)
    return unsupported("bad type");
  const ir::FuncType& ft = m.types[f.type_index].comp.func;
  if (ft.params.size() != args.size()) return unsupported("argument count");
  Stack locals;
  for (size_t i = 0; i < args.size(); ++i) {
    if (ft.params[i].kind != args[i].kind) return unsupported("argument type");
    locals.push_back(args[i]);
  }
  for (const ir::LocalRun& run : f.locals) {
    ValKind k = run.type.kind;
    if (k != ValKind::I32 && k != ValKind::I64 && k != ValKind::F32 && k != ValKind::F64 &&
        k != ValKind::V128)
      return unsupported("non-numeric local");
    if (run.count > 4096 || locals.size() + run.count > 4096) return unsupported("too many locals");
    for (uint32_t i = 0; i < run.count; ++i) locals.push_back(zero_of(k));
  }

  Stack st;
  Reader r(f.body.bytes.data(), f.body.bytes.size());
  while (!r.at_end()) {
    ir::Instr in;
    if (!read_instr(r, &in).ok()) return unsupported("undecodable body");
    switch (in.op) {
      case Op::Nop:
        continue;
      case Op::End:
        if (!r.at_end()) return unsupported("block end");
        if (st.size() != ft.results.size()) return unsupported("result count");
        for (size_t i = 0; i < st.size(); ++i)
          if (st[i].kind != ft.results[i].kind) return unsupported("result type");
        out.kind = Outcome::Kind::Ok;
        out.results = std::move(st);
        return out;
      case Op::LocalGet:
        if (in.a >= locals.size()) return unsupported("local index");
        st.push_back(locals[in.a]);
        continue;
      case Op::LocalSet:
      case Op::LocalTee:
        if (in.a >= locals.size() || st.empty()) return unsupported("local index");
        locals[in.a] = st.back();
        if (in.op == Op::LocalSet) st.pop_back();
        continue;
      case Op::I32Const:
        push<uint32_t>(st, uint32_t(in.bits));
        continue;
      case Op::I64Const:
        push<uint64_t>(st, in.bits);
        continue;
      case Op::F32Const:
        st.push_back(Val{ValKind::F32, uint32_t(in.bits), {}});
        continue;
      case Op::F64Const:
        st.push_back(Val{ValKind::F64, in.bits, {}});
        continue;
      case Op::V128Const: {
        Val v = zero_of(ValKind::V128);
        for (int i = 0; i < 16; ++i) v.v.bytes[i] = in.v128[i];
        st.push_back(v);
        continue;
      }
      case Op::Drop:
        if (st.empty()) return unsupported("stack underflow");
        st.pop_back();
        continue;
      case Op::Select:
      case Op::SelectT: {
        if (st.size() < 3 || st.back().kind != ValKind::I32) return unsupported("select operands");
        bool c = uint32_t(st.back().bits) != 0;
        st.pop_back();
        Val b = st.back();
        st.pop_back();
        Val a = st.back();
        st.pop_back();
        st.push_back(c ? a : b);
        continue;
      }
      default:
        break;
    }
    TrapKind trap = TrapKind::None;
    out.ops.push_back(in.op);
    switch (eval_op(in, st, &trap)) {
      case Step::Ok:
        continue;
      case Step::Trap:
        out.kind = Outcome::Kind::Trap;
        out.trap = trap;
        return out;
      case Step::Bad:
        return unsupported(std::string(ir::op_name(in.op)));
    }
  }
  return unsupported("no end");
}

}  // namespace skiff::semtest
