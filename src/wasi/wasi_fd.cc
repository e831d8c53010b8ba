// fd_*: reading, writing, seeking, status, directories, preopens.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/wasi_host.h"

namespace skiff::wasi {

FileType file_type(mode_t m) {
  if (S_ISREG(m)) return FileType::RegularFile;
  if (S_ISDIR(m)) return FileType::Directory;
  if (S_ISCHR(m)) return FileType::CharacterDevice;
  if (S_ISBLK(m)) return FileType::BlockDevice;
  if (S_ISLNK(m)) return FileType::SymbolicLink;
  if (S_ISSOCK(m)) return FileType::SocketStream;
  return FileType::Unknown;
}

// The 64-byte filestat of preview1.
bool put_filestat(Call& c, uint64_t at, const struct stat& st) {
  if (!c.ok(at, 64)) return false;
  std::memset(c.mem() + at, 0, 64);
  auto ns = [](const timespec& t) { return uint64_t(t.tv_sec) * 1'000'000'000ull + uint64_t(t.tv_nsec); };
  c.put<uint64_t>(at, uint64_t(st.st_dev));
  c.put<uint64_t>(at + 8, uint64_t(st.st_ino));
  c.put<uint8_t>(at + 16, uint8_t(file_type(st.st_mode)));
  c.put<uint64_t>(at + 24, uint64_t(st.st_nlink));
  c.put<uint64_t>(at + 32, uint64_t(st.st_size));
  c.put<uint64_t>(at + 40, ns(st.st_atim));
  c.put<uint64_t>(at + 48, ns(st.st_mtim));
  c.put<uint64_t>(at + 56, ns(st.st_ctim));
  return true;
}

// fstflags: ATIM (1) with ATIM_NOW (2), or MTIM (4) with MTIM_NOW (8), or an
// unknown bit is EINVAL (as wasmtime).
uint16_t check_fstflags(uint32_t fl) {
  if ((fl & ~0xFu) || (fl & 3) == 3 || (fl & 12) == 12) return kInval;
  return kSuccess;
}

// The timespecs of utimensat/futimens for (atim, mtim, fstflags).
void times_of(uint64_t atim, uint64_t mtim, uint32_t fl, timespec out[2]) {
  auto ts = [](uint64_t ns, bool set, bool now) {
    timespec t{};
    if (now) t.tv_nsec = UTIME_NOW;
    else if (!set) t.tv_nsec = UTIME_OMIT;
    else t = timespec{time_t(ns / 1'000'000'000ull), long(ns % 1'000'000'000ull)};
    return t;
  };
  out[0] = ts(atim, fl & 1, fl & 2);
  out[1] = ts(mtim, fl & 4, fl & 8);
}

// An fd for an operation on a file's data or offset (wasmtime's "file" descriptors):
// EBADF when missing or a directory, ESPIPE for offsets on the host's stdio, then
// the rights.
static WasiCtx::Fd* file_fd(Call& c, uint64_t need, bool uses_offset, uint16_t* err) {
  WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), 0, err);
  if (!f) return nullptr;
  if (uses_offset && f->host_stdio) {
    *err = kSpipe;
    return nullptr;
  }
  if (f->type == FileType::Directory) {
    *err = kBadf;
    return nullptr;
  }
  return c.ctx.impl().get(c.u32(0), need, err);
}

// The guest's iovecs as host iovecs (bounds-checked).
bool guest_iovecs(Call& c, uint32_t iovs, uint32_t n, std::vector<iovec>* out) {
  if (n > 1024) return false;
  out->clear();
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t buf, len;
    if (!c.get(iovs + 8ull * i, &buf) || !c.get(iovs + 8ull * i + 4, &len)) return false;
    if (!c.ok(buf, len)) return false;
    out->push_back(iovec{c.mem() + buf, len});
  }
  return true;
}

