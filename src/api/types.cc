// Public <-> runtime conversions of types, values and traps.
#include <cstdio>
#include <cstring>

#include "api/api_impl.h"
#include "runtime/instance.h"
#include "skiff/func.h"

namespace skiff {

ValType::ValType(ValKind k) : kind(k), nullable(true) {
  switch (k) {
    case ValKind::I32: text = "i32"; break;
    case ValKind::I64: text = "i64"; break;
    case ValKind::F32: text = "f32"; break;
    case ValKind::F64: text = "f64"; break;
    case ValKind::V128: text = "v128"; break;
    case ValKind::FuncRef: text = "funcref"; break;
    case ValKind::ExternRef: text = "externref"; break;
    case ValKind::AnyRef: text = "anyref"; break;
    case ValKind::ExnRef: text = "exnref"; break;
  }
}

std::string FuncType::to_string() const {
  std::string s = "(";
  for (size_t i = 0; i < params.size(); ++i) s += (i ? ", " : "") + params[i].text;
  s += ") -> (";
  for (size_t i = 0; i < results.size(); ++i) s += (i ? ", " : "") + results[i].text;
  return s + ")";
}

std::string Trap::to_string() const {
  std::string s = message_;
  for (const TrapFrame& f : frames_) {
    s += "\n  at func[" + std::to_string(f.func_index) + "]";
    if (!f.func_name.empty()) s += " " + f.func_name;
    if (f.module_offset != TrapFrame::kNoOffset) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " (@0x%llx)", static_cast<unsigned long long>(f.module_offset));
      s += buf;
    }
    if (f.source_line) {
      s += "\n      at " + (f.source_file.empty() ? std::string("?") : f.source_file) + ":" +
           std::to_string(f.source_line);
      if (f.source_column) s += ":" + std::to_string(f.source_column);
    }
  }
  return s;
}

namespace detail {

bool signature_matches(const FuncType& have, const FuncType& want) {
  auto same = [](const std::vector<ValType>& a, const std::vector<ValType>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].kind != b[i].kind) return false;
    return true;
  };
  return same(have.params, want.params) && same(have.results, want.results);
}

ValKind kind_of(const ir::ValType& t) {
  switch (t.kind) {
    case ir::ValKind::I32: return ValKind::I32;
    case ir::ValKind::I64: return ValKind::I64;
    case ir::ValKind::F32: return ValKind::F32;
    case ir::ValKind::F64: return ValKind::F64;
    case ir::ValKind::V128: return ValKind::V128;
    default: break;
  }
  switch (t.heap.kind) {
    case ir::HeapKind::Func:
    case ir::HeapKind::NoFunc: return ValKind::FuncRef;
    case ir::HeapKind::Extern:
    case ir::HeapKind::NoExtern: return ValKind::ExternRef;
    case ir::HeapKind::Exn:
    case ir::HeapKind::NoExn: return ValKind::ExnRef;
    default: return ValKind::AnyRef;
  }
}

ValType to_public(const ir::ValType& t) {
  ValType r;
  r.kind = kind_of(t);
  r.nullable = !t.is_ref() || t.nullable;
  r.text = ir::to_string(t);
  return r;
}

FuncType to_public(const ir::FuncType& t) {
  FuncType r;
  for (const ir::ValType& p : t.params) r.params.push_back(to_public(p));
  for (const ir::ValType& p : t.results) r.results.push_back(to_public(p));
  return r;
}

static Limits to_public(const ir::Limits& l) { return Limits{l.min, l.max}; }

MemoryType to_public(const ir::MemoryType& t) {
  MemoryType r;
  r.limits = to_public(t.limits);
  r.is64 = t.limits.is64;
  r.shared = t.limits.shared;
  r.page_size = uint32_t(1) << t.page_size_log2;
  return r;
}

TableType to_public(const ir::TableType& t) {
  TableType r;
  r.element = to_public(t.elem);
  r.limits = to_public(t.limits);
  r.is64 = t.limits.is64;
  return r;
}

GlobalType to_public(const ir::GlobalType& t) { return GlobalType{to_public(t.type), t.mut}; }

ir::ValType to_rt(const ValType& t) {
  auto ref = [&](ir::HeapKind h) { return ir::ValType::ref(ir::HeapType::abstract(h), t.nullable); };
  switch (t.kind) {
    case ValKind::I32: return ir::kI32;
    case ValKind::I64: return ir::kI64;
    case ValKind::F32: return ir::kF32;
    case ValKind::F64: return ir::kF64;
    case ValKind::V128: return ir::kV128;
    case ValKind::FuncRef: return ref(ir::HeapKind::Func);
    case ValKind::ExternRef: return ref(ir::HeapKind::Extern);
    case ValKind::AnyRef: return ref(ir::HeapKind::Any);
    case ValKind::ExnRef: return ref(ir::HeapKind::Exn);
  }
  return ir::kI32;
}

