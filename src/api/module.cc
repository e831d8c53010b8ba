// Module: compile (binary or text), validate, reflection.

#include "api/api_impl.h"
#include "binary/decoder.h"
#include "support/file_bytes.h"
#include "skiff/module.h"
#include "text/wat_parser.h"
#include "valid/validator.h"

namespace skiff {

namespace {

Result<Module> finish(const Engine& engine, Result<ir::Module> m) {
  if (!m.ok()) return std::move(m).error();
  valid::ValidateOptions opts;
  opts.features = engine.impl()->features;
  opts.threads = engine.config().compile_threads;
  SKIFF_TRY(valid::validate(*m, opts));
  if (!engine.impl()->tier_error.empty()) return Error{engine.impl()->tier_error};
  if (engine.config().deterministic)  // no threads (Config::deterministic)
    for (uint32_t i = 0; i < m->num_memories(); ++i)
      if (m->memory_type(i).limits.shared)
        return Error{"memory " + std::to_string(i) +
                     " is shared (threads): not allowed in deterministic mode"};
  auto impl = std::make_shared<detail::ModuleImpl>();
  impl->engine = engine.impl();
  impl->cm = rt::CompiledModule::from_validated(std::move(*m));
  return Module(std::move(impl));
}

bool is_binary(std::span<const uint8_t> b) {
  return b.size() >= 4 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm';
}

ExternType import_type(const ir::Module& m, const ir::Import& imp) {
  ExternType t;
  t.kind = ExternKind(uint8_t(imp.kind));
  switch (imp.kind) {
    case ir::ExternKind::Func: t.func = detail::to_public(m.func_type(imp.func_type)); break;
    case ir::ExternKind::Table: t.table = detail::to_public(imp.table); break;
    case ir::ExternKind::Memory: t.memory = detail::to_public(imp.memory); break;
    case ir::ExternKind::Global: t.global = detail::to_public(imp.global); break;
    case ir::ExternKind::Tag: t.func = detail::to_public(m.func_type(imp.tag.type_index)); break;
  }
  return t;
}

ExternType export_type(const ir::Module& m, const ir::Export& e) {
  ExternType t;
  t.kind = ExternKind(uint8_t(e.kind));
  switch (e.kind) {
    case ir::ExternKind::Func: t.func = detail::to_public(m.func_type(m.func_type_index(e.index))); break;
    case ir::ExternKind::Table: t.table = detail::to_public(m.table_type(e.index)); break;
    case ir::ExternKind::Memory: t.memory = detail::to_public(m.memory_type(e.index)); break;
    case ir::ExternKind::Global: t.global = detail::to_public(m.global_type(e.index)); break;
    case ir::ExternKind::Tag: t.func = detail::to_public(m.func_type(m.tag_type(e.index).type_index)); break;
  }
  return t;
}

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> wasm) {
  return finish(engine, binary::decode(wasm.data(), wasm.size(), engine.config().compile_threads));
}

Result<Module> Module::compile_text(const Engine& engine, std::string_view wat) {
  // Validation errors point at line:column through the parser's source map.
  text::SourceMap map;
  auto r = finish(engine, text::parse_wat(wat, engine.impl()->features, &map));
  if (r.ok()) return r;
  Error e = std::move(r).error();
  map.locate(e);
  return e;
}

Result<Module> Module::from_file(const Engine& engine, const std::string& path) {
  // Mapped, not read (support/file_bytes.h); nothing keeps the bytes after compiling.
  auto file = FileBytes::open(path);
  if (!file.ok()) return Error{"cannot read " + path + ": " + file.error().message};
  std::span<const uint8_t> bytes = file->span();
  if (is_binary(bytes)) return compile(engine, bytes);
  return compile_text(engine, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Status Module::validate(const Engine& engine, std::span<const uint8_t> wasm) {
  auto m = binary::decode(wasm.data(), wasm.size(), engine.config().compile_threads);
  if (!m.ok()) return std::move(m).error();
  valid::ValidateOptions opts;
  opts.features = engine.impl()->features;
  opts.threads = engine.config().compile_threads;
  return valid::validate(*m, opts);
}

std::vector<ImportType> Module::imports() const {
  const ir::Module& m = impl_->cm->module;
  std::vector<ImportType> r;
  for (const ir::Import& imp : m.imports) r.push_back(ImportType{imp.module, imp.name, import_type(m, imp)});
  return r;
}

std::vector<ExportType> Module::exports() const {
  const ir::Module& m = impl_->cm->module;
  std::vector<ExportType> r;
  for (const ir::Export& e : m.exports) r.push_back(ExportType{e.name, export_type(m, e)});
  return r;
}

std::string Module::name() const { return impl_->cm->module.names.module.value_or(""); }

}  // namespace skiff
