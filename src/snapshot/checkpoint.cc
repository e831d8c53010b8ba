// Checkpoint files: writing and reading (format and rules: checkpoint.h).
#include "snapshot/checkpoint.h"

#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "binary/encoder.h"
#include "interp/code_cache.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "snapshot/checkpoint_gc.h"
#include "snapshot/checkpoint_io.h"

namespace skiff::snapshot {

using ckio::fnv;
using ckio::Reader;
using ckio::Writer;

namespace {

constexpr char kMagic[8] = {'S', 'K', 'I', 'F', 'F', 'C', 'K', 'P'};
constexpr uint32_t kFormat = 3;  // 2: WASI clock times; 3: references (GC heap, exceptions, frames)
constexpr uint64_t kChunk = 64 * 1024;

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
  w.u8(s.mem_stdin);
  w.u64(s.mem_stdin_pos);
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
  s.mem_stdin = r.u8() != 0;
  s.mem_stdin_pos = r.u64();
  return s;
}

}  // namespace

uint64_t module_hash(const rt::CompiledModule& m) {
  std::vector<uint8_t> bin = binary::encode(m.module);
  return fnv(bin.data(), bin.size());
}

Status checkpointable(const rt::CompiledModule&) {
  // Every module may be checkpointed since format 3 (GC objects, exceptions and
  // references in frames are saved); what cannot be saved is refused at the
  // checkpoint itself (frame_stack_refs, RefSaver).
  return {};
}

