#include "runtime/memory_image.h"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>

#include "runtime/vm_reserve.h"

namespace skiff::rt {

namespace {
std::atomic<uint64_t> g_next_id{1};
std::atomic<bool> g_enabled{true};

bool write_all(int fd, const uint8_t* p, size_t n, uint64_t at) {
  while (n > 0) {
    ssize_t w = pwrite(fd, p, n, off_t(at));
    if (w <= 0) return false;
    p += w;
    n -= size_t(w);
    at += uint64_t(w);
  }
  return true;
}

// The image of memory `mem_index` (a defined memory of type `mt`), or nullptr.
std::unique_ptr<MemoryImage> build(const ir::Module& m, uint32_t mem_index, const ir::MemoryType& mt) {
  if (mt.limits.is64 || mt.limits.shared || mt.page_size_log2 != 16) return nullptr;
  const uint64_t min_bytes = mt.limits.min << 16;  // min <= 65536 for a valid 32-bit memory
  uint64_t end = 0, total = 0;
  for (const ir::DataSegment& seg : m.datas) {
    if (seg.mode != ir::SegmentMode::Active || seg.memory != mem_index) continue;
    uint32_t off;
    if (!const_i32_offset(seg.offset, &off)) return nullptr;
    const uint64_t seg_end = uint64_t(off) + seg.bytes.size();
    if (seg_end > min_bytes) return nullptr;  // instantiation traps: copy to keep the spec's behaviour
    if (!seg.bytes.empty() && seg_end > end) end = seg_end;
    total += seg.bytes.size();
  }
  if (total < kMinImageBytes) return nullptr;
  const size_t page = vm::page_size();
  const size_t len = size_t((end + page - 1) / page * page);
  if (len > min_bytes) return nullptr;
  int fd = memfd_create("skiff-memory-image", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  auto img = std::make_unique<MemoryImage>();
  img->fd = fd;
  img->len = len;
  img->id = g_next_id.fetch_add(1, std::memory_order_relaxed);
  if (ftruncate(fd, off_t(len)) != 0) return nullptr;
  // In order: a later segment overwrites an earlier one, as the copies would.
  for (const ir::DataSegment& seg : m.datas) {
    if (seg.mode != ir::SegmentMode::Active || seg.memory != mem_index || seg.bytes.empty()) continue;
    uint32_t off = 0;
    const_i32_offset(seg.offset, &off);
    if (!write_all(fd, seg.bytes.data(), seg.bytes.size(), off)) return nullptr;
  }
  void* v = mmap(nullptr, len, PROT_READ, MAP_SHARED, fd, 0);
  if (v != MAP_FAILED)
    img->view = std::shared_ptr<const uint8_t>(static_cast<const uint8_t*>(v),
                                               [len](const uint8_t* p) { munmap(const_cast<uint8_t*>(p), len); });
  return img;
}

}  // namespace

MemoryImage::~MemoryImage() {
  if (fd >= 0) close(fd);
}

bool const_i32_offset(const ir::Expr& e, uint32_t* out) {
  // 0x41 (i32.const) <signed LEB128, at most 5 bytes> 0x0B (end), nothing else.
  const std::vector<uint8_t>& b = e.bytes;
  if (b.size() < 3 || b[0] != 0x41 || b.back() != 0x0B) return false;
  uint32_t v = 0;
  unsigned shift = 0;
  size_t i = 1;
  for (;; ++i) {
    if (i + 1 >= b.size() || shift >= 35) return false;
    const uint8_t byte = b[i];
    v |= uint32_t(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (shift < 32 && (byte & 0x40)) v |= ~uint32_t(0) << shift;  // sign-extend
      break;
    }
  }
  if (i + 2 != b.size()) return false;
  *out = v;
  return true;
}

const MemoryImage* MemoryImages::get(const ir::Module& m, uint32_t defined_index) const {
  std::call_once(once_, [&] {
    images_.resize(m.memories.size());
    if (!g_enabled.load(std::memory_order_relaxed)) return;
    for (uint32_t d = 0; d < m.memories.size(); ++d)
      images_[d] = build(m, m.num_imported_memories + d, m.memories[d]);
  });
  return defined_index < images_.size() ? images_[defined_index].get() : nullptr;
}

void set_memory_images_enabled(bool on) { g_enabled.store(on, std::memory_order_relaxed); }

}  // namespace skiff::rt
