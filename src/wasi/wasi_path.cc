// path_*: open, stat, directories, links, renames (all beneath a directory fd; see
// WasiCtx::Impl::open_beneath for the sandbox).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/wasi_host.h"

namespace skiff::wasi {

FileType file_type(mode_t m);
bool put_filestat(Call& c, uint64_t at, const struct stat& st);

namespace {

// The directory fd (with `need` rights) and the path string of a path_* call.
struct PathArg {
  WasiCtx::Fd* dir = nullptr;
  std::string path;
  uint16_t err = kSuccess;
};

PathArg path_arg(Call& c, uint32_t fd_arg, uint32_t ptr_arg, uint64_t need) {
  PathArg a;
  a.dir = c.ctx.impl().get(c.u32(fd_arg), need, &a.err);
  if (!a.dir) return a;
  if (a.dir->type != FileType::Directory) {
    a.err = kNotdir;
    a.dir = nullptr;
    return a;
  }
  if (!c.str(c.u32(ptr_arg), c.u32(ptr_arg + 1), &a.path)) {
    a.err = kFault;
    a.dir = nullptr;
  }
  return a;
}

// Runs op(parent_fd, leaf) on the parent directory of a path beneath `dir`.
template <class Op>
uint32_t at_parent(WasiCtx::Impl& im, const WasiCtx::Fd& dir, const std::string& path, Op op) {
  std::string leaf;
  int parent = im.parent_beneath(dir, path, &leaf);
  if (parent < 0) return uint32_t(-parent);
  int r = op(parent, leaf);
  int e = errno;
  ::close(parent);
  return r == 0 ? kSuccess : from_errno(e);
}

}  // namespace

void add_path_defs(std::vector<WasiDef>& out) {
  // path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting,
  //           fdflags, fd_out)
  out.push_back({"path_open", "iiiiiIIii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 2, right::kPathOpen);
                   if (!a.dir) return a.err;
                   uint32_t oflags = c.u32(4), fdflags = c.u32(7);
                   uint64_t base = c.u64(5), inh = c.u64(6);
                   bool follow = c.u32(1) & 1;
                   bool want_write = (base & (right::kFdWrite | right::kFdAllocate |
                                              right::kFdFilestatSetSize)) ||
                                     (oflags & (1 | 8)) || (fdflags & 1);
                   // New rights are at most what the directory may hand down.
                   base &= a.dir->inheriting;
                   inh &= a.dir->inheriting;
                   if (want_write && a.dir->read_only) return kRofs;
                   if ((oflags & 1) && !(a.dir->rights & right::kPathCreateFile)) return kNotcapable;
                   bool want_read = base & (right::kFdRead | right::kFdReaddir);
                   int flags = want_write ? (want_read ? O_RDWR : O_WRONLY) : O_RDONLY;
                   if (oflags & 1) flags |= O_CREAT;
                   if (oflags & 2) flags |= O_DIRECTORY;
                   if (oflags & 4) flags |= O_EXCL;
                   if (oflags & 8) flags |= O_TRUNC;
                   if (fdflags & 1) flags |= O_APPEND;
                   if (fdflags & 4) flags |= O_NONBLOCK;
                   if (fdflags & (2 | 8 | 16)) flags |= O_SYNC;
                   int h = c.ctx.impl().open_beneath(*a.dir, a.path, flags, 0666, follow);
                   if (h == -kIsdir && !(oflags & 2) && !want_write) {
                     h = c.ctx.impl().open_beneath(*a.dir, a.path, O_RDONLY | O_DIRECTORY, 0, follow);
                   }
                   if (h < 0) return uint32_t(-h);
                   WasiCtx::Fd f;
                   f.host = h;
                   struct stat st;
                   f.type = fstat(h, &st) == 0 ? file_type(st.st_mode) : FileType::Unknown;
                   f.read_only = a.dir->read_only;
                   f.rights = base;
                   f.inheriting = inh;
                   f.flags = uint16_t(fdflags & 5);
                   uint32_t fd = c.ctx.impl().add(f);
                   return c.put<uint32_t>(c.u32(8), fd) ? kSuccess : kFault;
                 }});
  out.push_back({"path_filestat_get", "iiiii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 2, right::kPathFilestatGet);
                   if (!a.dir) return a.err;
                   bool follow = c.u32(1) & 1;
                   int h = c.ctx.impl().open_beneath(*a.dir, a.path, O_PATH, 0, follow);
                   if (h < 0) return uint32_t(-h);
                   struct stat st;
                   int r = fstat(h, &st);
                   int e = errno;
                   ::close(h);
                   if (r != 0) return from_errno(e);
                   return put_filestat(c, c.u32(4), st) ? kSuccess : kFault;
                 }});
  out.push_back({"path_filestat_set_times", "iiiiIIi", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 2, right::kPathFilestatSetTimes);
                   if (!a.dir) return a.err;
                   uint32_t fl = c.u32(6);
                   auto ts = [](uint64_t ns, bool set, bool now) {
                     timespec t{};
                     if (now) t.tv_nsec = UTIME_NOW;
                     else if (!set) t.tv_nsec = UTIME_OMIT;
                     else t = timespec{time_t(ns / 1'000'000'000ull), long(ns % 1'000'000'000ull)};
                     return t;
                   };
                   timespec times[2] = {ts(c.u64(4), fl & 1, fl & 2), ts(c.u64(5), fl & 4, fl & 8)};
                   int flags = (c.u32(1) & 1) ? 0 : AT_SYMLINK_NOFOLLOW;
                   return at_parent(c.ctx.impl(), *a.dir, a.path, [&](int p, const std::string& leaf) {
                     return utimensat(p, leaf.c_str(), times, flags);
                   });
                 }});
  out.push_back({"path_create_directory", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathCreateDirectory);
                   if (!a.dir) return a.err;
                   return at_parent(c.ctx.impl(), *a.dir, a.path, [](int p, const std::string& leaf) {
                     return mkdirat(p, leaf.c_str(), 0777);
                   });
                 }});
  out.push_back({"path_remove_directory", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathRemoveDirectory);
                   if (!a.dir) return a.err;
                   return at_parent(c.ctx.impl(), *a.dir, a.path, [](int p, const std::string& leaf) {
                     return unlinkat(p, leaf.c_str(), AT_REMOVEDIR);
                   });
                 }});
  out.push_back({"path_unlink_file", "iii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathUnlinkFile);
                   if (!a.dir) return a.err;
                   return at_parent(c.ctx.impl(), *a.dir, a.path, [](int p, const std::string& leaf) {
                     return unlinkat(p, leaf.c_str(), 0);
                   });
                 }});
  out.push_back({"path_readlink", "iiiiii", [](Call& c) -> uint32_t {
                   PathArg a = path_arg(c, 0, 1, right::kPathReadlink);
                   if (!a.dir) return a.err;
                   uint64_t buf = c.u32(3), len = c.u32(4);
                   if (!c.ok(buf, len)) return kFault;
                   ssize_t n = -1;
                   uint32_t r = at_parent(c.ctx.impl(), *a.dir, a.path, [&](int p, const std::string& leaf) {
                     n = readlinkat(p, leaf.c_str(), reinterpret_cast<char*>(c.mem() + buf), len);
                     return n < 0 ? -1 : 0;
                   });
                   if (r != kSuccess) return r;
                   return c.put<uint32_t>(c.u32(5), uint32_t(n)) ? kSuccess : kFault;
                 }});
  out.push_back({"path_symlink", "iiiii", [](Call& c) -> uint32_t {
                   std::string target;
                   if (!c.str(c.u32(0), c.u32(1), &target)) return kFault;
                   PathArg a = path_arg(c, 2, 3, right::kPathSymlink);
                   if (!a.dir) return a.err;
                   // An absolute target could only ever point outside the sandbox.
                   if (!target.empty() && target[0] == '/') return kNotcapable;
                   return at_parent(c.ctx.impl(), *a.dir, a.path, [&](int p, const std::string& leaf) {
                     return symlinkat(target.c_str(), p, leaf.c_str());
                   });
                 }});
  // path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)
  out.push_back({"path_link", "iiiiiii", [](Call& c) -> uint32_t {
                   PathArg from = path_arg(c, 0, 2, right::kPathLinkSource);
                   if (!from.dir) return from.err;
                   PathArg to = path_arg(c, 4, 5, right::kPathLinkTarget);
                   if (!to.dir) return to.err;
                   auto& im = c.ctx.impl();
                   std::string fleaf, tleaf;
                   int fp = im.parent_beneath(*from.dir, from.path, &fleaf);
                   if (fp < 0) return uint32_t(-fp);
                   int tp = im.parent_beneath(*to.dir, to.path, &tleaf);
                   if (tp < 0) {
                     ::close(fp);
                     return uint32_t(-tp);
                   }
                   int r = linkat(fp, fleaf.c_str(), tp, tleaf.c_str(), 0);
                   int e = errno;
                   ::close(fp);
                   ::close(tp);
                   return r == 0 ? kSuccess : from_errno(e);
                 }});
  // path_rename(fd, old_path, old_len, new_fd, new_path, new_len)
  out.push_back({"path_rename", "iiiiii", [](Call& c) -> uint32_t {
                   PathArg from = path_arg(c, 0, 1, right::kPathRenameSource);
                   if (!from.dir) return from.err;
                   PathArg to = path_arg(c, 3, 4, right::kPathRenameTarget);
                   if (!to.dir) return to.err;
                   auto& im = c.ctx.impl();
                   std::string fleaf, tleaf;
                   int fp = im.parent_beneath(*from.dir, from.path, &fleaf);
                   if (fp < 0) return uint32_t(-fp);
                   int tp = im.parent_beneath(*to.dir, to.path, &tleaf);
                   if (tp < 0) {
                     ::close(fp);
                     return uint32_t(-tp);
                   }
                   int r = renameat(fp, fleaf.c_str(), tp, tleaf.c_str());
                   int e = errno;
                   ::close(fp);
                   ::close(tp);
                   return r == 0 ? kSuccess : from_errno(e);
                 }});
}

}  // namespace skiff::wasi
