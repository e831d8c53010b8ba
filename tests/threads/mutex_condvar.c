// Four threads increment a plain counter under a futex mutex; main waits on a
// condition variable until all four say they are done.
// EXPECT: count 80000
#include "thread_rt.h"

#define T 4
#define ROUNDS 20000
static mutex_t mu;
static cond_t all_done;
static uint32_t counter;  // guarded by mu (not atomic)
static int finished;      // guarded by mu

static void work(void* arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; ++i) {
    mutex_lock(&mu);
    uint32_t c = counter;
    counter = c + 1;
    mutex_unlock(&mu);
  }
  mutex_lock(&mu);
  ++finished;
  cond_broadcast(&all_done);
  mutex_unlock(&mu);
}

void _start(void) {
  for (int k = 0; k < T; ++k) CHECK(spawn(k, work, 0) > 0);
  mutex_lock(&mu);
  while (finished < T) cond_wait(&all_done, &mu);
  uint32_t c = counter;
  mutex_unlock(&mu);
  CHECK(c == T * ROUNDS);
  rt_put_u64("count ", c);
}
