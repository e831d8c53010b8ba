// Which indices print as $identifiers: a name from ir::Names is used only when
// it is non-empty and unique within its index space (the text format rejects
// duplicate identifiers); everything else prints as a number.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ir/module.h"

namespace skiff::text {

enum class Space : uint8_t { Func, Table, Memory, Global, Tag, Type, Elem, Data, Count_ };

class NameTable {
 public:
  explicit NameTable(const ir::Module& m);

  // "$name" (or $"quoted") when index has a usable name, else the number.
  std::string ref(Space s, uint32_t index) const;
  std::string local(uint32_t func, uint32_t index) const;
  std::string field(uint32_t type, uint32_t index) const;
  // The " $name" to put after a definition's keyword, or "".
  std::string def(Space s, uint32_t index) const;
  std::string local_def(uint32_t func, uint32_t index) const;
  std::string field_def(uint32_t type, uint32_t index) const;

 private:
  using Map = std::unordered_map<uint32_t, std::string>;
  static Map unique(const std::vector<ir::NameAssoc>& names);
  Map spaces_[size_t(Space::Count_)];
  std::unordered_map<uint32_t, Map> locals_;
  std::unordered_map<uint32_t, Map> fields_;
};

// "$abc" or $"a b" for a name.
std::string format_id(const std::string& name);

}  // namespace skiff::text
