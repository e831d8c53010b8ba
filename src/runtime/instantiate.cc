#include "runtime/instantiate.h"

#include "runtime/const_eval.h"
#include "runtime/types_canon.h"

namespace skiff::rt {

namespace {

bool limits_match(const ir::Limits& actual, const ir::Limits& expected) {
  if (actual.is64 != expected.is64 || actual.shared != expected.shared) return false;
  if (actual.min < expected.min) return false;
  if (expected.max) return actual.max && *actual.max <= *expected.max;
  return true;
}

const char* kind_word(ir::ExternKind k) { return ir::to_string(k); }

Error link_error(InstantiateInfo* info, std::string msg) {
  if (info) info->failure = InstantiateFailure::Link;
  return make_error(std::move(msg));
}

Error trap_error(InstantiateInfo* info, Trap t) {
  Error e = make_error(t.message);
  if (info) {
    info->failure = InstantiateFailure::Trap;
    info->trap = std::move(t);
  }
  return e;
}

Error resource_error(InstantiateInfo* info, Error e) {
  if (info) info->failure = InstantiateFailure::Resource;
  return e;
}

Error eval_error(InstantiateInfo* info, Error e) {
  if (info) info->failure = InstantiateFailure::Unsupported;
  return e;
}

}  // namespace

std::string match_import(const CompiledModule& cm, const ir::Import& imp, const Extern& actual) {
  const std::string bad = "incompatible import type";
  if (actual.kind != imp.kind || !actual.ptr)
    return bad + ": expected " + kind_word(imp.kind) + ", got " + kind_word(actual.kind);
  const valid::TypeInterner& in = *cm.canon.interner();
  switch (imp.kind) {
    case ir::ExternKind::Func: {
      uint32_t want = cm.canon.id(imp.func_type);
      if (!in.is_subtype(actual.func->type_id, want)) return bad + ": function type mismatch";
      return {};
    }
    case ir::ExternKind::Table: {
      ir::TableType t = actual.table->type();
      if (!(t.elem == canonical(cm.canon, imp.table.elem))) return bad + ": element type mismatch";
      if (!limits_match(t.limits, imp.table.limits)) return bad + ": table limits mismatch";
      return {};
    }
    case ir::ExternKind::Memory: {
      ir::MemoryType t = actual.memory->type();
      if (t.page_size_log2 != imp.memory.page_size_log2) return bad + ": page size mismatch";
      if (!limits_match(t.limits, imp.memory.limits)) return bad + ": memory limits mismatch";
      return {};
    }
    case ir::ExternKind::Global: {
      const ir::GlobalType& t = actual.global->type;
      ir::GlobalType want = canonical(cm.canon, imp.global);
      if (t.mut != want.mut) return bad + ": global mutability mismatch";
      bool ok = want.mut ? t.type == want.type : canon_subtype(in, t.type, want.type);
      if (!ok) return bad + ": global type mismatch";
      return {};
    }
    case ir::ExternKind::Tag: {
      uint32_t want = cm.canon.id(imp.tag.type_index);
      if (actual.tag->type_id != want) return bad + ": tag type mismatch";
      return {};
    }
  }
  return bad;
}

Result<Instance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> cmp,
                              std::span<const Extern> imports, InstantiateInfo* info,
                              bool run_start) {
  if (info) *info = InstantiateInfo{};
  const CompiledModule& cm = *cmp;
  const ir::Module& m = cm.module;
  if (!cm.canon.complete()) return resource_error(info, make_error("too many types"));

  // 1. Imports.
  if (imports.size() != m.imports.size()) {
    if (imports.size() > m.imports.size())
      return link_error(info, "unknown import: too many imports given");
    const ir::Import& missing = m.imports[imports.size()];
    return link_error(info, "unknown import \"" + missing.module + "\" \"" + missing.name + "\"");
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    std::string why = match_import(cm, m.imports[i], imports[i]);
    if (!why.empty())
      return link_error(info, why + " (\"" + m.imports[i].module + "\" \"" + m.imports[i].name +
                                  "\")");
  }

  Instance* inst = store.new_instance();
  inst->module = cmp;
  for (const Extern& e : imports) {
    switch (e.kind) {
      case ir::ExternKind::Func: inst->funcs.push_back(e.func); break;
      case ir::ExternKind::Table: inst->tables.push_back(e.table); break;
      case ir::ExternKind::Memory: inst->memories.push_back(e.memory); break;
      case ir::ExternKind::Global: inst->globals.push_back(e.global); break;
      case ir::ExternKind::Tag: inst->tags.push_back(e.tag); break;
    }
  }

  // 2. Allocation.
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    const uint32_t index = m.num_imported_funcs + i;
    const uint32_t ti = m.funcs[i].type_index;
    inst->funcs.push_back(store.new_wasm_func(inst, index, cm.func_type_ids[index], &m.func_type(ti)));
  }
  for (const ir::TagType& t : m.tags)
    inst->tags.push_back(store.new_tag(cm.canon.id(t.type_index), &m.func_type(t.type_index)));
  for (const ir::Global& g : m.globals) {
    auto v = eval_const(*inst, g.init, g.type.type);
    if (!v.ok()) return eval_error(info, std::move(v).error());
    Global* gl = store.new_global(canonical(cm.canon, g.type));
    gl->set(*v);
    inst->globals.push_back(gl);
  }
  for (const ir::Table& t : m.tables) {
    Ref init;
    if (t.init) {
      auto v = eval_const(*inst, *t.init, t.type.elem);
      if (!v.ok()) return eval_error(info, std::move(v).error());
      init = v->ref;
    }
    auto tb = store.create_table(canonical(cm.canon, t.type), init);
    if (!tb.ok()) return resource_error(info, std::move(tb).error());
    inst->tables.push_back(*tb);
  }
  // Memories whose image was mapped have their active data segments in place.
  std::vector<bool> imaged(inst->memories.size(), false);
  for (uint32_t d = 0; d < m.memories.size(); ++d) {
    auto mem = store.create_memory(m.memories[d], cm.images.get(m, d));
    if (!mem.ok()) return resource_error(info, std::move(mem).error());
    inst->memories.push_back(*mem);
    imaged.push_back((*mem)->image_mapped());
  }
  inst->elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ir::ElemSegment& seg = m.elems[i];
    ElemInstance& ei = inst->elems[i];
    ei.type = canonical(cm.canon, seg.type);
    ei.refs.reserve(seg.items.size());
    for (const ir::Expr& item : seg.items) {
      auto v = eval_const(*inst, item, seg.type);
      if (!v.ok()) return eval_error(info, std::move(v).error());
      ei.refs.push_back(v->ref);
    }
  }
  inst->datas.resize(m.datas.size());
  for (size_t i = 0; i < m.datas.size(); ++i) inst->datas[i].bytes = m.datas[i].bytes;
  inst->exports.reserve(m.exports.size());
  for (const ir::Export& ex : m.exports) {
    Extern e;
    switch (ex.kind) {
      case ir::ExternKind::Func: e = Extern(inst->funcs.at(ex.index)); break;
      case ir::ExternKind::Table: e = Extern(inst->tables.at(ex.index)); break;
      case ir::ExternKind::Memory: e = Extern(inst->memories.at(ex.index)); break;
      case ir::ExternKind::Global: e = Extern(inst->globals.at(ex.index)); break;
      case ir::ExternKind::Tag: e = Extern(inst->tags.at(ex.index)); break;
    }
    inst->exports.push_back({ex.name, e});
  }

  // 3. Element segments.
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ir::ElemSegment& seg = m.elems[i];
    ElemInstance& ei = inst->elems[i];
    if (seg.mode == ir::SegmentMode::Active) {
      if (seg.table >= inst->tables.size()) return resource_error(info, make_error("unknown table"));
      Table* t = inst->tables[seg.table];
      auto off = eval_const(*inst, seg.offset, t->is64() ? ir::kI64 : ir::kI32);
      if (!off.ok()) return eval_error(info, std::move(off).error());
      const uint64_t d = t->is64() ? off->i64 : off->i32;
      if (sem::TrapKind k = t->init(d, ei.refs, 0, ei.refs.size()); k != sem::TrapKind::None)
        return trap_error(info, make_trap(k));
      ei.drop();
    } else if (seg.mode == ir::SegmentMode::Declarative) {
      ei.drop();
    }
  }
  // 4. Data segments.
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const ir::DataSegment& seg = m.datas[i];
    if (seg.mode != ir::SegmentMode::Active) continue;
    if (seg.memory >= inst->memories.size()) return resource_error(info, make_error("unknown memory"));
    if (imaged[seg.memory]) {
      inst->datas[i].drop();
      continue;
    }
    Memory* mem = inst->memories[seg.memory];
    auto off = eval_const(*inst, seg.offset, mem->is64() ? ir::kI64 : ir::kI32);
    if (!off.ok()) return eval_error(info, std::move(off).error());
    const uint64_t d = mem->is64() ? off->i64 : off->i32;
    DataInstance& di = inst->datas[i];
    if (sem::TrapKind k = mem->init(d, di.bytes, 0, di.bytes.size()); k != sem::TrapKind::None)
      return trap_error(info, make_trap(k));
    di.drop();
  }
  // 5. Start.
  if (m.start && run_start) {
    if (*m.start >= inst->funcs.size()) return resource_error(info, make_error("unknown function"));
    std::vector<Val> results;
    if (std::optional<Trap> t = invoke(store, inst->funcs[*m.start], {}, results))
      return trap_error(info, std::move(*t));
  }
  return inst;
}

void Linker::define(std::string module, std::string name, Extern value) {
  defs_[{std::move(module), std::move(name)}] = value;
}

void Linker::define_instance(const std::string& module, const Instance& inst) {
  for (const ExportEntry& e : inst.exports) define(module, e.name, e.value);
}

const Extern* Linker::find(const std::string& module, const std::string& name) const {
  auto it = defs_.find({module, name});
  return it == defs_.end() ? nullptr : &it->second;
}

Result<Instance*> Linker::instantiate(Store& store, std::shared_ptr<const CompiledModule> module,
                                      InstantiateInfo* info) const {
  std::vector<Extern> imports;
  imports.reserve(module->module.imports.size());
  for (const ir::Import& imp : module->module.imports) {
    const Extern* e = find(imp.module, imp.name);
    if (!e) {
      if (info) *info = InstantiateInfo{InstantiateFailure::Link, {}};
      return make_error("unknown import \"" + imp.module + "\" \"" + imp.name + "\"");
    }
    imports.push_back(*e);
  }
  return rt::instantiate(store, std::move(module), imports, info);
}

}  // namespace skiff::rt
