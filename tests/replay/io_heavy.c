// WASI-heavy program for measuring recording overhead and log size (measure.sh,
// not a ctest): copies /sandbox/in.bin to /sandbox/out.bin in 4 KiB reads and
// writes, reads the clock and random bytes many times, prints many short lines.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int clocks = argc > 1 ? atoi(argv[1]) : 100000;
  int lines = argc > 2 ? atoi(argv[2]) : 20000;
  FILE* in = fopen("/sandbox/in.bin", "rb");
  FILE* out = fopen("/sandbox/out.bin", "wb");
  if (!in || !out) return 2;
  setvbuf(in, NULL, _IONBF, 0);
  setvbuf(out, NULL, _IONBF, 0);
  static unsigned char buf[4096];
  unsigned long long total = 0, sum = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    for (size_t i = 0; i < n; ++i) sum += buf[i];
    if (fwrite(buf, 1, n, out) != n) return 3;
    total += n;
  }
  fclose(in);
  fclose(out);
  unsigned long long t = 0;
  for (int i = 0; i < clocks; ++i) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t ^= (unsigned long long)ts.tv_nsec;
  }
  unsigned char r[32];
  for (int i = 0; i < clocks / 10; ++i) {
    getentropy(r, sizeof r);
    t += r[0];
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 0; i < lines; ++i) printf("line %d of output\n", i);
  fprintf(stderr, "copied %llu bytes, sum %llu, t %llu\n", total, sum, t & 1);
  return 0;
}
