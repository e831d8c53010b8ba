// Every way out of the sandbox is refused: `..`, absolute host paths, symlinks
// (absolute or relative, also in the middle of a path).
// OUT: ../outside.txt: refused
// OUT: sub/../../outside.txt: refused
// OUT: /etc/passwd: refused
// OUT: abs_out: refused
// OUT: rel_out: refused
// OUT: sub/rel_out2: refused
// OUT: sub/etc_link/passwd: refused
// OUT: create through ..: refused
// OUT: inside ok
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
static void try_open(const char* shown, const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) { printf("%s: OPENED (escape!)\n", shown); close(fd); return; }
  printf("%s: refused\n", shown);
}
int main(void) {
  try_open("../outside.txt", "/sandbox/../outside.txt");
  try_open("sub/../../outside.txt", "/sandbox/sub/../../outside.txt");
  try_open("/etc/passwd", "/etc/passwd");
  try_open("abs_out", "/sandbox/abs_out");
  try_open("rel_out", "/sandbox/rel_out");
  try_open("sub/rel_out2", "/sandbox/sub/rel_out2");
  try_open("sub/etc_link/passwd", "/sandbox/sub/etc_link/passwd");
  int fd = open("/sandbox/../outside.txt", O_WRONLY | O_TRUNC);
  printf("create through ..: %s\n", fd < 0 ? "refused" : "OPENED (escape!)");
  fd = open("/sandbox/sub/../inside.txt", O_CREAT | O_WRONLY, 0644);
  printf("inside %s\n", fd >= 0 ? "ok" : "failed");
  return 0;
}
