// atexit handlers run before the exit status is reported.
// EXIT: 7
// OUT: main
// OUT: atexit
#include <stdio.h>
#include <stdlib.h>
static void bye(void) { printf("atexit\n"); }
int main(void) {
  atexit(bye);
  printf("main\n");
  exit(7);
}
