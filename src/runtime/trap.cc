#include "runtime/trap.h"

#include <cstdio>

namespace skiff::rt {

std::string Trap::to_string() const {
  std::string s = message;
  for (const TraceFrame& f : backtrace) {
    s += "\n  at func[" + std::to_string(f.func_index) + "]";
    if (!f.name.empty()) s += " " + f.name;
    if (f.module_offset != TraceFrame::kNoOffset) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " (@0x%llx)", static_cast<unsigned long long>(f.module_offset));
      s += buf;
    }
  }
  return s;
}

Trap make_trap(sem::TrapKind kind) {
  Trap t;
  t.kind = kind;
  t.message = sem::trap_message(kind);
  return t;
}

Trap make_host_trap(std::string message) {
  Trap t;
  t.kind = sem::TrapKind::HostError;
  t.message = std::move(message);
  return t;
}

}  // namespace skiff::rt
