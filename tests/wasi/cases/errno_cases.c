// Errors come back with the right errno.
// NODE-COMPARE
// OUT: open missing: ENOENT
// OUT: mkdir existing: EEXIST
// OUT: O_EXCL existing: EEXIST
// OUT: write to a directory: EISDIR
// OUT: rmdir a file: ENOTDIR
// OUT: readlink a file: EINVAL
// OUT: rmdir non-empty: ENOTEMPTY
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static const char* name(int e) {
  switch (e) {
    case ENOENT: return "ENOENT"; case EEXIST: return "EEXIST"; case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR"; case EINVAL: return "EINVAL"; case ENOTEMPTY: return "ENOTEMPTY";
    default: return strerror(e);
  }
}
int main(void) {
  errno = 0; open("/sandbox/missing.txt", O_RDONLY); printf("open missing: %s\n", name(errno));
  mkdir("/sandbox/d", 0755);
  errno = 0; mkdir("/sandbox/d", 0755); printf("mkdir existing: %s\n", name(errno));
  close(open("/sandbox/f", O_CREAT | O_WRONLY, 0644));
  errno = 0; open("/sandbox/f", O_CREAT | O_EXCL | O_WRONLY, 0644); printf("O_EXCL existing: %s\n", name(errno));
  errno = 0; open("/sandbox/d", O_WRONLY); printf("write to a directory: %s\n", name(errno));
  errno = 0; rmdir("/sandbox/f"); printf("rmdir a file: %s\n", name(errno));
  char buf[8];
  errno = 0; readlink("/sandbox/f", buf, sizeof buf); printf("readlink a file: %s\n", name(errno));
  close(open("/sandbox/d/x", O_CREAT | O_WRONLY, 0644));
  errno = 0; rmdir("/sandbox/d"); printf("rmdir non-empty: %s\n", name(errno));
  return 0;
}
