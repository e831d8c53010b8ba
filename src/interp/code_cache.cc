#include "interp/code_cache.h"

#include <cstring>
#include <unordered_map>

#include "interp/exec.h"
#include "interp/verify.h"

namespace skiff::interp {

namespace {

void deleter(void* c) { delete static_cast<Code*>(c); }

void put32(std::vector<uint8_t>& out, uint32_t v) {
  uint8_t b[4];
  std::memcpy(b, &v, 4);
  out.insert(out.end(), b, b + 4);
}

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  bool u32(uint32_t& v) {
    if (in_.size() - pos_ < 4) return false;
    std::memcpy(&v, in_.data() + pos_, 4);
    pos_ += 4;
    return true;
  }
  bool bytes(void* dst, size_t n) {
    if (in_.size() - pos_ < n) return false;
    std::memcpy(dst, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

// Field count of the instruction at `p` (br_table reads its length).
uint32_t fields_of(IOp op, const uint8_t* p) {
  if (op != IOp::BrTable) return kOpInfo[unsigned(op)].fields;
  uint32_t n;
  std::memcpy(&n, p + kOpHeader + 4, 4);
  return 2 + n + 1;
}

}  // namespace

Status precompile(const rt::CompiledModule& cm, const TranslateOptions& opts) {
  const uint32_t variant = code_variant(opts);
  const uint32_t first = cm.module.num_imported_funcs;
  for (uint32_t i = 0; i < cm.module.funcs.size(); ++i) {
    if (cm.code.get(variant, i)) continue;
    auto r = translate(cm, first + i, detail::handler_table(), opts);
    if (!r.ok()) return std::move(r).error();
    cm.code.publish(variant, i, r->release(), deleter);
  }
  return {};
}

uint64_t code_format_id() {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over every op's name and layout
  auto mix = [&](uint8_t b) { h = (h ^ b) * 1099511628211ull; };
  for (unsigned i = 0; i < unsigned(IOp::Count_); ++i) {
    for (const char* s = kOpInfo[i].text; *s; ++s) mix(uint8_t(*s));
    mix(0);
    for (const char* s = kOpInfo[i].layout; *s; ++s) mix(uint8_t(*s));
    mix(0);
  }
  mix(uint8_t(sizeof(void*)));
  return h;
}

void serialize_code_cache(const rt::CompiledModule& cm, std::vector<uint8_t>& out) {
  const void* const* handlers = detail::handler_table();
  std::unordered_map<const void*, uint32_t> op_of;
  for (uint32_t i = 0; i < uint32_t(IOp::Count_); ++i) op_of.emplace(handlers[i], i);
  const uint32_t n = uint32_t(cm.module.funcs.size());
  for (uint32_t v = 0; v < rt::CodeCache::kVariants; ++v) {
    for (uint32_t i = 0; i < n; ++i) {
      const Code* c = static_cast<const Code*>(cm.code.get(v, i));
      if (!c) continue;
      put32(out, v);
      put32(out, i);
      put32(out, c->frame_bytes);
      put32(out, c->param_bytes);
      put32(out, c->locals_end);
      put32(out, c->result_bytes);
      put32(out, c->func_index);
      put32(out, uint32_t(c->words.size()));
      std::vector<uint64_t> words = c->words;
      auto* p = reinterpret_cast<uint8_t*>(words.data());
      const uint8_t* end = p + words.size() * 8;
      while (p < end) {
        const void* h;
        std::memcpy(&h, p, 8);
        uint64_t op = op_of.at(h);
        std::memcpy(p, &op, 8);
        p += instr_bytes(fields_of(IOp(op), p));
      }
      const auto* wb = reinterpret_cast<const uint8_t*>(words.data());
      out.insert(out.end(), wb, wb + words.size() * 8);
      put32(out, uint32_t(c->regions.size()));
      for (const Region& g : c->regions) {
        put32(out, g.begin);
        put32(out, g.end);
        put32(out, uint32_t(g.parent));
        put32(out, g.delegate ? 1 : 0);
        put32(out, uint32_t(g.delegate_to));
        put32(out, uint32_t(g.catches.size()));
        for (const CatchInfo& ci : g.catches) {
          put32(out, ci.kind);
          put32(out, ci.tag);
          put32(out, ci.dst);
          put32(out, ci.target);
          put32(out, ci.exn_slot);
        }
      }
      put32(out, uint32_t(c->src_map.size()));
      out.insert(out.end(), c->src_map.begin(), c->src_map.end());
    }
  }
}

Status deserialize_code_cache(const rt::CompiledModule& cm, std::span<const uint8_t> in) {
  const void* const* handlers = detail::handler_table();
  const uint32_t n = uint32_t(cm.module.funcs.size());
  Reader r(in);
  auto bad = [](const char* what) { return make_error(std::string("corrupt serialized code: ") + what); };
  while (!r.done()) {
    uint32_t v, i, nwords;
    auto c = std::make_unique<Code>();
    if (!r.u32(v) || !r.u32(i) || !r.u32(c->frame_bytes) || !r.u32(c->param_bytes) ||
        !r.u32(c->locals_end) || !r.u32(c->result_bytes) || !r.u32(c->func_index) || !r.u32(nwords))
      return bad("truncated header");
    if (v >= rt::CodeCache::kVariants || i >= n || c->func_index != cm.module.num_imported_funcs + i)
      return bad("function out of range");
    if (nwords > (uint32_t(1) << 28)) return bad("code too large");
    c->words.resize(nwords);
    if (!r.bytes(c->words.data(), size_t(nwords) * 8)) return bad("truncated code");
    auto* base = reinterpret_cast<uint8_t*>(c->words.data());
    uint8_t* p = base;
    uint8_t* end = base + size_t(nwords) * 8;
    while (p < end) {
      uint64_t op;
      std::memcpy(&op, p, 8);
      if (op >= uint64_t(IOp::Count_)) return bad("unknown instruction");
      if (IOp(op) == IOp::BrTable && end - p < kOpHeader + 8) return bad("truncated br_table");
      uint32_t fields = fields_of(IOp(op), p);
      if (fields > uint32_t(end - p) / 4 || instr_bytes(fields) > size_t(end - p)) return bad("truncated instruction");
      const void* h = handlers[op];
      std::memcpy(p, &h, 8);
      p += instr_bytes(fields);
    }
    const uint32_t size = nwords * 8;
    uint32_t nreg;
    if (!r.u32(nreg) || nreg > size) return bad("regions");
    c->regions.resize(nreg);
    for (Region& g : c->regions) {
      uint32_t parent, delegate, delegate_to, ncatch;
      if (!r.u32(g.begin) || !r.u32(g.end) || !r.u32(parent) || !r.u32(delegate) || !r.u32(delegate_to) ||
          !r.u32(ncatch) || g.begin > g.end || g.end > size || ncatch > size)
        return bad("region");
      g.parent = int32_t(parent);
      g.delegate = delegate != 0;
      g.delegate_to = int32_t(delegate_to);
      if (g.parent < -1 || g.parent >= int32_t(nreg) || g.delegate_to < -1 || g.delegate_to >= int32_t(nreg))
        return bad("region link");
      g.catches.resize(ncatch);
      for (CatchInfo& ci : g.catches) {
        uint32_t kind;
        if (!r.u32(kind) || !r.u32(ci.tag) || !r.u32(ci.dst) || !r.u32(ci.target) || !r.u32(ci.exn_slot) ||
            kind > CatchInfo::AllRef || ci.target >= size)
          return bad("catch");
        ci.kind = CatchInfo::Kind(kind);
      }
    }
    uint32_t nmap;
    if (!r.u32(nmap) || nmap > size_t(size) * 10 + 10) return bad("source map size");
    c->src_map.resize(nmap);
    if (!r.bytes(c->src_map.data(), nmap) || !check_src_map(c->src_map, size)) return bad("source map");
    // The bytes claim to come from serialize(); the verifier holds them to what
    // any translation guarantees (targets, slots, indices) before they can run.
    if (Status ok = verify_code(*c, cm, handlers); !ok.ok())
      return bad(ok.error().message.c_str());
    cm.code.publish(v, i, c.release(), deleter);
  }
  return {};
}

}  // namespace skiff::interp
