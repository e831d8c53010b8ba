// The heap grows (memory.grow) to 64 MiB and back without trouble.
// OUT: sum 67108864
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  size_t n = 64u << 20;
  unsigned char* p = malloc(n);
  if (!p) { printf("malloc failed\n"); return 1; }
  memset(p, 1, n);
  unsigned long long s = 0;
  for (size_t i = 0; i < n; i += 1) s += p[i];
  free(p);
  printf("sum %llu\n", s);
  return 0;
}
