// Decoder: the code section, constant expressions, and the structural walk of
// instruction sequences.
//
// The walk decodes each instruction with ir::read_instr (so unknown opcodes and
// bad immediates are caught here, with the spec's "illegal opcode .." wording) and
// tracks only the nesting of blocks, on an explicit stack (no recursion on input
// depth): block/loop/if/try/try_table open a frame; else/catch/catch_all/delegate
// must stand in a frame that admits them; `end` closes one. The expression ends
// with the `end` that closes its outermost frame. Typing is left to the validator.
//
// A function body is read like a section (decoder_internal.h): on past its declared
// size if need be, then its end is compared with the size ("section size mismatch").
#include "binary/decoder_internal.h"

#include <optional>
#include <vector>

#include "ir/instr_fast.h"
#include "support/parallel.h"

namespace skiff::binary::detail {

namespace {

enum Frame : uint8_t {
  kBlock,       // block, loop, try_table, and the function/expression itself
  kIf,          // if, before else
  kElse,        // if, after else
  kTry,         // legacy try, before any handler
  kTryCatch,    // legacy try, after catch
  kTryCatchAll  // legacy try, after catch_all
};

// Skips one LEB128 of at most 9 bytes (no value can overflow 63 bits there, and a
// u32/s32 of 5 bytes or more is left to read_instr, which checks its top bits).
// `max` is 4 for 32-bit immediates, 9 for 64-bit ones; 0 = leave it to read_instr.
inline size_t leb_len(const uint8_t* p, size_t left, size_t max) {
  size_t n = left < max ? left : max;
  for (size_t i = 0; i < n; ++i)
    if (!(p[i] & 0x80)) return i + 1;
  return 0;
}

// The length of the instruction at p when the fast path can skip it (its opcode is
// then p[0]), else 0. Only encodings that read_instr accepts with the same length.
inline size_t simple_len(const uint8_t* p, size_t left) {
  // The immediate kind of a one-byte opcode, from ir::read_instr_fast's table: 0 (not
  // initialised yet), prefixed and illegal bytes are left to read_instr.
  const uint8_t k = ir::fast_detail::kByteImm[p[0]];
  if (uint8_t(k - 1) >= uint8_t(ir::fast_detail::kPrefixed - 1)) return 0;
  switch (ir::ImmKind(k - 1)) {
    case ir::ImmKind::None:
      return 1;
    case ir::ImmKind::Label: case ir::ImmKind::Func: case ir::ImmKind::Type:
    case ir::ImmKind::Local: case ir::ImmKind::Global: case ir::ImmKind::Table:
    case ir::ImmKind::Tag: case ir::ImmKind::I32: case ir::ImmKind::I64: {
      // i64.const's LEB may take up to 9 bytes here; the others up to 4.
      size_t n = leb_len(p + 1, left - 1, p[0] == 0x42 ? 9 : 4);
      return n ? 1 + n : 0;
    }
    case ir::ImmKind::CallIndirect: {
      size_t n1 = leb_len(p + 1, left - 1, 4);
      if (!n1) return 0;
      size_t n2 = leb_len(p + 1 + n1, left - 1 - n1, 4);
      return n2 ? 1 + n1 + n2 : 0;
    }
    case ir::ImmKind::MemArg: {
      // Alignment flags in one byte without a memory index; offset up to 9 bytes.
      if (left < 3 || p[1] >= 0x40) return 0;
      size_t n = leb_len(p + 2, left - 2, 9);
      return n ? 2 + n : 0;
    }
    case ir::ImmKind::F32:
      return left >= 5 ? 5 : 0;
    case ir::ImmKind::F64:
      return left >= 9 ? 9 : 0;
    case ir::ImmKind::BlockType:
      // Empty, or a numeric value type.
      if (left < 2 || !(p[1] == 0x40 || (p[1] >= 0x7B && p[1] <= 0x7F))) return 0;
      return 2;
    default:
      return 0;
  }
}

// Walks instructions until the `end` closing the outermost frame. Most
// instructions are skipped by simple_len without being decoded; the rest go
// through ir::read_instr (the same errors as always).
Status walk(Reader& r, bool* uses_data) {
  // One stack per thread, kept from body to body (no allocation per function).
  thread_local std::vector<Frame> frames;
  frames.clear();
  frames.push_back(kBlock);
  ir::Instr in;
  // The fast path moves p; r follows only where read_instr or an error needs it.
  const uint8_t* const begin = r.pos();
  const uint8_t* const end = begin + r.remaining();
  const size_t base = r.offset();
  const uint8_t* p = begin;
  auto sync = [&] { r = Reader(p, size_t(end - p), base + size_t(p - begin)); };
  for (;;) {
    const size_t at = base + size_t(p - begin);
    ir::Op op = ir::Op::Nop;
    if (size_t len = p != end ? simple_len(p, size_t(end - p)) : 0) {
      (void)ir::op_from_byte(p[0], &op);
      p += len;
    } else {
      sync();
      SKIFF_TRY(ir::read_instr(r, &in));
      op = in.op;
      p = r.pos();
      // Only prefixed instructions name a data segment (never the fast path's).
      if (uses_data_index(op)) *uses_data = true;
    }
    Frame& top = frames.back();
    switch (op) {
      case ir::Op::Block:
      case ir::Op::Loop:
      case ir::Op::TryTable:
        frames.push_back(kBlock);
        break;
      case ir::Op::If:
        frames.push_back(kIf);
        break;
      case ir::Op::Try:
        frames.push_back(kTry);
        break;
      case ir::Op::Else:
        if (top != kIf) return sync(), r.error_at(at, "END opcode expected");
        top = kElse;
        break;
      case ir::Op::Catch:
        if (top != kTry && top != kTryCatch) return sync(), r.error_at(at, "END opcode expected");
        top = kTryCatch;
        break;
      case ir::Op::CatchAll:
        if (top != kTry && top != kTryCatch) return sync(), r.error_at(at, "END opcode expected");
        top = kTryCatchAll;
        break;
      case ir::Op::Delegate:
        if (top != kTry) return sync(), r.error_at(at, "END opcode expected");
        frames.pop_back();
        if (frames.empty()) return sync(), Status{};
        break;
      case ir::Op::End:
        frames.pop_back();
        if (frames.empty()) return sync(), Status{};
        break;
      default:
        break;
    }
  }
}

Status read_locals(Reader& r, const Ctx& c, std::vector<ir::LocalRun>* out) {
  size_t at = r.offset();
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  out->reserve(capped(n, r, 2));
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    ir::LocalRun run;
    SKIFF_BIN_ASSIGN(run.count, r.u32());
    SKIFF_BIN_ASSIGN(run.type, ir::read_val_type(r));
    total += run.count;
    out->push_back(run);
  }
  if (total > 0xFFFFFFFFull) return r.error_at(at, "too many locals");
  return {};
}

Status read_body(Reader& r, const Ctx& c, size_t end, ir::Function* f, bool* uses_data) {
  const size_t entry = r.offset();
  SKIFF_TRY(read_locals(r, c, &f->locals));
  size_t start = r.offset();
  const uint8_t* p = r.pos();
  SKIFF_TRY(walk(r, uses_data));
  if (r.offset() != end) return r.error_at(start, "section size mismatch");
  f->body.bytes.assign(p, r.pos());
  f->body.offset = int64_t(start);
  f->body.entry_offset = int64_t(entry);
  return {};
}

}  // namespace