namespace {

// fd_read / fd_write on an in-memory stdio stream (positioned forms never get
// here: the stream is ESPIPE like the host's stdio).
uint32_t mem_transfer(Call& c, MemStream& m, bool write, const std::vector<iovec>& v, uint32_t out) {
  if (write != !m.input) return kBadf;
  uint64_t done = 0;
  if (write) {
    uint64_t total = 0;
    for (const iovec& io : v) total += io.iov_len;
    if (total > 0 && m.data.size() >= m.capacity) {
      m.overflowed = true;
      return kNospc;
    }
    for (const iovec& io : v) {
      size_t room = m.capacity - m.data.size();
      size_t n = io.iov_len < room ? io.iov_len : room;
      m.data.append(static_cast<const char*>(io.iov_base), n);
      done += n;
      if (n < io.iov_len) {
        m.overflowed = true;
        break;
      }
    }
  } else {
    for (const iovec& io : v) {
      size_t left = m.pos < m.data.size() ? m.data.size() - m.pos : 0;
      size_t n = io.iov_len < left ? io.iov_len : left;
      if (n) std::memcpy(io.iov_base, m.data.data() + m.pos, n);
      m.pos += n;
      done += n;
      if (n < io.iov_len) break;
    }
  }
  return c.put<uint32_t>(out, uint32_t(done)) ? kSuccess : kFault;
}

// fd_read / fd_write / fd_pread / fd_pwrite.
uint32_t transfer(Call& c, bool write, bool positioned) {
  uint16_t err = kSuccess;
  uint64_t need = write ? right::kFdWrite : right::kFdRead;
  if (positioned) need |= right::kFdSeek;
  WasiCtx::Fd* f = file_fd(c, need, positioned, &err);
  if (!f) return err;
  std::vector<iovec> v;
  if (!guest_iovecs(c, c.u32(1), c.u32(2), &v)) return kFault;
  uint32_t out = positioned ? c.u32(4) : c.u32(3);
  if (f->mem) return mem_transfer(c, *f->mem, write, v, out);
  ssize_t r;
  do {
    if (positioned) {
      off_t off = off_t(c.u64(3));
      r = write ? pwritev(f->host, v.data(), int(v.size()), off)
                : preadv(f->host, v.data(), int(v.size()), off);
    } else {
      r = write ? writev(f->host, v.data(), int(v.size())) : readv(f->host, v.data(), int(v.size()));
    }
  } while (r < 0 && errno == EINTR);
  if (r < 0) return from_errno(errno);
  return c.put<uint32_t>(out, uint32_t(r)) ? kSuccess : kFault;
}

}  // namespace