namespace {

// Offsets (from the frame) and types of function `fi`'s reference-typed params and
// locals: the translator's layout (interp/translator.h: 8-byte slots, 16 for v128).
std::vector<std::pair<uint32_t, ir::ValType>> ref_locals(const ir::Module& m, uint32_t fi) {
  std::vector<std::pair<uint32_t, ir::ValType>> out;
  if (fi < m.num_imported_funcs || fi >= m.num_funcs()) return out;
  const ir::Function& f = m.funcs[fi - m.num_imported_funcs];
  if (f.type_index >= m.types.size()) return out;
  uint32_t off = 0;
  auto add = [&](const ir::ValType& t) {
    if (t.is_ref()) out.emplace_back(off, t);
    off += t.kind == ir::ValKind::V128 ? 16 : 8;
  };
  for (const ir::ValType& t : m.types[f.type_index].comp.func.params) add(t);
  for (const ir::LocalRun& l : f.locals)
    for (uint32_t i = 0; i < l.count && out.size() < (uint64_t(1) << 24); ++i) add(l.type);
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> write_checkpoint(const CheckpointSource& src) {
  if (!src.instance || !src.instance->module || !src.frames)
    return Error{"checkpoint: no stopped module instance"};
  const rt::Instance& inst = *src.instance;
  SKIFF_TRY(checkpointable(*inst.module));
  auto stack_refs = frame_stack_refs(*inst.module, *src.frames, false);
  if (!stack_refs) return std::move(stack_refs).error();
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
  const ir::Module& mod = inst.module->module;
  // The references (frames' locals, globals, tables, element segments) go into
  // `body` as words (checkpoint_gc.h); the objects and exceptions they reach are
  // written before it, so a reader has them before it meets a word.
  RefSaver refs(inst);
  Writer body;
  w.u32(fs.variant);
  body.u64(fs.frames.size());
  std::vector<uint8_t> stack = fs.stack;
  std::unordered_set<uint64_t> done;  // stack offsets rewritten (each exactly once)
  auto save_ref = [&](uint64_t at, const ir::ValType& t, const std::string& what) -> Status {
    if (at + 8 > stack.size()) return Error{"checkpoint: " + what + " lies outside the saved stack"};
    if (!done.insert(at).second) return Error{"checkpoint: internal: " + what + " overlaps another reference slot"};
    rt::Ref r;
    std::memcpy(&r, stack.data() + at, sizeof r);
    uint64_t word;
    if (!refs.encode(r, t, what, word)) return Error{refs.error()};
    std::memcpy(stack.data() + at, &word, 8);
    return {};
  };
  for (size_t k = 0; k < fs.frames.size(); ++k) {
    const interp::SavedFrame& f = fs.frames[k];
    body.u32(f.func_index);
    body.u32(f.pc);
    body.u32(f.fp);
    body.u64(f.code_hash);
    const std::string fn = "function " + std::to_string(f.func_index);
    for (const auto& [off, t] : ref_locals(mod, f.func_index))
      SKIFF_TRY(save_ref(uint64_t(f.fp) + off, t, "a local of " + fn));
    for (const interp::RefSlot& rs : (*stack_refs)[k])
      SKIFF_TRY(save_ref(uint64_t(f.fp) + rs.slot, rs.type, "the operand stack of " + fn));
  }
  body.bytes(stack.data(), stack.size());
  body.u64(inst.globals.size());
  for (size_t i = 0; i < inst.globals.size(); ++i) {
    const rt::Global* g = inst.globals[i];
    rt::Cell cell = g->cell;
    if (g->type.type.is_ref()) {
      uint64_t word;
      if (!refs.encode(cell.ref, mod.global_type(uint32_t(i)).type, "global " + std::to_string(i), word))
        return Error{refs.error()};
      std::memset(cell.bytes, 0, sizeof cell.bytes);
      std::memcpy(cell.bytes, &word, 8);
    }
    body.raw(cell.bytes, 16);
  }
  body.u64(inst.tables.size());
  for (size_t t = 0; t < inst.tables.size(); ++t) {
    rt::Table* tab = inst.tables[t];
    const ir::ValType et = mod.table_type(uint32_t(t)).elem;
    body.u64(tab->size());
    for (uint64_t i = 0; i < tab->size(); ++i) {
      uint64_t word;
      if (!refs.encode(tab->data()[i], et,
                       "table " + std::to_string(t) + " element " + std::to_string(i), word))
        return Error{refs.error()};
      body.u64(word);
    }
  }
  body.u64(inst.elems.size());
  for (size_t i = 0; i < inst.elems.size(); ++i) {
    const rt::ElemInstance& e = inst.elems[i];
    body.u8(e.dropped);
    if (e.dropped) continue;
    const ir::ValType et = i < mod.elems.size() ? mod.elems[i].type : ir::funcref();
    body.u64(e.refs.size());
    for (rt::Ref r : e.refs) {
      uint64_t word;
      if (!refs.encode(r, et, "element segment " + std::to_string(i), word)) return Error{refs.error()};
      body.u64(word);
    }
  }
  body.u64(inst.datas.size());
  for (const rt::DataInstance& d : inst.datas) body.u8(d.dropped);
  SKIFF_TRY(refs.write_records(w));
  w.raw(body.out.data(), body.out.size());
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
  const ir::Module& mod = inst.module->module;
  RefLoader refs(inst);
  SKIFF_TRY(refs.read_records(r));
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
  // Where the frames' references are: by the types of their locals, and by the
  // stack maps of their code for the operand stack (which also checks each frame's
  // position and its chaining to its callee).
  auto stack_refs = frame_stack_refs(*inst.module, fs, true);
  if (!stack_refs) return std::move(stack_refs).error();
  std::vector<rt::Ref> frame_refs;
  std::unordered_set<uint64_t> done;
  auto load_ref = [&](uint64_t at, const ir::ValType& t, const char* what) -> Status {
    if (at + 8 > fs.stack.size()) return bad(std::string(what) + " lies outside the saved stack");
    if (!done.insert(at).second) return bad(std::string(what) + " overlaps another reference slot");
    uint64_t word;
    std::memcpy(&word, fs.stack.data() + at, 8);
    rt::Ref ref;
    if (!refs.decode(word, t, ref)) return bad(std::string(what) + " holds a reference that does not fit its type");
    std::memcpy(fs.stack.data() + at, &ref, sizeof ref);
    if (ref.is_object() && ref_kind(mod, t) == RefKind::Gc) frame_refs.push_back(ref);
    return {};
  };
  for (size_t k = 0; k < fs.frames.size(); ++k) {
    const interp::SavedFrame& f = fs.frames[k];
    for (const auto& [off, t] : ref_locals(mod, f.func_index))
      SKIFF_TRY(load_ref(uint64_t(f.fp) + off, t, "a frame's local"));
    for (const interp::RefSlot& rs : (*stack_refs)[k])
      SKIFF_TRY(load_ref(uint64_t(f.fp) + rs.slot, rs.type, "a frame's operand stack slot"));
  }
  // Globals.
  if (r.u64() != inst.globals.size()) return bad("global count differs from the module's");
  for (size_t i = 0; i < inst.globals.size(); ++i) {
    rt::Global* g = inst.globals[i];
    rt::Cell cell;
    r.raw(cell.bytes, 16);
    if (!r.ok()) return bad("globals cut short");
    if (g->type.type.is_ref()) {
      // Immutable ones too: an object must stay the one the tables and frames name.
      uint64_t word;
      std::memcpy(&word, cell.bytes, 8);
      rt::Ref ref;
      if (!refs.decode(word, mod.global_type(uint32_t(i)).type, ref))
        return bad("global " + std::to_string(i) + " holds a reference that does not fit its type");
      // Immutable: the same function; an imported one belongs to its exporter.
      if (!g->type.mut && (ref_kind(mod, g->type.type) == RefKind::Func || i < mod.num_imported_globals))
        continue;
      g->cell = rt::Cell{};
      g->cell.ref = ref;
      continue;
    }
    if (!g->type.mut) continue;  // immutable: the instance has the same value
    g->cell = cell;
  }
  // Tables.
  if (r.u64() != inst.tables.size()) return bad("table count differs from the module's");
  for (size_t ti = 0; ti < inst.tables.size(); ++ti) {
    rt::Table* t = inst.tables[ti];
    const ir::ValType et = mod.table_type(uint32_t(ti)).elem;
    const uint64_t n = r.count(8);
    if (!r.ok()) return bad("tables cut short");
    if (n > t->size() && t->grow(n - t->size(), rt::Ref::null()) < 0)
      return Error{"checkpoint: cannot grow a table to " + std::to_string(n) + " elements"};
    if (n != t->size()) return bad("a table is smaller than at instantiation");
    for (uint64_t i = 0; i < n; ++i) {
      rt::Ref ref;
      if (!refs.decode(r.u64(), et, ref)) return bad("a table element does not fit the table's type");
      t->data()[i] = ref;
    }
  }
  // Segments.
  if (r.u64() != inst.elems.size()) return bad("element segment count differs");
  for (size_t i = 0; i < inst.elems.size(); ++i) {
    rt::ElemInstance& e = inst.elems[i];
    if (r.u8()) {
      if (!e.dropped) e.drop();
      continue;
    }
    const ir::ValType et = i < mod.elems.size() ? mod.elems[i].type : ir::funcref();
    const uint64_t n = r.count(8);
    if (!r.ok() || n != e.refs.size()) return bad("an element segment's length differs");
    for (uint64_t k = 0; k < n; ++k) {
      rt::Ref ref;
      if (!refs.decode(r.u64(), et, ref)) return bad("an element segment entry does not fit its type");
      e.refs[size_t(k)] = ref;
    }
  }
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
  // Objects the frames name stay pinned (they are roots only once the frames run
  // on the executor's stack); the loader unpins the rest when it goes.
  for (rt::Ref ref : frame_refs)
    inst.store->heap().pin(ref);
  return {};
}

}  // namespace skiff::snapshot
