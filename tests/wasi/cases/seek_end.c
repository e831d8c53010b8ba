// SEEK_END, SEEK_CUR and tell.
// NODE-COMPARE
// OUT: end at 10
// OUT: back 3 -> 7
// OUT: read: 789
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/s.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "0123456789", 10);
  printf("end at %lld\n", (long long)lseek(fd, 0, SEEK_END));
  printf("back 3 -> %lld\n", (long long)lseek(fd, -3, SEEK_CUR));
  char b[4] = {0};
  read(fd, b, 3);
  printf("read: %s\n", b);
  return 0;
}
