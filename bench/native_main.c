/* Native driver of a kernel: bench-native N REPS -> prints "best_ms checksum". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

unsigned bench_run(unsigned n);

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], 0, 10) : 10;
  int reps = argc > 2 ? atoi(argv[2]) : 3;
  double best = 1e30;
  unsigned sum = 0;
  for (int r = 0; r < reps; r++) {
    double t0 = now_ms();
    sum = bench_run(n);
    double t = now_ms() - t0;
    if (t < best) best = t;
  }
  printf("%.3f %u\n", best, sum);
  return 0;
}
