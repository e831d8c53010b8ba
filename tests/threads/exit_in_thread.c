// proc_exit in a spawned thread ends the whole program with its status while
// main is blocked in memory.atomic.wait32 (which would never return).
// EXPECT-EXIT: 7
#include "thread_rt.h"

static int32_t never;
static void work(void* arg) { (void)arg; wasi_proc_exit(7); }

void _start(void) {
  CHECK(spawn(0, work, 0) > 0);
  futex_wait(&never, 0);
  rt_fail("main woke up");
}
