// verify_code(): the translated-code verifier (see verify.h for what it checks).
#include "interp/verify.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace skiff::interp {

namespace {

std::atomic<uint64_t> g_verified{0};

// Handler address -> op, sorted by address (built once per handler table).
struct OpIndex {
  const void* const* handlers = nullptr;
  std::vector<std::pair<const void*, unsigned>> by_addr;
  explicit OpIndex(const void* const* h) : handlers(h) {
    for (unsigned i = 0; i < unsigned(IOp::Count_); ++i) by_addr.emplace_back(h[i], i);
    std::sort(by_addr.begin(), by_addr.end());
  }
  bool find(const void* h, unsigned& op) const {
    auto it = std::lower_bound(by_addr.begin(), by_addr.end(), std::make_pair(h, 0u));
    if (it == by_addr.end() || it->first != h) return false;
    op = it->second;
    return true;
  }
};

const OpIndex& op_index(const void* const* handlers) {
  static const OpIndex index(handlers);
  if (index.handlers == handlers) return index;
  // Another table (never in practice: there is one dispatch loop per process).
  thread_local std::unique_ptr<OpIndex> other;
  if (!other || other->handlers != handlers) other = std::make_unique<OpIndex>(handlers);
  return *other;
}

uint32_t read32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

uint32_t value_bytes(const std::vector<ir::ValType>& types) {
  uint32_t n = 0;
  for (const ir::ValType& t : types) n += slot_bytes(t);
  return n;
}

bool is_terminator(IOp op) {
  switch (op) {
    case IOp::Br: case IOp::BrTable: case IOp::Return: case IOp::Unreachable:
    case IOp::Exit: case IOp::Throw: case IOp::ThrowRef: case IOp::Rethrow:
    case IOp::ReturnCall: case IOp::ReturnCallIndirect: case IOp::ReturnCallRef:
    case IOp::I32AddIBr: case IOp::I64AddIBr: case IOp::Unsupported:
      return true;
    default:
      return false;
  }
}

class Verifier {
 public:
  Verifier(const Code& c, const rt::CompiledModule& cm, const OpIndex& ops)
      : c_(c), m_(cm.module), ops_(ops), size_(c.size_bytes()) {}

  Status run() {
    if (size_ == 0) return fail(0, "empty code");
    starts_.assign(size_ / 8 + 1, false);
    SKIFF_TRY(walk());
    SKIFF_TRY(check_targets());
    SKIFF_TRY(check_regions());
    return {};
  }

 private:
  Error fail(uint32_t at, const std::string& what) const {
    return make_error("internal error: the translated code of function " +
                      std::to_string(c_.func_index) + " fails verification at @" +
                      std::to_string(at) + ": " + what);
  }
  bool is_start(uint32_t at) const {
    return at % 8 == 0 && at < size_ && starts_[at / 8];
  }

  Status slot(uint32_t at, uint32_t i, uint32_t v, uint32_t bytes) {
    if (v % 8 != 0 || uint64_t(v) + bytes > c_.frame_bytes)
      return fail(at, "field " + std::to_string(i) + " names slot " + std::to_string(v) +
                          " (" + std::to_string(bytes) + " bytes) outside the " +
                          std::to_string(c_.frame_bytes) + "-byte frame");
    return {};
  }
  Status index(uint32_t at, uint32_t i, uint32_t v, uint32_t count, const char* what) {
    if (v >= count)
      return fail(at, "field " + std::to_string(i) + ": " + what + " index " + std::to_string(v) +
                          " out of range (" + std::to_string(count) + ")");
    return {};
  }

  Status field(IOp op, uint32_t at, uint32_t i, char kind, uint32_t v) {
    switch (kind) {
      case 's': case 'w': case 'h': return slot(at, i, v, 8);
      case 'v': return slot(at, i, v, 16);
      case 'a': return slot(at, i, v, 0);
      case 't': targets_.emplace_back(at, int64_t(at) + int32_t(v)); return {};
      case 'f': {
        SKIFF_TRY(index(at, i, v, m_.num_funcs(), "function"));
        if (op == IOp::Call) call_callee_ = v;
        return {};
      }
      case 'g': return index(at, i, v, m_.num_globals(), "global");
      case 'T': return index(at, i, v, m_.num_tables(), "table");
      case 'm': return index(at, i, v, m_.num_memories(), "memory");
      case 'd': return index(at, i, v, uint32_t(m_.datas.size()), "data segment");
      case 'e': return index(at, i, v, uint32_t(m_.elems.size()), "element segment");
      case 'G': return index(at, i, v, m_.num_tags(), "tag");
      case 'i': case 'y': case 'n': return {};
      default: return fail(at, std::string("unknown layout letter '") + kind + "'");
    }
  }

