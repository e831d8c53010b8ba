// References in checkpoints: the GC heap, exceptions, funcrefs (design: checkpoint_gc.h).
#include "snapshot/checkpoint_gc.h"

#include <cstring>

#include "runtime/compiled_module.h"
#include "runtime/objects.h"
#include "runtime/store.h"

namespace skiff::snapshot {

namespace {

constexpr uint64_t kTagFunc = 2, kTagExn = 6;

const ir::CompType* comp_of(const ir::Module& m, uint32_t ti) {
  return ti < m.types.size() ? &m.types[ti].comp : nullptr;
}

// The type of field `k` of an object (struct field or array element).
const ir::FieldType* field_type(const ir::Module& m, uint32_t ti, size_t k) {
  const ir::CompType* c = comp_of(m, ti);
  if (!c) return nullptr;
  if (c->kind == ir::CompKind::Array) return &c->array.elem;
  if (c->kind == ir::CompKind::Struct && k < c->struct_.fields.size()) return &c->struct_.fields[k];
  return nullptr;
}

}  // namespace

RefKind ref_kind(const ir::Module& m, const ir::ValType& t) {
  switch (t.heap.kind) {
    case ir::HeapKind::Func:
    case ir::HeapKind::NoFunc: return RefKind::Func;
    case ir::HeapKind::Exn:
    case ir::HeapKind::NoExn: return RefKind::Exn;
    case ir::HeapKind::Concrete: {
      const ir::CompType* c = comp_of(m, t.heap.index);
      return c && c->kind == ir::CompKind::Func ? RefKind::Func : RefKind::Gc;
    }
    default: return RefKind::Gc;
  }
}

// ---- saving ----

RefSaver::RefSaver(const rt::Instance& inst) : inst_(inst), m_(inst.module->module) {
  for (uint32_t i = 0; i < inst.funcs.size(); ++i) funcs_.emplace(inst.funcs[i], i);
  for (uint32_t i = 0; i < m_.types.size(); ++i) type_of_canon_.emplace(inst.module->canon.id(i), i);
}

bool RefSaver::encode(rt::Ref r, const ir::ValType& t, const std::string& where, uint64_t& out) {
  if (r.is_null()) {
    out = 0;
    return true;
  }
  switch (ref_kind(m_, t)) {
    case RefKind::Func: {
      auto it = funcs_.find(r.as_func());
      if (it == funcs_.end()) {
        error_ = "checkpoint: " + where +
                 " holds a host function or a function of another instance; it cannot be saved";
        return false;
      }
      out = (uint64_t(it->second) << 3) | kTagFunc;
      return true;
    }
    case RefKind::Exn: {
      const rt::Exception* e = r.as_exn();
      auto [it, fresh] = exn_index_.emplace(e, uint32_t(exns_.size()));
      if (fresh) exns_.push_back(e);
      out = (uint64_t(it->second) << 3) | kTagExn;
      return true;
    }
    case RefKind::Gc: break;
  }
  if (r.is_i31()) {
    out = r.bits();
    return true;
  }
  if (r.is_host()) {
    error_ = "checkpoint: " + where +
             " holds a host value (an externref made by the embedder); host values cannot be saved";
    return false;
  }
  auto [it, fresh] = obj_index_.emplace(r.bits(), uint32_t(objs_.size()));
  if (fresh) objs_.push_back(rt::gc::Object::from(r));
  out = (uint64_t(it->second) + 1) << 2;
  return true;
}

Status RefSaver::write_records(ckio::Writer& w) {
  // Objects first (their fields may add objects and exceptions), then exceptions
  // (their payloads may add both): written into two buffers until closed.
  ckio::Writer ow, ew;
  size_t done_o = 0, done_e = 0;
  while (done_o < objs_.size() || done_e < exns_.size()) {
    for (; done_o < objs_.size(); ++done_o) {
      rt::gc::Object* o = objs_[done_o];
      const rt::gc::TypeDesc* d = o->desc;
      auto ti = type_of_canon_.find(d->id);
      if (ti == type_of_canon_.end())
        return Error{"checkpoint: a GC object has a type this module does not define (made by "
                     "another module); it cannot be saved"};
      const bool array = d->kind == ir::CompKind::Array;
      const size_t bytes = array ? size_t(o->length) * d->elem.size : d->size;
      std::vector<uint8_t> payload(o->payload(), o->payload() + bytes);
      const size_t n = array ? o->length : d->fields.size();
      const std::string where = "a field of a GC object (type " + std::to_string(ti->second) + ")";
      for (size_t k = 0; k < n; ++k) {
        const ir::FieldType* ft = field_type(m_, ti->second, array ? 0 : k);
        if (!ft || !ft->type.is_ref()) {
          if (array) break;  // no element is a reference
          continue;
        }
        const size_t off = array ? k * d->elem.size : d->fields[k].offset;
        rt::Ref r;
        std::memcpy(&r, payload.data() + off, sizeof r);
        uint64_t word;
        if (!encode(r, ft->type, where, word)) return Error{error_};
        std::memcpy(payload.data() + off, &word, 8);
      }
      ow.u32(ti->second);
      ow.u32(array ? o->length : 0);
      ow.bytes(payload.data(), payload.size());
    }
    for (; done_e < exns_.size(); ++done_e) {
      const rt::Exception* e = exns_[done_e];
      uint32_t tag = ~0u;
      for (uint32_t i = 0; i < inst_.tags.size(); ++i)
        if (inst_.tags[i] == e->tag) tag = i;
      // An imported tag is saved by its index too: the resuming instance's import of
      // that index stands for it (its signature is checked against the payload).
      if (tag == ~0u || !e->tag->sig || e->tag->sig->params.size() != e->payload.size())
        return Error{"checkpoint: an exception of a tag that is not this instance's (thrown by "
                     "another instance with its own tag) cannot be saved"};
      ew.u32(tag);
      ew.u64(e->payload.size());
      for (size_t k = 0; k < e->payload.size(); ++k) {
        rt::Cell c;
        e->payload[k].store(c);
        const ir::ValType& t = e->tag->sig->params[k];
        if (t.is_ref()) {
          uint64_t word;
          if (!encode(e->payload[k].ref, t, "an exception's payload", word)) return Error{error_};
          std::memset(c.bytes, 0, 16);
          std::memcpy(c.bytes, &word, 8);
        }
        ew.raw(c.bytes, 16);
      }
    }
  }
  w.u64(objs_.size());
  w.raw(ow.out.data(), ow.out.size());
  w.u64(exns_.size());
  w.raw(ew.out.data(), ew.out.size());
  return {};
}

// ---- loading ----

RefLoader::RefLoader(rt::Instance& inst) : inst_(inst), m_(inst.module->module) {}

RefLoader::~RefLoader() {
  for (rt::gc::Object* o : objs_)
    if (o) inst_.store->heap().unpin(rt::Ref::from_bits(reinterpret_cast<uintptr_t>(o)));
}

Status RefLoader::read_records(ckio::Reader& r) {
  auto bad = [](const std::string& what) { return Error{"checkpoint file corrupted: " + what}; };
  const rt::CompiledModule& cm = *inst_.module;
  rt::gc::Heap& heap = inst_.store->heap();
  struct Rec {
    uint32_t type;
    std::span<const uint8_t> payload;
  };
  std::vector<Rec> recs;
  const uint64_t n = r.count(16);
  if (!r.ok()) return bad("GC heap section cut short");
  recs.reserve(size_t(n));
  objs_.reserve(size_t(n));
  for (uint64_t i = 0; i < n; ++i) {
    const uint32_t ti = r.u32();
    const uint32_t length = r.u32();
    auto payload = r.bytes();
    if (!r.ok()) return bad("GC object records cut short");
    const ir::CompType* c = comp_of(m_, ti);
    if (!c || c->kind == ir::CompKind::Func) return bad("a GC object names no struct/array type");
    const rt::gc::TypeDesc* d = rt::gc::type_desc(cm, ti);
    const bool array = c->kind == ir::CompKind::Array;
    const uint64_t bytes = array ? uint64_t(length) * d->elem.size : d->size;
    if (payload.size() != bytes || (!array && length != 0))
      return bad("a GC object's size does not match its type");
    rt::gc::Object* o = array ? heap.alloc_array(d, length) : heap.alloc_struct(d);
    if (!o) return Error{"checkpoint: out of memory restoring the GC heap"};
    heap.pin(rt::Ref::from_bits(reinterpret_cast<uintptr_t>(o)));
    objs_.push_back(o);
    obj_types_.push_back(ti);
    recs.push_back({ti, payload});
  }
  struct ExnRec {
    uint32_t tag;
    std::span<const uint8_t> cells;
  };
  std::vector<ExnRec> erecs;
  const uint64_t m = r.count(12);
  if (!r.ok()) return bad("exception section cut short");
  for (uint64_t i = 0; i < m; ++i) {
    const uint32_t tag = r.u32();
    const uint64_t k = r.count(16);
    auto cells = r.view(k * 16);
    if (!r.ok()) return bad("exception records cut short");
    if (tag >= inst_.tags.size() || !inst_.tags[tag] || !inst_.tags[tag]->sig ||
        inst_.tags[tag]->sig->params.size() != k)
      return bad("an exception names no tag of this module, or another payload size");
    exns_.push_back(inst_.store->make_exception(inst_.tags[tag], {}));
    erecs.push_back({tag, cells});
  }
  // Fill the objects.
  for (size_t i = 0; i < recs.size(); ++i) {
    rt::gc::Object* o = objs_[i];
    const rt::gc::TypeDesc* d = o->desc;
    const bool array = d->kind == ir::CompKind::Array;
    std::memcpy(o->payload(), recs[i].payload.data(), recs[i].payload.size());
    const size_t count = array ? o->length : d->fields.size();
    for (size_t k = 0; k < count; ++k) {
      const ir::FieldType* ft = field_type(m_, recs[i].type, array ? 0 : k);
      if (!ft || !ft->type.is_ref()) {
        if (array) break;
        continue;
      }
      const size_t off = array ? k * d->elem.size : d->fields[k].offset;
      uint64_t word;
      std::memcpy(&word, o->payload() + off, 8);
      rt::Ref ref;
      if (!decode(word, ft->type, ref)) {
        std::memset(o->payload(), 0, recs[i].payload.size());  // leave no stray words
        return bad("a GC object's field holds a reference that does not fit its type");
      }
      std::memcpy(o->payload() + off, &ref, sizeof ref);
    }
  }
  // Fill the exceptions.
  for (size_t i = 0; i < erecs.size(); ++i) {
    const ir::FuncType& sig = *inst_.tags[erecs[i].tag]->sig;
    std::vector<rt::Val> payload;
    for (size_t k = 0; k < sig.params.size(); ++k) {
      rt::Cell c;
      std::memcpy(c.bytes, erecs[i].cells.data() + 16 * k, 16);
      if (sig.params[k].is_ref()) {
        uint64_t word;
        std::memcpy(&word, c.bytes, 8);
        rt::Ref ref;
        if (!decode(word, sig.params[k], ref)) return bad("an exception's payload does not fit its tag");
        std::memset(c.bytes, 0, 16);
        std::memcpy(c.bytes, &ref, sizeof ref);
      }
      payload.push_back(rt::Val::load(c, sig.params[k]));
    }
    exns_[i]->payload = std::move(payload);
  }
  return {};
}

bool RefLoader::decode(uint64_t word, const ir::ValType& t, rt::Ref& out) const {
  out = rt::Ref::null();
  if (word == 0) return true;  // null (non-nullable locals are null until set)
  const rt::CompiledModule& cm = *inst_.module;
  switch (ref_kind(m_, t)) {
    case RefKind::Func: {
      if ((word & 7) != kTagFunc || t.heap.kind == ir::HeapKind::NoFunc) return false;
      const uint64_t i = word >> 3;
      if (i >= inst_.funcs.size()) return false;
      if (t.heap.is_concrete()) {
        if (i >= cm.func_type_ids.size()) return false;
        const uint32_t want = cm.canon.id(t.heap.index);
        const uint32_t have = cm.func_type_ids[size_t(i)];
        if (have != want && !(cm.canon.interner() && cm.canon.interner()->is_subtype(have, want)))
          return false;
      }
      out = rt::Ref::from_func(inst_.funcs[size_t(i)]);
      return true;
    }
    case RefKind::Exn: {
      if ((word & 7) != kTagExn || t.heap.kind == ir::HeapKind::NoExn) return false;
      const uint64_t i = word >> 3;
      if (i >= exns_.size()) return false;
      out = rt::Ref::from_exn(exns_[size_t(i)]);
      return true;
    }
    case RefKind::Gc: break;
  }
  const ir::HeapKind hk = t.heap.kind;
  if (hk == ir::HeapKind::None || hk == ir::HeapKind::NoExtern) return false;
  if (word & 1) {  // i31
    if (hk != ir::HeapKind::Any && hk != ir::HeapKind::Eq && hk != ir::HeapKind::I31 &&
        hk != ir::HeapKind::Extern)
      return false;
    if (word >> 32 != 0) return false;  // 31 value bits + the tag bit
    out = rt::Ref::from_bits(uintptr_t(word));
    return true;
  }
  if ((word & 3) != 0) return false;
  const uint64_t i = (word >> 2) - 1;
  if (i >= objs_.size()) return false;
  const rt::gc::Object* o = objs_[size_t(i)];
  const rt::gc::TypeDesc* d = o->desc;
  switch (hk) {
    case ir::HeapKind::Any:
    case ir::HeapKind::Eq:
    case ir::HeapKind::Extern: break;
    case ir::HeapKind::Struct:
      if (d->kind != ir::CompKind::Struct) return false;
      break;
    case ir::HeapKind::Array:
      if (d->kind != ir::CompKind::Array) return false;
      break;
    case ir::HeapKind::Concrete: {
      const rt::gc::TypeDesc* want = rt::gc::type_desc(cm, t.heap.index);
      if (!want || !d->is_subtype_of(want->id, want->depth())) return false;
      break;
    }
    default: return false;
  }
  out = rt::Ref::from_bits(reinterpret_cast<uintptr_t>(o));
  return true;
}

}  // namespace skiff::snapshot
