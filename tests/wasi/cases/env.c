// NODE-COMPARE
// Only the variables given with --env are visible.
// OUT: FOO=bar
// OUT: HOME unset
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  const char* foo = getenv("FOO");
  printf("FOO=%s\n", foo ? foo : "(unset)");
  printf("HOME %s\n", getenv("HOME") ? "set" : "unset");
  return 0;
}
