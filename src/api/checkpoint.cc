// Checkpoint/restore in the embedding API (include/skiff/checkpoint.h) over the
// interpreter's frame capture (interp/frame_state.h) and the file format
// (snapshot/checkpoint.h).
#include "skiff/checkpoint.h"

#include <algorithm>

#include "api/api_impl.h"
#include "interp/frame_state.h"
#include "skiff/linker.h"
#include "snapshot/checkpoint.h"

namespace skiff {

namespace {

interp::CheckpointCtl* ctl_of(const Store& store) {
  detail::StoreImpl* s = store.impl();
  if (!s || !s->interp) return nullptr;
  return interp::detail_checkpoint_ctl_if_any(*s->interp);
}

}  // namespace

Status arm_checkpoint(Store& store, const CheckpointTrigger& trigger) {
  detail::StoreImpl* s = store.impl();
  if (!s->store.limits.fuel && !s->store.limits.interruptible)
    return Error{"checkpoints need safepoints: make the store with StoreLimits::fuel or interruptible"};
  if (trigger.after_fuel && !s->store.limits.fuel)
    return Error{"a checkpoint after N units of fuel needs StoreLimits::fuel"};
  interp::CheckpointCtl& c = interp::checkpoint_ctl(*s->interp);
  c.state.reset();
  c.refusal.clear();
  c.stopping = false;
  c.fuel_mark.reset();
  if (trigger.after_fuel) {
    const uint64_t now = s->store.fuel();
    c.fuel_mark = now > *trigger.after_fuel ? now - *trigger.after_fuel : 0;
  }
  return {};
}

void request_checkpoint(Store& store) {
  if (interp::CheckpointCtl* c = ctl_of(store)) c->requested.store(true, std::memory_order_relaxed);
}

bool checkpoint_stopped(const Store& store) {
  interp::CheckpointCtl* c = ctl_of(store);
  return c && c->state.has_value();
}

Result<std::vector<uint8_t>> checkpoint(Store& store, const Instance& instance,
                                        const std::string& module_path) {
  detail::StoreImpl* s = store.impl();
  interp::CheckpointCtl* c = ctl_of(store);
  if (!c || !c->state) {
    if (c && !c->refusal.empty()) return Error{"checkpoint refused: " + c->refusal};
    return Error{"no call of this store stopped for a checkpoint"};
  }
  auto* inst = static_cast<rt::Instance*>(instance.raw());
  if (!inst) return Error{"checkpoint: null instance"};
  snapshot::CheckpointSource src;
  src.instance = inst;
  src.frames = &*c->state;
  src.fuel_on = s->store.limits.fuel;
  src.fuel = s->store.fuel();
  src.wasi = s->wasi.get();
  src.module_path = module_path;
  auto bytes = snapshot::write_checkpoint(src);
  if (bytes.ok()) c->state.reset();
  return bytes;
}

Result<CheckpointInfo> checkpoint_info(std::span<const uint8_t> bytes) {
  auto h = snapshot::read_header(bytes);
  if (!h.ok()) return std::move(h).error();
  CheckpointInfo info;
  if (h->fuel_on) info.fuel = h->fuel;
  info.module_path = h->module_path;
  info.guard_pages = (h->variant & 2) != 0;
  if (h->wasi) {
    WasiConfig w;
    w.args = h->wasi->args;
    w.env = h->wasi->env;
    for (const wasi::Preopen& p : h->wasi->dirs) w.dirs.push_back(WasiDir{p.host, p.guest, p.read_only});
    info.wasi = std::move(w);
  }
  return info;
}

Result<Instance, InstantiateError> instantiate_for_restore(Store& store, const Linker& linker,
                                                           const Module& module) {
  detail::StoreImpl* s = store.impl();
  if (module.impl()->engine != s->engine)
    return InstantiateError{Error{"the module was compiled for another engine"}, std::nullopt};
  // The imports as Linker::instantiate resolves them (Linker::get gives the same
  // objects of this store), then instantiation without the start function.
  std::vector<rt::Extern> imports;
  for (const ir::Import& imp : module.impl()->cm->module.imports) {
    std::optional<Extern> e = linker.get(store, imp.module, imp.name);
    if (!e)
      return InstantiateError{Error{"unknown import \"" + imp.module + "\" \"" + imp.name + "\""},
                              std::nullopt};
    detail::StoreImpl* owner = nullptr;
    rt::Extern x = detail::rt_extern_of(*e, &owner);
    if (!x.ptr || owner != s)
      return InstantiateError{Error{"import \"" + imp.module + "\" \"" + imp.name +
                                    "\" is defined by an object of another store"},
                              std::nullopt};
    imports.push_back(x);
  }
  auto inst = detail::instantiate_rt(s, module, imports, /*run_start=*/false);
  if (inst.ok()) interp::checkpoint_ctl(*s->interp).unstarted.push_back(inst->raw());
  return inst;
}

Status restore(Store& store, const Instance& instance, std::span<const uint8_t> bytes) {
  detail::StoreImpl* s = store.impl();
  auto* inst = static_cast<rt::Instance*>(instance.raw());
  if (!inst) return Error{"restore: null instance"};
  if (!s->store.limits.fuel && !s->store.limits.interruptible)
    return Error{"restore: make the store with CheckpointInfo::limits() (fuel or interruptible)"};
  if (inst->module && inst->module->module.start) {
    // Its start function already ran in the checkpointed run: an instance whose
    // start ran again here would have repeated its effects (output, files).
    const auto& fresh = interp::checkpoint_ctl(*s->interp).unstarted;
    if (std::find(fresh.begin(), fresh.end(), instance.raw()) == fresh.end())
      return Error{"restore: the module has a start function, which must not run again; make the "
                   "instance with instantiate_for_restore()"};
  }
  interp::FrameState fs;
  snapshot::CheckpointHeader h;
  SKIFF_TRY(snapshot::restore(bytes, *inst, s->wasi.get(), fs, &h));
  if (h.fuel_on) {
    if (!s->store.limits.fuel) return Error{"restore: the checkpoint counts fuel; make the store with fuel"};
    s->store.set_fuel(h.fuel);
  }
  interp::CheckpointCtl& c = interp::checkpoint_ctl(*s->interp);
  c.to_resume = std::move(fs);
  c.resume_instance = inst;
  return {};
}

Result<std::vector<Val>, Trap> resume(Store& store) {
  detail::StoreImpl* s = store.impl();
  interp::CheckpointCtl* c = ctl_of(store);
  if (!c || !c->to_resume) return Trap("resume: nothing restored in this store (call restore() first)");
  interp::FrameState fs = std::move(*c->to_resume);
  c->to_resume.reset();
  std::vector<rt::Val> out;
  detail::HostEntry entry(s);
  auto r = interp::resume_frames(*s->interp, *c->resume_instance, fs, out);
  if (!r.ok()) return Trap("resume: " + r.error().message);
  if (*r) return detail::to_public(**r);
  std::vector<Val> results;
  for (const rt::Val& v : out) results.push_back(detail::to_public(s, v));
  return results;
}

}  // namespace skiff
