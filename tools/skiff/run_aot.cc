// .skc support for skiff run and skiff compile (see run_aot.h).
#include "run_aot.h"

#include "api/api_impl.h"
#include "compiler/aot.h"
#include "compiler/skc_format.h"
#include "compiler/tier1.h"

namespace skiff::cli {

bool is_aot_file(std::span<const uint8_t> bytes) { return compiler::is_skc(bytes); }

Result<std::shared_ptr<const void>> open_aot(std::span<const uint8_t> bytes,
                                             std::vector<uint8_t>* wasm, bool* guarded) {
  auto f = compiler::read_skc(bytes);
  if (!f.ok()) return std::move(f).error();
  *wasm = std::move(f->wasm);
  *guarded = f->code.mem0_guarded;
  return std::shared_ptr<const void>(std::make_shared<const compiler::SkcCode>(std::move(f->code)));
}

Status attach_aot(const std::shared_ptr<const void>& code, const Module& module, Store& store) {
  auto skc = std::static_pointer_cast<const compiler::SkcCode>(code);
  SKIFF_TRY(compiler::register_aot_code(module.impl()->cm, skc));
  detail::StoreImpl* s = store.impl();
  if (s->tier1) return {};  // (a store that compiles: it finds the registered code too)
  s->tier1 = compiler::Tier1Executor::create_without_compiler(s->store, s->engine->config.guard_pages);
  return {};
}

}  // namespace skiff::cli
