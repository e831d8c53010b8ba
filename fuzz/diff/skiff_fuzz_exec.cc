// skiff-fuzz-exec: runs every exported function of a module the way binaryen's
// `wasm-opt --fuzz-exec` does, printing in the same format, so that the output can
// be compared with binaryen's interpreter and with V8 (fuzz/diff/run_diff.py).
//
// What binaryen 108 does (src/tools/execution-results.h), and this tool too:
//   - instantiate once, with the "fuzzing-support" imports log-i32, log-i64,
//     log-f32, log-f64, log-v128 printing "[LoggingExternalInterface logging V...]"
//     (an i64 is printed as two i32 halves, low first);
//   - for each exported function, in export order: print "[fuzz-exec] calling NAME",
//     call the export "hangLimitInitializer" first (when there is one), then the
//     function with zero arguments (a non-defaultable parameter is a trap); print
//     "[fuzz-exec] note result: NAME => VALUE" when it returns values, "[trap MSG]"
//     when it traps, "[exception thrown: TAG]" when a wasm exception escapes.
// Values print as binaryen prints them, except floats: "%.17g" (the driver parses
// numbers, binaryen's shortest-form text and ours compare as values).
// --explicit-bounds: memories without guard pages (explicit bounds checks).
// Additions binaryen does not print (the driver uses them against V8 only):
//   "[memhash 0x........ PAGES]" after each call (FNV-1a of the exported "memory").
// A module Skiff rejects prints "[invalid MSG]"; a failed instantiation
// "[instantiate-error MSG]" (or the trap line, when a segment or start traps).
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "skiff/skiff.hpp"

namespace {

std::string fmt_f64(double d) {
  char buf[64];
  if (std::isnan(d)) {
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    std::snprintf(buf, sizeof buf, "%snan:0x%" PRIx64, std::signbit(d) ? "-" : "", bits & ((uint64_t(1) << 52) - 1));
  } else if (std::isinf(d)) {
    std::snprintf(buf, sizeof buf, "%s", d < 0 ? "-inf" : "inf");
  } else if (d == 0 && std::signbit(d)) {
    std::snprintf(buf, sizeof buf, "-0");
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", d);
  }
  return buf;
}

std::string fmt_f32(float f) {
  if (std::isnan(f)) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%snan:0x%" PRIx32, std::signbit(f) ? "-" : "", bits & 0x7fffffu);
    return buf;
  }
  return fmt_f64(double(f));
}

std::string fmt_v128(const std::array<uint8_t, 16>& b) {
  std::string s = "i32x4";
  for (int i = 0; i < 16; i += 4) {
    char buf[16];
    uint32_t lane = uint32_t(b[i]) | uint32_t(b[i + 1]) << 8 | uint32_t(b[i + 2]) << 16 | uint32_t(b[i + 3]) << 24;
    std::snprintf(buf, sizeof buf, " 0x%08x", lane);
    s += buf;
  }
  return s;
}

const char* ref_name(skiff::ValKind k) {
  switch (k) {
    case skiff::ValKind::FuncRef: return "funcref";
    case skiff::ValKind::ExternRef: return "externref";
    case skiff::ValKind::ExnRef: return "exnref";
    default: return "anyref";
  }
}

std::string fmt_val(const skiff::Val& v) {
  switch (v.kind()) {
    case skiff::ValKind::I32: return std::to_string(v.as_i32());
    case skiff::ValKind::I64: return std::to_string(v.as_i64());
    case skiff::ValKind::F32: return fmt_f32(v.as_f32());
    case skiff::ValKind::F64: return fmt_f64(v.as_f64());
    case skiff::ValKind::V128: return fmt_v128(v.as_v128());
    default: return std::string(ref_name(v.kind())) + (v.is_null() ? "(null)" : "(nonnull)");
  }
}

