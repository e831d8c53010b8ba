// define_wasi: every preview1 function as a host function bound to a WasiCtx.
#include "wasi/wasi.h"
#include "wasi/wasi_hook.h"
#include "wasi/wasi_host.h"

namespace skiff::wasi {

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
    rt::HostCallback cb = [ctx, fn, is_exit, name, params](
                              rt::Caller& caller, std::span<const rt::Val> args,
                              std::span<rt::Val> results) -> std::optional<rt::Trap> {
      Call call{args, caller, *ctx};
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
