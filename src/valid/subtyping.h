// Subtyping and iso-recursive type identity (WebAssembly 3.0).
//
// Design note.
//
// Type identity. Two type indices denote the same type when their rec groups are
// structurally identical: same size, same position inside the group, and pairwise
// equal sub types, where a reference to a type of the same group is compared by its
// position in the group and a reference to an earlier type by that type's identity.
// Because a group may only refer to itself and to earlier groups, identities can be
// assigned group by group in one forward pass:
//
//   * TypeInterner maps the *canonical key* of a group (a word string in which each
//     inner reference is "rel k" and each outer reference is "canon id") to a range
//     of canonical ids [base, base + count). The same key always gets the same range,
//     so canonical ids are equal exactly when the types are equal. Keys only contain
//     canonical ids and group-relative positions, never module indices, so one
//     interner can be shared by every module of a process (the runtime's GC casts and
//     call_indirect checks compare canonical ids across modules).
//   * TypeCanon is the per-module table type index -> canonical id, built once in
//     O(size of the type section); afterwards type equality is one comparison.
//
// Subtyping. heap_subtype() follows the 3.0 hierarchy:
//
//     none <: i31, struct, array <: eq <: any      nofunc <: func
//     none <: every concrete struct / array type   nofunc <: every concrete func type
//     noextern <: extern                           noexn <: exn
//     concrete struct <: struct, concrete array <: array, concrete func <: func
//     concrete a <: concrete b  iff  b is a or on a's declared supertype chain
//
// and HeapKind::Bot (the validator's "unknown") is below everything. The supertype
// chain walk only follows strictly decreasing indices, so it terminates even on
// invalid modules. Every function here is total: bad indices give "not a subtype",
// never a crash.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ir/module.h"
#include "ir/types.h"

namespace skiff::valid {

inline constexpr uint32_t kNoType = 0xFFFFFFFFu;

// Implementation limit on the length of a declared supertype chain (the spec allows
// limits; V8 and wasmtime use the same 63). It keeps every chain walk short even in
// hostile modules; validate_types() enforces it.
inline constexpr uint32_t kMaxSubtypingDepth = 63;

// Canonical rec groups, shareable across modules. Thread-safe: intern() takes a
// lock; info(), size() and is_subtype() are lock-free (infos live in chunks that
// never move, published by a release store of the size), so the runtime can use
// them on its cast paths.
class TypeInterner {
 public:
  // What the runtime needs about a canonical type without its module.
  struct Info {
    uint32_t super = kNoType;  // canonical id of the declared supertype, or kNoType
    uint32_t depth = 0;        // length of the supertype chain above this type
    bool final = true;
    ir::CompKind kind = ir::CompKind::Func;
  };
  // A declared supertype as the key sees it: a position in the same group, or the
  // canonical id of an earlier type.
  struct SuperRef {
    bool relative = false;
    uint32_t value = kNoType;
  };

  TypeInterner();
  ~TypeInterner();
  TypeInterner(const TypeInterner&) = delete;
  TypeInterner& operator=(const TypeInterner&) = delete;

  // Interns one group. `key` is its canonical key (see TypeCanon), `types` gives one
  // Info per type whose `super` is filled in from `supers` (kNoType when absent).
  // Returns the canonical id of the group's first type, or kNoType when the id
  // space (2^31 types) is exhausted.
  uint32_t intern(const std::vector<uint32_t>& key, const std::vector<Info>& types,
                  const std::vector<SuperRef>& supers);

  Info info(uint32_t id) const;
  uint32_t size() const { return size_.load(std::memory_order_acquire); }
  // Declared-chain subtyping between canonical ids (works across modules).
  bool is_subtype(uint32_t sub, uint32_t super) const;

  // The process-wide interner the runtime shares between modules.
  static std::shared_ptr<TypeInterner> process_wide();

 private:
  // Chunk c holds 2^(c + kFirstBits) infos; id + 2^kFirstBits locates it.
  static constexpr unsigned kFirstBits = 6;
  static constexpr unsigned kChunks = 26;  // enough for every id below kMaxIds
  static constexpr uint32_t kMaxIds = 0x80000000u;
  const Info* slot(uint32_t id) const;  // id < size()
  Info* slot_for_write(uint32_t id);    // under mu_

