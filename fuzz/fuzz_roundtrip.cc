// libFuzzer target: for a valid module, encoding is canonical: decode(encode(m))
// encodes to the same bytes and decodes to the same module (m itself may differ from
// its canonical form, e.g. in how local runs are split).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "binary/decoder.h"
#include "binary/encoder.h"
#include "valid/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = skiff::binary::decode(data, size);
  if (!m.ok() || !skiff::valid::validate(*m, skiff::valid::ValidateOptions{}).ok()) return 0;
  std::vector<uint8_t> bytes = skiff::binary::encode(*m);
  auto canon = skiff::binary::decode(bytes.data(), bytes.size());
  if (!canon.ok()) std::abort();
  std::vector<uint8_t> bytes2 = skiff::binary::encode(*canon);
  auto again = skiff::binary::decode(bytes2.data(), bytes2.size());
  if (!again.ok() || !(*again == *canon) || bytes2 != bytes) std::abort();
  return 0;
}
