// WAT parser: literals, identifiers and index resolution.
//
// Module-level identifiers are bound by the scan (pass 1) in definition order,
// so every lookup here sees the whole module. Locals and labels live in the
// Body of the function being parsed; a label identifier resolves to the
// innermost enclosing block with that label (labels may shadow).
#include <string>

#include "text/literals.h"
#include "text/wat_internal.h"

namespace skiff::text::wat {

namespace {

const char* duplicate_name(Space s) {
  switch (s) {
    case Space::Type: return "duplicate type";
    case Space::Func: return "duplicate func";
    case Space::Table: return "duplicate table";
    case Space::Memory: return "duplicate memory";
    case Space::Global: return "duplicate global";
    case Space::Tag: return "duplicate tag";
    case Space::Elem: return "duplicate elem";
    case Space::Data: return "duplicate data";
  }
  return "duplicate";
}

std::vector<ir::NameAssoc>* name_list(ir::Names& n, Space s) {
  switch (s) {
    case Space::Type: return &n.types;
    case Space::Func: return &n.funcs;
    case Space::Table: return &n.tables;
    case Space::Memory: return &n.memories;
    case Space::Global: return &n.globals;
    case Space::Tag: return &n.tags;
    case Space::Elem: return &n.elems;
    case Space::Data: return &n.datas;
  }
  return nullptr;
}

// "constant out of range" from the literal parsers, as "i32 constant out of range".
std::string range_message(const std::string& message, const char* type) {
  if (message == "constant out of range") return type + message;
  return message;
}

}  // namespace

Result<uint32_t> Parser::parse_u32() {
  const Token& t = peek();
  if (t.kind != TokenKind::Number) return unexpected(t);
  auto r = text::parse_u32(t.text);
  if (!r) return fail(t, range_message(r.error().message, "i32 "));
  next();
  return *r;
}

Result<uint64_t> Parser::parse_u64() {
  const Token& t = peek();
  if (t.kind != TokenKind::Number) return unexpected(t);
  auto r = text::parse_u64(t.text);
  if (!r) return fail(t, range_message(r.error().message, "i64 "));
  next();
  return *r;
}

Result<std::string> Parser::parse_string() {
  const Token& t = peek();
  if (t.kind != TokenKind::String) return unexpected(t);
  next();
  return t.value;
}

Result<std::string> Parser::parse_name() {
  const Token& t = peek();
  if (t.kind != TokenKind::String) return unexpected(t);
  if (!t.valid_utf8) return fail(t, "malformed UTF-8 encoding");
  next();
  return t.value;
}

bool Parser::at_index() const {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) return true;
  return t.kind == TokenKind::Number && !t.text.empty() && t.text[0] >= '0' && t.text[0] <= '9';
}

Result<uint32_t> Parser::resolve_id(Space s, const Token& t) {
  const IdSpace& sp = spaces[static_cast<unsigned>(s)];
  auto it = sp.ids.find(t.value);
  if (it == sp.ids.end())
    return fail(t, std::string("unknown ") + space_name(s) + " " + std::string(t.text));
  return it->second;
}

Result<uint32_t> Parser::parse_index(Space s) {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) {
    auto r = resolve_id(s, t);
    if (r) next();
    return r;
  }
  return parse_u32();
}

Result<uint32_t> Parser::bind(Space s, const Token* id) {
  IdSpace& sp = spaces[static_cast<unsigned>(s)];
  uint32_t index = sp.count++;
  if (id) {
    if (!sp.ids.emplace(id->value, index).second) return fail(*id, duplicate_name(s));
    name_list(module().names, s)->push_back({index, id->value});
  }
  return index;
}

Result<uint32_t> Parser::parse_local(const Body& b) {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) {
    auto it = b.locals.find(t.value);
    if (it == b.locals.end()) return fail(t, "unknown local " + std::string(t.text));
    next();
    return it->second;
  }
  return parse_u32();
}

Result<uint32_t> Parser::parse_label(const Body& b) {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) {
    for (size_t i = b.labels.size(); i-- > 0;) {
      if (b.labels[i] == t.value) {
        next();
        return uint32_t(b.labels.size() - 1 - i);
      }
    }
    return fail(t, "unknown label " + std::string(t.text));
  }
  return parse_u32();
}

Result<uint32_t> Parser::parse_field(uint32_t type_index) {
  const Token& t = peek();
  if (t.kind == TokenKind::Id) {
    if (type_index < field_ids.size()) {
      auto it = field_ids[type_index].find(t.value);
      if (it != field_ids[type_index].end()) {
        next();
        return it->second;
      }
    }
    return fail(t, "unknown field " + std::string(t.text));
  }
  return parse_u32();
}

}  // namespace skiff::text::wat
