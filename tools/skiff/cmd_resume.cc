// skiff resume [--module FILE] [--max-wasm-stack BYTES] CHECKPOINT
//
// Continues a run that `skiff run --checkpoint-on=... --checkpoint-file CHECKPOINT`
// stopped: loads the module (the path the checkpoint names, or --module), makes a
// store as the checkpoint says (fuel, guard pages, WASI args, env and preopens),
// instantiates, restores the state and resumes the saved frames. Its stdout
// continues the first run's; its exit status is the program's (proc_exit code, 0,
// or 134 on a trap, as `skiff run`). A checkpoint of another module or Skiff
// version, or a damaged file, is refused (exit 1). The resumed run may itself be
// checkpointed again with --checkpoint-on / --checkpoint-file.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_common.h"
#include "run_checkpoint.h"
#include "skiff/checkpoint.h"
#include "skiff/engine.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/store.h"
#include "skiff/trap.h"

namespace skiff::cli {

namespace {

int usage(const std::string& msg) {
  std::fprintf(stderr, "skiff: error: resume: %s (see `skiff help resume`)\n", msg.c_str());
  return 2;
}

}  // namespace

int cmd_resume(const std::vector<std::string>& args) {
  std::string module_path, file;
  Config config;
  CheckpointFlags again;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string err;
    if (int r = parse_checkpoint_flag(args, i, again, &err); r != 0) {
      if (r < 0) return usage(err);
    } else if (a == "--module" || a == "--max-wasm-stack") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      if (a == "--module") {
        module_path = args[++i];
      } else {
        char* end = nullptr;
        const std::string& v = args[++i];
        unsigned long long n = std::strtoull(v.c_str(), &end, 10);
        if (v.empty() || v[0] == '-' || !end || *end) return usage("bad number '" + v + "'");
        config.max_wasm_stack = size_t(n);
      }
    } else if (!a.empty() && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else if (file.empty()) {
      file = a;
    } else {
      return usage("one checkpoint file only");
    }
  }
  if (file.empty()) return usage("missing CHECKPOINT");
  if (std::string e = check_checkpoint_flags(again, false); !e.empty()) return usage(e);
  const auto t0 = std::chrono::steady_clock::now();
  auto bytes = read_file(file);
  if (!bytes.ok()) return fail(file, bytes.error());
  auto info = checkpoint_info(*bytes);
  if (!info.ok()) return fail(file + ": " + info.error().message);
  if (module_path.empty()) module_path = info->module_path;
  if (module_path.empty()) return usage("the checkpoint names no module: give --module FILE");
  auto wasm = read_file(module_path);
  if (!wasm.ok()) return fail(module_path, wasm.error());
  config.guard_pages = info->guard_pages;
  Engine engine(config);
  auto module = is_wasm_binary(*wasm)
                    ? Module::compile(engine, *wasm)
                    : Module::compile_text(engine, std::string_view(reinterpret_cast<const char*>(wasm->data()),
                                                                    wasm->size()));
  if (!module.ok()) return fail(module_path, module.error(), !is_wasm_binary(*wasm));
  // As `skiff run`: once a store exists, leave with exit().
  auto done = [](int code) -> int { std::exit(code); };
  StoreLimits limits = info->limits();
  Store store(engine, limits);
  if (info->wasi) {
    if (Status s = store.set_wasi(*info->wasi); !s.ok()) return done(fail(s.error().message));
  }
  Linker linker(engine);
  if (Status s = linker.define_wasi(); !s.ok()) return done(fail(s.error().message));
  // Not linker.instantiate(): the start function ran in the checkpointed run.
  auto inst = instantiate_for_restore(store, linker, *module);
  if (!inst.ok()) return done(fail(module_path, inst.error().error));
  if (Status s = restore(store, *inst, *bytes); !s.ok()) return done(fail(file + ": " + s.error().message));
  if (std::getenv("SKIFF_CHECKPOINT_TIMING"))
    std::fprintf(stderr, "skiff: restore: %zu bytes read, module loaded and state restored in %.1f ms\n",
                 bytes->size(), ms_since(t0));
  if (std::string e = arm_checkpoint_flags(again, store); !e.empty()) return done(fail(e));
  auto r = resume(store);
  std::fflush(stdout);
  if (!r.ok()) {
    if (auto code = finish_checkpoint(again, store, *inst, module_path)) return done(*code);
    if (std::optional<int> code = store.wasi_exit_code()) return done(*code);
    std::fprintf(stderr, "error: %s\n", r.error().to_string().c_str());
    return done(134);
  }
  return done(0);
}

}  // namespace skiff::cli
