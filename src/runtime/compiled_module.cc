#include "runtime/compiled_module.h"

#include "valid/validator.h"

namespace skiff::rt {

Result<std::shared_ptr<const CompiledModule>> CompiledModule::compile(ir::Module m) {
  SKIFF_TRY(valid::validate(m));
  return from_validated(std::move(m));
}

std::shared_ptr<const CompiledModule> CompiledModule::from_validated(ir::Module m) {
  auto cm = std::make_shared<CompiledModule>();
  cm->module = std::move(m);
  const ir::Module& mod = cm->module;
  cm->canon = valid::TypeCanon(mod, valid::TypeInterner::process_wide());
  const uint32_t n = mod.num_funcs();
  cm->func_type_ids.resize(n);
  for (uint32_t i = 0; i < n; ++i) cm->func_type_ids[i] = cm->canon.id(mod.func_type_index(i));
  cm->func_names.resize(n);
  for (const ir::NameAssoc& na : mod.names.funcs)
    if (na.index < n) cm->func_names[na.index] = na.name;
  cm->code.resize(uint32_t(mod.funcs.size()));
  return cm;
}

CodeCache::~CodeCache() {
  Deleter d = deleter_.load();
  if (!d) return;
  for (uint32_t i = 0; i < kVariants * count_; ++i)
    if (void* c = slots_[i].load()) d(c);
}

void CodeCache::resize(uint32_t defined_funcs) {
  count_ = defined_funcs;
  slots_ = std::make_unique<std::atomic<void*>[]>(size_t(kVariants) * defined_funcs);
  for (uint32_t i = 0; i < kVariants * count_; ++i) slots_[i].store(nullptr);
}

void* CodeCache::publish(uint32_t variant, uint32_t defined_index, void* code,
                         Deleter deleter) const {
  deleter_.store(deleter, std::memory_order_relaxed);
  void* expected = nullptr;
  std::atomic<void*>& slot = slots_[variant * count_ + defined_index];
  if (slot.compare_exchange_strong(expected, code, std::memory_order_acq_rel)) return code;
  deleter(code);
  return expected;
}

const std::string& CompiledModule::func_name(uint32_t index) const {
  static const std::string empty;
  return index < func_names.size() ? func_names[index] : empty;
}

}  // namespace skiff::rt
