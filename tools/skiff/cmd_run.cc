// skiff run [--invoke NAME] [--dir HOST[::GUEST][:ro]] [--env K=V] [--inherit-env]
//           [--fuel N] [--timeout DUR] [--max-wasm-stack BYTES] [--bounds-checks] [--tier=0|1|auto]
//           [--checkpoint-on=fuel:N|signal:USR1 --checkpoint-file F]
//           [--profile OUT.svg|OUT.folded] [--profile-interval DUR] [--no-backtrace-details]
//           FILE [ARGS...]
//
// Instantiates FILE (.wasm or .wat) and runs its `_start`, or with --invoke the
// named export with ARGS parsed by the export's parameter types, printing each
// result on its own line. A trap prints `error: <message>` and the wasm backtrace
// on stderr and exits with 134, as wasmtime does. Imports that nothing provides are
// an error, except WASI preview1 (src/wasi), which every module gets: ARGS are the
// guest's argv after FILE (with --invoke they are the export's arguments instead),
// its files are only the --dir preopens, its environment only --env / --inherit-env.
// proc_exit's code becomes skiff's exit status.
//
// Everything here goes through the public embedding API (include/skiff/): the
// Engine's Config carries --max-wasm-stack and --bounds-checks (guard_pages), the
// StoreLimits --fuel and --timeout (interruptible, and an InterruptHandle on a
// watchdog thread, so the deadline covers instantiation, _initialize and the call
// together), the WasiConfig the WASI flags, and Linker::define_wasi the imports.
// So every flag is something an embedder can do as well. (SKIFF_VERIFY_CODE=1,
// the translated-code verifier, is read inside the engine.)
#include <unistd.h>  // environ

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli_common.h"
#include "compiler/compiler_loader.h"
#include "support/file_bytes.h"
#include "run_record.h"
#include "run_checkpoint.h"
#include "run_observe.h"
#include "skiff/engine.h"
#include "skiff/func.h"
#include "skiff/instance.h"
#include "skiff/linker.h"
#include "skiff/module.h"
#include "skiff/store.h"
#include "skiff/trap.h"
#include "skiff/types.h"
#include "skiff/val.h"
#include "skiff/wasi.h"
#include "run_threads.h"
#include "run_aot.h"

namespace skiff::cli {
namespace {

constexpr int kTrapExit = 134;
constexpr int kUsageExit = 2;

int usage(const std::string& msg) {
  std::fprintf(stderr, "skiff: error: run: %s (see `skiff help run`)\n", msg.c_str());
  return kUsageExit;
}

std::optional<uint64_t> parse_int(const std::string& s, unsigned bits) {
  if (s.empty()) return std::nullopt;
  bool neg = s[0] == '-';
  std::string_view v(s);
  if (neg || s[0] == '+') v.remove_prefix(1);
  int base = 10;
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    base = 16;
    v.remove_prefix(2);
  }
  uint64_t x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x, base);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) return std::nullopt;
  const uint64_t umax = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  if (neg) {
    if (x > (umax >> 1) + 1) return std::nullopt;
    return (~x + 1) & umax;
  }
  if (x > umax) return std::nullopt;
  return x;
}

std::optional<double> parse_float(const std::string& s) {
  std::string t = s;
  bool neg = !t.empty() && t[0] == '-';
  std::string body = (neg || (!t.empty() && t[0] == '+')) ? t.substr(1) : t;
  if (body == "inf" || body == "infinity") return neg ? -INFINITY : INFINITY;
  if (body == "nan") return neg ? -NAN : NAN;
  double d = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return d;
}

