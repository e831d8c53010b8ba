// skiff compile IN.wasm|IN.wat -o OUT.skc [--bounds-checks] [-O0|-O1|-O2|-O3]
//
// Compiles every function of IN with tier 1 (LLVM, libskiff_compiler.so) ahead
// of time and writes OUT.skc (compiler/skc_format.h): the module's binary, the
// machine code as an ELF object, the function table (compiled or not, and why),
// and a header with the format and Skiff versions, the engine configuration that
// shaped the code (memory-0 variant, opt level) and the CPU features it was
// compiled for, under a checksum. `skiff run OUT.skc` runs it without loading
// the compiler; functions tier 1 cannot compile yet run in tier 0 there.
#include <cstdio>

#include "binary/encoder.h"
#include "cli_common.h"
#include "cli_load.h"
#include "compiler/aot.h"
#include "compiler/skc_format.h"
#include "runtime/compiled_module.h"
#include "skiff/engine.h"
#include "skiff/module.h"
#include "api/api_impl.h"

namespace skiff::cli {

int cmd_compile(const std::vector<std::string>& args) {
  std::string in, out;
  bool guarded = true;
  uint32_t opt = 2;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" && i + 1 < args.size()) {
      out = args[++i];
    } else if (a == "--bounds-checks") {
      guarded = false;
    } else if (a.size() == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3') {
      opt = uint32_t(a[2] - '0');
    } else if (!a.empty() && a[0] == '-') {
      return fail("compile: unknown option '" + a + "' (see `skiff help compile`)");
    } else if (in.empty()) {
      in = a;
    } else {
      return fail("compile: more than one input (see `skiff help compile`)");
    }
  }
  if (in.empty()) return fail("compile: missing IN (see `skiff help compile`)");
  if (out.empty()) return fail("compile: missing -o OUT.skc (see `skiff help compile`)");
  Loaded l;
  LoadError err;
  if (!load_module(in, &l, &err)) return fail(in, err.error);
  // The .skc carries the binary (a text module is encoded first).
  std::vector<uint8_t> wasm = l.from_text ? binary::encode(l.module) : std::move(l.bytes);
  Config config;
  config.guard_pages = guarded;
  Engine engine(config);
  auto module = Module::compile(engine, wasm);
  if (!module.ok()) return fail(in, module.error(), false);
  auto code = compiler::compile_ahead_of_time(*module->impl()->cm, guarded, opt);
  if (!code.ok()) return fail(in + ": " + code.error().message);
  size_t compiled = 0;
  for (const auto& f : code->funcs) compiled += f.compiled ? 1 : 0;
  Status s = write_file(out, compiler::write_skc(wasm, *code));
  if (!s.ok()) return fail(out + ": " + s.error().message);
  std::fprintf(stderr, "%s: %zu of %zu functions compiled (%s), %zu bytes of machine code\n", out.c_str(),
               compiled, code->funcs.size(), guarded ? "guard pages" : "bounds checks",
               code->object.size());
  return 0;
}

}  // namespace skiff::cli
