// InterpWastEngine: one Store + Interpreter per script; named instances; `register`
// through an rt::Linker; values converted between the script's notation and
// rt::Val by the function's static types.
#include "wast_exec.h"

#include <cstring>
#include <map>

#include "compiler/tier1.h"
#include "interp/code_cache.h"
#include "interp/interpreter.h"
#include "interp/verify.h"
#include "runtime/gc_heap.h"
#include "runtime/instantiate.h"
#include "runtime/spectest.h"

namespace skiff::cli {
namespace {

using Outcome = WastEngine::Outcome;

class InterpWastEngine final : public WastEngine {
 public:
  explicit InterpWastEngine(interp::InterpConfig cfg, unsigned tier)
      : store_(engine_), interp_(store_, cfg) {
    linker_.define_instance("spectest", *rt::make_spectest(store_));
    if (tier == 1) {
      auto t1 = compiler::Tier1Executor::create(store_, cfg.guard_pages);
      if (t1.ok()) tier1_ = std::move(*t1);
    }
  }

  Outcome instantiate(const std::string& name, const ir::Module& m) override {
    Outcome o;
    auto cm = rt::CompiledModule::compile(m);
    if (!cm) return error(cm.error().message);
    if (interp::verify_by_default()) {
      // Every function, in every code variant, through the code verifier (not
      // only those the script happens to call); of the deterministic variants
      // (canonical NaNs) the one this engine runs.
      for (bool checks : {false, true}) {
        for (bool guarded : {false, true}) {
          interp::TranslateOptions t;
          t.checks = checks;
          t.mem0_guarded = guarded && m.num_memories() > 0;
          if (Status s = interp::precompile(**cm, t); !s.ok()) return error(s.error().message);
        }
      }
      interp::TranslateOptions det;
      det.canon_nans = true;
      det.checks = store_.limits.fuel || store_.limits.interruptible;
      det.mem0_guarded = interp_.config().guard_pages && m.num_memories() > 0;
      if (Status s = interp::precompile(**cm, det); !s.ok()) return error(s.error().message);
    }
    rt::InstantiateInfo info;
    auto inst = linker_.instantiate(store_, *cm, &info);
    if (!inst) {
      o.message = inst.error().message;
      switch (info.failure) {
        case rt::InstantiateFailure::Link:
          o.kind = Outcome::Kind::Unlinkable;
          break;
        case rt::InstantiateFailure::Trap:
          return from_trap(info.trap);
        case rt::InstantiateFailure::Unsupported:
          o.kind = Outcome::Kind::Unsupported;
          break;
        default:
          o.kind = Outcome::Kind::Error;
          break;
      }
      return o;
    }
    if (tier1_) (void)tier1_->prepare(**inst);  // failures are counted as fallbacks
    last_ = *inst;
    if (!name.empty()) named_[name] = *inst;
    o.kind = Outcome::Kind::Ok;
    return o;
  }

  Outcome register_instance(const std::string& as, const std::string& name) override {
    rt::Instance* i = find(name);
    if (!i) return error("unknown instance " + name);
    linker_.define_instance(as, *i);
    Outcome o;
    o.kind = Outcome::Kind::Ok;
    return o;
  }

  Outcome invoke(const std::string& name, const std::string& fn,
                 const std::vector<text::WastValue>& args) override {
    rt::Instance* i = find(name);
    rt::Func* f = i ? i->export_func(fn) : nullptr;
    if (!f) return error("unknown function export \"" + fn + "\"");
    const ir::FuncType& sig = *f->sig;
    if (args.size() != sig.params.size()) return error("wrong number of arguments");
    std::vector<rt::Val> a;
    for (size_t k = 0; k < args.size(); ++k) a.push_back(to_val(args[k], sig.params[k]));
    std::vector<rt::Val> r;
    if (auto t = rt::invoke(store_, f, a, r)) return from_trap(*t);
    Outcome o;
    o.kind = Outcome::Kind::Ok;
    for (size_t k = 0; k < r.size(); ++k) o.values.push_back(to_exec(r[k], sig.results[k], f));
    return o;
  }

  Outcome get(const std::string& name, const std::string& g) override {
    rt::Instance* i = find(name);
    rt::Global* gl = i ? i->export_global(g) : nullptr;
    if (!gl) return error("unknown global export \"" + g + "\"");
    Outcome o;
    o.kind = Outcome::Kind::Ok;
    o.values.push_back(to_exec(gl->get(), gl->type.type, nullptr));
    return o;
  }

 private:
  static Outcome error(std::string msg) {
    Outcome o;
    o.kind = Outcome::Kind::Error;
    o.message = std::move(msg);
    return o;
  }

