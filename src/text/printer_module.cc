// Printing whole modules: one field per line, bodies flat and indented.
#include <string>

#include "support/bytes.h"
#include "text/printer.h"
#include "text/printer_internal.h"
#include "text/printer_names.h"

namespace skiff::text {
namespace {

using ir::Module;

class ModulePrinter {
 public:
  explicit ModulePrinter(const Module& m) : m_(m), n_(m), instrs_(m) {}

  std::string run() {
    out_ = "(module";
    if (m_.names.module) out_ += " " + format_id(*m_.names.module);
    out_ += "\n";
    customs(ir::SectionId::Custom);
    types();
    customs(ir::SectionId::Type);
    for (uint32_t i = 0; i < m_.imports.size(); ++i) import(i);
    customs(ir::SectionId::Import);
    for (uint32_t i = 0; i < m_.tables.size(); ++i) table(i);
    for (uint32_t i = 0; i < m_.memories.size(); ++i) memory(i);
    for (uint32_t i = 0; i < m_.tags.size(); ++i) tag(i);
    for (uint32_t i = 0; i < m_.globals.size(); ++i) global(i);
    for (const auto& e : m_.exports) export_(e);
    if (m_.start) out_ += "  (start " + n_.ref(Space::Func, *m_.start) + ")\n";
    for (uint32_t i = 0; i < m_.elems.size(); ++i) elem(i);
    for (uint32_t i = 0; i < m_.funcs.size(); ++i) func(i);
    for (uint32_t i = 0; i < m_.datas.size(); ++i) data(i);
    for (auto id : {ir::SectionId::Function, ir::SectionId::Table, ir::SectionId::Memory,
                    ir::SectionId::Tag, ir::SectionId::Global, ir::SectionId::Export,
                    ir::SectionId::Start, ir::SectionId::Element, ir::SectionId::DataCount,
                    ir::SectionId::Code, ir::SectionId::Data})
      customs(id);
    out_ += ")\n";
    return std::move(out_);
  }

 private:
  static const char* section_name(ir::SectionId id) {
    switch (id) {
      case ir::SectionId::Type: return "type";
      case ir::SectionId::Import: return "import";
      case ir::SectionId::Function: return "func";
      case ir::SectionId::Table: return "table";
      case ir::SectionId::Memory: return "memory";
      case ir::SectionId::Global: return "global";
      case ir::SectionId::Export: return "export";
      case ir::SectionId::Start: return "start";
      case ir::SectionId::Element: return "elem";
      case ir::SectionId::Code: return "code";
      case ir::SectionId::Data: return "data";
      case ir::SectionId::DataCount: return "datacount";
      case ir::SectionId::Tag: return "tag";
      case ir::SectionId::Custom: break;
    }
    return nullptr;
  }

  // Custom sections print as annotations at their place:
  // (@custom "name" (after code) "bytes").
  void customs(ir::SectionId after) {
    for (const auto& c : m_.customs) {
      if (c.after != after) continue;
      out_ += "  (@custom " + quote_bytes(reinterpret_cast<const uint8_t*>(c.name.data()),
                                          c.name.size());
      if (const char* s = section_name(after))
        out_ += std::string(" (after ") + s + ")";
      else
        out_ += " (before first)";
      out_ += " " + quote_bytes(c.bytes.data(), c.bytes.size()) + ")\n";
    }
  }

  std::string val(const ir::ValType& t) { return val_text(n_, t); }

  std::string field_type(const ir::FieldType& f) {
    std::string t = val(f.type);
    return f.mut ? "(mut " + t + ")" : t;
  }

  // " (param i32 i64) (result f32)"
  std::string signature(const ir::FuncType& ft) {
    std::string s;
    if (!ft.params.empty()) {
      s += " (param";
      for (const auto& t : ft.params) s += " " + val(t);
      s += ")";
    }
    if (!ft.results.empty()) {
      s += " (result";
      for (const auto& t : ft.results) s += " " + val(t);
      s += ")";
    }
    return s;
  }

  std::string comp_type(uint32_t index, const ir::CompType& c) {
    switch (c.kind) {
      case ir::CompKind::Func: return "(func" + signature(c.func) + ")";
      case ir::CompKind::Struct: {
        std::string s = "(struct";
        for (uint32_t i = 0; i < c.struct_.fields.size(); ++i)
          s += " (field" + n_.field_def(index, i) + " " + field_type(c.struct_.fields[i]) + ")";
        return s + ")";
      }
      case ir::CompKind::Array: return "(array " + field_type(c.array.elem) + ")";
    }
    return "";
  }

  std::string sub_type(uint32_t index) {
    const ir::SubType& st = m_.types[index];
    std::string body = comp_type(index, st.comp);
    std::string s = "(type" + n_.def(Space::Type, index) + " ";
    if (st.explicit_sub || !st.final || !st.supers.empty()) {
      s += "(sub";
      if (st.final) s += " final";
      for (uint32_t sup : st.supers) s += " " + n_.ref(Space::Type, sup);
      s += " " + body + ")";
    } else {
      s += body;
    }
    return s + ")";
  }

