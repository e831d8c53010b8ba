// NODE-COMPARE
// Directory creation, stat of files and directories, removal of non-empty fails.
// OUT: mkdir ok
// OUT: is dir
// OUT: rmdir non-empty refused
// OUT: cleanup ok
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  printf("mkdir %s\n", mkdir("/sandbox/d1", 0755) == 0 ? "ok" : "failed");
  struct stat st;
  stat("/sandbox/d1", &st);
  printf("%s\n", S_ISDIR(st.st_mode) ? "is dir" : "NOT A DIR");
  close(open("/sandbox/d1/f", O_CREAT | O_WRONLY, 0644));
  printf("rmdir non-empty %s\n", rmdir("/sandbox/d1") != 0 ? "refused" : "ALLOWED");
  printf("cleanup %s\n", unlink("/sandbox/d1/f") == 0 && rmdir("/sandbox/d1") == 0 ? "ok" : "failed");
  return 0;
}
