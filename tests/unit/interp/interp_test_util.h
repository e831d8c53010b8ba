// Helpers for interpreter tests: instantiate WAT text and call exports.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interp/interpreter.h"
#include "runtime/instantiate.h"
#include "runtime/spectest.h"
#include "text/wat_parser.h"

namespace skiff::interp::testing {

class Wasm {
 public:
  // Parses, validates and instantiates `wat` (imports resolved from `spectest`).
  explicit Wasm(const std::string& wat, InterpConfig cfg = {})
      : store_(engine_), interp_(store_, cfg) {
    auto m = text::parse_wat(wat);
    if (!m) {
      error_ = "parse: " + m.error().message;
      return;
    }
    auto cm = rt::CompiledModule::compile(std::move(*m));
    if (!cm) {
      error_ = "validate: " + cm.error().message;
      return;
    }
    linker_.define_instance("spectest", *rt::make_spectest(store_));
    rt::InstantiateInfo info;
    auto inst = linker_.instantiate(store_, *cm, &info);
    if (!inst) {
      error_ = "instantiate: " + inst.error().message;
      return;
    }
    inst_ = *inst;
  }

  bool ok() const { return inst_ != nullptr; }
  const std::string& error() const { return error_; }
  rt::Store& store() { return store_; }
  rt::Instance* instance() { return inst_; }

  // Calls export `name`; returns the results, or nullopt with trap() set.
  std::optional<std::vector<rt::Val>> call(const std::string& name, std::vector<rt::Val> args = {}) {
    trap_.reset();
    rt::Func* f = inst_ ? inst_->export_func(name) : nullptr;
    if (!f) {
      trap_ = rt::make_host_trap("no export " + name);
      return std::nullopt;
    }
    std::vector<rt::Val> results;
    if (auto t = rt::invoke(store_, f, args, results)) {
      trap_ = std::move(*t);
      return std::nullopt;
    }
    return results;
  }
  uint32_t i32(const std::string& name, std::vector<rt::Val> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r.has_value()) << (trap_ ? trap_->to_string() : "");
    return r && !r->empty() ? (*r)[0].i32 : 0xDEADBEEF;
  }
  uint64_t i64(const std::string& name, std::vector<rt::Val> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r.has_value()) << (trap_ ? trap_->to_string() : "");
    return r && !r->empty() ? (*r)[0].i64 : 0xDEADBEEF;
  }
  // The trap message of calling `name`, or "no trap".
  std::string trap_of(const std::string& name, std::vector<rt::Val> args = {}) {
    auto r = call(name, std::move(args));
    if (r) return "no trap";
    return trap_->message;
  }
  const std::optional<rt::Trap>& last_trap() const { return trap_; }

 private:
  rt::Engine engine_;
  rt::Store store_;
  Interpreter interp_;
  rt::Linker linker_;
  rt::Instance* inst_ = nullptr;
  std::string error_;
  std::optional<rt::Trap> trap_;
};

inline rt::Val I32(uint32_t v) { return rt::Val::make_i32(v); }
inline rt::Val I64(uint64_t v) { return rt::Val::make_i64(v); }

}  // namespace skiff::interp::testing
