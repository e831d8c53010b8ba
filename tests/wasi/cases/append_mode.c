// NODE-COMPARE
// O_APPEND writes go to the end whatever the offset.
// OUT: content: abcXYZ
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/ap.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, "abc", 3);
  close(fd);
  fd = open("/sandbox/ap.txt", O_WRONLY | O_APPEND);
  lseek(fd, 0, SEEK_SET);
  write(fd, "XYZ", 3);
  close(fd);
  char buf[16] = {0};
  fd = open("/sandbox/ap.txt", O_RDONLY);
  read(fd, buf, sizeof buf - 1);
  printf("content: %s\n", buf);
  return 0;
}
