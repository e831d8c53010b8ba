// Seeking on a pipe fails with ESPIPE; reading it works.
// STDIN: piped\n
// OUT: seek on stdin: ESPIPE
// OUT: read: piped
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  off_t r = lseek(0, 0, SEEK_CUR);
  printf("seek on stdin: %s\n", r < 0 && errno == ESPIPE ? "ESPIPE" : "no error");
  char buf[16] = {0};
  ssize_t n = read(0, buf, sizeof buf - 1);
  if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
  printf("read: %s\n", buf);
  return 0;
}
