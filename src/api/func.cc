// Func: host functions, calls from the host, Caller.
#include <exception>
#include <string>

#include "api/api_impl.h"
#include "runtime/instance.h"
#include "skiff/func.h"
#include "skiff/objects.h"
#include "skiff/store.h"

namespace skiff {
namespace detail {

static Val zero_of(const ir::ValType& t) {
  switch (t.kind) {
    case ir::ValKind::I32: return Val(int32_t(0));
    case ir::ValKind::I64: return Val(int64_t(0));
    case ir::ValKind::F32: return Val::f32_bits(0);
    case ir::ValKind::F64: return Val::f64_bits(0);
    case ir::ValKind::V128: return Val::v128({});
    default: return Val::null(kind_of(t));
  }
}

rt::Func* linker_host_func(StoreImpl* s, uint64_t id, const FuncType& type, const HostFunc& body) {
  rt::Func*& f = s->linker_funcs[id];
  if (!f) f = make_host_func(s, type, body);
  return f;
}

rt::Func* make_host_func(StoreImpl* s, const FuncType& type, HostFunc body) {
  ir::FuncType sig = to_rt(type);
  rt::HostCallback cb = [s, body = std::move(body), sig](rt::Caller& c, std::span<const rt::Val> args,
                                                        std::span<rt::Val> results) -> std::optional<rt::Trap> {
    Val in[16];
    std::vector<Val> in_big;
    Val* pin = in;
    if (args.size() > 16) {
      in_big.resize(args.size());
      pin = in_big.data();
    }
    for (size_t i = 0; i < args.size(); ++i) pin[i] = to_public(s, args[i]);
    Val out[16];
    std::vector<Val> out_big;
    Val* pout = out;
    if (results.size() > 16) {
      out_big.resize(results.size());
      pout = out_big.data();
    }
    for (size_t i = 0; i < results.size(); ++i) pout[i] = zero_of(sig.results[i]);
    Caller caller(s, c.instance);
    std::optional<Trap> t;
    // Nothing a host body throws may unwind through the wasm frames above it: it
    // becomes a Host trap here, and the interpreter's bookkeeping stays intact.
    try {
      t = body(caller, std::span<const Val>(pin, args.size()), std::span<Val>(pout, results.size()));
    } catch (const Trap& thrown) {
      t = thrown;
    } catch (const std::exception& e) {
      t = Trap(std::string("host function threw an exception: ") + e.what());
    } catch (...) {
      t = Trap("host function threw an exception that is not a std::exception");
    }
    if (t) {
      rt::Trap r = rt::make_host_trap(t->message());
      if (t->reason() != TrapReason::Host) r.kind = sem::TrapKind(uint8_t(t->reason()));
      return r;
    }
    for (size_t i = 0; i < results.size(); ++i) {
      if (auto err = to_rt_val(s, pout[i], sig.results[i], results[i]))
        return rt::make_host_trap("host function result " + std::to_string(i) + ": " + *err);
    }
    return std::nullopt;
  };
  return s->store.create_host_func(std::move(sig), std::move(cb));
}

}  // namespace detail

Func Func::create(Store& store, const FuncType& type, HostFunc body) {
  return Func(store.impl(), detail::make_host_func(store.impl(), type, std::move(body)));
}

FuncType Func::type() const {
  auto* f = static_cast<rt::Func*>(func_);
  return detail::to_public(*f->sig);
}

std::optional<Trap> Func::call_into(std::span<const Val> args, std::span<Val> results) const {
  auto* f = static_cast<rt::Func*>(func_);
  if (!f) return Trap("call of a null function");
  const ir::FuncType& sig = *f->sig;
  if (args.size() != sig.params.size())
    return Trap("expected " + std::to_string(sig.params.size()) + " arguments, got " +
                std::to_string(args.size()));
  if (results.size() != sig.results.size())
    return Trap("expected room for " + std::to_string(sig.results.size()) + " results, got " +
                std::to_string(results.size()));
  rt::Val in[16];
  std::vector<rt::Val> in_big;
  rt::Val* pin = in;
  if (args.size() > 16) {
    in_big.resize(args.size());
    pin = in_big.data();
  }
  for (size_t i = 0; i < args.size(); ++i)
    if (auto err = detail::to_rt_val(store_, args[i], sig.params[i], pin[i]))
      return Trap("argument " + std::to_string(i) + ": " + *err);
  std::vector<rt::Val> out;
  if (auto t = detail::invoke_from_host(store_, f, std::span<const rt::Val>(pin, args.size()), out))
    return detail::to_public(*t, store_->engine->config.backtrace_details);
  for (size_t i = 0; i < results.size(); ++i) results[i] = detail::to_public(store_, out[i]);
  return std::nullopt;
}

Result<std::vector<Val>, Trap> Func::call(std::span<const Val> args) const {
  auto* f = static_cast<rt::Func*>(func_);
  if (!f) return Trap("call of a null function");
  std::vector<Val> results(f->sig->results.size());
  if (auto t = call_into(args, results)) return std::move(*t);
  return results;
}

Val::Val(const Func& f) : Val() {
  kind_ = ValKind::FuncRef;
  store_ = f.store();
  uintptr_t bits = reinterpret_cast<uintptr_t>(f.raw());
  std::memcpy(bytes_, &bits, sizeof bits);
}

std::optional<Func> Val::as_funcref() const {
  if (kind_ != ValKind::FuncRef || ref_bits() == 0) return std::nullopt;
  return Func(store_, reinterpret_cast<void*>(ref_bits()));
}

std::optional<Memory> Caller::memory(uint32_t index) const {
  auto* inst = static_cast<rt::Instance*>(instance_);
  if (!inst || index >= inst->memories.size()) return std::nullopt;
  return Memory(store_, inst->memories[index]);
}

std::optional<Extern> Caller::get_export(std::string_view name) const {
  auto* inst = static_cast<rt::Instance*>(instance_);
  if (!inst) return std::nullopt;
  const rt::Extern* e = inst->find_export(name);
  if (!e) return std::nullopt;
  return detail::extern_of(store_, *e);
}

void* Caller::user_data() const { return store_->user_data; }

}  // namespace skiff
