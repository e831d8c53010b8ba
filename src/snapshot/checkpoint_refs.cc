// References on the operand stacks of checkpointed frames (design note: checkpoint.h).
//
// Design note. The interpreter's value stack is saved as bytes; reference-typed
// params and locals sit at offsets known from the function's type (checkpoint.cc
// rewrites them as reference words). A reference on the OPERAND stack has no type
// the bytes could tell, so the translator's stack maps say where they are: the
// function of each saved frame is translated again for the checkpoint's code
// variant with TranslateOptions::stack_maps (interp/code.h: per safepoint, the
// frame slots holding a reference and their static types). Translation is
// deterministic; the code hash of the saved frame must equal the new
// translation's, so the maps describe exactly the code that ran (the writer's and
// the reader's process translate independently; nothing of the maps is stored in
// the file). A frame's position must be a safepoint of its map: a `check` (only
// the running frame) or a call's return address (a caller waits there; for the
// running frame a host call returned there, so the call's results are live too).
// A caller's callee frame must start at the call's argument slots.
#include <unordered_map>

#include "interp/code_cache.h"
#include "interp/translate.h"
#include "snapshot/checkpoint.h"

namespace skiff::snapshot {

Result<std::vector<std::vector<interp::RefSlot>>> frame_stack_refs(const rt::CompiledModule& cm,
                                                                   const interp::FrameState& fs,
                                                                   bool from_file) {
  const std::string prefix = from_file ? "checkpoint file corrupted: " : "checkpoint: internal: ";
  const ir::Module& m = cm.module;
  if (fs.variant >= rt::CodeCache::kVariants)
    return Error{prefix + "code variant " + std::to_string(fs.variant) + " does not exist"};
  interp::TranslateOptions opts;
  opts.checks = (fs.variant & 1) != 0;
  opts.mem0_guarded = (fs.variant & 2) != 0;
  opts.canon_nans = (fs.variant & 4) != 0;
  opts.verify = false;  // the hash comparison below says it is the code that ran
  opts.stack_maps = true;
  std::unordered_map<uint32_t, std::unique_ptr<interp::Code>> codes;
  std::vector<std::vector<interp::RefSlot>> out(fs.frames.size());
  for (size_t k = 0; k < fs.frames.size(); ++k) {
    const interp::SavedFrame& f = fs.frames[k];
    const std::string where = "frame " + std::to_string(k) + " (function " + std::to_string(f.func_index) + ")";
    if (f.func_index < m.num_imported_funcs || f.func_index >= m.num_funcs())
      return Error{prefix + where + " names no defined function"};
    auto it = codes.find(f.func_index);
    if (it == codes.end()) {
      auto c = interp::translate(cm, f.func_index, interp::detail::handler_table(), opts);
      if (!c) return Error{"checkpoint: translating " + where + ": " + c.error().message};
      if (interp::code_hash(**c) != f.code_hash)
        return Error{prefix + where + ": its code hash differs from the function's translation"};
      it = codes.emplace(f.func_index, std::move(*c)).first;
    }
    const interp::StackMaps& sm = it->second->stack_maps;
    const interp::Safepoint* sp = sm.find(f.pc);
    const bool running = k + 1 == fs.frames.size();
    if (!sp || (!running && sp->kind != interp::Safepoint::Call))
      return Error{prefix + where + " is stopped at code position " + std::to_string(f.pc) +
                   ", which is no safepoint" + (running ? "" : " of a waiting caller")};
    if (!running && uint64_t(f.fp) + sp->args != fs.frames[k + 1].fp)
      return Error{prefix + where + ": its callee's frame does not start at the call's arguments"};
    // A running frame stopped at a call's return: a host call returned, its results are live.
    const uint32_t n = sp->live + (running && sp->kind == interp::Safepoint::Call ? sp->results : 0);
    if (uint64_t(sp->first) + n > sm.refs.size())
      return Error{"checkpoint: internal: a stack map is out of range"};
    out[k].assign(sm.refs.begin() + sp->first, sm.refs.begin() + sp->first + n);
  }
  return out;
}

}  // namespace skiff::snapshot
