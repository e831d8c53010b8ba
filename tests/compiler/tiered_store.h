// Test helper: a store with the executors Config::tier gives it, built by hand:
// the interpreter (with the tiering checks for auto) and, for tier 1 and auto, a
// tier-1 executor in front of it (t1 stays null, with a test failure, when the
// compiler cannot be set up).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>

#include "compiler/tier1.h"
#include "interp/interpreter.h"
#include "runtime/store.h"

namespace skiff::testing_tiers {

enum class Tier { Zero, One, Auto };

struct TieredStore {
  rt::Store store;
  std::unique_ptr<interp::Interpreter> interp;
  std::unique_ptr<compiler::Tier1Executor> t1;

  // `fuel`: the store runs with fuel, starting with this much.
  TieredStore(rt::Engine& engine, Tier tier, std::optional<uint64_t> fuel = std::nullopt) : store(engine) {
    store.limits.fuel = fuel.has_value();
    if (fuel) store.set_fuel(*fuel);
    interp::InterpConfig cfg;
    cfg.tiering = tier == Tier::Auto;
    interp = std::make_unique<interp::Interpreter>(store, cfg);
    if (tier == Tier::Zero) return;
    auto t = compiler::Tier1Executor::create(store);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    if (!t.ok()) return;
    t1 = std::move(*t);
    if (tier == Tier::Auto) t1->enable_auto();
  }
};

}  // namespace skiff::testing_tiers