bool uses_data_index(ir::Op op) {
  switch (ir::op_info(op).imm) {
    case ir::ImmKind::MemoryInit:
    case ir::ImmKind::Data:
    case ir::ImmKind::TypeData:
      return true;
    default:
      return false;
  }
}

Result<ir::Expr> read_const_expr(Reader& r, Ctx&) {
  size_t start = r.offset();
  const uint8_t* p = r.pos();
  bool uses_data = false;  // constant expressions cannot use data; the validator says so
  SKIFF_TRY(walk(r, &uses_data));
  ir::Expr e;
  e.bytes.assign(p, r.pos());
  e.offset = int64_t(start);
  return e;
}

// Two passes: the body sizes first (serially, a few bytes each), then the bodies,
// which are independent, on several threads for a large section (c.threads). The
// first error is the one a single pass would meet: the lowest body's, or else a bad
// size after the bodies before it.
Status decode_code_section(Reader& r, Ctx& c) {
  uint32_t n;
  SKIFF_BIN_ASSIGN(n, read_len(r, c));
  struct Span {
    size_t start, end;
  };
  std::vector<Span> spans;
  spans.reserve(capped(n, r, 2));
  std::optional<Error> bad_size;
  const size_t section_start = r.offset();
  // The sizes lie a body apart (hundreds of bytes): each read missed the cache
  // (~160 ns a body, 16 ms for 100,000). Stream the section in ahead of them.
  const uint8_t* ahead = r.pos();
  const uint8_t* const input_end = r.pos() + r.remaining();
  for (uint32_t i = 0; i < n; ++i) {
    for (const uint8_t* want = r.pos() + 4096; ahead < want && ahead < input_end; ahead += 64)
      __builtin_prefetch(ahead);
    Result<uint32_t> size = read_len(r, c);
    if (!size.ok()) {
      bad_size = std::move(size).error();
      break;
    }
    size_t start = r.offset(), end = start + *size;
    spans.push_back({start, end});
    // read_len bounds the size by what is left from its own first byte, so `end`
    // may still lie past the input by the LEB's length. Such a body cannot be read
    // (its reader stops at the input's end, short of `end`): it fails in pass 2,
    // as in a single pass, and nothing after it is looked at.
    if (end > c.size) {
      bad_size = r.error("unexpected end");  // reported only if that body somehow did not fail
      break;
    }
    r = c.from(end);
  }
  std::vector<ir::Function> bodies(spans.size());
  std::vector<uint8_t> uses_data(spans.size(), 0);
  unsigned threads = pick_threads(c.threads, r.offset() - section_start);
  SKIFF_TRY(parallel_for(spans.size(), threads, c.chunk, [&](size_t i) -> Status {
    Reader br = c.from(spans[i].start);
    bool uses = false;
    Status s = read_body(br, c, spans[i].end, &bodies[i], &uses);
    if (!s.ok()) {
      Error e = std::move(s).error();
      e.func_index = int64_t(c.m.num_imported_funcs) + int64_t(i);
      return e;
    }
    uses_data[i] = uses;
    return {};
  }));
  if (bad_size) return std::move(*bad_size);
  for (uint8_t u : uses_data) c.uses_data_index |= u != 0;
  c.bodies = std::move(bodies);
  return {};
}

}  // namespace skiff::binary::detail
