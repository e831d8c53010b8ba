// Pre-initialisation: bakes an instance's state into a new module (see preinit.h).
#include "snapshot/preinit.h"

#include <cstring>
#include <iterator>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/instr.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "snapshot/checkpoint_gc.h"
#include "snapshot/preinit_gc.h"
#include "support/bytes.h"
#include "wasi/wasi_impl.h"

namespace skiff::snapshot {
namespace {

Error refuse(std::string why) { return make_error("cannot snapshot: " + std::move(why)); }

ir::Expr finish(Writer& w) {
  w.u8(0x0B);  // end
  ir::Expr e;
  e.bytes = std::move(w.out());
  return e;
}

ir::Expr addr_const(bool is64, uint64_t v) {
  Writer w;
  if (is64) {
    w.u8(0x42);
    w.s64(int64_t(v));
  } else {
    w.u8(0x41);
    w.s32(int32_t(uint32_t(v)));
  }
  return finish(w);
}

// Which hierarchy a (module-relative) heap type belongs to.
enum class Hier { Func, Extern, Any, Exn };

Hier hierarchy(const ir::Module& m, const ir::HeapType& h) {
  switch (h.kind) {
    case ir::HeapKind::Func:
    case ir::HeapKind::NoFunc: return Hier::Func;
    case ir::HeapKind::Extern:
    case ir::HeapKind::NoExtern: return Hier::Extern;
    case ir::HeapKind::Exn:
    case ir::HeapKind::NoExn: return Hier::Exn;
    case ir::HeapKind::Concrete:
      if (h.index < m.types.size() && m.types[h.index].comp.kind == ir::CompKind::Func)
        return Hier::Func;
      return Hier::Any;
    default: return Hier::Any;
  }
}

class Baker {
 public:
  explicit Baker(const rt::Instance& inst) : inst_(inst), m_(inst.module->module) {
    for (size_t i = inst.funcs.size(); i-- > 0;) func_index_[inst.funcs[i]] = uint32_t(i);
  }

  Result<ir::Module> run(std::string_view init_export, PreinitStats* stats);

 private:
  // A constant expression giving reference `r` of static type `t`; `what` names the
  // place for a refusal ("global 3", "table 0 element 17").
  Result<ir::Expr> ref_expr(rt::Ref r, const ir::ValType& t, const std::string& what) const;
  Status write_ref(Writer& w, rt::Ref r, const ir::ValType& t, const std::string& what) const;
  Status write_field(Writer& w, const uint8_t* p, const ir::ValType& t, const std::string& what) const;
  Result<ir::Expr> object_expr(rt::gc::Object* o);
  Status add_array_fills(ir::Module& out) const;
  Status walk_objects(ObjectGraph& g) const;
  Result<ir::Expr> value_expr(const rt::Val& v, const ir::ValType& t, const std::string& what) const;
  Status bake_globals(ir::Module& out) const;
  void bake_memories(ir::Module& out, PreinitStats& st) const;
  Status bake_tables(ir::Module& out, PreinitStats& st) const;
  void keep_segment_states(ir::Module& out) const;

