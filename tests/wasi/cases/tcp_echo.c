// A --tcplisten socket: accept one connection, read a line, send it back in upper
// case, shut down.
// TCP-CLIENT: hello socket
// TCP-REPLY: HELLO SOCKET
// OUT: served 13 bytes
#include <ctype.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) {
  int listener = -1;
  for (int fd = 3; fd < 16 && listener < 0; fd++) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) listener = fd;
  }
  if (listener < 0) { printf("no listening socket\n"); return 1; }
  int c = accept(listener, NULL, NULL);
  if (c < 0) { perror("accept"); return 1; }
  char buf[256];
  ssize_t n = recv(c, buf, sizeof buf, 0);
  for (ssize_t i = 0; i < n; i++) buf[i] = (char)toupper((unsigned char)buf[i]);
  send(c, buf, (size_t)n, 0);
  shutdown(c, SHUT_RDWR);
  close(c);
  printf("served %zd bytes\n", n);
  return 0;
}
