// args, environ, clocks, random, proc_*, sched_yield, poll_oneoff, sock_*.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/random.h>
#include <time.h>

#include <cerrno>
#include <algorithm>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "wasi/wasi_host.h"

namespace skiff::wasi {

namespace {

// argv-style: pointers at `ptrs`, NUL-terminated strings packed at `buf`.
uint32_t write_strings(Call& c, const std::vector<std::string>& v, uint32_t ptrs, uint32_t buf) {
  uint64_t at = buf;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!c.put<uint32_t>(ptrs + 4 * uint64_t(i), uint32_t(at))) return kFault;
    if (!c.ok(at, v[i].size() + 1)) return kFault;
    std::memcpy(c.mem() + at, v[i].c_str(), v[i].size() + 1);
    at += v[i].size() + 1;
  }
  return kSuccess;
}

uint32_t write_sizes(Call& c, const std::vector<std::string>& v, uint32_t count, uint32_t bytes) {
  uint64_t total = 0;
  for (const std::string& s : v) total += s.size() + 1;
  if (!c.put<uint32_t>(count, uint32_t(v.size())) || !c.put<uint32_t>(bytes, uint32_t(total)))
    return kFault;
  return kSuccess;
}

bool clock_of(uint32_t id, clockid_t* out) {
  switch (id) {
    case 0: *out = CLOCK_REALTIME; return true;
    case 1: *out = CLOCK_MONOTONIC; return true;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t now_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

// The socket behind the call's fd: EBADF when missing, ENOTSOCK when not a socket
// (as wasmtime), then the rights.
WasiCtx::Fd* sock_fd(Call& c, uint64_t need, uint16_t* err) {
  WasiCtx::Fd* f = c.ctx.impl().get(c.u32(0), 0, err);
  if (!f) return nullptr;
  if (f->type != FileType::SocketStream && f->type != FileType::SocketDgram) {
    *err = kNotsock;
    return nullptr;
  }
  return c.ctx.impl().get(c.u32(0), need, err);
}

}  // namespace

void add_misc_defs(std::vector<WasiDef>& out) {
  out.push_back({"args_sizes_get", "ii", [](Call& c) {
                   return write_sizes(c, c.ctx.impl().config.args, c.u32(0), c.u32(1));
                 }});
  out.push_back({"args_get", "ii", [](Call& c) {
                   return write_strings(c, c.ctx.impl().config.args, c.u32(0), c.u32(1));
                 }});
  out.push_back({"environ_sizes_get", "ii", [](Call& c) {
                   return write_sizes(c, c.ctx.impl().config.env, c.u32(0), c.u32(1));
                 }});
  out.push_back({"environ_get", "ii", [](Call& c) {
                   return write_strings(c, c.ctx.impl().config.env, c.u32(0), c.u32(1));
                 }});
  out.push_back({"clock_res_get", "ii", [](Call& c) -> uint32_t {
                   clockid_t id;
                   if (!clock_of(c.u32(0), &id)) return kInval;
                   timespec ts{};
                   clock_getres(id, &ts);
                   uint64_t ns = uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
                   return c.put<uint64_t>(c.u32(1), ns) ? kSuccess : kFault;
                 }});
  out.push_back({"clock_time_get", "iIi", [](Call& c) -> uint32_t {
                   clockid_t id;
                   if (!clock_of(c.u32(0), &id)) return kInval;
                   const uint64_t t = c.ctx.impl().guest_clock_ns(c.u32(0), now_ns(id));
                   return c.put<uint64_t>(c.u32(2), t) ? kSuccess : kFault;
                 }});
  out.push_back({"random_get", "ii", [](Call& c) -> uint32_t {
                   uint64_t p = c.u32(0), n = c.u32(1);
                   if (!c.ok(p, n)) return kFault;
                   while (n > 0) {
                     ssize_t r = getrandom(c.mem() + p, n, 0);
                     if (r < 0) {
                       if (errno == EINTR) continue;
                       return from_errno(errno);
                     }
                     p += uint64_t(r);
                     n -= uint64_t(r);
                   }
                   return kSuccess;
                 }});
  out.push_back({"proc_exit", "i", [](Call&) -> uint32_t { return kSuccess; }});
  out.push_back({"proc_raise", "i", [](Call&) -> uint32_t { return kNosys; }});
  out.push_back({"sched_yield", "", [](Call&) -> uint32_t {
                   sched_yield();
                   return kSuccess;
                 }});
  // poll_oneoff: fd subscriptions wait with poll(2) on the host descriptors, at most
  // until the earliest clock subscription; ready fds and expired clocks are events.
  out.push_back({"poll_oneoff", "iiii", [](Call& c) -> uint32_t {
                   uint64_t in = c.u32(0), ev = c.u32(1), n = c.u32(2);
                   if (n == 0) return kInval;
                   if (n > 4096 || !c.ok(in, n * 48) || !c.ok(ev, n * 32)) return kFault;
                   struct Sub {
                     uint64_t userdata = 0;
                     uint8_t tag = 0;
                     uint32_t fd = 0;
                     uint64_t deadline = 0;  // clock: absolute monotonic ns
                     int poll_index = -1;
                     uint16_t error = 0;
                   };
                   std::vector<Sub> subs(n);
                   std::vector<pollfd> pfds;
                   // The table lock while reading the fds only, not while waiting.
                   std::shared_lock<std::shared_mutex> table(c.ctx.impl().table_mu);
                   uint64_t now = now_ns(CLOCK_MONOTONIC), earliest = UINT64_MAX;
                   for (uint64_t i = 0; i < n; ++i) {
                     Sub& s = subs[i];
                     uint64_t at = in + i * 48;
                     c.get(at, &s.userdata);
                     c.get(at + 8, &s.tag);
                     if (s.tag == 0) {
                       uint32_t id = 0;
                       uint64_t timeout = 0;
                       uint16_t flags = 0;
                       c.get(at + 16, &id);
                       c.get(at + 24, &timeout);
                       c.get(at + 40, &flags);
                       clockid_t cid;
                       if (!clock_of(id, &cid)) {
                         s.error = kInval;
                         s.deadline = now;
                       } else if (flags & 1) {  // absolute (in the guest's time)
                         uint64_t t = c.ctx.impl().guest_clock_ns(id, now_ns(cid));
                         s.deadline = now + (timeout > t ? timeout - t : 0);
                       } else {
                         s.deadline = now + timeout;
                       }
                       if (s.deadline < earliest) earliest = s.deadline;
                     } else if (s.tag == 1 || s.tag == 2) {
                       c.get(at + 16, &s.fd);
                       WasiCtx::Fd* f = c.ctx.impl().get(s.fd, right::kPollFdReadwrite);
                       if (!f) {
                         s.error = kBadf;
                         earliest = now;
                         continue;
                       }
                       s.poll_index = int(pfds.size());
                       pfds.push_back(pollfd{f->host, short(s.tag == 1 ? POLLIN : POLLOUT), 0});
                     } else {
                       return kInval;
                     }
                   }
                   table.unlock();
                   int timeout_ms = -1;
                   if (earliest != UINT64_MAX)
                     timeout_ms = earliest <= now ? 0 : int(std::min<uint64_t>((earliest - now + 999'999) / 1'000'000, 1u << 30));
                   if (!pfds.empty()) {
                     int r;
                     do {
                       r = poll(pfds.data(), nfds_t(pfds.size()), timeout_ms);
                     } while (r < 0 && errno == EINTR);
                     if (r < 0) return from_errno(errno);
                   } else if (timeout_ms > 0) {
                     std::this_thread::sleep_for(std::chrono::nanoseconds(earliest - now));
                   }
                   now = now_ns(CLOCK_MONOTONIC);
                   uint32_t count = 0;
                   for (const Sub& s : subs) {
                     bool fire = s.error != 0;
                     uint64_t nbytes = 0;
                     uint16_t rwflags = 0;
                     if (s.tag == 0) fire |= s.deadline <= now;
                     if (s.poll_index >= 0) {
                       short re = pfds[size_t(s.poll_index)].revents;
                       if (re) {
                         fire = true;
                         if (re & POLLHUP) rwflags = 1;  // FD_READWRITE_HANGUP
                         int avail = 0;
                         if (s.tag == 1 && ioctl(pfds[size_t(s.poll_index)].fd, FIONREAD, &avail) == 0)
                           nbytes = uint64_t(avail);
                       }
                     }
                     if (!fire) continue;
                     uint64_t e = ev + uint64_t(count++) * 32;
                     std::memset(c.mem() + e, 0, 32);
                     c.put<uint64_t>(e, s.userdata);
                     c.put<uint16_t>(e + 8, s.error);
                     c.put<uint8_t>(e + 10, s.tag);
                     c.put<uint64_t>(e + 16, nbytes);
                     c.put<uint16_t>(e + 24, rwflags);
                   }
                   return c.put<uint32_t>(c.u32(3), count) ? kSuccess : kFault;
                 }});
  // Sockets: the guest gets listeners from --tcplisten and accepts on them.
  out.push_back({"sock_accept", "iii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   // The listener's host fd is read under the shared table lock and
                   // duplicated, so that accept4 may block without the lock (and a
                   // close of the listener in another thread cannot pull it away).
                   std::shared_lock<std::shared_mutex> table(c.ctx.impl().table_mu);
                   WasiCtx::Fd* f = sock_fd(c, right::kSockAccept, &err);
                   if (!f) return err;
                   const uint64_t inheriting = f->inheriting;
                   const int listener = fcntl(f->host, F_DUPFD_CLOEXEC, 0);
                   table.unlock();
                   if (listener < 0) return from_errno(errno);
                   int flags = SOCK_CLOEXEC | ((c.u32(1) & 4) ? SOCK_NONBLOCK : 0);
                   int h;
                   do {
                     h = accept4(listener, nullptr, nullptr, flags);
                   } while (h < 0 && errno == EINTR);
                   const int accept_errno = errno;
                   close(listener);
                   if (h < 0) return from_errno(accept_errno);
                   WasiCtx::Fd n;
                   n.host = h;
                   n.type = FileType::SocketStream;
                   n.rights = inheriting;
                   n.inheriting = 0;
                   n.flags = uint16_t(c.u32(1) & 4);
                   std::unique_lock<std::shared_mutex> add_lock(c.ctx.impl().table_mu);
                   uint32_t fd = c.ctx.impl().add(n);
                   add_lock.unlock();
                   return c.put<uint32_t>(c.u32(2), fd) ? kSuccess : kFault;
                 }});
  // sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)
  out.push_back({"sock_recv", "iiiiii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = sock_fd(c, right::kFdRead, &err);
                   if (!f) return err;
                   std::vector<iovec> v;
                   if (!guest_iovecs(c, c.u32(1), c.u32(2), &v)) return kFault;
                   msghdr m = {};
                   m.msg_iov = v.data();
                   m.msg_iovlen = v.size();
                   int fl = ((c.u32(3) & 1) ? MSG_PEEK : 0) | ((c.u32(3) & 2) ? MSG_WAITALL : 0);
                   ssize_t r;
                   do {
                     r = recvmsg(f->host, &m, fl);
                   } while (r < 0 && errno == EINTR);
                   if (r < 0) return from_errno(errno);
                   uint16_t ro = (m.msg_flags & MSG_TRUNC) ? 1 : 0;
                   return c.put<uint32_t>(c.u32(4), uint32_t(r)) && c.put<uint16_t>(c.u32(5), ro)
                              ? kSuccess
                              : kFault;
                 }});
  // sock_send(fd, si_data, si_data_len, si_flags, so_datalen)
  out.push_back({"sock_send", "iiiii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = sock_fd(c, right::kFdWrite, &err);
                   if (!f) return err;
                   std::vector<iovec> v;
                   if (!guest_iovecs(c, c.u32(1), c.u32(2), &v)) return kFault;
                   msghdr m = {};
                   m.msg_iov = v.data();
                   m.msg_iovlen = v.size();
                   ssize_t r;
                   do {
                     r = sendmsg(f->host, &m, MSG_NOSIGNAL);
                   } while (r < 0 && errno == EINTR);
                   if (r < 0) return from_errno(errno);
                   return c.put<uint32_t>(c.u32(4), uint32_t(r)) ? kSuccess : kFault;
                 }});
  out.push_back({"sock_shutdown", "ii", [](Call& c) -> uint32_t {
                   uint16_t err = kSuccess;
                   WasiCtx::Fd* f = sock_fd(c, right::kSockShutdown, &err);
                   if (!f) return err;
                   uint32_t how = c.u32(1);
                   int h = how == 1 ? SHUT_RD : how == 2 ? SHUT_WR : how == 3 ? SHUT_RDWR : -1;
                   if (h < 0) return kInval;
                   return shutdown(f->host, h) == 0 ? kSuccess : from_errno(errno);
                 }});
}

}  // namespace skiff::wasi
