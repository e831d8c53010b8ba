// The `skiff` command-line tool, run as a process: exit codes, error format,
// and that wat2wasm's output decodes and validates.
//
// The binary is found next to the build folder of this test (../skiff from
// tests/), or through the SKIFF_EXE environment variable.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "valid/validator.h"

namespace {

namespace fs = std::filesystem;

std::string skiff_exe() {
  if (const char* e = std::getenv("SKIFF_EXE")) return e;
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (fs::path dir = self.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    fs::path cand = dir / "skiff";
    if (fs::is_regular_file(cand, ec)) return cand.string();
  }
  return {};
}

struct Proc {
  int code = -1;
  std::string out;
  std::string err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    exe_ = skiff_exe();
    if (exe_.empty()) GTEST_SKIP() << "skiff binary not found (set SKIFF_EXE)";
    dir_ = fs::temp_directory_path() /
           ("skiff-cli-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, const std::string& content) {
    std::ofstream f(path(name), std::ios::binary);
    f << content;
    return path(name);
  }

  static std::string slurp(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  Proc run(const std::vector<std::string>& args) {
    std::string cmd = "'" + exe_ + "'";
    for (const std::string& a : args) cmd += " '" + a + "'";
    cmd += " >'" + path("stdout") + "' 2>'" + path("stderr") + "'";
    int st = std::system(cmd.c_str());
    Proc r;
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    r.out = slurp(path("stdout"));
    r.err = slurp(path("stderr"));
    return r;
  }

  std::string exe_;
  fs::path dir_;
};

const char* kAddWat =
    "(module\n"
    "  (func $add (export \"add\") (param i32 i32) (result i32)\n"
    "    local.get 0\n"
    "    local.get 1\n"
    "    i32.add)\n"
    "  (memory 1)\n"
    "  (global (mut i32) (i32.const 0)))\n";

TEST_F(Cli, VersionAndHelp) {
  Proc v = run({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("skiff ", 0), 0u) << v.out;
  Proc h = run({"--help"});
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("wat2wasm"), std::string::npos);
  Proc hc = run({"help", "wast"});
  EXPECT_EQ(hc.code, 0);
  EXPECT_NE(hc.out.find("-j N"), std::string::npos);
  Proc none = run({});
  EXPECT_EQ(none.code, 1);
}

TEST_F(Cli, UnknownCommandAndOption) {
  Proc r = run({"frobnicate"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("skiff: error: ", 0), 0u) << r.err;
  Proc o = run({"validate", "--bogus", "x.wat"});
  EXPECT_EQ(o.code, 1);
  Proc h = run({"help", "frobnicate"});
  EXPECT_EQ(h.code, 1);
}

TEST_F(Cli, ValidateTextAndBinary) {
  std::string wat = write("add.wat", kAddWat);
  EXPECT_EQ(run({"validate", wat}).code, 0);
  // The format is sniffed from the content, not the extension.
  std::string odd = write("add.wasm", kAddWat);
  EXPECT_EQ(run({"validate", odd}).code, 0);
  std::string empty_mod = write("empty.bin", std::string("\0asm\1\0\0\0", 8));
  EXPECT_EQ(run({"validate", empty_mod}).code, 0);
}

TEST_F(Cli, ValidateErrors) {
  Proc missing = run({"validate", path("nope.wasm")});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("nope.wasm"), std::string::npos);

  // Truncated binary: an error with a byte offset.
  std::string trunc = write("trunc.wasm", std::string("\0asm\1\0\0\0\1\5\1", 11));
  Proc t = run({"validate", trunc});
  EXPECT_EQ(t.code, 1);
  EXPECT_EQ(t.err.rfind("skiff: error: " + trunc + ":0x", 0), 0u) << t.err;

  // Text syntax error: line:column.
  std::string bad = write("bad.wat", "(module\n  (func (i32.frob)))\n");
  Proc b = run({"validate", bad});
  EXPECT_EQ(b.code, 1);
  EXPECT_EQ(b.err.rfind("skiff: error: " + bad + ":2:", 0), 0u) << b.err;

  // Well-formed but invalid.
  std::string inv = write("inv.wat", "(module (func (result i32) (i64.const 0)))");
  Proc i = run({"validate", inv});
  EXPECT_EQ(i.code, 1);
  EXPECT_NE(i.err.find("type mismatch"), std::string::npos) << i.err;

  // A validation error of a text module is placed at the instruction's line:column
  // (validate and wat2wasm alike), not at an offset into the encoded binary.
  std::string inv2 = write("inv2.wat",
                           "(module\n  (func (param i32)\n    local.get 0\n    f32.neg\n    drop))\n");
  const std::string wasm_out = path("inv2.wasm");
  for (const Proc& r : {run({"validate", inv2}), run({"wat2wasm", inv2, "-o", wasm_out})}) {
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("skiff: error: " + inv2 + ":4:5: func 0: type mismatch", 0), 0u) << r.err;
  }
}

TEST_F(Cli, GarbageNeverCrashes) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += char((i * 7919 + 13) & 0xff);
  std::string a = write("junk.wasm", std::string("\0asm\1\0\0\0", 8) + junk);
  std::string b = write("junk.wat", junk);
  for (const std::string& f : {a, b}) {
    for (const char* cmd : {"validate", "inspect"}) {
      Proc r = run({cmd, f});
      EXPECT_EQ(r.code, 1) << cmd << " " << f;
      EXPECT_EQ(r.err.rfind("skiff: error: ", 0), 0u) << r.err;
    }
  }
}