  struct KeyHash {
    size_t operator()(const std::vector<uint32_t>& k) const;
  };
  std::mutex mu_;  // writers
  std::unordered_map<std::vector<uint32_t>, uint32_t, KeyHash> groups_;
  std::atomic<Info*> chunks_[kChunks];
  std::atomic<uint32_t> size_{0};
};

// Per-module canonical ids (see the design note).
class TypeCanon {
 public:
  TypeCanon() = default;
  // Canonicalises every type of m. With no interner a private one is made; pass
  // TypeInterner::process_wide() to get ids comparable across modules. References
  // to out-of-range indices are tolerated (the validator reports them first).
  explicit TypeCanon(const ir::Module& m, std::shared_ptr<TypeInterner> interner = nullptr);

  uint32_t size() const { return uint32_t(ids_.size()); }
  // Canonical id of a type index, or kNoType when out of range.
  uint32_t id(uint32_t type_index) const {
    return type_index < ids_.size() ? ids_[type_index] : kNoType;
  }
  // True when both indices are in range and denote the same type.
  bool same(uint32_t a, uint32_t b) const {
    return a < ids_.size() && b < ids_.size() && ids_[a] == ids_[b] && ids_[a] != kNoType;
  }
  // False when the interner ran out of ids (some ids are kNoType).
  bool complete() const { return complete_; }
  // The rec group holding a type index (count 0 when out of range).
  ir::RecGroup group_of(uint32_t type_index) const;
  // The rec groups as used: m.rec_groups when they tile the type section, each
  // type on its own when the module lists no groups.
  const std::vector<ir::RecGroup>& groups() const { return groups_; }
  // False when m.rec_groups was non-empty but did not tile [0, types.size()).
  bool groups_ok() const { return groups_ok_; }
  const std::shared_ptr<TypeInterner>& interner() const { return interner_; }

 private:
  std::shared_ptr<TypeInterner> interner_;
  std::vector<uint32_t> ids_;
  std::vector<uint32_t> group_index_;  // type index -> index into groups_
  std::vector<ir::RecGroup> groups_;
  bool groups_ok_ = true;
  bool complete_ = true;
};

// ---- subtyping with a prepared TypeCanon (the fast path) -----------------------

bool heap_subtype(const ir::Module& m, const TypeCanon& c, ir::HeapType sub,
                  ir::HeapType super);
bool is_subtype(const ir::Module& m, const TypeCanon& c, ir::ValType sub, ir::ValType super);
// Type equality (both directions of subtyping, i.e. identical up to canonical ids).
bool same_heap(const TypeCanon& c, ir::HeapType a, ir::HeapType b);
bool same_type(const TypeCanon& c, ir::ValType a, ir::ValType b);
// Storage types (packed i8/i16 only match themselves) and field types.
bool field_subtype(const ir::Module& m, const TypeCanon& c, const ir::FieldType& sub,
                   const ir::FieldType& super);
// Composite types: func contra/covariance, struct width+depth, array depth.
bool comp_subtype(const ir::Module& m, const TypeCanon& c, const ir::CompType& sub,
                  const ir::CompType& super);

// ---- convenience forms -----------------------------------------------------------
// These build a TypeCanon only when two different concrete indices must be compared,
// which costs O(type section). Hot code (the body checker) should hold a TypeCanon.
bool heap_subtype(const ir::Module& m, ir::HeapType sub, ir::HeapType super);
bool is_subtype(const ir::Module& m, ir::ValType sub, ir::ValType super);

// ---- facts about the hierarchy ----------------------------------------------------

// The composite kind of a type index, if in range.
std::optional<ir::CompKind> comp_kind(const ir::Module& m, uint32_t type_index);
// Top of a heap type's hierarchy: Any, Func, Extern or Exn (Bot for Bot / bad index).
ir::HeapKind top_heap(const ir::Module& m, ir::HeapType h);
// Bottom of a heap type's hierarchy: None, NoFunc, NoExtern or NoExn (Bot likewise).
ir::HeapKind bottom_heap(const ir::Module& m, ir::HeapType h);

}  // namespace skiff::valid