std::optional<Val> parse_arg(const std::string& s, const ValType& t) {
  switch (t.kind) {
    case ValKind::I32:
      if (auto v = parse_int(s, 32)) return Val::i32(int32_t(uint32_t(*v)));
      return std::nullopt;
    case ValKind::I64:
      if (auto v = parse_int(s, 64)) return Val::i64(int64_t(*v));
      return std::nullopt;
    case ValKind::F32:
      if (auto v = parse_float(s)) return Val::f32(float(*v));
      return std::nullopt;
    case ValKind::F64:
      if (auto v = parse_float(s)) return Val::f64(*v);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// Shortest text that reads back to the same value (like wasmtime's output).
template <class F>
std::string float_text(F f) {
  if (std::isnan(f)) return std::signbit(f) ? "-NaN" : "NaN";
  if (std::isinf(f)) return f < 0 ? "-inf" : "inf";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, f);
  return ec == std::errc() ? std::string(buf, p) : std::string("?");
}

std::string val_text(const Val& v) {
  char buf[64];
  switch (v.kind()) {
    case ValKind::I32:
      std::snprintf(buf, sizeof buf, "%" PRId32, v.as_i32());
      return buf;
    case ValKind::I64:
      std::snprintf(buf, sizeof buf, "%" PRId64, v.as_i64());
      return buf;
    case ValKind::F32:
      return float_text(v.as_f32());
    case ValKind::F64:
      return float_text(v.as_f64());
    case ValKind::V128: {
      std::array<uint8_t, 16> b = v.as_v128();
      std::string s = "0x";
      for (int i = 15; i >= 0; --i) {
        std::snprintf(buf, sizeof buf, "%02x", b[size_t(i)]);
        s += buf;
      }
      return s;
    }
    default:
      return v.is_null() ? "null" : "<ref>";
  }
}

// "500ms", "2s", "1.5s", "100us", "3m": the duration in microseconds.
std::optional<uint64_t> parse_duration(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double v = std::strtod(s.substr(0, i).c_str(), nullptr);
  std::string unit = s.substr(i);
  double us = unit == "us"                  ? v
              : unit == "ms"                ? v * 1e3
              : unit == "s" || unit.empty() ? v * 1e6
              : unit == "m"                 ? v * 60e6
                                            : -1;
  if (us < 0) return std::nullopt;
  return uint64_t(us);
}

// Interrupts `store` after `us` microseconds unless stopped first.
class Watchdog {
 public:
  Watchdog(InterruptHandle handle, uint64_t us) {
    thread_ = std::thread([this, handle, us] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::microseconds(us), [this] { return done_; }))
        handle.interrupt();
    });
  }
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

