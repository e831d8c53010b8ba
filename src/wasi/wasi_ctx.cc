// WasiCtx: the descriptor table and sandboxed path resolution (see wasi.h).
#include <fcntl.h>
#include <linux/openat2.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "wasi/wasi_impl.h"

namespace skiff::wasi {

uint16_t from_errno(int e) {
  switch (e) {
    case 0: return kSuccess;
    case E2BIG: return k2Big;
    case EACCES: return kAcces;
    case EAGAIN: return kAgain;
    case EBADF: return kBadf;
    case EEXIST: return kExist;
    case EFAULT: return kFault;
    case EINVAL: return kInval;
    case EIO: return kIo;
    case EISDIR: return kIsdir;
    case ELOOP: return kLoop;
    case ENAMETOOLONG: return kNametoolong;
    case ENOENT: return kNoent;
    case ENOMEM: return kNomem;
    case ENOSPC: return kNospc;
    case ENOSYS: return kNosys;
    case ENOTDIR: return kNotdir;
    case ENOTEMPTY: return kNotempty;
    case EOPNOTSUPP: return kNotsup;
    case EPERM: return kPerm;
    case EROFS: return kRofs;
    case ESPIPE: return kSpipe;
    case EXDEV: return kNotcapable;  // openat2 RESOLVE_BENEATH: the path leaves the sandbox
    default: return kIo;
  }
}

WasiCtx::~WasiCtx() {
  if (!impl_) return;
  for (Fd& f : impl_->fds)
    if (f.host >= 0 && f.owned) ::close(f.host);
}

Result<std::shared_ptr<WasiCtx>> WasiCtx::create(WasiConfig config) {
  std::shared_ptr<WasiCtx> ctx(new WasiCtx());
  ctx->impl_ = std::make_unique<Impl>();
  Impl& im = *ctx->impl_;
  for (int i = 0; i < 3; ++i) {
    Fd f;
    f.host = config.stdio[i];
    f.owned = false;
    if (f.host < 0) {
      f.host = ::open("/dev/null", O_RDWR | O_CLOEXEC);
      if (f.host < 0) return make_error(std::string("cannot open /dev/null: ") + std::strerror(errno));
      f.owned = true;
    }
    f.type = isatty(f.host) ? FileType::CharacterDevice : FileType::Unknown;
    f.rights = right::kFdRead | right::kFdWrite | right::kFdFdstatSetFlags | right::kFdFilestatGet |
               right::kPollFdReadwrite | right::kFdSeek | right::kFdTell;
    f.inheriting = 0;
    im.fds.push_back(f);
  }
  for (const Preopen& p : config.dirs) {
    int h = ::open(p.host.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (h < 0) return make_error("cannot open directory " + p.host + ": " + std::strerror(errno));
    Fd f;
    f.host = h;
    f.type = FileType::Directory;
    f.preopen = true;
    f.guest_name = p.guest;
    f.read_only = p.read_only;
    f.rights = right::kAll & ~right::kFdSeek;
    f.inheriting = right::kAll;
    if (p.read_only) {
      f.rights &= ~right::kWrites;
      f.inheriting &= ~right::kWrites;
    }
    im.fds.push_back(f);
  }
  for (const std::string& addr : config.tcp_listen) {
    int h = listen_tcp(addr);
    if (h < 0) return make_error("cannot listen on " + addr + ": " + std::strerror(-h));
    Fd f;
    f.host = h;
    f.type = FileType::SocketStream;
    f.rights = right::kSockAccept | right::kPollFdReadwrite | right::kFdFdstatSetFlags |
               right::kFdFilestatGet;
    f.inheriting = right::kFdRead | right::kFdWrite | right::kSockShutdown |
                   right::kPollFdReadwrite | right::kFdFdstatSetFlags | right::kFdFilestatGet;
    im.fds.push_back(f);
  }
  im.config = std::move(config);
  return ctx;
}

// "host:port" or "[v6]:port" -> a listening socket, or -errno.
int listen_tcp(const std::string& addr) {
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos) return -EINVAL;
  std::string host = addr.substr(0, colon), port = addr.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints = {};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return -EINVAL;
  int s = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int err = s < 0 ? errno : 0;
  if (s >= 0) {
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, 128) != 0) {
      err = errno;
      ::close(s);
      s = -1;
    }
  }
  freeaddrinfo(res);
  return s >= 0 ? s : -err;
}

