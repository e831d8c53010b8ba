// The spec-test runner: runs a parsed .wast script's commands in order.
//
// Design note. The runner owns what can be checked without executing code:
// every module must decode / parse and validate; assert_malformed must be
// rejected by the decoder or the text parser (a text module that parses but
// does not validate is NOT malformed); assert_invalid must decode / parse and
// then be rejected by the validator. Everything that needs execution goes
// through a WastEngine; the base class answers Unsupported to every call, and
// an Unsupported answer makes the command count as skipped. An interpreter plugs
// in by overriding the four hooks; match_results() already implements the
// assert_return patterns (NaN classes, v128 lanes, reference classes, either).
//
// Every command that checks something counts exactly once: passed, failed,
// skipped, or expected-failure (listed in an expected-failures file). A listed
// command that passes counts as failed ("unexpected pass"), so the list cannot
// go stale. Failure messages are compared by prefix as in the reference
// interpreter (strict_messages, the default); --lax-messages only asks for the
// rejection and notes a different wording in the verbose log.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "support/result.h"
#include "text/wast.h"

namespace skiff::cli {

// A run-time value as an executing engine reports it.
struct ExecValue {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, Ref };
  // What the assert_return patterns can tell apart about a reference.
  enum class RefKind : uint8_t { Null, Func, Extern, Host, Struct, Array, I31, Exn };
  Kind kind = Kind::I32;
  uint64_t bits = 0;        // numbers (I32 zero-extended)
  uint8_t v128[16] = {};    // V128
  RefKind ref = RefKind::Null;
  // Extern: true when it wraps a host value (ref.extern N); then host_number is N.
  // Host: host_number is N of (ref.host N).
  bool from_host = false;
  uint32_t host_number = 0;
};

std::string to_string(const ExecValue& v);

// True when `got` matches the patterns (same count, each one matching).
bool match_results(const std::vector<text::WastResult>& expect,
                   const std::vector<ExecValue>& got);
bool match_result(const text::WastResult& expect, const ExecValue& got);

// The hooks a runner with execution implements. Instance names are "$id" or ""
// (the most recent instance).
class WastEngine {
 public:
  struct Outcome {
    enum class Kind : uint8_t {
      Unsupported,  // this engine cannot do it: the command is skipped
      Ok,           // values hold the results (invoke / get)
      Trap,         // message: the trap's text
      Exhaustion,   // call stack exhausted & co
      Exception,    // an uncaught wasm exception
      Unlinkable,   // instantiate: an import did not match
      Error,        // anything else (unknown export, wrong argument types, ...)
    };
    Kind kind = Kind::Unsupported;
    std::string message;
    std::vector<ExecValue> values;
  };

  virtual ~WastEngine() = default;
  // Instantiates a validated module as `instance` ("" = anonymous).
  virtual Outcome instantiate(const std::string& instance, const ir::Module& m);
  virtual Outcome register_instance(const std::string& as, const std::string& instance);
  virtual Outcome invoke(const std::string& instance, const std::string& name,
                         const std::vector<text::WastValue>& args);
  virtual Outcome get(const std::string& instance, const std::string& name);
};

// "path:line reason" entries. Paths are matched after the last "testsuite/"
// component of the script's path when it has one, else exactly.
class ExpectedFailures {
 public:
  // Lines: `file:line reason...`; `#` comments and blank lines are ignored.
  // Adds the entries of `text`; an Error (line:column in `text`) on a bad line.
  Status parse(std::string_view text);
  // The reason for (path, line), or nullptr when not listed.
  const std::string* find(const std::string& path, uint32_t line) const;
  size_t size() const { return map_.size(); }
  static std::string key_path(const std::string& path);

 private:
  std::unordered_map<std::string, std::string> map_;  // "file:line" -> reason
};

struct WastOptions {
  bool verbose = false;          // list passes (and expected failures) too
  bool strict_messages = true;  // failure messages must start with the expected text
  const ExpectedFailures* xfail = nullptr;
  // Makes the engine for one script; null = no execution (the base WastEngine).
  std::function<std::unique_ptr<WastEngine>()> make_engine;
};

struct WastReport {
  std::string log;  // one line per failure (and per pass with verbose)
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  uint32_t xfailed = 0;
};

// Runs one script given its text; `path` is used in messages.
WastReport run_wast_text(const std::string& path, std::string_view text, const WastOptions& o);
// Reads and runs a script file.
WastReport run_wast_file(const std::string& path, const WastOptions& o);

}  // namespace skiff::cli
