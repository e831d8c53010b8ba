// The standard streams have descriptors 0-2 and are not preopens.
// OUT: stdout fd ok
// OUT: fd 0-2 are not directories
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  printf("stdout fd %s\n", fileno(stdout) == 1 ? "ok" : "WRONG");
  int dirs = 0;
  for (int fd = 0; fd < 3; fd++) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) dirs++;
  }
  printf("fd 0-2 %s\n", dirs == 0 ? "are not directories" : "INCLUDE A DIRECTORY");
  return 0;
}
