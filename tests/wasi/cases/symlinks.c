// NODE-COMPARE
// Symlinks inside the sandbox work; an absolute target is refused at creation.
// OUT: symlink ok
// OUT: readlink: target.txt
// OUT: read through link: hi
// OUT: absolute target refused
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/target.txt", O_CREAT | O_WRONLY, 0644);
  write(fd, "hi", 2);
  close(fd);
  printf("symlink %s\n", symlink("target.txt", "/sandbox/link") == 0 ? "ok" : "failed");
  char buf[64] = {0};
  ssize_t n = readlink("/sandbox/link", buf, sizeof buf - 1);
  printf("readlink: %.*s\n", (int)(n > 0 ? n : 0), buf);
  fd = open("/sandbox/link", O_RDONLY);
  char data[8] = {0};
  n = fd >= 0 ? read(fd, data, 2) : -1;
  printf("read through link: %.*s\n", (int)(n > 0 ? n : 0), data);
  printf("absolute target %s\n", symlink("/etc/passwd", "/sandbox/evil") != 0 ? "refused" : "ALLOWED");
  return 0;
}
