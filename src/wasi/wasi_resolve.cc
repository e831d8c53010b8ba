// Sandboxed path resolution: the one place where a guest path becomes a host object.
//
// Containment invariant. Every host object a path_* function touches is reached
// either (a) by open_beneath(), which resolves the whole path beneath the directory
// descriptor, or (b) by a syscall on (parent, name) where `parent` came from
// open_beneath() and `name` is one plain component (not empty, ".", "..", no '/',
// no NUL) and the syscall does not follow a symlink at `name` (mkdirat, unlinkat,
// renameat, linkat without AT_SYMLINK_FOLLOW, symlinkat, readlinkat, fstatat and
// utimensat with AT_SYMLINK_NOFOLLOW). Operations that must follow a symlink at the
// leaf open the object through (a) and act on that descriptor. Nothing else in
// src/wasi hands a guest-controlled string to the kernel.
//
// open_beneath() has two implementations that must agree:
//   - openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS): the kernel refuses `..` above
//     the start, absolute paths and symlinks leading out (EXDEV -> ENOTCAPABLE).
//   - a walk in user space (kernels without openat2, or SKIFF_WASI_FORCE_FALLBACK_WALK=1):
//     one component at a time, each opened O_PATH|O_NOFOLLOW relative to a stack of
//     directory descriptors that starts at the preopen. `..` pops the stack (popping
//     the preopen itself is ENOTCAPABLE); a symlink is read through its own descriptor
//     and its target's components are walked in its place (absolute target ->
//     ENOTCAPABLE, more than 40 links -> ELOOP). The kernel never sees `..` or a
//     symlink it could follow, so a concurrent rename cannot lift the walk out.
// Guest paths are checked first: a NUL byte anywhere is EINVAL, more than 4095 bytes
// ENAMETOOLONG.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <deque>

#include "wasi/wasi_impl.h"