TEST_F(Cli, Wat2WasmOutputDecodes) {
  std::string wat = write("add.wat", kAddWat);
  std::string out = path("add.wasm");
  Proc r = run({"wat2wasm", wat, "-o", out});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string bytes = slurp(out);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("\0asm", 4));
  auto m = skiff::binary::decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ(m->funcs.size(), 1u);
  EXPECT_TRUE(skiff::valid::validate(*m).ok());
  EXPECT_EQ(run({"validate", out}).code, 0);

  // Missing -o is an error.
  EXPECT_EQ(run({"wat2wasm", wat}).code, 1);
}

TEST_F(Cli, Wasm2Wat) {
  std::string wat = write("add.wat", kAddWat);
  std::string wasm = path("add.wasm");
  ASSERT_EQ(run({"wat2wasm", wat, "-o", wasm}).code, 0);
  Proc r = run({"wasm2wat", wasm});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("(module"), std::string::npos);
  EXPECT_NE(r.out.find("i32.add"), std::string::npos);
  // Round trip: the printed text is accepted again.
  std::string back = write("back.wat", r.out);
  EXPECT_EQ(run({"validate", back}).code, 0);
}

TEST_F(Cli, Inspect) {
  std::string wat = write("add.wat", kAddWat);
  Proc r = run({"inspect", wat});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Sections:"), std::string::npos);
  EXPECT_NE(r.out.find("type"), std::string::npos);
  EXPECT_NE(r.out.find("\"add\" func 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("$add"), std::string::npos) << r.out;
  // A valid module's signatures, from the public Module API.
  EXPECT_NE(r.out.find("\"add\" func 0 $add (i32, i32) -> (i32)\n"), std::string::npos) << r.out;
  Proc d = run({"inspect", "--disassemble", wat});
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.out.find("i32.add"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("local.get 1"), std::string::npos) << d.out;
  // The interpreter's code: the parameters are slots 0 and 8, added into a temporary.
  Proc i = run({"inspect", "--internal", wat});
  ASSERT_EQ(i.code, 0) << i.err;
  EXPECT_NE(i.out.find(";; internal code"), std::string::npos) << i.out;
  size_t add = i.out.find("i32_add ");
  ASSERT_NE(add, std::string::npos) << i.out;
  EXPECT_EQ(i.out.substr(i.out.find('\n', add) - 4, 4), " 0 8") << i.out;
  EXPECT_NE(i.out.find("return"), std::string::npos) << i.out;
}

TEST_F(Cli, RunDeterministicCanonicalisesNaNs) {
  // NaNs with a sign and payload from each family, returned as integer bits.
  std::string w = write("nan.wat", R"((module
  (func (export "f32_add") (result i32)
    (i32.reinterpret_f32 (f32.add (f32.const -nan:0x200001) (f32.const 1))))
  (func (export "f32_sqrt_set") (result i32) (local f32)
    (local.set 0 (f32.sqrt (f32.const -1)))
    (i32.reinterpret_f32 (local.get 0)))
  (func (export "f64_min") (result i64)
    (i64.reinterpret_f64 (f64.min (f64.const 1) (f64.const -nan:0x1))))
  (func (export "f32_demote") (result i32)
    (i32.reinterpret_f32 (f32.demote_f64 (f64.const -nan:0xfffffffffffff))))
  (func (export "f64_promote") (result i64)
    (i64.reinterpret_f64 (f64.promote_f32 (f32.const -nan:0x1))))
  (func (export "f32x4_lanes") (result i64)
    (i64x2.extract_lane 0 (f32x4.add (v128.const f32x4 -nan:0x1 1 2 3)
                                     (v128.const f32x4 1 -nan:0x2 1 1))))
  (func (export "f32x4_relaxed_madd") (result i32)
    (i32x4.extract_lane 0 (f32x4.relaxed_madd (v128.const f32x4 -nan:0x9 0 0 0)
      (v128.const f32x4 1 1 1 1) (v128.const f32x4 1 1 1 1))))
  (func (export "f32_neg") (result i32)
    (i32.reinterpret_f32 (f32.neg (f32.const nan:0x1))))))");
  const std::string c32 = "2143289344\n";            // 0x7fc00000
  const std::string c64 = "9221120237041090560\n";   // 0x7ff8000000000000
  const std::string c32x2 = "9205357640488583168\n";  // two 0x7fc00000 lanes
  struct Case {
    const char* fn;
    std::string det;
  } cases[] = {{"f32_add", c32},   {"f32_sqrt_set", c32}, {"f64_min", c64},
               {"f32_demote", c32}, {"f64_promote", c64}, {"f32x4_lanes", c32x2},
               {"f32x4_relaxed_madd", c32}};
  for (const Case& k : cases) {
    Proc d = run({"run", "--deterministic", "--invoke", k.fn, w});
    EXPECT_EQ(d.code, 0) << k.fn << ": " << d.err;
    EXPECT_EQ(d.out, k.det) << k.fn;
#if defined(__x86_64__)
    // Without the flag the host's NaN (sign and payload kept) comes through.
    Proc h = run({"run", "--invoke", k.fn, w});
    EXPECT_EQ(h.code, 0) << k.fn << ": " << h.err;
    EXPECT_NE(h.out, k.det) << k.fn;
#endif
  }
  // A bit operation keeps its NaN's bits (0xff800001) in either mode.
  EXPECT_EQ(run({"run", "--deterministic", "--invoke", "f32_neg", w}).out, "-8388607\n");
  EXPECT_EQ(run({"run", "--invoke", "f32_neg", w}).out, "-8388607\n");
}

TEST_F(Cli, RunInvokeStartAndTraps) {
  std::string w = write("run.wat", R"((module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "mix") (param i64 f32 f64) (result i64 f32 f64)
    (local.get 0) (local.get 1) (local.get 2))
  (func $inner (unreachable))
  (func (export "_start") (call $inner))))");
  Proc r = run({"run", "--invoke", "fib", w, "20"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "6765\n");
  Proc m = run({"run", "--invoke", "mix", w, "-0x10", "1.5", "-inf"});
  EXPECT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(m.out, "-16\n1.5\n-inf\n");
  Proc t = run({"run", w});
  EXPECT_EQ(t.code, 134);
  EXPECT_NE(t.err.find("error: unreachable"), std::string::npos) << t.err;
  EXPECT_NE(t.err.find("at func[2] inner"), std::string::npos) << t.err;
  Proc bad = run({"run", "--invoke", "fib", w, "twelve"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("not a valid i32"), std::string::npos) << bad.err;
  Proc count = run({"run", "--invoke", "fib", w});
  EXPECT_EQ(count.code, 2);
  std::string imp = write("imp.wat", "(module (import \"env\" \"f\" (func)))");
  Proc i = run({"run", imp});
  EXPECT_EQ(i.code, 1);
  EXPECT_NE(i.err.find("unknown import \"env\" \"f\""), std::string::npos) << i.err;
}

TEST_F(Cli, RunLimits) {
  std::string spin = write("spin.wat", "(module (func (export \"_start\") (loop $l (br $l))))");
  Proc t = run({"run", "--timeout", "200ms", spin});
  EXPECT_EQ(t.code, 134);
  EXPECT_NE(t.err.find("error: interrupted"), std::string::npos) << t.err;
  Proc f = run({"run", "--fuel", "100000", spin});
  EXPECT_EQ(f.code, 134);
  EXPECT_NE(f.err.find("error: all fuel consumed"), std::string::npos) << f.err;
  std::string rec = write("rec.wat", "(module (func $r (export \"_start\") (call $r)))");
  Proc r = run({"run", "--max-wasm-stack", "65536", rec});
  EXPECT_EQ(r.code, 134);
  EXPECT_NE(r.err.find("error: call stack exhausted"), std::string::npos) << r.err;
  Proc bad = run({"run", "--timeout", "soon", spin});
  EXPECT_EQ(bad.code, 2);
  // Explicit bounds checks (Config::guard_pages = false) trap the same way.
  std::string oob = write("oob.wat", R"((module (memory 1)
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
  for (bool checks : {false, true}) {
    std::vector<std::string> pre = {"run"};
    if (checks) pre.push_back("--bounds-checks");
    auto with = [&](std::vector<std::string> rest) {
      std::vector<std::string> v = pre;
      v.insert(v.end(), rest.begin(), rest.end());
      return run(v);
    };
    Proc o = with({"--invoke", "load", oob, "65533"});
    EXPECT_EQ(o.code, 134) << checks;
    EXPECT_EQ(o.err.rfind("error: out of bounds memory access", 0), 0u) << checks << o.err;
    Proc in = with({"--invoke", "load", oob, "65532"});
    EXPECT_EQ(in.code, 0) << checks << in.err;
    EXPECT_EQ(in.out, "0\n") << checks;
  }
}

TEST_F(Cli, RunReactorAndWasiHello) {
  // A reactor: _initialize runs first, then the invoked export sees its effect.
  std::string r = write("reactor.wat", R"((module
    (global $g (mut i32) (i32.const 0))
    (func (export "_initialize") (global.set $g (i32.const 41)))
    (func (export "get") (result i32) (i32.add (global.get $g) (i32.const 1)))))");
  Proc p = run({"run", "--invoke", "get", r});
  EXPECT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(p.out, "42\n");
  // Without --invoke a reactor just initialises.
  Proc q = run({"run", r});
  EXPECT_EQ(q.code, 0) << q.err;
  // WASI: fd_write to stdout and proc_exit's code as the exit status.
  std::string h = write("hello.wat", R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hi\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
      (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (call $exit (i32.const 9)))))");
  Proc w = run({"run", h});
  EXPECT_EQ(w.code, 9) << w.err;
  EXPECT_EQ(w.out, "hi\n");
}