WasiCtx::Fd* WasiCtx::Impl::get(uint32_t fd, uint64_t need, uint16_t* err) {
  if (fd >= fds.size() || fds[fd].host < 0) {
    if (err) *err = kBadf;
    return nullptr;
  }
  if ((fds[fd].rights & need) != need) {
    if (err) *err = kNotcapable;
    return nullptr;
  }
  return &fds[fd];
}

uint32_t WasiCtx::Impl::add(Fd f) {
  for (uint32_t i = 3; i < fds.size(); ++i)
    if (fds[i].host < 0) {
      fds[i] = std::move(f);
      return i;
    }
  fds.push_back(std::move(f));
  return uint32_t(fds.size() - 1);
}

namespace {

bool have_openat2() {
  static const bool yes = [] {
    open_how how = {};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH;
    long r = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
    if (r >= 0) ::close(int(r));
    return r >= 0 || errno != ENOSYS;
  }();
  return yes;
}

// Without openat2: one component at a time, refusing `..`, absolute paths and every
// symlink (a conservative sandbox).
int walk_open(int dir, const std::string& path, int flags, int mode) {
  if (path.empty()) return -kNoent;
  if (path[0] == '/') return -kNotcapable;
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    if (c == "..") return -kNotcapable;
    if (!c.empty() && c != ".") parts.push_back(c);
    i = j + 1;
  }
  if (parts.empty()) parts.push_back(".");
  int cur = ::dup(dir);
  if (cur < 0) return -from_errno(errno);
  for (size_t k = 0; k + 1 < parts.size(); ++k) {
    int next = ::openat(cur, parts[k].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int e = errno;
    ::close(cur);
    if (next < 0) return -(e == ENOTDIR ? kLoop : from_errno(e));
    cur = next;
  }
  int r = ::openat(cur, parts.back().c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  int e = errno;
  ::close(cur);
  return r < 0 ? -from_errno(e) : r;
}

}  // namespace

int WasiCtx::Impl::open_beneath(const Fd& dir, const std::string& path, int flags, int mode,
                                bool follow) {
  if (path.find('\0') != std::string::npos) return -kInval;
  if (!follow) flags |= O_NOFOLLOW;
  if (!have_openat2()) return walk_open(dir.host, path, flags, mode);
  open_how how = {};
  how.flags = uint64_t(flags | O_CLOEXEC);
  // A mode is only allowed with O_CREAT / O_TMPFILE (whose bits include O_DIRECTORY).
  bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
  how.mode = creates ? uint64_t(mode) : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long r;
  do {
    r = syscall(SYS_openat2, dir.host, path.empty() ? "" : path.c_str(), &how, sizeof how);
  } while (r < 0 && errno == EAGAIN);
  if (r < 0) return -from_errno(errno);
  return int(r);
}

int WasiCtx::Impl::parent_beneath(const Fd& dir, const std::string& path, std::string* leaf) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  std::string parent = slash == std::string::npos ? "." : p.substr(0, slash == 0 ? 1 : slash);
  *leaf = slash == std::string::npos ? p : p.substr(slash + 1);
  if (leaf->empty() || *leaf == "." || *leaf == "..") return -kInval;
  if (!parent.empty() && parent[0] == '/') return -kNotcapable;
  return open_beneath(dir, parent, O_PATH | O_DIRECTORY, 0, true);
}

}  // namespace skiff::wasi