namespace skiff::wasi {

namespace {

constexpr size_t kMaxPath = 4095;
constexpr int kMaxLinks = 40;
// openat2 kept failing with EAGAIN (renames racing it): the walk decides instead.
constexpr int kUseWalk = -0x10000;

bool have_openat2() {
  static const bool yes = [] {
    open_how how = {};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH;
    long r = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
    if (r >= 0) ::close(int(r));
    // ENOSYS: an old kernel. EPERM: a seccomp filter that predates openat2 (older
    // container profiles); every resolution would fail, so walk instead.
    return r >= 0 || (errno != ENOSYS && errno != EPERM);
  }();
  return yes;
}

// Closes every descriptor it holds.
struct FdStack {
  std::vector<int> fds;
  ~FdStack() {
    for (int f : fds) ::close(f);
  }
  int top() const { return fds.back(); }
};

// Splits `path` into components ("" dropped, "." dropped unless only slashes follow
// it). A trailing '/' becomes a final "/" marker: the component before it must be
// (or lead to) a directory, and an O_CREAT open of it is EISDIR. ("x/./" keeps its
// ".": x is resolved first, as the kernel does, not answered EISDIR unseen.)
void push_components(std::deque<std::string>& todo, std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view c = path.substr(i, j - i);
    bool only_slashes_follow = path.find_first_not_of('/', j) == std::string_view::npos;
    if (!c.empty() && (c != "." || only_slashes_follow)) parts.emplace_back(c);
    i = j + 1;
  }
  if (!path.empty() && path.back() == '/') parts.emplace_back("/");
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_front(std::move(*it));
}

// The target of the symlink open as O_PATH descriptor `fd`, or -errno.
int read_link_fd(int fd, std::string* out) {
  char buf[kMaxPath + 1];
  ssize_t n = readlinkat(fd, "", buf, sizeof buf);
  if (n < 0) return -from_errno(errno);
  if (size_t(n) > kMaxPath) return -kNametoolong;
  out->assign(buf, size_t(n));
  return 0;
}

// The user-space walk (see the note at the top). Returns a host fd or -errno (WASI).
int walk_open(int root, std::string_view path, int flags, int mode, bool follow_last) {
  if (path.empty()) return -kNoent;
  if (path[0] == '/') return -kNotcapable;
  FdStack stack;
  int d = fcntl(root, F_DUPFD_CLOEXEC, 0);
  if (d < 0) return -from_errno(errno);
  stack.fds.push_back(d);
  std::deque<std::string> todo;
  push_components(todo, path);
  if (todo.empty()) todo.push_back(".");
  int links = 0;
  const bool excl_create = (flags & O_CREAT) && (flags & O_EXCL);
  while (!todo.empty()) {
    std::string name = std::move(todo.front());
    todo.pop_front();
    const bool last = todo.empty();
    if (name == "..") {
      if (stack.fds.size() == 1) return -kNotcapable;
      ::close(stack.top());
      stack.fds.pop_back();
      if (last) todo.push_back(".");
      continue;
    }
    if (name == "." || name == "/") {
      if (!last) continue;
      int r = ::openat(stack.top(), ".", flags | O_NOFOLLOW | O_CLOEXEC, mode);
      return r < 0 ? -from_errno(errno) : r;
    }
    if (last && (!follow_last || excl_create)) {
      int r = ::openat(stack.top(), name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
      return r < 0 ? -from_errno(errno) : r;
    }
    // open("x/", O_CREAT) names a directory it cannot create (EISDIR, as Linux).
    if ((flags & O_CREAT) && todo.size() == 1 && todo.front() == "/") return -kIsdir;
    int fd = ::openat(stack.top(), name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      int e = errno;
      if (last && e == ENOENT) {  // O_CREAT creates it; otherwise ENOENT again
        int r = ::openat(stack.top(), name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
        return r < 0 ? -from_errno(errno) : r;
      }
      return -from_errno(e);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
      int e = errno;
      ::close(fd);
      return -from_errno(e);
    }
    if (S_ISLNK(st.st_mode)) {
      std::string target;
      int r = read_link_fd(fd, &target);
      ::close(fd);
      if (r < 0) return r;
      if (++links > kMaxLinks) return -kLoop;
      if (target.empty()) return -kNoent;
      if (target[0] == '/') return -kNotcapable;
      size_t before = todo.size();
      push_components(todo, target);
      if (todo.size() == before && last) todo.push_back(".");
      continue;
    }
    if (last) {
      // Not a symlink: open it for real, still refusing one swapped in meanwhile.
      ::close(fd);
      int r = ::openat(stack.top(), name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
      return r < 0 ? -from_errno(errno) : r;
    }
    if (!S_ISDIR(st.st_mode)) {
      ::close(fd);
      return -kNotdir;
    }
    stack.fds.push_back(fd);
  }
  return -kNoent;  // not reached: the last component returns
}

int openat2_beneath(int dir, std::string_view path, int flags, int mode) {
  open_how how = {};
  how.flags = uint64_t(flags | O_CLOEXEC);
  // A mode is only allowed with O_CREAT / O_TMPFILE (whose bits include O_DIRECTORY).
  bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
  how.mode = creates ? uint64_t(mode) : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  std::string p(path);
  for (int attempt = 0; attempt < 64; ++attempt) {
    long r = syscall(SYS_openat2, dir, p.c_str(), &how, sizeof how);
    if (r >= 0) return int(r);
    if (errno == EAGAIN) continue;  // a rename raced the lookup
    if (errno == EXDEV) return -kNotcapable;
    return -from_errno(errno);
  }
  return kUseWalk;
}

}  // namespace

uint16_t check_guest_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) return kInval;
  if (path.size() > kMaxPath) return kNametoolong;
  return kSuccess;
}

bool force_fallback_walk_from_env() {
  const char* v = std::getenv("SKIFF_WASI_FORCE_FALLBACK_WALK");
  return v && *v && std::strcmp(v, "0") != 0;
}

int WasiCtx::Impl::open_beneath(const Fd& dir, std::string_view path, int flags, int mode,
                                bool follow) {
  if (uint16_t e = check_guest_path(path)) return -e;
  if (path.empty()) return -kNoent;
  if (!follow) flags |= O_NOFOLLOW;
  if (!force_fallback_walk && have_openat2()) {
    int r = openat2_beneath(dir.host, path, flags, mode);
    if (r != kUseWalk) return r;
  }
  return walk_open(dir.host, path, flags & ~O_NOFOLLOW, mode, follow);
}

uint16_t WasiCtx::Impl::resolve_leaf(const Fd& dir, std::string_view path, Leaf* out) {
  if (uint16_t e = check_guest_path(path)) return e;
  if (path.empty()) return kNoent;
  std::string_view p = path;
  while (!p.empty() && p.back() == '/') {
    p.remove_suffix(1);
    out->trailing_slash = true;
  }
  if (p.empty()) return kNotcapable;  // "/", "//": the host's root
  size_t slash = p.rfind('/');
  std::string_view parent = slash == std::string_view::npos ? std::string_view(".") : p.substr(0, slash);
  if (parent.empty()) return kNotcapable;  // "/name"
  std::string_view name = slash == std::string_view::npos ? p : p.substr(slash + 1);
  if (name == "." || name == "..") {
    // The path names a directory by `.`/`..`: resolve all of it (refusing escapes);
    // the caller decides what its operation does with such a name.
    int h = open_beneath(dir, path, O_PATH | O_DIRECTORY, 0, true);
    if (h < 0) return uint16_t(-h);
    out->parent = h;
    out->dot = name == "." ? 1 : 2;
    return kSuccess;
  }
  int h = open_beneath(dir, parent, O_PATH | O_DIRECTORY, 0, true);
  if (h < 0) return uint16_t(-h);
  out->parent = h;
  out->name.assign(name);
  return kSuccess;
}

LeafKind WasiCtx::Impl::leaf_kind(const Fd& dir, std::string_view path, const Leaf& l) {
  if (l.dot) return LeafKind::Dir;
  struct stat st;
  if (fstatat(l.parent, l.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno == ENOENT ? LeafKind::Missing : LeafKind::Other;
  if (S_ISDIR(st.st_mode)) return LeafKind::Dir;
  if (!S_ISLNK(st.st_mode)) return LeafKind::Other;
  // A symlink: where does it lead, if it stays inside?
  std::string whole(path);
  while (!whole.empty() && whole.back() == '/') whole.pop_back();
  int h = open_beneath(dir, whole, O_PATH | O_DIRECTORY, 0, true);
  if (h == -kNotcapable) return LeafKind::Outside;
  if (h < 0) return LeafKind::Symlink;
  ::close(h);
  return LeafKind::SymlinkToDir;
}

}  // namespace skiff::wasi
