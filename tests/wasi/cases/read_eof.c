// Reading past the end returns 0; reading an empty stdin returns EOF at once.
// NODE-COMPARE
// OUT: first read 4
// OUT: at end 0
// OUT: stdin eof
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  int fd = open("/ro/file.txt", O_RDONLY);
  char b[16];
  printf("first read %zd\n", read(fd, b, 4));
  read(fd, b, sizeof b);
  printf("at end %zd\n", read(fd, b, sizeof b));
  printf("stdin %s\n", getchar() == EOF ? "eof" : "HAS DATA");
  return 0;
}
