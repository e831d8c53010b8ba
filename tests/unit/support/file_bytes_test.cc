// support/file_bytes.h: a regular file is mapped, other files are read, and both
// give exactly the file's bytes; errors are values.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "support/file_bytes.h"

namespace skiff {
namespace {

std::string temp_path(const char* tag) {
  return testing::TempDir() + "/file_bytes_" + tag + "_" + std::to_string(getpid());
}

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 131 + (i >> 8));
  return v;
}

void write_all(const std::string& path, const std::vector<uint8_t>& v) {
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(v.data(), 1, v.size(), f), v.size());
  ASSERT_EQ(std::fclose(f), 0);
}

TEST(FileBytes, RegularFileHasItsBytes) {
  for (size_t n : {size_t(1), size_t(4095), size_t(4096), size_t(1) << 20}) {
    const std::string path = temp_path("regular");
    const std::vector<uint8_t> want = pattern(n);
    write_all(path, want);
    auto f = FileBytes::open(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(f->size(), n);
    EXPECT_EQ(f->to_vector(), want) << n;
    // Moves keep the bytes (and the mapping) alive; the source is left empty.
    FileBytes moved = std::move(*f);
    EXPECT_EQ(moved.size(), n);
    EXPECT_EQ(f->size(), 0u);
    EXPECT_EQ(std::vector<uint8_t>(moved.span().begin(), moved.span().end()), want);
    std::remove(path.c_str());
  }
}

TEST(FileBytes, EmptyFileIsEmpty) {
  const std::string path = temp_path("empty");
  write_all(path, {});
  auto f = FileBytes::open(path);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->size(), 0u);
  std::remove(path.c_str());
}

TEST(FileBytes, PipeIsReadThrough) {
  const std::string path = temp_path("fifo");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  const std::vector<uint8_t> want = pattern(300'000);  // more than a pipe buffer
  std::thread writer([&] { write_all(path, want); });
  auto f = FileBytes::open(path);
  writer.join();
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->to_vector(), want);
  std::remove(path.c_str());
}

TEST(FileBytes, MissingFileAndDirectoryAreErrors) {
  auto missing = FileBytes::open(temp_path("does_not_exist"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos) << missing.error().message;
  auto dir = FileBytes::open(testing::TempDir());
  ASSERT_FALSE(dir.ok());  // read(2) on a directory: EISDIR
  EXPECT_NE(dir.error().message.find("cannot read"), std::string::npos) << dir.error().message;
}

TEST(FileBytes, FromVectorOwnsItsBytes) {
  const std::vector<uint8_t> want = pattern(100);
  FileBytes f = FileBytes::from_vector(want);
  EXPECT_EQ(f.to_vector(), want);
  f = FileBytes::from_vector({});
  EXPECT_EQ(f.size(), 0u);
}

}  // namespace
}  // namespace skiff
