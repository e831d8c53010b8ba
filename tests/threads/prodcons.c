// A bounded queue (mutex + two condition variables): two producers push 1..N
// each, two consumers pop until they see a 0; main checks the sum and the count.
// EXPECT: items 40000 sum 400020000
#include "thread_rt.h"

#define N 20000
#define CAP 16
static mutex_t mu;
static cond_t not_full, not_empty;
static uint32_t buf[CAP], head, tail, len;
static uint64_t sums[2];
static uint32_t counts[2];

static void push(uint32_t v) {
  mutex_lock(&mu);
  while (len == CAP) cond_wait(&not_full, &mu);
  buf[tail] = v;
  tail = (tail + 1) % CAP;
  ++len;
  cond_signal(&not_empty);
  mutex_unlock(&mu);
}
static uint32_t pop(void) {
  mutex_lock(&mu);
  while (len == 0) cond_wait(&not_empty, &mu);
  uint32_t v = buf[head];
  head = (head + 1) % CAP;
  --len;
  cond_signal(&not_full);
  mutex_unlock(&mu);
  return v;
}
static void producer(void* arg) {
  (void)arg;
  for (uint32_t i = 1; i <= N; ++i) push(i);
}
static void consumer(void* arg) {
  uint32_t k = (uint32_t)(uintptr_t)arg;
  for (;;) {
    uint32_t v = pop();
    if (v == 0) break;
    sums[k] += v;
    ++counts[k];
  }
}

void _start(void) {
  CHECK(spawn(0, consumer, (void*)0) > 0);
  CHECK(spawn(1, consumer, (void*)1) > 0);
  CHECK(spawn(2, producer, 0) > 0);
  CHECK(spawn(3, producer, 0) > 0);
  join(2);
  join(3);
  push(0);
  push(0);
  join(0);
  join(1);
  CHECK(counts[0] + counts[1] == 2 * N);
  rt_write("items 40000 ", 12);
  uint64_t s = sums[0] + sums[1];
  CHECK(s == 2ull * N * (N + 1) / 2);
  rt_put_u64("sum ", s);
}
