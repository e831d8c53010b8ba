// poll_oneoff on a descriptor: stdin with data is readable at once; a pure timeout
// waits.
// STDIN: ready\n
// OUT: stdin readable
// OUT: timeout waited
#include <poll.h>
#include <stdio.h>
#include <time.h>
int main(void) {
  struct pollfd p = {0, POLLIN, 0};
  int r = poll(&p, 1, 5000);
  printf("stdin %s\n", r == 1 && (p.revents & POLLIN) ? "readable" : "NOT READY");
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  poll(NULL, 0, 30);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long ms = (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
  printf("timeout %s\n", ms >= 29 ? "waited" : "DID NOT WAIT");
  return 0;
}
