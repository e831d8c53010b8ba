// WasiCtx: the descriptor table and sandboxed path resolution (see wasi.h).
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
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
    case EXDEV: return kXdev;  // (open_beneath maps openat2's EXDEV to ENOTCAPABLE itself)
    case EBUSY: return kBusy;
    case EFBIG: return kFbig;
    case EMFILE: return kMfile;
    case EMLINK: return kMlink;
    case ENFILE: return kNfile;
    case ENOTSOCK: return kNotsock;
    case ENXIO: return kNxio;
    case EOVERFLOW: return kOverflow;
    case ERANGE: return kRange;
    case ETXTBSY: return kTxtbsy;
    case EDQUOT: return 19;  // dquot
    case ENOTCONN: return 53;
    case ECONNRESET: return 15;
    case EPIPE: return 64;
    case EADDRINUSE: return 3;
    case ENOTTY: return 59;
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
  im.force_fallback_walk = force_fallback_walk_from_env();
  for (int i = 0; i < 3; ++i) {
    Fd f;
    if (config.mem_stdio[i]) {
      f.host = ::open("/dev/null", O_RDWR | O_CLOEXEC);
      if (f.host < 0) return make_error(std::string("cannot open /dev/null: ") + std::strerror(errno));
      f.type = FileType::CharacterDevice;
      f.host_stdio = true;  // no seek, no flag changes
      f.mem = config.mem_stdio[i];
      f.rights = right::kFdRead | right::kFdWrite | right::kFdFilestatGet | right::kPollFdReadwrite;
      f.inheriting = 0;
      im.fds.push_back(f);
      continue;
    }
    f.host = config.stdio[i];
    f.owned = false;
    if (f.host >= 0 && fcntl(f.host, F_GETFD) < 0 && errno == EBADF) {
      // The host's stdio slot is closed: a preopen or a guest file would take its
      // number and become the guest's "stdin" (and fd_close of it would free the
      // host's slot). Hold the slot with /dev/null for the process, as Rust's
      // runtime does at startup; elsewhere it is an ordinary /dev/null below.
      int n = ::open("/dev/null", O_RDWR);
      if (n != f.host) {
        if (n >= 0) ::close(n);
        f.host = -1;
      }
    }
    if (f.host < 0) {
      f.host = ::open("/dev/null", O_RDWR | O_CLOEXEC);
      if (f.host < 0) return make_error(std::string("cannot open /dev/null: ") + std::strerror(errno));
      f.owned = true;
    }
    f.type = isatty(f.host) ? FileType::CharacterDevice : FileType::Unknown;
    // The host's open file description: no seek/tell (they would move the host's
    // offset, e.g. rewind a log opened with >>) and no fdstat_set_flags (clearing
    // O_APPEND or setting O_NONBLOCK would change it for the host too).
    f.host_stdio = !f.owned;
    f.rights = right::kFdRead | right::kFdWrite | right::kFdFilestatGet | right::kPollFdReadwrite;
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
    f.rights = right::kAll & ~right::kNotForDirs;
    f.inheriting = right::kAll & ~right::kSockets;
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

}  // namespace skiff::wasi
