// Helpers for defining WASI host functions (private to src/wasi): guest memory
// access with bounds checks, and the definition table.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <sys/uio.h>

#include "runtime/memory.h"
#include "runtime/objects.h"
#include "wasi/wasi_impl.h"

namespace skiff::wasi {

// One call of a WASI function: its arguments and the caller's memory 0.
struct Call {
  std::span<const rt::Val> args;
  rt::Caller& caller;
  WasiCtx& ctx;

  uint32_t u32(size_t i) const { return args[i].i32; }
  uint64_t u64(size_t i) const { return args[i].i64; }
  uint8_t* mem() const {
    rt::Memory* m = caller.memory(0);
    return m ? m->data() : nullptr;
  }
  uint64_t mem_size() const {
    rt::Memory* m = caller.memory(0);
    return m ? m->size_bytes() : 0;
  }
  // [p, p + n) inside memory 0?
  bool ok(uint64_t p, uint64_t n) const { return p <= mem_size() && n <= mem_size() - p; }
  template <class T>
  bool put(uint64_t p, T v) const {
    if (!ok(p, sizeof(T))) return false;
    std::memcpy(mem() + p, &v, sizeof(T));
    return true;
  }
  template <class T>
  bool get(uint64_t p, T* v) const {
    if (!ok(p, sizeof(T))) return false;
    std::memcpy(v, mem() + p, sizeof(T));
    return true;
  }
  bool str(uint64_t p, uint64_t n, std::string* out) const {
    if (!ok(p, n)) return false;
    out->assign(reinterpret_cast<const char*>(mem() + p), size_t(n));
    return true;
  }
};

using WasiFn = std::function<uint32_t(Call&)>;

// Parameter kinds: 'i' = i32, 'I' = i64. Every function returns an i32 errno.
struct WasiDef {
  const char* name;
  const char* params;
  WasiFn fn;
};

// The guest's iovec array (buf u32, len u32) as host iovecs; false when out of bounds.
bool guest_iovecs(Call& c, uint32_t iovs, uint32_t n, std::vector<iovec>* out);

// The definitions of one family (wasi_fd.cc, wasi_path.cc, wasi_misc.cc).
void add_misc_defs(std::vector<WasiDef>& out);
void add_fd_defs(std::vector<WasiDef>& out);
void add_path_defs(std::vector<WasiDef>& out);

}  // namespace skiff::wasi