// `skiff run` goes through the public API (Module, Store, Linker, Func): this pins
// what it prints for every value kind, the statuses of a start function that traps
// or exits, and the place of a text module's validation error.
TEST_F(Cli, RunThroughThePublicApi) {
  std::string v = write("vals.wat", R"((module
    (func $f (export "ints") (param i32 i64) (result i32 i64) (local.get 0) (local.get 1))
    (func (export "v") (result v128) (v128.const i32x4 1 2 3 0xffffffff))
    (func (export "refs") (result funcref externref funcref)
      (ref.null func) (ref.null extern) (ref.func $f))
    (func (export "nan") (result f32 f64) (f32.const -nan) (f64.const 0.1))
    (func (export "takes_ref") (param funcref))))");
  Proc i = run({"run", "--invoke", "ints", v, "0xffffffff", "-9223372036854775808"});
  EXPECT_EQ(i.code, 0) << i.err;
  EXPECT_EQ(i.out, "-1\n-9223372036854775808\n");
  Proc big = run({"run", "--invoke", "ints", v, "4294967296", "0"});
  EXPECT_EQ(big.code, 2);
  Proc x = run({"run", "--invoke=v", v});
  EXPECT_EQ(x.out, "0xffffffff000000030000000200000001\n") << x.err;
  Proc r = run({"run", "--invoke", "refs", v});
  EXPECT_EQ(r.out, "null\nnull\n<ref>\n") << r.err;
  Proc n = run({"run", "--invoke", "nan", v});
  EXPECT_EQ(n.out, "-NaN\n0.1\n") << n.err;
  Proc tr = run({"run", "--invoke", "takes_ref", v, "null"});
  EXPECT_EQ(tr.code, 2);
  EXPECT_NE(tr.err.find("is not a valid funcref"), std::string::npos) << tr.err;
  Proc none = run({"run", "--invoke", "nosuch", v});
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("no exported function \"nosuch\""), std::string::npos) << none.err;
  // A start function that traps (134, backtrace) or calls proc_exit (its code).
  std::string ts = write("trap_start.wat", "(module (func $s unreachable) (start $s))");
  Proc t = run({"run", ts});
  EXPECT_EQ(t.code, 134);
  EXPECT_EQ(t.err.rfind("error: unreachable\n  at func[0] s", 0), 0u) << t.err;
  std::string es = write("exit_start.wat", R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
    (func $s (call $e (i32.const 7))) (start $s)))");
  EXPECT_EQ(run({"run", es}).code, 7);
  // _initialize trapping before an --invoke.
  std::string it = write("init_trap.wat", R"((module
    (func (export "_initialize") unreachable) (func (export "get") (result i32) (i32.const 1))))");
  Proc ip = run({"run", "--invoke", "get", it});
  EXPECT_EQ(ip.code, 134);
  EXPECT_EQ(ip.out, "");
  // A text module's validation error is placed at its line and column.
  std::string bad = write("invalid.wat", "(module\n  (func (result i32) (i64.const 1)))");
  Proc b = run({"run", bad});
  EXPECT_EQ(b.code, 1);
  EXPECT_EQ(b.err.rfind("skiff: error: " + bad + ":2:", 0), 0u) << b.err;
  EXPECT_NE(b.err.find("type mismatch"), std::string::npos) << b.err;
  // A listening socket that cannot be opened is reported before anything runs.
  Proc tl = run({"run", "--tcplisten", "not-an-address", v});
  EXPECT_EQ(tl.code, 1);
  EXPECT_NE(tl.err.find("not-an-address"), std::string::npos) << tl.err;
}

