// Interposition on every WASI call (record/replay, src/snapshot): when
// WasiCtx::hook is set, define_wasi's wrapper hands each call to it instead of
// running the function. The hook may run the call for real (`run`, recording) or
// answer it itself (replay); returning a `stop` message ends the guest with a trap
// carrying that message. proc_exit goes through the hook too, before it exits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "wasi/wasi_host.h"

namespace skiff::wasi {

struct HookResult {
  uint32_t err = 0;                 // the errno the guest gets
  std::optional<std::string> stop;  // set: the guest stops with this message
};

class CallHook {
 public:
  virtual ~CallHook() = default;
  // `name` / `params`: the function (as in its WasiDef); `run` performs it.
  virtual HookResult on_call(std::string_view name, const char* params, Call& c, const WasiFn& run) = 0;
};

}  // namespace skiff::wasi
