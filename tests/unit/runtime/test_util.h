// Helpers shared by the runtime tests: WAT text -> CompiledModule.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "runtime/compiled_module.h"
#include "text/wat_parser.h"

namespace skiff::rt::testing {

inline std::shared_ptr<const CompiledModule> compile_wat(std::string_view wat) {
  auto m = text::parse_wat(wat);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().to_string());
  if (!m.ok()) return nullptr;
  auto cm = CompiledModule::compile(std::move(*m));
  EXPECT_TRUE(cm.ok()) << (cm.ok() ? "" : cm.error().to_string());
  if (!cm.ok()) return nullptr;
  return *cm;
}

}  // namespace skiff::rt::testing