TEST_F(Cli, WastExecutesAssertions) {
  std::string w = write("exec.wast", R"((module $a
  (tag $e (param i32))
  (global (export "g") i32 (i32.const 7))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $loop (export "loop") (call $loop))
  (func (export "throw") (throw $e (i32.const 1)))
  (func (export "ext") (param externref) (result externref) (local.get 0))
  (func (export "fn") (result funcref) (ref.func $loop)))
(register "a" $a)
(module (import "a" "div" (func $d (param i32) (result i32)))
  (func (export "call") (result i32) (call $d (i32.const 1))))
(assert_return (invoke $a "nan") (either (f32.const nan:canonical) (f32.const 1)))
(assert_return (get $a "g") (i32.const 7))
(assert_return (invoke "call") (i32.const 1))
(assert_trap (invoke $a "div" (i32.const 0)) "integer divide by zero")
(assert_exhaustion (invoke $a "loop") "call stack exhausted")
(assert_exception (invoke $a "throw"))
(assert_return (invoke $a "ext" (ref.extern 5)) (ref.extern 5))
(assert_return (invoke $a "ext" (ref.null extern)) (ref.null extern))
(assert_return (invoke $a "fn") (ref.func))
(assert_unlinkable (module (import "a" "div" (func (param i64)))) "incompatible import type")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
)");
  Proc r = run({"wast", w});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("14 passed, 0 failed, 0 skipped"), std::string::npos) << r.out;
  // A wrong expectation fails with both values named.
  std::string bad = write("exec_bad.wast", R"((module (func (export "f") (result i32) (i32.const 2)))
(assert_return (invoke "f") (i32.const 3))
(assert_trap (invoke "f") "unreachable"))");
  Proc b = run({"wast", bad});
  EXPECT_EQ(b.code, 1);
  EXPECT_NE(b.out.find("1 passed, 2 failed"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("expected [i32:0x00000003], got [i32:0x00000002]"), std::string::npos) << b.out;
}

