// .skc support for skiff run and skiff compile (see run_aot.h).
#include "run_aot.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "api/api_impl.h"
#include "compiler/aot.h"
#include "compiler/skc_format.h"
#include "compiler/tier1.h"
#include "cli_common.h"
#include "skiff/engine.h"

namespace skiff::cli {

bool is_aot_file(std::span<const uint8_t> bytes) { return compiler::is_skc(bytes); }

Result<std::shared_ptr<const void>> open_aot(std::span<const uint8_t> bytes,
                                             std::vector<uint8_t>* wasm, bool* guarded) {
  auto f = compiler::read_skc(bytes);
  if (!f.ok()) return std::move(f).error();
  *wasm = std::move(f->wasm);
  *guarded = f->code.mem0_guarded;
  return std::shared_ptr<const void>(std::make_shared<const compiler::SkcCode>(std::move(f->code)));
}

Status attach_aot(const std::shared_ptr<const void>& code, const Module& module, Store& store) {
  auto skc = std::static_pointer_cast<const compiler::SkcCode>(code);
  SKIFF_TRY(compiler::register_aot_code(module.impl()->cm, skc));
  detail::StoreImpl* s = store.impl();
  if (s->tier1) return {};  // (a store that compiles: it finds the registered code too)
  s->tier1 = compiler::Tier1Executor::create_without_compiler(s->store, s->engine->config.guard_pages);
  return {};
}

namespace {

uint64_t fnv64(std::span<const uint8_t> b) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t c : b) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// mkdir -p (errors surface when the file is written).
void make_dirs(const std::string& dir) {
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
}

}  // namespace

Result<std::shared_ptr<const void>> cached_aot(std::span<const uint8_t> wasm, bool guarded,
                                               std::string dir, bool* hit) {
  *hit = false;
  if (dir.empty()) {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = std::string(x) + "/skiff";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.cache/skiff";
    else dir = "/tmp/skiff-cache";
  }
  char name[40];
  std::snprintf(name, sizeof name, "/%016llx-%c.skc", static_cast<unsigned long long>(fnv64(wasm)),
                guarded ? 'g' : 'c');
  const std::string path = dir + name;
  if (auto bytes = read_file(path); bytes.ok()) {
    // Anything refused (another version or CPU, corruption, a hash collision) is
    // compiled again and replaced.
    if (auto f = compiler::read_skc(*bytes); f.ok() && f->code.mem0_guarded == guarded &&
                                             f->code.opt_level == 2 &&
                                             f->code.no_inline == compiler::tier1_inline_disabled() &&
                                             f->wasm.size() == wasm.size() &&
                                             std::equal(wasm.begin(), wasm.end(), f->wasm.begin())) {
      *hit = true;
      return std::shared_ptr<const void>(std::make_shared<const compiler::SkcCode>(std::move(f->code)));
    }
  }
  Config config;
  config.guard_pages = guarded;
  Engine engine(config);
  auto module = Module::compile(engine, wasm);
  if (!module.ok()) return std::move(module).error();
  auto code = compiler::compile_ahead_of_time(*module->impl()->cm, guarded, 2);
  if (!code.ok()) return std::move(code).error();
  make_dirs(dir);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  if (write_file(tmp, compiler::write_skc(wasm, *code)).ok()) {
    if (std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
  }
  return std::shared_ptr<const void>(std::make_shared<const compiler::SkcCode>(std::move(*code)));
}

}  // namespace skiff::cli
