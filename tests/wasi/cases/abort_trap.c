// abort() ends the program like a trap: status 134, output so far kept.
// EXIT: 134
// OUT: about to abort
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  printf("about to abort\n");
  fflush(stdout);
  abort();
}
