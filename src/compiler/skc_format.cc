// Reading and writing .skc files (see skc_format.h for the layout).
#include "compiler/skc_format.h"

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#ifndef SKIFF_VERSION_STRING
#define SKIFF_VERSION_STRING "0.1.0"
#endif

namespace skiff::compiler {

namespace rt1 = rt::tier1;

namespace {

constexpr char kMagic[8] = {'S', 'K', 'I', 'F', 'F', 'S', 'K', 'C'};
constexpr size_t kChecksumAt = 112;

uint64_t fnv(const uint8_t* p, size_t n, uint64_t h = 0xcbf29ce484222325ull) {
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

void put32(std::vector<uint8_t>& o, size_t at, uint32_t v) { std::memcpy(o.data() + at, &v, 4); }
void put64(std::vector<uint8_t>& o, size_t at, uint64_t v) { std::memcpy(o.data() + at, &v, 8); }
uint32_t get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t get64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

}  // namespace

CpuFeatures host_cpu_features() {
  CpuFeatures f;
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    f.words[0] = c;
    f.words[1] = d;
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    f.words[2] = b;
    f.words[3] = c;
    f.words[4] = d;
  }
  if (__get_cpuid(0x80000001u, &a, &b, &c, &d)) {
    f.words[5] = c;
    f.words[6] = d;
  }
  if (f.words[0] & (1u << 27)) {  // OSXSAVE: the OS enables the AVX state in XCR0
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    f.words[7] = lo;
  }
#endif
  // Only instruction-set bits: not the hypervisor bit (cpuid1.ecx:31) nor leaf
  // 7 edx's mitigation/topology bits (kept: AVX512 4VNNIW/4FMAPS, VP2INTERSECT,
  // AMX-BF16, AVX512-FP16, AMX-TILE, AMX-INT8).
  f.words[0] &= 0x7fffffffu;
  f.words[4] &= 0x03c0010cu;
  return f;
}

std::string missing_cpu_features(const CpuFeatures& need, const CpuFeatures& have) {
  static const char* const kWord[8] = {"cpuid1.ecx", "cpuid1.edx", "cpuid7.ebx", "cpuid7.ecx",
                                       "cpuid7.edx", "ext1.ecx", "ext1.edx", "xcr0"};
  std::string out;
  for (int w = 0; w < 8; ++w) {
    uint32_t miss = need.words[w] & ~have.words[w];
    for (int bit = 0; bit < 32; ++bit)
      if (miss & (1u << bit)) out += (out.empty() ? "" : " ") + std::string(kWord[w]) + ":" + std::to_string(bit);
  }
  return out;
}

bool is_skc(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

std::vector<uint8_t> write_skc(std::span<const uint8_t> wasm, const SkcCode& code) {
  std::vector<uint8_t> table;
  auto t32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) table.push_back(uint8_t(v >> (8 * i)));
  };
  t32(uint32_t(code.funcs.size()));
  for (const rt1::CompiledFunc& f : code.funcs) {
    size_t n = strnlen(f.reason, sizeof f.reason - 1);
    table.push_back(f.compiled ? 1 : 0);
    table.push_back(uint8_t(n));
    table.insert(table.end(), f.reason, f.reason + n);
  }
  std::vector<uint8_t> o(kSkcHeaderBytes, 0);
  std::memcpy(o.data(), kMagic, sizeof kMagic);
  put32(o, 8, kSkcFormatVersion);
  put32(o, 12, rt1::kCompilerAbiVersion);
  std::strncpy(reinterpret_cast<char*>(o.data() + 16), SKIFF_VERSION_STRING, 15);
  put32(o, 32, (code.mem0_guarded ? 1u : 0u) | (code.deterministic ? 2u : 0u) | (code.no_inline ? 4u : 0u));
  put32(o, 36, code.opt_level);
  put32(o, 40, uint32_t(sizeof(rt1::VmCtx)));
  put32(o, 44, uint32_t(sizeof(rt1::Libcalls)));
  for (int w = 0; w < 8; ++w) put32(o, 48 + 4 * size_t(w), code.cpu.words[w]);
  put64(o, 80, wasm.size());
  put64(o, 88, code.object.size());
  put64(o, 96, table.size());
  put64(o, 104, code.target.size());
  // resize + memcpy rather than insert: g++ 12 at -O3 reports a false -Warray-bounds
  // inside vector::insert of a span here.
  auto append = [&o](const uint8_t* p, size_t n) {
    size_t at = o.size();
    o.resize(at + n);
    if (n != 0) std::memcpy(o.data() + at, p, n);
  };
  append(wasm.data(), wasm.size());
  append(code.object.data(), code.object.size());
  append(table.data(), table.size());
  append(reinterpret_cast<const uint8_t*>(code.target.data()), code.target.size());
  uint64_t h = fnv(o.data(), kChecksumAt);
  h = fnv(o.data() + kSkcHeaderBytes, o.size() - kSkcHeaderBytes, h);
  put64(o, kChecksumAt, h);
  return o;
}

