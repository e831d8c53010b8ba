// NODE-COMPARE
// stdin is piped through.
// STDIN: hello wasi\nsecond line\n
// OUT: HELLO WASI
// OUT: SECOND LINE
#include <ctype.h>
#include <stdio.h>
int main(void) {
  int c;
  while ((c = getchar()) != EOF) putchar(toupper(c));
  return 0;
}