  const rt::Instance& inst_;
  const ir::Module& m_;
  std::unordered_map<const rt::Func*, uint32_t> func_index_;  // lowest index of each
  const ObjectGraph* graph_ = nullptr;  // GC objects, set by run()
  // Big arrays built by array.new and filled by the new start function.
  std::vector<rt::gc::Object*> fills_;
};

Status Baker::write_ref(Writer& w, rt::Ref r, const ir::ValType& t, const std::string& what) const {
  const Hier hier = hierarchy(m_, t.heap);
  if (r.is_null()) {
    w.u8(0xD0);
    ir::write_heap_type(w, t.heap);
    return {};
  }
  if (r.is_host()) return refuse(what + " holds a host reference (an externref made by the host)");
  if (r.is_i31()) {
    if (hier != Hier::Any && hier != Hier::Extern)
      return refuse(what + " holds an i31 reference of an unexpected type");
    w.u8(0x41);
    w.s32(int32_t(r.i31_u()));
    w.u8(0xFB);
    w.u8(0x1C);  // ref.i31
    if (hier == Hier::Extern) {
      w.u8(0xFB);
      w.u8(0x1B);  // extern.convert_any
    }
    return {};
  }
  switch (hier) {
    case Hier::Func: {
      auto it = func_index_.find(r.as_func());
      if (it == func_index_.end())
        return refuse(what + " holds a function that is neither defined nor imported by the module "
                             "(a host function or another instance's)");
      w.u8(0xD2);
      w.u32(it->second);
      return {};
    }
    case Hier::Exn: return refuse(what + " holds an exception (exnref); exceptions cannot be snapshotted");
    case Hier::Extern:
    case Hier::Any: break;
  }
  const int64_t pos = graph_ ? graph_->position(rt::gc::Object::from(r)) : -1;
  if (pos < 0) return refuse("internal: " + what + " holds a GC object the walk did not reach");
  w.u8(0x23);  // global.get of the object's global
  w.u32(m_.num_imported_globals + uint32_t(pos));
  if (hier == Hier::Extern) {
    w.u8(0xFB);
    w.u8(0x1B);  // extern.convert_any
  }
  return {};
}

Result<ir::Expr> Baker::ref_expr(rt::Ref r, const ir::ValType& t, const std::string& what) const {
  Writer w;
  SKIFF_TRY(write_ref(w, r, t, what));
  return finish(w);
}

Result<ir::Expr> Baker::value_expr(const rt::Val& v, const ir::ValType& t, const std::string& what) const {
  Writer w;
  switch (t.kind) {
    case ir::ValKind::I32: w.u8(0x41); w.s32(int32_t(v.i32)); break;
    case ir::ValKind::I64: w.u8(0x42); w.s64(int64_t(v.i64)); break;
    case ir::ValKind::F32: w.u8(0x43); w.fixed_u32(v.f32); break;
    case ir::ValKind::F64: w.u8(0x44); w.fixed_u64(v.f64); break;
    case ir::ValKind::V128:
      w.u8(0xFD);
      w.u32(0x0C);
      w.bytes(v.v128, 16);
      break;
    case ir::ValKind::Ref: return ref_expr(v.ref, t, what);
    default: return refuse(what + " has a type that cannot be written as a constant");
  }
  return finish(w);
}

// One field or array element (`p`: its bytes in the payload) as a constant.
Status Baker::write_field(Writer& w, const uint8_t* p, const ir::ValType& t, const std::string& what) const {
  uint32_t u32 = 0;
  uint64_t u64 = 0;
  switch (t.kind) {
    case ir::ValKind::I8: w.u8(0x41); w.s32(int32_t(uint32_t(p[0]))); return {};
    case ir::ValKind::I16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      w.u8(0x41);
      w.s32(int32_t(uint32_t(h)));
      return {};
    }
    case ir::ValKind::I32: std::memcpy(&u32, p, 4); w.u8(0x41); w.s32(int32_t(u32)); return {};
    case ir::ValKind::F32: std::memcpy(&u32, p, 4); w.u8(0x43); w.fixed_u32(u32); return {};
    case ir::ValKind::I64: std::memcpy(&u64, p, 8); w.u8(0x42); w.s64(int64_t(u64)); return {};
    case ir::ValKind::F64: std::memcpy(&u64, p, 8); w.u8(0x44); w.fixed_u64(u64); return {};
    case ir::ValKind::V128: w.u8(0xFD); w.u32(0x0C); w.bytes(p, 16); return {};
    case ir::ValKind::Ref: {
      rt::Ref r;
      std::memcpy(&r, p, sizeof r);
      return write_ref(w, r, t, what);
    }
    default: return refuse(what + " has a field type that cannot be written as a constant");
  }
}

// The initialiser of object `o`'s global (its children's globals come earlier).
Result<ir::Expr> Baker::object_expr(rt::gc::Object* o) {
  const uint32_t ti = graph_->type_index(o);
  const rt::gc::TypeDesc* d = o->desc;
  const std::string what = "a GC object (type " + std::to_string(ti) + ") reachable from " + graph_->root(o);
  Writer w;
  if (d->kind != ir::CompKind::Array) {
    for (size_t k = 0; k < d->fields.size(); ++k) {
      const ir::FieldType* ft = object_field_type(m_, ti, k);
      if (!ft) return refuse("internal: " + what + " does not match its type");
      SKIFF_TRY(write_field(w, o->payload() + d->fields[k].offset, ft->type, what));
    }
    w.u8(0xFB);
    w.u32(0x00);  // struct.new
    w.u32(ti);
    return finish(w);
  }
  const ir::FieldType* ft = object_field_type(m_, ti, 0);
  if (!ft) return refuse("internal: " + what + " does not match its type");
  const size_t n = o->length, size = d->elem.size;
  const uint8_t* p = o->payload();
  bool same = true, zero = true;
  for (size_t i = 0; i < n * size && (same || zero); ++i) {
    same = same && p[i] == p[i % size];
    zero = zero && p[i] == 0;
  }
  if (n > 0 && zero) {
    w.u8(0x41);
    w.s32(int32_t(uint32_t(n)));
    w.u8(0xFB);
    w.u32(0x07);  // array.new_default
    w.u32(ti);
  } else if (n > 1 && same) {
    SKIFF_TRY(write_field(w, p, ft->type, what));
    w.u8(0x41);
    w.s32(int32_t(uint32_t(n)));
    w.u8(0xFB);
    w.u32(0x06);  // array.new
    w.u32(ti);
  } else if (n <= kMaxFixedOperands) {
    for (size_t i = 0; i < n; ++i) SKIFF_TRY(write_field(w, p + i * size, ft->type, what));
    w.u8(0xFB);
    w.u32(0x08);  // array.new_fixed
    w.u32(ti);
    w.u32(uint32_t(n));
  } else if (ft->mut) {
    // Made with its first element everywhere; the start function fills the rest.
    SKIFF_TRY(write_field(w, p, ft->type, what));
    w.u8(0x41);
    w.s32(int32_t(uint32_t(n)));
    w.u8(0xFB);
    w.u32(0x06);  // array.new
    w.u32(ti);
    fills_.push_back(o);
  } else {
    return refuse(what + " is an immutable array of " + std::to_string(n) +
                  " elements that are not all equal; constant expressions can list at most " +
                  std::to_string(kMaxFixedOperands) +
                  " elements (array.new_fixed: the most engines accept) and an immutable array "
                  "cannot be filled afterwards");
  }
  return finish(w);
}

// The start function that fills the big mutable arrays: array.init_data from a
// passive data segment (numeric elements) or array.init_elem from a passive
// element segment (references), each segment dropped after use.
Status Baker::add_array_fills(ir::Module& out) const {
  if (fills_.empty()) return {};
  Writer body;
  for (rt::gc::Object* o : fills_) {
    const uint32_t ti = graph_->type_index(o);
    const int64_t pos = graph_->position(o);
    const ir::FieldType* ft = object_field_type(m_, ti, 0);
    if (pos < 0 || !ft) return refuse("internal: a big array is not in the object graph");
    const std::string what = "a GC object (type " + std::to_string(ti) + ") reachable from " + graph_->root(o);
    const size_t n = o->length, size = o->desc->elem.size;
    uint32_t seg;
    bool data = !ft->type.is_ref();
    if (data) {
      ir::DataSegment d;
      d.mode = ir::SegmentMode::Passive;
      d.bytes.assign(o->payload(), o->payload() + n * size);
      seg = uint32_t(out.datas.size());
      out.datas.push_back(std::move(d));
    } else {
      ir::ElemSegment e;
      e.mode = ir::SegmentMode::Passive;
      e.type = ft->type;
      for (size_t i = 0; i < n; ++i) {
        rt::Ref r;
        std::memcpy(&r, o->payload() + i * size, sizeof r);
        auto item = ref_expr(r, ft->type, what);
        if (!item.ok()) return std::move(item).error();
        e.items.push_back(std::move(*item));
      }
      seg = uint32_t(out.elems.size());
      out.elems.push_back(std::move(e));
    }
    body.u8(0x23);  // global.get (array) ; dst 0 ; src 0 ; n
    body.u32(m_.num_imported_globals + uint32_t(pos));
    for (uint32_t v : {0u, 0u, uint32_t(n)}) {
      body.u8(0x41);
      body.s32(int32_t(v));
    }
    body.u8(0xFB);
    body.u32(data ? 0x12 : 0x13);  // array.init_data / array.init_elem
    body.u32(ti);
    body.u32(seg);
    body.u8(0xFC);
    body.u32(data ? 0x09 : 0x0D);  // data.drop / elem.drop
    body.u32(seg);
  }
  // A new [] -> [] type in its own rec group (appended: no index moves).
  ir::SubType ty;
  ty.comp.kind = ir::CompKind::Func;
  ir::RecGroup g;
  g.start = uint32_t(out.types.size());
  g.count = 1;
  out.types.push_back(std::move(ty));
  out.rec_groups.push_back(g);
  ir::Function f;
  f.type_index = g.start;
  f.body = finish(body);
  out.funcs.push_back(std::move(f));
  out.start = out.num_funcs() - 1;
  out.data_count = uint32_t(out.datas.size());
  return {};
}

// Every GC object reachable from the defined globals and tables (refusing cycles).
Status Baker::walk_objects(ObjectGraph& g) const {
  for (size_t k = 0; k < m_.globals.size(); ++k) {
    const uint32_t index = m_.num_imported_globals + uint32_t(k);
    if (index >= inst_.globals.size()) return refuse("internal: instance has fewer globals than its module");
    const ir::ValType& t = m_.globals[k].type.type;
    if (t.is_ref()) SKIFF_TRY(g.add_root(inst_.globals[index]->get().ref, t, "global " + std::to_string(index)));
  }
  for (size_t k = 0; k < m_.tables.size(); ++k) {
    const uint32_t index = m_.num_imported_tables + uint32_t(k);
    rt::Table& table = *inst_.tables[index];
    const ir::ValType& t = m_.tables[k].type.elem;
    if (ref_kind(m_, t) != RefKind::Gc) continue;
    for (uint64_t j = 0; j < table.size(); ++j)
      SKIFF_TRY(g.add_root(table.data()[j], t,
                           "table " + std::to_string(index) + " element " + std::to_string(j)));
  }
  return {};
}

Status Baker::bake_globals(ir::Module& out) const {
  for (size_t k = 0; k < out.globals.size(); ++k) {
    const uint32_t index = m_.num_imported_globals + uint32_t(k);
    if (index >= inst_.globals.size()) return refuse("internal: instance has fewer globals than its module");
    rt::Val v = inst_.globals[index]->get();
    auto e = value_expr(v, out.globals[k].type.type, "global " + std::to_string(index));
    if (!e.ok()) return std::move(e).error();
    out.globals[k].init = std::move(*e);
  }
  return {};
}

// Non-zero runs of [p, p + n) as (start, end) pairs, runs closer than `gap` merged.
std::vector<std::pair<uint64_t, uint64_t>> nonzero_runs(const uint8_t* p, uint64_t n, uint64_t gap) {
  std::vector<std::pair<uint64_t, uint64_t>> runs;
  uint64_t i = 0;
  while (i < n) {
    // Skip zeros a word at a time where aligned.
    while (i < n && (i & 7) != 0 && p[i] == 0) ++i;
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word != 0) break;
      i += 8;
    }
    while (i < n && p[i] == 0) ++i;
    if (i >= n) break;
    uint64_t start = i, end = i;
    // Extend while the zeros after the last non-zero byte stay under `gap`.
    while (i < n) {
      if (p[i] != 0) {
        end = ++i;
      } else if (i - end >= gap) {
        break;
      } else {
        ++i;
      }
    }
    if (!runs.empty() && start - runs.back().second < gap) runs.back().second = end;
    else runs.emplace_back(start, end);
  }
  return runs;
}

