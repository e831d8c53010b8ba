// GC objects in pre-initialisation: the object graph and global renumbering
// (design: preinit_gc.h).
#include "snapshot/preinit_gc.h"

#include <cstring>

#include "ir/instr.h"
#include "runtime/compiled_module.h"
#include "snapshot/checkpoint_gc.h"
#include "support/bytes.h"

namespace skiff::snapshot {
namespace {

Error refuse(std::string why) { return make_error("cannot snapshot: " + std::move(why)); }

// Renumbers global.get / global.set in one expression; other instructions keep
// their bytes.
Status renumber_expr(ir::Expr& e, uint32_t first, uint32_t n) {
  Reader r(e.bytes.data(), e.bytes.size());
  Writer w;
  bool changed = false;
  while (!r.at_end()) {
    const uint8_t* start = r.pos();
    ir::Instr in;
    SKIFF_TRY(ir::read_instr(r, &in));
    if ((in.op == ir::Op::GlobalGet || in.op == ir::Op::GlobalSet) && in.a >= first) {
      in.a += n;
      ir::write_instr(w, in);
      changed = true;
    } else {
      w.bytes(start, size_t(r.pos() - start));
    }
  }
  if (changed) e.bytes = std::move(w.out());
  return {};
}

}  // namespace

const ir::FieldType* object_field_type(const ir::Module& m, uint32_t ti, size_t k) {
  if (ti >= m.types.size()) return nullptr;
  const ir::CompType& c = m.types[ti].comp;
  if (c.kind == ir::CompKind::Array) return &c.array.elem;
  if (c.kind == ir::CompKind::Struct && k < c.struct_.fields.size()) return &c.struct_.fields[k];
  return nullptr;
}

ObjectGraph::ObjectGraph(const rt::Instance& inst) : inst_(inst), m_(inst.module->module) {
  for (uint32_t i = uint32_t(m_.types.size()); i-- > 0;) type_of_canon_[inst.module->canon.id(i)] = i;
}

int64_t ObjectGraph::position(const rt::gc::Object* o) const {
  auto it = pos_.find(o);
  return it == pos_.end() ? -1 : it->second;
}

const std::string& ObjectGraph::root(const rt::gc::Object* o) const {
  static const std::string kNone = "an object";
  auto it = root_of_.find(o);
  return it == root_of_.end() || it->second >= roots_.size() ? kNone : roots_[it->second];
}

uint32_t ObjectGraph::type_index(const rt::gc::Object* o) const {
  auto it = type_of_canon_.find(o->desc->id);
  return it == type_of_canon_.end() ? ~0u : it->second;
}

Status ObjectGraph::add_root(rt::Ref r, const ir::ValType& t, const std::string& what) {
  if (ref_kind(m_, t) != RefKind::Gc || !r.is_object()) return {};
  // Depth-first, iteratively (a long list must not overflow the C++ stack); an
  // object met again while it is on the path closes a cycle.
  struct Step {
    rt::gc::Object* o;
    uint32_t ti;
    size_t next;
  };
  std::vector<Step> path;
  auto enter = [&](rt::gc::Object* o) -> Status {
    auto it = pos_.find(o);
    if (it != pos_.end()) {
      if (it->second == -2)
        return refuse(what + " reaches a cycle of GC objects (an object that refers back to itself "
                             "through its fields); only acyclic heaps can be written as constant "
                             "expressions");
      return {};
    }
    const uint32_t ti = type_index(o);
    if (ti == ~0u)
      return refuse(what + " reaches a GC object of a type this module does not define (made by "
                           "another module)");
    pos_[o] = -2;
    root_of_[o] = uint32_t(roots_.size());
    path.push_back({o, ti, 0});
    return {};
  };
  const size_t before = order_.size();
  SKIFF_TRY(enter(rt::gc::Object::from(r)));
  while (!path.empty()) {
    const size_t depth = path.size();
    {
      Step& s = path.back();
      const rt::gc::TypeDesc* d = s.o->desc;
      const bool array = d->kind == ir::CompKind::Array;
      const size_t n = array ? s.o->length : d->fields.size();
      while (s.next < n && path.size() == depth) {
        const size_t k = s.next++;
        const ir::FieldType* ft = object_field_type(m_, s.ti, array ? 0 : k);
        if (!ft || !ft->type.is_ref() || ref_kind(m_, ft->type) != RefKind::Gc) {
          if (array) s.next = n;  // no element is an object
          continue;
        }
        const size_t off = array ? k * d->elem.size : d->fields[k].offset;
        rt::Ref f;
        std::memcpy(&f, s.o->payload() + off, sizeof f);
        if (f.is_object()) SKIFF_TRY(enter(rt::gc::Object::from(f)));  // may grow `path`
        if (path.size() != depth) break;                             // `s` is stale now
      }
    }
    if (path.size() != depth) continue;
    rt::gc::Object* done = path.back().o;
    pos_[done] = int64_t(order_.size());
    order_.push_back(done);
    path.pop_back();
  }
  if (order_.size() != before) roots_.push_back(what);
  return {};
}

Status renumber_globals(ir::Module& m, uint32_t first, uint32_t n) {
  if (n == 0) return {};
  for (ir::Function& f : m.funcs) SKIFF_TRY(renumber_expr(f.body, first, n));
  for (ir::Global& g : m.globals) SKIFF_TRY(renumber_expr(g.init, first, n));
  for (ir::Table& t : m.tables)
    if (t.init) SKIFF_TRY(renumber_expr(*t.init, first, n));
  for (ir::ElemSegment& s : m.elems) {
    if (!s.offset.bytes.empty()) SKIFF_TRY(renumber_expr(s.offset, first, n));
    for (ir::Expr& e : s.items) SKIFF_TRY(renumber_expr(e, first, n));
  }
  for (ir::DataSegment& s : m.datas)
    if (!s.offset.bytes.empty()) SKIFF_TRY(renumber_expr(s.offset, first, n));
  for (ir::Export& e : m.exports)
    if (e.kind == ir::ExternKind::Global && e.index >= first) e.index += n;
  for (ir::NameAssoc& a : m.names.globals)
    if (a.index >= first) a.index += n;
  return {};
}

}  // namespace skiff::snapshot