int cmd_run(const std::vector<std::string>& args) {
  std::string invoke;
  std::string path;
  std::vector<std::string> guest_args;
  std::optional<uint64_t> fuel, timeout_us;
  Config config;
  WasiConfig wasi;
  std::string record_path;  // --record (run_record.h)
  bool use_cache = true;    // --tier=1: the on-disk code cache (run_aot.h cached_aot)
  std::string cache_dir;    // --cache-dir (default $XDG_CACHE_HOME/skiff)
  bool tier_given = false;  // --tier=...; else auto (below)
  CheckpointFlags ckpt;  // --checkpoint-on / --checkpoint-file (run_checkpoint.cc)
  ObserveFlags observe;  // --profile*, --no-backtrace-details (run_observe.cc)
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string observe_err;
    if (int r = parse_observe_flag(args, i, observe, config, &observe_err); r != 0) {
      if (r < 0) return usage(observe_err);
    } else if (a == "--fuel" || a == "--timeout" || a == "--max-wasm-stack") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      const std::string& v = args[++i];
      if (a == "--timeout") {
        timeout_us = parse_duration(v);
        if (!timeout_us) return usage("bad duration '" + v + "' (e.g. 500ms, 2s)");
      } else {
        auto n = parse_int(v, 64);
        if (!n || v[0] == '-') return usage("bad number '" + v + "'");
        if (a == "--fuel") fuel = *n;
        else config.max_wasm_stack = size_t(*n);
      }
    } else if (a == "--tcplisten") {
      if (i + 1 >= args.size()) return usage(a + " needs HOST:PORT");
      wasi.tcp_listen.push_back(args[++i]);
    } else if (a == "--dir" || a == "--env") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      std::string v = args[++i];
      if (a == "--env") {
        if (v.find('=') == std::string::npos) return usage("--env wants KEY=VALUE");
        wasi.env.push_back(v);
      } else {
        WasiDir d;
        if (!parse_wasi_dir(v, &d)) return usage("--dir wants HOST[::GUEST][:ro]");
        wasi.dirs.push_back(d);
      }
    } else if (std::string ce; int r = parse_checkpoint_flag(args, i, ckpt, &ce)) {
      if (r < 0) return usage(ce);
    } else if (a == "--record") {
      if (i + 1 >= args.size()) return usage("--record needs a file");
      record_path = args[++i];
    } else if (a == "--deterministic") {
      config.deterministic = true;
    } else if (a == "--bounds-checks") {
      config.guard_pages = false;
    } else if (a == "--no-cache") {
      use_cache = false;
    } else if (a == "--cache-dir") {
      if (i + 1 >= args.size()) return usage("--cache-dir needs a directory");
      cache_dir = args[++i];
    } else if (a.rfind("--tier=", 0) == 0) {
      std::string t = a.substr(7);
      if (t == "0") config.tier = Tier::Interpreter;
      else if (t == "1") config.tier = Tier::Compiler;
      else if (t == "auto") config.tier = Tier::Auto;
      else return usage("--tier takes 0, 1 or auto, not '" + t + "'");
      tier_given = true;
    } else if (a == "--inherit-env") {
      for (char** e = environ; e && *e; ++e) wasi.env.push_back(*e);
    } else if (a == "--invoke") {
      if (i + 1 >= args.size()) return usage("--invoke needs a function name");
      invoke = args[++i];
    } else if (a.rfind("--invoke=", 0) == 0) {
      invoke = a.substr(9);
    } else if (a == "--") {
      ++i;
      break;
    } else if (!a.empty() && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      break;
    }
  }
  if (i >= args.size()) return usage("missing FILE");
  path = args[i++];
  guest_args.assign(args.begin() + long(i), args.end());
  if (std::string e = check_checkpoint_flags(ckpt, !invoke.empty()); !e.empty()) return usage(e);
  // Without --tier: auto (start in tier 0, compile hot code in the background),
  // unless the build has no compiler or a flag needs tier 0's frames or NaNs.
  // --record defaults to tier 0 too (a replay runs there, and only NaN payloads
  // could differ), but records any tier: the log is of WASI calls.
  if (!tier_given)
    config.tier = ckpt.on || !record_path.empty() || config.deterministic || !compiler::build_has_compiler()
                      ? Tier::Interpreter
                      : Tier::Auto;
  if (config.tier != Tier::Interpreter) {
    // These need the interpreter's frames (or its NaN canonicalisation).
    const char* t = config.tier == Tier::Auto ? "--tier=auto" : "--tier=1";
    if (ckpt.on) return usage(std::string(t) + " does not run with --checkpoint-on yet (use --tier=0)");
    if (config.deterministic) return usage(std::string(t) + " does not run with --deterministic yet (use --tier=0)");
  }

  // The file is read here (not with Module::from_file) to tell text from binary,
  // which decides how an error's place is printed.
  auto bytes = FileBytes::open(path);
  if (!bytes.ok()) return fail(path, bytes.error());
  // An ahead-of-time file (`skiff compile`): its machine code runs without the
  // compiler library (run_aot.h); the engine itself stays in tier 0.
  std::shared_ptr<const void> aot;
  if (is_aot_file(*bytes)) {
    if (ckpt.on || !record_path.empty() || config.deterministic)
      return usage("a .skc file runs compiled code: --checkpoint-on, --record and "
                   "--deterministic need the .wasm in tier 0");
    std::vector<uint8_t> wasm;
    bool guarded = true;
    auto a = open_aot(*bytes, &wasm, &guarded);
    if (!a.ok()) return fail(path, a.error());
    aot = std::move(*a);
    *bytes = FileBytes::from_vector(std::move(wasm));
    config.tier = Tier::Interpreter;
    if (!guarded) config.guard_pages = false;  // the code has explicit bounds checks
  } else if (config.tier != Tier::Interpreter && use_cache && is_wasm_binary(*bytes) && !fuel &&
             !timeout_us && !ckpt.on && record_path.empty() && !config.deterministic) {
    // --tier=1: the module's code from the on-disk cache (a hit never loads the
    // compiler), or compiled ahead of time now and cached. Tier auto: the cached
    // code when there is some (an earlier --tier=1 run or `skiff compile`d into
    // the cache), else tiering up as usual.
    if (config.tier == Tier::Compiler) {
      bool hit = false;
      auto a = cached_aot(*bytes, config.guard_pages, cache_dir, &hit);
      if (!a.ok()) return fail(path, a.error());
      aot = std::move(*a);
    } else {
      aot = lookup_cached_aot(*bytes, config.guard_pages, cache_dir);
    }
    if (aot) config.tier = Tier::Interpreter;
  }
  const bool from_text = !is_wasm_binary(*bytes);
  Engine engine(config);
  auto module = from_text ? Module::compile_text(engine, std::string_view(
                                                             reinterpret_cast<const char*>(bytes->data()),
                                                             bytes->size()))
                          : Module::compile(engine, *bytes);
  if (!module.ok()) return fail(path, module.error(), from_text);

  // Once a store exists, every way out ends the process with exit() (stdio flushed,
  // static destructors run) without unwinding this frame: tearing down a store
  // (reservations, stacks, the heap) only costs time when the OS reclaims
  // everything anyway.
  Store* profiled = nullptr;  // the profile is written on every way out
  Store* live = nullptr;      // its background compiles must end before exit()
  auto done = [&](int code) -> int {
    // Tier auto: a batch still compiling is not waited for (it can take seconds);
    // the process then leaves without running static destructors, LLVM's among
    // them, which would run under the compile.
    const bool compiling = live && live->stop_background_compilation(/*wait=*/false);
    if (profiled) finish_observing(*profiled, observe);
    run_exit(record_replay_exit(code), compiling);  // _Exit once wasi-threads run
  };
  StoreLimits limits;
  limits.fuel = fuel;
  limits.interruptible = timeout_us.has_value();
  checkpoint_limits(ckpt, limits);
  Store store(engine, limits);
  live = &store;
  if (aot) {
    if (Status s = attach_aot(aot, *module, store); !s.ok()) return done(fail(path, s.error()));
  }
  if (std::string e = start_observing(store, observe); !e.empty()) return done(fail(e));
  if (!observe.profile_out.empty()) profiled = &store;
  std::optional<Watchdog> watchdog;
  if (timeout_us) watchdog.emplace(store.interrupt_handle(), *timeout_us);
  if (std::string e = arm_checkpoint_flags(ckpt, store); !e.empty()) return done(fail(e));
  wasi.args.push_back(path);
  for (const std::string& g : guest_args) wasi.args.push_back(g);
  if (Status s = store.set_wasi(wasi); !s.ok()) return done(fail(s.error().message));
  if (Status s = record_replay_attach(store, *bytes, wasi, record_path, invoke, guest_args,
                                      config.deterministic);
      !s.ok())
    return done(fail(s.error().message));
  Linker linker(engine);
  if (Status s = linker.define_wasi(); !s.ok()) return done(fail(s.error().message));
  if (std::string e = enable_wasi_threads(engine, linker, *module); !e.empty()) return done(fail(path, Error{e}));
  // A trap of the guest: its proc_exit status, else the message and backtrace.
  auto trapped = [&](const Trap& t) -> int {
    std::fflush(stdout);
    if (replay_diverged()) return done(1);  // the divergence is printed on exit
    if (std::optional<int> code = store.wasi_exit_code()) return done(*code);
    std::fprintf(stderr, "error: %s\n", t.to_string().c_str());
    return done(kTrapExit);
  };
  auto inst = linker.instantiate(store, *module);
  if (!inst.ok()) {
    if (inst.error().trap) return trapped(*inst.error().trap);
    return done(fail(path, inst.error().error));
  }

  std::string name = invoke.empty() ? "_start" : invoke;
  std::optional<Func> f = inst->func(name);
  if (!f) {
    if (invoke.empty()) {
      // No _start: a reactor runs its _initialize; otherwise instantiating was the run.
      std::optional<Func> init = inst->func("_initialize");
      if (!init) return done(0);
      auto r = init->call({});
      if (!r.ok()) return trapped(r.error());
      return done(0);
    }
    return done(fail(path + ": no exported function \"" + name + "\""));
  }
  const FuncType sig = f->type();
  std::vector<Val> call_args;
  if (!invoke.empty()) {
    if (guest_args.size() != sig.params.size())
      return usage("\"" + name + "\" takes " + std::to_string(sig.params.size()) +
                   " arguments, " + std::to_string(guest_args.size()) + " given");
    for (size_t k = 0; k < guest_args.size(); ++k) {
      auto v = parse_arg(guest_args[k], sig.params[k]);
      if (!v)
        return usage("argument " + std::to_string(k + 1) + " '" + guest_args[k] +
                     "' is not a valid " + sig.params[k].text);
      call_args.push_back(*v);
    }
  } else if (!sig.params.empty()) {
    return done(fail(path + ": _start must take no parameters"));
  }
  // A reactor's _initialize runs first (WASI application ABI).
  if (!invoke.empty()) {
    if (std::optional<Func> init = inst->func("_initialize")) {
      auto r = init->call({});
      if (!r.ok()) return trapped(r.error());
    }
  }
  auto results = f->call(call_args);
  if (!results.ok()) {
    if (auto code = finish_checkpoint(ckpt, store, *inst, path)) return done(*code);
    return trapped(results.error());
  }
  for (const Val& v : *results) std::printf("%s\n", val_text(v).c_str());
  return done(0);
}

}  // namespace skiff::cli
