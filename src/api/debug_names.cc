#include "api/debug_names.h"

#include <mutex>
#include <unordered_map>

#include "api/api_impl.h"

namespace skiff::detail {

namespace {

struct Entry {
  std::weak_ptr<const rt::CompiledModule> module;
  std::unique_ptr<ModuleDebug> debug;  // null: the module has no DWARF
};

std::mutex g_mu;
std::unordered_map<const rt::CompiledModule*, Entry>& cache() {
  static auto* c = new std::unordered_map<const rt::CompiledModule*, Entry>();  // lives until exit
  return *c;
}

}  // namespace

const ModuleDebug* module_debug(const std::shared_ptr<const rt::CompiledModule>& m) {
  if (!m) return nullptr;
  std::lock_guard<std::mutex> lock(g_mu);
  auto& c = cache();
  auto it = c.find(m.get());
  if (it != c.end() && !it->second.module.expired() && it->second.module.lock() == m)
    return it->second.debug.get();
  // Forget modules that are gone (their addresses may be reused).
  for (auto i = c.begin(); i != c.end();) i = i->second.module.expired() ? c.erase(i) : std::next(i);
  Entry e;
  e.module = m;
  debuginfo::DwarfSections s = debuginfo::DwarfInfo::sections_of(m->module);
  if (!s.empty()) {
    e.debug = std::make_unique<ModuleDebug>();
    e.debug->dwarf = debuginfo::DwarfInfo::parse(s);
    e.debug->code_start = debuginfo::CodeOffsets::of(m->module).code_start;
  }
  const ModuleDebug* r = e.debug.get();
  c[m.get()] = std::move(e);
  return r;
}

namespace {

// The DWARF subprogram starting at defined function `index`'s code entry.
std::string dwarf_name(const std::shared_ptr<const rt::CompiledModule>& m, uint32_t index) {
  const ir::Module& mod = m->module;
  if (index < mod.num_imported_funcs || index >= mod.num_funcs()) return {};
  const ModuleDebug* d = module_debug(m);
  if (!d) return {};
  const ir::Expr& body = mod.funcs[index - mod.num_imported_funcs].body;
  if (body.entry_offset < 0) return {};
  auto a = d->code_addr(uint64_t(body.entry_offset));
  if (!a) return {};
  std::string_view dn = d->dwarf.function_starting_at(*a);
  if (dn.empty()) dn = d->dwarf.function_at(*a);
  return std::string(dn);
}

}  // namespace

std::string func_display_name(const std::shared_ptr<const rt::CompiledModule>& m, uint32_t index) {
  if (!m) return "func[" + std::to_string(index) + "]";
  const std::string& n = m->func_name(index);
  if (!n.empty()) return n;
  const ir::Module& mod = m->module;
  if (index < mod.num_imported_funcs && index < mod.import_pos[0].size()) {
    const ir::Import& im = mod.imports[mod.import_pos[0][index]];
    return im.module + "::" + im.name;
  }
  std::string dn = dwarf_name(m, index);
  if (!dn.empty()) return dn;
  return "func[" + std::to_string(index) + "]";
}

void add_debug_info(const std::shared_ptr<const rt::CompiledModule>& m, bool details, TrapFrame& frame) {
  if (!m) return;
  if (frame.func_name.empty()) frame.func_name = dwarf_name(m, frame.func_index);
  if (!details || frame.module_offset == TrapFrame::kNoOffset) return;
  const ModuleDebug* d = module_debug(m);
  if (!d) return;
  auto a = d->code_addr(frame.module_offset);
  if (!a) return;
  if (auto loc = d->dwarf.line_at(*a)) {
    frame.source_file = loc->file;
    frame.source_line = loc->line;
    frame.source_column = loc->column;
  }
  frame.source_func = std::string(d->dwarf.function_at(*a));
}

}  // namespace skiff::detail
