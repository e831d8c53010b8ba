// The WAST script parser: a .wast file -> a list of plain Command structs.
//
// The grammar is the reference interpreter's script grammar (interpreter/README.md
// of the spec repository) plus the threads proposal's `thread` / `wait`:
//
//   (module definition? $id? field*)            text module, parsed here (WAT parser)
//   (module definition? $id? binary "..."*)     kept as bytes, decoded when run
//   (module definition? $id? quote "..."*)      kept as text, parsed when run
//   (module instance $inst? $mod?)
//   (register "name" $inst?)
//   (invoke $inst? "name" const*)   (get $inst? "name")
//   (assert_return action result*)  (assert_trap action|module "msg")
//   (assert_exhaustion action "msg") (assert_exception action)
//   (assert_malformed module "msg") (assert_invalid module "msg")
//   (assert_unlinkable module "msg") (assert_uninstantiable module "msg")
//   (thread $t (shared (module $m))* command*)  (wait $t)
//   (@annotation ...), (script ...), (input ...), (output ...): skipped / inlined
//
// Contract: the parser never stops at the first bad module. A text module that
// the WAT parser rejects is kept as a Command whose WastModule::error is set, so
// the runner can report it (and carry on with the rest of the script). Only a
// broken script structure (unbalanced parentheses, an unknown command, a bad
// constant) fails the whole parse, with a line:column Error.
//
// Everything here is plain data so that a runner with execution can use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/module.h"
#include "ir/types.h"
#include "support/result.h"

namespace skiff::text {

// Lane shape of a v128 constant or pattern.
enum class V128Shape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };
unsigned lane_count(V128Shape s);
unsigned lane_bytes(V128Shape s);
const char* to_string(V128Shape s);

// A constant argument of an action: (i32.const 1), (v128.const i8x16 ...),
// (ref.null func), (ref.extern 3), (ref.host 3).
struct WastValue {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefExtern, RefHost };
  Kind kind = Kind::I32;
  // I32 (zero-extended), I64, F32/F64 bits; RefExtern / RefHost: the host number.
  uint64_t bits = 0;
  uint8_t v128[16] = {};      // V128, little-endian lane bytes
  ir::HeapType heap;          // RefNull
  std::string heap_name;      // RefNull with a symbolic `$t` heap type (unresolved)
};

// One numeric pattern: an exact value or a class of NaNs.
enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

struct LanePattern {
  NanPattern nan = NanPattern::None;  // float lanes only
  uint64_t bits = 0;                  // exact lane value (zero-extended)
};

// An expected result of assert_return.
struct WastResult {
  enum class Kind : uint8_t {
    I32, I64, F32, F64,  // `num` below (possibly a NaN pattern for floats)
    V128,                // shape + lanes
    RefNull,             // (ref.null ht): a null of that heap type; (ref.null): any null
    RefExtern,           // (ref.extern N), or (ref.extern) = any externref when !has_number
    RefHost,             // (ref.host N)
    RefFunc,             // (ref.func): any non-null funcref
    RefStruct, RefArray, RefI31, RefEq, RefAny, RefExn,  // any non-null ref of that type
    Either,              // (either r1 r2 ...): any one alternative matches
  };
  Kind kind = Kind::I32;
  LanePattern num;                   // I32..F64
  V128Shape shape = V128Shape::I32x4;
  LanePattern lanes[16];             // V128: lane_count(shape) used
  bool has_heap = false;             // RefNull: false for bare (ref.null)
  ir::HeapType heap;                 // RefNull
  std::string heap_name;             // RefNull with `$t`
  bool has_number = false;           // RefExtern / RefHost
  uint32_t number = 0;
  std::vector<WastResult> either;    // Either
};

// A module form of the script.
struct WastModule {
  enum class Form : uint8_t { Text, Binary, Quote };
  Form form = Form::Text;
  std::string id;            // "$name" or empty
  bool definition = false;   // (module definition ...): defined, not instantiated
  uint32_t line = 0;
  ir::Module module;         // Text, when parsing succeeded
  std::optional<Error> error;  // Text whose parsing failed (positions are in the file)
  std::vector<uint8_t> bytes;  // Binary: the concatenated strings
  std::string text;            // Quote: the concatenated strings
};

struct WastAction {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::string instance;  // "$name" or empty (the latest instance)
  std::string name;      // export name
  std::vector<WastValue> args;
  uint32_t line = 0;
};

struct Command {
  enum class Kind : uint8_t {
    Module,                // module
    Instance,              // instance_id, module_id
    Register,              // name, instance_id
    Action,                // action
    AssertReturn,          // action, results
    AssertTrap,            // action, message
    AssertExhaustion,      // action, message
    AssertException,       // action
    AssertMalformed,       // module, message
    AssertInvalid,         // module, message
    AssertMalformedCustom, // module, message (custom-section annotations)
    AssertInvalidCustom,   // module, message (custom-section annotations)
    AssertUnlinkable,      // module or (instance_id, module_id) when is_instance; message
    AssertUninstantiable,  // same; spelled (assert_trap (module ...) "msg") or
                           // (assert_uninstantiable ...)
    Thread,                // instance_id = thread id, shared = module ids, body
    Wait,                  // instance_id = thread id
  };
  Kind kind = Kind::Module;
  uint32_t line = 0;
  std::optional<WastModule> module;
  bool is_instance = false;  // AssertUnlinkable/Uninstantiable on (module instance ...)
  std::string instance_id;   // Instance, Register, Thread, Wait
  std::string module_id;     // Instance
  std::string name;          // Register
  WastAction action;
  std::vector<WastResult> results;
  std::string message;       // expected failure text
  std::vector<std::string> shared;  // Thread
  std::vector<Command> body;        // Thread
};

const char* to_string(Command::Kind k);

struct Script {
  std::vector<Command> commands;
};

// Parses a whole .wast script.
Result<Script> parse_wast(std::string_view text);

// Text spellings of values and patterns, for messages ("i32:42", "f32:nan:canonical").
std::string to_string(const WastValue& v);
std::string to_string(const WastResult& r);

}  // namespace skiff::text
