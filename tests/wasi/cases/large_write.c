// Large writes go through completely (stdout and a file).
// OUT: file size 8388608
// OUT: done
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  size_t n = 8u << 20;
  char* buf = malloc(n);
  memset(buf, 'x', n);
  int fd = open("/sandbox/big.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(fd, buf + done, n - done);
    if (w <= 0) break;
    done += (size_t)w;
  }
  close(fd);
  struct stat st;
  stat("/sandbox/big.bin", &st);
  printf("file size %lld\n", (long long)st.st_size);
  printf("done\n");
  return 0;
}
