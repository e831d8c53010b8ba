// Table: a vector of references with an element type and limits (32- or 64-bit).
//
// `elem` is canonical: a concrete heap index in it is a canonical type id (see
// types_canon.h), so tables of different modules compare by value. The helpers
// follow the spec's bounds rules (a zero-length operation at exactly size() is
// fine) and return TrapKind::TableOutOfBounds without touching anything otherwise.
// grow() returns the old size or -1 (past max, past 2^32-1 entries for a 32-bit
// table, past the store's element limit, or allocation failure).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ir/types.h"
#include "runtime/value.h"
#include "semantics/trap_kind.h"

namespace skiff::rt {

class Table {
 public:
  // `type.elem` must already be canonical. Fails (nullopt) when min > max_elems.
  Table(const ir::TableType& type, Ref init, uint64_t max_elems);

  uint64_t size() const { return elems_.size(); }
  const ir::ValType& elem_type() const { return elem_; }
  std::optional<uint64_t> max() const { return max_; }
  bool is64() const { return is64_; }
  // The current type (min = current size), for import matching.
  ir::TableType type() const;
  Ref* data() { return elems_.data(); }

  sem::TrapKind get(uint64_t i, Ref& out) const {
    if (i >= elems_.size()) return sem::TrapKind::TableOutOfBounds;
    out = elems_[size_t(i)];
    return sem::TrapKind::None;
  }
  sem::TrapKind set(uint64_t i, Ref r) {
    if (i >= elems_.size()) return sem::TrapKind::TableOutOfBounds;
    elems_[size_t(i)] = r;
    return sem::TrapKind::None;
  }
  // Would growing by delta stay within the max, the address space and the store's
  // element limit? (grow() can still fail when memory runs out.)
  bool within_limit(uint64_t delta) const { return delta <= limit_ - size(); }
  int64_t grow(uint64_t delta, Ref init);
  sem::TrapKind fill(uint64_t i, Ref r, uint64_t n);
  // table.copy (dst and src may be the same table; overlapping ranges are fine).
  static sem::TrapKind copy(Table& dst, uint64_t d, Table& src, uint64_t s, uint64_t n);
  // table.init from an element segment's references.
  sem::TrapKind init(uint64_t d, std::span<const Ref> seg, uint64_t s, uint64_t n);

 private:
  std::vector<Ref> elems_;
  ir::ValType elem_;
  std::optional<uint64_t> max_;
  uint64_t limit_ = 0;  // min(max, address space, store limit)
  bool is64_ = false;
};

}  // namespace skiff::rt
