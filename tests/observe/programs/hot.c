// A program whose time split is known: about 3/4 in hot_loop() and 1/4 in
// cold_loop(), both called from main() (tests/observe: profile shares, and the
// flame graph's widest frame in a browser). "io N": N clock reads through WASI
// (host frames). "rounds R N": R rounds of the same split (many short calls, for
// tier auto, where a call running when the module is compiled stays in tier 0).
// "nested R N": see outer_mix.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

__attribute__((noinline)) uint32_t hot_loop(uint32_t n, uint32_t seed) {
  uint32_t x = seed;
  for (uint32_t i = 0; i < n; ++i) x = x * 1664525u + 1013904223u + (x >> 13);
  return x;
}

__attribute__((noinline)) uint32_t cold_loop(uint32_t n, uint32_t seed) {
  uint32_t x = seed;
  for (uint32_t i = 0; i < n; ++i) x = x * 1664525u + 1013904223u + (x >> 13);
  return x;
}

__attribute__((noinline)) long read_clocks(int n) {
  long sum = 0;
  struct timespec ts;
  for (int i = 0; i < n; ++i) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    sum += ts.tv_nsec & 1;
  }
  return sum;
}

// "nested R N": R calls of outer_mix, whose loop calls mid_mix, which calls
// inner_mix (most of the work): small functions tier 1 inlines, so the chain
// outer_mix -> mid_mix -> inner_mix runs in one physical frame.
__attribute__((noinline)) uint32_t inner_mix(uint32_t x) {
  x = x * 1664525u + 1013904223u;
  x ^= x >> 13;
  x = x * 2246822519u + 374761393u;
  x ^= x >> 11;
  x = x * 3266489917u + 668265263u;
  return x ^ (x >> 15);
}

__attribute__((noinline)) uint32_t mid_mix(uint32_t x) { return inner_mix(x) + 1u; }

__attribute__((noinline)) uint32_t outer_mix(uint32_t n, uint32_t seed) {
  uint32_t x = seed;
  for (uint32_t i = 0; i < n; ++i) x = mid_mix(x);
  return x;
}

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "io") == 0) {
    printf("%ld\n", read_clocks(atoi(argv[2])));
    return 0;
  }
  if (argc > 3 && strcmp(argv[1], "nested") == 0) {
    uint32_t r = 0;
    for (int k = 0; k < atoi(argv[2]); ++k) r ^= outer_mix((uint32_t)atoi(argv[3]), r + (uint32_t)k);
    printf("%u\n", r);
    return 0;
  }
  int rounds = 10;
  if (argc > 3 && strcmp(argv[1], "rounds") == 0) {
    rounds = atoi(argv[2]);
    argv += 2;
  }
  uint32_t n = argc > 1 ? (uint32_t)atoi(argv[1]) : 1000000u;
  uint32_t r = 0;
  for (int k = 0; k < rounds; ++k) {
    r ^= hot_loop(3 * n, r + (uint32_t)k);
    r ^= cold_loop(n, r + (uint32_t)k);
  }
  printf("%u\n", r);
  return 0;
}
