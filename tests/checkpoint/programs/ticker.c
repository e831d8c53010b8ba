/* For checkpoint/signal: prints one line per round and sleeps 20 ms between rounds,
 * so a signal sent after the first line reaches the run while it is still going
 * (the checkpoint is taken when the sleep, a host call, returns). Exit status and
 * output depend on every round. usage: ticker ROUNDS */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char** argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 100;
  unsigned long long h = 1469598103934665603ull;
  for (int i = 0; i < rounds; ++i) {
    for (int k = 0; k < 1000; ++k) h = (h ^ (unsigned)(i * 1000 + k)) * 1099511628211ull;
    printf("%d %016llx\n", i, h);
    fflush(stdout);
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, 0);
  }
  return (int)(h & 0x7f);
}
