// Clocks advance, sleeping works (poll_oneoff), random bytes arrive.
// (Not compared with node:wasi: under load its 20 ms sleep was seen returning early,
// printing "did not sleep"; Skiff's own output is checked below.)
// OUT: monotonic advances
// OUT: slept
// OUT: random ok
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
int main(void) {
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec d = {0, 20 * 1000 * 1000};
  nanosleep(&d, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  printf("monotonic %s\n", ns > 0 ? "advances" : "STUCK");
  printf("%s\n", ns >= 20 * 1000 * 1000 ? "slept" : "did not sleep");
  unsigned char r1[32] = {0}, r2[32] = {0};
  getentropy(r1, sizeof r1);
  getentropy(r2, sizeof r2);
  printf("random %s\n", memcmp(r1, r2, sizeof r1) ? "ok" : "REPEATS");
  return 0;
}
