// NODE-COMPARE
// Files in a preopened directory: create, write, seek, read, stat, truncate,
// rename, unlink.
// OUT: wrote 11
// OUT: read back: hello world
// OUT: size 11
// OUT: after truncate 5
// OUT: renamed ok
// OUT: unlinked ok
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (fd < 0) { perror("open"); return 1; }
  printf("wrote %zd\n", write(fd, "hello world", 11));
  lseek(fd, 0, SEEK_SET);
  char buf[32] = {0};
  ssize_t n = read(fd, buf, sizeof buf - 1);
  printf("read back: %.*s\n", (int)n, buf);
  struct stat st;
  fstat(fd, &st);
  printf("size %lld\n", (long long)st.st_size);
  ftruncate(fd, 5);
  fstat(fd, &st);
  printf("after truncate %lld\n", (long long)st.st_size);
  close(fd);
  if (rename("/sandbox/a.txt", "/sandbox/sub/b.txt") == 0 && access("/sandbox/sub/b.txt", F_OK) == 0)
    printf("renamed ok\n");
  if (unlink("/sandbox/sub/b.txt") == 0 && access("/sandbox/sub/b.txt", F_OK) != 0)
    printf("unlinked ok\n");
  return 0;
}