  static Outcome from_trap(const rt::Trap& t) {
    Outcome o;
    o.message = t.message;
    if (t.kind == sem::TrapKind::CallStackExhausted) o.kind = Outcome::Kind::Exhaustion;
    else if (t.kind == sem::TrapKind::UncaughtException) o.kind = Outcome::Kind::Exception;
    else if (t.message.rfind("unsupported", 0) == 0) o.kind = Outcome::Kind::Unsupported;
    else o.kind = Outcome::Kind::Trap;
    return o;
  }

  rt::Instance* find(const std::string& n) {
    if (n.empty()) return last_;
    auto it = named_.find(n);
    return it == named_.end() ? nullptr : it->second;
  }

  // The host box for (ref.extern N) / (ref.host N): one per N, so results compare.
  rt::Ref host_ref(uint64_t n) {
    auto it = boxes_.find(n);
    if (it == boxes_.end()) it = boxes_.emplace(n, store_.make_extern(n)).first;
    return it->second;
  }

  rt::Val to_val(const text::WastValue& w, const ir::ValType& t) {
    rt::Val v = rt::Val::zero(t);
    switch (w.kind) {
      case text::WastValue::Kind::I32:
      case text::WastValue::Kind::F32:
        v.i32 = uint32_t(w.bits);
        break;
      case text::WastValue::Kind::I64:
      case text::WastValue::Kind::F64:
        v.i64 = w.bits;
        break;
      case text::WastValue::Kind::V128:
        std::memcpy(v.v128, w.v128, 16);
        break;
      case text::WastValue::Kind::RefNull:
        v.ref = rt::Ref::null();
        break;
      case text::WastValue::Kind::RefExtern:
      case text::WastValue::Kind::RefHost:
        v.ref = host_ref(w.bits);
        break;
    }
    return v;
  }

  // Is heap type h a function type? Results carry module-relative types (of f's
  // module); globals carry canonical ids.
  bool is_func_type(const ir::HeapType& h, const rt::Func* f) const {
    if (f && f->instance && f->instance->module)
      return f->instance->module->module.types[h.index].comp.kind == ir::CompKind::Func;
    return engine_.interner()->info(h.index).kind == ir::CompKind::Func;
  }

  ExecValue to_exec(const rt::Val& v, const ir::ValType& t, const rt::Func* f) {
    ExecValue e;
    switch (t.kind) {
      case ir::ValKind::I32: e.kind = ExecValue::Kind::I32; e.bits = v.i32; return e;
      case ir::ValKind::I64: e.kind = ExecValue::Kind::I64; e.bits = v.i64; return e;
      case ir::ValKind::F32: e.kind = ExecValue::Kind::F32; e.bits = v.f32; return e;
      case ir::ValKind::F64: e.kind = ExecValue::Kind::F64; e.bits = v.f64; return e;
      case ir::ValKind::V128:
        e.kind = ExecValue::Kind::V128;
        std::memcpy(e.v128, v.v128, 16);
        return e;
      default:
        break;
    }
    e.kind = ExecValue::Kind::Ref;
    rt::Ref r = v.ref;
    if (r.is_null()) {
      e.ref = ExecValue::RefKind::Null;
      return e;
    }
    using HK = ir::HeapKind;
    const HK k = t.heap.kind;
    const bool ext = k == HK::Extern || k == HK::NoExtern;
    if (k == HK::Func || k == HK::NoFunc || (k == HK::Concrete && is_func_type(t.heap, f))) {
      e.ref = ExecValue::RefKind::Func;
    } else if (k == HK::Exn || k == HK::NoExn) {
      e.ref = ExecValue::RefKind::Exn;
    } else if (r.is_host()) {
      // A host value: (ref.extern N) as an externref, (ref.host N) inside anyref.
      e.ref = ext ? ExecValue::RefKind::Extern : ExecValue::RefKind::Host;
      e.from_host = true;
      e.host_number = uint32_t(r.as_extern()->value);
    } else if (ext) {
      e.ref = ExecValue::RefKind::Extern;  // an externalized GC value
    } else if (r.is_i31()) {
      e.ref = ExecValue::RefKind::I31;
    } else {
      const rt::gc::Object* o = rt::gc::Object::from(r);
      e.ref = o->desc->kind == ir::CompKind::Struct ? ExecValue::RefKind::Struct
                                                     : ExecValue::RefKind::Array;
    }
    return e;
  }

  rt::Engine engine_;
  rt::Store store_;
  interp::Interpreter interp_;
  std::unique_ptr<compiler::Tier1Executor> tier1_;  // --tier=1: store_.executor
  rt::Linker linker_;
  rt::Instance* last_ = nullptr;
  std::map<std::string, rt::Instance*> named_;
  std::map<uint64_t, rt::Ref> boxes_;
};

}  // namespace

std::unique_ptr<WastEngine> make_interp_engine(bool guard_pages, unsigned tier,
                                               bool deterministic) {
  interp::InterpConfig cfg;
  cfg.guard_pages = guard_pages;
  cfg.deterministic = deterministic;
  return std::make_unique<InterpWastEngine>(cfg, tier);
}

}  // namespace skiff::cli