TEST_F(Cli, WastCountsAndExitCode) {
  std::string ok = write("ok.wast",
                         "(module (func (export \"f\") (result i32) (i32.const 1)))\n"
                         "(assert_return (invoke \"f\") (i32.const 1))\n"
                         "(assert_malformed (module binary \"\\00asm\") \"unexpected end\")\n"
                         "(assert_malformed (module quote \"(func (i32.frob))\") \"unknown\")\n"
                         "(assert_invalid (module (func (result i32))) \"type mismatch\")\n");
  Proc r = run({"wast", ok});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("5 passed, 0 failed, 0 skipped"), std::string::npos) << r.out;
  // Without execution the assert_return is skipped.
  Proc n = run({"wast", "--no-exec", ok});
  EXPECT_EQ(n.code, 0) << n.out << n.err;
  EXPECT_NE(n.out.find("4 passed, 0 failed, 1 skipped"), std::string::npos) << n.out;

  std::string bad = write("bad.wast",
                          "(module (func))\n"
                          "(assert_invalid (module (func)) \"type mismatch\")\n"
                          "(assert_malformed (module quote \"(func)\") \"x\")\n"
                          "(module (func (result i32)))\n");
  Proc b = run({"wast", bad, ok, "-j", "2"});
  EXPECT_EQ(b.code, 1);
  EXPECT_NE(b.out.find(bad + ":2: "), std::string::npos) << b.out;
  EXPECT_NE(b.out.find(bad + ":3: "), std::string::npos) << b.out;
  EXPECT_NE(b.out.find(bad + ":4: "), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("6 passed, 3 failed, 0 skipped"), std::string::npos) << b.out;

  // Expected failures turn them into XFAILs; an unexpected pass fails.
  std::string list = write("xfail.txt",
                           "# comment\n" + bad + ":2 validator\n" + bad + ":3 parser\n" + bad +
                               ":4 validator\n");
  Proc x = run({"wast", "--xfail", list, bad});
  EXPECT_EQ(x.code, 0) << x.out;
  EXPECT_NE(x.out.find("1 passed, 0 failed, 0 skipped, 3 expected failures"), std::string::npos)
      << x.out;
  std::string list2 = write("xfail2.txt", bad + ":1 wrong\n");
  Proc x2 = run({"wast", "--xfail", list2, bad});
  EXPECT_EQ(x2.code, 1);
  EXPECT_NE(x2.out.find("unexpected pass"), std::string::npos) << x2.out;

  // A rejection with another message fails, unless --lax-messages.
  std::string msg = write("msg.wast",
                          "(assert_invalid (module (func (result i32))) \"unknown table\")\n");
  Proc m = run({"wast", msg});
  EXPECT_EQ(m.code, 1);
  EXPECT_NE(m.out.find("expected \"unknown table\", got \"type mismatch"), std::string::npos)
      << m.out;
  Proc ml = run({"wast", "--lax-messages", msg});
  EXPECT_EQ(ml.code, 0) << ml.out;

  // Verbose lists passes; a broken script is one failure.
  Proc v = run({"wast", "--verbose", ok});
  EXPECT_NE(v.out.find(ok + ":1: module: ok"), std::string::npos) << v.out;
  std::string broken = write("broken.wast", "(module (func)\n");
  Proc br = run({"wast", broken});
  EXPECT_EQ(br.code, 1);
  EXPECT_NE(br.out.find("0 passed, 1 failed, 0 skipped"), std::string::npos) << br.out;
}

}  // namespace

