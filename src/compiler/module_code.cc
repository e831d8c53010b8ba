// Loading a module's machine code (JIT or ahead of time) into a ModuleCode.
#include <string>

#include "compiler/tier1_internal.h"
#include "runtime/compiled_module.h"

namespace skiff::compiler {

Status load_module_code(Tier1Executor::ModuleCode& mc, std::span<const uint8_t> object) {
  auto obj = LoadedObject::load(object);
  if (!obj.ok()) return std::move(obj).error();
  const ir::Module& m = mc.cm->module;
  const uint32_t nimp = m.num_imported_funcs;
  if (mc.funcs.size() != m.funcs.size()) return make_error("machine code: function table size mismatch");
  std::vector<CodeRange> ranges;
  for (size_t i = 0; i < mc.funcs.size(); ++i) {
    rt1::CompiledFunc& f = mc.funcs[i];
    const LoadedObject::Symbol* a = (*obj)->find("f" + std::to_string(i));
    const LoadedObject::Symbol* s = (*obj)->find("s" + std::to_string(i));
    if (a && !(a->func && a->in_text)) a = nullptr;
    if (s && !(s->func && s->in_text)) s = nullptr;
    if (f.compiled && (!a || !s))
      return make_error("machine code: no code for compiled function " + std::to_string(i));
    f.code = a && s ? reinterpret_cast<void*>(a->addr) : nullptr;
    f.slot_code = a && s ? reinterpret_cast<void*>(s->addr) : nullptr;
    if (a) ranges.push_back(CodeRange{a->addr, a->addr + a->size, uint32_t(nimp + i), false});
    if (s) ranges.push_back(CodeRange{s->addr, s->addr + s->size, uint32_t(nimp + i), true});
  }
  mc.code = std::move(*obj);
  mc.code_map_token = CodeMap::add(std::move(ranges), mc.cm);
  return {};
}

}  // namespace skiff::compiler
