// Checkpoint files: writing and reading (format and rules: checkpoint.h).
#include "snapshot/checkpoint.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "binary/encoder.h"
#include "interp/code_cache.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace skiff::snapshot {

namespace {

constexpr char kMagic[8] = {'S', 'K', 'I', 'F', 'F', 'C', 'K', 'P'};
constexpr uint32_t kFormat = 2;  // 2: WASI clock times
constexpr uint64_t kChunk = 64 * 1024;

uint64_t fnv(const uint8_t* p, size_t n, uint64_t h = 0xcbf29ce484222325ull) {
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

class Writer {
 public:
  std::vector<uint8_t> out;
  void u8(uint8_t v) { out.push_back(v); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void raw(const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void bytes(const uint8_t* p, size_t n) {
    u64(n);
    raw(p, n);
  }
  void str(const std::string& s) { bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  bool ok() const { return ok_; }
  uint8_t u8() { uint8_t v = 0; raw(&v, 1); return v; }
  uint32_t u32() { uint32_t v = 0; raw(&v, 4); return v; }
  uint64_t u64() { uint64_t v = 0; raw(&v, 8); return v; }
  void raw(void* p, size_t n) {
    if (!ok_ || n > b_.size() - pos_) {
      ok_ = false;
      return;
    }
    std::memcpy(p, b_.data() + pos_, n);
    pos_ += n;
  }
  // A view of the next n bytes (empty and !ok() past the end).
  std::span<const uint8_t> view(uint64_t n) {
    if (!ok_ || n > b_.size() - pos_) {
      ok_ = false;
      return {};
    }
    auto s = b_.subspan(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  std::span<const uint8_t> bytes() { return view(u64()); }
  std::string str() {
    auto s = bytes();
    return std::string(reinterpret_cast<const char*>(s.data()), s.size());
  }
  // A count that must leave at least `each` bytes per element.
  uint64_t count(size_t each) {
    uint64_t n = u64();
    if (ok_ && each && n > (b_.size() - pos_) / each) ok_ = false;
    return ok_ ? n : 0;
  }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
  bool ok_ = true;
};

bool all_zero(const uint8_t* p, size_t n) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
    if (acc) return false;
  }
  for (; i < n; ++i) acc |= p[i];
  return acc == 0;
}

void write_wasi(Writer& w, const wasi::SavedWasi& s) {
  w.u64(s.args.size());
  for (const auto& a : s.args) w.str(a);
  w.u64(s.env.size());
  for (const auto& e : s.env) w.str(e);
  w.u64(s.dirs.size());
  for (const auto& d : s.dirs) {
    w.str(d.host);
    w.str(d.guest);
    w.u8(d.read_only);
  }
  w.u64(s.fds.size());
  for (const auto& f : s.fds) {
    w.u8(f.kind);
    w.str(f.path);
    w.u32(f.under);
    w.u64(f.offset);
    w.u32(uint32_t(f.host_flags));
    w.u8(f.type);
    w.u32(f.fdflags);
    w.u8(f.read_only);
    w.u64(f.rights);
    w.u64(f.inheriting);
  }
  for (uint32_t id = 1; id < 4; ++id) w.u64(s.clock_ns[id]);
}

wasi::SavedWasi read_wasi(Reader& r) {
  wasi::SavedWasi s;
  for (uint64_t n = r.count(8); n--;) s.args.push_back(r.str());
  for (uint64_t n = r.count(8); n--;) s.env.push_back(r.str());
  for (uint64_t n = r.count(17); n--;) {
    wasi::Preopen p;
    p.host = r.str();
    p.guest = r.str();
    p.read_only = r.u8() != 0;
    s.dirs.push_back(std::move(p));
  }
  for (uint64_t n = r.count(30); n--;) {
    wasi::SavedFd f;
    uint8_t k = r.u8();
    f.kind = k <= wasi::SavedFd::File ? wasi::SavedFd::Kind(k) : wasi::SavedFd::Free;
    f.path = r.str();
    f.under = r.u32();
    f.offset = r.u64();
    f.host_flags = int32_t(r.u32());
    f.type = r.u8();
    f.fdflags = uint16_t(r.u32());
    f.read_only = r.u8() != 0;
    f.rights = r.u64();
    f.inheriting = r.u64();
    s.fds.push_back(std::move(f));
  }
  for (uint32_t id = 1; id < 4; ++id) s.clock_ns[id] = r.u64();
  return s;
}

// Function index of every function of the instance (first index wins).
std::unordered_map<const rt::Func*, uint32_t> func_indices(const rt::Instance& inst) {
  std::unordered_map<const rt::Func*, uint32_t> m;
  for (uint32_t i = 0; i < inst.funcs.size(); ++i) m.emplace(inst.funcs[i], i);
  return m;
}

// A reference as a function index + 1 (0 = null); false for anything else.
bool encode_ref(rt::Ref r, const std::unordered_map<const rt::Func*, uint32_t>& idx, uint32_t& out) {
  if (r.is_null()) {
    out = 0;
    return true;
  }
  if (!r.is_object()) return false;
  auto it = idx.find(reinterpret_cast<const rt::Func*>(r.bits()));
  if (it == idx.end()) return false;
  out = it->second + 1;
  return true;
}

bool is_funcref_type(const ir::ValType& t) {
  return t.is_ref() && (t.heap.kind == ir::HeapKind::Func || t.heap.kind == ir::HeapKind::NoFunc ||
                        t.heap.is_concrete());
}

}  // namespace

uint64_t module_hash(const rt::CompiledModule& m) {
  std::vector<uint8_t> bin = binary::encode(m.module);
  return fnv(bin.data(), bin.size());
}

Status checkpointable(const rt::CompiledModule& cm) {
  const ir::Module& m = cm.module;
  for (size_t i = 0; i < m.types.size(); ++i) {
    const ir::CompType& c = m.types[i].comp;
    if (c.kind != ir::CompKind::Func)
      return Error{"checkpoint: the module defines GC struct/array types (type " +
                   std::to_string(i) + "); the GC heap cannot be saved yet"};
    for (const ir::ValType& t : c.func.params)
      if (t.is_ref())
        return Error{"checkpoint: type " + std::to_string(i) +
                     " has a reference-typed parameter; frames holding references cannot be saved"};
    for (const ir::ValType& t : c.func.results)
      if (t.is_ref())
        return Error{"checkpoint: type " + std::to_string(i) +
                     " has a reference-typed result; frames holding references cannot be saved"};
  }
  for (size_t i = 0; i < m.funcs.size(); ++i)
    for (const ir::LocalRun& l : m.funcs[i].locals)
      if (l.type.is_ref())
        return Error{"checkpoint: function " + std::to_string(i + m.num_imported_funcs) +
                     " has a reference-typed local; frames holding references cannot be saved"};
  if (m.num_tags() != 0)
    return Error{"checkpoint: the module uses exception tags; in-flight exceptions cannot be saved"};
  return {};
}

Result<std::vector<uint8_t>> write_checkpoint(const CheckpointSource& src) {
  if (!src.instance || !src.instance->module || !src.frames)
    return Error{"checkpoint: no stopped module instance"};
  const rt::Instance& inst = *src.instance;
  SKIFF_TRY(checkpointable(*inst.module));
  SKIFF_TRY(frames_hold_no_refs(*inst.module, *src.frames));
  Writer w;
  w.raw(kMagic, 8);
  w.u32(kFormat);
  w.u64(0);  // total length, patched below
  w.str(kCheckpointSkiffVersion);
  w.u64(interp::code_format_id());
  w.u64(module_hash(*inst.module));
  w.str(src.module_path);
  w.u8(src.fuel_on);
  w.u64(src.fuel);
  if (src.wasi) {
    auto s = wasi::save_wasi(*src.wasi);
    if (!s.ok()) return std::move(s).error();
    w.u8(1);
    write_wasi(w, *s);
  } else {
    w.u8(0);
  }
  const interp::FrameState& fs = *src.frames;
  w.u32(fs.variant);
  w.u64(fs.frames.size());
  for (const interp::SavedFrame& f : fs.frames) {
    w.u32(f.func_index);
    w.u32(f.pc);
    w.u32(f.fp);
    w.u64(f.code_hash);
  }
  w.bytes(fs.stack.data(), fs.stack.size());
  const auto idx = func_indices(inst);
  w.u64(inst.globals.size());
  for (size_t i = 0; i < inst.globals.size(); ++i) {
    const rt::Global* g = inst.globals[i];
    rt::Cell cell = g->cell;
    if (g->type.type.is_ref()) {
      rt::Ref r;
      std::memcpy(&r, cell.bytes, sizeof r);
      uint32_t e;
      if (!encode_ref(r, idx, e))
        return Error{"checkpoint: global " + std::to_string(i) +
                     " holds a reference that is not one of the module's functions (host, extern "
                     "or GC references cannot be saved)"};
      std::memset(cell.bytes, 0, sizeof cell.bytes);
      std::memcpy(cell.bytes, &e, 4);
    }
    w.raw(cell.bytes, 16);
  }
  w.u64(inst.tables.size());
  for (size_t t = 0; t < inst.tables.size(); ++t) {
    rt::Table* tab = inst.tables[t];
    if (!is_funcref_type(tab->elem_type()) && tab->size() != 0) {
      // Only null entries can be saved in a table of other references.
      for (uint64_t i = 0; i < tab->size(); ++i)
        if (!tab->data()[i].is_null())
          return Error{"checkpoint: table " + std::to_string(t) +
                       " holds extern/GC references, which cannot be saved"};
    }
    w.u64(tab->size());
    for (uint64_t i = 0; i < tab->size(); ++i) {
      uint32_t e;
      if (!encode_ref(tab->data()[i], idx, e))
        return Error{"checkpoint: table " + std::to_string(t) + " element " + std::to_string(i) +
                     " is a host function or a function of another instance; it cannot be saved"};
      w.u32(e);
    }
  }
  w.u64(inst.elems.size());
  for (const rt::ElemInstance& e : inst.elems) w.u8(e.dropped);
  w.u64(inst.datas.size());
  for (const rt::DataInstance& d : inst.datas) w.u8(d.dropped);
  w.u64(inst.memories.size());
  for (const rt::Memory* m : inst.memories) {
    const uint64_t size = m->size_bytes();
    const uint8_t* data = m->data();
    w.u64(size);
    // Runs of non-zero chunks.
    std::vector<std::pair<uint64_t, uint64_t>> runs;
    for (uint64_t off = 0; off < size; off += kChunk) {
      const uint64_t n = size - off < kChunk ? size - off : kChunk;
      if (all_zero(data + off, size_t(n))) continue;
      if (!runs.empty() && runs.back().first + runs.back().second == off) runs.back().second += n;
      else runs.emplace_back(off, n);
    }
    w.u64(runs.size());
    for (const auto& [off, n] : runs) {
      w.u64(off);
      w.bytes(data + off, size_t(n));
    }
  }
  const uint64_t total = w.out.size() + 8;
  std::memcpy(w.out.data() + 12, &total, 8);
  w.u64(fnv(w.out.data(), w.out.size()));
  return std::move(w.out);
}

namespace {

// The container checks; on success `r` is past the code format id.
Status open_container(std::span<const uint8_t> bytes, Reader& r) {
  if (bytes.size() < 20 || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return Error{"not a Skiff checkpoint file (bad magic)"};
  char magic[8];
  r.raw(magic, 8);
  const uint32_t format = r.u32();
  const uint64_t total = r.u64();
  if (total > bytes.size())
    return Error{"checkpoint file truncated: " + std::to_string(bytes.size()) + " of " +
                 std::to_string(total) + " bytes"};
  if (total < 28 || total != bytes.size())
    return Error{"checkpoint file corrupted: its length field says " + std::to_string(total) +
                 " bytes, the file has " + std::to_string(bytes.size())};
  uint64_t sum;
  std::memcpy(&sum, bytes.data() + total - 8, 8);
  if (fnv(bytes.data(), size_t(total - 8)) != sum)
    return Error{"checkpoint file corrupted: checksum mismatch"};
  if (format != kFormat)
    return Error{"checkpoint format " + std::to_string(format) + " is not supported (this Skiff reads format " +
                 std::to_string(kFormat) + ")"};
  const std::string version = r.str();
  if (!r.ok() || version != kCheckpointSkiffVersion)
    return Error{"checkpoint was taken by Skiff " + version + "; this is Skiff " +
                 kCheckpointSkiffVersion + " (resume it with the same version)"};
  if (r.u64() != interp::code_format_id())
    return Error{"checkpoint was taken by another build of Skiff " + version +
                 " (its interpreter code format differs)"};
  return {};
}

CheckpointHeader read_fields(Reader& r) {
  CheckpointHeader h;
  h.module_hash = r.u64();
  h.module_path = r.str();
  h.fuel_on = r.u8() != 0;
  h.fuel = r.u64();
  if (r.u8()) h.wasi = read_wasi(r);
  h.variant = r.u32();
  return h;
}

}  // namespace

Result<CheckpointHeader> read_header(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  SKIFF_TRY(open_container(bytes, r));
  CheckpointHeader h = read_fields(r);
  if (!r.ok()) return Error{"checkpoint file corrupted: its header is cut short"};
  return h;
}

Status restore(std::span<const uint8_t> bytes, rt::Instance& inst, wasi::WasiCtx* wasi,
               interp::FrameState& fs, CheckpointHeader* header) {
  Reader r(bytes);
  SKIFF_TRY(open_container(bytes, r));
  CheckpointHeader h = read_fields(r);
  auto bad = [](const std::string& what) { return Error{"checkpoint file corrupted: " + what}; };
  if (!r.ok()) return bad("its header is cut short");
  if (!inst.module) return Error{"checkpoint: not a module instance"};
  if (h.module_hash != module_hash(*inst.module))
    return Error{"checkpoint was taken with another module (module hash differs)"};
  fs = interp::FrameState{};
  fs.variant = h.variant;
  for (uint64_t n = r.count(20); n--;) {
    interp::SavedFrame f;
    f.func_index = r.u32();
    f.pc = r.u32();
    f.fp = r.u32();
    f.code_hash = r.u64();
    fs.frames.push_back(f);
  }
  auto stack = r.bytes();
  fs.stack.assign(stack.begin(), stack.end());
  if (!r.ok()) return bad("frames cut short");
  // Globals.
  if (r.u64() != inst.globals.size()) return bad("global count differs from the module's");
  for (rt::Global* g : inst.globals) {
    rt::Cell cell;
    r.raw(cell.bytes, 16);
    if (!r.ok()) return bad("globals cut short");
    if (!g->type.mut) continue;  // immutable: the instance has the same value
    if (g->type.type.is_ref()) {
      uint32_t e;
      std::memcpy(&e, cell.bytes, 4);
      if (e > inst.funcs.size()) return bad("a global names no function");
      rt::Ref ref = e ? rt::Ref::from_func(inst.funcs[e - 1]) : rt::Ref::null();
      std::memset(cell.bytes, 0, 16);
      std::memcpy(cell.bytes, &ref, sizeof ref);
    }
    g->cell = cell;
  }
  // Tables.
  if (r.u64() != inst.tables.size()) return bad("table count differs from the module's");
  for (rt::Table* t : inst.tables) {
    const uint64_t n = r.count(4);
    if (!r.ok()) return bad("tables cut short");
    if (n > t->size() && t->grow(n - t->size(), rt::Ref::null()) < 0)
      return Error{"checkpoint: cannot grow a table to " + std::to_string(n) + " elements"};
    if (n != t->size()) return bad("a table is smaller than at instantiation");
    for (uint64_t i = 0; i < n; ++i) {
      uint32_t e = r.u32();
      if (e > inst.funcs.size()) return bad("a table element names no function");
      t->data()[i] = e ? rt::Ref::from_func(inst.funcs[e - 1]) : rt::Ref::null();
    }
  }
  // Segments.
  if (r.u64() != inst.elems.size()) return bad("element segment count differs");
  for (rt::ElemInstance& e : inst.elems)
    if (r.u8() && !e.dropped) e.drop();
  if (r.u64() != inst.datas.size()) return bad("data segment count differs");
  for (rt::DataInstance& d : inst.datas)
    if (r.u8() && !d.dropped) d.drop();
  // Memories.
  if (r.u64() != inst.memories.size()) return bad("memory count differs from the module's");
  for (rt::Memory* m : inst.memories) {
    const uint64_t size = r.u64();
    if (!r.ok()) return bad("memories cut short");
    if (size < m->size_bytes()) return bad("a memory is smaller than at instantiation");
    std::memset(m->data(), 0, size_t(m->size_bytes()));
    const uint64_t page = uint64_t(1) << m->page_size_log2();
    if (size % page) return bad("a memory size is not a whole number of pages");
    if (size > m->size_bytes() && m->grow((size - m->size_bytes()) / page) < 0)
      return Error{"checkpoint: cannot grow memory to " + std::to_string(size) + " bytes"};
    for (uint64_t runs = r.count(16); runs--;) {
      const uint64_t off = r.u64();
      auto data = r.bytes();
      if (!r.ok() || off > size || data.size() > size - off) return bad("memory contents out of range");
      std::memcpy(m->data() + off, data.data(), data.size());
    }
  }
  if (!r.ok()) return bad("memories cut short");
  if (h.wasi) {
    if (!wasi) return Error{"checkpoint: the program used WASI but this store has none"};
    SKIFF_TRY(wasi::restore_wasi_fds(*wasi, *h.wasi));
  }
  if (header) *header = std::move(h);
  return {};
}

}  // namespace skiff::snapshot
