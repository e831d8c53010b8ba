// STDIN-CLOSED
// skiff runs with the host's stdin closed. The first preopen used to take host fd 0,
// so the guest's fd 0 (treated as the host's stdin) was that directory, and after
// closing the preopen the next file the guest opened became its "stdin". The closed
// slot is now held by /dev/null: fd 0 is a character device reading EOF, whatever the
// guest closes and opens.
// OUT: fd0: ok type 2
// OUT: close preopen: ok
// OUT: open ro file: ok
// OUT: read fd0: ok 0
#include "raw_wasi.h"

int main(void) {
  uint8_t st[64] = {0};
  int32_t r = w_fd_filestat_get(0, st);
  printf("fd0: %s type %d\n", E(r), st[16]);
  printf("close preopen: %s\n", E(w_fd_close(preopen_fd("/sandbox"))));
  int32_t fd;
  printf("open ro file: %s\n", E(w_path_open(preopen_fd("/ro"), 0, "file.txt", 8, 0, R_FD_READ, 0, 0, &fd)));
  char buf[16];
  struct { void* p; uint32_t n; } iov = {buf, sizeof buf};
  int32_t n = -1;
  r = w_fd_read(0, &iov, 1, &n);
  printf("read fd0: %s %d\n", E(r), n);
  return 0;
}
