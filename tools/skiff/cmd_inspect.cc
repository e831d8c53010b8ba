// skiff inspect FILE [--disassemble [--internal]] [--details] [--stats [--top N]]
//
// --details and --stats are inspect_details.cc and inspect_stats.cc. Function
// names come from the name section, else from DWARF (inspect_report.h).
//
// A text module is encoded and decoded again first, so every offset printed is
// an offset into its binary form. The section table comes from a raw walk of
// the bytes (ids, sizes, offsets, custom-section names); the index-level listing
// (types, functions, indices, segments) from the decoded ir::Module, since it must
// also describe modules that do not validate. What an embedder sees of a valid
// module (its name, the signatures of its function and tag imports and exports)
// comes from the public skiff::Module API.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "cli_common.h"
#include "cli_load.h"
#include "inspect_report.h"
#include "interp/interpreter.h"
#include "runtime/compiled_module.h"
#include "skiff/engine.h"
#include "skiff/module.h"
#include "ir/instr.h"
#include "support/bytes.h"
#include "text/printer.h"

namespace skiff::cli {
namespace {

const char* section_name(uint8_t id) {
  static const char* const kNames[] = {"custom", "type",   "import", "function", "table",
                                       "memory", "global", "export", "start",    "element",
                                       "code",   "data",   "datacount", "tag"};
  return id < sizeof kNames / sizeof kNames[0] ? kNames[id] : "unknown";
}

void print_sections(const std::vector<uint8_t>& bytes) {
  Reader r(bytes.data(), bytes.size());
  if (!r.bytes(8).ok()) return;
  std::printf("Sections:\n");
  while (!r.at_end()) {
    size_t start = r.offset();
    auto id = r.u8();
    if (!id.ok()) break;
    auto size = r.u32();
    if (!size.ok()) break;
    size_t body = r.offset();
    auto sub = r.sub(*size);
    if (!sub.ok()) {
      std::printf("  %-10s start=0x%08zx size=0x%08x (truncated)\n", section_name(*id), start,
                  *size);
      break;
    }
    std::printf("  %-10s start=0x%08zx end=0x%08zx size=0x%08x (%u)", section_name(*id), body,
                body + *size, *size, *size);
    if (*id == 0) {
      auto name = sub->name();
      if (name.ok()) std::printf(" \"%s\"", name->c_str());
    } else if (*id != 8 && *id != 12) {
      auto count = sub->u32();
      if (count.ok()) std::printf(" count=%u", *count);
    }
    std::printf("\n");
  }
}

std::string func_type_text(const ir::FuncType& f) {
  std::string s = "(func";
  if (!f.params.empty()) {
    s += " (param";
    for (const ir::ValType& t : f.params) s += " " + ir::to_string(t);
    s += ")";
  }
  if (!f.results.empty()) {
    s += " (result";
    for (const ir::ValType& t : f.results) s += " " + ir::to_string(t);
    s += ")";
  }
  return s + ")";
}

std::string field_text(const ir::FieldType& f) {
  std::string t = ir::to_string(f.type);
  return f.mut ? "(mut " + t + ")" : t;
}

std::string sub_type_text(const ir::SubType& st) {
  std::string s;
  switch (st.comp.kind) {
    case ir::CompKind::Func: s = func_type_text(st.comp.func); break;
    case ir::CompKind::Struct:
      s = "(struct";
      for (const ir::FieldType& f : st.comp.struct_.fields) s += " (field " + field_text(f) + ")";
      s += ")";
      break;
    case ir::CompKind::Array: s = "(array " + field_text(st.comp.array.elem) + ")"; break;
  }
  if (st.explicit_sub || !st.final || !st.supers.empty()) {
    std::string sup;
    for (uint32_t i : st.supers) sup += " " + std::to_string(i);
    s = std::string("(sub") + (st.final ? " final" : "") + sup + " " + s + ")";
  }
  return s;
}

std::string limits_text(const ir::Limits& l) {
  std::string s = l.is64 ? "i64 " : "";
  s += std::to_string(l.min);
  if (l.max) s += " " + std::to_string(*l.max);
  if (l.shared) s += " shared";
  return s;
}

std::string import_desc(const ir::Import& im) {
  switch (im.kind) {
    case ir::ExternKind::Func: return "func (type " + std::to_string(im.func_type) + ")";
    case ir::ExternKind::Table:
      return "table " + limits_text(im.table.limits) + " " + ir::to_string(im.table.elem);
    case ir::ExternKind::Memory: return "memory " + limits_text(im.memory.limits);
    case ir::ExternKind::Global:
      return std::string("global ") + (im.global.mut ? "(mut " : "") +
             ir::to_string(im.global.type) + (im.global.mut ? ")" : "");
    case ir::ExternKind::Tag: return "tag (type " + std::to_string(im.tag.type_index) + ")";
  }
  return "?";
}

// Prints one function body; returns false on a decoding error (reported).
bool disassemble(const ir::Module& m, uint32_t index, const ir::Function& f,
                 const text::InstrPrinter& printer) {
  const ir::Expr& e = f.body;
  size_t base = e.offset >= 0 ? size_t(e.offset) : 0;
  Reader r(e.bytes.data(), e.bytes.size(), base);
  int depth = 1;
  std::string line;
  while (!r.at_end()) {
    size_t at = r.offset();
    ir::Instr in;
    Status s = ir::read_instr(r, &in);
    if (!s.ok()) {
      std::printf("    0x%06zx: <error: %s>\n", at, s.error().message.c_str());
      return false;
    }
    std::string_view name = ir::op_name(in.op);
    if (name == "end" || name == "delegate" || name == "else" || name == "catch" ||
        name == "catch_all") {
      --depth;
    }
    line.clear();
    printer.print(in, int64_t(index), line);
    std::printf("    0x%06zx: %*s%s\n", at, depth > 1 ? depth * 2 - 2 : 0, "", line.c_str());
    if (name == "block" || name == "loop" || name == "if" || name == "try" ||
        name == "try_table" || name == "else" || name == "catch" || name == "catch_all") {
      ++depth;
    }
  }
  (void)m;
  return true;
}

// " (i32) -> (i64)" for a function or tag import/export of a valid module, else "".
std::string signature(const Module* api, const ExternType& t) {
  if (!api || (t.kind != ExternKind::Func && t.kind != ExternKind::Tag)) return "";
  return " " + t.func.to_string();
}

void print_module(const ir::Module& m, bool disasm, const rt::CompiledModule* internal,
                  const Module* api) {
  std::vector<ImportType> api_imports;
  std::vector<ExportType> api_exports;
  if (api) {
    api_imports = api->imports();
    api_exports = api->exports();
    if (api_imports.size() != m.imports.size() || api_exports.size() != m.exports.size()) api = nullptr;
  }
  std::printf("Types (%zu):\n", m.types.size());
  for (size_t i = 0; i < m.types.size(); ++i) {
    std::printf("  [%zu] %s\n", i, sub_type_text(m.types[i]).c_str());
  }
  if (!m.imports.empty()) {
    std::printf("Imports (%zu):\n", m.imports.size());
    for (size_t i = 0; i < m.imports.size(); ++i) {
      const ir::Import& im = m.imports[i];
      std::printf("  [%zu] \"%s\" \"%s\" %s%s\n", i, im.module.c_str(), im.name.c_str(),
                  import_desc(im).c_str(), api ? signature(api, api_imports[i].type).c_str() : "");
    }
  }
  auto fnames = function_names(m);
  std::printf("Functions (%u imported, %zu defined):\n", m.num_imported_funcs, m.funcs.size());
  text::InstrPrinter printer(m);
  for (uint32_t i = 0; i < m.num_funcs(); ++i) {
    auto it = fnames.find(i);
    std::string name = it == fnames.end() ? "" : " $" + it->second;
    uint32_t type = i < m.num_imported_funcs
                        ? m.imports[m.import_pos[0][i]].func_type
                        : m.funcs[i - m.num_imported_funcs].type_index;
    if (i < m.num_imported_funcs) {
      std::printf("  [%u]%s (type %u) imported\n", i, name.c_str(), type);
      continue;
    }
    const ir::Function& f = m.funcs[i - m.num_imported_funcs];
    uint64_t nlocals = 0;
    for (const ir::LocalRun& lr : f.locals) nlocals += lr.count;
    std::printf("  [%u]%s (type %u) locals=%" PRIu64 " body=%zu bytes", i, name.c_str(), type,
                nlocals, f.body.bytes.size());
    if (f.body.offset >= 0) std::printf(" at 0x%06" PRIx64, uint64_t(f.body.offset));
    std::printf("\n");
    if (disasm) {
      for (const ir::LocalRun& lr : f.locals) {
        std::printf("    (local %u x %s)\n", lr.count, ir::to_string(lr.type).c_str());
      }
      disassemble(m, i, f, printer);
      if (internal) {
        auto code = interp::disassemble_internal(*internal, i);
        std::printf("    ;; internal code\n%s", code ? code->c_str() : (code.error().message + "\n").c_str());
      }
    }
  }
  std::printf("Tables: %u (%u imported)\n", m.num_tables(), m.num_imported_tables);
  for (size_t i = 0; i < m.tables.size(); ++i) {
    std::printf("  [%zu] %s %s\n", m.num_imported_tables + i,
                limits_text(m.tables[i].type.limits).c_str(),
                ir::to_string(m.tables[i].type.elem).c_str());
  }
  std::printf("Memories: %u (%u imported)\n", m.num_memories(), m.num_imported_memories);
  for (size_t i = 0; i < m.memories.size(); ++i) {
    std::printf("  [%zu] %s", m.num_imported_memories + i,
                limits_text(m.memories[i].limits).c_str());
    if (m.memories[i].page_size_log2 != 16) {
      std::printf(" pagesize=%u", 1u << m.memories[i].page_size_log2);
    }
    std::printf("\n");
  }
  std::printf("Globals: %u (%u imported)\n", m.num_globals(), m.num_imported_globals);
  for (size_t i = 0; i < m.globals.size(); ++i) {
    const ir::GlobalType& g = m.globals[i].type;
    std::printf("  [%zu] %s%s%s\n", m.num_imported_globals + i, g.mut ? "(mut " : "",
                ir::to_string(g.type).c_str(), g.mut ? ")" : "");
  }
  if (m.num_tags()) std::printf("Tags: %u (%u imported)\n", m.num_tags(), m.num_imported_tags);
  std::printf("Exports (%zu):\n", m.exports.size());
  for (size_t k = 0; k < m.exports.size(); ++k) {
    const ir::Export& e = m.exports[k];
    std::printf("  \"%s\" %s %u", e.name.c_str(), ir::to_string(e.kind), e.index);
    if (e.kind == ir::ExternKind::Func) {
      auto it = fnames.find(e.index);
      if (it != fnames.end()) std::printf(" $%s", it->second.c_str());
    }
    std::printf("%s\n", api ? signature(api, api_exports[k].type).c_str() : "");
  }
  if (m.start) std::printf("Start: func %u\n", *m.start);
  std::printf("Element segments: %zu\n", m.elems.size());
  std::printf("Data segments: %zu\n", m.datas.size());
  if (!m.customs.empty() || m.has_name_section) {
    std::printf("Custom sections: %zu%s\n", m.customs.size() + (m.has_name_section ? 1 : 0),
                m.has_name_section ? " (incl. \"name\")" : "");
  }
}

}  // namespace

int cmd_inspect(const std::vector<std::string>& args) {
  std::string path;
  bool disasm = false;
  bool internal = false;
  bool details = false, stats = false;
  size_t top = 20;
  for (size_t ai = 0; ai < args.size(); ++ai) {
    const std::string& a = args[ai];
    if (a == "--details" || a == "-x") {
      details = true;
    } else if (a == "--stats") {
      stats = true;
    } else if (a == "--top") {
      if (ai + 1 >= args.size()) return fail("inspect: --top needs a number");
      char* end = nullptr;
      top = size_t(std::strtoul(args[++ai].c_str(), &end, 10));
      if (!end || *end || top == 0) return fail("inspect: bad --top '" + args[ai] + "'");
    } else if (a == "-d" || a == "--disassemble") {
      disasm = true;
    } else if (a == "--internal") {
      internal = disasm = true;
    } else if (!a.empty() && a[0] == '-') {
      return fail("inspect: unknown option '" + a + "'");
    } else if (path.empty()) {
      path = a;
    } else {
      return fail("inspect: expected one FILE (see `skiff help inspect`)");
    }
  }
  if (path.empty()) return fail("inspect: missing FILE (see `skiff help inspect`)");
  Loaded l;
  LoadError err;
  if (!load_module(path, &l, &err)) return fail(path, err.error);
  if (l.from_text) {
    // Work on the binary form so offsets mean something.
    l.bytes = binary::encode(l.module);
    auto again = binary::decode(l.bytes.data(), l.bytes.size());
    if (!again.ok()) {
      return fail(path + ": internal error: re-decoding the encoded module: " +
                  again.error().to_string());
    }
    l.module = std::move(*again);
  }
  std::printf("%s: %s module, %zu bytes%s\n", path.c_str(), l.from_text ? "text" : "binary",
              l.bytes.size(), l.from_text ? " when encoded" : "");
  // The public API's view, when the module validates.
  Engine engine;
  auto api = Module::compile(engine, l.bytes);
  if (api.ok() && !api->name().empty()) std::printf("Name: %s\n", api->name().c_str());
  print_sections(l.bytes);
  std::shared_ptr<const rt::CompiledModule> cm;
  if (internal) {
    auto c = rt::CompiledModule::compile(l.module);
    if (!c.ok()) return fail(path, c.error());
    cm = *c;
  }
  print_module(l.module, disasm, cm.get(), api.ok() ? &*api : nullptr);
  if (details) print_details(l.module, l.bytes);
  if (stats) print_stats(l.module, top);
  return 0;
}

}  // namespace skiff::cli