void Baker::bake_memories(ir::Module& out, PreinitStats& st) const {
  for (size_t k = 0; k < out.memories.size(); ++k) {
    const uint32_t index = m_.num_imported_memories + uint32_t(k);
    const rt::Memory& mem = *inst_.memories[index];
    out.memories[k].limits.min = mem.size_pages();
    st.memory_bytes += mem.size_bytes();
    auto runs = nonzero_runs(mem.data(), mem.size_bytes(), kDataGap);
    // Too many segments for other engines: merge the closest runs first.
    // (gap reaches past any memory long before it could overflow: at most 4^31.)
    for (uint64_t gap = kDataGap * 4; runs.size() > kMaxDataSegments && gap < (uint64_t(1) << 62);
         gap *= 4) {
      std::vector<std::pair<uint64_t, uint64_t>> merged;
      for (const auto& r : runs) {
        if (!merged.empty() && r.first - merged.back().second < gap) merged.back().second = r.second;
        else merged.push_back(r);
      }
      runs = std::move(merged);
    }
    for (const auto& [start, end] : runs) {
      ir::DataSegment seg;
      seg.mode = ir::SegmentMode::Active;
      seg.memory = index;
      seg.offset = addr_const(mem.is64(), start);
      seg.bytes.assign(mem.data() + start, mem.data() + end);
      st.data_bytes += end - start;
      ++st.data_segments;
      out.datas.push_back(std::move(seg));
    }
  }
  if (out.data_count) out.data_count = uint32_t(out.datas.size());
}