  Status walk() {
    const uint8_t* base = c_.begin();
    uint32_t at = 0;
    IOp last = IOp::Count_;
    while (at < size_) {
      if (size_ - at < kOpHeader) return fail(at, "truncated instruction header");
      const void* h;
      std::memcpy(&h, base + at, 8);
      unsigned o;
      if (!ops_.find(h, o)) return fail(at, "not a handler address");
      const IOp op = IOp(o);
      const IOpInfo& info = kOpInfo[o];
      if (std::strlen(info.layout) != info.fields) return fail(at, "layout/field count mismatch");
      uint32_t fields = info.fields;
      if (op == IOp::BrTable) {
        if (size_ - at < kOpHeader + 8) return fail(at, "truncated br_table");
        uint32_t n = read32(base + at + kOpHeader + 4);
        if (n > (size_ - at) / 4) return fail(at, "br_table longer than the code");
        fields = 2 + n + 1;
      }
      const uint32_t bytes = instr_bytes(fields);
      if (bytes > size_ - at) return fail(at, std::string(info.text) + " runs past the end");
      if (at == 0) {
        if (op != IOp::Enter) return fail(at, "the code does not start with enter");
        const uint32_t fb = read32(base + kOpHeader), po = read32(base + kOpHeader + 4),
                       lb = read32(base + kOpHeader + 8);
        if (fb != c_.frame_bytes || po != c_.param_bytes || uint64_t(po) + lb > c_.frame_bytes ||
            c_.locals_end > c_.frame_bytes || c_.param_bytes > c_.locals_end)
          return fail(at, "enter disagrees with the frame layout");
      } else if (op == IOp::Enter) {
        return fail(at, "enter inside the body");
      }
      starts_[at / 8] = true;
      call_callee_ = ~0u;
      for (uint32_t i = 0; i < fields; ++i) {
        const uint32_t v = read32(base + at + kOpHeader + 4 * i);
        const char kind = op == IOp::BrTable && i >= 2 ? 't' : info.layout[i];
        SKIFF_TRY(field(op, at, i, kind, v));
      }
      if (op == IOp::Call && call_callee_ != ~0u) {
        // The callee's frame starts at the arguments; they and the results it
        // leaves there belong to this frame.
        const ir::FuncType& ft = m_.func_type(m_.func_type_index(call_callee_));
        const uint32_t args = read32(base + at + kOpHeader + 4);
        const uint32_t need = std::max(value_bytes(ft.params), value_bytes(ft.results));
        if (uint64_t(args) + need > c_.frame_bytes)
          return fail(at, "call arguments/results outside the frame");
      }
      last = op;
      at += bytes;
    }
    if (!is_terminator(last))
      return fail(size_ - 8, std::string("the code ends with ") + kOpInfo[unsigned(last)].text +
                                 ", which falls through");
    return {};
  }

  Status check_targets() {
    const uint32_t body = instr_bytes(kOpInfo[unsigned(IOp::Enter)].fields);
    for (auto [at, target] : targets_) {
      if (target < body || target >= int64_t(size_) || !is_start(uint32_t(target)))
        return fail(at, "branch target @" + std::to_string(target) +
                            " is not the start of an instruction");
    }
    return {};
  }

  Status check_regions() {
    const uint32_t body = instr_bytes(kOpInfo[unsigned(IOp::Enter)].fields);
    const int32_t n = int32_t(c_.regions.size());
    auto boundary = [&](uint32_t p) { return p == size_ || (p >= body && is_start(p)); };
    for (int32_t r = 0; r < n; ++r) {
      const Region& g = c_.regions[size_t(r)];
      if (g.begin > g.end || !boundary(g.begin) || !boundary(g.end))
        return fail(g.begin, "region " + std::to_string(r) + " [@" + std::to_string(g.begin) +
                                 ", @" + std::to_string(g.end) + ") is not on instruction boundaries");
      if (g.parent < -1 || g.parent >= r)
        return fail(g.begin, "region " + std::to_string(r) + " has a bad parent");
      if (g.delegate && (g.delegate_to < -1 || g.delegate_to >= r))
        return fail(g.begin, "region " + std::to_string(r) + " delegates to a bad region");
      for (const CatchInfo& ci : g.catches) {
        if (ci.target < body || !is_start(ci.target))
          return fail(g.begin, "catch target @" + std::to_string(ci.target) +
                                   " is not the start of an instruction");
        uint32_t payload = 0;
        if (ci.kind == CatchInfo::Tag || ci.kind == CatchInfo::TagRef) {
          SKIFF_TRY(index(g.begin, 0, ci.tag, m_.num_tags(), "catch tag"));
          payload = value_bytes(m_.func_type(m_.tag_type(ci.tag).type_index).params);
        }
        if (ci.kind == CatchInfo::TagRef || ci.kind == CatchInfo::AllRef) payload += 8;
        if (payload && (ci.dst % 8 != 0 || uint64_t(ci.dst) + payload > c_.frame_bytes))
          return fail(g.begin, "catch payload slots outside the frame");
        if (ci.exn_slot != ~0u) SKIFF_TRY(slot(g.begin, 0, ci.exn_slot, 8));
      }
    }
    return {};
  }

  const Code& c_;
  const ir::Module& m_;
  const OpIndex& ops_;
  const uint32_t size_;
  std::vector<bool> starts_;
  std::vector<std::pair<uint32_t, int64_t>> targets_;  // (instruction, target)
  uint32_t call_callee_ = ~0u;
};

}  // namespace

Status verify_code(const Code& code, const rt::CompiledModule& cm, const void* const* handlers) {
  const ir::Module& m = cm.module;
  if (code.func_index < m.num_imported_funcs || code.func_index >= m.num_funcs())
    return make_error("internal error: translated code names no defined function");
  Verifier v(code, cm, op_index(handlers));
  SKIFF_TRY(v.run());
  g_verified.fetch_add(1, std::memory_order_relaxed);
  return {};
}

bool verify_by_default() {
#ifndef NDEBUG
  return true;
#else
  static const bool on = [] {
    const char* e = std::getenv("SKIFF_VERIFY_CODE");
    return e && *e && std::strcmp(e, "0") != 0;
  }();
  return on;
#endif
}

uint64_t verified_function_count() { return g_verified.load(std::memory_order_relaxed); }

}  // namespace skiff::interp
