// Lets a test choose Config::tier itself: SKIFF_TIER (which overrides the config,
// set for the api-tier1 run) is unset for the scope and restored after, however
// the test leaves it.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

struct NoTierOverride {
  std::optional<std::string> saved;
  NoTierOverride() {
    if (const char* v = std::getenv("SKIFF_TIER")) saved = v;
    unsetenv("SKIFF_TIER");
  }
  ~NoTierOverride() {
    if (saved) setenv("SKIFF_TIER", saved->c_str(), 1);
  }
  NoTierOverride(const NoTierOverride&) = delete;
  NoTierOverride& operator=(const NoTierOverride&) = delete;
};