Status Baker::bake_tables(ir::Module& out, PreinitStats& st) const {
  constexpr uint64_t kNullGap = 16;  // nulls inside one segment rather than a new one
  const ir::ValType ref_func = ir::ValType::ref(ir::HeapType::abstract(ir::HeapKind::Func), false);
  for (size_t k = 0; k < out.tables.size(); ++k) {
    const uint32_t index = m_.num_imported_tables + uint32_t(k);
    rt::Table& table = *inst_.tables[index];
    ir::Table& def = out.tables[k];
    const ir::ValType elem = def.type.elem;
    def.type.limits.min = table.size();
    // A nullable table starts all null: only non-null entries need writing. A
    // non-nullable one keeps its initialiser and has every entry written.
    const bool nullable = elem.nullable;
    if (nullable) def.init.reset();
    const rt::Ref* refs = table.data();
    const uint64_t n = table.size();
    uint64_t i = 0;
    while (i < n) {
      while (i < n && nullable && refs[i].is_null()) ++i;
      if (i >= n) break;
      uint64_t start = i, end = i;
      while (i < n) {
        if (!refs[i].is_null() || !nullable) end = ++i;
        else if (i - end >= kNullGap) break;
        else ++i;
      }
      ir::ElemSegment seg;
      seg.mode = ir::SegmentMode::Active;
      seg.table = index;
      seg.offset = addr_const(def.type.limits.is64, start);
      seg.type = elem;
      bool all_funcs = hierarchy(m_, elem.heap) == Hier::Func;
      for (uint64_t j = start; j < end; ++j) {
        auto e = ref_expr(refs[j], elem, "table " + std::to_string(index) + " element " + std::to_string(j));
        if (!e.ok()) return std::move(e).error();
        all_funcs = all_funcs && !refs[j].is_null();
        seg.items.push_back(std::move(*e));
      }
      // (ref func) segments have the compact function-index form.
      if (all_funcs && elem.heap == ir::HeapType::abstract(ir::HeapKind::Func)) {
        seg.type = ref_func;
        seg.func_indices = true;
      }
      ++st.elem_segments;
      out.elems.push_back(std::move(seg));
    }
  }
  return {};
}

