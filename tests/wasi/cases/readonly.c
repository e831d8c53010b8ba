// A read-only preopen can be read but not changed.
// OUT: read: data
// OUT: write refused
// OUT: create refused
// OUT: mkdir refused
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  char buf[16] = {0};
  int fd = open("/ro/file.txt", O_RDONLY);
  ssize_t n = fd >= 0 ? read(fd, buf, 4) : -1;
  printf("read: %.*s\n", (int)(n > 0 ? n : 0), buf);
  // wasi-libc asks only for the rights the directory can hand down, so the open
  // itself may succeed without write rights; the write must fail either way.
  int w = open("/ro/file.txt", O_WRONLY);
  printf("write %s\n", (w < 0 || write(w, "X", 1) != 1) ? "refused" : "ALLOWED");
  printf("create %s\n", open("/ro/new.txt", O_CREAT | O_WRONLY, 0644) < 0 ? "refused" : "ALLOWED");
  printf("mkdir %s\n", mkdir("/ro/d", 0755) != 0 ? "refused" : "ALLOWED");
  return 0;
}
