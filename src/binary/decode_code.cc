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

// Walks instructions until the `end` closing the outermost frame.
Status walk(Reader& r, bool* uses_data) {
  std::vector<Frame> frames;
  frames.push_back(kBlock);
  ir::Instr in;
  for (;;) {
    size_t at = r.offset();
    SKIFF_TRY(ir::read_instr(r, &in));
    Frame& top = frames.back();
    switch (in.op) {
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
        if (top != kIf) return r.error_at(at, "END opcode expected");
        top = kElse;
        break;
      case ir::Op::Catch:
        if (top != kTry && top != kTryCatch) return r.error_at(at, "END opcode expected");
        top = kTryCatch;
        break;
      case ir::Op::CatchAll:
        if (top != kTry && top != kTryCatch) return r.error_at(at, "END opcode expected");
        top = kTryCatchAll;
        break;
      case ir::Op::Delegate:
        if (top != kTry) return r.error_at(at, "END opcode expected");
        frames.pop_back();
        if (frames.empty()) return {};
        break;
      case ir::Op::End:
        frames.pop_back();
        if (frames.empty()) return {};
        break;
      default:
        if (uses_data_index(in.op)) *uses_data = true;
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
  for (uint32_t i = 0; i < n; ++i) {
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
  SKIFF_TRY(parallel_for(spans.size(), threads, 64, [&](size_t i) -> Status {
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
