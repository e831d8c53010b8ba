// assert_return patterns against run-time values, and the base WastEngine
// (no execution: every hook answers Unsupported).
#include <cinttypes>
#include <cstdio>

#include "cli_common.h"
#include "wast_runner.h"

namespace skiff::cli {

using text::LanePattern;
using text::NanPattern;
using text::WastResult;

WastEngine::Outcome WastEngine::instantiate(const std::string&, const ir::Module&) {
  return {};
}
WastEngine::Outcome WastEngine::register_instance(const std::string&, const std::string&) {
  return {};
}
WastEngine::Outcome WastEngine::invoke(const std::string&, const std::string&,
                                       const std::vector<text::WastValue>&) {
  return {};
}
WastEngine::Outcome WastEngine::get(const std::string&, const std::string&) { return {}; }

namespace {

// One number against a pattern; `bits` is the lane / value width.
bool match_number(const LanePattern& p, uint64_t v, unsigned bits, bool is_float) {
  uint64_t mask = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  v &= mask;
  if (p.nan == NanPattern::None) return v == (p.bits & mask);
  if (!is_float) return false;
  // Canonical NaN: only the top mantissa bit set (either sign).
  // Arithmetic NaN: exponent all ones and the top mantissa bit set.
  uint64_t quiet = bits == 32 ? 0x7fc00000u : 0x7ff8000000000000u;
  uint64_t sign = bits == 32 ? 0x80000000u : 0x8000000000000000u;
  if (p.nan == NanPattern::Canonical) return (v & ~sign) == quiet;
  return (v & quiet) == quiet;
}

uint64_t lane(const uint8_t* v, unsigned i, unsigned n) {
  uint64_t x = 0;
  for (unsigned b = 0; b < n; ++b) x |= uint64_t(v[i * n + b]) << (8 * b);
  return x;
}

std::string hex(uint64_t v, unsigned digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, int(digits), v);
  return buf;
}

}  // namespace

bool match_result(const WastResult& r, const ExecValue& v) {
  using RK = WastResult::Kind;
  using VK = ExecValue::Kind;
  using Ref = ExecValue::RefKind;
  bool ref = v.kind == VK::Ref;
  bool nonnull = ref && v.ref != Ref::Null;
  switch (r.kind) {
    case RK::I32: return v.kind == VK::I32 && match_number(r.num, v.bits, 32, false);
    case RK::I64: return v.kind == VK::I64 && match_number(r.num, v.bits, 64, false);
    case RK::F32: return v.kind == VK::F32 && match_number(r.num, v.bits, 32, true);
    case RK::F64: return v.kind == VK::F64 && match_number(r.num, v.bits, 64, true);
    case RK::V128: {
      if (v.kind != VK::V128) return false;
      unsigned n = text::lane_bytes(r.shape);
      bool is_float = r.shape == text::V128Shape::F32x4 || r.shape == text::V128Shape::F64x2;
      for (unsigned i = 0; i < text::lane_count(r.shape); ++i) {
        if (!match_number(r.lanes[i], lane(v.v128, i, n), n * 8, is_float)) return false;
      }
      return true;
    }
    case RK::RefNull: return ref && v.ref == Ref::Null;
    case RK::RefExtern:
      if (!r.has_number) return nonnull;
      return ref && v.ref == Ref::Extern && v.from_host && v.host_number == r.number;
    case RK::RefHost: return ref && v.ref == Ref::Host && v.host_number == r.number;
    case RK::RefFunc: return ref && v.ref == Ref::Func;
    case RK::RefStruct: return ref && v.ref == Ref::Struct;
    case RK::RefArray: return ref && v.ref == Ref::Array;
    case RK::RefI31: return ref && v.ref == Ref::I31;
    case RK::RefEq:
      return ref && (v.ref == Ref::I31 || v.ref == Ref::Struct || v.ref == Ref::Array);
    case RK::RefAny: return nonnull && v.ref != Ref::Func;
    case RK::RefExn: return ref && v.ref == Ref::Exn;
    case RK::Either:
      for (const WastResult& alt : r.either) {
        if (match_result(alt, v)) return true;
      }
      return false;
  }
  return false;
}

bool match_results(const std::vector<WastResult>& expect, const std::vector<ExecValue>& got) {
  if (expect.size() != got.size()) return false;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!match_result(expect[i], got[i])) return false;
  }
  return true;
}

std::string to_string(const ExecValue& v) {
  using VK = ExecValue::Kind;
  using Ref = ExecValue::RefKind;
  switch (v.kind) {
    case VK::I32: return cat({"i32:", hex(v.bits, 8)});
    case VK::I64: return cat({"i64:", hex(v.bits, 16)});
    case VK::F32: return cat({"f32:", hex(v.bits, 8)});
    case VK::F64: return cat({"f64:", hex(v.bits, 16)});
    case VK::V128: {
      std::string s = "v128:i32x4";
      for (unsigned i = 0; i < 4; ++i) {
        s += ' ';
        s += hex(lane(v.v128, i, 4), 8);
      }
      return s;
    }
    case VK::Ref:
      switch (v.ref) {
        case Ref::Null: return "(ref.null)";
        case Ref::Func: return "(ref.func)";
        case Ref::Extern:
          if (!v.from_host) return "(ref.extern)";
          return cat({"(ref.extern ", std::to_string(v.host_number), ")"});
        case Ref::Host: return cat({"(ref.host ", std::to_string(v.host_number), ")"});
        case Ref::Struct: return "(ref.struct)";
        case Ref::Array: return "(ref.array)";
        case Ref::I31: return "(ref.i31)";
        case Ref::Exn: return "(ref.exn)";
      }
  }
  return "?";
}

}  // namespace skiff::cli