  void types() {
    uint32_t next = 0;
    for (const auto& g : m_.rec_groups) {
      for (; next < g.start && next < m_.types.size(); ++next)
        out_ += "  " + sub_type(next) + "\n";
      if (g.explicit_rec || g.count != 1) {
        out_ += "  (rec";
        for (uint32_t i = g.start; i < g.start + g.count && i < m_.types.size(); ++i)
          out_ += "\n    " + sub_type(i);
        out_ += ")\n";
      } else if (g.start < m_.types.size()) {
        out_ += "  " + sub_type(g.start) + "\n";
      }
      next = g.start + g.count;
    }
    for (; next < m_.types.size(); ++next) out_ += "  " + sub_type(next) + "\n";
  }

  std::string limits(const ir::Limits& l) {
    std::string s;
    if (l.is64) s += " i64";
    s += " " + std::to_string(l.min);
    if (l.max) s += " " + std::to_string(*l.max);
    if (l.shared) s += " shared";
    return s;
  }

  std::string table_type(const ir::TableType& t) { return limits(t.limits) + " " + val(t.elem); }

  std::string memory_type(const ir::MemoryType& t) {
    std::string s = limits(t.limits);
    if (t.page_size_log2 != 16)
      s += " (pagesize " + std::to_string(uint64_t(1) << (t.page_size_log2 & 63)) + ")";
    return s;
  }

  std::string type_use(uint32_t type_index) {
    std::string s = " (type " + n_.ref(Space::Type, type_index) + ")";
    if (type_index < m_.types.size() && m_.types[type_index].comp.kind == ir::CompKind::Func)
      s += signature(m_.types[type_index].comp.func);
    return s;
  }

  static std::string str(const std::string& s) {
    return quote_bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }

  void import(uint32_t i) {
    const ir::Import& imp = m_.imports[i];
    // The index of this import within its own kind's index space.
    uint32_t k = 0;
    for (uint32_t j = 0; j < i; ++j) k += m_.imports[j].kind == imp.kind;
    out_ += "  (import " + str(imp.module) + " " + str(imp.name) + " (";
    switch (imp.kind) {
      case ir::ExternKind::Func:
        out_ += "func" + n_.def(Space::Func, k) + type_use(imp.func_type);
        break;
      case ir::ExternKind::Table:
        out_ += "table" + n_.def(Space::Table, k) + table_type(imp.table);
        break;
      case ir::ExternKind::Memory:
        out_ += "memory" + n_.def(Space::Memory, k) + memory_type(imp.memory);
        break;
      case ir::ExternKind::Global:
        out_ += "global" + n_.def(Space::Global, k) + " " + global_type(imp.global);
        break;
      case ir::ExternKind::Tag:
        out_ += "tag" + n_.def(Space::Tag, k) + type_use(imp.tag.type_index);
        break;
    }
    out_ += "))\n";
  }

  std::string global_type(const ir::GlobalType& g) {
    return g.mut ? "(mut " + val(g.type) + ")" : val(g.type);
  }

  // A constant expression, flat, without its final `end`.
  std::string expr(const ir::Expr& e) {
    std::string s;
    Reader r(e.bytes.data(), e.bytes.size());
    ir::Instr in;
    while (!r.at_end()) {
      if (!ir::read_instr(r, &in).ok()) break;
      if (in.op == ir::Op::End && r.at_end()) break;
      if (!s.empty()) s += " ";
      instrs_.print(in, -1, s);
    }
    return s;
  }

  void table(uint32_t i) {
    const ir::Table& t = m_.tables[i];
    uint32_t idx = m_.num_imported_tables + i;
    out_ += "  (table" + n_.def(Space::Table, idx) + table_type(t.type);
    if (t.init) out_ += " " + expr(*t.init);
    out_ += ")\n";
  }

  void memory(uint32_t i) {
    uint32_t idx = m_.num_imported_memories + i;
    out_ += "  (memory" + n_.def(Space::Memory, idx) + memory_type(m_.memories[i]) + ")\n";
  }

  void tag(uint32_t i) {
    uint32_t idx = m_.num_imported_tags + i;
    out_ += "  (tag" + n_.def(Space::Tag, idx) + type_use(m_.tags[i].type_index) + ")\n";
  }

  void global(uint32_t i) {
    const ir::Global& g = m_.globals[i];
    uint32_t idx = m_.num_imported_globals + i;
    out_ += "  (global" + n_.def(Space::Global, idx) + " " + global_type(g.type) + " " +
            expr(g.init) + ")\n";
  }

