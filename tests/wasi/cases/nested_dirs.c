// Deep directory trees: create, walk back with relative `..` inside the sandbox, remove.
// NODE-COMPARE
// OUT: created depth 20
// OUT: inside via ..: ok
// OUT: removed
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  char path[512] = "/sandbox/n";
  int depth = 0;
  for (int i = 0; i < 20; i++) {
    if (mkdir(path, 0755) != 0) break;
    depth++;
    strcat(path, "/n");
  }
  printf("created depth %d\n", depth);
  int fd = open("/sandbox/n/n/../n/../../n/f.txt", O_CREAT | O_WRONLY, 0644);
  printf("inside via ..: %s\n", fd >= 0 ? "ok" : "FAILED");
  close(fd);
  unlink("/sandbox/n/f.txt");
  for (int i = depth; i > 0; i--) {
    path[strlen(path) - 2] = 0;
    rmdir(path);
  }
  printf("%s\n", access("/sandbox/n", F_OK) != 0 ? "removed" : "STILL THERE");
  return 0;
}