// The original segments keep their indices; see the design note for their states.
void Baker::keep_segment_states(ir::Module& out) const {
  for (size_t i = 0; i < out.elems.size(); ++i) {
    ir::ElemSegment& seg = out.elems[i];
    const bool dropped = i < inst_.elems.size() && inst_.elems[i].dropped;
    if (seg.mode == ir::SegmentMode::Active || (seg.mode == ir::SegmentMode::Passive && dropped)) {
      seg.mode = ir::SegmentMode::Declarative;
      seg.offset = ir::Expr();
      seg.implicit_table = false;
      seg.table = 0;
    }
  }
  for (size_t i = 0; i < out.datas.size(); ++i) {
    ir::DataSegment& seg = out.datas[i];
    const bool dropped = i < inst_.datas.size() && inst_.datas[i].dropped;
    if (seg.mode == ir::SegmentMode::Active || dropped) {
      seg.mode = ir::SegmentMode::Passive;
      seg.offset = ir::Expr();
      seg.memory = 0;
      seg.bytes.clear();
    }
  }
}

Result<ir::Module> Baker::run(std::string_view init_export, PreinitStats* stats) {
  PreinitStats st;
  ir::Module out = m_;
  keep_segment_states(out);
  out.start.reset();  // it ran; a start function for big arrays may come back below
  ObjectGraph graph(inst_);
  SKIFF_TRY(walk_objects(graph));
  graph_ = &graph;
  const uint32_t nobj = uint32_t(graph.order().size());
  SKIFF_TRY(renumber_globals(out, m_.num_imported_globals, nobj));
  SKIFF_TRY(bake_globals(out));
  bake_memories(out, st);
  SKIFF_TRY(bake_tables(out, st));
  // The object globals, children first, before every other defined global.
  std::vector<ir::Global> objects;
  objects.reserve(nobj);
  for (rt::gc::Object* o : graph.order()) {
    ir::Global g;
    g.type.type = ir::ValType::ref(ir::HeapType::concrete(graph.type_index(o)), false);
    g.type.mut = false;
    auto init = object_expr(o);
    if (!init.ok()) return std::move(init).error();
    g.init = std::move(*init);
    objects.push_back(std::move(g));
  }
  out.globals.insert(out.globals.begin(), std::make_move_iterator(objects.begin()),
                     std::make_move_iterator(objects.end()));
  SKIFF_TRY(add_array_fills(out));
  st.gc_objects = nobj;
  graph_ = nullptr;
  std::erase_if(out.exports, [&](const ir::Export& e) { return e.name == init_export; });
  if (stats) *stats = st;
  return out;
}

