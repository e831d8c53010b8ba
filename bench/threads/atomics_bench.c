// Atomics and wait/notify, the same C natively (C11 atomics, pthreads, futex) and
// as wasm32 under `skiff run` (tests/threads/thread_rt.h: memory.atomic.*):
//   uncontended: one thread, N atomic adds; then N/4 compare-exchange increments
//   contended:   two threads, N/2 atomic adds each on one word
//   ping-pong:   two threads hand a token back and forth with wait/notify (round trips)
// Build: see run.sh. Prints ns per operation.
#include <stdint.h>

#define N_ADDS 20000000u
#define N_ROUNDS 50000u

#ifdef __wasm__
#define RT_MAX_THREADS 4
#include "../../tests/threads/thread_rt.h"
WASI(clock_time_get) int32_t wasi_clock_time_get(int32_t id, uint64_t precision, uint64_t* out);
static uint64_t now_ns(void) { uint64_t t = 0; wasi_clock_time_get(1, 1, &t); return t; }
static void wait32(int32_t* a, int32_t v) { futex_wait(a, v); }
static void wake(int32_t* a) { futex_wake(a, 1); }
typedef int thr_handle;
static thr_handle start(int i, void (*fn)(void*), void* arg) { spawn(i, fn, arg); return i; }
static void finish(thr_handle h) { join(h); }
static void report(const char* what, uint64_t ns_total, uint64_t n) {
  rt_write(what, rt_strlen(what));
  rt_put_u64(" ps/op: ", ns_total * 1000 / n);
}
#else
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
static uint64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec; }
static void wait32(int32_t* a, int32_t v) { syscall(SYS_futex, a, FUTEX_WAIT_PRIVATE, v, 0, 0, 0); }
static void wake(int32_t* a) { syscall(SYS_futex, a, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0); }
typedef pthread_t thr_handle;
typedef struct { void (*fn)(void*); void* arg; } boot_t;
static boot_t boots[4];
static void* boot(void* p) { boot_t* b = p; b->fn(b->arg); return 0; }
static thr_handle start(int i, void (*fn)(void*), void* arg) {
  pthread_t t; boots[i].fn = fn; boots[i].arg = arg; pthread_create(&t, 0, boot, &boots[i]); return t;
}
static void finish(thr_handle h) { pthread_join(h, 0); }
static void report(const char* what, uint64_t ns_total, uint64_t n) {
  printf("%s ps/op: %llu\n", what, (unsigned long long)(ns_total * 1000 / n));
}
#endif

static uint32_t counter;
static int32_t token;

static void adder(void* arg) {
  uint32_t n = (uint32_t)(uintptr_t)arg;
  for (uint32_t i = 0; i < n; ++i) __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
}

// Token 0: the main thread's turn; 1: the partner's.
static void partner(void* arg) {
  (void)arg;
  for (uint32_t i = 0; i < N_ROUNDS; ++i) {
    while (__atomic_load_n(&token, __ATOMIC_SEQ_CST) != 1) wait32(&token, 0);
    __atomic_store_n(&token, 0, __ATOMIC_SEQ_CST);
    wake(&token);
  }
}

#ifdef __wasm__
void _start(void) {
#else
int main(void) {
#endif
  uint64_t t0 = now_ns();
  adder((void*)(uintptr_t)N_ADDS);
  report("uncontended atomic add", now_ns() - t0, N_ADDS);

  t0 = now_ns();
  for (uint32_t i = 0; i < N_ADDS / 4; ++i) {
    uint32_t c = __atomic_load_n(&counter, __ATOMIC_SEQ_CST);
    while (!__atomic_compare_exchange_n(&counter, &c, c + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    }
  }
  report("uncontended cmpxchg increment", now_ns() - t0, N_ADDS / 4);

  counter = 0;
  t0 = now_ns();
  thr_handle a = start(0, adder, (void*)(uintptr_t)(N_ADDS / 2));
  thr_handle b = start(1, adder, (void*)(uintptr_t)(N_ADDS / 2));
  finish(a);
  finish(b);
  report("contended atomic add (2 threads)", now_ns() - t0, N_ADDS);
  if (counter != N_ADDS) report("WRONG COUNT", counter, 1);

  t0 = now_ns();
  thr_handle p = start(2, partner, 0);
  for (uint32_t i = 0; i < N_ROUNDS; ++i) {
    __atomic_store_n(&token, 1, __ATOMIC_SEQ_CST);
    wake(&token);
    while (__atomic_load_n(&token, __ATOMIC_SEQ_CST) != 0) wait32(&token, 1);
  }
  finish(p);
  report("wait/notify round trip", now_ns() - t0, N_ROUNDS);
#ifndef __wasm__
  return 0;
#endif
}
