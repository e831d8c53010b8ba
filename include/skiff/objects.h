// Memory, Table, Global and Extern: store objects reachable from the host.
// Each is a handle valid while its store lives.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "skiff/export.h"
#include "skiff/func.h"
#include "skiff/result.h"
#include "skiff/types.h"
#include "skiff/val.h"

namespace skiff {

class Store;

/// A linear memory.
class SKIFF_API Memory {
 public:
  /// A null handle.
  Memory() = default;
  /// A new memory in `store` (subject to its limits).
  static Result<Memory> create(Store& store, const MemoryType& type);

  /// False for a null handle.
  explicit operator bool() const { return mem_ != nullptr; }
  /// The current type (min = current size in pages).
  MemoryType type() const;
  /// The bytes; the pointer changes when the memory grows.
  uint8_t* data() const;
  /// Size in bytes.
  uint64_t size() const;
  /// Size in pages.
  uint64_t pages() const;
  /// Grows by `delta` pages; the old size in pages, or an Error when the limits
  /// (type or store) do not allow it.
  Result<uint64_t> grow(uint64_t delta);
  /// [offset, offset + length) as a span, or an Error when out of bounds. The span
  /// is invalidated by grow.
  Result<std::span<uint8_t>> view(uint64_t offset, uint64_t length) const;
  /// Bounds-checked copies.
  Status read(uint64_t offset, std::span<uint8_t> out) const;
  Status write(uint64_t offset, std::span<const uint8_t> in);

  /// Internal.
  Memory(detail::StoreImpl* store, void* mem) : store_(store), mem_(mem) {}
  void* raw() const { return mem_; }
  detail::StoreImpl* store() const { return store_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* mem_ = nullptr;
};

/// A table of references.
class SKIFF_API Table {
 public:
  /// A null handle.
  Table() = default;
  /// A new table in `store` with every element `init` (a null reference by default).
  static Result<Table> create(Store& store, const TableType& type, std::optional<Val> init = std::nullopt);

  /// False for a null handle.
  explicit operator bool() const { return table_ != nullptr; }
  /// The current type (min = current size).
  TableType type() const;
  /// Number of elements.
  uint64_t size() const;
  /// Element `index`, or an Error when out of bounds.
  Result<Val> get(uint64_t index) const;
  /// Sets element `index`; an Error when out of bounds or of the wrong type.
  Status set(uint64_t index, const Val& value);
  /// Grows by `delta` elements set to `init`; the old size or an Error.
  Result<uint64_t> grow(uint64_t delta, const Val& init);

  /// Internal.
  Table(detail::StoreImpl* store, void* t) : store_(store), table_(t) {}
  void* raw() const { return table_; }
  detail::StoreImpl* store() const { return store_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* table_ = nullptr;
};

/// A global variable.
class SKIFF_API Global {
 public:
  /// A null handle.
  Global() = default;
  /// A new global in `store` holding `init` (whose kind must match the type).
  static Result<Global> create(Store& store, const GlobalType& type, const Val& init);

  /// False for a null handle.
  explicit operator bool() const { return global_ != nullptr; }
  /// Its type.
  GlobalType type() const;
  /// Its value.
  Val get() const;
  /// An Error when immutable or of the wrong type.
  Status set(const Val& value);

  /// Internal.
  Global(detail::StoreImpl* store, void* g) : store_(store), global_(g) {}
  void* raw() const { return global_; }
  detail::StoreImpl* store() const { return store_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* global_ = nullptr;
};

/// An exception tag (exceptions proposal); opaque to the host.
class SKIFF_API Tag {
 public:
  /// A null handle.
  Tag() = default;
  /// The types of the exception's values (params).
  FuncType type() const;
  /// Internal.
  Tag(detail::StoreImpl* store, void* t) : store_(store), tag_(t) {}
  void* raw() const { return tag_; }
  detail::StoreImpl* store() const { return store_; }

 private:
  detail::StoreImpl* store_ = nullptr;
  void* tag_ = nullptr;
};

/// Any importable / exportable object.
class SKIFF_API Extern {
 public:
  /// Wraps an object.
  Extern(Func f) : v_(f) {}
  Extern(Memory m) : v_(m) {}
  Extern(Table t) : v_(t) {}
  Extern(Global g) : v_(g) {}
  Extern(Tag t) : v_(t) {}
  /// Which kind of object.
  ExternKind kind() const { return ExternKind(v_.index()); }
  /// The object, when it is of that kind.
  std::optional<Func> func() const { return get<Func>(); }
  std::optional<Table> table() const { return get<Table>(); }
  std::optional<Memory> memory() const { return get<Memory>(); }
  std::optional<Global> global() const { return get<Global>(); }
  std::optional<Tag> tag() const { return get<Tag>(); }
  /// The object's type.
  ExternType type() const;

 private:
  template <class T>
  std::optional<T> get() const {
    if (auto* p = std::get_if<T>(&v_)) return *p;
    return std::nullopt;
  }
  std::variant<Func, Table, Memory, Global, Tag> v_;  // in ExternKind order
};

}  // namespace skiff
