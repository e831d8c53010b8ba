// Renaming or unlinking inside a read-only preopen is refused; a rename from the
// read-write preopen into the read-only one is refused too.
// OUT: unlink in /ro: refused
// OUT: rename into /ro: refused
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  printf("unlink in /ro: %s\n", unlink("/ro/file.txt") != 0 ? "refused" : "ALLOWED");
  close(open("/sandbox/m.txt", O_CREAT | O_WRONLY, 0644));
  printf("rename into /ro: %s\n", rename("/sandbox/m.txt", "/ro/m.txt") != 0 ? "refused" : "ALLOWED");
  return 0;
}
