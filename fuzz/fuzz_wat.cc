// libFuzzer target: arbitrary text through the WAT parser (and the validator when it
// parses).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/wat_parser.h"
#include "valid/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = skiff::text::parse_wat(text);
  if (m.ok()) (void)skiff::valid::validate(*m, skiff::valid::ValidateOptions{});
  return 0;
}
