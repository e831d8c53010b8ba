// Inputs fuzz_roundtrip found, kept as tests.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "binary/encoder.h"

namespace skiff::binary {
namespace {

// Two "name" sections: the decoder parses the first and keeps the second as a raw
// custom section; the encoder used to write the parsed one last, so the raw one
// became "the" name section on the next decode.
TEST(FuzzRegressions, SecondNameSectionStaysSecond) {
  const std::vector<uint8_t> bytes = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65,
      0x04, 0x09, 0x02, 0x00, 0x02, 0x74, 0x31, 0x01, 0x02, 0x74, 0x00, 0x01, 0x0b, 0x02, 0x50,
      0x00, 0x60, 0x00, 0x00, 0x4f, 0x00, 0x60, 0x00, 0x00, 0x02, 0x09, 0x01, 0x02, 0x4d, 0x32,
      0x02, 0x66, 0x31, 0x00, 0x01, 0x00, 0x10, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x04, 0x09, 0x02,
      0x00, 0x02, 0x74, 0x31, 0x01, 0x02, 0x61, 0x00};
  auto m = decode(bytes.data(), bytes.size());
  ASSERT_TRUE(m.ok()) << m.error().message;
  std::vector<uint8_t> once = encode(*m);
  auto canon = decode(once.data(), once.size());
  ASSERT_TRUE(canon.ok());
  EXPECT_EQ(canon->names, m->names);
  std::vector<uint8_t> twice = encode(*canon);
  EXPECT_EQ(twice, once);
  auto again = decode(twice.data(), twice.size());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *canon);
}

}  // namespace
}  // namespace skiff::binary
