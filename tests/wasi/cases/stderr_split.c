// stderr is separate from stdout.
// NODE-COMPARE
// OUT: to stdout
#include <stdio.h>
int main(void) {
  fprintf(stderr, "to stderr\n");
  printf("to stdout\n");
  return 0;
}
