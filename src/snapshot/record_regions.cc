// Memory each WASI function may write / reads as input (see record_regions.h). The
// argument positions follow the definitions in src/wasi/wasi_{misc,fd,path}.cc.
#include "snapshot/record_regions.h"

#include <cstring>

namespace skiff::snapshot {

namespace {

enum Fn : uint32_t {
  ArgsSizesGet, ArgsGet, EnvironSizesGet, EnvironGet, ClockResGet, ClockTimeGet, RandomGet,
  ProcExit, ProcRaise, SchedYield, PollOneoff, SockAccept, SockRecv, SockSend, SockShutdown,
  FdWrite, FdRead, FdPwrite, FdPread, FdClose, FdSeek, FdTell, FdSync, FdDatasync,
  FdFdstatGet, FdFdstatSetFlags, FdFdstatSetRights, FdFilestatGet, FdFilestatSetSize,
  FdFilestatSetTimes, FdAdvise, FdAllocate, FdPrestatGet, FdPrestatDirName, FdRenumber,
  FdReaddir, PathOpen, PathFilestatGet, PathFilestatSetTimes, PathCreateDirectory,
  PathRemoveDirectory, PathUnlinkFile, PathReadlink, PathSymlink, PathLink, PathRename,
};
static_assert(PathRename + 1 == kWasiNameCount, "Fn follows kWasiNames");

struct Out {
  const wasi::Call& c;
  std::vector<Region>& v;
  void add(uint64_t addr, uint64_t len) {
    const uint64_t size = c.mem_size();
    if (addr >= size || len == 0) return;
    v.push_back({addr, len < size - addr ? len : size - addr});
  }
  // The buffers of an iovec array (as guest_iovecs reads it: at most 1024 entries).
  void iovecs(uint32_t iovs, uint32_t n) {
    if (n > 1024) return;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t buf, len;
      if (!c.get(iovs + 8ull * i, &buf) || !c.get(iovs + 8ull * i + 4, &len)) return;
      add(buf, len);
    }
  }
};

uint64_t packed_size(const std::vector<std::string>& v) {
  uint64_t n = 0;
  for (const std::string& s : v) n += s.size() + 1;
  return n;
}

}  // namespace

void output_regions(uint32_t func, const wasi::Call& c, std::vector<Region>& out) {
  Out o{c, out};
  const wasi::WasiConfig& cfg = c.ctx.impl().config;
  switch (Fn(func)) {
    case ArgsSizesGet:
    case EnvironSizesGet:
      o.add(c.u32(0), 4);
      o.add(c.u32(1), 4);
      break;
    case ArgsGet:
    case EnvironGet: {
      const auto& list = func == ArgsGet ? cfg.args : cfg.env;
      o.add(c.u32(0), 4 * uint64_t(list.size()));
      o.add(c.u32(1), packed_size(list));
      break;
    }
    case ClockResGet: o.add(c.u32(1), 8); break;
    case ClockTimeGet: o.add(c.u32(2), 8); break;
    case RandomGet: o.add(c.u32(0), c.u32(1)); break;
    case PollOneoff:
      if (c.u32(2) <= 4096) o.add(c.u32(1), 32ull * c.u32(2));
      o.add(c.u32(3), 4);
      break;
    case SockAccept: o.add(c.u32(2), 4); break;
    case SockRecv:
      o.iovecs(c.u32(1), c.u32(2));
      o.add(c.u32(4), 4);
      o.add(c.u32(5), 2);
      break;
    case SockSend: o.add(c.u32(4), 4); break;
    case FdWrite: o.add(c.u32(3), 4); break;
    case FdRead:
      o.iovecs(c.u32(1), c.u32(2));
      o.add(c.u32(3), 4);
      break;
    case FdPwrite: o.add(c.u32(4), 4); break;
    case FdPread:
      o.iovecs(c.u32(1), c.u32(2));
      o.add(c.u32(4), 4);
      break;
    case FdSeek: o.add(c.u32(3), 8); break;
    case FdTell: o.add(c.u32(1), 8); break;
    case FdFdstatGet: o.add(c.u32(1), 24); break;
    case FdFilestatGet: o.add(c.u32(1), 64); break;
    case FdPrestatGet: o.add(c.u32(1), 8); break;
    case FdPrestatDirName: o.add(c.u32(1), c.u32(2)); break;
    case FdReaddir:
      o.add(c.u32(1), c.u32(2));
      o.add(c.u32(4), 4);
      break;
    case PathOpen: o.add(c.u32(8), 4); break;
    case PathFilestatGet: o.add(c.u32(4), 64); break;
    case PathReadlink:
      o.add(c.u32(3), c.u32(4));
      o.add(c.u32(5), 4);
      break;
    case ProcExit: case ProcRaise: case SchedYield: case SockShutdown: case FdClose:
    case FdSync: case FdDatasync: case FdFdstatSetFlags: case FdFdstatSetRights:
    case FdFilestatSetSize: case FdFilestatSetTimes: case FdAdvise: case FdAllocate:
    case FdRenumber: case PathFilestatSetTimes: case PathCreateDirectory:
    case PathRemoveDirectory: case PathUnlinkFile: case PathSymlink: case PathLink:
    case PathRename:
      break;  // no memory written
  }
}

InputKind call_input(uint32_t func, const wasi::Call& c, std::vector<uint8_t>& out) {
  out.clear();
  // Bytes [p, p + n) of memory 0 (nothing when out of bounds: the call faults).
  auto take = [&](uint64_t p, uint64_t n) {
    if (c.ok(p, n)) out.insert(out.end(), c.mem() + p, c.mem() + p + n);
  };
  auto gather = [&](uint32_t iovs, uint32_t n) {
    if (n > 1024) return;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t buf, len;
      if (!c.get(iovs + 8ull * i, &buf) || !c.get(iovs + 8ull * i + 4, &len)) return;
      take(buf, len);
    }
  };
  // Two path names: separated by a NUL (names never hold one: EINVAL).
  auto paths = [&](int a, int b) {
    take(c.u32(size_t(a)), c.u32(size_t(a) + 1));
    if (b >= 0) {
      out.push_back(0);
      take(c.u32(size_t(b)), c.u32(size_t(b) + 1));
    }
    return InputKind::Bytes;
  };
  switch (Fn(func)) {
    case FdWrite:
      gather(c.u32(1), c.u32(2));
      return c.u32(0) == 1 || c.u32(0) == 2 ? InputKind::Stdio : InputKind::Hash;
    case FdPwrite:
    case SockSend:
      gather(c.u32(1), c.u32(2));
      return InputKind::Hash;
    case PollOneoff:
      if (c.u32(2) <= 4096) take(c.u32(0), 48ull * c.u32(2));
      return InputKind::Hash;
    case PathOpen: case PathFilestatGet: case PathFilestatSetTimes: return paths(2, -1);
    case PathCreateDirectory: case PathRemoveDirectory: case PathUnlinkFile:
    case PathReadlink:
      return paths(1, -1);
    case PathSymlink: return paths(0, 3);
    case PathLink: return paths(2, 5);
    case PathRename: return paths(1, 4);
    default:
      return InputKind::None;
  }
}

}  // namespace skiff::snapshot
