// Descriptor table save/restore for checkpoints (design note: wasi_checkpoint.h).
#include "wasi/wasi_checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "wasi/wasi_impl.h"

namespace skiff::wasi {

namespace {

// The host path behind descriptor h ("" when unknown).
std::string host_path(int h) {
  char buf[4096];
  std::string link = "/proc/self/fd/" + std::to_string(h);
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n <= 0) return {};
  return std::string(buf, size_t(n));
}

// The host's reading of WASI clock `id` (1-3), ns.
uint64_t host_clock_ns(uint32_t id) {
  const clockid_t c = id == 1   ? CLOCK_MONOTONIC
                      : id == 2 ? CLOCK_PROCESS_CPUTIME_ID
                                : CLOCK_THREAD_CPUTIME_ID;
  timespec ts{};
  clock_gettime(c, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

}  // namespace

Result<SavedWasi> save_wasi(WasiCtx& ctx) {
  WasiCtx::Impl& im = ctx.impl();
  SavedWasi s;
  s.args = im.config.args;
  s.env = im.config.env;
  s.dirs = im.config.dirs;
  for (uint32_t id = 1; id < 4; ++id) s.clock_ns[id] = im.guest_clock_ns(id, host_clock_ns(id));
  if (const auto& in = im.config.mem_stdio[0]; in && in->input) {
    s.mem_stdin = true;
    s.mem_stdin_pos = in->pos;
  }
  if (!im.config.tcp_listen.empty())
    return Error{"checkpoint: the program has listening sockets (--tcplisten), which cannot be saved"};
  // Host paths of the preopens, to place the files the guest opened.
  std::vector<std::pair<uint32_t, std::string>> roots;
  for (uint32_t i = 0; i < im.fds.size(); ++i)
    if (im.fds[i].host >= 0 && im.fds[i].preopen) roots.emplace_back(i, host_path(im.fds[i].host));
  for (uint32_t i = 0; i < im.fds.size(); ++i) {
    const WasiCtx::Fd& f = im.fds[i];
    SavedFd d;
    d.type = uint8_t(f.type);
    d.fdflags = f.flags;
    d.read_only = f.read_only;
    d.rights = f.rights;
    d.inheriting = f.inheriting;
    if (f.host < 0) {
      d.kind = SavedFd::Free;
    } else if (f.preopen) {
      d.kind = SavedFd::PreopenDir;
      d.path = f.guest_name;
    } else if (f.host_stdio || f.mem || (i < 3 && f.type != FileType::RegularFile &&
                                         f.type != FileType::Directory)) {
      d.kind = SavedFd::Stdio;
    } else if (f.type == FileType::SocketStream || f.type == FileType::SocketDgram) {
      return Error{"checkpoint: fd " + std::to_string(i) + " is a socket, which cannot be saved"};
    } else {
      const std::string p = host_path(f.host);
      const std::string deleted = " (deleted)";
      if (p.empty() || (p.size() > deleted.size() &&
                        p.compare(p.size() - deleted.size(), deleted.size(), deleted) == 0))
        return Error{"checkpoint: fd " + std::to_string(i) + " (" + (p.empty() ? "?" : p) +
                     ") was deleted while open, so it cannot be reopened"};
      // The longest preopen holding it.
      size_t best = std::string::npos;
      for (size_t r = 0; r < roots.size(); ++r) {
        const std::string& root = roots[r].second;
        if (root.empty() || p.compare(0, root.size(), root) != 0) continue;
        if (p.size() != root.size() && p[root.size()] != '/' && root != "/") continue;
        if (best == std::string::npos || root.size() > roots[best].second.size()) best = r;
      }
      if (best == std::string::npos)
        return Error{"checkpoint: fd " + std::to_string(i) + " (" + p +
                     ") is not beneath a preopened directory any more"};
      const std::string& root = roots[best].second;
      std::string rel = p.size() > root.size() ? p.substr(root.size()) : std::string(".");
      while (!rel.empty() && rel[0] == '/') rel.erase(0, 1);
      if (rel.empty()) rel = ".";
      d.kind = SavedFd::File;
      d.path = rel;
      d.under = roots[best].first;
      int fl = ::fcntl(f.host, F_GETFL);
      if (fl < 0) return Error{"checkpoint: fd " + std::to_string(i) + ": " + std::strerror(errno)};
      d.host_flags = fl & (O_ACCMODE | O_APPEND);
      if (f.type == FileType::Directory) {
        d.host_flags = O_RDONLY | O_DIRECTORY;
      } else {
        off_t off = ::lseek(f.host, 0, SEEK_CUR);
        d.offset = off < 0 ? 0 : uint64_t(off);
      }
    }
    s.fds.push_back(std::move(d));
  }
  return s;
}

Status restore_wasi_fds(WasiCtx& ctx, const SavedWasi& saved) {
  WasiCtx::Impl& im = ctx.impl();
  // Preopens first: the same guest names at the same numbers.
  for (uint32_t i = 0; i < saved.fds.size(); ++i) {
    const SavedFd& d = saved.fds[i];
    if (d.kind != SavedFd::PreopenDir) continue;
    if (i >= im.fds.size() || !im.fds[i].preopen || im.fds[i].guest_name != d.path)
      return Error{"checkpoint: preopen \"" + d.path + "\" (fd " + std::to_string(i) +
                   ") is not preopened at that descriptor in this run"};
  }
  std::vector<WasiCtx::Fd> table(saved.fds.size());
  for (uint32_t i = 0; i < saved.fds.size(); ++i) {
    const SavedFd& d = saved.fds[i];
    if (d.kind == SavedFd::Stdio || d.kind == SavedFd::PreopenDir) {
      if (i >= im.fds.size() || im.fds[i].host < 0)
        return Error{"checkpoint: fd " + std::to_string(i) + " has no counterpart in this run"};
      table[i] = im.fds[i];
      im.fds[i].host = -1;  // moved
      im.fds[i].owned = false;
    } else if (d.kind == SavedFd::File) {
      if (d.under >= saved.fds.size() || saved.fds[d.under].kind != SavedFd::PreopenDir)
        return Error{"checkpoint: fd " + std::to_string(i) + " lies under no preopen"};
      const WasiCtx::Fd& dir = table[d.under].host >= 0 ? table[d.under] : im.fds[d.under];
      int h = im.open_beneath(dir, d.path, d.host_flags | O_CLOEXEC | O_NOCTTY, 0, true);
      if (h < 0)
        return Error{"checkpoint: cannot reopen fd " + std::to_string(i) + " (\"" + d.path +
                     "\" under preopen fd " + std::to_string(d.under) + ")"};
      if (!(d.host_flags & O_DIRECTORY) && ::lseek(h, off_t(d.offset), SEEK_SET) < 0) {
        ::close(h);
        return Error{"checkpoint: cannot seek fd " + std::to_string(i) + " (\"" + d.path + "\")"};
      }
      WasiCtx::Fd f;
      f.host = h;
      f.type = FileType(d.type);
      f.read_only = d.read_only;
      f.flags = d.fdflags;
      f.rights = d.rights;
      f.inheriting = d.inheriting;
      table[i] = std::move(f);
    }
  }
  if (saved.mem_stdin) {
    const auto& in = im.config.mem_stdio[0];
    if (!in || !in->input)
      return Error{"checkpoint: the program read an in-memory stdin (WasiConfig::stdin_bytes); "
                   "resume it in a store given the same stdin bytes"};
    if (saved.mem_stdin_pos > in->data.size())
      return Error{"checkpoint: the program had read " + std::to_string(saved.mem_stdin_pos) +
                   " bytes of its in-memory stdin; this store's stdin has only " +
                   std::to_string(in->data.size())};
  }
  // Whatever this run opened that the checkpoint does not have is closed.
  for (WasiCtx::Fd& f : im.fds)
    if (f.host >= 0 && f.owned) ::close(f.host);
  im.fds = std::move(table);
  // Clocks 1-3 continue from the checkpoint's times (realtime stays the host's).
  for (uint32_t id = 1; id < 4; ++id)
    im.clock_offset[id] = int64_t(saved.clock_ns[id] - host_clock_ns(id));
  if (saved.mem_stdin) im.config.mem_stdio[0]->pos = size_t(saved.mem_stdin_pos);
  return {};
}

}  // namespace skiff::wasi
