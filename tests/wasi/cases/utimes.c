// File times can be set (path and descriptor forms).
// OUT: mtime set: 1000000000
// OUT: futimens: 1200000000
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
int main(void) {
  close(open("/sandbox/u.txt", O_CREAT | O_WRONLY, 0644));
  struct timespec ts[2] = {{1000000000, 0}, {1000000000, 0}};
  utimensat(AT_FDCWD, "/sandbox/u.txt", ts, 0);
  struct stat st;
  stat("/sandbox/u.txt", &st);
  printf("mtime set: %lld\n", (long long)st.st_mtim.tv_sec);
  int fd = open("/sandbox/u.txt", O_RDWR);
  struct timespec ts2[2] = {{1200000000, 0}, {1200000000, 0}};
  futimens(fd, ts2);
  fstat(fd, &st);
  printf("futimens: %lld\n", (long long)st.st_mtim.tv_sec);
  return 0;
}
