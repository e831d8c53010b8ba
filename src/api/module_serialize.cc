// Module::serialize / deserialize.
//
// Layout (little-endian):
//   "SKIFFMOD" | u32 format version | u64 code_format_id() | u64 wasm size | wasm
//   | u64 function count | (i64 entry offset, i64 body offset) per defined function
//   | u64 code size | code (interp::serialize_code_cache)
//   | u64 machine code size | machine code (version 3: a .skc without its wasm,
//     compiler/skc_format.h; size 0 when the engine runs tier 0 only)
//   | u64 FNV-1a of all before
// The offsets are the function bodies' places in the original binary (-1 for text
// modules): a deserialized module's trap frames point at the same bytes as the
// original's (version 2; version 1 had neither them nor the code's source maps).
// The wasm is the module re-encoded; deserialize decodes it without validating
// again (the checksum and build identity stand for "this came from serialize()").
// With Config::tier 1 or auto, serialize() compiles the module with tier 1 (the
// memory-0 variant of the engine's guard_pages) and deserialize() registers that
// code (compiler/aot.h), so stores run it without loading the compiler; code the
// machine cannot run (another CPU) is dropped and compiled again when needed.
#include <cstring>

#include "api/api_impl.h"
#include "binary/decoder.h"
#include "binary/encoder.h"
#include "compiler/aot.h"
#include "compiler/skc_format.h"
#include "interp/code_cache.h"
#include "skiff/module.h"

namespace skiff {

namespace {

constexpr char kMagic[8] = {'S', 'K', 'I', 'F', 'F', 'M', 'O', 'D'};
constexpr uint32_t kVersion = 3;  // 2: no machine code section

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

template <class T>
void put(std::vector<uint8_t>& out, T v) {
  const size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &v, sizeof(T));
}

template <class T>
bool get(std::span<const uint8_t> in, size_t& pos, T& v) {
  if (in.size() - pos < sizeof(T)) return false;
  std::memcpy(&v, in.data() + pos, sizeof(T));
  pos += sizeof(T);
  return true;
}

}  // namespace

Result<std::vector<uint8_t>> Module::serialize() const {
  const rt::CompiledModule& cm = *impl_->cm;
  // The variants a store of this engine runs (deterministic engines: canonical NaNs).
  const bool det = impl_->engine && impl_->engine->config.deterministic;
  interp::TranslateOptions plain;
  plain.canon_nans = det;
  SKIFF_TRY(interp::precompile(cm, plain));
  if (cm.module.num_memories() > 0) {
    interp::TranslateOptions guarded;
    guarded.mem0_guarded = true;
    guarded.canon_nans = det;
    SKIFF_TRY(interp::precompile(cm, guarded));
  }
  std::vector<uint8_t> out(kMagic, kMagic + 8);
  put(out, kVersion);
  put(out, interp::code_format_id());
  std::vector<uint8_t> wasm = binary::encode(cm.module);
  put(out, uint64_t(wasm.size()));
  out.insert(out.end(), wasm.begin(), wasm.end());
  put(out, uint64_t(cm.module.funcs.size()));
  for (const ir::Function& f : cm.module.funcs) {
    put(out, int64_t(f.body.entry_offset));
    put(out, int64_t(f.body.offset));
  }
  std::vector<uint8_t> code;
  interp::serialize_code_cache(cm, code);
  put(out, uint64_t(code.size()));
  out.insert(out.end(), code.begin(), code.end());
  std::vector<uint8_t> machine;
  if (impl_->engine && impl_->engine->config.tier != Tier::Interpreter && !det) {
    auto mc = compiler::compile_ahead_of_time(cm, impl_->engine->config.guard_pages);
    if (!mc.ok()) return std::move(mc).error();
    machine = compiler::write_skc({}, *mc);
  }
  put(out, uint64_t(machine.size()));
  out.insert(out.end(), machine.begin(), machine.end());
  put(out, fnv1a(out.data(), out.size()));
  return out;
}

Result<Module> Module::deserialize(const Engine& engine, std::span<const uint8_t> bytes) {
  auto bad = [](const std::string& why) { return Error{"cannot deserialize module: " + why}; };
  if (bytes.size() < 8 + 4 + 8 + 8 + 8 + 8 || std::memcmp(bytes.data(), kMagic, 8) != 0)
    return bad("not a serialized Skiff module");
  uint64_t sum;
  std::memcpy(&sum, bytes.data() + bytes.size() - 8, 8);
  if (fnv1a(bytes.data(), bytes.size() - 8) != sum) return bad("checksum mismatch (corrupt data)");
  size_t pos = 8;
  uint32_t version;
  uint64_t format, wasm_size, code_size;
  std::span<const uint8_t> body = bytes.first(bytes.size() - 8);
  if (!get(body, pos, version) || (version != kVersion && version != 2))
    return bad("unsupported format version");
  if (!get(body, pos, format) || format != interp::code_format_id())
    return bad("made by a different Skiff build");
  if (!get(body, pos, wasm_size) || wasm_size > body.size() - pos) return bad("truncated module");
  std::span<const uint8_t> wasm = body.subspan(pos, size_t(wasm_size));
  pos += size_t(wasm_size);
  uint64_t nfuncs;
  if (!get(body, pos, nfuncs) || nfuncs > (body.size() - pos) / 16) return bad("truncated offsets");
  std::vector<std::pair<int64_t, int64_t>> offsets(static_cast<size_t>(nfuncs));
  for (auto& [entry, start] : offsets) {
    if (!get(body, pos, entry) || !get(body, pos, start)) return bad("truncated offsets");
  }
  if (!get(body, pos, code_size) || code_size > body.size() - pos) return bad("truncated code");
  std::span<const uint8_t> code = body.subspan(pos, size_t(code_size));
  pos += size_t(code_size);
  std::span<const uint8_t> machine;
  if (version >= 3) {
    uint64_t machine_size;
    if (!get(body, pos, machine_size) || machine_size != body.size() - pos) return bad("truncated machine code");
    machine = body.subspan(pos);
  } else if (pos != body.size()) {
    return bad("truncated code");
  }
  auto m = binary::decode(wasm.data(), wasm.size());
  if (!m.ok()) return bad(m.error().to_string());
  if (m->funcs.size() != offsets.size()) return bad("function count mismatch");
  for (size_t i = 0; i < offsets.size(); ++i) {
    m->funcs[i].body.entry_offset = offsets[i].first;
    m->funcs[i].body.offset = offsets[i].second;
  }
  auto impl = std::make_shared<detail::ModuleImpl>();
  impl->engine = engine.impl();
  impl->cm = rt::CompiledModule::from_validated(std::move(*m));
  if (Status s = interp::deserialize_code_cache(*impl->cm, code); !s.ok())
    return bad(s.error().message);
  if (!machine.empty()) {
    // Refused code (another CPU or build) is left out: compiled again when needed.
    if (auto f = compiler::read_skc(machine); f.ok())
      (void)compiler::register_aot_code(impl->cm, std::make_shared<const compiler::SkcCode>(std::move(f->code)));
  }
  return Module(std::move(impl));
}

}  // namespace skiff
