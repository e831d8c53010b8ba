// fd_renumber moves a descriptor; the old number is closed.
// OUT: read via new fd: data
// OUT: old fd closed
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <wasi/api.h>
int main(void) {
  int a = open("/ro/file.txt", O_RDONLY);
  int b = open("/ro/file.txt", O_RDONLY);
  if (__wasi_fd_renumber(a, b) != 0) { printf("fd_renumber failed\n"); return 1; }
  char buf[8] = {0};
  read(b, buf, 4);
  printf("read via new fd: %s\n", buf);
  printf("old fd %s\n", read(a, buf, 1) < 0 && errno == EBADF ? "closed" : "still open");
  return 0;
}
