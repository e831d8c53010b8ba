// skiff::Func (a function of a store), Caller (what a host function sees of its
// caller) and TypedFunc (a statically typed view of a Func).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "skiff/export.h"
#include "skiff/result.h"
#include "skiff/trap.h"
#include "skiff/types.h"
#include "skiff/val.h"

namespace skiff {

class Store;
class Memory;
class Extern;
class Caller;
template <class Sig>
class TypedFunc;

/// A host function's body: reads `args` (typed as declared), writes every entry of
/// `results` (preset to zero values of the declared types), and returns a Trap to
/// trap or nullopt to return normally. An exception never crosses the wasm frames:
/// a thrown skiff::Trap is that trap, any other exception becomes a Host trap whose
/// message names its what() ("host function threw an exception: ..."), and the
/// store stays usable.
using HostFunc =
    std::function<std::optional<Trap>(Caller& caller, std::span<const Val> args, std::span<Val> results)>;

/// A function (wasm or host) of one store; a handle valid while the store lives.
class SKIFF_API Func {
 public:
  /// A null handle (operator bool is false).
  Func() = default;
  /// A host function of `store` with an explicit type.
  static Func create(Store& store, const FuncType& type, HostFunc body);
  /// A host function of `store` from a C++ callable whose wasm type is deduced
  /// (see Linker::func for the accepted signatures).
  template <class F>
  static Func wrap(Store& store, F&& f);

  /// False for a null handle.
  explicit operator bool() const { return func_ != nullptr; }
  /// The function's type.
  FuncType type() const;
  /// Calls the function. Arguments must match the parameter types; a trap (or a
  /// mismatch, reported as a Host trap) is the error.
  Result<std::vector<Val>, Trap> call(std::span<const Val> args) const;
  Result<std::vector<Val>, Trap> call(std::initializer_list<Val> args) const {
    return call(std::span<const Val>(args.begin(), args.size()));
  }
  /// Calls with results written to `results` (sized to the result count).
  std::optional<Trap> call_into(std::span<const Val> args, std::span<Val> results) const;
  /// A typed view, e.g. func.typed<int32_t(int32_t, int32_t)>(); an Error when the
  /// signature does not match the function's type.
  template <class Sig>
  Result<TypedFunc<Sig>> typed() const;

  /// Internal: a handle on a runtime function of `store`.
  Func(detail::StoreImpl* store, void* func) : store_(store), func_(func) {}
  /// Internal: the owning store.
  detail::StoreImpl* store() const { return store_; }
  /// Internal: the runtime function.
  void* raw() const { return func_; }
  /// Same function?
  friend bool operator==(const Func& a, const Func& b) { return a.func_ == b.func_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* func_ = nullptr;
};

/// What a host function sees of the wasm code calling it: the calling instance's
/// exports (get_export) and memories (memory), and its store (context, user_data).
class SKIFF_API Caller {
 public:
  /// The calling instance's memory `index` (nullopt when called from the host or
  /// when there is none).
  std::optional<Memory> memory(uint32_t index = 0) const;
  /// An export of the calling instance by name.
  std::optional<Extern> get_export(std::string_view name) const;
  /// The store's embedder pointer (Store::set_user_data).
  void* user_data() const;
  /// The store the call runs in (fuel, interruption, WASI output, ... from inside a
  /// host function). Calling back into its wasm functions is allowed.
  Store& context() const;

  /// Internal: made by the runtime for each host call.
  Caller(detail::StoreImpl* store, void* instance) : store_(store), instance_(instance) {}
  /// Internal: the store of the call.
  detail::StoreImpl* store() const { return store_; }

