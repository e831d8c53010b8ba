// libFuzzer target: arbitrary bytes through the binary decoder and the validator.
#include <cstddef>
#include <cstdint>

#include "binary/decoder.h"
#include "valid/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = skiff::binary::decode(data, size);
  if (m.ok()) (void)skiff::valid::validate(*m, skiff::valid::ValidateOptions{});
  return 0;
}
