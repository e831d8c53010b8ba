// .skc support for skiff run and skiff compile (see run_aot.h).
#include "run_aot.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "api/api_impl.h"
#include "compiler/aot.h"
#include "compiler/skc_format.h"
#include "compiler/tier1.h"
#include "cli_common.h"
#include "skiff/engine.h"
#include "support/file_bytes.h"

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

// The cache key (a hit also compares the module's bytes): eight bytes a step
// (FNV-1a byte by byte was ~35 ms for a 35 MB module, paid by every auto run).
uint64_t module_hash(std::span<const uint8_t> b) {
  uint64_t h = 0xcbf29ce484222325ull ^ b.size();
  size_t i = 0;
  for (; i + 8 <= b.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, b.data() + i, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
  }
  for (; i < b.size(); ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

std::string cache_path(std::span<const uint8_t> wasm, bool guarded, std::string dir) {
  if (dir.empty()) {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir = std::string(x) + "/skiff";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.cache/skiff";
    else dir = "/tmp/skiff-cache";
  }
  char name[40];
  std::snprintf(name, sizeof name, "/%016llx-%c.skc", static_cast<unsigned long long>(module_hash(wasm)),
                guarded ? 'g' : 'c');
  return dir + name;
}

// mkdir -p (errors surface when the file is written).
void make_dirs(const std::string& dir) {
  for (size_t i = 1; i <= dir.size(); ++i)
    if (i == dir.size() || dir[i] == '/') ::mkdir(dir.substr(0, i).c_str(), 0755);
}

}  // namespace

std::shared_ptr<const void> lookup_cached_aot(std::span<const uint8_t> wasm, bool guarded,
                                              const std::string& dir) {
  auto file = FileBytes::open(cache_path(wasm, guarded, dir));
  if (!file.ok()) return nullptr;
  // Anything refused (another version or CPU, corruption, a hash collision) is a
  // miss (cached_aot compiles it again and replaces it).
  auto f = compiler::read_skc(*file);
  if (!f.ok() || f->code.mem0_guarded != guarded || f->code.opt_level != 2 ||
      f->code.no_inline != compiler::tier1_inline_disabled() || f->wasm.size() != wasm.size() ||
      !std::equal(wasm.begin(), wasm.end(), f->wasm.begin()))
    return nullptr;
  return std::shared_ptr<const void>(std::make_shared<const compiler::SkcCode>(std::move(f->code)));
}

Result<std::shared_ptr<const void>> cached_aot(std::span<const uint8_t> wasm, bool guarded,
                                               std::string dir, bool* hit) {
  *hit = false;
  if (auto code = lookup_cached_aot(wasm, guarded, dir)) {
    *hit = true;
    return code;
  }
  const std::string path = cache_path(wasm, guarded, dir);
  dir = path.substr(0, path.rfind('/'));
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
