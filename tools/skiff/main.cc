// skiff: the command-line tool. One file per subcommand (cmd_*.cc); this file
// only dispatches and holds the help texts. Every failure is a message on
// stderr and exit code 1; nothing escapes as a crash (bad_alloc included).
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli_common.h"

namespace skiff::cli {
namespace {

constexpr const char* kVersion = "0.1.0";  // keep in step with project() in CMakeLists.txt

struct Subcommand {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
  const char* help;
};

constexpr Subcommand kCommands[] = {
    {"run", cmd_run, "run a module's _start, or call an export with --invoke",
     "usage: skiff run [OPTIONS] FILE [ARGS...]\n"
     "\n"
     "Instantiates FILE (.wasm or .wat) and calls its `_start` export (a module\n"
     "without one just runs its start function). With --invoke NAME, calls the export\n"
     "NAME instead, with ARGS parsed by its parameter types (i32/i64: decimal or 0x\n"
     "hex, signed or unsigned; f32/f64: decimal, inf, nan), and prints each result on\n"
     "its own line. WASI preview1 is provided: without --invoke, ARGS are the\n"
     "program's arguments; it sees only the directories given with --dir and the\n"
     "variables given with --env / --inherit-env. Other imports are an error.\n"
     "\n"
     "Exit status: the program's proc_exit code, else 0; 134 when it traps (the message and the\n"
     "wasm backtrace go to stderr); 1 for a module that does not load, validate or\n"
     "link; 2 for bad usage.\n"
     "\n"
     "options:\n"
     "  --invoke NAME     call export NAME instead of _start (after _initialize)\n"
     "  --dir HOST[::GUEST][:ro]  preopen directory HOST as GUEST (default: HOST),\n"
     "                    read-only with :ro; nothing outside it is reachable\n"
     "  --env KEY=VALUE   add an environment variable (repeatable)\n"
     "  --inherit-env     pass skiff's whole environment\n"
     "  --tcplisten HOST:PORT  pre-open a listening TCP socket (a descriptor after the\n"
     "                    --dir ones) that the program may accept connections on\n"
     "  --fuel N          stop with the trap \"all fuel consumed\" after about N\n"
     "                    wasm instructions (counted per function body entered and\n"
     "                    per loop iteration; deterministic)\n"
     "  --timeout DUR     stop with the trap \"interrupted\" after DUR (500ms, 2s, ...)\n"
     "  --max-wasm-stack BYTES  size of the value stack (default 64 MiB); deeper\n"
     "                    recursion traps with \"call stack exhausted\"\n"
     "  --bounds-checks   check every memory access explicitly instead of relying on\n"
     "                    guard pages and the fault handler (Config::guard_pages)\n"
     "  --tier=0|1|auto   0: the interpreter only; 1: compile every function with the\n"
     "                    tier-1 compiler (LLVM) before it runs; auto (the default when\n"
     "                    the build has the compiler): start in tier 0, compile hot\n"
     "                    functions and loops in the background (Config::tier). Same\n"
     "                    results, traps and fuel in every tier. --checkpoint-on and\n"
     "                    --deterministic run tier 0 (no other --tier); --record\n"
     "                    defaults to tier 0 and records any tier\n"
     "  --no-cache        --tier=1 of a .wasm without --fuel/--timeout keeps the machine\n"
     "                    code in an on-disk cache (a hit never loads the compiler),\n"
     "                    and tier auto runs the code it finds there; this compiles\n"
     "                    in memory instead and reads no cache\n"
     "  --cache-dir DIR   the cache's folder (default $XDG_CACHE_HOME/skiff, else\n"
     "                    ~/.cache/skiff); entries of another version or CPU, or\n"
     "                    corrupted ones, are compiled again\n"
     "  FILE.skc          (from `skiff compile`) runs its machine code without loading\n"
     "                    the compiler\n"
     "  --checkpoint-on=fuel:N|signal:USR1  stop at the first safepoint (function entry or\n"
     "                    loop header) after N units of fuel, or after SIGUSR1, write a\n"
     "                    checkpoint and exit 0 (a line on stderr names the file)\n"
     "  --checkpoint-file F  where --checkpoint-on writes (resume with `skiff resume F`)\n"
     "  --record LOG      record every WASI call (its results and the memory it wrote),\n"
     "                    the module's hash, args, env and preopens in LOG, for\n"
     "                    `skiff replay LOG FILE`\n"
     "  --deterministic   refuse shared memories (threads); every NaN a float operation\n"
     "                    makes is the canonical NaN (f32 0x7fc00000, f64\n"
     "                    0x7ff8000000000000, per SIMD lane); relaxed SIMD takes fixed\n"
     "                    choices in every mode\n"
     "  --profile OUT.svg|OUT.folded  sample the wasm call stack while the program runs\n"
     "                    and write a flame graph (interactive SVG) or folded stacks\n"
     "                    (every tier; compiled frames are the machine code's: a\n"
     "                    function LLVM inlined shows as its caller)\n"
     "  --profile-interval DUR  time between samples (default 1ms)\n"
     "  --no-backtrace-details  trap backtraces without DWARF file:line (on by default\n"
     "                    when the module has .debug_line)\n"},
    {"compile", cmd_compile, "compile a module ahead of time with tier 1 (OUT.skc for `skiff run`)",
     "usage: skiff compile [OPTIONS] IN -o OUT.skc\n"
     "\n"
     "Compiles every function of IN (.wasm or .wat) with the tier-1 compiler (LLVM)\n"
     "for this machine's CPU and writes OUT.skc: the module, its machine code and a\n"
     "header (format and Skiff versions, the engine configuration the code depends on,\n"
     "the CPU features it needs, a checksum). `skiff run OUT.skc` runs it without\n"
     "loading the compiler (~16 ms and ~38 MiB less start-up); functions tier 1\n"
     "cannot compile yet run in tier 0. A truncated, corrupted, foreign-version or\n"
     "foreign-CPU file is refused with the reason. With --fuel or --timeout, run\n"
     "ignores the machine code (it has no checks) and interprets the module.\n"
     "\n"
     "options:\n"
     "  -o OUT.skc        the output file (required)\n"
     "  --bounds-checks   compile memory accesses with explicit checks (run then\n"
     "                    runs without guard pages) instead of relying on guard pages\n"
     "  -O0 .. -O3        LLVM optimisation level (default -O2)\n"},
    {"snapshot", cmd_snapshot, "pre-initialise a module: run its init function, save the state",
     "usage: skiff snapshot [OPTIONS] IN -o OUT [ARGS...]\n"
     "\n"
     "Instantiates IN with WASI, calls its init function (the export\n"
     "`wizer.initialize`, else `_initialize`), and writes OUT: the same module\n"
     "starting in the state the init function left. Memories become data segments\n"
     "(runs of zeros left out; minimum size = the size after init), every defined\n"
     "global's value its initialiser, tables' entries element segments; the start\n"
     "section and the init export are dropped, `_start` and the other exports kept.\n"
     "OUT runs on any engine; what init read (args, env, files) is baked in, so run\n"
     "it with the same --dir preopens, in the same order. ARGS are the program's\n"
     "arguments after IN, as with `skiff run`.\n"
     "\n"
     "Refused, with the reason: imported memories, tables or mutable globals; GC\n"
     "objects, exceptions or host references in globals or tables (GC objects are\n"
     "not supported); files or sockets left open by init, or stdio / preopens\n"
     "closed. Exit status: 0; 1 for a module that does not load or a refused state;\n"
     "2 for bad usage; 134 when the start or init function traps or exits.\n"
     "\n"
     "options:\n"
     "  -o OUT            output file (required)\n"
     "  --init-func NAME  the init function's export (repeatable: the first present)\n"
     "  --dir HOST[::GUEST][:ro]  preopen a directory during init, as `skiff run`\n"
     "  --env KEY=VALUE   add an environment variable (repeatable)\n"
     "  --inherit-env     pass skiff's whole environment\n"},
    {"replay", cmd_replay, "re-run a recorded run (`skiff run --record`) from its log",
     "usage: skiff replay [--any-module] LOG FILE [ARGS...]\n"
     "\n"
     "Re-runs FILE as `skiff run --record LOG` recorded it: argv, environment and\n"
     "preopens come from the log, and every WASI call is answered from it (nothing on\n"
     "the host is read or changed: no --dir is needed, the clock, random numbers,\n"
     "stdin and files are the recorded ones). What the program writes to stdout and\n"
     "stderr is written again; writes to files are compared with the log, not done.\n"
     "The exit status is the recorded run's. ARGS, when given, must be the recorded\n"
     "ones.\n"
     "\n"
     "The first call that differs from the log (another function, other arguments,\n"
     "other bytes written, another path) stops the run with `skiff: error: replay\n"
     "diverged at call #N: the log has ..., the program made ...` and status 1; so\n"
     "do another module (by hash), another Skiff version, and a truncated or corrupt\n"
     "log.\n"
     "\n"
     "options:\n"
     "  --any-module      replay with another module (the calls are still compared)\n"},
    {"resume", cmd_resume, "continue a run from a checkpoint (`skiff run --checkpoint-on`)",
     "usage: skiff resume [--module FILE] [--max-wasm-stack BYTES] CHECKPOINT\n"
     "\n"
     "Continues the run that `skiff run --checkpoint-on=... --checkpoint-file CHECKPOINT`\n"
     "stopped, in this process: the module (the path the checkpoint names, or --module)\n"
     "with the saved memories, globals, tables, call stack, WASI args, env, preopens and\n"
     "open files (reopened by path, at their offsets) and fuel. The two runs' stdout\n"
     "together is the uninterrupted run's; the exit status is the program's (134 on a\n"
     "trap). Refused (exit 1): a checkpoint of another module, of another Skiff version or\n"
     "build, or a corrupted or truncated file. --checkpoint-on / --checkpoint-file\n"
     "checkpoint the resumed run again.\n"},
    {"validate", cmd_validate, "check that a module is well-formed and valid",
     "usage: skiff validate FILE\n"
     "\n"
     "Decodes (.wasm) or parses (.wat) FILE and validates it. The format is told by\n"
     "the file's first bytes, not its name. Prints nothing and exits 0 when the\n"
     "module is valid; otherwise prints the first error and exits 1.\n"},
    {"wat2wasm", cmd_wat2wasm, "translate WebAssembly text to binary",
     "usage: skiff wat2wasm IN -o OUT\n"
     "\n"
     "Parses IN (text, or a binary, which is re-encoded), validates it and writes\n"
     "the binary module to OUT.\n"
     "\n"
     "options:\n"
     "  -o OUT            output file (required)\n"
     "  --no-validate     write the module even if it does not validate\n"},
    {"wasm2wat", cmd_wasm2wat, "translate a binary module to WebAssembly text",
     "usage: skiff wasm2wat IN [-o OUT]\n"
     "\n"
     "Decodes IN (a binary, or text, which is re-printed) and prints it as\n"
     "WebAssembly text to OUT, or to standard output.\n"
     "\n"
     "options:\n"
     "  -o OUT            output file (default: standard output)\n"
     "  --no-validate     print the module even if it does not validate\n"},
    {"inspect", cmd_inspect, "show a module's sections, types, imports, exports, ...",
     "usage: skiff inspect FILE [--disassemble [--internal]]\n"
     "\n"
     "Prints the sections of FILE (id, name, offset, size), then its types, imports,\n"
     "functions (with names from the name section), tables, memories, globals, tags,\n"
     "exports, start function and element / data segment counts; for a valid module\n"
     "also its name and the signatures of its function and tag imports and exports.\n"
     "A text module is encoded first, so offsets are those of its binary form.\n"
     "\n"
     "options:\n"
     "  -d, --disassemble print every function body, one instruction per line with\n"
     "                    its byte offset\n"
     "  --internal        also print each function's translated interpreter code\n"
     "                    (@offset op fields: slots are frame byte offsets, ->@N a\n"
     "                    branch target); implies --disassemble\n"},
    {"wast", cmd_wast, "run WebAssembly spec test scripts (.wast)",
     "usage: skiff wast FILE... [-j N] [--verbose] [--xfail LIST] [--lax-messages] [--no-exec]\n"
     "\n"
     "Runs each script's commands in order. Every module must decode / parse and\n"
     "validate; assert_malformed modules must be rejected by the decoder or parser,\n"
     "assert_invalid modules by the validator, each with the expected message.\n"
     "Actions and assertions run on the interpreter with the spectest host module\n"
     "(assert_return with NaN patterns and reference classes, assert_trap,\n"
     "assert_exhaustion, assert_exception, assert_unlinkable, ...). Commands this\n"
     "engine cannot run (threads) count as skipped.\n"
     "Prints one line per failure (FILE:LINE: reason) and a final summary line\n"
     "`N passed, M failed, K skipped`; exits 1 when anything failed.\n"
     "\n"
     "options:\n"
     "  -j N              run N files in parallel (default: 1)\n"
     "  -v, --verbose     also list passes, skips and expected failures\n"
     "  --no-exec         only decode/parse and validate; skip everything else\n"
     "  --tier=0|1        0: the interpreter (default); 1: compile every module with the\n"
     "                    tier-1 compiler (LLVM) first; functions it cannot compile yet run\n"
     "                    in tier 0 and are counted in the summary\n"
     "  --bounds-checks   check every memory access explicitly instead of relying on\n"
     "                    guard pages and the fault handler\n"
     "  --deterministic   run as `skiff run --deterministic` does (canonical NaNs)\n"
     "  --xfail LIST      expected failures: lines `file:line reason`, where file is\n"
     "                    the path below the testsuite/ folder (e.g. simd_lane.wast:12)\n"
     "  --lax-messages    accept a rejection whatever its message (by default the\n"
     "                    message must start with the script's expected text, as in\n"
     "                    the reference interpreter)\n"},
};

const Subcommand* find_command(const std::string& name) {
  for (const Subcommand& c : kCommands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

void print_usage(FILE* out) {
  std::fprintf(out,
               "skiff %s: a WebAssembly 3.0 runtime\n"
               "\n"
               "usage: skiff COMMAND [ARGS...]\n"
               "\n"
               "commands:\n",
               kVersion);
  for (const Subcommand& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out,
               "  %-10s %s\n"
               "\n"
               "options:\n"
               "  -h, --help     show this help\n"
               "  --version      show the version\n"
               "\n"
               "Modules may be given as .wasm or .wat; the format is told by the content.\n"
               "Run `skiff help COMMAND` for a command's options.\n",
               "help", "show help for a command");
}

int help(const std::vector<std::string>& args) {
  if (args.empty()) {
    print_usage(stdout);
    return 0;
  }
  const Subcommand* c = find_command(args[0]);
  if (!c) return fail("unknown command '" + args[0] + "' (see `skiff --help`)");
  std::fputs(c->help, stdout);
  return 0;
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(stderr);
    return 1;
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") return help({});
  if (first == "--version" || first == "-V") {
    std::printf("skiff %s\n", kVersion);
    return 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "help") return help(rest);
  const Subcommand* c = find_command(first);
  if (!c) return fail("unknown command '" + first + "' (see `skiff --help`)");
  for (const std::string& a : rest) {
    if (a == "-h" || a == "--help") {
      std::fputs(c->help, stdout);
      return 0;
    }
    if (a == "--") break;
  }
  return c->run(rest);
}

}  // namespace
}  // namespace skiff::cli

int main(int argc, char** argv) {
  try {
    int rc = skiff::cli::run(argc, argv);
    if (std::fflush(stdout) != 0) return skiff::cli::fail("cannot write to standard output");
    return rc;
  } catch (const std::bad_alloc&) {
    return skiff::cli::fail("out of memory");
  } catch (const std::exception& e) {
    return skiff::cli::fail(std::string("internal error: ") + e.what());
  } catch (...) {
    return skiff::cli::fail("internal error");
  }
}
