// define_wasi: every preview1 function as a host function bound to a WasiCtx.
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include "wasi/wasi.h"
#include "wasi/wasi_hook.h"
#include "wasi/wasi_host.h"

namespace skiff::wasi {

namespace {

// How a call holds WasiCtx::Impl::table_mu (see wasi_impl.h).
enum class Lock { Shared, Exclusive, Own };

Lock lock_of(const char* name) {
  static constexpr const char* kExclusive[] = {"path_open", "fd_close", "fd_renumber", "fd_fdstat_set_flags",
                                               "fd_fdstat_set_rights", "proc_exit"};
  for (const char* n : kExclusive)
    if (std::strcmp(name, n) == 0) return Lock::Exclusive;
  if (std::strcmp(name, "poll_oneoff") == 0 || std::strcmp(name, "sock_accept") == 0) return Lock::Own;
  return Lock::Shared;
}

// fd_read/fd_write/fd_pread/fd_pwrite on an in-memory stdio stream change the
// stream: those take the lock exclusively (they never block).
bool touches_mem_stream(const char* name, WasiCtx::Impl& impl, std::span<const rt::Val> args) {
  if (std::strncmp(name, "fd_", 3) != 0 || args.empty()) return false;
  std::shared_lock<std::shared_mutex> lock(impl.table_mu);
  const uint32_t fd = args[0].i32;
  return fd < impl.fds.size() && impl.fds[fd].mem != nullptr;
}

}  // namespace

void define_wasi(rt::Linker& linker, rt::Store& store, std::shared_ptr<WasiCtx> ctx) {
  std::vector<WasiDef> defs;
  add_misc_defs(defs);
  add_fd_defs(defs);
  add_path_defs(defs);
  for (WasiDef& d : defs) {
    ir::FuncType t;
    for (const char* p = d.params; *p; ++p) t.params.push_back(*p == 'I' ? ir::kI64 : ir::kI32);
    const bool is_exit = std::string(d.name) == "proc_exit";
    if (!is_exit) t.results.push_back(ir::kI32);
    WasiFn fn = std::move(d.fn);
    const char* name = d.name;
    const char* params = d.params;
    const Lock mode = lock_of(d.name);
    rt::HostCallback cb = [ctx, fn, is_exit, name, params, mode](
                              rt::Caller& caller, std::span<const rt::Val> args,
                              std::span<rt::Val> results) -> std::optional<rt::Trap> {
      Call call{args, caller, *ctx};
      std::shared_mutex& mu = ctx->impl().table_mu;
      std::unique_lock<std::shared_mutex> exclusive(mu, std::defer_lock);
      std::shared_lock<std::shared_mutex> shared(mu, std::defer_lock);
      if (mode == Lock::Exclusive || (mode == Lock::Shared && touches_mem_stream(name, ctx->impl(), args)))
        exclusive.lock();
      else if (mode == Lock::Shared)
        shared.lock();
      uint32_t r;
      if (ctx->hook) {
        HookResult h = ctx->hook->on_call(name, params, call, fn);
        if (h.stop) return rt::make_host_trap(std::move(*h.stop));
        r = h.err;
      } else {
        r = fn(call);
      }
      if (is_exit) {
        ctx->exit_code = int32_t(args[0].i32);
        return rt::make_host_trap("exit with code " + std::to_string(args[0].i32));
      }
      results[0] = rt::Val::make_i32(r);
      return std::nullopt;
    };
    linker.define("wasi_snapshot_preview1", d.name,
                  store.create_host_func(std::move(t), std::move(cb), d.name));
  }
}

}  // namespace skiff::wasi
