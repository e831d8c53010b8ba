// 32 threads (more than this machine's cores) each add 1000 to a counter, half
// with rmw.add and half with a cmpxchg loop; tids must be distinct and positive.
// EXPECT: total 32000
#define RT_MAX_THREADS 32
#include "thread_rt.h"

#define T 32
static uint32_t total;

static void work(void* arg) {
  uint32_t k = (uint32_t)(uintptr_t)arg;
  for (int i = 0; i < 1000; ++i) {
    if (k & 1) {
      __atomic_fetch_add(&total, 1, __ATOMIC_SEQ_CST);
    } else {
      uint32_t c = __atomic_load_n(&total, __ATOMIC_SEQ_CST);
      while (!__atomic_compare_exchange_n(&total, &c, c + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      }
    }
  }
}

void _start(void) {
  int32_t tids[T];
  for (int k = 0; k < T; ++k) {
    tids[k] = spawn(k, work, (void*)(uintptr_t)k);
    CHECK(tids[k] > 0);
    for (int j = 0; j < k; ++j) CHECK(tids[j] != tids[k]);
  }
  for (int k = 0; k < T; ++k) join(k);
  for (int k = 0; k < T; ++k) CHECK(rt_threads[k].tid == tids[k]);
  CHECK(total == T * 1000);
  rt_put_u64("total ", total);
}
