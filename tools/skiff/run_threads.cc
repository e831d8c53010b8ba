#include "run_threads.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "skiff/threads.h"

namespace skiff::cli {

namespace {
std::atomic<bool> g_threads{false};
}

std::string enable_wasi_threads(const Engine& engine, Linker& linker, const Module& module) {
  bool spawns = false;
  for (const ImportType& im : module.imports())
    spawns |= im.module == "wasi" && im.name == "thread-spawn" && im.type.kind == ExternKind::Func;
  if (!spawns) return "";
  for (const ImportType& im : module.imports()) {
    if (im.type.kind != ExternKind::Memory || !im.type.memory.shared) continue;
    auto mem = SharedMemory::create(engine, im.type.memory);
    if (!mem.ok()) return "\"" + im.module + "\" \"" + im.name + "\": " + mem.error().message;
    if (Status s = linker.define_shared_memory(im.module, im.name, *mem); !s.ok()) return s.error().message;
  }
  if (Status s = define_wasi_threads(linker, engine, module); !s.ok()) return s.error().message;
  g_threads = true;
  return "";
}

void run_exit(int code, bool no_destructors) {
  if (g_threads.load() || no_destructors) {
    std::fflush(nullptr);
    std::_Exit(code);
  }
  std::exit(code);
}

}  // namespace skiff::cli
