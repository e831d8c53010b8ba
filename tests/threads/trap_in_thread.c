// A trap in a spawned thread ends the whole program as a trap in main would.
// EXPECT-EXIT: trap
#include "thread_rt.h"

static int32_t never;
static void work(void* arg) { (void)arg; __builtin_trap(); }

void _start(void) {
  CHECK(spawn(0, work, 0) > 0);
  futex_wait(&never, 0);
  rt_fail("main woke up");
}
