// A trap exits with 134 after the output so far.
// EXIT: 134
// OUT: before
#include <stdio.h>
int main(void) {
  printf("before\n");
  fflush(stdout);
  __builtin_trap();
}
