// NODE-COMPARE
// Positioned reads and writes leave the file offset alone.
// OUT: pwrite 5
// OUT: pread: world
// OUT: offset still 0
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/p.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "hello-----", 10);
  lseek(fd, 0, SEEK_SET);
  printf("pwrite %zd\n", pwrite(fd, "world", 5, 5));
  char buf[8] = {0};
  pread(fd, buf, 5, 5);
  printf("pread: %s\n", buf);
  printf("offset still %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  return 0;
}
