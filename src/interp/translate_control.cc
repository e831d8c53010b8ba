// Translation of blocks, if/else, legacy try/catch/delegate and try_table.
#include "interp/translator.h"

namespace skiff::interp::detail {

void Translator::on_block(const ir::Instr& in, const Frame& f, const Event& e) {
  at_wasm(e);
  track(e);
  Ctl c;
  c.kind = f.kind;
  c.live = !dead_;
  c.height = f.height;
  c.outer_region = cur_region_;
  // An `if` may fuse with the comparison before it (emit_test), so it binds later.
  if (f.kind != FrameKind::If) bind();
  if (!c.live) {
    ctls_.push_back(std::move(c));
    return;
  }
  const uint32_t nparams = uint32_t(f.params().size());
  flush_locals_below(f.height);
  for (uint32_t i = 0; i < nparams; ++i) materialize(f.height + i);
  switch (f.kind) {
    case FrameKind::Loop:
      c.loop_pc = label_here();
      if (checks_) {
        c.check_at = emit(IOp::Check, {1});
        // The loop's parameters and everything below them are in their slots.
        record_safepoint(Safepoint::Check, f.height + nparams, 0, 0, {});
        counters_.push_back(uint32_t(ctls_.size()));  // this loop's index once pushed
      }
      break;
    case FrameKind::If: {
      c.else_fixup = emit_test(false, f.height + nparams);
      break;
    }
    case FrameKind::Try:
    case FrameKind::TryTable: {
      Region r;
      r.begin = label_here();
      r.parent = cur_region_;
      c.region = int32_t(regions_.size());
      regions_.push_back(std::move(r));
      if (f.kind == FrameKind::TryTable) {
        for (const ir::CatchClause& cc : in.catches) add_catch(c.region, cc, e);
      } else {
        c.exn_slot = hidden_base_ + 8 * next_hidden_++;
      }
      // Set after the catches: a stub emitted for them lies outside the region.
      regions_[size_t(c.region)].begin = label_here();
      cur_region_ = c.region;
      break;
    }
    default:
      break;
  }
  bind();
  stk_.resize(f.height + nparams);
  ctls_.push_back(std::move(c));
}

uint32_t Translator::add_catch(int32_t region, const ir::CatchClause& cl, const Event& e) {
  // Catch labels count from the frame enclosing the try_table.
  uint32_t depth = cl.label;
  const Frame& tf = e.controls[e.controls.size() - 2 - depth];
  CatchInfo ci;
  switch (cl.kind) {
    case ir::CatchKind::Catch: ci.kind = CatchInfo::Tag; break;
    case ir::CatchKind::CatchRef: ci.kind = CatchInfo::TagRef; break;
    case ir::CatchKind::CatchAll: ci.kind = CatchInfo::All; break;
    case ir::CatchKind::CatchAllRef: ci.kind = CatchInfo::AllRef; break;
  }
  ci.tag = cl.tag;
  ci.exn_slot = kNone;
  std::vector<CatchInfo>& cs = regions_[size_t(region)].catches;
  uint32_t index = uint32_t(cs.size());
  Ctl& target = ctls_[ctls_.size() - 1 - depth];  // the new frame is not pushed yet
  if (tf.kind == FrameKind::Function) {
    // Caught straight into the function's results: a stub that returns.
    ci.dst = 0;
    uint32_t j = emit(IOp::Br, {0});
    ci.target = label_here();
    emit(IOp::Return, {});
    patch(Fixup{j, j + kOpHeader}, label_here());
  } else {
    ci.dst = off_[tf.height];
    uint32_t o = ci.dst;
    for (const ValType& t : tf.label_types()) o += slot_bytes(t);
    if (o > frame_bytes_) frame_bytes_ = o;
    if (target.kind == FrameKind::Loop) ci.target = target.loop_pc;
    else target.catch_fixups.emplace_back(uint32_t(region), index);
  }
  cs.push_back(ci);
  return index;
}

void Translator::close_body(Ctl& c) {
  if (c.region < 0 || c.body_closed) return;
  Region& r = regions_[size_t(c.region)];
  r.end = label_here();
  cur_region_ = r.parent;
  c.body_closed = true;
}

// The arm that ends here fell through: its results go to their natural slots and,
// when another arm follows, a jump to the end.
void Translator::end_arm(Ctl& c, const Frame& f, bool fell_through, bool jump) {
  if (!fell_through) return;
  uint32_t n = uint32_t(f.results().size());
  for (uint32_t i = 0; i < n; ++i) materialize(f.height + i);
  if (jump) {
    uint32_t j = emit(IOp::Br, {0});
    c.fixups.push_back(Fixup{j, j + kOpHeader});
  }
}

void Translator::on_else(const Frame& f, const Event& e, bool fell_through) {
  at_wasm(e);
  track(e);
  bind();
  Ctl& c = ctls_.back();
  if (c.live) {
    end_arm(c, f, fell_through, true);
    patch(*c.else_fixup, label_here());
    c.else_fixup.reset();
    push_natural(f.height, e.pushed);
  }
  dead_ = !c.live;
}

void Translator::on_catch(const ir::Instr& in, const Frame& f, const Event& e,
                          bool fell_through) {
  at_wasm(e);
  track(e);
  bind();
  Ctl& c = ctls_.back();
  if (c.live) {
    end_arm(c, f, fell_through, true);
    close_body(c);
    CatchInfo ci;
    ci.kind = in.op == Op::Catch ? CatchInfo::Tag : CatchInfo::All;
    ci.tag = in.a;
    ci.dst = off_[f.height];
    ci.target = label_here();
    ci.exn_slot = c.exn_slot;
    regions_[size_t(c.region)].catches.push_back(ci);
    c.in_catch = true;
    push_natural(f.height, e.pushed);
  }
  dead_ = !c.live;
}

void Translator::on_delegate(const ir::Instr& in, const Frame& f, const Event& e,
                             bool fell_through) {
  at_wasm(e);
  track(e);
  bind();
  Ctl c = std::move(ctls_.back());
  ctls_.pop_back();
  if (c.live) {
    end_arm(c, f, fell_through, false);
    close_body(c);
    Region& r = regions_[size_t(c.region)];
    r.delegate = true;
    const Ctl& t = ctls_[ctls_.size() - 1 - in.a];
    if (t.kind == FrameKind::Function) r.delegate_to = -1;
    else if (t.region >= 0 && !t.body_closed) r.delegate_to = t.region;
    else r.delegate_to = t.outer_region;
    bind_end(c);
    push_natural(f.height, e.pushed);
  }
  dead_ = !c.live;
}

void Translator::bind_end(Ctl& c) {
  uint32_t here = label_here();
  for (const Fixup& fx : c.fixups) patch(fx, here);
  for (auto [r, i] : c.catch_fixups) regions_[r].catches[i].target = here;
  if (c.else_fixup) patch(*c.else_fixup, here);  // an if without else
}

void Translator::on_end(const Frame& f, const Event& e, bool fell_through) {
  at_wasm(e);
  track(e);
  bind();
  Ctl c = std::move(ctls_.back());
  ctls_.pop_back();
  if (c.check_at != kNone) {
    set_check_cost(c);
    if (f.kind == FrameKind::Loop) counters_.pop_back();
  }
  if (f.kind == FrameKind::Function) {
    if (c.live && fell_through) emit_return(0);
    return;
  }
  if (c.live) {
    end_arm(c, f, fell_through, false);
    close_body(c);
    bind_end(c);
    push_natural(f.height, e.pushed);
  }
  dead_ = !c.live;
}

}  // namespace skiff::interp::detail
