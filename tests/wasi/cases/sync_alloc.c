// fsync, fdatasync, posix_fallocate and posix_fadvise on a file.
// OUT: fsync 0
// OUT: fdatasync 0
// OUT: fallocate 0, size 4096
// OUT: fadvise 0
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/s.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  printf("fsync %d\n", fsync(fd));
  printf("fdatasync %d\n", fdatasync(fd));
  int r = posix_fallocate(fd, 0, 4096);
  struct stat st;
  fstat(fd, &st);
  printf("fallocate %d, size %lld\n", r, (long long)st.st_size);
  printf("fadvise %d\n", posix_fadvise(fd, 0, 4096, POSIX_FADV_SEQUENTIAL));
  return 0;
}
