// The pure semantics against the spec testsuite's own expectations.
//
// Each .wast script is parsed with Skiff's WAST parser; for every assert_return /
// assert_trap that invokes a straight-line numeric function (see eval.h), the
// function is run on the semantics and its results are compared with the
// expectation: exact bits, nan:canonical / nan:arithmetic per float or lane, and
// `either` alternatives; traps by the spec's message. Assertions on functions with
// control flow, memory, calls or references are skipped (the interpreter's spec
// runner covers those).
//
// PerFile: one test per script; no failures allowed. Scripts about numeric ops must
// have checked assertions (kMustCheck), and those that are nothing but straight-line
// numeric functions must have no skipped ones (kNoSkips).
// EveryNumericOpIsExercised: every numeric/SIMD op of the opcode table is supported
// by the evaluator, and every one of them is checked by at least one assertion.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eval.h"
#include "text/wast.h"

namespace skiff::semtest {
namespace {

namespace fs = std::filesystem;
using text::Command;
using text::LanePattern;
using text::NanPattern;
using text::V128Shape;
using text::WastResult;
using text::WastValue;

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Scripts swept: the core testsuite and the wide-arithmetic proposal.
std::vector<std::string> sweep_files() {
  std::vector<std::string> out;
  fs::path root(SKIFF_TESTSUITE_DIR);
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".wast")
      out.push_back(e.path().filename().string());
  fs::path wide = root / "proposals" / "wide-arithmetic";
  if (fs::exists(wide))
    for (const auto& e : fs::directory_iterator(wide))
      if (e.is_regular_file() && e.path().extension() == ".wast")
        out.push_back("proposals/wide-arithmetic/" + e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Scripts about numeric ops: each must have assertions checked here.
const std::set<std::string> kMustCheck = {
    "i32.wast",
    "i64.wast",
    "f32.wast",
    "f64.wast",
    "f32_bitwise.wast",
    "f64_bitwise.wast",
    "f32_cmp.wast",
    "f64_cmp.wast",
    "conversions.wast",
    "int_exprs.wast",
    "float_exprs.wast",
    "float_misc.wast",
    "const.wast",
    "int_literals.wast",
    "float_literals.wast",
    "simd_bitwise.wast",
    "simd_boolean.wast",
    "simd_f32x4.wast",
    "simd_f64x2.wast",
    "simd_f32x4_arith.wast",
    "simd_f64x2_arith.wast",
    "simd_f32x4_cmp.wast",
    "simd_f64x2_cmp.wast",
    "simd_f32x4_pmin_pmax.wast",
    "simd_f64x2_pmin_pmax.wast",
    "simd_f32x4_rounding.wast",
    "simd_f64x2_rounding.wast",
    "simd_i8x16_arith.wast",
    "simd_i16x8_arith.wast",
    "simd_i32x4_arith.wast",
    "simd_i64x2_arith.wast",
    "simd_i8x16_arith2.wast",
    "simd_i16x8_arith2.wast",
    "simd_i32x4_arith2.wast",
    "simd_i64x2_arith2.wast",
    "simd_i8x16_cmp.wast",
    "simd_i16x8_cmp.wast",
    "simd_i32x4_cmp.wast",
    "simd_i64x2_cmp.wast",
    "simd_i8x16_sat_arith.wast",
    "simd_i16x8_sat_arith.wast",
    "simd_i16x8_q15mulr_sat_s.wast",
    "simd_i16x8_extadd_pairwise_i8x16.wast",
    "simd_i32x4_extadd_pairwise_i16x8.wast",
    "simd_i16x8_extmul_i8x16.wast",
    "simd_i32x4_extmul_i16x8.wast",
    "simd_i64x2_extmul_i32x4.wast",
    "simd_i32x4_dot_i16x8.wast",
    "simd_i32x4_trunc_sat_f32x4.wast",
    "simd_i32x4_trunc_sat_f64x2.wast",
    "simd_int_to_int_extend.wast",
    "simd_conversions.wast",
    "simd_bit_shift.wast",
    "simd_splat.wast",
    "simd_lane.wast",
    "simd_const.wast",
    "simd_select.wast",
    "i8x16_relaxed_swizzle.wast",
    "i16x8_relaxed_q15mulr_s.wast",
    "relaxed_dot_product.wast",
    "relaxed_laneselect.wast",
    "relaxed_madd_nmadd.wast",
    "relaxed_min_max.wast",
    "proposals/wide-arithmetic/wide-arithmetic.wast",
};

// Of those, the scripts with only straight-line functions: nothing may be skipped.
// (The others also have functions with blocks, memory or globals.)
const std::set<std::string> kNoSkips = {
    "i32.wast",
    "i64.wast",
    "f32.wast",
    "f64.wast",
    "f32_bitwise.wast",
    "f64_bitwise.wast",
    "f32_cmp.wast",
    "f64_cmp.wast",
    "conversions.wast",
    "int_exprs.wast",
    "float_misc.wast",
    "const.wast",
    "simd_f32x4.wast",
    "simd_f64x2.wast",
    "simd_f32x4_arith.wast",
    "simd_f64x2_arith.wast",
    "simd_f32x4_pmin_pmax.wast",
    "simd_f64x2_pmin_pmax.wast",
    "simd_f32x4_rounding.wast",
    "simd_f64x2_rounding.wast",
    "simd_i8x16_arith.wast",
    "simd_i16x8_arith.wast",
    "simd_i32x4_arith.wast",
    "simd_i64x2_arith.wast",
    "simd_i8x16_arith2.wast",
    "simd_i16x8_arith2.wast",
    "simd_i32x4_arith2.wast",
    "simd_i64x2_arith2.wast",
    "simd_i64x2_cmp.wast",
    "simd_i8x16_sat_arith.wast",
    "simd_i16x8_sat_arith.wast",
    "simd_i16x8_q15mulr_sat_s.wast",
    "simd_i16x8_extadd_pairwise_i8x16.wast",
    "simd_i32x4_extadd_pairwise_i16x8.wast",
    "simd_i16x8_extmul_i8x16.wast",
    "simd_i32x4_extmul_i16x8.wast",
    "simd_i64x2_extmul_i32x4.wast",
    "simd_i32x4_dot_i16x8.wast",
    "simd_i32x4_trunc_sat_f32x4.wast",
    "simd_i32x4_trunc_sat_f64x2.wast",
    "simd_int_to_int_extend.wast",
    "simd_conversions.wast",
    "simd_select.wast",
    "i8x16_relaxed_swizzle.wast",
    "i16x8_relaxed_q15mulr_s.wast",
    "relaxed_dot_product.wast",
    "relaxed_laneselect.wast",
    "relaxed_madd_nmadd.wast",
    "relaxed_min_max.wast",
};

// Numeric ops that no assertion of this testsuite exercises (its
// i32x4_relaxed_trunc.wast has no assertions); relaxed_simd_test.cc covers them.
const std::set<ir::Op> kNotInTestsuite = {
    ir::Op::I32x4RelaxedTruncF32x4S,
    ir::Op::I32x4RelaxedTruncF32x4U,
    ir::Op::I32x4RelaxedTruncF64x2SZero,
    ir::Op::I32x4RelaxedTruncF64x2UZero,
};

bool match_lane(const LanePattern& p, uint64_t bits, bool is_float, unsigned bytes) {
  if (is_float && p.nan != NanPattern::None) {
    bool canonical = bytes == 4 ? sem::is_canonical_nan(sem::f32_from_bits(uint32_t(bits)))
                                : sem::is_canonical_nan(sem::f64_from_bits(bits));
    bool arithmetic = bytes == 4 ? sem::is_arithmetic_nan(sem::f32_from_bits(uint32_t(bits)))
                                 : sem::is_arithmetic_nan(sem::f64_from_bits(bits));
    return p.nan == NanPattern::Canonical ? canonical : arithmetic;
  }
  return p.bits == bits;
}

bool match(const WastResult& r, const Val& v) {
  switch (r.kind) {
    case WastResult::Kind::I32:
      return v.kind == ir::ValKind::I32 && match_lane(r.num, v.bits, false, 4);
    case WastResult::Kind::I64:
      return v.kind == ir::ValKind::I64 && match_lane(r.num, v.bits, false, 8);
    case WastResult::Kind::F32:
      return v.kind == ir::ValKind::F32 && match_lane(r.num, v.bits, true, 4);
    case WastResult::Kind::F64:
      return v.kind == ir::ValKind::F64 && match_lane(r.num, v.bits, true, 8);
    case WastResult::Kind::V128: {
      if (v.kind != ir::ValKind::V128) return false;
      unsigned n = text::lane_count(r.shape), w = text::lane_bytes(r.shape);
      bool is_float = r.shape == V128Shape::F32x4 || r.shape == V128Shape::F64x2;
      for (unsigned i = 0; i < n; ++i) {
        uint64_t bits = 0;
        for (unsigned b = 0; b < w; ++b) bits |= uint64_t(v.v.bytes[i * w + b]) << (8 * b);
        if (!match_lane(r.lanes[i], bits, is_float, w)) return false;
      }
      return true;
    }
    case WastResult::Kind::Either:
      for (const WastResult& alt : r.either)
        if (match(alt, v)) return true;
      return false;
    default:
      return false;
  }
}

std::string show(const Val& v) {
  char buf[96];
  switch (v.kind) {
    case ir::ValKind::I32:
      snprintf(buf, sizeof buf, "i32:0x%08x", unsigned(v.bits));
      break;
    case ir::ValKind::I64:
      snprintf(buf, sizeof buf, "i64:0x%016llx", (unsigned long long)v.bits);
      break;
    case ir::ValKind::F32:
      snprintf(buf, sizeof buf, "f32:0x%08x", unsigned(v.bits));
      break;
    case ir::ValKind::F64:
      snprintf(buf, sizeof buf, "f64:0x%016llx", (unsigned long long)v.bits);
      break;
    default: {
      std::string s = "v128:";
      for (int i = 0; i < 16; ++i) {
        snprintf(buf, sizeof buf, "%02x", v.v.bytes[i]);
        s += buf;
      }
      return s;
    }
  }
  return buf;
}

struct Stats {
  size_t checked = 0;
  size_t skipped = 0;
  std::vector<std::string> failures;
  std::map<std::string, size_t> skip_reasons;
  std::set<ir::Op> ops;  // ops run by passing assertions
};

bool to_val(const WastValue& w, Val* out) {
  switch (w.kind) {
    case WastValue::Kind::I32:
      *out = Val{ir::ValKind::I32, uint32_t(w.bits), {}};
      return true;
    case WastValue::Kind::I64:
      *out = Val{ir::ValKind::I64, w.bits, {}};
      return true;
    case WastValue::Kind::F32:
      *out = Val{ir::ValKind::F32, uint32_t(w.bits), {}};
      return true;
    case WastValue::Kind::F64:
      *out = Val{ir::ValKind::F64, w.bits, {}};
      return true;
    case WastValue::Kind::V128:
      *out = Val{ir::ValKind::V128, 0, {}};
      for (int i = 0; i < 16; ++i) out->v.bytes[i] = w.v128[i];
      return true;
    default:
      return false;
  }
}

void sweep_commands(const std::vector<Command>& cmds, const std::string& file, Stats& st) {
  const ir::Module* current = nullptr;
  std::map<std::string, const ir::Module*> instances, definitions;
  for (const Command& c : cmds) {
    switch (c.kind) {
      case Command::Kind::Module: {
        const text::WastModule& wm = *c.module;
        const ir::Module* m =
            (wm.form == text::WastModule::Form::Text && !wm.error) ? &wm.module : nullptr;
        if (wm.definition) {
          if (!wm.id.empty()) definitions[wm.id] = m;
        } else {
          current = m;
          if (!wm.id.empty()) instances[wm.id] = m;
        }
        continue;
      }
      case Command::Kind::Instance: {
        auto it = definitions.find(c.module_id);
        current = it == definitions.end() ? nullptr : it->second;
        if (!c.instance_id.empty()) instances[c.instance_id] = current;
        continue;
      }
      case Command::Kind::AssertReturn:
      case Command::Kind::AssertTrap:
        break;
      default:
        continue;
    }
    if (c.action.kind != text::WastAction::Kind::Invoke) continue;
    auto skip = [&](const std::string& why) {
      ++st.skipped;
      ++st.skip_reasons[why];
    };
    const ir::Module* m = current;
    if (!c.action.instance.empty()) {
      auto it = instances.find(c.action.instance);
      m = it == instances.end() ? nullptr : it->second;
    }
    if (!m) {
      skip("module not in text form");
      continue;
    }
    const ir::Export* ex = nullptr;
    for (const ir::Export& e : m->exports)
      if (e.kind == ir::ExternKind::Func && e.name == c.action.name) ex = &e;
    if (!ex) {
      skip("no such export");
      continue;
    }
    std::vector<Val> args;
    bool ok = true;
    for (const WastValue& w : c.action.args) {
      Val v;
      ok = ok && to_val(w, &v);
      args.push_back(v);
    }
    if (!ok) {
      skip("reference argument");
      continue;
    }
    Outcome o = run_function(*m, ex->index, args);
    if (o.kind == Outcome::Kind::Unsupported) {
      skip(o.why);
      continue;
    }
    std::string where = file + ":" + std::to_string(c.line) + " " + c.action.name;
    ++st.checked;
    bool pass = true;
    if (c.kind == Command::Kind::AssertTrap) {
      if (o.kind != Outcome::Kind::Trap) {
        st.failures.push_back(where + ": expected trap \"" + c.message + "\", got a result");
        pass = false;
      } else if (std::string_view(sem::trap_message(o.trap)).substr(0, c.message.size()) !=
                 c.message) {
        st.failures.push_back(where + ": expected trap \"" + c.message + "\", got \"" +
                              sem::trap_message(o.trap) + "\"");
        pass = false;
      }
    } else if (o.kind == Outcome::Kind::Trap) {
      st.failures.push_back(where + ": unexpected trap \"" + sem::trap_message(o.trap) + "\"");
      pass = false;
    } else if (o.results.size() != c.results.size()) {
      st.failures.push_back(where + ": result count");
      pass = false;
    } else {
      for (size_t i = 0; i < c.results.size(); ++i) {
        if (!match(c.results[i], o.results[i])) {
          st.failures.push_back(where + ": result " + std::to_string(i) + " is " +
                                show(o.results[i]) + ", expected " + text::to_string(c.results[i]));
          pass = false;
        }
      }
    }
    if (pass) st.ops.insert(o.ops.begin(), o.ops.end());
  }
}

Stats sweep_file(const std::string& name) {
  Stats st;
  auto script = text::parse_wast(read_file(fs::path(SKIFF_TESTSUITE_DIR) / name));
  if (!script.ok()) {
    st.skip_reasons["script does not parse: " + script.error().to_string()] = 1;
    return st;
  }
  sweep_commands(script->commands, name, st);
  return st;
}

class PerFile : public ::testing::TestWithParam<std::string> {};

TEST_P(PerFile, ResultsMatchTheTestsuite) {
  const std::string& name = GetParam();
  Stats st = sweep_file(name);
  for (const std::string& f : st.failures) ADD_FAILURE() << f;
  if (kMustCheck.count(name)) {
    EXPECT_GT(st.checked, 0u) << name;
  }
  if (kNoSkips.count(name)) {
    for (const auto& [why, n] : st.skip_reasons)
      ADD_FAILURE() << name << ": skipped " << n << ": " << why;
  }
  std::cout << name << ": " << st.checked << " checked, " << st.skipped << " skipped\n";
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string s;
  for (char c : info.param) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Testsuite, PerFile, ::testing::ValuesIn(sweep_files()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PerFile);

// True for ops whose semantics live in src/semantics: fixed numeric signatures,
// no memory access, not a constant or a structural op.
bool is_numeric_op(ir::Op op) {
  const ir::OpInfo& info = ir::op_info(op);
  if (info.sig == "*" || info.sig.find(':') == std::string_view::npos) return false;
  if (info.imm != ir::ImmKind::None && info.imm != ir::ImmKind::Lane &&
      info.imm != ir::ImmKind::Shuffle)
    return false;
  std::string_view params = info.sig.substr(0, info.sig.find(':'));
  if (params.empty()) return false;  // constants, nop
  for (char c : info.sig)
    if (c != 'i' && c != 'I' && c != 'f' && c != 'F' && c != 'v' && c != ':') return false;
  return true;
}

TEST(Coverage, EveryNumericOpHasSemantics) {
  unsigned numeric = 0;
  for (unsigned i = 0; i < ir::kOpCount; ++i) {
    ir::Op op = static_cast<ir::Op>(i);
    if (!is_numeric_op(op)) continue;
    ++numeric;
    EXPECT_TRUE(evaluator_supports(op)) << ir::op_name(op);
  }
  EXPECT_GT(numeric, 350u);
}

TEST(Coverage, EveryNumericOpIsExercised) {
  std::set<ir::Op> seen;
  for (const std::string& name : sweep_files()) {
    Stats st = sweep_file(name);
    seen.insert(st.ops.begin(), st.ops.end());
  }
  if (seen.empty()) {
    GTEST_SKIP() << "testsuite not found";
  }
  for (unsigned i = 0; i < ir::kOpCount; ++i) {
    ir::Op op = static_cast<ir::Op>(i);
    if (is_numeric_op(op) && !kNotInTestsuite.count(op)) {
      EXPECT_TRUE(seen.count(op)) << ir::op_name(op) << " never checked";
    }
  }
}

}  // namespace
}  // namespace skiff::semtest
