// The read-only preopen lists its file; unknown directories do not exist.
// OUT: /ro has file.txt
// OUT: /nope: missing
#include <dirent.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  DIR* d = opendir("/ro");
  struct dirent* e;
  int found = 0;
  while (d && (e = readdir(d)) != NULL)
    if (strcmp(e->d_name, "file.txt") == 0) found = 1;
  if (d) closedir(d);
  printf("/ro %s file.txt\n", found ? "has" : "LACKS");
  printf("/nope: %s\n", opendir("/nope") ? "EXISTS" : "missing");
  return 0;
}
