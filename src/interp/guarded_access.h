// Guest memory accesses that may hit a guard page: the unchecked load/store forms
// of exec_memory.inc (private to src/interp).
//
// At a guard-page fault the trap must name the interpreter instruction that faulted,
// i.e. the value of run_loop's `pc` at that moment. Where the compiler keeps pc is
// its choice (it changed with a sanitizer flag), so each access here is a single
// inline-asm instruction that also takes pc as an input operand: at that instruction
// pc is in a register by the asm contract, and the asm records which one. It emits,
// next to the access, an entry in the section `skiff_guard_pcs`:
//
//     .balign 8;  .long <access> - .;  .ascii "<pc's register name>";  .balign 8
//
// i.e. 8 bytes: a 32-bit offset to the faulting instruction (PC-relative: no dynamic
// relocation in libskiff.so), then the register's name as the compiler printed it
// ("%r13" on x86-64, "x21" on AArch64, at most 4 characters, zero-padded). The fault
// handler saves the host pc and the registers; guard_site_pc (fault_handler.cc) looks
// the host pc up in the table and reads that register. Nothing is added to the hot
// path: pc is live in every handler anyway (the next dispatch reads it), the access
// is the same one instruction the compiler would emit, with its usual addressing mode
// ("m" / "Q" operand). Every copy of an asm the compiler makes (tail duplication)
// emits its own entry.
//
// Other architectures: plain memcpy and no table (guard_site_pc finds nothing and
// the caller falls back to scanning the registers, pc_from_registers).
//
// The accesses are `asm volatile`: a wasm load whose result is unused still traps,
// so it must never be deleted. The bytes go through a small local buffer that the
// compiler keeps in registers (the handlers read and write it with memcpy).
#pragma once

#include <cstdint>
#include <cstring>

