#include "compiler/compiler_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace skiff::compiler {

namespace rt1 = rt::tier1;

bool build_has_compiler() { return SKIFF_HAVE_COMPILER != 0; }

namespace {

std::string exe_dir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string p(buf, size_t(n));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

Result<const rt1::CompilerApi*> do_load() {
  if (!build_has_compiler())
    return make_error("this build of skiff has no tier-1 compiler (built with SKIFF_LLVM=OFF or "
                      "without llvm-config-19); use --tier=0");
  // For tests of ahead-of-time runs, which must never load the compiler.
  if (const char* no = std::getenv("SKIFF_NO_COMPILER_DLOPEN"); no && *no && *no != '0')
    return make_error("loading the tier-1 compiler is disabled (SKIFF_NO_COMPILER_DLOPEN is set)");
  std::vector<std::string> tries;
  if (const char* env = std::getenv("SKIFF_COMPILER_LIB"); env && *env) tries.push_back(env);
  if (std::string d = exe_dir(); !d.empty()) tries.push_back(d + "/libskiff_compiler.so");
#ifdef SKIFF_COMPILER_BUILD_PATH
  tries.push_back(SKIFF_COMPILER_BUILD_PATH);
#endif
  tries.push_back("libskiff_compiler.so");
  std::string why;
  for (const std::string& path : tries) {
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      if (const char* e = dlerror()) why = e;
      continue;
    }
    auto fn = reinterpret_cast<rt1::CompilerEntryFn>(dlsym(h, rt1::kCompilerEntrySymbol));
    const rt1::CompilerApi* api = fn ? fn(rt1::kCompilerAbiVersion) : nullptr;
    if (!api) return make_error(path + ": not a compiler library of this skiff version");
    return api;  // never unloaded: compiled code lives in it
  }
  return make_error("cannot load the tier-1 compiler (libskiff_compiler.so): " + why);
}

}  // namespace

Result<const rt1::CompilerApi*> load_compiler() {
  static std::once_flag once;
  static Result<const rt1::CompilerApi*> result = make_error("not loaded");
  std::call_once(once, [] { result = do_load(); });
  return result;
}

}  // namespace skiff::compiler
