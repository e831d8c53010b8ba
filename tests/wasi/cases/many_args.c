// Many arguments arrive in order.
// NODE-COMPARE
// RUN-ARGS: a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15 a16 a17 a18 a19 a20
// OUT: argc 21, last a20, sum of lengths 51
#include <stdio.h>
#include <string.h>
int main(int argc, char** argv) {
  size_t total = 0;
  for (int i = 1; i < argc; i++) total += strlen(argv[i]);
  printf("argc %d, last %s, sum of lengths %zu\n", argc, argv[argc - 1], total);
  return 0;
}
