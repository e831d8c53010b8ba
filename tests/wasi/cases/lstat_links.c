// NODE-COMPARE
// stat follows symlinks, lstat does not; hard links share an inode.
// OUT: lstat: link
// OUT: stat: regular, size 3
// OUT: hard link nlink 2
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  int fd = open("/sandbox/t.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  write(fd, "abc", 3);
  close(fd);
  symlink("t.txt", "/sandbox/t.lnk");
  struct stat st;
  lstat("/sandbox/t.lnk", &st);
  printf("lstat: %s\n", S_ISLNK(st.st_mode) ? "link" : "NOT A LINK");
  stat("/sandbox/t.lnk", &st);
  printf("stat: %s, size %lld\n", S_ISREG(st.st_mode) ? "regular" : "other", (long long)st.st_size);
  link("/sandbox/t.txt", "/sandbox/t.hard");
  stat("/sandbox/t.txt", &st);
  printf("hard link nlink %d\n", (int)st.st_nlink);
  return 0;
}
