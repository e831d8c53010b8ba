// References in checkpoints: the GC heap, exceptions, funcrefs (private to src/snapshot).
//
// Design note. A reference is written as one u64 word that means something in
// another process:
//   0                   null
//   bit 0 set           an i31 (the Ref's own bits: (value << 1) | 1)
//   (i << 3) | 2        function i of the checkpointed instance
//   (i << 3) | 6        exception record i of this checkpoint
//   (i + 1) << 2        GC object record i of this checkpoint (low bits 00, never 0)
// Which kind a non-null, non-i31 word is follows from the STATIC type of the place
// holding it (module type indices: a global's, table's, element segment's, local's,
// field's or tag parameter's type), never from guessing at the pointer. Host boxes
// (externrefs made by the embedder, or any.convert_extern of one) are refused: their
// value means nothing to another process's host.
//
// The saver numbers objects and exceptions in discovery order from the roots it is
// given (globals, tables, element segments, frame locals); write_records() then
// writes every record, discovering the rest (fields, array elements, exception
// payloads) until closed. Objects are written with their MODULE type index (the
// canonical id of the object's type mapped back through the module's types) and
// re-mapped on restore by the new process's canonical ids, so canonical ids never
// appear in the file. Sharing and cycles survive: one object is one record, every
// reference to it the same word, so ref.eq answers as before.
//
// Records:  u64 n, n x { u32 type index, u32 length (arrays), bytes payload }
//           u64 m, m x { u32 tag index (instance), u64 k, k x 16-byte cell }
// The payload is the object's payload with each reference field (8 bytes) replaced
// by its word. The loader allocates every object and exception first, then fills
// them, so forward references and cycles need nothing special; it checks every word
// (kind against the static type, indices in range, GC object types against the
// static type by subtyping of canonical ids) and refuses what does not fit.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/gc_heap.h"
#include "runtime/instance.h"
#include "snapshot/checkpoint_io.h"
#include "support/result.h"

namespace skiff::snapshot {

// What a reference-typed place holds, by its static type.
enum class RefKind : uint8_t { Func, Exn, Gc };
RefKind ref_kind(const ir::Module& m, const ir::ValType& t);

class RefSaver {
 public:
  explicit RefSaver(const rt::Instance& inst);
  // The word for `r` held in a place of type `t`; false (error() says why, naming
  // `where`) when it cannot be saved.
  bool encode(rt::Ref r, const ir::ValType& t, const std::string& where, uint64_t& out);
  const std::string& error() const { return error_; }
  // Every object and exception record (closing over their references).
  Status write_records(ckio::Writer& w);
  size_t objects() const { return objs_.size(); }

 private:
  const rt::Instance& inst_;
  const ir::Module& m_;
  std::unordered_map<const rt::Func*, uint32_t> funcs_;
  std::unordered_map<uint32_t, uint32_t> type_of_canon_;  // canonical id -> type index
  std::unordered_map<uintptr_t, uint32_t> obj_index_;
  std::vector<rt::gc::Object*> objs_;
  std::unordered_map<const rt::Exception*, uint32_t> exn_index_;
  std::vector<const rt::Exception*> exns_;
  std::string error_;
};

class RefLoader {
 public:
  explicit RefLoader(rt::Instance& inst);
  ~RefLoader();
  RefLoader(const RefLoader&) = delete;
  RefLoader& operator=(const RefLoader&) = delete;
  // Reads and rebuilds every record (objects pinned until the loader dies).
  Status read_records(ckio::Reader& r);
  // The reference for `word` in a place of type `t`; false when it does not fit.
  bool decode(uint64_t word, const ir::ValType& t, rt::Ref& out) const;

 private:
  rt::Instance& inst_;
  const ir::Module& m_;
  std::vector<rt::gc::Object*> objs_;
  std::vector<uint32_t> obj_types_;  // module type index of each object
  std::vector<rt::Exception*> exns_;
};

}  // namespace skiff::snapshot
