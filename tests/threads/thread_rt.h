// A tiny thread runtime for the wasi-threads tests: no libc, only WASI imports,
// the `wasi` `thread-spawn` import, and the threads proposal's atomics through
// clang builtins (memory.atomic.wait32 / notify). Threads get stacks from a
// static pool; spawn() returns the tid (or < 0), join() waits on the thread's
// `done` word with memory.atomic.wait32 until its exit stores 1 and notifies.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))

typedef struct { const void* buf; size_t len; } ciovec;
WASI(fd_write) int32_t wasi_fd_write(int32_t fd, const ciovec* iov, size_t n, size_t* written);
WASI(proc_exit) _Noreturn void wasi_proc_exit(int32_t code);
__attribute__((import_module("wasi"), import_name("thread-spawn"))) int32_t wasi_thread_spawn(void* arg);

static size_t rt_strlen(const char* s) { size_t n = 0; while (s[n]) ++n; return n; }
static void rt_write(const char* s, size_t n) { ciovec v = {s, n}; size_t w; wasi_fd_write(1, &v, 1, &w); }
static void rt_puts(const char* s) { rt_write(s, rt_strlen(s)); rt_write("\n", 1); }
static void rt_put_u64(const char* label, uint64_t v) {
  char buf[32]; int i = 31; buf[i] = '\n';
  do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  rt_write(label, rt_strlen(label));
  rt_write(buf + i, (size_t)(32 - i));
}
static _Noreturn void rt_fail(const char* msg) { rt_write("FAIL: ", 6); rt_puts(msg); wasi_proc_exit(1); }
#define CHECK(c) do { if (!(c)) rt_fail(#c); } while (0)

// Futex-style helpers on memory.atomic.wait32 / notify.
static void futex_wait(int32_t* addr, int32_t expected) {
  __builtin_wasm_memory_atomic_wait32(addr, expected, -1);
}
static void futex_wake(int32_t* addr, uint32_t n) { __builtin_wasm_memory_atomic_notify(addr, n); }

// A mutex: 0 free, 1 locked, 2 locked with waiters (the classic three-state futex mutex).
typedef struct { int32_t state; } mutex_t;
static void mutex_lock(mutex_t* m) {
  int32_t c = 0;
  if (__atomic_compare_exchange_n(&m->state, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
  if (c != 2) c = __atomic_exchange_n(&m->state, 2, __ATOMIC_SEQ_CST);
  while (c != 0) {
    futex_wait(&m->state, 2);
    c = __atomic_exchange_n(&m->state, 2, __ATOMIC_SEQ_CST);
  }
}
static void mutex_unlock(mutex_t* m) {
  if (__atomic_fetch_sub(&m->state, 1, __ATOMIC_SEQ_CST) != 1) {
    __atomic_store_n(&m->state, 0, __ATOMIC_SEQ_CST);
    futex_wake(&m->state, 1);
  }
}
// A condition variable: a sequence number bumped by every signal.
typedef struct { int32_t seq; } cond_t;
static void cond_wait(cond_t* c, mutex_t* m) {
  int32_t seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
  mutex_unlock(m);
  futex_wait(&c->seq, seq);
  mutex_lock(m);
}
static void cond_signal(cond_t* c) { __atomic_fetch_add(&c->seq, 1, __ATOMIC_SEQ_CST); futex_wake(&c->seq, 1); }
static void cond_broadcast(cond_t* c) { __atomic_fetch_add(&c->seq, 1, __ATOMIC_SEQ_CST); futex_wake(&c->seq, UINT32_MAX); }

// Threads.
#ifndef RT_MAX_THREADS
#define RT_MAX_THREADS 16
#endif
#define RT_STACK 16384
typedef struct thread {
  uint32_t stack_top;  // first word: read by wasi_thread_start (thread_start.s)
  void (*fn)(void*);
  void* arg;
  int32_t done;
  int32_t tid;
} thread_t;
static _Alignas(16) unsigned char rt_stacks[RT_MAX_THREADS][RT_STACK];
static thread_t rt_threads[RT_MAX_THREADS];

void thread_entry(int32_t tid, thread_t* t) {
  t->tid = tid;
  t->fn(t->arg);
  __atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
  futex_wake(&t->done, UINT32_MAX);
}

// Starts fn(arg) on thread slot i; returns the tid (> 0) or the negative error.
static int32_t spawn(int i, void (*fn)(void*), void* arg) {
  thread_t* t = &rt_threads[i];
  t->stack_top = (uint32_t)(uintptr_t)(rt_stacks[i] + RT_STACK);
  t->fn = fn;
  t->arg = arg;
  t->done = 0;
  return wasi_thread_spawn(t);
}
static void join(int i) {
  thread_t* t = &rt_threads[i];
  while (__atomic_load_n(&t->done, __ATOMIC_SEQ_CST) == 0) futex_wait(&t->done, 0);
}