void add_fd_defs(std::vector<WasiDef>& out) {
  out.push_back({"fd_write", "iiii", [](Call& c) { return transfer(c, true, false); }});
  out.push_back({"fd_read", "iiii", [](Call& c) { return transfer(c, false, false); }});
  out.push_back({"fd_pwrite", "iiiIi", [](Call& c) { return transfer(c, true, true); }});
  out.push_back({"fd_pread", "iiiIi", [](Call& c) { return transfer(c, false, true); }});
  out.push_back({"fd_close", "i", [](Call& c) -> uint32_t {
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0));
                   if (!f) return kBadf;
                   if (f->owned) ::close(f->host);
                   *f = WasiCtx::Fd();
                   return kSuccess;
                 }});
  out.push_back({"fd_seek", "iIii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = file_fd(c, right::kFdSeek, true, &err);
                   if (!f) return err;
                   int whence = c.u32(2) == 0 ? SEEK_SET : c.u32(2) == 1 ? SEEK_CUR
                                : c.u32(2) == 2 ? SEEK_END : -1;
                   if (whence < 0) return kInval;
                   off_t r = lseek(f->host, off_t(c.u64(1)), whence);
                   if (r < 0) return from_errno(errno);
                   return c.put<uint64_t>(c.u32(3), uint64_t(r)) ? kSuccess : kFault;
                 }});
  out.push_back({"fd_tell", "ii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = file_fd(c, right::kFdTell, true, &err);
                   if (!f) return err;
                   off_t r = lseek(f->host, 0, SEEK_CUR);
                   if (r < 0) return from_errno(errno);
                   return c.put<uint64_t>(c.u32(1), uint64_t(r)) ? kSuccess : kFault;
                 }});
  out.push_back({"fd_sync", "i", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), right::kFdSync, &err);
                   if (!f) return err;
                   return fsync(f->host) == 0 ? kSuccess : from_errno(errno);
                 }});
  out.push_back({"fd_datasync", "i", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), right::kFdDatasync, &err);
                   if (!f) return err;
                   return fdatasync(f->host) == 0 ? kSuccess : from_errno(errno);
                 }});
  out.push_back({"fd_fdstat_get", "ii", [](Call& c) -> uint32_t {
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0));
                   if (!f) return kBadf;
                   uint64_t at = c.u32(1);
                   if (!c.ok(at, 24)) return kFault;
                   FileType t = f->type;
                   struct stat st;
                   if (fstat(f->host, &st) == 0) t = file_type(st.st_mode);
                   std::memset(c.mem() + at, 0, 24);
                   c.put<uint8_t>(at, uint8_t(t));
                   c.put<uint16_t>(at + 2, f->flags);
                   c.put<uint64_t>(at + 8, f->rights);
                   c.put<uint64_t>(at + 16, f->inheriting);
                   return kSuccess;
                 }});
  out.push_back({"fd_fdstat_set_flags", "ii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), 0, &err);
                   if (!f) return err;
                   // Not the host's stdio (its flags belong to the host too) nor a
                   // directory: EBADF, as wasmtime.
                   if (f->host_stdio || f->type == FileType::Directory) return kBadf;
                   if (!(f->rights & right::kFdFdstatSetFlags)) return kNotcapable;
                   uint32_t fl = c.u32(1);
                   if (fl & ~0x1Fu) return kInval;
                   if (fl & (2 | 8 | 16)) return kInval;  // only APPEND and NONBLOCK change
                   int host = fcntl(f->host, F_GETFL);
                   if (host < 0) return from_errno(errno);
                   host = (fl & 1) ? (host | O_APPEND) : (host & ~O_APPEND);
                   host = (fl & 4) ? (host | O_NONBLOCK) : (host & ~O_NONBLOCK);
                   if (fcntl(f->host, F_SETFL, host) < 0) return from_errno(errno);
                   f->flags = uint16_t((f->flags & ~5u) | (fl & 5));
                   return kSuccess;
                 }});
  out.push_back({"fd_fdstat_set_rights", "iII", [](Call& c) -> uint32_t {
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0));
                   if (!f) return kBadf;
                   uint64_t base = c.u64(1), inh = c.u64(2);
                   if ((base & ~f->rights) || (inh & ~f->inheriting)) return kNotcapable;
                   f->rights = base;
                   f->inheriting = inh;
                   return kSuccess;
                 }});
  out.push_back({"fd_filestat_get", "ii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), right::kFdFilestatGet, &err);
                   if (!f) return err;
                   struct stat st;
                   if (fstat(f->host, &st) != 0) return from_errno(errno);
                   return put_filestat(c, c.u32(1), st) ? kSuccess : kFault;
                 }});
  out.push_back({"fd_filestat_set_size", "iI", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = file_fd(c, right::kFdFilestatSetSize, false, &err);
                   if (!f) return err;
                   return ftruncate(f->host, off_t(c.u64(1))) == 0 ? kSuccess : from_errno(errno);
                 }});
  out.push_back({"fd_filestat_set_times", "iIIi", [](Call& c) -> uint32_t {
                   uint32_t fl = c.u32(3);
                   if (uint16_t e = check_fstflags(fl)) return e;
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), right::kFdFilestatSetTimes, &err);
                   if (!f) return err;
                   timespec times[2];
                   times_of(c.u64(1), c.u64(2), fl, times);
                   return futimens(f->host, times) == 0 ? kSuccess : from_errno(errno);
                 }});
  out.push_back({"fd_advise", "iIIi", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = file_fd(c, right::kFdAdvise, false, &err);
                   if (!f) return err;
                   if (c.u32(3) > 5) return kInval;
                   int r = posix_fadvise(f->host, off_t(c.u64(1)), off_t(c.u64(2)), int(c.u32(3)));
                   return r == 0 ? kSuccess : from_errno(r);
                 }});
  out.push_back({"fd_allocate", "iII", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = file_fd(c, right::kFdAllocate, false, &err);
                   if (!f) return err;
                   int r = posix_fallocate(f->host, off_t(c.u64(1)), off_t(c.u64(2)));
                   return r == 0 ? kSuccess : from_errno(r);
                 }});
  out.push_back({"fd_prestat_get", "ii", [](Call& c) -> uint32_t {
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0));
                   if (!f || !f->preopen) return kBadf;
                   uint64_t at = c.u32(1);
                   if (!c.ok(at, 8)) return kFault;
                   std::memset(c.mem() + at, 0, 8);
                   c.put<uint32_t>(at + 4, uint32_t(f->guest_name.size()));
                   return kSuccess;
                 }});
  out.push_back({"fd_prestat_dir_name", "iii", [](Call& c) -> uint32_t {
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0));
                   if (!f || !f->preopen) return kBadf;
                   if (c.u32(2) < f->guest_name.size()) return kNametoolong;
                   if (!c.ok(c.u32(1), f->guest_name.size())) return kFault;
                   std::memcpy(c.mem() + c.u32(1), f->guest_name.data(), f->guest_name.size());
                   return kSuccess;
                 }});
  out.push_back({"fd_renumber", "ii", [](Call& c) -> uint32_t {
                   auto& im = c.ctx.impl();
                   WasiCtx::Fd* from = im.get(c.u32(0));
                   WasiCtx::Fd* to = im.get(c.u32(1));
                   if (!from || !to) return kBadf;
                   if (from == to) return kSuccess;
                   if (to->owned) ::close(to->host);
                   *to = *from;
                   *from = WasiCtx::Fd();
                   return kSuccess;
                 }});
  // fd_readdir: entries from position `cookie` on (cookie = index in the listing).
  out.push_back({"fd_readdir", "iiiIi", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), right::kFdReaddir, &err);
                   if (!f) return err;
                   uint64_t buf = c.u32(1), len = c.u32(2), cookie = c.u64(3);
                   if (!c.ok(buf, len)) return kFault;
                   int d = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                   if (d < 0) return from_errno(errno);
                   DIR* dir = fdopendir(d);
                   if (!dir) {
                     ::close(d);
                     return from_errno(errno);
                   }
                   uint64_t used = 0, index = 0;
                   while (used < len) {
                     errno = 0;
                     dirent* e = readdir(dir);
                     if (!e) break;
                     if (index++ < cookie) continue;
                     uint8_t ent[24] = {};
                     uint64_t next = index;
                     uint64_t ino = e->d_ino;
                     uint32_t namlen = uint32_t(std::strlen(e->d_name));
                     uint8_t type = e->d_type == DT_DIR   ? 3
                                    : e->d_type == DT_REG ? 4
                                    : e->d_type == DT_LNK ? 7
                                    : e->d_type == DT_CHR ? 2
                                    : e->d_type == DT_BLK ? 1
                                                          : 0;
                     std::memcpy(ent, &next, 8);
                     std::memcpy(ent + 8, &ino, 8);
                     std::memcpy(ent + 16, &namlen, 4);
                     ent[20] = type;
                     // As much of the entry as fits: the guest sees a full buffer and
                     // asks again from this entry's cookie.
                     uint64_t n = std::min<uint64_t>(24, len - used);
                     std::memcpy(c.mem() + buf + used, ent, n);
                     used += n;
                     n = std::min<uint64_t>(namlen, len - used);
                     std::memcpy(c.mem() + buf + used, e->d_name, n);
                     used += n;
                   }
                   closedir(dir);
                   return c.put<uint32_t>(c.u32(4), uint32_t(used)) ? kSuccess : kFault;
                 }});
}

}  // namespace skiff::wasi
