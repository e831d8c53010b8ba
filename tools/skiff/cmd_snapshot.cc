// skiff snapshot IN -o OUT [--init-func NAME] [--dir HOST[::GUEST][:ro]] [--env K=V]
//                [--inherit-env] [-- ARGS...]
//
// Pre-initialisation (skiff::preinitialize): instantiates IN with WASI (the same
// flags as `skiff run`: ARGS are argv after IN), runs its init function
// (`wizer.initialize`, else `_initialize`, or --init-func NAME) and writes OUT, a
// module that starts in the state the init function left. Prints a one-line
// summary on stderr. Exit status: 0, 1 when the module does not load or its state
// cannot be snapshotted (the reason is printed), 2 for bad usage, 134 when the
// start or init function traps.
#include <unistd.h>  // environ

#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_common.h"
#include "skiff/engine.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/snapshot.h"
#include "skiff/store.h"
#include "skiff/wasi.h"

namespace skiff::cli {
namespace {

int snapshot_usage(const std::string& msg) {
  std::fprintf(stderr, "skiff: error: snapshot: %s (see `skiff help snapshot`)\n", msg.c_str());
  return 2;
}

}  // namespace

int cmd_snapshot(const std::vector<std::string>& args) {
  std::string in, out;
  PreinitOptions opts;
  bool init_given = false;
  WasiConfig wasi;
  std::vector<std::string> guest_args;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--init-func" || a == "--dir" || a == "--env") {
      if (i + 1 >= args.size()) return snapshot_usage(a + " needs a value");
      std::string v = args[++i];
      if (a == "-o") {
        out = v;
      } else if (a == "--init-func") {
        if (!init_given) opts.init_funcs.clear();
        init_given = true;
        opts.init_funcs.push_back(v);
      } else if (a == "--env") {
        if (v.find('=') == std::string::npos) return snapshot_usage("--env wants KEY=VALUE");
        wasi.env.push_back(v);
      } else {  // --dir HOST[::GUEST][:ro], as in `skiff run`
        WasiDir d;
        if (!parse_wasi_dir(v, &d)) return snapshot_usage("--dir wants HOST[::GUEST][:ro]");
        wasi.dirs.push_back(d);
      }
    } else if (a == "--inherit-env") {
      for (char** e = environ; e && *e; ++e) wasi.env.push_back(*e);
    } else if (a == "--") {
      ++i;
      break;
    } else if (!a.empty() && a[0] == '-') {
      return snapshot_usage("unknown option '" + a + "'");
    } else if (in.empty()) {
      in = a;
    } else {
      break;
    }
  }
  if (in.empty() && i < args.size()) in = args[i++];
  guest_args.assign(args.begin() + long(i), args.end());
  if (in.empty()) return snapshot_usage("missing input FILE");
  if (out.empty()) return snapshot_usage("missing -o OUT");

  auto bytes = read_file(in);
  if (!bytes.ok()) return fail(in, bytes.error());
  const bool from_text = !is_wasm_binary(*bytes);
  Engine engine;
  auto module = from_text ? Module::compile_text(engine, std::string_view(
                                                             reinterpret_cast<const char*>(bytes->data()),
                                                             bytes->size()))
                          : Module::compile(engine, *bytes);
  if (!module.ok()) return fail(in, module.error(), from_text);

  Store store(engine);
  wasi.args.push_back(in);
  for (const std::string& g : guest_args) wasi.args.push_back(g);
  if (Status s = store.set_wasi(wasi); !s.ok()) return fail(s.error().message);
  Linker linker(engine);
  if (Status s = linker.define_wasi(); !s.ok()) return fail(s.error().message);
  auto r = preinitialize(linker, store, *module, opts);
  if (!r.ok()) {
    const InstantiateError& e = r.error();
    std::fflush(stdout);
    if (e.trap) {
      std::fprintf(stderr, "skiff: error: %s: %s\n", in.c_str(), e.error.message.c_str());
      if (e.trap->exit_code() < 0) std::fprintf(stderr, "%s\n", e.trap->to_string().c_str());
      return 134;
    }
    return fail(in, e.error, from_text);
  }
  std::fflush(stdout);
  if (Status s = write_file(out, r->wasm); !s.ok()) return fail(out, s.error());
  std::fprintf(stderr,
               "skiff: snapshot: ran \"%s\"; wrote %s (%zu bytes): %" PRIu64 " of %" PRIu64
               " memory bytes in %u data segments, %u element segments",
               r->init_func.c_str(), out.c_str(), r->wasm.size(), r->data_bytes, r->memory_bytes,
               r->data_segments, r->elem_segments);
  if (r->gc_objects) std::fprintf(stderr, ", %u GC objects (as globals)", r->gc_objects);
  std::fputc('\n', stderr);
  return 0;
}

}  // namespace skiff::cli
