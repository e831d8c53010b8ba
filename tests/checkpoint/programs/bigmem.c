// Checkpoint measurement program: 64 MiB of linear memory (most of it non-zero),
// then work over it; checkpointed in the middle of the work.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const size_t n = (60u << 20) / 4;
  uint32_t* a = malloc(n * 4);
  if (!a) return 1;
  for (size_t i = 0; i < n; i++) a[i] = (uint32_t)(i * 2654435761u);
  uint64_t s = 0;
  for (int r = 0; r < 3; r++)
    for (size_t i = 0; i < n; i += 7) {
      a[i] ^= (uint32_t)s;
      s += a[i];
    }
  printf("sum %llu\n", (unsigned long long)s);
  return 0;
}