ir::FuncType to_rt(const FuncType& t) {
  ir::FuncType r;
  for (const ValType& p : t.params) r.params.push_back(to_rt(p));
  for (const ValType& p : t.results) r.results.push_back(to_rt(p));
  return r;
}

static uint8_t log2_of(uint32_t v) {
  uint8_t n = 0;
  while (v > 1) { v >>= 1; ++n; }
  return n;
}

ir::MemoryType to_rt(const MemoryType& t) {
  ir::MemoryType r;
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.limits.is64 = t.is64;
  r.limits.shared = t.shared;
  r.page_size_log2 = log2_of(t.page_size);
  return r;
}

ir::TableType to_rt(const TableType& t) {
  ir::TableType r;
  r.elem = to_rt(t.element);
  r.limits.min = t.limits.min;
  r.limits.max = t.limits.max;
  r.limits.is64 = t.is64;
  return r;
}

Val to_public(StoreImpl* store, const rt::Val& v) {
  switch (v.type.kind) {
    case ir::ValKind::I32: return Val(int32_t(v.i32));
    case ir::ValKind::I64: return Val(int64_t(v.i64));
    case ir::ValKind::F32: return Val::f32_bits(v.f32);
    case ir::ValKind::F64: return Val::f64_bits(v.f64);
    case ir::ValKind::V128: {
      std::array<uint8_t, 16> b;
      std::memcpy(b.data(), v.v128, 16);
      return Val::v128(b);
    }
    default: break;
  }
  ValKind k = kind_of(v.type);
  std::optional<uint64_t> host;
  if (v.ref.is_host()) host = v.ref.as_extern()->value;
  return Val::from_ref(k, v.ref.is_null() ? nullptr : store, v.ref.bits(), host);
}

std::optional<std::string> to_rt_val(StoreImpl* store, const Val& v, const ir::ValType& t, rt::Val& out) {
  ValKind want = kind_of(t);
  bool any_ok = want == ValKind::AnyRef && v.is_ref() && v.kind() != ValKind::FuncRef &&
                v.kind() != ValKind::ExnRef;
  bool extern_ok = want == ValKind::ExternRef && v.kind() == ValKind::AnyRef;
  if (v.kind() != want && !any_ok && !extern_ok)
    return "type mismatch: expected " + ir::to_string(t);
  out.type = t;
  switch (v.kind()) {
    case ValKind::I32: out.i32 = uint32_t(v.as_i32()); return std::nullopt;
    case ValKind::I64: out.i64 = uint64_t(v.as_i64()); return std::nullopt;
    case ValKind::F32: out.f32 = v.f32_bits(); return std::nullopt;
    case ValKind::F64: out.f64 = v.f64_bits(); return std::nullopt;
    case ValKind::V128: {
      auto b = v.as_v128();
      std::memcpy(out.v128, b.data(), 16);
      return std::nullopt;
    }
    default: break;
  }
  if (v.ref_bits() == 0 && v.as_externref()) {
    out.ref = store->store.make_extern(*v.as_externref());
  } else {
    if (v.ref_bits() != 0 && v.ref_store() != store) return "a reference from another store";
    out.ref = rt::Ref::from_bits(v.ref_bits());
  }
  if (out.ref.is_null() && t.is_ref() && !t.nullable) return "null for a non-nullable reference";
  return std::nullopt;
}

Trap to_public(const rt::Trap& t, bool details) {
  std::vector<TrapFrame> frames;
  for (const rt::TraceFrame& f : t.backtrace) {
    TrapFrame p;
    p.func_index = f.func_index;
    p.func_name = f.name;
    if (f.func_offset != rt::TraceFrame::kNoOffset) p.func_offset = f.func_offset;
    if (f.module_offset != rt::TraceFrame::kNoOffset) p.module_offset = f.module_offset;
    if (f.module) add_debug_info(f.module, details, p);
    frames.push_back(std::move(p));
  }
  TrapReason reason = t.kind == sem::TrapKind::None || t.kind == sem::TrapKind::HostError
                          ? TrapReason::Host
                          : TrapReason(uint8_t(t.kind));
  return Trap(reason, t.message, std::move(frames));
}

static_assert(uint8_t(TrapReason::Host) == uint8_t(sem::TrapKind::HostError));
static_assert(uint8_t(TrapReason::OutOfFuel) == uint8_t(sem::TrapKind::OutOfFuel));
static_assert(uint8_t(TrapReason::IntDivByZero) == uint8_t(sem::TrapKind::IntDivByZero));
static_assert(uint8_t(TrapReason::UncaughtException) == uint8_t(sem::TrapKind::UncaughtException));

}  // namespace detail
}  // namespace skiff
