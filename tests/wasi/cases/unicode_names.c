// File names with UTF-8 and spaces round-trip through readdir.
// NODE-COMPARE
// OUT: found: héllo wörld.txt
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  mkdir("/sandbox/u", 0755);
  close(open("/sandbox/u/héllo wörld.txt", O_CREAT | O_WRONLY, 0644));
  DIR* d = opendir("/sandbox/u");
  struct dirent* e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') printf("found: %s\n", e->d_name);
  closedir(d);
  return 0;
}
