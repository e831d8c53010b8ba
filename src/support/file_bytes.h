// A whole file's bytes for reading: a regular file is mapped read-only (no copy
// and no zeroed pages to fault in: reading a 35 MB module through a buffer was
// ~60 ms of its start-up, more than a fifth), anything else (a pipe, /dev/stdin)
// is read into memory.
//
// A mapping shows the file as it is on disk: a file truncated by another process
// while mapped would fault on access (SIGBUS). Callers that hand the bytes to
// long-lived code, or that must survive such a race, copy them (to_vector).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "support/result.h"

namespace skiff {

class FileBytes {
 public:
  FileBytes() = default;
  // Error: "cannot open: ..." / "cannot read: ..." with the OS's reason.
  static Result<FileBytes> open(const std::string& path);
  static FileBytes from_vector(std::vector<uint8_t> bytes);
  FileBytes(FileBytes&& o) noexcept { *this = std::move(o); }
  FileBytes& operator=(FileBytes&& o) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes();

  const uint8_t* data() const { return map_ ? map_ : owned_.data(); }
  size_t size() const { return map_ ? map_size_ : owned_.size(); }
  std::span<const uint8_t> span() const { return {data(), size()}; }
  operator std::span<const uint8_t>() const { return span(); }
  std::vector<uint8_t> to_vector() const { return {data(), data() + size()}; }

 private:
  void unmap();
  const uint8_t* map_ = nullptr;
  size_t map_size_ = 0;
  std::vector<uint8_t> owned_;
};

}  // namespace skiff