  void export_(const ir::Export& e) {
    Space s = Space::Func;
    switch (e.kind) {
      case ir::ExternKind::Func: s = Space::Func; break;
      case ir::ExternKind::Table: s = Space::Table; break;
      case ir::ExternKind::Memory: s = Space::Memory; break;
      case ir::ExternKind::Global: s = Space::Global; break;
      case ir::ExternKind::Tag: s = Space::Tag; break;
    }
    out_ += "  (export " + str(e.name) + " (" + ir::to_string(e.kind) + " " + n_.ref(s, e.index) +
            "))\n";
  }

  void elem(uint32_t i) {
    const ir::ElemSegment& e = m_.elems[i];
    out_ += "  (elem" + n_.def(Space::Elem, i);
    switch (e.mode) {
      case ir::SegmentMode::Passive: break;
      case ir::SegmentMode::Declarative: out_ += " declare"; break;
      case ir::SegmentMode::Active:
        if (!e.implicit_table) out_ += " (table " + n_.ref(Space::Table, e.table) + ")";
        out_ += " (offset " + expr(e.offset) + ")";
        break;
    }
    if (e.func_indices) {
      if (!(e.mode == ir::SegmentMode::Active && e.implicit_table)) out_ += " func";
      for (const auto& item : e.items) {
        Reader r(item.bytes.data(), item.bytes.size());
        ir::Instr in;
        if (ir::read_instr(r, &in).ok() && in.op == ir::Op::RefFunc)
          out_ += " " + n_.ref(Space::Func, in.a);
      }
    } else {
      out_ += " " + val(e.type);
      for (const auto& item : e.items) out_ += " (item " + expr(item) + ")";
    }
    out_ += ")\n";
  }

  void data(uint32_t i) {
    const ir::DataSegment& d = m_.datas[i];
    out_ += "  (data" + n_.def(Space::Data, i);
    if (d.mode == ir::SegmentMode::Active) {
      if (d.memory != 0) out_ += " (memory " + n_.ref(Space::Memory, d.memory) + ")";
      out_ += " (offset " + expr(d.offset) + ")";
    }
    out_ += " " + quote_bytes(d.bytes.data(), d.bytes.size()) + ")\n";
  }

  void func(uint32_t i) {
    const ir::Function& f = m_.funcs[i];
    uint32_t idx = m_.num_imported_funcs + i;
    out_ += "  (func" + n_.def(Space::Func, idx) + " (type " + n_.ref(Space::Type, f.type_index) +
            ")";
    uint32_t nparams = 0;
    if (f.type_index < m_.types.size() && m_.types[f.type_index].comp.kind == ir::CompKind::Func) {
      const ir::FuncType& ft = m_.types[f.type_index].comp.func;
      nparams = uint32_t(ft.params.size());
      for (uint32_t p = 0; p < nparams; ++p)
        out_ += " (param" + n_.local_def(idx, p) + " " + val(ft.params[p]) + ")";
      if (!ft.results.empty()) {
        out_ += " (result";
        for (const auto& t : ft.results) out_ += " " + val(t);
        out_ += ")";
      }
    }
    out_ += "\n";
    uint32_t local = nparams;
    for (const auto& run : f.locals) {
      // Named locals print one by one; unnamed ones together.
      bool named = false;
      for (uint32_t k = 0; k < run.count && !named; ++k)
        named = !n_.local_def(idx, local + k).empty();
      if (named) {
        for (uint32_t k = 0; k < run.count; ++k, ++local)
          out_ += "    (local" + n_.local_def(idx, local) + " " + val(run.type) + ")\n";
      } else if (run.count) {
        out_ += "    (local";
        std::string t = " " + val(run.type);
        for (uint32_t k = 0; k < run.count; ++k) out_ += t;
        out_ += ")\n";
        local += run.count;
      }
    }
    body(f.body, idx);
    out_ += "  )\n";
  }

  void body(const ir::Expr& e, uint32_t func_index) {
    Reader r(e.bytes.data(), e.bytes.size());
    ir::Instr in;
    int depth = 0;
    while (!r.at_end()) {
      if (!ir::read_instr(r, &in).ok()) {
        out_ += "    ;; undecodable instruction\n";
        return;
      }
      using ir::Op;
      bool closes = in.op == Op::End || in.op == Op::Else || in.op == Op::Catch ||
                    in.op == Op::CatchAll || in.op == Op::Delegate;
      if (in.op == Op::End && depth == 0) return;  // the body's own end
      if (closes && depth > 0) --depth;
      out_.append(size_t(4 + 2 * depth), ' ');
      instrs_.print(in, func_index, out_);
      out_ += "\n";
      bool opens = in.op == Op::Block || in.op == Op::Loop || in.op == Op::If ||
                   in.op == Op::Try || in.op == Op::TryTable || in.op == Op::Else ||
                   in.op == Op::Catch || in.op == Op::CatchAll;
      if (opens) ++depth;
    }
  }

  const Module& m_;
  NameTable n_;
  InstrPrinter instrs_;
  std::string out_;
};

}  // namespace

std::string print_module(const ir::Module& m) { return ModulePrinter(m).run(); }

}  // namespace skiff::text
