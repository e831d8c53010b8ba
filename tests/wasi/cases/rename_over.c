// rename replaces an existing target.
// NODE-COMPARE
// OUT: target now: new
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/a", O_CREAT | O_WRONLY | O_TRUNC, 0644); write(fd, "new", 3); close(fd);
  fd = open("/sandbox/b", O_CREAT | O_WRONLY | O_TRUNC, 0644); write(fd, "old", 3); close(fd);
  rename("/sandbox/a", "/sandbox/b");
  char buf[4] = {0};
  fd = open("/sandbox/b", O_RDONLY); read(fd, buf, 3);
  printf("target now: %s\n", buf);
  return 0;
}
