#include "valid/validator.h"

#include <string>
#include <string_view>
#include <unordered_set>

#include "ir/instr.h"
#include "support/bytes.h"
#include "support/parallel.h"
#include "valid/body_decoder.h"
#include "valid/module_types.h"
#include "valid/type_context.h"

namespace skiff::valid {

using ir::ExternKind;
using ir::SegmentMode;
using ir::ValType;

// ---- C.refs ---------------------------------------------------------------------------

// Marks every ref.func in a constant expression. Stops quietly at the first
// undecodable instruction: the expression's own check reports it.
static void scan_func_refs(const ir::Expr& e, std::vector<bool>& out) {
  Reader r(e.bytes.data(), e.bytes.size());
  ir::Instr in;
  while (!r.at_end()) {
    if (!ir::read_instr(r, &in).ok()) return;
    if (ir::op_info(in.op).imm == ir::ImmKind::Func && ir::op_name(in.op) == "ref.func" &&
        in.a < out.size())
      out[in.a] = true;
  }
}

std::vector<bool> declared_func_refs(const ir::Module& m) {
  std::vector<bool> refs(m.num_funcs(), false);
  for (const ir::Global& g : m.globals) scan_func_refs(g.init, refs);
  for (const ir::Table& t : m.tables)
    if (t.init) scan_func_refs(*t.init, refs);
  for (const ir::ElemSegment& s : m.elems) {
    if (s.mode == SegmentMode::Active) scan_func_refs(s.offset, refs);
    for (const ir::Expr& e : s.items) scan_func_refs(e, refs);
  }
  for (const ir::DataSegment& d : m.datas)
    if (d.mode == SegmentMode::Active) scan_func_refs(d.offset, refs);
  for (const ir::Export& x : m.exports)
    if (x.kind == ExternKind::Func && x.index < refs.size()) refs[x.index] = true;
  return refs;
}

// ---- the module validator ----------------------------------------------------------------

namespace {

Error unknown(const char* what, uint32_t index) {
  return make_error(std::string("unknown ") + what + " " + std::to_string(index));
}

// Attaches the place of an expression to an error that has none.
Error at_expr(Error e, const ir::Expr& x) {
  if (e.offset < 0) e.offset = x.offset;
  return e;
}

class ModuleValidator {
 public:
  ModuleValidator(const ir::Module& m, const ValidateOptions& o)
      : m_(m), opts_(o), canon_(m, o.interner) {}

  Status run() {
    SKIFF_TRY(validate_types(m_, canon_));
    refs_ = declared_func_refs(m_);
    ctx_.canon = &canon_;
    ctx_.declared_funcs = &refs_;
    func_types_.resize(m_.num_funcs());
    for (uint32_t f = 0; f < m_.num_funcs(); ++f) func_types_[f] = m_.func_type_index(f);
    ctx_.func_types = func_types_;
    SKIFF_TRY(imports());
    SKIFF_TRY(tags());
    SKIFF_TRY(funcs());
    SKIFF_TRY(memories());
    SKIFF_TRY(tables());
    SKIFF_TRY(globals());
    SKIFF_TRY(datas());
    SKIFF_TRY(elems());
    if (opts_.check_bodies) SKIFF_TRY(bodies());
    SKIFF_TRY(start());
    SKIFF_TRY(exports());
    return {};
  }

 private:
  Status const_expr(const ir::Expr& e, ValType t, uint32_t visible_globals) {
    Status s = validate_const_expr(m_, e, t, visible_globals, ctx_);
    if (!s.ok()) return at_expr(std::move(s).error(), e);
    return {};
  }

  Status imports() {
    for (const ir::Import& imp : m_.imports) {
      switch (imp.kind) {
        case ExternKind::Func:
          SKIFF_TRY(check_func_type_index(m_, imp.func_type));
          break;
        case ExternKind::Table:
          SKIFF_TRY(check_table_type(m_, imp.table));
          break;
        case ExternKind::Memory:
          SKIFF_TRY(check_memory_type(imp.memory));
          break;
        case ExternKind::Global:
          SKIFF_TRY(check_val_type(m_, imp.global.type));
          break;
        case ExternKind::Tag:
          SKIFF_TRY(check_tag_type(m_, imp.tag));
          break;
      }
    }
    return {};
  }

  Status tags() {
    for (const ir::TagType& t : m_.tags) SKIFF_TRY(check_tag_type(m_, t));
    return {};
  }

  Status funcs() {
    for (size_t i = 0; i < m_.funcs.size(); ++i) {
      const ir::Function& f = m_.funcs[i];
      Status s = check_func_type_index(m_, f.type_index);
      if (!s.ok()) {
        Error e = std::move(s).error();
        e.func_index = int64_t(m_.num_imported_funcs + i);
        return e;
      }
    }
    return {};
  }

  Status memories() {
    if (!opts_.features.multi_memory && m_.num_memories() > 1)
      return make_error("multiple memories");
    for (const ir::MemoryType& mt : m_.memories) SKIFF_TRY(check_memory_type(mt));
    return {};
  }

  // Table initialisers see the imported globals only (tables precede globals).
  Status tables() {
    if (!opts_.features.multi_table && m_.num_tables() > 1) return make_error("multiple tables");
    for (const ir::Table& t : m_.tables) {
      SKIFF_TRY(check_table_type(m_, t.type));
      if (t.init) {
        SKIFF_TRY(const_expr(*t.init, t.type.elem, m_.num_imported_globals));
      } else if (!t.type.elem.nullable) {
        // The implicit initialiser is ref.null, which a non-nullable table rejects.
        return make_error("type mismatch: table of non-defaultable type " +
                          ir::to_string(t.type.elem) + " needs an initializer");
      }
    }
    return {};
  }

