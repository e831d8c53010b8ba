// The ahead-of-time file (.skc): a wasm module plus its tier-1 machine code, as
// `skiff compile` writes it and `skiff run` loads it without the compiler
// library (no libLLVM: the code goes through compiler/object_loader.h).
//
// Layout (little-endian), kHeaderBytes of header then the payload:
//   0  magic "SKIFFSKC"            8  u32 format version (kSkcFormatVersion)
//  12  u32 compiler ABI version   16  char[16] Skiff version (NUL-padded)
//  32  u32 flags (bit 0: memory 0 guarded variant, bit 1: deterministic, bit 2: no
//      inlining of wasm functions, SKIFF_TIER1_INLINE=0)
//  36  u32 opt level              40  u32 sizeof(VmCtx)   44  u32 sizeof(Libcalls)
//  48  u32[8] CPU feature words the code was compiled on (cpuid, see CpuFeatures)
//  80  u64 wasm size   88 u64 object size   96 u64 table size   104 u64 target size
// 112  u64 FNV-1a 64 checksum of bytes [0, 112) and of the whole payload
// 120  payload: the wasm binary, the ELF object, the function table (u32 count,
//      then per defined function: u8 compiled, u8 reason length, the reason), the
//      target string ("cpu features" as LLVM named them; informational).
// Refused with a clear message: a short or truncated file, a bad checksum
// (corruption), another format / ABI / Skiff version or build layout, and code
// compiled for CPU features this machine does not have.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runtime/tier1_abi.h"
#include "support/result.h"

namespace skiff::compiler {

inline constexpr uint32_t kSkcFormatVersion = 1;
inline constexpr size_t kSkcHeaderBytes = 120;

// The x86-64 feature words (cpuid leaf 1 ecx/edx, leaf 7 ebx/ecx/edx, leaf
// 0x80000001 ecx/edx, XCR0's low word); code compiled on a machine runs on another
// whose words are a superset.
struct CpuFeatures {
  uint32_t words[8] = {};
};
CpuFeatures host_cpu_features();
// The feature bits `need` has that `have` lacks, as "word:bit" text (empty: none).
std::string missing_cpu_features(const CpuFeatures& need, const CpuFeatures& have);

// One module's machine code (one memory-0 variant).
struct SkcCode {
  bool mem0_guarded = true;
  bool deterministic = false;
  bool no_inline = false;  // compiled with SKIFF_TIER1_INLINE=0 (part of the cache key)
  uint32_t opt_level = 2;
  CpuFeatures cpu;
  std::vector<uint8_t> object;
  std::vector<rt::tier1::CompiledFunc> funcs;  // code/slot_code unused
  std::string target;
};

struct SkcFile {
  std::vector<uint8_t> wasm;
  SkcCode code;
};

bool is_skc(std::span<const uint8_t> bytes);
std::vector<uint8_t> write_skc(std::span<const uint8_t> wasm, const SkcCode& code);
// Checks everything listed above (the CPU against this machine).
Result<SkcFile> read_skc(std::span<const uint8_t> bytes);

}  // namespace skiff::compiler
