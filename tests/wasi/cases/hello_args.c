// NODE-COMPARE
// Arguments reach main; stdout works.
// RUN-ARGS: one two
// OUT: argc=3
// OUT: argv[1]=one
// OUT: argv[2]=two
#include <stdio.h>
int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  return 0;
}
