// Checkpoint files of a running instance (issue 17 item 2).
//
// Design note. A checkpoint is taken when a call stopped at a safepoint
// (interp/frame_state.h): the run has unwound to the host, so memories, globals and
// tables are exactly as they were at the safepoint, and the interpreter's frames were
// saved on the way out. The file holds, in this order:
//
//   "SKIFFCKP" u32 format | u64 total length | str Skiff version | u64 code format id
//   | u64 module hash | str module path | fuel (u8 on, u64 left) | WASI (u8 present; args, env, preopens,
//   descriptor table, clock times, in-memory stdin position: wasi/wasi_checkpoint.h)
//   | u32 code variant
//   | GC objects and exceptions (records: checkpoint_gc.h) | frames ((func, pc, fp, code
//   hash)*, value stack bytes; reference-typed params and locals, and the references
//   the stack maps place on the operand stack and in legacy catches' hidden slots, as
//   reference words)
//   | globals (16-byte cells; references as words) | tables (u64 words) | element
//   segments (u8 dropped; else their references as words) | dropped data segments
//   | memories (size; runs of non-zero 64 KiB chunks: offset, length, bytes)
//   | u64 checksum (FNV-1a of everything before it)
// Format 3 (this one) added the GC heap, exceptions and references in frames;
// format 2 files are refused ("format 2 is not supported").
//
// Integers are little-endian, strings and byte vectors u64-length-prefixed. Reading
// refuses, each with its own message: a file too short for its length (truncated),
// a checksum mismatch (corrupted), another format, Skiff version or code format,
// another module (hash of its binary encoding). Restoring needs a fresh instance of
// the same module (instantiated in a store configured from read_header(): the same
// fuel/interruption setting and guard pages, so the same code variant).
//
// References (checkpoint_gc.h): every struct, array and exception reachable from
// the globals, tables, element segments and the frames' reference-typed params and
// locals is saved once, with the references between them, so sharing, cycles and
// ref.eq results survive; funcrefs are function indices of the instance, i31s their
// bits. Restoring allocates the objects in the new store's heap (those the frames
// name stay pinned for the rest of the store's life: they become roots only once
// the frames run).
//
// References on the saved frames' operand stacks (kept across a call or a loop
// header) and the caught exceptions of legacy catches are found by the translator's
// stack maps (checkpoint_refs.cc) and saved as words like locals.
//
// What cannot be saved is refused when taking the checkpoint: host values
// (externrefs made by the embedder: their meaning is the host's), host functions or
// functions of other instances in references, objects of types the module does not
// define, exceptions of tags that are not the instance's (defined or imported),
// sockets and deleted files (wasi_checkpoint.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "interp/frame_state.h"
#include "runtime/compiled_module.h"
#include "runtime/instance.h"
#include "support/result.h"
#include "wasi/wasi_checkpoint.h"

namespace skiff::snapshot {

inline constexpr const char* kCheckpointSkiffVersion = "0.1.0";  // keep in step with CMakeLists.txt

// FNV-1a of the module's binary encoding.
uint64_t module_hash(const rt::CompiledModule& m);

// Can a running instance of `m` be checkpointed? An Error says why not. (Since format
// 3 every module can; what cannot be saved is refused at the checkpoint.)
Status checkpointable(const rt::CompiledModule& m);
// The reference slots (offsets from the frame, static types) live on each saved
// frame's operand stack and in its legacy catches' hidden slots at its position,
// from the translator's stack maps (checkpoint_refs.cc). An Error when a frame is
// not at a safepoint of its function's code or does not chain to its callee
// (`from_file`: the messages say the file is corrupted).
Result<std::vector<std::vector<interp::RefSlot>>> frame_stack_refs(const rt::CompiledModule& m,
                                                                   const interp::FrameState& fs,
                                                                   bool from_file);

struct CheckpointSource {
  rt::Instance* instance = nullptr;
  const interp::FrameState* frames = nullptr;
  bool fuel_on = false;
  uint64_t fuel = 0;
  wasi::WasiCtx* wasi = nullptr;  // may be null
  std::string module_path;        // where the module was loaded from (a hint for resuming)
};

// The checkpoint file's bytes.
Result<std::vector<uint8_t>> write_checkpoint(const CheckpointSource& src);

// What a store resuming the checkpoint needs to be made with.
struct CheckpointHeader {
  uint64_t module_hash = 0;
  std::string module_path;
  bool fuel_on = false;
  uint64_t fuel = 0;
  std::optional<wasi::SavedWasi> wasi;
  uint32_t variant = 0;  // code variant (interp/code_cache.h): bit 1 = guard pages
};

// Checks the container (length, checksum, version) and reads the header.
Result<CheckpointHeader> read_header(std::span<const uint8_t> bytes);

// Restores the GC heap and exceptions, memories, globals (immutable reference globals
// too: an object keeps its identity), tables, segments and the WASI descriptors into the
// fresh `instance` (of the module with the checkpoint's hash); the frames to resume
// into `frames`, and the header into `*header` when given (the file is checked once).
Status restore(std::span<const uint8_t> bytes, rt::Instance& instance, wasi::WasiCtx* wasi,
               interp::FrameState& frames, CheckpointHeader* header = nullptr);

}  // namespace skiff::snapshot
