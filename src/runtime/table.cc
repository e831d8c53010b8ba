#include "runtime/table.h"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace skiff::rt {

Table::Table(const ir::TableType& type, Ref init, uint64_t max_elems)
    : elem_(type.elem), max_(type.limits.max), is64_(type.limits.is64) {
  uint64_t limit = std::min<uint64_t>(is64_ ? UINT64_MAX : 0xFFFFFFFFu, max_elems);
  if (max_) limit = std::min(limit, *max_);
  limit_ = limit;
  // Callers check min <= limit first (Store::create_table).
  elems_.assign(size_t(std::min(type.limits.min, limit)), init);
}

ir::TableType Table::type() const {
  ir::TableType t;
  t.elem = elem_;
  t.limits.min = size();
  t.limits.max = max_;
  t.limits.is64 = is64_;
  return t;
}

int64_t Table::grow(uint64_t delta, Ref init) {
  const uint64_t old = size();
  if (!within_limit(delta)) return -1;
  try {
    elems_.resize(size_t(old + delta), init);
  } catch (const std::bad_alloc&) {
    return -1;
  } catch (const std::length_error&) {
    return -1;
  }
  return int64_t(old);
}

sem::TrapKind Table::fill(uint64_t i, Ref r, uint64_t n) {
  if (i > size() || n > size() - i) return sem::TrapKind::TableOutOfBounds;
  std::fill_n(elems_.begin() + ptrdiff_t(i), size_t(n), r);
  return sem::TrapKind::None;
}

sem::TrapKind Table::copy(Table& dst, uint64_t d, Table& src, uint64_t s, uint64_t n) {
  if (d > dst.size() || n > dst.size() - d || s > src.size() || n > src.size() - s)
    return sem::TrapKind::TableOutOfBounds;
  if (n == 0) return sem::TrapKind::None;
  Ref* to = dst.elems_.data() + d;
  const Ref* from = src.elems_.data() + s;
  if (to < from) {
    std::copy(from, from + n, to);
  } else {
    std::copy_backward(from, from + n, to + n);
  }
  return sem::TrapKind::None;
}

sem::TrapKind Table::init(uint64_t d, std::span<const Ref> seg, uint64_t s, uint64_t n) {
  if (d > size() || n > size() - d || s > seg.size() || n > seg.size() - s)
    return sem::TrapKind::TableOutOfBounds;
  std::copy_n(seg.begin() + ptrdiff_t(s), size_t(n), elems_.begin() + ptrdiff_t(d));
  return sem::TrapKind::None;
}

}  // namespace skiff::rt
