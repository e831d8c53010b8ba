// Eight threads open, write, close (and renumber) files in one preopened directory
// at once, while the main thread writes to stdout and reads fd flags: the WASI
// descriptor table shared by all threads of the program must stay consistent
// (it is locked per call: src/wasi/wasi_impl.h). Every open must succeed and get a
// descriptor no other thread holds at that moment.
// RUN-DIR
// EXPECT: fd ops 1600
#define RT_MAX_THREADS 8
#include "thread_rt.h"

WASI(path_open) int32_t wasi_path_open(int32_t fd, int32_t dirflags, const char* path, size_t len,
                                       int32_t oflags, uint64_t base, uint64_t inheriting,
                                       int32_t fdflags, int32_t* out);
WASI(fd_close) int32_t wasi_fd_close(int32_t fd);
WASI(fd_renumber) int32_t wasi_fd_renumber(int32_t from, int32_t to);
WASI(fd_fdstat_get) int32_t wasi_fd_fdstat_get(int32_t fd, void* out);

#define T 8
#define ROUNDS 100
static uint32_t ops, failures;
static int32_t owner[4096];  // fd -> thread slot + 1 that holds it now (0 = nobody)

static void work(void* arg) {
  uint32_t k = (uint32_t)(uintptr_t)arg;
  char name[8] = {'f', (char)('a' + k), '_', 'x', 0};
  for (int i = 0; i < ROUNDS; ++i) {
    name[3] = (char)('0' + i % 4);
    int32_t fd = -1;
    // oflags CREAT|TRUNC; rights fd_read|fd_write|fd_seek|fd_fdstat_set_flags...
    int32_t e = wasi_path_open(3, 0, name, 4, 1 | 8, 0x1fffffff, 0, 0, &fd);
    if (e != 0 || fd < 0 || fd >= 4096) { __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST); continue; }
    int32_t prev = 0;
    if (!__atomic_compare_exchange_n(&owner[fd], &prev, (int32_t)k + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);  // someone else holds this fd
    ciovec v = {name, 4};
    size_t w = 0;
    if (wasi_fd_write(fd, &v, 1, &w) != 0 || w != 4) __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&ops, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&owner[fd], 0, __ATOMIC_SEQ_CST);
    if (wasi_fd_close(fd) != 0) __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
    // A second descriptor, renumbered onto itself (a no-op the table must survive).
    fd = -1;
    e = wasi_path_open(3, 0, name, 4, 0, 0x1fffffff, 0, 0, &fd);
    if (e != 0 || wasi_fd_renumber(fd, fd) != 0 || wasi_fd_close(fd) != 0)
      __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&ops, 1, __ATOMIC_SEQ_CST);
  }
}

void _start(void) {
  for (int k = 0; k < T; ++k) CHECK(spawn(k, work, (void*)(uintptr_t)k) > 0);
  unsigned char stat[24];
  for (int i = 0; i < 200; ++i) {
    CHECK(wasi_fd_fdstat_get(1, stat) == 0);
    CHECK(wasi_fd_fdstat_get(3, stat) == 0);
  }
  for (int k = 0; k < T; ++k) join(k);
  CHECK(failures == 0);
  rt_put_u64("fd ops ", ops);
}
