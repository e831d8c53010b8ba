// NODE-COMPARE
// A directory of 10,000 entries lists completely (fd_readdir with cookies).
// OUT: created 10000
// OUT: listed 10000
// OUT: removed 10000
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  if (mkdir("/sandbox/many", 0755) != 0) { perror("mkdir"); return 1; }
  char name[64];
  int made = 0;
  for (int i = 0; i < 10000; i++) {
    snprintf(name, sizeof name, "/sandbox/many/f%05d", i);
    int fd = open(name, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) { made++; close(fd); }
  }
  printf("created %d\n", made);
  DIR* d = opendir("/sandbox/many");
  int listed = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] == 'f') listed++;
  closedir(d);
  printf("listed %d\n", listed);
  int removed = 0;
  for (int i = 0; i < 10000; i++) {
    snprintf(name, sizeof name, "/sandbox/many/f%05d", i);
    if (unlink(name) == 0) removed++;
  }
  rmdir("/sandbox/many");
  printf("removed %d\n", removed);
  return 0;
}
