// NODE-COMPARE
// exit(n) becomes skiff's exit status; output written before it is flushed.
// EXIT: 42
// OUT: leaving
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  printf("leaving\n");
  exit(42);
}
