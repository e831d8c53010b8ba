// Eight threads sum slices of an array into an atomic total; main joins them.
// EXPECT: sum 8356249600
#include "thread_rt.h"

#define N (1 << 20)
#define T 8
static uint32_t data[N];
static uint64_t total;

static void work(void* arg) {
  uint32_t k = (uint32_t)(uintptr_t)arg;
  uint64_t s = 0;
  for (uint32_t i = k * (N / T); i < (k + 1) * (N / T); ++i) s += data[i];
  __atomic_fetch_add(&total, s, __ATOMIC_SEQ_CST);
}

void _start(void) {
  for (uint32_t i = 0; i < N; ++i) data[i] = i % 16000;
  for (int k = 0; k < T; ++k) CHECK(spawn(k, work, (void*)(uintptr_t)k) > 0);
  for (int k = 0; k < T; ++k) join(k);
  uint64_t want = 0;
  for (uint32_t i = 0; i < N; ++i) want += data[i];
  CHECK(__atomic_load_n(&total, __ATOMIC_SEQ_CST) == want);
  rt_put_u64("sum ", want);
}
