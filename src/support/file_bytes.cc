#include "support/file_bytes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace skiff {

namespace {
Error os_error(const char* what) { return make_error(std::string(what) + ": " + std::strerror(errno)); }
}  // namespace

Result<FileBytes> FileBytes::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open");
  FileBytes out;
  struct stat st {};
  const bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  if (regular) {
    // MAP_POPULATE: the page-cache pages are mapped now, in one go, instead of a
    // fault per page as the decoder walks the file.
    void* p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) {
      out.map_ = static_cast<const uint8_t*>(p);
      out.map_size_ = size_t(st.st_size);
      ::close(fd);
      return out;
    }
  }
  // Not mappable (a pipe, an empty or special file): read it through.
  if (regular) out.owned_.reserve(size_t(st.st_size));
  uint8_t buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = os_error("cannot read");
      ::close(fd);
      return e;
    }
    out.owned_.insert(out.owned_.end(), buf, buf + n);
  }
  ::close(fd);
  return out;
}

FileBytes FileBytes::from_vector(std::vector<uint8_t> bytes) {
  FileBytes out;
  out.owned_ = std::move(bytes);
  return out;
}

FileBytes& FileBytes::operator=(FileBytes&& o) noexcept {
  if (this == &o) return *this;
  unmap();
  map_ = o.map_;
  map_size_ = o.map_size_;
  owned_ = std::move(o.owned_);
  o.map_ = nullptr;
  o.map_size_ = 0;
  return *this;
}

FileBytes::~FileBytes() { unmap(); }

void FileBytes::unmap() {
  if (map_) munmap(const_cast<uint8_t*>(map_), map_size_);
  map_ = nullptr;
  map_size_ = 0;
}

}  // namespace skiff
