#include "support/result.h"

#include <cstdio>

namespace skiff {

std::string Error::to_string() const {
  char buf[64];
  std::string out;
  if (line != 0) {
    snprintf(buf, sizeof buf, "%u:%u: ", line, column);
    out = buf;
  } else if (offset >= 0) {
    snprintf(buf, sizeof buf, "offset 0x%llx: ", static_cast<unsigned long long>(offset));
    out = buf;
  }
  if (func_index >= 0) {
    snprintf(buf, sizeof buf, "func %lld: ", static_cast<long long>(func_index));
    out += buf;
  }
  out += message;
  return out;
}

Error make_error(std::string message, int64_t offset) {
  Error e;
  e.message = std::move(message);
  e.offset = offset;
  return e;
}

Error make_text_error(std::string message, uint32_t line, uint32_t column) {
  Error e;
  e.message = std::move(message);
  e.line = line;
  e.column = column;
  return e;
}

}  // namespace skiff