// FNV-1a over the bytes, 32 bits.
uint32_t fnv1a(const uint8_t* p, uint64_t n) {
  uint32_t h = 2166136261u;
  for (uint64_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

void define_logging(skiff::Linker& linker) {
  using skiff::ValKind;
  for (ValKind k : {ValKind::I32, ValKind::I64, ValKind::F32, ValKind::F64, ValKind::V128}) {
    skiff::FuncType t;
    t.params.push_back(skiff::ValType(k));
    const char* name = k == ValKind::I32   ? "log-i32"
                       : k == ValKind::I64 ? "log-i64"
                       : k == ValKind::F32 ? "log-f32"
                       : k == ValKind::F64 ? "log-f64"
                                           : "log-v128";
    if (!linker.func("fuzzing-support", name, t,
                [](skiff::Caller&, std::span<const skiff::Val> args,
                   std::span<skiff::Val>) -> std::optional<skiff::Trap> {
                  std::string line = "[LoggingExternalInterface logging";
                  for (const skiff::Val& a : args) {
                    if (a.kind() == skiff::ValKind::I64) {
                      uint64_t x = uint64_t(a.as_i64());
                      line += " " + std::to_string(int32_t(uint32_t(x)));
                      line += " " + std::to_string(int32_t(uint32_t(x >> 32)));
                    } else {
                      line += " " + fmt_val(a);
                    }
                  }
                  std::printf("%s]\n", line.c_str());
                  return std::nullopt;
                }).ok()) std::abort();
  }
}

void print_trap(const skiff::Trap& t) {
  if (t.reason() == skiff::TrapReason::UncaughtException)
    std::printf("[exception thrown: %s]\n", t.message().c_str());
  else
    std::printf("[trap %s]\n", t.message().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  bool memhash = false;
  skiff::Config config;
  const char* path = nullptr;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--memhash") == 0) memhash = true;
    else if (std::strcmp(argv[i], "--explicit-bounds") == 0) config.guard_pages = false;
    else path = argv[i];
  }
  if (!path) {
    std::fprintf(stderr, "usage: skiff-fuzz-exec [--memhash] [--explicit-bounds] MODULE.wasm\n");
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOFBF, 1 << 16);

  skiff::Engine engine(config);
  auto module = skiff::Module::from_file(engine, path);
  if (!module) {
    std::printf("[invalid %s]\n", module.error().to_string().c_str());
    return 0;
  }
  skiff::StoreLimits limits;
  limits.timeout = std::chrono::seconds(20);
  // binaryen's shell refuses to grow a memory past 1 GiB (a host limit, which makes
  // the driver ignore the module); keep ours from allocating more than that too.
  limits.max_memory_bytes = uint64_t(1) << 30;
  skiff::Store store(engine, limits);
  skiff::Linker linker(engine);
  define_logging(linker);
  auto inst = linker.instantiate(store, *module);
  if (!inst) {
    if (inst.error().trap) print_trap(*inst.error().trap);
    else std::printf("[instantiate-error %s]\n", inst.error().error.to_string().c_str());
    return 0;
  }
  std::optional<skiff::Func> hang_init = inst->func("hangLimitInitializer");
  std::optional<skiff::Memory> memory = inst->memory("memory");

  for (const auto& [name, ext] : inst->exports()) {
    std::optional<skiff::Func> f = ext.func();
    if (!f) continue;
    std::printf("[fuzz-exec] calling %s\n", name.c_str());
    skiff::FuncType type = f->type();
    std::optional<skiff::Trap> trap;
    std::vector<skiff::Val> results;
    bool defaultable = true;
    std::vector<skiff::Val> args;
    for (const skiff::ValType& p : type.params) {
      if (p.is_ref() && !p.nullable) defaultable = false;
      switch (p.kind) {
        case skiff::ValKind::I32: args.push_back(skiff::Val(int32_t(0))); break;
        case skiff::ValKind::I64: args.push_back(skiff::Val(int64_t(0))); break;
        case skiff::ValKind::F32: args.push_back(skiff::Val(0.0f)); break;
        case skiff::ValKind::F64: args.push_back(skiff::Val(0.0)); break;
        case skiff::ValKind::V128: args.push_back(skiff::Val::v128({})); break;
        default: args.push_back(skiff::Val::null(p.kind)); break;
      }
    }
    if (hang_init) {
      auto r = hang_init->call({});
      if (!r) trap = std::move(r).error();
    }
    if (!trap && !defaultable) {
      std::printf("[trap fuzzer can only send defaultable parameters to exports]\n");
    } else if (!trap) {
      auto r = f->call(args);
      if (!r) trap = std::move(r).error();
      else results = std::move(r).value();
    }
    if (trap) {
      print_trap(*trap);
    } else if (!results.empty()) {
      std::string text;
      if (results.size() == 1 && results[0].is_ref()) {
        text = ref_name(results[0].kind());  // binaryen prints a reference's type only
      } else if (results.size() == 1) {
        text = fmt_val(results[0]);
      } else {
        text = "(";
        for (size_t i = 0; i < results.size(); i++) text += (i ? ", " : "") + fmt_val(results[i]);
        text += ")";
      }
      std::printf("[fuzz-exec] note result: %s => %s\n", name.c_str(), text.c_str());
    }
    if (memhash && memory) {
      std::printf("[memhash 0x%08x %" PRIu64 "]\n", fnv1a(memory->data(), memory->size()), memory->pages());
    }
  }
  return 0;
}