 private:
  detail::StoreImpl* store_;
  void* instance_;
};

namespace detail {

// The wasm type of a C++ parameter/result type.
template <class T>
struct WasmType;
template <>
struct WasmType<int32_t> {
  static ValKind kind() { return ValKind::I32; }
  static int32_t get(const Val& v) { return v.as_i32(); }
  static Val make(int32_t x) { return Val(x); }
};
template <>
struct WasmType<uint32_t> {
  static ValKind kind() { return ValKind::I32; }
  static uint32_t get(const Val& v) { return uint32_t(v.as_i32()); }
  static Val make(uint32_t x) { return Val(int32_t(x)); }
};
template <>
struct WasmType<int64_t> {
  static ValKind kind() { return ValKind::I64; }
  static int64_t get(const Val& v) { return v.as_i64(); }
  static Val make(int64_t x) { return Val(x); }
};
template <>
struct WasmType<uint64_t> {
  static ValKind kind() { return ValKind::I64; }
  static uint64_t get(const Val& v) { return uint64_t(v.as_i64()); }
  static Val make(uint64_t x) { return Val(int64_t(x)); }
};
template <>
struct WasmType<float> {
  static ValKind kind() { return ValKind::F32; }
  static float get(const Val& v) { return v.as_f32(); }
  static Val make(float x) { return Val(x); }
};
template <>
struct WasmType<double> {
  static ValKind kind() { return ValKind::F64; }
  static double get(const Val& v) { return v.as_f64(); }
  static Val make(double x) { return Val(x); }
};
// Results: void, one value, a std::tuple of values, or Result<that, Trap>.
template <class R>
struct WasmResults {
  static void kinds(std::vector<ValType>& out) { out.push_back(ValType(WasmType<R>::kind())); }
  static void put(const R& r, std::span<Val> out) { out[0] = WasmType<R>::make(r); }
  static R get(std::span<const Val> in) { return WasmType<R>::get(in[0]); }
};
template <>
struct WasmResults<void> {
  static void kinds(std::vector<ValType>&) {}
};
template <class... T>
struct WasmResults<std::tuple<T...>> {
  static void kinds(std::vector<ValType>& out) { (out.push_back(ValType(WasmType<T>::kind())), ...); }
  static void put(const std::tuple<T...>& r, std::span<Val> out) {
    put_each(r, out, std::index_sequence_for<T...>{});
  }
  static std::tuple<T...> get(std::span<const Val> in) { return get_each(in, std::index_sequence_for<T...>{}); }
  template <size_t... I>
  static void put_each(const std::tuple<T...>& r, std::span<Val> out, std::index_sequence<I...>) {
    ((out[I] = WasmType<T>::make(std::get<I>(r))), ...);
  }
  template <size_t... I>
  static std::tuple<T...> get_each(std::span<const Val> in, std::index_sequence<I...>) {
    return std::tuple<T...>(WasmType<T>::get(in[I])...);
  }
};

template <class R>
struct IsTrapResult : std::false_type {};
template <class R>
struct IsTrapResult<Result<R, Trap>> : std::true_type {
  using Inner = R;
};

template <class F>
struct CallableSig : CallableSig<decltype(&std::decay_t<F>::operator())> {};
template <class C, class R, class... A>
struct CallableSig<R (C::*)(A...) const> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class C, class R, class... A>
struct CallableSig<R (C::*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A>
struct CallableSig<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A>
struct CallableSig<R(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};

template <class R, class F>
std::optional<Trap> store_results(F& invoke_body, std::span<Val> results) {
  (void)results;
  if constexpr (IsTrapResult<R>::value) {
    using Inner = typename IsTrapResult<R>::Inner;
    R r = invoke_body();
    if (!r.ok()) return std::move(r).error();
    if constexpr (!std::is_void_v<Inner>) WasmResults<Inner>::put(r.value(), results);
  } else if constexpr (std::is_void_v<R>) {
    invoke_body();
  } else {
    WasmResults<R>::put(invoke_body(), results);
  }
  return std::nullopt;
}

// F is a forwarding reference, never a by-value parameter: g++ 12 (12.2, ipa-modref
// with pure-const) takes `HostFunc wrap_args(F f)` for a const function whose
// argument's contents do not escape, although they are copied into the returned
// std::function; a lambda capturing a local by reference then has the caller's later
// stores to that local deleted (at -O1: CheckpointApi.StartFunctionDoesNotRunAgainOnResume
// saw ticks = 0 vanish; tests/api/api_host_capture_test.cc).
template <class F, class R, class... A, size_t... I>
HostFunc wrap_args(F&& f, std::index_sequence<I...>) {
  return [f = std::forward<F>(f)](Caller& caller, std::span<const Val> args,
                            std::span<Val> results) mutable -> std::optional<Trap> {
    (void)caller;
    (void)args;
    auto body = [&]() -> R {
      if constexpr (sizeof...(A) > 0 && std::is_same_v<std::tuple_element_t<0, std::tuple<A..., int>>, Caller&>)
        return f(caller, WasmType<std::decay_t<std::tuple_element_t<I + 1, std::tuple<A...>>>>::get(args[I])...);
      else
        return f(WasmType<std::decay_t<A>>::get(args[I])...);
    };
#if defined(__cpp_exceptions)
    try {
      return store_results<R>(body, results);
    } catch (const Trap& t) {
      return t;
    }
#else
    return store_results<R>(body, results);
#endif
  };
}

// A host function and its deduced type.
struct HostDef {
  FuncType type;
  HostFunc body;
};

template <class F, class R, class... A>
HostDef make_host_def(F&& f, std::tuple<A...>*) {
  constexpr bool with_caller =
      sizeof...(A) > 0 && std::is_same_v<std::tuple_element_t<0, std::tuple<A..., int>>, Caller&>;
  constexpr size_t n = sizeof...(A) - (with_caller ? 1 : 0);
  HostDef d;
  if constexpr (with_caller) {
    [&]<class First, class... Rest>(std::tuple<First, Rest...>*) {
      (d.type.params.push_back(ValType(WasmType<std::decay_t<Rest>>::kind())), ...);
    }(static_cast<std::tuple<A...>*>(nullptr));
  } else {
    (d.type.params.push_back(ValType(WasmType<std::decay_t<A>>::kind())), ...);
  }
  if constexpr (IsTrapResult<R>::value)
    WasmResults<typename IsTrapResult<R>::Inner>::kinds(d.type.results);
  else
    WasmResults<R>::kinds(d.type.results);
  d.body = wrap_args<F, R, A...>(std::forward<F>(f), std::make_index_sequence<n>{});
  return d;
}

// From a callable: parameters (optionally `Caller&` first) of types int32_t,
// uint32_t, int64_t, uint64_t, float, double; the result void, one of those, a
// std::tuple of them, or Result<that, Trap> to trap by returning a Trap. Throwing
// a skiff::Trap also traps (any other exception too: see HostFunc).
template <class F>
HostDef host_def(F&& f) {
  using Sig = CallableSig<std::remove_pointer_t<std::decay_t<F>>>;
  return make_host_def<F, typename Sig::Ret>(std::forward<F>(f), static_cast<typename Sig::Args*>(nullptr));
}

}  // namespace detail

/// A Func with a static C++ signature: R is void, a value type or a std::tuple of
/// them; the parameters are value types (int32_t, uint32_t, int64_t, uint64_t,
/// float, double).
template <class R, class... A>
class TypedFunc<R(A...)> {
 public:
  /// Wraps `f`, whose type must match (use Func::typed, which checks).
  explicit TypedFunc(Func f) : f_(f) {}
  /// Calls the function; its results, or the trap.
  Result<R, Trap> call(A... a) const {
    Val args[sizeof...(A) + 1] = {detail::WasmType<A>::make(a)...};
    constexpr size_t nres = result_count();
    Val results[nres + 1];
    if (std::optional<Trap> t = f_.call_into(std::span<const Val>(args, sizeof...(A)),
                                             std::span<Val>(results, nres)))
      return std::move(*t);
    if constexpr (std::is_void_v<R>)
      return Result<void, Trap>();
    else
      return detail::WasmResults<R>::get(std::span<const Val>(results, nres));
  }
  /// Same as call().
  Result<R, Trap> operator()(A... a) const { return call(a...); }
  /// The untyped function.
  const Func& func() const { return f_; }

  /// The wasm type this signature stands for.
  static FuncType type() {
    FuncType t;
    (t.params.push_back(ValType(detail::WasmType<A>::kind())), ...);
    detail::WasmResults<R>::kinds(t.results);
    return t;
  }

 private:
  static constexpr size_t result_count() {
    if constexpr (std::is_void_v<R>) return 0;
    else if constexpr (requires { std::tuple_size<R>::value; }) return std::tuple_size<R>::value;
    else return 1;
  }
  Func f_;
};

namespace detail {
// Do the kinds of `have` match those of `want`?
SKIFF_API bool signature_matches(const FuncType& have, const FuncType& want);
}

template <class Sig>
Result<TypedFunc<Sig>> Func::typed() const {
  FuncType want = TypedFunc<Sig>::type();
  FuncType have = type();
  if (!detail::signature_matches(have, want))
    return Error{"function type mismatch: the function is " + have.to_string() + ", the signature " +
                 want.to_string()};
  return TypedFunc<Sig>(*this);
}

template <class F>
Func Func::wrap(Store& store, F&& f) {
  detail::HostDef d = detail::host_def(std::forward<F>(f));
  return create(store, d.type, std::move(d.body));
}

}  // namespace skiff
