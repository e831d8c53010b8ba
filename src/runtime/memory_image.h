// Memory images: a module's initial linear-memory contents, built once and mapped
// copy-on-write into every instance.
//
// Design note.
//
// For each defined memory whose initial contents are fully known from the module
// alone (a 32-bit memory with 64 KiB pages, not shared, whose active data segments
// all have `i32.const` offsets and fit inside the memory's initial size), the bytes
// the data segments would write are put once into an anonymous memory file
// (memfd). An instance's memory then maps the file MAP_PRIVATE|MAP_FIXED over the
// start of its reservation (vm::reserve): instantiation copies nothing, pages are
// shared until written, and a pooled reservation is reset to the image with one
// madvise(MADV_DONTNEED) (a private file mapping drops its written copies and
// reads the file again; or, when only a few pages were written, those pages are
// copied back from `view`, a read-only shared mapping of the same file: see
// "Restoring written image pages" in runtime/vm_reserve.h). A Memory keeps `view`
// alive (shared_ptr) until its reservation is released: the Store may outlive
// the module that made the image.
//
// Everything else falls back to copying the segments at instantiation, which keeps
// the spec's behaviour exactly (a segment out of bounds, an offset from an
// imported global, memory64, custom page sizes, memories without a reservation).
// Images smaller than kMinImageBytes of data are not made either: copying a few
// bytes costs less than the system call that resets an image.
//
// The images of a module are built on first use (std::call_once: a CompiledModule
// is shared by threads) and live as long as the module; each has a process-unique
// id, which is what a pooled reservation remembers (an address could be reused by
// another module's image, an id is not).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "ir/module.h"

namespace skiff::rt {

struct MemoryImage {
  uint64_t id = 0;   // process-unique, never 0
  int fd = -1;       // the memfd holding the bytes
  size_t len = 0;    // bytes mapped from fd: a multiple of the OS page size
  // The bytes, mapped read-only and shared (null when that mapping failed).
  std::shared_ptr<const uint8_t> view;
  MemoryImage() = default;
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;
  ~MemoryImage();
};

// Data segments under this many bytes in total are copied rather than imaged.
inline constexpr size_t kMinImageBytes = size_t(16) << 10;

// The offset of an active data segment when it is a plain `i32.const`.
bool const_i32_offset(const ir::Expr& e, uint32_t* out);

// The images of one module's defined memories (the CompiledModule owns one).
class MemoryImages {
 public:
  MemoryImages() = default;
  MemoryImages(const MemoryImages&) = delete;
  MemoryImages& operator=(const MemoryImages&) = delete;
  // The image of defined memory `defined_index` of `m`, or nullptr when that
  // memory's contents are copied instead. Builds all images on the first call.
  const MemoryImage* get(const ir::Module& m, uint32_t defined_index) const;

 private:
  mutable std::once_flag once_;
  mutable std::vector<std::unique_ptr<MemoryImage>> images_;
};

// Testing hook: when false, no images are made (process-wide; affects only
// modules whose images are built afterwards).
void set_memory_images_enabled(bool on);

}  // namespace skiff::rt