namespace skiff::interp::detail {

template <unsigned N>
struct GuestBytes {
  uint8_t b[N];
};

#if (defined(__x86_64__) || defined(__aarch64__)) && defined(__linux__) && \
    (defined(__GNUC__) || defined(__clang__))
#define SKIFF_GUARD_SITES 1
#endif

#ifdef SKIFF_GUARD_SITES
// The access carries the local label 661; its table entry follows it.
#define SKIFF_GUARD_LABEL "661:\n\t"
#define SKIFF_GUARD_ENTRY                      \
  ".pushsection skiff_guard_pcs,\"a\"\n\t"     \
  ".balign 8\n\t"                              \
  ".long 661b - .\n\t"                         \
  ".ascii \"%[pc]\"\n\t"                       \
  ".balign 8, 0\n\t"                           \
  ".popsection\n\t"
#endif

// Reads N bytes of guest memory at p into dst; `pc` is the interpreter's pc.
template <unsigned N>
[[gnu::always_inline]] inline void guarded_read(uint8_t* dst, const uint8_t* p, const uint8_t* pc) {
  static_assert(N == 1 || N == 2 || N == 4 || N == 8 || N == 16);
  const auto& m = *reinterpret_cast<const GuestBytes<N>*>(p);
#if defined(SKIFF_GUARD_SITES) && defined(__x86_64__)
  // 64-bit outputs written through their 32-bit names (which zero the upper half)
  // and the range stated: the compiler then needs no extension of its own for the
  // zero-extended 64-bit slot write.
  if constexpr (N == 1) {
    uint64_t v;
    asm volatile(SKIFF_GUARD_LABEL "movzbl %[m], %k[v]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "m"(m), [pc] "r"(pc));
    if (v > 0xff) __builtin_unreachable();
    dst[0] = uint8_t(v);
  } else if constexpr (N == 2) {
    uint64_t v;
    asm volatile(SKIFF_GUARD_LABEL "movzwl %[m], %k[v]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "m"(m), [pc] "r"(pc));
    if (v > 0xffff) __builtin_unreachable();
    uint16_t h = uint16_t(v);
    std::memcpy(dst, &h, 2);
  } else if constexpr (N == 4) {
    uint64_t v;
    asm volatile(SKIFF_GUARD_LABEL "movl %[m], %k[v]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "m"(m), [pc] "r"(pc));
    if (v > 0xffffffffu) __builtin_unreachable();
    uint32_t w = uint32_t(v);
    std::memcpy(dst, &w, 4);
  } else if constexpr (N == 8) {
    uint64_t v;
    asm volatile(SKIFF_GUARD_LABEL "movq %[m], %[v]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "m"(m), [pc] "r"(pc));
    std::memcpy(dst, &v, 8);
  } else {
    typedef long long V2 __attribute__((vector_size(16)));
    V2 v;
    asm volatile(SKIFF_GUARD_LABEL "movdqu %[m], %[v]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=x"(v) : [m] "m"(m), [pc] "r"(pc));
    std::memcpy(dst, &v, 16);
  }
#elif defined(SKIFF_GUARD_SITES) && defined(__aarch64__)
  if constexpr (N == 1) {
    uint32_t v;
    asm volatile(SKIFF_GUARD_LABEL "ldrb %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "Q"(m), [pc] "r"(pc));
    dst[0] = uint8_t(v);
  } else if constexpr (N == 2) {
    uint32_t v;
    asm volatile(SKIFF_GUARD_LABEL "ldrh %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "Q"(m), [pc] "r"(pc));
    uint16_t h = uint16_t(v);
    std::memcpy(dst, &h, 2);
  } else if constexpr (N == 4) {
    uint32_t v;
    asm volatile(SKIFF_GUARD_LABEL "ldr %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "Q"(m), [pc] "r"(pc));
    std::memcpy(dst, &v, 4);
  } else if constexpr (N == 8) {
    uint64_t v;
    asm volatile(SKIFF_GUARD_LABEL "ldr %x[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=r"(v) : [m] "Q"(m), [pc] "r"(pc));
    std::memcpy(dst, &v, 8);
  } else {
    typedef long long V2 __attribute__((vector_size(16)));
    V2 v;
    asm volatile(SKIFF_GUARD_LABEL "ldr %q[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [v] "=w"(v) : [m] "Q"(m), [pc] "r"(pc));
    std::memcpy(dst, &v, 16);
  }
#else
  (void)pc;
  std::memcpy(dst, m.b, N);
#endif
}

// Writes N bytes from src to guest memory at p; `pc` is the interpreter's pc.
template <unsigned N>
[[gnu::always_inline]] inline void guarded_write(uint8_t* p, const uint8_t* src, const uint8_t* pc) {
  static_assert(N == 1 || N == 2 || N == 4 || N == 8 || N == 16);
  auto& m = *reinterpret_cast<GuestBytes<N>*>(p);
#if defined(SKIFF_GUARD_SITES) && defined(__x86_64__)
  if constexpr (N == 1) {
    uint8_t v = src[0];
    asm volatile(SKIFF_GUARD_LABEL "movb %[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=m"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 2) {
    uint16_t v;
    std::memcpy(&v, src, 2);
    asm volatile(SKIFF_GUARD_LABEL "movw %[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=m"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 4) {
    uint32_t v;
    std::memcpy(&v, src, 4);
    asm volatile(SKIFF_GUARD_LABEL "movl %[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=m"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 8) {
    uint64_t v;
    std::memcpy(&v, src, 8);
    asm volatile(SKIFF_GUARD_LABEL "movq %[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=m"(m) : [v] "r"(v), [pc] "r"(pc));
  } else {
    typedef long long V2 __attribute__((vector_size(16)));
    V2 v;
    std::memcpy(&v, src, 16);
    asm volatile(SKIFF_GUARD_LABEL "movdqu %[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=m"(m) : [v] "x"(v), [pc] "r"(pc));
  }
#elif defined(SKIFF_GUARD_SITES) && defined(__aarch64__)
  if constexpr (N == 1) {
    uint32_t v = src[0];
    asm volatile(SKIFF_GUARD_LABEL "strb %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=Q"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 2) {
    uint16_t h;
    std::memcpy(&h, src, 2);
    uint32_t v = h;
    asm volatile(SKIFF_GUARD_LABEL "strh %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=Q"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 4) {
    uint32_t v;
    std::memcpy(&v, src, 4);
    asm volatile(SKIFF_GUARD_LABEL "str %w[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=Q"(m) : [v] "r"(v), [pc] "r"(pc));
  } else if constexpr (N == 8) {
    uint64_t v;
    std::memcpy(&v, src, 8);
    asm volatile(SKIFF_GUARD_LABEL "str %x[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=Q"(m) : [v] "r"(v), [pc] "r"(pc));
  } else {
    typedef long long V2 __attribute__((vector_size(16)));
    V2 v;
    std::memcpy(&v, src, 16);
    asm volatile(SKIFF_GUARD_LABEL "str %q[v], %[m]\n\t" SKIFF_GUARD_ENTRY
                 : [m] "=Q"(m) : [v] "w"(v), [pc] "r"(pc));
  }
#else
  (void)pc;
  std::memcpy(m.b, src, N);
#endif
}

}  // namespace skiff::interp::detail