Result<SkcFile> read_skc(std::span<const uint8_t> bytes) {
  auto bad = [](const std::string& why) { return make_error("ahead-of-time file (.skc): " + why); };
  const uint8_t* p = bytes.data();
  const size_t n = bytes.size();
  if (!is_skc(bytes)) return bad("not a .skc file (bad magic)");
  if (n < kSkcHeaderBytes) return bad("truncated (" + std::to_string(n) + " bytes, shorter than its header)");
  const uint32_t fmt = get32(p + 8);
  if (fmt != kSkcFormatVersion)
    return bad("format version " + std::to_string(fmt) + ", this skiff reads version " +
               std::to_string(kSkcFormatVersion) + ": compile it again with this skiff");
  const uint64_t sizes[4] = {get64(p + 80), get64(p + 88), get64(p + 96), get64(p + 104)};
  uint64_t want = kSkcHeaderBytes;
  for (uint64_t s : sizes) {
    if (s > (uint64_t(1) << 40)) return bad("corrupted (impossible section size)");
    want += s;
  }
  if (n < want)
    return bad("truncated (" + std::to_string(n) + " bytes, its header says " + std::to_string(want) + ")");
  if (n > want) return bad("corrupted (" + std::to_string(n - want) + " trailing bytes)");
  uint64_t h = fnv(p, kChecksumAt);
  h = fnv(p + kSkcHeaderBytes, n - kSkcHeaderBytes, h);
  if (h != get64(p + kChecksumAt)) return bad("corrupted (checksum mismatch)");
  char ver[17] = {};
  std::memcpy(ver, p + 16, 16);
  if (std::strcmp(ver, SKIFF_VERSION_STRING) != 0 || get32(p + 12) != rt1::kCompilerAbiVersion ||
      get32(p + 40) != sizeof(rt1::VmCtx) || get32(p + 44) != sizeof(rt1::Libcalls))
    return bad(std::string("compiled by another skiff version or build (") + ver + ", compiler ABI " +
               std::to_string(get32(p + 12)) + ", context/libcall layout " + std::to_string(get32(p + 40)) +
               "/" + std::to_string(get32(p + 44)) + "; this is " + SKIFF_VERSION_STRING + ", ABI " +
               std::to_string(rt1::kCompilerAbiVersion) + ", layout " + std::to_string(sizeof(rt1::VmCtx)) +
               "/" + std::to_string(sizeof(rt1::Libcalls)) + "): compile it again with this skiff");
  SkcFile f;
  const uint32_t flags = get32(p + 32);
  if (flags & ~7u) return bad("unknown flags");
  f.code.mem0_guarded = flags & 1;
  f.code.deterministic = flags & 2;
  f.code.no_inline = flags & 4;
  f.code.opt_level = get32(p + 36);
  for (int w = 0; w < 8; ++w) f.code.cpu.words[w] = get32(p + 48 + 4 * size_t(w));
  size_t at = kSkcHeaderBytes;
  f.wasm.assign(p + at, p + at + sizes[0]);
  at += sizes[0];
  f.code.object.assign(p + at, p + at + sizes[1]);
  at += sizes[1];
  const uint8_t* t = p + at;
  const size_t tn = sizes[2];
  at += sizes[2];
  f.code.target.assign(reinterpret_cast<const char*>(p + at), sizes[3]);
  if (tn < 4) return bad("corrupted function table");
  const uint32_t count = get32(t);
  size_t ti = 4;
  if (count > tn) return bad("corrupted function table");
  f.code.funcs.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    if (tn - ti < 2) return bad("corrupted function table");
    const uint8_t compiled = t[ti], len = t[ti + 1];
    ti += 2;
    if (compiled > 1 || len >= sizeof f.code.funcs[i].reason || tn - ti < len)
      return bad("corrupted function table");
    f.code.funcs[i].compiled = compiled == 1;
    std::memcpy(f.code.funcs[i].reason, t + ti, len);
    ti += len;
  }
  if (ti != tn) return bad("corrupted function table");
  const std::string missing = missing_cpu_features(f.code.cpu, host_cpu_features());
  if (!missing.empty())
    return bad("compiled for a CPU with features this machine lacks (" + missing +
               "; compiled for " + f.code.target.substr(0, f.code.target.find(' ')) +
               "): compile it again on this machine");
  return f;
}

}  // namespace skiff::compiler