const char* type_name(wasi::FileType t) {
  switch (t) {
    case wasi::FileType::Directory: return "a directory";
    case wasi::FileType::RegularFile: return "a file";
    case wasi::FileType::SocketStream:
    case wasi::FileType::SocketDgram: return "a socket";
    default: return "a descriptor";
  }
}

}  // namespace

Status check_module(const ir::Module& m) {
  for (const ir::Import& imp : m.imports) {
    const std::string name = "\"" + imp.module + "\" \"" + imp.name + "\"";
    switch (imp.kind) {
      case ir::ExternKind::Memory:
        return refuse("the module imports memory " + name +
                      "; an imported memory's contents belong to its provider and are not baked");
      case ir::ExternKind::Table:
        return refuse("the module imports table " + name +
                      "; an imported table's contents belong to its provider and are not baked");
      case ir::ExternKind::Global:
        if (imp.global.mut)
          return refuse("the module imports mutable global " + name +
                        "; its value belongs to its provider and is not baked");
        break;
      case ir::ExternKind::Func:
      case ir::ExternKind::Tag: break;
    }
  }
  return {};
}

Status check_wasi(wasi::WasiCtx& ctx) {
  const wasi::WasiCtx::Impl& im = ctx.impl();
  const size_t ndirs = im.config.dirs.size(), nsocks = im.config.tcp_listen.size();
  for (size_t i = 0; i < im.fds.size(); ++i) {
    const wasi::WasiCtx::Fd& f = im.fds[i];
    const std::string fd = "WASI descriptor " + std::to_string(i);
    if (i < 3) {
      static const char* const kStd[] = {"stdin", "stdout", "stderr"};
      if (f.host < 0) return refuse(fd + " (" + kStd[i] + ") was closed during init");
      if (f.preopen || f.type == wasi::FileType::Directory || f.type == wasi::FileType::RegularFile ||
          f.type == wasi::FileType::SocketStream)
        return refuse(fd + " (" + kStd[i] + ") was replaced during init (it is now " +
                      (f.preopen ? std::string("a preopen") : type_name(f.type)) + ")");
    } else if (i < 3 + ndirs) {
      const std::string& want = im.config.dirs[i - 3].guest;
      if (f.host < 0) return refuse(fd + " (preopen " + want + ") was closed during init");
      if (!f.preopen || f.guest_name != want)
        return refuse(fd + " (preopen " + want + ") was closed or replaced during init (it is now " +
                      (f.preopen ? "preopen " + f.guest_name : std::string(type_name(f.type))) + ")");
    } else if (i < 3 + ndirs + nsocks) {
      if (f.host < 0 || f.type != wasi::FileType::SocketStream || !(f.rights & wasi::right::kSockAccept))
        return refuse(fd + " (a --tcplisten socket) was closed or replaced during init");
    } else if (f.host >= 0) {
      return refuse(fd + " (" + type_name(f.type) +
                    " opened during init) is still open; only stdio and the preopens may be");
    }
  }
  return {};
}

Result<ir::Module> snapshot_instance(const rt::Instance& inst, std::string_view init_export,
                                     PreinitStats* stats) {
  if (!inst.module) return refuse("a host instance has no module");
  Baker b(inst);
  return b.run(init_export, stats);
}

}  // namespace skiff::snapshot
