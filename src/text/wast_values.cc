// Spellings of WAST values, patterns and command kinds, for runner messages.
#include <cinttypes>
#include <cstdio>
#include <initializer_list>
#include <string_view>

#include "text/wast.h"

namespace skiff::text {

unsigned lane_count(V128Shape s) {
  switch (s) {
    case V128Shape::I8x16: return 16;
    case V128Shape::I16x8: return 8;
    case V128Shape::I32x4:
    case V128Shape::F32x4: return 4;
    case V128Shape::I64x2:
    case V128Shape::F64x2: return 2;
  }
  return 4;
}

unsigned lane_bytes(V128Shape s) { return 16 / lane_count(s); }

const char* to_string(V128Shape s) {
  switch (s) {
    case V128Shape::I8x16: return "i8x16";
    case V128Shape::I16x8: return "i16x8";
    case V128Shape::I32x4: return "i32x4";
    case V128Shape::I64x2: return "i64x2";
    case V128Shape::F32x4: return "f32x4";
    case V128Shape::F64x2: return "f64x2";
  }
  return "?";
}

const char* to_string(Command::Kind k) {
  using K = Command::Kind;
  switch (k) {
    case K::Module: return "module";
    case K::Instance: return "module instance";
    case K::Register: return "register";
    case K::Action: return "action";
    case K::AssertReturn: return "assert_return";
    case K::AssertTrap: return "assert_trap";
    case K::AssertExhaustion: return "assert_exhaustion";
    case K::AssertException: return "assert_exception";
    case K::AssertMalformed: return "assert_malformed";
    case K::AssertInvalid: return "assert_invalid";
    case K::AssertMalformedCustom: return "assert_malformed_custom";
    case K::AssertInvalidCustom: return "assert_invalid_custom";
    case K::AssertUnlinkable: return "assert_unlinkable";
    case K::AssertUninstantiable: return "assert_trap (module)";
    case K::Thread: return "thread";
    case K::Wait: return "wait";
  }
  return "?";
}

namespace {

// Concatenation without `"literal" + std::string` (GCC 12 -Wrestrict false positives).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s += p;
  return s;
}

std::string hex(uint64_t v, unsigned digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*" PRIx64, int(digits), v);
  return buf;
}

std::string heap_text(const ir::HeapType& h, const std::string& name) {
  if (!name.empty()) return name;
  return ir::to_string(h);
}

std::string lane_text(const LanePattern& p, unsigned bytes) {
  if (p.nan == NanPattern::Canonical) return "nan:canonical";
  if (p.nan == NanPattern::Arithmetic) return "nan:arithmetic";
  return hex(p.bits, bytes * 2);
}

uint64_t load_lane(const uint8_t* v, unsigned i, unsigned n) {
  uint64_t x = 0;
  for (unsigned b = 0; b < n; ++b) x |= uint64_t(v[i * n + b]) << (8 * b);
  return x;
}

}  // namespace

std::string to_string(const WastValue& v) {
  using K = WastValue::Kind;
  switch (v.kind) {
    case K::I32: return cat({"i32:", hex(v.bits, 8)});
    case K::I64: return cat({"i64:", hex(v.bits, 16)});
    case K::F32: return cat({"f32:", hex(v.bits, 8)});
    case K::F64: return cat({"f64:", hex(v.bits, 16)});
    case K::V128: {
      std::string s = "v128:i32x4";
      for (unsigned i = 0; i < 4; ++i) {
        s += ' ';
        s += hex(load_lane(v.v128, i, 4), 8);
      }
      return s;
    }
    case K::RefNull: return cat({"(ref.null ", heap_text(v.heap, v.heap_name), ")"});
    case K::RefExtern: return cat({"(ref.extern ", std::to_string(v.bits), ")"});
    case K::RefHost: return cat({"(ref.host ", std::to_string(v.bits), ")"});
  }
  return "?";
}

std::string to_string(const WastResult& r) {
  using K = WastResult::Kind;
  switch (r.kind) {
    case K::I32: return cat({"i32:", lane_text(r.num, 4)});
    case K::I64: return cat({"i64:", lane_text(r.num, 8)});
    case K::F32: return cat({"f32:", lane_text(r.num, 4)});
    case K::F64: return cat({"f64:", lane_text(r.num, 8)});
    case K::V128: {
      std::string s = cat({"v128:", to_string(r.shape)});
      for (unsigned i = 0; i < lane_count(r.shape); ++i) {
        s += ' ';
        s += lane_text(r.lanes[i], lane_bytes(r.shape));
      }
      return s;
    }
    case K::RefNull:
      if (!r.has_heap) return "(ref.null)";
      return cat({"(ref.null ", heap_text(r.heap, r.heap_name), ")"});
    case K::RefExtern:
      if (!r.has_number) return "(ref.extern)";
      return cat({"(ref.extern ", std::to_string(r.number), ")"});
    case K::RefHost: return cat({"(ref.host ", std::to_string(r.number), ")"});
    case K::RefFunc: return "(ref.func)";
    case K::RefStruct: return "(ref.struct)";
    case K::RefArray: return "(ref.array)";
    case K::RefI31: return "(ref.i31)";
    case K::RefEq: return "(ref.eq)";
    case K::RefAny: return "(ref.any)";
    case K::RefExn: return "(ref.exn)";
    case K::Either: {
      std::string s = "(either";
      for (const WastResult& a : r.either) {
        s += ' ';
        s += to_string(a);
      }
      s += ')';
      return s;
    }
  }
  return "?";
}

}  // namespace skiff::text
