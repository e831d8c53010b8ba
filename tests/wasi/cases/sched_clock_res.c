// sched_yield and clock_getres work.
// OUT: yield 0
// OUT: resolution ok
#include <sched.h>
#include <stdio.h>
#include <time.h>
int main(void) {
  printf("yield %d\n", sched_yield());
  struct timespec r;
  int ok = clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0;
  printf("resolution %s\n", ok ? "ok" : "BAD");
  return 0;
}