namespace {

// Issue 13, defect 1: the translator bound a block's end label before the moves
// of the arm that falls into it, so `return` after `end` fused with that move and
// the then-arm's branch landed inside the fused instruction (SIGSEGV of the host).
const char* kLabelFusionWat =
    "(module\n"
    "  (func (export \"f\") (param i32) (result i32)\n"
    "    local.get 0  i32.const 10  i32.lt_u\n"
    "    if (result i32)  local.get 0  i32.const 1  i32.add\n"
    "    else             local.get 0\n"
    "    end\n"
    "    return))\n";

TEST_F(Cli, RunBlockResultFollowedByReturn) {
  std::string wat = write("repro.wat", kLabelFusionWat);
  Proc a = run({"run", "--invoke", "f", wat, "1"});
  EXPECT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, "2\n");
  Proc b = run({"run", "--invoke", "f", wat, "100"});
  EXPECT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(b.out, "100\n");
}

// A WASI program whose stdout cannot be written gets an errno back (a full
// device), or writes into /dev/null (a closed descriptor: the slot is filled with
// /dev/null, as wasmtime and Rust's runtime do); the host never dies with a signal.
const char* kWriteStdoutWat =
    "(module\n"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))\n"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (data (i32.const 16) \"hello\\n\")\n"
    "  (func (export \"_start\")\n"
    "    (i32.store (i32.const 0) (i32.const 16))\n"
    "    (i32.store (i32.const 4) (i32.const 6))\n"
    "    ;; exit status = the errno fd_write returned (0 when it worked)\n"
    "    (call $exit (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))\n";

TEST_F(Cli, RunWithUnwritableStdout) {
  std::string wat = write("w.wat", kWriteStdoutWat);
  for (const char* redirect : {">/dev/full", ">&-"}) {
    std::string cmd = "'" + exe_ + "' run '" + wat + "' " + redirect + " 2>'" + path("stderr") + "'";
    int st = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(st)) << redirect << ": killed by signal " << WTERMSIG(st);
    if (std::string(redirect) == ">/dev/full")
      EXPECT_EQ(WEXITSTATUS(st), 51) << "ENOSPC expected: " << slurp(path("stderr"));
    else
      EXPECT_EQ(WEXITSTATUS(st), 0) << "a closed stdout is /dev/null: " << slurp(path("stderr"));
  }
}

}  // namespace
