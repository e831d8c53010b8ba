#include "text/printer_names.h"

#include <cstdio>

#include "text/printer.h"

namespace skiff::text {

static bool is_idchar(unsigned char c) {
  if (c < 0x21 || c > 0x7E) return false;
  switch (c) {
    case '"': case ',': case ';': case '(': case ')': case '[': case ']': case '{': case '}':
      return false;
    default:
      return true;
  }
}

std::string format_id(const std::string& name) {
  bool plain = !name.empty();
  for (unsigned char c : name) plain = plain && is_idchar(c);
  if (plain) return "$" + name;
  return "$" + quote_bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
}

NameTable::Map NameTable::unique(const std::vector<ir::NameAssoc>& names) {
  std::unordered_map<std::string, int> count;
  for (const auto& n : names) ++count[n.name];
  Map out;
  for (const auto& n : names)
    if (!n.name.empty() && count[n.name] == 1) out.emplace(n.index, format_id(n.name));
  return out;
}

NameTable::NameTable(const ir::Module& m) {
  const ir::Names& n = m.names;
  spaces_[size_t(Space::Func)] = unique(n.funcs);
  spaces_[size_t(Space::Table)] = unique(n.tables);
  spaces_[size_t(Space::Memory)] = unique(n.memories);
  spaces_[size_t(Space::Global)] = unique(n.globals);
  spaces_[size_t(Space::Tag)] = unique(n.tags);
  spaces_[size_t(Space::Type)] = unique(n.types);
  spaces_[size_t(Space::Elem)] = unique(n.elems);
  spaces_[size_t(Space::Data)] = unique(n.datas);
  for (const auto& f : n.locals) locals_[f.index] = unique(f.names);
  for (const auto& t : n.fields) fields_[t.index] = unique(t.names);
}

std::string NameTable::ref(Space s, uint32_t index) const {
  const Map& m = spaces_[size_t(s)];
  auto it = m.find(index);
  return it != m.end() ? it->second : std::to_string(index);
}

std::string NameTable::def(Space s, uint32_t index) const {
  const Map& m = spaces_[size_t(s)];
  auto it = m.find(index);
  return it != m.end() ? " " + it->second : std::string();
}

static const std::string* lookup2(const std::unordered_map<uint32_t,
                                  std::unordered_map<uint32_t, std::string>>& maps,
                                  uint32_t outer, uint32_t inner) {
  auto o = maps.find(outer);
  if (o == maps.end()) return nullptr;
  auto i = o->second.find(inner);
  return i == o->second.end() ? nullptr : &i->second;
}

std::string NameTable::local(uint32_t func, uint32_t index) const {
  const std::string* s = lookup2(locals_, func, index);
  return s ? *s : std::to_string(index);
}

std::string NameTable::local_def(uint32_t func, uint32_t index) const {
  const std::string* s = lookup2(locals_, func, index);
  return s ? " " + *s : std::string();
}

std::string NameTable::field(uint32_t type, uint32_t index) const {
  const std::string* s = lookup2(fields_, type, index);
  return s ? *s : std::to_string(index);
}

std::string NameTable::field_def(uint32_t type, uint32_t index) const {
  const std::string* s = lookup2(fields_, type, index);
  return s ? " " + *s : std::string();
}

}  // namespace skiff::text