  // Each global's initialiser sees the imported and the preceding globals.
  Status globals() {
    for (size_t i = 0; i < m_.globals.size(); ++i) {
      const ir::Global& g = m_.globals[i];
      SKIFF_TRY(check_val_type(m_, g.type.type));
      SKIFF_TRY(const_expr(g.init, g.type.type, m_.num_imported_globals + uint32_t(i)));
    }
    return {};
  }

  Status datas() {
    if (m_.data_count && *m_.data_count != m_.datas.size())
      return make_error("data count and data section have inconsistent lengths");
    for (const ir::DataSegment& d : m_.datas) {
      if (d.mode != SegmentMode::Active) continue;
      if (d.memory >= m_.num_memories()) return at_expr(unknown("memory", d.memory), d.offset);
      const ir::MemoryType& mt = m_.memory_type(d.memory);
      SKIFF_TRY(const_expr(d.offset, mt.limits.is64 ? ir::kI64 : ir::kI32, m_.num_globals()));
    }
    return {};
  }

  Status elems() {
    for (const ir::ElemSegment& s : m_.elems) {
      if (!s.type.is_ref()) return make_error("malformed reference type");
      SKIFF_TRY(check_val_type(m_, s.type));
      for (const ir::Expr& e : s.items) SKIFF_TRY(const_expr(e, s.type, m_.num_globals()));
      if (s.mode != SegmentMode::Active) continue;
      if (s.table >= m_.num_tables()) return at_expr(unknown("table", s.table), s.offset);
      const ir::TableType& tt = m_.table_type(s.table);
      if (!is_subtype(m_, canon_, s.type, tt.elem))
        return at_expr(make_error("type mismatch: element segment's type " +
                                  ir::to_string(s.type) + " does not match table's element type " +
                                  ir::to_string(tt.elem)),
                       s.offset);
      SKIFF_TRY(const_expr(s.offset, tt.limits.is64 ? ir::kI64 : ir::kI32, m_.num_globals()));
    }
    return {};
  }

  // Bodies are independent given the module-level context (read-only from here on),
  // so large modules check them on several threads; the error is the lowest
  // function's, as in a serial loop.
  Status bodies() {
    size_t code_bytes = 0;
    for (const ir::Function& f : m_.funcs) code_bytes += f.body.bytes.size();
    unsigned threads = pick_threads(opts_.threads, code_bytes);
    return parallel_for(m_.funcs.size(), threads, opts_.chunk, [this](size_t i) -> Status {
      uint32_t index = m_.num_imported_funcs + uint32_t(i);
      Status s = validate_function_body(m_, index, ctx_);
      if (s.ok()) return {};
      Error e = at_expr(std::move(s).error(), m_.funcs[i].body);
      if (e.func_index < 0) e.func_index = index;
      return e;
    });
  }

  Status start() {
    if (!m_.start) return {};
    uint32_t f = *m_.start;
    if (f >= m_.num_funcs()) return unknown("function", f);
    const ir::FuncType& ft = m_.func_type(m_.func_type_index(f));
    if (!ft.params.empty() || !ft.results.empty())
      return make_error("start function must not have parameters or results");
    return {};
  }

  Status exports() {
    std::unordered_set<std::string_view> names;
    names.reserve(m_.exports.size());
    for (const ir::Export& x : m_.exports) {
      switch (x.kind) {
        case ExternKind::Func:
          if (x.index >= m_.num_funcs()) return unknown("function", x.index);
          break;
        case ExternKind::Table:
          if (x.index >= m_.num_tables()) return unknown("table", x.index);
          break;
        case ExternKind::Memory:
          if (x.index >= m_.num_memories()) return unknown("memory", x.index);
          break;
        case ExternKind::Global:
          if (x.index >= m_.num_globals()) return unknown("global", x.index);
          break;
        case ExternKind::Tag:
          if (x.index >= m_.num_tags()) return unknown("tag", x.index);
          break;
      }
      if (!names.insert(x.name).second)
        return make_error("duplicate export name \"" + x.name + "\"");
    }
    return {};
  }

  const ir::Module& m_;
  const ValidateOptions& opts_;
  TypeCanon canon_;
  std::vector<bool> refs_;
  std::vector<uint32_t> func_types_;
  TypeContext ctx_;
};

// Derived import data must agree with `imports`, or index lookups would misread.
bool import_counts_consistent(const ir::Module& m) {
  uint32_t n[5] = {0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < m.imports.size(); ++i) {
    auto k = static_cast<unsigned>(m.imports[i].kind);
    if (k >= 5) return false;
    if (n[k] >= m.import_pos[k].size() || m.import_pos[k][n[k]] != i) return false;
    ++n[k];
  }
  return n[0] == m.num_imported_funcs && n[1] == m.num_imported_tables &&
         n[2] == m.num_imported_memories && n[3] == m.num_imported_globals &&
         n[4] == m.num_imported_tags && n[0] == m.import_pos[0].size() &&
         n[1] == m.import_pos[1].size() && n[2] == m.import_pos[2].size() &&
         n[3] == m.import_pos[3].size() && n[4] == m.import_pos[4].size();
}

}  // namespace

Status validate(const ir::Module& m, const ValidateOptions& options) {
  if (!import_counts_consistent(m))
    return make_error("internal: import counts do not match the import list");
  ModuleValidator v(m, options);
  return v.run();
}

}  // namespace skiff::valid
